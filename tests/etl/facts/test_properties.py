"""Property tests: no text and no bytes crash the loader or the extractor.

Arbitrary input may be refused only with `LoadError`; every fact that comes out points
inside the text (0 <= start < end <= len(text)), has a finite value, contract-valid
enums, and serialises to strict JSON. Example counts are moderate to keep the suite fast.
"""

from __future__ import annotations

import json
import math
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from etl.facts.extract import extract_document
from etl.facts.load import LoadError, parse_document
from etl.model import CONTRACT_FIELDS, QUALIFIERS, STATUSES, Document, Fact

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that wake up the recognisers: figures, units, cue words, periods, punctuation.
TOKENS = [
    "$",
    "US$",
    "USD",
    "€",
    "10.7",
    "190,27",
    "1,000",
    "4,200",
    "2,600",
    " 0 ",
    "36",
    "2021",
    "2060",
    "1999",
    "376th",
    "3.",
    ".5",
    "-",
    "–",
    "—",
    "−",
    "%",
    "percent",
    "per cent",
    "billion",
    "bln",
    "Bln",
    "bn",
    "trillion",
    "million",
    "bcm",
    "/year",
    "a year",
    "billion cubic meters",
    "tons",
    "tonnes",
    "Mt",
    "km",
    "-kilometer",
    "per barrel",
    "fourteenfold",
    "tripled",
    "doubled",
    "one-tenth",
    "half",
    "a third",
    "second-largest",
    "top",
    "nearly",
    "about",
    "some",
    "more than",
    "over",
    "less than",
    "up to",
    "almost",
    "trade",
    "turnover",
    "China",
    "Russia",
    "Chinese",
    "Russian",
    "China–Russia",
    "US–China",
    "EU",
    "exports to",
    "imports from",
    "Power of Siberia",
    "pipeline",
    "gas",
    "oil",
    "crude",
    "target",
    "by 2024",
    "in 2021",
    "since 2001",
    "between 2016 and 2020",
    "January–September 2023",
    "the first half of 2023",
    "last year",
    "this year",
    "now",
    "in December",
    "customs",
    "Gazprom",
    "(",
    ")",
    "((",
    "))",
    ",",
    ".",
    ";",
    ":",
    "'",
    '"',
    "“",
    "”",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\u2009",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "İ",
    "ß",
    "ﬁ",
    "Ⅻ",
    "١٢٣",
    "𝟏𝟐",
]

domain_text = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=60).map(
    lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts)
)
YAML_VALUES = [
    "2022-02-04",
    "2022-13-45",
    "2022-02-30",
    "0000-01-01",
    "2022-02-04T25:61:00Z",
    "2022",
    "-1",
    "1e400",
    ".nan",
    "[",
    "{",
    "]",
    "&a [1, 2]",
    "*a",
    "*undefined",
    "!!binary aGk=",
    "!!python/name:os.system",
    "!!set {a}",
    "|",
    ">-",
    "'unterminated",
    '"\\x"',
    "null",
    "~",
    "yes",
    "day",
    "month",
    "century",
]
publication = st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def check_facts(doc: Document, facts: list[Fact]) -> None:
    assert isinstance(facts, list)
    for fact in facts:
        assert isinstance(fact, Fact)
        assert fact.doc == doc.id
        assert 0 <= fact.start < fact.end <= len(doc.text), (fact.start, fact.end)
        assert isinstance(fact.value, float | int) and not isinstance(fact.value, bool)
        assert math.isfinite(fact.value)
        assert fact.qualifier in QUALIFIERS
        assert fact.status in STATUSES
        assert fact.metric and fact.unit
        record = fact.to_record()
        line = json.dumps(record, ensure_ascii=False, allow_nan=False)
        back = json.loads(line)
        assert list(back)[: len(CONTRACT_FIELDS)] == list(CONTRACT_FIELDS)
        assert back["value"] == fact.value


@FAST
@given(text=st.text(max_size=400), published=publication)
def test_arbitrary_text_never_crashes_the_extractor(text: str, published: date | None) -> None:
    doc = Document(id="prop", text=text, published=published, published_precision="day")
    check_facts(doc, extract_document(doc))


@FAST
@given(
    text=domain_text,
    published=publication,
    precision=st.sampled_from([None, "day", "month", "year"]),
)
def test_figure_shaped_text_never_crashes_the_extractor(
    text: str, published: date | None, precision: str | None
) -> None:
    doc = Document(id="prop", text=text, published=published, published_precision=precision)
    check_facts(doc, extract_document(doc))


def _load_and_extract(raw: bytes, name: str) -> None:
    try:
        doc = parse_document(raw, name)
    except LoadError as error:
        assert error.path == name
        assert error.reason
        return
    assert doc.text.strip()
    assert doc.id
    check_facts(doc, extract_document(doc))


@FAST
@given(raw=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md"]))
def test_arbitrary_bytes_only_ever_raise_load_error(raw: bytes, suffix: str) -> None:
    _load_and_extract(raw, f"fuzz{suffix}")


@FAST
@given(
    front=st.dictionaries(
        st.sampled_from(["id", "title", "published", "published_precision", "url", "x"]),
        st.none() | st.text(max_size=20) | st.integers() | st.lists(st.integers(), max_size=3),
        max_size=5,
    )
    | st.lists(
        st.tuples(
            st.sampled_from(["id", "title", "published", "published_precision", "url", "- x"]),
            st.sampled_from(YAML_VALUES) | st.text(max_size=12),
        ).map(lambda kv: f"{kv[0]}: {kv[1]}"),
        max_size=6,
    ).map("\n".join),
    body=domain_text,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
)
def test_front_matter_and_encodings_only_ever_raise_load_error(
    front: dict[str, object] | str, body: str, encoding: str
) -> None:
    block = front if isinstance(front, str) else json.dumps(front)  # JSON is YAML too
    text = f"---\n{block}\n---\n{body}"
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:  # lone surrogates cannot be written in any UTF
        assume(False)
        return
    _load_and_extract(raw, "fm.md")


@SLOW
@given(
    raw=st.binary(max_size=400)
    | st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<script>",
                "</script>",
                "<style>",
                "<noscript>",
                "<div hidden>",
                "</div>",
                "<!--",
                "-->",
                "<![CDATA[",
                "<html>",
                "<body>",
                "<article>",
                "&amp;",
                "&#0;",
                "&#xD800;",
                "<?xml?>",
                "<svg>",
                "<table><tr><td>",
            ]
        )
        | domain_text,
        max_size=30,
    ).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))
)
def test_arbitrary_html_only_ever_raises_load_error(raw: bytes) -> None:
    _load_and_extract(raw, "fuzz.html")
