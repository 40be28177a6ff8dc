"""Period choice by role (issue 12, classes 1, 2 and 5): part years, baselines and monthly
changes, each rule on sentences written for this test in several outlets' styles."""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.model import Document

Row = tuple[str, float, str | None]  # metric, value, period


def rows(text: str, published: str) -> set[Row]:
    doc = Document(id="t", text=text, published=date.fromisoformat(published))
    return {(f.metric, round(f.value, 6), f.period) for f in extract_document(doc)}


TV, TG = "trade.bilateral.value", "trade.bilateral.growth"


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # wire copy: "from ... through ..." is the run, "the same months of" its base
            "2021-06-08",
            "Sino-Russian trade came to $55.4 billion from January through May, up 12.5 percent "
            "on the same months of 2020, customs data showed.",
            {(TV, 55.4e9, "2021-01/2021-05"), (TG, 12.5, "2021-01/2021-05")},
        ),
        (  # headline style: a yearless quarter
            "2020-10-20",
            "Russia-China turnover slips 4.1% to $27.3 billion in Q3",
            {(TV, 27.3e9, "2020-07/2020-09"), (TG, -4.1, "2020-07/2020-09")},
        ),
        (  # think-tank prose: months into the year; "on the same period last year" is a base
            "2017-11-09",
            "Ten months into the year, trade between Russia and China had reached $69 billion, "
            "up 22 percent on the same period last year.",
            {(TV, 69e9, "2017-01/2017-10"), (TG, 22.0, "2017-01/2017-10")},
        ),
        (  # translated state media: "over the first N months of this year" is the period
            "2019-08-09",
            "Over the first seven months of this year, China-Russia trade volume grew by "
            "4.5 percent to 61 billion US dollars.",
            {(TV, 61e9, "2019-01/2019-07"), (TG, 4.5, "2019-01/2019-07")},
        ),
        (  # a table line: the heading's year frames yearless quarters
            "2018-07-20",
            "China–Russia trade, 2018 — Q1: $24.1 bn (+28% y/y); Q2: $25.8 bn (+20% y/y)",
            {(TV, 24.1e9, "2018-01/2018-03"), (TG, 28.0, "2018-01/2018-03"),
             (TV, 25.8e9, "2018-04/2018-06"), (TG, 20.0, "2018-04/2018-06")},
        ),
    ],
)  # fmt: skip
def test_part_years(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # wire: the base figure takes the same months a year earlier
            "2022-05-10",
            "Trade between China and Russia in January-April came to $51.1 billion, compared "
            "with $39.9 billion in the same period last year.",
            {(TV, 51.1e9, "2022-01/2022-04"), (TV, 39.9e9, "2021-01/2021-04")},
        ),
        (  # think tank: "versus ... a year earlier" after a half year
            "2018-07-13",
            "Bilateral trade in the first half reached $49.2 billion, versus $39.4 billion a "
            "year earlier.",
            {(TV, 49.2e9, "2018-01/2018-06"), (TV, 39.4e9, "2017-01/2017-06")},
        ),
        (  # state media: "up from ... the year before" belongs to the base figure only
            "2019-01-14",
            "China-Russia trade rose 27.1 percent in 2018 to 107.06 billion US dollars, from "
            "84.2 billion dollars the year before.",
            {(TG, 27.1, "2018"), (TV, 107.06e9, "2018"), (TV, 84.2e9, "2017")},
        ),
        (  # a possessive year before the figure
            "2016-01-20",
            "Last year's Russia-China trade of $68 billion fell far short of 2014's $95.3 billion.",
            {(TV, 68e9, "2015"), (TV, 95.3e9, "2014")},
        ),
    ],
)  # fmt: skip
def test_baselines_take_their_own_period(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # wire: a change from the month before is not a growth record
            "2024-02-07",
            "In January, China-Russia trade rose 3.4 percent from December to $19.4 billion.",
            {(TV, 19.4e9, "2024-01")},
        ),
        (  # markets newsletter: m/m and y/y side by side
            "2023-07-13",
            "June turnover between China and Russia: $20.3 billion, down 2.9% m/m but up "
            "10.4% y/y.",
            {(TV, 20.3e9, "2023-06"), (TG, 10.4, "2023-06")},
        ),
        (  # translated: "than in the previous month"
            "2022-09-08",
            "In August, trade between Russia and China was 6 percent higher than in the "
            "previous month and 25 percent higher than in August 2021, at $16.8 billion.",
            {(TV, 16.8e9, "2022-08"), (TG, 25.0, "2022-08")},
        ),
    ],
)  # fmt: skip
def test_month_on_month_changes_are_not_growth(
    published: str, text: str, expected: set[Row]
) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # a trade-press headline: "1Q'2022"
            "2022-04-14",
            "Russia-China trade turnover in 1Q'2022 up 28.7% YoY to $38.2 bln",
            {(TV, 38.2e9, "2022-01/2022-03"), (TG, 28.7, "2022-01/2022-03")},
        ),
        (  # wire: "the first three quarters"
            "2015-10-13",
            "Russian-Chinese commerce over the first three quarters totalled $51.7 billion, "
            "down 29.6 percent from a year earlier.",
            {(TV, 51.7e9, "2015-01/2015-09"), (TG, -29.6, "2015-01/2015-09")},
        ),
    ],
)  # fmt: skip
def test_quarter_spellings(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text"),
    [
        ("2023-10-19", "Russia has shipped more than 70 million tons of oil to China in 2023."),
        ("2019-06-02", "This year, trade between Russia and China has already hit $50 billion."),
        ("2024-08-30", "Gazprom has delivered 18 bcm of gas to China via Power of Siberia in 2024"),
    ],
)
def test_a_flow_total_for_an_unfinished_year_is_left_out(published: str, text: str) -> None:
    # before the year is over, "in 2023" is a year-to-date total whose months are unsaid
    assert not {r for r in rows(text, published) if r[2] == published[:4]}


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # wire: one move month-on-month, its parts with it
            "2024-01-12",
            "In December alone, China-Russia trade jumped 5.2% month-on-month to $20.5bn, helped "
            "by a 4.4% rise in imports from Russia.",
            {(TV, 20.5e9, "2023-12")},
        ),
        (  # a part that states its own year-on-year base keeps it
            "2024-01-12",
            "December trade between China and Russia rose 5.2% month-on-month to $20.5bn, while "
            "imports from Russia were up 9.1% year-on-year.",
            {(TV, 20.5e9, "2023-12"), ("trade.russia_to_china.growth", 9.1, "2023-12")},
        ),
    ],
)  # fmt: skip
def test_a_month_on_month_sentence_governs_its_parts(
    published: str, text: str, expected: set[Row]
) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # business daily: "eleven-month trade"; a base "from the same period a year ago"
            "2024-12-09",
            "Eleven-month trade between Russia and China totaled $222.78 billion, up 2.2% from "
            "the same period a year ago.",
            {(TV, 222.78e9, "2024-01/2024-11"), (TG, 2.2, "2024-01/2024-11")},
        ),
        (  # a level "below" the same month a year earlier is a change
            "2025-02-07",
            "Sino-Russian trade in January 2025 was $18 bn, 7% below the January 2024 level.",
            {(TV, 18e9, "2025-01"), (TG, -7.0, "2025-01")},
        ),
        (  # wire: a base figure in a quarter of its own
            "2016-04-13",
            "In Q1, China-Russia trade declined to $13.7 billion from $15.6 billion in Q1 2015.",
            {(TV, 13.7e9, "2016-01/2016-03"), (TV, 15.6e9, "2015-01/2015-03")},
        ),
        (  # a change with no period in an unfinished year: left out, not guessed
            "2023-10-13",
            "Bilateral trade rose 27% to $176 billion from $138 billion, customs data showed.",
            set(),
        ),
        (  # the next sentence's month is the month, not the half year
            "2020-07-14",
            "Turnover between China and Russia fell 3.3 percent to $48.2 billion in the first "
            "half of 2020. In June alone it rose 12 percent year on year.",
            {(TG, -3.3, "2020-01/2020-06"), (TV, 48.2e9, "2020-01/2020-06"),
             (TG, 12.0, "2020-06")},
        ),
    ],
)  # fmt: skip
def test_periods_in_other_styles(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text"),
    [
        ("2022-04-20", "Turnover with Russia in the first quarter was 19 percent above the same "
                       "quarter of 2019, the ministry said."),
        ("2023-02-01", "Two-way trade in 2022 was up 35% on 2020, before the pandemic slump."),
        ("2024-07-12", "China-Russia trade in January-June rose 41 percent compared with the "
                       "first half of 2021."),
    ],
)  # fmt: skip
def test_growth_against_two_years_back_is_not_a_growth_record(published: str, text: str) -> None:
    assert not {r for r in rows(text, published) if r[0].endswith(".growth")}


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # a dateline is when it was said, not the period of a flow
            "2023-08-20",
            "Customs data released on August 7, 2023 showed trade with Russia rose 31% to "
            "$134 billion in January-July.",
            {(TV, 134e9, "2023-01/2023-07"), (TG, 31.0, "2023-01/2023-07")},
        ),
        (  # ... nor a period of its own when the flow names none: left out
            "2023-08-20",
            "On 7 August 2023 the customs office said trade with Russia reached $134 billion.",
            set(),
        ),
        (  # a contract takes the year of the day it was signed
            "2014-06-01",
            "The 30-year gas deal worth $400 billion was signed in Shanghai on May 21, 2014.",
            {("energy.contract.value", 400e9, "2014")},
        ),
    ],
)  # fmt: skip
def test_datelines(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # wire: the full year after a part year
            "2023-10-20",
            "In the first nine months trade grew 29.5% to $176.4 billion; for the full year it "
            "is set to exceed $200 billion.",
            {(TG, 29.5, "2023-01/2023-09"), (TV, 176.4e9, "2023-01/2023-09"), (TV, 200e9, "2023")},
        ),
        (  # ministry statement: "full-year"
            "2019-11-02",
            "Full-year turnover with China is expected to surpass $110 billion, the ministry said.",
            {(TV, 110e9, "2019")},
        ),
        (  # think tank: "for the year"
            "2014-08-15",
            "Russia-China trade could reach $100 billion for the year, officials say.",
            {(TV, 100e9, "2014")},
        ),
    ],
)  # fmt: skip
def test_the_full_year(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # markets shorthand: "1H22", "H2'21"
            "2022-07-20",
            "Russia-China turnover 1H22: $80.7bn (+27.2% y/y)",
            {(TV, 80.7e9, "2022-01/2022-06"), (TG, 27.2, "2022-01/2022-06")},
        ),
        (  # a bulleted list labelled by months
            "2021-04-15",
            "Russia-China trade by month:\n- February: $10.1 bn\n- March: $11.4 bn",
            {(TV, 10.1e9, "2021-02"), (TV, 11.4e9, "2021-03")},
        ),
        (  # a year written against the figure beats a month elsewhere in the sentence
            "2022-01-14",
            "December trade was $14.8 billion, bringing the 2021 total to a record $146.9 billion.",
            {(TV, 14.8e9, "2021-12"), (TV, 146.9e9, "2021")},
        ),
        (  # the base figure keeps its own year beside "last year's"
            "2016-01-14",
            "Last year's trade between the neighbours shrank 28 percent to $68 billion, from "
            "$95 billion in 2014.",
            {(TG, -28.0, "2015"), (TV, 68e9, "2015"), (TV, 95e9, "2014")},
        ),
        (  # "the July-September quarter of last year"
            "2021-02-01",
            "In the July-September quarter of last year, Russia's exports to China reached "
            "$13.9 billion.",
            {("trade.russia_to_china.value", 13.9e9, "2020-07/2020-09")},
        ),
        (  # quarter on quarter is no growth record; the year-on-year rate is
            "2019-10-25",
            "Third-quarter trade between China and Russia was 6% higher than in the second "
            "quarter and 2% above the same quarter of 2018.",
            {(TG, 2.0, "2019-07/2019-09")},
        ),
    ],
)  # fmt: skip
def test_labels_shorthand_and_sequential_bases(
    published: str, text: str, expected: set[Row]
) -> None:
    assert rows(text, published) == expected


def test_a_heading_frames_every_item_of_its_list() -> None:
    text = (
        "Russia–China turnover by quarter:\n- Q1: $50.1 bn\n- Q2: $52.3 bn\n- Q3: $51.0 bn\n"
        "- Q4: $49.8 bn"
    )
    got = rows(text, "2024-02-01")
    assert {r[2] for r in got} == {
        "2023-01/2023-03", "2023-04/2023-06", "2023-07/2023-09", "2023-10/2023-12"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # a year that dates a noun is no deadline: the goal has none, so it is left out
            "2012-05-10",
            "The leaders vowed to raise trade to $100 billion soon, at a summit marking the "
            "2001 good-neighbour treaty.",
            set(),
        ),
        (  # "during 2016" is a deadline
            "2015-06-01",
            "Moscow and Beijing pledged to expand two-way trade to $100 billion during 2016.",
            {("trade.bilateral.target", 100e9, "2016")},
        ),
        (  # a running total said in December is still year-to-date
            "2021-12-20",
            "Trade with China has already topped $130 billion this year, the deputy minister said.",
            set(),
        ),
    ],
)  # fmt: skip
def test_deadlines_and_running_totals(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # energy wire
            "2018-01-25",
            "Russia shipped 59.7 million tonnes of crude to China last year, 13.8% more than in "
            "2016, when deliveries totalled 52.5 million tonnes.",
            {("energy.oil.exports_to_china", 59.7, "2017"),
             ("energy.oil.exports_to_china", 52.5, "2016")},
        ),
        (  # think tank
            "2018-02-01",
            "Bilateral trade reached $84 billion in 2017, up from 2016, when it stood at "
            "$69.6 billion.",
            {(TV, 84e9, "2017"), (TV, 69.6e9, "2016")},
        ),
    ],
)  # fmt: skip
def test_a_when_clause_takes_the_year_before_it(
    published: str, text: str, expected: set[Row]
) -> None:
    assert rows(text, published) == expected


def test_each_change_takes_the_first_base_after_it() -> None:
    # wire copy: the yearly rate and the monthly one side by side
    text = (
        "In November alone, Russia-China trade reached $17.3 billion, up 21.4 percent from a "
        "year earlier and 3.9 percent higher than in October."
    )
    assert rows(text, "2021-12-07") == {(TV, 17.3e9, "2021-11"), (TG, 21.4, "2021-11")}


def test_a_months_own_figure_and_the_running_period() -> None:
    # wire: "down from November's" is the base figure's own month, and a base figure does not
    # move the story's running period
    text = (
        "Russia-China trade cooled in December: China's exports to Russia rose 6.1 percent "
        "from the same month last year, down from November's 12.3 percent gain.\n\n"
        "Imports from Russia rose 3.2 percent, slowing from a 9.4 percent jump in November."
    )
    assert rows(text, "2024-01-12") == {
        ("trade.china_to_russia.growth", 6.1, "2023-12"),
        ("trade.china_to_russia.growth", 12.3, "2023-11"),
        ("trade.russia_to_china.growth", 3.2, "2023-12"),
        ("trade.russia_to_china.growth", 9.4, "2023-11"),
    }


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2008-02-01", "Trade between Russia and China reached $48.2 billion in 2007, an increase "
                       "of 44.3 percent over 2006.", {(TV, 48.2e9, "2007"), (TG, 44.3, "2007")}),
        ("2012-01-20", "Sino-Russian turnover grew 42.7% over 2010 to $83.5bn last year.",
         {(TV, 83.5e9, "2011"), (TG, 42.7, "2011")}),
        ("2019-01-15", "In 2018 bilateral trade between China and Russia rose by 27.1 per cent "
                       "over 2017.", {(TG, 27.1, "2018")}),
    ],
)  # fmt: skip
def test_a_change_over_a_year_takes_that_year_as_its_base(
    published: str, text: str, expected: set[Row]
) -> None:
    assert rows(text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # a month still running at publication is not yet reported: the latest one over
            "2024-03-15",
            "In March, Russia's exports to China came to $10.2 billion.",
            {("trade.russia_to_china.value", 10.2e9, "2023-03")},
        ),
        (  # a bare month takes the year of an earlier month in its sentence
            "2023-05-02",
            "In April 2016 Russian-Chinese trade fell to $4.9 billion, and again in June to "
            "$4.7 billion.",
            {(TV, 4.9e9, "2016-04"), (TV, 4.7e9, "2016-06")},
        ),
    ],
)  # fmt: skip
def test_yearless_months(published: str, text: str, expected: set[Row]) -> None:
    assert rows(text, published) == expected
