"""Gated scanning finds exactly what a plain `finditer` finds, only faster."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.facts import link, periods, quantities, scan
from etl.facts.cues import all_patterns, load_cues

QUANTITY_PATTERNS = [
    quantities.MONEY, quantities.MONEY_SUFFIX, quantities.OTHER_MONEY, quantities.PERCENT,
    quantities.VOLUME, quantities.MASS, quantities.BARRELS, quantities.LENGTH,
    quantities.MULTIPLE, quantities.FRACTION, quantities.RANK, quantities.PERCENT_RANGE_HEAD,
    quantities.WORD_AMOUNT, quantities.BARE_AMOUNT, quantities.WORD_PERCENT,
]  # fmt: skip
#: Whole-text patterns that only locate where another pattern is tried.
LOCATOR_PATTERNS = [
    quantities._WORD_SCALE_ANCHOR, quantities._PERCENT_WORD_ANCHOR, link._RAISED_FROM,
]  # fmt: skip
PATTERNS = QUANTITY_PATTERNS + LOCATOR_PATTERNS + [p for _, p in periods._PATTERNS] + all_patterns()


def scanned_patterns() -> list[re.Pattern[str]]:
    """The patterns that run over whole documents or sentences through `scan`."""
    cues = load_cues()
    return [
        *QUANTITY_PATTERNS,
        *LOCATOR_PATTERNS,
        *(p for _, p in periods._PATTERNS),
        *(p for frame in cues.frames for p in frame.patterns),
        *cues.countries.values(),
        *(alias for aliases in cues.pipelines.values() for alias in aliases),
    ]


# pieces of our own, chosen to hit anchors, near-misses, overlaps and case-folding traps
PIECES = [
    "$", "US$ ", "U.S. $", "12", "3,400", "1.5", "2021", "1999", "-", "–", " ", "\n", "  ",
    "billion", "bn", " bcm", " km", "%", " percent", "one ", "a third", "half", "two", "fold",
    "doubled", "times", "largest", "supplier", "first", "ranked No. 2", "January", "May",
    "June 2023", "first half of 2022", "last year", "this year", "in the same period",
    "since 2014", "Power of Siberia", "ESPO", "China", "Russia", "trade", "exports to China",
    "€", "rub", "ı", "ſ", "İ", "K", "'s", ",", ".", "yuan", "tonnes", "million tons", " to ",
    "between", " and ", "H1 2023", "Q2 2021", "12 months", "ss", "aa", "nono", "xChina",
    "_the", "9th", "ROSE", "Sino-Russian", "bilateral", "turnover", " per  cent", "trillion",
    "raised", " from ", "growth", "the", "a", "\u00a0", "\t", "year", " ago", "same", "month",
    "end of the", "so far this year",
]  # fmt: skip


@pytest.fixture
def gate_everything(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Take the gated path whatever the text's length or anchor density, and check every
    text's candidates against the patterns' leads."""
    monkeypatch.setattr(scan, "MIN_CHARS_PER_CANDIDATE", 1)
    monkeypatch.setattr(scan, "VERIFY_FROM", 1)
    yield
    scan._recent.clear()


def spans(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=40),
    pos=st.integers(min_value=0, max_value=120),
    endpos=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
)
def test_gated_finditer_equals_finditer(
    gate_everything: None, pieces: list[str], pos: int, endpos: int | None
) -> None:
    text = "".join(pieces)
    for pattern in PATTERNS:
        plain = pattern.finditer(text, pos, len(text) if endpos is None else endpos)
        assert spans(scan.finditer(pattern, text, pos, endpos)) == spans(plain), pattern.pattern
    one_by_one = [
        (k, m.span(), m.groupdict())
        for k, pattern in enumerate(PATTERNS)
        for m in pattern.finditer(text, pos, len(text) if endpos is None else endpos)
    ]
    together = scan.PatternSet(PATTERNS).finditer(text, pos, endpos)
    assert [(k, m.span(), m.groupdict()) for k, m in together] == one_by_one


def test_most_patterns_have_anchors() -> None:
    """The speed comes from anchors: every recogniser and nearly every scanned pattern has
    some (a cue that may start at any capitalised word cannot)."""
    assert all(scan.start_anchors(p) is not None for p in QUANTITY_PATTERNS)
    scanned = scanned_patterns()
    missing = [p for p in scanned if scan.start_anchors(p) is None]
    assert len(missing) <= len(scanned) // 20


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<![\w.,])\d+\s?%", {scan.DIGIT_RUN}),  # a digit that starts a run
        (r"\d+ km", {scan.DIGIT_ANY}),  # any digit may start it
        (r"\b(?:half|a\s+third)\b", {scan.WORD + "half", scan.WORD + "a"}),
        (r"(?<=[.!])x", {scan.AFTER + ".", scan.AFTER + "!"}),
        (r"Q[1-4]", {"q1", "q2", "q3", "q4"}),
        (r"\s*border", None),  # may start at any space: no anchors
        (r"x?", None),  # may match the empty string
    ],
)
def test_start_anchors(pattern: str, expected: set[str] | None) -> None:
    anchors = scan.start_anchors(re.compile(pattern, re.IGNORECASE))
    assert (set(anchors) if anchors is not None else None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia's exports of ſteel: 5 percent",  # long s folds to 's' in re, not in str.lower
        "İstanbul trade: 5 percent",  # lower-casing changes the length
    ],
)
def test_texts_lower_casing_cannot_stand_for_fall_back(text: str) -> None:
    assert not scan.TextIndex(text).usable
    pattern = re.compile(r"\bsteel\b|percent", re.IGNORECASE)
    assert spans(scan.finditer(pattern, text)) == spans(pattern.finditer(text))


def test_overlapping_anchor_occurrences_are_all_tried(gate_everything: None) -> None:
    pattern = re.compile(r"aab|a")  # anchor "a"; "aab" may start at every 'a'
    for text in ["aaab", "aaaab x aab"]:
        assert spans(scan.finditer(pattern, text)) == spans(pattern.finditer(text))
    pattern = re.compile(r"abab\d")  # anchor "abab" overlaps itself in "ababab1"
    assert spans(scan.finditer(pattern, "ababab1")) == [((2, 7), {})]


def test_a_match_hides_the_candidates_inside_it(gate_everything: None) -> None:
    """After a match the scan resumes at its end, as finditer does ('bc' inside 'abc')."""
    pattern = re.compile(r"(?:ab|b)c")
    text = "abc xbc abc"
    expected = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in scan.finditer(pattern, text)] == expected
    assert [m.span() for _, m in scan.PatternSet([pattern]).finditer(text)] == expected
