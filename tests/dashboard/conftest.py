"""Fixture tables for the dashboard tests: small, hand-made, written like `etl.tables.publish` does.

Every figure and sentence here is invented for the tests (no article text). The builder
writes the five Parquet tables with the schemas of `etl.tables.schema`, a `changes.json`, and a
`manifest.json` carrying each file's real sha256, so the dashboard's integrity checks run
for real.
"""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from etl.model import Document, Fact, sentence_hash
from etl.tables import publish
from etl.tables.basis import PRIMARY, basis_of_reporter
from etl.tables.cache import ExtractionCache
from etl.tables.schema import TABLES

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"

# -- invented documents ----------------------------------------------------------------------
SOURCES: list[dict[str, Any]] = [
    {
        "doc": "alpha-wire-2019",
        "title": "Alpha Wire: trade between the neighbours climbs",
        "publisher": "Alpha Wire",
        "author": "A. Writer",
        "published": "2019-01-15",
        "published_precision": "day",
        "url": "https://alpha.example/trade-climbs",
    },
    {
        "doc": "beta-daily-2022",
        "title": "Beta Daily looks at energy corridors",
        "publisher": "Beta Daily",
        "author": None,
        "published": "2022-03-02",
        "published_precision": "day",
        "url": "https://beta.example/energy",
    },
    {
        "doc": "gamma-review-2024",
        "title": "Gamma Review <script>alert('x')</script> yearly round-up",
        "publisher": "Gamma <img src=x onerror=alert(1)> Review",
        "author": "G. Analyst",
        "published": "2024-02-10",
        "published_precision": "month",
        "url": "javascript:alert(document.cookie)",
    },
    {
        "doc": "delta-notes-2021",
        "title": '=HYPERLINK("http://evil.example","click")',
        "publisher": "+Delta Notes",
        "author": "@someone",
        "published": "2021-06-30",
        "published_precision": "day",
        "url": "http://delta.example/notes",
    },
]

# (fact_id, doc, metric, entity, value, unit, period, qualifier, status, surface, sentence)
FACTS: list[tuple[Any, ...]] = [
    (
        "f01",
        "alpha-wire-2019",
        "trade.bilateral.value",
        None,
        10.0e9,
        "usd",
        "2001",
        "exact",
        "actual",
        "$10 billion",
        "Test sentence: turnover was $10 billion in 2001.",
    ),
    (
        "f02",
        "alpha-wire-2019",
        "trade.bilateral.value",
        None,
        100.0e9,
        "usd",
        "2018",
        "exact",
        "actual",
        "$100 billion",
        "Test sentence: turnover reached $100 billion in 2018.",
    ),
    (
        "f03",
        "delta-notes-2021",
        "trade.bilateral.value",
        None,
        104.0e9,
        "usd",
        "2018",
        "approx",
        "actual",
        "about $104 billion",
        "Test sentence: about $104 billion changed hands in 2018.",
    ),
    (
        "f04",
        "delta-notes-2021",
        "trade.bilateral.value",
        None,
        110.0e9,
        "usd",
        "2019",
        "exact",
        "actual",
        "$110 billion",
        "Test sentence: the total for 2019 was $110 billion.",
    ),
    (
        "f05",
        "gamma-review-2024",
        "trade.bilateral.value",
        None,
        200.0e9,
        "usd",
        "2023",
        "exact",
        "actual",
        "$200 billion",
        "Test sentence: trade hit $200 billion in 2023.",
    ),
    (
        "f06",
        "gamma-review-2024",
        "trade.bilateral.value",
        None,
        90.0e9,
        "usd",
        "2023-01/2023-06",
        "exact",
        "actual",
        "$90 billion",
        "Test sentence: the first half of 2023 saw $90 billion.",
    ),
    (
        "f07",
        "alpha-wire-2019",
        "trade.bilateral.target",
        None,
        200.0e9,
        "usd",
        "2024",
        "exact",
        "target",
        "$200 billion",
        "Test sentence: leaders aim for $200 billion by 2024.",
    ),
    (
        "f08",
        "delta-notes-2021",
        "trade.share.china_in_russia",
        None,
        18.0,
        "percent",
        "2020",
        "exact",
        "actual",
        "18%",
        "Test sentence: China held 18% of the partner's trade in 2020.",
    ),
    (
        "f09",
        "delta-notes-2021",
        "trade.share.russia_in_china",
        None,
        2.0,
        "percent",
        "2020",
        "exact",
        "actual",
        "2%",
        "Test sentence: the other side held 2% in 2020.",
    ),
    (
        "f10",
        "gamma-review-2024",
        "trade.share.china_in_russia",
        None,
        30.0,
        "percent",
        "2023",
        "approx",
        "actual",
        "nearly 30%",
        "Test sentence: a share of nearly 30% in 2023.",
    ),
    (
        "f11",
        "gamma-review-2024",
        "trade.share.russia_in_china",
        None,
        3.0,
        "percent",
        "2023",
        "exact",
        "actual",
        "3%",
        "Test sentence: a share of 3% in 2023.",
    ),
    (
        "f12",
        "beta-daily-2022",
        "energy.pipeline.capacity",
        "power_of_siberia",
        38.0,
        "bcm_per_year",
        None,
        "exact",
        "actual",
        "38 bcm",
        "Test sentence: the line carries 38 bcm a year.",
    ),
    (
        "f13",
        "beta-daily-2022",
        "energy.pipeline.capacity",
        "power_of_siberia_2",
        50.0,
        "bcm_per_year",
        None,
        "exact",
        "planned",
        "50 bcm",
        "Test sentence: a second line would carry 50 bcm.",
    ),
    (
        "f14",
        "beta-daily-2022",
        "energy.pipeline.capacity",
        "espo",
        30.0,
        "mt_per_year",
        None,
        "exact",
        "actual",
        "30 million tonnes",
        "Test sentence: the oil spur moves 30 million tonnes a year.",
    ),
    (
        "f15",
        "beta-daily-2022",
        "energy.gas.exports_to_china",
        None,
        10.0,
        "bcm",
        "2021",
        "exact",
        "actual",
        "10 bcm",
        "Test sentence: deliveries were 10 bcm in 2021.",
    ),
    (
        "f16",
        "gamma-review-2024",
        "energy.gas.exports_to_china",
        None,
        22.0,
        "bcm",
        "2023",
        "exact",
        "actual",
        "22 bcm",
        "Test sentence: deliveries were 22 bcm in 2023.",
    ),
    (
        "f17",
        "gamma-review-2024",
        "energy.oil.exports_to_china",
        None,
        100.0,
        "mt",
        "2023",
        "exact",
        "actual",
        "100 million tonnes",
        "Test sentence: 100 million tonnes of crude in 2023.",
    ),
    (
        "f18",
        "beta-daily-2022",
        "macro.gdp.ratio_russia_to_china",
        None,
        0.1,
        "ratio",
        "2022",
        "exact",
        "actual",
        "one-tenth",
        "Test sentence: one economy is one-tenth of the other.",
    ),
    (
        "f19",
        "beta-daily-2022",
        "energy.supplier_rank",
        "crude_oil",
        2.0,
        "rank",
        "2022",
        "exact",
        "actual",
        "second",
        "Test sentence: it ranks second among crude suppliers.",
    ),
    (
        "f20",
        "gamma-review-2024",
        "energy.supplier_rank",
        "crude_oil",
        1.0,
        "rank",
        "2023",
        "exact",
        "actual",
        "largest",
        "Test sentence: it became the largest crude supplier.",
    ),
    (
        "f21",
        "delta-notes-2021",
        "geo.border_length",
        None,
        4200.0,
        "km",
        None,
        "exact",
        "actual",
        "4,200 km",
        "Test sentence: the border runs 4,200 km.",
    ),
    (
        "f22",
        "delta-notes-2021",
        "arms.export_share",
        "india",
        23.0,
        "percent",
        "2016/2020",
        "exact",
        "actual",
        "23%",
        "Test sentence: one buyer took 23% of arms exports.",
    ),
    (
        "f23",
        "alpha-wire-2019",
        "trade.bilateral.growth",
        None,
        27.0,
        "percent",
        "2018",
        "exact",
        "actual",
        "27%",
        "Test sentence: turnover grew 27% in 2018.",
    ),
    (
        "f24",
        "delta-notes-2021",
        "trade.bilateral.multiple",
        None,
        14.0,
        "ratio",
        "2001/2021",
        "exact",
        "actual",
        "fourteenfold",
        "Test sentence: trade grew fourteenfold over twenty years.",
    ),
    (
        "f25",
        "gamma-review-2024",
        "trade.russia_to_china.value",
        None,
        100.0e9,
        "usd",
        "2022",
        "exact",
        "actual",
        "$100 billion",
        "Test sentence: one side sold goods worth $100 billion in 2022.",
    ),
    (
        "f26",
        "gamma-review-2024",
        "trade.china_to_russia.value",
        None,
        70.0e9,
        "usd",
        "2022",
        "exact",
        "actual",
        "$70 billion",
        "Test sentence: the other side sold $70 billion of goods in 2022.",
    ),
    (
        "f27",
        "gamma-review-2024",
        "trade.russia_to_china.value",
        None,
        55.0e9,
        "usd",
        "2023-01/2023-06",
        "exact",
        "actual",
        "$55 billion",
        "Test sentence: first-half sales reached $55 billion in 2023.",
    ),
    (
        "f28",
        "gamma-review-2024",
        "trade.china_to_russia.value",
        None,
        40.0e9,
        "usd",
        "2023-01/2023-06",
        "exact",
        "actual",
        "$40 billion",
        "Test sentence: first-half sales the other way were $40 billion in 2023.",
    ),
    (
        "f29",
        "gamma-review-2024",
        "trade.bilateral.growth",
        None,
        20.0,
        "percent",
        "2023-01/2023-06",
        "exact",
        "actual",
        "20%",
        "Test sentence: first-half turnover rose 20% on a year earlier.",
    ),
    (
        "f30",
        "beta-daily-2022",
        "trade.russia_to_china.value",
        None,
        45.0e9,
        "usd",
        "2022-01/2022-06",
        "exact",
        "actual",
        "$45 billion",
        "Test sentence: first-half sales were $45 billion in 2022.",
    ),
    (
        "f31",
        "gamma-review-2024",
        "trade.china_to_russia.growth",
        None,
        25.0,
        "percent",
        "2023-01/2023-06",
        "approx",
        "actual",
        "about 25%",
        "Test sentence: first-half sales the other way grew about 25%.",
    ),
]

OBS_COLUMNS = [f.name for f in TABLES["observations"]]


def _fact_rows(run_id: str) -> list[dict[str, Any]]:
    rows = []
    for fid, doc, metric, entity, value, unit, period, qual, status, surface, sentence in FACTS:
        rows.append(
            {
                "fact_id": fid,
                "doc": doc,
                "metric": metric,
                "entity": entity,
                "value": float(value),
                "unit": unit,
                "period": period,
                "qualifier": qual,
                "status": status,
                "start": 0,
                "end": len(surface),
                "attribution": None,
                "surface": surface,
                "sentence_sha256": sentence_hash(sentence),
                "extractor_version": f"test-{run_id}",
            }
        )
    return rows


def _period_kind(period: str | None) -> tuple[str, bool]:
    if period is None:
        return "timeless", False
    if "/" in period:
        left, _right = period.split("/")
        return ("months", True) if "-" in left else ("years", False)
    if "-" in period:
        return "month", True
    return "year", False


def _observations(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for fact in facts:
        key = (fact["metric"], fact["entity"], fact["period"], fact["status"])
        groups.setdefault(key, []).append(fact)
    rows = []
    for (metric, entity, period, status), items in groups.items():
        exact = [f for f in items if f["qualifier"] == "exact"]
        chosen = (exact or items)[-1]
        values = [f["value"] for f in items]
        kind, partial = _period_kind(period)
        lo, hi = min(values), max(values)
        rows.append(
            {
                "metric": metric,
                "entity": entity,
                "period": period,
                "status": status,
                "period_kind": kind,
                "partial": partial,
                "value": chosen["value"],
                "unit": chosen["unit"],
                "qualifier": chosen["qualifier"],
                "value_min": lo,
                "value_max": hi,
                "n_sources": len({f["doc"] for f in items}),
                "conflict": (hi - lo) > 0.02 * abs(chosen["value"]),
                "rule": "exact_over_approx" if len(items) > 1 else "single_source",
                "docs": ";".join(sorted({f["doc"] for f in items})),
                "fact_ids": ";".join(f["fact_id"] for f in items),
            }
        )
    return rows


#: Facts the fixture's consistency checks call doubtful (invented figures, like the rest).
DOUBTFUL_FACTS = ("f05", "f03")


def _flags(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for fact in facts:
        if fact["fact_id"] not in DOUBTFUL_FACTS:
            continue
        rows.append(
            {
                "flag_id": hashlib.sha256(fact["fact_id"].encode()).hexdigest()[:16],
                "identity": "directions_sum",
                "action": "flagged",
                "fact_id": fact["fact_id"],
                "doc": fact["doc"],
                "metric": fact["metric"],
                "entity": fact["entity"],
                "period": fact["period"],
                "value": fact["value"],
                "unit": fact["unit"],
                "relation": "≈",
                "expected": 150.0e9,
                "gap": fact["value"] - 150.0e9,
                "gap_pct": 100.0 * (fact["value"] - 150.0e9) / 150.0e9,
                "related_fact_ids": "",
                "formula": "exports + imports ≈ turnover",
                "message": "directions_sum: test flag, the two directions add up to $150 bn",
            }
        )
    return rows


def _derived() -> list[dict[str, Any]]:
    note = "Test conversion factors (invented for the tests)"
    return [
        {
            "derived_id": "d-cagr-2001-2023",
            "kind": "cagr",
            "metric": "trade.bilateral.cagr",
            "entity": None,
            "period": "2001/2023",
            "status": "actual",
            "value": ((200.0 / 10.0) ** (1 / 22) - 1) * 100,
            "unit": "percent",
            "formula": "(v2023 / v2001) ** (1 / 22) - 1",
            "inputs": json.dumps(["trade.bilateral.value|2001", "trade.bilateral.value|2023"]),
            "source_note": None,
        },
        {
            "derived_id": "d-asym-2020",
            "kind": "dependence_asymmetry",
            "metric": "trade.dependence_asymmetry",
            "entity": None,
            "period": "2020",
            "status": "actual",
            "value": 9.0,
            "unit": "ratio",
            "formula": "china_in_russia / russia_in_china",
            "inputs": json.dumps(
                ["trade.share.china_in_russia|2020", "trade.share.russia_in_china|2020"]
            ),
            "source_note": None,
        },
        {
            "derived_id": "d-asym-2023",
            "kind": "dependence_asymmetry",
            "metric": "trade.dependence_asymmetry",
            "entity": None,
            "period": "2023",
            "status": "actual",
            "value": 10.0,
            "unit": "ratio",
            "formula": "china_in_russia / russia_in_china",
            "inputs": json.dumps(
                ["trade.share.china_in_russia|2023", "trade.share.russia_in_china|2023"]
            ),
            "source_note": None,
        },
        {
            "derived_id": "d-pj-pos",
            "kind": "energy_equivalent",
            "metric": "energy.pipeline.capacity",
            "entity": "power_of_siberia",
            "period": None,
            "status": "actual",
            "value": 38.0 * 36.0,
            "unit": "pj_per_year",
            "formula": "bcm_per_year * 36 PJ/bcm",
            "inputs": json.dumps(["energy.pipeline.capacity|power_of_siberia"]),
            "source_note": note,
        },
        {
            "derived_id": "d-pj-pos2",
            "kind": "energy_equivalent",
            "metric": "energy.pipeline.capacity",
            "entity": "power_of_siberia_2",
            "period": None,
            "status": "planned",
            "value": 50.0 * 36.0,
            "unit": "pj_per_year",
            "formula": "bcm_per_year * 36 PJ/bcm",
            "inputs": json.dumps(["energy.pipeline.capacity|power_of_siberia_2"]),
            "source_note": note,
        },
        {
            "derived_id": "d-pj-espo",
            "kind": "energy_equivalent",
            "metric": "energy.pipeline.capacity",
            "entity": "espo",
            "period": None,
            "status": "actual",
            "value": 30.0 * 42.0,
            "unit": "pj_per_year",
            "formula": "mt_per_year * 42 PJ/Mt",
            "inputs": json.dumps(["energy.pipeline.capacity|espo"]),
            "source_note": note,
        },
    ]


def _checks() -> list[dict[str, Any]]:
    return [
        {
            "check_id": "c1",
            "kind": "multiple",
            "qualifier": "exact",
            "doc": "delta-notes-2021",
            "fact_id": "f24",
            "metric": "trade.bilateral.multiple",
            "period": "2001/2021",
            "stated_value": 14.0,
            "unit": "ratio",
            "recomputed_value": None,
            "tolerance": 0.1,
            "agrees": None,
            "formula": "v2021 / v2001",
            "inputs": "[]",
        },
        {
            "check_id": "c2",
            "kind": "growth",
            "qualifier": "exact",
            "doc": "alpha-wire-2019",
            "fact_id": "f23",
            "metric": "trade.bilateral.growth",
            "period": "2018",
            "stated_value": 27.0,
            "unit": "percent",
            "recomputed_value": 31.0,
            "tolerance": 1.0,
            "agrees": False,
            "formula": "v2018 / v2017 - 1",
            "inputs": "[]",
        },
    ]


def build_tables(
    out: Path,
    *,
    run_id: str = "20260102T030405000000Z",
    previous_run_id: str | None = None,
    created_at: str = "2026-01-02T03:04:05+00:00",
    drop_facts: tuple[str, ...] = (),
    changes: dict[str, Any] | None = None,
    sources: list[dict[str, Any]] | None = None,
) -> Path:
    """Publish a complete fixture run into `out` with the real publisher; return `out`."""
    facts = [row for row in _fact_rows(run_id) if row["fact_id"] not in drop_facts]
    source_rows = []
    for src in sources or SOURCES:
        row = dict(src)
        row["sha256"] = hashlib.sha256(src["doc"].encode()).hexdigest()
        row["fact_count"] = sum(1 for f in facts if f["doc"] == src["doc"])
        row.setdefault("carried_over", False)
        row.setdefault("extractor_version", f"test-{run_id}")
        source_rows.append(row)
    data = {
        "sources": source_rows,
        "facts": facts,
        "observations": _observations(facts),
        "derived": _derived(),
        "checks": _checks(),
        "flags": _flags(facts),
        "reviews": [],
    }
    # Columns added with the reporting basis: the fixture's figures are all unattributed.
    for row in data["facts"]:
        row.setdefault("reporter", "unattributed")
    for row in data["observations"]:
        row.setdefault("basis", basis_of_reporter(row["metric"], None))
    for row in data["checks"]:
        row.setdefault("basis", PRIMARY)
    tables = {name: pa.Table.from_pylist(rows, schema=TABLES[name]) for name, rows in data.items()}
    change_doc = changes or default_changes(run_id, previous_run_id)
    manifest_fields = {
        "format": 1,
        "created_at": created_at,
        "previous_run_id": previous_run_id,
        "extractor_version": f"test-{run_id}",
        "inputs": [
            {"doc": s["doc"], "path": f"{s['doc']}.txt", "sha256": s["sha256"]} for s in source_rows
        ],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = publish.stage_run(out, run_id, tables, change_doc, manifest_fields)
    publish.publish_staged(out, stage)
    return out


def default_changes(run_id: str, previous_run_id: str | None) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "previous_run_id": previous_run_id,
        "added": [
            {
                "metric": "trade.bilateral.value",
                "entity": None,
                "period": "2023",
                "status": "actual",
                "value": 200.0e9,
                "unit": "usd",
                "docs": ["gamma-review-2024"],
            }
        ],
        "changed": [
            {
                "metric": "trade.share.china_in_russia",
                "entity": None,
                "period": "2020",
                "status": "actual",
                "old_value": 17.0,
                "new_value": 18.0,
                "unit": "percent",
                "docs": ["delta-notes-2021"],
            }
        ],
        "removed": [
            {
                "metric": "energy.oil.discount",
                "entity": None,
                "period": "2011",
                "status": "actual",
                "value": 1.5,
                "unit": "usd_per_barrel",
                "docs": ["=cmd|' /C calc'!A0"],
            }
        ],
    }


def table_file(tables: Path, name: str) -> Path:
    """The file of one table in a published directory (named by its hash)."""
    manifest = json.loads((tables / "manifest.json").read_text())
    return tables / manifest["tables"][name]["file"]


def write_evidence_cache(cache_dir: Path) -> dict[tuple[str, str], str]:
    """Write the fixture's (invented) evidence sentences into a real extraction cache."""
    extraction = ExtractionCache(cache_dir, "test-version")
    evidence: dict[tuple[str, str], str] = {}
    by_doc: dict[str, list[Fact]] = {}
    for _fid, doc, metric, entity, value, unit, period, qual, status, surface, sentence in FACTS:
        by_doc.setdefault(doc, []).append(
            Fact(
                doc=doc,
                metric=metric,
                entity=entity,
                value=float(value),
                unit=unit,
                period=period,
                qualifier=qual,
                status=status,
                start=0,
                end=len(surface),
                surface=surface,
                sentence=sentence,
            )
        )
        evidence[(doc, sentence_hash(sentence))] = sentence
    for doc, facts in by_doc.items():
        document = Document(id=doc, text="", sha256=hashlib.sha256(doc.encode()).hexdigest())
        extraction.put(document, facts)
    return evidence


@pytest.fixture
def tables_dir(tmp_path: Path) -> Path:
    return build_tables(tmp_path / "tables")


@pytest.fixture(scope="session")
def make_tables() -> Callable[..., Path]:
    """The fixture-run publisher: `make_tables(out, run_id=..., ...)`."""
    return build_tables


@pytest.fixture(scope="session")
def evidence_writer() -> Callable[[Path], dict[tuple[str, str], str]]:
    return write_evidence_cache


@pytest.fixture(scope="module")
def module_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tables(tmp_path_factory.mktemp("tables") / "tables")


# -- a real server for browser tests ---------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, deadline_s: float = 30.0) -> None:
    end = time.monotonic() + deadline_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


class Server:
    """`python -m dashboard` in a subprocess on a free loopback port."""

    def __init__(
        self,
        tables: Path,
        extra: list[str] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tables.parent / f"server-{self.port}.log"
        self._log_handle = open(self.log, "wb")  # noqa: SIM115 - closed by stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--tables", str(tables), "--port", str(self.port)]
            + (extra or []),
            cwd=REPO,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            wait_http(self.url + "/")
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_handle.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="session")
def server_factory() -> type[Server]:
    return Server


@pytest.fixture
def server(tables_dir: Path) -> Iterator[Server]:
    srv = Server(tables_dir)
    yield srv
    srv.stop()
