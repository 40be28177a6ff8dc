"""Corrections that survive refresh: data/corrections.yaml applied by `refresh`, stale
entries reported, bad files refused, concurrent decisions all kept.

Articles and sentences are written here; a small extractor stands in for the real one so
that the figures are known (the real extractor is tested elsewhere).
"""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from etl.model import Fact
from etl.tables.corrections import (
    CorrectionsError,
    apply_corrections,
    decide,
    load_corrections,
    new_correction,
    parse_corrections,
)
from etl.tables.refresh import RefreshError


def test_reject_correct_confirm_apply_at_refresh_and_survive_a_cleared_cache(trust: Any) -> None:
    trust.write(
        "our-article",
        "Turnover came to $120 billion in 2031.",
        "China's exports to Russia came to $61 billion in 2031.",
        "Turnover came to $9.5 billion in 2030.",
    )
    trust.refresh()
    assert trust.observation("trade.bilateral.value", "2030") == 9.5e9
    decide(trust.yaml, trust.item("$9.5 billion").correction("correct", {"value": 95e9}))
    decide(trust.yaml, trust.item("$61 billion").correction("reject", reason="a test"))
    decide(trust.yaml, trust.item("$120 billion").correction("confirm"))

    second = trust.refresh()
    assert trust.observation("trade.bilateral.value", "2030") == 95e9
    assert trust.observation("trade.china_to_russia.value", "2031") is None
    applied = second.changes["corrections"]["applied"]
    assert sorted(a["action"] for a in applied) == ["confirm", "correct", "reject"]
    assert second.changes["corrections"]["stale"] == []
    [changed] = second.changes["changed"]
    assert (changed["period"], changed["old_value"], changed["value"]) == ("2030", 9.5e9, 95e9)
    reviews = {r["action"]: r for r in trust.rows("reviews")}
    assert reviews["correct"]["outcome"] == "applied"
    assert '"value": [9500000000.0, 95000000000.0]' in reviews["correct"]["changes"]
    assert reviews["reject"]["fact_id"] is None and reviews["reject"]["reason"] == "a test"
    facts = trust.rows("facts")
    assert reviews["confirm"]["fact_id"] in {f["fact_id"] for f in facts}

    shutil.rmtree(trust.cache)  # the article is read again from scratch
    third = trust.refresh()
    assert third.extracted == 1
    assert trust.observation("trade.bilateral.value", "2030") == 95e9
    assert trust.observation("trade.china_to_russia.value", "2031") is None
    assert (third.changes["added"], third.changes["changed"], third.changes["removed"]) == (
        [],
        [],
        [],
    )
    assert len(third.changes["corrections"]["applied"]) == 3


def test_a_stale_correction_is_reported_everywhere_and_kept_in_the_file(
    trust: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    trust.write("our-article", "Turnover came to $9.5 billion in 2030.")
    trust.refresh()
    decide(trust.yaml, trust.item("$9.5 billion").correction("correct", {"value": 95e9}))
    trust.write("our-article", "Turnover came to $10.5 billion in 2030.")  # edited
    capsys.readouterr()
    result = trust.refresh()
    err = capsys.readouterr().err
    assert "STALE correction" in err and "the document changed since the decision" in err
    [stale] = result.changes["corrections"]["stale"]
    assert stale["figure"] == "$9.5 billion" and "document changed" in stale["message"]
    [row] = trust.rows("reviews")
    assert row["outcome"] == "stale" and row["fact_id"] is None
    assert trust.observation("trade.bilateral.value", "2030") == 10.5e9  # not overridden
    assert len(load_corrections(trust.yaml)) == 1  # never dropped


def test_a_correction_whose_result_is_not_admissible_is_stale_and_the_fact_stays(
    trust: Any,
) -> None:
    trust.write("our-article", "Turnover came to $9.5 billion in 2030.")
    trust.refresh()
    item = trust.item("$9.5 billion")
    decide(trust.yaml, item.correction("correct", {"value": 9.5e15}))  # above the range
    result = trust.refresh()
    [stale] = result.changes["corrections"]["stale"]
    assert "cannot apply" in stale["message"] and "range" in stale["message"]
    assert trust.observation("trade.bilateral.value", "2030") == 9.5e9


def test_direction_and_period_corrections(trust: Any) -> None:
    trust.write("our-article", "Turnover came to $61 billion in 2031.")
    trust.refresh()
    item = trust.item("$61 billion")
    decide(
        trust.yaml,
        item.correction("correct", {"direction": "china_to_russia", "period": "2031-01/2031-09"}),
    )
    trust.refresh()
    assert trust.observation("trade.bilateral.value", "2031") is None
    assert trust.observation("trade.china_to_russia.value", "2031-01/2031-09") == 61e9


def test_a_malformed_corrections_file_stops_the_run_and_changes_nothing(trust: Any) -> None:
    trust.write("our-article", "Turnover came to $9.5 billion in 2030.")
    trust.refresh()
    before = {p.name: p.read_bytes() for p in trust.out.iterdir()}
    trust.yaml.write_text("version: 1\ncorrections:\n- action: delete-everything\n")
    with pytest.raises(RefreshError, match=r"corrections not usable.*action must be one of"):
        trust.refresh()
    assert {p.name: p.read_bytes() for p in trust.out.iterdir()} == before
    trust.yaml.write_text("corrections: [unclosed\n")
    with pytest.raises(RefreshError, match="not valid YAML"):
        trust.refresh()


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


def test_corrections_apply_to_facts_carried_over_and_go_stale_when_removed(
    trust: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from etl.tables.refresh import remove_documents

    trust.write("kept-article", "Turnover came to $120 billion in 2031.")
    trust.write("old-article", "Turnover came to $9.5 billion in 2030.")
    trust.refresh()
    (trust.corpus / "old-article.md").unlink()  # from now on carried over, not read
    decide(trust.yaml, trust.item("$9.5 billion").correction("correct", {"value": 95e9}))
    first = trust.refresh()
    assert first.carried_over == 1
    assert trust.observation("trade.bilateral.value", "2030") == 95e9
    [applied] = first.changes["corrections"]["applied"]
    assert "9.5 bn USD → 95 bn USD" in applied["message"]
    facts = {f["surface"]: f for f in trust.rows("facts")}
    assert facts["$9.5 billion"]["sentence_sha256"]  # the locator travels with the fix

    shutil.rmtree(trust.cache)
    second = trust.refresh()  # carried again, already corrected: still applied, unchanged
    assert trust.observation("trade.bilateral.value", "2030") == 95e9
    assert [a["message"] for a in second.changes["corrections"]["applied"]] == [
        "corrected: already as decided"
    ]
    assert second.changes["corrections"]["stale"] == []

    capsys.readouterr()
    third = remove_documents(trust.out, ["old-article"])
    [stale] = third.changes["corrections"]["stale"]
    assert "not among this run's documents" in stale["message"]
    assert "STALE correction" in capsys.readouterr().err


def test_a_run_published_before_the_trust_tables_reads_them_as_empty(trust: Any) -> None:
    import json

    from etl.tables.publish import MANIFEST_NAME, load_verified_tables

    trust.write("our-article", "Turnover came to $9.5 billion in 2030.")
    trust.refresh()
    path = trust.out / MANIFEST_NAME
    manifest = json.loads(path.read_text())
    for name in ("flags", "reviews"):
        (trust.out / manifest["tables"].pop(name)["file"]).unlink()
    path.write_text(json.dumps(manifest))  # as a run of the earlier schema wrote it
    _manifest, tables = load_verified_tables(trust.out)
    assert tables["flags"].num_rows == 0 and tables["reviews"].num_rows == 0
    assert tables["facts"].num_rows == 1
    result = trust.refresh()  # and a refresh over it publishes every table again
    assert set(result.manifest["tables"]) >= {"flags", "reviews"}
