"""Period mentions ("in 2021", "January–September 2023", "the first half of this year",
"last year", "between 2016 and 2020", "since 2001") and their resolution to contract periods
("2021", "2023-01/2023-09", "2016/2020", "2001/2021") against a publication date.

Pure functions: text in, mentions out; a mention plus a date and a context in, periods out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from etl.facts import scan
from etl.facts.quantities import Occupancy

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
COUNT_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
HALVES = {"first": (1, 6), "second": (7, 12), "1st": (1, 6), "2nd": (7, 12)}
QUARTERS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
#: Years accepted as periods; a 4-digit number outside is a count, not a year.
YEAR_RANGE = (1950, 2100)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_NOT_YEAR_AFTER = (
    r"(?!\d|,\d|\s*(?:%|percent|per\s?cent|km|kilomet|bcm|billion|million|tons|tonnes|th\b|s\b))"
)
_RANGE_SEP = r"\s*(?:-|–|—|to|through|and|until)\s*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "month_list",
        re.compile(
            rf"\b(?P<list>{_MONTH}(?:\s*,\s*{_MONTH}){{1,11}}+,?\s*(?:and|&)\s*{_MONTH})"
            rf"(?:\s*,?\s*(?:of\s+)?(?P<y>{_YEAR}))?",
        ),
    ),
    (
        "months",
        re.compile(
            rf"\b(?P<m1>{_MONTH}){_RANGE_SEP}(?P<m2>{_MONTH})(?:\s+(?:period\s+)?(?:of\s+)?(?P<y>{_YEAR}))?",
        ),
    ),
    (
        "part",
        re.compile(
            r"\b(?:the\s+)?(?P<ord>first|second|1st|2nd|3rd|4th|third|fourth)\s+(?P<unit>half|quarter)"
            rf"(?:\s+(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<rel>this|last|the\s+current|the\s+previous)\s+year))?"
            r"(?!\s+of\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "part",
        re.compile(
            rf"\b(?P<hq>H[12]|Q[1-4])\s*(?P<y>{_YEAR})\b",
        ),
    ),
    (
        "first_n_months",
        re.compile(
            r"\b(?:the\s+)?(?:first\s+)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"\s+months"
            rf"(?:\s+(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<rel>this|last|the\s+current)\s+year))?",
            re.IGNORECASE,
        ),
    ),
    (
        "month",
        re.compile(rf"\b(?P<m1>{_MONTH})\s+(?:\d{{1,2}},?\s+)?(?P<y>{_YEAR})\b"),
    ),
    (
        "month",
        re.compile(
            rf"\b(?i:in|during|for|of|by|since|through|until)\s+(?i:the\s+month\s+of\s+)?"
            rf"(?P<m1>{_MONTH})(?!\s*\d)"
        ),
    ),
    ("month", re.compile(rf"\b(?P<m1>{_MONTH})\s+alone\b")),
    (
        "years",
        re.compile(
            rf"\b(?:between\s+(?P<a1>{_YEAR})\s+and\s+(?P<b1>{_YEAR})"
            rf"|from\s+(?P<a2>{_YEAR})\s+(?:to|through|until)\s+(?P<b2>{_YEAR})"
            rf"|(?P<a3>{_YEAR})(?:-|–|—|/)(?P<b3>{_YEAR}|\d\d)(?!\d|[.,]\d))",
            re.IGNORECASE,
        ),
    ),
    (
        "decade",
        re.compile(r"\b(?:the\s+)?(?P<d>19[5-9]0|20[0-2]0)['’]?s\b", re.IGNORECASE),
    ),
    ("since", re.compile(rf"\bsince\s+(?P<y>{_YEAR}){_NOT_YEAR_AFTER}", re.IGNORECASE)),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>last\s+year|this\s+year|the\s+current\s+year|so\s+far\s+this\s+year|next\s+year"
            r"|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)\s+year|the\s+year\s+before"
            r"|(?:the\s+)?past\s+year|last\s+month|this\s+month|(?:the\s+)?past\s+12\s+months"
            r"|(?:the\s+)?past\s+twelve\s+months|year[\s-]to[\s-]date|now|currently|today)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "anaphor",
        re.compile(
            r"\b(?:in|during|over|within|for)\s+(?:the\s+)?(?:(?:same|reporting|this|that)\s+)?"
            r"(?:period(?:\s+of\s+time)?|time|year)\b|\bin\s+(?:six|three|nine|twelve|12|6|3|9)\s+months\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(rf"(?<![\d$,.\-–/])(?P<y>{_YEAR}){_NOT_YEAR_AFTER}(?:['’]s)?"),
    ),
]

# A mention that is only the comparison base ("compared with the first half of 2021").
_BASE_BEFORE = re.compile(
    r"(?:\bcompared\s+(?:to|with)|\bin\s+comparison\s+(?:to|with)|\bagainst|\bthan|\bversus|\bvs\.?"
    r"|\brelative\s+to|\bfrom|\bover)\s+(?:the\s+)?(?:(?:same\s+)?(?:period|volume|level|figure|months?"
    r"|total|result)\s+(?:of|in|reached\s+in|a\s+year\s+earlier\s+in)\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    kind: str  # year | years | since | month | months | month_list | relative | anaphor
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    relative: str | None = None
    base: bool = False
    text: str = field(default="", compare=False)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _year(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    year = int(text)
    return (year,) if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else ()


def _relative_key(text: str) -> str:
    text = " ".join(text.lower().split())
    if text in ("last year", "past year", "the past year"):
        return "last_year"
    if "past 12" in text or "past twelve" in text:
        return "rolling_year"  # the twelve months to publication: not a calendar year
    if text in ("this year", "the current year"):
        return "this_year"
    if text in ("so far this year", "year to date", "year-to-date"):
        return "ytd"
    if text == "next year":
        return "next_year"
    if text in ("last month",):
        return "last_month"
    if text in ("this month",):
        return "this_month"
    if text in ("now", "currently", "today"):
        return "now"
    return "year_before_context"


def _part_relative(rel: str | None) -> str | None:
    if not rel:
        return None
    return "last_year" if ("last" in rel.lower() or "previous" in rel.lower()) else "this_year"


def _mention(kind: str, m: re.Match[str]) -> PeriodMention | None:
    groups = m.groupdict()
    if kind == "month_list":
        months = tuple(_month(w) for w in re.findall(_MONTH, groups["list"]))
        return PeriodMention(m.start(), m.end(), "month_list", _year(groups.get("y")), months)
    if kind == "months":
        first, last = _month(groups["m1"]), _month(groups["m2"])
        if last < first:
            return None
        return PeriodMention(m.start(), m.end(), "months", _year(groups.get("y")), (first, last))
    if kind == "part":
        if groups.get("hq"):
            tag = groups["hq"].upper()
            span = (1, 6) if tag == "H1" else (7, 12) if tag == "H2" else None
            if span is None:
                q = int(tag[1])
                span = (3 * q - 2, 3 * q)
            return PeriodMention(m.start(), m.end(), "months", _year(groups["y"]), span)
        ordinal = groups["ord"].lower()
        if groups["unit"].lower() == "half":
            if ordinal not in HALVES:
                return None
            span = HALVES[ordinal]
        else:
            q = QUARTERS[ordinal]
            span = (3 * q - 2, 3 * q)
        rel = groups.get("rel")
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups.get("y")), span,
            relative=_part_relative(rel),
        )  # fmt: skip
    if kind == "first_n_months":
        raw = groups["n"].lower()
        count = COUNT_WORDS.get(raw) or int(raw)
        if not 1 <= count <= 12:
            return None
        has_first = "first" in m.group(0).lower()
        rel = groups.get("rel")
        if not (has_first or groups.get("y") or rel):
            return None  # "in 12 months" is a duration, not a period
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups.get("y")), (1, count),
            relative="last_year" if rel and "last" in rel.lower() else "this_year" if rel else None,
        )  # fmt: skip
    if kind == "month":
        return PeriodMention(
            m.start(), m.end(), "month", _year(groups.get("y")), (_month(groups["m1"]),)
        )
    if kind == "years":
        a = groups.get("a1") or groups.get("a2") or groups.get("a3")
        b = groups.get("b1") or groups.get("b2") or groups.get("b3")
        assert a and b
        if len(b) == 2:
            b = a[:2] + b
        first, last = int(a), int(b)
        if not (YEAR_RANGE[0] <= first < last <= YEAR_RANGE[1]):
            return None
        return PeriodMention(m.start(), m.end(), "years", (first, last))
    if kind == "since":
        return PeriodMention(m.start(), m.end(), "since", _year(groups["y"]))
    if kind == "decade":
        first = int(groups["d"])
        return PeriodMention(m.start(), m.end(), "years", (first, first + 9))
    if kind == "relative":
        return PeriodMention(m.start(), m.end(), "relative", relative=_relative_key(groups["rel"]))
    if kind == "anaphor":
        return PeriodMention(m.start(), m.end(), "anaphor")
    if kind == "year":
        years = _year(groups["y"])
        return PeriodMention(m.start(), m.end(), "year", years) if years else None
    return None


def find_period_mentions(text: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    """Period mentions in text[start:end], left to right, without overlaps."""
    end = len(text) if end is None else end
    taken = Occupancy(len(text))
    found: list[PeriodMention] = []
    for kind, pattern in _PATTERNS:
        for m in scan.finditer(pattern, text, start, end):
            if not taken.free(m.start(), m.end()):
                continue
            mention = _mention(kind, m)
            if mention is None:
                continue
            base = bool(_BASE_BEFORE.search(text, max(start, m.start() - 60), m.start()))
            if base:
                mention = PeriodMention(
                    mention.start, mention.end, mention.kind, mention.years, mention.months,
                    mention.relative, True,
                )  # fmt: skip
            taken.take(m.start(), m.end())
            found.append(
                PeriodMention(
                    mention.start,
                    mention.end,
                    mention.kind,
                    mention.years,
                    mention.months,
                    mention.relative,
                    mention.base,
                    " ".join(m.group(0).split()),
                )
            )
    found.sort(key=lambda p: p.start)
    return found


# ---- resolution ----


def year_of(period: str | None) -> int | None:
    """The (last) calendar year a period string falls in."""
    if not period:
        return None
    tail = period.split("/")[-1]
    return int(tail[:4]) if tail[:4].isdigit() else None


def _months_period(year: int, first: int, last: int) -> str:
    if first == 1 and last == 12:
        return str(year)
    if first == last:
        return f"{year}-{first:02d}"
    return f"{year}-{first:02d}/{year}-{last:02d}"


def _latest_year_for_month(month: int, published: date | None) -> int | None:
    """A month named without a year is the latest such month not after publication."""
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


def resolve(
    mention: PeriodMention, published: date | None, context: str | None
) -> list[str] | None:
    """The contract period(s) a mention stands for; None when it cannot be resolved."""
    pub_year = published.year if published else None
    context_year = year_of(context)
    kind = mention.kind
    if kind == "year":
        return [str(mention.years[0])]
    if kind == "years":
        return [f"{mention.years[0]}/{mention.years[1]}"]
    if kind == "since":
        if pub_year is None or mention.years[0] >= pub_year:
            return None
        return [f"{mention.years[0]}/{pub_year}"]
    if kind in ("month", "months", "month_list"):
        year: int | None
        if mention.years:
            year = mention.years[0]
        elif mention.relative == "last_year":
            year = pub_year - 1 if pub_year else None
        elif mention.relative == "this_year":
            year = pub_year
        else:
            year = _latest_year_for_month(max(mention.months), published)
        if year is None:
            return None
        if kind == "month_list":
            return [f"{year}-{m:02d}" for m in mention.months]
        return [_months_period(year, mention.months[0], mention.months[-1])]
    if kind == "relative":
        rel = mention.relative
        if rel == "year_before_context":
            base = context_year if context_year is not None else None
            return [str(base - 1)] if base else None
        if pub_year is None or published is None:
            return None
        if rel == "last_year":
            return [str(pub_year - 1)]
        if rel in ("this_year", "now"):
            return [str(pub_year)]
        if rel == "next_year":
            return [str(pub_year + 1)]
        if rel == "ytd":
            last = published.month - 1
            return [_months_period(pub_year, 1, last)] if last >= 1 else None
        if rel == "last_month":
            month = published.month - 1 or 12
            year = pub_year if published.month > 1 else pub_year - 1
            return [f"{year}-{month:02d}"]
        if rel == "this_month":
            return [f"{pub_year}-{published.month:02d}"]
        return None
    if kind == "anaphor":
        return [context] if context else None
    return None
