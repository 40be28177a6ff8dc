"""The trade chart on one reporting basis by default, both on request; rows (and so the
downloads) carry the basis column. Facts made here, published with the real publisher."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dashboard.charts import trade_turnover
from dashboard.data import DataStore, Tables
from etl.model import Document, Fact
from etl.tables import publish
from etl.tables.basis import OTHER, PRIMARY
from etl.tables.build import build_tables

BN = 1e9


def published(tmp_path: Path) -> Tables:
    def turnover(doc: str, bn: float, year: str, reporter: str) -> Fact:
        return Fact(doc, "trade.bilateral.value", None, bn * BN, "usd", year, reporter=reporter)

    facts = [
        turnover("cn", 95.4, "2034", "china_customs"),
        turnover("cn", 68.0, "2035", "china_customs"),
        turnover("ru", 88.4, "2034", "russia_customs"),
        turnover("ru", 64.2, "2035", "russia_customs"),
    ]
    docs = [
        Document(id="cn", text="", sha256="a" * 64, published=date(2036, 1, 1)),
        Document(id="ru", text="", sha256="b" * 64, published=date(2036, 1, 2)),
    ]
    out = tmp_path / "tables"
    fields = {"format": 1, "created_at": "2036-01-03T00:00:00Z", "previous_run_id": None,
              "extractor_version": "v", "inputs": []}  # fmt: skip
    stage = publish.stage_run(out, "20360103T000000000000Z", build_tables(docs, facts, "v"), {
        "run_id": "20360103T000000000000Z", "previous_run_id": None,
        "added": [], "changed": [], "removed": []}, fields)  # fmt: skip
    publish.publish_staged(out, stage)
    tables = DataStore(out).get().tables
    assert tables is not None
    return tables


def test_the_chart_shows_one_basis_unless_both_are_asked_for(tmp_path: Path) -> None:
    tables = published(tmp_path)
    chart = trade_turnover.CHART
    one = chart.rows(tables, chart.clean_state({}))
    assert "basis" in one.columns
    consensus = one[one["series"] == trade_turnover.SERIES_CONSENSUS]
    assert list(consensus["value"]) == [95.4 * BN, 68.0 * BN]
    assert set(one["basis"]) == {PRIMARY}  # neither line nor points of the other basis

    both = chart.rows(tables, chart.clean_state({"basis": trade_turnover.BOTH}))
    other = both[both["series"] == trade_turnover.SERIES_OTHER_BASIS]
    assert list(other["value"]) == [88.4 * BN, 64.2 * BN] and set(other["basis"]) == {OTHER}
    assert set(both[both["series"] == trade_turnover.SERIES_SOURCE]["basis"]) == {PRIMARY, OTHER}
    names = {trace.name for trace in trade_turnover.figure(both, {"basis": "both"}).data}
    assert "Russian customs" in names
    # The series the other charts read is the primary one.
    assert set(tables.observations["basis"]) == {PRIMARY}
    assert set(tables.observations_all["basis"]) == {PRIMARY, OTHER}
