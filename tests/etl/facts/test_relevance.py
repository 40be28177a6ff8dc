"""The relevance gate skips what cannot hold a catalog fact, says why, and drops no gold fact."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.facts.catalog import load_catalog
from etl.facts.cues import load_cues
from etl.facts.extract import extract, read_figures
from etl.facts.load import LoadError, iter_documents
from etl.facts.quantities import find_quantities
from etl.facts.relevance import GateReason, off_topic
from etl.model import Document, Fact

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CORPORA = [
    (SHARED / "corpus", SHARED / "gold" / "facts.csv"),
    (SHARED / "phrasebook" / "corpus", SHARED / "phrasebook" / "gold.csv"),
]


def doc(text: str) -> Document:
    return Document(id="t", text=text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Germany's trade with France rose 4% to $210 billion in 2023.", GateReason.off_topic),
        ("Brazil shipped 12 million tonnes of soy to Europe last year.", GateReason.off_topic),
        ("The council met on Tuesday to discuss the new library.", GateReason.no_figure),
        ("China and Russia signed a memorandum on culture.", GateReason.no_figure),
    ],
)
def test_documents_that_cannot_hold_a_fact_are_skipped_with_a_reason(
    text: str, reason: GateReason
) -> None:
    result = extract(doc(text))
    assert result.facts == []
    assert result.skipped is reason


@pytest.mark.parametrize(
    "text",
    [
        "Trade between China and Russia rose 26% to $240 billion in 2023.",
        # a third country beside China or Russia: still read
        "Germany and Russia traded less, while China's trade with Russia hit $240 billion in 2023.",
        # no country named at all: the subject may be implied, so it is read
        "The two leaders set a goal of $200 billion in trade by 2024.",
        # a pipeline alone
        "The Power of Siberia pipeline carried 22.7 bcm in 2023.",
    ],
)
def test_documents_that_may_hold_a_fact_are_read(text: str) -> None:
    assert not off_topic(text, load_cues())
    assert extract(doc(text)).skipped is None


def ungated(document: Document) -> list[Fact]:
    """The pipeline of `extract` without the gate."""
    quantities = find_quantities(document.text)
    return read_figures(document, quantities, load_cues(), load_catalog()) if quantities else []


@pytest.mark.corpus
@pytest.mark.parametrize(("corpus", "gold"), CORPORA, ids=["corpus", "phrasebook"])
def test_the_gate_drops_no_fact(corpus: Path, gold: Path) -> None:
    """On the shared corpus and the phrasebook: no document with a gold fact is called off
    topic, and every document gives the same facts with and without the gate."""
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found")
    with open(gold, encoding="utf-8") as handle:
        with_facts = {row["doc"] for row in csv.DictReader(handle)}
    off, differ = [], []
    for item in iter_documents([corpus], 10_000_000):
        if isinstance(item, LoadError):
            continue
        result = extract(item)
        if item.id in with_facts and result.skipped is GateReason.off_topic:
            off.append(item.id)
        if result.facts != ungated(item):
            differ.append(item.id)
    assert off == []
    assert differ == []


def test_extract_command_reports_the_gate(tmp_path: Path) -> None:
    (tmp_path / "on.md").write_text("China–Russia trade reached $240 billion in 2023.\n")
    (tmp_path / "off.md").write_text("Germany's exports to France reached $120 billion in 2023.\n")
    (tmp_path / "none.md").write_text("China and Russia held talks on culture.\n")
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "extract", str(tmp_path), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [json.loads(line)["doc"] for line in proc.stdout.splitlines()] == ["on"]
    assert (
        "relevance gate: 2 document(s) skipped (about other countries: no mention of China, "
        "Russia or their pipelines: 1, no figure: 1)" in proc.stderr
    )
