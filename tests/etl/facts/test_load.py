"""Stage 1 loader: every input is made here in tmp_path (no article text in the repo).

Covers the policies stated in etl/facts/load.py's docstring: front matter and offsets, HTML main
text (script/style/noscript/hidden), bad bytes, size limits judged without reading, file
discovery, and the CLI's behaviour with a broken file among good ones.
"""

from __future__ import annotations

import builtins
import codecs
import hashlib
import io
import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import pytest
from typer.testing import CliRunner

import etl.facts.extract
from etl.cli import app
from etl.facts.extract import Extraction
from etl.facts.load import (
    DEFAULT_MAX_BYTES,
    LoadError,
    decode,
    discover,
    html_main_text,
    iter_documents,
    load_document,
    parse_document,
    split_front_matter,
)
from etl.model import CONTRACT_FIELDS, Document, Fact

REPO = Path(__file__).resolve().parents[3]

BODY = (
    "Bilateral turnover between the two neighbours reached $12.5 billion in 2021, "
    "the ministry said.\nExports of widgets rose 7 percent.\n"
)
FRONT = (
    "---\n"
    "id: sample-2021-widgets\n"
    'title: "Widgets and turnover"\n'
    "publisher: Example Wire\n"
    "author: A. Writer\n"
    "published: 2022-02-04\n"
    "published_precision: day\n"
    "url: https://example.org/widgets\n"
    "---\n"
)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def reason_of(call: Callable[[], object]) -> str:
    with pytest.raises(LoadError) as info:
        call()
    return info.value.reason


# --- text and markdown, front matter -------------------------------------------------


def test_plain_text_without_front_matter_id_is_the_stem(tmp_path: Path) -> None:
    path = write(tmp_path / "Trade Notes 2021.txt", BODY)
    doc = load_document(path)
    assert doc.id == "Trade Notes 2021"  # the contract: "default: the file's stem"
    assert doc.text == BODY
    assert doc.format == "txt"
    assert doc.path == str(path)
    assert doc.published is None and doc.published_precision is None
    assert doc.title is None and doc.url is None
    assert doc.sha256 == hashlib.sha256(BODY.encode()).hexdigest()


def test_markdown_front_matter_is_citation_and_offsets_follow_it(tmp_path: Path) -> None:
    raw = FRONT + BODY
    doc = load_document(write(tmp_path / "whatever.md", raw))
    assert doc.format == "md"
    assert doc.id == "sample-2021-widgets"
    assert doc.title == "Widgets and turnover"
    assert doc.publisher == "Example Wire"
    assert doc.author == "A. Writer"
    assert doc.published == date(2022, 2, 4)
    assert doc.published_precision == "day"
    assert doc.url == "https://example.org/widgets"
    assert doc.text == BODY
    # an offset into Document.text points at the figure; the same offset in the raw file
    # (front matter included) would not
    start = doc.text.index("$12.5 billion")
    assert doc.text[start : start + len("$12.5 billion")] == "$12.5 billion"
    assert raw[start : start + len("$12.5 billion")] != "$12.5 billion"
    assert doc.sha256 == hashlib.sha256(raw.encode()).hexdigest()


def test_front_matter_with_crlf_lines_and_an_empty_block() -> None:
    crlf = FRONT.replace("\n", "\r\n") + "Body line.\r\n"
    meta, body = split_front_matter(crlf, "x.txt")
    assert meta["id"] == "sample-2021-widgets"
    assert body == "Body line.\r\n"
    meta, body = split_front_matter("---\n---\nOnly body.\n", "x.txt")
    assert meta == {}
    assert body == "Only body.\n"


def test_text_that_merely_contains_dashes_later_has_no_front_matter() -> None:
    text = "Intro line.\n---\nid: not-front-matter\n---\nMore.\n"
    assert split_front_matter(text, "x.txt") == ({}, text)


@pytest.mark.parametrize(
    ("published", "precision", "expected", "expected_precision"),
    [
        ("2022-02-04", None, date(2022, 2, 4), "day"),
        ("2022-02", None, date(2022, 2, 1), "month"),
        ("2022", None, date(2022, 1, 1), "year"),
        ('"2019-07-01T08:30:00Z"', None, date(2019, 7, 1), "day"),
        ("2022-02-04", "month", date(2022, 2, 4), "month"),
        ("2022-02-04", "fortnight", date(2022, 2, 4), "day"),  # unknown precision: inferred
        ("2022-13-45", None, None, None),  # malformed date: absent, document still loads
        ("soon", "day", None, None),
    ],
)
def test_published_date_and_precision(
    published: str, precision: str | None, expected: date | None, expected_precision: str | None
) -> None:
    block = f"published: {published}\n" + (
        f"published_precision: {precision}\n" if precision else ""
    )
    doc = parse_document(f"---\n{block}---\nBody.\n".encode(), "d.txt")
    assert doc.published == expected
    assert doc.published_precision == expected_precision


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nBody.\n", "not valid YAML"),
        ("---\ntitle: a: b: c\n---\nBody.\n", "not valid YAML"),
        ("---\n- just\n- a list\n---\nBody.\n", "not a mapping"),
        ("---\nplain scalar\n---\nBody.\n", "not a mapping"),
        ("---\nid: never-closed\ntitle: x\nBody.\n", "never closed"),
        ("---\nx: " + "[" * 65 + "]" * 65 + "\n---\nBody.\n", "nested too deeply"),
        ("---\nx: !!python/object:os.system ls\n---\nBody.\n", "not valid YAML"),
        ("---\nnote: " + "y" * 70_000 + "\n---\nBody.\n", "front matter too large"),
        (FRONT + "   \n\n", "no text after front matter"),
    ],
    ids=[
        "bad-flow",
        "bad-mapping",
        "list",
        "scalar",
        "unclosed",
        "deep-nesting",
        "python-tag",
        "oversized",
        "no-body",
    ],
)
def test_malformed_front_matter_is_skipped_with_a_reason(raw: str, reason: str) -> None:
    assert reason in reason_of(lambda: parse_document(raw.encode(), "bad.md"))


def test_deeply_nested_front_matter_does_not_crash_the_process() -> None:
    """libyaml overflows the C stack on tens of thousands of nested brackets (a segfault,
    not an exception); the depth guard refuses such a block first. In a child process, so
    a regression fails this test instead of killing the test run."""
    code = (
        "from etl.facts.load import LoadError, parse_document\n"
        "raw = ('---\\nx: ' + '[' * 30000 + ']' * 30000 + '\\n---\\nBody.\\n').encode()\n"
        "try:\n"
        "    parse_document(raw, 'deep.md')\n"
        "except LoadError as error:\n"
        "    print(error.reason)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"child died: {proc.returncode} {proc.stderr[-500:]}"
    assert proc.stdout.strip() == "front matter nested too deeply (> 64)"


def test_non_scalar_front_matter_values_are_ignored_not_stringified() -> None:
    raw = "---\nid: [1, 2]\ntitle: {a: 1}\nurl: null\nauthor: 7\n---\nBody.\n"
    doc = parse_document(raw.encode(), "notes.md")
    assert doc.id == "notes"
    assert doc.title is None
    assert doc.url is None
    assert doc.author == "7"


def test_yaml_alias_bomb_in_front_matter_is_not_expanded() -> None:
    # six levels of ten aliases: 10**6 leaves if anything turned it into a string
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        ref = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([ref] * 10)}]")
    lines.append("title: *a6")
    lines.append("id: *a6")
    raw = "---\n" + "\n".join(lines) + "\n---\nBody.\n"
    doc = parse_document(raw.encode(), "bomb.md")
    assert doc.title is None
    assert doc.id == "bomb"


# --- HTML -----------------------------------------------------------------------------

VISIBLE = " ".join(
    f"Paragraph sentence {i} reports that the harbour moved 12 containers and the pier "
    "stayed open all week long."
    for i in range(6)
)


def html_page(extra_body: str = "", head: str = "", article: str = VISIBLE) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Harbour weekly</title>"
        f"{head}</head><body><nav>Home | About</nav><article><h1>Harbour weekly</h1>"
        f"<p>{article}</p>{extra_body}<p>Closing paragraph: the pier reopened on Friday.</p>"
        "</article></body></html>"
    )


HIDDEN_MARKERS = {
    "SCRIPTMARK": "<script>var figure = 'SCRIPTMARK 88 billion';</script>",
    "STYLEMARK": "<style>p::after { content: 'STYLEMARK 77 billion'; }</style>",
    "NOSCRIPTMARK": "<noscript>NOSCRIPTMARK enable JavaScript to see 99 billion</noscript>",
    "DISPLAYNONE": "<p style='color: red; Display : None'>DISPLAYNONE 55 billion</p>",
    "VISHIDDEN": "<div style='visibility:hidden'>VISHIDDEN 44 billion</div>",
    "HIDDENATTR": "<p hidden>HIDDENATTR 33 billion</p>",
    "TEMPLATEMARK": "<template><p>TEMPLATEMARK 22 billion</p></template>",
}


def test_html_main_text_excludes_script_style_noscript_and_hidden(tmp_path: Path) -> None:
    head = HIDDEN_MARKERS["SCRIPTMARK"] + HIDDEN_MARKERS["STYLEMARK"]
    body = "".join(HIDDEN_MARKERS.values()) + "<span hidden>SPANHIDDEN</span> tail stays"
    doc = load_document(write(tmp_path / "page.html", html_page(body, head)))
    assert doc.format == "html"
    assert "Paragraph sentence 5 reports" in doc.text
    assert "the pier reopened on Friday" in doc.text
    assert "tail stays" in doc.text  # pruning a hidden element keeps the text after it
    leaked = [mark for mark in [*HIDDEN_MARKERS, "SPANHIDDEN"] if mark in doc.text]
    assert leaked == []
    assert "<" not in doc.text and "var figure" not in doc.text


def test_html_metadata_and_front_matter_precedence() -> None:
    page = html_page(head="<meta property='og:title' content='Harbour weekly'>")
    doc = parse_document(page.encode(), "harbour.html")
    assert doc.id == "harbour"
    assert doc.title == "Harbour weekly"
    fm = "---\nid: harbour-fm\ntitle: From front matter\npublished: 2020-05\n---\n"
    doc = parse_document((fm + page).encode(), "harbour.html")
    assert doc.id == "harbour-fm"
    assert doc.title == "From front matter"
    assert doc.published == date(2020, 5, 1) and doc.published_precision == "month"
    assert "Paragraph sentence 0 reports" in doc.text
    assert "From front matter" not in doc.text


def test_noscript_policy_noscript_only_page_counts_as_empty() -> None:
    # the stated policy (etl/facts/load.py): <noscript> content is dropped, even when it is all
    # the page has; such a page is reported as having no main text
    page = (
        "<html><head><title>App</title></head><body><div id='root'></div>"
        f"<noscript><article><p>{VISIBLE}</p></article></noscript></body></html>"
    )
    reason = reason_of(lambda: parse_document(page.encode(), "app.html"))
    assert reason == "HTML page has no extractable main text"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><script>var a = 'SCRIPTMARK';</script><style>p{}</style></body></html>",
        f"<html><body><div style='display:none'><p>{VISIBLE}</p></div></body></html>",
    ],
    ids=["blank", "script-only", "all-hidden"],
)
def test_html_with_empty_extraction_is_reported(page: str) -> None:
    reason = reason_of(lambda: parse_document(page.encode(), "empty.html"))
    assert reason == "HTML page has no extractable main text"


def test_html_main_text_direct_call_returns_text_and_meta() -> None:
    text, meta = html_main_text(html_page(), "p.html")
    assert "Paragraph sentence 3 reports" in text
    assert meta.get("title") == "Harbour weekly"


# --- bytes: empty, binary, encodings ---------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"   \n\t \r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n"])
def test_empty_file_is_skipped(raw: bytes, tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", raw)
    assert reason_of(lambda: load_document(path)) == "empty file"


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        b"x" * 9000 + b"\x00" + b"y" * 10,  # a NUL far from the start still means binary
        b"\x1b[31m\x01\x02\x03\x04\x05\x06 colours and controls\x07\x08" * 20,
        b"Trade grew.".decode().encode("utf-16-le"),  # UTF-16 without a BOM: NUL bytes
    ],
    ids=["png", "late-nul", "control-chars", "utf16-no-bom"],
)
def test_binary_file_is_skipped(raw: bytes) -> None:
    assert reason_of(lambda: decode(raw, "b.txt")).startswith("binary file")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le café a coûté 3 euros.", "latin-1"),  # even byte count: not UTF-16 either
        ("Le café a coûté 30 euros.", "latin-1"),  # odd byte count
        ("Le café a coûté 30 euros.", "cp1252"),
        ("Trade fell – sharply – after the “crisis”.", "cp1252"),
    ],
)
def test_single_byte_encodings_are_not_utf8(text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    reason = reason_of(lambda: parse_document(raw, "latin.txt"))
    assert reason.startswith("not UTF-8 text")


def test_cyrillic_in_windows_1251_is_not_utf8() -> None:
    raw = "Товарооборот вырос на 7 процентов.".encode("cp1251")
    assert reason_of(lambda: parse_document(raw, "ru.txt")).startswith("not UTF-8 text")


def test_tolerant_attempt_keeps_utf8_with_one_stray_byte() -> None:
    good = "Turnover — as reported — rose 7 percent. " * 40
    raw = good.encode() + b"\x92" + b" And the rest stays."
    doc = parse_document(raw, "stray.txt")
    assert doc.text == good + "\ufffd And the rest stays."


def test_tolerant_attempt_has_a_limit() -> None:
    good = "Turnover — as reported — rose 7 percent. " * 40
    raw = good.encode() + b"\x92\x93\x94\x95 end"  # four stray bytes in ~1.8 KB
    assert reason_of(lambda: parse_document(raw, "stray.txt")).startswith("not UTF-8 text")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks_select_the_encoding(bom: bytes, codec: str, tmp_path: Path) -> None:
    raw = bom + (FRONT + BODY + "Grüße — 東方.\n").encode(codec)
    doc = load_document(write(tmp_path / "bom.md", raw))
    assert doc.id == "sample-2021-widgets"  # front matter is seen after the BOM
    assert doc.text == BODY + "Grüße — 東方.\n"
    assert not doc.text.startswith("\ufeff")


def test_invalid_bytes_after_a_bom_are_reported() -> None:
    raw = codecs.BOM_UTF16_LE + b"\x00\xd8a\x00"  # a lone high surrogate
    assert "despite its byte-order mark" in reason_of(lambda: decode(raw, "u.txt"))


# --- sizes -----------------------------------------------------------------------------


def test_limit_plus_one_byte_is_skipped_and_exactly_the_limit_loads(tmp_path: Path) -> None:
    limit = 4096
    exact = write(tmp_path / "exact.txt", ("figure 7 " * 1000)[:limit])
    over = write(tmp_path / "over.txt", ("figure 7 " * 1000)[: limit + 1])
    assert exact.stat().st_size == limit and over.stat().st_size == limit + 1
    assert len(load_document(exact, max_bytes=limit).text) == limit
    reason = reason_of(lambda: load_document(over, max_bytes=limit))
    assert reason == f"too large ({limit + 1} bytes > limit {limit})"


def test_default_limit_is_ten_megabytes(tmp_path: Path) -> None:
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)  # sparse: nothing is written
    assert reason_of(lambda: load_document(path)).startswith("too large")


def _forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError(f"the loader opened a file it should judge by size: {args[:1]}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)


def test_huge_sparse_file_is_judged_by_size_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024**3)  # 20 GiB, sparse: no data blocks written
    assert path.stat().st_size == 20 * 1024**3
    _forbid_reading(monkeypatch)
    tracemalloc.start()
    try:
        reason = reason_of(lambda: load_document(path))
        errors = [item for item in iter_documents([tmp_path]) if isinstance(item, LoadError)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason == f"too large ({20 * 1024**3} bytes > limit {DEFAULT_MAX_BYTES})"
    assert [e.path for e in errors] == [str(path)]
    assert peak < 1024 * 1024  # memory stays flat: no buffer the size of the file


def test_special_files_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _forbid_reading(monkeypatch)  # opening a FIFO would block: the loader must not try
    assert reason_of(lambda: load_document(fifo)) == "not a regular file"


def test_missing_file_and_unsupported_suffix_are_named(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    with pytest.raises(LoadError) as info:
        load_document(missing)
    assert info.value.path == str(missing)
    assert info.value.reason.startswith("cannot read")
    assert str(info.value) == f"{missing}: skipped: {info.value.reason}"
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.4 text")
    assert reason_of(lambda: load_document(pdf)) == "unsupported file type .pdf"
    bare = write(tmp_path / "README", "text")
    assert reason_of(lambda: load_document(bare)) == "unsupported file type (none)"


# --- discovery and iteration -------------------------------------------------------------


def test_discover_finds_supported_visible_files_sorted(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "c.html",
        "d.HTM",
        "e.markdown",
        "sub/f.txt",
        "sub/deeper/g.txt",
        ".hidden.txt",
        ".git/objects.txt",
        "sub/.cache/h.txt",
        "notes.pdf",
        "LICENSE",
        "data.json",
    ]:
        write(tmp_path / name, "x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == [
        "a.md",
        "b.txt",
        "c.html",
        "d.HTM",
        "e.markdown",
        "sub/deeper/g.txt",
        "sub/f.txt",
    ]
    # a file named explicitly is taken as given, even hidden or unsupported: it gets a reason
    explicit = [tmp_path / ".hidden.txt", tmp_path / "notes.pdf"]
    assert discover(explicit) == explicit


def test_iter_documents_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "1-good.txt", BODY)
    write(tmp_path / "2-latin.txt", "Le café coûte cher.".encode("latin-1"))
    write(tmp_path / "3-empty.md", b"")
    write(tmp_path / "4-binary.txt", b"\x00\x01\x02binary")
    write(tmp_path / "5-good.md", FRONT + BODY)
    items = list(iter_documents([tmp_path]))
    assert [type(item).__name__ for item in items] == [
        "Document",
        "LoadError",
        "LoadError",
        "LoadError",
        "Document",
    ]
    errors = {Path(e.path).name: e.reason for e in items if isinstance(e, LoadError)}
    assert errors["2-latin.txt"].startswith("not UTF-8 text")
    assert errors["3-empty.md"] == "empty file"
    assert errors["4-binary.txt"].startswith("binary file")
    docs = [d for d in items if isinstance(d, Document)]
    assert [d.id for d in docs] == ["1-good", "sample-2021-widgets"]


def test_iter_documents_turns_an_unexpected_failure_into_a_named_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.facts.load

    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "b.txt", "boom " + BODY)
    real = etl.facts.load.parse_document

    def flaky(raw: bytes, path: str) -> Document:
        if raw.startswith(b"boom"):
            raise RuntimeError("simulated loader bug")
        return real(raw, path)

    monkeypatch.setattr(etl.facts.load, "parse_document", flaky)
    items = list(iter_documents([tmp_path]))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], LoadError)
    assert items[1].reason == "unexpected error (RuntimeError: simulated loader bug)"


# --- the command line ----------------------------------------------------------------------


def _corpus_with_a_broken_file(root: Path) -> Path:
    folder = root / "articles"
    write(folder / "alpha.txt", BODY)
    write(folder / "beta.md", FRONT + BODY)
    write(folder / "broken.txt", "Le café coûte 30 euros.".encode("latin-1"))
    write(folder / "page.html", html_page())
    write(folder / "ignored.csv", "a,b\n1,2\n")
    return folder


def test_cli_jsonl_names_the_broken_file_and_processes_the_rest(tmp_path: Path) -> None:
    folder = _corpus_with_a_broken_file(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "extract", str(folder), "--format", "jsonl"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    broken = folder / "broken.txt"
    assert f"{broken}: skipped: not UTF-8 text" in proc.stderr
    assert "alpha.txt: skipped" not in proc.stderr and "beta.md: skipped" not in proc.stderr
    assert "1 file(s) skipped" in proc.stderr
    for line in proc.stdout.splitlines():  # stdout is JSON lines and nothing else
        record = json.loads(line)
        assert set(CONTRACT_FIELDS) <= set(record)
        assert record["doc"] in {"alpha", "sample-2021-widgets", "page"}


def test_cli_jsonl_emits_records_for_every_good_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a stand-in extractor (one fact per document, one that raises), the CLI prints
    each good document's records and names both kinds of failure on stderr."""
    folder = _corpus_with_a_broken_file(tmp_path)
    write(folder / "explodes.txt", "This document makes the extractor raise.")

    def fake_extract(doc: Document) -> Extraction:
        if doc.id == "explodes":
            raise ValueError("simulated extractor bug")
        start = doc.text.index(doc.text.strip()[0])
        return Extraction(
            [
                Fact(
                    doc.id,
                    "geo.border_length",
                    None,
                    4200.0,
                    "km",
                    None,
                    start=start,
                    end=start + 1,
                )
            ]
        )

    monkeypatch.setattr(etl.facts.extract, "extract", fake_extract)
    result = CliRunner().invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["alpha", "sample-2021-widgets", "page"]
    assert all(r["value"] == 4200.0 and r["metric"] == "geo.border_length" for r in records)
    assert "broken.txt: skipped: not UTF-8 text" in result.stderr
    assert "explodes.txt: skipped: extraction failed (ValueError" in result.stderr
    assert "2 file(s) skipped" in result.stderr
