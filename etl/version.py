"""The extractor version: the package version plus a digest of the rules that make facts.

Any edit to the recognisers, the linker or the catalog/cue data changes it, so cached
extractions (keyed by document sha256 and this version) are never reused across rule changes.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from etl.facts.catalog import DATA_DIR

PACKAGE_VERSION = "0.1.0"
#: The modules whose code decides which facts come out of a document.
_RULE_MODULES = ("model.py", *(f"facts/{name}" for name in (
    "load.py", "text.py", "quantities.py", "periods.py", "prefilter.py", "cues.py",
    "roles.py", "frames.py", "timing.py", "entities.py", "link.py", "extract.py", "reporters.py",
    "scan.py", "relevance.py",
)))  # fmt: skip
_RULE_DATA = ("metrics.yaml", "cues.yaml", "reporters.yaml")


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in [here / name for name in _RULE_MODULES] + [DATA_DIR / n for n in _RULE_DATA]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return f"{PACKAGE_VERSION}+{digest.hexdigest()[:10]}"
