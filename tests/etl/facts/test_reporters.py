"""Reporter recognition: the many spellings of one reporter normalise to one id; a figure
takes the reporter of its sentence, else the last one named before it, and a headline the
source of its lead. Sentences written here."""

from __future__ import annotations

import pytest

from etl.facts.extract import extract_document
from etl.facts.reporters import UNATTRIBUTED, normalise
from etl.model import Document


@pytest.mark.parametrize(
    ("name", "reporter"),
    [
        ("China's General Administration of Customs", "china_customs"),
        (
            "General Administration of Customs, People's Republic of China",
            "china_customs",
        ),
        ("Chinese customs data", "china_customs"),
        ("China’s customs department", "china_customs"),
        ("Chinse customs", "china_customs"),
        ("the GAC", "china_customs"),
        ("Russia's Federal Customs Service", "russia_customs"),
        ("Russian customs statistics", "russia_customs"),
        ("the FCS", "russia_customs"),
        ("China's Ministry of Commerce", "china_ministry"),
        ("the Chinese commerce ministry", "china_ministry"),
        ("Russia's Economic Development Ministry", "russia_ministry"),
        ("Gazprom", "company"),
        ("CNPC", "company"),
        ("TASS", UNATTRIBUTED),  # a news agency relays a figure, it does not report it
        (None, UNATTRIBUTED),
    ],
)
def test_spellings_normalise_to_one_reporter(name: str | None, reporter: str) -> None:
    assert normalise(name) == reporter


def reporters(text: str) -> dict[tuple[str, str | None], str]:
    doc = Document(id="own-words", text=text)
    return {(f.metric, f.period): f.reporter for f in extract_document(doc)}


def test_a_source_governs_the_sentences_after_it_until_another_is_named() -> None:
    text = (
        "Trade between China and Russia rose 5.5% to $120.3 billion in 2031, "
        "according to China's General Administration of Customs.\n\n"
        "In 2030, trade between China and Russia reached $114.0 billion.\n\n"
        "Russia's Federal Customs Service put trade between Russia and China at $118.1 billion "
        "in 2029."
    )
    found = reporters(text)
    assert found[("trade.bilateral.value", "2031")] == "china_customs"
    assert found[("trade.bilateral.value", "2030")] == "china_customs"  # inherited
    assert found[("trade.bilateral.value", "2029")] == "russia_customs"


def test_a_headline_takes_the_source_of_its_lead_and_no_source_is_unattributed() -> None:
    headline = (
        "China-Russia trade up 4.1% to $98 billion in 2032\n\n"
        "Trade between China and Russia rose 4.1% to $98.02 billion in 2032, Chinese customs "
        "data showed.\n"
    )
    assert reporters(headline)[("trade.bilateral.value", "2032")] == "china_customs"
    plain = "Trade between China and Russia reached $77.7 billion in 2033."
    assert reporters(plain)[("trade.bilateral.value", "2033")] == UNATTRIBUTED


def test_a_sentence_naming_two_sources_governs_nothing_after_it() -> None:
    text = (
        "Trade between China and Russia grew 2.1% according to Chinese customs and 2.6% "
        "according to Russian customs in 2034.\n\n"
        "Trade between China and Russia reached $130.5 billion in 2034."
    )
    assert reporters(text)[("trade.bilateral.value", "2034")] == UNATTRIBUTED
