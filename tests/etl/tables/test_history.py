"""Run history: every run listed with its counts and report; earlier reports readable;
a run that changed nothing is listed as such; reports past the retention are let go,
never the current one; tables published before history start it from their manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.tables import history, publish
from etl.tables.publish import HISTORY_RETENTION, load_history, load_report, read_manifest
from etl.tables.refresh import RefreshError
from tests.etl.tables.test_refresh import fake, paths, refresh, sentence, write_article

__all__ = ["fake", "paths"]  # fixtures used by name


def test_every_run_is_listed_with_its_report_and_a_no_change_run_says_so(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023))
    first = refresh(corpus, out)
    write_article(corpus, "beta", sentence(244.8, 2024))
    second = refresh(corpus, out)
    third = refresh(corpus, out)  # the same corpus: nothing changes

    runs = load_history(out)
    assert [r["run_id"] for r in runs] == [first.run_id, second.run_id, third.run_id]
    assert [r["changed"] for r in runs] == [True, True, False]
    assert runs[1]["changes"] == {
        "added": 1, "changed": 0, "removed": 0, "facts_added": 1, "facts_removed": 0
    }  # fmt: skip
    assert runs[1]["documents"] == {"read": 2, "carried_over": 0, "removed": []}
    assert runs[1]["rows"]["observations"] == 2
    assert history.last_change(runs) == runs[1]
    manifest = read_manifest(out)
    assert load_report(out, manifest, first.run_id) == first.changes
    assert load_report(out, manifest, second.run_id) == second.changes
    assert load_report(out, manifest, third.run_id) == third.changes


def test_skipped_files_and_their_reasons_are_in_the_history(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023))
    (corpus / "empty.txt").write_text("")
    refresh(corpus, out)
    [run] = load_history(out)
    [reason] = run["skipped"]
    assert reason.startswith("empty.txt") and "empty" in reason[len("empty.txt") :]


def test_reports_past_the_retention_are_collected_never_the_current_one(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    for year in range(2000, 2000 + HISTORY_RETENTION + 2):
        write_article(corpus, f"doc{year}", sentence(100.0, year))
        refresh(corpus, out)
    runs = load_history(out)
    assert len(runs) == HISTORY_RETENTION + 2
    assert [r["report"] is None for r in runs] == [True, True] + [False] * HISTORY_RETENTION
    manifest = read_manifest(out)
    on_disk = {p.name for p in out.glob("changes-*.json")}
    assert on_disk == {r["report"]["file"] for r in runs[2:]}
    assert manifest["files"]["changes.json"]["file"] == runs[-1]["report"]["file"]
    assert load_report(out, manifest, runs[0]["run_id"]) is None
    assert load_report(out, manifest, runs[2]["run_id"]) is not None


def test_tables_from_before_history_start_it_from_their_manifest(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023))
    old = refresh(corpus, out)
    # Rewrite the manifest as the committed tables have it: no history, no earlier reports.
    manifest = read_manifest(out)
    del manifest["files"]["history.json"], manifest["earlier_changes"]
    (out / publish.MANIFEST_NAME).write_bytes(publish.json_bytes(manifest))
    assert load_history(out) == []

    write_article(corpus, "beta", sentence(244.8, 2024))
    new = refresh(corpus, out)
    runs = load_history(out)
    assert [r["run_id"] for r in runs] == [old.run_id, new.run_id]
    assert runs[0]["changes"]["added"] == 1 and runs[0]["documents"]["read"] == 1
    assert load_report(out, read_manifest(out), old.run_id) == old.changes


def test_a_damaged_history_is_named_and_nothing_changes(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023))
    refresh(corpus, out)
    (out / read_manifest(out)["files"]["history.json"]["file"]).write_bytes(b"[]")
    before = (out / publish.MANIFEST_NAME).read_bytes()
    with pytest.raises(RefreshError, match="run history cannot be read"):
        refresh(corpus, out)
    assert (out / publish.MANIFEST_NAME).read_bytes() == before
