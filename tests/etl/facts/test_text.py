"""Sentence splitting: the boundary search tried only after stops finds what a plain scan finds."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facts import text as text_module
from etl.facts.text import Sentence, split_sentences

# pieces of our own: stops, closing quotes, spaces, capitals, abbreviations, list numbers
PIECES = [
    ".", "!", "?", "...", '"', "”", "’", ")", "]", " ", "  ", "\n", "\n\n", "\t", "Trade", "rose",
    "The", "U.S.", "Mr.", "J.", "1.", "12", "$5", "(", "“", "Russia", "said.The", "a", "Ab",
]  # fmt: skip


def plain_split(text: str, keep_whole: list[tuple[int, int]]) -> list[Sentence]:
    """The splitter written the plain way: every boundary by `finditer`, every sentence
    trimmed by stepping over its spaces."""
    spans = sorted(keep_whole)
    starts = [s for s, _ in spans]

    def inside(pos: int) -> bool:
        i = bisect.bisect_left(starts, pos) - 1
        return i >= 0 and spans[i][0] < pos < spans[i][1]

    pieces: list[tuple[int, int, int]] = []
    lines, line_start = [], 0
    for m in text_module._LINE_BREAK.finditer(text):
        if not inside(m.start()):
            lines.append((line_start, m.start()))
            line_start = m.end()
    lines.append((line_start, len(text)))
    for paragraph, (start, end) in enumerate(lines):
        cut = start
        for m in text_module._BOUNDARY.finditer(text, start, end):
            pos = m.start()
            word = text_module._previous_word(text, pos)
            if inside(pos) or word.rstrip(".") in text_module.ABBREVIATIONS:
                continue
            if text_module._INITIALS.fullmatch(word) or text_module._LIST_NUMBER.fullmatch(
                text, start, pos
            ):
                continue
            if pos > cut:
                pieces.append((cut, pos, paragraph))
            cut = m.end()
        if end > cut and text[cut:end].strip():
            pieces.append((cut, end, paragraph))
    bounded = [
        (a, b, paragraph)
        for start, end, paragraph in pieces
        for a, b in text_module._cap_length(text, start, end, inside)
    ]
    out = []
    for index, (a, b, paragraph) in enumerate(bounded):
        if text[a:b].strip():
            while text[a].isspace():
                a += 1
            while text[b - 1].isspace():
                b -= 1
            out.append(Sentence(a, b, paragraph, index))
    return out


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=60),
    start=st.integers(min_value=0, max_value=40),
    end=st.integers(min_value=0, max_value=200),
)
def test_boundaries_equal_finditer(pieces: list[str], start: int, end: int) -> None:
    text = "".join(pieces)
    end = min(end, len(text))
    found = [(m.span(), m.group()) for m in text_module._boundaries(text, start, end)]
    plain = [(m.span(), m.group()) for m in text_module._BOUNDARY.finditer(text, start, end)]
    assert found == plain


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=60), kept=st.integers(0, 3))
def test_split_sentences_equals_the_plain_split(pieces: list[str], kept: int) -> None:
    text = "".join(pieces)
    # a kept span over the first stop or line break, as a recognised figure would be
    marks = [i for i, c in enumerate(text) if c in ".\n"][:kept]
    keep_whole = [(max(0, i - 2), min(len(text), i + 2)) for i in marks]
    keep_whole = [
        span for k, span in enumerate(keep_whole) if k == 0 or span[0] >= keep_whole[k - 1][1]
    ]
    assert split_sentences(text, keep_whole) == plain_split(text, keep_whole)


def test_a_sentence_keeps_its_index_past_a_blank_piece() -> None:
    text = "Trade rose. Exports fell.\nImports held."
    found = split_sentences(text)
    assert [(text[s.start : s.end], s.paragraph, s.index) for s in found] == [
        ("Trade rose.", 0, 0), ("Exports fell.", 0, 1), ("Imports held.", 1, 2),
    ]  # fmt: skip
