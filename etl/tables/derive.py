"""Figures computed from observations, each with its formula and the inputs it used.

* `cagr`: compound annual growth of turnover between any two years with annual figures.
* `multiple`: turnover in the later year divided by the earlier one, for any two years.
* `implied_previous`: the previous year's value implied by a value and its stated growth
  rate for the same period (`V / (1 + g/100)`), for turnover and each direction of trade;
  partial periods give the same months a year earlier.
* `dependence_asymmetry`: China's share of Russia's trade ÷ Russia's share of China's,
  for each period where both are observed.
* `energy_equivalent`: pipeline capacities in PJ/yr and Mtoe/yr.

Only `actual` observations feed trade figures, and only annual ones (never a partial year)
feed growth between years. An observation whose consensus is a bound ("more than") is not
used: a growth rate computed from a floor would be presented as a figure it is not.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pint

from etl.tables.basis import is_primary
from etl.tables.ids import stable_id
from etl.tables.period_kinds import YEAR, shift_years
from etl.tables.reconcile import BOUNDS, GROWTH_OF, Observation

TURNOVER = "trade.bilateral.value"
SHARE_CHINA_IN_RUSSIA = "trade.share.china_in_russia"
SHARE_RUSSIA_IN_CHINA = "trade.share.russia_in_china"
CAPACITY = "energy.pipeline.capacity"

# Conversion factors. Source: Energy Institute, Statistical Review of World Energy (2024),
# "Approximate conversion factors": 1 billion cubic metres of natural gas ≈ 36 PJ ≈ 0.86
# million tonnes of oil equivalent (earlier BP editions used 0.90 Mtoe per bcm); one tonne of
# oil equivalent is 10^7 kcal = 41.868 GJ, and a tonne of crude oil is taken as one tonne
# of oil equivalent (crude's net calorific value is about 42–43 GJ/t, so this is ±3 %).
GAS_PJ_PER_BCM = 36.0
CRUDE_TOE_PER_TONNE = 1.0
GJ_PER_TOE = 41.868
CONVERSION_SOURCE = (
    "Energy Institute, Statistical Review of World Energy (2024), approximate conversion "
    "factors: 1 bcm natural gas ≈ 36 PJ ≈ 0.86 Mtoe; 1 toe = 41.868 GJ; 1 t crude ≈ 1 toe"
)

_UREG: pint.UnitRegistry = pint.UnitRegistry()
_PJ_PER_YEAR = _UREG.petajoule / _UREG.year
_MTOE_PER_YEAR = _UREG.megatonne_of_oil_equivalent / _UREG.year
# pint defines the toe as 1e10 international calories; the formulas below print GJ_PER_TOE.
assert abs((1 * _UREG.toe).to(_UREG.gigajoule).magnitude - GJ_PER_TOE) < 1e-9


@dataclass(frozen=True)
class Derived:
    derived_id: str
    kind: str
    metric: str
    entity: str | None
    period: str | None
    status: str
    value: float
    unit: str
    formula: str
    inputs: str  # JSON list of the observations used
    source_note: str | None = None

    def to_row(self) -> dict[str, Any]:
        return dict(vars(self))  # shallow: `asdict` deep-copies and dominated build time


def _input(obs: Observation) -> dict[str, Any]:
    return {
        "metric": obs.metric,
        "entity": obs.entity,
        "period": obs.period,
        "status": obs.status,
        "value": obs.value,
        "unit": obs.unit,
        "qualifier": obs.qualifier,
        "conflict": obs.conflict,
        "docs": obs.docs,
    }


def _derived(
    kind: str,
    metric: str,
    entity: str | None,
    period: str | None,
    status: str,
    value: float,
    unit: str,
    formula: str,
    inputs: Sequence[Observation],
    source_note: str | None = None,
) -> Derived:
    return Derived(
        derived_id=stable_id(kind, metric, entity, period, status, unit),
        kind=kind,
        metric=metric,
        entity=entity,
        period=period,
        status=status,
        value=value,
        unit=unit,
        formula=formula,
        inputs=json.dumps([_input(o) for o in inputs], ensure_ascii=False, sort_keys=True),
        source_note=source_note,
    )


def _usable(obs: Observation) -> bool:
    return obs.status == "actual" and obs.qualifier not in BOUNDS and math.isfinite(obs.value)


def _annual(observations: Iterable[Observation], metric: str) -> dict[int, Observation]:
    return {
        int(str(o.period)): o
        for o in observations
        if o.metric == metric and o.period_kind == YEAR and not o.partial and _usable(o)
    }


def cagr(first: float, last: float, years: int) -> float:
    """Compound annual growth rate in percent: `100 * ((last / first) ** (1 / years) - 1)`."""
    return 100.0 * ((last / first) ** (1.0 / years) - 1.0)


def between_years(observations: Sequence[Observation]) -> list[Derived]:
    """CAGR and multiple of turnover for every pair of years with annual observations."""
    annual = _annual(observations, TURNOVER)
    rows: list[Derived] = []
    for y1, y2 in combinations(sorted(annual), 2):
        a, b = annual[y1], annual[y2]
        if a.value <= 0 or b.value <= 0:
            continue
        period = f"{y1}/{y2}"
        rows.append(
            _derived(
                "cagr",
                "trade.bilateral.cagr",
                None,
                period,
                "actual",
                cagr(a.value, b.value, y2 - y1),
                "percent",
                f"100 * (({TURNOVER}[{y2}] / {TURNOVER}[{y1}]) ** (1 / ({y2} - {y1})) - 1)",
                [a, b],
            )
        )
        rows.append(
            _derived(
                "multiple",
                "trade.bilateral.multiple",
                None,
                period,
                "actual",
                b.value / a.value,
                "ratio",
                f"{TURNOVER}[{y2}] / {TURNOVER}[{y1}]",
                [a, b],
            )
        )
    return rows


def implied_previous(observations: Sequence[Observation]) -> list[Derived]:
    """The same period a year earlier, implied by a value and its stated growth rate."""
    by_key = {(o.metric, o.period): o for o in observations if o.entity is None and _usable(o)}
    rows: list[Derived] = []
    for (metric, period), growth in sorted(by_key.items(), key=lambda kv: str(kv[0])):
        value_metric = GROWTH_OF.get(metric)
        if (
            value_metric is None
            or period is None
            or growth.period_kind
            not in (
                "year",
                "month",
                "months",
            )
        ):
            continue
        value = by_key.get((value_metric, period))
        if value is None or growth.value <= -100.0:
            continue
        rows.append(
            _derived(
                "implied_previous",
                value_metric,
                None,
                shift_years(period, -1),
                "actual",
                value.value / (1.0 + growth.value / 100.0),
                value.unit,
                f"{value_metric}[{period}] / (1 + {metric}[{period}] / 100)",
                [value, growth],
            )
        )
    return rows


def dependence_asymmetry(observations: Sequence[Observation]) -> list[Derived]:
    """China's share of Russia's trade ÷ Russia's share of China's, per common period."""
    china_in_russia = {
        o.period: o for o in observations if o.metric == SHARE_CHINA_IN_RUSSIA and _usable(o)
    }
    russia_in_china = {
        o.period: o for o in observations if o.metric == SHARE_RUSSIA_IN_CHINA and _usable(o)
    }
    rows: list[Derived] = []
    for period in sorted(set(china_in_russia) & set(russia_in_china), key=str):
        a, b = china_in_russia[period], russia_in_china[period]
        if b.value <= 0:
            continue
        rows.append(
            _derived(
                "dependence_asymmetry",
                "trade.dependence_asymmetry",
                None,
                period,
                "actual",
                a.value / b.value,
                "ratio",
                f"{SHARE_CHINA_IN_RUSSIA}[{period}] / {SHARE_RUSSIA_IN_CHINA}[{period}]",
                [a, b],
            )
        )
    return rows


def capacity_pj_per_year(value: float, unit: str) -> float:
    """A pipeline capacity (bcm/yr of gas or Mt/yr of crude) in PJ/yr."""
    if unit == "bcm_per_year":
        quantity = value * GAS_PJ_PER_BCM * _PJ_PER_YEAR
    elif unit == "mt_per_year":
        quantity = (value * CRUDE_TOE_PER_TONNE * _MTOE_PER_YEAR).to(_PJ_PER_YEAR)
    else:
        raise ValueError(f"not a pipeline capacity unit: {unit}")
    return float(quantity.magnitude)


def pj_to_mtoe(pj_per_year: float) -> float:
    return float((pj_per_year * _PJ_PER_YEAR).to(_MTOE_PER_YEAR).magnitude)


def _formulas(obs: Observation) -> dict[str, str]:
    """Unit → formula text, for the two energy units."""
    name = f"{CAPACITY}[{obs.entity}]"
    if obs.unit == "bcm_per_year":
        to_pj = f"{name} * {GAS_PJ_PER_BCM:g} PJ/bcm"
        return {"pj_per_year": to_pj, "mtoe_per_year": f"{to_pj} / {GJ_PER_TOE:g} PJ/Mtoe"}
    to_mtoe = f"{name} * {CRUDE_TOE_PER_TONNE:g} Mtoe/Mt"
    return {"pj_per_year": f"{to_mtoe} * {GJ_PER_TOE:g} PJ/Mtoe", "mtoe_per_year": to_mtoe}


def energy_equivalents(observations: Sequence[Observation]) -> list[Derived]:
    """Each pipeline capacity (any status: planned lines too) in PJ/yr and Mtoe/yr."""
    rows: list[Derived] = []
    for obs in observations:
        if obs.metric != CAPACITY or obs.unit not in ("bcm_per_year", "mt_per_year"):
            continue
        pj = capacity_pj_per_year(obs.value, obs.unit)
        formulas = _formulas(obs)
        for unit, value in (("pj_per_year", pj), ("mtoe_per_year", pj_to_mtoe(pj))):
            rows.append(
                _derived(
                    "energy_equivalent",
                    CAPACITY,
                    obs.entity,
                    obs.period,
                    obs.status,
                    value,
                    unit,
                    formulas[unit],
                    [obs],
                    CONVERSION_SOURCE,
                )
            )
    return rows


def derive(observations: Sequence[Observation]) -> list[Derived]:
    """Every derived figure, sorted by kind, metric, entity, period, status and unit.

    Computed from one series per metric: trade on the primary basis (Chinese customs)."""
    observations = [o for o in observations if is_primary(o.basis)]
    rows = (
        between_years(observations)
        + implied_previous(observations)
        + dependence_asymmetry(observations)
        + energy_equivalents(observations)
    )
    return sorted(
        rows,
        key=lambda d: (d.kind, d.metric, d.entity or "", d.period or "", d.status, d.unit),
    )
