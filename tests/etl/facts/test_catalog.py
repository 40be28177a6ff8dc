"""The metric catalog and its cue words are data: consistent, and extendable without Python."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from etl.facts.catalog import DATA_DIR, load_catalog, parse_catalog
from etl.facts.cues import all_patterns, load_cues, parse_cues
from etl.facts.extract import extract_document
from etl.model import Document

CONTRACT_METRICS = {
    "trade.bilateral.value", "trade.bilateral.growth", "trade.bilateral.multiple",
    "trade.bilateral.target", "trade.china_to_russia.value", "trade.russia_to_china.value",
    "trade.china_to_russia.growth", "trade.russia_to_china.growth",
    "trade.share.china_in_russia", "trade.share.russia_in_china", "energy.pipeline.capacity",
    "energy.gas.exports_to_china", "energy.oil.exports_to_china", "energy.contract.value",
    "energy.supplier_rank", "energy.oil.discount", "macro.gdp.ratio_russia_to_china",
    "arms.export_share", "logistics.rail_transit_share", "geo.border_length",
}  # fmt: skip


def test_catalog_holds_the_contract_metrics_with_their_units() -> None:
    catalog = load_catalog()
    assert set(catalog.metrics) >= CONTRACT_METRICS
    assert catalog.metric("trade.bilateral.value").unit == "usd"
    assert catalog.metric("energy.pipeline.capacity").units == ("bcm_per_year", "mt_per_year")
    assert catalog.metric("geo.border_length").timeless


def test_every_metric_can_be_reached_by_some_cue_frame() -> None:
    reachable = {m for frame in load_cues().frames for m in frame.accepts.values() if m}
    reachable |= {"trade.share.china_in_russia", "macro.gdp.ratio_russia_to_china"}
    assert set(load_catalog().metrics) <= reachable


def test_every_cue_pattern_compiles_and_is_listed_for_the_safety_check() -> None:
    patterns = all_patterns()
    assert len(patterns) > 50
    assert all(p.pattern for p in patterns)


def test_an_unknown_metric_in_a_frame_is_refused() -> None:
    raw = yaml.safe_load((DATA_DIR / "cues.yaml").read_text(encoding="utf-8"))
    raw["frames"][0]["accepts"] = {"money": "no.such.metric"}
    with pytest.raises(AssertionError, match="unknown metric"):
        parse_cues(raw, set(load_catalog().metrics))


def test_an_analyst_adds_a_metric_with_yaml_only(tmp_path: Path) -> None:
    metrics = yaml.safe_load((DATA_DIR / "metrics.yaml").read_text(encoding="utf-8"))
    cues = yaml.safe_load((DATA_DIR / "cues.yaml").read_text(encoding="utf-8"))
    metrics["metrics"]["energy.coal.exports_to_china"] = {
        "unit": "mt",
        "entity": None,
        "label": "Russian coal delivered to China",
        "definition": "Coal shipped from Russia to China over the period.",
        "range": [0.1, 500],
    }
    cues["frames"].append(
        {
            "id": "energy.coal.exports_to_china",
            "patterns": [r"\b{RU}\s+coal\s+(?:exports|shipments|supplies)\s+to\s+{CN}"],
            "accepts": {"mass": "energy.coal.exports_to_china"},
        }
    )
    catalog = parse_catalog(metrics)
    compiled = parse_cues(cues, set(catalog.metrics))
    doc = Document(
        id="coal",
        text="Russian coal exports to China rose to 100 million tonnes in 2023.",
        published=date(2024, 2, 1),
    )
    (fact,) = extract_document(doc, compiled, catalog)
    assert (fact.metric, fact.value, fact.unit, fact.period) == (
        "energy.coal.exports_to_china", 100.0, "mt", "2023",
    )  # fmt: skip
    # and without the new frame, the same sentence is not forced into another metric
    assert extract_document(doc) == []
