"""The extraction scores the README quotes are the ones `make score` prints today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.score import CORPUS, corpus_scores

README = Path(__file__).resolve().parents[2] / "README.md"
#: README wording → the `make score` group it quotes.
QUOTED = {
    "the 28 original articles": "original_28",
    "the 21 added last": "added_21",
    "all 49": "all_49",
    "the phrasebook": "phrasebook_all",
}

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"../shared corpus not found at {CORPUS}"),
]


def quoted_scores() -> dict[str, tuple[float, float]]:
    text = " ".join(README.read_text(encoding="utf-8").split())
    found = {}
    for words, group in QUOTED.items():
        match = re.search(rf"{re.escape(words)} P (\d\.\d{{3}}) R (\d\.\d{{3}})", text)
        assert match, f"README.md no longer quotes '{words} P ... R ...'"
        found[group] = (float(match[1]), float(match[2]))
    return found


def test_the_readme_quotes_what_make_score_prints(tmp_path: Path) -> None:
    scores = corpus_scores(tmp_path)
    for group, (precision, recall) in quoted_scores().items():
        printed = (round(scores[group].precision, 3), round(scores[group].recall, 3))
        assert printed == (precision, recall), (
            f"README.md quotes {group} P {precision:.3f} R {recall:.3f}; `make score` prints "
            f"P {printed[0]:.3f} R {printed[1]:.3f}: update the README"
        )
