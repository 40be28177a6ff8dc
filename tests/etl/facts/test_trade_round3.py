"""Trade figures, third round: each rule about language on sentences written for these tests
in several outlets' styles (wire copy, think-tank prose, a newsletter line, a headline, a
translated state-media sentence, an interview answer). Never article text. A case lists every
record the text must produce, and nothing else (an empty set: nothing may be extracted)."""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.model import Document

Row = tuple[str, str | None, float, str | None]  # metric, entity, value, period
PUBLISHED = "2024-03-15"

C2R_V, C2R_G = "trade.china_to_russia.value", "trade.china_to_russia.growth"
R2C_V, R2C_G = "trade.russia_to_china.value", "trade.russia_to_china.growth"
BI_V, BI_G = "trade.bilateral.value", "trade.bilateral.growth"
BI_T, BI_X = "trade.bilateral.target", "trade.bilateral.multiple"
CN_IN_RU, RU_IN_CN = "trade.share.china_in_russia", "trade.share.russia_in_china"


def rows(text: str, published: str = PUBLISHED) -> set[Row]:
    doc = Document(id="t", text=text, published=date.fromisoformat(published))
    return {(f.metric, f.entity, round(f.value, 4), f.period) for f in extract_document(doc)}


CASES: dict[str, list[tuple[str, str, set[Row]]]] = {
    # an amount written without a currency carries the dollars of a figure just before it in
    # the same paragraph, when no other currency was named since and it counts no thing
    "carried_currency": [
        (
            "2022-07-10",
            "Two-way trade came to 147 billion dollars last year. In the first half of this "
            "year it was already 80.7 billion, and we expect more.",
            {(BI_V, None, 147e9, "2021"), (BI_V, None, 80.7e9, "2022-01/2022-06")},
        ),
        (
            "2019-02-01",
            "China-Russia trade reached $107.1 billion in 2018, Xinhua said; in 2017 it had "
            "been 84.1 billion.",
            {(BI_V, None, 107.1e9, "2018"), (BI_V, None, 84.1e9, "2017")},
        ),
        (  # another currency named since: the bare amount is not dollars
            "2019-02-01",
            "Trade between China and Russia was $107.1 billion in 2018, or 708 billion yuan; "
            "in 2017 it had been 569 billion.",
            {(BI_V, None, 107.1e9, "2018")},
        ),
        (  # a count of people is no money, whatever came before it
            "2024-03-15",
            "Bilateral trade reached $240.1 billion in 2023 between two countries whose "
            "populations total 1.55 billion people.",
            {(BI_V, None, 240.1e9, "2023")},
        ),
        (  # another paragraph: the unit is not carried
            "2019-02-01",
            "China-Russia trade reached $107.1 billion in 2018.\n\nIn 2017 trade with Russia "
            "was 84.1 billion.",
            {(BI_V, None, 107.1e9, "2018")},
        ),
    ],
    # "plus 40.7 percent", "minus 3 percent" right before a figure: a change with its sign
    "spelled_sign": [
        (
            "2023-06-20",
            "In January-May our turnover with China was $93.8 billion, plus 40.7 percent.",
            {(BI_V, None, 93.8e9, "2023-01/2023-05"), (BI_G, None, 40.7, "2023-01/2023-05")},
        ),
        (
            "2016-01-20",
            "Russia-China trade, 2015: $68.0 bn, minus 28.6 percent.",
            {(BI_V, None, 68e9, "2015"), (BI_G, None, -28.6, "2015")},
        ),
        (  # "plus" joining two things is no sign
            "2023-06-20",
            "Russia now supplies pipeline plus seaborne crude to China.",
            set(),
        ),
    ],
    # a country coordinated with the object of a preposition ("with Japan and the United
    # States") is an object too, not the subject whose trade the figure is
    "coordinated_objects": [
        (
            "2003-09-22",
            "Officials said two-way trade was expected to reach about $15 billion for the "
            "whole of 2003, still far behind China's trade with Japan and the United States.",
            {(BI_V, None, 15e9, "2003")},
        ),
        (
            "2010-01-20",
            "Bilateral trade with Russia fell 31.8 percent in 2009, a sharper drop than trade "
            "with Germany or Italy.",
            {(BI_G, None, -31.8, "2009")},
        ),
        (  # a subject that is a third country stays one
            "2010-01-20",
            "Japan and the United States saw bilateral trade fall 20 percent in 2009.",
            set(),
        ),
    ],
    # a goal's year governed by a preposition is its deadline, whatever word follows it
    "deadline_after_preposition": [
        (
            "2024-03-12",
            "Last year trade hit a record $240.1 billion, surpassing the $200 billion goal the "
            "leaders had set for 2024 ahead of schedule.",
            {(BI_V, None, 240.1e9, "2023"), (BI_T, None, 200e9, "2024")},
        ),
        (
            "2019-06-06",
            "The two presidents agreed to raise bilateral trade to $200 billion by 2024 at the "
            "latest.",
            {(BI_T, None, 200e9, "2024")},
        ),
        (  # a year modifying a noun after "the" is no deadline
            "2019-06-06",
            "Under the 2001 friendship treaty, the sides aim to double bilateral trade to "
            "$200 billion.",
            set(),
        ),
    ],
    # "the $200 billion goal that Moscow and Beijing had set", "the $200bn 'by 2024' goal Putin
    # and Xi set": a goal the pair or its leaders set is the pair's trade goal
    "goal_set_by_the_pair": [
        (
            "2024-01-15",
            "The $200 billion goal that Moscow and Beijing had set for 2024 was met a year "
            "early, with trade of $240.1 billion in 2023.",
            {(BI_T, None, 200e9, "2024"), (BI_V, None, 240.1e9, "2023")},
        ),
        (
            "2023-11-08",
            "- With two months to go, the total is already past the $200bn 'by 2024' goal "
            "Xi and Putin set in 2019.",
            {(BI_T, None, 200e9, "2024")},
        ),
        (
            "2021-05-01",
            "The $100 billion objective which the two presidents fixed for 2020 went unmet.",
            {(BI_T, None, 100e9, "2020")},
        ),
        (  # a third pair's goal is not China–Russia's
            "2021-05-01",
            "The $30 billion goal that Russia and Turkey had set for 2023 looks out of reach.",
            set(),
        ),
    ],
}


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [case for group in CASES.values() for case in group],
    ids=[f"{name}-{i}" for name, group in CASES.items() for i in range(len(group))],
)
def test_trade_round3(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected
