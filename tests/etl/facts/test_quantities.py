"""Stage 2 recognisers, on sentences written for these tests."""

from __future__ import annotations

import pytest

from etl.facts.quantities import find_quantities, parse_number


def one(text: str, kind: str | None = None):
    found = [q for q in find_quantities(text) if kind is None or q.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("turnover was $10.7 billion", 10.7e9),
        ("a total of US$240.1 billion", 240.1e9),
        ("around $ 200 billion in all", 200e9),
        ("worth USD 190bn last year", 190e9),
        ("some $16 Bln of goods", 16e9),
        ("exports of $5.2 bln", 5.2e9),
        ("a $1.2 trillion economy", 1.2e12),
        ("95.4 billion U.S. dollars in total", 95.4e9),
        ("$190,27 billion (decimal comma)", 190.27e9),
        ("$4,200 million", 4.2e9),
        ("exports rose to $50.\n\n58 billion in the period", 50.58e9),
    ],
)
def test_money_in_dollars(text: str, value: float) -> None:
    q = one(text, "money")
    assert q.unit == "usd"
    assert q.value == pytest.approx(value)


def test_money_span_covers_the_figure_only() -> None:
    text = "It reached $147 billion."
    q = one(text, "money")
    assert text[q.start : q.end] == "$147 billion"


def test_price_per_barrel_is_its_own_unit() -> None:
    q = one("a discount of $1.50 per barrel", "price")
    assert (q.value, q.unit) == (1.5, "usd_per_barrel")


def test_other_currencies_are_not_dollars() -> None:
    assert not [q for q in find_quantities("trade of 61.3 billion yuan") if q.kind == "money"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("up 10.5 percent", 10.5), ("35% higher", 35), ("3 per cent", 3), ("12,8% more", 12.8),
     ("1.7 pc year on year", 1.7)],
)  # fmt: skip
def test_percentages(text: str, value: float) -> None:
    assert one(text, "percent").value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a capacity of 36 bcm/year", 36, "bcm_per_year"),
        ("50 bcm a year", 50, "bcm_per_year"),
        ("38 billion cubic metres of gas annually", 38, "bcm_per_year"),
        ("8.5 bln cubic meters in total", 8.5, "bcm"),
        ("delivered 22.7 bcm", 22.7, "bcm"),
        ("1.2 trillion cubic meters", 1200, "bcm"),
    ],
)
def test_gas_volumes_and_rates(text: str, value: float, unit: str) -> None:
    q = one(text, "volume")
    assert (q.value, q.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("30 million tons a year", 30, "mt_per_year"),
        ("83.57 mln tonnes of oil", 83.57, "mt"),
        ("107 million metric tons", 107, "mt"),
        ("a 15 Mtpa line", 15, "mt_per_year"),
    ],
)
def test_oil_masses_and_rates(text: str, value: float, unit: str) -> None:
    q = one(text, "mass")
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_lengths_in_km_and_miles() -> None:
    assert one("their 4,200-kilometer border", "length").value == 4200
    assert one("a 2,600 km line", "length").value == 2600
    assert one("some 100 miles long", "length").value == pytest.approx(160.9344)


@pytest.mark.parametrize(
    ("text", "value"),
    [("a fourteenfold increase", 14), ("grew 3-fold", 3), ("trade tripled", 3),
     ("more than doubled", 2), ("ten times larger", 10)],
)  # fmt: skip
def test_multiples(text: str, value: float) -> None:
    assert one(text, "multiple").value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("one-tenth of it", 0.1), ("a third of them", 1 / 3), ("half the size", 0.5),
     ("two-thirds of exports", 2 / 3)],
)  # fmt: skip
def test_fractions_in_words(text: str, value: float) -> None:
    assert one(text, "fraction").value == pytest.approx(value)


def test_first_half_of_a_year_is_a_period_not_a_fraction() -> None:
    assert not [q for q in find_quantities("in the first half of 2023") if q.kind == "fraction"]


@pytest.mark.parametrize(
    ("text", "rank"),
    [("the second-largest supplier", 2), ("its third largest provider", 3),
     ("the top supplier", 1), ("ranked second after X", 2), ("the largest supplier of oil", 1)],
)  # fmt: skip
def test_ranks(text: str, rank: int) -> None:
    assert one(text, "rank").value == rank


def test_ordinals_and_years_are_not_quantities() -> None:
    assert find_quantities("the 376th issue, published in 2060, on June 28") == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("nearly $140 billion", "approx"), ("about 20 percent", "approx"),
     ("some $400 billion", "approx"), ("more than 83.57 mln tonnes", "at_least"),
     ("over $107 bln", "at_least"), ("less than 3 percent", "at_most"),
     ("up to 50 bcm a year", "at_most"), ("almost 30 percent", "approx"),
     ("exactly $5 billion", "exact"), ("imports went up to $8.97 billion", "exact")],
)  # fmt: skip
def test_markers_that_change_meaning(text: str, qualifier: str) -> None:
    assert find_quantities(text)[-1].qualifier == qualifier


def test_parse_number_reads_thousands_and_decimal_commas() -> None:
    assert parse_number("4,200") == 4200
    assert parse_number("1,234,567") == 1234567
    assert parse_number("190,27") == 190.27
    assert parse_number("12,8") == 12.8
    assert parse_number("50.\n\n58") == 50.58
