"""Stage 3 — link quantities to catalog metrics: which metric, entity, period, status.

The rules are general; the words are data (`data/cues.yaml`). For each figure:
  1. its *role* from its kind and nearby words (etl.facts.roles);
  2. its *frame* from the nearest cue (etl.facts.frames); a blocker frame drops the figure;
  3. its *entity* (etl.facts.entities), *period* (etl.facts.timing) and *status*.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from etl.facts import scan
from etl.facts.catalog import Catalog
from etl.facts.cues import Cues
from etl.facts.entities import (
    Mention,
    attribution_for,
    commodity_for,
    contract_for,
    find_country_mentions,
    find_pipeline_mentions,
    nearest_commodity,
    pipeline_for,
    pipeline_status,
    rank_subject,
    sentence_owner,
    subject_country,
    third_party_pair,
    trade_owner,
)
from etl.facts.frames import CueHit, anchored_hits, choose_frame, compared_at, find_cue_hits
from etl.facts.periods import (
    MONTHS,
    PeriodMention,
    find_period_mentions,
    resolve,
    shift_years,
    year_of,
    year_only,
)
from etl.facts.quantities import Quantity
from etl.facts.roles import (
    change_of_physical,
    is_component,
    names_goal,
    role_of,
    stretch_start,
    target_figures,
    vetoed,
)
from etl.facts.tables import (
    cell_base_year,
    cell_year,
    column_header,
    column_is_forecast,
    header_cells,
    is_change_column,
    is_year_earlier_column,
    level_of_change_column,
    row_label_and_caption,
)
from etl.facts.text import Sentence, clause_bounds, is_heading, is_list_item
from etl.facts.timing import (
    PRESENT_TENSE,
    PeriodContext,
    attached_mention,
    base_years_back,
    choose_period_mention,
    conflicting,
    document_runs,
    family,
    frames_time,
    in_when_clause,
    is_baseline_figure,
    is_deadline,
    is_run,
    is_since_when_figure,
    month_on_month,
    refine_months,
    run_of_length,
    says_month_on_month,
    sentence_anchor,
    split_from_to,
    story_period,
    year_for_yearless,
)
from etl.model import Document, Fact

#: A forecast with no year that still names its year: "likely to reach $14 billion, a new
#: high for the fifth consecutive year", "for the full year", "by the end of the year".
_THIS_YEARS_TOTAL = re.compile(
    r"\b(?:consecutive|straight|successive)\s+years?\b|\bfor\s+the\s+(?:full|whole|entire)\s+year\b"
    r"|\b(?:by|at|towards?)\s+(?:the\s+)?(?:end\s+of\s+the\s+year|year[\s-]end)\b",
    re.IGNORECASE,
)
#: Metrics a question ("Is Russia now China's biggest oil supplier?") cannot state.
QUESTION_SHY = frozenset(
    {
        "energy.supplier_rank", "energy.oil.discount", "arms.export_share",
        "logistics.rail_transit_share", "macro.gdp.ratio_russia_to_china",
        "trade.bilateral.multiple",
    }
)  # fmt: skip
#: A length in brackets right after another length: its conversion ("4,300 km (2,670 miles)").
_CONVERTED = re.compile(
    r"\d[\s-]?(?:km|kilomet(?:er|re)s?|miles?)\s*\(\s*(?:about\s+|some\s+)?$", re.I
)
#: Where a sentence's next clause of its own begins.
_COORDINATED = re.compile(r";|,\s*(?:and|but|while|whereas|yet)\b|\s(?:while|whereas)\s", re.I)
#: A rank newly reached, its period unsaid: "has become", "has overtaken", "has emerged as".
_NEWLY = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|just\s+|recently\s+)?(?:become|overtaken|emerged\s+as|risen\s+to"
    r"|climbed\s+to|moved\s+(?:up\s+)?to)\b",
    re.IGNORECASE,
)
#: A sentence that ends in a question mark (perhaps inside bold or quotes).
_QUESTION_END = re.compile(r"\?[\s*_\"'”’»)]*+$")
#: A country named right before a figure, with at most its verb and a qualifier between:
#: "India took 34 %", "China 18 %", "India's 34 %", "Belarus, with 87 %".
_COUNTRY_AT_FIGURE = re.compile(
    r"\b[A-Z][a-z]++(?:\s[A-Z][a-z]++)?(?:['’ʼ]s)?,?(?:\s+|\s*+\(\s*+|\s*+\|\s*+|\s*+:\s*+|\s++[—–-]\s++)(?:(?:took|received|got|bought|imported"
    r"|accounted\s+for|accounts\s+for|had|with|at|for|handled|carried|saw)\s+)?(?:(?:about|around|nearly|almost|some"
    r"|roughly|just\s+over|just\s+under|over|more\s+than|less\s+than)\s+)?$"
)
#: A rank held over an unsaid stretch of the past, or one only foreseen: "for several years
#: China's top supplier", "once its biggest", "on course to remain China's biggest supplier".
_RANK_NOT_OF_A_PERIOD = re.compile(
    r"\b(?:for\s+(?:several|many|some|a\s+few|years|decades|(?:two|three|four|five|\d+)\s+years)"
    r"|formerly|once(?!\s+(?:again|more))|previously|until\s+recently|on\s+(?:course|track)\s+to|set\s+to"
    r"|expected\s+to|likely\s+to|poised\s+to|could|would|might|aims?\s+to|hopes?\s+to)\b"
    r"[^.;,]{0,40}$",
    re.IGNORECASE,
)
#: A change to a new level, written before a base figure: "rose 12.1% to $75.9 bln from".
_BASE_OF_CHANGE = re.compile(
    r"\b(?:r[io]se|rising|grew|growing|increased|climbed|jumped|surged|fell|dropped|declined"
    r"|slipped|slid|shrank|decreased|up|down)\b(?:[^.;]|\.(?=\d)){0,80}?\bto\s++(?:about\s++"
    r"|nearly\s++)?(?:US)?\$?\s*+\d(?:[^.;]|\.(?=\d)){0,60}?\bfrom\s++(?:about\s++|nearly\s++"
    r"|some\s++)?(?:US)?\$?\s*+$",
    re.IGNORECASE,
)
#: "India's top", "Turkey's biggest": whose supplier a rank is
_POSSESSOR = re.compile(r"\b((?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’ʼ]s?\s+(?:\w+[\s-]+)?$")
#: Delivered volumes: a part of a total is not one of them, and a third country's is not.
COMPONENT_METRICS = ("energy.gas.exports_to_china", "energy.oil.exports_to_china")
#: The direction metrics and their opposites, for "went the other way".
_OPPOSITE = {"china_to_russia": "russia_to_china", "russia_to_china": "china_to_russia"}
_OPPOSITE_SHARE = {
    "trade.share.china_in_russia": "trade.share.russia_in_china",
    "trade.share.russia_in_china": "trade.share.china_in_russia",
}
#: How many sentences back a cue-less sentence may borrow frames from.
INHERIT_SENTENCES = 2


#: Families whose levels hold for a year or a run of months, never for a span of years.
SPANLESS_FAMILIES = frozenset({"trade", "energy"})
_YEAR_SPAN = re.compile(r"\d{4}/\d{4}")
#: How many sentences back to look for them at most.
INHERIT_LOOKBACK = 6
#: A span of years ("2014/2020").
_SPAN = re.compile(r"\d{4}/\d{4}")
#: The level a change ends at: "..., to 83.4 Mt", "reaching 83.4 Mt".
_LEVEL_REACHED = re.compile(
    r"(?:\bto|\breaching|\bhitting|\bat)\s+(?:(?:about|around|nearly|almost|some|roughly"
    r"|over|more\s+than|a\s+record(?:\s+high)?(?:\s+of)?)\s+)?$",
    re.IGNORECASE,
)
#: Mentions that name months (an end month for "so far this year").
_MONTH_KINDS = frozenset({"month", "months", "month_list"})
#: A clause that is only "to" and the figure ("..., to 9 bcm") completes the verb before it.
_CONTINUES_VERB = re.compile(
    r"[\s,]*+(?:to|at)\s++(?:(?:about|around|nearly|almost|some|roughly|over|more\s+than|just"
    r"|a\s+record(?:\s+high)?(?:\s+of)?)\s++)*+",
    re.IGNORECASE,
)
#: How far back in its clause a status word ("will", "target") may govern a figure.
STATUS_REACH = 200


def link_document(
    doc: Document,
    quantities: Sequence[Quantity],
    sentences: Sequence[Sentence],
    cues: Cues,
    catalog: Catalog,
) -> list[Fact]:
    text = doc.text
    keep_whole = [(q.start, q.end) for q in quantities]
    mentions_all = find_period_mentions(text)
    pipelines = find_pipeline_mentions(text, cues)
    ctx = PeriodContext(published=doc.published)
    ctx.runs = document_runs(mentions_all, doc.published)
    hit_cache: dict[int, list[CueHit]] = {}
    frames = ListFrames(ctx)

    def hits_of(index: int) -> list[CueHit]:
        if index not in hit_cache:
            hit_cache[index] = find_cue_hits(text, sentences[index], cues)
        return hit_cache[index]

    def inherited_for(index: int) -> list[list[CueHit]]:
        """Cues of the nearest earlier sentences that have some, within reach; a paragraph
        break without cues counts as an empty one (it weakens inheritance)."""
        found: list[list[CueHit]] = []
        for j in range(index - 1, max(-1, index - 1 - INHERIT_LOOKBACK), -1):
            hits = hits_of(j)
            if hits:
                found.append(hits)
            elif is_list_item(text, sentences[j]):
                continue  # the items of a list share the cues of its heading
            elif j > 0 and _in_list_item(text, sentences, j - 1) and is_heading(text, sentences[j]):
                # "**MONTH**" after a list's items opens a new section: its items take the
                # topic of the text before the list, not the last section's
                before = range(frames.lead, max(-1, frames.lead - INHERIT_LOOKBACK), -1)
                lead = next((hits_of(k) for k in before if hits_of(k)), [])
                return [lead] if lead else []
            elif j > 0 and sentences[j].paragraph != sentences[j - 1].paragraph:
                found.append([])
            if len(found) == INHERIT_SENTENCES:
                break
        return found[::-1]

    facts: list[Fact] = []
    components: set[int] = set()  # ids of facts that are one part of a total
    qi = 0
    mi = 0
    for sentence in sentences:
        while qi < len(quantities) and quantities[qi].start < sentence.start:
            qi += 1
        sentence_qs = []
        while qi < len(quantities) and quantities[qi].end <= sentence.end:
            sentence_qs.append(quantities[qi])
            qi += 1
        while mi < len(mentions_all) and mentions_all[mi].start < sentence.start:
            mi += 1
        mentions = []
        while mi < len(mentions_all) and mentions_all[mi].end <= sentence.end:
            mentions.append(mentions_all[mi])
            mi += 1
        frames.enter(text, sentence, bool(sentence_qs))
        if sentence_qs:
            _link_sentence(
                doc, sentence, sentence_qs, mentions, hits_of, inherited_for, keep_whole,
                pipelines, ctx, cues, catalog, facts, sentences, components,
            )  # fmt: skip
        else:
            _carry_context(text, mentions, ctx, [], emitted_any=False)
        frames.leave()
        following = sentences[sentence.index + 1] if sentence.index + 1 < len(sentences) else None
        # a heading or a list line ("Trade with Russia, 2023", "- Exports: $111bn") frames
        # the lines below it; a paragraph of prose frames only itself
        paragraph_ends = following is None or following.paragraph != sentence.paragraph
        # an interviewer's question frames the answer below it, like a heading
        question = bool(_QUESTION_END.search(text, sentence.start, sentence.end))
        framing = question or is_heading(text, sentence)
        ctx.asked = ctx.named if question and not sentence_qs else None
        if paragraph_ends and (following is None or not framing):
            ctx.named = None
    return _without_restatements(_without_superseded(_without_parts(facts, components), text), text)


#: A list item that is a country's label and its figure: "- India: 34%", "2. China — 21%".
_ITEM_LABEL = re.compile(
    r"[ \t]*+(?:[-•*–—]|\d{1,2}[.)])\s++(?:\*\*)?[A-Z][a-z]++(?:\s[A-Z][a-z]++)?(?:\*\*)?"
    r"\s*+(?:[:–—-]|\()\s*+(?:(?:about|around|nearly|almost|some|roughly|over)\s++)?$"
)


def _list_lead(text: str, sentences: Sequence[Sentence], sentence: Sentence) -> Sentence | None:
    """The line that introduces the list this item is in, when it ends with a colon."""
    if not is_list_item(text, sentence):
        return None
    index = sentence.index - 1
    while index >= 0 and _in_list_item(text, sentences, index):
        index -= 1  # (an item may run to several sentences)
    if index < 0 or sentence.index - index > 2 * INHERIT_LOOKBACK:
        return None
    lead = sentences[index]
    return lead if text[lead.start : lead.end].rstrip().endswith(":") else None


def _in_list_item(text: str, sentences: Sequence[Sentence], index: int) -> bool:
    """Is the sentence (or the first of its line) a list item?"""
    first = index
    while first > 0 and sentences[first - 1].paragraph == sentences[index].paragraph:
        first -= 1
    return is_list_item(text, sentences[first])


class ListFrames:
    """A factbox or a list cut into sections by headings ("**BY DIRECTION**", "**SHARES**"):
    the items of a new section hold for the period the section's heading names, else for the
    one that held before the list began; the last item of the section before ("- December
    2024: $21.6 bn", "- Since 2000, ...") does not date them. Within one section, items run
    on like sentences ("- Jan-Oct: $200 bn" then "- Split: ...")."""

    def __init__(self, ctx: PeriodContext) -> None:
        self.ctx = ctx
        self.frame: tuple[str | None, dict[str, str], str | None] | None = None
        self.item_paragraph = -1
        self.heading = False
        self.new_section = False
        self.lead = -1  # the last sentence before the list began

    def enter(self, text: str, sentence: Sentence, has_figures: bool) -> None:
        ctx = self.ctx
        item = is_list_item(text, sentence)
        continuation = not item and sentence.paragraph == self.item_paragraph
        self.heading = False
        if item:
            self.item_paragraph = sentence.paragraph
            if self.frame is None:
                self.frame = (ctx.named, dict(ctx.current), ctx.mentioned)
                self.lead = sentence.index - 1
            elif self.new_section:
                named, current, mentioned = self.frame
                ctx.named, ctx.current, ctx.mentioned = named, dict(current), mentioned
            self.new_section = False
        elif continuation or self.frame is None:
            return
        elif is_heading(text, sentence) and not has_figures:
            self.heading = self.new_section = True
            ctx.named = None
        else:  # prose again: the list is over
            self.frame, self.new_section = None, False

    def leave(self) -> None:
        if self.frame is not None and self.heading and self.ctx.named:
            # "**2023**" inside a list frames the items below it
            self.frame = (self.ctx.named, self.frame[1], self.frame[2])


#: "raising capacity from 15 million to 30 million tonnes": 15 is the old level.
_RAISED_FROM = re.compile(
    r"\b(?:rais|increas|expand|boost|doubl|lift|upgrad|grow|grew|ramp)\w*\b[^.;]{0,120}?"
    # (any unit between: "from 15 million tonnes to", "from 15mn t/yr to")
    r"\bfrom\s+(?P<old>\d+(?:[.,]\d+)?)[^\d.;]{0,30}?\bto\s+\d"
    # "capacity 30 Mt a year since 2018 (previously 15 Mt)"
    r"|\b(?:capacity|throughput)\b[^.;]{0,80}?\((?:previously|formerly|up\s+from|before\s+that)\s+(?P<prior>\d+(?:[.,]\d+)?)",
    re.IGNORECASE,
)


def _without_superseded(facts: list[Fact], text: str) -> list[Fact]:
    """Drop a capacity the document says was raised from ("from 15 million to 30 million
    tonnes"): a pipeline has one capacity record, and the old level is not it."""
    capacities = [f for f in facts if f.metric == "energy.pipeline.capacity"]
    if not capacities:
        return facts
    old_levels = [
        float((m["old"] or m["prior"]).replace(",", ".")) for m in scan.finditer(_RAISED_FROM, text)
    ]
    return [
        f
        for f in facts
        if f.metric != "energy.pipeline.capacity"
        or not any(abs(f.value - old) <= 0.005 * old for old in old_levels)
    ]


#: What joins a figure to the same figure said again: "a third, or 33 percent" (not a dash:
#: "$115–120bn" is a range; nor a bracket, which may hold last year's level).
_RESTATED = re.compile(
    r"\s*+,\s*+(?:or|i\.\s?e\.|that\s+is)\s*+"
    r"(?:(?:about|around|roughly|nearly|almost|some|close\s+to|just\s+over|just\s+under)\s++)?",
    re.IGNORECASE,
)


def _without_restatements(facts: list[Fact], text: str) -> list[Fact]:
    """ "Close to a third, or 33 percent": one figure said twice is one record, the one
    written in digits (of two in digits, the first)."""
    dropped: set[int] = set()
    for first, second in itertools.pairwise(facts):
        if (first.metric, first.entity, first.period) != (
            second.metric,
            second.entity,
            second.period,
        ) or not _RESTATED.fullmatch(text, first.end, second.start):
            continue
        spelled = not any(ch.isdigit() for ch in first.surface)
        dropped.add(id(first) if spelled else id(second))
    return [f for f in facts if id(f) not in dropped]


def _without_parts(facts: list[Fact], components: set[int]) -> list[Fact]:
    """Drop a part of a total ("2.1 bcm by pipeline") when the document gives a larger figure
    for the same metric and period; with no total, the part is what the text states."""
    if not components:
        return facts
    totals = [f for f in facts if id(f) not in components]
    return [
        f
        for f in facts
        if id(f) not in components
        or not any(
            t.metric == f.metric
            and t.period == f.period
            and t.status == f.status
            and t.value > f.value
            for t in totals
        )
    ]


#: Before its last month a year's flow total cannot exist yet: such a figure is year-to-date.
LAST_MONTH_OF_YEAR = 12


#: "has already passed", "so far", "to date", "is running at": a running total, months unsaid.
_RUNNING_TOTAL = re.compile(
    r"\b(?:already|so\s+far|to\s+date|thus\s+far|is\s+running\s+at|are\s+running\s+at)\b",
    re.IGNORECASE,
)


def _unfinished_year(period: str, published: date | None, sentence_text: str) -> bool:
    if published is None or period != str(published.year):
        return False
    return published.month < LAST_MONTH_OF_YEAR or bool(_RUNNING_TOTAL.search(sentence_text))


#: A span of several years ("2000/2024"): a stretch of history, not a period a story is in.
_YEARS_SPAN = re.compile(r"\d{4}/\d{4}")


def _carry_context(
    text: str,
    mentions: Sequence[PeriodMention],
    ctx: PeriodContext,
    emitted_periods: Sequence[tuple[str, str]],
    emitted_any: bool,
) -> None:
    """The running context: the last actual figure's period per family; a sentence without
    figures moves it to the period it names ("He said that in 2013 ..."); a target does not."""
    explicit = [
        m
        for m in mentions
        # (an event's date names the narrative's year: "The spur opened in 2011. A year later")
        if (m.role == "period" or m.event)
        and m.kind not in ("anaphor", "run_anaphor", "since")  # "since 2000": no one period
        and frames_time(text, m)
    ]
    named = resolve(explicit[-1], ctx.published, ctx.named) if explicit else None
    # a fold change's span "2000/2024" is no period for the figures after it (an arms share's
    # five years are: "China received 19 per cent in the same period")
    emitted_periods = [
        (f, p)
        for f, p in emitted_periods
        if f not in SPANLESS_FAMILIES or not _YEARS_SPAN.fullmatch(p)
    ]
    if emitted_periods:
        ctx.current.update(emitted_periods)
        ctx.named = None
    elif not emitted_any and named:
        ctx.named = named[-1]
    if named:
        ctx.mentioned = named[-1]


@dataclass
class SentenceState:
    """What every figure of one sentence shares: its cues, periods, clauses and credits."""

    sentence: Sentence
    figures: Sequence[Quantity]
    hits: Sequence[CueHit]
    inherited: Sequence[Sequence[CueHit]]
    mentions: Sequence[PeriodMention]
    clauses: Sequence[tuple[int, int]]
    context_text: str  # this sentence and the one before (for frames' `requires`)
    previous: Sentence | None = None  # the sentence before, for a pronoun's owner ("Its exports")
    answered: int | None = None  # the sentence before, when it is a question this one answers
    claimed: dict[int, Quantity] = field(default_factory=dict)  # mention start → its figure
    targets: frozenset[int] = frozenset()  # ids of the figures that are declared targets
    column_hits: dict[int, list[CueHit]] = field(default_factory=dict)  # figure id → its column's
    column_spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # → its header cell
    item_hits: dict[int, list[CueHit]] = field(default_factory=dict)  # → its list's lead's
    _attribution: list[str | None] = field(default_factory=list)

    def attribution(self, text: str, cues: Cues) -> str | None:
        if not self._attribution:
            self._attribution.append(attribution_for(text, self.sentence, cues))
        return self._attribution[0]

    @property
    def target_figures(self) -> list[Quantity]:
        return [q for q in self.figures if id(q) in self.targets]


def _link_sentence(
    doc: Document,
    sentence: Sentence,
    sentence_qs: Sequence[Quantity],
    mentions: Sequence[PeriodMention],
    hits_of: Callable[[int], list[CueHit]],
    inherited_for: Callable[[int], list[list[CueHit]]],
    keep_whole: Sequence[tuple[int, int]],
    pipelines: Sequence[Mention],
    ctx: PeriodContext,
    cues: Cues,
    catalog: Catalog,
    facts: list[Fact],
    sentences: Sequence[Sentence],
    components: set[int],
) -> None:
    text = doc.text
    hits = hits_of(sentence.index)
    previous = sentences[sentence.index - 1] if sentence.index > 0 else None
    inherited: Sequence[Sequence[CueHit]] = []
    if not hits:
        whole = _whole_of_part(text, sentence, mentions, ctx, facts, sentences, hits_of)
        inherited = [whole] if whole else inherited_for(sentence.index)
    elif sentence_qs and all(h.start >= sentence_qs[0].end for h in hits):
        # cues only after the first figure: "That is a 25.8% jump, outpacing its trade with
        # ..." may still borrow, if a pronoun subject says so (the linker checks)
        inherited = inherited_for(sentence.index)
    lead = _list_lead(text, sentences, sentence)
    state = SentenceState(
        sentence=sentence,
        figures=sentence_qs,
        hits=hits,
        inherited=inherited,
        mentions=mentions,
        clauses=clause_bounds(text, sentence.start, sentence.end, keep_whole),
        # (a list's items are read with the line that introduces them)
        context_text=text[
            (lead.start if lead else previous.start if previous else sentence.start) : sentence.end
        ],
        previous=previous,
        answered=(
            previous.index
            if previous is not None and _QUESTION_END.search(text, previous.start, previous.end)
            else None
        ),
        targets=target_figures(text, sentence_qs, sentence, cues),
    )
    if "|" in text[sentence.start : sentence.end]:
        # a figure in a table's body takes the cue heading its column, if that has one
        starts = [s.start for s in sentences]
        for q in sentence_qs:
            span = column_header(text, q.start)
            if span is not None:
                index = bisect.bisect_right(starts, span[0]) - 1
                header = hits_of(index)
                # (a header naming other columns' metrics but none for this one leaves the
                # column's figures without a frame: "Change, %" beside two flows is neither's)
                state.column_spans[id(q)] = span
                if header:
                    own = [h for h in header if span[0] <= h.start and h.end <= span[1]]
                    subjects = {h.frame.accepts.get("money") for h in header} - {None}
                    left = level_of_change_column(text, q.start)
                    if left is not None and not any(
                        "percent_change" in h.frame.accepts for h in own
                    ):
                        # "| Turnover | Change on previous year (%) |": a change column
                        # without a subject of its own is the change of the column before
                        own = [h for h in header if left[0] <= h.start and h.end <= left[1]]
                    # a header with one subject ("Turnover, $bn | y/y, %") is every column's
                    state.column_hits[id(q)] = own or (header if len(subjects) == 1 else [])
    if lead is not None:
        # "Main recipients of Russian arms exports, 2019-2023:" over "- India: 34%": the
        # introducing line's figure-bound cue, one that names its countries, is each labelled
        # item's own
        bound = [h for h in hits_of(lead.index) if h.frame.entity]
        line_start = text.rfind("\n", 0, sentence.start) + 1
        for q in sentence_qs:
            if bound and _ITEM_LABEL.match(text[line_start : q.start]):
                state.item_hits[id(q)] = bound
    for q in sentence_qs:
        attached = attached_mention(text, q, mentions)
        if attached is not None:
            state.claimed.setdefault(attached.start, q)
    emitted_periods: list[tuple[str, str]] = []
    emitted_any = False
    respective = _respective_changes(text, sentence, sentence_qs)
    for q in sentence_qs:
        linked = _link_quantity(doc, q, state, pipelines, ctx, cues, catalog, facts)
        if id(q) in respective and q.kind == "percent":
            linked = _as_respective(
                text, q, sentence, respective[id(q)], facts, hits, cues, catalog
            ) or [f for f in linked if not f.metric.startswith("trade.")]
        elif id(q) in respective and linked:
            # "Exports to Russia and imports from Russia came to $115.5 billion and $129.3
            # billion": levels joined by "and" take the flows their cues name, in order
            linked = _paired_level(q, respective[id(q)], linked, hits, catalog) or linked
        for fact in linked:
            facts.append(fact)
            if fact.metric in COMPONENT_METRICS and is_component(text, q, sentence, cues):
                components.add(id(fact))
            emitted_any = True
            if (
                fact.period
                and fact.status == "actual"
                and not catalog.metric(fact.metric).timeless
                and not is_baseline_figure(text, q)  # a base figure is not what the story is at
                and not in_when_clause(text, q)  # "since 2000, when trade was worth $8 billion"
                and not is_since_when_figure(text, q, state.mentions)
                # "since 2000, ... grown 30-fold": a span of years is a change's, never the
                # period a later trade or energy level holds for
                and not (
                    family(fact.metric) in SPANLESS_FAMILIES and _YEAR_SPAN.fullmatch(fact.period)
                )
                # "... $11.8 billion in 2002. In 2001 it had amounted to $10.67 billion.": an
                # earlier year's level of a figure the story already gave is a comparison,
                # and the sentences after it go on about the story's year
                and not _looks_back(fact, ctx.story, facts)
                # "US$107.8 bn (2019: US$110.9 bn)": a comparison in brackets after a figure
                and not _bracketed_after_figure(text, q, sentence_qs)
            ):
                emitted_periods.append((family(fact.metric), fact.period))
                if story_period(fact.period):
                    ctx.story = fact.period
                    if is_run(fact.period):
                        ctx.run = fact.period
    _carry_context(text, mentions, ctx, emitted_periods, emitted_any)


#: "..., an increase of 4.1% and a decrease of 1.2% respectively": changes listed in the order
#: of the levels before them.
_RESPECTIVELY = re.compile(r"[\s,)]*+respectively\b", re.IGNORECASE)
#: What may join two levels of one "respectively" group ("$115.5 billion and $129.3 billion").
_JOINED = re.compile(r"\s*+(?:,\s*+)?(?:and\s++)?", re.IGNORECASE)


#: The pluperfect, which tells a look back from the story's time ("it had amounted to").
_PLUPERFECT = re.compile(
    r"\bhad\s++(?:\w+ly\s++)?(?:been|amounted|reached|totall?ed|stood|come|risen|fallen|grown|hit)\b",
    re.I,
)


def _bracketed_after_figure(text: str, q: Quantity, figures: Sequence[Quantity]) -> bool:
    """Is the figure inside brackets opened after another figure of its sentence?"""
    first = figures[0]
    if first is q:
        return False
    # (looked for only between the sentence's first figure and this one: a bounded stretch)
    opening = text.rfind("(", first.end, q.start)
    return opening >= 0 and text.find(")", opening, q.start) < 0


def _looks_back(fact: Fact, story: str | None, facts: Sequence[Fact]) -> bool:
    """Is the fact, told in the pluperfect ("had amounted to") or the year before the story's
    ("... $107.1 billion in 2018. The volume in 2017 was $84.2 billion."), an earlier year's
    level of a metric the document already gave for the story's period?"""
    fact_year, story_year = year_of(fact.period), year_of(story)
    if fact_year is None or story_year is None or fact_year >= story_year:
        return False
    if not _PLUPERFECT.search(fact.sentence) and fact_year != story_year - 1:
        return False
    return any(f.metric == fact.metric and f.period == story for f in facts if f is not fact)


def _respective_changes(
    text: str, sentence: Sentence, figures: Sequence[Quantity]
) -> dict[int, tuple[int, int]]:
    """For each percentage of a group closed by "respectively", (its place, the group's size):
    the group is the run of percentages right before the word."""
    places: dict[int, tuple[int, int]] = {}
    for i, q in enumerate(figures):
        if q.kind != "percent" or not _RESPECTIVELY.match(text, q.end, sentence.end):
            continue
        group = [q]
        for earlier in reversed(figures[:i]):
            if earlier.kind != "percent":
                break
            group.insert(0, earlier)
        if len(group) >= 2:
            places.update({id(change): (place, len(group)) for place, change in enumerate(group)})
        break
    # money levels joined by nothing but "and" or a comma: "$115.5 billion and $129.3 billion"
    run: list[Quantity] = []
    runs: list[list[Quantity]] = []
    for figure in figures:
        if figure.kind == "money" and run and _JOINED.fullmatch(text, run[-1].end, figure.start):
            run.append(figure)
            continue
        runs.append(run)
        run = [figure] if figure.kind == "money" else []
    runs.append(run)
    for levels in runs:
        if len(levels) >= 2:
            places.update({id(level): (place, len(levels)) for place, level in enumerate(levels)})
    return places


def _flows_named(hits: Sequence[CueHit], role: str, before: int) -> list[str]:
    """The distinct trade metrics the cues before a position name for a role, in order."""
    flows: list[str] = []
    for hit in sorted(hits, key=lambda h: h.start):
        named = hit.frame.accepts.get(role)
        if hit.start < before and named and named.startswith("trade.") and named not in flows:
            flows.append(named)
    return flows


def _paired_level(
    q: Quantity,
    place: tuple[int, int],
    linked: Sequence[Fact],
    hits: Sequence[CueHit],
    catalog: Catalog,
) -> list[Fact]:
    """A level at its place in a run of levels joined by "and": the flow the sentence's cues
    name at that place, when they name exactly as many different trade flows as the run
    holds (otherwise nothing: the figure keeps its own frame)."""
    index, size = place
    flows = _flows_named(hits, "money", q.start)
    if len(flows) != size or flows[index] not in catalog.metrics:
        return []
    if not all(f.metric.startswith("trade.") and f.metric.endswith(".value") for f in linked):
        return []
    return [replace(f, metric=flows[index]) for f in linked]


def _as_respective(
    text: str,
    q: Quantity,
    sentence: Sentence,
    place: tuple[int, int],
    facts: Sequence[Fact],
    hits: Sequence[CueHit],
    cues: Cues,
    catalog: Catalog,
) -> list[Fact]:
    """The change at its place in a "respectively" group: the growth of the trade level at the
    same place among the sentence's last levels before the group, else of the flow its cues
    name in that order ("China's exports to and imports from Russia ... up 12.6 percent and
    43.2 percent respectively"). Nothing when neither pairs off one to one with the changes:
    then the order means nothing we can read, and no trade figure is taken from the group."""
    index, size = place
    role, sign = role_of(text, q, sentence, cues)
    if role != "percent_change":
        return []
    levels = [
        f
        for f in facts
        if sentence.start <= f.start < q.start and f.unit == "usd" and f.metric.endswith(".value")
    ]
    if not levels:
        return []
    if len(levels) >= size:
        paired = levels[-size:][index]
        metric, period = paired.metric.removesuffix(".value") + ".growth", paired.period
    else:
        flows = _flows_named(hits, "percent_change", q.start)
        if len(flows) != size:
            return []
        metric, period = flows[index], levels[-1].period
    if metric not in catalog.metrics:
        return []
    return [
        replace(
            levels[-1],
            metric=metric,
            period=period,
            value=abs(q.value) * sign,
            unit="percent",
            qualifier=q.qualifier,
            start=q.start,
            end=q.end,
            surface=q.surface,
        )
    ]


#: "October alone: $19.6bn", "In the fourth quarter alone, ...": a part of a stretch just given.
_ALONE = re.compile(r"\s*+(?:,\s*+)?alone\b", re.IGNORECASE)
#: How far into a sentence its "X alone" may stand (characters): it opens the sentence.
ALONE_REACH = 40


def _whole_of_part(
    text: str,
    sentence: Sentence,
    mentions: Sequence[PeriodMention],
    ctx: PeriodContext,
    facts: Sequence[Fact],
    sentences: Sequence[Sentence],
    hits_of: Callable[[int], list[CueHit]],
) -> list[CueHit]:
    """A sentence without cues opened by "October alone" speaks of the figure whose run of
    months holds October (the topic the part is cut from), even after a sentence on something
    else; of several such figures, the two-way total. Its cues are that figure's sentence's."""
    opening = next(
        (
            m
            for m in mentions
            if m.start - sentence.start <= ALONE_REACH
            and m.kind in ("month", "months")
            and not m.base
            and (m.text.lower().endswith("alone") or _ALONE.match(text, m.end))
        ),
        None,
    )
    if opening is None:
        return []
    part = resolve(opening, ctx.published, ctx.named)
    if not part:
        return []
    own = _month_span(part[0])
    if own is None:
        return []
    wholes = []
    for fact in reversed(facts):
        span = _month_span(fact.period or "")
        if (
            fact.status == "actual"
            and span is not None
            and span != own
            and span[0] <= own[0]
            and own[1] <= span[1]
        ):
            wholes.append(fact)
    if not wholes:
        return []
    whole = next((f for f in wholes if ".bilateral." in f.metric), wholes[0])
    starts = [s.start for s in sentences]
    index = bisect.bisect_right(starts, whole.start) - 1
    return [h for h in hits_of(index) if whole.metric in h.frame.accepts.values()]


def _month_span(period: str) -> tuple[int, int] | None:
    """(first, last) month of a period as year*12+month ("2023-01/2023-10", "2016"); None
    for anything else (several years, no period)."""
    if re.fullmatch(r"\d{4}", period):
        return int(period) * 12 + 1, int(period) * 12 + 12
    found = re.fullmatch(r"(\d{4})-(\d\d)(?:/(\d{4})-(\d\d))?", period)
    if not found:
        return None
    y1, m1, y2, m2 = found.groups()
    start = int(y1) * 12 + int(m1)
    return start, (int(y2) * 12 + int(m2)) if y2 else start


def _link_quantity(
    doc: Document,
    q: Quantity,
    state: SentenceState,
    pipelines: Sequence[Mention],
    ctx: PeriodContext,
    cues: Cues,
    catalog: Catalog,
    earlier: Sequence[Fact] = (),
) -> list[Fact]:
    sentence, hits, inherited, mentions = (
        state.sentence,
        state.hits,
        state.inherited,
        state.mentions,
    )
    claimed, clauses, context_text = state.claimed, state.clauses, state.context_text
    column = state.column_hits.get(id(q))
    text = doc.text
    role, sign = role_of(text, q, sentence, cues)
    target = role == "money" and id(q) in state.targets
    if target:
        role = "money_target"
    touching = anchored_hits(text, q, sentence, cues)
    if column is not None and not hits:
        # a table cell under a header: the header's cue is the cell's own, as if beside it
        touching, inherited = [*touching, *column], []
    if id(q) in state.item_hits:
        touching = [*touching, *state.item_hits[id(q)]]
    pronoun_subject = bool(inherited) and bool(
        _PRONOUN_SUBJECT.search(text, sentence.start, state.figures[0].start)
    )
    answered = state.answered
    hit = choose_frame(
        q, role, hits, inherited, context_text, touching, text, pronoun_subject, answered
    )
    if hit is None and role == "money_target" and names_goal(text, q):
        # "Officials now say the $200 billion goal set for 2024 will be reached": a goal with
        # no cue of its own, in a text about China–Russia trade, is that trade's goal
        hit = _topic_hit(text, cues, sentence.index)
    if hit is None and role == "money_target":
        role = "money"
        hit = choose_frame(
            q, role, hits, inherited, context_text, touching, text, pronoun_subject, answered
        )
    if hit is None:
        return []
    metric = hit.frame.accepts.get(role)
    if metric is None:
        return []
    if vetoed(text, q, sentence, role, metric, cues):
        return []
    if metric == "owner":
        metric = _owner_direction(
            text, q, sentence, hit, hits, role, cues, context_text, state.previous
        )
        if metric is None:
            return []
    if metric == "reverse":
        trend = _trend_subject(text, hits, hit, role)
        if trend is not None:
            # "Its trade with Russia went the other way, climbing 25.7%": the subject's own
            # trend against the one before, not the opposite flow
            hit, metric = trend, trend.frame.accepts.get(role)
        else:
            metric = _reversed_direction(hits, role, min(hit.start, q.start))
        if metric is None:
            return []
    if (
        metric.startswith("trade.")
        and role == "percent_change"
        and change_of_physical(text, q, state.figures)
    ):
        return []  # "imports from Russia rose 8% to 86.2 million tons": the crude's change
    if metric.endswith(".growth") and _OVER_YEARS.match(
        text, q.end, min(sentence.end, q.end + OVER_YEARS_REACH)
    ):
        return []  # "an increase of 16 percent over five years": no year's growth
    if metric.endswith(".growth") and any(
        m.relative == "years_back" and abs(m.start - q.start) <= YEARS_BACK_REACH for m in mentions
    ):
        return []  # "14% above its level two years earlier": against no year before
    value = q.value
    entity: str | None = None
    sentence_text = text[sentence.start : sentence.end]
    context_start = sentence.start - (len(context_text) - len(sentence_text))
    # "Is Russia now China's biggest oil supplier?": a question states no figure
    if metric in QUESTION_SHY and _QUESTION_END.search(sentence_text):
        return []

    if (
        metric.startswith("trade.share.")
        and role == "percent_change"
        and hit.end <= q.start
        and _WHOLE_BEFORE.match(text, hit.start)
        and not is_baseline_figure(text, q)  # "up from 14 percent": the share's earlier level
    ):
        return []  # "the volume of China's foreign trade ..., up 7.6 percent": the whole's change
    if _NEVER_BEFORE.search(text, max(sentence.start, q.start - NEVER_REACH), q.start):
        return []  # "has never much exceeded 2 percent": no period's figure
    if metric == "partner":
        owner = trade_owner(text, sentence, cues)
        if owner is None:
            # "China, Russia's largest partner, accounts for a third of its trade": the whole
            # is the subject's partner's trade
            subject = subject_country(text, sentence, cues)
            owner = {"CN": "RU", "RU": "CN"}.get(subject or "")
        if owner is None:
            return []
        metric = "trade.share.china_in_russia" if owner == "RU" else "trade.share.russia_in_china"
    if metric == "inverse":
        if value <= 1:
            return []
        metric, value = "macro.gdp.ratio_russia_to_china", 1.0 / value
    if role == "percent_change" and metric.endswith(".growth"):
        value = abs(value) * sign
    if q.kind == "fraction" and catalog.metric(metric).unit == "percent":
        value *= 100  # "a third of Russia's trade" is 33.3 percent; "grew by a third" too
    spec = catalog.metric(metric)

    # entity
    if spec.entity_kind == "pipeline":
        entity = pipeline_for(q, sentence, pipelines, catalog, text, cues)
        if entity is None or _sum_of_lines(q, sentence, pipelines, state.figures):
            return []
    elif spec.entity_kind == "country":
        named = iter(_entities_near(q, sentence, hit.frame.entity, text, state.figures))
        raw_entity = (
            hit.groups.get("entity")
            or next(named, None)
            or next(
                (
                    h.groups.get("entity")
                    for h in [*hits, *touching]
                    if h.frame is hit.frame and h.groups.get("entity")
                ),
                None,
            )
        )
        # "India took 34 %, China 18 % and Algeria 14 %", "second only to India's 34 %": in a
        # list, each figure's country is the one named right before it
        listed = _COUNTRY_AT_FIGURE.search(text, max(sentence.start, q.start - 40), q.start)
        country = cues.countries["ENTITY"].match(listed[0]) if listed is not None else None
        if country is not None:
            raw_entity = country.group("entity")
        if not raw_entity:
            return []
        entity = raw_entity.lower()
    elif spec.entity_kind == "commodity":
        window = text[min(hit.start, q.start) : min(sentence.end, max(hit.end, q.end) + 40)]
        # "Russia shipped 13.9 Mt of crude ..., making it China's third-largest supplier": the
        # commodity named earlier in the sentence, or in the sentence before
        entity = (
            commodity_for(window, cues)
            or nearest_commodity(text, context_start, sentence.start, q.start, cues)
            or _commodity_of_delivery(text, sentence, state.figures)
        )
        if entity is None:
            return []

    # a cue naming only one side ("exports to China") leaves the other to the sentence's
    # subject, which must not be a third country ("Saudi Arabia ... increasing exports to China")
    if metric.startswith("trade.") and family(metric) == "trade":
        cue_text = text[hit.start : hit.end]
        sides = sum(1 for key in ("CN", "RU") if cues.countries[key].search(cue_text))
        # (a side named right at the figure, "Russia ($114.5 billion)" in a list of China's
        # partners, is the figure's own, whoever the sentence's subject)
        named_at_figure = sides == 1 and hit in touching
        # (the subject is named before the figure: "..., India followed with $65 billion" is
        # the next clause's)
        before_figure = Sentence(sentence.start, q.end, sentence.paragraph, sentence.index)
        if (
            sides < 2
            and not named_at_figure
            and subject_country(text, before_figure, cues) == "OTHER"
        ):
            return []
        opening = _OPENING_MARKS.match(text, sentence.start, sentence.end)
        subject_at = opening.end() if opening else sentence.start
        if sides < 2 and cues.countries["REGION_SUBJECT"].match(text, subject_at):
            return []
        # "Russia's exports fell 28% to $425 billion overall": one side's trade with everyone
        one_way = metric.startswith(("trade.china_to_russia.", "trade.russia_to_china."))
        if one_way and sides < 2 and _WITH_EVERYONE_AFTER.match(text, q.end, sentence.end):
            return []
        # "Kazakhstan's trade with China reached ... Its trade with Russia came to $16 billion":
        # the pronoun stands for the subject of the sentence before
        if (
            sides < 2
            and state.previous is not None
            and _PRONOUN_OPENER.match(text, subject_at, q.start)
            and subject_country(text, state.previous, cues) == "OTHER"
        ):
            return []  # "Heilongjiang province ... realized trade of $22.4 billion with Russia"
        # "Russia and India aim to raise bilateral trade to $100 billion": that pair's trade
        if sides == 0 and third_party_pair(text, sentence, q, cues):
            return []
        # "Russia and Turkey ... The two leaders set a goal of $100 billion": a sentence naming
        # neither side (or one: "Imports from Russia ...") talks of the last pair named before
        if _last_pair_is_third(text, sentence, cues):
            return []

    # who the figure is about: energy flows and ranks must be Russia's, not a third country's
    if metric in ("energy.supplier_rank", *COMPONENT_METRICS):
        # a delivery's subject is its own stretch's ("..., while Russia delivered 22.7 bcm")
        start = (
            sentence.start if metric == "energy.supplier_rank" else stretch_start(text, sentence, q)
        )
        stretch = Sentence(start, sentence.end, sentence.paragraph, sentence.index)
        if metric == "energy.supplier_rank":
            # a third country's rank is not Russia's, and China is no supplier of its own
            if rank_subject(text, sentence, q, cues) in ("OTHER", "CN"):
                return []
            if _RANK_NOT_OF_A_PERIOD.search(text, max(sentence.start, q.start - 60), q.start):
                return []  # "Russia, for several years China's top supplier, slipped ..."
        elif (
            subject_country(text, stretch, cues) == "OTHER"
            or (
                # "Russia fell to second place as Saudi Arabia surged ahead, shipping 83 Mt": the
                # last country before the figure that a verb follows is the one shipping
                rank_subject(text, stretch, q, cues) == "OTHER"
            )
            or (
                # "Turkmenistan remains China's largest supplier. It sent 33 bcm to China": the
                # pronoun is the subject of the sentence before
                state.previous is not None
                and _PRONOUN_OPENER.match(text, stretch.start, q.start)
                and subject_country(text, state.previous, cues) == "OTHER"
            )
        ):
            return []
        after = text[q.end : min(sentence.end, q.end + 80)]
        # the first destination after the figure is the figure's ("175 bcm to Europe and
        # Turkey, ten times what it sold to China")
        other = re.search(r"\bto\s+(?:the\s+)?" + cues.countries["OTHER"].pattern, after, re.I)
        china = re.search(r"\bto\s+(?:the\s+)?" + cues.countries["CN"].pattern, after, re.I)
        if other is not None and (china is None or other.start() < china.start()):
            return []
        # "Russia was India's top crude supplier": the buyer named right before the rank
        buyer = _POSSESSOR.search(text, max(sentence.start, q.start - 40), q.start)
        if buyer and cues.countries["OTHER"].fullmatch(buyer.group(1)):
            return []

    # "4,300 km (2,670 miles)": the length in brackets after a length is the same, converted
    if metric == "geo.border_length" and _CONVERTED.search(text, max(0, q.start - 30), q.start):
        return []
    # "Russia's border with Kazakhstan is 7,600 km": a border with a third country, unless the
    # sentence names both China and Russia ("longer than its frontier with Mongolia")
    if (
        metric == "geo.border_length"
        and cues.countries["OTHER"].search(sentence_text)
        and not all(cues.countries[side].search(sentence_text) for side in ("CN", "RU"))
    ):
        return []

    # a discount granted to a third country's buyers ("Indian refiners bought Urals at a $20
    # discount") is not one granted to China
    if metric == "energy.oil.discount":
        china = cues.countries["CN"].search(sentence_text) or cues.countries["CN_FIRM"].search(
            sentence_text
        )
        if cues.countries["OTHER"].search(sentence_text) and not china:
            return []
        # "Indian refiners bought Urals at a $20 discount, ... Chinese buyers ...": the buyer
        # is the country named last before the figure
        named_before = find_country_mentions(text, sentence.start, q.start, cues)
        if named_before and named_before[-1].key == "OTHER":
            return []

    # status: from the figure's own clause ("expected to reach 10 bcm, up from 4.1 bcm")
    clause = next((c for c in clauses if c[0] <= q.start < c[1]), (sentence.start, q.end))
    status_from = clause[0]
    if _CONTINUES_VERB.fullmatch(text, clause[0], q.start):
        # "plans to double deliveries in 2021, to 9 bcm": the figure completes the clause before
        status_from = max([c[0] for c in clauses if c[0] < clause[0]] or [sentence.start])
    before = text[max(status_from, q.start - STATUS_REACH) : q.start]
    status = "actual"
    if metric == "trade.bilateral.target":
        status = "target"
    elif spec.entity_kind == "pipeline":
        assert entity is not None
        status = pipeline_status(entity, doc.published, catalog)
    elif cues.status_target.search(before):
        status = "target"
    elif cues.status_projection.search(before):
        status = "projection"
    vague = _VAGUE_TIME.search(text, max(sentence.start, q.start - VAGUE_REACH), q.start)
    if (
        vague is not None
        and (status in ("projection", "target") or vague.group("verb"))
        # (its own time named right after it: "will one day reach $500bn by 2030")
        and not any(q.end <= m.start < q.end + VAGUE_REACH and not m.base for m in mentions)
    ):
        return []  # "expected trade to soon reach $200bn": when, the text does not say
    if is_baseline_figure(text, q) and _BEFORE_EVENT.match(text, q.end):
        return []  # "up from roughly a fifth before the invasion": a base dated by no year
    if _MOST_OF_A_PERIOD.match(text, q.end):
        return []  # "has stayed above $15 billion for most of the year": no one period's figure

    # period
    periods: list[str | None]
    fold_years = (
        _fold_change_years(text, q, sentence, mentions, ctx)
        if metric == "trade.bilateral.multiple"
        else None
    )
    if metric == "trade.bilateral.multiple" and fold_years is None:
        fold_years = _fold_base_from_levels(q, sentence, earlier)
    elif metric == "trade.bilateral.multiple" and fold_years and ctx.published:
        fold_years = _fold_to_latest_level(fold_years, q, earlier, ctx.published.year)
        if _RESTATING.match(text, sentence.start, q.start):
            fold_years = _fold_to_restated_level(fold_years, earlier, ctx.published.year)
    table_period = _table_period(text, q, metric) if "|" in sentence_text else None
    if table_period == "":
        return []  # "vs 2017: +31.6%" in a 2019 line: a change against two years back
    if table_period is not None and status == "actual" and column_is_forecast(text, q.start):
        status = "projection"  # a column headed "2025F"
    if spec.timeless:
        periods = [None]
    elif fold_years is not None:
        if not fold_years:
            return []  # a base year but no clear second year: not a fold change we can place
        periods = [fold_years]
    elif table_period is not None:
        periods = [table_period]  # the year a table or data line gives the figure's cell
    else:
        running = ctx.named or ctx.current.get(family(metric))
        anchor = sentence_anchor(mentions, ctx.published, running)
        chosen = choose_period_mention(
            text, q, sentence, mentions, claimed, clauses, state.targets, state.target_figures
        )
        # the period written against the figure, if any (looked up once: a hot path)
        written_against = attached_mention(text, q, mentions)
        if chosen is not None and chosen.role == "dateline":
            # the day something was said or signed: the period of a contract or a rank, never
            # of a flow, whose period is its own run of time
            undated = [m for m in mentions if m.role != "dateline"]
            chosen = choose_period_mention(
                text, q, sentence, undated, claimed, clauses, state.targets, state.target_figures
            ) or (None if spec.flow else year_only(chosen))
        if chosen is not None and metric == "energy.supplier_rank":
            # "..., and Russia is already China's biggest crude supplier": a rank in the present
            # tense, its clause naming no period, is the publication year's, not another clause's
            own = next((c for c in clauses if c[0] <= q.start < c[1]), None)
            if (
                own is not None
                and not own[0] <= chosen.start < own[1]
                and PRESENT_TENSE.search(text, own[0], q.start)
                # another clause's own statement ("..., and"), not a fronted "In 2023,"
                and _COORDINATED.search(text, min(chosen.end, q.start), max(chosen.end, q.start))
            ):
                chosen = None
        if chosen is not None and metric == "macro.gdp.ratio_russia_to_china":
            # "Russia's economy is about one-eighth the size of China's, a gap that has widened
            # since the 2014 collapse": a size in the present tense is the time of writing's;
            # a year outside its clause, unless fronted ("In 2016, ..."), is another statement's
            own = next((c for c in clauses if c[0] <= q.start < c[1]), None)
            if (
                own is not None
                and not own[0] <= chosen.start < own[1]
                and PRESENT_TENSE.search(text, own[0], q.start)
                and (chosen.start >= q.end or chosen.kind == "since")
            ):
                chosen = None
        if (
            chosen is not None
            and chosen.relative == "ytd"
            and spec.flow
            and metric.startswith("energy.")
            and not any(m.kind in _MONTH_KINDS and not m.base for m in mentions)
        ):
            # "Gazprom has pumped 16.8 bcm so far this year": a company's running total, its
            # last day unsaid (daily data, not a month's customs tally): no period to write
            return []
        if (
            chosen is not None
            and chosen.kind == "since"
            and metric != "trade.bilateral.multiple"
            and not metric.endswith(".growth")
            and not spec.flow
        ):
            chosen = None  # "since 2014" starts a change; it is no level's period
        if (
            chosen is not None
            and metric == "trade.bilateral.target"
            and not is_deadline(text, chosen)
        ):
            chosen = None  # "the 2001 friendship treaty" names no deadline: a goal needs one
        resolved: list[str] | None = None
        if chosen is not None:
            chosen = _year_back(chosen, mentions, ctx.published, running, anchor)
            chosen = year_for_yearless(chosen, mentions, text, ctx)
            resolved = resolve(
                chosen,
                ctx.published,
                _anaphor_context(chosen, mentions, ctx)
                if chosen.kind == "anaphor"
                else run_of_length(chosen, ctx)
                if chosen.kind == "run_anaphor"
                else _narrative_year(chosen, mentions, ctx)
                if chosen.relative in ("that_year", "following_year")
                else running,
                _story_anchor(chosen, ctx, metric) or anchor,
            )
            if (
                resolved
                and chosen.kind == "relative"
                and chosen.relative == "full_year"
                and status != "actual"
                and (ctx.run or ctx.runs)
            ):
                # "at this pace, full-year turnover could top $185 billion": the year in
                # progress, whose run of months the text reports, whatever year came between
                latest = max([r for _, r in ctx.runs] + ([ctx.run] if ctx.run else []))
                resolved = [latest[:4]]
            if chosen.kind == "since" and resolved:
                resolved = [_since_span(chosen, mentions, ctx, running)]
            refined = (
                None  # "the 2023 total of ...": a year written against the figure is its period
                if chosen is written_against and chosen.end <= q.start
                # ("First-quarter turnover was $52 billion in 2025": the year after the figure
                # dates the quarter named before it)
                else refine_months(chosen, resolved, q, mentions, clauses)
            )
            if refined is not None:
                chosen, resolved = refined, resolve(refined, ctx.published, None)
            if not resolved:
                return []  # the figure names a period we cannot place ("the past 12 months")
            if (
                metric != "trade.bilateral.target"  # a goal names its deadline and when it was set
                and conflicting(chosen, mentions, resolved[0], ctx, claimed, q, text, state.figures)
            ) and not (
                # "from $89.2 billion in 2013", "in 2016, when deliveries totalled 52.5 Mt":
                # a period written against the figure is its own
                is_baseline_figure(text, q) or (chosen.end <= q.start and chosen is written_against)
            ):
                return []
        if not resolved:
            if metric == "trade.bilateral.target":
                return []  # a goal without a year is not a fact we can place
            asked = ctx.asked is not None and ctx.asked == ctx.named
            if status != "actual" and not (_THIS_YEARS_TOTAL.search(sentence_text) or asked):
                # nor a forecast, unless it is the current year's total or the answer to a
                # question that named its period ("Q: And the year as a whole? A: We expect ...")
                return []
            clause = next((c for c in clauses if c[0] <= q.start < c[1]), (sentence.start, q.start))
            if metric == "energy.supplier_rank" and _NEWLY.search(text, clause[0], q.start):
                # "Russia has become China's largest gas supplier": a change whose data period
                # (a month? the year so far?) the text does not name
                return []
            # ("That is a 25.8% jump": a restatement of the figure before, in its period)
            restating = bool(_RESTATING.match(text, clause[0], q.start))
            present_before = PRESENT_TENSE.search(text, clause[0], q.start) and not restating
            if present_before and ctx.published:
                resolved = [str(ctx.published.year)]
            elif ctx.named:
                resolved = [ctx.named]
            elif family(metric) in ctx.current:
                resolved = [ctx.current[family(metric)]]
            elif ctx.published and PRESENT_TENSE.search(sentence_text) and not restating:
                resolved = [str(ctx.published.year)]
            elif ctx.mentioned:
                resolved = [ctx.mentioned]
            elif ctx.published:
                resolved = [str(ctx.published.year)]
        if not resolved:
            return []
        resolved = split_from_to(text, q, resolved)
        if (
            written_against is None
            # (a change in the unfinished year of publication is left out, its base with it)
            and not (ctx.published and resolved[0] == str(ctx.published.year))
            and role == "money"
            and _BASE_OF_CHANGE.search(text, max(sentence.start, q.start - 120), q.start)
            and is_baseline_figure(text, q)
            and not _SPAN.fullmatch(resolved[0])
        ):
            # "rose 12.1% to $75.9 bln in 2022 from $67.7 bln": the base of a change, with no
            # period of its own, is the same stretch a year earlier (a month-on-month move is
            # too vague to date)
            if says_month_on_month(text, sentence.start, sentence.end):
                return []
            resolved = [shift_years(r, -1) for r in resolved]
        if (
            chosen is not None
            and status == "actual"
            and _THIS_YEARS_FIGURE.fullmatch(chosen.text)
            and _FIGURE_NOUN.match(text, chosen.end)
        ):
            resolved = _year_so_far(resolved, ctx.published, earlier)
        if metric in COMPONENT_METRICS and _SPAN.fullmatch(resolved[0]):
            # "doubled between 2014 and 2020, to 83.4 Mt": the level reached is the last
            # year's; a volume over a span of years is a running total, not a year's flow
            if not _LEVEL_REACHED.search(text, max(sentence.start, q.start - 40), q.start):
                return []
            resolved = [resolved[0][-4:]]
        if metric == "energy.contract.value":
            year = year_of(resolved[0])
            resolved = [str(year)] if year else []
            entity = contract_for(sentence_text, year, cues, catalog, context_text)
            if entity is None:
                return []
        if metric == "trade.bilateral.multiple" and (
            not re.fullmatch(r"\d{4}/\d{4}", resolved[0])
            or (chosen is not None and _DECADE.fullmatch(text, chosen.start, chosen.end))
        ):
            return []  # a fold change needs its two years ("the boom of the 2000s" is neither)
        if metric == "trade.bilateral.multiple" and ctx.published:
            resolved = [_fold_to_latest_level(resolved[0], q, earlier, ctx.published.year)]
        if (
            spec.flow
            and status == "actual"
            and _unfinished_year(resolved[0], ctx.published, sentence_text)
        ):
            return []  # "has supplied 75 Mt in 2023" in October: so far this year, months unsaid
        if metric.endswith(".growth") and month_on_month(
            text, q, clause, mentions, resolved[0], ctx.published, (sentence.start, sentence.end)
        ):
            return []  # a change against the month before is not year-on-year growth
        header = state.column_spans.get(id(q))
        if metric.endswith(".growth") and header and says_month_on_month(text, *header):
            return []  # a table column headed "m/m"
        following = next((f.start for f in state.figures if f.start >= q.end), sentence.end)
        if metric.endswith(".growth") and (
            _UNDATED_BASE.search(text, q.end, min(following, q.end + UNDATED_BASE_REACH))
            or _UNDATED_BASE.search(text, max(clause[0], q.start - UNDATED_BASE_REACH), q.start)
        ):
            return []  # "a third higher than before the war": against no year, not y/y growth
        if (
            chosen is not None
            and chosen.relative == "full_year"
            and status == "projection"
            and ctx.published
            and (year_of(resolved[0]) or 0) < ctx.published.year
        ):
            resolved = [str(ctx.published.year)]  # "full-year turnover could top $185 billion"
        if metric.endswith(".growth") and _YEARS_SPAN.fullmatch(resolved[0]):
            return []  # "over 2021-2022 trade rose 63 percent": a change over years, not y/y
        if metric.endswith(".growth") and base_years_back(
            # "from a year earlier" is read against the figure's own period
            q,
            sentence.end,
            mentions,
            resolved[0],
            ctx.published,
            resolved[0],
            text,
            sentence.start,
        ) not in (None, 1):
            # against two or more years back, or an earlier stretch of the same year
            # (month-on-month, quarter-on-quarter): not year-on-year growth
            return []
        periods = list(resolved)
        # a level stated for a year after publication cannot have happened yet
        first = periods[0] or ""
        first_year = int(first[:4]) if first[:4].isdigit() else None
        if status == "actual" and ctx.published and first_year and first_year > ctx.published.year:
            status = "projection"

    if (
        spec.entity_kind == "pipeline"
        and not q.rate
        and not _CAPACITY_WORD.search(text, hit.start, hit.end)
        and any(m.kind == "year" and not m.base and frames_time(text, m) for m in mentions)
    ):
        # "2020 — The line delivers 4.1 bcm to China": what it did in a year it names (a
        # timeline, a historical present), not what it can carry
        return []
    if spec.unit != q.unit and q.unit not in spec.units:
        if spec.entity_kind == "pipeline" and q.unit in ("bcm", "mt"):
            unit = f"{q.unit}_per_year"  # "full capacity ... 10 bcm": a capacity is yearly
        elif spec.unit in ("ratio", "rank", "usd_per_barrel", "km", "percent"):
            unit = spec.unit
        else:
            return []
    else:
        unit = q.unit
    low, high = spec.range
    if not (low <= abs(value) <= high or (metric.endswith(".growth") and abs(value) <= high)):
        return []
    attribution = state.attribution(text, cues)
    facts = [
        Fact(
            doc=doc.id,
            metric=metric,
            entity=entity,
            value=value,
            unit=unit,
            period=period,
            qualifier=q.qualifier,
            status=status,
            start=q.start,
            end=q.end,
            attribution=attribution,
            surface=q.surface,
            sentence=" ".join(sentence_text.split()),
        )
        for period in periods
    ]
    if metric == "energy.pipeline.capacity" and q.kind == "volume":
        planned = _deliveries_at_capacity(text, q, sentence, mentions)
        if planned is not None:
            # "In 2025, supplies are to reach the design capacity of the line, 38 bcm a year":
            # the capacity, and the year's planned deliveries
            delivery = replace(facts[0], metric="energy.gas.exports_to_china", entity=None)
            facts.append(replace(delivery, unit="bcm", period=planned, status="target"))
    return facts


#: Deliveries that are to reach a line's capacity ("supplies are to reach the design capacity
#: of Power of Siberia, 38 bcm"): the figure is also the deliveries planned for that year. A
#: pipeline that reaches its capacity says nothing of deliveries.
_FLOWS_REACH_CAPACITY = re.compile(
    r"\b(?:supplies|deliveries|exports|flows|shipments|volumes)\s+(?:\w+\s+){0,5}?(?:are\s+to"
    r"|is\s+to|will|would|should|are\s+(?:planned|expected|set)\s+to|plan\s+to|to)\s+(?:\w+\s+)?"
    r"(?:reach|hit|attain|achieve)\s+(?:the\s+(?:line|pipeline|route)['’]s\s+|the\s+|its\s+|their\s+)?"
    r"(?:design|full|planned|nominal"
    r"|maximum|rated)?\s*capacity\b[^.;]{0,60}$",
    re.IGNORECASE,
)


#: A destination: "to India".
_TO_BEFORE = re.compile(r"\bto\s", re.IGNORECASE)


def _entities_near(
    q: Quantity,
    sentence: Sentence,
    patterns: Sequence[re.Pattern[str]],
    text: str,
    figures: Sequence[Quantity],
) -> list[str]:
    """The countries a frame's entity patterns name in the sentence, nearest to the figure
    first, leaving out those with another figure of its kind between them and this one ("39%
    went to India, and 11% to China": the 11% is China's)."""
    sentence_text = text[sentence.start : sentence.end]
    found: list[tuple[int, str]] = []
    for pattern in patterns:
        for m in pattern.finditer(sentence_text):
            start, end = sentence.start + m.start("entity"), sentence.start + m.end("entity")
            between = (end, q.start) if end <= q.start else (q.end, start)
            if any(
                between[0] <= f.start and f.end <= between[1]
                for f in figures
                if f is not q and f.kind == q.kind  # (a rank between is no figure of its own)
            ):
                continue
            if ";" in text[between[0] : between[1]]:
                continue  # another clause's country ("..., with 31%; China came second")
            if start >= q.end and not _TO_BEFORE.search(m.group(0)):
                continue  # after the figure only a destination is its own ("39% went to India")
            distance = q.start - end if end <= q.start else start - q.end
            found.append((max(distance, 0), m.group("entity")))
    return [name for _distance, name in sorted(found, key=lambda pair: pair[0])]


def _deliveries_at_capacity(
    text: str, q: Quantity, sentence: Sentence, mentions: Sequence[PeriodMention]
) -> str | None:
    """The year by which deliveries are to reach the capacity this figure states, if so."""
    if not _FLOWS_REACH_CAPACITY.search(text, sentence.start, q.start):
        return None
    years = {
        str(m.years[0])
        for m in mentions
        if m.kind == "year" and m.years and not m.base and frames_time(text, m)
    }
    return years.pop() if len(years) == 1 else None


def _sum_of_lines(
    q: Quantity, sentence: Sentence, pipelines: Sequence[Mention], figures: Sequence[Quantity]
) -> bool:
    """ "Power of Siberia (38 bcm/y) and the Far Eastern route (10 bcm/y) will give Russia 48
    bcm/y": after two lines each with its own figure, a further figure is their sum."""
    before = [m for m in pipelines if sentence.start <= m.start and m.end <= q.start]
    if len({m.key for m in before}) < 2:
        return False
    last = before[-1]
    return any(
        f is not q and f.kind == q.kind and last.end <= f.start and f.end <= q.start
        for f in figures
    )


#: Bulk goods other than crude and gas, whose tonnages and volumes name no rank's commodity.
_OTHER_BULK = re.compile(
    r"\b(?:coal|LNG|liquefied|grain|wheat|fertili[sz]ers?|timber|steel|ores?|copper|nickel"
    r"|alumin\w+|petroleum\s+products|fuel\s+oil|diesel|naphtha|electricity|power)\b",
    re.IGNORECASE,
)


def _commodity_of_delivery(
    text: str, sentence: Sentence, figures: Sequence[Quantity]
) -> str | None:
    """ "In December Russia regained first place, delivering 6.9 million tonnes": a rank whose
    sentence names no commodity takes it from the delivery beside it (tonnes of crude, cubic
    metres of gas), when no other bulk good is named."""
    if _OTHER_BULK.search(text, sentence.start, sentence.end):
        return None
    kinds = {q.kind for q in figures}
    if kinds >= {"mass", "volume"}:
        return None
    if "mass" in kinds:
        return "crude_oil"
    if "volume" in kinds:
        return "natural_gas"
    return None


def _topic_hit(text: str, cues: Cues, sentence_index: int) -> CueHit | None:
    """The cue of the China–Russia trade topic when the text names it ("trade between China
    and Russia", "Russia-China trade"), as a hit of the frame that maps a goal to its metric."""
    frame = next((f for f in cues.frames if f.id == "trade.bilateral"), None)
    if frame is None:
        return None
    for pattern in frame.patterns[:2]:  # the pair and its trade, named together
        found = pattern.search(text)
        if found is not None:
            return CueHit(frame, found.start(), found.end(), found.groupdict(), sentence_index)
    return None


def _year_back(
    chosen: PeriodMention,
    mentions: Sequence[PeriodMention],
    published: date | None,
    running: str | None,
    anchor: str | None,
) -> PeriodMention:
    """ "A year earlier, November turnover had been $18.4 billion": a month without a year,
    after "a year earlier" in its sentence, is that month of the year before the story's."""
    if chosen.years or chosen.relative or chosen.kind not in ("month", "months", "month_list"):
        return chosen
    back = next(
        (
            m
            for m in reversed(mentions)
            if m.end <= chosen.start and m.relative == "year_before_context" and not m.base
        ),
        None,
    )
    if back is None:
        return chosen
    resolved = resolve(back, published, running, anchor)
    year = year_of(resolved[0]) if resolved else None
    return dataclasses.replace(chosen, years=(year,)) if year else chosen


def _table_period(text: str, q: Quantity, metric: str) -> str | None:
    """The year of a figure in a table or a data line ("2019: 110.8", a year heading its row
    or column); "" when its cell is a change against a base that is not the year before."""
    year = cell_year(text, q.start)
    span = column_header(text, q.start)
    if not metric.endswith(".growth") and is_year_earlier_column(text, q.start):
        # "| Jan–Aug 2024 | $159.6 bn | $155.1 bn |" under "| Period | Turnover | Same period
        # a year earlier |": the row's period, a year back
        if year is not None:
            return str(year - 1)
        cells = row_label_and_caption(text, q.start)
        label = find_period_mentions(text, *cells[0]) if cells is not None else []
        row_dated = [m for m in label if m.years and not m.base]
        row_period = resolve(row_dated[0], None, None) if len(row_dated) == 1 else None
        return shift_years(row_period[0], -1) if row_period else None
    if year is None:
        # a column headed by a run of months: "| Jan.-Nov. 2019 | Jan.-Nov. 2018 |"; a change
        # column beside such columns is the change of the first, the latest
        spans = [span] if span is not None else []
        if span is not None and is_change_column(text, q.start):
            spans = [c for c in header_cells(text, q.start) if c != span]
        for cell in spans:
            found = find_period_mentions(text, *cell)
            dated = [m for m in found if m.years and m.kind in ("months", "month", "month_span")]
            if len(dated) == 1 and len(found) == 1:
                resolved = resolve(dated[0], None, None)
                return resolved[0] if resolved else None
        return _month_row_period(text, q)
    base = cell_base_year(text, q.start)
    if base is not None and (not metric.endswith(".growth") or year - base != 1):
        return ""
    return str(year)


#: A row labelled by a month name alone ("| April |", "| **May** |").
_MONTH_LABEL = re.compile(
    r"\s*+(?:\*\*)?(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?:\*\*)?\s*+",
    re.IGNORECASE,
)
_ONE_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def _month_row_period(text: str, q: Quantity) -> str | None:
    """A table by month: the row's month, in the one year the table's caption names ("China-
    Russia trade by month, 2023 (USD billion)" over "| April | 19.2 |")."""
    found = row_label_and_caption(text, q.start)
    if found is None:
        return None
    label, caption = found
    if caption is None:
        return None
    month = _MONTH_LABEL.fullmatch(text, *label)
    years = set(_ONE_YEAR.findall(text, *caption))
    if month is None or len(years) != 1:
        return None
    number = MONTHS[month["m"].lower().rstrip(".")]
    return f"{years.pop()}-{number:02d}"


#: A comparison base that is no year: "than before the war", "pre-pandemic levels".
_UNDATED_BASE = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|against|versus|vs\.?|from|above|below|over|on)\s+"
    r"(?:(?:the|their|its)\s+)?(?:(?:levels?|figures?)\s+)?(?:(?:before|prior\s+to)\s+(?:the\s+)?"
    r"(?:war|pandemic|crisis|sanctions|invasion|conflict|covid)\b|pre-?(?:war|pandemic|crisis"
    r"|sanctions?|covid|invasion)\b)",
    re.IGNORECASE,
)
#: How far after a change its base may stand (characters).
UNDATED_BASE_REACH = 80


#: How far a stated fold change may be from the ratio of the two levels it rests on
#: ("eleven times": 10.5 to 11.5; "more than twenty-twofold": 22 up to 22 * (1 + this)).
FOLD_TOLERANCE = 0.1


def _fold_base_from_levels(q: Quantity, sentence: Sentence, earlier: Sequence[Fact]) -> str | None:
    """ "Turnover reached $240.1 billion in 2023, a more than twenty-twofold increase", the
    base ($10.67 billion in 2001) given earlier in the text: the base is the earlier year's
    turnover whose ratio to the sentence's level is the multiple stated. None when no earlier
    level fits (then the fold change is no fact we can place)."""
    levels = [
        f
        for f in earlier
        if f.metric == "trade.bilateral.value"
        and f.status == "actual"
        and f.period
        and len(f.period) == 4
    ]
    own = [f for f in levels if sentence.start <= f.start < q.start]
    if not own:
        return None
    last = own[-1]
    fits = []
    for base in levels:
        if base.start >= sentence.start or base.period is None or last.period is None:
            continue
        if int(base.period) >= int(last.period) or base.value <= 0:
            continue
        ratio = last.value / base.value
        low = q.value * (1 - FOLD_TOLERANCE) if q.qualifier != "at_least" else q.value
        high = q.value * (1 + FOLD_TOLERANCE) if q.qualifier != "at_most" else q.value
        if low <= ratio <= high:
            fits.append(base.period)
    if len(set(fits)) != 1:
        return None  # no level fits, or several years do: the base is not clear
    return f"{fits[0]}/{last.period}"


def _fold_to_latest_level(span: str, q: Quantity, earlier: Sequence[Fact], published: int) -> str:
    """ "Since 2000, when trade was worth $8 billion, turnover has grown 30-fold" in January
    2025: up to the latest year whose level the text gives and the multiple fits (2024's
    $244.8 billion), not to the publication year, whose figure does not exist yet."""
    base, _, last = span.partition("/")
    if last != str(published):
        return span
    levels = {
        f.period: f.value
        for f in earlier
        if f.metric == "trade.bilateral.value" and f.status == "actual" and f.period
    }
    base_level = levels.get(base)
    if not base_level:
        return span
    fits = [
        year
        for year, value in levels.items()
        if len(year) == 4
        and int(base) < int(year) < published
        and abs(value / base_level - q.value) <= FOLD_TOLERANCE * q.value
    ]
    return f"{base}/{max(fits)}" if fits else span


def _fold_to_restated_level(span: str, earlier: Sequence[Fact], published: int) -> str:
    """ "In 2001 turnover was $10.9 billion. That is more than double the 1995 level": the
    multiple runs to the year of the level it restates (the last one given), not to the
    publication year."""
    base, _, last = span.partition("/")
    levels = [
        f.period
        for f in earlier
        if f.metric == "trade.bilateral.value" and f.period and len(f.period) == 4
    ]
    if last != str(published) or not levels or int(levels[-1]) <= int(base):
        return span
    return f"{base}/{levels[-1]}"


#: "this year's figure", "this year's total": the figure of the year the story is in.
_THIS_YEARS_FIGURE = re.compile(r"this\s+year['’ʼ]s", re.IGNORECASE)
#: A noun that points back at a figure already given ("this year's figure"), not a flow.
_FIGURE_NOUN = re.compile(r"\s+(?:figure|total|tally|result|number|level|reading)s?\b", re.I)


def _year_so_far(resolved: list[str], published: date | None, earlier: Sequence[Fact]) -> list[str]:
    """ "This year's figure represents 4% of China's trade", written before the year is over,
    after a figure for January–November of it: the year so far is that run of months."""
    if published is None or resolved != [str(published.year)]:
        return resolved
    prefix = f"{published.year}-01/"
    runs = [
        f.period for f in earlier if f.status == "actual" and (f.period or "").startswith(prefix)
    ]
    return [runs[-1]] if runs and runs[-1] else resolved


#: A share cue that is the whole itself ("of China's foreign trade"), not a part's share.
_WHOLE_BEFORE = re.compile(r"(?:of|in)\s", re.IGNORECASE)
#: "has never (much) exceeded 2 percent": a bound over all time, no period's figure.
_NEVER_BEFORE = re.compile(
    r"\bnever\s++(?:\w++\s++){0,2}?(?:exceeded|reached|topped|surpassed|passed|gone\s+(?:above|beyond)"
    r"|risen\s+above|been\s+(?:above|over|more\s+than|higher\s+than|below|under|less\s+than))\s++"
    r"(?:\w++\s++)?$",
    re.IGNORECASE,
)
#: How far before a figure its "never" may stand (characters).
NEVER_REACH = 60


#: Quotes, bullets and emphasis marks that may open a sentence before its subject.
_OPENING_MARKS = re.compile(r"[\s\"“*_-]++")


#: A decade ("the 2000s") names no year of a fold change.
_DECADE = re.compile(r"(?:the\s+)?(?:19|20)\d0['’]?s", re.IGNORECASE)
#: a year that is no decade ("2000s") and no range's start ("2001-2020", "2001 to 2020")
_YEAR = r"(?:19|20)\d{2}(?!['’]?s\b)\b(?!\s*[-–—/]\s*\d|\s+(?:to|and|through)\s+\d)"
#: The base year of a fold change: "eleven times its level of 2000", "22 times higher than in
#: 2001", "compared with 2001", "the 2000 figure".
_FOLD_BASE = re.compile(
    rf"\b(?:(?:its|the|their)\s+(?:level|value|volume|size|figure|total)\s+(?:of|in)\s+(?P<a>{_YEAR})"
    rf"|(?:than|compared\s+(?:with|to)|against|over)\s+(?:(?:the\s+)?(?:level|figure)\s+(?:of|in)\s+)?"
    rf"(?:in\s+)?(?P<b>{_YEAR})"
    rf"|\bwhat\s+(?:it|they|trade|turnover)\s+(?:was|were|had\s+been|stood\s+at)\s+(?:in|back\s+in)\s+(?P<d>{_YEAR})"
    rf"|\b(?:that|those)\s+(?:of|in)\s+(?P<e>{_YEAR})"
    rf"|(?:its|the|their)\s+(?P<c>{_YEAR})\s+(?:level|figure|total|value|volume))",
    re.IGNORECASE,
)
_FOUR_DIGITS = re.compile(r"(?:19|20)\d{2}")
#: "has grown", "is now": a fold change up to the time of writing.
_UP_TO_NOW = re.compile(r"\b(?:has|have|is|are|now|today)\b", re.IGNORECASE)


def _fold_change_years(
    text: str,
    q: Quantity,
    sentence: Sentence,
    mentions: Sequence[PeriodMention],
    ctx: PeriodContext,
) -> str | None:
    """A fold change against a base year the sentence names ("reached $83.5 billion last year,
    roughly eleven times its level of 2000"): the base, then the one other year the sentence
    names (or the time of writing, in the present tense). None when no base is named; ""
    when one is but the other year is unclear."""
    base_match = _FOLD_BASE.search(text, sentence.start, sentence.end)
    if base_match is None:
        return None
    base = int(
        base_match["a"] or base_match["b"] or base_match["c"] or base_match["d"] or base_match["e"]
    )
    years: set[int] = set()
    for mention in mentions:
        if mention.start < base_match.end() and mention.end > base_match.start():
            continue  # the base itself
        if mention.role != "period" or mention.base:
            continue
        for period in resolve(mention, ctx.published, None) or []:
            if _FOUR_DIGITS.fullmatch(period):
                years.add(int(period))
    years.discard(base)
    if not years and ctx.published and _UP_TO_NOW.search(text, sentence.start, q.start):
        years.add(ctx.published.year)
    if len(years) != 1 or min(years) <= base:
        return ""
    return f"{base}/{years.pop()}"


def _narrative_year(
    chosen: PeriodMention, mentions: Sequence[PeriodMention], ctx: PeriodContext
) -> str | None:
    """ "That year", "a year later": the year the narrative last named, earlier in the sentence
    ("in 2014 ..., and a year later ...") or before it, never the publication year."""
    earlier = [
        m
        for m in mentions
        if m.end <= chosen.start
        and not m.base
        and m.role == "period"
        and m.kind in ("year", "month", "months", "month_list")
    ]
    if earlier:
        named = resolve(earlier[-1], ctx.published, None)
        return str(year_of(named[0])) if named else None
    year = year_of(ctx.mentioned) or year_of(ctx.story)
    return str(year) if year else None


def _story_anchor(chosen: PeriodMention, ctx: PeriodContext, metric: str) -> str | None:
    """ "In the same period, exports rose ...": the stretch the story is about, never a
    single month mentioned in between (for a family stated over spans of years, such as arms
    shares, its last span)."""
    if chosen.kind != "same_period" or chosen.base or chosen.years or chosen.relative:
        return None
    if family(metric) not in SPANLESS_FAMILIES and family(metric) in ctx.current:
        return ctx.current[family(metric)]
    return ctx.story


def _since_span(
    since: PeriodMention,
    mentions: Sequence[PeriodMention],
    ctx: PeriodContext,
    running: str | None,
) -> str:
    """'since 2018' runs up to the year the text's figures are for: the other year its sentence
    names ("has doubled since 2018: last year's $240 billion ..."), else the year the document
    is reporting on (a January factbox on the year before), else the year of publication."""
    first = since.years[0]
    last = ctx.published.year if ctx.published else None
    candidates = [
        year_of(period[0])
        for m in mentions
        if m is not since and m.role == "period" and m.kind in ("year", "relative")
        for period in [resolve(m, ctx.published, None)]
        if period
    ]
    named = [y for y in candidates if y is not None and first < y]
    if len(set(named)) == 1:
        last = named[0]
    else:
        story = year_of(running or ctx.mentioned)
        if story is not None and first < story and (last is None or story <= last):
            last = story
    return f"{first}/{last}"


def _anaphor_context(
    anaphor: PeriodMention, mentions: Sequence[PeriodMention], ctx: PeriodContext
) -> str | None:
    """What "in that period" refers to: the period named earlier in its own sentence ("in the
    first 11 months of 2010, making it the third-largest supplier in that period"), else the
    last one the document named."""
    earlier = [
        m
        for m in mentions
        if m.end <= anaphor.start
        and m.role == "period"
        and not m.base
        and m.kind not in ("anaphor", "run_anaphor", "same_period", "since", "relative")
    ]
    if earlier:
        named = resolve(earlier[-1], ctx.published, ctx.named)
        if named:
            return named[-1]
    # "in the period": the period named since the last figure, else the stretch the story is
    # about, never a month or a forecast's full year mentioned in between
    return ctx.named or ctx.story or ctx.mentioned


#: What may stand between a trade subject and "went the other way": nothing but a verb's
#: auxiliaries and adverbs ("has since moved the other way").
_TREND_GAP = re.compile(r"[\s,]*+(?:(?:has|had|then|since|also|instead|sharply|clearly)\s++)*+")


def _trend_subject(text: str, hits: Sequence[CueHit], reverse: CueHit, role: str) -> CueHit | None:
    """The trade cue that is the subject of "went the other way", if one ends right before it."""
    for hit in hits:
        metric = hit.frame.accepts.get(role)
        if (
            metric is not None
            and metric.startswith("trade.")
            and metric not in ("reverse", "owner")
            and hit.end <= reverse.start
            and _TREND_GAP.fullmatch(text, hit.end, reverse.start)
        ):
            return hit
    return None


def _reversed_direction(hits: Sequence[CueHit], role: str, before: int) -> str | None:
    """'... while goods worth $57.2 billion went the other way': the direction opposite to the
    last one-direction cue of the sentence before that phrase; none named, no figure."""
    for hit in sorted(hits, key=lambda h: h.end, reverse=True):
        if hit.end > before:
            continue
        if role in ("percent", "fraction"):
            # "a third of Russia's foreign trade, versus about 3% the other way": the other
            # country's share
            share = str(hit.frame.accepts.get(role) or "")
            if share in _OPPOSITE_SHARE:
                return _OPPOSITE_SHARE[share]
            continue
        metric = hit.frame.accepts.get("money") or ""
        parts = metric.split(".")
        if len(parts) == 3 and parts[1] in _OPPOSITE:
            measure = "value" if role == "money" else "growth"
            return f"trade.{_OPPOSITE[parts[1]]}.{measure}"
    return None


def _owner_direction(
    text: str,
    q: Quantity,
    sentence: Sentence,
    hit: CueHit,
    hits: Sequence[CueHit],
    role: str,
    cues: Cues,
    context_text: str,
    previous: Sentence | None = None,
) -> str | None:
    """A bare "exports" / "imports" in a sentence about China–Russia trade is the owner's flow
    to / from the other country ("China's trade with Russia rose, with exports up 8.3%"). In a
    sentence about anyone's total trade, or naming only one of the two, it is no figure."""
    earlier = [
        h
        for h in hits
        if h.end <= hit.start
        and h.frame is not hit.frame
        and (h.frame.blocker or any(str(m).startswith("trade.") for m in h.frame.accepts.values()))
    ]
    if not earlier:
        neighbour_owner = _neighbour_owner(text, sentence, hit, cues)
        if neighbour_owner is not None:
            return _owner_flow(neighbour_owner, hit, role)
        return _pronoun_owner_direction(text, sentence, previous, hit, role, cues)
    topic = max(earlier, key=lambda h: (h.end, h.end - h.start))
    topic_metric = str(topic.frame.accepts.get("money") or "")
    if topic.frame.blocker or not topic_metric.startswith("trade."):
        return None
    if topic.frame.requires is not None and not topic.frame.requires.search(context_text):
        # "China's exports fell 7.5%, while imports dropped 4.5%": the topic names one side
        # alone, so its flows are its trade with the world
        return None
    # after a one-direction cue ("Chinese exports last month ..., and imports ...") the pair
    # is that cue's; after a two-way one the sentence must name both countries
    sentence_text = text[sentence.start : sentence.end]
    named_both = all(cues.countries[side].search(sentence_text) for side in ("CN", "RU"))
    if not named_both and ".bilateral." in topic_metric:
        return None
    owner = sentence_owner(text, sentence, q.start, cues) or _flow_owner(text, topic)
    return _owner_flow(owner, hit, role) if owner is not None else None


def _owner_flow(owner: str, hit: CueHit, role: str) -> str:
    """The metric of an owner's bare "exports" / "imports": from China when China exports or
    Russia imports."""
    exports = hit.groups.get("owner_exports") is not None
    direction = "china_to_russia" if (owner == "CN") == exports else "russia_to_china"
    return f"trade.{direction}.{'value' if role == 'money' else 'growth'}"


def _neighbour_owner(text: str, sentence: Sentence, hit: CueHit, cues: Cues) -> str | None:
    """ "Beijing's purchases from its northern neighbour": the owner named right before a flow
    to or from "its neighbour" ("CN" or "RU"; None for a third country's neighbour)."""
    if not _NEIGHBOUR.match(text, hit.start, hit.end):
        return None
    named = _OWNER_BEFORE.search(text, max(sentence.start, hit.start - 40), hit.start)
    if named is None:
        return None
    return next((k for k in ("CN", "RU") if cues.countries[k].fullmatch(named.group(1))), None)


#: How far back (characters) the last pair named before a sentence is looked for.
LAST_PAIR_WINDOW = 600


def _last_pair_is_third(text: str, sentence: Sentence, cues: Cues) -> bool:
    """Does a sentence follow a pair of China or Russia with a third country, the other of the
    two not named since (nor in the sentence)?"""
    if cues.third_pair is None:
        return False
    window_start = max(0, sentence.start - LAST_PAIR_WINDOW)
    # a section heading in between starts a new topic ("## The 2015 crash")
    heading = text.rfind("\n#", window_start, sentence.start)
    if heading >= 0:
        window_start = heading
    # ("..., less than Russia's trade with Italy": what is compared with is not the topic)
    pairs = [
        m
        for m in scan.finditer(cues.third_pair, text, window_start, sentence.start)
        if not compared_at(text, m.start())
    ]
    if not pairs:
        return False
    last = pairs[-1]
    # the pair's own side may come up again ("Trade between China and Kazakhstan ... Chinese
    # customs data show bilateral turnover of $4.5 billion"); only the other side of
    # China–Russia, named since or in the sentence, brings the story back to the two
    missing = "CN" if cues.countries["RU"].search(last.group()) else "RU"
    return not cues.countries[missing].search(text, last.end(), sentence.end)


#: A cue that names a capacity outright (not a verb: "the line carries ...").
_CAPACITY_WORD = re.compile(r"capacit|capable|designed|possible|allow", re.IGNORECASE)
#: A pronoun subject before a sentence's first figure ("By 2008 it had reached ...", "It
#: peaked at ..."): it stands for the subject of the sentence before.
_PRONOUN_SUBJECT = re.compile(
    r"\b(?:it|this|that|the\s+(?:figure|total|amount|sum|volume|turnover))\s++"
    r"(?:had\s++|has\s++|then\s++|later\s++|also\s++|again\s++)*"
    r"(?:reached|rose|grew|fell|dropped|declined|climbed|peaked|stood|was|jumped|slumped|"
    r"increased|decreased|recovered|rebounded|surged|shrank|totall?ed|amounted|hit|came|been|is)\b",
    re.IGNORECASE,
)
#: "for most of the year", "for much of 2023": a level held on and off, no period's figure.
_MOST_OF_A_PERIOD = re.compile(
    r"\s*+(?:a\s+month\s+)?(?:for|in|during|through)\s++(?:most|much|part|parts|long\s+stretches)\s++of\b",
    re.IGNORECASE,
)
#: After a one-side figure, words that make it that side's trade with everyone.
_WITH_EVERYONE_AFTER = re.compile(
    r"[^,;.]{0,40}?\b(?:overall|in\s+total|globally|worldwide|to\s+the\s+world|with\s+the\s+world"
    r"|to\s+all\s+(?:destinations|partners|countries))\b",
    re.IGNORECASE,
)
#: Words that leave a forecast's or a goal's time open ("soon reach", "eventually").
_VAGUE_TIME = re.compile(
    r"\b(?:soon|eventually|one\s+day|some\s+day|someday|sooner\s+or\s+later|in\s+due\s+course"
    r"|in\s+the\s+(?:future|long\s+run|long\s+term|coming\s+years))\b"
    # (a verb in its base form after it is a future: "to soon reach"; not "soon reached")
    r"(?:\s++(?P<verb>reach|hit|top|exceed|surpass|pass|cross|rise|grow|double|be|become)\b)?",
    re.IGNORECASE,
)
#: How far before a figure its vague time word may stand (characters).
VAGUE_REACH = 40
#: A base level dated by an event, not a period ("a fifth before the invasion of Ukraine").
_BEFORE_EVENT = re.compile(
    r"\s*+(?:(?:before|prior\s+to)\s++(?:the\s++)?(?:[\w-]++\s++){0,2}?"
    r"(?:war|pandemic|crisis|sanctions|invasion|conflict|covid)\b|pre-?(?:war|pandemic|crisis"
    r"|sanctions?|covid|invasion)\b)",
    re.IGNORECASE,
)
#: A change said over several years ("up 16 percent over five years", "in three years"; not
#: "up 4%, the slowest in three years").
_OVER_YEARS = re.compile(
    r"[^.;,]*?\b(?:over|in|during|across|within)\s++(?:the\s++)?(?:past\s++|last\s++|previous\s++|next\s++)?"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|a\s+few|several|\d{1,2})\s++years\b",
    re.IGNORECASE,
)
#: How far from a change its base's distance ("two years earlier", a period mention of its
#: own) may be said (characters).
YEARS_BACK_REACH = 60
#: How far after a change its span of years may be named (characters).
OVER_YEARS_REACH = 40
#: A clause that restates the figure before it ("That is a 25.8% jump", "This is 2.2 percent more").
_RESTATING = re.compile(r"\s*+(?:(?:that|this)\s++(?:is|was)|that['’]s)\b", re.IGNORECASE)
#: A clause opened by a pronoun subject ("It sent", "They shipped", "Its trade with ...").
_PRONOUN_OPENER = re.compile(r"\s*+(?:[\"“'‘]\s*+)?(?:its|their|it|they)\b", re.IGNORECASE)
#: A sentence whose subject is a pronoun carried over from the sentence before ("Its exports").
_PRONOUN_OPENING = re.compile(r"\s*+(?:[\"“'‘]\s*+)?(?:its|their)\b", re.IGNORECASE)


def _pronoun_owner_direction(
    text: str,
    sentence: Sentence,
    previous: Sentence | None,
    hit: CueHit,
    role: str,
    cues: Cues,
) -> str | None:
    """ "China's trade with Russia fell. Its exports to Russia rose ...": a sentence opened by
    "Its" / "Their" with no trade cue of its own takes the owner of the sentence before's
    "X's trade with Y"; anything less certain is no figure."""
    if previous is None or not _PRONOUN_OPENING.match(text, sentence.start, sentence.end):
        return None
    owner = trade_owner(text, previous, cues)
    return _owner_flow(owner, hit, role) if owner is not None else None


#: A flow to or from "its neighbour", and the possessive owner right before it.
_NEIGHBOUR = re.compile(r"[^.;]*?\bneighbou?r\b", re.IGNORECASE)
_OWNER_BEFORE = re.compile(r"\b([A-Z][a-z]++(?:\s[A-Z][a-z]++)?)['’ʼ]s\s++(?:[a-z-]++\s++)?$")

_EXPORT_WORD = re.compile(
    r"\b(?:exports?|shipments?|sales|deliveries|supplies|sold|shipped)\b", re.IGNORECASE
)
_IMPORT_WORD = re.compile(r"\b(?:imports?|purchases|bought|purchased)\b", re.I)


def _flow_owner(text: str, topic: CueHit) -> str | None:
    """The country whose flows a one-direction cue names: the exporter of "exports to Russia"
    (China), the importer of "imports from Russia" (China too)."""
    parts = str(topic.frame.accepts.get("money") or "").split(".")
    if len(parts) != 3 or parts[1] not in _OPPOSITE:
        return None
    source, destination = ("CN", "RU") if parts[1] == "china_to_russia" else ("RU", "CN")
    cue = text[topic.start : topic.end]
    exports, imports = _EXPORT_WORD.search(cue), _IMPORT_WORD.search(cue)
    if exports and not imports:
        return source
    if imports and not exports:
        return destination
    return None
