"""Who reported each figure (`Fact.reporter`), from the spellings in `data/reporters.yaml`.

A reporter named in the figure's own sentence is its reporter (the nearest mention to the
figure when several are named); otherwise the last reporter named earlier in the document
governs the figure, as "according to China's customs" in a lead paragraph governs the
figures that follow it until another source is named (a sentence naming two sources governs
nothing after it); a headline takes the source of the lead below it. No mention:
`unattributed`.

Pure and self-contained: the text, its sentences and the facts in; the facts with their
reporter out (`extract.extract_document` calls `assign_reporters` once per document).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import yaml

from etl.facts import scan
from etl.facts.catalog import DATA_DIR
from etl.facts.text import Sentence
from etl.model import Fact

REPORTERS_FILE = "reporters.yaml"
UNATTRIBUTED = "unattributed"
#: A headline names no source; the lead paragraph after it does ("Trade up 1.7 %" / "...,
#: the Chinese customs said"): a figure in the first paragraph with no source before it
#: takes the first source named in the first LEAD_PARAGRAPHS paragraphs.
LEAD_PARAGRAPHS = 2


@dataclass(frozen=True)
class Reporter:
    id: str
    label: str
    basis: str | None  # the customs statistics its trade figures are on, if any
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    reporter: str


@cache
def load_reporters() -> tuple[Reporter, ...]:
    raw = yaml.safe_load((DATA_DIR / REPORTERS_FILE).read_text(encoding="utf-8"))
    reporters = []
    for reporter_id, spec in raw["reporters"].items():
        pattern = "|".join(f"(?:{s})" for s in spec["spellings"])
        reporters.append(
            Reporter(
                id=reporter_id,
                label=spec["label"],
                basis=spec.get("basis"),
                pattern=re.compile(pattern, re.IGNORECASE),
            )
        )
    return tuple(reporters)


def reporter_labels() -> dict[str, str]:
    """Reporter id → label, `unattributed` included."""
    return {UNATTRIBUTED: "unattributed", **{r.id: r.label for r in load_reporters()}}


def reporter_basis() -> dict[str, str | None]:
    """Reporter id → the customs basis of its trade figures (None: no basis of its own)."""
    return {UNATTRIBUTED: None, **{r.id: r.basis for r in load_reporters()}}


def mentions(text: str) -> list[Mention]:
    """Every reporter named in the text, in order (overlaps go to the longer mention)."""
    found = [
        Mention(m.start(), m.end(), reporter.id)
        for reporter in load_reporters()
        for m in scan.finditer(reporter.pattern, text)  # only where a name can start
    ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def normalise(name: str | None) -> str:
    """The reporter id of a name as written ("China's General Administration of Customs")."""
    if name:
        for mention in mentions(name):
            return mention.reporter
    return UNATTRIBUTED


def _sentence_of(sentences: Sequence[Sentence], starts: list[int], pos: int) -> Sentence | None:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sentences[i].start <= pos < max(sentences[i].end, sentences[i].start + 1):
        return sentences[i]
    return None


def reporter_for(
    fact: Fact,
    found: Sequence[Mention],
    sentences: Sequence[Sentence],
    starts: list[int],
    mention_starts: list[int],
) -> str:
    """The reporter of one fact; `found` sorted by start (`mention_starts`), `starts` the
    sentence starts. Bisection keeps many figures and many mentions n log n."""

    def between(begin: int, end: int) -> Sequence[Mention]:
        low = bisect.bisect_left(mention_starts, begin)
        return found[low : bisect.bisect_left(mention_starts, end)]

    sentence = _sentence_of(sentences, starts, fact.start)
    begin, end = (sentence.start, sentence.end) if sentence else (fact.start, fact.end)
    inside = between(begin, end)
    if inside:
        return min(inside, key=lambda m: abs(m.start - fact.start)).reporter
    last_before = bisect.bisect_left(mention_starts, begin) - 1
    if last_before >= 0:
        # The sentence that named a source last governs; naming two ("1.1 % according to
        # Chinese customs, 1.6 % according to Russian customs") governs nothing after it.
        last = found[last_before]
        governing = _sentence_of(sentences, starts, last.start)
        named = (
            {m.reporter for m in between(governing.start, governing.end)}
            if governing
            else {last.reporter}
        )
        return last.reporter if len(named) == 1 else UNATTRIBUTED
    if sentence is not None and sentence.paragraph == 0:
        lead_end = next(
            (s.start for s in sentences if s.paragraph >= LEAD_PARAGRAPHS), sentences[-1].end
        )
        lead = between(0, lead_end)
        if lead:
            return lead[0].reporter
    return UNATTRIBUTED


def assign_reporters(text: str, sentences: Sequence[Sentence], facts: list[Fact]) -> list[Fact]:
    """The facts, each with its reporter."""
    if not facts:
        return facts
    found = mentions(text)
    ordered = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    at = [m.start for m in found]
    return [replace(f, reporter=reporter_for(f, found, ordered, starts, at)) for f in facts]
