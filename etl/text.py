"""Sentences and clauses with character offsets into the document text.

A sentence never ends inside a recognised figure (a page may split "$50.58 billion" across a
paragraph break), so the splitter is told which spans to keep whole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
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
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|:\s|\s[–—]\s|,\s+(?=(?:while|whereas|but|although|though|and|which|in\s+\d{4}|as)\b)"
    r"|\s+(?:while|whereas)\s+|,\s)"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int


def _previous_word(text: str, pos: int) -> str:
    match = re.search(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)\.$", text[max(0, pos - 12) : pos])
    return match.group(1).lower() if match else ""


def split_sentences(text: str, keep_whole: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """Sentences of the text; boundaries never fall inside a span of `keep_whole`."""

    def inside(pos: int) -> bool:
        return any(start < pos < end for start, end in keep_whole)

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
            if pos > cut:
                sentences.append(Sentence(cut, pos, paragraph, len(sentences)))
            cut = m.end()
        if end > cut and text[cut:end].strip():
            sentences.append(Sentence(cut, end, paragraph, len(sentences)))
        paragraph += 1
    return [_trim(text, s) for s in sentences if text[s.start : s.end].strip()]


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
    cuts = [start]
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if any(s < m.start() < e for s, e in keep_whole):
            continue
        cuts.append(m.end())
    cuts.append(end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
