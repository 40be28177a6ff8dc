"""When a figure holds: the period mention it belongs to, and the document's running context
for figures that name none ("He noted that ... 3%" after a paragraph about 2022)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from etl.facts.periods import PeriodMention, resolve, year_of, year_only
from etl.facts.quantities import Quantity
from etl.facts.text import Sentence

# Possessive quantifiers (*+, ++) keep these linear on adversarial input: nothing to backtrack.
_ATTACH_GAP = re.compile(
    r"\s*+\)?\s*+(?:[A-Za-z'’-]++\s++){0,3}?(?:in|of|during|for|by|as\s+of|at\s+the\s+end\s+of"
    r"|through|over|throughout|since|between|from)?\s*+$",
    re.IGNORECASE,
)


_ATTACH_LEFT = re.compile(
    r"(?:['’ʼ]s)?\s++(?:total|figure|level|volume|turnover|trade|value|tally|result)\s++"
    r"(?:of|was|stood\s+at|reached|hit|came\s+to|at|to)\s++(?:(?:a|an|the|new|record|all-time"
    r"|high|of|about|nearly|almost|some|roughly|around)\s++){0,4}+(?:US)?\$?\s*+$",
    re.IGNORECASE,
)


#: "in 2016, when deliveries totalled 52.5 million tonnes": the when-clause is that year's
_WHEN_CLAUSE = re.compile(
    r",?\s++when\s++(?:[A-Za-z'’-]++\s++){0,4}?(?:totall?ed|reached|stood\s+at|was|were|amounted\s+to"
    r"|came\s+to|hit|rose\s+to|fell\s+to)\s++(?:(?:worth|valued\s+at)\s++)?"
    r"(?:(?:about|some|nearly|almost|around|only|just)\s++)?(?:US)?\$?\s*+",
    re.IGNORECASE,
)


#: The same when-clause, ending right before a figure (searched for: it starts at "when").
_WHEN_BEFORE = re.compile(
    r"\bwhen\s++(?:[A-Za-z'’-]++\s++){0,4}?(?:totall?ed|reached|stood\s+at|was|were|amounted\s+to"
    r"|came\s+to|hit|rose\s+to|fell\s+to)\s++(?:worth\s++)?+(?:(?:about|some|nearly|almost|around"
    r"|only|just)\s++)?(?:US)?\$?\s*+$",
    re.IGNORECASE,
)
#: How far before a figure its when-clause may start (characters).
WHEN_REACH = 80


def in_when_clause(text: str, q: Quantity) -> bool:
    """Is the figure the level of a when-clause ("in 2016, when deliveries totalled 52.5 Mt")?"""
    return bool(_WHEN_BEFORE.search(text, max(0, q.start - WHEN_REACH), q.start))


#: "2019's $110.8 billion", "last year's bilateral trade of $68 billion"
_POSSESSIVE_GAP = re.compile(
    r"\s*+(?:[A-Za-z–-]++\s++){0,4}?(?:(?:of|was|at|stood\s+at|reached|totall?ed|came\s+to)\s++)?"
    r"(?:US)?\$?\s*+",
    re.IGNORECASE,
)


_GAP_BREAK = re.compile(r"[,;]|\b(?:and|or|but|while|whereas|with|to|compared|than)\b", re.I)


PRESENT_TENSE = re.compile(
    r"\b(?:is|are|stands?|remains?|now|currently|accounts?\s+for|makes?\s+up|represents?"
    r"|transits?|pass(?:es)?|cross(?:es)?|goes|ships|carries|has\s+become|have\s+become)\b",
    re.IGNORECASE,
)


#: A figure that is itself the comparison base: "compared with $51.2 billion in the same period
#: last year", "up from $190.1 billion the year before", "versus 48.4 billion a year earlier".
_BASELINE_FIGURE = re.compile(
    r"(?:\bcompared\s+(?:to|with)|\bcompares?\s+(?:to|with)|\bin\s+comparison\s+(?:to|with)|\bagainst|\bversus|\bvs\.?"
    r"|\brelative\s+to|\bfrom|\bover(?=\s++the\b))\s++(?:(?:the|a|an|last|previous|prior|preceding|year['’]s"
    # ("compared with growth of 20.8% in 2017": the base's own change)
    r"|growth|increase|rise|decline|drop|fall|gain|of"
    r"|year-(?:earlier|ago)|\d{4}['’ʼ]s|(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)['’ʼ]s|about|nearly|some|around|roughly|just|only)\s++)"
    r"{0,3}+"
    r"(?:US)?\$?\s*+$",
    re.IGNORECASE,
)


def is_baseline_figure(text: str, q: Quantity) -> bool:
    return bool(_BASELINE_FIGURE.search(text, max(0, q.start - 40), q.start))


def is_since_when_figure(text: str, q: Quantity, mentions: Sequence[PeriodMention]) -> bool:
    """ "Since 2001, when trade was worth $10.7 billion, ...": the level the change since is
    measured from (its year is its own, and no later figure's)."""
    before = [m for m in mentions if m.end <= q.start]
    if not before or before[-1].kind != "since":
        return False
    gap = text[before[-1].end : q.start]
    return len(gap) <= 80 and bool(_WHEN_CLAUSE.fullmatch(gap))


@dataclass
class PeriodContext:
    """What the document has said about time so far (for figures that do not say)."""

    published: date | None
    current: dict[str, str] = field(default_factory=dict)  # last actual period per metric family
    named: str | None = None  # named since that figure, in this paragraph ("He said in 2013 ...")
    mentioned: str | None = None  # the last period the text named (for "over the same period")
    # the stretch the story is about: the last year or run of months an actual figure was
    # stated for (never a single month in between, a span of years or a forecast's year)
    story: str | None = None
    run: str | None = None  # the last run of months within a year an actual figure held for
    runs: list[tuple[int, str]] = field(default_factory=list)  # (offset, run) the text names
    asked: str | None = None  # the period the question just before named (an interview)


def is_run(period: str) -> bool:
    """'2023-01/2023-09': a run of months within one year (not a month, a year or a span)."""
    return bool(re.fullmatch(r"(\d{4})-\d\d/\1-\d\d", period))


def story_period(period: str) -> bool:
    """A period a story can be about: a year or a run of months, not one month or a span."""
    return bool(re.fullmatch(r"\d{4}", period)) or is_run(period)


def document_runs(
    mentions: Sequence[PeriodMention], published: date | None
) -> list[tuple[int, str]]:
    """The runs of months from January the text names, with where: what "for the eleven
    months" can point back (or, in a live blog read newest first, forward) to."""
    runs = []
    for m in mentions:
        if m.kind != "months" or m.base or m.months[0] != 1 or m.months[-1] >= 12:
            continue
        resolved = resolve(m, published, None)
        if resolved and len(resolved) == 1 and is_run(resolved[0]):
            runs.append((m.start, resolved[0]))
    return runs


def run_of_length(anaphor: PeriodMention, ctx: PeriodContext) -> str | None:
    """'for the eleven months': the nearest run of eleven months named before it, else the
    first one after it (a live blog's older entries come later); None when there is none."""
    length = anaphor.months[-1]

    def months(period: str) -> int:
        return int(period[-2:]) - int(period[5:7]) + 1

    before = [r for start, r in ctx.runs if start < anaphor.start and months(r) == length]
    if before:
        return before[-1]
    after = [r for start, r in ctx.runs if start > anaphor.start and months(r) == length]
    return after[0] if after else None


#: A period written as a label of the figure after it: "(2019: $110.9 bn)", "- 2019: 110.8"
#: (a bracket or a line opening it, a colon and a figure closing it).
_LABEL_AFTER = re.compile(r"\s*+:\s*+(?:US|USD|\$|€|£|¥|RMB|CNY|[+\-−–]?\d)")
_LABEL_BEFORE = re.compile(r"(?:[(\[;]|^|\n)[ \t]*+(?:[-*•][ \t]*+)?$")


def is_label(text: str, mention: PeriodMention) -> bool:
    """Is the period a label of the figure right after it ("(2019: US$110.9 bn)")?"""
    return bool(
        _LABEL_AFTER.match(text, mention.end)
        and _LABEL_BEFORE.search(text, max(0, mention.start - 8), mention.start)
    )


def attached_mention(
    text: str, q: Quantity, mentions: Sequence[PeriodMention]
) -> PeriodMention | None:
    """A period written against the figure: '$10.7 billion in 2001', 'the 2023 total of 22.7',
    '2019's $110.8 billion'. A comparison base attaches only to a figure that is itself the
    base ("compared with $51.2 billion in the same period last year")."""
    baseline = is_baseline_figure(text, q)
    for mention in reversed(mentions):
        if mention.end <= q.start:
            gap = text[mention.end : q.start]
            if len(gap) <= 30 and _ATTACH_LEFT.fullmatch(gap):
                return mention
            if len(gap) <= 80 and _WHEN_CLAUSE.fullmatch(gap):
                # "than in 2016, when deliveries totalled 52.5 Mt"; "since 2000, when trade was
                # worth $8 billion": the when-clause is the span's first year
                return year_only(mention) if mention.kind == "since" else mention
            possessive = mention.text.endswith(("'s", "’s", "ʼs"))
            if possessive and len(gap) <= 60 and _POSSESSIVE_GAP.fullmatch(gap):
                return mention
            break
    for mention in mentions:
        if mention.start >= q.end:
            gap = text[q.end : mention.start]
            if (
                len(gap) <= 40
                and not re.search(r"\d", gap)
                and not _GAP_BREAK.search(gap)
                and _ATTACH_GAP.fullmatch(gap)
                # ("$107.8 bn (2019: $110.9 bn)": a year labelling the next figure is its own)
                and not is_label(text, mention)
            ):
                return None if mention.base and not baseline else mention
            return None
    return None


def choose_period_mention(
    text: str,
    q: Quantity,
    sentence: Sentence,
    mentions: Sequence[PeriodMention],
    claimed: dict[int, Quantity],
    clauses: Sequence[tuple[int, int]],
    targets: frozenset[int] = frozenset(),
    sentence_targets: Sequence[Quantity] = (),
) -> PeriodMention | None:
    attached = attached_mention(text, q, mentions)
    # "so far this year, through the end of May": the run of months names the period
    ends = [m for m in mentions if m.kind == "months" and not m.base and not m.day]
    if attached is not None and not (attached.relative == "ytd" and ends):
        return attached
    clause = next((c for c in clauses if c[0] <= q.start < c[1]), (sentence.start, sentence.end))

    target_starts = [t.start for t in sentence_targets]

    def usable(m: PeriodMention) -> bool:
        if m.base or m.kind == "record_since" or (m.relative == "ytd" and ends):
            return False
        if m.start >= q.end and is_label(text, m):
            return False  # "(2019: US$110.9 bn)" after a figure labels the next figure
        if id(q) in targets and m.relative == "now":
            return False  # "officials now speak of lifting trade to $300 billion by 2030"
        if id(q) not in targets and any(
            start < m.start and _same_clause(clauses, start, m.start) for start in target_starts
        ):
            return False  # after a target in its clause, a year is the target's
        owner = claimed.get(m.start)
        if owner is None or owner is q:
            return True
        if id(owner) in targets:
            # "the $200 billion target for 2024": that year is the target's (and the other end
            # of a goal's range shares it: "to between $60 and $80 billion by 2010")
            return id(q) in targets
        # "up from $240.1 billion in 2023": that year belongs to the base figure only
        return not is_baseline_figure(text, owner)

    left_clause = [m for m in mentions if clause[0] <= m.start and m.end <= q.start and usable(m)]
    if left_clause:
        return left_clause[-1]
    right_clause = [m for m in mentions if m.start >= q.end and m.end <= clause[1] and usable(m)]
    if right_clause:
        return right_clause[0]
    left = [m for m in mentions if m.end <= q.start and usable(m)]
    if left:
        return left[-1]
    right = [
        m
        for m in mentions
        if m.start >= q.end and usable(m) and not _REASON_CLAUSE.search(text, q.end, m.start)
    ]
    if right:
        return right[0]
    return None


#: A clause giving a reason, a circumstance or a relative's own story after the figure's own
#: ("slumped 47.1 percent to $17.6 billion, as importers struggled ... between the autumn of
#: 2008 and the spring of 2009"; "ahead of Saudi Arabia, which had held the top spot in 2022"):
#: its times are its story's, not the figure's.
_REASON_CLAUSE = re.compile(
    r",\s*+(?:as|because|since|when|after|amid|following|(?:which|who)\s++had)\s++(?!(?:of|in)\b)",
    re.I,
)


#: A deadline's preposition: "by 2024", "by the end of 2030".
_BY_BEFORE = re.compile(
    r"\b(?:by|until|till|before)\s++(?:the\s++end\s++of\s++)?$"
    r"|\b(?:goal|target|objective|aim)s?\b[^.;]{0,40}?\bfor\s++$",
    re.I,
)


def _same_clause(clauses: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    """Do two offsets fall in one clause (or in no known clause)?"""
    own = next((c for c in clauses if c[0] <= a < c[1]), None)
    return own is None or own[0] <= b < own[1]


_TIME_PREPOSITION = re.compile(
    r"\b(?:in|during|for|of|by|through|throughout|until|as\s+of|since|at\s+the\s+end\s+of)\s+(?:the\s+)?$",
    re.I,
)


#: (or ending a line, perhaps in bold: a heading "**2022**" over a list)
_STANDS_ALONE = re.compile(
    r"\s*(?:[,.;:()\[\]]|[-–—]\s|$)|[ \t]*+(?:[*_]{1,3}+[ \t]*+)?(?:\r?\n|$)"
    # a heading's year before its kind of summary: "2021 at a glance", "2023 in numbers"
    r"|\s++(?:at\s+a\s+glance|in\s+(?:numbers|figures|brief|review|focus|charts)|overview"
    r"|snapshot|summary|highlights|key\s+figures|factbox|fact\s+sheet)\b",
    re.IGNORECASE,
)


def frames_time(text: str, mention: PeriodMention) -> bool:
    """'in 2013, China ...' sets the time of what follows; 'Russia's 2014 annexation' does not."""
    if mention.kind != "year":
        return True
    if _TIME_PREPOSITION.search(text, max(0, mention.start - 20), mention.start):
        return True
    # a year standing alone ("China-Russia trade, 2023"), not modifying a noun
    return bool(_STANDS_ALONE.match(text, mention.end))


_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|in|for|until|till|before|through|within|of|during|no\s+later\s+than|as\s+early\s+as)"
    r"\s+(?:the\s+(?:end\s+of\s+)?)?(?:year\s+)?$",
    re.IGNORECASE,
)
#: A year followed by a noun it modifies ("the 2001 friendship treaty") dates that noun.
_MODIFIES_NOUN = re.compile(r"\s+(?!and\b|or\b|to\b|from\b|as\b|at\b|is\b|was\b|will\b)[a-z]")


def is_deadline(text: str, mention: PeriodMention) -> bool:
    """A goal's year: 'by 2030', 'for 2024', 'in 2020'; not 'the 2001 friendship treaty'."""
    if mention.kind != "year":
        return True
    if _GOAL_AFTER.match(text, mention.end):
        return True  # "the 2024 goal of $200 billion", "its 2030 target"
    before = _DEADLINE_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    if before is not None and not _THE.search(before.group()):
        return True  # "set for 2024 ahead of schedule": the preposition governs the year
    if _MODIFIES_NOUN.match(text, mention.end):
        return False  # "by the 2001 friendship treaty"
    return before is not None or bool(_STANDS_ALONE.match(text, mention.end))


_THE = re.compile(r"\bthe\b", re.IGNORECASE)
#: A year naming the goal after it: "the 2024 goal", "a 2030 target", "the 2020 trade target".
_GOAL_AFTER = re.compile(
    r"(?:['’ʼ]s)?\s++(?:(?:trade|turnover|bilateral)\s++)?(?:goal|target|objective)\b", re.I
)


#: A year's record or level named after it: "last year's record", "this year's high".
_RECORD_NOUN_AFTER = re.compile(
    r"\s++(?:[\w-]++\s++)?(?:record|high|peak|level|total|figure|result)s?\b", re.I
)

#: Where a sentence's next clause of its own begins (its own subject and verb).
_OWN_CLAUSE = re.compile(r";|,\s*(?:and|but|while|whereas|yet)\s|\s(?:while|whereas)\s", re.I)


def conflicting(
    chosen: PeriodMention,
    mentions: Sequence[PeriodMention],
    resolved: str,
    ctx: PeriodContext,
    claimed: dict[int, Quantity],
    q: Quantity,
    text: str = "",
    figures: Sequence[Quantity] = (),
) -> bool:
    """'this year ... in the first two months of 2013' in a 2014 article cannot both hold.
    A relative year in a coordinated clause of its own ("..., and the pipeline opens this
    year") is that clause's and contradicts nothing."""
    if chosen.kind == "relative" or not chosen.years:
        return False
    for mention in mentions:
        if mention is chosen or mention.base or mention.kind != "relative":
            continue
        if (
            text
            and _OWN_CLAUSE.search(text, min(q.end, mention.end), max(q.start, mention.start))
            and not _OWN_CLAUSE.search(text, min(q.end, chosen.end), max(q.start, chosen.start))
        ):
            continue  # the relative year is its own clause's; the figure's year is with it
        if claimed.get(mention.start, q) is not q:
            continue  # "this year" written against another figure is that figure's
        if text and _RECORD_NOUN_AFTER.match(text, mention.end):
            continue  # "has already beaten last year's record": a comparison, no period
        if any(
            min(mention.end, q.end) <= other.start and other.end <= max(mention.start, q.start)
            for other in figures
            if other is not q
        ):
            continue  # "Last year, trade hit $240 billion, surpassing the goal set for 2024"
        if mention.relative not in ("this_year", "last_year"):
            continue
        other = resolve(mention, ctx.published, ctx.named)
        if other and year_of(other[0]) != year_of(resolved):
            return True
    return False


def family(metric: str) -> str:
    """trade, energy, macro, ...: a figure continues the story of its own family only."""
    return metric.split(".", 1)[0]


def refine_months(
    chosen: PeriodMention,
    resolved: list[str] | None,
    q: Quantity,
    mentions: Sequence[PeriodMention],
    clauses: Sequence[tuple[int, int]],
) -> PeriodMention | None:
    """'last year ... in January, April and July': the months, in the year the clause names."""
    if not resolved or len(resolved[0]) != 4 or chosen.kind not in ("year", "relative"):
        return None
    if chosen.relative == "full_year":
        return None  # "for the full year" says the whole year, whatever months came before
    year = int(resolved[0])
    clause = next((c for c in clauses if c[0] <= q.start < c[1]), (q.start, q.end))
    for mention in mentions:
        if mention is chosen or mention.base or mention.years:
            continue
        if mention.end <= clause[0] and mention.end <= chosen.start:
            continue  # months named before the year, in another clause: not this figure's
        if mention.start >= clause[1]:
            continue
        if mention.kind in ("month", "months", "month_list") and mention.relative is None:
            return PeriodMention(
                mention.start, mention.end, mention.kind, (year,), mention.months, None, False,
                mention.text,
            )  # fmt: skip
    return None


def split_from_to(text: str, q: Quantity, resolved: list[str]) -> list[str]:
    """'from 10.3 percent to 14.7 percent' over 2013/2017: the first is 2013, the second 2017."""
    if len(resolved) != 1 or "/" not in resolved[0] or "-" in resolved[0]:
        return resolved
    first, last = resolved[0].split("/")
    before = text[max(0, q.start - 25) : q.start]
    if re.search(r"\bfrom\s+(?:about\s+|nearly\s+|some\s+)?\$?\s*$", before, re.I):
        after = text[q.end : q.end + 40]
        if re.match(r"\s+to\s+", after, re.I):
            return [first]
    if re.search(r"\bto\s+(?:about\s+|nearly\s+|some\s+)?\$?\s*$", before, re.I):
        earlier = text[max(0, q.start - 80) : q.start]
        if re.search(r"\bfrom\s+\S+", earlier, re.I):
            return [last]
    return resolved


#: A change against the month before is not a year-on-year growth record.
_MONTH_ON_MONTH = re.compile(
    r"month[\s-]on[\s-]month|\bm/m\b|\bmom\b|\bsequential(?:ly)?\b|on\s+a\s+monthly\s+basis"
    # "were up 4.5% on the month", "down 2% over the month"
    r"|\b(?:on|over)\s+the\s+month\b(?!\s+(?:of|before|earlier|a\s+year))"
    # a change on the stretch just before: "7% lower than in the previous quarter"
    r"|quarter[\s-]on[\s-]quarter|\bq/q\b|\bqoq\b"
    r"|(?:than|from|on|over|against)\s+(?:in\s+)?the\s+(?:previous|preceding|prior)\s+(?:quarter|month)\b"
    r"|(?:from|than|over|against|on|versus|compared\s+(?:with|to))\s+(?:in\s+)?(?:the\s+)?"
    r"(?:previous|prior|preceding|last)\s+month",
    re.IGNORECASE,
)


def says_month_on_month(text: str, start: int, end: int) -> bool:
    """Does text[start:end] (a table's column header) say "m/m", "month on month"?"""
    return bool(_MONTH_ON_MONTH.search(text, start, end))


_MONTH_ON_MONTH_BEFORE = re.compile(
    r"(?:month[\s-]on[\s-]month|\bm/m|\bmom|\bmonthly|\bsequential)\s+(?:rise|growth|increase|gain"
    r"|decline|drop|fall|decrease|jump|change)\s+of\s+$",
    re.IGNORECASE,
)


#: A percentage written out (another figure between a base and this one).
_A_CHANGE = re.compile(r"\d\s*+%|\d\s*+per\s?cent", re.IGNORECASE)
_YEAR_ON_YEAR = re.compile(
    r"year[\s-]on[\s-]year|\by/y\b|\byoy\b|a\s+year\s+(?:earlier|ago|before)|same\s+(?:period|month)"
    r"|annual(?:ly)?\b|from\s+(?:the\s+)?(?:last|previous)\s+year",
    re.IGNORECASE,
)


def month_on_month(
    text: str,
    q: Quantity,
    clause: tuple[int, int],
    mentions: Sequence[PeriodMention],
    period: str,
    published: date | None,
    sentence: tuple[int, int] | None = None,
) -> bool:
    """'up 6.8% from November' in a December figure, 'down 3% month-on-month'; and the other
    changes of a sentence about a month-on-month move that give no base of their own
    ("surged 7.1% month-on-month, helped by a 6.2% rise in imports")."""
    after_end = min(clause[1], q.end + 80)
    if _MONTH_ON_MONTH.search(text, q.end, after_end) or _MONTH_ON_MONTH_BEFORE.search(
        text, max(clause[0], q.start - 40), q.start
    ):
        return True
    if sentence is not None and _MONTH_ON_MONTH.search(text, *sentence):
        own = text[max(sentence[0], q.start - 40) : min(sentence[1], q.end + 60)]
        own_base = any(
            m.base and q.end <= m.start < q.end + 60 and (m.years or m.kind != "month")
            for m in mentions
        )  # "25 percent higher than in August 2021": a base a year back of its own
        if not (own_base or _YEAR_ON_YEAR.search(own)):
            return True
    if len(period) != 7:  # only a single month has a month before it
        return False
    # the figure's own base is the first one after it ("up 29.2% from a year earlier and 8.5%
    # higher than in November": November is the 8.5%'s)
    first_base = next((m for m in mentions if m.base and q.end <= m.start < after_end), None)
    if first_base is None:
        # "Compared with February they were 62% higher": a base fronted in the sentence
        opening = sentence[0] if sentence is not None else clause[0]
        first_base = next(
            (
                m
                for m in reversed(mentions)
                if m.base
                and opening <= m.start
                and m.end <= q.start
                # (fronted: not another change's base, "fell 7.7% from February but rose
                # 12.8% y/y")
                and not _A_CHANGE.search(text, opening, q.start)
            ),
            None,
        )
    if first_base is not None and first_base.kind == "month":
        base = resolve(first_base, published, None)
        year, month = int(period[:4]), int(period[5:])
        before = f"{year}-{month - 1:02d}" if month > 1 else f"{year - 1}-12"
        return bool(base and base[0][5:] == before[5:])
    return False


def sentence_anchor(
    mentions: Sequence[PeriodMention], published: date | None, fallback: str | None
) -> str | None:
    """The period a sentence is about, which 'a year earlier' and 'the same period of 2022' are
    read against: its first own period mention, else the document's running period."""
    for mention in mentions:
        if mention.base or mention.kind in ("same_period", "anaphor", "run_anaphor", "since"):
            continue
        if mention.kind == "relative" and mention.relative == "year_before_context":
            continue
        resolved = resolve(mention, published, fallback)
        if resolved:
            return resolved[0]
    return fallback


def year_for_yearless(
    chosen: PeriodMention, mentions: Sequence[PeriodMention], text: str, ctx: PeriodContext
) -> PeriodMention:
    """'China–Russia trade, 2016 — Q1: ...': a run of months without a year takes the year its
    sentence or heading names, before the latest such months before publication."""
    if chosen.years or chosen.relative or chosen.kind not in ("month", "months", "month_list"):
        return chosen
    years = [  # "in 2016 ... in April", "in April 2016, ... again in June"
        m.years[0]
        for m in mentions
        if m.years
        and m.kind in ("year", "month", "months")
        and m.role == "period"
        and m.end <= chosen.start
        and frames_time(text, m)
        # "a goal of $200 billion by 2024 ... in January-May": a deadline dates no months
        and not _BY_BEFORE.search(text, max(0, m.start - 60), m.start)
    ]
    if not years and ctx.named and len(ctx.named) == 4 and ctx.named.isdigit():
        years = [int(ctx.named)]
    if not years:
        return chosen
    return PeriodMention(
        chosen.start, chosen.end, chosen.kind, (years[-1],), chosen.months, None, chosen.base,
        chosen.text,
    )  # fmt: skip


#: A sentence opened by its comparison base: "Compared with 2021, ...", "Against 2019, ...".
_FRONTED_BASE = re.compile(
    r"\W*+(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|against|relative\s+to|versus"
    r"|as\s+against)\s++(?:(?:the|its|their)\s++)?$",
    re.IGNORECASE,
)


def base_years_back(
    q: Quantity,
    sentence_end: int,
    mentions: Sequence[PeriodMention],
    period: str,
    published: date | None,
    anchor: str | None,
    text: str = "",
    sentence_start: int | None = None,
) -> int | None:
    """How many years before the figure's period its stated comparison base lies ("14 percent
    above the same quarter of 2019" in 2021: 2; "Compared with 2021, trade in 2023 was 64
    percent higher": 2); None when the figure names no base."""
    for mention in mentions:
        fronted = (
            mention.base
            and sentence_start is not None
            and sentence_start <= mention.start
            and mention.end <= q.start
            and _FRONTED_BASE.match(text, sentence_start, mention.start) is not None
            and not _A_CHANGE.search(text, mention.end, q.start)
        )
        if not fronted and (not mention.base or not q.end <= mention.start <= q.end + 80):
            continue
        if mention.start >= sentence_end:
            break
        if mention.text.endswith(("'s", "’s", "ʼs")):
            continue  # "slower than November's 17.9 percent rise": that figure's own month
        base = resolve(mention, published, None, anchor)
        base_year, year = (year_of(base[0]) if base else None), year_of(period)
        if base_year is None or year is None:
            return None
        return year - base_year
    return None
