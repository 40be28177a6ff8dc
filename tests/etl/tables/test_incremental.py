"""An incremental refresh publishes exactly what a full rebuild publishes.

A refresh reuses what the last run worked out — the corpus index (unchanged files are not
read), the extraction cache and the reconciled observations (`etl.tables.reconcile_cache`)
— so that its cost follows what changed. These tests hold it to the full rebuild, byte for
byte, after documents are added, changed and removed, and check that the reuse is real.
The articles are sentences of our own, with figures drawn at random.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.facts import prefilter
from etl.tables import pattern_cache, reconcile
from etl.tables.publish import MANIFEST_NAME, load_verified_tables, read_manifest
from etl.tables.reconcile import Candidate, ConsensusMemo, signature_digest
from etl.tables.reconcile_cache import cache_path
from etl.tables.refresh import run_refresh

_SENTENCES = (
    "Trade between China and Russia came to ${total:.1f} billion in {year}, "
    "up {growth:.1f}% from a year earlier.",
    "China's exports to Russia were ${exports:.1f} billion in {year}.",
    "Russia's exports to China amounted to ${imports:.1f} billion in {year}.",
    "Bilateral trade between Russia and China was ${total:.2f} billion in {year}.",
    "The Power of Siberia pipeline can carry {capacity} billion cubic metres of gas a year.",
    "Delegations from both sides met in {city} to talk about a new river port.",
)
_CITIES = ("Harbin", "Heihe", "Manzhouli")


def article(doc: str, rnd: random.Random) -> str:
    """A short article of three of our sentences; years overlap so figures compete."""
    year = rnd.randint(2015, 2024)
    total = rnd.uniform(60, 250)
    figures = {
        "year": year,
        "total": total,
        "growth": rnd.uniform(-20, 40),
        "exports": total * rnd.uniform(0.3, 0.95),
        "imports": total * rnd.uniform(0.3, 0.7),
        "capacity": rnd.choice((38, 61)),
        "city": rnd.choice(_CITIES),
    }
    body = "\n\n".join(t.format(**figures) for t in rnd.sample(_SENTENCES, k=3))
    return f"---\nid: {doc}\npublished: {year + 1}-02-01\n---\n{body}\n"


def write(corpus: Path, doc: str, seed: int) -> None:
    (corpus / f"{doc}.md").write_text(article(doc, random.Random(seed)), encoding="utf-8")


def tables(out: Path) -> dict[str, str]:
    """Table name → sha256 of its published bytes."""
    entries = read_manifest(out)["tables"]
    return {
        name: hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest()
        for name, entry in entries.items()
    }


def refresh(corpus: Path, root: Path, **kw: Any) -> None:
    run_refresh(corpus, root / "tables", workers=1, cache_dir=root / "cache", progress=False, **kw)


def count_consensus(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """How many observations are worked out from their candidates from now on."""
    calls = [0]
    original = reconcile.consensus

    def counted(*args: Any, **kwargs: Any) -> reconcile.Observation:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(reconcile, "consensus", counted)
    return lambda: calls[0]


DOCS = 36


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(DOCS):
        write(folder, f"note-{i:03d}", seed=i)
    return folder


def test_incremental_refresh_publishes_what_a_full_rebuild_does(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # corrections.yaml is looked for beside the tables
    incremental = tmp_path / "incremental"
    refresh(corpus, incremental)
    first = tables(incremental / "tables")
    assert cache_path(incremental / "cache").is_file()

    # one document added, one changed, one removed
    write(corpus, "note-new", seed=1_000)
    write(corpus, "note-005", seed=2_000)
    (corpus / "note-011.md").unlink()
    worked_out = count_consensus(monkeypatch)
    refresh(corpus, incremental, prune=True)
    after = tables(incremental / "tables")
    reused_run = worked_out()

    full = tmp_path / "full"  # nothing from any earlier run: no store, cache or index
    refresh(corpus, full)
    full_run = worked_out() - reused_run

    assert after == tables(full / "tables")
    # judging took several rounds (a demotion re-reconciles its key): those were reused too
    flags = load_verified_tables(full / "tables")[1]["flags"]
    assert "demoted" in flags.column("action").to_pylist()
    assert after["facts"] != first["facts"] and after["observations"] != first["observations"]
    # the incremental run reconciled only the keys its three documents touch
    assert 0 < reused_run < full_run


def test_unchanged_corpus_reconciles_nothing_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "run"
    refresh(corpus, root)
    before = tables(root / "tables")
    worked_out = count_consensus(monkeypatch)
    refresh(corpus, root)
    assert worked_out() == 0
    assert tables(root / "tables") == before


def test_a_damaged_reconcile_cache_is_rebuilt_and_changes_nothing(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "run"
    refresh(corpus, root)
    before = tables(root / "tables")
    memo_file = cache_path(root / "cache")
    memo_file.write_bytes(memo_file.read_bytes()[:100])  # truncated
    write(corpus, "note-new", seed=3_000)
    refresh(corpus, root)
    assert "reconcile cache" in capsys.readouterr().err
    full = tmp_path / "full"
    refresh(corpus, full)
    assert tables(root / "tables") == tables(full / "tables") != before
    assert (root / "tables" / MANIFEST_NAME).is_file()


def _candidate(value: float, **changes: Any) -> Candidate:
    fields: dict[str, Any] = {
        "fact_id": "f1",
        "doc": "d1",
        "value": value,
        "unit": "usd",
        "qualifier": "exact",
        "published": None,
        "start": 0,
    }
    fields.update(changes)
    return Candidate(**fields)


def test_the_memo_tells_apart_signatures_that_differ_in_any_field() -> None:
    key = ("trade.bilateral.value", None, "2023", "actual", "china_customs")
    base = (_candidate(240.1e9), _candidate(240.0e9, fact_id="f2", doc="d2"))
    variants = [
        (_candidate(240.1e9 + 1), base[1]),
        (_candidate(240.1e9, qualifier="approx"), base[1]),
        (_candidate(240.1e9, start=5), base[1]),
        (base[1], base[0]),  # order counts: it breaks ties
    ]
    digests = {signature_digest((key, base, ()))}
    digests |= {signature_digest((key, v, ())) for v in variants}
    digests.add(signature_digest((key, base, (("d3", 250e9, 4.0),))))
    assert len(digests) == len(variants) + 2

    memo = ConsensusMemo()
    first = memo.observation(key, base, ())
    assert memo.changed()  # worked out, not known: worth saving
    reused = ConsensusMemo(memo.used)
    again = reused.observation(key, tuple(base), ())
    assert again == first == reconcile.consensus(*key, list(base), [])
    assert not reused.changed()  # the same entries asked for and found: nothing to save
    reused.observation(key, variants[0], ())
    assert reused.changed()


def test_pattern_analyses_kept_by_a_refresh_give_the_same_tables(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    kept = tmp_path / "kept"
    refresh(corpus, kept)
    analyses = pattern_cache.cache_path(kept / "cache")
    assert analyses.is_file()
    entries = json.loads(analyses.read_bytes())["entries"]
    assert {kind for kind, _source, _flags, _value in entries} >= {"anchors", "prefixes"}
    # a later run in a fresh process state loads them (and extracts the same facts)
    monkeypatch.setattr(prefilter, "_ANALYSES", {})
    assert pattern_cache.load_analyses(kept / "cache") == len(entries)
    write(corpus, "note-new", seed=4_000)
    refresh(corpus, kept)
    full = tmp_path / "full"
    refresh(corpus, full)
    assert tables(kept / "tables") == tables(full / "tables")
    analyses.write_text("{not json", encoding="utf-8")
    assert pattern_cache.load_analyses(kept / "cache") == 0
    assert "pattern cache" in capsys.readouterr().err
