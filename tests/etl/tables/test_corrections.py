"""Corrections that survive refresh: data/corrections.yaml applied by `refresh`, stale
entries reported, bad files refused, concurrent decisions all kept.

Articles and sentences are written here; a small extractor stands in for the real one so
that the figures are known (the real extractor is tested elsewhere).
"""

from __future__ import annotations

import multiprocessing
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import etl.facts.extract
from etl.model import Document, Fact
from etl.tables.corrections import (
    CorrectionsError,
    apply_corrections,
    decide,
    load_corrections,
    new_correction,
    parse_corrections,
)
from etl.tables.publish import load_verified_tables
from etl.tables.refresh import RefreshError, run_refresh
from etl.tables.review import build_queue

FIGURE = re.compile(
    r"(?P<who>Turnover|China's exports to Russia) came to "
    r"(?P<surface>\$(?P<bn>\d+(?:\.\d+)?) billion) in (?P<year>\d{4})\."
)
METRICS = {
    "Turnover": "trade.bilateral.value",
    "China's exports to Russia": "trade.china_to_russia.value",
}


def fake_extract(doc: Document) -> list[Fact]:
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


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(etl.facts.extract, "extract_document", fake_extract)


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.delenv("ETL_CORRECTIONS", raising=False)
    monkeypatch.setenv("ETL_CACHE_DIR", str(tmp_path / "data" / "cache"))
    return {
        "corpus": corpus,
        "out": tmp_path / "data" / "tables",
        "cache": tmp_path / "data" / "cache",
        "yaml": tmp_path / "data" / "corrections.yaml",
    }


def write(corpus: Path, doc: str, *sentences: str) -> None:
    body = "\n\n".join(sentences)
    (corpus / f"{doc}.md").write_text(
        f"---\nid: {doc}\npublished: 2032-02-01\n---\n{body}\n", encoding="utf-8"
    )


def refresh(paths: dict[str, Path]) -> Any:
    return run_refresh(paths["corpus"], paths["out"], workers=1, progress=False)


def published(paths: dict[str, Path]) -> dict[str, Any]:
    _manifest, tables = load_verified_tables(paths["out"])
    return {name: table.to_pylist() for name, table in tables.items()} | {"_arrow": tables}


def observation(paths: dict[str, Path], metric: str, period: str) -> float | None:
    rows = published(paths)["observations"]
    found = [r["value"] for r in rows if r["metric"] == metric and r["period"] == period]
    return found[0] if found else None


def item_for(paths: dict[str, Path], surface: str) -> Any:
    tables = published(paths)["_arrow"]
    queue = build_queue(tables, None, {}, include_all=True)
    (item,) = [i for i in queue.items if i.fact["surface"] == surface]
    return item


def test_reject_correct_confirm_apply_at_refresh_and_survive_a_cleared_cache(
    fake: None, setup: dict[str, Path]
) -> None:
    write(
        setup["corpus"],
        "our-article",
        "Turnover came to $120 billion in 2031.",
        "China's exports to Russia came to $61 billion in 2031.",
        "Turnover came to $9.5 billion in 2030.",
    )
    refresh(setup)
    assert observation(setup, "trade.bilateral.value", "2030") == 9.5e9
    decide(setup["yaml"], item_for(setup, "$9.5 billion").correction("correct", {"value": 95e9}))
    decide(setup["yaml"], item_for(setup, "$61 billion").correction("reject", reason="a test"))
    decide(setup["yaml"], item_for(setup, "$120 billion").correction("confirm"))

    second = refresh(setup)
    assert observation(setup, "trade.bilateral.value", "2030") == 95e9
    assert observation(setup, "trade.china_to_russia.value", "2031") is None
    applied = second.changes["corrections"]["applied"]
    assert sorted(a["action"] for a in applied) == ["confirm", "correct", "reject"]
    assert second.changes["corrections"]["stale"] == []
    [changed] = second.changes["changed"]
    assert (changed["period"], changed["old_value"], changed["value"]) == ("2030", 9.5e9, 95e9)
    reviews = {r["action"]: r for r in published(setup)["reviews"]}
    assert reviews["correct"]["outcome"] == "applied"
    assert '"value": [9500000000.0, 95000000000.0]' in reviews["correct"]["changes"]
    assert reviews["reject"]["fact_id"] is None and reviews["reject"]["reason"] == "a test"
    facts = published(setup)["facts"]
    assert reviews["confirm"]["fact_id"] in {f["fact_id"] for f in facts}

    shutil.rmtree(setup["cache"])  # the article is read again from scratch
    third = refresh(setup)
    assert third.extracted == 1
    assert observation(setup, "trade.bilateral.value", "2030") == 95e9
    assert observation(setup, "trade.china_to_russia.value", "2031") is None
    assert (third.changes["added"], third.changes["changed"], third.changes["removed"]) == (
        [],
        [],
        [],
    )
    assert len(third.changes["corrections"]["applied"]) == 3


def test_a_stale_correction_is_reported_everywhere_and_kept_in_the_file(
    fake: None, setup: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    write(setup["corpus"], "our-article", "Turnover came to $9.5 billion in 2030.")
    refresh(setup)
    decide(setup["yaml"], item_for(setup, "$9.5 billion").correction("correct", {"value": 95e9}))
    write(setup["corpus"], "our-article", "Turnover came to $10.5 billion in 2030.")  # edited
    capsys.readouterr()
    result = refresh(setup)
    err = capsys.readouterr().err
    assert "STALE correction" in err and "the document changed since the decision" in err
    [stale] = result.changes["corrections"]["stale"]
    assert stale["figure"] == "$9.5 billion" and "document changed" in stale["message"]
    [row] = published(setup)["reviews"]
    assert row["outcome"] == "stale" and row["fact_id"] is None
    assert observation(setup, "trade.bilateral.value", "2030") == 10.5e9  # not overridden
    assert len(load_corrections(setup["yaml"])) == 1  # never dropped


def test_a_correction_whose_result_is_not_admissible_is_stale_and_the_fact_stays(
    fake: None, setup: dict[str, Path]
) -> None:
    write(setup["corpus"], "our-article", "Turnover came to $9.5 billion in 2030.")
    refresh(setup)
    item = item_for(setup, "$9.5 billion")
    decide(setup["yaml"], item.correction("correct", {"value": 9.5e15}))  # above the range
    result = refresh(setup)
    [stale] = result.changes["corrections"]["stale"]
    assert "cannot apply" in stale["message"] and "range" in stale["message"]
    assert observation(setup, "trade.bilateral.value", "2030") == 9.5e9


def test_direction_and_period_corrections(fake: None, setup: dict[str, Path]) -> None:
    write(setup["corpus"], "our-article", "Turnover came to $61 billion in 2031.")
    refresh(setup)
    item = item_for(setup, "$61 billion")
    decide(
        setup["yaml"],
        item.correction("correct", {"direction": "china_to_russia", "period": "2031-01/2031-09"}),
    )
    refresh(setup)
    assert observation(setup, "trade.bilateral.value", "2031") is None
    assert observation(setup, "trade.china_to_russia.value", "2031-01/2031-09") == 61e9


def test_a_malformed_corrections_file_stops_the_run_and_changes_nothing(
    fake: None, setup: dict[str, Path]
) -> None:
    write(setup["corpus"], "our-article", "Turnover came to $9.5 billion in 2030.")
    refresh(setup)
    before = {p.name: p.read_bytes() for p in setup["out"].iterdir()}
    setup["yaml"].write_text("version: 1\ncorrections:\n- action: delete-everything\n")
    with pytest.raises(RefreshError, match="corrections not usable.*action must be one of"):
        refresh(setup)
    assert {p.name: p.read_bytes() for p in setup["out"].iterdir()} == before
    setup["yaml"].write_text("corrections: [unclosed\n")
    with pytest.raises(RefreshError, match="not valid YAML"):
        refresh(setup)


def test_every_problem_of_an_entry_is_listed() -> None:
    entry = {
        "action": "correct",
        "doc": "d",
        "sha256": "xyz",
        "sentence_sha256": "0" * 16,
        "figure": "$1 billion",
        "metric": "trade.nonsense",
        "set": {"value": "lots", "direction": "sideways", "colour": "red"},
    }
    with pytest.raises(CorrectionsError) as info:
        parse_corrections({"version": 1, "corrections": [entry]})
    problems = "\n".join(info.value.args[0])
    for expected in (
        "sha256 must be 64 hex digits",
        "metric 'trade.nonsense' is not in the catalog",
        "value 'lots' is not a number",
        "direction must be one of",
        "cannot set 'colour'",
    ):
        assert expected in problems


def test_two_entries_for_one_fact_are_refused() -> None:
    c = new_correction(
        action="confirm",
        doc="d",
        sha256="a" * 64,
        sentence_sha256="b" * 16,
        figure="$1 billion",
        metric="trade.bilateral.value",
        period="2030",
    )
    with pytest.raises(CorrectionsError, match="decides the same fact as entry 1"):
        parse_corrections({"corrections": [c.to_yaml(), c.to_yaml()]})


def test_matching_uses_document_sentence_figure_and_the_extracted_reading() -> None:
    sentence = "Turnover came to $9.5 billion in 2030."
    fact = Fact("d", "trade.bilateral.value", None, 9.5e9, "usd", "2030", surface="$9.5 billion",
                sentence=sentence)  # fmt: skip
    decision = new_correction(
        action="reject",
        doc="d",
        sha256="a" * 64,
        sentence_sha256=fact.sentence_sha256,
        figure="$9.5 billion",
        metric="trade.bilateral.value",
        period="2030",
    )
    kept, applied = apply_corrections({"d": [fact]}, {"d": "c" * 64}, [decision])
    assert kept["d"] == [fact] and applied.outcomes[0].outcome == "stale"
    kept, applied = apply_corrections({"d": [fact]}, {"d": "a" * 64}, [decision])
    assert kept["d"] == [] and applied.outcomes[0].outcome == "applied"
    other = Fact("d", "trade.bilateral.value", None, 9.5e9, "usd", "2029", surface="$9.5 billion",
                 sentence=sentence)  # fmt: skip
    kept, applied = apply_corrections({"d": [other]}, {"d": "a" * 64}, [decision])
    assert kept["d"] == [other] and "extraction changed" in applied.outcomes[0].message


def _decide_one(args: tuple[str, int]) -> None:
    path, number = args
    decide(
        Path(path),
        new_correction(
            action="confirm",
            doc=f"doc-{number}",
            sha256=f"{number:064x}",
            sentence_sha256=f"{number:016x}",
            figure=f"${number} billion",
            metric="trade.bilateral.value",
            period="2030",
        ),
    )


def test_concurrent_decisions_are_all_kept(tmp_path: Path) -> None:
    path = tmp_path / "corrections.yaml"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_decide_one, [(str(path), n) for n in range(1, 25)])
    kept = load_corrections(path)
    assert sorted(c.doc for c in kept) == sorted(f"doc-{n}" for n in range(1, 25))
    assert yaml.safe_load(path.read_text())["version"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
