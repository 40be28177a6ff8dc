"""What the extractor read off its patterns, kept beside the extraction cache.

Loading the extraction rules parses hundreds of regular expressions to find where their
matches can start (`etl.facts.scan`), what they begin with across spaces (`etl.facts.leads`)
and which words they begin with (`etl.facts.prefilter`).
A refresh that extracts one new article in this process pays that every time; with the
analyses of the last run loaded first it pays only for compiling. `<cache>/patterns/
<fingerprint>.json` holds them by (analysis, pattern source, flags); the fingerprint is a
digest of the code that works them out and of the Python version (whose parser they read),
so an analysis is never reused across a change of either. A file that cannot be read or
does not fit is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from etl.facts import prefilter

CACHE_FORMAT = 1
_ANALYSING_MODULES = ("leads.py", "prefilter.py", "scan.py")


@cache
def fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    facts = Path(prefilter.__file__).resolve().parent
    for name in _ANALYSING_MODULES:
        digest.update(name.encode())
        digest.update((facts / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / "patterns" / f"{fingerprint()}.json"


def _fits(entry: Any) -> bool:
    if not (isinstance(entry, list) and len(entry) == 4):
        return False
    kind, source, flags, value = entry
    return (
        isinstance(kind, str)
        and isinstance(source, str)
        and isinstance(flags, int)
        and (value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value)))
    )


def load_analyses(cache_dir: Path) -> int:
    """Load the analyses an earlier run kept (how many: 0 when there are none usable)."""
    path = cache_path(cache_dir)
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return 0
    except (OSError, ValueError) as exc:
        print(f"pattern cache {path} unreadable ({exc}); rebuilding it", file=sys.stderr)
        return 0
    entries = data.get("entries") if isinstance(data, dict) else None
    usable = (
        data.get("format") == CACHE_FORMAT
        and data.get("fingerprint") == fingerprint()
        and isinstance(entries, list)
        and all(_fits(entry) for entry in entries)
    )
    if not usable or not isinstance(entries, list):
        return 0
    prefilter.add_analyses([(kind, source, flags, value) for kind, source, flags, value in entries])
    return len(entries)


def save_analyses(cache_dir: Path, worked_out_before: int) -> None:
    """Keep this process's analyses if it worked any out since `worked_out_before`
    (`prefilter.analyses_added()` then); atomically, other fingerprints' files removed."""
    if prefilter.analyses_added() == worked_out_before:
        return
    path = cache_path(cache_dir)
    data = {
        "format": CACHE_FORMAT,
        "fingerprint": fingerprint(),
        "entries": [list(entry) for entry in prefilter.known_analyses()],
    }
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
        os.replace(tmp, path)
        tmp = None
        for other in path.parent.glob("*.json"):
            if other != path:
                other.unlink(missing_ok=True)
    except OSError as exc:  # the cache only saves time
        print(f"pattern cache not written ({exc})", file=sys.stderr)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
