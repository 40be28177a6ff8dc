"""Integration: extraction on ../shared scored with the contract's rule (the scorer).

A ratchet (issue 12, `tests/etl/facts/ratchet.yaml`, scored by `bench/score.py`): the five
seed articles keep P >= 0.95 and R >= 0.95 and the 28 original ones P >= 0.95, R >= 0.90
(issue 2's bars); the 21 added last, all 49 and the phrasebook must not fall below the best
score reached so far. `python -m bench.score --raise-ratchet` raises the bars, never lowers one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.score import Score, below_ratchet, corpus_docs, corpus_scores, half_of, load_ratchet

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


def test_no_group_falls_below_its_ratchet(tmp_path: Path) -> None:
    """The 28 original articles keep issue 2's bars; every other group its best score so far."""
    scores = corpus_scores(tmp_path)
    problems = below_ratchet(scores, load_ratchet())
    assert not problems, "\n".join(problems)


def test_the_ratchet_never_lowers_a_bar(tmp_path: Path) -> None:
    bars = {"g": {"precision": 0.7, "recall": 0.6}}
    worse = {"g": Score(0.5, 0.9, 1, 1, 0)}
    assert below_ratchet(worse, bars) == ["g: precision 0.500 < 0.7"]


def test_the_split_keeps_each_publisher_in_one_half() -> None:
    docs = corpus_docs()
    halves: dict[str, set[str]] = {}
    for publisher in docs.values():
        halves.setdefault(publisher, set()).add(half_of(publisher))
    assert all(len(h) == 1 for h in halves.values())
    assert {half_of(p) for p in docs.values()} == {"dev", "check"}


def test_offsets_point_at_the_figure(extracted: Path) -> None:
    texts: dict[str, str] = {}
    from etl.facts.load import iter_documents

    for doc in iter_documents([CORPUS]):
        texts[getattr(doc, "id", "")] = getattr(doc, "text", "")
    for line in extracted.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        span = texts[record["doc"]][record["start"] : record["end"]]
        assert re.search(
            # a figure is digits or the words the recogniser reads as numbers and ranks
            r"\d|fold|tenth|half|third|quarter|largest|top|leading|second|double|tripl|one|two|three"
            r"|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty"
            r"|seventy|eighty|ninety|hundred|first|any other",
            span,
            re.I,
        ), record
