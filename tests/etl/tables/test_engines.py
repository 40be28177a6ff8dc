"""`refresh --engine dask`: the same tables as the local engine, and a worker killed mid-run
never damages the published tables. Articles are written here (sentences of our own)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from etl.tables.engines import DaskEngine, EngineError, LocalEngine, make_engine
from etl.tables.publish import MANIFEST_NAME, load_verified_tables
from etl.tables.refresh import RefreshError, run_refresh

REPO = Path(__file__).resolve().parents[3]
SENTENCES = (
    "China–Russia trade reached ${value} billion in {year}, up {growth}% on the year.",
    "Russia's exports to China totalled ${exports} billion in {year}.",
    "The Power of Siberia pipeline carried {bcm} billion cubic metres of gas in {year}.",
    "Officials in Harbin discussed a new bridge over the Amur.",
)


def write_corpus(corpus: Path, docs: int, paragraphs: int = 2, first: int = 0) -> None:
    """`docs` articles, each a few paragraphs of our own sentences with varied figures."""
    corpus.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + docs):
        year = 2000 + i % 25
        figures = {
            "value": 100 + i, "growth": 1 + i % 9, "exports": 50 + i % 40,
            "bcm": 5 + i % 30, "year": year,
        }  # fmt: skip
        body = "\n\n".join(
            " ".join(s.format(**figures) for s in SENTENCES) for _ in range(paragraphs)
        )
        text = f"---\nid: doc-{i:04d}\npublished: {year + 1}-02-01\n---\n{body}\n"
        (corpus / f"doc-{i:04d}.md").write_text(text, encoding="utf-8")


def table_digests(out: Path) -> dict[str, str]:
    manifest, _ = load_verified_tables(out)
    return {name: entry["sha256"] for name, entry in manifest["tables"].items()}


def test_dask_on_two_workers_publishes_the_local_engines_tables(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 24)
    local = run_refresh(
        corpus, tmp_path / "local" / "tables", engine=LocalEngine(workers=1), progress=False
    )
    dask = run_refresh(
        corpus, tmp_path / "dask" / "tables", engine=DaskEngine(workers=2), progress=False
    )
    assert local.extracted == dask.extracted == 24
    assert local.manifest["tables"]["facts"]["rows"] > 0
    assert table_digests(tmp_path / "dask" / "tables") == table_digests(
        tmp_path / "local" / "tables"
    )
    # a second run finds everything in the same cache, whichever engine wrote it
    again = run_refresh(
        corpus,
        tmp_path / "dask" / "tables",
        engine=DaskEngine(workers=2),
        progress=False,
        cache_dir=tmp_path / "local" / "cache",
    )
    assert again.extracted == 0


def test_a_file_changed_after_the_driver_read_it_is_named_not_mixed(tmp_path: Path) -> None:
    from etl.facts.load import load_document
    from etl.tables.engines import load_and_extract

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1)
    path = corpus / "doc-0000.md"
    doc = load_document(path)
    path.write_text(path.read_text(encoding="utf-8") + "\nA late edit.\n", encoding="utf-8")
    facts, error = load_and_extract(str(path), doc.sha256)
    assert facts is None
    assert error is not None and "changed while the refresh ran" in error


def test_an_unreachable_scheduler_fails_the_refresh_and_keeps_the_tables(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "data" / "tables"
    write_corpus(corpus, 3)
    run_refresh(corpus, out, engine=LocalEngine(workers=1), progress=False)
    before = (out / MANIFEST_NAME).read_bytes()
    write_corpus(corpus, 1, first=3)
    with pytest.raises(RefreshError, match="nothing changed"):
        run_refresh(corpus, out, engine=DaskEngine(scheduler="tcp://127.0.0.1:9"), progress=False)
    assert (out / MANIFEST_NAME).read_bytes() == before


def test_scheduler_needs_the_dask_engine() -> None:
    with pytest.raises(EngineError, match="--scheduler needs --engine dask"):
        make_engine("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(EngineError, match="unknown engine"):
        make_engine("spark")


def _workers_of(refresh: psutil.Process, timeout: float = 60.0) -> list[psutil.Process]:
    """The Dask worker processes under a refresh (spawned by its nannies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [
            p for p in refresh.children(recursive=True) if "spawn_main" in " ".join(p.cmdline())
        ]
        if len(found) >= 2:
            return found
        time.sleep(0.1)
    raise AssertionError("no Dask workers appeared")


def test_killing_a_worker_mid_run_leaves_the_tables_whole(tmp_path: Path) -> None:
    """SIGKILL one of two workers while documents are being extracted: the refresh either
    publishes the complete tables (Dask reran the lost tasks) or fails; the published set
    is never partial, and on failure it is the previous one byte for byte."""
    corpus, out = tmp_path / "corpus", tmp_path / "data" / "tables"
    write_corpus(corpus, 4)
    run_refresh(corpus, out, engine=LocalEngine(workers=1), progress=False)
    previous = (out / MANIFEST_NAME).read_bytes()
    write_corpus(corpus, 400, paragraphs=10, first=4)  # seconds of extraction

    command = [
        sys.executable, "-m", "etl", "refresh", "--corpus", str(corpus), "--out", str(out),
        "--engine", "dask", "--workers", "2",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    try:
        for line in proc.stderr:  # the cluster is up and the tasks are submitted
            if line.startswith("dask: "):
                break
        victim = _workers_of(psutil.Process(proc.pid))[0]
        time.sleep(0.2)  # the batches are on the workers
        assert proc.poll() is None, "the refresh ended before a worker could be killed"
        victim.kill()
        stderr = proc.stderr.read()
        proc.wait(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    manifest, _ = load_verified_tables(out)  # whole and verified, whatever happened
    if proc.returncode != 0:
        assert (out / MANIFEST_NAME).read_bytes() == previous, stderr
    else:
        assert manifest["tables"]["sources"]["rows"] == 404, stderr
        expected = tmp_path / "expected" / "tables"
        run_refresh(
            corpus,
            expected,
            engine=LocalEngine(workers=1),
            progress=False,
            cache_dir=tmp_path / "expected" / "cache",
        )
        assert table_digests(out) == table_digests(expected)
