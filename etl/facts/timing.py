"""When a figure holds: the period mention it belongs to, and the document's running context
for figures that name none ("He noted that ... 3%" after a paragraph about 2022)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from etl.facts.periods import PeriodMention, resolve, year_of
from etl.facts.quantities import Quantity
from etl.facts.text import Sentence

# Possessive quantifiers (*+, ++) keep these linear on adversarial input: nothing to backtrack.
_ATTACH_GAP = re.compile(
    r"\s*+\)?\s*+(?:[A-Za-z'’-]++\s++){0,3}?(?:in|of|during|for|by|as\s+of|at\s+the\s+end\s+of"
    r"|through|over|throughout|since|between|from)?\s*+$",
    re.IGNORECASE,
)


_ATTACH_LEFT = re.compile(
    r"(?:['’]s)?\s++(?:total|figure|level|volume|turnover|trade|value)\s++"
    r"(?:of|was|stood\s+at|reached)\s*+\$?\s*+$",
    re.IGNORECASE,
)


_GAP_BREAK = re.compile(r"[,;]|\b(?:and|or|but|while|whereas|with|to|compared|than)\b", re.I)


PRESENT_TENSE = re.compile(
    r"\b(?:is|are|stands?|remains?|now|currently|accounts?\s+for|makes?\s+up|represents?"
    r"|transits?|pass(?:es)?|cross(?:es)?|goes|ships|carries|has\s+become|have\s+become)\b",
    re.IGNORECASE,
)


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:\w+\s+){0,2}\$?\s*$", re.IGNORECASE)


@dataclass
class PeriodContext:
    """What the document has said about time so far (for figures that do not say)."""

    published: date | None
    current: dict[str, str] = field(default_factory=dict)  # last actual period per metric family
    named: str | None = None  # named since that figure, in this paragraph ("He said in 2013 ...")
    mentioned: str | None = None  # the last period the text named (for "over the same period")


def attached_mention(
    text: str, q: Quantity, mentions: Sequence[PeriodMention]
) -> PeriodMention | None:
    """A period written against the figure: '$10.7 billion in 2001', 'the 2023 total of 22.7'."""
    for mention in reversed(mentions):
        if mention.end <= q.start:
            gap = text[mention.end : q.start]
            if len(gap) <= 30 and _ATTACH_LEFT.fullmatch(gap):
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
            ):
                return None if mention.base else mention
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
    if attached is not None:
        return attached
    clause = next((c for c in clauses if c[0] <= q.start < c[1]), (sentence.start, sentence.end))

    target_starts = [t.start for t in sentence_targets]

    def usable(m: PeriodMention) -> bool:
        if m.base:
            return False
        if id(q) not in targets and any(start < m.start for start in target_starts):
            return False  # after a target in the sentence, a year is the target's
        owner = claimed.get(m.start)
        if owner is None or owner is q:
            return True
        if id(owner) in targets:
            return False  # "the $200 billion target for 2024": that year is the target's
        # "up from $240.1 billion in 2023": that year belongs to the base figure only
        return not _FROM_BEFORE.search(text[max(0, owner.start - 30) : owner.start])

    left_clause = [m for m in mentions if clause[0] <= m.start and m.end <= q.start and usable(m)]
    if left_clause:
        return left_clause[-1]
    right_clause = [m for m in mentions if m.start >= q.end and m.end <= clause[1] and usable(m)]
    if right_clause:
        return right_clause[0]
    left = [m for m in mentions if m.end <= q.start and usable(m)]
    if left:
        return left[-1]
    right = [m for m in mentions if m.start >= q.end and usable(m)]
    if right:
        return right[0]
    return None


_TIME_PREPOSITION = re.compile(
    r"\b(?:in|during|for|of|by|through|throughout|until|as\s+of|since|at\s+the\s+end\s+of)\s+(?:the\s+)?$",
    re.I,
)


_STANDS_ALONE = re.compile(r"\s*(?:[,.;:()\[\]]|[-–—]\s|$)")


def frames_time(text: str, mention: PeriodMention) -> bool:
    """'in 2013, China ...' sets the time of what follows; 'Russia's 2014 annexation' does not."""
    if mention.kind != "year":
        return True
    if _TIME_PREPOSITION.search(text, max(0, mention.start - 20), mention.start):
        return True
    # a year standing alone ("China-Russia trade, 2023"), not modifying a noun
    return bool(_STANDS_ALONE.match(text, mention.end))


def conflicting(
    chosen: PeriodMention,
    mentions: Sequence[PeriodMention],
    resolved: str,
    ctx: PeriodContext,
    claimed: dict[int, Quantity],
    q: Quantity,
) -> bool:
    """'this year ... in the first two months of 2013' in a 2014 article cannot both hold."""
    if chosen.kind == "relative" or not chosen.years:
        return False
    for mention in mentions:
        if mention is chosen or mention.base or mention.kind != "relative":
            continue
        if claimed.get(mention.start, q) is not q:
            continue  # "this year" written against another figure is that figure's
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
    year = int(resolved[0])
    for mention in mentions:
        if mention is chosen or mention.base or mention.years:
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
