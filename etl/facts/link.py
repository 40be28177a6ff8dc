"""Stage 3 — link quantities to catalog metrics: which metric, entity, period, status.

The rules are general; the words are data (`data/cues.yaml`). For each figure:
  1. its *role* from its kind and nearby words (etl.facts.roles);
  2. its *frame* from the nearest cue (etl.facts.frames); a blocker frame drops the figure;
  3. its *entity* (etl.facts.entities), *period* (etl.facts.timing) and *status*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from etl.facts.catalog import Catalog
from etl.facts.cues import Cues
from etl.facts.entities import (
    Mention,
    attribution_for,
    commodity_for,
    contract_for,
    find_pipeline_mentions,
    pipeline_for,
    pipeline_status,
    subject_country,
    trade_owner,
)
from etl.facts.frames import CueHit, anchored_hits, choose_frame, find_cue_hits
from etl.facts.periods import PeriodMention, find_period_mentions, resolve, year_of, year_only
from etl.facts.quantities import Quantity
from etl.facts.roles import is_target, role_of
from etl.facts.text import Sentence, clause_bounds, is_heading
from etl.facts.timing import (
    PRESENT_TENSE,
    PeriodContext,
    attached_mention,
    base_years_back,
    choose_period_mention,
    conflicting,
    family,
    frames_time,
    month_on_month,
    refine_months,
    sentence_anchor,
    split_from_to,
    year_for_yearless,
)
from etl.model import Document, Fact

#: How many sentences back a cue-less sentence may borrow frames from.
INHERIT_SENTENCES = 2


#: How many sentences back to look for them at most.
INHERIT_LOOKBACK = 6
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
    hit_cache: dict[int, list[CueHit]] = {}

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
            elif j > 0 and sentences[j].paragraph != sentences[j - 1].paragraph:
                found.append([])
            if len(found) == INHERIT_SENTENCES:
                break
        return found[::-1]

    facts: list[Fact] = []
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
        if sentence_qs:
            _link_sentence(
                doc, sentence, sentence_qs, mentions, hits_of, inherited_for, keep_whole,
                pipelines, ctx, cues, catalog, facts, sentences,
            )  # fmt: skip
        else:
            _carry_context(text, mentions, ctx, [], emitted_any=False)
        following = sentences[sentence.index + 1] if sentence.index + 1 < len(sentences) else None
        # a heading or a list line ("Trade with Russia, 2023", "- Exports: $111bn") frames
        # the lines below it; a paragraph of prose frames only itself
        paragraph_ends = following is None or following.paragraph != sentence.paragraph
        if paragraph_ends and (following is None or not is_heading(text, sentence)):
            ctx.named = None
    return facts


#: Before its last month a year's flow total cannot exist yet: such a figure is year-to-date.
LAST_MONTH_OF_YEAR = 12


def _unfinished_year(period: str, published: date | None) -> bool:
    return (
        published is not None
        and period == str(published.year)
        and published.month < LAST_MONTH_OF_YEAR
    )


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
        m for m in mentions if m.role == "period" and m.kind != "anaphor" and frames_time(text, m)
    ]
    named = resolve(explicit[-1], ctx.published, ctx.named) if explicit else None
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
    claimed: dict[int, Quantity] = field(default_factory=dict)  # mention start → its figure
    targets: frozenset[int] = frozenset()  # ids of the figures that are declared targets
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
) -> None:
    text = doc.text
    hits = hits_of(sentence.index)
    previous = sentences[sentence.index - 1] if sentence.index > 0 else None
    state = SentenceState(
        sentence=sentence,
        figures=sentence_qs,
        hits=hits,
        inherited=[] if hits else inherited_for(sentence.index),
        mentions=mentions,
        clauses=clause_bounds(text, sentence.start, sentence.end, keep_whole),
        context_text=text[(previous.start if previous else sentence.start) : sentence.end],
        targets=frozenset(
            id(q) for q in sentence_qs if q.kind == "money" and is_target(text, q, sentence, cues)
        ),
    )
    for q in sentence_qs:
        attached = attached_mention(text, q, mentions)
        if attached is not None:
            state.claimed.setdefault(attached.start, q)
    emitted_periods: list[tuple[str, str]] = []
    emitted_any = False
    for q in sentence_qs:
        for fact in _link_quantity(doc, q, state, pipelines, ctx, cues, catalog):
            facts.append(fact)
            emitted_any = True
            if fact.period and fact.status == "actual" and not catalog.metric(fact.metric).timeless:
                emitted_periods.append((family(fact.metric), fact.period))
    _carry_context(text, mentions, ctx, emitted_periods, emitted_any)


def _link_quantity(
    doc: Document,
    q: Quantity,
    state: SentenceState,
    pipelines: Sequence[Mention],
    ctx: PeriodContext,
    cues: Cues,
    catalog: Catalog,
) -> list[Fact]:
    sentence, hits, inherited, mentions = (
        state.sentence,
        state.hits,
        state.inherited,
        state.mentions,
    )
    claimed, clauses, context_text = state.claimed, state.clauses, state.context_text
    text = doc.text
    role, sign = role_of(text, q, sentence, cues)
    target = role == "money" and is_target(text, q, sentence, cues)
    if target:
        role = "money_target"
    touching = anchored_hits(text, q, sentence, cues)
    hit = choose_frame(q, role, hits, inherited, context_text, touching)
    if hit is None and role == "money_target":
        role = "money"
        hit = choose_frame(q, role, hits, inherited, context_text, touching)
    if hit is None:
        return []
    metric = hit.frame.accepts.get(role)
    if metric is None:
        return []
    value = q.value
    entity: str | None = None
    sentence_text = text[sentence.start : sentence.end]

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
    if role == "fraction" and catalog.metric(metric).unit == "percent":
        value *= 100  # "a third of Russia's trade" is a share of 33.3 percent
    spec = catalog.metric(metric)

    # entity
    if spec.entity_kind == "pipeline":
        entity = pipeline_for(q, sentence, pipelines, catalog)
        if entity is None:
            return []
    elif spec.entity_kind == "country":
        named = (
            m.group("entity") for p in hit.frame.entity for m in [p.search(sentence_text)] if m
        )
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
        if not raw_entity:
            return []
        entity = raw_entity.lower()
    elif spec.entity_kind == "commodity":
        window = text[min(hit.start, q.start) : min(sentence.end, max(hit.end, q.end) + 40)]
        entity = commodity_for(window, cues)
        if entity is None:
            return []

    # a cue naming only one side ("exports to China") leaves the other to the sentence's
    # subject, which must not be a third country ("Saudi Arabia ... increasing exports to China")
    if metric.startswith("trade.") and family(metric) == "trade":
        cue_text = text[hit.start : hit.end]
        sides = sum(1 for key in ("CN", "RU") if cues.countries[key].search(cue_text))
        if sides < 2 and subject_country(text, sentence, cues) == "OTHER":
            return []

    # who the figure is about: energy flows and ranks must be Russia's, not a third country's
    if metric in ("energy.supplier_rank",):
        if subject_country(text, sentence, cues) == "OTHER":
            return []
        after = text[q.end : min(sentence.end, q.end + 80)]
        if re.search(
            r"\bto\s+(?:the\s+)?" + cues.countries["OTHER"].pattern, after, re.I
        ) and not re.search(r"\bto\s+" + cues.countries["CN"].pattern, after, re.I):
            return []

    # status: from the figure's own clause ("expected to reach 10 bcm, up from 4.1 bcm")
    clause = next((c for c in clauses if c[0] <= q.start < c[1]), (sentence.start, q.end))
    before = text[max(clause[0], q.start - STATUS_REACH) : q.start]
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

    # period
    periods: list[str | None]
    if spec.timeless:
        periods = [None]
    else:
        running = ctx.named or ctx.current.get(family(metric))
        anchor = sentence_anchor(mentions, ctx.published, running)
        chosen = choose_period_mention(
            text, q, sentence, mentions, claimed, clauses, state.targets, state.target_figures
        )
        if chosen is not None and chosen.role == "dateline":
            # the day something was said or signed: the period of a contract or a rank, never
            # of a flow, whose period is its own run of time
            undated = [m for m in mentions if m.role != "dateline"]
            chosen = choose_period_mention(
                text, q, sentence, undated, claimed, clauses, state.targets, state.target_figures
            ) or (None if spec.flow else year_only(chosen))
        resolved: list[str] | None = None
        if chosen is not None:
            chosen = year_for_yearless(chosen, mentions, text, ctx)
            resolved = resolve(
                chosen,
                ctx.published,
                ctx.mentioned if chosen.kind == "anaphor" else running,
                anchor,
            )
            refined = refine_months(chosen, resolved, q, mentions, clauses)
            if refined is not None:
                chosen, resolved = refined, resolve(refined, ctx.published, None)
            if not resolved:
                return []  # the figure names a period we cannot place ("the past 12 months")
            if conflicting(chosen, mentions, resolved[0], ctx, claimed, q):
                return []
        if not resolved:
            if metric == "trade.bilateral.target":
                return []  # a goal without a year is not a fact we can place
            clause = next((c for c in clauses if c[0] <= q.start < c[1]), (sentence.start, q.start))
            present_before = PRESENT_TENSE.search(text, clause[0], q.start)
            if present_before and ctx.published:
                resolved = [str(ctx.published.year)]
            elif ctx.named:
                resolved = [ctx.named]
            elif family(metric) in ctx.current:
                resolved = [ctx.current[family(metric)]]
            elif ctx.published and PRESENT_TENSE.search(sentence_text):
                resolved = [str(ctx.published.year)]
            elif ctx.mentioned:
                resolved = [ctx.mentioned]
            elif ctx.published:
                resolved = [str(ctx.published.year)]
        if not resolved:
            return []
        resolved = split_from_to(text, q, resolved)
        if metric == "energy.contract.value":
            year = year_of(resolved[0])
            resolved = [str(year)] if year else []
            entity = contract_for(sentence_text, year, cues, catalog)
            if entity is None:
                return []
        if metric == "trade.bilateral.multiple" and "/" not in resolved[0]:
            return []  # a fold change needs its two years
        if spec.flow and status == "actual" and _unfinished_year(resolved[0], ctx.published):
            return []  # "has supplied 75 Mt in 2023" in October: so far this year, months unsaid
        if metric.endswith(".growth") and month_on_month(
            text, q, clause, mentions, resolved[0], ctx.published, (sentence.start, sentence.end)
        ):
            return []  # a change against the month before is not year-on-year growth
        if metric.endswith(".growth") and base_years_back(
            q, sentence.end, mentions, resolved[0], ctx.published, anchor
        ) not in (None, 0, 1):
            return []  # a change against two or more years back is not year-on-year growth
        periods = list(resolved)

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
    return [
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
