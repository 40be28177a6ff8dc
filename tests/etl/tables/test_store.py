"""The published tables as the store of record: a refresh adds and revises, never wipes;
removal is explicit (`remove`, `--prune`); a run that would drop many figures nobody asked to
drop refuses; tables published before a column existed still read.

Articles are written here; the tiny extractor of `test_refresh` stands in for the real one.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import etl.tables.refresh
from etl.tables import publish, schema
from etl.tables.publish import (
    MANIFEST_NAME,
    load_changes,
    load_history,
    load_report,
    load_verified_tables,
)
from etl.tables.refresh import DROP_SHARE_LIMIT, RefreshError, remove_documents
from tests.etl.tables.test_refresh import fake, paths, refresh, sentence, snapshot, write_article

__all__ = ["fake", "paths"]  # fixtures used by name

REPO = Path(__file__).resolve().parents[3]
SHARE_2023 = "China took 30% of Russia's trade in 2023."


def facts_of(out: Path) -> dict[str, dict[str, object]]:
    _, tables = load_verified_tables(out)
    return {row["fact_id"]: row for row in tables["facts"].to_pylist()}


def sources_of(out: Path) -> dict[str, dict[str, object]]:
    _, tables = load_verified_tables(out)
    return {row["doc"]: row for row in tables["sources"].to_pylist()}


def manifest_sha(out: Path) -> str:
    return hashlib.sha256((out / MANIFEST_NAME).read_bytes()).hexdigest()


def publish_two(corpus: Path, out: Path) -> None:
    write_article(corpus, "alpha", sentence(190.27, 2022), sentence(146.9, 2021))
    write_article(corpus, "beta", sentence(240.1, 2023), SHARE_2023)
    refresh(corpus, out)


def test_a_refresh_given_only_new_articles_keeps_every_published_fact(
    fake: None, paths: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    before = facts_of(out)
    first_run = publish.read_manifest(out)["run_id"]
    capsys.readouterr()

    fresh = tmp_path / "fresh"  # a clone: the earlier articles are not there
    fresh.mkdir()
    write_article(fresh, "gamma", sentence(244.8, 2024))
    result = refresh(fresh, out)

    after = facts_of(out)
    assert set(before) < set(after)
    assert all(after[fid] == row for fid, row in before.items())  # unchanged, hash and version
    [added] = result.changes["added"]
    assert (added["period"], added["docs"]) == ("2024", ["gamma"])
    assert result.changes["removed"] == [] and result.changes["previous_run_id"] == first_run
    sources = sources_of(out)
    assert {d: s["carried_over"] for d, s in sources.items()} == {
        "alpha": True,
        "beta": True,
        "gamma": False,
    }
    assert sources["alpha"]["fact_count"] == 2
    carried = result.changes["carried_over"]
    assert carried["documents"] == 2 and carried["facts"] == 4
    manifest = publish.read_manifest(out)
    assert [c["doc"] for c in manifest["carried_over"]] == ["alpha", "beta"]
    assert [i["doc"] for i in manifest["inputs"]] == ["gamma"]


def test_documents_from_an_older_extractor_are_counted_in_the_report(
    fake: None,
    paths: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus, out = paths
    monkeypatch.setattr(etl.tables.refresh, "extractor_version", lambda: "0.0.1+old")
    publish_two(corpus, out)
    monkeypatch.setattr(etl.tables.refresh, "extractor_version", lambda: "0.0.2+new")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_article(fresh, "gamma", sentence(244.8, 2024))
    capsys.readouterr()
    result = refresh(fresh, out)
    printed = capsys.readouterr().out
    assert result.changes["carried_over"]["by_version"] == {"0.0.1+old": 2}
    assert result.changes["carried_over"]["older"] == 2
    assert "2 documents extracted by version 0.0.1+old; their text is not in this corpus" in (
        printed
    )
    facts = facts_of(out)
    assert {r["extractor_version"] for r in facts.values() if r["doc"] == "alpha"} == {"0.0.1+old"}
    assert {r["extractor_version"] for r in facts.values() if r["doc"] == "gamma"} == {"0.0.2+new"}
    assert load_changes(out)["carried_over"]["by_version"] == {"0.0.1+old": 2}


def test_a_given_document_is_re_extracted_and_revised_not_carried(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    (corpus / "alpha.md").unlink()
    write_article(corpus, "beta", sentence(241.0, 2023), SHARE_2023)
    result = refresh(corpus, out)
    [changed] = result.changes["changed"]
    assert (changed["old_value"], changed["value"]) == (240.1e9, 241.0e9)
    assert sources_of(out)["beta"]["carried_over"] is False
    assert sources_of(out)["alpha"]["carried_over"] is True


def test_remove_takes_out_exactly_the_documents_facts(
    fake: None, paths: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    write_article(corpus, "gamma", sentence(190.27, 2022))  # a second source for alpha's 2022
    refresh(corpus, out)
    before = facts_of(out)
    capsys.readouterr()

    result = remove_documents(out, ["alpha"])

    after = facts_of(out)
    assert after == {fid: row for fid, row in before.items() if row["doc"] != "alpha"}
    assert "alpha" not in sources_of(out)
    [removed] = result.changes["removed"]  # 2021 had only alpha; 2022 keeps gamma
    assert (removed["period"], removed["docs"]) == ("2021", ["alpha"])
    [changed] = result.changes["changed"]
    assert (changed["period"], changed["fields"], changed["docs"]) == ("2022", ["docs"], ["gamma"])
    assert result.changes["removed_documents"] == ["alpha"]
    assert "removed on request: alpha" in capsys.readouterr().out
    assert publish.read_manifest(out)["removed_documents"] == ["alpha"]


@pytest.mark.parametrize(
    ("docs", "message"),
    [(["nobody"], "not published: nobody"), (["alpha", "beta"], "every published document")],
)
def test_remove_of_an_unknown_or_every_document_changes_nothing(
    fake: None, paths: tuple[Path, Path], docs: list[str], message: str
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    before = snapshot(out.parent)
    with pytest.raises(RefreshError, match=message):
        remove_documents(out, docs)
    assert snapshot(out.parent) == before


def test_prune_removes_the_published_documents_the_corpus_lacks(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    (corpus / "alpha.md").unlink()
    result = refresh(corpus, out, prune=True)
    assert set(sources_of(out)) == {"beta"}
    assert result.changes["removed_documents"] == ["alpha"]
    assert {i["period"] for i in result.changes["removed"]} == {"2021", "2022"}


def test_a_refresh_over_an_empty_folder_refuses_and_the_manifest_is_unchanged(
    fake: None, paths: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    sha, before = manifest_sha(out), snapshot(out.parent)
    empty = tmp_path / "empty"
    empty.mkdir()
    for prune in (False, True):
        with pytest.raises(RefreshError, match="holds no articles"):
            refresh(empty, out, prune=prune)
    assert manifest_sha(out) == sha and snapshot(out.parent) == before


def test_a_run_dropping_many_figures_nobody_asked_to_drop_refuses(
    fake: None, paths: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    sha, before = manifest_sha(out), snapshot(out)  # the cache beside it may learn
    # An extractor that now finds nothing in alpha (a new rule, an edit): 2 of 3 figures go.
    real = etl.facts.extract.extract_document
    monkeypatch.setattr(
        etl.facts.extract,
        "extract_document",
        lambda doc: [] if doc.id == "alpha" else real(doc),
    )
    write_article(corpus, "alpha", sentence(190.27, 2022), "Edited.", sentence(146.9, 2021))
    with pytest.raises(RefreshError, match=r"would drop 2 of 4 published observations \(50%"):
        refresh(corpus, out)
    assert manifest_sha(out) == sha and snapshot(out) == before

    result = refresh(corpus, out, allow_drop=True)
    assert len(result.changes["removed"]) == 2


def test_a_drop_within_the_limit_is_published_and_reported(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    years = range(2000, 2000 + int(2 / DROP_SHARE_LIMIT))  # one figure is under the limit
    write_article(corpus, "alpha", *(sentence(100.0 + y - 2000, y) for y in years))
    refresh(corpus, out)
    write_article(corpus, "alpha", *(sentence(100.0 + y - 2000, y) for y in years if y != 2000))
    result = refresh(corpus, out)
    assert [i["period"] for i in result.changes["removed"]] == ["2000"]


def test_tables_published_before_the_carried_over_columns_still_read(
    fake: None, paths: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    manifest, tables = load_verified_tables(out)
    old_sources = tables["sources"].drop_columns(["carried_over", "extractor_version"])
    data = publish.table_bytes(old_sources)
    name, digest = publish.content_name("sources", data, ".parquet")
    (out / name).write_bytes(data)
    manifest["tables"]["sources"].update(file=name, sha256=digest)
    (out / MANIFEST_NAME).write_bytes(publish.json_bytes(manifest))

    _, upgraded = load_verified_tables(out)
    assert upgraded["sources"].schema.equals(schema.SOURCES, check_metadata=False)
    assert upgraded["sources"].column("carried_over").to_pylist() == [False, False]
    assert set(upgraded["sources"].column("extractor_version").to_pylist()) == {
        manifest["extractor_version"]
    }
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_article(fresh, "gamma", sentence(244.8, 2024))
    refresh(fresh, out)
    assert set(sources_of(out)) == {"alpha", "beta", "gamma"}


def test_unreadable_previous_tables_refuse_unless_pruned(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    observations = out / publish.read_manifest(out)["tables"]["observations"]["file"]
    observations.write_bytes(b"damaged")
    before = snapshot(out.parent)
    with pytest.raises(RefreshError, match="cannot be carried over"):
        refresh(corpus, out)
    assert snapshot(out.parent) == before
    refresh(corpus, out, prune=True)
    assert set(sources_of(out)) == {"alpha", "beta"}


def test_the_command_line_refuses_an_empty_folder_and_removes_by_name(tmp_path: Path) -> None:
    """The real extractor, through `python -m etl`, on sentences written here."""
    corpus, out = tmp_path / "raw", tmp_path / "tables"
    corpus.mkdir()
    write_article(corpus, "one", "Trade between China and Russia reached $101.5 billion in 2030.")
    write_article(corpus, "two", "Trade between China and Russia reached $110.2 billion in 2029.")

    def etl_cli(*args: str) -> subprocess.CompletedProcess[str]:
        env = {"ETL_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
        return subprocess.run(
            [sys.executable, "-m", "etl", *args], cwd=REPO, env=env, capture_output=True, text=True
        )

    assert etl_cli("refresh", "--corpus", str(corpus), "--out", str(out)).returncode == 0
    assert set(sources_of(out)) == {"one", "two"}
    assert {r["doc"] for r in facts_of(out).values()} == {"one", "two"}
    for path in corpus.iterdir():
        path.unlink()
    sha = manifest_sha(out)
    refused = etl_cli("refresh", "--corpus", str(corpus), "--out", str(out))
    assert refused.returncode == 1 and "holds no articles" in refused.stderr
    assert manifest_sha(out) == sha
    removed = etl_cli("remove", "one", "--out", str(out))
    assert removed.returncode == 0, removed.stderr
    assert set(sources_of(out)) == {"two"}
    assert {r["doc"] for r in facts_of(out).values()} == {"two"}


def test_tables_from_before_reporters_and_bases_read_with_them_filled(
    fake: None, paths: tuple[Path, Path]
) -> None:
    corpus, out = paths
    publish_two(corpus, out)
    manifest, tables = load_verified_tables(out)
    facts = tables["facts"].drop_columns(["reporter"])
    attribution = pa.array(["Russia's Federal Customs Service"] + [None] * (facts.num_rows - 1))
    facts = facts.set_column(
        facts.schema.get_field_index("attribution"), "attribution", attribution
    )
    older = {
        "facts": facts,
        "observations": tables["observations"].drop_columns(["basis"]),
        "checks": tables["checks"].drop_columns(["basis"]),
    }
    for name, table in older.items():
        data = publish.table_bytes(table)
        file, digest = publish.content_name(name, data, ".parquet")
        (out / file).write_bytes(data)
        manifest["tables"][name].update(file=file, sha256=digest)
    (out / MANIFEST_NAME).write_bytes(publish.json_bytes(manifest))

    _, upgraded = load_verified_tables(out)
    reporters = upgraded["facts"].column("reporter").to_pylist()
    assert reporters[0] == "russia_customs" and set(reporters[1:]) == {"unattributed"}
    bases = dict(
        zip(
            upgraded["observations"].column("metric").to_pylist(),
            upgraded["observations"].column("basis").to_pylist(),
            strict=True,
        )
    )
    assert bases == {"trade.bilateral.value": "china_customs", "trade.share.china_in_russia": "any"}


def test_the_committed_tables_keep_every_figure_when_two_articles_are_added(
    tmp_path: Path,
) -> None:
    """The README's refresh on a fresh clone: the committed tables, two new articles."""
    out = tmp_path / "data" / "tables"
    shutil.copytree(REPO / "data" / "tables", out)
    before_manifest, before = load_verified_tables(out)
    history_before = [r["run_id"] for r in load_history(out)]
    corpus = tmp_path / "data" / "raw"
    corpus.mkdir()
    write_article(
        corpus,
        "own-trade-2029",
        "Trade between China and Russia reached $301.5 billion in 2029, according to "
        "China's General Administration of Customs.",
    )
    write_article(
        corpus,
        "own-gas-2029",
        "Russia delivered 41.2 bcm of natural gas to China via the Power of Siberia "
        "pipeline in 2029.",
    )
    result = refresh(corpus, out, cache_dir=tmp_path / "cache")

    _, after = load_verified_tables(out)
    old_ids = set(before["facts"].column("fact_id").to_pylist())
    assert old_ids < set(after["facts"].column("fact_id").to_pylist())
    keys = {(r["metric"], r["entity"], r["period"], r["status"])
            for r in after["observations"].to_pylist()}  # fmt: skip
    assert all(
        (r["metric"], r["entity"], r["period"], r["status"]) in keys
        for r in before["observations"].to_pylist()
    )
    added = {(i["metric"], i["period"]) for i in result.changes["added"]}
    assert ("trade.bilateral.value", "2029") in added
    assert result.changes["removed"] == []
    assert result.changes["carried_over"]["documents"] == before["sources"].num_rows
    # every run published before is still listed, the committed one last, then the new one
    runs = [r["run_id"] for r in load_history(out)]
    assert history_before[-1:] == [before_manifest["run_id"]]
    assert runs == [*history_before, result.run_id]
    assert load_report(out, publish.read_manifest(out), before_manifest["run_id"]) is not None
