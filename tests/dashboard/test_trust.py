"""Doubtful and reviewed points: the data-layer helper and the trade chart that uses it.

The fixture tables flag one invented fact (f05, turnover 2023); here reviews are added.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from dashboard import trust
from dashboard.charts import trade_turnover as turnover
from dashboard.data import DataStore, Tables
from etl.tables import publish
from etl.tables.schema import REVIEWS


def tables_at(path: Path) -> Tables:
    state = DataStore(path).get()
    assert state.tables is not None, state.problem
    return state.tables


def review_row(fact: str, action: str = "confirm", outcome: str = "applied") -> dict[str, Any]:
    return {
        "correction_id": hashlib.sha256(fact.encode()).hexdigest()[:16],
        "action": action,
        "outcome": outcome,
        "doc": "gamma-review-2024",
        "sha256": "a" * 64,
        "sentence_sha256": "b" * 16,
        "figure": "$1 billion",
        "metric": "trade.bilateral.value",
        "period": "2023",
        "fact_id": fact if outcome == "applied" else None,
        "extracted_fact_id": fact,
        "changes": "{}",
        "reason": None,
        "decided_at": None,
        "message": "invented review",
    }


def with_reviews(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Republish the fixture run with these reviews (the real publisher, real hashes)."""
    manifest, arrow = publish.load_verified_tables(path)
    tables = dict(arrow)
    tables["reviews"] = pa.Table.from_pylist(rows, schema=REVIEWS)
    changes = publish.load_changes(path)
    fields = {k: v for k, v in manifest.items() if k not in ("run_id", "tables", "files")}
    run_id = "20260303T030303000000Z"
    stage = publish.stage_run(path, run_id, tables, {**changes, "run_id": run_id}, fields)
    publish.publish_staged(path, stage)
    return path


def test_a_flagged_consensus_is_doubtful_with_its_reason(tables_dir: Path) -> None:
    tables = tables_at(tables_dir)
    rows = turnover.CHART.rows(tables, turnover.CHART.default_state())
    doubtful = rows[rows["doubtful"].astype(bool)]
    # f05 is the 2023 consensus and its source point; f03 a 2018 source point (not consensus)
    assert sorted(zip(doubtful["period"], doubtful["series"], strict=True)) == [
        ("2018", turnover.SERIES_SOURCE),
        ("2023", turnover.SERIES_CONSENSUS),
        ("2023", turnover.SERIES_SOURCE),
    ]
    assert all("directions_sum" in d for d in doubtful["doubt"])
    assert not rows[~rows["doubtful"].astype(bool)]["doubt"].notna().any()


def test_the_trade_chart_rings_exactly_the_doubtful_points(tables_dir: Path) -> None:
    tables = tables_at(tables_dir)
    state = turnover.CHART.default_state()
    rows = turnover.CHART.rows(tables, state)
    fig = turnover.figure(rows, state)
    (ring,) = [t for t in fig.data if t.name == "Doubtful: breaks an identity"]
    assert sorted(int(i) for i in ring.customdata) == sorted(
        int(i) for i in rows.index[rows["doubtful"].astype(bool)]
    )
    assert ring.marker.symbol == "circle-x-open"
    assert all("Doubtful" in h for h in ring.hovertext)
    text = turnover.describe(rows, tables, state)
    assert any(n.startswith("Doubtful (ringed in red) — 2023") for n in text.footnotes)


def test_a_confirmed_fact_is_no_longer_doubtful_and_shows_in_reviewed_only(
    tables_dir: Path,
) -> None:
    tables = tables_at(
        with_reviews(tables_dir, [review_row("f05"), review_row("f01", "reject", "stale")])
    )
    assert trust.reviewed_ids(tables) == frozenset({"f05"})
    assert set(trust.doubts(tables)) == {"f03"}  # f05 confirmed: no longer doubtful
    rows = turnover.CHART.rows(tables, turnover.CHART.default_state())
    assert set(rows[rows["doubtful"].astype(bool)]["period"]) == {"2018"}  # f03 only
    only = turnover.CHART.rows(tables, {**turnover.CHART.default_state(), "figures": "reviewed"})
    assert len(only) and set(only["period"]) == {"2023"}
    assert only["reviewed"].astype(bool).all()
    fig = turnover.figure(only, {})
    assert "Doubtful: breaks an identity" not in [t.name for t in fig.data]


@pytest.mark.parametrize("forged", ["everything", "", None, "REVIEWED"])
def test_the_option_falls_back_to_all_figures(tables_dir: Path, forged: Any) -> None:
    chart = turnover.CHART
    assert chart.clean_state({"figures": forged})["figures"] == "all"
