"""Consistency checks that judge facts: the identities published figures must satisfy.

Each check is an *identity* over a few observations (its terms) that must hold between
figures the sources state independently. When the consensus figures break one, the check
looks for the smallest change that would repair it using figures the sources actually state
(never a computed value): if exactly one repair exists, the evidence is clear and the facts
that break the identity are **demoted** (left out of reconciliation, so another source's
figure becomes the consensus); otherwise the consensus facts that can be at fault are
**flagged** as doubtful. Every flag names the fact, the identity, the figure the identity
expects and the gap. Facts a person confirmed or corrected (`data/corrections.yaml`) are
never demoted: a reviewed figure outranks an identity.

Identities (tolerances are named constants below; `data/README.md` repeats them):

* `directions_sum`: China's exports to Russia + Russia's exports to China ≈ turnover, for
  the same period.
* `direction_below_total`: one direction of trade is less than the turnover of the same
  period (when the other direction is unknown).
* `growth_levels`: a stated year-on-year growth rate ≈ the change between the two periods'
  levels. The levels may be any figure a source states for them (Chinese and Russian
  customs differ), so a rate is doubtful only when no stated pair of levels supports it.
* `part_year_below_year`: a part-year figure is at most the figure of a longer period of the
  same year that contains it (January–September at most the year).
* `share_plausible`: a share of trade within the range history allows.
* `share_order`: Russia's share of China's trade is well below China's share of Russia's
  trade (China's total trade is several times Russia's).
* `share_turnover`: turnover divided by a share gives the country's total trade, which must
  be of a plausible size.
* `delivery_capacity`: gas delivered to China over a period is at most what the pipelines in
  service could carry in it, plus the LNG allowance.
* `magnitude`: a year's figure within a factor of the same series in neighbouring years (a
  million read as a billion breaks it).

Pure: facts in, observations and flags out.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from etl.facts.catalog import Catalog, load_catalog
from etl.model import Fact
from etl.tables.basis import ANY, BASES, PRIMARY, basis_of, splits_by_basis
from etl.tables.derive import GROWTH_OF
from etl.tables.figures import format_value
from etl.tables.ids import fact_id, stable_id
from etl.tables.period_kinds import (
    MONTH,
    MONTHS,
    YEAR,
    PeriodError,
    period_kind,
    shift_years,
)
from etl.tables.reconcile import (
    IMPLYING_METRICS,
    POINT,
    REL_TOLERANCE,
    RULE_AGREEMENT,
    Candidate,
    ConsensusMemo,
    Implied,
    Observation,
    candidate_of,
    implied_levels,
    reconcile_groups,
    sort_key,
)

TURNOVER = "trade.bilateral.value"
EXPORTS = "trade.china_to_russia.value"  # China's exports to Russia
IMPORTS = "trade.russia_to_china.value"  # Russia's exports to China
SHARE_CR = "trade.share.china_in_russia"
SHARE_RC = "trade.share.russia_in_china"
GAS = "energy.gas.exports_to_china"
OIL = "energy.oil.exports_to_china"
CAPACITY = "energy.pipeline.capacity"
#: Series whose part-year figures add up to the year's (flows over a period).
FLOW_METRICS: tuple[str, ...] = (TURNOVER, EXPORTS, IMPORTS, GAS, OIL)
#: Trade series checked for a slipped magnitude against neighbouring years.
MAGNITUDE_METRICS: tuple[str, ...] = (TURNOVER, EXPORTS, IMPORTS)

#: The two directions may differ from the turnover by 2 % (sources round each figure and
#: some add re-exports); a direction misread as the total is off by 35 % or more.
SUM_REL_TOLERANCE = 0.02
#: One direction has never reached 85 % of the turnover (Russia's exports were about 72 % in
#: 2000, 60 % in 2022): a direction at or above that is most likely the total.
DIRECTION_MAX_SHARE = 0.85
#: A stated growth rate agrees with its levels within 1.5 percentage points (twice that for
#: "about"); customs revisions move a yearly rate by about a point.
GROWTH_TOLERANCE_PP = 1.5
#: A part-year figure may exceed the longer period's by 1 % (revisions between releases).
PART_YEAR_SLACK = REL_TOLERANCE
#: Plausible shares of trade, percent: China's share of Russia's trade rose from about 5 %
#: (1990s) to about 34 % (2023); Russia's share of China's from about 1 % to about 4 %.
SHARE_PLAUSIBLE: dict[str, tuple[float, float]] = {SHARE_CR: (2.0, 60.0), SHARE_RC: (0.3, 15.0)}
#: China's total goods trade has been at least 1.9 times Russia's since 1995 (UN Comtrade:
#: $281 bn vs $145 bn in 1995, about 8 times in 2023), so Russia's share of China's trade is
#: below China's share of Russia's divided by 1.5.
MIN_TOTALS_RATIO = 1.5
#: Plausible total goods trade of each country (US dollars, 1995–2025, UN Comtrade orders of
#: magnitude): Russia $100 bn–$1.2 tn, China $250 bn–$8 tn.
TOTAL_TRADE_RANGE: dict[str, tuple[float, float]] = {
    SHARE_CR: (1.0e11, 1.2e12),
    SHARE_RC: (2.5e11, 8.0e12),
}
#: Russian LNG reaching China by sea besides the pipelines (about 8 Mt ≈ 11 bcm in 2023),
#: billion cubic metres a year: deliveries above pipeline capacity plus this are misread.
LNG_ALLOWANCE_BCM_PER_YEAR = 15.0
#: A year's trade figure more than three times (or under a third of) the median of the same
#: series within three years is a slipped magnitude; the largest real yearly change of
#: China–Russia turnover was about +45 %.
MAGNITUDE_FACTOR = 3.0
MAGNITUDE_WINDOW_YEARS = 3
#: Repair search: at most this many combinations of stated figures per identity.
MAX_COMBINATIONS = 4096
#: Demote, reconcile again, re-check: each round only removes facts, so this terminates; the
#: cap guards against a pathological corpus (a round typically settles one figure per key).
MAX_ROUNDS = 40
#: Widens the search for listed values close to a candidate's by a hair, so that rounding
#: in the bound never hides one (`_close` decides).
_REACH_MARGIN = 1.001

FLAGGED = "flagged"
DEMOTED = "demoted"
IDENTITIES: tuple[str, ...] = (
    "directions_sum",
    "direction_below_total",
    "growth_levels",
    "part_year_below_year",
    "share_plausible",
    "share_order",
    "share_turnover",
    "delivery_capacity",
    "magnitude",
)

Key = tuple[str, str | None, str | None, str, str]  # (metric, entity, period, status, basis)

JUDGED = "judged"  # may be at fault: flagged or demoted
SUPPORT = "support"  # never at fault; any figure a source states for it may back the identity
FIXED = "fixed"  # never at fault; only its consensus counts


@dataclass(frozen=True)
class Term:
    key: Key
    role: str
    label: str


@dataclass(frozen=True)
class Bound:
    """What an identity expects of one term given the others: `relation` is ≈, ≤ or ≥."""

    relation: str
    value: float


@dataclass(frozen=True)
class Identity:
    name: str
    terms: tuple[Term, ...]
    holds: Callable[[Sequence[float]], bool]
    #: What term i should be, given all values (None: this term cannot be the lone culprit).
    expect: Callable[[int, Sequence[float]], Bound | None]
    formula: str
    describe: Callable[[Sequence[float]], str]


@dataclass(frozen=True)
class Flag:
    flag_id: str
    identity: str
    action: str
    fact_id: str
    doc: str
    metric: str
    entity: str | None
    period: str | None
    value: float
    unit: str
    relation: str
    expected: float | None
    gap: float | None
    gap_pct: float | None
    related_fact_ids: str
    formula: str
    message: str

    def to_row(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class Judgement:
    """The outcome: observations without demoted facts, the facts kept, and the flags."""

    observations: list[Observation]
    kept: list[Fact]
    flags: list[Flag] = field(default_factory=list)

    def flag_rows(self) -> list[dict[str, Any]]:
        return [f.to_row() for f in self.flags]


# -- small helpers ----------------------------------------------------------------------
def _unit(metric: str) -> str:
    return {
        TURNOVER: "usd",
        EXPORTS: "usd",
        IMPORTS: "usd",
        SHARE_CR: "percent",
        SHARE_RC: "percent",
        GAS: "bcm",
        OIL: "mt",
    }.get(metric, "percent" if metric in GROWTH_OF else "")


def _fmt(value: float, metric: str) -> str:
    return format_value(float(f"{value:.4g}"), _unit(metric))  # four digits read best


def _close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b))


def months_in(period: str | None) -> int | None:
    """Months a period covers (a year: 12), None for other kinds."""
    try:
        kind = period_kind(period)
    except PeriodError:
        return None
    if kind == YEAR:
        return 12
    if kind == MONTH:
        return 1
    if kind == MONTHS:
        assert period is not None
        start, end = period.split("/")
        return (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7]) + 1
    return None


def month_span(period: str | None) -> tuple[int, int] | None:
    """(first, last) month as year*12+month-1, for years, months and runs of months."""
    try:
        kind = period_kind(period)
    except PeriodError:
        return None
    assert period is not None or kind not in (YEAR, MONTH, MONTHS)
    if kind == YEAR:
        assert period is not None
        return int(period) * 12, int(period) * 12 + 11
    if kind == MONTH:
        assert period is not None
        index = int(period[:4]) * 12 + int(period[5:7]) - 1
        return index, index
    if kind == MONTHS:
        assert period is not None
        start, end = period.split("/")
        return int(start[:4]) * 12 + int(start[5:7]) - 1, int(end[:4]) * 12 + int(end[5:7]) - 1
    return None


# -- the identities over the current observations ----------------------------------------
class Index:
    """Actual, point (exact or approximate) observations by key, with their candidates."""

    def __init__(
        self,
        observations: Iterable[Observation],
        facts: Iterable[Fact] = (),
        candidates: Mapping[Key, list[Fact]] | None = None,
    ) -> None:
        """`candidates`: the point facts by key when the caller has them grouped already
        (else they are grouped from `facts`)."""
        self.obs: dict[Key, Observation] = {
            o.key(): o for o in observations if o.qualifier in POINT
        }
        self.candidates: dict[Key, list[Fact]] = defaultdict(list, candidates or {})
        if candidates is None:
            for fact in facts:
                if fact.qualifier in POINT:
                    key = (fact.metric, fact.entity, fact.period, fact.status, basis_of(fact))
                    self.candidates[key].append(fact)

    def get(
        self, metric: str, period: str | None, entity: str | None = None, basis: str = PRIMARY
    ) -> Key | None:
        """The actual observation's key; `basis` counts only for metrics split by basis."""
        key: Key = (metric, entity, period, "actual", basis if splits_by_basis(metric) else ANY)
        return key if key in self.obs else None

    def periods(self, metric: str, basis: str = PRIMARY) -> list[str]:
        wanted = basis if splits_by_basis(metric) else ANY
        return sorted(
            k[2]
            for k in self.obs
            if k[0] == metric and k[3] == "actual" and k[4] == wanted and k[2] is not None
        )


def _sum_identity(index: Index, period: str, basis: str) -> Identity | None:
    keys = [index.get(m, period, basis=basis) for m in (TURNOVER, EXPORTS, IMPORTS)]
    if any(k is None for k in keys):
        return None
    t, x, m = (k for k in keys if k is not None)

    def holds(v: Sequence[float]) -> bool:
        return abs(v[1] + v[2] - v[0]) <= SUM_REL_TOLERANCE * v[0]

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        implied = [v[1] + v[2], v[0] - v[2], v[0] - v[1]][i]
        return Bound("≈", implied) if implied > 0 else None

    return Identity(
        "directions_sum",
        (Term(t, JUDGED, "turnover"), Term(x, JUDGED, "exports"), Term(m, JUDGED, "imports")),
        holds,
        expect,
        f"{EXPORTS}[{period}] + {IMPORTS}[{period}] ≈ {TURNOVER}[{period}] "
        f"(within {SUM_REL_TOLERANCE:.0%})",
        lambda v: (
            f"China's exports {_fmt(v[1], EXPORTS)} + Russia's exports {_fmt(v[2], IMPORTS)} "
            f"= {_fmt(v[1] + v[2], TURNOVER)} against turnover {_fmt(v[0], TURNOVER)} "
            f"in {period}"
        ),
    )


def _direction_identity(index: Index, period: str, direction: str, basis: str) -> Identity | None:
    other = IMPORTS if direction == EXPORTS else EXPORTS
    t, d = index.get(TURNOVER, period, basis=basis), index.get(direction, period, basis=basis)
    if t is None or d is None or index.get(other, period, basis=basis) is not None:
        return None  # with both directions known, directions_sum judges them

    def holds(v: Sequence[float]) -> bool:
        return v[1] < DIRECTION_MAX_SHARE * v[0]

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        if i == 0:
            return Bound("≥", v[1] / DIRECTION_MAX_SHARE)
        return Bound("≤", DIRECTION_MAX_SHARE * v[0])

    label = "China's exports" if direction == EXPORTS else "Russia's exports"
    return Identity(
        "direction_below_total",
        (Term(t, JUDGED, "turnover"), Term(d, JUDGED, label)),
        holds,
        expect,
        f"{direction}[{period}] < {DIRECTION_MAX_SHARE} * {TURNOVER}[{period}]",
        lambda v: (
            f"{label} {_fmt(v[1], direction)} is {v[1] / v[0]:.0%} of turnover "
            f"{_fmt(v[0], TURNOVER)} in {period}; one direction stays below "
            f"{DIRECTION_MAX_SHARE:.0%}"
        ),
    )


def _growth_identity(index: Index, growth: str, period: str, basis: str) -> Identity | None:
    value_metric = GROWTH_OF[growth]
    g = index.get(growth, period, basis=basis)
    if g is None:
        return None
    try:
        if period_kind(period) not in (YEAR, MONTH, MONTHS):
            return None
        before = shift_years(period, -1)
    except PeriodError:
        return None
    v0 = index.get(value_metric, before, basis=basis)
    v1 = index.get(value_metric, period, basis=basis)
    if v0 is None or v1 is None:
        return None
    tolerance = GROWTH_TOLERANCE_PP * (2 if index.obs[g].qualifier == "approx" else 1)

    def rate(v: Sequence[float]) -> float:
        return 100.0 * (v[2] / v[1] - 1.0) if v[1] else math.inf

    def holds(v: Sequence[float]) -> bool:
        return abs(v[0] - rate(v)) <= tolerance

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        return Bound("≈", rate(v)) if i == 0 and math.isfinite(rate(v)) else None

    return Identity(
        "growth_levels",
        (
            Term(g, JUDGED, "growth"),
            Term(v0, SUPPORT, f"level {before}"),
            Term(v1, SUPPORT, f"level {period}"),
        ),
        holds,
        expect,
        f"{growth}[{period}] ≈ 100 * ({value_metric}[{period}] / {value_metric}[{before}] - 1) "
        f"(within {tolerance:g} pp)",
        lambda v: (
            f"stated growth {v[0]:+.1f} % in {period}, but the levels "
            f"{_fmt(v[1], value_metric)} ({before}) and {_fmt(v[2], value_metric)} ({period}) "
            f"give {rate(v):+.1f} %"
        ),
    )


def _part_year_identity(metric: str, part: str, whole: str, p: Key, w: Key) -> Identity:
    def holds(v: Sequence[float]) -> bool:
        return v[0] <= v[1] * (1 + PART_YEAR_SLACK)

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        return Bound("≤", v[1]) if i == 0 else Bound("≥", v[0])

    def describe(v: Sequence[float]) -> str:
        return (
            f"{_fmt(v[0], metric)} for {part} is more than {_fmt(v[1], metric)} for "
            f"{whole}, which contains it"
        )

    return Identity(
        "part_year_below_year",
        (Term(p, JUDGED, f"period {part}"), Term(w, JUDGED, f"period {whole}")),
        holds,
        expect,
        f"{metric}[{part}] <= {metric}[{whole}]",
        describe,
    )


def _part_year_identities(index: Index, metric: str, basis: str) -> list[Identity]:
    spans = {p: month_span(p) for p in index.periods(metric, basis)}
    out = []
    for part, whole in itertools.permutations(spans, 2):
        a, b = spans[part], spans[whole]
        if a is None or b is None or a == b:
            continue
        same_year = a[0] // 12 == a[1] // 12 == b[0] // 12 == b[1] // 12
        if not (same_year and b[0] <= a[0] and a[1] <= b[1]):
            continue
        p, w = index.get(metric, part, basis=basis), index.get(metric, whole, basis=basis)
        assert p is not None and w is not None
        out.append(_part_year_identity(metric, part, whole, p, w))
    return out


def _plausible_share(metric: str, period: str, key: Key) -> Identity:
    low, high = SHARE_PLAUSIBLE[metric]

    def holds(v: Sequence[float]) -> bool:
        return low <= v[0] <= high

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        return Bound("≥", low) if v[0] < low else Bound("≤", high)

    def describe(v: Sequence[float]) -> str:
        return f"a share of {v[0]:g} % in {period} is outside the plausible {low:g}–{high:g} %"

    return Identity(
        "share_plausible",
        (Term(key, JUDGED, "share"),),
        holds,
        expect,
        f"{low:g} <= {metric}[{period}] <= {high:g}",
        describe,
    )


def _share_turnover(metric: str, period: str, key: Key, turnover: Key) -> Identity:
    low, high = TOTAL_TRADE_RANGE[metric]
    country = "Russia" if metric == SHARE_CR else "China"

    def total(v: Sequence[float]) -> float:
        return v[1] / (v[0] / 100.0) if v[0] > 0 else math.inf

    def holds(v: Sequence[float]) -> bool:
        return low <= total(v) <= high

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        if i:
            return None
        if total(v) < low:
            return Bound("≤", 100.0 * v[1] / low)
        return Bound("≥", 100.0 * v[1] / high)

    def describe(v: Sequence[float]) -> str:
        return (
            f"turnover {_fmt(v[1], TURNOVER)} at a share of {v[0]:g} % makes {country}'s "
            f"total trade {_fmt(total(v), TURNOVER)} in {period}, an implausible size"
        )

    return Identity(
        "share_turnover",
        (Term(key, JUDGED, "share"), Term(turnover, SUPPORT, "turnover")),
        holds,
        expect,
        f"{low:.3g} <= {TURNOVER}[{period}] / ({metric}[{period}] / 100) <= {high:.3g}",
        describe,
    )


def _share_order(period: str, rc: Key, cr: Key) -> Identity:
    def holds(v: Sequence[float]) -> bool:
        return v[0] * MIN_TOTALS_RATIO <= v[1]

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        if i == 0:
            return Bound("≤", v[1] / MIN_TOTALS_RATIO)
        return Bound("≥", v[0] * MIN_TOTALS_RATIO)

    def describe(v: Sequence[float]) -> str:
        return (
            f"Russia's share of China's trade ({v[0]:g} %) is not well below China's share "
            f"of Russia's ({v[1]:g} %) in {period}, although China's total trade is "
            "several times Russia's"
        )

    return Identity(
        "share_order",
        (Term(rc, JUDGED, "Russia's share of China's trade"), Term(cr, JUDGED, "China's")),
        holds,
        expect,
        f"{SHARE_RC}[{period}] * {MIN_TOTALS_RATIO} <= {SHARE_CR}[{period}]",
        describe,
    )


def _share_identities(index: Index) -> list[Identity]:
    out = []
    for metric in SHARE_PLAUSIBLE:
        for period in index.periods(metric):
            key = index.get(metric, period)
            assert key is not None
            out.append(_plausible_share(metric, period, key))
            turnover = index.get(TURNOVER, period)
            if turnover is not None:
                out.append(_share_turnover(metric, period, key, turnover))
    for period in sorted(set(index.periods(SHARE_CR)) & set(index.periods(SHARE_RC))):
        cr, rc = index.get(SHARE_CR, period), index.get(SHARE_RC, period)
        assert cr is not None and rc is not None
        out.append(_share_order(period, rc, cr))
    return out


def _capacity_identity(
    period: str, key: Key, months: int, lines: Sequence[tuple[str, Key]]
) -> Identity:
    fraction = months / 12.0
    names = " + ".join(label for label, _k in lines) or "no pipeline in service"

    def limit(v: Sequence[float]) -> float:
        return (sum(v[1:]) + LNG_ALLOWANCE_BCM_PER_YEAR) * fraction

    def holds(v: Sequence[float]) -> bool:
        return v[0] <= limit(v) * (1 + REL_TOLERANCE)

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        return Bound("≤", limit(v)) if i == 0 else None

    def describe(v: Sequence[float]) -> str:
        return (
            f"{_fmt(v[0], GAS)} delivered in {period} is more than {_fmt(limit(v), GAS)}, "
            f"what {names} and {LNG_ALLOWANCE_BCM_PER_YEAR:g} bcm/yr of LNG carry in that time"
        )

    # Fixed terms carry the capacities, so the flag names the facts it rests on.
    return Identity(
        "delivery_capacity",
        (Term(key, JUDGED, "gas delivered"), *(Term(k, FIXED, label) for label, k in lines)),
        holds,
        expect,
        f"{GAS}[{period}] <= ({names} capacity + {LNG_ALLOWANCE_BCM_PER_YEAR:g} bcm/yr LNG) "
        f"* {months}/12",
        describe,
    )


def _capacity_identities(index: Index, catalog: Catalog) -> list[Identity]:
    out = []
    for period in index.periods(GAS):
        span, months = month_span(period), months_in(period)
        key = index.get(GAS, period)
        if span is None or months is None or key is None:
            continue
        last_day = date(span[1] // 12, span[1] % 12 + 1, 1)
        lines = []
        for pipeline in catalog.pipelines.values():
            if pipeline.commodity != "gas" or pipeline.in_service is None:
                continue
            if pipeline.in_service > last_day:
                continue
            cap = index.obs.get((CAPACITY, pipeline.id, None, "actual", ANY))
            if cap is not None:
                lines.append((pipeline.label, cap.key()))
        out.append(_capacity_identity(period, key, months, lines))
    return out


def _magnitude_identity(metric: str, period: str, terms: tuple[Term, ...]) -> Identity:
    others = [t.label for t in terms[1:]]

    def median(v: Sequence[float]) -> float:
        return statistics.median(v[1:])

    def holds(v: Sequence[float]) -> bool:
        return median(v) / MAGNITUDE_FACTOR <= v[0] <= median(v) * MAGNITUDE_FACTOR

    def expect(i: int, v: Sequence[float]) -> Bound | None:
        return Bound("≈", median(v)) if i == 0 else None

    def describe(v: Sequence[float]) -> str:
        return (
            f"{_fmt(v[0], metric)} in {period} is more than {MAGNITUDE_FACTOR:g} times off "
            f"the median {_fmt(median(v), metric)} of the neighbouring years"
        )

    return Identity(
        "magnitude",
        terms,
        holds,
        expect,
        f"{metric}[{period}] within ×{MAGNITUDE_FACTOR:g} of the median of {', '.join(others)}",
        describe,
    )


def _magnitude_identities(index: Index, metric: str, basis: str) -> list[Identity]:
    years = {int(p): p for p in index.periods(metric, basis) if period_kind(p) == YEAR}
    out = []
    for year, period in years.items():
        window = range(year - MAGNITUDE_WINDOW_YEARS, year + MAGNITUDE_WINDOW_YEARS + 1)
        others = [years[y] for y in window if y != year and y in years]
        if len(others) < 2:
            continue  # one neighbour cannot tell which of the two slipped
        key = index.get(metric, period, basis=basis)
        assert key is not None
        terms = (
            Term(key, JUDGED, period),
            *(
                Term(k, FIXED, p)
                for p in others
                if (k := index.get(metric, p, basis=basis)) is not None
            ),
        )
        out.append(_magnitude_identity(metric, period, terms))
    return out


def identities(index: Index, catalog: Catalog) -> list[Identity]:
    """Every identity the current observations let us check. Trade identities hold within
    one reporting basis (Chinese and Russian customs differ by several per cent)."""
    found: list[Identity] = []
    for basis in BASES:
        for period in index.periods(TURNOVER, basis):
            made = [
                _sum_identity(index, period, basis),
                _direction_identity(index, period, EXPORTS, basis),
                _direction_identity(index, period, IMPORTS, basis),
            ]
            found += [identity for identity in made if identity is not None]
        for growth in GROWTH_OF:
            for period in index.periods(growth, basis):
                identity = _growth_identity(index, growth, period, basis)
                if identity is not None:
                    found.append(identity)
        for metric in MAGNITUDE_METRICS:
            found += _magnitude_identities(index, metric, basis)
    for metric in FLOW_METRICS:
        for basis in BASES if splits_by_basis(metric) else (ANY,):
            found += _part_year_identities(index, metric, basis)
    found += _share_identities(index)
    found += _capacity_identities(index, catalog)
    return found


# -- judging one identity --------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    identity: Identity
    consensus: tuple[float, ...]
    #: every smallest repair: term index → a stated value that makes the identity hold
    repairs: list[dict[int, float]]
    #: terms that may be at fault when there is no clear repair
    suspects: tuple[int, ...]
    #: the consensus fact of each term
    fact_ids: tuple[str, ...]


def _settled(index: Index, term: Term, protected: frozenset[str]) -> bool:
    """A term no identity may change: fixed by its role, reviewed by a person, or a value
    several independent sources agree on (reconciliation's agreement rule)."""
    consensus = index.obs[term.key]
    return (
        term.role == FIXED
        or consensus.fact_ids.split(";")[0] in protected
        or consensus.rule == RULE_AGREEMENT
    )


#: Options already worked out, by term key and settledness: the candidate list they were
#: worked out from (the same object while the key loses no fact), its consensus value and
#: the options.
OptionsMemo = dict[tuple[Key, bool], tuple[list[Fact], float, list[float]]]


def _options(
    index: Index, term: Term, protected: frozenset[str], memo: OptionsMemo | None = None
) -> list[float]:
    """The consensus value, then each other value a candidate states (in candidate order),
    leaving out values within REL_TOLERANCE of one already listed."""
    consensus = index.obs[term.key]
    settled = _settled(index, term, protected)
    if settled:
        return [consensus.value]
    candidates = index.candidates.get(term.key, [])
    if memo is not None:
        known = memo.get((term.key, settled))
        if known is not None and known[0] is candidates and known[1] == consensus.value:
            return known[2]
    values = [consensus.value]
    # The values listed so far, sorted, to look only at those that can be close: within
    # REL_TOLERANCE of the larger magnitude means within `reach` of the smaller's.
    listed = [consensus.value]
    for fact in candidates:
        if protected and fact_id(fact) in protected:
            continue
        value = fact.value
        reach = abs(value) * REL_TOLERANCE / (1 - REL_TOLERANCE) * _REACH_MARGIN
        low = bisect.bisect_left(listed, value - reach)
        high = bisect.bisect_right(listed, value + reach)
        if all(not _close(value, v, REL_TOLERANCE) for v in listed[low:high]):
            values.append(float(value))
            bisect.insort(listed, float(value))
    if memo is not None:
        memo[(term.key, settled)] = (candidates, consensus.value, values)
    return values


def judge_identity(
    index: Index,
    identity: Identity,
    protected: frozenset[str],
    memo: OptionsMemo | None = None,
) -> Verdict | None:
    """None when the identity holds (on the consensus, or on some stated support figures)."""
    consensus = tuple(index.obs[t.key].value for t in identity.terms)
    if identity.holds(consensus):
        return None
    options = [_options(index, t, protected, memo) for t in identity.terms]
    if math.prod(len(o) for o in options) > MAX_COMBINATIONS:
        terms = identity.terms  # too many: supporting terms keep only their consensus
        options = [o if t.role == JUDGED else o[:1] for t, o in zip(terms, options, strict=True)]
    best: list[dict[int, float]] = []
    best_changes = math.inf
    if math.prod(len(o) for o in options) <= MAX_COMBINATIONS:
        for combo in itertools.product(*options):
            if not identity.holds(combo):
                continue
            changed = {
                i: v
                for i, (t, v) in enumerate(zip(identity.terms, combo, strict=True))
                if t.role == JUDGED and v != consensus[i]
            }
            if len(changed) < best_changes:
                best, best_changes = [changed], len(changed)
            elif len(changed) == best_changes:
                best.append(changed)
    if best_changes == 0:
        return None  # a stated figure of a supporting term backs the consensus
    judged = [
        i
        for i, t in enumerate(identity.terms)
        if t.role == JUDGED and not _settled(index, t, protected)
    ]
    if not judged:
        return None  # every term is settled: nothing here can be judged doubtful
    suspects = tuple(i for i in judged if identity.expect(i, consensus) is not None) or tuple(
        judged
    )
    ids = tuple(index.obs[t.key].fact_ids.split(";")[0] for t in identity.terms)
    return Verdict(identity, consensus, best, suspects, ids)


def _fact_of(index: Index, key: Key) -> Fact | None:
    consensus_id = index.obs[key].fact_ids.split(";")[0]
    return next((f for f in index.candidates.get(key, []) if fact_id(f) == consensus_id), None)


def _flag(
    verdict: Verdict, term_index: int, fact: Fact, action: str, values: Sequence[float]
) -> Flag:
    identity = verdict.identity
    bound = identity.expect(term_index, values)
    expected = bound.value if bound else None
    gap = fact.value - expected if expected is not None else None
    gap_pct = 100.0 * gap / expected if gap is not None and expected else None
    related = [fid for i, fid in enumerate(verdict.fact_ids) if i != term_index]
    expectation = ""
    if bound is not None and gap is not None:
        pct = f", {gap_pct:+.0f} %" if gap_pct is not None else ""
        expectation = (
            f"; expected {bound.relation} {_fmt(bound.value, fact.metric)} "
            f"(gap {_fmt(gap, fact.metric)}{pct})"
        )
    verb = "demoted: another source's figure satisfies it" if action == DEMOTED else "doubtful"
    return Flag(
        flag_id=stable_id(identity.name, identity.formula, fact_id(fact)),
        identity=identity.name,
        action=action,
        fact_id=fact_id(fact),
        doc=fact.doc,
        metric=fact.metric,
        entity=fact.entity,
        period=fact.period,
        value=float(fact.value),
        unit=fact.unit,
        relation=bound.relation if bound else "",
        expected=expected,
        gap=gap,
        gap_pct=gap_pct,
        related_fact_ids=";".join(related),
        formula=identity.formula,
        message=f"{identity.name}: {identity.describe(values)}{expectation} — {verb}",
    )


def _failing(index: Index, verdict: Verdict, repair: Mapping[int, float]) -> dict[str, int]:
    """Consensus facts of the repaired terms that break the identity even when the other
    terms take the repair's values. Only consensus facts: the others change no published
    figure, and a figure on another reporting basis may be right in its own series."""
    values = list(verdict.consensus)
    for term_index, value in repair.items():
        values[term_index] = value
    out = {}
    for term_index in repair:
        for fact in index.candidates.get(verdict.identity.terms[term_index].key, []):
            if not _close(fact.value, verdict.consensus[term_index], REL_TOLERANCE):
                continue
            trial = list(values)
            trial[term_index] = float(fact.value)
            if not verdict.identity.holds(trial):
                out[fact_id(fact)] = term_index
    return out


def _demotions(
    index: Index, verdicts: Sequence[Verdict], keep: frozenset[str], done: Mapping[str, Flag]
) -> dict[str, Flag]:
    """Clear evidence: facts that break an identity under every smallest repair made of
    figures the sources state. Demote them (a reviewed fact never is)."""
    newly: dict[str, Flag] = {}
    for verdict in verdicts:
        if not verdict.repairs:
            continue
        failing = [_failing(index, verdict, r) for r in verdict.repairs]
        always = set(failing[0]).intersection(*failing[1:])
        todo = sorted(always - keep - set(done) - set(newly))
        if not todo:
            continue
        facts = {fact_id(f): f for t in verdict.identity.terms for f in index.candidates[t.key]}
        for fid in todo:
            term_index = failing[0][fid]
            values = list(verdict.consensus)
            for i, v in verdict.repairs[0].items():
                values[i] = v
            values[term_index] = float(facts[fid].value)
            newly[fid] = _flag(verdict, term_index, facts[fid], DEMOTED, values)
    return newly


class _KeptFacts:
    """The facts still kept, by observation key, as reconciliation and the index see them.
    Demoting facts rebuilds only their keys' lists: the others stay the same objects, so
    their observations and options are not worked out again."""

    def __init__(self, facts: Sequence[Fact], published: Mapping[str, date | None]) -> None:
        self.facts = list(facts)
        self.members: dict[Key, list[tuple[Fact, Candidate]]] = defaultdict(list)
        self.keys_of: dict[str, set[Key]] = defaultdict(set)
        self.id_of: dict[int, str] = {}  # by id() of each fact (all held in `facts`)
        for fact in self.facts:
            key, candidate = candidate_of(fact, published)
            self.members[key].append((fact, candidate))
            self.keys_of[candidate.fact_id].add(key)
            self.id_of[id(fact)] = candidate.fact_id
        self.candidates: dict[Key, tuple[Candidate, ...]] = {}
        self.points: dict[Key, list[Fact]] = {}
        for key in self.members:
            self._group(key)
        # What a document implies about earlier levels depends on its own facts only, and
        # only a document stating a growth rate implies anything.
        self.by_doc: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            self.by_doc[fact.doc].append(fact)
        growing = {f.doc for f in self.facts if f.metric in IMPLYING_METRICS}
        self.implied_by_doc = {doc: implied_levels(self.by_doc[doc]) for doc in sorted(growing)}

    def _group(self, key: Key) -> None:
        """Reconciliation's candidates and the index's point facts of one key."""
        kept = self.members[key]
        if not kept:
            del self.members[key]
            self.candidates.pop(key, None)
            self.points.pop(key, None)
            return
        self.candidates[key] = tuple(c for _f, c in kept)
        points = [f for f, _c in kept if f.qualifier in POINT]
        if points:
            self.points[key] = points
        else:
            self.points.pop(key, None)

    def drop(self, fact_ids: Iterable[str]) -> None:
        dropped = set(fact_ids)
        docs: set[str] = set()
        for key in sorted({k for fid in dropped for k in self.keys_of.get(fid, ())}, key=sort_key):
            docs.update(f.doc for f, c in self.members[key] if c.fact_id in dropped)
            self.members[key] = [(f, c) for f, c in self.members[key] if c.fact_id not in dropped]
            self._group(key)
        self.facts = [f for f in self.facts if self.id_of[id(f)] not in dropped]
        for doc in sorted(docs):
            self.by_doc[doc] = [f for f in self.by_doc[doc] if self.id_of[id(f)] not in dropped]
            if doc in self.implied_by_doc:
                self.implied_by_doc[doc] = implied_levels(self.by_doc[doc])

    def implied(self) -> dict[Key, list[Implied]]:
        """`implied_levels` of the kept facts (the same entries; their order does not count)."""
        out: dict[Key, list[Implied]] = defaultdict(list)
        for found in self.implied_by_doc.values():
            for key, items in found.items():
                out[key].extend(items)
        return out


def judge(
    facts: Sequence[Fact],
    published: Mapping[str, date | None],
    protected: Iterable[str] = (),
    catalog: Catalog | None = None,
    memo: ConsensusMemo | None = None,
) -> Judgement:
    """Reconcile, check every identity, demote facts where one repair is clear, repeat.

    `memo`: observations reconciled before (by an earlier round or an earlier run), reused
    for keys whose candidates are unchanged."""
    catalog = catalog or load_catalog()
    memo = memo or ConsensusMemo()
    keep = frozenset(protected)
    demoted: dict[str, Flag] = {}
    kept = _KeptFacts(facts, published)
    options: OptionsMemo = {}
    for round_ in range(MAX_ROUNDS + 1):
        observations = reconcile_groups(kept.candidates, kept.implied(), memo)
        index = Index(observations, candidates=kept.points)
        verdicts = [
            v for i in identities(index, catalog) if (v := judge_identity(index, i, keep, options))
        ]
        newly: dict[str, Flag] = {}
        if round_ < MAX_ROUNDS:
            # Identities between stated figures first: one that leans on a supporting figure
            # waits until those figures are settled.
            direct = [v for v in verdicts if all(t.role != SUPPORT for t in v.identity.terms)]
            newly = _demotions(index, direct, keep, demoted) or _demotions(
                index, verdicts, keep, demoted
            )
        if not newly:
            break
        demoted.update(newly)
        kept.drop(newly)
    flags: dict[str, Flag] = {}
    for verdict in verdicts:
        for term_index in verdict.suspects:
            fact = _fact_of(index, verdict.identity.terms[term_index].key)
            if fact is not None:
                flag = _flag(verdict, term_index, fact, FLAGGED, verdict.consensus)
                flags.setdefault(flag.flag_id, flag)
    every = sorted(
        [*demoted.values(), *flags.values()],
        key=lambda f: (f.metric, f.period or "", f.identity, f.fact_id, f.flag_id),
    )
    return Judgement(observations=observations, kept=kept.facts, flags=every)
