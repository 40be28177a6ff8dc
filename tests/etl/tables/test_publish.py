"""Atomic publication and verified reading: every way a table can go bad is named, a
failed run leaves the previous one byte-identical, run ids only move forward, one writer."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from etl.model import Document, Fact
from etl.tables import publish, schema
from etl.tables.build import build_tables
from etl.tables.publish import (
    CHANGES_NAME,
    MANIFEST_NAME,
    PublishLockedError,
    TableIntegrityError,
    exclusive_lock,
    load_changes,
    load_verified_tables,
    new_run_id,
    read_manifest,
)

BN = 1e9


def tables_for(values_bn: list[float]) -> dict[str, pa.Table]:
    docs = [Document(id="doc", text=".", published=date(2024, 1, 1), sha256="d" * 64)]
    facts = [
        Fact("doc", "trade.bilateral.value", None, v * BN, "usd", str(2000 + i))
        for i, v in enumerate(values_bn)
    ]
    return build_tables(docs, facts, "v")


def run(out: Path, values_bn: list[float], **kw: Any) -> dict[str, Any]:
    previous = read_manifest(out)["run_id"] if (out / MANIFEST_NAME).exists() else None
    run_id = new_run_id(previous)
    changes = {
        "run_id": run_id,
        "previous_run_id": previous,
        "added": [],
        "changed": [],
        "removed": [],
    }
    fields = {"run_id": run_id, "previous_run_id": previous, "extractor_version": "v", "inputs": []}
    with exclusive_lock(out):
        return publish.publish(out, run_id, tables_for(values_bn), changes, fields, **kw)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def table_path(out: Path, name: str) -> Path:
    return out / read_manifest(out)["tables"][name]["file"]


def test_publish_then_read_back_verified(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    manifest = run(out, [100, 110])
    read, tables = load_verified_tables(out)
    assert read == manifest
    assert set(tables) == set(schema.TABLES)
    assert tables["observations"].num_rows == 2
    assert manifest["tables"]["observations"]["rows"] == 2
    assert set(manifest["files"]) == {CHANGES_NAME}
    assert load_changes(out)["run_id"] == manifest["run_id"]
    # Exactly the manifest and the files it names; the stage directory is gone.
    named = {e["file"] for e in manifest["tables"].values()} | {
        manifest["files"][CHANGES_NAME]["file"]
    }
    assert set(snapshot(out)) == named | {MANIFEST_NAME}
    assert not list(tmp_path.glob(".tables-tmp-*"))


def test_unchanged_tables_keep_their_files_and_old_files_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    first = run(out, [100, 110])
    second = run(out, [100, 120])
    assert first["tables"]["sources"]["file"] == second["tables"]["sources"]["file"]
    assert first["tables"]["observations"]["file"] != second["tables"]["observations"]["file"]
    assert not (out / first["tables"]["observations"]["file"]).exists()
    assert second["previous_run_id"] == first["run_id"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("flip", "does not match the manifest"),
        ("truncate", "does not match the manifest"),
        ("zero", "does not match the manifest"),
        ("delete", "missing"),
    ],
)
def test_damaged_table_files_are_named(tmp_path: Path, damage: str, expected: str) -> None:
    out = tmp_path / "tables"
    run(out, [100, 110])
    path = table_path(out, "observations")
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01  # one bit in the data pages: pyarrow alone may not notice
        path.write_bytes(bytes(data))
    elif damage == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif damage == "zero":
        path.write_bytes(bytes(len(data)))
    else:
        path.unlink()
    with pytest.raises(TableIntegrityError, match=expected) as caught:
        load_verified_tables(out)
    assert path.name in str(caught.value)


def test_a_schema_change_with_a_matching_hash_is_still_refused(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    run(out, [100])
    manifest = read_manifest(out)
    altered = pa.table({"metric": ["x"], "value": [1.0]})
    data = publish.table_bytes(altered)
    name, digest = publish.content_name("observations", data, ".parquet")
    (out / name).write_bytes(data)
    manifest["tables"]["observations"].update(file=name, sha256=digest, rows=1)
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    with pytest.raises(TableIntegrityError, match="schema of observations differs"):
        load_verified_tables(out)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "missing"),
        (b"{not json", "not valid JSON"),
        (b"[]", "not a JSON object"),
        (b'{"run_id": "x", "tables": {}, "files": {}}', "are not"),
    ],
)
def test_a_bad_manifest_is_named(tmp_path: Path, content: bytes | None, expected: str) -> None:
    out = tmp_path / "tables"
    run(out, [100])
    if content is None:
        (out / MANIFEST_NAME).unlink()
    else:
        (out / MANIFEST_NAME).write_bytes(content)
    with pytest.raises(TableIntegrityError, match=expected) as caught:
        load_verified_tables(out)
    assert MANIFEST_NAME in str(caught.value)


def test_a_manifest_cannot_point_outside_the_directory(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    run(out, [100])
    manifest = read_manifest(out)
    manifest["tables"]["facts"]["file"] = "../../etc/passwd"
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    with pytest.raises(TableIntegrityError, match="invalid file"):
        load_verified_tables(out)


@pytest.mark.parametrize("stage", ["write", "swap"])
def test_a_failure_at_any_stage_leaves_the_previous_run_byte_identical(
    tmp_path: Path, stage: str
) -> None:
    out = tmp_path / "tables"
    run(out, [100, 110])
    before = snapshot(out)

    def fail(reached: str) -> None:
        if reached == stage:
            raise RuntimeError(f"injected after {reached}")

    with pytest.raises(RuntimeError, match="injected"):
        run(out, [100, 120, 130], on_stage=fail)
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".tables-tmp-*"))
    load_verified_tables(out)


def test_files_of_a_killed_run_are_cleaned_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    run(out, [100])
    # What a SIGKILL between the file moves and the manifest swap leaves behind:
    orphan = out / "facts-0123456789abcdef.parquet"
    orphan.write_bytes(b"partial")
    stale_stage = tmp_path / ".tables-tmp-20000101T000000000000Z"
    stale_stage.mkdir()
    load_verified_tables(out)  # readers are not disturbed by unnamed files
    with exclusive_lock(out):
        publish.remove_stale_stages(out)
    run(out, [100, 110])
    assert not orphan.exists() and not stale_stage.exists()


def test_run_ids_never_go_backwards() -> None:
    now = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
    first = new_run_id(None, now)
    assert first == "20250501T120000000000Z"
    earlier_clock = new_run_id(first, now - timedelta(hours=1))
    same_instant = new_run_id(earlier_clock, now - timedelta(hours=1))
    assert first < earlier_clock < same_instant
    assert new_run_id(same_instant, now + timedelta(days=1)) == "20250502T120000000000Z"
    assert new_run_id("not-a-run-id", now) == first


def test_only_one_writer_holds_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    with (
        exclusive_lock(out),
        pytest.raises(PublishLockedError, match="another refresh"),
        exclusive_lock(out),
    ):
        pass
    with exclusive_lock(out):  # released
        pass


def test_a_reader_never_fails_nor_goes_back_while_runs_are_published(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    run(out, [100])
    seen: list[str] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            try:
                manifest, tables = load_verified_tables(out)
            except BaseException as exc:
                errors.append(exc)
                return
            assert tables["observations"].num_rows == manifest["tables"]["observations"]["rows"]
            seen.append(manifest["run_id"])

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(20):  # issue 5: a reader looping while 20 refreshes publish
            run(out, [100 + j for j in range(i + 2)])
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert seen == sorted(seen)
    assert len(seen) > 0


def test_committed_tables_work_from_a_fresh_clone(tmp_path: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    repo, clone = tmp_path / "repo", tmp_path / "clone"
    out = repo / "data" / "tables"
    first = run(out, [100, 110])
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.org"]
    for args in (["init", "-q", str(repo)], ["-C", str(repo), "add", "data"]):
        subprocess.run([git, *args], check=True)
    subprocess.run([git, *identity, "-C", str(repo), "commit", "-qm", "tables"], check=True)
    subprocess.run([git, "clone", "-q", str(repo), str(clone)], check=True)
    manifest, tables = load_verified_tables(clone / "data" / "tables")
    assert manifest == first and tables["observations"].num_rows == 2
    assert run(clone / "data" / "tables", [100, 120])["previous_run_id"] == first["run_id"]
