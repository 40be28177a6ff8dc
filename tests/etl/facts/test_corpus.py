"""Integration: extraction on ../shared/corpus scored with the contract's rule (the scorer).

Bars (issue 2): the five original articles P >= 0.95 and R >= 0.95; all 28 P >= 0.95, R >= 0.90.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CORPUS, GOLD, SCORER = SHARED / "corpus", SHARED / "gold", SHARED / "tools" / "score_facts.py"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not (CORPUS.is_dir() and SCORER.is_file()),
        reason=f"../shared (corpus, gold and scorer) not found at {SHARED}",
    ),
]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "facts.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "extract", str(CORPUS), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    out.write_text(proc.stdout, encoding="utf-8")
    return out


def score(gold: Path, facts: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(facts)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = proc.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", last)}


def test_stdout_is_exactly_contract_records(extracted: Path) -> None:
    fields = (
        "doc",
        "metric",
        "entity",
        "value",
        "unit",
        "period",
        "qualifier",
        "status",
        "start",
        "end",
    )
    lines = extracted.read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        record = json.loads(line)
        assert set(fields) <= set(record)
        assert record["qualifier"] in ("exact", "approx", "at_least", "at_most")
        assert record["status"] in ("actual", "target", "planned", "projection")
        assert isinstance(record["value"], float)


def test_seed_articles_meet_the_bar(extracted: Path) -> None:
    result = score(GOLD / "seed_facts.csv", extracted)
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.95, result


def test_all_articles_meet_the_bar(extracted: Path) -> None:
    result = score(GOLD / "facts.csv", extracted)
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.90, result


def test_offsets_point_at_the_figure(extracted: Path) -> None:
    texts: dict[str, str] = {}
    from etl.facts.load import iter_documents

    for doc in iter_documents([CORPUS]):
        texts[getattr(doc, "id", "")] = getattr(doc, "text", "")
    for line in extracted.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        span = texts[record["doc"]][record["start"] : record["end"]]
        assert re.search(
            r"\d|fold|tenth|half|third|quarter|largest|top|leading|second|double|tripl", span, re.I
        ), record
