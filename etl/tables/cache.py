"""The extraction cache: facts per document, keyed by its sha256 and the extractor version.

Layout: `<cache_dir>/facts/<extractor_version>/<sha[:2]>/<sha256>.json`, one JSON entry per
document. Entries hold the facts *with* their evidence sentences: the sentence lives only
here (the cache is git-ignored), never in committed tables, which carry its hash.

An entry is written to a temporary file and renamed, so a killed run leaves none half
written; an entry that is corrupt anyway (truncated, edited, a different model) is logged,
deleted and rebuilt by the next extraction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from etl.model import Document, Fact, sentence_hash

log = logging.getLogger(__name__)

#: Bumped when the entry layout changes; older entries are then misses, not errors.
CACHE_FORMAT = 1
#: Environment variable naming the cache directory (default: `cache` beside the output).
CACHE_DIR_ENV = "ETL_CACHE_DIR"
FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Fact))
_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


class CorruptEntry(Exception):
    """A cache entry that cannot be trusted."""


def default_cache_dir(out: Path) -> Path:
    """`$ETL_CACHE_DIR`, else `cache` beside the output (`data/tables` → `data/cache`)."""
    configured = os.environ.get(CACHE_DIR_ENV)
    return Path(configured) if configured else Path(out).parent / "cache"


def _digest(facts: list[dict[str, Any]]) -> str:
    canonical = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def encode_entry(doc: Document, version: str, facts: list[Fact]) -> bytes:
    records = [dataclasses.asdict(f) for f in facts]
    entry = {
        "format": CACHE_FORMAT,
        "fields": list(FACT_FIELDS),
        "extractor_version": version,
        "sha256": doc.sha256,
        "doc": doc.id,
        "facts": records,
        "digest": _digest(records),
    }
    return json.dumps(entry, ensure_ascii=False).encode("utf-8")


def _parse_entry(data: bytes) -> dict[str, Any]:
    try:
        entry = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptEntry(f"not valid JSON ({exc.__class__.__name__})") from exc
    if not isinstance(entry, dict) or not isinstance(entry.get("facts"), list):
        raise CorruptEntry("not a cache entry")
    if entry.get("digest") != _digest(entry["facts"]):
        raise CorruptEntry("facts do not match their digest")
    return entry


def decode_entry(data: bytes, doc: Document, version: str) -> list[Fact] | None:
    """The facts of an entry, None if it belongs to another format or model; raises
    CorruptEntry when it cannot be trusted."""
    entry = _parse_entry(data)
    if entry.get("format") != CACHE_FORMAT or entry.get("fields") != list(FACT_FIELDS):
        return None
    if entry.get("sha256") != doc.sha256 or entry.get("extractor_version") != version:
        raise CorruptEntry("entry is for another document or extractor version")
    try:
        facts = [Fact(**record) for record in entry["facts"]]
    except TypeError as exc:
        raise CorruptEntry(f"facts do not fit the model ({exc})") from exc
    # Same bytes under another file name (and so another default id): same facts, new id.
    return [f if f.doc == doc.id else dataclasses.replace(f, doc=doc.id) for f in facts]


class ExtractionCache:
    """Facts per (document sha256, extractor version) under one directory."""

    def __init__(self, root: Path, version: str) -> None:
        self.root = Path(root)
        self.version = version
        self.version_dir = self.root / "facts" / _UNSAFE.sub("_", version)
        self._version_text = str(self.version_dir)

    def path(self, sha256: str) -> Path:
        return Path(self.path_text(sha256))

    def path_text(self, sha256: str) -> str:
        """`path` as a string, for callers that only `stat` it (thousands of times)."""
        return os.path.join(self._version_text, sha256[:2], f"{sha256}.json")

    def get(self, doc: Document) -> list[Fact] | None:
        """Cached facts, or None on a miss (a corrupt entry is logged, removed: a miss)."""
        path = self.path(doc.sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("cache entry %s unreadable (%s); re-extracting", path, exc)
            return None
        try:
            return decode_entry(data, doc, self.version)
        except CorruptEntry as exc:
            log.warning("cache entry %s for %s is corrupt (%s); rebuilding it", path, doc.id, exc)
            path.unlink(missing_ok=True)
            return None

    def put(self, doc: Document, facts: list[Fact]) -> None:
        path = self.path(doc.sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(encode_entry(doc, self.version, facts))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune_other_versions(self, keep: Iterable[str] = ()) -> list[str]:
        """Drop entries of other extractor versions (they can never be hit again), except
        those of `keep`: versions whose facts are still published (carried over), whose
        evidence sentences the dashboard still shows."""
        removed = []
        parent = self.version_dir.parent
        kept = {self.version_dir.name, *(_UNSAFE.sub("_", version) for version in keep)}
        if parent.is_dir():
            for path in parent.iterdir():
                if path.is_dir() and path.name not in kept:
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(path.name)
        return removed


def _entries(cache_dir: Path) -> Iterator[Path]:
    facts_dir = Path(cache_dir) / "facts"
    if facts_dir.is_dir():
        yield from sorted(facts_dir.glob("*/*/*.json"))


def load_evidence(cache_dir: Path) -> dict[tuple[str, str], str]:
    """(doc, sentence_sha256) → evidence sentence, from every readable cache entry.

    For the dashboard: published facts carry `sentence_sha256`; the sentence is shown when
    this local cache has it. Empty when there is no cache; unreadable entries are skipped.
    """
    evidence: dict[tuple[str, str], str] = {}
    for path in _entries(cache_dir):
        try:
            entry = _parse_entry(path.read_bytes())
        except (OSError, CorruptEntry) as exc:
            log.debug("evidence: skipping %s (%s)", path, exc)
            continue
        for record in entry["facts"]:
            sentence = record.get("sentence") if isinstance(record, dict) else None
            if isinstance(sentence, str) and sentence and isinstance(record.get("doc"), str):
                evidence[(record["doc"], sentence_hash(sentence))] = sentence
    return evidence
