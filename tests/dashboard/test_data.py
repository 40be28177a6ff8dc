"""The data layer: verified loading, cache by run id, and the last good data on any fault."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.data import DataStore

FIRST = "20260102T030405000000Z"
SECOND = "20260203T040506000000Z"


def table_file(tables: Path, name: str) -> Path:
    manifest = json.loads((tables / "manifest.json").read_text())
    return tables / manifest["tables"][name]["file"]


def touch_later(path: Path) -> None:
    """Make sure the change is visible to a (inode, size, mtime) check even on coarse clocks."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_missing_directory_gives_a_reason_and_no_data(tmp_path: Path) -> None:
    state = DataStore(tmp_path / "nowhere").get()
    assert state.tables is None
    assert state.problem is not None and "no published tables" in state.problem


def test_loads_verified_tables(tables_dir: Path) -> None:
    state = DataStore(tables_dir).get()
    assert state.problem is None
    assert state.tables is not None and state.tables.run_id == FIRST
    assert len(state.tables.facts) == 31
    assert state.tables.changes is not None and state.tables.changes["run_id"] == FIRST


def test_cached_by_run_id(tables_dir: Path) -> None:
    store = DataStore(tables_dir)
    first = store.get().tables
    assert store.get().tables is first  # nothing changed: the same object, nothing re-read


def corrupt_truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt_zero(path: Path) -> None:
    path.write_bytes(b"\0" * path.stat().st_size)


def corrupt_flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit in the middle: pyarrow alone might not notice
    path.write_bytes(bytes(data))


def corrupt_delete(path: Path) -> None:
    path.unlink()


def corrupt_schema(path: Path) -> None:
    table = pq.read_table(path)
    table = table.append_column("extra", pa.array([1] * table.num_rows))
    pq.write_table(table, path)


def corrupt_garbage(path: Path) -> None:
    path.write_bytes(b"this is not parquet")


FAULTS: dict[str, Callable[[Path], None]] = {
    "truncated": corrupt_truncate,
    "zeroed": corrupt_zero,
    "bit-flipped": corrupt_flip,
    "missing": corrupt_delete,
    "schema-changed": corrupt_schema,
    "garbage": corrupt_garbage,
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("table", ["observations", "facts", "sources"])
def test_corrupt_table_keeps_last_good_data(
    tables_dir: Path, caplog: pytest.LogCaptureFixture, fault: str, table: str
) -> None:
    store = DataStore(tables_dir)
    good = store.get().tables
    assert good is not None
    path = table_file(tables_dir, table)
    FAULTS[fault](path)
    if path.exists():
        touch_later(path)
    with caplog.at_level(logging.WARNING, logger="dashboard.data"):
        state = store.get()
    assert state.tables is good  # the last good data, untouched
    assert state.problem is not None and path.name in state.problem
    assert str(tables_dir.parent) not in state.problem  # no server paths in the banner
    assert any(path.name in r.getMessage() for r in caplog.records)  # the reason is logged


@pytest.mark.parametrize("fault", list(FAULTS))
def test_corrupt_at_start_gives_banner_and_no_data(tables_dir: Path, fault: str) -> None:
    FAULTS[fault](table_file(tables_dir, "observations"))
    state = DataStore(tables_dir).get()
    assert state.tables is None
    assert state.problem and "integrity" in state.problem


@pytest.mark.parametrize(
    "manifest",
    [b"", b"{not json", b"[]", json.dumps({"run_id": "x"}).encode()],
    ids=["empty", "invalid", "array", "incomplete"],
)
def test_broken_manifest_keeps_last_good_data(tables_dir: Path, manifest: bytes) -> None:
    store = DataStore(tables_dir)
    good = store.get().tables
    (tables_dir / "manifest.json").write_bytes(manifest)
    touch_later(tables_dir / "manifest.json")
    state = store.get()
    assert state.tables is good and state.problem


def test_corrupt_change_report_keeps_last_good_data(tables_dir: Path) -> None:
    store = DataStore(tables_dir)
    good = store.get().tables
    manifest = json.loads((tables_dir / "manifest.json").read_text())
    changes = tables_dir / manifest["files"]["changes.json"]["file"]
    changes.write_text('{"run_id": "forged"}')
    touch_later(changes)
    state = store.get()
    assert state.tables is good and state.problem and changes.name in state.problem


def test_new_run_is_picked_up_and_problem_clears(
    tables_dir: Path, make_tables: Callable[..., Path]
) -> None:
    store = DataStore(tables_dir)
    seen: list[str] = []
    store.on_new_run = lambda tables: seen.append(tables.run_id)
    assert store.get().run_id == FIRST
    corrupt_flip(table_file(tables_dir, "facts"))
    touch_later(table_file(tables_dir, "facts"))
    assert store.get().problem is not None
    make_tables(tables_dir, run_id=SECOND, previous_run_id=FIRST, drop_facts=("f05",))
    state = store.get()
    assert state.problem is None
    assert state.tables is not None and state.tables.run_id == SECOND
    assert "f05" not in set(state.tables.facts["fact_id"])
    assert seen == [FIRST, SECOND]


def test_restored_file_clears_the_problem_with_the_same_run(tables_dir: Path) -> None:
    store = DataStore(tables_dir)
    good = store.get().tables
    path = table_file(tables_dir, "derived")
    backup = path.read_bytes()
    corrupt_truncate(path)
    touch_later(path)
    assert store.get().problem
    path.write_bytes(backup)
    touch_later(path)
    state = store.get()
    assert state.problem is None and state.tables is good  # memo kept for the same run


def test_tables_directory_removed_after_start(tables_dir: Path) -> None:
    store = DataStore(tables_dir)
    good = store.get().tables
    shutil.rmtree(tables_dir)
    state = store.get()
    assert state.tables is good and state.problem and "no published tables" in state.problem


def test_evidence_from_the_local_cache(
    tables_dir: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    write = request.getfixturevalue("evidence_writer")
    written = write(tmp_path / "cache")
    tables = DataStore(tables_dir, tmp_path / "cache").get().tables
    assert tables is not None
    assert tables.evidence() == written
    no_cache = DataStore(tables_dir, tmp_path / "absent").get().tables
    assert no_cache is not None and no_cache.evidence() == {}
