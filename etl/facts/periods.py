"""The temporal-expression stage: every time expression of a document, normalised to an
interval with its role.

Mentions: years, runs of months in every usual spelling ("January–September 2023", "from
January through May", "Jan-Sep", "Q1-Q3", "1H23", "the first nine months", "eleven months
into the year", "the six months to June", "as of end-October", "so far this year"), single
months, quarters and halves, relative years and months ("last year", "a year earlier", "last
month", "the full year"), "the same period of 2022", spans ("between 2016 and 2020", "since
2001"), and days ("on May 21, 2014"). Rolling windows ("the past 12 months") are named and never
resolved to a calendar period.

Roles (`PeriodMention.role`): `period` (when a figure holds), `baseline` (what a change is
measured against: "compared with", "than in", "from a year earlier", "on the same months of
2018"), `dateline` (the day something was said or signed). Baselines are read against the
sentence's own period (`resolve(..., anchor=...)`), so "the same period last year" after
"January–April 2023" is 2022-01/2022-04. `etl.facts.timing` then chooses a figure's period by
role (a baseline belongs only to the base figure; a goal needs a deadline, see `is_deadline`).

Pure functions: text in, mentions out; a mention plus a date, a context and an anchor in,
periods out.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from etl.facts import scan
from etl.facts.prefilter import literal_prefixes, may_match
from etl.facts.quantities import SPOKEN_NUMBERS, Occupancy

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
#: The two last digits of a year said aloud ("ninety-five", "sixteen", "twenty-one", "oh five").
_YEAR_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_YEAR_TENS = (
    r"(?:(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    rf"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+{_YEAR_UNITS})?"
    rf"|oh[\s-]+{_YEAR_UNITS})"
)


def said_year(words: str) -> int:
    """The year a transcript spells out: "two thousand and five" -> 2005, "twenty sixteen" ->
    2016, "nineteen ninety-five" -> 1995."""
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w != "and"]
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(SPOKEN_NUMBERS[w] for w in parts[2:])
    century = SPOKEN_NUMBERS[parts[0]] * 100
    return century + sum(SPOKEN_NUMBERS[w] for w in parts[1:])


#: The last letters of a full month name and a full stop (all five characters long, as a
#: lookbehind needs): "December." ends a sentence, "Dec." is an abbreviation.
_FULL_STOP_AFTER_NAME = r"uary\.|arch\.|pril\.|\sMay\.|June\.|July\.|gust\.|mber\."
_NOT_YEAR_AFTER = (
    r"(?!\d|,\d|\s*(?:%|percent|per\s?cent|km|kilomet|bcm|billion|million|tons|tonnes|th\b|s\b))"
)
_RANGE_SEP = (
    r"\s*(?:[-–—]\s*(?:(?:to|through|till|until)\s*[-–—]?)?|to|through|thru|till|and|until)\s*"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (  # a run of months across the turn of a year: "between December 2022 and February 2023"
        "month_span",
        re.compile(
            rf"(?:\b(?i:from|between)\s+)?\b(?P<m1>{_MONTH})\s+(?P<y1>{_YEAR}){_RANGE_SEP}"
            rf"(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR})\b"
        ),
    ),
    (
        "month_list",
        re.compile(
            rf"\b(?P<list>{_MONTH}(?:\s*,\s*{_MONTH}){{1,11}}+,?\s*(?:and|&)\s*{_MONTH})"
            rf"(?:\s*,?\s*(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<rel>this|last|the\s+current|the\s+previous|the)\s+year))?",
        ),
    ),
    (
        "months",
        re.compile(
            rf"(?:\b(?i:from|between)\s+)?\b(?P<m1>{_MONTH}){_RANGE_SEP}(?P<m2>{_MONTH})"
            rf"(?:,?\s+(?:(?:period|quarter|months|half)\s+)?(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<rel>this|last|the\s+current|the"
            r"|the\s+previous)\s+year))?",
        ),
    ),
    (
        "quarter_run",
        re.compile(
            rf"\bQ(?P<q1>[1-4])\s*(?:[-–—]|to|through)\s*Q(?P<q2>[1-4])(?:\s+(?P<y>{_YEAR}))?\b"
        ),
    ),
    (
        "possessive_part",
        re.compile(
            rf"\b(?:(?P<y>{_YEAR})|(?P<rel>last|this|the\s+previous|the\s+prior)\s+year)['’ʼ]s\s+"
            r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<unit>half|quarter)"
            r"|(?:first\s+)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
            r"|twelve)\s+months)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "part",
        re.compile(
            r"\b(?:the\s+)?(?P<ord>first|second|1st|2nd|3rd|4th|third|fourth)[\s-]+(?P<unit>half|quarter)"
            rf"(?:\s+(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<rel>this|last|the\s+current|the\s+previous|the)\s+year))?"
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
        "part",
        re.compile(rf"\b(?P<hq>H[12]|Q[1-4])\b(?![-–/]|\s*{_YEAR})"),
    ),
    # "their half-year total", "half-year figures": the first half of the year
    (
        "half_year",
        re.compile(r"\bhalf[\s-]year(?!\s+(?:ago|earlier|later|before|after)\b)\b", re.I),
    ),
    # an analyst's "9M 2022", "5M'2024": the first months of a year
    ("analyst_months", re.compile(rf"\b(?P<n>[1-9]|1[01])M\s*+['’ʼ]?(?P<y>{_YEAR})\b")),
    (  # "1Q'2023", "2Q 2022", "3Q23", "1H23", "H1'23"
        "part",
        re.compile(
            rf"\b(?:(?P<qn>[1-4])Q|(?P<hn>[12])H|(?P<hq2>[HQ][1-4])(?=\s*['’ʼ]))\s*['’ʼ]?\s*"
            rf"(?P<y>{_YEAR}|\d\d)?\b"
        ),
    ),
    (
        "quarters",
        re.compile(
            r"\b(?:the\s+)?first\s+(?P<n>two|three|2|3)\s+quarters"
            rf"(?:\s+(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<rel>this|last|the\s+current|the)\s+year))?",
            re.IGNORECASE,
        ),
    ),
    (  # "eleven-month trade", "the nine-month total"
        "n_month",
        re.compile(
            r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)-month\s+"
            r"(?=(?:trade|turnover|total|figure|period|volume|exports|imports|tally|data|sales)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "months_into",
        re.compile(
            r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"\s+months\s+into\s+(?:the|this)\s+year\b",
            re.IGNORECASE,
        ),
    ),
    (
        "months_to",
        re.compile(
            r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"\s+months\s+(?:to|through|till|until|ending|ended)\s+(?:the\s+end\s+of\s+)?"
            rf"(?P<m1>{_MONTH})(?:\s+(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "through_month",
        re.compile(
            rf"\b(?i:(?:as\s+of|by|at)\s+(?:the\s+)?end(?:\s+of\s+|-))(?P<m1>{_MONTH})"
            rf"(?:\s+(?P<y>{_YEAR}))?(?!\s*\d)",
        ),
    ),
    (
        "through_month",
        re.compile(
            rf"\b(?i:(?:through|thru|until|till|up\s+to)\s+(?:the\s+end\s+of\s+)?|to\s+the\s+end\s+of\s+)"
            rf"(?P<m1>{_MONTH})"
            rf"(?:\s+(?P<y>{_YEAR}))?(?!\s*\d)",
        ),
    ),
    (
        "first_n_months",
        re.compile(
            r"(?<!same\s)(?<!corresponding\s)(?<!comparable\s)(?<!equivalent\s)(?<!analogous\s)"
            r"\b(?:the\s+)?(?:first\s+)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"\s+months"
            rf"(?:\s+(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<rel>this|last|the\s+current|the)\s+year))?",
            re.IGNORECASE,
        ),
    ),
    (  # "for the eleven months", "in the ten months": the run the text has established
        "run_anaphor",
        re.compile(
            r"\b(?:in|for|during|over|across|within|through|throughout)\s+(?:the|these|those)\s+"
            r"(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+months\b"
            r"(?!\s+(?:of|to|through|till|until|ending|ended|into|before|after|ago|earlier|later)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?:(?P<m1>{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?,?|\d{{1,2}}\s+(?P<m2>{_MONTH}),?)"
            rf"\s+(?P<y>{_YEAR})\b"
        ),
    ),
    (
        "month",
        # (a full month name ending a sentence is no month of the year opening the next line:
        # "... opens in December.\n2020 — ...")
        re.compile(rf"\b(?P<m1>{_MONTH})(?<!{_FULL_STOP_AFTER_NAME})\s+(?P<y>{_YEAR})\b"),
    ),
    (
        "month",
        re.compile(
            # (not "since": "the highest monthly figure since March" is no figure of March)
            rf"\b(?i:in|during|for|of|by|through|until)\s+(?i:the\s+month\s+of\s+)?"
            rf"(?P<m1>{_MONTH})(?!\s*\d)(?:\s+(?i:of\s+)?(?P<rel>(?i:last|this|the\s+previous)\s+year)\b)?"
        ),
    ),
    ("month", re.compile(rf"\b(?P<m1>{_MONTH})\s+(?:alone|on\s+its\s+own|by\s+itself)\b")),
    # "the final month of 2024", "the first month of 2023"
    (
        "month",
        re.compile(
            rf"\bthe\s+(?P<edge>final|last|first|opening|closing)\s+month\s+of\s+(?P<y>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    # a month labelling a heading or a factbox: "March, China–Russia:", "**October** —"
    (
        "month",
        re.compile(rf"(?m:^)[ \t#*]*+(?P<m1>{_MONTH})(?:\*\*)?(?=\s*+:|\s++[—–-]\s|(?<!May)\s*+,)"),
    ),
    # a month naming what follows: "June turnover", "December's exports" ("May" is a verb too)
    (
        "month",
        re.compile(
            r"(?<![\d,])\b(?P<m1>January|February|March|April|June|July|August|September|October"
            r"|November|December|May(?=['’ʼ]s))(?:['’ʼ]s)?\s+(?=[a-z])"
        ),
    ),
    # a month's own figure: "November's 17.9 percent rise", "March's $9.6 billion"
    ("month", re.compile(rf"\b(?P<m1>{_MONTH})['’ʼ]s(?=\s+(?:US)?\$?\s*\d)")),
    # a month labelling what follows in a list or table: "- March: $20.1 bn"
    (
        "month",
        re.compile(
            r"\b(?P<m1>January|February|March|April|May|June|July|August|September|October"
            r"|November|December)(?=\s*:)"
        ),
    ),
    # "up 6.8% from November", "lower than in April": a month that is only the base
    (
        "month_compared",
        re.compile(
            rf"\b(?i:from|than|against|versus|vs\.?|compared\s+(?:with|to)|below|above"
            # ("a 7.1% increase on November": a change noun, then "on" the month)
            rf"|(?<=increase\s)on|(?<=rise\s)on|(?<=decline\s)on|(?<=gain\s)on|(?<=drop\s)on"
            rf"|(?<=fall\s)on|(?<=jump\s)on|(?<=decrease\s)on|(?<=growth\s)on)\s+(?i:in\s+)?"
            # ("5% below May's": the month's level is the base too)
            rf"(?P<m1>{_MONTH})(?!\s*\d)(?:['’ʼ]s)?(?:\s+(?i:of\s+)?(?P<rel>(?i:last|the\s+previous)\s+year)\b)?"
        ),
    ),
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
        re.compile(r"\b(?:the\s+)?(?P<d>19[5-9]0|20[0-2]0)['’ʼ]?s\b", re.IGNORECASE),
    ),
    (
        "same_period",
        re.compile(
            r"\b(?:the\s+)?(?:same|corresponding|comparable|equivalent|analogous)\s+"
            r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+)?"
            r"(?:period|months?|quarters?|half|stretch|time(?:\s+frame)?|span|weeks?|interval)"
            rf"(?:\s*,?\s*(?:(?:of|in)\s+)?(?:(?P<y>{_YEAR})(?!\d)|(?P<rel>last\s+year|the\s+year\s+before"
            r"|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)\s+year"
            r"|(?:the\s+)?year\s+earlier)))?",
            re.IGNORECASE,
        ),
    ),
    ("since", re.compile(rf"\bsince\s+(?P<y>{_YEAR}){_NOT_YEAR_AFTER}", re.IGNORECASE)),
    # "since the 2014 oil price collapse", "since its 2019 launch": a start, dated by its year
    (
        "since",
        re.compile(rf"\bsince\s+(?:the|its|their)\s+(?P<y>{_YEAR})(?=\s+[a-z])", re.IGNORECASE),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>(?<!the\s)last\s+year|the\s+last\s+year(?!\s+(?:before|of|when|in\s+which"
            r"|prior\s+to|that|until))|this\s+year|the\s+current\s+year|so\s+far\s+this\s+year|next\s+year"
            r"|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)\s+year|the\s+year\s+before"
            r"|(?:the\s+)?past\s+year|last\s+month|this\s+month"
            r"|(?:a|one|two|three|\d)\s+decades?\s+(?:ago|earlier|before)"
            r"|(?:the\s+)?end\s+of\s+(?:the|this)\s+decade"
            r"|(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+years\s+(?:ago|earlier|before|back)"
            r"|(?:(?:for\s+)?the\s+(?:full|whole|entire)\s+year|full[\s-]year|for\s+the\s+year"
            r"|(?:for\s+)?the\s+year\s+as\s+a\s+whole)"
            r"(?!\s+(?:of\s+)?\d)"
            # the narrative's year, and the one after it: "That year, ...", "a year later"
            r"|that\s+(?:same\s+)?year|the\s+same\s+year|the\s+(?:following|subsequent)\s+year"
            r"|(?:a|one)\s+year\s+later|the\s+year\s+after(?!\s+(?:next|that|this)\b)"
            r"|(?:the\s+)?(?:past|last|previous|latest|trailing)\s+(?:\d{1,2}|two|three|four|five|six|seven"
            r"|eight|nine|ten|eleven|twelve)\s+months|year[\s-]to[\s-]date|now|currently|today"
            r"|(?:the\s+)?(?:most\s+)?recent\s+(?:months|weeks|years)"
            r"|(?:the\s+)?(?:past|last)\s+(?:few|several|couple\s+of)\s+(?:months|weeks|years))"
            r"(?:['’ʼ]s)?\b",
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
        re.compile(rf"(?<![\d$,.\-–/])(?P<y>{_YEAR}){_NOT_YEAR_AFTER}(?:['’ʼ]s)?"),
    ),
    # a year said aloud, in a transcript: "in two thousand and five", "in twenty sixteen",
    # "in nineteen ninety-five"
    (
        "year",
        re.compile(
            rf"\b(?i:in|of|since|by|until|for|from|to|and)\s++(?P<yw>(?i:two\s+thousand(?:\s+and)?"
            rf"(?:\s+{_YEAR_UNITS}|\s+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
            rf"|seventeen|eighteen|nineteen)|(?=\s*+[,.;:)]))|(?:nineteen|twenty)[\s-]+{_YEAR_TENS}))\b"
        ),
    ),
]

#: Words that introduce a comparison base ("up 5% compared with 2022", "than in April").
COMPARISON = (
    r"(?:\bcompared\s+(?:to|with)|\bin\s+comparison\s+(?:to|with)|\bas\s+against|\bagainst"
    r"|\bthan|\bversus|\bvs\.?|\brelative\s+to|\bfrom|\babove|\bbelow"
    # "This exceeds the indicator of the same period of last year by 3.4 percent"
    r"|\bexceed\w*\s+the\s+(?:indicator|figure|level|result))"
)
# A mention that is only the comparison base ("compared with the first half of 2021").
_BASE_BEFORE = re.compile(
    # ("than in the pandemic-hit first six months of 2020": an adjective of the stretch)
    rf"{COMPARISON}\s+(?:(?:in|during|for|of)\s+)?(?:the\s+|their\s+|its\s+)?(?:[a-z]++-[a-z]++\s++)?"
    r"(?:(?:same\s+)?(?:period|volume|level"
    r"|figure|months?|total|result)\s+(?:of|in|reached\s+in|a\s+year\s+earlier\s+in)\s+)?$",
    re.IGNORECASE,
)
# "up 4% on 2018", "on last year's first eight months", "over the same period of 2022": 'on' and
# 'over' make a base only of a past period named as such (never "over the first seven months").
_ON_OVER_BEFORE = re.compile(r"\b(?:on|over)\s+(?:the\s+)?$", re.IGNORECASE)
_CHANGE_THEN_OVER = re.compile(r"(?:%|\bper\s?cent|\bpercent)\s+over\s+$", re.IGNORECASE)
_ON_BASE_KINDS = frozenset({"same_period", "possessive_part", "year", "month"})
_OVER_BASE_KINDS = frozenset({"same_period", "possessive_part"})
_PAST_RELATIVE = frozenset({"last_year", "year_before_context"})


def _is_base(text: str, mention: PeriodMention, start: int, pattern_kind: str) -> bool:
    window_start = max(start, mention.start - 60)
    if _BASE_BEFORE.search(text, window_start, mention.start):
        return True
    if not _ON_OVER_BEFORE.search(text, window_start, mention.start):
        return False
    word = text[window_start : mention.start].lower().split()
    on = bool(word) and ("on" in word[-2:])
    if mention.kind == "relative":
        return mention.relative in _PAST_RELATIVE
    if pattern_kind == "year" and _CHANGE_THEN_OVER.search(text, window_start, mention.start):
        return True  # "an increase of 44.3 percent over 2006"
    return pattern_kind in (_ON_BASE_KINDS if on else _OVER_BASE_KINDS)


#: A superlative or a first just before "since YEAR": the year is a record's comparison.
_RECORD_BEFORE_SINCE = re.compile(
    r"\b(?:most|highest|lowest|largest|biggest|strongest|weakest|fastest|slowest|smallest"
    r"|best|worst|sharpest|steepest|first|only)\b(?:\s++[\w-]++){0,4}?\s*+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    # year | years | since | month | months | month_span | month_list | relative | anaphor
    # | same_period | record_since ("the most since 2013": a record's comparison, no period)
    # | run_anaphor ("for the eleven months": the run of that length the text established)
    kind: str
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    relative: str | None = None
    base: bool = False
    text: str = field(default="", compare=False)
    day: bool = False  # a calendar day was named ("on May 21, 2014")
    event: bool = False  # the date of an event ("the pipeline, launched in December 2019,")

    @property
    def role(self) -> str:
        """'baseline' (what a change is measured against), 'record' (what a record is measured
        against: "the most since 2013"), 'dateline' (the day something was said or signed: a
        period only for what happens on a day) or 'period'."""
        if self.base:
            return "baseline"
        if self.kind == "record_since":
            return "record"
        return "dateline" if self.day or self.event else "period"


def year_only(mention: PeriodMention) -> PeriodMention:
    """The year a dated mention falls in ("signed on May 21, 2014" -> 2014)."""
    return dataclasses.replace(mention, kind="year", months=(), day=False)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _year(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    year = int(text)
    return (year,) if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else ()


def _relative_key(text: str) -> str:
    text = " ".join(text.lower().split())
    if text in ("last year", "past year", "the past year", "the last year"):
        return "last_year"
    if text.endswith(("months", "weeks", "years")):
        return "rolling_year"  # "the past 12 months", "the last six months": not calendar periods
    if text in ("this year", "the current year"):
        return "this_year"
    if text in ("so far this year", "year to date", "year-to-date"):
        return "ytd"
    if "full" in text or "whole" in text or "entire" in text or text == "for the year":
        return "full_year"  # the whole of the year the sentence is about
    if text == "next year":
        return "next_year"
    if text in ("that year", "that same year", "the same year"):
        return "that_year"
    if text.endswith("later") or text.startswith(
        ("the following", "the subsequent", "the year after")
    ):
        return "following_year"
    if text in ("last month",):
        return "last_month"
    if text in ("this month",):
        return "this_month"
    if text in ("now", "currently", "today"):
        return "now"
    if "end of" in text and "decade" in text:
        return "decade_end"  # "by the end of the decade": a goal's deadline, the decade's year
    if "decade" in text:
        return "decades_back"  # "a decade ago": no year can be named
    if text.endswith(("years ago", "years earlier", "years before", "years back")):
        return "years_back"
    return "year_before_context"


def _count(word: str) -> int | None:
    raw = word.lower()
    count = COUNT_WORDS.get(raw) or (int(raw) if raw.isdigit() else 0)
    return count if 1 <= count <= 12 else None


def _part_relative(rel: str | None) -> str | None:
    if not rel or rel.lower() == "the":
        return None  # "of the year": the year in hand, placed like a bare run of months
    return "last_year" if ("last" in rel.lower() or "previous" in rel.lower()) else "this_year"


def _mention(kind: str, m: re.Match[str]) -> PeriodMention | None:
    groups = m.groupdict()
    if kind == "month_list":
        months = tuple(_month(w) for w in re.findall(_MONTH, groups["list"]))
        return PeriodMention(
            m.start(), m.end(), "month_list", _year(groups.get("y")), months,
            relative=_part_relative(groups.get("rel")),
        )  # fmt: skip
    if kind == "month_span":
        first_year, last_year = int(groups["y1"]), int(groups["y2"])
        first, last = _month(groups["m1"]), _month(groups["m2"])
        if first_year == last_year and first <= last:
            return PeriodMention(m.start(), m.end(), "months", (first_year,), (first, last))
        if last_year != first_year + 1 or last >= first:
            return None  # more than a year, or backwards: no run of months
        return PeriodMention(
            m.start(), m.end(), "month_span", (first_year, last_year), (first, last)
        )
    if kind == "months":
        first, last = _month(groups["m1"]), _month(groups["m2"])
        if last < first:
            return None
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups.get("y")), (first, last),
            relative=_part_relative(groups.get("rel")),
        )  # fmt: skip
    if kind == "quarters":
        count = {"two": 2, "2": 2, "three": 3, "3": 3}[groups["n"].lower()]
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups.get("y")), (1, 3 * count),
            relative=_part_relative(groups.get("rel")),
        )  # fmt: skip
    if kind == "part":
        if groups.get("qn") or groups.get("hn") or groups.get("hq2"):
            raw_year = groups.get("y") or ""
            year = _year(raw_year if len(raw_year) != 2 else f"20{raw_year}")
            tag = groups.get("hq2") or ""
            if groups.get("hn") or tag.startswith("H"):
                half = int(groups.get("hn") or tag[1])
                if half > 2:
                    return None
                part: tuple[int, ...] = (1, 6) if half == 1 else (7, 12)
            else:
                q = int(groups.get("qn") or tag[1])
                part = (3 * q - 2, 3 * q)
            return PeriodMention(m.start(), m.end(), "months", year, part)
        if groups.get("hq"):
            tag = groups["hq"].upper()
            span = (1, 6) if tag == "H1" else (7, 12) if tag == "H2" else None
            if span is None:
                q = int(tag[1])
                span = (3 * q - 2, 3 * q)
            return PeriodMention(m.start(), m.end(), "months", _year(groups.get("y")), span)
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
    if kind == "possessive_part":
        if groups.get("ord"):
            ordinal = groups["ord"].lower()
            if groups["unit"].lower() == "half":
                span = HALVES.get(ordinal)
                if span is None:
                    return None
            else:
                q = QUARTERS[ordinal]
                span = (3 * q - 2, 3 * q)
        else:
            run = _count(groups["n"])
            if run is None:
                return None
            span = (1, run)
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups.get("y")), span,
            relative=_part_relative(groups.get("rel")),
        )  # fmt: skip
    if kind == "n_month":
        run = _count(groups["n"])
        return PeriodMention(m.start(), m.end(), "months", (), (1, run)) if run else None
    if kind == "months_into":
        run = _count(groups["n"])
        if run is None:
            return None
        return PeriodMention(m.start(), m.end(), "months", (), (1, run), relative="this_year")
    if kind == "months_to":
        run, last = _count(groups["n"]), _month(groups["m1"])
        if run is None or run > last:
            return None  # "12 months to March" reaches into the year before: not a run of one year
        span = (last - run + 1, last)
        return PeriodMention(m.start(), m.end(), "months", _year(groups.get("y")), span)
    if kind == "quarter_run":
        first, last = int(groups["q1"]), int(groups["q2"])
        if last < first:
            return None
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups.get("y")), (3 * first - 2, 3 * last)
        )
    if kind == "through_month":
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups.get("y")), (1, _month(groups["m1"]))
        )
    if kind == "same_period":
        rel = groups.get("rel")
        return PeriodMention(
            m.start(), m.end(), "same_period", _year(groups.get("y")),
            relative=None if not rel else "year_before_context",
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
            relative=_part_relative(rel),
        )  # fmt: skip
    if kind == "half_year":
        return PeriodMention(m.start(), m.end(), "months", (), (1, 6))
    if kind == "analyst_months":
        return PeriodMention(
            m.start(), m.end(), "months", _year(groups["y"]), (1, int(groups["n"]))
        )
    if kind == "run_anaphor":
        run = _count(groups["n"])
        return PeriodMention(m.start(), m.end(), "run_anaphor", (), (1, run)) if run else None
    if kind == "date":
        month = _month(groups.get("m1") or groups["m2"])
        return PeriodMention(m.start(), m.end(), "month", _year(groups["y"]), (month,), day=True)
    if kind == "month_compared":
        return PeriodMention(
            m.start(), m.end(), "month", (), (_month(groups["m1"]),), base=True,
            relative=_part_relative(groups.get("rel")),
        )  # fmt: skip
    if kind == "month":
        edge = groups.get("edge")
        month = (
            (1 if edge.lower() in ("first", "opening") else 12) if edge else _month(groups["m1"])
        )
        return PeriodMention(
            m.start(), m.end(), "month", _year(groups.get("y")), (month,),
            relative=_part_relative(groups.get("rel")),
        )  # fmt: skip
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
        # "the most since 2013", "the first decline since 2016": a record's comparison, no
        # start of the figure's change
        record = _RECORD_BEFORE_SINCE.search(m.string, max(0, m.start() - 60), m.start())
        return PeriodMention(
            m.start(), m.end(), "record_since" if record else "since", _year(groups["y"])
        )
    if kind == "decade":
        first = int(groups["d"])
        return PeriodMention(m.start(), m.end(), "years", (first, first + 9))
    if kind == "relative":
        return PeriodMention(m.start(), m.end(), "relative", relative=_relative_key(groups["rel"]))
    if kind == "anaphor":
        return PeriodMention(m.start(), m.end(), "anaphor")
    if kind == "year":
        said = groups.get("yw")
        years = _year(str(said_year(said)) if said else groups["y"])
        if said:  # (the mention is the year's words, not the preposition before them)
            return PeriodMention(m.start("yw"), m.end("yw"), "year", years) if years else None
        return PeriodMention(m.start(), m.end(), "year", years) if years else None
    return None


_PATTERN_PREFIXES = [literal_prefixes(pattern) for _, pattern in _PATTERNS]
#: Words every match of a kind contains somewhere (lower case), where its prefixes say little.
_NEEDLES: dict[str, tuple[str, ...]] = {
    "possessive_part": ("'s", "’s", "ʼs"),
    "quarters": ("quarters",),
    "n_month": ("-month",),
    "months_into": ("into",),
    "months_to": ("month",),
    "first_n_months": ("month",),
    "run_anaphor": ("months",),
    "half_year": ("half",),
    "same_period": ("same", "corresponding", "comparable", "equivalent", "analogous"),
    "decade": ("0s", "0's", "0’s"),
    "relative": ("year", "month", "week", "now", "currently", "today", "date", "decade"),
    "anaphor": ("period", "time", "year", "month"),
}


def find_period_mentions(text: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    """Period mentions in text[start:end], left to right, without overlaps."""
    end = len(text) if end is None else end
    taken = Occupancy(len(text))
    found: list[PeriodMention] = []
    lowered = text[start:end].lower()
    for (kind, pattern), prefixes in zip(_PATTERNS, _PATTERN_PREFIXES, strict=True):
        if not (may_match(prefixes, lowered) and may_match(_NEEDLES.get(kind), lowered)):
            continue  # a word every match starts with, or contains, is not in the text
        for m in scan.finditer(pattern, text, start, end):
            if not taken.free(m.start(), m.end()):
                continue
            mention = _mention(kind, m)
            if mention is None:
                continue
            if mention.base or _is_base(text, mention, start, kind):
                mention = dataclasses.replace(mention, base=True)
            elif _EVENT_BEFORE.search(text, max(start, m.start() - 40), m.start()):
                # "the pipeline, launched in December 2019, ...": the date of an event, like a
                # day something was signed, is no flow's period
                mention = dataclasses.replace(mention, event=True)
            taken.take(m.start(), m.end())
            found.append(dataclasses.replace(mention, text=" ".join(m.group(0).split())))
    found.sort(key=lambda p: p.start)
    # "Compared with January-September 2021, two years ago, ...": an apposition to a base is
    # the same base
    for i in range(1, len(found)):
        before, mention = found[i - 1], found[i]
        if (
            before.base
            and not mention.base
            and _APPOSITION.fullmatch(text, before.end, mention.start)
            # (closed like one: "Compared with November, December trade rose" opens the clause)
            and _APPOSITION_CLOSE.match(text, mention.end)
        ):
            found[i] = dataclasses.replace(mention, base=True)
    return found


#: A participle dating an event: "launched in December 2019", "opened in 2011" (a signing
#: is a contract's own date, read as such elsewhere).
_EVENT_BEFORE = re.compile(
    r"\b(?:launched|opened|inaugurated|commissioned|completed|founded|unveiled"
    r"|put\s+into\s+(?:operation|service))\s++(?:in|on)\s++(?:the\s++)?$",
    re.IGNORECASE,
)

#: What stands between a mention and its apposition: a comma, or an opening bracket.
_APPOSITION = re.compile(r"\s*+[,(]\s*+")
_APPOSITION_CLOSE = re.compile(r"\s*+[,)]")


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
    """A month named without a year is the latest such month already over at publication (a
    figure for the month still running is not yet known: "In March" on 15 March is last March)."""
    if published is None:
        return None
    return published.year if month < published.month else published.year - 1


def shift_years(period: str, years: int) -> str:
    """The same months `years` later (negative: earlier): '2023-01/2023-04', -1 -> '2022-01/...'."""
    return "/".join(str(int(part[:4]) + years) + part[4:] for part in period.split("/"))


def resolve(
    mention: PeriodMention,
    published: date | None,
    context: str | None,
    anchor: str | None = None,
) -> list[str] | None:
    """The contract period(s) a mention stands for; None when it cannot be resolved.

    `context` is the document's running period (for "in the same period"); `anchor` the period
    the sentence is about, which "a year earlier" and "the same period of 2022" are read against.
    """
    pub_year = published.year if published else None
    context_year = year_of(context)
    kind = mention.kind
    if kind == "same_period":
        reference = anchor or context
        if reference is None:
            return None
        if mention.years:
            return [shift_years(reference, mention.years[0] - (year_of(reference) or 0))]
        if mention.relative == "year_before_context" or mention.base:
            return [shift_years(reference, -1)]
        return [reference]
    if kind == "year":
        return [str(mention.years[0])]
    if kind == "years":
        return [f"{mention.years[0]}/{mention.years[1]}"]
    if kind == "since":
        if pub_year is None or mention.years[0] >= pub_year:
            return None
        return [f"{mention.years[0]}/{pub_year}"]
    if kind == "month_span":
        (first_year, last_year), (first, last) = mention.years, mention.months
        return [f"{first_year}-{first:02d}/{last_year}-{last:02d}"]
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
            months = mention.months
            if all(b == a + 1 for a, b in itertools.pairwise(months)):
                return [
                    _months_period(year, months[0], months[-1])
                ]  # "January, February and March"
            return [f"{year}-{m:02d}" for m in months]
        return [_months_period(year, mention.months[0], mention.months[-1])]
    if kind == "relative":
        rel = mention.relative
        if rel == "full_year":
            year = year_of(anchor or context) or pub_year
            return [str(year)] if year else None
        if rel == "decades_back":
            return None  # "a decade ago": roughly, no year
        if rel == "decade_end":
            return [str((pub_year // 10 + 1) * 10)] if pub_year else None
        if rel == "years_back":
            count = _count(mention.text.split()[0]) if mention.text else None
            base = pub_year if mention.text.endswith("ago") else year_of(anchor or context)
            return [str(base - count)] if count and base else None
        if rel in ("that_year", "following_year"):
            # the year the narrative last named (the caller's context), or the one after it
            if context_year is None:
                return None
            return [str(context_year + (rel == "following_year"))]
        if rel == "year_before_context":
            if anchor is not None:
                return [shift_years(anchor, -1)]
            return [str(context_year - 1)] if context_year is not None else None
        if pub_year is None or published is None:
            return None
        if rel == "last_year":
            return [str(pub_year - 1)]
        if rel in ("this_year", "now"):
            return [str(pub_year)]
        if rel == "next_year":
            return [str(pub_year + 1)]
        if rel == "ytd":
            # "so far this year" says when the run starts, not when it ends: the end is the
            # month a sentence names with it ("through the end of May"), never guessed
            return None
        if rel == "last_month":
            month = published.month - 1 or 12
            year = pub_year if published.month > 1 else pub_year - 1
            return [f"{year}-{month:02d}"]
        if rel == "this_month":
            return [f"{pub_year}-{published.month:02d}"]
        return None
    if kind in ("anaphor", "run_anaphor"):
        return [context] if context else None
    return None
