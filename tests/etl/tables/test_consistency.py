"""Consistency checks: each identity on facts of our own (invented figures and years)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from etl.model import Fact
from etl.tables.consistency import DEMOTED, FLAGGED, Flag, Judgement, judge
from etl.tables.ids import fact_id

BN = 1e9
UNITS = {
    "trade.bilateral.value": "usd",
    "trade.china_to_russia.value": "usd",
    "trade.russia_to_china.value": "usd",
    "trade.bilateral.growth": "percent",
    "trade.china_to_russia.growth": "percent",
    "trade.share.china_in_russia": "percent",
    "trade.share.russia_in_china": "percent",
    "energy.gas.exports_to_china": "bcm",
    "energy.pipeline.capacity": "bcm_per_year",
}
T, X, M = "trade.bilateral.value", "trade.china_to_russia.value", "trade.russia_to_china.value"
G = "trade.bilateral.growth"
CR, RC = "trade.share.china_in_russia", "trade.share.russia_in_china"
GAS, CAP = "energy.gas.exports_to_china", "energy.pipeline.capacity"


def fact(
    metric: str,
    value: float,
    period: str | None,
    doc: str = "doc-a",
    qualifier: str = "exact",
    entity: str | None = None,
    start: int = 0,
) -> Fact:
    return Fact(doc, metric, entity, value, UNITS[metric], period, qualifier=qualifier, start=start)


def run(facts: Iterable[Fact], protected: Iterable[str] = ()) -> Judgement:
    return judge(list(facts), {}, protected)


def consensus(result: Judgement, metric: str, period: str | None) -> float:
    (obs,) = [o for o in result.observations if o.metric == metric and o.period == period]
    return obs.value


def flags_of(result: Judgement, target: Fact) -> list[Flag]:
    return [f for f in result.flags if f.fact_id == fact_id(target)]


# -- exports + imports ≈ turnover ----------------------------------------------------------------
def test_a_misread_direction_is_demoted_when_another_source_adds_up() -> None:
    wrong = fact(X, 8.43 * BN, "2031", doc="doc-b")  # more precise: it would win on precision
    result = run(
        [fact(T, 100 * BN, "2031"), fact(X, 55 * BN, "2031"), fact(M, 45 * BN, "2031"), wrong]
    )
    assert consensus(result, X, "2031") == 55 * BN
    (flag,) = flags_of(result, wrong)
    assert flag.action == DEMOTED and flag.identity == "directions_sum"
    assert flag.expected == pytest.approx(55 * BN)
    assert flag.gap == pytest.approx(8.43 * BN - 55 * BN)
    assert "8.43 bn USD" in flag.message and "100 bn USD" in flag.message
    assert fact_id(wrong) not in {fid for o in result.observations for fid in o.fact_ids.split(";")}
    assert wrong not in result.kept


def test_directions_that_do_not_add_up_flag_each_figure_with_its_gap() -> None:
    t, x, m = fact(T, 100 * BN, "2031"), fact(X, 40 * BN, "2031"), fact(M, 30 * BN, "2031")
    result = run([t, x, m])
    assert consensus(result, T, "2031") == 100 * BN  # nothing to repair it with: kept
    (on_t,) = flags_of(result, t)
    assert on_t.action == FLAGGED and on_t.expected == pytest.approx(70 * BN)
    assert on_t.gap == pytest.approx(30 * BN) and on_t.gap_pct == pytest.approx(300 / 7)
    assert set(on_t.related_fact_ids.split(";")) == {fact_id(x), fact_id(m)}
    assert {f.fact_id for f in result.flags} == {fact_id(t), fact_id(x), fact_id(m)}


def test_directions_within_tolerance_raise_nothing() -> None:
    result = run(
        [fact(T, 100 * BN, "2031"), fact(X, 55.4 * BN, "2031"), fact(M, 45.6 * BN, "2031")]
    )
    assert result.flags == []


def test_a_direction_misread_as_the_part_year_total_gives_way_to_the_stated_total() -> None:
    """The issue's case across two articles: the precise one-direction figure would beat the
    total on precision (within one article, reconciliation keeps the first statement)."""
    misread = fact(T, 60.21 * BN, "2031-01/2031-09", doc="doc-b", start=200)
    total = fact(T, 105 * BN, "2031-01/2031-09", start=10)
    result = run([misread, total, fact(X, 60.21 * BN, "2031-01/2031-09", start=200)])
    assert consensus(result, T, "2031-01/2031-09") == 105 * BN
    (flag,) = flags_of(result, misread)
    assert flag.action == DEMOTED and flag.identity == "direction_below_total"


# -- growth against levels -------------------------------------------------------------------
def test_a_growth_rate_with_the_wrong_sign_is_flagged_against_the_levels() -> None:
    wrong = fact(G, -9.1, "2031")
    result = run([fact(T, 100 * BN, "2030"), fact(T, 110 * BN, "2031"), wrong])
    (flag,) = flags_of(result, wrong)
    assert flag.action == FLAGGED and flag.identity == "growth_levels"
    assert flag.expected == pytest.approx(10.0) and flag.gap == pytest.approx(-19.1)
    assert "+10.0 %" in flag.message


def test_a_wrong_growth_rate_is_demoted_when_a_source_states_the_right_one() -> None:
    wrong, right = fact(G, -9.1, "2031", doc="doc-b"), fact(G, 10, "2031", doc="doc-c")
    result = run([fact(T, 100 * BN, "2030"), fact(T, 110 * BN, "2031"), wrong, right])
    assert consensus(result, G, "2031") == 10
    assert [f.action for f in flags_of(result, wrong)] == [DEMOTED]


def test_a_growth_rate_backed_by_a_level_that_is_not_the_consensus_is_not_doubtful() -> None:
    """2.2 % matches 68.0 → 69.5 although the consensus for the earlier year is 64.2 (the
    more precise figure): some stated pair of levels supports it."""
    result = run(
        [
            fact(T, 64.2 * BN, "2030", doc="doc-a"),
            fact(T, 68 * BN, "2030", doc="doc-b"),
            fact(T, 69.5 * BN, "2031", doc="doc-c"),
            fact(G, 2.2, "2031", doc="doc-d"),
        ]
    )
    assert consensus(result, T, "2030") == 64.2 * BN
    assert result.flags == []


# -- part-year below the year ------------------------------------------------------------------
def test_a_year_below_its_own_part_year_is_demoted_for_the_larger_stated_year() -> None:
    low = fact(T, 50.1 * BN, "2031", doc="doc-b")
    result = run([fact(T, 90 * BN, "2031-01/2031-09"), low, fact(T, 120 * BN, "2031")])
    assert consensus(result, T, "2031") == 120 * BN
    (flag,) = flags_of(result, low)
    assert flag.identity == "part_year_below_year" and flag.action == DEMOTED
    assert flag.relation == "≥" and flag.expected == pytest.approx(90 * BN)


def test_a_part_year_above_its_year_flags_both() -> None:
    part, year = fact(T, 90 * BN, "2031-01/2031-06"), fact(T, 80 * BN, "2031")
    result = run([part, year])
    assert [f.identity for f in flags_of(result, part)] == ["part_year_below_year"]
    assert [f.relation for f in flags_of(result, part)] == ["≤"]
    assert [f.relation for f in flags_of(result, year)] == ["≥"]


def test_a_month_inside_a_quarter_is_checked_and_other_years_are_not() -> None:
    month = fact(T, 40 * BN, "2031-02")
    result = run([month, fact(T, 30 * BN, "2031-01/2031-03"), fact(T, 10 * BN, "2032-01/2032-03")])
    assert [f.identity for f in flags_of(result, month)] == ["part_year_below_year"]
    assert {f.period for f in result.flags} == {"2031-02", "2031-01/2031-03"}


# -- shares --------------------------------------------------------------------------------------
def test_an_implausible_share_is_flagged() -> None:
    share = fact(CR, 95, "2031")
    (flag,) = flags_of(run([share]), share)
    assert flag.identity == "share_plausible" and flag.relation == "≤" and flag.expected == 60


def test_swapped_shares_break_their_order_and_a_plausible_figure_wins() -> None:
    high = fact(RC, 6.2, "2031", doc="doc-b")
    result = run([fact(CR, 6.0, "2031"), high, fact(RC, 2, "2031", qualifier="approx")])
    assert consensus(result, RC, "2031") == 2
    (flag,) = flags_of(result, high)
    assert flag.identity == "share_order" and flag.action == DEMOTED


def test_a_share_that_makes_the_countrys_total_trade_implausible_is_flagged() -> None:
    share = fact(CR, 50, "2031")
    result = run([share, fact(T, 10 * BN, "2031")])  # Russia's total trade would be $20 bn
    (flag,) = flags_of(result, share)
    assert flag.identity == "share_turnover" and "Russia's total trade" in flag.message


# -- deliveries against capacity ---------------------------------------------------------------
def test_gas_above_pipeline_capacity_is_flagged_per_period_length() -> None:
    capacity = fact(CAP, 38, None, entity="power_of_siberia")
    month = fact(GAS, 68, "2031-07")  # a year's worth in one month
    year = fact(GAS, 120, "2031")
    fine = fact(GAS, 38, "2032")
    result = run([capacity, month, year, fine])
    (on_month,) = flags_of(result, month)
    assert on_month.identity == "delivery_capacity"
    assert on_month.expected == pytest.approx((38 + 15) / 12)
    assert on_month.related_fact_ids == fact_id(capacity)
    assert [f.expected for f in flags_of(result, year)] == [pytest.approx(53)]
    assert flags_of(result, fine) == []


def test_gas_before_any_pipeline_entered_service_has_only_the_lng_allowance() -> None:
    early = fact(GAS, 30, "2015")
    result = run([fact(CAP, 38, None, entity="power_of_siberia"), early])
    assert [f.expected for f in flags_of(result, early)] == [pytest.approx(15)]


# -- magnitude -------------------------------------------------------------------------------
def test_a_slipped_magnitude_is_flagged_against_neighbouring_years() -> None:
    slipped = fact(T, 0.12 * BN, "2030")  # $120 million among $100 bn years
    years = [fact(T, v * BN, str(y)) for y, v in ((2028, 100), (2029, 105), (2031, 115))]
    result = run([*years, slipped])
    (flag,) = flags_of(result, slipped)
    assert flag.identity == "magnitude" and flag.expected == pytest.approx(105 * BN)
    assert all(flags_of(result, y) == [] for y in years)


# -- reviewed facts ------------------------------------------------------------------------------
def test_a_confirmed_fact_is_never_demoted() -> None:
    confirmed = fact(X, 8.43 * BN, "2031", doc="doc-b")
    facts = [fact(T, 100 * BN, "2031"), fact(X, 55 * BN, "2031"), fact(M, 45 * BN, "2031")]
    result = run([*facts, confirmed], protected=[fact_id(confirmed)])
    assert consensus(result, X, "2031") == 8.43 * BN
    assert all(f.action == FLAGGED for f in result.flags)
    # the person's word settles the confirmed figure: the others are the doubtful ones
    assert {f.fact_id for f in result.flags} == {fact_id(facts[0]), fact_id(facts[2])}


def test_a_consensus_several_sources_agree_on_is_never_demoted() -> None:
    """Two articles agree on 68 (one with a growth rate implying it): reconciliation's
    agreement rule settles it, so the directions that add up to 64.3 are the doubtful ones."""
    agreed = fact(T, 68 * BN, "2030", doc="doc-a")
    facts = [
        agreed,
        fact(T, 68 * BN, "2030", doc="doc-b"),
        fact(T, 64.2 * BN, "2030", doc="doc-c"),
        fact(X, 32.9 * BN, "2030", doc="doc-d"),
        fact(M, 31.4 * BN, "2030", doc="doc-d"),
    ]
    result = run(facts)
    assert consensus(result, T, "2030") == 68 * BN
    assert {f.action for f in result.flags} == {FLAGGED}
    assert {f.fact_id for f in result.flags} == {fact_id(facts[3]), fact_id(facts[4])}


def test_bounds_and_targets_are_not_judged() -> None:
    result = run(
        [
            fact(T, 100 * BN, "2031"),
            fact(X, 90 * BN, "2031", qualifier="at_least"),
            Fact("doc-a", T, None, 10 * BN, "usd", "2032", status="target"),
            fact(T, 30 * BN, "2032-01/2032-06"),
        ]
    )
    assert result.flags == []
