"""The corpus index: a refresh reads only the files that changed, and publishes exactly what a
refresh that read everything would. Articles are sentences of our own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import etl.tables.corpus_index
from etl.tables.cache import ExtractionCache
from etl.tables.corpus_index import CorpusIndex
from etl.tables.engines import LocalEngine
from etl.tables.publish import load_verified_tables
from etl.tables.refresh import RefreshResult, run_refresh
from etl.version import extractor_version


def write(corpus: Path, name: str, value: int, year: int) -> Path:
    path = corpus / f"{name}.md"
    text = (
        f"---\nid: {name}\npublished: {year + 1}-02-01\n---\n"
        f"China–Russia trade reached ${value} billion in {year}.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def refresh(corpus: Path, root: Path) -> RefreshResult:
    return run_refresh(
        corpus,
        root / "tables",
        cache_dir=root / "cache",
        engine=LocalEngine(workers=1),
        progress=False,
    )


def digests(out: Path) -> dict[str, str]:
    manifest, _ = load_verified_tables(out)
    return {name: entry["sha256"] for name, entry in manifest["tables"].items()}


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the index had to read."""
    read: list[str] = []
    real = etl.tables.corpus_index.load_document

    def counting(path: str | Path, max_bytes: int) -> object:
        read.append(Path(path).name)
        return real(path, max_bytes)

    monkeypatch.setattr(etl.tables.corpus_index, "load_document", counting)
    return read


def test_only_new_and_changed_files_are_read(tmp_path: Path, loads: list[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(5):
        write(corpus, f"doc-{i}", 100 + i, 2010 + i)
    refresh(corpus, tmp_path / "data")
    assert sorted(loads) == [f"doc-{i}.md" for i in range(5)]

    loads.clear()
    write(corpus, "doc-new", 300, 2020)
    result = refresh(corpus, tmp_path / "data")
    assert loads == ["doc-new.md"]
    assert result.extracted == 1

    loads.clear()
    write(corpus, "doc-1", 222, 2011)  # edited
    result = refresh(corpus, tmp_path / "data")
    assert loads == ["doc-1.md"]
    # the same tables as a refresh that reads everything afresh
    refresh(corpus, tmp_path / "fresh")
    assert digests(tmp_path / "data" / "tables") == digests(tmp_path / "fresh" / "tables")


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path, loads: list[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = write(corpus, "doc", 123, 2015)
    refresh(corpus, tmp_path / "data")
    before = path.stat()
    write(corpus, "doc", 456, 2015)  # same length, new figure
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back
    assert path.stat().st_size == before.st_size
    loads.clear()
    result = refresh(corpus, tmp_path / "data")
    assert loads == ["doc.md"]  # the ctime moved
    _, tables = load_verified_tables(tmp_path / "data" / "tables")
    assert tables["facts"].column("value").to_pylist() == [456e9]
    assert result.extracted == 1


def test_an_unreadable_index_is_rebuilt(tmp_path: Path, loads: list[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "doc", 123, 2015)
    refresh(corpus, tmp_path / "data")
    index = CorpusIndex(ExtractionCache(tmp_path / "data" / "cache", extractor_version()))
    index.path.write_text("{not json", encoding="utf-8")
    loads.clear()
    refresh(corpus, tmp_path / "data")
    assert loads == ["doc.md"]  # read again, from the cache
    loads.clear()
    refresh(corpus, tmp_path / "data")
    assert loads == []  # and the index works again
