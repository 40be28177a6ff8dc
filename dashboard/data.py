"""The one data-access layer of the dashboard.

Every page load, callback and download asks `DataStore.get()` for the tables. That call is
cheap: it stats the manifest and the files it names, and only when one of them changed does
it read the manifest, verify every table against its sha256
(`etl.tables.publish.load_verified_tables`) and swap in the new run. Tables are cached by run
id. When the tables are missing, truncated, bit-flipped or otherwise unreadable, the store
keeps serving the last good run it had and
reports a one-line reason for the banner; it never raises to the caller.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd
import pyarrow as pa

from etl.tables.basis import is_primary
from etl.tables.publish import (
    CHANGES_NAME,
    MANIFEST_NAME,
    TableIntegrityError,
    load_history,
    load_report,
    load_verified_tables,
    sha256_bytes,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
TABLE_NAMES: tuple[str, ...] = (
    "sources",
    "facts",
    "observations",
    "derived",
    "checks",
    "flags",
    "reviews",
)

#: A file's identity for change detection: (inode, size, mtime in ns), or None when absent.
FileSig = tuple[int, int, int] | None


@dataclass(frozen=True)
class Tables:
    """One verified run of the published tables, as DataFrames (read-only by convention)."""

    run_id: str
    created_at: str
    manifest: Mapping[str, Any]
    frames: Mapping[str, pd.DataFrame]
    arrow: Mapping[str, pa.Table]
    changes: Mapping[str, Any] | None
    cache_dir: Path | None = None
    #: Every published run, oldest first, and the change reports still retained, by run id.
    history: Sequence[Mapping[str, Any]] = ()
    reports: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    _evidence: dict[tuple[str, str], str] | None = field(default=None, repr=False, compare=False)
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def memo(self, key: Hashable, factory: Callable[[], T]) -> T:
        """A value computed once per run (rows, rendered cards): tables never change in place.

        Keys come from allow-listed chart ids and validated states, so the memo is bounded.
        """
        with self._memo_lock:
            if key in self._memo:
                return cast(T, self._memo[key])
        value = factory()
        with self._memo_lock:
            return cast(T, self._memo.setdefault(key, value))

    @property
    def sources(self) -> pd.DataFrame:
        return self.frames["sources"]

    @property
    def facts(self) -> pd.DataFrame:
        return self.frames["facts"]

    @property
    def observations(self) -> pd.DataFrame:
        """One series per metric: trade on the primary reporting basis (Chinese customs);
        the other basis is in `observations_all` (data/README.md, Reporting basis)."""

        def build() -> pd.DataFrame:
            frame = self.frames["observations"]
            if "basis" not in frame:
                return frame
            return frame[frame["basis"].map(is_primary).astype(bool)].reset_index(drop=True)

        return self.memo("observations_primary", build)

    @property
    def observations_all(self) -> pd.DataFrame:
        """Every observation, each reporting basis its own series."""
        return self.frames["observations"]

    @property
    def derived(self) -> pd.DataFrame:
        return self.frames["derived"]

    @property
    def checks(self) -> pd.DataFrame:
        return self.frames["checks"]

    @property
    def extractor_version(self) -> str:
        return str(self.manifest.get("extractor_version") or "")

    def source_records(self) -> dict[str, dict[str, Any]]:
        """Citation fields per document id (computed once per run)."""

        def build() -> dict[str, dict[str, Any]]:
            out: dict[str, dict[str, Any]] = {}
            for row in self.sources.to_dict(orient="records"):
                out[str(row["doc"])] = {str(k): _clean(v) for k, v in row.items()}
            return out

        return self.memo("source_records", build)

    def evidence(self) -> dict[tuple[str, str], str]:
        """(doc, sentence_sha256) → evidence sentence, from the local cache (may be empty)."""
        if self._evidence is None:
            loaded: dict[tuple[str, str], str] = {}
            if self.cache_dir is not None:
                try:
                    from etl.tables.cache import load_evidence

                    loaded = dict(load_evidence(self.cache_dir))
                except Exception as exc:  # the cache is optional: never fail a page over it
                    log.warning("evidence cache unreadable at %s: %s", self.cache_dir, exc)
            object.__setattr__(self, "_evidence", loaded)
        assert self._evidence is not None
        return self._evidence


@dataclass(frozen=True)
class DataState:
    """What a request sees: the last good tables (or None) and why there is a banner."""

    tables: Tables | None
    problem: str | None
    tables_dir: Path

    @property
    def run_id(self) -> str | None:
        return self.tables.run_id if self.tables else None


def _clean(value: Any) -> Any:
    """NaN/NA → None, numpy scalars → Python scalars."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def _sig(path: Path) -> FileSig:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _manifest_files(manifest: Mapping[str, Any]) -> list[str]:
    """The files a (verified) manifest names: the tables and the change report."""
    names: list[str] = []
    for group in ("tables", "files"):
        entries = manifest.get(group)
        if isinstance(entries, Mapping):
            for spec in entries.values():
                if isinstance(spec, Mapping) and isinstance(spec.get("file"), str):
                    names.append(spec["file"])
    return names


class DataStore:
    """Thread-safe, lazily refreshed access to the published tables of one directory."""

    def __init__(self, tables_dir: Path, cache_dir: Path | None = None) -> None:
        self.tables_dir = Path(tables_dir)
        self.cache_dir = cache_dir
        self._lock = threading.Lock()
        self._good: Tables | None = None
        self._problem: str | None = None
        self._signature: tuple[tuple[str, FileSig], ...] | None = None
        self._watched: list[str] = []
        #: Called (with the new tables) whenever a new run is loaded, e.g. to pre-render.
        self.on_new_run: Callable[[Tables], None] | None = None

    # -- change detection ----------------------------------------------------------------
    def _signature_now(self) -> tuple[tuple[str, FileSig], ...]:
        names = [MANIFEST_NAME, *self._watched]
        return tuple((name, _sig(self.tables_dir / name)) for name in names)

    def get(self) -> DataState:
        """The current state; reloads only when a watched file changed since the last call."""
        signature = self._signature_now()
        if signature != self._signature:
            with self._lock:
                signature = self._signature_now()
                if signature != self._signature:
                    self._reload()
        return DataState(tables=self._good, problem=self._problem, tables_dir=self.tables_dir)

    # -- loading -------------------------------------------------------------------------
    def _reload(self) -> None:
        """Load and verify; on failure keep the last good run and record why (never raises)."""
        for _attempt in range(2):  # a refresh may swap files under us once: retry
            before = self._signature_now()
            try:
                tables = self._load()
            except Exception as exc:
                reason = self._describe(exc)
                after = self._signature_now()
                if after != before:
                    continue
                self._fail(reason, before)
                return
            self._watched = _manifest_files(tables.manifest)
            self._signature = self._signature_now()
            new_run = self._good is None or self._good.run_id != tables.run_id
            if new_run:
                log.info("serving tables run %s from %s", tables.run_id, self.tables_dir)
            self._good = tables
            self._problem = None
            if new_run and self.on_new_run is not None:
                self.on_new_run(tables)
            return
        self._fail("the tables changed while being read; will retry", self._signature_now())

    def _fail(self, reason: str, signature: tuple[tuple[str, FileSig], ...]) -> None:
        # the page shows the reason without the server's directory layout; the log has it all
        shown = reason.replace(str(self.tables_dir), self.tables_dir.name)
        if shown != self._problem:
            log.warning("tables at %s not usable: %s", self.tables_dir, reason)
        self._problem = shown
        self._signature = signature

    def _describe(self, exc: BaseException) -> str:
        if isinstance(exc, FileNotFoundError) or not (self.tables_dir / MANIFEST_NAME).exists():
            return f"no published tables found in {self.tables_dir} (run `make refresh`)"
        if isinstance(exc, TableIntegrityError):
            return f"the tables failed their integrity check ({exc})"
        if isinstance(exc, json.JSONDecodeError):
            return f"the manifest is not valid JSON ({exc.msg})"
        return f"the tables could not be read ({exc.__class__.__name__}: {exc})"

    def _load(self) -> Tables:
        manifest_path = self.tables_dir / MANIFEST_NAME
        if not manifest_path.is_file():
            raise FileNotFoundError(manifest_path)
        manifest, arrow = load_verified_tables(self.tables_dir)
        run_id = str(manifest.get("run_id") or "")
        if not run_id:
            raise TableIntegrityError("the manifest names no run_id")
        changes = self._load_changes(manifest)
        if self._good is not None and dict(self._good.manifest) == manifest:
            return self._good  # the same run re-verified (a file was touched or restored)
        missing = [name for name in TABLE_NAMES if name not in arrow]
        if missing:
            raise TableIntegrityError(f"missing table(s): {', '.join(missing)}")
        frames = {name: arrow[name].to_pandas() for name in TABLE_NAMES}
        history = load_history(self.tables_dir)
        reports = {
            str(run): report
            for run in manifest.get("earlier_changes", {})
            if (report := load_report(self.tables_dir, manifest, str(run))) is not None
        }
        return Tables(
            run_id=run_id,
            created_at=str(manifest.get("created_at") or ""),
            manifest=manifest,
            frames=frames,
            arrow=dict(arrow),
            changes=changes,
            cache_dir=self.cache_dir,
            history=history,
            reports=reports,
        )

    def _load_changes(self, manifest: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The run's change report, checked against the manifest's sha256."""
        files = manifest.get("files")
        entry = files.get(CHANGES_NAME) if isinstance(files, Mapping) else None
        if not isinstance(entry, Mapping):
            return None
        # read_manifest already checked that the name is a plain content-addressed file name
        path = self.tables_dir / str(entry["file"])
        raw = path.read_bytes()
        if sha256_bytes(raw) != entry.get("sha256"):
            raise TableIntegrityError(f"{path}: sha256 does not match the manifest")
        data = json.loads(raw)
        return data if isinstance(data, Mapping) else None
