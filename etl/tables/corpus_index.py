"""What the last refresh knew about each file, so the next one reads only what changed.

One file per extractor version, `<cache>/index/<version>.json`, holds for every file of the
corpus: its stat signature (size, mtime_ns, ctime_ns, inode), its document without the text
(citation, id, sha256), its facts and the signature of its extraction-cache entry. A file
whose signature and cache entry are unchanged is neither read, hashed, parsed nor looked up
in the cache: its document and facts come from the index. Any other file is loaded and
goes through the cache as before, and the index is rewritten after the extraction stage.
A refresh after adding one article to a corpus of thousands so costs one file read, one
index read and a few thousand `stat` calls, not thousands of reads, hashes and parses.

Why a stat signature is enough: a write to a file changes its ctime, which no ordinary tool
can set back, and the size and mtime catch the rest; the signature is taken before the file
is read, so a file written during the run is read again next time. An index that cannot be
read or does not match this format is ignored (the run rebuilds it); it never decides a
figure on its own, since its facts are the cache's facts for the same bytes and version.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from etl.facts.load import DEFAULT_MAX_BYTES, load_document
from etl.model import Document, Fact
from etl.tables.cache import ExtractionCache

INDEX_FORMAT = 2
_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")
_DOC_FIELDS = tuple(f.name for f in dataclasses.fields(Document) if f.name != "text")
_FACT_FIELDS = tuple(f.name for f in dataclasses.fields(Fact))

Signature = list[int]


def signature(path: str | Path) -> Signature:
    """What changes whenever the file's bytes do."""
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


# Records are lists in the order of the field names the index file declares (smaller and
# faster to read than objects; a file declaring other fields is not used).
_PUBLISHED = _DOC_FIELDS.index("published")
_ID = _DOC_FIELDS.index("id")


def _doc_record(doc: Document) -> list[Any]:
    record = [getattr(doc, name) for name in _DOC_FIELDS]
    record[_PUBLISHED] = doc.published.isoformat() if doc.published else None
    return record


def _fact_record(fact: Fact) -> list[Any]:
    return [getattr(fact, name) for name in _FACT_FIELDS]


def _doc_from(record: Sequence[Any]) -> Document:
    fields = dict(zip(_DOC_FIELDS, record, strict=True))
    published = fields["published"]
    fields["published"] = date.fromisoformat(published) if published else None
    return Document(text="", **fields)


class CorpusIndex:
    """The index of one cache directory for one extractor version."""

    def __init__(self, cache: ExtractionCache, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.cache = cache
        self.dir = cache.root / "index"
        self.version = cache.version
        self.path = self.dir / f"{_UNSAFE.sub('_', self.version)}.json"
        self.max_bytes = max_bytes
        self._known: dict[str, dict[str, Any]] = self._read()
        self._seen: dict[str, Signature] = {}  # path → signature taken this run
        self._facts: dict[str, list[Fact]] = {}  # sha256 → facts, for documents from the index
        self._unchanged: dict[str, dict[str, Any]] = {}  # path → its entry, reused as it was

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            print(f"corpus index {self.path} unreadable ({exc}); rebuilding it", file=sys.stderr)
            return {}
        fits = (
            isinstance(data, dict)
            and data.get("format") == INDEX_FORMAT
            and data.get("extractor_version") == self.version
            and data.get("document_fields") == list(_DOC_FIELDS)
            and data.get("fact_fields") == list(_FACT_FIELDS)
            and isinstance(data.get("files"), dict)
        )
        return data["files"] if fits else {}

    def load(self, path: Path) -> Document:
        """The document at `path`: from the index when the file is unchanged (no text: it
        will not be extracted), else read and parsed."""
        key = str(path)
        try:
            current = signature(path)
        except OSError:
            return load_document(path, self.max_bytes)  # names the problem as a LoadError
        entry = self._known.get(key)
        if entry is not None and entry.get("signature") == current:
            try:
                doc = _doc_from(entry["document"])
                facts = [Fact(*record) for record in entry["facts"]]
                cached = self._entry_signature(doc.sha256)
            except (KeyError, TypeError, ValueError):
                cached = None  # an entry that does not fit: read the file
            if cached is not None and cached == entry.get("cache_entry"):
                self._seen[key] = current
                self._facts[doc.sha256] = facts
                self._unchanged[key] = entry
                return doc
        doc = load_document(path, self.max_bytes)
        self._seen[key] = current
        return doc

    def _entry_signature(self, sha256: str) -> Signature | None:
        """The signature of the document's cache entry: an entry rewritten, damaged or
        removed since the index was written sends the document back through the cache."""
        try:
            return signature(self.cache.path_text(sha256))
        except OSError:
            return None

    def facts_for(self, doc: Document) -> list[Fact] | None:
        """The facts of a document that came from the index, else None."""
        facts = self._facts.get(doc.sha256)
        if facts is None:
            return None
        return [f if f.doc == doc.id else dataclasses.replace(f, doc=doc.id) for f in facts]

    def save(self, docs: Sequence[Document], facts_by_doc: Mapping[str, list[Fact]]) -> None:
        """Rewrite the index for these documents (atomically; files gone from the corpus
        leave it). Other versions' indexes are removed: they can never match again."""
        files = {}
        for doc in docs:
            sig = self._seen.get(doc.path)
            if sig is None or doc.id not in facts_by_doc:
                continue
            unchanged = self._unchanged.get(doc.path)
            if unchanged is not None and unchanged["document"][_ID] == doc.id:
                files[doc.path] = unchanged
                continue
            cached = self._entry_signature(doc.sha256)
            if cached is None:
                continue  # no cache entry to stand behind it: look it up next time
            files[doc.path] = {
                "signature": sig,
                "cache_entry": cached,
                "document": _doc_record(doc),
                "facts": [_fact_record(f) for f in facts_by_doc[doc.id]],
            }
        if files == self._known:
            return  # nothing changed: nothing to write
        data = {
            "format": INDEX_FORMAT,
            "extractor_version": self.version,
            "document_fields": list(_DOC_FIELDS),
            "fact_fields": list(_FACT_FIELDS),
            "files": files,
        }
        tmp = None
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "wb") as handle:  # dumps: the C encoder (dump is Python)
                handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
            os.replace(tmp, self.path)
            tmp = None
            for other in self.dir.glob("*.json"):
                if other != self.path:
                    other.unlink(missing_ok=True)
        except OSError as exc:  # the index only saves time: the refresh goes on without it
            print(f"corpus index not written ({exc})", file=sys.stderr)
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
