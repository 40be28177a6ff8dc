"""Value checks before publishing: admission of single facts, and whole-table validation
that lists every failure at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from etl.model import Document, Fact
from etl.tables import schema
from etl.tables.build import build_tables
from etl.tables.validate import ValidationError, fact_problems, table_problems, validate_tables

BN = 1e9


def good_tables() -> dict[str, pa.Table]:
    docs = [Document(id="a", text=".", published=date(2024, 1, 1), sha256="a" * 64)]
    facts = [
        Fact("a", "trade.bilateral.value", None, 190.27 * BN, "usd", "2022"),
        Fact("a", "trade.bilateral.value", None, 240.1 * BN, "usd", "2023"),
        Fact("a", "trade.bilateral.growth", None, 26.3, "percent", "2023"),
        Fact("a", "trade.share.china_in_russia", None, 20.0, "percent", "2021"),
        Fact("a", "energy.pipeline.capacity", "power_of_siberia", 38.0, "bcm_per_year", None),
    ]
    return build_tables(docs, facts, "v")


def with_column(table: pa.Table, name: str, values: list[Any]) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(
        index, table.schema.field(name), pa.array(values, table.schema.field(name).type)
    )


def replace_where(table: pa.Table, column: str, match: dict[str, Any], new: Any) -> pa.Table:
    rows = table.to_pylist()
    values = [new if all(row[k] == v for k, v in match.items()) else row[column] for row in rows]
    return with_column(table, column, values)


def test_good_tables_pass() -> None:
    validate_tables(good_tables())
    assert table_problems(good_tables()) == []


def test_every_failure_is_listed_at_once() -> None:
    tables = good_tables()
    obs = tables["observations"]
    obs = replace_where(obs, "value_max", {"metric": "trade.share.china_in_russia"}, 150.0)
    obs = replace_where(obs, "value", {"metric": "trade.share.china_in_russia"}, 150.0)
    obs = replace_where(obs, "value", {"metric": "trade.bilateral.value", "period": "2022"}, -5.0)
    obs = replace_where(
        obs, "value_min", {"metric": "trade.bilateral.value", "period": "2022"}, -5.0
    )
    obs = replace_where(obs, "unit", {"metric": "trade.bilateral.growth"}, "usd")
    facts = replace_where(
        tables["facts"], "period", {"metric": "trade.bilateral.growth"}, "2023-13"
    )
    sources = pa.concat_tables([tables["sources"], tables["sources"]])
    with pytest.raises(ValidationError) as caught:
        validate_tables({**tables, "observations": obs, "facts": facts, "sources": sources})
    message = str(caught.value)
    failures = caught.value.failures
    assert any("share within 0-100" in f and "trade.share.china_in_russia" in f for f in failures)
    assert any("range" in f and "trade.bilateral.value 2022" in f for f in failures)
    assert any("unit allowed" in f and "trade.bilateral.growth" in f for f in failures)
    assert any("well-formed period" in f and "2023-13" in f for f in failures)
    assert any("sources: duplicate key (doc)" in f for f in failures)
    assert f"{len(failures)} validation failure(s)" in message


def test_turnover_above_the_ceiling_is_refused() -> None:
    tables = good_tables()
    facts = replace_where(tables["facts"], "value", {"period": "2023", "unit": "usd"}, 9e15)
    problems = table_problems({**tables, "facts": facts})
    assert any(
        "value within the metric's range" in p and "trade.bilateral.value" in p for p in problems
    )


def test_duplicate_observation_keys_are_refused() -> None:
    tables = good_tables()
    obs = tables["observations"]
    doubled = pa.concat_tables([obs, obs.slice(0, 1)])
    problems = table_problems({**tables, "observations": doubled})
    assert any(
        p.startswith("observations: duplicate key (metric, entity, period, status, basis)")
        for p in problems
    )


def test_period_kind_must_match_the_period() -> None:
    tables = good_tables()
    obs = replace_where(tables["observations"], "partial", {"period": "2023"}, True)
    assert any(
        "period_kind and partial" in p for p in table_problems({**tables, "observations": obs})
    )


def test_a_schema_change_is_refused() -> None:
    tables = good_tables()
    dropped = tables["checks"].drop_columns(["formula"])
    problems = table_problems({**tables, "checks": dropped})
    assert problems and problems[0].startswith("checks: schema differs")
    missing = {k: v for k, v in tables.items() if k != "derived"}
    assert "missing table derived" in table_problems(missing)


def test_nulls_in_non_nullable_columns_are_refused() -> None:
    tables = good_tables()
    values = tables["sources"].column("sha256").to_pylist()
    sources = tables["sources"].set_column(
        tables["sources"].schema.get_field_index("sha256"),
        pa.field("sha256", pa.string(), nullable=False),
        pa.array([None] * len(values), pa.string()),
    )
    problems = table_problems({**tables, "sources": sources})
    assert any("sources.sha256" in p and "null" in p for p in problems)
    assert schema.SOURCES.field("sha256").nullable is False


@pytest.mark.parametrize(
    ("fact", "reason"),
    [
        (
            Fact("a", "trade.share.china_in_russia", None, 150.0, "percent", "2021"),
            "outside the range",
        ),
        (Fact("a", "trade.bilateral.value", None, -1.0, "usd", "2021"), "outside the range"),
        (Fact("a", "trade.bilateral.value", None, 3e12, "usd", "2021"), "outside the range"),
        (Fact("a", "trade.bilateral.value", None, 1e11, "percent", "2021"), "unit 'percent'"),
        (Fact("a", "trade.bilateral.value", None, 1e11, "usd", "2021/13"), "not a contract period"),
        (Fact("a", "trade.bilateral.value", None, 1e11, "usd", "2023-09/2023-01"), "ends before"),
        (Fact("a", "trade.bilateral.value", None, float("nan"), "usd", "2021"), "finite"),
        (
            Fact("a", "trade.bilateral.value", None, 1e11, "usd", "2021", qualifier="roughly"),
            "qualifier",
        ),
        (Fact("a", "trade.bilateral.value", None, 1e11, "usd", "2021", status="rumour"), "status"),
        (Fact("a", "no.such.metric", None, 1.0, "usd", "2021"), "unknown metric"),
        (
            Fact("a", "energy.pipeline.capacity", None, 38.0, "bcm_per_year", None),
            "missing pipeline",
        ),
        (
            Fact("a", "energy.pipeline.capacity", "nord", 38.0, "bcm_per_year", None),
            "unknown pipeline",
        ),
        (Fact("a", "energy.pipeline.capacity", "espo", 30.0, "bcm_per_year", None), "mt_per_year"),
        (Fact("a", "trade.bilateral.value", "india", 1e11, "usd", "2021"), "entity-less"),
    ],
)
def test_fact_admission_names_the_reason(fact: Fact, reason: str) -> None:
    problems = fact_problems(fact)
    assert problems and any(reason in p for p in problems), problems


def test_good_facts_are_admitted() -> None:
    assert (
        fact_problems(Fact("a", "arms.export_share", "india", 23.0, "percent", "2016/2020")) == []
    )
    assert (
        fact_problems(Fact("a", "energy.pipeline.capacity", "espo", 30.0, "mt_per_year", None))
        == []
    )
