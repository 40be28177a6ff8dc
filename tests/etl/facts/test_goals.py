"""Goals, forecasts and ranges (issue 12, class 7) on sentences written for this test."""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.model import Document

Row = tuple[str, float, str | None, str, str]  # metric, value, period, qualifier, status


def rows(text: str, published: str) -> set[Row]:
    doc = Document(id="t", text=text, published=date.fromisoformat(published))
    return {
        (f.metric, round(f.value, 6), f.period, f.qualifier, f.status)
        for f in extract_document(doc)
    }


TARGET, VALUE = "trade.bilateral.target", "trade.bilateral.value"


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # translated state media: "their intention to bring it to"
            "2012-06-06",
            "The presidents reaffirmed their intention to bring bilateral trade to 100 billion "
            "US dollars by 2015.",
            {(TARGET, 100e9, "2015", "exact", "target")},
        ),
        (  # wire: a goal's range whose first end borrows the currency of the second
            "2005-07-02",
            "The leaders set the goal of lifting two-way trade to between 60 billion and 80 "
            "billion dollars by 2010, an aide said.",
            {(TARGET, 60e9, "2010", "at_least", "target"),
             (TARGET, 80e9, "2010", "at_most", "target")},
        ),
        (  # think tank: a goal met early, then what trade did
            "2024-02-01",
            "The $200 billion trade goal the two capitals had set for 2024 was met a year early, "
            "with turnover of $240.1 billion in 2023.",
            {(TARGET, 200e9, "2024", "exact", "target"),
             (VALUE, 240.1e9, "2023", "exact", "actual")},
        ),
        (  # business press: a forecast that trade will recover
            "2016-03-10",
            "Russia-China trade is set to recover to about $70 billion this year, bankers said.",
            {(VALUE, 70e9, "2016", "approx", "projection")},
        ),
    ],
)  # fmt: skip
def test_goals_and_forecasts(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected
