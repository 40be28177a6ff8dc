"""Stage 3 — link quantities to catalog metrics: which metric, entity, period, status.

The rules are general; the words are data (`data/cues.yaml`). For each figure:
  1. its *role* from its kind and nearby words (a change, a target, a yearly rate, ...);
  2. its *frame*: among frames accepting the role, the cue nearest before it in the sentence
     (or closely after it, for frames marked `after`), inheriting the previous sentence's
     cues when its own sentence has none; a blocker frame drops the figure;
  3. its *entity* (pipeline, country, commodity, contract), *period* (attached, then nearest in
     its clause, then its sentence, then the document's running context, then the publication
     date) and *status*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from etl.catalog import Catalog
from etl.cues import Cues, Frame
from etl.model import Document, Fact
from etl.periods import PeriodMention, find_period_mentions, resolve, year_of
from etl.prefilter import may_match
from etl.quantities import QUALIFIERS_BEFORE, Quantity
from etl.text import Sentence, clause_bounds

#: How far after a figure an `after` cue may start (characters).
AFTER_WINDOW = 60
#: How far before a figure a cue may end and still be its frame (characters).
LEFT_WINDOW = 400
#: How many sentences back a cue-less sentence may borrow frames from.
INHERIT_SENTENCES = 2
#: How many sentences back to look for them at most.
INHERIT_LOOKBACK = 6
#: Cues borrowed from an earlier sentence count as this far away.
INHERITED_DISTANCE = 10_000
#: How far before a money figure a target cue may stand (characters).
TARGET_WINDOW = 160

_ATTACH_GAP = re.compile(
    r"\s*\)?\s*(?:[A-Za-z'’-]+\s+){0,3}?(?:in|of|during|for|by|as\s+of|at\s+the\s+end\s+of"
    r"|through|over|throughout|since|between|from)?\s*$",
    re.IGNORECASE,
)
_ATTACH_LEFT = re.compile(
    r"\s*(?:['’]s)?\s+(?:total|figure|level|volume|turnover|trade|value)\s+(?:of|was|stood\s+at|reached)\s*\$?\s*$",
    re.IGNORECASE,
)
_GAP_BREAK = re.compile(r"[,;]|\b(?:and|or|but|while|whereas|with|to|compared|than)\b", re.I)
_PRESENT_TENSE = re.compile(
    r"\b(?:is|are|stands?|remains?|now|currently|accounts?\s+for|makes?\s+up|represents?"
    r"|transits?|pass(?:es)?|cross(?:es)?|goes|ships|carries|has\s+become|have\s+become)\b",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:\w+\s+){0,2}\$?\s*$", re.IGNORECASE)
_TO_BETWEEN = re.compile(
    r"^\s*(?:in\s+\d{4}\s*)?(?:[-–—,]\s*)?(?:\w+\s+){0,3}?to\s+(?:\w+\s+){0,2}?\$?\s*$", re.I
)
_PART_OF = re.compile(
    r"\s+of\s+(?!(?:the\s+)?(?:previous|same|last|a\s+year|its\s+previous)\b)(?:the\s+)?[A-Za-z]",
    re.I,
)
_TARGET_NOUN_AFTER = re.compile(
    r"\s*(?:(?:trade|turnover|bilateral)\s+)?(?:target|goal|objective)s?\b", re.IGNORECASE
)
_SPACES = re.compile(r"[\s-]*")
_ONE_WORD = re.compile(r"[\s-]*\w+\s+")
_YOY_AFTER = re.compile(r"\s*(?:year[\s-]on[\s-]year|y/y|yoy|annually|in\s+annual\s+terms)", re.I)


@dataclass(frozen=True)
class CueHit:
    frame: Frame
    start: int
    end: int
    groups: dict[str, str | None]
    sentence: int


@dataclass(frozen=True)
class Mention:
    """A mention of a pipeline or a country, with its position."""

    start: int
    end: int
    key: str


# ---------------------------------------------------------------------------------------
# roles


def _strip_qualifier(window: str) -> str:
    for _, pattern in QUALIFIERS_BEFORE:
        m = pattern.search(window)
        if m:
            return window[: m.start()]
    return window


def change_sign(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> int:
    """+1 / -1 when a change word governs the percentage, 0 when none does."""
    left_start = max(sentence.start, q.start - cues.change_window)
    left = _strip_qualifier(text[left_start : q.start])
    best: tuple[int, int] | None = None  # (distance, sign)
    for sign, pattern in ((1, cues.change_up), (-1, cues.change_down)):
        for m in pattern.finditer(left):
            distance = len(left) - m.end()
            if best is None or distance < best[0]:
                best = (distance, sign)
    # right after the figure, or one word on: "a 30 percent plunge", "4.5% less than"
    right = text[q.end : min(sentence.end, q.end + 25)]
    one_word_on = _ONE_WORD.match(right)
    spaces = _SPACES.match(right)
    starts = [spaces.end() if spaces else 0] + ([one_word_on.end()] if one_word_on else [])
    for sign, pattern in ((1, cues.change_up), (-1, cues.change_down)):
        for pos in starts:
            found = pattern.match(right, pos)
            if found is not None and (best is None or found.start() < best[0]):
                best = (found.start(), sign)
    if best is None and _YOY_AFTER.match(text, q.end):
        return 1  # "trade up 5% year on year" without a verb we could read: treat as a change
    return best[1] if best else 0


def role_of(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> tuple[str, int]:
    """The figure's role and, for changes, its sign."""
    before = text[max(sentence.start, q.start - 60) : q.start]
    if q.kind == "percent":
        if _PART_OF.match(text, q.end):
            return "percent", 0
        sign = change_sign(text, q, sentence, cues)
        return ("percent_change", sign) if sign else ("percent", 0)
    if q.kind == "money":
        if cues.increment.search(_strip_qualifier(before)):
            return "money_increment", 0
        return "money", 0
    if q.kind in ("volume", "mass"):
        if cues.increment.search(_strip_qualifier(before)):
            return f"{q.kind}_increment", 0
        return (f"{q.kind}_rate" if q.rate else q.kind), 0
    if q.kind == "price":
        return "price_per_barrel", 0
    return q.kind, 0


def is_target(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> bool:
    """A declared goal: a target cue earlier in the sentence and the figure is its object,
    or the figure names the target itself ("the $200 billion target")."""
    if _TARGET_NOUN_AFTER.match(text, q.end):
        return True
    before = text[max(sentence.start, q.start - TARGET_WINDOW) : q.start]
    near = _strip_qualifier(before)
    if not cues.target_cues.search(before):
        return False
    if cues.actual_verbs.search(near):
        return False
    return bool(cues.target_object.search(near))


# ---------------------------------------------------------------------------------------
# frames


def find_cue_hits(text: str, sentence: Sentence, cues: Cues) -> list[CueHit]:
    hits: list[CueHit] = []
    lowered = text[sentence.start : sentence.end].lower()
    for frame in cues.frames:
        for pattern, prefixes in zip(frame.patterns, frame.prefixes, strict=True):
            if not may_match(prefixes, lowered):
                continue  # none of the words every match starts with is here
            for m in pattern.finditer(text, sentence.start, sentence.end):
                if m.end() == m.start():
                    continue
                hits.append(CueHit(frame, m.start(), m.end(), m.groupdict(), sentence.index))
    return hits


def anchored_hits(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> list[CueHit]:
    """Cues that must touch the figure: '^' right after it, '$' right before it."""
    hits: list[CueHit] = []
    after = text[q.end : sentence.end]
    for frame in cues.frames:
        for pattern in frame.follows:
            m = pattern.match(after)
            if m and m.end() > m.start():
                hits.append(
                    CueHit(frame, q.end + m.start(), q.end + m.end(), m.groupdict(), sentence.index)
                )
        for pattern in frame.precedes:
            m = pattern.search(text, sentence.start, q.start)
            if m and m.end() > m.start():
                hits.append(CueHit(frame, m.start(), m.end(), m.groupdict(), sentence.index))
    return hits


def choose_frame(
    q: Quantity,
    role: str,
    hits: Sequence[CueHit],
    inherited: Sequence[Sequence[CueHit]],
    context_text: str,
    touching: Sequence[CueHit] = (),
) -> CueHit | None:
    """The nearest cue (left, or closely right for `after` frames) of a frame taking the role.

    A sentence without any such cue borrows the last cue of the nearest earlier sentence
    that has one ("That fell to $235 billion" after a sentence about EU–Russia trade).
    """
    best: tuple[int, int, int, CueHit] | None = None
    for hit in [*hits, *touching]:
        frame = hit.frame
        if role not in frame.accepts:
            continue
        if frame.requires is not None and not frame.requires.search(context_text):
            continue
        if hit in touching:
            distance = 0
        elif hit.end <= q.start:
            distance = q.start - hit.end
            if distance > LEFT_WINDOW:
                continue
        elif frame.after and hit.start >= q.end:
            distance = hit.start - q.end
            if distance > AFTER_WINDOW:
                continue
        elif frame.after and hit.start <= q.start and hit.end >= q.end:
            distance = 0  # the cue runs across the figure ("deal ... worth $400 billion to ...")
        else:
            continue
        rank = (distance, -(hit.end - hit.start), frame_order(frame))
        if best is None or rank < best[:3]:
            best = (*rank, hit)
    if best is not None:
        return best[3]
    if hits:
        return None  # a sentence with its own topic does not borrow the previous one's
    for group in reversed(inherited):
        usable = [
            h
            for h in group
            if role in h.frame.accepts
            and h.frame.inherit
            and (h.frame.requires is None or h.frame.requires.search(context_text))
        ]
        if usable:
            return max(usable, key=lambda h: (h.end, h.end - h.start, -frame_order(h.frame)))
    return None


def frame_order(frame: Frame) -> int:
    return frame.order


# ---------------------------------------------------------------------------------------
# mentions of pipelines and countries


def find_pipeline_mentions(text: str, cues: Cues) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pipeline_id, aliases in cues.pipelines.items():
        for alias in aliases:
            for m in alias.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found.append(Mention(m.start(), m.end(), pipeline_id))
    return sorted(found, key=lambda m: m.start)


def find_country_mentions(text: str, start: int, end: int, cues: Cues) -> list[Mention]:
    found: list[Mention] = []
    for key in ("CN", "RU", "OTHER"):
        for m in cues.countries[key].finditer(text, start, end):
            found.append(Mention(m.start(), m.end(), key))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    result: list[Mention] = []
    for mention in found:
        if result and mention.start < result[-1].end:
            continue
        result.append(mention)
    return result


_OBJECT_BEFORE = re.compile(
    r"\b(?:to|from|into|in|for|of|with|via|through|than|after|over)\s+(?:the\s+)?$", re.I
)


def subject_country(text: str, sentence: Sentence, cues: Cues) -> str | None:
    """The first country named as a subject in the sentence (not after 'to', 'from', ...)."""
    for mention in find_country_mentions(text, sentence.start, sentence.end, cues):
        if _OBJECT_BEFORE.search(text[max(sentence.start, mention.start - 12) : mention.start]):
            continue
        # "China's top supplier" — a possessive China is the buyer, not the subject
        if mention.key == "CN" and re.match(r"['’]s\b", text[mention.end : mention.end + 3]):
            continue
        return mention.key
    return None


# ---------------------------------------------------------------------------------------
# periods


@dataclass
class PeriodContext:
    """What the document has said about time so far (for figures that do not say)."""

    published: date | None
    current: dict[str, str] = field(default_factory=dict)  # last actual period per metric family
    named: str | None = None  # named since that figure, in this paragraph ("He said in 2013 ...")
    mentioned: str | None = None  # the last period the text named (for "over the same period")


def _attached(text: str, q: Quantity, mentions: Sequence[PeriodMention]) -> PeriodMention | None:
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
    attached = _attached(text, q, mentions)
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


def _frames_time(text: str, mention: PeriodMention) -> bool:
    """'in 2013, China ...' sets the time of what follows; 'Russia's 2014 annexation' does not."""
    if mention.kind != "year":
        return True
    return bool(_TIME_PREPOSITION.search(text, max(0, mention.start - 20), mention.start))


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


# ---------------------------------------------------------------------------------------
# entities and status


def pipeline_for(
    q: Quantity,
    sentence: Sentence,
    pipelines: Sequence[Mention],
    catalog: Catalog,
) -> str | None:
    commodity = "gas" if q.kind == "volume" else "oil"

    def fits(m: Mention) -> bool:
        pipeline = catalog.pipelines.get(m.key)
        return pipeline is not None and pipeline.commodity == commodity

    left = [m for m in pipelines if sentence.start <= m.start and m.end <= q.start and fits(m)]
    if left:
        return left[-1].key
    earlier = [m for m in pipelines if m.end <= sentence.start and fits(m)]
    if earlier:
        return earlier[-1].key
    right = [m for m in pipelines if q.end <= m.start < sentence.end and fits(m)]
    return right[0].key if right else None


def pipeline_status(pipeline_id: str, published: date | None, catalog: Catalog) -> str:
    pipeline = catalog.pipelines[pipeline_id]
    if pipeline.in_service is None:
        return "planned"
    if published is not None and published < pipeline.in_service:
        return "planned"
    return "actual"


def commodity_for(window: str, cues: Cues) -> str | None:
    found = [
        (m.start(), cid) for cid, p in cues.commodities.items() for m in [p.search(window)] if m
    ]
    return min(found)[1] if found else None


def contract_for(sentence_text: str, year: int | None, cues: Cues, catalog: Catalog) -> str | None:
    commodity = commodity_for(sentence_text, cues)
    short = {"crude_oil": "oil", "natural_gas": "gas"}.get(commodity or "")
    if short is None or year is None:
        return None
    for contract_id, spec in catalog.contracts.items():
        if spec.get("commodity") == short and int(spec.get("signed", 0)) == year:
            return contract_id
    return f"{short}_{year}"


def attribution_for(text: str, sentence: Sentence, cues: Cues) -> str | None:
    for pattern in cues.attribution:
        m = pattern.search(text, sentence.start, sentence.end)
        if m:
            return " ".join(m.group("source").split()).strip(" '\"“”")
    return None


# ---------------------------------------------------------------------------------------
# the document


@dataclass
class _Candidate:
    q: Quantity
    metric: str
    entity: str | None
    periods: list[str | None]
    qualifier: str
    status: str
    sentence: Sentence
    value: float


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
        if following is None or following.paragraph != sentence.paragraph:
            ctx.named = None
    return facts


def _carry_context(
    text: str,
    mentions: Sequence[PeriodMention],
    ctx: PeriodContext,
    emitted_periods: Sequence[tuple[str, str]],
    emitted_any: bool,
) -> None:
    """The running context: the last actual figure's period per family; a sentence without
    figures moves it to the period it names ("He said that in 2013 ..."); a target does not."""
    explicit = [m for m in mentions if not m.base and m.kind != "anaphor" and _frames_time(text, m)]
    named = resolve(explicit[-1], ctx.published, ctx.named) if explicit else None
    if emitted_periods:
        ctx.current.update(emitted_periods)
        ctx.named = None
    elif not emitted_any and named:
        ctx.named = named[-1]
    if named:
        ctx.mentioned = named[-1]


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
    inherited = [] if hits else inherited_for(sentence.index)
    clauses = clause_bounds(text, sentence.start, sentence.end, keep_whole)
    claimed: dict[int, Quantity] = {}
    targets = {
        id(q) for q in sentence_qs if q.kind == "money" and is_target(text, q, sentence, cues)
    }
    target_starts = frozenset(q.start for q in sentence_qs if id(q) in targets)
    for q in sentence_qs:
        attached = _attached(text, q, mentions)
        if attached is not None:
            claimed.setdefault(attached.start, q)
    previous = sentences[sentence.index - 1] if sentence.index > 0 else None
    context_text = text[(previous.start if previous else sentence.start) : sentence.end]
    emitted_periods: list[tuple[str, str]] = []
    emitted_any = False
    for q in sentence_qs:
        for fact in _link_quantity(
            doc, q, sentence, hits, inherited, mentions, claimed, clauses, pipelines,
            context_text, ctx, cues, catalog, frozenset(targets),
            [t for t in sentence_qs if t.start in target_starts],
        ):  # fmt: skip
            facts.append(fact)
            emitted_any = True
            if fact.period and fact.status == "actual" and not catalog.metric(fact.metric).timeless:
                emitted_periods.append((family(fact.metric), fact.period))
    _carry_context(text, mentions, ctx, emitted_periods, emitted_any)


def _link_quantity(
    doc: Document,
    q: Quantity,
    sentence: Sentence,
    hits: Sequence[CueHit],
    inherited: Sequence[Sequence[CueHit]],
    mentions: Sequence[PeriodMention],
    claimed: dict[int, Quantity],
    clauses: Sequence[tuple[int, int]],
    pipelines: Sequence[Mention],
    context_text: str,
    ctx: PeriodContext,
    cues: Cues,
    catalog: Catalog,
    targets: frozenset[int] = frozenset(),
    sentence_targets: Sequence[Quantity] = (),
) -> list[Fact]:
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
        subject = subject_country(text, sentence, cues)
        if subject not in ("CN", "RU"):
            return []
        metric = "trade.share.china_in_russia" if subject == "CN" else "trade.share.russia_in_china"
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
    before = text[max(clause[0], q.start - 80) : q.start]
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
        chosen = choose_period_mention(
            text, q, sentence, mentions, claimed, clauses, targets, sentence_targets
        )
        resolved: list[str] | None = None
        if chosen is not None:
            resolved = resolve(
                chosen,
                ctx.published,
                ctx.mentioned
                if chosen.kind == "anaphor"
                else ctx.named or ctx.current.get(family(metric)),
            )
            refined = _refine_months(chosen, resolved, q, mentions, clauses)
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
            present_before = _PRESENT_TENSE.search(text, clause[0], q.start)
            if present_before and ctx.published:
                resolved = [str(ctx.published.year)]
            elif ctx.named:
                resolved = [ctx.named]
            elif family(metric) in ctx.current:
                resolved = [ctx.current[family(metric)]]
            elif ctx.published and _PRESENT_TENSE.search(sentence_text):
                resolved = [str(ctx.published.year)]
            elif ctx.mentioned:
                resolved = [ctx.mentioned]
            elif ctx.published:
                resolved = [str(ctx.published.year)]
        if not resolved:
            return []
        resolved = _split_from_to(text, q, resolved)
        if metric == "energy.contract.value":
            year = year_of(resolved[0])
            resolved = [str(year)] if year else []
            entity = contract_for(sentence_text, year, cues, catalog)
            if entity is None:
                return []
        if metric == "trade.bilateral.multiple" and "/" not in resolved[0]:
            return []  # a fold change needs its two years
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
    attribution = attribution_for(text, sentence, cues)
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


def family(metric: str) -> str:
    """trade, energy, macro, ...: a figure continues the story of its own family only."""
    return metric.split(".", 1)[0]


def _refine_months(
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


def _split_from_to(text: str, q: Quantity, resolved: list[str]) -> list[str]:
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
