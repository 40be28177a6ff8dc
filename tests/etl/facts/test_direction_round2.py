"""Direction of trade, whose trade and trade shares, second round: each rule on sentences
written for these tests in several outlets' styles (wire copy, think-tank prose, a newsletter
line, a translated state-media sentence). Never article text. A case lists every record the
text must produce, and nothing else."""

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
OIL = "energy.oil.exports_to_china"
CN_IN_RU, RU_IN_CN = "trade.share.china_in_russia", "trade.share.russia_in_china"


def rows(text: str, published: str = PUBLISHED) -> set[Row]:
    doc = Document(id="t", text=text, published=date.fromisoformat(published))
    return {(f.metric, f.entity, round(f.value, 4), f.period) for f in extract_document(doc)}


CASES: dict[str, list[tuple[str, set[Row]]]] = {
    # a seller "sold goods worth $X.Y billion to" the buyer: the figure's decimals do not end
    # the clause; a tonnage of crude shipped is one product's, no trade figure
    "seller_sold_to_buyer": [
        (
            "Russia sold goods worth $41.7 billion to China in 2016, 4.6 percent more than "
            "a year earlier.",
            {(R2C_V, None, 41.7e9, "2016"), (R2C_G, None, 4.6, "2016")},
        ),
        (
            "In 2019 Moscow shipped merchandise valued at $61.1 billion to Beijing.",
            {(R2C_V, None, 61.1e9, "2019")},
        ),
        (
            "Russia shipped 83.4 million tonnes of crude to China in 2021, 3.2 percent less "
            "than in 2020.",
            {(OIL, None, 83.4, "2021")},
        ),
    ],
    # the buyers of one side "took" the other side's goods; "$X worth of Chinese products"
    "buyers_took_goods": [
        (
            "Russian buyers took $12.4 billion worth of Chinese machinery and consumer goods "
            "in 2006.",
            {(C2R_V, None, 12.4e9, "2006")},
        ),
        (
            "Chinese importers bought $23.6 billion of Russian goods in 2009, the customs "
            "office said.",
            {(R2C_V, None, 23.6e9, "2009")},
        ),
        (
            "Last year Russian households and firms bought some $40 billion worth of Chinese "
            "products, Rossiyskaya Gazeta reported on Friday.",
            {(C2R_V, None, 40e9, "2023")},
        ),
        (
            "In 2010 Beijing purchased $25.9 billion worth of Russian goods.",
            {(R2C_V, None, 25.9e9, "2010")},
        ),
    ],
    # the owner's exports to / imports from "its neighbour" are its flows to / from the other
    # side; a sentence opened by "Its" takes the owner of the sentence before
    "owner_and_its_neighbour": [
        (
            "Russia sold goods worth $56.1 billion to China in 2018, while its purchases from "
            "its neighbour rose 8.6 percent to $52 billion.",
            {
                (R2C_V, None, 56.1e9, "2018"),
                (C2R_G, None, 8.6, "2018"),
                (C2R_V, None, 52e9, "2018"),
            },
        ),
        (
            "China's trade with Russia rose 2.1 percent in 2013 to $89.2 billion. Its exports "
            "to its northern neighbour grew 12.6 percent.",
            {(BI_G, None, 2.1, "2013"), (BI_V, None, 89.2e9, "2013"), (C2R_G, None, 12.6, "2013")},
        ),
        (
            "Russia's commerce with China reached $84.1 billion in 2017. Its shipments to the "
            "neighbour climbed 19.5 percent.",
            {(BI_V, None, 84.1e9, "2017"), (R2C_G, None, 19.5, "2017")},
        ),
        # no owner named before: the pronoun is anyone's, no figure
        (
            "Trade figures came out on Monday. Its exports to its neighbour rose 5 percent in "
            "2022.",
            set(),
        ),
    ],
    # newsletter shorthand: "CN->RU", "RU exports to CN"
    "country_code_shorthand": [
        (
            "Split 2022: RU->CN $114.1bn; CN->RU $76.1bn.",
            {(R2C_V, None, 114.1e9, "2022"), (C2R_V, None, 76.1e9, "2022")},
        ),
        (
            "Full-year 2021: CN exports to RU +33.8% y/y; RU exports to CN +37.5% y/y.",
            {(C2R_G, None, 33.8, "2021"), (R2C_G, None, 37.5, "2021")},
        ),
        (
            "2020 recap: CN imports from RU $57.3bn.",
            {(R2C_V, None, 57.3e9, "2020")},
        ),
    ],
    # "X's share in our foreign trade": the speaker's country is the other side
    "share_in_our_trade": [
        (
            '"In 2022 Russia\'s share in our foreign trade rose to about 3 percent," a Chinese '
            "commerce ministry official said.",
            {(RU_IN_CN, None, 3.0, "2022")},
        ),
        (
            "China's share in our external trade reached 21 percent in 2023, the Russian "
            "deputy minister told Izvestia.",
            {(CN_IN_RU, None, 21.0, "2023")},
        ),
        (
            "The envoy added that in 2019 China's share of our trade turnover stood at "
            "16.6 percent.",
            {(CN_IN_RU, None, 16.6, "2019")},
        ),
    ],
    # "For Russia, ..., X percent of its trade": the topic of the clause owns the whole
    "for_country_topic": [
        (
            "For Russia, China is the top partner, at 18 percent of its trade in 2020; for "
            "China, Russia ranks eleventh, at 2.3 percent of its trade.",
            {(CN_IN_RU, None, 18.0, "2020"), (RU_IN_CN, None, 2.3, "2020")},
        ),
        (
            "For China, Russia accounted for just 3.1 percent of total trade in 2021.",
            {(RU_IN_CN, None, 3.1, "2021")},
        ),
        (
            "In 2022, for Moscow, Chinese suppliers took a 37 percent share of its foreign trade.",
            {(CN_IN_RU, None, 37.0, "2022")},
        ),
    ],
    # "X's weight in Y's ledger": a share by another name
    "share_weight_ledger": [
        (
            "In 2021 Russia's weight in China's trade ledger was barely 2.4 percent.",
            {(RU_IN_CN, None, 2.4, "2021")},
        ),
        (
            "China's weight in Russia's foreign trade climbed to 18 percent in 2020, the "
            "ministry said.",
            {(CN_IN_RU, None, 18.0, "2020")},
        ),
        (
            "By 2022 China's portion of Russia's turnover stood at about a quarter, or 25 percent.",
            {(CN_IN_RU, None, 25.0, "2022")},
        ),
    ],
    # "the former's" / "the latter's" after a named pair: the pair's order sets who is who
    "former_and_latter": [
        (
            "Beijing and Moscow grew closer in 2020: Russia made up 2.1 percent of the "
            "former's trade, China 18 percent of the latter's.",
            {(RU_IN_CN, None, 2.1, "2020"), (CN_IN_RU, None, 18.0, "2020")},
        ),
        (
            "Ties between Russia and China deepened in 2022. China took 20 percent of the "
            "former's foreign trade.",
            {(CN_IN_RU, None, 20.0, "2022")},
        ),
        (
            "In 2017 China and Russia traded heavily; Russia's goods were 2 percent of the "
            "former's imports.",
            set(),
        ),
        # both orders named: who is "the former" is left unread
        (
            "Russia and China, or China and Russia as Beijing puts it, traded more in 2019: "
            "Russia took 2 percent of the latter's trade.",
            set(),
        ),
    ],
    # a province's trade, however the sentence reaches it, is not the two countries' trade
    "province_trade": [
        (
            "Trade between northeast China's Jilin Province and Russia reached 4.2 billion "
            "dollars in 2012, up 12.5 percent.",
            set(),
        ),
        (
            "Xinjiang, which borders Kazakhstan, Mongolia and Russia among others, saw its "
            "trade with Russia rise 31 percent in 2019.",
            set(),
        ),
        (
            "In 2021 the turnover of Primorye with its Chinese partners hit $7 billion.",
            set(),
        ),
    ],
    # one product's sales, its maker's origin written as a compound
    "made_in_compound_product": [
        (
            "Sales of Chinese-branded cars in Russia jumped 120 percent in 2023.",
            set(),
        ),
        (
            "Imports of Russian-made fertiliser into China rose 14 percent in 2022.",
            set(),
        ),
        (
            "In 2020 China's exports to Russia rose 1.7 percent, while sales of Chinese-made "
            "smartphones in Russia climbed 30 percent.",
            {(C2R_G, None, 1.7, "2020")},
        ),
    ],
    # a partner spelled the way its government spells it is still a third country
    "turkiye_third_country": [
        (
            "Russia's trade with Türkiye stood at $62 billion in 2022.",
            set(),
        ),
        (
            "In 2023 Turkiye-Russia trade fell 11 percent, Anadolu reported.",
            set(),
        ),
        (
            "Russia and Türkiye aim to lift trade to $100 billion by 2030.",
            set(),
        ),
    ],
    # a company's share price or a stock index is nobody's trade
    "stock_prices": [
        (
            "China's trade with Russia rose 26 percent in 2023. Gazprom shares rose 2.1% in "
            "Moscow on the news.",
            {(BI_G, None, 26.0, "2023")},
        ),
        (
            "Bilateral trade grew 35 percent in 2021, and shares of PetroChina on the Shanghai "
            "exchange gained 4 percent.",
            {(BI_G, None, 35.0, "2021")},
        ),
        (
            "Trade between the two countries fell 12 percent in 2015. The MOEX index slid "
            "1.2 percent.",
            {(BI_G, None, -12.0, "2015")},
        ),
    ],
    # a seller "sold ... to its neighbour": the neighbour is the other side
    "sold_to_its_neighbour": [
        (
            "Russia sold goods worth $7.2 billion to its southern neighbour in 2004.",
            {(R2C_V, None, 7.2e9, "2004")},
        ),
        (
            "In 2015 China shipped $34.8 billion of goods to its northern neighbour.",
            {(C2R_V, None, 34.8e9, "2015")},
        ),
        (
            "Moscow supplied more crude to its neighbour in 2012, 8 percent more than in 2011.",
            set(),
        ),
    ],
    # a sentence naming neither side speaks of the last pair named before it
    "last_pair_named": [
        (
            "Trade between Russia and Turkey fell 32 percent in 2016, Russian customs said. "
            "The two presidents set a goal of $100 billion in turnover by 2023.",
            set(),
        ),
        (
            "China and Vietnam signed 14 agreements in 2023. Bilateral trade grew 5 percent "
            "that year.",
            set(),
        ),
        (
            "Russia and India held talks in 2019. Meanwhile China and Russia met too. "
            "Bilateral trade rose 3.4 percent in 2019.",
            {(BI_G, None, 3.4, "2019")},
        ),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [case for group in CASES.values() for case in group],
    ids=[f"{name}-{i}" for name, group in CASES.items() for i in range(len(group))],
)
def test_direction_round2(text: str, expected: set[Row]) -> None:
    assert rows(text) == expected
