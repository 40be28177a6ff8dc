"""Fixtures for the trust-layer tests: a corpus of our own sentences, read by a small
extractor whose figures are known, and helpers to refresh, look up and decide."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import etl.facts.extract
from etl.model import Document, Fact
from etl.tables.publish import load_verified_tables
from etl.tables.refresh import RefreshResult, run_refresh
from etl.tables.review import Item, build_queue

FIGURE = re.compile(
    r"(?P<who>Turnover|China's exports to Russia) came to "
    r"(?P<surface>\$(?P<bn>\d+(?:\.\d+)?) billion) in (?P<year>\d{4})\."
)
METRICS = {
    "Turnover": "trade.bilateral.value",
    "China's exports to Russia": "trade.china_to_russia.value",
}


def fake_extract(doc: Document) -> list[Fact]:
    """Every 'Turnover came to $N billion in YYYY.' (and exports) as a fact, nothing else."""
    return [
        Fact(
            doc.id,
            METRICS[m["who"]],
            None,
            float(m["bn"]) * 1e9,
            "usd",
            m["year"],
            start=m.start("surface"),
            end=m.end("surface"),
            surface=m["surface"],
            sentence=m[0],
        )
        for m in FIGURE.finditer(doc.text)
    ]


@dataclass
class Trust:
    corpus: Path
    out: Path
    cache: Path
    yaml: Path

    def write(self, doc: str, *sentences: str) -> None:
        body = "\n\n".join(sentences)
        (self.corpus / f"{doc}.md").write_text(
            f"---\nid: {doc}\npublished: 2032-02-01\n---\n{body}\n", encoding="utf-8"
        )

    def refresh(self) -> RefreshResult:
        return run_refresh(self.corpus, self.out, workers=1, progress=False)

    def tables(self) -> dict[str, Any]:
        return load_verified_tables(self.out)[1]

    def rows(self, name: str) -> list[dict[str, Any]]:
        return list(self.tables()[name].to_pylist())

    def observation(self, metric: str, period: str) -> float | None:
        found = [
            r["value"]
            for r in self.rows("observations")
            if r["metric"] == metric and r["period"] == period
        ]
        return found[0] if found else None

    def item(self, surface: str) -> Item:
        queue = build_queue(self.tables(), None, {}, include_all=True)
        (item,) = [i for i in queue.items if i.fact["surface"] == surface]
        return item


@pytest.fixture
def trust(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Trust]:
    monkeypatch.setattr(etl.facts.extract, "extract_document", fake_extract)
    monkeypatch.delenv("ETL_CORRECTIONS", raising=False)
    monkeypatch.setenv("ETL_CACHE_DIR", str(tmp_path / "data" / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    data = tmp_path / "data"
    yield Trust(corpus, data / "tables", data / "cache", data / "corrections.yaml")
