"""Period mentions and their resolution against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.periods import find_period_mentions, resolve, year_of

PUBLISHED = date(2024, 3, 15)


def periods(text: str, context: str | None = None) -> list[list[str] | None]:
    return [resolve(m, PUBLISHED, context) for m in find_period_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2021", ["2021"]),
        ("in January–September 2023", ["2023-01/2023-09"]),
        ("in January-February 2019", ["2019-01/2019-02"]),
        ("in the first half of 2023", ["2023-01/2023-06"]),
        ("in the first six months of 2022", ["2022-01/2022-06"]),
        ("in the first 11 months of 2015", ["2015-01/2015-11"]),
        ("in Q3 2023", ["2023-07/2023-09"]),
        ("between 2016 and 2020", ["2016/2020"]),
        ("in 2019-2023", ["2019/2023"]),
        ("in the 1990s", ["1990/1999"]),
        ("since 2001", ["2001/2024"]),
        ("last year", ["2023"]),
        ("this year", ["2024"]),
        ("in December alone", ["2023-12"]),
        ("in February", ["2024-02"]),
        ("in January and February", ["2024-01/2024-02"]),
        ("in the first half of this year", ["2024-01/2024-06"]),
        # "so far this year" says where the run starts, not where it ends: no period is written
        # without a month that ends it (../shared/gold/AMBIGUOUS.md, the year-to-date trap)
        ("so far this year", None),
        ("in May 2014", ["2014-05"]),
    ],
)
def test_mentions_resolve_to_contract_periods(text: str, expected: list[str]) -> None:
    assert periods(text) == [expected]


def test_month_lists_give_one_period_each() -> None:
    assert periods("in January, April, July, and October of 2020") == [
        ["2020-01", "2020-04", "2020-07", "2020-10"]
    ]


def test_anaphors_take_the_context() -> None:
    assert periods("in the reporting period", context="2020-01/2020-06") == [["2020-01/2020-06"]]
    assert periods("a year earlier", context="2020") == [["2019"]]
    # a duration said of the period in hand ("in 12 months Beijing bought ...")
    assert periods("in 12 months", context="2020") == [["2020"]]


@pytest.mark.parametrize(
    "text",
    ["a 2,600 km line", "2060 percent", "the second half of his term",
     "Russia may well grow", "13 Jan. 11:45"],
)  # fmt: skip
def test_non_periods(text: str) -> None:
    assert find_period_mentions(text) == []


def test_comparison_bases_are_marked() -> None:
    (mention,) = find_period_mentions("up 2% compared with the first half of 2021")
    assert mention.base
    (mention,) = find_period_mentions("fell 5% in 2015")
    assert not mention.base


def test_rolling_twelve_months_is_not_a_calendar_year() -> None:
    assert periods("over the past 12 months") == [None]


def test_year_of() -> None:
    assert year_of("2023-01/2023-09") == 2023
    assert year_of("2001/2021") == 2021
    assert year_of(None) is None


# ---- part years, written in the usual ways (issue 12, class 1); sentences of our own ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wire copy
        ("Exports climbed from January through October, customs said", ["2023-01/2023-10"]),
        ("between March and May trade eased", ["2023-03/2023-05"]),
        # headline and table styles
        ("Turnover in Q1: $9.9 bn", ["2023-01/2023-03"]),  # the latest Q1 already over
        ("Sino-Russian trade, H2", ["2023-07/2023-12"]),
        # think-tank prose
        ("ten months into the year, the pace of trade had slowed", ["2024-01/2024-10"]),
        ("in the year through the end of February", ["2024-01/2024-02"]),
        # translated state-media style
        ("in January, February and March of this year", ["2024-01/2024-03"]),
    ],
)
def test_runs_of_months_are_part_years(text: str, expected: list[str]) -> None:
    assert [p for p in periods(text) if p] == [expected]


def test_a_possessive_part_year_is_one_mention() -> None:
    (mention,) = find_period_mentions("well ahead of last year's first five months")
    assert resolve(mention, PUBLISHED, None) == ["2023-01/2023-05"]
    (mention,) = find_period_mentions("compared with 2021's second quarter")
    assert mention.base and resolve(mention, PUBLISHED, None) == ["2021-04/2021-06"]


@pytest.mark.parametrize(
    "text",
    [
        "a gain of 4% on the same months of 2019",  # wire
        "up 12 percent over the corresponding period a year earlier",  # state media
        "a rise on last year's first half",  # think tank
        "11% higher than in April",  # monthly wire
        "compared with the same stretch of 2018",
    ],
)
def test_comparison_bases_in_other_wordings(text: str) -> None:
    found = find_period_mentions(text)
    assert found and all(m.base for m in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Over the first seven months of this year, trade grew",
        "From January to June, shipments rose",
        "on Tuesday the ministry said that in 2022 trade rose",
    ],
)
def test_time_words_that_are_not_bases(text: str) -> None:
    assert not any(m.base for m in find_period_mentions(text))


def test_same_period_reads_against_the_anchor() -> None:
    (mention,) = find_period_mentions("compared with the same period last year")
    assert resolve(mention, PUBLISHED, None, anchor="2024-01/2024-04") == ["2023-01/2023-04"]
    (mention,) = find_period_mentions("against the same months of 2021")
    assert resolve(mention, PUBLISHED, None, anchor="2024-01/2024-09") == ["2021-01/2021-09"]
    (mention,) = find_period_mentions("versus a year earlier")
    assert resolve(mention, PUBLISHED, None, anchor="2019-01/2019-06") == ["2018-01/2018-06"]
    (mention,) = find_period_mentions("compared with the same period")
    assert resolve(mention, PUBLISHED, None) is None  # nothing to read it against: drop


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the six months to June", ["2023-01/2023-06"]),  # a business daily
        ("in the three months ended September 2022", ["2022-07/2022-09"]),  # a filing
        ("the January-to-September figure", ["2023-01/2023-09"]),  # a think tank
        ("trade in Q1-Q3 2021", ["2021-01/2021-09"]),  # a markets note
        ("as of end-October", ["2023-01/2023-10"]),  # a translated ministry statement
        ("by the end of February 2024", ["2024-01/2024-02"]),  # wire
    ],
)
def test_more_runs_of_months(text: str, expected: list[str]) -> None:
    assert [p for p in periods(text) if p] == [expected]


@pytest.mark.parametrize(
    "text", ["over the past nine months", "in the last six months", "the trailing 12 months"]
)
def test_rolling_windows_are_not_calendar_periods(text: str) -> None:
    assert periods(text) == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the first half of the year", ["2023-01/2023-06"]),  # the latest one ended
        ("over the first two months of the year", ["2024-01/2024-02"]),  # wire
        ("for the fourth quarter of the year", ["2023-10/2023-12"]),  # the latest one published
    ],
)
def test_part_years_of_the_year_in_hand(text: str, expected: list[str]) -> None:
    assert [p for p in periods(text) if p] == [expected]


def test_possessives_with_a_modifier_letter_apostrophe() -> None:
    # some sites type U+02BC for the apostrophe ("this yearʼs figure")
    (mention,) = find_period_mentions("this yearʼs figure")
    assert resolve(mention, PUBLISHED, None) == ["2024"]
