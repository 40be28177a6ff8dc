"""Observations from facts: one consensus figure per (metric, entity, period, status).

Rules (data/README.md repeats them for users of the tables):

* **Key.** `(metric, entity, period, status, basis)`. Basis (`etl.tables.basis`) keeps
  Chinese and Russian customs figures for the same trade in separate series. Status is part
  of the key so that a target
  or a projection never merges with an actual: "$200 billion by 2024" (target) and
  "$240 billion in 2024" (actual) are two observations. Partial periods keep their own
  period string (`2023-01/2023-09`) and are flagged `partial`, so they never pass for years.
* **Candidates.** Every fact for the key is a candidate, including several from one
  document (a headline's "-28 %" and the body's "-27.8 %" are both facts). `n_sources`
  counts distinct documents, not facts, so one article stating a figure twice is one source.
* **Consensus** is one stated figure, never an average (an average is a number nobody
  published). Candidates are ranked by: agreement (how many documents support the value: a
  point figure compatible with it, or — for a trade value — a next-period level and growth
  rate on the same basis that recompute to within `GROWTH_TOLERANCE_PP`; several
  independent sources beat a lone figure), then qualifier (exact, then approx, then a bound
  such as "more than"), then precision (the finer last stated digit: 27.8 over 28), then the
  most recent publication (later articles carry revised figures), then document id and
  offset as a deterministic tie-break (reported as a tie, so nobody mistakes it for a
  reason). `rule` names the criterion that separated the winner from the best candidate
  with a different value.
* **One document, two incompatible values** for one key are flagged (`conflict`), not
  ranked: that document's candidates only win when no other document states the figure,
  and then its first statement is kept (`rule`: `one document states incompatible values`).
* **Conflict** is True when any candidate is incompatible with the consensus:
  two point figures are compatible when they differ by at most `REL_TOLERANCE` (1 %) of the
  larger, or when the coarser one is the finer one rounded (26 and 26.3); an approximate
  figure ("nearly", "about") gets `APPROX_REL_TOLERANCE` (5 %); a bound ("more than 100")
  is compatible with any figure that satisfies it within `REL_TOLERANCE`. A headline's
  rounding therefore never makes an article disagree with itself, but a headline and body
  that state really different numbers do raise the flag.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any

from etl.model import Fact
from etl.tables.basis import basis_of
from etl.tables.figures import resolution
from etl.tables.ids import fact_id
from etl.tables.period_kinds import is_partial, period_kind, shift_years

#: Two exact figures within 1 % of each other agree (sources round and revise differently;
#: 1 % separates $107.06 bn from $108.3 bn, which are different statistics).
REL_TOLERANCE = 0.01
#: An approximate figure ("nearly $200 billion") agrees with figures within 5 % of it.
APPROX_REL_TOLERANCE = 0.05
#: Numerical slack when comparing a difference with half a rounding step.
_EPSILON = 1e-9
#: A stated growth rate agrees with one recomputed from two levels within a point
#: (rounding of the rate and the levels); the claims checker uses the same tolerance.
GROWTH_TOLERANCE_PP = 1.0
#: Growth metric → the value metric whose year-on-year change it states.
GROWTH_OF: dict[str, str] = {
    "trade.bilateral.growth": "trade.bilateral.value",
    "trade.china_to_russia.growth": "trade.china_to_russia.value",
    "trade.russia_to_china.growth": "trade.russia_to_china.value",
}
VALUE_GROWTH: dict[str, str] = {value: growth for growth, value in GROWTH_OF.items()}
#: A document implies an earlier level only when it states one of these growth rates.
IMPLYING_METRICS = frozenset(GROWTH_OF)
POINT = frozenset({"exact", "approx"})

APPROX = "approx"
BOUNDS = frozenset({"at_least", "at_most"})
#: Lower ranks win: a stated exact figure beats "about", which beats "more than".
QUALIFIER_RANK: dict[str, int] = {"exact": 0, "approx": 1, "at_least": 2, "at_most": 2}
_QUALIFIER_GROUP = {0: "exact", 1: "approx", 2: "bound"}

RULE_SINGLE = "single fact"
RULE_AGREEMENT = "most sources agree"
RULE_SELF_CONFLICT = "one document states incompatible values"
RULE_AGREE = "all facts state the same value"
RULE_PRECISION = "most precise"
RULE_RECENT = "most recent publication"
RULE_TIE = "tie: first by document id and position"
#: Hex digits of a signature digest kept (128 bits: no two signatures of a corpus collide).
_DIGEST_HEX = 32


#: (metric, entity, period, status, basis): one observation.
Key = tuple[str, str | None, str | None, str, str]


@dataclass(frozen=True)
class Candidate:
    """A fact as reconciliation sees it."""

    fact_id: str
    doc: str
    value: float
    unit: str
    qualifier: str
    published: date | None
    start: int
    support: int = 1  # documents supporting the value (set by `with_support`)

    @property
    def resolution(self) -> float:
        return resolution(self.value, self.unit)

    @cached_property
    def signature_text(self) -> str:
        """Every field, floats by their exact repr and dates in ISO form (for digests)."""
        published = self.published.isoformat() if self.published else None
        return repr(
            (self.fact_id, self.doc, self.value, self.unit, self.qualifier, published,
             self.start, self.support)
        )  # fmt: skip

    def rank(self) -> tuple[int, int, float, int, str, int]:
        # Most recent first: negate the ordinal; undated articles sort after dated ones.
        recency = -self.published.toordinal() if self.published else 0
        return (
            -self.support,
            QUALIFIER_RANK[self.qualifier],
            self.resolution,
            recency,
            self.doc,
            self.start,
        )


@dataclass(frozen=True)
class Observation:
    metric: str
    entity: str | None
    period: str | None
    status: str
    basis: str
    period_kind: str
    partial: bool
    value: float
    unit: str
    qualifier: str
    value_min: float
    value_max: float
    n_sources: int
    conflict: bool
    rule: str
    docs: str  # ';'-joined, the consensus document first
    fact_ids: str  # ';'-joined, the consensus fact first

    def key(self) -> Key:
        return (self.metric, self.entity, self.period, self.status, self.basis)

    def to_row(self) -> dict[str, Any]:
        return dict(vars(self))  # shallow: `asdict` deep-copies and dominated build time


def _bound_holds(bound: Candidate, value: float) -> bool:
    slack = REL_TOLERANCE * abs(bound.value)
    if bound.qualifier == "at_least":
        return value >= bound.value - slack
    return value <= bound.value + slack


def compatible(a: Candidate, b: Candidate) -> bool:
    """Whether two statements of one figure can both be true (see the module docstring)."""
    if a.qualifier in BOUNDS and b.qualifier in BOUNDS:
        if a.qualifier == b.qualifier:
            return True  # "more than 100" and "more than 107" never contradict each other
        low, high = (a, b) if a.qualifier == "at_least" else (b, a)
        return low.value <= high.value + REL_TOLERANCE * abs(high.value)
    if a.qualifier in BOUNDS:
        return _bound_holds(a, b.value)
    if b.qualifier in BOUNDS:
        return _bound_holds(b, a.value)
    difference = abs(a.value - b.value)
    tolerance = APPROX_REL_TOLERANCE if APPROX in (a.qualifier, b.qualifier) else REL_TOLERANCE
    if difference <= tolerance * max(abs(a.value), abs(b.value)):
        return True
    # Rounding: "26 %" is "26.3 %" stated to the unit.
    half_step = max(a.resolution, b.resolution) / 2
    return difference <= half_step * (1 + _EPSILON)


def _rule(best: Candidate, candidates: list[Candidate]) -> str:
    if len(candidates) == 1:
        return RULE_SINGLE
    runner = next((c for c in candidates if c.value != best.value), None)
    if runner is None:
        return RULE_AGREE
    best_rank, runner_rank = best.rank(), runner.rank()
    if best_rank[0] != runner_rank[0]:
        return RULE_AGREEMENT
    if best_rank[1] != runner_rank[1]:
        return f"{_QUALIFIER_GROUP[best_rank[1]]} beats {_QUALIFIER_GROUP[runner_rank[1]]}"
    if best_rank[2] != runner_rank[2]:
        return RULE_PRECISION
    if best_rank[3] != runner_rank[3]:
        return RULE_RECENT
    return RULE_TIE


def self_conflicting(candidates: list[Candidate]) -> set[str]:
    """Documents stating two incompatible point values for one key."""
    by_doc: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.qualifier in POINT:
            by_doc[c.doc].append(c)
    return {
        doc
        for doc, own in by_doc.items()
        if any(not compatible(a, b) for i, a in enumerate(own) for b in own[i + 1 :])
    }


#: (doc, next-period level, next-period growth rate): what a document implies about the
#: level of the period before.
Implied = tuple[str, float, float]


def with_support(candidates: list[Candidate], implied: list[Implied]) -> list[Candidate]:
    """Each candidate with the number of documents supporting its value: documents stating
    a compatible point figure, and documents whose next-period level and growth rate
    recompute to within GROWTH_TOLERANCE_PP from it. A bound supports only itself."""
    # Two point figures further apart than `reach` are never compatible (the larger of the
    # two tolerances on the largest value, or half the coarsest step): only figures within
    # reach of each other are compared, in value order, not every pair of the group.
    points = sorted((c for c in candidates if c.qualifier in POINT), key=lambda c: c.value)
    values = [c.value for c in points]
    largest = max((abs(v) for v in values), default=0.0)
    coarsest = max((c.resolution for c in points), default=0.0)
    reach = max(REL_TOLERANCE, APPROX_REL_TOLERANCE) * largest + coarsest / 2 * (1 + _EPSILON)
    reach *= 1.001  # a margin for the rounding of the subtractions below
    if not math.isfinite(reach):
        reach = math.inf
    out = []
    for c in candidates:
        docs = {c.doc}
        if c.qualifier in POINT:
            near = points
            if math.isfinite(reach) and math.isfinite(c.value):
                low = bisect.bisect_left(values, c.value - reach)
                high = bisect.bisect_right(values, c.value + reach)
                near = points[low:high]
            docs |= {d.doc for d in near if compatible(c, d)}
            if c.value:
                docs |= {
                    doc
                    for doc, level, growth in implied
                    if abs(100.0 * (level / c.value - 1.0) - growth) <= GROWTH_TOLERANCE_PP
                }
        out.append(replace(c, support=len(docs)))
    return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def consensus(
    metric: str,
    entity: str | None,
    period: str | None,
    status: str,
    basis: str,
    candidates: list[Candidate],
    implied: list[Implied] | None = None,
) -> Observation:
    """The observation for one key from its candidates (at least one)."""
    ranked = sorted(with_support(candidates, implied or []), key=Candidate.rank)
    flagged = self_conflicting(ranked)
    others = [c for c in ranked if c.doc not in flagged]
    if others:
        best = others[0]
        rule = _rule(best, others)
        ranked = others + [c for c in ranked if c.doc in flagged]
    else:  # only documents contradicting themselves: not ranked, the first statement kept
        best = min(ranked, key=lambda c: (c.doc, c.start))
        rule = RULE_SELF_CONFLICT
        ranked = [best] + [c for c in ranked if c is not best]
    units = {c.unit for c in ranked}
    if len(units) != 1:
        # Admission (etl.tables.validate) fixes one unit per metric and entity; two here is a bug.
        raise ValueError(f"{metric} {entity} {period}: mixed units {sorted(units)}")
    values = [c.value for c in ranked]
    return Observation(
        metric=metric,
        entity=entity,
        period=period,
        status=status,
        basis=basis,
        period_kind=period_kind(period, metric),
        partial=is_partial(period, metric),
        value=best.value,
        unit=best.unit,
        qualifier=best.qualifier,
        value_min=min(values),
        value_max=max(values),
        n_sources=len({c.doc for c in ranked}),
        conflict=bool(flagged) or any(not compatible(best, c) for c in ranked[1:]),
        rule=rule,
        docs=";".join(_unique(c.doc for c in ranked)),
        fact_ids=";".join(_unique(c.fact_id for c in ranked)),
    )


def implied_levels(facts: Iterable[Fact]) -> dict[Key, list[Implied]]:
    """For each value key, what documents imply about it: a document stating the next
    period's level and growth rate (same metric, basis, actual) implies this period's."""
    levels: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)
    rates: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)
    for f in facts:
        if f.entity is not None or f.status != "actual" or f.qualifier not in POINT or not f.period:
            continue
        if f.metric in VALUE_GROWTH:
            levels[(f.doc, f.metric, f.period, basis_of(f))].append(f.value)
        elif f.metric in GROWTH_OF:
            rates[(f.doc, GROWTH_OF[f.metric], f.period, basis_of(f))].append(f.value)
    implied: dict[Key, list[Implied]] = defaultdict(list)
    for (doc, metric, period, basis), values in levels.items():
        for growth in rates.get((doc, metric, period, basis), []):
            try:
                previous = shift_years(period, -1)
            except ValueError:
                continue
            for level in values:
                implied[(metric, None, previous, "actual", basis)].append((doc, level, growth))
    return implied


def candidate_of(fact: Fact, published: Mapping[str, date | None]) -> tuple[Key, Candidate]:
    """The observation key a fact belongs to, and the fact as reconciliation sees it."""
    if not math.isfinite(fact.value):
        raise ValueError(f"{fact.doc}: non-finite value for {fact.metric}")
    key = (fact.metric, fact.entity, fact.period, fact.status, basis_of(fact))
    return key, Candidate(
        fact_id=fact_id(fact),
        doc=fact.doc,
        value=float(fact.value),
        unit=fact.unit,
        qualifier=fact.qualifier,
        published=published.get(fact.doc),
        start=fact.start,
    )


#: Everything that decides one observation: its key, its candidates in order, and what
#: documents imply about its level.
Signature = tuple[Key, tuple[Candidate, ...], tuple[Implied, ...]]


def signature_digest(signature: Signature) -> str:
    """A digest of every field of a signature (floats by their exact repr, dates by ISO
    form): equal digests mean equal signatures."""
    key, candidates, implied = signature
    text = "\x1e".join([repr(key), *(c.signature_text for c in candidates), repr(implied)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_HEX]


class ConsensusMemo:
    """Observations already reconciled, by a digest of everything that decides them.

    A key whose candidates and implied levels are unchanged gets the same observation
    (`consensus` is a pure function of them), so it is not reconciled again: not in the
    next round of `etl.tables.consistency.judge`, nor — when the memo is saved with the
    extraction cache (`etl.tables.reconcile_cache`) — in the next refresh, where one new
    article changes a few keys. `known`: observations from an earlier run by digest;
    `used`: those this run asked for (what is worth saving for the next)."""

    def __init__(self, known: Mapping[str, Observation] | None = None) -> None:
        self._known = dict(known or {})
        self.used: dict[str, Observation] = {}
        self._worked_out = 0
        # The same candidates tuple is asked for again in later rounds (judge keeps the
        # tuples of keys that lose no fact): by identity, so it is not digested again.
        self._seen: dict[int, tuple[tuple[Candidate, ...], tuple[Implied, ...], str]] = {}

    def observation(
        self, key: Key, candidates: tuple[Candidate, ...], implied: tuple[Implied, ...]
    ) -> Observation:
        seen = self._seen.get(id(candidates))
        if seen is not None and seen[0] is candidates and seen[1] == implied:
            digest = seen[2]
        else:
            digest = signature_digest((key, candidates, implied))
            self._seen[id(candidates)] = (candidates, implied, digest)
        found = self.used.get(digest)
        if found is None:
            found = self._known.get(digest)
            if found is None:
                found = consensus(*key, list(candidates), list(implied))
                self._worked_out += 1
            self.used[digest] = found
        return found

    def changed(self) -> bool:
        """Whether `used` differs from `known` (it holds only known entries and new ones)."""
        return bool(self._worked_out) or len(self.used) != len(self._known)


def reconcile_groups(
    groups: Mapping[Key, Sequence[Candidate]],
    implied: Mapping[Key, list[Implied]],
    memo: ConsensusMemo | None = None,
) -> list[Observation]:
    """One observation per key of `groups` (candidates in fact order), sorted by key."""
    memo = memo or ConsensusMemo()
    observations = [
        memo.observation(key, tuple(candidates), tuple(implied.get(key, ())))
        for key, candidates in groups.items()
    ]
    return sorted(observations, key=lambda o: sort_key(o.key()))


def reconcile(
    facts: Iterable[Fact],
    published: Mapping[str, date | None],
    memo: ConsensusMemo | None = None,
) -> list[Observation]:
    """One observation per (metric, entity, period, status, basis), sorted by that key.

    `published` maps document ids to publication dates (for the recency rule); `memo`
    reuses observations whose inputs are unchanged.
    """
    facts = list(facts)
    groups: dict[Key, list[Candidate]] = defaultdict(list)
    for fact in facts:
        key, candidate = candidate_of(fact, published)
        groups[key].append(candidate)
    return reconcile_groups(groups, implied_levels(facts), memo)


def sort_key(key: Key) -> tuple[str, str, str, str, str]:
    """Order for keys with optional parts: missing entity or period sorts first."""
    metric, entity, period, status, basis = key
    return (metric, entity or "", period or "", status, basis)
