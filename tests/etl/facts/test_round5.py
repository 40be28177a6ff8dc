"""Language rules of the fifth round, each tried on sentences written for this test in several
outlets' styles (wire copy, business press, think-tank prose, translated state media, a
headline). Each case lists every record the text yields, and nothing else.

- A bare "China's exports" / "Russia's exports" is the flow to the other side only where the
  sentence or the one before names that side (or "bilateral", "the two countries"); otherwise
  it is the country's trade with the world, and so are the bare "imports" beside it.
- "the most since 2013", "the first annual decline since 2020": a record's comparison, neither
  the figure's period nor the start of its change.
- A surplus or deficit "in its trade with China" is the balance's figure, not the trade's.
- A product counted and then valued ("909,000 cars ..., worth $22.1 billion") or named after
  its amount ("$4.2 billion of smartphones") is that product's trade.
- "by nearly half": a hedged fraction after "by" is a change.
- A gapped clause for a third partner ("..., and with Kazakhstan to $3.9 billion") is that
  partner's.
- "eye $300 bln in trade by 2030": a goal.
- A list introduced by a line ending in a colon ("Main recipients of Russian arms exports,
  2019-2023:") gives its figure-bound cue to each item labelled with a country ("- India:
  34%").
- A list of arms buyers running on into the next sentence ("China took 12 percent, Vietnam 9
  percent") keeps the whole the sentence before named; two buyers together ("China and India
  took 70 percent") are neither's.
- A year said aloud in a transcript ("in two thousand and five", "twenty sixteen").
- A clause of reason or circumstance after the figure (", as importers struggled ... between
  the autumn of 2008 and the spring of 2009") dates its own story, not the figure; "slid a
  more modest 10.7 percent" is a fall.
- A supplier's rank right after a third country ("with the United States the largest
  supplier") is that country's; a rank held over an unsaid stretch of the past ("for several
  years China's top supplier") or only foreseen ("on course to remain") has no period.
- The date of an event in a participle ("the pipeline, launched in December 2019,") is no
  flow's period.
- A month labelling a heading ("March, China–Russia:", "**October** —") dates the list below.
- "up 4.5% on the month" is a change against the month before, no growth record.
- The base of a change with no period of its own ("rose 12.1% to $75.9 bln in 2022 from $67.7
  bln") is the same stretch a year earlier; a month-on-month base is dropped.
- "Beijing's purchases from its northern neighbour": the possessive owner names the flow.
- Goods detailed after a dash ("$129 billion worth of goods to China — oil, gas, coal") stay
  the flow; a commodity named before that ("supplied to China 15.97 million tons of crude")
  is the commodity's.
- A base with an adjective ("than in the pandemic-hit first six months of 2020") is still the
  base; a base fronted two years back ("Compared with 2021, trade in 2023 was 64 percent
  higher") makes no year-on-year growth.
- A "Total" row under the two flows of a table is the two-way trade.
- Decimals said aloud ("six point five percent", "forty-nine point one billion dollars").
- A year after the figure dates the quarter named before it ("First-quarter turnover was $52
  billion in 2025").
- "set a new daily record, pumping above 62 mcm": one day's flow.
- "Compared with November, December trade rose 4.1%": the month after the base opens the
  clause (no apposition to the base), so the change is month-on-month.
- An arrow label ("CN → RU: $19.9bn") names its own line only, not the next item's.
- "in the same period" after an arms share over five years is that span; a list item may run
  to several sentences and still be read with the line that introduces the list.
- Headline verbs in the present: "falls 6.5%", "rises 4%".
- "the final month of 2024" dates the month it stands beside; "May on its own" is May.
- "$65.7 billion for India" is India's; "China, in turn, took 21%" names China.
- A currency's share of settlements is no share of trade.
- ", rising 21.3% in January-May to $54.2 billion" after a goal is what trade did, and the
  goal's deadline ("by 2024") gives no year to the run of months.
- "compared with growth of 20.8% in 2017, when turnover stood at $84.07 billion": base figures
  that do not move the story's year; ", which had held the top spot in 2022" is another
  supplier's story, no date for the rank before it.
- An analyst's "9M 2022" is January–September; "China traded $172.4 billion with Russia";
  "the two countries ... exceeded the mark of $100 billion"; "The 2023 total was ..." after a
  sentence about the trade, and "the total was $196.5 billion, 26.7% more" with its change.
- "we will bring it to $200bn in the coming years": a goal without a deadline, no figure;
  "Europe, which still accounts for around 40% of Russia's trade" is Europe's share.
- "The 2024 goal of $200 billion": a year naming the goal is its deadline; "China's share of
  it" after a sentence on Russia's foreign trade.
- A level of the year before the story's, after the story's own ("... $107.1 billion in 2018.
  The volume in 2017 was $84.2 billion."), is a comparison: the next sentences stay with 2018.
- A table column "Same period a year earlier" holds the row's period a year back.
- "their half-year total": the first half of the year; "a half-year high" is no fraction, but
  "by almost a quarter year on year" is.
- "has already beaten last year's record: $172.4 billion ... between January and November":
  a year's record is a comparison, no rival period for the run of months.
- "Russia's imports from China totalled $38 billion, while it exported $28 billion worth of
  goods to China": the pronoun shipping to China is Russia.
- A share "the other way" ("versus about 3% the other way") is the other country's share.
- "That is more than double the 1995 level" after the year's level: the fold runs to that year.
- A factbox label with the whole elided ("Russia's share of China's: 4%") after a line about
  shares of trade.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.etl.facts.test_whose_round4 import (
    BI,
    CN_IN_RU,
    CN_RU,
    GROWTH,
    RU_CN,
    RU_IN_CN,
    Row,
    records,
)

CN_RU_G, RU_CN_G = "trade.china_to_russia.growth", "trade.russia_to_china.growth"
ARMS = "arms.export_share"
RANK, OIL = "energy.supplier_rank", "energy.oil.exports_to_china"
GAS = "energy.gas.exports_to_china"


CASES: dict[str, tuple[str, set[Row]] | tuple[str, set[Row], date]] = {
    # --- one side's bare exports -------------------------------------------------------
    "wire: world exports and imports, no other side named": (
        "China's exports fell 7.5% in May from a year earlier to $283.5 billion, while "
        "imports dropped 4.5%.",
        set(),
    ),
    "business press: 'Chinese exports' for the year, in trillions": (
        "Chinese exports rose 3.1% last year to $3.38 trillion, customs data showed on Friday.",
        set(),
    ),
    "think tank: Russia's exports with no partner named": (
        "Russia's exports dropped 28% in 2023 as oil revenues slumped, the central bank said.",
        set(),
    ),
    "state media: the sentence before names the two countries": (
        "Trade between the two countries reached $240 billion in 2023. China's exports "
        "climbed 47% to $111 billion.",
        {(BI, None, 240.0, "2023"), (CN_RU, None, 111.0, "2023"), (CN_RU_G, None, 47.0, "2023")},
    ),
    "wire: 'exports to and imports from Russia' keep their flows": (
        "China's exports to and imports from Russia stood at $76.2 billion and $114.3 billion "
        "in 2022.",
        {(CN_RU, None, 76.2, "2022"), (RU_CN, None, 114.3, "2022")},
    ),
    # --- a record "since" a year --------------------------------------------------------
    "wire: 'and the most since 2013' after a year-on-year change": (
        "Russia bought $47.2 billion worth of Chinese goods in 2018, up 10.9 percent from the "
        "year before and the most since 2013, customs data show.",
        {(CN_RU, None, 47.2, "2018"), (CN_RU_G, None, 10.9, "2018")},
    ),
    "business press: 'the first annual decline since 2020' after last year's change": (
        "Russian purchases of Chinese goods dipped 5.1% last year to $109.6 billion, the first "
        "annual decline since 2020.",
        {(CN_RU, None, 109.6, "2023"), (CN_RU_G, None, -5.1, "2023")},
    ),
    "state media: 'the highest level since 2014', the year fronted": (
        "In 2016, bilateral trade grew by 2.2 percent to 69.5 billion U.S. dollars, its "
        "strongest showing since 2014.",
        {(BI, None, 69.5, "2016"), (GROWTH, None, 2.2, "2016")},
    ),
    "think tank: a true change since a year stays a change over the span": (
        "Bilateral trade has more than doubled since 2015, reaching $240 billion in 2023.",
        {(BI, None, 240.0, "2023"), ("trade.bilateral.multiple", None, 2.0, "2015/2023")},
    ),
    # --- a balance named with its trade ------------------------------------------------
    "wire: a surplus 'in trade with China' and its change": (
        "Russia's surplus in trade with China narrowed to $13.2 billion last year, down 31.4% "
        "year on year.",
        set(),
    ),
    "business press: the capitals, 'in its trade with'": (
        "Moscow's surplus in its trade with Beijing narrowed to $18.7 billion in 2023.",
        set(),
    ),
    "think tank: a deficit beside the total it belongs to": (
        "China's deficit on its trade with Russia widened to $38 billion in 2022, while total "
        "trade rose 29% to $190 billion.",
        {(BI, None, 190.0, "2022"), (GROWTH, None, 29.0, "2022")},
    ),
    # --- one product's value -------------------------------------------------------------
    "industry press: units counted, then 'worth'": (
        "China exported 909,000 passenger cars to Russia in 2023, worth about $22.1 billion, "
        "according to industry estimates.",
        set(),
    ),
    "wire: the product after its amount": (
        "Russian coal exports to China earned $6.8 billion in 2020, while China sold Russia "
        "$4.2 billion of smartphones.",
        set(),
    ),
    "state media: goods after the amount stay the flow": (
        "China sold Russia $4.2 billion of goods in March 2023.",
        {(CN_RU, None, 4.2, "2023-03")},
    ),
    # --- hedged fractions as changes ----------------------------------------------------
    "wire: 'by nearly half' in a gapped second clause": (
        "China's exports to Russia grew by a fifth to $81.3 billion in 2022, and its imports "
        "from Russia by nearly half, to $98.5 billion.",
        {
            (CN_RU, None, 81.3, "2022"),
            (CN_RU_G, None, 20.0, "2022"),
            (RU_CN, None, 98.5, "2022"),
            (RU_CN_G, None, 50.0, "2022"),
        },
    ),
    "think tank: 'by roughly half'": (
        "Bilateral trade grew by roughly half in 2022.",
        {(GROWTH, None, 50.0, "2022")},
    ),
    # --- a third partner in a gapped clause --------------------------------------------
    "wire: 'and with Kazakhstan to'": (
        "China's trade with Russia came to $19.6 billion in October 2023, and with Kazakhstan "
        "to $3.9 billion, customs data showed.",
        {(BI, None, 19.6, "2023-10")},
    ),
    "state media: 'while with the EU it'": (
        "In 2023 Russia's trade with China rose to $240 billion, while with the European Union "
        "it shrank to $85 billion.",
        {(BI, None, 240.0, "2023")},
    ),
    # --- goals "eyed" --------------------------------------------------------------------
    "headline: 'eye $300 bln in trade by 2030'": (
        "Russia, China eye $300 bln in trade by 2030",
        {("trade.bilateral.target", None, 300.0, "2030")},
    ),
    "business press: 'are eyeing $250 billion'": (
        "Moscow and Beijing are eyeing $250 billion in annual turnover by 2026, officials said.",
        {("trade.bilateral.target", None, 250.0, "2026")},
    ),
    # --- lists under a heading -------------------------------------------------------------
    "newsletter: bullets under 'Main recipients of Russian arms exports, 2019-2023:'": (
        "Main recipients of Russian arms exports, 2019-2023:\n- India: 34%\n- China: 21%\n"
        "- Egypt: 7.5%\n\nOthers bought far less.",
        {
            (ARMS, "india", 34.0, "2019/2023"),
            (ARMS, "china", 21.0, "2019/2023"),
            (ARMS, "egypt", 7.5, "2019/2023"),
        },
    ),
    "think tank: a numbered list with dashes under a possessive heading": (
        "Russia's biggest arms customers in 2014-2018 (share of its arms exports):\n"
        "1. India — 27%\n2. China — 14%\n3. Algeria — 12%\n",
        {
            (ARMS, "india", 27.0, "2014/2018"),
            (ARMS, "china", 14.0, "2014/2018"),
            (ARMS, "algeria", 12.0, "2014/2018"),
        },
    ),
    "wire: a list under a heading without a colon is no share of arms exports": (
        "Russian arms exports fell by a quarter in 2019-2023\n\n- India: 34%\n- China: 21%\n",
        set(),
    ),
    # --- an arms list running on ----------------------------------------------------------
    "defence press: the next sentence names the other buyers": (
        "Between 2010 and 2014, India received 37 percent of Russia's arms exports, the "
        "institute said. China took 12 percent, Vietnam 9 percent and Algeria 7 percent.",
        {
            (ARMS, "india", 37.0, "2010/2014"),
            (ARMS, "china", 12.0, "2010/2014"),
            (ARMS, "vietnam", 9.0, "2010/2014"),
            (ARMS, "algeria", 7.0, "2010/2014"),
        },
    ),
    "think tank: 'alone' between the buyer and its verb": (
        "In 2005-2009, China alone accounted for 36 percent of Russian arms exports.",
        {(ARMS, "china", 36.0, "2005/2009")},
    ),
    "lecture: two buyers together are neither's": (
        "Together, China and India took something like seventy percent of Russian arms "
        "exports during the 2000s.",
        set(),
    ),
    "explainer: the next sentence is about another whole": (
        "India bought 40% of Russia's arms exports in 2015-2019. China took 25% of the global "
        "market for drones.",
        {(ARMS, "india", 40.0, "2015/2019")},
    ),
    # --- years said aloud --------------------------------------------------------------------
    "lecture: 'in two thousand and five'": (
        "By my reckoning, in two thousand and five China alone took roughly forty-five percent "
        "of Russian arms exports.",
        {(ARMS, "china", 45.0, "2005")},
    ),
    "interview: 'in twenty sixteen'": (
        "Turnover was about seventy billion dollars in twenty sixteen.",
        {(BI, None, 70.0, "2016")},
    ),
    "transcript: 'two thousand tonnes' is no year": (
        "Russia shipped two thousand tonnes of fish in 2023, and trade came to $240 billion.",
        {(BI, None, 240.0, "2023")},
    ),
    # --- times in a clause of reason ---------------------------------------------------------
    "wire: ', as ... between the autumn of 2008 and the spring of 2009'": (
        "Trade fell 30.9 percent to $39.5 billion in 2009. China's exports to Russia slumped "
        "47.1 percent to $17.6 billion, as importers struggled to obtain credit between the "
        "autumn of 2008 and the spring of 2009. Chinese imports from Russia slid a more modest "
        "10.7 percent to $21.92 billion.",
        {
            (BI, None, 39.5, "2009"),
            (GROWTH, None, -30.9, "2009"),
            (CN_RU, None, 17.6, "2009"),
            (CN_RU_G, None, -47.1, "2009"),
            (RU_CN, None, 21.92, "2009"),
            (RU_CN_G, None, -10.7, "2009"),
        },
    ),
    "business press: ', after ... in 2021' keeps the story's year": (
        "Bilateral turnover hit a record $190 billion in 2022. Russian exports to China rose "
        "43% to $114 billion, after sanctions imposed in 2021 had redirected oil.",
        {(BI, None, 190.0, "2022"), (RU_CN, None, 114.0, "2022"), (RU_CN_G, None, 43.0, "2022")},
    ),
    "state media: a coordinated ', while' clause shares its period": (
        "Commerce between China and Russia climbed 27.2 per cent, while that with the United "
        "States gained 12.7 per cent, both on a year earlier, in January-June 2022.",
        {(GROWTH, None, 27.2, "2022-01/2022-06")},
    ),
    # --- whose rank, and when ---------------------------------------------------------------
    "policy press: 'with the United States the largest supplier'": (
        "Europe's imports of liquefied gas rose about 60 percent in the first seven months of "
        "2022, with the United States the largest supplier, ahead of Qatar and Russia.",
        set(),
    ),
    "think tank: 'for several years China's top crude supplier' in an apposition": (
        "Russia, for several years China's top crude supplier, slipped to second place among "
        "China's crude suppliers in 2020, behind Saudi Arabia.",
        {(RANK, "crude_oil", 2.0, "2020")},
    ),
    "magazine: 'on course to remain China's biggest supplier'": (
        "Russia shipped 97.8m tonnes of crude to China in the first eleven months of 2024, "
        "putting it on course to remain China's biggest supplier.",
        {(OIL, None, 97.8, "2024-01/2024-11")},
    ),
    "wire: 'once again ranking as its largest supplier' is the year's rank": (
        "Russia shipped 59.7 million tonnes of crude to China in 2017, once again ranking as "
        "its largest supplier.",
        {(OIL, None, 59.7, "2017"), (RANK, "crude_oil", 1.0, "2017")},
    ),
    # --- the date of an event ----------------------------------------------------------------
    "energy press: ', launched in December 2019,' before a half-year's deliveries": (
        "Gas supplies through the Power of Siberia pipeline, launched in December 2019, "
        "amounted to 2.9 billion cubic metres in January-June.",
        {(GAS, None, 2.9, "2020-01/2020-06")},
        date(2020, 7, 20),
    ),
    "wire: 'opened in 2011' inside the sentence of this year's crude": (
        "Russia shipped 15.2 million tonnes of crude to China via the ESPO spur, opened in "
        "2011, in January-May.",
        {(OIL, None, 15.2, "2024-01/2024-05")},
        date(2024, 6, 20),
    ),
    "state media: a contract's signing date stays its period": (
        "Gazprom's 30-year gas contract with CNPC, signed in May 2014, is worth $400 billion.",
        {("energy.contract.value", "power_of_siberia_2014", 400.0, "2014")},
        date(2021, 2, 1),
    ),
    # --- a month heading ------------------------------------------------------------------
    "newsletter: 'March, China–Russia:' over a list": (
        "March, China–Russia:\n- Turnover: $11.67bn (+12.8% y/y)\n"
        "- Chinese exports to Russia: $5.1bn (−7.7% y/y)\n",
        {
            (BI, None, 11.67, "2022-03"),
            (GROWTH, None, 12.8, "2022-03"),
            (CN_RU, None, 5.1, "2022-03"),
            (CN_RU_G, None, -7.7, "2022-03"),
        },
        date(2022, 4, 14),
    ),
    "factbox: a bold month and a dash": (
        "**October** — trade with Russia\n- Turnover: $21.6bn\n",
        {(BI, None, 21.6, "2024-10")},
        date(2024, 11, 10),
    ),
    "wire: 'May, ...' opening a line is no heading": (
        "May, analysts said, would bring a rebound.\nTurnover came to $20 billion in April.",
        {(BI, None, 20.0, "2024-04")},
        date(2024, 5, 10),
    ),
    # --- on the month --------------------------------------------------------------------
    "wire: 'up 4.5% on the month'": (
        "Seasonally adjusted, imports from Russia were up 4.5% on the month in August 2023.",
        set(),
    ),
    "business press: 'fell 3% over the month'": (
        "China's exports to Russia fell 3% over the month to $9.2 billion in May 2024.",
        {(CN_RU, None, 9.2, "2024-05")},
    ),
    # --- the base of a change, undated ----------------------------------------------------
    "TASS: 'rose 12.1% to $75.9 bln in 2022 from $67.7 bln'": (
        "Chinese supplies to Russia rose 12.1% to $75.9 bln in 2022 from $67.7 bln.",
        {(CN_RU, None, 75.9, "2022"), (CN_RU, None, 67.7, "2021"), (CN_RU_G, None, 12.1, "2022")},
    ),
    "wire: a half year's base": (
        "In January-June, trade rose 20% to $114.5 billion from $95.4 billion.",
        {
            (BI, None, 114.5, "2023-01/2023-06"),
            (BI, None, 95.4, "2022-01/2022-06"),
            (GROWTH, None, 20.0, "2023-01/2023-06"),
        },
        date(2023, 7, 13),
    ),
    "business press: a base with its own year keeps it": (
        "Trade rose to $190 billion in 2022 from $147 billion in 2021.",
        {(BI, None, 190.0, "2022"), (BI, None, 147.0, "2021")},
    ),
    "newsletter: a month-on-month base is not dated": (
        "In May trade fell 3% month on month to $20 billion from $20.6 billion.",
        {(BI, None, 20.0, "2023-05")},
        date(2023, 6, 13),
    ),
    # --- the neighbour's flows ----------------------------------------------------------------
    "think tank: 'Beijing's purchases from its northern neighbour'": (
        "Beijing's purchases from its northern neighbour, meanwhile, grew 13% to $129.1 billion "
        "in 2023, mostly crude oil and coal.",
        {(RU_CN, None, 129.1, "2023"), (RU_CN_G, None, 13.0, "2023")},
    ),
    "wire: 'Russia's exports to its southern neighbour'": (
        "Russia's exports to its southern neighbour rose 2% to $129 billion in 2023.",
        {(RU_CN, None, 129.0, "2023"), (RU_CN_G, None, 2.0, "2023")},
    ),
    "a third country's neighbour is not China": (
        "India's purchases from its northern neighbour rose 2% to $9 billion in 2023.",
        set(),
    ),
    # --- goods detailed after a dash ----------------------------------------------------------
    "interview: 'worth of goods to China — oil, gas, coal'": (
        "Last year Russia shipped about $129 billion worth of goods to China — oil, gas, coal, "
        "timber, seafood.",
        {(RU_CN, None, 129.0, "2023")},
    ),
    "translated agency copy: the crude named before a change": (
        "In 2006 Russia supplied to China 15.97 million tons of crude oil, which is 25 percent "
        "more than a year before.",
        {(OIL, None, 15.97, "2006")},
    ),
    # --- bases ------------------------------------------------------------------------------
    "student essay: 'than in the pandemic-hit first six months of 2020'": (
        "In the first half of 2021 trade recovered to roughly $62.5 billion. That is about 27 "
        "percent more than in the pandemic-hit first six months of 2020.",
        {(BI, None, 62.5, "2021-01/2021-06"), (GROWTH, None, 27.0, "2021-01/2021-06")},
        date(2021, 9, 1),
    ),
    "analysis: a base fronted two years back": (
        "Compared with 2021, trade between Russia and China in 2023 was 64 percent higher, a "
        "jump that owes much to sanctions.",
        set(),
    ),
    "wire: a base fronted one year back": (
        "Compared with 2022, trade between Russia and China in 2023 was 26 percent higher.",
        {(GROWTH, None, 26.0, "2023")},
    ),
    "logistics press: 'Compared with the first half of 2019, ... it was 19 percent higher'": (
        "Trade rose to $65 billion in the first half of 2021. Compared with the first half of "
        "2019, before the pandemic, it was about 19 percent higher.",
        {(BI, None, 65.0, "2021-01/2021-06")},
        date(2021, 8, 1),
    ),
    # --- a table's total row ---------------------------------------------------------------
    "fact sheet: arrows and a Total row": (
        "Goods flows, full year 2024.\n\n| Flow | 2024, US$ bn | y/y, % |\n|---|---|---|\n"
        "| China → Russia | 115.5 | +4.1 |\n| Russia → China | 129.3 | −4.8 |\n"
        "| Total | 244.8 | +1.9 |\n",
        {
            (CN_RU, None, 115.5, "2024"),
            (CN_RU_G, None, 4.1, "2024"),
            (RU_CN, None, 129.3, "2024"),
            (RU_CN_G, None, -4.8, "2024"),
            (BI, None, 244.8, "2024"),
            (GROWTH, None, 1.9, "2024"),
        },
        date(2025, 1, 20),
    ),
    "think tank: words for the flows and a bold total": (
        "China–Russia trade in 2023, $ billion:\n\n| | 2023 |\n|---|---|\n"
        "| Chinese exports to Russia | 111.0 |\n| Russian exports to China | 129.1 |\n"
        "| **Total** | 240.1 |\n",
        {(CN_RU, None, 111.0, "2023"), (RU_CN, None, 129.1, "2023"), (BI, None, 240.1, "2023")},
    ),
    "explainer: a partner table's total is the country's whole trade": (
        "Russia's main partners in 2023, $ billion:\n\n| Partner | 2023 |\n|---|---|\n"
        "| India | 65.7 |\n| Turkey | 57.0 |\n| Total | 710.0 |\n",
        set(),
    ),
    # --- decimals said aloud -------------------------------------------------------------
    "TV script: 'six point five percent' against the same quarter": (
        "First-quarter turnover between Russia and China was fifty-two billion dollars in 2025. "
        "That is a drop of six point five percent compared with the first three months of last "
        "year.",
        {(BI, None, 52.0, "2025-01/2025-03"), (GROWTH, None, -6.5, "2025-01/2025-03")},
        date(2025, 4, 20),
    ),
    "radio: 'forty-nine point one billion dollars'": (
        "China's exports to Russia reached forty-nine point one billion dollars in the first "
        "half of 2023.",
        {(CN_RU, None, 49.1, "2023-01/2023-06")},
        date(2023, 8, 1),
    ),
    "podcast: 'two point zero five percent'": (
        "Bilateral trade grew by two point zero five percent in 2019.",
        {(GROWTH, None, 2.05, "2019")},
    ),
    # --- one day's record ----------------------------------------------------------------
    "wire: 'set a new daily record, pumping above'": (
        "On 1 December Power of Siberia set a new daily record, pumping above 62 million cubic "
        "metres, Gazprom said.",
        set(),
        date(2023, 12, 5),
    ),
    "energy newsletter: a daily record does not reach the year's deliveries": (
        "Gazprom set a daily record in December. Deliveries via Power of Siberia reached 22.7 "
        "bcm in 2023.",
        {(GAS, None, 22.7, "2023")},
        date(2024, 1, 5),
    ),
    # --- a fronted month base ---------------------------------------------------------------
    "newsletter: 'Compared with November, December trade rose 4.1%'": (
        "Full-year 2024 turnover reached $244.8 billion. Compared with November, December "
        "trade rose 4.1%.",
        {(BI, None, 244.8, "2024")},
        date(2025, 1, 20),
    ),
    "wire: an apposition to a base stays the base": (
        "Compared with January-September 2021, two years ago, trade in January-September 2023 "
        "was 64% higher at $176 billion.",
        {(BI, None, 176.0, "2023-01/2023-09")},
        date(2023, 10, 15),
    ),
    # --- arrow labels -------------------------------------------------------------------------
    "slide deck: an item after the arrows is not the last arrow's flow": (
        "Jan-Apr 2021:\n- Turnover: $38.2bn (+21.3% y/y)\n- CN → RU: $19.9bn\n"
        "- RU → CN: $18.3bn\n- Full-year 2020, for reference: $107.8bn\n",
        {
            (BI, None, 38.2, "2021-01/2021-04"),
            (GROWTH, None, 21.3, "2021-01/2021-04"),
            (CN_RU, None, 19.9, "2021-01/2021-04"),
            (RU_CN, None, 18.3, "2021-01/2021-04"),
        },
        date(2021, 5, 20),
    ),
    # --- an elided whole in a label --------------------------------------------------------
    "telegram post: two labelled shares": (
        "China's share of Russia's turnover: ~36% in 2023.\nRussia's share of China's: 4%, "
        "also 2023.",
        {(CN_IN_RU, None, 36.0, "2023"), (RU_IN_CN, None, 4.0, "2023")},
    ),
    "factbox: the other direction, with a dash": (
        "China's share of Russia's trade — 34% (2023).\nRussia's share of China's — 4% (2023).",
        {(CN_IN_RU, None, 34.0, "2023"), (RU_IN_CN, None, 4.0, "2023")},
    ),
    "newsletter: an elided whole after a line about exports is no share of trade": (
        "China's share of Russia's exports: 30% in 2023.\nRussia's share of China's: 2%, "
        "also 2023.",
        set(),
    ),
    # --- an arms list over a five-year span --------------------------------------------------
    "research brief: bullets with 'in the same period' and a gapped pair": (
        "Its three largest recipients accounted for more than half of the total:\n\n"
        "- India received 24 per cent of Russian arms exports in 2016–2020, down from a higher "
        "share.\n- China received 19 per cent of Russian arms exports in the same period. "
        "Deliveries included jets.\n- Algeria accounted for 14 per cent, and Egypt for 7 per "
        "cent.\n",
        {
            (ARMS, "india", 24.0, "2016/2020"),
            (ARMS, "china", 19.0, "2016/2020"),
            (ARMS, "algeria", 14.0, "2016/2020"),
            (ARMS, "egypt", 7.0, "2016/2020"),
        },
        date(2021, 3, 15),
    ),
    # --- headline verbs, month appositions ----------------------------------------------------
    "headline: 'falls 6.5% y/y'": (
        "# Q1 China-Russia trade falls 6.5% y/y to $57.3 bln",
        {(BI, None, 57.3, "2025-01/2025-03"), (GROWTH, None, -6.5, "2025-01/2025-03")},
        date(2025, 4, 15),
    ),
    "headline: 'rises 4%'": (
        "China-Russia trade rises 4% in 2024 to $245 billion",
        {(BI, None, 245.0, "2024"), (GROWTH, None, 4.0, "2024")},
        date(2025, 1, 13),
    ),
    "wire: 'In December, the final month of 2024,'": (
        "In December, the final month of 2024, China-Russia turnover reached $22.3 billion, up "
        "3.2% on the same month a year earlier.",
        {(BI, None, 22.3, "2024-12"), (GROWTH, None, 3.2, "2024-12")},
        date(2025, 1, 15),
    ),
    "live blog: 'May on its own'": (
        "Trade between China and Russia reached $98 billion in January-May. May on its own was "
        "weaker, $19.3bn, down 1.9% from May last year.",
        {
            (BI, None, 98.0, "2024-01/2024-05"),
            (BI, None, 19.3, "2024-05"),
            (GROWTH, None, -1.9, "2024-05"),
        },
        date(2024, 6, 15),
    ),
    # --- other partners and other wholes -------------------------------------------------------
    "think tank: '$65.7 billion for India and $57 billion for Turkey'": (
        "Among Russia's partners, China's position is unrivalled: turnover of $240.1 billion "
        "last year compares with $65.7 billion for India and $57 billion for Turkey.",
        {(BI, None, 240.1, "2023")},
    ),
    "research note: 'China, in turn, took 21%'": (
        "Russia accounted for 77% of China's arms imports in 2019–2023, and France for 13%. "
        "China, in turn, took 21% of Russian arms exports, second only to India's 34%.",
        {(ARMS, "china", 21.0, "2019/2023"), (ARMS, "india", 34.0, "2019/2023")},
    ),
    "markets page: the yuan's share of settlements": (
        "The yuan's share of Russia's trade settlements has reached 40%, and its share of the "
        "Moscow exchange's currency trading is near 99%.",
        set(),
    ),
    # --- a goal, then what trade did ------------------------------------------------------------
    "wire: a goal by 2024, then ', rising 21.3% in January-May to $54.2 billion'": (
        "Moscow and Beijing reaffirmed a goal of $200 billion in annual trade by 2024 on Monday "
        "as turnover rebounded, rising 21.3% in January-May to $54.2 billion.",
        {
            ("trade.bilateral.target", None, 200.0, "2024"),
            (GROWTH, None, 21.3, "2021-01/2021-05"),
            (BI, None, 54.2, "2021-01/2021-05"),
        },
        date(2021, 6, 8),
    ),
    # --- bases that do not move the story ---------------------------------------------------
    "wire: a base growth and a when-clause, then the flows of the story's year": (
        "Trade between China and Russia rose 27.1% in 2018 to $107.06 billion, compared with "
        "growth of 20.8% in 2017, when turnover stood at $84.07 billion. Chinese exports to "
        "Russia increased 12% to $47.97 billion; imports from Russia jumped 42.7% to $59.08 "
        "billion, lifted by oil.",
        {
            (GROWTH, None, 27.1, "2018"),
            (BI, None, 107.06, "2018"),
            (GROWTH, None, 20.8, "2017"),
            (BI, None, 84.07, "2017"),
            (CN_RU_G, None, 12.0, "2018"),
            (CN_RU, None, 47.97, "2018"),
            (RU_CN_G, None, 42.7, "2018"),
            (RU_CN, None, 59.08, "2018"),
        },
        date(2019, 1, 14),
    ),
    "newsletter: ', which had held the top spot in 2022' after the rank": (
        "Key numbers this week:\n- Russian crude to China, 2023: 107.02 mln t, up 24% from "
        "86.25 mln t in 2022\n- That put Russia back at No. 1 among China's crude suppliers, "
        "ahead of Saudi Arabia (85.96 mln t), which had held the top spot in 2022\n",
        {(OIL, None, 107.02, "2023"), (OIL, None, 86.25, "2022"), (RANK, "crude_oil", 1.0, "2023")},
        date(2024, 1, 25),
    ),
    "state media: a which-clause dating the whole stays the share's period": (
        "Russia accounted for about 3 percent of China's total foreign trade, which reached "
        "42.07 trillion yuan last year.",
        {(RU_IN_CN, None, 3.0, "2022")},
        date(2023, 1, 13),
    ),
    # --- analysts' shorthand and the two countries as subject -----------------------------------
    "newsletter: '9M 2022' and its flows": (
        "- Sino-Russian trade, 9M 2022: $140.7bn (+34.7% y/y)\n"
        "- Russian exports to China: $84.1bn, up 51%\n",
        {
            (BI, None, 140.7, "2022-01/2022-09"),
            (GROWTH, None, 34.7, "2022-01/2022-09"),
            (RU_CN, None, 84.1, "2022-01/2022-09"),
            (RU_CN_G, None, 51.0, "2022-01/2022-09"),
        },
        date(2022, 10, 20),
    ),
    "Q&A: 'China traded $172.4 billion with Russia'": (
        "A: In January-November China traded $172.4 billion with Russia, against $697 billion "
        "with the US.",
        {(BI, None, 172.4, "2022-01/2022-11")},
        date(2022, 12, 10),
    ),
    "Russian media: 'the two countries for the first time exceeded the mark'": (
        "Russian exports to China decreased by 6.6% to $57.18 billion in 2020. In 2018 the two "
        "countries for the first time exceeded the mark of $100 billion.",
        {(RU_CN, None, 57.18, "2020"), (RU_CN_G, None, -6.6, "2020"), (BI, None, 100.0, "2018")},
        date(2021, 1, 20),
    ),
    "wire: 'The 2023 total was 2.2 times the $107.1 bln recorded in 2018'": (
        "China-Russia trade hit a record $240.1 bln in 2023. The 2023 total was 2.2 times the "
        "$107.1 bln recorded in 2018.",
        {(BI, None, 240.1, "2023"), (BI, None, 107.1, "2018")},
    ),
    "energy press: 'the total' after a sentence on crude is no trade total": (
        "Russia shipped 107 million tonnes of crude to China in 2023. The total was worth $60 "
        "billion at market prices.",
        {(OIL, None, 107.0, "2023")},
    ),
    "state media: 'the total was $196.5 billion, 26.7% more than a year earlier'": (
        "In October alone, trade between China and Russia reached $20.9 billion. For "
        "January–October the total was $196.5 billion, 26.7% more than a year earlier.",
        {
            (BI, None, 20.9, "2023-10"),
            (BI, None, 196.5, "2023-01/2023-10"),
            (GROWTH, None, 26.7, "2023-01/2023-10"),
        },
        date(2023, 11, 7),
    ),
    # --- vague goals and third parties' shares ------------------------------------------------
    "live blog: 'we will bring it to $200bn in the coming years'": (
        'Trade rose by 34.2% last year to a record $144.6bn. "I am sure that we will bring it '
        'to $200bn in the coming years," he wrote.',
        {(BI, None, 144.6, "2021"), (GROWTH, None, 34.2, "2021")},
        date(2022, 2, 4),
    ),
    "op-ed: 'Europe, which still accounts for around 40% of Russia's trade'": (
        "That means improving relations with Europe, which still accounts for around 40% of "
        "Russia's trade.",
        set(),
        date(2020, 6, 1),
    ),
    "wire: a third party's share beside China's": (
        "China accounts for 34% of Russia's trade, while the EU makes up 20% of it.",
        {(CN_IN_RU, None, 34.0, "2024")},
    ),
    # --- a goal's year before it; a share of "it" -----------------------------------------------
    "wire: 'The 2024 goal of $200 billion remains in force'": (
        "The two sides expect turnover to reach $185 billion this year, after $146.9 billion "
        "last year. The 2024 goal of $200 billion remains in force, he added.",
        {
            (BI, None, 185.0, "2022"),
            (BI, None, 146.9, "2021"),
            ("trade.bilateral.target", None, 200.0, "2024"),
        },
        date(2022, 6, 10),
    ),
    "customs report: 'China's share of it rose to 34%'": (
        "Russia's foreign trade turnover in 2023 fell 16.2% to $710.1 billion, the customs "
        "service said. China's share of it rose to 34%, as trade with China reached $240.1 "
        "billion.",
        {(CN_IN_RU, None, 34.0, "2023"), (BI, None, 240.1, "2023")},
    ),
    "think tank: 'Russia's share of it' after China's exports is no share of trade": (
        "China's exports reached $3.4 trillion in 2023. Russia's share of it was about 3%.",
        set(),
    ),
    # --- the year before, as a comparison -----------------------------------------------------
    "state media: 'The volume in 2017 was ...' between the story and its flows": (
        "China-Russia trade volume reached 107.1 billion US dollars in 2018, up 27.1 percent "
        "year on year. The volume in 2017 was 84.2 billion dollars. China's imports from Russia "
        "grew 44.0 percent to 59.1 billion dollars.",
        {
            (BI, None, 107.1, "2018"),
            (GROWTH, None, 27.1, "2018"),
            (BI, None, 84.2, "2017"),
            (RU_CN, None, 59.1, "2018"),
            (RU_CN_G, None, 44.0, "2018"),
        },
        date(2019, 1, 15),
    ),
    "wire: 'In 2022 the figure was ...' then this year's flows": (
        "Bilateral trade hit $240.1 billion in 2023. In 2022 the figure was $190.3 billion. "
        "Chinese exports to Russia climbed 46.9% to $111 billion.",
        {
            (BI, None, 240.1, "2023"),
            (BI, None, 190.3, "2022"),
            (CN_RU, None, 111.0, "2023"),
            (CN_RU_G, None, 46.9, "2023"),
        },
    ),
    # --- a year-earlier column ----------------------------------------------------------------
    "newsletter table: 'Same period a year earlier'": (
        "China–Russia turnover\n\n| Period | Turnover | Same period a year earlier | Change |\n"
        "|---|---|---|---|\n| Jan–Aug 2024 | $159.6 bn | $155.1 bn | +2.9% |\n",
        {
            (BI, None, 159.6, "2024-01/2024-08"),
            (BI, None, 155.1, "2023-01/2023-08"),
            (GROWTH, None, 2.9, "2024-01/2024-08"),
        },
        date(2024, 9, 10),
    ),
    "fact sheet: 'Previous year' beside a year's flows": (
        "China's exports to Russia, $ billion\n\n| Year | Value | Previous year |\n"
        "|---|---|---|\n| 2023 | 111.0 | 76.1 |\n",
        {(CN_RU, None, 111.0, "2023"), (CN_RU, None, 76.1, "2022")},
    ),
    # --- a half-year total ---------------------------------------------------------------------
    "newsletter: 'It brings their half-year total to $114.5 billion'": (
        "China and Russia traded $59.8 billion in the second quarter, according to Beijing's "
        "customs. It brings their half-year total to $114.5 billion.",
        {(BI, None, 59.8, "2023-04/2023-06"), (BI, None, 114.5, "2023-01/2023-06")},
        date(2023, 7, 20),
    ),
    "wire: 'half a year ago' is no half-year": (
        "Bilateral trade was $20 billion in May 2024, down from a half-year high.",
        {(BI, None, 20.0, "2024-05")},
    ),
    "state media: 'up by almost a quarter year on year'": (
        "Two-way trade with Russia totalled US$9.51 billion over January-August 2003, having "
        "risen by almost a quarter year on year.",
        {(BI, None, 9.51, "2003-01/2003-08"), (GROWTH, None, 25.0, "2003-01/2003-08")},
        date(2003, 9, 20),
    ),
    "regional paper: 'beaten last year's record' before a run of months": (
        "Eleven months into 2022, trade between Russia and China has already beaten last year's "
        "record: $172.4 billion passed through customs between January and November, 32% more "
        "than a year earlier.",
        {(BI, None, 172.4, "2022-01/2022-11"), (GROWTH, None, 32.0, "2022-01/2022-11")},
        date(2022, 12, 22),
    ),
    # --- a pronoun exporter ----------------------------------------------------------------------
    "think tank: ', while it exported ... to China' after Russia's imports": (
        "In 2016 Russia's imports from China totalled thirty-eight billion dollars, while it "
        "exported twenty-eight billion dollars' worth of goods to China.",
        {(CN_RU, None, 38.0, "2016"), (RU_CN, None, 28.0, "2016")},
        date(2017, 3, 1),
    ),
    "wire: 'it exported' after a third country's trade is not Russia's": (
        "India's trade with China reached $136 billion in 2023, while it exported $17 billion "
        "of goods to China.",
        set(),
    ),
    # --- a share the other way --------------------------------------------------------------------
    "Q&A: 'versus about 3% the other way'": (
        "Q: How dependent is Russia on China? A: China accounts for roughly a third of Russia's "
        "foreign trade, versus about 3% the other way.",
        {(CN_IN_RU, None, 33.33333333333333, "2024"), (RU_IN_CN, None, 3.0, "2024")},
        date(2024, 5, 1),
    ),
    "think tank: 'and about 30% the other way round'": (
        "Russia's share of China's trade is 4%, and about 30% the other way round.",
        {(RU_IN_CN, None, 4.0, "2024"), (CN_IN_RU, None, 30.0, "2024")},
        date(2024, 5, 1),
    ),
    "wire: a flow the other way stays a flow": (
        "China exported $111 billion of goods to Russia in 2023, while $129 billion went the "
        "other way.",
        {(CN_RU, None, 111.0, "2023"), (RU_CN, None, 129.0, "2023")},
    ),
    "interview: 'That is more than double the 1995 level'": (
        "Answer: In 2001 turnover was $10.9 billion. That is more than double the 1995 level, "
        "when trade fell sharply.",
        {(BI, None, 10.9, "2001"), ("trade.bilateral.multiple", None, 2.0, "1995/2001")},
        date(2002, 3, 1),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_round5(case: tuple[str, set[Row]] | tuple[str, set[Row], date]) -> None:
    text, expected, *published = case
    assert records(text, *published) == expected
