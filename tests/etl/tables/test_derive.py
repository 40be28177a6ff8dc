"""Every derived formula on hand-made observations, with expected values worked by hand."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from etl.model import Fact
from etl.tables.derive import derive
from etl.tables.reconcile import Observation, reconcile

BN = 1e9


def obs(*facts: Fact) -> list[Observation]:
    return reconcile(list(facts), {"a": date(2024, 1, 1)})


def turnover(value_bn: float, period: str, **kw: Any) -> Fact:
    return Fact("a", "trade.bilateral.value", None, value_bn * BN, "usd", period, **kw)


def of_kind(rows: list[Any], kind: str) -> dict[tuple[str | None, str], Any]:
    return {(r.period, r.unit): r for r in rows if r.kind == kind}


def test_cagr_and_multiple_for_every_pair_of_years() -> None:
    # 100 → 121 over two years is 10 % a year (1.1² = 1.21); 100 → 800 over three years is
    # 100 % a year (2³ = 8); 121 → 800 in one year is 800/121 - 1 = 561.157 %.
    rows = derive(obs(turnover(100, "2010"), turnover(121, "2012"), turnover(800, "2013")))
    cagr = of_kind(rows, "cagr")
    multiple = of_kind(rows, "multiple")
    assert set(cagr) == {
        ("2010/2012", "percent"),
        ("2010/2013", "percent"),
        ("2012/2013", "percent"),
    }
    assert cagr[("2010/2012", "percent")].value == pytest.approx(10.0)
    assert cagr[("2010/2013", "percent")].value == pytest.approx(100.0)
    assert cagr[("2012/2013", "percent")].value == pytest.approx(561.157, abs=1e-3)
    assert multiple[("2010/2012", "ratio")].value == pytest.approx(1.21)
    assert multiple[("2010/2013", "ratio")].value == pytest.approx(8.0)
    row = cagr[("2010/2012", "percent")]
    assert row.metric == "trade.bilateral.cagr"
    assert "** (1 / (2012 - 2010))" in row.formula
    inputs = json.loads(row.inputs)
    assert [(i["period"], i["value"]) for i in inputs] == [("2010", 100 * BN), ("2012", 121 * BN)]


def test_partial_years_targets_and_floors_never_feed_growth_between_years() -> None:
    rows = derive(
        obs(
            turnover(100, "2010"),
            turnover(50, "2011-01/2011-06"),  # half a year
            turnover(200, "2011", status="target"),  # a goal, not a figure
            turnover(150, "2012", qualifier="at_least"),  # a floor
            turnover(121, "2013"),
        )
    )
    assert {r.period for r in rows if r.kind in ("cagr", "multiple")} == {"2010/2013"}


def test_implied_previous_year_from_a_growth_rate() -> None:
    # 126 after growth of 26 % means 126 / 1.26 = 100 a year earlier; a half-year of 110
    # after 10 % means 100 in the same half a year earlier.
    rows = derive(
        obs(
            turnover(126, "2023"),
            Fact("a", "trade.bilateral.growth", None, 26.0, "percent", "2023"),
            turnover(110, "2023-01/2023-06"),
            Fact("a", "trade.bilateral.growth", None, 10.0, "percent", "2023-01/2023-06"),
            Fact("a", "trade.russia_to_china.value", None, 60 * BN, "usd", "2022"),
            Fact("a", "trade.russia_to_china.growth", None, 50.0, "percent", "2022"),
            Fact("a", "trade.bilateral.growth", None, 5.0, "percent", "2019"),  # no value
        )
    )
    implied = {(r.metric, r.period): r for r in rows if r.kind == "implied_previous"}
    assert set(implied) == {
        ("trade.bilateral.value", "2022"),
        ("trade.bilateral.value", "2022-01/2022-06"),
        ("trade.russia_to_china.value", "2021"),
    }
    assert implied[("trade.bilateral.value", "2022")].value == pytest.approx(100 * BN)
    assert implied[("trade.bilateral.value", "2022-01/2022-06")].value == pytest.approx(100 * BN)
    assert implied[("trade.russia_to_china.value", "2021")].value == pytest.approx(40 * BN)
    assert implied[("trade.bilateral.value", "2022")].unit == "usd"
    assert (
        "/ (1 + trade.bilateral.growth[2023] / 100)"
        in implied[("trade.bilateral.value", "2022")].formula
    )


def test_dependence_asymmetry_where_both_shares_exist() -> None:
    # 18 % of Russia's trade is with China, 2.4 % of China's with Russia: 18 / 2.4 = 7.5.
    rows = derive(
        obs(
            Fact("a", "trade.share.china_in_russia", None, 18.0, "percent", "2021"),
            Fact("a", "trade.share.russia_in_china", None, 2.4, "percent", "2021"),
            Fact("a", "trade.share.china_in_russia", None, 20.0, "percent", "2022"),
        )
    )
    asymmetry = [r for r in rows if r.kind == "dependence_asymmetry"]
    assert [(r.period, r.unit) for r in asymmetry] == [("2021", "ratio")]
    assert asymmetry[0].value == pytest.approx(7.5)
    assert len(json.loads(asymmetry[0].inputs)) == 2


def test_pipeline_capacities_in_energy_units_with_their_source() -> None:
    # Gas: 38 bcm/yr × 36 PJ/bcm = 1368 PJ/yr = 1368 / 41.868 = 32.674 Mtoe/yr.
    # Oil: 30 Mt/yr × 1 toe/t = 30 Mtoe/yr = 30 × 41.868 = 1256.04 PJ/yr.
    rows = derive(
        obs(
            Fact("a", "energy.pipeline.capacity", "power_of_siberia", 38.0, "bcm_per_year", None),
            Fact("a", "energy.pipeline.capacity", "espo", 30.0, "mt_per_year", None),
            Fact(
                "a",
                "energy.pipeline.capacity",
                "power_of_siberia_2",
                50.0,
                "bcm_per_year",
                None,
                status="planned",
            ),
        )
    )
    energy = {(r.entity, r.unit): r for r in rows if r.kind == "energy_equivalent"}
    assert energy[("power_of_siberia", "pj_per_year")].value == pytest.approx(1368.0)
    assert energy[("power_of_siberia", "mtoe_per_year")].value == pytest.approx(32.674, abs=1e-3)
    assert energy[("espo", "mtoe_per_year")].value == pytest.approx(30.0)
    assert energy[("espo", "pj_per_year")].value == pytest.approx(1256.04)
    assert energy[("power_of_siberia_2", "pj_per_year")].value == pytest.approx(1800.0)
    assert energy[("power_of_siberia_2", "pj_per_year")].status == "planned"
    for row in energy.values():
        assert row.source_note and "Energy Institute" in row.source_note
        factor = "1 Mtoe/Mt" if row.entity == "espo" else "36 PJ/bcm"
        assert factor in row.formula


def test_derived_ids_are_unique_and_stable() -> None:
    facts = [turnover(100, "2010"), turnover(121, "2012")]
    first, second = derive(obs(*facts)), derive(obs(*reversed(facts)))
    assert [r.derived_id for r in first] == [r.derived_id for r in second]
    assert len({r.derived_id for r in first}) == len(first)
