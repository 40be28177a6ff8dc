"""Replay every input the fuzzer ever kept (tests/etl/facts/fuzz_regressions/).

Each file must load and extract without any exception other than `LoadError`, with the
facts' invariants intact (`bench.fuzz.one_input` checks them). With no file kept yet the
suite still checks that the folder exists and that the replay itself detects a failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
if str(REPO) not in sys.path:  # bench/ is a folder of the repo, not an installed package
    sys.path.insert(0, str(REPO))

from bench.fuzz import REGRESSIONS, one_input, split_input  # noqa: E402

FOLDER = Path(__file__).resolve().parent / "fuzz_regressions"
INPUTS = sorted(
    p for p in FOLDER.glob("*") if p.is_file() and not p.name.startswith(".") and p.suffix != ".md"
)


def test_the_fuzzer_keeps_its_inputs_in_this_folder() -> None:
    assert FOLDER.is_dir()
    assert REGRESSIONS.resolve() == FOLDER


def test_replay_detects_a_contract_breaking_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import etl.facts.extract
    from etl.model import Fact

    def broken(doc: object, *args: object, **kwargs: object) -> list[Fact]:
        return [Fact("x", "geo.border_length", None, float("nan"), "km", None, start=0, end=1)]

    monkeypatch.setattr(etl.facts.extract, "extract_document", broken)
    with pytest.raises(AssertionError, match="not finite"):
        one_input(b"\x00Some text with 4,200 km of border.")


def test_split_input_picks_the_type_from_the_first_byte() -> None:
    assert split_input(b"") == ("fuzz.txt", b"")
    assert split_input(b"\x00abc") == ("fuzz.txt", b"abc")
    assert split_input(b"\x01abc") == ("fuzz.md", b"abc")
    assert split_input(b"\x05<p>") == ("fuzz.html", b"<p>")


def test_every_kept_input_replays_cleanly() -> None:
    failures: list[str] = []
    for path in INPUTS:
        try:
            one_input(path.read_bytes())  # raises on anything but LoadError or a clean result
        except Exception as exc:
            failures.append(f"{path.name}: {exc.__class__.__name__}: {exc}")
    assert failures == [], f"{len(failures)} of {len(INPUTS)} kept fuzz inputs fail"
