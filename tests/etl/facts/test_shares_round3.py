"""Shares written the other way round: the adjective before "share" with the whole after
("the Russian share in the foreign trade of China"), and the whole named up front ("for
China, Russia makes up 3 percent"). Sentences written for this test in several styles;
each case lists every share record it must give, and nothing else.
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.model import Document

CN_IN_RU, RU_IN_CN = "trade.share.china_in_russia", "trade.share.russia_in_china"
Row = tuple[str, float, str | None]


def shares(text: str) -> set[Row]:
    doc = Document(id="t", text=text, published=date(2024, 3, 15))
    return {
        (f.metric, round(f.value, 2), f.period)
        for f in extract_document(doc)
        if f.metric.startswith("trade.share.")
    }


CASES: list[tuple[str, set[Row]]] = [
    # translated state media
    (
        "The Russian share in the foreign trade turnover of China in 2023 was 4.0 percent, "
        "the customs service said.",
        {(RU_IN_CN, 4.0, "2023")},
    ),
    (
        "The Chinese share in the external trade of Russia reached 34.6 percent in 2023.",
        {(CN_IN_RU, 34.6, "2023")},
    ),
    # think-tank prose, the whole named up front in both halves
    (
        "Trade ties are lopsided: for Moscow, Beijing accounted for 34 percent in 2023, "
        "while for Beijing, Moscow made up barely 4 percent.",
        {(CN_IN_RU, 34.0, "2023"), (RU_IN_CN, 4.0, "2023")},
    ),
    # an op-ed in the present tense (the publication year)
    (
        "The imbalance is obvious. For Russia, China is the main partner, accounting for "
        "about a third of its trade; for China, Russia makes up just 3 percent.",
        {(CN_IN_RU, 33.33, "2024"), (RU_IN_CN, 3.0, "2024")},
    ),
    # not trade: the whole up front is a product's suppliers, so no share of trade
    ("For China, Russia makes up just 17 percent of its crude imports by volume.", set()),
    # another country's share in China's trade, written the translated way
    ("The Korean share in the foreign trade of China was 6.1 percent in 2023.", set()),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_shares_written_the_other_way_round(text: str, expected: set[Row]) -> None:
    assert shares(text) == expected


RAIL = "logistics.rail_transit_share"

RAIL_CASES: list[tuple[str, set[tuple[str, str | None, float]]]] = [
    # wire copy, present tense
    (
        "Transit through Kazakhstan makes up about 85% of China-Europe rail freight.",
        {(RAIL, "kazakhstan", 85.0)},
    ),
    # a trade-press sentence in the past tense
    (
        "Freight via Belarus accounted for roughly 90 percent of China-EU rail container "
        "traffic in 2022.",
        {(RAIL, "belarus", 90.0)},
    ),
    # translated copy
    (
        "Traffic through Mongolia represents only 4 percent of the container trains running "
        "between China and Europe, the ministry said.",
        {(RAIL, "mongolia", 4.0)},
    ),
    # not rail transit: a country's share of something else
    ("Transit through Kazakhstan makes up about 40% of the country's budget revenue.", set()),
]


@pytest.mark.parametrize(("text", "expected"), RAIL_CASES)
def test_a_rail_share_led_by_the_route_through_a_country(
    text: str, expected: set[tuple[str, str | None, float]]
) -> None:
    doc = Document(id="t", text=text, published=date(2024, 3, 15))
    found = {(f.metric, f.entity, f.value) for f in extract_document(doc) if f.metric == RAIL}
    assert found == expected
