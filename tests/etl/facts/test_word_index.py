"""The vectorised word index finds exactly the word starts a plain scan finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facts.word_index import KEY_CHARS, WordIndex

_WORDS = re.compile(r"[a-z0-9_]+")
# pieces of our own: word characters, separators, non-ASCII letters, astral characters and a
# lone surrogate (a text decoded with surrogateescape can hold one)
PIECES = ["a", "ab", "the", "in", "q1", "_", "9", " ", "\n", ".", "-", "é", "中", "\U0001f600"]
PIECES += ["\ud800", "x", "2023", "07", "\u0663", "\uff11"]  # Arabic-Indic 3, fullwidth 1
_DIGIT_RUNS = re.compile(r"\d+")


def plain(lowered: str) -> tuple[list[int], dict[str, list[int]]]:
    """Word starts and the table by first KEY_CHARS characters, one Python step per word."""
    starts = [m.start() for m in _WORDS.finditer(lowered)]
    table: dict[str, list[int]] = {}
    for start in starts:
        table.setdefault(lowered[start : start + KEY_CHARS], []).append(start)
    return starts, table


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_word_index_equals_a_plain_scan(pieces: list[str]) -> None:
    lowered = "".join(pieces)
    index = WordIndex(lowered)
    starts, table = plain(lowered)
    assert index.starts == starts
    heads = set(table) | {key[:size] for key in table for size in range(1, KEY_CHARS)}
    heads |= {"ab", "a", "zz", "the", "thex"}  # some absent, one longer than a key
    for head in heads:
        short = head[:KEY_CHARS]
        expected = sorted(p for key, found in table.items() if key.startswith(short) for p in found)
        if len(short) == KEY_CHARS:
            expected = table.get(short, [])
        assert index.starting(head) == expected, head


def test_a_short_head_gathers_every_longer_key_in_order() -> None:
    index = WordIndex("in india, the inn in 2023 is in")
    assert index.starting("in") == [0, 3, 14, 18, 29]
    assert index.starting("ind") == [3]
    assert index.starting("in ") == [0, 18]  # the key holds what follows a short word
    assert index.starting("q") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_digit_runs_equal_a_plain_scan(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = WordIndex(text).digit_runs()
    if any(not c.isascii() and c.isdecimal() for c in text):
        assert found is None  # a digit outside ASCII: left to re
    else:
        assert found == [m.start() for m in _DIGIT_RUNS.finditer(text)]
