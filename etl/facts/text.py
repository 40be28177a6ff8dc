"""Sentences and clauses with character offsets into the document text.

A sentence never ends inside a recognised figure (a page may split "$50.58 billion" across a
paragraph break), so the splitter is told which spans to keep whole.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from etl.facts import scan

#: Words whose trailing period does not end a sentence ("U.S.", "Mr.", "Jan.").
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jr", "sr", "inc",
        "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "approx", "est", "u.s", "u.k", "e.g", "i.e", "p.m",
        "a.m", "fig", "min", "max",
    }
)  # fmt: skip

# End of a sentence: . ! ? (and closing quotes/brackets) followed by space and a capital,
# digit or opening quote; or a period glued to a capitalised word ("said.The").
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*(?:\s+(?=[\"“‘(\[]?[A-Z0-9$])|(?=[A-Z][a-z]))")
_LINE_BREAK = re.compile(r"\n+")
#: What `_BOUNDARY`'s look-behind needs before a boundary.
_STOP = re.compile(r"[.!?]")
# No leading \s* and a whitespace run entered only at its start: linear on long blank runs.
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[–—|]\s|,\s++(?=(?:while|whereas|but|although|though|and|which|in\s+\d{4}|as)\b)"
    r"|(?<!\s)\s++(?:while|whereas)\s|,\s"
)
#: Longer "sentences" (a page with no full stops) are cut at clause marks, so work per
#: sentence stays bounded and the whole document is linear in its length.
MAX_SENTENCE_CHARS = 1200
_SOFT_BREAK = re.compile(r"[;,:]\s|\s[–—]\s|\s{2,}")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int


#: A line that so far holds only a list number ("1.", "12.").
_LIST_NUMBER = re.compile(r"[ \t]*\d{1,2}\.")


_WORD_BEFORE_STOP = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)\.$")
#: "J.", "U.S.": single letters with full stops (an initial or an abbreviation).
_INITIALS = re.compile(r"[a-z](?:\.[a-z])*")


def _previous_word(text: str, pos: int) -> str:
    match = _WORD_BEFORE_STOP.search(text[max(0, pos - 12) : pos])
    return match.group(1).lower() if match else ""


def split_sentences(text: str, keep_whole: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """Sentences of the text; boundaries never fall inside a span of `keep_whole`."""

    spans = sorted(keep_whole)
    starts = [start for start, _ in spans]

    def inside(pos: int) -> bool:
        """Is pos strictly inside a kept span? (bisect: spans do not overlap)"""
        i = bisect.bisect_left(starts, pos) - 1
        return i >= 0 and spans[i][0] < pos < spans[i][1]

    pieces: list[tuple[int, int, int]] = []  # (start, end, paragraph)
    paragraph = 0
    line_start = 0
    lines: list[tuple[int, int]] = []
    for m in scan.finditer(_LINE_BREAK, text):
        if inside(m.start()):
            continue
        lines.append((line_start, m.start()))
        line_start = m.end()
    lines.append((line_start, len(text)))
    for start, end in lines:
        cut = start
        for m in _boundaries(text, start, end):
            pos = m.start()
            if inside(pos):
                continue
            word = _previous_word(text, pos)
            # "U.S." and "Mr." do not end sentences; "J." (an initial) neither
            if word.rstrip(".") in ABBREVIATIONS or _INITIALS.fullmatch(word):
                continue
            if _LIST_NUMBER.fullmatch(text, start, pos):
                continue  # "1. China — $240.1 bn": a numbered item's marker ends nothing
            if pos > cut:
                pieces.append((cut, pos, paragraph))
            cut = m.end()
        if end > cut and text[cut:end].strip():
            pieces.append((cut, end, paragraph))
        paragraph += 1
    sentences: list[Sentence] = []
    index = 0  # a sentence's index counts the blank pieces dropped below
    for start, end, paragraph in pieces:
        for piece_start, piece_end in _cap_length(text, start, end, inside):
            sentence = _trimmed(text, piece_start, piece_end, paragraph, index)
            if sentence is not None:
                sentences.append(sentence)
            index += 1
    return sentences


def _boundaries(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of `_BOUNDARY.finditer(text, start, end)`, tried only right after a '.',
    '!' or '?' (its look-behind), where `re` would try every position. An empty match moves
    the search one position on, a longer one to its end, as `finditer` does."""
    resume = start
    for stop in _STOP.finditer(text, max(0, start - 1), end):
        at = stop.end()
        if at < resume:
            continue
        m = _BOUNDARY.match(text, at, end)
        if m is not None:
            yield m
            resume = m.end() if m.end() > at else at + 1


def _trimmed(text: str, start: int, end: int, paragraph: int, index: int) -> Sentence | None:
    """The sentence without the whitespace around it; None when it is all whitespace."""
    piece = text[start:end]
    left = piece.lstrip()
    if not left:
        return None
    return Sentence(start + len(piece) - len(left), start + len(piece.rstrip()), paragraph, index)


def _cap_length(
    text: str, start: int, end: int, inside: Callable[[int], bool]
) -> list[tuple[int, int]]:
    """Pieces of at most MAX_SENTENCE_CHARS, cut at the last clause mark before the limit."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = None
        for m in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit):
            if not inside(m.end()):
                cut = m.end()
        if cut is None:
            cut = limit
            while cut > start + 1 and inside(cut):
                cut -= 1
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def clause_bounds(
    text: str, start: int, end: int, keep_whole: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Clause spans inside [start, end): split at ; : dashes, ', while' and commas."""
    first = bisect.bisect_left(keep_whole, (start - MAX_SENTENCE_CHARS, 0))
    local = []
    for s, e in keep_whole[first:]:
        if s >= end:
            break
        if e > start:
            local.append((s, e))
    cuts = [start]
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if any(s < m.start() < e for s, e in local):
            continue
        cuts.append(m.end())
    cuts.append(end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


#: A line this short without a closing full stop is a heading or a list item.
HEADING_MAX_CHARS = 120


def is_heading(text: str, sentence: Sentence) -> bool:
    line = text[sentence.start : sentence.end].rstrip()
    return len(line) <= HEADING_MAX_CHARS and not line.endswith((".", "!", "?", '."', ".”'"))


#: A bulleted or numbered line, or a table row ("| 2023 | 240.1 |").
_LIST_ITEM = re.compile(r"[ \t]*(?:[-•*–—]|\d{1,2}[.)])\s|[ \t]*\|")


def is_list_item(text: str, sentence: Sentence) -> bool:
    """A bulleted or numbered line ("- March: $20.1 bn"): an item of the list its heading frames."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return bool(_LIST_ITEM.match(text, line_start)) and line_start >= sentence.start - 4
