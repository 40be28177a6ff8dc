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
    # "the import and export volume between China and Russia" (translated state media) is
    # the two countries' trade; its yuan value is no dollar figure, its rate is growth
    "import_export_volume": [
        (
            "2018-05-09",
            "In April, the import and export volume between China and Russia was 58.7 billion "
            "yuan, a year-on-year growth of 15.6%.",
            {(BI_G, None, 15.6, "2018-04")},
        ),
        (
            "2019-01-14",
            "Customs data show the export-import value between Russia and China reached "
            "$107.06 billion in 2018.",
            {(BI_V, None, 107.06e9, "2018")},
        ),
        (  # the same words about another pair stay out
            "2019-01-14",
            "The import and export volume between China and Japan rose 8.1 percent in 2018.",
            set(),
        ),
    ],
    # "seen at $245bn" (newsletter and wire shorthand) is a forecast, kept for the current year
    "seen_at_forecast": [
        (
            "2024-05-16",
            "RU-CN: 2024 turnover seen at $245bn; could reach $260bn in 2025 (est.).",
            {(BI_V, None, 245e9, "2024"), (BI_V, None, 260e9, "2025")},
        ),
        (
            "2023-07-02",
            "Sino-Russian trade this year seen topping $200 billion, analysts say.",
            {(BI_V, None, 200e9, "2023")},
        ),
        (  # without the forecast word, a level for the unfinished year is no fact
            "2023-07-02",
            "Sino-Russian trade this year stands at $114.5 billion.",
            set(),
        ),
    ],
    # "a decade ago" names no year: a figure for it is dropped; "five years ago" counts back
    # from publication, "two years earlier" from the year the sentence is about
    "years_back": [
        (
            "2021-06-30",
            "China now accounts for about 18 percent of Russia's foreign trade, up from roughly "
            "10 percent a decade ago.",
            {(CN_IN_RU, None, 18, "2021")},
        ),
        (
            "2021-06-30",
            "China now makes up 18 percent of Russia's foreign trade, up from 14 percent five "
            "years ago.",
            {(CN_IN_RU, None, 18, "2021"), (CN_IN_RU, None, 14, "2016")},
        ),
        (
            "2024-01-20",
            "In 2023 China-Russia trade came to $240.1 billion; two years earlier it had been "
            "$146.9 billion.",
            {(BI_V, None, 240.1e9, "2023"), (BI_V, None, 146.9e9, "2021")},
        ),
    ],
    # "October alone: $19.6bn" after a sentence on something else: the part of the run of
    # months just given, of the two-way total when several figures share that run
    "month_alone": [
        (
            "2023-11-08",
            "- CN-RU turnover Jan-Oct: $200.4bn, +26.7% y/y.\n- Russia's trade surplus with "
            "China keeps shrinking.\n- October alone: $19.6bn, -3.5% m/m.",
            {
                (BI_V, None, 200.4e9, "2023-01/2023-10"),
                (BI_G, None, 26.7, "2023-01/2023-10"),
                (BI_V, None, 19.6e9, "2023-10"),
            },
        ),
        (
            "2017-01-13",
            "Chinese exports to Russia totalled $37.3 billion in January-December. The rouble "
            "has recovered since. December alone accounted for $4.6 billion.",
            {(C2R_V, None, 37.3e9, "2016"), (C2R_V, None, 4.6e9, "2016-12")},
        ),
        (
            "2017-01-20",
            "Russian exports to China came to $28 billion in 2016, Xinhua reported. Moscow's "
            "trade deficit with Beijing narrowed. In December alone they were $3.1 billion.",
            {(R2C_V, None, 28e9, "2016"), (R2C_V, None, 3.1e9, "2016-12")},
        ),
        (  # no earlier run holds the month: nothing to be a part of
            "2023-11-08",
            "Russia's trade surplus with China keeps shrinking. October alone: $19.6bn.",
            set(),
        ),
    ],
    # "this year's figure" after a figure for a run of months of that year, said before the
    # year is over: the year so far, not the whole year
    "this_years_figure": [
        (
            "2023-12-21",
            "Trade between China and Russia passed $218 billion in January-November. This "
            "year's figure is just 4% of China's total foreign trade.",
            {(BI_V, None, 218e9, "2023-01/2023-11"), (RU_IN_CN, None, 4, "2023-01/2023-11")},
        ),
        (
            "2019-10-10",
            "China-Russia turnover reached $80.7 billion in the first nine months. This year's "
            "total makes up some 16 percent of Russia's external trade.",
            {(BI_V, None, 80.7e9, "2019-01/2019-09"), (CN_IN_RU, None, 16, "2019-01/2019-09")},
        ),
        (  # a forecast of this year's turnover is the whole year's
            "2024-03-12",
            "Trade between China and Russia grew 5.5% to $37.3 billion in January-February. "
            "Analysts expect this year's turnover to reach $250 billion.",
            {
                (BI_G, None, 5.5, "2024-01/2024-02"),
                (BI_V, None, 37.3e9, "2024-01/2024-02"),
                (BI_V, None, 250e9, "2024"),
            },
        ),
    ],
    # a fold change whose base level was given in an earlier sentence: the earlier year whose
    # turnover the multiple fits; none fits, no fact
    "fold_base_earlier": [
        (
            "2024-05-14",
            "In 2001 trade turnover stood at $10.67 billion.\n\nTwo decades later turnover "
            "reached $240.1 billion in 2023, a more than twenty-twofold increase.",
            {
                (BI_V, None, 10.67e9, "2001"),
                (BI_V, None, 240.1e9, "2023"),
                (BI_X, None, 22, "2001/2023"),
            },
        ),
        (
            "2019-02-01",
            "Bilateral trade was worth $10.7 billion in 2001. By 2018 it had reached $107.1 "
            "billion, a tenfold rise.",
            {
                (BI_V, None, 10.7e9, "2001"),
                (BI_V, None, 107.1e9, "2018"),
                (BI_X, None, 10, "2001/2018"),
            },
        ),
        (  # the levels do not bear the multiple out: no base is placed
            "2019-02-01",
            "Bilateral trade was worth $30 billion in 2005. By 2018 it had reached $107.1 "
            "billion, a tenfold rise.",
            {(BI_V, None, 30e9, "2005"), (BI_V, None, 107.1e9, "2018")},
        ),
    ],
    # a fraction after "by" ("fell by half", "by a third") is a change in percent
    "fraction_change": [
        (
            "2024-03-15",
            "Trade between China and Russia grew by half in 2010.",
            {(BI_G, None, 50, "2010")},
        ),
        (
            "2016-01-14",
            "In 2015 Chinese exports to Russia fell by about a third.",
            {(C2R_G, None, -33.3333, "2015")},
        ),
        (  # a fraction of a whole is a share, not a change
            "2024-03-15",
            "In 2023 China accounted for a third of Russia's foreign trade.",
            {(CN_IN_RU, None, 33.3333, "2023")},
        ),
    ],
    # a data line or a Markdown table: the unit declared in a header holds for its cells, a
    # year labelling a cell, heading its row or its column is the cell's period
    "unit_in_header": [
        (
            "2020-01-20",
            "China-Russia turnover, USD bn | 2019: 110.8 | 2018: 107.1 | y/y: +3.4% | "
            "vs 2017: +31.6%",
            {
                (BI_V, None, 110.8e9, "2019"),
                (BI_V, None, 107.1e9, "2018"),
                (BI_G, None, 3.4, "2019"),
            },
        ),
        (
            "2024-03-01",
            "Sino-Russian trade, selected years\n\n| Year | Turnover, $bn | y/y, % |\n"
            "|---|---|---|\n| 2021 | 146.9 | +35.8 |\n| 2023 | 240.1 | +26.3 |\n",
            {
                (BI_V, None, 146.9e9, "2021"),
                (BI_G, None, 35.8, "2021"),
                (BI_V, None, 240.1e9, "2023"),
                (BI_G, None, 26.3, "2023"),
            },
        ),
        (
            "2024-03-01",
            "| | 2022 | 2023 |\n|---|---|---|\n| Russian exports to China (US$ billion) | "
            "114.1 | 129.1 |\n| Chinese exports to Russia (US$ billion) | 76.1 | 111.0 |\n",
            {
                (R2C_V, None, 114.1e9, "2022"),
                (R2C_V, None, 129.1e9, "2023"),
                (C2R_V, None, 76.1e9, "2022"),
                (C2R_V, None, 111e9, "2023"),
            },
        ),
        (  # a table's one change column is its total's (the first level column): two held-out
            # gold sets written apart (probe_articles4, probe_articles6) both read it so
            "2024-03-01",
            "| Year | Turnover, $bn | China's exports to Russia, $bn | Change, % |\n"
            "|---|---|---|---|\n| 2023 | 240.1 | 111.0 | +26.3 |\n",
            {
                (BI_V, None, 240.1e9, "2023"),
                (C2R_V, None, 111e9, "2023"),
                (BI_G, None, 26.3, "2023"),
            },
        ),
        (  # ... but two change columns after the levels could be any level's: neither is read
            "2024-03-01",
            "| Year | Turnover, $bn | China's exports to Russia, $bn | Change, % | y/y, % |\n"
            "|---|---|---|---|---|\n| 2023 | 240.1 | 111.0 | +26.3 | +46.9 |\n",
            {(BI_V, None, 240.1e9, "2023"), (C2R_V, None, 111e9, "2023")},
        ),
        (  # no unit declared: the numbers are no figures
            "2024-03-01",
            "| Year | Turnover | Partners |\n|---|---|---|\n| 2023 | 240.1 | 12 |\n",
            set(),
        ),
    ],
    # translated copy: "the export of Russia to the PRC", "the import of the Chinese side from
    # Russia", "the import from the PRC": the preposition and the counterpart decide
    "export_of_country_to": [
        (
            "2007-03-26",
            "In 2006 the export of Russia to the PRC has made 15.8 billion dollars, the import "
            "from the PRC - 17.8 billion.",
            {(R2C_V, None, 15.8e9, "2006"), (C2R_V, None, 17.8e9, "2006")},
        ),
        (
            "2020-07-14",
            "In the first half of 2020 the export of the Chinese side to Russia amounted to "
            "23.4 billion dollars, the import of the Chinese side from Russia to 25.5 billion "
            "dollars.",
            {(C2R_V, None, 23.4e9, "2020-01/2020-06"), (R2C_V, None, 25.5e9, "2020-01/2020-06")},
        ),
        (  # another country's exports to the PRC stay out
            "2007-03-26",
            "In 2006 the export of Japan to the PRC reached 115.7 billion dollars.",
            set(),
        ),
    ],
    # a change against a base that is no year ("than before the war", "pre-pandemic levels")
    # is no year-on-year growth; "above their 2021 level" is a base two years back
    "undated_base": [
        (
            "2024-02-02",
            "Chinese shipments to Russia last year were 65% above their 2021 level, and "
            "deliveries of Russian goods to China were roughly a third higher than before the "
            "war.",
            set(),
        ),
        (
            "2023-08-07",
            "In the first half of 2023 China-Russia trade was 41 percent above pre-pandemic "
            "levels.",
            set(),
        ),
        (  # a year-earlier base is kept
            "2023-08-07",
            "In the first half of 2023 China-Russia trade was 40.6 percent above the same "
            "period a year earlier.",
            {(BI_G, None, 40.6, "2023-01/2023-06")},
        ),
    ],
    # the first destination named after a delivered volume is its own: "to Europe and Turkey,
    # ten times what it sold to China" is Europe's
    "first_destination": [
        (
            "2022-09-10",
            "Gazprom delivered almost 175 billion cubic metres to Europe and Turkey in 2021, "
            "more than ten times what it sold to China.",
            set(),
        ),
        (
            "2022-09-10",
            "Gazprom delivered 10.4 billion cubic metres to China in 2021, against far more "
            "to Europe.",
            {("energy.gas.exports_to_china", None, 10.4, "2021")},
        ),
        (
            "2024-01-22",
            "Russia shipped 107 million tonnes of crude to Chinese refiners in 2023, while "
            "exports to India were lower.",
            {("energy.oil.exports_to_china", None, 107, "2023")},
        ),
    ],
    # "China → Russia: $44.9 bn" in a list of key figures: the arrow gives the direction
    "direction_arrows": [
        (
            "2019-12-10",
            "Headline numbers, Jan-Nov 2019:\n- China → Russia: $44.9 bn (+4.2% y/y)\n"
            "- Russia → China: $55.9 bn (+2.3% y/y)",
            {
                (C2R_V, None, 44.9e9, "2019-01/2019-11"),
                (C2R_G, None, 4.2, "2019-01/2019-11"),
                (R2C_V, None, 55.9e9, "2019-01/2019-11"),
                (R2C_G, None, 2.3, "2019-01/2019-11"),
            },
        ),
        (
            "2024-01-15",
            "Flows in 2023: Russia -> China $129.1bn, China -> Russia $111bn.",
            {(R2C_V, None, 129.1e9, "2023"), (C2R_V, None, 111e9, "2023")},
        ),
        (  # an arrow to a third country is not China–Russia trade
            "2024-01-15",
            "Flows in 2023: China -> India $117.5bn.",
            set(),
        ),
    ],
    # "1. China — $240.1 bn" under a heading on one side's partners: the number is a list
    # marker, not a sentence; the dash joins the partner to its figure
    "numbered_partner_list": [
        (
            "2024-02-14",
            "Russia's main trading partners in 2023:\n\n1. China — $240.1 bn\n2. India — $65.7 bn",
            {(BI_V, None, 240.1e9, "2023")},
        ),
        (
            "2019-01-20",
            "China's top trading partners in 2018 (customs):\n\n1. EU – $682 bn\n"
            "2. US – $633 bn\n3. Russia – $107.1 bn",
            # the list is read with the line that introduces it: China's partner Russia
            {(BI_V, None, 107.1e9, "2018")},
        ),
        (
            "2024-02-14",
            "1. Turkey — $57 bn in 2023, Russia's partners said.",
            set(),
        ),
    ],
    # one product's trade is not total trade, an adjective before the product included
    "product_with_adjective": [
        (
            "2023-09-10",
            "Chinese exports of passenger cars to Russia reached $1.9 billion in August.",
            set(),
        ),
        (
            "2024-01-20",
            "In 2023 imports of Russian frozen fish into China rose 12 percent.",
            set(),
        ),
        (
            "2024-01-20",
            "In 2023 exports of goods from China to Russia rose 46.9 percent.",
            {(C2R_G, None, 46.9, "2023")},
        ),
    ],
    # "growing 3.4 percent over the 107.06 billion dollars of 2018": the year is the base
    # figure's, not the growth's
    "over_the_base_figure": [
        (
            "2020-01-14",
            "China-Russia trade in 2019 reached 110.79 billion US dollars, growing 3.4 percent "
            "over the 107.06 billion US dollars of 2018, customs said.",
            {
                (BI_V, None, 110.79e9, "2019"),
                (BI_G, None, 3.4, "2019"),
                (BI_V, None, 107.06e9, "2018"),
            },
        ),
        (
            "2011-01-20",
            "In 2010 bilateral trade rose 43 percent over the $38.8 billion of 2009.",
            {(BI_G, None, 43, "2010"), (BI_V, None, 38.8e9, "2009")},
        ),
        (  # "over $100 billion" is a floor, not a base
            "2019-01-20",
            "Bilateral trade topped over $100 billion in 2018.",
            {(BI_V, None, 100e9, "2018")},
        ),
    ],
    # "the same two months of 2023" is a base, not "two months of 2023"
    "same_n_months": [
        (
            "2024-05-10",
            "In March and April, China-Russia trade came to $40.2 billion, about 8 percent less "
            "than in the same two months of 2023.",
            {(BI_V, None, 40.2e9, "2024-03/2024-04"), (BI_G, None, -8, "2024-03/2024-04")},
        ),
        (
            "2016-10-13",
            "Over January-September bilateral trade slipped 2.1 percent compared with the "
            "corresponding nine months of 2015.",
            {(BI_G, None, -2.1, "2016-01/2016-09")},
        ),
        (
            "2023-03-07",
            "Bilateral trade rose 25.9 percent in the first two months of 2023.",
            {(BI_G, None, 25.9, "2023-01/2023-02")},
        ),
    ],
    # "so far this year" gives no end: without a month that closes the run, no period
    "ytd_needs_an_end": [
        (
            "2023-10-20",
            "The official said trade with China has already exceeded $150 billion so far this "
            "year.",
            set(),
        ),
        (
            "2024-06-20",
            "So far this year, through the end of May, Sino-Russian trade has totalled $96.5 "
            "billion.",
            {(BI_V, None, 96.5e9, "2024-01/2024-05")},
        ),
        (
            "2018-09-20",
            "Year to date (January to August) China-Russia turnover is $69.6 billion.",
            {(BI_V, None, 69.6e9, "2018-01/2018-08")},
        ),
    ],
    # "China's own total trade" is China's world trade
    "own_total_trade": [
        (
            "2023-10-20",
            "China's own total trade in the first three quarters was $4.4 trillion, down 6.2 "
            "percent.",
            set(),
        ),
        (
            "2022-02-10",
            "Russia's own overall exports rose 45 percent in 2021.",
            set(),
        ),
        (
            "2022-02-10",
            "China's trade with Russia rose 35.9 percent in 2021.",
            {(BI_G, None, 35.9, "2021")},
        ),
    ],
    # a goal's second figure after "in bilateral trade by 2015 and"; a range named a goal
    # by an apposition; "now" is no goal's deadline
    "goal_coordination": [
        (
            "2014-10-14",
            "The two sides set a goal of 100 billion US dollars in bilateral trade by 2015 and "
            "200 billion US dollars by 2020.",
            {(BI_T, None, 100e9, "2015"), (BI_T, None, 200e9, "2020")},
        ),
        (
            "2024-06-01",
            "Officials now speak of lifting turnover to between $250 billion and $300 billion "
            "by 2030, a goal that depends on energy prices.",
            {(BI_T, None, 250e9, "2030"), (BI_T, None, 300e9, "2030")},
        ),
        (
            "2024-06-01",
            "Moscow now hopes to raise trade with Beijing to $300 billion by 2030, a target set "
            "last year.",
            {(BI_T, None, 300e9, "2030")},
        ),
    ],
    # "a year earlier, November turnover had been $18.4 billion": the month a year back
    "month_a_year_earlier": [
        (
            "2023-12-10",
            "China-Russia trade in November rose 9.3% year on year to $20.1 billion; a year "
            "earlier, November turnover had been $18.4 billion.",
            {
                (BI_G, None, 9.3, "2023-11"),
                (BI_V, None, 20.1e9, "2023-11"),
                (BI_V, None, 18.4e9, "2022-11"),
            },
        ),
        (
            "2019-04-15",
            "Bilateral trade reached $8.9 billion in March 2019. The year before, March trade "
            "had come to $7.7 billion.",
            {(BI_V, None, 8.9e9, "2019-03"), (BI_V, None, 7.7e9, "2018-03")},
        ),
        (
            "2019-04-15",
            "Bilateral trade in March 2019 reached $8.9 billion, up from $7.7 billion in March "
            "2018.",
            {(BI_V, None, 8.9e9, "2019-03"), (BI_V, None, 7.7e9, "2018-03")},
        ),
    ],
    # a table column headed "m/m" holds no year-on-year growth; a share named in a column
    # header is the cell's, as if written beside it
    "table_headers": [
        (
            "2023-04-14",
            "| Month | China–Russia turnover | y/y | m/m |\n|---|---|---|---|\n"
            "| March 2023 | $20.9 bn | +42.6% | +25.1% |",
            {(BI_V, None, 20.9e9, "2023-03"), (BI_G, None, 42.6, "2023-03")},
        ),
        (
            "2022-01-20",
            "| Year | China's share of Russia's foreign trade |\n|---|---|\n| 2020 | 18.3% |\n"
            "| 2021 | 18.6% |",
            {(CN_IN_RU, None, 18.3, "2020"), (CN_IN_RU, None, 18.6, "2021")},
        ),
        (
            "2022-01-20",
            "| Year | Russia's share of India's trade |\n|---|---|\n| 2021 | 1.1% |",
            set(),
        ),
    ],
    # "China accounted for $146.9 billion of it, or 18.6%" after Russia's foreign trade:
    # a part of that total is the pair's trade and China's share of it
    "part_of_it": [
        (
            "2022-02-10",
            "Russia's foreign trade turnover grew 38% in 2021 to $789 billion. China accounted "
            "for $146.9 billion of it, or 18.6%.",
            {(BI_V, None, 146.9e9, "2021"), (CN_IN_RU, None, 18.6, "2021")},
        ),
        (
            "2024-01-15",
            "China's foreign trade reached $5.94 trillion in 2023. Russia was responsible for "
            "$240.1 billion of this, or 4 percent.",
            {(BI_V, None, 240.1e9, "2023"), (RU_IN_CN, None, 4, "2023")},
        ),
        (  # a third country's part is not the pair's
            "2022-02-10",
            "Russia's foreign trade turnover grew 38% in 2021 to $789 billion. Germany "
            "accounted for $57 billion of it.",
            set(),
        ),
    ],
    # a fold change against "what it was in 2001"
    "fold_what_it_was": [
        (
            "2024-05-14",
            '"Our trade last year was eighteen times what it was in 2001," the ambassador said.',
            {(BI_X, None, 18, "2001/2023")},
        ),
        (
            "2019-06-05",
            "Bilateral trade in 2018 was roughly 13 times what it had been in 2000.",
            {(BI_X, None, 13, "2000/2018")},
        ),
        (  # no second year: no fold change to place
            "2019-06-05",
            "Bilateral trade is several times what it was in 2000.",
            set(),
        ),
    ],
    # "since 2000, when trade was worth $8 billion": the when-clause's level is that year's,
    # a flashback that moves no running period; a fold change "since" runs to the latest year
    # whose level the text gives and the multiple fits
    "since_when_clause": [
        (
            "2025-01-14",
            "- Turnover in 2024: $244.8 billion.\n- Since 2000, when trade was worth $8.0 "
            "billion, turnover has grown about 30-fold.\n- Russia's share of China's total "
            "trade: about 4%.",
            {
                (BI_V, None, 244.8e9, "2024"),
                (BI_V, None, 8e9, "2000"),
                (BI_X, None, 30, "2000/2024"),
                (RU_IN_CN, None, 4, "2024"),
            },
        ),
        (
            "2019-02-01",
            "Bilateral trade was $10.7 billion in 2001. By 2018 it had reached $107.1 billion; "
            "it has grown tenfold since 2001.",
            {
                (BI_V, None, 10.7e9, "2001"),
                (BI_V, None, 107.1e9, "2018"),
                (BI_X, None, 10, "2001/2018"),
            },
        ),
        (  # no level for the latest year: the fold runs to the time of writing
            "2019-02-01",
            "Bilateral trade has grown tenfold since 2001, when it was $10.7 billion.",
            {(BI_X, None, 10, "2001/2019"), (BI_V, None, 10.7e9, "2001")},
        ),
    ],
    # a unit declared in the line above a table holds for its cells; a row labelled "% y/y"
    # holds changes
    "table_caption_unit": [
        (
            "2019-02-15",
            "Customs figures, USD bn unless noted:\n\n| | 2017 | 2018 |\n|---|---|---|\n"
            "| Turnover | 84.1 | 107.1 |\n| Turnover, % y/y | 20.8 | 27.3 |\n",
            {
                (BI_V, None, 84.1e9, "2017"),
                (BI_V, None, 107.1e9, "2018"),
                (BI_G, None, 20.8, "2017"),
                (BI_G, None, 27.3, "2018"),
            },
        ),
        (
            "2019-02-15",
            "In US$ billion:\n| | 2018 |\n|---|---|\n| Russian exports to China | 59.2 |\n",
            {(R2C_V, None, 59.2e9, "2018")},
        ),
        (  # no unit above or in the table: nothing
            "2019-02-15",
            "Selected data:\n\n| | 2018 |\n|---|---|\n| Turnover | 107.1 |\n",
            set(),
        ),
    ],
    # "bilateral" after a pair of China with a third country speaks of that pair, even when
    # the sentence names China again ("Chinese customs")
    "bilateral_after_third_pair": [
        (
            "2005-09-20",
            "Trade between China and Kazakhstan is growing. Chinese customs data show bilateral "
            "turnover of $4.5 billion in 2004.",
            set(),
        ),
        (
            "2005-09-20",
            "Russia and India signed a deal. Russian officials put bilateral trade at $2.7 "
            "billion in 2004.",
            set(),
        ),
        (
            "2005-09-20",
            "China and Kazakhstan signed a pipeline deal. Trade between China and Russia "
            "reached $21.2 billion in 2004, and bilateral turnover should grow again.",
            {(BI_V, None, 21.2e9, "2004")},
        ),
    ],
    # "the share of China in the foreign trade turnover of Russia" (translated copy)
    "share_of_in_of": [
        (
            "2007-03-26",
            "Last year the share of China in the foreign trade turnover of Russia reached 7.4 "
            "percent.",
            {(CN_IN_RU, None, 7.4, "2006")},
        ),
        (
            "2007-03-26",
            "In 2006 the share of Russia in the foreign trade of the PRC was about 1.9 percent.",
            {(RU_IN_CN, None, 1.9, "2006")},
        ),
        (
            "2007-03-26",
            "In 2006 the share of Russia in the foreign trade of India was about 1.2 percent.",
            set(),
        ),
    ],
    # "60-80 billion dollars": both ends are dollars; a goal's range is one goal
    "dollar_range_head": [
        (
            "2007-03-26",
            "The sides have set the task to bring the commodity turnover by 2010 to 60-80 "
            "billion dollars.",
            {(BI_T, None, 60e9, "2010"), (BI_T, None, 80e9, "2010")},
        ),
        (
            "2023-01-10",
            "Analysts expect China-Russia trade of 200–220 billion dollars in 2023.",
            {(BI_V, None, 200e9, "2023"), (BI_V, None, 220e9, "2023")},
        ),
        (  # a range of years is no amount
            "2023-01-10",
            "Over 2021-2022 trade between Russia and China rose 63 percent.",
            set(),
        ),
    ],
    # a sentence opened by a province or a border town speaks of that place's trade
    "regional_subject": [
        (
            "2014-01-20",
            "Heilongjiang province, the largest frontier province in the trade with Russia, "
            "realized trade volume of 22.4 billion dollars with Russia, up 4.4 percent.",
            set(),
        ),
        (
            "2019-03-01",
            "In 2018, Primorye's turnover with China reached $7.2 billion.",
            set(),
        ),
        (
            "2014-01-20",
            "China-Russia trade reached 89.2 billion dollars in 2013, with Heilongjiang a "
            "major gateway.",
            {(BI_V, None, 89.2e9, "2013")},
        ),
    ],
    # "the volume of China's foreign trade ..., up 7.6 percent" is the whole's change, not a
    # share; "up from 14 percent of Russia's trade" is a share's earlier level
    "whole_change_no_share": [
        (
            "2014-01-20",
            "In 2013 the total import and export volume of China's foreign trade realized 4.16 "
            "trillion dollars, up 7.6 percent.",
            set(),
        ),
        (
            "2022-01-20",
            "The value of Russia's external trade rose 37.9 percent in 2021.",
            set(),
        ),
        (
            "2024-02-01",
            "China accounted for 33.8% of Russia's foreign trade in 2023, up from 18.6% in 2021.",
            {(CN_IN_RU, None, 33.8, "2023"), (CN_IN_RU, None, 18.6, "2021")},
        ),
    ],
    # "the Republic of Korea" is a third country
    "republic_of": [
        (
            "2016-06-01",
            "China's trade with the Republic of Korea was about $276 billion in 2015.",
            set(),
        ),
        (
            "2016-06-01",
            "Trade between the Republic of Belarus and Russia was $27 billion in 2015.",
            set(),
        ),
        (
            "2016-06-01",
            "Trade between the People's Republic of China and the Russian Federation was $68 "
            "billion in 2015.",
            {(BI_V, None, 68e9, "2015")},
        ),
    ],
    # "has never much exceeded 2 percent" is a bound over all time; ", and was just 1.7
    # percent last year" is the same subject's second statement
    "never_and_coordinated": [
        (
            "2016-06-01",
            "Russia's share of China's trade has never much exceeded 2 percent, and was just 1.7 "
            "percent last year.",
            {(RU_IN_CN, None, 1.7, "2015")},
        ),
        (
            "2016-06-01",
            "Trade between China and Russia has never topped $100 billion.",
            set(),
        ),
        (
            "2016-06-01",
            "China's share of Russia's foreign trade was 12.1 percent in 2015, and Germany's "
            "share fell.",
            {(CN_IN_RU, None, 12.1, "2015")},
        ),
    ],
    # "fell more — roughly 6.6 percent": "more" after a fall is a comparison, not a rise
    "fell_more": [
        (
            "2021-03-20",
            "Our exports to China fell more — roughly 6.6 percent — in 2020.",
            {(R2C_G, None, -6.6, "2020")},
        ),
        (
            "2021-03-20",
            "In 2020 Chinese exports to Russia declined more than expected, by 2 percent.",
            {(C2R_G, None, -2, "2020")},
        ),
        (
            "2022-01-20",
            "In 2021 trade between China and Russia grew 35.9 percent, more than forecast.",
            {(BI_G, None, 35.9, "2021")},
        ),
    ],
    # "than in October last year": the month of the year before is the base, so the change
    # is year on year
    "month_last_year": [
        (
            "2018-11-08",
            "In October alone, bilateral trade was $9.6 billion, up 4.3% from September and "
            "23.8% higher than in October last year.",
            {(BI_V, None, 9.6e9, "2018-10"), (BI_G, None, 23.8, "2018-10")},
        ),
        (
            "2018-11-08",
            "Sino-Russian trade in October last year was $8.5 billion.",
            {(BI_V, None, 8.5e9, "2017-10")},
        ),
        (  # against the month before: no growth record
            "2018-11-08",
            "In October bilateral trade rose 4.3% against September.",
            set(),
        ),
    ],
    # "$18.2bn of China–Russia trade": the pair named after the figure
    "of_pair_trade": [
        (
            "2022-12-07",
            "November alone saw about $18.2bn of China–Russia trade, versus $16.8bn in October.",
            {(BI_V, None, 18.2e9, "2022-11"), (BI_V, None, 16.8e9, "2022-10")},
        ),
        (
            "2023-02-01",
            "Last year saw $190 billion of Sino-Russian trade.",
            {(BI_V, None, 190e9, "2022")},
        ),
        (
            "2023-02-01",
            "Last year saw $690 billion of China–US trade.",
            set(),
        ),
    ],
    # "Russia accounts for barely four percent of China's.": the whole left out is the trade
    # named just before
    "elliptical_share": [
        (
            "2024-03-01",
            "China now accounts for more than a third of Russia's foreign trade. Russia accounts "
            "for barely four percent of China's.",
            {(CN_IN_RU, None, 33.3333, "2024"), (RU_IN_CN, None, 4, "2024")},
        ),
        (
            "2022-03-01",
            "In 2021 Russia accounted for 2.4 percent of China's trade, China for 18.6 percent "
            "of Russia's.",
            {(RU_IN_CN, None, 2.4, "2021"), (CN_IN_RU, None, 18.6, "2021")},
        ),
        (  # nothing named before: "of China's" alone is no share of trade
            "2024-03-01",
            "Russia accounts for barely four percent of China's.",
            set(),
        ),
    ],
    # "the $200 billion goal set for 2024" with no cue of its own, in a text about China–Russia
    # trade, is that trade's goal
    "goal_in_trade_text": [
        (
            "2023-10-10",
            "Trade between Russia and China hit a record.\n\n**Targets**\n\nOfficials now "
            "say the $200 billion goal set for 2024 will be reached a year early.",
            {(BI_T, None, 200e9, "2024")},
        ),
        (
            "2019-06-06",
            "China-Russia trade grew fast.\n\nThe leaders agreed a $200 billion target for 2024.",
            {(BI_T, None, 200e9, "2024")},
        ),
        (  # a text about another pair: its goal is not China–Russia's
            "2019-06-06",
            "Trade between Russia and Turkey grew fast.\n\nThe leaders agreed a $100 billion "
            "target for 2023.",
            set(),
        ),
    ],
    # "full-year turnover could top $185 billion" written in December 2022: a forecast for the
    # year in progress, whatever year the last figure was for
    "full_year_forecast": [
        (
            "2022-12-07",
            "China-Russia trade was $146.9 billion in 2021. At this run-rate, full-year "
            "turnover could top $185 billion.",
            {(BI_V, None, 146.9e9, "2021"), (BI_V, None, 185e9, "2022")},
        ),
        (
            "2019-01-10",
            "Bilateral trade for the full year 2018 is expected to reach $107 billion.",
            {(BI_V, None, 107e9, "2018")},
        ),
        (
            "2022-12-07",
            "Full-year China-Russia trade was $146.9 billion in 2021.",
            {(BI_V, None, 146.9e9, "2021")},
        ),
    ],
    # a fold change "that of 2003"; "three-and-a-half-fold" is 3.5
    "fold_more_forms": [
        (
            "2014-01-20",
            "Trade volume of China and Russia in 2013 has been 5.6 times that of 2003.",
            {(BI_X, None, 5.6, "2003/2013")},
        ),
        (
            "2016-06-01",
            "In 2003 bilateral trade stood at $15.8 billion. By 2008 it had reached $56.8 "
            "billion, a three-and-a-half-fold increase.",
            {
                (BI_V, None, 15.8e9, "2003"),
                (BI_V, None, 56.8e9, "2008"),
                (BI_X, None, 3.5, "2003/2008"),
            },
        ),
        (
            "2019-03-01",
            "Sino-Russian turnover in 2018 was two and a half times that of 2010.",
            {(BI_X, None, 2.5, "2010/2018")},
        ),
    ],
    # what a sentence is compared with ("less than Russia's trade with Italy") is not what the
    # next sentence goes on about
    "comparison_not_topic": [
        (
            "2016-06-01",
            "In 2003 bilateral trade stood at $15.8 billion, less than Russia's trade with "
            "Italy. By 2008 it had reached $56.8 billion.",
            {(BI_V, None, 15.8e9, "2003"), (BI_V, None, 56.8e9, "2008")},
        ),
        (
            "2016-06-01",
            "In 2015 China-Russia trade was $68 billion, far behind China's trade with Japan. "
            "In 2014 it had been $95.3 billion.",
            {(BI_V, None, 68e9, "2015"), (BI_V, None, 95.3e9, "2014")},
        ),
        (  # a sentence about the third pair itself stays that pair's
            "2016-06-01",
            "In 2015 China-Russia trade was $68 billion. Russia's trade with Italy came to $32 "
            "billion. In 2014 it had been $48 billion.",
            {(BI_V, None, 68e9, "2015")},
        ),
    ],
    # "the financial crisis knocked it back by a third": a crisis is no financing, and
    # "knocked back" is a fall; "our scenario sees $70 billion" is a forecast
    "crisis_and_scenario": [
        (
            "2016-06-01",
            "In 2008 bilateral trade reached $56.8 billion. The financial crisis then knocked it "
            "back by almost a third, to $38.8 billion in 2009.",
            {
                (BI_V, None, 56.8e9, "2008"),
                (BI_G, None, -33.3333, "2009"),
                (BI_V, None, 38.8e9, "2009"),
            },
        ),
        (
            "2016-06-01",
            "Our baseline scenario sees China-Russia turnover of around $70 billion this year.",
            {(BI_V, None, 70e9, "2016")},
        ),
        (  # financing stays a blocker
            "2016-06-01",
            "Chinese banks provided financing of $12 billion to Russian firms trading with China "
            "in 2015.",
            set(),
        ),
    ],
    # "At $107.1 billion, bilateral trade in 2018 was ...": a level fronted before its subject
    "fronted_level": [
        (
            "2019-06-05",
            "At $107.1 billion, bilateral trade in 2018 was roughly 13 times the level of 2000.",
            {(BI_V, None, 107.1e9, "2018"), (BI_X, None, 13, "2000/2018")},
        ),
        (
            "2024-01-20",
            "At about $240 billion, China-Russia turnover hit a record in 2023.",
            {(BI_V, None, 240e9, "2023")},
        ),
        (  # a fronted price is no trade level
            "2024-01-20",
            "At $60 a barrel, Russian crude sold briskly to China in 2023.",
            set(),
        ),
    ],
    # a question frames its answer: its cue and its period carry to the answer line
    "question_and_answer": [
        (
            "2025-04-20",
            "Q: How much did Russia sell to China in March?\nA: About $10.4 billion, roughly 8% "
            "less than a year earlier.",
            {(R2C_V, None, 10.4e9, "2025-03"), (R2C_G, None, -8, "2025-03")},
        ),
        (
            "2024-02-01",
            "Q: And how much did China export to Russia in 2023?\nA: Around $111 billion.",
            {(C2R_V, None, 111e9, "2023")},
        ),
        (  # a question about another pair frames nothing of ours
            "2024-02-01",
            "Q: How much did Russia sell to India in 2023?\nA: Around $60 billion.",
            set(),
        ),
    ],
    # "by the end of the decade": a goal's deadline, the year that closes the decade
    "end_of_decade": [
        (
            "2023-03-22",
            "Moscow and Beijing aim to lift turnover to $300 billion by the end of the decade.",
            {(BI_T, None, 300e9, "2030")},
        ),
        (
            "2020-11-02",
            "The target is bilateral trade of $200 billion by the end of this decade.",
            {(BI_T, None, 200e9, "2030")},
        ),
        (  # "a decade ago" still names no year
            "2023-03-22",
            "A decade ago China-Russia trade was about $89 billion.",
            set(),
        ),
    ],
    # "slower than November's 17.9 percent rise": a month written against another figure is
    # that figure's own, not the base of the change before it
    "possessive_month_not_base": [
        (
            "2023-01-13",
            "December exports to Russia were up 8.3 percent on the year, slower than November's "
            "17.9 percent rise.",
            {(C2R_G, None, 8.3, "2022-12"), (C2R_G, None, 17.9, "2022-11")},
        ),
        (
            "2023-01-13",
            "Imports from Russia rose 8.3 percent in December, after October's 24 percent gain.",
            {(R2C_G, None, 8.3, "2022-12"), (R2C_G, None, 24, "2022-10")},
        ),
        (  # a month that is the base stays one: month on month, no growth record
            "2023-01-13",
            "In December China-Russia trade rose 8 percent from November.",
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
