"""Stage 1 — load documents: front matter, text, citation; bad files named and skipped.

A document is `.txt`/`.md` (optional YAML front matter) or `.html` (main text taken out
by trafilatura). Offsets in facts refer to `Document.text`, the text after front matter.

Every file that cannot be used raises `LoadError(path, reason)`; nothing else escapes
`parse_document` / `load_document`, and `iter_documents` turns any failure into a
`LoadError`, so one bad file never stops a run. The policies, each covered by
`tests/etl/facts/test_load.py`:

* **Size** is judged from `stat()` before the file is opened: over `max_bytes` (default
  `DEFAULT_MAX_BYTES`, 10 MiB) is skipped without reading a byte, so a huge sparse file
  costs nothing; exactly `max_bytes` is loaded. Only regular files are read (a FIFO or a
  device given by name is skipped, never waited on).
* **Encoding**: a byte-order mark decides (UTF-8, UTF-16 or UTF-32, decoded strictly);
  otherwise the bytes must be UTF-8. The tolerant attempt: a file that is clearly UTF-8
  (it holds valid multi-byte sequences) with a few stray invalid bytes (at most one per
  thousand, and no more than its valid non-ASCII characters) is kept with those bytes
  replaced by U+FFFD. Anything else that is not UTF-8 (Latin-1, Windows-1252, Windows-1251,
  UTF-16 without a BOM) is skipped as "not UTF-8 text"; NUL bytes or a share of control
  characters above `MAX_CONTROL_CHAR_SHARE` mean "binary file"; nothing but whitespace
  means "empty file".
* **Front matter** is a YAML mapping between an opening `---` line and a closing `---`
  line at the very start; an empty block is allowed. An opening `---` without a closing
  one, YAML that does not parse, a block that is not a mapping, a block over
  `MAX_FRONT_MATTER_CHARS` or nested deeper than `MAX_FRONT_MATTER_DEPTH` (libyaml, used
  for speed, would crash the process) is skipped with that reason (a wrong `id` would misfile every
  fact). Only scalar values are used (a list or mapping where a string belongs is ignored).
  `id` defaults to the file's stem, as the contract says. `published` may be a date,
  `YYYY-MM` or `YYYY`; `published_precision` defaults to what was written (day, month or
  year) and an unparseable date is treated as absent.
* **HTML**: the main text is chosen by trafilatura (never by hand-written tag stripping).
  `<script>`, `<style>` and `<template>` content never reaches the text. Elements a
  browser would not render are pruned before extraction: the `hidden` attribute and inline
  `display:none` / `visibility:hidden` styles. **noscript policy: `<noscript>` content is
  dropped** — it is what a browser shows only with scripts off (in practice "enable
  JavaScript" notices, tracking pixels, or a duplicate of the article); a page whose only
  text sits in `<noscript>` is therefore reported as having no main text. A page whose
  extraction comes back empty is skipped as "HTML page has no extractable main text".
  Front matter before the markup is honoured and wins over the page's own metadata.
* **Page chrome** (`strip_page_chrome`): navigation, footers, tickers, "Most read" /
  "Related" / "Popular" boxes, widgets, share bars and "Read also:" link lines are removed
  before extraction — by their tags, by class/id words (`CHROME_WORDS`), by a box heading,
  or by being almost all link text — so none of their figures passes for the article's. An
  element holding the article, the page's h1 or most of its text is never removed. The
  page's date is read from its markup only (meta tags, time elements, the URL), never
  guessed from a year in the text.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from etl.model import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
#: Share of control characters above which decoded bytes are treated as binary.
MAX_CONTROL_CHAR_SHARE = 0.01
#: Tolerant UTF-8: invalid bytes allowed per byte of file (and only in a file that is
#: otherwise visibly UTF-8); beyond this the file is "not UTF-8".
MAX_INVALID_BYTE_SHARE = 0.001
#: Front matter larger than this is not a citation block; the file is skipped.
MAX_FRONT_MATTER_CHARS = 64 * 1024
#: Flow collections nested deeper than this are refused before YAML parsing.
MAX_FRONT_MATTER_DEPTH = 64
#: Byte-order marks and the codec each one selects (UTF-32 before UTF-16: FF FE 00 00).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
PRECISIONS = frozenset({"day", "month", "year"})

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_BRACKETS = re.compile(r"[^\[\]{}]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SLUG = re.compile(r"[^a-z0-9]+")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?!\d)")

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STYLE = f"translate(@style, '{_UPPER} \t\r\n', '{_UPPER.lower()}')"
#: What a browser would not render, pruned before trafilatura picks the main text.
HIDDEN_XPATHS: tuple[str, ...] = (
    "//*[@hidden]",
    f"//*[contains({_STYLE}, 'display:none')]",
    f"//*[contains({_STYLE}, 'visibility:hidden')]",
    "//template",
    "//noscript",  # the noscript policy (module docstring): dropped
)


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's safe loader when PyYAML was built with it (much faster), else pure Python
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_SafeLoader):
    """safe_load, except that timestamps stay strings: `_published` judges them, so a
    malformed date (2022-13-45) is an absent date, not an unreadable document."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


@dataclass(frozen=True)
class LoadError(Exception):
    """A file that cannot be used, with the reason; the run goes on without it."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: skipped: {self.reason}"


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file given, and supported files under each directory, sorted.

    Inside a directory, hidden files and directories (a name starting with ".") and
    unsupported suffixes are ignored; a file named explicitly is always returned (and, if
    unusable, reported by `load_document`).
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(_supported_files(path)))
        else:
            found.append(path)
    return found


def _supported_files(root: Path) -> list[Path]:
    """Supported files under `root`, hidden ones and those in hidden directories left out;
    symlinked directories are not entered (as `Path.rglob`, whose per-file cost this avoids:
    one `scandir` per directory, no `stat` per file)."""
    found: list[Path] = []
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except PermissionError:
            continue  # as rglob: an unreadable directory holds nothing to read
        for entry in listed:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                if not entry.is_symlink():
                    pending.append(directory / entry.name)
            elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES:
                found.append(directory / entry.name)
    return found


def _control_share(text: str) -> float:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def decode(raw: bytes, path: str) -> str:
    """Bytes to text: BOM-selected or UTF-8, with a tolerant attempt; else LoadError."""
    if not raw.strip():
        raise LoadError(path, "empty file")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise LoadError(
                    path, f"not valid {encoding} text despite its byte-order mark"
                ) from exc
            if "\x00" in text:
                raise LoadError(path, "binary file (NUL characters)")
            break
    else:
        if b"\x00" in raw:
            raise LoadError(path, "binary file (NUL bytes)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _tolerant_utf8(raw, path, exc)
    if not text.strip():
        raise LoadError(path, "empty file")
    if _control_share(text) > MAX_CONTROL_CHAR_SHARE:
        raise LoadError(path, "binary file (control characters)")
    return text


def _tolerant_utf8(raw: bytes, path: str, error: UnicodeDecodeError) -> str:
    """UTF-8 with a few stray bytes replaced, when the file is otherwise clearly UTF-8."""
    text = raw.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - raw.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - invalid
    if _control_share(text) > MAX_CONTROL_CHAR_SHARE:
        raise LoadError(path, "binary file (control characters)")
    if 0 < invalid <= min(non_ascii, max(1, int(len(raw) * MAX_INVALID_BYTE_SHARE))):
        return text
    raise LoadError(
        path,
        f"not UTF-8 text ({invalid} invalid byte sequence(s), first at byte {error.start}; "
        "a single-byte encoding such as Latin-1 or Windows-1252?)",
    )


def _flow_depth(block: str) -> int:
    """Deepest nesting of [ and { (quotes ignored: an over-count only errs on the safe side).
    libyaml crashes the process (C stack overflow) on some thousands of levels."""
    depth = deepest = 0
    for char in _BRACKETS.sub("", block):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def split_front_matter(text: str, path: str = "") -> tuple[dict[str, Any], str]:
    """YAML front matter (or {}) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if _FRONT_MATTER_OPEN.match(text):
            raise LoadError(path, "front matter opened with '---' is never closed")
        return {}, text
    block = match.group(1) or ""
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise LoadError(path, f"front matter too large (> {MAX_FRONT_MATTER_CHARS} chars)")
    if _flow_depth(block) > MAX_FRONT_MATTER_DEPTH:
        raise LoadError(path, f"front matter nested too deeply (> {MAX_FRONT_MATTER_DEPTH})")
    try:
        meta = yaml.load(block, Loader=_FrontMatterLoader) if block.strip() else {}
    except Exception as exc:  # YAMLError, and ValueError/RecursionError from constructors
        raise LoadError(path, f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise LoadError(path, "front matter is not a mapping")
    return meta, text[match.end() :]


#: class/id words of page chrome: navigation, tickers, "most read" and "related" boxes,
#: widgets, share bars, footers (not "banner", "promo" or "teaser": sites name a standfirst
#: so). Matched as whole words of a class or id ("most-read",
#: "sidebar_widget", "breaking-news-ticker"), never inside another word.
CHROME_WORDS = (
    r"nav|navbar|navigation|menu|breadcrumbs?|ticker|tickers|marquee|crawl|breaking|sidebar|"
    r"widgets?|related|most[-_]?read|mostread|most[-_]?popular|popular|trending|recommended|"
    r"recommendations?|also[-_]?like|you[-_]?may[-_]?also[-_]?like|more[-_]?stories|"
    r"read[-_]?more|read[-_]?also|see[-_]?also|newsletter|subscribe|share|sharing|social|"
    r"footer|advert\w*|ads|cookies?|comments?|outbrain|taboola"
)
_CHROME_TOKEN = re.compile(rf"(?:^|[\s_-])(?:{CHROME_WORDS})(?:$|[\s_-])", re.IGNORECASE)
#: Headings and lead-ins of boxes and links that point to other pages.
_CHROME_HEADING = re.compile(
    r"^\s*(?:most\s+(?:read|popular|viewed|shared)|related(?:\s+(?:articles?|stories|news|"
    r"content|coverage))?|popular(?:\s+now)?|trending(?:\s+now)?|recommended(?:\s+for\s+you)?|"
    r"you\s+may\s+(?:also\s+)?(?:like|be\s+interested\s+in)|more\s+(?:from|on|stories|news)\b"
    r"|read\s+(?:more|also|next)|see\s+also|also\s+read|latest(?:\s+news)?|top\s+stories"
    r"|editor[’']?s\s+picks?)\s*:?\s*",
    re.IGNORECASE,
)
#: A block this much made of link text is a list of other pages, not article prose.
LINK_TEXT_SHARE = 0.8
#: An element holding more than this share of the page's text is never chrome.
CHROME_MAX_SHARE = 0.5
_BLOCKS = ("p", "li", "div", "section", "aside", "ul", "ol", "span", "td", "dd", "figure")


def _text_len(element: Any) -> int:
    return len(" ".join(element.text_content().split()))


def _is_chrome_box(element: Any) -> bool:
    """A box named as chrome by its class or id, or opened by a "Most read" style heading."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if _CHROME_TOKEN.search(names):
        return True
    first = next((child for child in element if isinstance(child.tag, str)), None)
    if first is not None and first.tag in ("h2", "h3", "h4", "h5", "h6", "div", "span", "p"):
        heading = " ".join(first.text_content().split())
        if heading and len(heading) < 40 and _CHROME_HEADING.fullmatch(heading):
            return True
    return False


def _is_link_block(element: Any) -> bool:
    """'Read also: <a>...</a>' or a block that is nearly all link text: a pointer elsewhere."""
    text = " ".join(element.text_content().split())
    if not text:
        return False
    links = sum(_text_len(a) for a in element.iter("a"))
    if links and _CHROME_HEADING.match(text) and element.tag in ("p", "div", "li", "span"):
        return True
    return links / len(text) >= LINK_TEXT_SHARE and element.tag in ("p", "li")


def strip_page_chrome(html: str) -> str:
    """The page without navigation, tickers, "most read"/"related" boxes, widgets and link
    lists, so no figure of theirs can pass for the article's. An element that holds most of
    the page's text, the <article>/<main> or the page's <h1> is never removed."""
    import lxml.html  # imported here: only HTML pages need it

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # not parseable as a document: let trafilatura judge it as it is
        return html
    total = max(1, _text_len(root))
    doomed = []
    for element in root.iter(*_BLOCKS, "nav", "footer", "header", "form"):
        if element.tag in ("nav", "footer"):
            doomed.append(element)
            continue
        if element.tag in ("header", "form"):
            continue  # trafilatura judges these; an article's own header holds its title
        keeps_article = (
            _text_len(element) > CHROME_MAX_SHARE * total
            or element.find(".//article") is not None
            or element.find(".//main") is not None
            or element.find(".//h1") is not None
        )
        if not keeps_article and (_is_chrome_box(element) or _is_link_block(element)):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def html_main_text(html: str, path: str = "") -> tuple[str, dict[str, Any]]:
    """Main text of an HTML page (trafilatura, after page chrome is stripped) and the
    metadata it finds."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    html = strip_page_chrome(html)  # the metadata too: a ticker's date is not the page's
    try:
        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            with_metadata=False,
            prune_xpath=list(HIDDEN_XPATHS),
        )
    except Exception as exc:  # a library failure on one page is that page's problem
        raise LoadError(path, f"HTML extraction failed ({exc.__class__.__name__})") from exc
    if not text or not text.strip():
        raise LoadError(path, "HTML page has no extractable main text")
    meta: dict[str, Any] = {}
    try:
        # dates from the page's markup only (meta tags, <time>, the URL): a year read off the
        # text ("in 2023") is a figure's period, not the publication date
        found = trafilatura.extract_metadata(html, extensive=False)
    except Exception:  # metadata is optional; the text is what matters
        found = None
    if found is not None:
        for key in ("title", "author", "url", "date"):
            value = getattr(found, key, None)
            if value:
                meta["published" if key == "date" else key] = value
        if getattr(found, "sitename", None):
            meta["publisher"] = found.sitename
    return text, meta


def _published(value: Any) -> tuple[date | None, str | None]:
    """A publication date and the precision it was written with (day, month, year)."""
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None, None
    match = _ISO_DATE.match(str(value).strip())
    if not match:
        return None, None
    year, month, day = match.groups()
    try:
        if day:
            return date(int(year), int(month), int(day)), "day"
        if month:
            return date(int(year), int(month), 1), "month"
        return date(int(year), 1, 1), "year"
    except ValueError:
        return None, None


def _text_or_none(value: Any) -> str | None:
    """A scalar as text; containers, bytes and None are not citation values."""
    if value is None or not isinstance(value, str | int | float | date):
        return None
    text = str(value).strip()
    return text or None


def slug(stem: str) -> str:
    return _SLUG.sub("-", stem.lower()).strip("-") or "document"


def _default_id(path: str) -> str:
    stem = Path(path).stem.strip()
    return stem or slug(stem)


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
    published, inferred = _published(meta.get("published"))
    precision = _text_or_none(meta.get("published_precision"))
    if precision not in PRECISIONS:
        precision = inferred
    if published is None:
        precision = None
    return Document(
        id=_text_or_none(meta.get("id")) or _default_id(path),
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
        info = Path(path).stat()
    except OSError as exc:
        raise LoadError(name, f"cannot read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(name, "not a regular file")
    if info.st_size > max_bytes:
        raise LoadError(name, f"too large ({info.st_size} bytes > limit {max_bytes})")
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
        except Exception as exc:  # a loader bug on one file must not end the run
            yield LoadError(str(path), f"unexpected error ({exc.__class__.__name__}: {exc})")
