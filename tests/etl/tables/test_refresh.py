"""`refresh` end to end on small articles written here: the change report, failures and
kills that leave the previous tables intact, the lock, bad inputs, the process pool.

Tests that assert figures substitute a tiny extractor for `etl.facts.extract.extract_document`
(the real one is tested elsewhere and may change); the subprocess tests use the real one
and assert only what holds whatever it finds.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import etl.facts.extract
import etl.tables.refresh
from etl.model import Document, Fact
from etl.tables import schema
from etl.tables.publish import (
    MANIFEST_NAME,
    exclusive_lock,
    load_changes,
    load_verified_tables,
    read_manifest,
    referenced_files,
)
from etl.tables.refresh import STAGES, InjectedFailure, RefreshError, run_refresh

REPO = Path(__file__).resolve().parents[3]
TURNOVER = re.compile(r"trade reached \$(\d+(?:\.\d+)?) billion in (\d{4})")
SHARE = re.compile(r"China took (\d+(?:\.\d+)?)% of Russia's trade in (\d{4})")


def sentence(value_bn: float, year: int) -> str:
    return f"China–Russia trade reached ${value_bn:g} billion in {year}."


def write_article(
    corpus: Path, doc_id: str, *sentences: str, published: str = "2031-02-01"
) -> Path:
    path = corpus / f"{doc_id}.md"
    body = "\n\n".join(sentences)
    path.write_text(f"---\nid: {doc_id}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return path


def fake_extract(doc: Document) -> list[Fact]:
    """Plainly stated turnover and share figures, and nothing else."""
    facts = [
        Fact(doc.id, "trade.bilateral.value", None, float(m[1]) * 1e9, "usd", m[2],
             start=m.start(1) - 1, end=m.end(1) + 8, sentence=m[0])
        for m in TURNOVER.finditer(doc.text)
    ]  # fmt: skip
    facts += [
        Fact(doc.id, "trade.share.china_in_russia", None, float(m[1]), "percent", m[2],
             start=m.start(1), end=m.end(1) + 1, sentence=m[0])
        for m in SHARE.finditer(doc.text)
    ]  # fmt: skip
    return facts


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(etl.facts.extract, "extract_document", fake_extract)


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return corpus, tmp_path / "data" / "tables"


def refresh(corpus: Path, out: Path, **kw: Any) -> etl.tables.refresh.RefreshResult:
    kw.setdefault("workers", 1)
    kw.setdefault("progress", False)
    return run_refresh(corpus, out, **kw)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def assert_consistent(out: Path) -> dict[str, Any]:
    manifest, tables = load_verified_tables(out)
    assert set(tables) == set(schema.TABLES)
    return manifest


# ---- the change report ---------------------------------------------------------------------


def test_change_report_when_the_corpus_gains_loses_and_edits(
    fake: None, paths: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(190.27, 2022))
    write_article(
        corpus, "beta", sentence(240.1, 2023), "China took 30% of Russia's trade in 2023."
    )
    first = refresh(corpus, out)
    assert first.previous_run_id is None
    assert [i["period"] for i in first.changes["added"]] == ["2022", "2023", "2023"]
    capsys.readouterr()

    write_article(corpus, "gamma", sentence(244.8, 2024), published="2031-03-01")  # gained
    write_article(
        corpus, "beta", sentence(218.2, 2023), "China took 30% of Russia's trade in 2023."
    )
    (corpus / "alpha.md").unlink()  # lost, and removal asked for (else it is carried over)
    second = refresh(corpus, out, prune=True)
    printed = capsys.readouterr().out

    report = second.changes
    assert report["previous_run_id"] == first.run_id and report["run_id"] == second.run_id
    [added] = report["added"]
    assert (added["metric"], added["period"], added["value"], added["docs"]) == (
        "trade.bilateral.value",
        "2024",
        244.8e9,
        ["gamma"],
    )
    [changed] = report["changed"]
    assert (changed["period"], changed["old_value"], changed["value"]) == ("2023", 240.1e9, 218.2e9)
    assert changed["fields"] == ["value"]
    [removed] = report["removed"]
    assert (removed["period"], removed["value"], removed["docs"]) == ("2022", 190.27e9, ["alpha"])
    assert report["facts"] == {"added": 2, "removed": 2, "total": 3}

    assert "trade.bilateral.value 2024: new 244.8 bn USD from gamma" in printed
    assert "trade.bilateral.value 2023: changed 240.1 bn USD → 218.2 bn USD" in printed
    assert "trade.bilateral.value 2022: removed 190.27 bn USD (was from alpha)" in printed
    assert "1 new, 1 changed, 1 removed" in printed
    assert load_changes(out) == report
    manifest = assert_consistent(out)
    assert manifest["previous_run_id"] == first.run_id
    assert [i["doc"] for i in manifest["inputs"]] == ["beta", "gamma"]
    assert manifest["inputs"][0]["path"] == "beta.md"


def test_a_new_source_for_a_known_figure_is_a_change_and_an_unchanged_corpus_is_none(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023))
    refresh(corpus, out)
    assert refresh(corpus, out).changes["changed"] == []
    write_article(corpus, "beta", sentence(240.1, 2023))
    [changed] = refresh(corpus, out).changes["changed"]
    assert changed["fields"] == ["docs"] and changed["docs"] == ["alpha", "beta"]


def test_partial_periods_and_conflicts_reach_the_observations(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023), published="2031-01-01")
    write_article(corpus, "beta", sentence(218.2, 2023), published="2031-02-01")

    def with_partial(doc: Document) -> list[Fact]:
        facts = fake_extract(doc)
        if doc.id == "alpha":
            facts.append(
                Fact("alpha", "trade.bilateral.value", None, 80e9, "usd", "2024-01/2024-03")
            )
        return facts

    etl.facts.extract.extract_document = (
        with_partial  # restored by the `fake` fixture's monkeypatch
    )
    refresh(corpus, out)
    _, tables = load_verified_tables(out)
    rows = {r["period"]: r for r in tables["observations"].to_pylist()}
    assert rows["2023"]["conflict"] is True and rows["2023"]["n_sources"] == 2
    assert rows["2024-01/2024-03"]["partial"] is True
    assert rows["2024-01/2024-03"]["period_kind"] == "months"
    assert "2024" not in rows


# ---- bad input -------------------------------------------------------------------------------


def test_missing_corpus_is_an_error_that_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "data" / "tables"
    with pytest.raises(RefreshError, match="does not exist"):
        refresh(tmp_path / "nowhere", out)
    assert not (tmp_path / "data").exists()


def test_empty_corpus_is_an_error_and_the_tables_stay(fake: None, paths: tuple[Path, Path]) -> None:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023))
    refresh(corpus, out)
    before = snapshot(out.parent)
    (corpus / "alpha.md").unlink()
    (corpus / "notes.json").write_text("{}")  # not an article
    with pytest.raises(RefreshError, match="holds no articles"):
        refresh(corpus, out)
    assert snapshot(out.parent) == before


def test_bad_files_are_named_and_skipped(
    fake: None, paths: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = paths
    write_article(corpus, "good", sentence(240.1, 2023))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = refresh(corpus, out)
    err = capsys.readouterr().err
    assert "empty.txt: skipped: empty file" in err
    assert "binary.txt: skipped: binary" in err
    assert result.documents == 1
    skipped = read_manifest(out)["skipped"]
    assert sorted(s.split(":")[0] for s in skipped) == ["binary.txt", "empty.txt"]  # relative
    with pytest.raises(RefreshError, match="no usable article"):
        (corpus / "good.md").unlink()
        refresh(corpus, out)


def test_a_document_whose_extraction_crashes_is_named_and_left_out(
    monkeypatch: pytest.MonkeyPatch, paths: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = paths
    write_article(corpus, "good", sentence(240.1, 2023))
    write_article(corpus, "cursed", sentence(100, 2020))

    def crashy(doc: Document) -> list[Fact]:
        if doc.id == "cursed":
            raise RuntimeError("boom")
        return fake_extract(doc)

    monkeypatch.setattr(etl.facts.extract, "extract_document", crashy)
    refresh(corpus, out)
    assert "cursed.md: skipped: extraction failed (RuntimeError: boom)" in capsys.readouterr().err
    _, tables = load_verified_tables(out)
    assert tables["sources"].column("doc").to_pylist() == ["good"]


def test_an_out_of_range_fact_is_rejected_by_name_and_the_rest_published(
    fake: None, paths: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = paths
    write_article(
        corpus, "odd", sentence(240.1, 2023), "China took 150% of Russia's trade in 2023."
    )
    refresh(corpus, out)
    err = capsys.readouterr().err
    assert "odd: fact rejected (trade.share.china_in_russia 2023 150.0 percent)" in err
    assert "outside the range [0, 100]" in err
    manifest, tables = load_verified_tables(out)
    assert tables["facts"].column("metric").to_pylist() == ["trade.bilateral.value"]
    assert manifest["rejected_facts"][0]["metric"] == "trade.share.china_in_russia"


def test_facts_naming_another_document_or_repeating_one_are_rejected(
    monkeypatch: pytest.MonkeyPatch, paths: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = paths
    write_article(corpus, "here", sentence(240.1, 2023))

    def sloppy(doc: Document) -> list[Fact]:
        [fact] = fake_extract(doc)
        return [fact, fact, Fact("elsewhere", fact.metric, None, 1e11, "usd", "2022")]

    monkeypatch.setattr(etl.facts.extract, "extract_document", sloppy)
    refresh(corpus, out)
    err = capsys.readouterr().err
    assert "repeats a fact of the same document" in err
    assert "names document 'elsewhere', extracted from 'here'" in err
    _, tables = load_verified_tables(out)
    assert tables["facts"].num_rows == 1


# ---- failures leave the previous tables byte-identical ----------------------------------------


@pytest.fixture
def published(
    fake: None, paths: tuple[Path, Path]
) -> Iterator[tuple[Path, Path, dict[str, bytes]]]:
    corpus, out = paths
    write_article(corpus, "alpha", sentence(240.1, 2023))
    refresh(corpus, out)
    write_article(corpus, "beta", sentence(244.8, 2024))  # the next run would change things
    yield corpus, out, snapshot(out)


@pytest.mark.parametrize("stage", STAGES)
def test_injected_failure_at_each_stage_leaves_old_tables_intact(
    published: tuple[Path, Path, dict[str, bytes]], stage: str
) -> None:
    corpus, out, before = published
    with pytest.raises(InjectedFailure, match=stage):
        refresh(corpus, out, fail_after=stage)
    assert snapshot(out) == before
    assert not list(out.parent.glob(".tables-tmp-*"))
    assert_consistent(out)


def test_failure_can_be_injected_through_the_environment(
    published: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out, before = published
    monkeypatch.setenv("ETL_FAIL_AFTER", "swap")
    with pytest.raises(InjectedFailure):
        refresh(corpus, out)
    assert snapshot(out) == before
    monkeypatch.setenv("ETL_FAIL_AFTER", "nonsense")
    with pytest.raises(RefreshError, match="unknown stage"):
        refresh(corpus, out)


def test_tables_that_fail_validation_are_not_published(
    published: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out, before = published
    real_build = etl.tables.refresh.build_tables

    def corrupt_build(*args: Any) -> dict[str, pa.Table]:
        tables = real_build(*args)
        obs = tables["observations"]
        index = obs.schema.get_field_index("n_sources")
        tables["observations"] = obs.set_column(
            index, obs.schema.field(index), pa.array([0] * obs.num_rows, pa.int64())
        )
        return tables

    monkeypatch.setattr(etl.tables.refresh, "build_tables", corrupt_build)
    with pytest.raises(RefreshError, match="tables not published") as caught:
        refresh(corpus, out)
    assert "n_sources" in str(caught.value)
    assert snapshot(out) == before


def test_a_refresh_cannot_start_while_another_holds_the_lock(
    published: tuple[Path, Path, dict[str, bytes]],
) -> None:
    corpus, out, before = published
    with exclusive_lock(out), pytest.raises(RefreshError, match="another refresh"):
        refresh(corpus, out)
    assert snapshot(out) == before
    refresh(corpus, out)  # and runs once the lock is free
    assert snapshot(out) != before


# ---- real processes: SIGKILL and concurrency -------------------------------------------------


def cli(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "etl", "refresh", "--corpus", str(corpus), "--out", str(out),
            "--workers", "1"]  # fmt: skip


def run_cli(corpus: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(corpus, out), cwd=REPO, capture_output=True, text=True)


def start_refresh(corpus: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        cli(corpus, out),
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def wait_for_pause(proc: subprocess.Popen[str]) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith(etl.tables.refresh.PAUSE_MARKER):
            return
    raise AssertionError(f"refresh ended (code {proc.wait()}) before pausing")


def real_corpus(corpus: Path, n: int) -> None:
    for i in range(n):
        write_article(corpus, f"doc-{i:03d}", sentence(100 + i, 2000 + i))


def named_files(out: Path) -> dict[str, bytes]:
    names = set(referenced_files(read_manifest(out))) | {MANIFEST_NAME}
    return {name: (out / name).read_bytes() for name in sorted(names)}


def test_sigkill_after_the_new_files_are_in_place_leaves_the_old_run(
    paths: tuple[Path, Path],
) -> None:
    corpus, out = paths
    real_corpus(corpus, 3)
    assert run_cli(corpus, out).returncode == 0
    before = named_files(out)
    real_corpus(corpus, 5)
    proc = start_refresh(corpus, out, ETL_PAUSE_AFTER="swap", ETL_PAUSE_SECONDS="120")
    try:
        wait_for_pause(proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert named_files(out) == before
    assert_consistent(out)
    finished = run_cli(corpus, out)
    assert finished.returncode == 0, finished.stderr
    assert set(p.name for p in out.iterdir()) == set(named_files(out))  # orphans collected
    assert read_manifest(out)["previous_run_id"] == read_manifest_id(before)


def read_manifest_id(files: dict[str, bytes]) -> str:
    return str(json.loads(files[MANIFEST_NAME])["run_id"])


def test_two_refreshes_started_together_cannot_both_write(paths: tuple[Path, Path]) -> None:
    corpus, out = paths
    real_corpus(corpus, 2)
    first = start_refresh(corpus, out, ETL_PAUSE_AFTER="load", ETL_PAUSE_SECONDS="120")
    try:
        wait_for_pause(first)
        second = run_cli(corpus, out)
        assert second.returncode == 1
        assert "another refresh is writing" in second.stderr
        assert not (out / MANIFEST_NAME).exists()
    finally:
        first.kill()
        first.wait()
    # The killed holder's lock died with it.
    assert run_cli(corpus, out).returncode == 0


#: Issue 5: a refresh SIGKILLed at random moments, 20 times (seeds × rounds).
KILL_SEEDS, KILL_ROUNDS = 4, 5


@pytest.mark.parametrize("seed", range(KILL_SEEDS))
def test_sigkill_at_random_moments_always_leaves_a_matching_manifest(
    paths: tuple[Path, Path], seed: int
) -> None:
    corpus, out = paths
    rnd = random.Random(seed)
    real_corpus(corpus, 2)
    assert run_cli(corpus, out).returncode == 0
    for round_ in range(KILL_ROUNDS):
        write_article(corpus, f"extra-{round_}", sentence(300 + round_, 2030 + round_))
        proc = start_refresh(corpus, out)
        time.sleep(rnd.uniform(0.0, 2.5))
        proc.kill()
        proc.wait()
        manifest = assert_consistent(out)
        assert manifest["run_id"]


# ---- the process pool ----------------------------------------------------------------------


def test_the_pool_gives_the_same_tables_as_one_process(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    real_corpus(corpus, 24)  # above the pool threshold
    one = refresh(corpus, tmp_path / "one" / "tables", workers=1)
    two = refresh(corpus, tmp_path / "two" / "tables", workers=2)
    assert one.extracted == two.extracted == 24
    assert one.manifest["tables"] == two.manifest["tables"]
