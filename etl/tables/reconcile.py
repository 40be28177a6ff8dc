"""Observations from facts: one consensus figure per (metric, entity, period, status).

Rules (data/README.md repeats them for users of the tables):

* **Key.** `(metric, entity, period, status)`. Status is part of the key so that a target
  or a projection never merges with an actual: "$200 billion by 2024" (target) and
  "$240 billion in 2024" (actual) are two observations. Partial periods keep their own
  period string (`2023-01/2023-09`) and are flagged `partial`, so they never pass for years.
* **Candidates.** Every fact for the key is a candidate, including several from one
  document (a headline's "-28 %" and the body's "-27.8 %" are both facts). `n_sources`
  counts distinct documents, not facts, so one article stating a figure twice is one source.
* **Consensus** is one stated figure, never an average (an average is a number nobody
  published). Candidates are ranked by: qualifier (exact, then approx, then a bound such as
  "more than"), then precision (the finer last stated digit: 27.8 over 28), then the most
  recent publication (later articles carry revised figures), then document id and offset
  as a deterministic tie-break (reported as a tie, so nobody mistakes it for a reason).
  `rule` names the criterion that separated the winner from the best candidate with a
  different value.
* **Conflict** is True when any candidate is incompatible with the consensus:
  two point figures are compatible when they differ by at most `REL_TOLERANCE` (1 %) of the
  larger, or when the coarser one is the finer one rounded (26 and 26.3); an approximate
  figure ("nearly", "about") gets `APPROX_REL_TOLERANCE` (5 %); a bound ("more than 100")
  is compatible with any figure that satisfies it within `REL_TOLERANCE`. A headline's
  rounding therefore never makes an article disagree with itself, but a headline and body
  that state really different numbers do raise the flag.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from etl.model import Fact
from etl.tables.figures import resolution
from etl.tables.ids import fact_id
from etl.tables.period_kinds import is_partial, period_kind

#: Two exact figures within 1 % of each other agree (sources round and revise differently;
#: 1 % separates $107.06 bn from $108.3 bn, which are different statistics).
REL_TOLERANCE = 0.01
#: An approximate figure ("nearly $200 billion") agrees with figures within 5 % of it.
APPROX_REL_TOLERANCE = 0.05
#: Numerical slack when comparing a difference with half a rounding step.
_EPSILON = 1e-9

EXACT = "exact"
APPROX = "approx"
BOUNDS = frozenset({"at_least", "at_most"})
#: Lower ranks win: a stated exact figure beats "about", which beats "more than".
QUALIFIER_RANK: dict[str, int] = {"exact": 0, "approx": 1, "at_least": 2, "at_most": 2}
_QUALIFIER_GROUP = {0: "exact", 1: "approx", 2: "bound"}

RULE_SINGLE = "single fact"
RULE_AGREE = "all facts state the same value"
RULE_PRECISION = "most precise"
RULE_RECENT = "most recent publication"
RULE_TIE = "tie: first by document id and position"


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

    @property
    def resolution(self) -> float:
        return resolution(self.value, self.unit)

    def rank(self) -> tuple[int, float, int, str, int]:
        # Most recent first: negate the ordinal; undated articles sort after dated ones.
        recency = -self.published.toordinal() if self.published else 0
        return (QUALIFIER_RANK[self.qualifier], self.resolution, recency, self.doc, self.start)


@dataclass(frozen=True)
class Observation:
    metric: str
    entity: str | None
    period: str | None
    status: str
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

    def key(self) -> tuple[str, str | None, str | None, str]:
        return (self.metric, self.entity, self.period, self.status)

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
        return f"{_QUALIFIER_GROUP[best_rank[0]]} beats {_QUALIFIER_GROUP[runner_rank[0]]}"
    if best_rank[1] != runner_rank[1]:
        return RULE_PRECISION
    if best_rank[2] != runner_rank[2]:
        return RULE_RECENT
    return RULE_TIE


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def consensus(
    metric: str, entity: str | None, period: str | None, status: str, candidates: list[Candidate]
) -> Observation:
    """The observation for one key from its candidates (at least one)."""
    ranked = sorted(candidates, key=Candidate.rank)
    best = ranked[0]
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
        period_kind=period_kind(period, metric),
        partial=is_partial(period, metric),
        value=best.value,
        unit=best.unit,
        qualifier=best.qualifier,
        value_min=min(values),
        value_max=max(values),
        n_sources=len({c.doc for c in ranked}),
        conflict=any(not compatible(best, c) for c in ranked[1:]),
        rule=_rule(best, ranked),
        docs=";".join(_unique(c.doc for c in ranked)),
        fact_ids=";".join(_unique(c.fact_id for c in ranked)),
    )


def reconcile(facts: Iterable[Fact], published: Mapping[str, date | None]) -> list[Observation]:
    """One observation per (metric, entity, period, status), sorted by that key.

    `published` maps document ids to publication dates (for the recency rule).
    """
    groups: dict[tuple[str, str | None, str | None, str], list[Candidate]] = defaultdict(list)
    for fact in facts:
        if not math.isfinite(fact.value):
            raise ValueError(f"{fact.doc}: non-finite value for {fact.metric}")
        groups[(fact.metric, fact.entity, fact.period, fact.status)].append(
            Candidate(
                fact_id=fact_id(fact),
                doc=fact.doc,
                value=float(fact.value),
                unit=fact.unit,
                qualifier=fact.qualifier,
                published=published.get(fact.doc),
                start=fact.start,
            )
        )
    observations = [consensus(*key, candidates) for key, candidates in groups.items()]
    return sorted(observations, key=lambda o: sort_key(o.key()))


def sort_key(key: tuple[str, str | None, str | None, str]) -> tuple[str, str, str, str]:
    """Order for keys with optional parts: missing entity or period sorts first."""
    metric, entity, period, status = key
    return (metric, entity or "", period or "", status)
