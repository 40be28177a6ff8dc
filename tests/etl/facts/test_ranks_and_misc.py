"""Supplier ranks, oil discounts and the structural figures (arms shares, rail transit, the
economies' ratio, the border, fold changes of trade).

Each rule is tried on sentences written for these tests in several outlets' styles (wire
copy, think-tank prose, a headline, a translated state-media sentence). Never article text.
A case lists every record of these metrics the text must produce, and nothing else (records
of other metrics, such as the volume a rank rests on, are tested elsewhere).
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.facts.quantities import find_quantities
from etl.model import Document

Row = tuple[str, str | None, float, str | None]  # metric, entity, value, period
PUBLISHED = "2024-03-15"

RANK, DISCOUNT = "energy.supplier_rank", "energy.oil.discount"
ARMS, RAIL = "arms.export_share", "logistics.rail_transit_share"
GDP, BORDER, MULTIPLE = (
    "macro.gdp.ratio_russia_to_china",
    "geo.border_length",
    "trade.bilateral.multiple",
)
THESE = frozenset({RANK, DISCOUNT, ARMS, RAIL, GDP, BORDER, MULTIPLE})


def rows(text: str, published: str = PUBLISHED) -> set[Row]:
    doc = Document(id="t", text=text, published=date.fromisoformat(published))
    return {
        (f.metric, f.entity, round(f.value, 4), f.period)
        for f in extract_document(doc)
        if f.metric in THESE
    }


def case(text: str, expected: set[Row], published: str = PUBLISHED) -> object:
    return pytest.param(text, expected, published, id=text[:50])


# ---- ranks whose commodity was named before the rank ---------------------------------------

RANK_CONTEXT = [
    # wire: "making it China's Nth-largest supplier", the crude named earlier in the sentence
    case(
        "Russia sold 21.4 million tonnes of crude oil to China in 2012, making it China's "
        "third-largest supplier after Saudi Arabia and Angola.",
        {(RANK, "crude_oil", 3.0, "2012")},
    ),
    # think tank: the commodity in the sentence before, the rank in the next
    case(
        "Pipeline gas deliveries from Russia rose again in 2022. That made Russia China's "
        "second-largest supplier, behind Turkmenistan.",
        {(RANK, "natural_gas", 2.0, "2022")},
    ),
    # translated state media: "making Russia its largest supplier"
    case(
        "In 2021 China imported 79.6 million tonnes of crude oil from Russia, making Russia its "
        "largest supplier for the second year running.",
        {(RANK, "crude_oil", 1.0, "2021")},
    ),
    # headline-like: a supplier of something else is no oil or gas rank
    case(
        "Russia shipped more crude to China in 2019, while it remained China's second-largest "
        "supplier of coal.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), RANK_CONTEXT)
def test_a_rank_takes_the_commodity_named_before_it(
    text: str, expected: set[Row], published: str
) -> None:
    assert rows(text, published) == expected


# ---- bare ranks, places and months ----------------------------------------------------------

RANK_BARE = [
    # wire: a month's rank after a sentence about crude supplies
    case(
        "Russian crude supplies to China reached 8.8 million tonnes in March 2023. In March, "
        "Russia was the largest supplier.",
        {(RANK, "crude_oil", 1.0, "2023-03")},
        "2023-04-20",
    ),
    # think tank: "topped the ranking" with the month named
    case(
        "Russia delivered 7.1 million tonnes of oil to China in April 2016, and it topped the "
        "ranking in April.",
        {(RANK, "crude_oil", 1.0, "2016-04")},
        "2016-05-10",
    ),
    # translated state media: "ranked second in <year>", supplies named the sentence before
    case(
        "Russia shipped 86.2 million tonnes of crude oil to China in 2022. Russia ranked second "
        "in 2021.",
        {(RANK, "crude_oil", 2.0, "2021")},
    ),
    # wire: "leaving Russia in second place", the place's country is the object
    case(
        "Russian crude exported to China totalled 83 Mt in 2020, leaving Russia in second place "
        "behind Saudi Arabia.",
        {(RANK, "crude_oil", 2.0, "2020")},
    ),
    # headline-like: "pushing Russia into third place"
    case(
        "Iraq overtook Russia among China's crude suppliers in 2014, pushing Russia into third "
        "place.",
        {(RANK, "crude_oil", 3.0, "2014")},
    ),
    # a ranking of trading partners in an oil story is no supplier rank
    case(
        "Russia supplied 60 million tonnes of crude oil to China in 2018. China ranked first "
        "among Russia's trading partners in 2018.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), RANK_BARE)
def test_bare_ranks_places_and_monthly_ranks(text: str, expected: set[Row], published: str) -> None:
    assert rows(text, published) == expected


# ---- the period of a rank: part years, present tense, questions -----------------------------

RANK_PERIOD = [
    # wire: "in that period" is the run of months named earlier in the sentence
    case(
        "Russia supplied 41 million tonnes of crude to China in January-May 2023, making it "
        "China's top supplier in that period.",
        {(RANK, "crude_oil", 1.0, "2023-01/2023-05")},
    ),
    # think tank: a present-tense rank in its own clause is the publication year's
    case(
        "Trade passed $200 billion for the first time last year, and Russia is now China's "
        "biggest crude supplier.",
        {(RANK, "crude_oil", 1.0, "2024")},
    ),
    # wire: a rank newly reached, with no period: which data (a month, the year so far)?
    case(
        "Russia has become China's largest supplier of pipeline gas, customs figures show.",
        set(),
    ),
    # headline: the same with "has overtaken"
    case("Russia has overtaken Saudi Arabia as China's top crude oil supplier", set()),
    # translated state media: a period named, the rank is that period's
    case(
        "In 2023, Russia has become the largest supplier of crude oil to China.",
        {(RANK, "crude_oil", 1.0, "2023")},
    ),
    # interview: a question states no rank
    case("Is Russia already China's largest oil supplier?", set()),
    # translated state media: a question in bold is a question too
    case("**Has Russia become the top supplier of gas to China?**", set()),
]


@pytest.mark.parametrize(("text", "expected", "published"), RANK_PERIOD)
def test_the_period_of_a_rank(text: str, expected: set[Row], published: str) -> None:
    assert rows(text, published) == expected


# ---- discounts ------------------------------------------------------------------------------

DISCOUNTS = [
    # wire: a range per barrel for a half year is a floor and a ceiling
    case(
        "Chinese buyers paid discounts of $4 to $7 a barrel for Russian ESPO crude in the first "
        "half of 2022, traders said.",
        {(DISCOUNT, None, 4.0, "2022-01/2022-06"), (DISCOUNT, None, 7.0, "2022-01/2022-06")},
    ),
    # think tank: one discount for a half year
    case(
        "In the second half of 2023 Russian crude sold to China at a discount of $9 per barrel "
        "to Brent.",
        {(DISCOUNT, None, 9.0, "2023-07/2023-12")},
    ),
    # a third country's buyers named right before the figure: not China's discount
    case(
        "Turkish refiners got Urals at a discount of about $15 a barrel in May 2023, while "
        "Chinese demand for ESPO held up.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), DISCOUNTS)
def test_discounts_per_barrel(text: str, expected: set[Row], published: str) -> None:
    assert rows(text, published) == expected


def test_a_price_range_is_two_prices() -> None:
    found = [
        (q.kind, q.value, q.qualifier) for q in find_quantities("discounts of $3 to $5 a barrel")
    ]
    assert found == [("price", 3.0, "at_least"), ("price", 5.0, "at_most")]


# ---- arms shares: each listed country its own -----------------------------------------------

ARMS_CASES = [
    # think tank: a list of countries, each with its own share
    case(
        "From 2015 to 2019 Vietnam received 12 percent of Russia's arms exports, India 25 "
        "percent and China 16 percent.",
        {
            (ARMS, "vietnam", 12.0, "2015/2019"),
            (ARMS, "india", 25.0, "2015/2019"),
            (ARMS, "china", 16.0, "2015/2019"),
        },
    ),
    # wire: "second only to India's N percent"
    case(
        "Between 2018 and 2022 China took 20 percent of Russian arms exports, second only to "
        "India's 31 percent.",
        {(ARMS, "china", 20.0, "2018/2022"), (ARMS, "india", 31.0, "2018/2022")},
    ),
    # translated state media: one country with its verb
    case(
        "In 2010-2014, Algeria accounted for 11 percent of Russia's weapons exports.",
        {(ARMS, "algeria", 11.0, "2010/2014")},
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), ARMS_CASES)
def test_arms_shares_per_country(text: str, expected: set[Row], published: str) -> None:
    assert rows(text, published) == expected


# ---- the economies' ratio, rail transit, the border -----------------------------------------

STRUCTURE = [
    # think tank: "an eighth" is a fraction
    case(
        "Russia's economy is roughly an eighth of China's in dollar terms.",
        {(GDP, None, 0.125, "2024")},
    ),
    # wire: "one-tenth"
    case(
        "Russia's GDP is now barely one-tenth the size of China's.",
        {(GDP, None, 0.1, "2024")},
    ),
    # headline-like: a share of trains that cross a country, no preposition
    case(
        "Some 80 percent of China-Europe freight trains cross Kazakhstan.",
        {(RAIL, "kazakhstan", 80.0, "2024")},
    ),
    # translated state media: "transit Belarus"
    case(
        "About 90 percent of the container trains between China and Europe transit Belarus.",
        {(RAIL, "belarus", 90.0, "2024")},
    ),
    # trains going *to* a country do not cross it
    case("Some 30 percent of China-Europe freight trains go to Germany.", set()),
    # wire: a border with its length in other units in brackets
    case(
        "The two countries share a 4,209-kilometre (2,615-mile) border.",
        {(BORDER, None, 4209.0, None)},
    ),
    # think tank: "frontier", the same convention
    case(
        "Russia and China settled the last disputes along their 4,300 km (2,670 miles) frontier.",
        {(BORDER, None, 4300.0, None)},
    ),
    # translated state media: the border stated with its verb
    case(
        "The China-Russia border stretches for about 4,250 kilometres.",
        {(BORDER, None, 4250.0, None)},
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), STRUCTURE)
def test_gdp_ratio_rail_transit_and_border(text: str, expected: set[Row], published: str) -> None:
    assert rows(text, published) == expected


# ---- fold changes ---------------------------------------------------------------------------

FOLDS = [
    # wire: a multiple in words against "its level of <year>"
    case(
        "Bilateral trade reached $88 billion in 2013, about twelve times its level of 2000.",
        {(MULTIPLE, None, 12.0, "2000/2013")},
        "2014-02-01",
    ),
    # think tank: "N times higher than in <year>"
    case(
        "China-Russia trade in 2019 was eight times higher than in 2003.",
        {(MULTIPLE, None, 8.0, "2003/2019")},
    ),
    # headline: a compound word multiple with both years
    case(
        "China-Russia trade grew twenty-fourfold between 2000 and 2023",
        {(MULTIPLE, None, 24.0, "2000/2023")},
    ),
    # translated state media: "compared with <year>", present tense: up to the publication year
    case(
        "Compared with 2001, the trade turnover between China and Russia is now fifteen times "
        "larger.",
        {(MULTIPLE, None, 15.0, "2001/2024")},
    ),
    # think tank: a run of years after "over" is both years, not a base
    case(
        "Sino-Russian trade grew tenfold over 2001-2020, by our estimate.",
        {(MULTIPLE, None, 10.0, "2001/2020")},
    ),
    # a decade names neither year of a fold change
    case(
        "Turnover between China and Russia rose tenfold, driven by the oil boom of the 2000s.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), FOLDS)
def test_fold_changes_between_two_years(text: str, expected: set[Row], published: str) -> None:
    assert rows(text, published) == expected
