"""Stage 1 — load documents: front matter, text, citation; bad files named and skipped.

A document is `.txt`/`.md` (optional YAML front matter) or `.html` (main text taken out
by trafilatura). Offsets in facts refer to `Document.text`, the text after front matter.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from etl.model import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
#: Share of control characters above which decoded bytes are treated as binary.
MAX_CONTROL_CHAR_SHARE = 0.01
#: Encodings tried, in order, after strict UTF-8 fails (a tolerant decode attempt).
FALLBACK_ENCODINGS = ("utf-8-sig", "utf-16")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class LoadError(Exception):
    """A file that cannot be used, with the reason; the run goes on without it."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: skipped: {self.reason}"


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file given, and supported files under each directory, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


def decode(raw: bytes, path: str) -> str:
    """Bytes to text: strict UTF-8, then a tolerant attempt; binary or undecodable raises."""
    if not raw.strip():
        raise LoadError(path, "empty file")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(path, "binary file (NUL bytes)")
    text: str | None = None
    for encoding in ("utf-8", *FALLBACK_ENCODINGS):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise LoadError(path, "not UTF-8 text (could not decode)")
    text = text.lstrip("\ufeff")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_CHAR_SHARE:
        raise LoadError(path, "binary file (control characters)")
    return text


def split_front_matter(text: str, path: str = "") -> tuple[dict[str, Any], str]:
    """YAML front matter (or {}) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise LoadError(path, f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(meta, dict):
        raise LoadError(path, "front matter is not a mapping")
    return meta, text[match.end() :]


def html_main_text(html: str, path: str = "") -> tuple[str, dict[str, Any]]:
    """Main text of an HTML page (trafilatura) and the metadata it finds."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, with_metadata=False
    )
    if not text or not text.strip():
        raise LoadError(path, "HTML page has no extractable main text")
    meta: dict[str, Any] = {}
    found = trafilatura.extract_metadata(html)
    if found is not None:
        for key in ("title", "author", "url", "date"):
            value = getattr(found, key, None)
            if value:
                meta["published" if key == "date" else key] = value
        if getattr(found, "sitename", None):
            meta["publisher"] = found.sitename
    return text, meta


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for candidate in (text, text[:10], f"{text[:7]}-01", f"{text[:4]}-01-01"):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def slug(stem: str) -> str:
    return _SLUG.sub("-", stem.lower()).strip("-") or "document"


def parse_document(raw: bytes, path: str) -> Document:
    """A document from a file's bytes: pure, so it can be mapped over any engine."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(path, f"unsupported file type {suffix or '(none)'}")
    text = decode(raw, path)
    meta, body = split_front_matter(text, path)
    fmt = "md" if suffix in {".md", ".markdown"} else "txt"
    if suffix in HTML_SUFFIXES:
        body, found = html_main_text(body, path)
        meta = {**found, **meta}
        fmt = "html"
    if not body.strip():
        raise LoadError(path, "no text after front matter")
    published = _as_date(meta.get("published"))
    precision = _text_or_none(meta.get("published_precision"))
    if published and not precision:
        precision = "day"
    return Document(
        id=_text_or_none(meta.get("id")) or slug(Path(path).stem),
        text=body,
        path=path,
        title=_text_or_none(meta.get("title")),
        publisher=_text_or_none(meta.get("publisher")),
        author=_text_or_none(meta.get("author")),
        published=published,
        published_precision=precision,
        url=_text_or_none(meta.get("url")),
        sha256=hashlib.sha256(raw).hexdigest(),
        format=fmt,
    )


def load_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one file. Size is judged before reading (a huge sparse file is cheap)."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise LoadError(name, f"cannot read ({exc.strerror or exc})") from exc
    if size > max_bytes:
        raise LoadError(name, f"too large ({size} bytes > limit {max_bytes})")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise LoadError(name, f"cannot read ({exc.strerror or exc})") from exc
    if len(raw) > max_bytes:  # the file grew after stat
        raise LoadError(name, f"too large (> limit {max_bytes} bytes)")
    return parse_document(raw, name)


def iter_documents(
    paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | LoadError]:
    """Each document, or the LoadError that says why a file was skipped."""
    for path in discover(paths):
        try:
            yield load_document(path, max_bytes)
        except LoadError as error:
            yield error
