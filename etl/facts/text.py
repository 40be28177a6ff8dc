"""Sentences and clauses with character offsets into the document text.

A sentence never ends inside a recognised figure (a page may split "$50.58 billion" across a
paragraph break), so the splitter is told which spans to keep whole.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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


def _previous_word(text: str, pos: int) -> str:
    match = re.search(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)\.$", text[max(0, pos - 12) : pos])
    return match.group(1).lower() if match else ""


def split_sentences(text: str, keep_whole: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """Sentences of the text; boundaries never fall inside a span of `keep_whole`."""

    spans = sorted(keep_whole)
    starts = [start for start, _ in spans]

    def inside(pos: int) -> bool:
        """Is pos strictly inside a kept span? (bisect: spans do not overlap)"""
        i = bisect.bisect_left(starts, pos) - 1
        return i >= 0 and spans[i][0] < pos < spans[i][1]

    sentences: list[Sentence] = []
    paragraph = 0
    line_start = 0
    lines: list[tuple[int, int]] = []
    for m in _LINE_BREAK.finditer(text):
        if inside(m.start()):
            continue
        lines.append((line_start, m.start()))
        line_start = m.end()
    lines.append((line_start, len(text)))
    for start, end in lines:
        cut = start
        for m in _BOUNDARY.finditer(text, start, end):
            pos = m.start()
            if inside(pos):
                continue
            word = _previous_word(text, pos)
            # "U.S." and "Mr." do not end sentences; "J." (an initial) neither
            if word.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[a-z](?:\.[a-z])*", word):
                continue
            if _LIST_NUMBER.fullmatch(text, start, pos):
                continue  # "1. China — $240.1 bn": a numbered item's marker ends nothing
            if pos > cut:
                sentences.append(Sentence(cut, pos, paragraph, len(sentences)))
            cut = m.end()
        if end > cut and text[cut:end].strip():
            sentences.append(Sentence(cut, end, paragraph, len(sentences)))
        paragraph += 1
    bounded: list[Sentence] = []
    for sentence in sentences:
        for start, end in _cap_length(text, sentence.start, sentence.end, inside):
            bounded.append(Sentence(start, end, sentence.paragraph, len(bounded)))
    return [_trim(text, s) for s in bounded if text[s.start : s.end].strip()]


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


def _trim(text: str, sentence: Sentence) -> Sentence:
    start, end = sentence.start, sentence.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, sentence.paragraph, sentence.index)


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
