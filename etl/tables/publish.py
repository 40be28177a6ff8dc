"""Atomic publication of the tables, and verified reading of them.

On-disk layout of a tables directory (`data/tables/`, committed to git):

    manifest.json                      the commit point: names every file of the current run
    sources-<sha16>.parquet            one file per table, named by the first 16 hex digits
    facts-<sha16>.parquet              of its own sha256 (content-addressed, never rewritten)
    observations-<sha16>.parquet
    derived-<sha16>.parquet
    checks-<sha16>.parquet
    changes-<sha16>.json               the change report of the run (and of up to
                                       HISTORY_RETENTION - 1 earlier runs, `earlier_changes`)
    history-<sha16>.json               every published run: id, time, inputs, counts, report

Why this scheme: a run stages its files in a temporary directory beside the output
(`.tables-tmp-<run_id>`, same filesystem), validates them, writes its manifest there last,
moves the table files in (new names, so no file of the current run is ever touched), and
then replaces `manifest.json` with one `os.replace` — atomic on POSIX. Until that instant
readers see the old manifest and the old files, byte for byte; after it, the new ones. A
SIGKILL at any moment therefore leaves a manifest whose hashes match its files; files of an
interrupted run that were moved in but never named by a manifest are removed by the next
run. Files of the previous run are removed right after the swap; a reader that read the
old manifest a moment before retries with the new one (`load_verified_tables`). It is a
plain directory, so a fresh clone works anywhere, and unchanged tables keep their file
names, so git shows only the tables that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from etl.tables import schema, upgrade

MANIFEST_NAME = "manifest.json"
CHANGES_NAME = "changes.json"
HISTORY_NAME = "history.json"
#: The change reports of this many most recent runs stay beside the tables (the history
#: lists every run; an older run's report file is garbage-collected past this).
HISTORY_RETENTION = 20
MANIFEST_FORMAT = 1
#: Content-addressed file names: `<table>-<16 hex>.parquet` or `changes-<16 hex>.json`.
HASH_DIGITS = 16
PUBLISHED_FILE = re.compile(r"\A(?P<stem>[a-z_]+)-(?P<digest>[0-9a-f]{16})\.(?:parquet|json)\Z")
STAGE_PREFIX = "-tmp-"
#: Run ids are UTC timestamps to the microsecond: they sort as strings and as times.
RUN_ID_FORMAT = "%Y%m%dT%H%M%S%fZ"
#: How often a reader re-reads the manifest when a newer run replaced files under it.
READ_ATTEMPTS = 5
#: Parquet options fixed here so that equal tables always give equal bytes and hashes.
PARQUET_OPTIONS: dict[str, Any] = {"compression": "zstd", "use_dictionary": True}


class TableIntegrityError(Exception):
    """A tables directory that cannot be trusted; the message names the file and why."""


class PublishLockedError(Exception):
    """Another run holds the lock of this output directory."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---- reading -----------------------------------------------------------------------------


def _check_file_name(name: Any, where: str) -> str:
    # The manifest names files; never let it name a path outside the directory.
    if not isinstance(name, str) or not PUBLISHED_FILE.match(name):
        raise TableIntegrityError(f"{MANIFEST_NAME}: {where} names an invalid file {name!r}")
    return name


def read_manifest(tables_dir: Path) -> dict[str, Any]:
    """The manifest of the current run, structurally checked (files are not read here)."""
    path = Path(tables_dir) / MANIFEST_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise TableIntegrityError(f"{path}: missing (no published run)") from exc
    except OSError as exc:
        raise TableIntegrityError(f"{path}: unreadable ({exc.strerror or exc})") from exc
    try:
        manifest = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TableIntegrityError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise TableIntegrityError(f"{path}: not a JSON object")
    for key in ("run_id", "tables", "files"):
        if key not in manifest:
            raise TableIntegrityError(f"{path}: no {key!r}")
    tables = manifest["tables"]
    if not isinstance(tables, dict) or not upgrade.table_set_ok(set(tables)):
        raise TableIntegrityError(
            f"{path}: tables {sorted(tables) if isinstance(tables, dict) else tables!r} "
            f"are not {sorted(schema.TABLES)}"
        )
    for name, entry in tables.items():
        if not isinstance(entry, dict) or not {"file", "rows", "sha256"} <= set(entry):
            raise TableIntegrityError(f"{path}: entry for {name} lacks file, rows or sha256")
        _check_file_name(entry["file"], f"table {name}")
    changes = manifest["files"].get(CHANGES_NAME) if isinstance(manifest["files"], dict) else None
    if not isinstance(changes, dict) or not {"file", "sha256"} <= set(changes):
        raise TableIntegrityError(f"{path}: no entry for {CHANGES_NAME}")
    _check_file_name(changes["file"], CHANGES_NAME)
    history = manifest["files"].get(HISTORY_NAME)  # absent from manifests before history
    if history is not None:
        if not isinstance(history, dict) or not {"file", "sha256"} <= set(history):
            raise TableIntegrityError(f"{path}: entry for {HISTORY_NAME} lacks file or sha256")
        _check_file_name(history["file"], HISTORY_NAME)
    earlier = manifest.get("earlier_changes", {})
    if not isinstance(earlier, dict):
        raise TableIntegrityError(f"{path}: earlier_changes is not an object")
    for run, entry in earlier.items():
        if not isinstance(entry, dict) or not {"file", "sha256"} <= set(entry):
            raise TableIntegrityError(f"{path}: earlier change report of {run} lacks file")
        _check_file_name(entry["file"], f"earlier change report of {run}")
    return manifest


def referenced_files(manifest: Mapping[str, Any]) -> dict[str, str]:
    """File name → sha256 of every file a manifest names."""
    files = {entry["file"]: entry["sha256"] for entry in manifest["tables"].values()}
    for entry in manifest["files"].values():
        files[entry["file"]] = entry["sha256"]
    for entry in manifest.get("earlier_changes", {}).values():
        files[entry["file"]] = entry["sha256"]
    return files


class _Vanished(Exception):
    """A file named by the manifest is gone: maybe a newer run replaced it meanwhile."""


def _verified_bytes(tables_dir: Path, file: str, sha256: str) -> bytes:
    path = tables_dir / file
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise _Vanished(file) from exc
    except OSError as exc:
        raise TableIntegrityError(f"{path}: unreadable ({exc.strerror or exc})") from exc
    actual = sha256_bytes(data)
    if actual != sha256:
        raise TableIntegrityError(
            f"{path}: sha256 {actual[:12]}… does not match the manifest's {str(sha256)[:12]}… "
            f"({len(data)} bytes; truncated, altered or replaced)"
        )
    return data


def _parse_table(
    name: str, entry: Mapping[str, Any], data: bytes, path: Path, version: str | None = None
) -> pa.Table:
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise TableIntegrityError(f"{path}: not a readable Parquet file ({exc})") from exc
    expected = schema.TABLES[name]
    if not table.schema.equals(expected, check_metadata=False):
        if not upgrade.upgradable(name, table):
            raise TableIntegrityError(f"{path}: schema of {name} differs from etl/tables/schema.py")
        table = upgrade.upgrade(name, table, version)  # published before a column was added
    if table.num_rows != entry["rows"]:
        raise TableIntegrityError(
            f"{path}: {table.num_rows} rows, the manifest says {entry['rows']}"
        )
    return table


def _load_once(tables_dir: Path) -> tuple[dict[str, Any], dict[str, pa.Table]]:
    manifest = read_manifest(tables_dir)
    tables = {}
    for name, entry in manifest["tables"].items():
        # Hash first, then parse the very bytes that were hashed: pyarrow would read a
        # flipped data byte silently, and re-opening the file could read a different one.
        data = _verified_bytes(tables_dir, entry["file"], entry["sha256"])
        tables[name] = _parse_table(
            name, entry, data, tables_dir / entry["file"], manifest.get("extractor_version")
        )
    return manifest, upgrade.add_tables(tables)


def load_verified_tables(tables_dir: Path) -> tuple[dict[str, Any], dict[str, pa.Table]]:
    """The manifest and every table, each checked against the manifest's sha256 (before
    parsing), the schemas of `etl.tables.schema` and the row counts. Raises TableIntegrityError."""
    tables_dir = Path(tables_dir)
    for _ in range(READ_ATTEMPTS):
        run_id = read_manifest(tables_dir)["run_id"]
        try:
            return _load_once(tables_dir)
        except _Vanished as vanished:
            if read_manifest(tables_dir)["run_id"] != run_id:
                continue  # a newer run was published while we read: read that one
            raise TableIntegrityError(
                f"{tables_dir / str(vanished)}: missing (named by {MANIFEST_NAME})"
            ) from vanished
    raise TableIntegrityError(f"{tables_dir}: runs kept replacing each other while reading")


def load_changes(tables_dir: Path) -> dict[str, Any]:
    """The change report of the current run, checked against the manifest."""
    tables_dir = Path(tables_dir)
    for _ in range(READ_ATTEMPTS):
        manifest = read_manifest(tables_dir)
        entry = manifest["files"][CHANGES_NAME]
        try:
            data = _verified_bytes(tables_dir, entry["file"], entry["sha256"])
        except _Vanished:
            continue
        report: dict[str, Any] = json.loads(data)
        return report
    raise TableIntegrityError(f"{tables_dir}: {CHANGES_NAME} missing")


def _load_json_file(tables_dir: Path, entry: Mapping[str, Any]) -> Any:
    return json.loads(_verified_bytes(tables_dir, entry["file"], entry["sha256"]))


def load_history(tables_dir: Path) -> list[dict[str, Any]]:
    """Every published run, oldest first (empty for tables published before history)."""
    tables_dir = Path(tables_dir)
    for _ in range(READ_ATTEMPTS):
        manifest = read_manifest(tables_dir)
        entry = manifest["files"].get(HISTORY_NAME)
        if entry is None:
            return []
        try:
            history = _load_json_file(tables_dir, entry)
        except _Vanished:
            continue
        if not isinstance(history, list):
            raise TableIntegrityError(f"{tables_dir / entry['file']}: not a list of runs")
        return history
    raise TableIntegrityError(f"{tables_dir}: {HISTORY_NAME} missing")


def load_report(
    tables_dir: Path, manifest: Mapping[str, Any], run_id: str
) -> dict[str, Any] | None:
    """The change report of the current run or of a retained earlier one (None when its
    file was garbage-collected), checked against the manifest's sha256."""
    if run_id == manifest["run_id"]:
        entry = manifest["files"][CHANGES_NAME]
    else:
        entry = manifest.get("earlier_changes", {}).get(run_id)
        if entry is None:
            return None
    try:
        report = _load_json_file(Path(tables_dir), entry)
    except _Vanished:
        return None
    return report if isinstance(report, dict) else None


# ---- run ids and the lock ----------------------------------------------------------------


def new_run_id(previous: str | None, now: datetime | None = None) -> str:
    """A UTC timestamp id, strictly after `previous` even if the clock went backwards."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    if previous:
        try:
            before = datetime.strptime(previous, RUN_ID_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            before = None
        if before is not None and moment <= before:
            moment = before + timedelta(microseconds=1)
    return moment.strftime(RUN_ID_FORMAT)


def lock_path(out: Path) -> Path:
    """`data/tables` → `data/tables.lock` (beside the output, git-ignored)."""
    return out.with_name(out.name + ".lock")


@contextmanager
def exclusive_lock(out: Path) -> Iterator[None]:
    """Hold the output's lock for the block, or fail at once if another run holds it.

    An OS file lock (flock): the kernel releases it when the holder dies, even by SIGKILL.
    """
    path = lock_path(Path(out))
    lock = FileLock(path, blocking=False, preserve_lock_file=True)
    try:
        lock.acquire()
    except Timeout as exc:
        raise PublishLockedError(
            f"another refresh is writing {out} (lock {path} is held); try again when it ends"
        ) from exc
    try:
        yield
    finally:
        lock.release()


# ---- writing -----------------------------------------------------------------------------


def table_bytes(table: pa.Table) -> bytes:
    """Parquet bytes of a table; deterministic for equal tables."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return bytes(sink.getvalue().to_pybytes())


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def content_name(stem: str, data: bytes, suffix: str) -> tuple[str, str]:
    digest = sha256_bytes(data)
    return f"{stem}-{digest[:HASH_DIGITS]}{suffix}", digest


def stage_dir(out: Path, run_id: str) -> Path:
    return out.with_name(f".{out.name}{STAGE_PREFIX}{run_id}")


def stage_run(
    out: Path,
    run_id: str,
    tables: Mapping[str, pa.Table],
    changes: Mapping[str, Any],
    manifest_fields: Mapping[str, Any],
    history: Sequence[Mapping[str, Any]] | None = None,
) -> Path:
    """Write the run into a temporary directory beside `out`, the manifest last; return it.

    `history`: the run history ending with this run's entry (its report is filled in here);
    the change reports of the last HISTORY_RETENTION runs are kept, older ones let go."""
    stage = stage_dir(out, run_id)
    stage.mkdir(parents=True)
    table_entries: dict[str, dict[str, Any]] = {}
    for name in schema.TABLES:
        data = table_bytes(tables[name])
        file, digest = content_name(name, data, ".parquet")
        _write_durably(stage / file, data)
        table_entries[name] = {"file": file, "rows": tables[name].num_rows, "sha256": digest}
    changes_data = json_bytes(dict(changes))
    changes_file, changes_digest = content_name("changes", changes_data, ".json")
    _write_durably(stage / changes_file, changes_data)
    files = {CHANGES_NAME: {"file": changes_file, "sha256": changes_digest}}
    earlier: dict[str, Any] = {}
    if history is not None:
        runs = retain_reports([*history[:-1], {**history[-1], "report": files[CHANGES_NAME]}])
        earlier = {run["run_id"]: run["report"] for run in runs[:-1] if run.get("report")}
        history_data = json_bytes(runs)
        history_file, history_digest = content_name("history", history_data, ".json")
        if not (stage / history_file).exists():
            _write_durably(stage / history_file, history_data)
        files[HISTORY_NAME] = {"file": history_file, "sha256": history_digest}
    manifest = {
        **manifest_fields,
        "run_id": run_id,
        "tables": table_entries,
        "files": files,
        **({"earlier_changes": earlier} if history is not None else {}),
    }
    # What was written must read back as what was validated before it may be named.
    _load_once_from(stage, manifest)
    _write_durably(stage / MANIFEST_NAME, json_bytes(manifest))
    _fsync_dir(stage)
    return stage


def retain_reports(runs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The runs with the report of each run older than the last HISTORY_RETENTION let go
    (set to None); the runs themselves all stay listed."""
    keep_from = len(runs) - HISTORY_RETENTION
    return [{**run, "report": run.get("report") if i >= keep_from else None}
            for i, run in enumerate(runs)]  # fmt: skip


def _load_once_from(directory: Path, manifest: Mapping[str, Any]) -> None:
    for name, entry in manifest["tables"].items():
        data = _verified_bytes(directory, entry["file"], entry["sha256"])
        _parse_table(name, entry, data, directory / entry["file"])


def _current_files(out: Path) -> dict[str, str] | None:
    try:
        return referenced_files(read_manifest(out))
    except TableIntegrityError:
        return None


def collect_garbage(out: Path, keep: Mapping[str, str]) -> list[str]:
    """Remove published-looking files that the manifest does not name; return their names."""
    removed = []
    for path in sorted(out.iterdir()):
        if PUBLISHED_FILE.match(path.name) and path.name not in keep and path.is_file():
            path.unlink()
            removed.append(path.name)
    return removed


def remove_stale_stages(out: Path) -> None:
    """Temporary directories of runs that died (only called while holding the lock)."""
    prefix = f".{out.name}{STAGE_PREFIX}"
    for path in out.parent.glob(f"{prefix}*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def publish_staged(out: Path, stage: Path, on_stage: Callable[[str], None] | None = None) -> None:
    """Swap a staged run in: move its files beside the current ones, then replace the
    manifest atomically (the commit point), then drop files no manifest names."""
    manifest = json.loads((stage / MANIFEST_NAME).read_bytes())
    out.mkdir(parents=True, exist_ok=True)
    incoming = referenced_files(manifest)
    for file, digest in incoming.items():
        target = out / file
        if target.is_file() and sha256_file(target) == digest:
            (stage / file).unlink(missing_ok=True)  # an unchanged table keeps its file;
            continue  # an earlier run's change report was never staged
        os.replace(stage / file, target)
    _fsync_dir(out)
    if on_stage:
        on_stage("swap")
    os.replace(stage / MANIFEST_NAME, out / MANIFEST_NAME)
    _fsync_dir(out)
    collect_garbage(out, incoming)
    shutil.rmtree(stage, ignore_errors=True)


def publish(
    out: Path,
    run_id: str,
    tables: Mapping[str, pa.Table],
    changes: Mapping[str, Any],
    manifest_fields: Mapping[str, Any],
    on_stage: Callable[[str], None] | None = None,
    history: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Stage, swap in and return the new manifest; on any failure, clean up and re-raise
    with the previous run untouched. The caller holds `exclusive_lock(out)`.
    `on_stage` is called after `write` (staged) and `swap` (moved in, not yet named)."""
    stage: Path | None = None
    try:
        stage = stage_run(out, run_id, tables, changes, manifest_fields, history)
        if on_stage:
            on_stage("write")
        publish_staged(out, stage, on_stage)
    except BaseException:
        abandon(out, stage)
        raise
    return read_manifest(out)


def abandon(out: Path, stage: Path | None) -> None:
    """After a failed run: drop its stage and any of its files moved in but never named."""
    if stage is not None:
        shutil.rmtree(stage, ignore_errors=True)
    if out.is_dir():
        current = _current_files(out)
        if current is not None or not (out / MANIFEST_NAME).exists():
            collect_garbage(out, current or {})
