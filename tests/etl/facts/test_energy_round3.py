"""Energy semantics and the periods of energy figures, round 3 (issue 12, class 6).

Each rule is a rule about language, tried on sentences written for these tests in several
outlets' styles (wire copy, think-tank prose, a headline, translated state media, a bank
note). Never article text. A case lists every record the text must produce and nothing
else: a figure that is not a catalog fact must produce no record.
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.model import Document

Row = tuple[str, str | None, float, str | None]  # metric, entity, value, period
PUBLISHED = "2024-03-15"

GAS, OIL = "energy.gas.exports_to_china", "energy.oil.exports_to_china"
CAPACITY, RANK = "energy.pipeline.capacity", "energy.supplier_rank"
CONTRACT, GDP = "energy.contract.value", "macro.gdp.ratio_russia_to_china"
BORDER = "geo.border_length"
R2C_G, BI_G = "trade.russia_to_china.growth", "trade.bilateral.growth"


def rows(text: str, published: str = PUBLISHED) -> set[Row]:
    doc = Document(id="t", text=text, published=date.fromisoformat(published))
    return {(f.metric, f.entity, round(f.value, 4), f.period) for f in extract_document(doc)}


def check(text: str, expected: set[Row], published: str = PUBLISHED) -> None:
    assert rows(text, published) == expected


# ---- a figure written right after a third country is that country's -----------------------

THIRD_COUNTRY_AT_FIGURE: list[tuple[str, set[Row]]] = [
    # bank note: "ahead of X at N"
    (
        "China imported 31.5 Mt of Russian crude in January-May 2023, putting Russia ahead "
        "of Iraq at 24.1 Mt.",
        {(OIL, None, 31.5, "2023-01/2023-05")},
    ),
    # wire copy: the rival's tonnage in brackets
    (
        "Russia shipped 88 million tonnes of crude oil to China in 2021, second only to "
        "Saudi Arabia (91.3 million tonnes).",
        {(OIL, None, 88.0, "2021")},
    ),
    # think-tank prose: a relative clause after the rival
    (
        "In 2020 Russia delivered 80.1 million tonnes of oil to China, trailing Saudi "
        "Arabia, which sold 84.2 million tonnes.",
        {(OIL, None, 80.1, "2020")},
    ),
    # negative: the rival's figure alone is nobody's record here
    ("Angola with 40.2 million tonnes of crude came third among China's suppliers in 2019.", set()),
]


@pytest.mark.parametrize(("text", "expected"), THIRD_COUNTRY_AT_FIGURE)
def test_a_third_country_owns_the_figure_written_after_it(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- a bare flow of Russia's, in tonnes, in a text about crude ----------------------------

BARE_OIL_FLOW: list[tuple[str, set[Row]]] = [
    # wire copy: the commodity named in the sentence before
    (
        "China's crude imports hit a record last year. Imports from Russia climbed to "
        "90.5 million tonnes in 2023, customs data showed.",
        {(OIL, None, 90.5, "2023")},
    ),
    # translated state media: "Russian supplies" in tonnes
    (
        "Russian oil remained in demand among Chinese refiners in 2019. Russian supplies "
        "amounted to 77.2 million tonnes that year.",
        {(OIL, None, 77.2, "2019")},
    ),
    # bank note shorthand
    ("- Crude: full-year 2021 arrivals from Russia reached 79.6 Mt.", {(OIL, None, 79.6, "2021")}),
    # negative: the same wording about coal is no crude record
    (
        "China bought less oil and more coal in 2023. Imports from Russia of coal rose to "
        "102 million tonnes.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), BARE_OIL_FLOW)
def test_a_bare_flow_in_tonnes_beside_crude_is_crude_delivered(
    text: str, expected: set[Row]
) -> None:
    check(text, expected)


# ---- a change that leads to a tonnage is the tonnage's change, not trade growth -------------

CHANGE_OF_A_TONNAGE: list[tuple[str, set[Row]]] = [
    # wire copy: "rose 8% to N tons"
    (
        "China bought more Russian crude last year. Imports from Russia rose 12% to "
        "95.1 million tons in 2023.",
        {(OIL, None, 95.1, "2023")},
    ),
    # think-tank prose: the change written after the level
    (
        "Purchases of Russian oil reached 41.3 million tonnes in 2015, up 28 percent.",
        {(OIL, None, 41.3, "2015")},
    ),
    # headline with a gas volume
    ("Russian gas imports by China up 40% y/y to 22.7 bcm in 2023", {(GAS, None, 22.7, "2023")}),
    # negative for the rule: a change that leads to money is trade growth
    (
        "Imports from Russia rose 12.7 percent to $129 billion in 2023.",
        {("trade.russia_to_china.value", None, 129e9, "2023"), (R2C_G, None, 12.7, "2023")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHANGE_OF_A_TONNAGE)
def test_a_change_bound_to_a_tonnage_is_not_trade_growth(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- "fell to 2 percent": the level reached, not a change --------------------------------------

LEVEL_REACHED: list[tuple[str, set[Row]]] = [
    # translated state media: a product's share in one direction
    (
        "The president noted that the share of machinery in Russian exports to China had "
        "dropped to about 1.5 percent in 2009.",
        set(),
    ),
    # wire copy: a share of trade that rose to a level
    (
        "China's share of Russia's foreign trade rose to 18.3 percent in 2019.",
        {("trade.share.china_in_russia", None, 18.3, "2019")},
    ),
    # negative for the rule: a growth rate that moved to a level is still growth
    (
        "Growth of China-Russia trade fell to 3.4 percent in 2019.",
        {(BI_G, None, 3.4, "2019")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), LEVEL_REACHED)
def test_a_change_verb_with_to_makes_the_percent_a_level(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- "the last year before X" names no year; "in recent months" names no period -----------

NOT_RELATIVE_YEARS: list[tuple[str, set[Row]]] = [
    # think-tank prose: an apposition to a named year
    (
        "In 2009, the last year before the spur opened, Russia supplied 15.3 million tonnes "
        "of crude to China.",
        {(OIL, None, 15.3, "2009")},
    ),
    # translated state media
    (
        "In 2018, the last year of the old contract, Russia shipped 71.5 million tonnes of "
        "oil to China.",
        {(OIL, None, 71.5, "2018")},
    ),
    # wire copy: "recent months" cannot be placed, so the rank is dropped
    ("Russia has been China's biggest crude supplier in recent months, traders said.", set()),
    # headline style
    ("Russia top oil supplier to China over the past few months", set()),
]


@pytest.mark.parametrize(("text", "expected"), NOT_RELATIVE_YEARS)
def test_last_year_before_and_recent_months(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- one day's record, via the route, envisaged plans, parts of a total -------------------

ENERGY_FLOWS: list[tuple[str, set[Row]]] = [
    # wire copy: a daily record stated well before the figure
    (
        "On January 3 daily gas flows to China through the line hit an all-time record of "
        "70.1 million cubic metres, Gazprom said.",
        set(),
    ),
    # translated state media: exports via the route
    (
        "In 2021, exports via the eastern route amounted to 10.4 bln cubic meters of gas.",
        {(GAS, None, 10.4, "2021")},
    ),
    # a company plan for a named year is a target, not a contract's volume
    (
        "Gazprom's plan for 2025 envisages gas supplies to China of 38 bln cubic meters.",
        {(GAS, None, 38.0, "2025")},
    ),
    # negative: an agreement that envisages a yearly volume is a contract's volume
    (
        "The intergovernmental agreement envisages supplies of 10 bcm of gas a year to China.",
        set(),
    ),
    # think-tank prose: the pipeline part and the LNG part of a stated total
    (
        "Russia's gas deliveries to China totalled 32.1 bcm in 2023. Of that, 22.7 bcm of "
        "gas went through the Power of Siberia pipeline, while liquefied natural gas shipped "
        "by tanker made up 9.4 bcm.",
        {(GAS, None, 32.1, "2023")},
    ),
    # negative for the parts rule: with no total, the pipeline's flow is the gas delivered
    (
        "Gazprom pumped 15.4 bcm of gas to China through the Power of Siberia pipeline in 2022.",
        {(GAS, None, 15.4, "2022")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), ENERGY_FLOWS)
def test_energy_flow_semantics(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- contract value: the deal's wording and its party name the contract ---------------------

CONTRACTS: list[tuple[str, set[Row]]] = [
    # wire copy: a comma between the value and "30-year contract"
    (
        "The line was built under the $400 billion, 30-year contract Gazprom signed with "
        "CNPC in 2014.",
        {(CONTRACT, "power_of_siberia_2014", 400e9, "2014")},
    ),
    # translated state media: "the value of the contract was"
    (
        "In May 2014 Gazprom chief Alexei Miller said the overall value of the contract "
        "was 400 billion dollars.",
        {(CONTRACT, "power_of_siberia_2014", 400e9, "2014")},
    ),
    # think-tank prose: the value an analyst puts on the deal
    (
        "Gazprom is to pump 38 bcm a year to China under a contract signed in 2014, which "
        "analysts value at about $400 billion.",
        {(CONTRACT, "power_of_siberia_2014", 400e9, "2014")},
    ),
    # negative: loans for oil are not a contract the catalog lists
    (
        "In 2009 Chinese banks agreed loans worth $25 billion to Rosneft and Transneft in a "
        "deal worth $25 billion for long-term crude supplies.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CONTRACTS)
def test_contract_values(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- border length with "the two" as the pair; the China-Russia oil pipeline is ESPO's spur --

NAMES: list[tuple[str, set[Row]]] = [
    (
        "Geography ties the two neighbours. Their 4,209-kilometre border was fully "
        "demarcated in 2008.",
        {(BORDER, None, 4209.0, None)},
    ),
    ("History binds the two. The 4,300-km border is long.", {(BORDER, None, 4300.0, None)}),
    (
        "The second China-Russia crude oil pipeline went into service on Monday, doubling "
        "the capacity of the link to 30 million tonnes a year.",
        {(CAPACITY, "espo", 30.0, None)},
    ),
    # negative: a border of a third pair
    ("The border between Kazakhstan and Uzbekistan runs for 2,330 km.", set()),
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_border_and_pipeline_names(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- periods of ranks and sizes: other clauses, "since the 2014 ...", the present tense ------

RANK_AND_SIZE_PERIODS: list[tuple[str, set[Row], str]] = [
    # commentary: "this year" belongs to the coordinated clause about the pipeline
    (
        "Russia was China's leading crude supplier for a second straight year in 2017, and "
        "the new gas line is due to start this year.",
        {(RANK, "crude_oil", 1.0, "2017")},
        "2018-04-02",
    ),
    # negative for the rule: in one clause "this year" and 2013 contradict each other
    (
        "He said this year Russia was China's top oil supplier in the first two months of 2013.",
        set(),
        "2014-04-02",
    ),
    # headline-like wire line: the same rule, the relative year after the figure's clause
    (
        "Russia was China's top oil supplier in 2019, and the pipeline opened this year.",
        {(RANK, "crude_oil", 1.0, "2019")},
        "2020-03-01",
    ),
    # negative: the year beside "last year" in the first clause is no year of the second's
    (
        "Chinese exports to Russia last year were 40% above their 2020 level, and Russian "
        "goods sold to China were about a quarter higher than before the pandemic.",
        set(),
        "2023-02-01",
    ),
    # think-tank prose: a size in the present tense, a start year in the next clause
    (
        "Russia's economy is roughly one-ninth the size of China's, a gap that has grown "
        "since the 2015 recession.",
        {(GDP, None, round(1 / 9, 4), "2021")},
        "2021-06-01",
    ),
    # translated state media: a fronted year is the size's own
    (
        "In 2016, Russia's GDP was about one-eighth of China's.",
        {(GDP, None, 0.125, "2016")},
        "2021-06-01",
    ),
    # wire copy: a size with "since 2014" in its clause is the time of writing's
    (
        "Russia's economy is now about a tenth of China's, down from a fifth since 2014.",
        {(GDP, None, 0.1, "2021")},
        "2021-06-01",
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), RANK_AND_SIZE_PERIODS)
def test_periods_of_ranks_and_sizes(text: str, expected: set[Row], published: str) -> None:
    check(text, expected, published)


# ---- a rank whose commodity is the delivery beside it ----------------------------------------

RANK_COMMODITY: list[tuple[str, set[Row]]] = [
    # wire copy: "regained first place, delivering N tonnes"
    (
        "In November 2019 Russia regained first place among suppliers, delivering 7.2 "
        "million tonnes.",
        {(RANK, "crude_oil", 1.0, "2019-11"), (OIL, None, 7.2, "2019-11")},
    ),
    # translated state media: a gas volume
    (
        "In March 2023, Russia took first place, having supplied 2.1 bcm.",
        {(RANK, "natural_gas", 1.0, "2023-03"), (GAS, None, 2.1, "2023-03")},
    ),
    # negative: coal named in the sentence, no oil or gas rank
    (
        "In May 2022 Russia took first place among suppliers, delivering 6.1 million tonnes "
        "of coal.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), RANK_COMMODITY)
def test_a_rank_takes_the_commodity_of_its_delivery(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- a route that is no catalog pipeline owns the capacity said after it --------------------

OTHER_ROUTES: list[tuple[str, set[Row]]] = [
    # bank note: the same sentence names ESPO's spur and then another route
    (
        "The Skovorodino-Mohe spur runs at its capacity of 30 Mt/yr, and the Kazakh transit "
        "route adds 10 Mt/yr.",
        {(CAPACITY, "espo", 30.0, None)},
    ),
    # think-tank prose: a never-built project named in its own sentence
    (
        "The ESPO pipeline was approved in 2004. It replaced the Angarsk-Nakhodka project, "
        "which was to have a capacity of 50 million tonnes a year.",
        set(),
    ),
    # wire copy: rail deliveries are no pipeline's capacity
    (
        "ESPO supplies to China began in 2011. By rail, Russia can move about 15 million "
        "tonnes a year to China.",
        set(),
    ),
    # negative for the rule: the pipeline named in the sentence before keeps its capacity
    (
        "The Power of Siberia line opened in December 2019. Its capacity is 38 bcm a year.",
        {(CAPACITY, "power_of_siberia", 38.0, None)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_ROUTES)
def test_a_route_of_its_own_owns_its_capacity(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- tonnes of another bulk good are no crude ------------------------------------------------

OTHER_BULK_GOODS: list[tuple[str, set[Row]]] = [
    # wire copy: the good written after the tonnage
    ("Russia shipped 9.8 million tonnes of coal to China in June 2023.", set()),
    # translated state media: LNG in tonnes before the figure
    ("In 2022 Russian LNG deliveries to China rose to 6.5 million tonnes.", set()),
    # think-tank prose: crude beside a grain tonnage; only the crude is a record
    (
        "In 2023 Russia supplied 107 million tonnes of crude to China and shipped 3.1 "
        "million tonnes of grain.",
        {(OIL, None, 107.0, "2023")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_BULK_GOODS)
def test_tonnes_of_another_good_are_not_crude(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- capacity wordings, "the line delivered", ", to N" after a plan, a ramping December ------

MORE_FLOWS: list[tuple[str, set[Row], str]] = [
    # translated state media: a design throughput is a capacity
    (
        "The ESPO spur to China will have a design throughput of 15 million tonnes per year.",
        {(CAPACITY, "espo", 15.0, None)},
        "2009-02-18",
    ),
    # trade-press wire: "the line delivered" in a text about gas
    (
        "Power of Siberia gas reached China in 2019. In October 2020 the line delivered 0.41 bcm.",
        {(GAS, None, 0.41, "2020-10")},
        "2021-01-10",
    ),
    # bank note: a plan whose figure follows after a comma is still a plan
    (
        "Gazprom intends to lift gas deliveries to China in 2022, to 15 bcm.",
        {(GAS, None, 15.0, "2022")},
        "2021-12-01",
    ),
    # a first year: December well above the year's monthly average is still December's
    (
        "Gazprom sent 4.1 bcm of gas to China in 2020. In December 2020 it delivered a "
        "record 0.7 bcm.",
        {(GAS, None, 4.1, "2020"), (GAS, None, 0.7, "2020-12")},
        "2021-01-10",
    ),
    # negative: a line between China and a third country is no catalog pipeline
    (
        "Power of Siberia 2 is still on paper. Supplies via the Kazakhstan-China line, with "
        "a capacity of 20 million tonnes a year, continue.",
        set(),
        "2023-05-01",
    ),
]


@pytest.mark.parametrize(("text", "expected", "published"), MORE_FLOWS)
def test_more_flow_wordings(text: str, expected: set[Row], published: str) -> None:
    check(text, expected, published)


@pytest.mark.parametrize(
    "text",
    [
        "Gazprom plans to raise gas deliveries to China in 2022, to 15 bcm.",
        "The company's target is to lift gas supplies to China in 2022, to about 15 bcm.",
        "Russia's gas major has set a target of increasing supplies to China in 2022, to 15 bcm.",
    ],
)
def test_a_plan_completed_after_a_comma_is_a_target(text: str) -> None:
    doc = Document(id="t", text=text, published=date(2021, 12, 1))
    assert [(f.value, f.period, f.status) for f in extract_document(doc)] == [
        (15.0, "2022", "target")
    ]


# ---- discounts written as a gap below a benchmark, or "$N-a-barrel" ---------------------------

DISCOUNTS: list[tuple[str, set[Row]]] = [
    # trade press: a hyphenated price before "discount"
    (
        "Chinese refiners took Russian crude at an average $9-a-barrel discount in the "
        "second quarter of 2022.",
        {("energy.oil.discount", None, 9.0, "2022-04/2022-06")},
    ),
    # bank note: "$N/bbl below Dubai"
    (
        "ESPO cargoes for Shandong changed hands at $4.5/bbl below Dubai in August 2023.",
        {("energy.oil.discount", None, 4.5, "2023-08")},
    ),
    # translated state media: "less than Brent"
    (
        "In 2022 Chinese companies paid about $11 per barrel less than Brent for Russian oil.",
        {("energy.oil.discount", None, 11.0, "2022")},
    ),
    # negatives: a premium over a benchmark; a gap granted to a third country's buyers
    ("ESPO Blend fetched a premium of $1.8 a barrel over Dubai in July 2021.", set()),
    ("Turkish refiners bought Urals at $16 a barrel below Brent in May 2022.", set()),
]


@pytest.mark.parametrize(("text", "expected"), DISCOUNTS)
def test_discounts(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- "keeping Russia as China's top supplier": the kept country is the ranked one -------------

KEPT_RANKS: list[tuple[str, set[Row]]] = [
    # bank note
    (
        "China imported 40.1 Mt of Russian crude in January-May 2023, keeping Russia as "
        "China's top crude supplier for the period.",
        {(OIL, None, 40.1, "2023-01/2023-05"), (RANK, "crude_oil", 1.0, "2023-01/2023-05")},
    ),
    # wire copy, "made ... its"
    (
        "Beijing's purchases of 7.9 Mt in April 2021 made Russia its second-largest crude "
        "supplier.",
        {(RANK, "crude_oil", 2.0, "2021-04")},
    ),
    # negative: the kept country is a third one
    (
        "China bought 8.4 Mt of Saudi crude in March 2023, keeping Saudi Arabia as China's "
        "No. 1 crude supplier.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), KEPT_RANKS)
def test_the_kept_country_holds_the_rank(text: str, expected: set[Row]) -> None:
    check(text, expected)


# ---- an energy running total "so far this year" with no end month; shorthand crude lines ----

YEAR_TO_DATE: list[tuple[str, set[Row]]] = [
    # wire copy: a company's running total, its last day unsaid
    ("So far this year, Gazprom has pumped 16.8 bcm to China via Power of Siberia.", set()),
    # translated state media
    ("Year to date, Russia has shipped 79 Mt of crude to China, the company head said.", set()),
    # think-tank prose: the end month stated, so the months are the period
    (
        "So far this year, through the end of August, Russia shipped 70.1 Mt of crude to China.",
        {(OIL, None, 70.1, "2023-01/2023-08")},
    ),
    # a headline-style line
    ("Russian crude to China, January-September: 79.4 Mt", {(OIL, None, 79.4, "2023-01/2023-09")}),
]


@pytest.mark.parametrize(("text", "expected"), YEAR_TO_DATE)
def test_energy_year_to_date(text: str, expected: set[Row]) -> None:
    check(text, expected, "2023-10-20")


# ---- deliveries that are to reach a line's capacity: the capacity, and that year's plan ------

DELIVERIES_AT_CAPACITY: list[tuple[str, set[Row]]] = [
    # translated state media
    (
        "In 2025, supplies are to reach the design capacity of Power of Siberia, 38 bln "
        "cubic meters per year.",
        {(CAPACITY, "power_of_siberia", 38.0, None), (GAS, None, 38.0, "2025")},
    ),
    # wire copy
    (
        "Gazprom said deliveries via Power of Siberia will hit full capacity of 38 bcm a "
        "year in 2025.",
        {(CAPACITY, "power_of_siberia", 38.0, None), (GAS, None, 38.0, "2025")},
    ),
    # negative: the pipeline, not the deliveries, reaches its capacity: no delivery record
    (
        "The Power of Siberia pipeline will reach its full capacity of 38 bcm by 2025.",
        {(CAPACITY, "power_of_siberia", 38.0, None)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), DELIVERIES_AT_CAPACITY)
def test_deliveries_that_reach_capacity(text: str, expected: set[Row]) -> None:
    check(text, expected, "2024-01-10")


# ---- rail transit shares and border lengths: whose they are ---------------------------------

RAIL_AND_BORDER: list[tuple[str, set[Row]]] = [
    # think-tank prose: the country before the share
    (
        "Belarus handles around 85 percent of China–EU rail transit.",
        {("logistics.rail_transit_share", "belarus", 85.0, "2022")},
    ),
    # wire copy: a relative clause after the country does not split the share
    (
        "About 87% of China-Europe freight trains transit Belarus, which borders Poland.",
        {("logistics.rail_transit_share", "belarus", 87.0, "2022")},
    ),
    # negative: a share of trains crossing two countries is neither's
    ("Nearly 90% of container trains to Europe pass through Kazakhstan and Russia.", set()),
    # negative: a border with a third country
    ("Russia's border with Kazakhstan is 7,600 km long.", set()),
    # translated state media: both sides named, a third country in comparison
    (
        "China's 4,300-km border with Russia is longer than its frontier with Mongolia.",
        {(BORDER, None, 4300.0, None)},
    ),
    # negative: a "handles" share of something other than rail transit
    ("Belarus accounts for 20 percent of Russia's trade with the bloc.", set()),
]


@pytest.mark.parametrize(("text", "expected"), RAIL_AND_BORDER)
def test_rail_shares_and_borders(text: str, expected: set[Row]) -> None:
    check(text, expected, "2022-06-01")


# ---- a difference from a plan, a contract or a capacity, written after the figure -----------

OVERSHOOTS: list[tuple[str, set[Row]]] = [
    # wire copy
    (
        "Gazprom supplied 22.7 bcm via Power of Siberia in 2023, 0.7 bcm more than planned.",
        {(GAS, None, 22.7, "2023")},
    ),
    # translated state media
    ("Russia delivered 1.2 million tonnes of crude above the contracted volume in 2022.", set()),
    # trade press: above the line's capacity
    (
        "In 2024 Power of Siberia carried 38.8 bcm, 0.8 bcm above its design capacity.",
        {(GAS, None, 38.8, "2024")},
    ),
    # negative for the rule: "more than planned" with no figure of its own keeps the level
    (
        "Gazprom's deliveries to China reached 31 bcm in 2024, more than planned.",
        {(GAS, None, 31.0, "2024")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), OVERSHOOTS)
def test_a_difference_from_a_plan_is_no_delivery(text: str, expected: set[Row]) -> None:
    check(text, expected, "2025-01-15")


# ---- a participle of supply far after its subject ---------------------------------------------

LONG_SUBJECTS: list[tuple[str, set[Row]]] = [
    (
        "Russia remained China's largest crude oil supplier in 2018 for the third consecutive "
        "year, shipping 71.5 million tonnes.",
        {(RANK, "crude_oil", 1.0, "2018"), (OIL, None, 71.5, "2018")},
    ),
    (
        "Moscow, which overtook Riyadh as Beijing's main source of crude in the course of "
        "2016, ended that year delivering 52.5 million tonnes of oil.",
        {(OIL, None, 52.5, "2016")},
    ),
    # negative: the participle belongs to a third country named after Russia
    (
        "Russia fell to second place in 2019 as Saudi Arabia surged ahead, shipping 83.3 "
        "million tonnes of crude.",
        {(RANK, "crude_oil", 2.0, "2019")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), LONG_SUBJECTS)
def test_a_late_participle_of_supply(text: str, expected: set[Row]) -> None:
    check(text, expected, "2020-02-01")


# ---- arms shares: the buyers named as recipients or clients, in lists with brackets ----------

ARMS = "arms.export_share"
ARMS_SHARES: list[tuple[str, set[Row]]] = [
    # think-tank prose
    (
        "India was the largest recipient of Russian weapons in 2017-21, accounting for 28 "
        "percent, followed by China (21 percent) and Egypt (13 percent).",
        {
            (ARMS, "india", 28.0, "2017/2021"),
            (ARMS, "china", 21.0, "2017/2021"),
            (ARMS, "egypt", 13.0, "2017/2021"),
        },
    ),
    # a bracketed list after "Russia's main arms clients"
    (
        "In 2016-2020, Russia's main arms clients were India (23%), China (18%) and Algeria (15%).",
        {
            (ARMS, "india", 23.0, "2016/2020"),
            (ARMS, "china", 18.0, "2016/2020"),
            (ARMS, "algeria", 15.0, "2016/2020"),
        },
    ),
    # wire copy
    (
        "China was the second-largest buyer of Russian arms in 2012-2016, with 11 percent.",
        {(ARMS, "china", 11.0, "2012/2016")},
    ),
    # negative: a bracketed list of trade partners keeps only China–Russia trade
    (
        "Russia's biggest trading partners in 2021 were China ($140 billion), Germany "
        "($57 billion) and the Netherlands ($47 billion).",
        {("trade.bilateral.value", None, 140e9, "2021")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), ARMS_SHARES)
def test_arms_shares(text: str, expected: set[Row]) -> None:
    check(text, expected, "2022-03-15")


# ---- "those from Russia": the flow named before, from Russia -------------------------------

THOSE_FROM_RUSSIA: list[tuple[str, set[Row]]] = [
    # wire copy, crude
    (
        "In 2022 China's crude imports from Saudi Arabia fell 3.8% to 87.5 million tonnes, "
        "while those from Russia rose 8.2% to 86.2 million tonnes.",
        {(OIL, None, 86.2, "2022")},
    ),
    # trade press, gas
    (
        "China's pipeline gas imports from Turkmenistan fell to 32 bcm in 2022, while those "
        "from Russia jumped to 15.4 bcm.",
        {(GAS, None, 15.4, "2022")},
    ),
    # translated state media: gas imports from Russia, both modes together
    (
        "China's gas imports from Russia via pipeline and as LNG reached 23 bcm in 2022.",
        {(GAS, None, 23.0, "2022")},
    ),
    # negative: coal
    (
        "China's coal imports from Indonesia rose in 2022, while those from Russia reached "
        "68 million tonnes.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), THOSE_FROM_RUSSIA)
def test_those_from_russia(text: str, expected: set[Row]) -> None:
    check(text, expected, "2023-02-10")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia exported 4.2m tonnes of crude to China in November 2019.", 4.2),
        ("China took 7.1m t of Russian oil in May 2021, customs said.", 7.1),
        ("Russian crude deliveries to China: 9.7m tonnes in March 2023", 9.7),
    ],
)
def test_m_for_million_before_tonnes(text: str, expected: float) -> None:
    assert {r[2] for r in rows(text) if r[0] == OIL} == {expected}


# ---- periods of volumes in narratives: spans of years, "a year later", relative clauses -----

NARRATIVE_PERIODS: list[tuple[str, set[Row]]] = [
    # think-tank prose: a level reached at the end of a span is the last year's
    (
        "Russia's oil deliveries to China doubled between 2014 and 2020, to 83.4 million tonnes.",
        {(OIL, None, 83.4, "2020")},
    ),
    # negative: a volume over a span of years is a running total
    ("Between 2011 and 2020, Russia shipped 500 million tonnes of crude to China.", set()),
    # history piece: "a year later" after a sentence that names the year
    (
        "The spur opened in 2011. A year later, Russia shipped 24.3 million tonnes of crude "
        "to China.",
        {(OIL, None, 24.3, "2012")},
    ),
    # translated state media: a relative clause between the subject and its verb
    (
        "Russia, which in 2013 signed a deal to raise supplies, sent 33 Mt of crude to China "
        "in 2014.",
        {(OIL, None, 33.0, "2014")},
    ),
    # wire copy: the line, an apposition, and its verb
    (
        "Power of Siberia gas is rising. The pipeline, opened in 2019, carried 10.4 bcm in 2021.",
        {(GAS, None, 10.4, "2021")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), NARRATIVE_PERIODS)
def test_narrative_periods(text: str, expected: set[Row]) -> None:
    check(text, expected, "2022-05-01")


# ---- sums over lines are no line's capacity ----------------------------------------------------

SUMS_OF_LINES: list[tuple[str, set[Row]]] = [
    # think-tank prose: two lines with their figures, then the sum
    (
        "Power of Siberia (38 bcm/y) and the Far Eastern route (10 bcm/y) will give Russia "
        "48 bcm/y of export capacity to China.",
        {(CAPACITY, "power_of_siberia", 38.0, None), (CAPACITY, "far_eastern_route", 10.0, None)},
    ),
    # wire copy: a country's exports once a line is built
    (
        "Once Power of Siberia 2 is built, Russian pipeline exports to China could reach 98 "
        "bcm a year.",
        set(),
    ),
    # negative for the rule: supplies that reach the line's capacity keep it (and the plan)
    (
        "Russian gas supplies via Power of Siberia will reach the line's capacity of 38 bcm a "
        "year in 2025.",
        {(CAPACITY, "power_of_siberia", 38.0, None), (GAS, None, 38.0, "2025")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), SUMS_OF_LINES)
def test_sums_over_lines(text: str, expected: set[Row]) -> None:
    check(text, expected, "2024-02-01")


# ---- a line's flows or throughput in a year are the gas delivered --------------------------

LINE_FLOWS: list[tuple[str, set[Row]]] = [
    # bank-note bullet
    ("- Power of Siberia flows, 2023: 22.7 bcm", {(GAS, None, 22.7, "2023")}),
    # trade press: throughput against capacity
    (
        "Power of Siberia throughput in 2023 was 22.7 bcm, well below its capacity of 38 bcm.",
        {(GAS, None, 22.7, "2023"), (CAPACITY, "power_of_siberia", 38.0, None)},
    ),
    # negative: flows a line is designed for are its capacity, not a delivery
    (
        "Power of Siberia is designed for flows of 38 bcm a year.",
        {(CAPACITY, "power_of_siberia", 38.0, None)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), LINE_FLOWS)
def test_a_lines_flows(text: str, expected: set[Row]) -> None:
    check(text, expected, "2024-02-15")


# ---- liquefied gas alone is a part of the gas delivered, never the whole --------------------

LNG_ALONE: list[tuple[str, set[Row]]] = [
    ("Russian LNG exports to China reached 8 bcm in 2023.", set()),
    ("Russia shipped 8 bcm of LNG to China in 2023, traders estimate.", set()),
    # negative for the rule: pipeline and LNG together are the whole
    (
        "Russia's pipeline and LNG supplies to China reached 31 bcm in 2023.",
        {(GAS, None, 31.0, "2023")},
    ),
    (
        "Including liquefied natural gas, Russia's overall gas deliveries to China reached "
        "about 31 bcm in 2023.",
        {(GAS, None, 31.0, "2023")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), LNG_ALONE)
def test_lng_alone_is_a_part(text: str, expected: set[Row]) -> None:
    check(text, expected, "2024-02-15")


# ---- ", and about one-tenth": a coordinated figure shares the subject before it -------------

SHARED_SUBJECTS: list[tuple[str, set[Row]]] = [
    (
        "Russia's economy is smaller than that of Italy, and about one-tenth of China's.",
        {(GDP, None, 0.1, "2022")},
    ),
    (
        "Russia's GDP trails Brazil's, and roughly one-ninth of China's.",
        {(GDP, None, round(1 / 9, 4), "2022")},
    ),
    # negatives: a contrast with "while" names a new figure of its own
    (
        "China accounts for 18 percent of Russia's trade, while about 2 percent goes the "
        "other way.",
        {("trade.share.china_in_russia", None, 18.0, "2022")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_SUBJECTS)
def test_a_coordinated_figure_shares_the_subject(text: str, expected: set[Row]) -> None:
    check(text, expected, "2022-06-01")


# ---- a port's, a plant's or a refinery's capacity is no pipeline's ----------------------------

FACILITIES: list[tuple[str, set[Row]]] = [
    ("ESPO crude also goes by sea. The Kozmino port can handle 36 million tonnes a year.", set()),
    (
        "ESPO supplies China. The Dalian refinery has a capacity of 10 million tonnes a year.",
        set(),
    ),
    (
        "Power of Siberia opened in 2019. The Amur gas processing plant will have a capacity "
        "of 42 bcm a year.",
        set(),
    ),
    # negatives for the rule: the line itself, named before or in its own sentence
    (
        "Power of Siberia opened in 2019. The line's design capacity is 38 bcm a year.",
        {(CAPACITY, "power_of_siberia", 38.0, None)},
    ),
    (
        "The Power of Siberia line, fed by the Chayanda field, has a capacity of 38 bcm.",
        {(CAPACITY, "power_of_siberia", 38.0, None)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), FACILITIES)
def test_a_facility_is_no_pipeline(text: str, expected: set[Row]) -> None:
    check(text, expected, "2023-06-01")


# ---- a seller's exports to the whole world are not deliveries to China -------------------------

WORLD_TOTALS: list[tuple[str, set[Row]]] = [
    ("Russia's total gas exports by pipeline fell 45% to 101 bcm in 2022.", set()),
    ("Rosneft's overall crude sales rose to 185 million tonnes in 2019.", set()),
    # negatives for the rule: the total said to go to China
    (
        "Russia's total gas exports to China reached 23 bcm in 2022, pipeline and LNG together.",
        {(GAS, None, 23.0, "2022")},
    ),
    ("In 2022 gas exports via the Power of Siberia reached 15.5 bcm.", {(GAS, None, 15.5, "2022")}),
]


@pytest.mark.parametrize(("text", "expected"), WORLD_TOTALS)
def test_world_totals_are_not_chinas(text: str, expected: set[Row]) -> None:
    check(text, expected, "2023-06-01")
