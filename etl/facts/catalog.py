"""The metric catalog, read from `data/metrics.yaml` (metadata as data, not code)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Where the catalog lives; `ETL_DATA_DIR` points elsewhere (an analyst's own catalog).
DATA_DIR = Path(os.environ.get("ETL_DATA_DIR", REPO_ROOT / "data"))


@dataclass(frozen=True)
class Metric:
    id: str
    units: tuple[str, ...]
    entity_kind: str | None
    label: str
    definition: str
    range: tuple[float, float]
    timeless: bool
    #: accumulates over its period (turnover, deliveries): a year's total exists once it ends
    flow: bool = False

    @property
    def unit(self) -> str:
        """The canonical unit (the first, where a metric allows several)."""
        return self.units[0]


@dataclass(frozen=True)
class Pipeline:
    id: str
    label: str
    commodity: str
    in_service: date | None


@dataclass(frozen=True)
class Catalog:
    metrics: dict[str, Metric]
    units: dict[str, dict[str, str]]
    pipelines: dict[str, Pipeline]
    contracts: dict[str, dict[str, Any]]
    commodities: dict[str, dict[str, str]]

    def metric(self, metric_id: str) -> Metric:
        return self.metrics[metric_id]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def parse_catalog(raw: dict[str, Any]) -> Catalog:
    metrics: dict[str, Metric] = {}
    for metric_id, spec in raw["metrics"].items():
        units = spec["unit"] if isinstance(spec["unit"], list) else [spec["unit"]]
        low, high = spec["range"]
        metrics[metric_id] = Metric(
            id=metric_id,
            units=tuple(units),
            entity_kind=spec.get("entity"),
            label=spec["label"],
            definition=spec["definition"],
            range=(float(low), float(high)),
            timeless=bool(spec.get("timeless", False)),
            flow=bool(spec.get("flow", False)),
        )
        unknown = set(units) - set(raw["units"])
        assert not unknown, f"{metric_id}: unknown unit(s) {unknown}"
    pipelines = {
        pid: Pipeline(
            id=pid,
            label=spec["label"],
            commodity=spec["commodity"],
            in_service=_as_date(spec.get("in_service")),
        )
        for pid, spec in raw.get("pipelines", {}).items()
    }
    return Catalog(
        metrics=metrics,
        units=raw["units"],
        pipelines=pipelines,
        contracts=raw.get("contracts", {}),
        commodities=raw.get("commodities", {}),
    )


@cache
def load_catalog(path: Path | None = None) -> Catalog:
    path = path or DATA_DIR / "metrics.yaml"
    with open(path, encoding="utf-8") as handle:
        return parse_catalog(yaml.safe_load(handle))
