"""Stated claims recomputed from observations, with hand-worked expected values."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from etl.model import Fact
from etl.tables.checks import check_claims
from etl.tables.reconcile import reconcile

BN = 1e9


def value(v_bn: float, period: str, doc: str = "figures") -> Fact:
    return Fact(doc, "trade.bilateral.value", None, v_bn * BN, "usd", period)


def multiple(v: float, period: str = "2001/2021", **kw: Any) -> Fact:
    return Fact("claim", "trade.bilateral.multiple", None, v, "ratio", period, **kw)


def growth(v: float, period: str, metric: str = "trade.bilateral.growth", **kw: Any) -> Fact:
    return Fact("claim", metric, None, v, "percent", period, **kw)


def run(*facts: Fact) -> list[Any]:
    observations = reconcile(list(facts), {"figures": date(2024, 1, 1), "claim": None})
    return check_claims(list(facts), observations)


def test_fold_multiple_against_the_two_years() -> None:
    # 146.887 / 10.7 = 13.728: "fourteenfold" is 1.9 % off, within 5 % (tolerance 0.7).
    [check] = run(value(10.7, "2001"), value(146.887, "2021"), multiple(14))
    assert check.kind == "multiple"
    assert check.recomputed_value == pytest.approx(13.7277, abs=1e-4)
    assert check.tolerance == pytest.approx(0.7)
    assert check.agrees is True
    assert check.formula == "trade.bilateral.value[2021] / trade.bilateral.value[2001]"
    assert [i["period"] for i in json.loads(check.inputs)] == ["2001", "2021"]


def test_a_multiple_that_does_not_hold() -> None:
    [check] = run(value(10.7, "2001"), value(146.887, "2021"), multiple(20))
    assert check.agrees is False


def test_growth_against_the_previous_year() -> None:
    # 240.1 / 190.27 - 1 = 26.189 %: "26.3 %" agrees within a point, "35 %" does not.
    checks = run(value(190.27, "2022"), value(240.1, "2023"), growth(26.3, "2023"))
    assert checks[0].recomputed_value == pytest.approx(26.189, abs=1e-3)
    assert checks[0].agrees is True
    assert checks[0].tolerance == 1.0
    [wrong] = run(value(190.27, "2022"), value(240.1, "2023"), growth(35.0, "2023"))
    assert wrong.agrees is False


def test_growth_of_a_partial_period_uses_the_same_months_a_year_earlier() -> None:
    # 110 / 100 - 1 = 10 % for January–June.
    [check] = run(
        value(100, "2022-01/2022-06"), value(110, "2023-01/2023-06"), growth(10, "2023-01/2023-06")
    )
    assert check.recomputed_value == pytest.approx(10.0)
    assert check.agrees is True
    assert "trade.bilateral.value[2022-01/2022-06]" in check.formula


def test_growth_of_one_direction_of_trade() -> None:
    facts = [
        Fact("figures", "trade.china_to_russia.value", None, 50 * BN, "usd", "2019"),
        Fact("figures", "trade.china_to_russia.value", None, 55 * BN, "usd", "2020"),
        growth(10.0, "2020", metric="trade.china_to_russia.growth"),
    ]
    [check] = run(*facts)
    assert check.recomputed_value == pytest.approx(10.0)


def test_missing_inputs_give_no_verdict() -> None:
    [check] = run(value(240.1, "2023"), growth(26.3, "2023"))
    assert check.recomputed_value is None and check.agrees is None
    inputs = json.loads(check.inputs)
    assert inputs[0] == {
        "metric": "trade.bilateral.value",
        "period": "2022",
        "value": None,
        "docs": None,
        "conflict": None,
    }


def test_approximate_claims_get_twice_the_tolerance_and_bounds_are_one_sided() -> None:
    # recomputed 26.189: "about 28 %" is 1.8 points off (tolerance 2 for "about").
    [approx] = run(
        value(190.27, "2022"), value(240.1, "2023"), growth(28, "2023", qualifier="approx")
    )
    assert approx.tolerance == 2.0 and approx.agrees is True
    [floor] = run(
        value(190.27, "2022"), value(240.1, "2023"), growth(20, "2023", qualifier="at_least")
    )
    assert floor.agrees is True
    [ceiling] = run(
        value(190.27, "2022"), value(240.1, "2023"), growth(20, "2023", qualifier="at_most")
    )
    assert ceiling.agrees is False


def test_projections_are_not_checked() -> None:
    assert (
        run(value(190.27, "2022"), value(240.1, "2023"), growth(26, "2023", status="projection"))
        == []
    )
