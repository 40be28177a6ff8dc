"""Stated claims recomputed from the figures they rest on.

* A fold multiple ("fourteenfold since 2001", `trade.bilateral.multiple` 14 over
  `2001/2021`) against the annual turnover observations of the two years.
* A year-on-year growth rate ("up 35 %") against the value observations of its period and
  of the same period a year earlier, for turnover and for each direction of trade.

Each claim gives one row with the recomputed value, the tolerance and whether they agree;
`agrees` and `recomputed_value` are None when an input figure is missing.

A claim is compared with figures of its own reporting basis (`etl.tables.basis`): a growth
rate credited to Russian customs with Russian customs levels, an unattributed one with the
primary (Chinese customs) series; a fold multiple with the primary series.

Tolerances are wide enough for the rounding of the claim and of the figures used: a point of
growth, and 5 % of a multiple (a word multiple like "fourteenfold" is rounded to a whole
number).
An approximate claim ("about", "nearly") gets `APPROX_FACTOR` times the tolerance; a bound
("more than doubled") agrees when the recomputed value satisfies it within the tolerance.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from etl.model import Fact
from etl.tables.basis import PRIMARY, basis_of
from etl.tables.derive import TURNOVER
from etl.tables.ids import fact_id, stable_id
from etl.tables.period_kinds import (
    MONTH,
    MONTHS,
    YEAR,
    PeriodError,
    period_kind,
    shift_years,
    span_years,
)
from etl.tables.reconcile import GROWTH_OF, GROWTH_TOLERANCE_PP, Observation

MULTIPLE = "trade.bilateral.multiple"
#: A growth rate agrees within one percentage point of the recomputed one
#: (`GROWTH_TOLERANCE_PP`, declared in etl.tables.reconcile, which uses it for agreement).
__all__ = ["GROWTH_TOLERANCE_PP"]
#: A fold multiple agrees within 5 % of the recomputed one.
MULTIPLE_REL_TOLERANCE = 0.05
#: "About", "nearly": twice the tolerance.
APPROX_FACTOR = 2.0


@dataclass(frozen=True)
class Check:
    check_id: str
    kind: str
    doc: str
    fact_id: str
    metric: str
    period: str | None
    basis: str
    stated_value: float
    qualifier: str
    unit: str
    recomputed_value: float | None
    tolerance: float
    agrees: bool | None
    formula: str
    inputs: str

    def to_row(self) -> dict[str, Any]:
        return dict(vars(self))  # shallow: `asdict` deep-copies and dominated build time


ObsKey = tuple[str, str | None]  # (metric, period) of an actual, entity-less observation
#: Basis → its observations by key.
Index = dict[str, dict[ObsKey, Observation]]


def _index(observations: Iterable[Observation]) -> Index:
    index: Index = {}
    for o in observations:
        if o.status == "actual" and o.entity is None and o.qualifier in ("exact", "approx"):
            index.setdefault(o.basis, {})[(o.metric, o.period)] = o
    return index


def agrees(stated: float, qualifier: str, recomputed: float, tolerance: float) -> bool:
    if qualifier == "at_least":
        return recomputed >= stated - tolerance
    if qualifier == "at_most":
        return recomputed <= stated + tolerance
    return abs(recomputed - stated) <= tolerance


#: Renderings of the inputs column by basis and input keys.
InputsMemo = dict[tuple[str, tuple[ObsKey, ...]], str]


def _inputs(
    keys: Sequence[ObsKey],
    found: Mapping[ObsKey, Observation],
    basis: str,
    memo: InputsMemo | None = None,
) -> str:
    """The inputs column; `memo` keeps each rendering for the next claim on the same
    inputs of the same basis (`found`: that basis's observations; thousands of growth
    claims rest on a few dozen observations)."""
    memo_key = (basis, tuple(keys))
    if memo is not None and memo_key in memo:
        return memo[memo_key]
    rendered = _render_inputs(keys, found)
    if memo is not None:
        memo[memo_key] = rendered
    return rendered


def _render_inputs(keys: Sequence[ObsKey], found: Mapping[ObsKey, Observation]) -> str:
    items = []
    for metric, period in keys:
        obs = found.get((metric, period))
        items.append(
            {
                "metric": metric,
                "period": period,
                "value": obs.value if obs else None,
                "docs": obs.docs if obs else None,
                # A disagreement often comes from an input the sources disagree on.
                "conflict": obs.conflict if obs else None,
            }
        )
    return json.dumps(items, ensure_ascii=False, sort_keys=True)


def _check(
    fact: Fact,
    basis: str,
    kind: str,
    keys: Sequence[ObsKey],
    found: Mapping[ObsKey, Observation],
    recompute: Callable[..., float | None],
    tolerance: float,
    formula: str,
    memo: InputsMemo | None = None,
) -> Check:
    if fact.qualifier == "approx":
        tolerance *= APPROX_FACTOR
    values = [found[k].value for k in keys if k in found]
    recomputed: float | None = None
    if len(values) == len(keys):
        recomputed = recompute(*values)
    return Check(
        check_id=stable_id(kind, fact_id(fact)),
        kind=kind,
        doc=fact.doc,
        fact_id=fact_id(fact),
        metric=fact.metric,
        period=fact.period,
        basis=basis,
        stated_value=fact.value,
        qualifier=fact.qualifier,
        unit=fact.unit,
        recomputed_value=recomputed,
        tolerance=tolerance,
        agrees=(
            None
            if recomputed is None
            else agrees(fact.value, fact.qualifier, recomputed, tolerance)
        ),
        formula=formula,
        inputs=_inputs(keys, found, basis, memo),
    )


def _growth(previous: float, current: float) -> float | None:
    return None if previous == 0 else 100.0 * (current / previous - 1.0)


def _multiple(first: float, last: float) -> float | None:
    return None if first == 0 else last / first


def check_multiple(fact: Fact, index: Index, memo: InputsMemo | None = None) -> Check | None:
    found = index.get(PRIMARY, {})
    if fact.metric != MULTIPLE or fact.period is None:
        return None
    try:
        first, last = span_years(fact.period)
    except PeriodError:
        return None
    keys = [(TURNOVER, str(first)), (TURNOVER, str(last))]
    return _check(
        fact,
        PRIMARY,
        "multiple",
        keys,
        found,
        _multiple,
        MULTIPLE_REL_TOLERANCE * abs(fact.value),
        f"{TURNOVER}[{last}] / {TURNOVER}[{first}]",
        memo,
    )


def check_growth(fact: Fact, index: Index, memo: InputsMemo | None = None) -> Check | None:
    basis = basis_of(fact)
    found = index.get(basis, {})
    value_metric = GROWTH_OF.get(fact.metric)
    if value_metric is None or fact.period is None:
        return None
    try:
        if period_kind(fact.period, fact.metric) not in (YEAR, MONTH, MONTHS):
            return None
        previous = shift_years(fact.period, -1)
    except PeriodError:
        return None
    keys = [(value_metric, previous), (value_metric, fact.period)]
    return _check(
        fact,
        basis,
        "growth",
        keys,
        found,
        _growth,
        GROWTH_TOLERANCE_PP,
        f"100 * ({value_metric}[{fact.period}] / {value_metric}[{previous}] - 1)",
        memo,
    )


def check_claims(facts: Iterable[Fact], observations: Sequence[Observation]) -> list[Check]:
    """A check for every actual multiple or growth claim, sorted by document and metric."""
    index = _index(observations)
    rows: list[Check] = []
    seen: set[str] = set()
    memo: InputsMemo = {}
    for fact in facts:
        if fact.status != "actual":
            continue  # a projected growth rate has no actual figures to rest on
        row = check_multiple(fact, index, memo) or check_growth(fact, index, memo)
        if row is not None and row.check_id not in seen:
            seen.add(row.check_id)
            rows.append(row)
    return sorted(rows, key=lambda c: (c.doc, c.metric, c.period or "", c.check_id))
