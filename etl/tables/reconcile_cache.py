"""The last run's reconciled observations, kept beside the extraction cache, so a refresh
reconciles again only the keys whose facts changed.

`<cache>/reconcile/<fingerprint>.json` holds every observation the last run worked out
(across all rounds of `etl.tables.consistency.judge`), by a digest of everything that
decided it: its key, its candidates in order (every field) and the levels documents imply
for it (`etl.tables.reconcile.signature_digest`). A refresh that adds one article to a corpus of
thousands changes the candidates of a few keys; every other key finds its observation here.

The fingerprint is a digest of the modules whose code decides an observation, so an entry
is never reused across a change of the rules. An entry is used only when the digest of
the new signature equals its own, so a stale or foreign entry can only go unused, never
decide a figure. JSON, not pickle: a cache file must not be able to run code. A file that
cannot be read or does not fit is ignored (the run reconciles everything and rewrites it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from etl.tables.reconcile import ConsensusMemo, Observation

CACHE_FORMAT = 1
#: The modules whose code decides an observation from its candidates.
_DECIDING_MODULES = ("reconcile.py", "figures.py", "period_kinds.py", "reconcile_cache.py")
_OBSERVATION_FIELDS = tuple(f.name for f in dataclasses.fields(Observation))


@cache
def fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _DECIDING_MODULES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / "reconcile" / f"{fingerprint()}.json"


def _encode(entries: dict[str, Observation]) -> bytes:
    data = {
        "format": CACHE_FORMAT,
        "fingerprint": fingerprint(),
        "observation_fields": list(_OBSERVATION_FIELDS),
        "entries": {
            digest: [getattr(observation, name) for name in _OBSERVATION_FIELDS]
            for digest, observation in entries.items()
        },
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode(data: dict[str, Any]) -> dict[str, Observation]:
    return {
        digest: Observation(**dict(zip(_OBSERVATION_FIELDS, record, strict=True)))
        for digest, record in data["entries"].items()
    }


def load_memo(cache_dir: Path | None) -> ConsensusMemo:
    """The memo of the last run (empty when there is none, or it does not fit)."""
    if cache_dir is None:
        return ConsensusMemo()
    path = cache_path(cache_dir)
    try:
        data = json.loads(path.read_bytes())
        fits = (
            isinstance(data, dict)
            and data.get("format") == CACHE_FORMAT
            and data.get("fingerprint") == fingerprint()
            and data.get("observation_fields") == list(_OBSERVATION_FIELDS)
        )
        return ConsensusMemo(_decode(data) if fits else None)
    except FileNotFoundError:
        return ConsensusMemo()
    except (OSError, ValueError, TypeError, KeyError, IndexError) as exc:
        print(f"reconcile cache {path} unreadable ({exc}); rebuilding it", file=sys.stderr)
        return ConsensusMemo()


def save_memo(cache_dir: Path | None, memo: ConsensusMemo) -> None:
    """Keep what this run reconciled for the next (atomically; other fingerprints' files
    are removed: they can never match again). Nothing is written when nothing changed."""
    if cache_dir is None or not memo.changed():
        return
    folder = cache_path(cache_dir).parent
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_encode(memo.used))
        os.replace(tmp, cache_path(cache_dir))
        tmp = None
        for other in folder.glob("*.json"):
            if other != cache_path(cache_dir):
                other.unlink(missing_ok=True)
    except OSError as exc:  # the memo only saves time: the refresh stands without it
        print(f"reconcile cache not written ({exc})", file=sys.stderr)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
