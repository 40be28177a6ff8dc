"""The extraction cache: keyed by document sha256 and extractor version, holds evidence
sentences (which never reach the published tables), survives corrupt entries."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import etl.facts.extract
from etl.model import Document, Fact, sentence_hash
from etl.tables.cache import ExtractionCache, load_evidence
from etl.tables.refresh import run_refresh

SENTENCE = "Trade between China and Russia reached $100 billion in 2030."


def doc(doc_id: str = "d1", sha: str = "ab" * 32) -> Document:
    return Document(id=doc_id, text=SENTENCE, sha256=sha)


def facts_of(document: Document) -> list[Fact]:
    return [
        Fact(
            document.id,
            "trade.bilateral.value",
            None,
            100e9,
            "usd",
            "2030",
            start=40,
            end=52,
            surface="$100 billion",
            sentence=SENTENCE,
        )
    ]


def test_round_trip_keeps_the_sentence(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path, "1.0+abc")
    assert cache.get(doc()) is None
    cache.put(doc(), facts_of(doc()))
    assert cache.get(doc()) == facts_of(doc())
    assert cache.get(doc())[0].sentence == SENTENCE  # type: ignore[index]
    assert cache.path(doc().sha256).is_file()


def test_keyed_by_content_and_extractor_version(tmp_path: Path) -> None:
    ExtractionCache(tmp_path, "1.0+abc").put(doc(), facts_of(doc()))
    assert ExtractionCache(tmp_path, "1.0+def").get(doc()) is None
    assert ExtractionCache(tmp_path, "1.0+abc").get(doc(sha="cd" * 32)) is None


def test_same_bytes_under_another_id_get_that_id(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path, "v")
    cache.put(doc("old-name"), facts_of(doc("old-name")))
    [fact] = cache.get(doc("new-name")) or []
    assert fact.doc == "new-name"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated by a crash
        lambda data: b"\x00" * len(data),  # zeroed
        lambda data: data.replace(b"100000000000.0", b"900000000000.0"),  # edited
        lambda data: b"",  # empty
    ],
)
def test_corrupt_entry_is_ignored_logged_and_removed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: object
) -> None:
    cache = ExtractionCache(tmp_path, "v")
    cache.put(doc(), facts_of(doc()))
    path = cache.path(doc().sha256)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="etl.tables.cache"):
        assert cache.get(doc()) is None
    assert "corrupt" in caplog.text and str(path) in caplog.text
    assert not path.exists()


def test_prune_keeps_the_current_version_and_those_still_published(tmp_path: Path) -> None:
    ExtractionCache(tmp_path, "old").put(doc(), facts_of(doc()))
    current = ExtractionCache(tmp_path, "new")
    current.put(doc(), facts_of(doc()))
    assert current.prune_other_versions() == ["old"]
    ExtractionCache(tmp_path, "carried").put(doc(), facts_of(doc()))
    ExtractionCache(tmp_path, "gone").put(doc(), facts_of(doc()))
    # A version whose facts are still published (carried over) keeps its evidence.
    assert current.prune_other_versions(keep={"carried"}) == ["gone"]
    assert ExtractionCache(tmp_path, "carried").get(doc()) is not None
    assert current.get(doc()) is not None
    assert ExtractionCache(tmp_path, "old").get(doc()) is None


def test_load_evidence_maps_doc_and_sentence_hash_to_the_sentence(tmp_path: Path) -> None:
    assert load_evidence(tmp_path / "nowhere") == {}
    cache = ExtractionCache(tmp_path, "v")
    cache.put(doc(), facts_of(doc()))
    cache.put(doc("d2", "ef" * 32), [])
    broken = cache.path("12" * 32)
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"{")
    assert load_evidence(tmp_path) == {("d1", sentence_hash(SENTENCE)): SENTENCE}


def write_article(path: Path, doc_id: str, body: str) -> None:
    path.write_text(f"---\nid: {doc_id}\npublished: 2031-01-15\n---\n{body}\n", encoding="utf-8")


def test_refresh_rebuilds_a_corrupt_entry_and_reextracts_only_that_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out, cache_dir = tmp_path / "corpus", tmp_path / "data" / "tables", tmp_path / "cache"
    corpus.mkdir()
    write_article(corpus / "one.md", "one", SENTENCE)
    write_article(corpus / "two.md", "two", SENTENCE.replace("100", "120"))
    calls: list[str] = []

    def fake_extract(document: Document) -> list[Fact]:
        calls.append(document.id)
        value = 120e9 if "120" in document.text else 100e9
        return [
            Fact(
                document.id, "trade.bilateral.value", None, value, "usd", "2030", sentence=SENTENCE
            )
        ]

    monkeypatch.setattr(etl.facts.extract, "extract_document", fake_extract)
    first = run_refresh(corpus, out, workers=1, cache_dir=cache_dir, progress=False)
    assert sorted(calls) == ["one", "two"] and first.extracted == 2

    calls.clear()
    again = run_refresh(corpus, out, workers=1, cache_dir=cache_dir, progress=False)
    assert calls == [] and again.cached == 2

    entries = sorted((cache_dir / "facts").glob("*/*/*.json"))
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:-20])  # truncated
    rebuilt = run_refresh(corpus, out, workers=1, cache_dir=cache_dir, progress=False)
    assert len(calls) == 1 and rebuilt.extracted == 1 and rebuilt.cached == 1
    calls.clear()
    run_refresh(corpus, out, workers=1, cache_dir=cache_dir, progress=False)
    assert calls == []  # the rebuilt entry is whole again
    # The evidence lives in the cache, never in the published files.
    assert ("one", sentence_hash(SENTENCE)) in load_evidence(cache_dir)
    for path in out.iterdir():
        assert SENTENCE.encode() not in path.read_bytes()
