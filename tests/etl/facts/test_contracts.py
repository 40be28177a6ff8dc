"""A contract's value is recorded only for a contract the catalog knows.

A sum of money paid for one commodity in a year (crude bought from Russia, gas sales to
China) is trade in that commodity: not a catalog fact, and never a made-up contract id.
Sentences written for this test, in several outlets' styles.
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.model import Document

CONTRACT = "energy.contract.value"


def contract_rows(text: str) -> set[tuple[str | None, float, str | None]]:
    doc = Document(id="t", text=text, published=date(2024, 3, 15))
    return {(f.entity, f.value, f.period) for f in extract_document(doc) if f.metric == CONTRACT}


@pytest.mark.parametrize(
    "text",
    [
        # wire copy
        "Crude oil purchases from Russia were worth $60.6 billion in 2023, customs data show.",
        # think-tank prose
        "Gas bought from Russia was worth some $9.6 billion in 2022, on our estimate, a "
        "fraction of what Beijing pays for liquefied cargoes.",
        # translated state media
        "The oil imported from Russia was worth 41.5 billion US dollars in 2021.",
        # headline
        "Russian crude purchases by China worth $60.6 bln in 2023",
    ],
)
def test_money_paid_for_a_commodity_is_not_a_contract(text: str) -> None:
    assert contract_rows(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Gazprom and CNPC signed a 30-year, $400 billion gas supply contract in 2014.",
        "In May 2014 Gazprom and CNPC signed the $400 billion deal for gas via Power of Siberia.",
    ],
)
def test_the_catalog_contract_is_still_read(text: str) -> None:
    assert contract_rows(text) == {("power_of_siberia_2014", 400e9, "2014")}
