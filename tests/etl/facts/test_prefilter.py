"""The literal-prefix prefilter may skip a regex only when it cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.facts.cues import load_cues
from etl.facts.prefilter import literal_prefixes, may_match

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"

OWN_TEXTS = [
    "China's trade with Russia rose 26.3% to a record $240.1 billion in 2023.",
    "Meanwhile, trade between the United States and China fell; the EU's trade with Russia too.",
    "Russian gas supplies to China via the Power of Siberia reached 22.7 bcm, Gazprom said.",
    "The Skovorodino–Mohe spur ships 30 million tons a year; Soyuz Vostok is planned.",
    "Russia is China's second-largest supplier of crude oil and a top LNG seller.",
    "About 85 percent of China–Europe rail freight transits through Belarus.",
    "The trade imbalance between the two countries totaled $42 billion.",
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bcapacity\b", ("capaci",)),  # prefixes stop at six letters
        (r"\b(?:exports?|imports?)\s+to", ("export", "import")),
        (r"(?:the\s+)?Power\s+of", ("power", "the")),
        (r"\s*border", None),
        (r"[A-Z]\w+ said", None),
    ],
)
def test_literal_prefixes(pattern: str, expected: tuple[str, ...] | None) -> None:
    prefixes = literal_prefixes(re.compile(pattern, re.IGNORECASE))
    if expected is None:
        assert prefixes is None
    else:
        assert prefixes is not None and set(prefixes) == set(expected)


def _texts() -> list[str]:
    texts = list(OWN_TEXTS)
    if CORPUS.is_dir():  # read at test time only: article text never enters the repository
        texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return texts


def test_no_cue_match_is_ever_hidden_by_the_prefilter() -> None:
    cues = load_cues()
    checked = 0
    for frame in cues.frames:
        for pattern, prefixes in zip(frame.patterns, frame.prefixes, strict=True):
            for text in _texts():
                for line in text.splitlines():
                    if pattern.search(line):
                        checked += 1
                        assert may_match(prefixes, line.lower()), (frame.id, pattern.pattern)
    assert checked > 20
