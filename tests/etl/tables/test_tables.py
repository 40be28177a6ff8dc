"""Building the published tables from documents and facts (no article text involved)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pyarrow as pa

from etl.model import Document, Fact, sentence_hash
from etl.tables import schema
from etl.tables.build import build_tables
from etl.tables.ids import fact_id
from etl.tables.publish import table_bytes

BN = 1e9
SENTENCE = "Trade between the two neighbours reached $240.1 billion in 2023."


def docs() -> list[Document]:
    return [
        Document(id="beta", text="...", published=date(2024, 3, 1), sha256="b" * 64, title="B"),
        Document(id="alpha", text="...", published=date(2024, 1, 5), sha256="a" * 64),
        Document(id="empty", text="...", sha256="c" * 64),
    ]


def facts() -> list[Fact]:
    return [
        Fact(
            "beta",
            "trade.bilateral.value",
            None,
            240.1 * BN,
            "usd",
            "2023",
            start=120,
            end=135,
            surface="$240.1 billion",
            sentence=SENTENCE,
        ),
        Fact("alpha", "trade.bilateral.value", None, 240 * BN, "usd", "2023", start=10, end=22),
        Fact("alpha", "trade.bilateral.growth", None, 26.3, "percent", "2023", start=40, end=45),
    ]


def test_every_table_has_exactly_the_declared_schema() -> None:
    tables = build_tables(docs(), facts(), "9.9.9+test")
    assert set(tables) == set(schema.TABLES)
    for name, table in tables.items():
        assert table.schema.equals(schema.TABLES[name]), name


def test_sources_count_facts_per_document_sorted_by_id() -> None:
    sources = build_tables(docs(), facts(), "v").pop("sources").to_pylist()
    assert [(r["doc"], r["fact_count"]) for r in sources] == [
        ("alpha", 2),
        ("beta", 1),
        ("empty", 0),
    ]
    assert sources[1]["published"] == "2024-03-01" and sources[1]["title"] == "B"


def test_facts_carry_ids_version_and_the_sentence_hash_but_never_the_sentence() -> None:
    tables = build_tables(docs(), facts(), "9.9.9+test")
    rows = tables["facts"].to_pylist()
    assert [(r["doc"], r["start"]) for r in rows] == [("alpha", 10), ("alpha", 40), ("beta", 120)]
    beta = rows[2]
    assert beta["fact_id"] == fact_id(facts()[0])
    assert beta["sentence_sha256"] == sentence_hash(SENTENCE)
    assert beta["extractor_version"] == "9.9.9+test"
    assert beta["surface"] == "$240.1 billion"
    for table in tables.values():
        for column in table.columns:
            if pa.types.is_string(column.type):
                assert not any(SENTENCE in (v or "") for v in column.to_pylist())


def test_fact_ids_ignore_offsets_but_not_what_is_asserted() -> None:
    base = facts()[0]
    assert fact_id(base) == fact_id(replace(base, start=999, end=1010, sentence="moved"))
    assert fact_id(base) != fact_id(replace(base, value=240.2 * BN))
    assert fact_id(base) != fact_id(replace(base, status="target"))
    assert fact_id(base) != fact_id(replace(base, doc="alpha"))


def test_same_inputs_in_any_order_give_byte_identical_parquet() -> None:
    first = build_tables(docs(), facts(), "v")
    second = build_tables(list(reversed(docs())), list(reversed(facts())), "v")
    for name in schema.TABLES:
        assert table_bytes(first[name]) == table_bytes(second[name]), name


def test_observations_derived_and_checks_are_built_from_the_facts() -> None:
    tables = build_tables(docs(), facts(), "v")
    [observation] = [
        r for r in tables["observations"].to_pylist() if r["metric"] == "trade.bilateral.value"
    ]
    assert observation["value"] == 240.1 * BN and observation["n_sources"] == 2
    assert tables["checks"].num_rows == 1  # the growth claim; 2022 is missing
    assert tables["checks"].column("agrees").to_pylist() == [None]
