"""Document structure and context carry-over (issue 12): factboxes and lists cut into sections
by headings, spans of years that must not date later figures, anaphoric periods, live blogs
and interviews. Every text here was written for this test, in several outlets' styles."""

from __future__ import annotations

from datetime import date

import pytest

from etl.facts.extract import extract_document
from etl.model import Document

Row = tuple[str, float, str | None]  # metric, value, period

TV, TG, TM = "trade.bilateral.value", "trade.bilateral.growth", "trade.bilateral.multiple"
CR, CRG = "trade.china_to_russia.value", "trade.china_to_russia.growth"
RC, RCG = "trade.russia_to_china.value", "trade.russia_to_china.growth"
SRC, SCR = "trade.share.russia_in_china", "trade.share.china_in_russia"


def _six(value: float) -> float:
    return float(f"{value:.6g}")


def rows(text: str, published: str) -> set[Row]:
    doc = Document(id="t", text=text, published=date.fromisoformat(published))
    return {(f.metric, _six(f.value), f.period) for f in extract_document(doc)}


def norm(expected: set[Row]) -> set[Row]:
    return {(metric, _six(value), period) for metric, value, period in expected}


def assert_reads(text: str, published: str, expected: set[Row], absent: set[Row]) -> None:
    """The text gives every row of `expected` and none of `absent`."""
    found = rows(text, published)
    assert norm(expected) <= found
    assert not norm(absent) & found


# ---- a section heading in a factbox: its items take the list's period, not the last item's


@pytest.mark.parametrize(
    ("published", "text", "expected", "absent"),
    [
        (  # a wire factbox: a one-month item closes the first section
            "2022-01-20",
            "Sino-Russian commerce hit a record in 2021, customs figures show.\n\n"
            "**TOTALS**\n\n"
            "- Turnover in 2021: $146.9 billion, up 35.8% on the year.\n"
            "- November 2021: $14.7 billion, the busiest month.\n\n"
            "**FLOWS**\n\n"
            "- Chinese exports to Russia: $67.6 billion (+33.8%).\n",
            {(CR, 67.6e9, "2021"), (CRG, 33.8, "2021"), (TV, 14.7e9, "2021-11")},
            {(CR, 67.6e9, "2021-11")},
        ),
        (  # a think-tank brief: a heading that names a period frames the items below it
            "2023-08-02",
            "Key numbers, from Chinese customs:\n\n"
            "**Full year 2022**\n"
            "- Two-way trade: $190.3 billion\n"
            "**January–June 2023**\n"
            "- Two-way trade: $114.5 billion\n",
            {(TV, 190.3e9, "2022"), (TV, 114.5e9, "2023-01/2023-06")},
            {(TV, 114.5e9, "2022")},
        ),
        (  # a newsletter: within one section the items run on like sentences
            "2023-11-10",
            "- Sino-Russian turnover Jan-Oct: $200.4bn, +26.7% y/y.\n"
            "- Split: RU->CN $105.2bn; CN->RU $95.2bn.\n",
            {(TV, 200.4e9, "2023-01/2023-10"), (TG, 26.7, "2023-01/2023-10"),
             (RC, 105.2e9, "2023-01/2023-10"), (CR, 95.2e9, "2023-01/2023-10")},
            set(),
        ),
    ],
)  # fmt: skip
def test_a_section_heading_resets_the_period_of_the_items_below_it(
    published: str, text: str, expected: set[Row], absent: set[Row]
) -> None:
    assert_reads(text, published, expected, absent)


# ---- "since 2000": the when-clause is the first year; the span dates no later level


@pytest.mark.parametrize(
    ("published", "text", "expected", "absent"),
    [
        (  # wire copy: a when-clause after "since", then a level with no year of its own
            "2022-01-14",
            "In 2021 trade between China and Russia rose 35.8% to $146.9 billion. Since 2001, "
            "when it was worth just $10.7 billion, commerce has grown about fourteenfold.\n\n"
            "Chinese exports to Russia rose to $67.6 billion.",
            {(TV, 10.7e9, "2001"), (TM, 14.0, "2001/2021"), (CR, 67.6e9, "2021")},
            {(TV, 10.7e9, "2001/2022"), (CR, 67.6e9, "2001/2022"), (CR, 67.6e9, "2001/2021")},
        ),
        (  # a factbox bullet: the span ends at the year the box reports, not at publication
            "2019-01-15",
            "China-Russia trade in 2018:\n\n"
            "- Total: $107.1 billion, up 27.1%.\n"
            "- Since 2003, when trade was valued at $15.8 billion, it has grown sevenfold.\n"
            "- Russia's share of China's trade: 2.3%.\n",
            {(TV, 15.8e9, "2003"), (TM, 7.0, "2003/2018"), (SRC, 2.3, "2018")},
            {(SRC, 2.3, "2003/2019"), (SRC, 2.3, "2003/2018")},
        ),
        (  # think-tank prose: a span of years never becomes the period of a later share
            "2020-03-03",
            "Since 2010 China has been Russia's largest trading partner. "
            "It accounted for 16.6 percent of Russia's foreign trade in 2019.\n\n"
            "Russia, for its part, made up only 2 percent of China's trade.",
            {(SCR, 16.6, "2019"), (SRC, 2.0, "2019")},
            {(SRC, 2.0, "2010/2020")},
        ),
    ],
)  # fmt: skip
def test_a_span_since_a_year_dates_no_later_level(
    published: str, text: str, expected: set[Row], absent: set[Row]
) -> None:
    assert_reads(text, published, expected, absent)


def test_a_third_country_figure_in_brackets_is_that_countrys() -> None:
    text = (
        "Russia was again China's biggest crude supplier in 2023, shipping 107 million tonnes, "
        "ahead of Saudi Arabia (86 million tonnes)."
    )
    found = rows(text, "2024-01-20")
    assert ("energy.oil.exports_to_china", 107.0, "2023") in found
    assert ("energy.oil.exports_to_china", 86.0, "2023") not in found


# ---- anaphoric periods: the run of months the text established


@pytest.mark.parametrize(
    ("published", "text", "expected", "absent"),
    [
        (  # wire copy: "in the period" skips the single month named in between
            "2023-09-08",
            "Trade between China and Russia rose 18% to $150 billion in January–August, "
            "customs data showed. In August alone, turnover was $20 billion. Russia accounted "
            "for 3.5% of China's foreign trade in the period.",
            {(SRC, 3.5, "2023-01/2023-08"), (TV, 20e9, "2023-08")},
            {(SRC, 3.5, "2023-08"), (SRC, 3.5, "2023")},
        ),
        (  # an analyst memo: "in the four months" after a full year named in between
            "2025-05-20",
            "Bilateral trade fell 5% in January–April to $70 billion, after a record 2024. "
            "Russian crude deliveries to China eased to 35 million tonnes in the four months.",
            {(TV, 70e9, "2025-01/2025-04"), ("energy.oil.exports_to_china", 35.0,
                                              "2025-01/2025-04")},
            {("energy.oil.exports_to_china", 35.0, "2024")},
        ),
        (  # a live blog, newest first: the run is named in an older entry further down
            "2023-10-13",
            "**11:20** — Breakdown for the nine months: exports to Russia $80 billion "
            "(+50%), imports from Russia $96 billion (+11%).\n\n"
            "**11:05** — Turnover in September alone: $21 billion.\n\n"
            "**11:02** — China customs: Jan–Sep trade with Russia $176 billion, +26% y/y.",
            {(CR, 80e9, "2023-01/2023-09"), (CRG, 50.0, "2023-01/2023-09"),
             (RC, 96e9, "2023-01/2023-09"), (RCG, 11.0, "2023-01/2023-09"),
             (TV, 176e9, "2023-01/2023-09")},
            {(CR, 80e9, "2023-09"), (RC, 96e9, "2023-09")},
        ),
        (  # translated state media: "the same period" is the run, not the month in between
            "2019-12-10",
            "From January to November, China-Russia trade volume reached 101.3 billion US "
            "dollars. In November, it stood at 9.9 billion US dollars. In the same period, "
            "Chinese exports to Russia rose 4.4 percent.",
            {(CRG, 4.4, "2019-01/2019-11"), (TV, 9.9e9, "2019-11")},
            {(CRG, 4.4, "2019-11")},
        ),
    ],
)  # fmt: skip
def test_an_anaphoric_period_is_the_run_the_text_established(
    published: str, text: str, expected: set[Row], absent: set[Row]
) -> None:
    assert_reads(text, published, expected, absent)


def test_a_run_anaphor_with_no_run_to_point_to_is_dropped() -> None:
    text = "Officials said trade with Russia came to $60 billion for the six months."
    assert rows(text, "2016-08-20") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a live blog: a forecast of the full year is the year in progress
            "**14:00** — For reference, trade between China and Russia in 2021 was "
            "$146.9 billion.\n\n"
            "**13:30** — Economists say full-year turnover could top $185 billion.\n\n"
            "**13:00** — Jan–Nov trade with Russia: $172.4 billion.",
            {(TV, 185e9, "2022"), (TV, 146.9e9, "2021"), (TV, 172.4e9, "2022-01/2022-11")},
        ),
        (  # wire copy: the same, in text order
            "Sino-Russian trade reached $172.4 billion in January-November. In 2021 it was "
            "$146.9 billion. At this rate, full-year trade is expected to exceed $185 billion.",
            {(TV, 185e9, "2022"), (TV, 146.9e9, "2021"), (TV, 172.4e9, "2022-01/2022-11")},
        ),
    ],
)
def test_a_full_year_forecast_is_for_the_year_in_progress(text: str, expected: set[Row]) -> None:
    assert norm(expected) <= rows(text, "2022-12-07")


# ---- interviews: the question frames the answer; the speaker's "we", "our", "us"


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (  # a Q&A column: the question names the flow and the month
            "2024-05-02",
            "Q: What did Russia export to China in April?\n"
            "A: Roughly $11.2 billion, about 5% less than a year earlier.",
            {(RC, 11.2e9, "2024-04"), (RCG, -5.0, "2024-04")},
        ),
        (  # a magazine interview: a bold question, the year only in it
            "2021-03-15",
            "**How did trade with China do last year?**\n\n"
            "It slipped about 3 percent, to some 104 billion dollars. Our exports to China "
            "fell more — roughly 7 percent, to around 49 billion.",
            {(TG, -3.0, "2020"), (TV, 104e9, "2020"), (RCG, -7.0, "2020"), (RC, 49e9, "2020")},
        ),
        (  # a Russian official speaking: "to us", "of our foreign trade"
            "2021-03-15",
            "**And the other direction, last year?**\n\n"
            "Chinese deliveries to us grew by about 2 percent. Chinese partners now account for "
            "around 18 percent of our foreign trade.",
            {(CRG, 2.0, "2020"), (SCR, 18.0, "2021")},  # "now": the time of speaking
        ),
        (  # a Chinese official speaking: the speaker is the other side
            "2024-01-20",
            "\"Last year Russian supplies to us rose 13 percent, and Russian companies now make "
            "up about 4 percent of our foreign trade,\" the vice-minister said.",
            {(RCG, 13.0, "2023"), (SRC, 4.0, "2024")},
        ),
    ],
)  # fmt: skip
def test_an_interview_answer_takes_its_question_and_speaker(
    published: str, text: str, expected: set[Row]
) -> None:
    assert norm(expected) <= rows(text, published)


def test_a_bare_billion_borrows_only_a_dollar_figure_before_it() -> None:
    # translated copy: the second flow drops "dollars" once said
    text = (
        "In 2006 the export of Russia to the PRC made 15.8 billion dollars, the import from the "
        "PRC — 17.8 billion."
    )
    assert norm({(RC, 15.8e9, "2006"), (CR, 17.8e9, "2006")}) <= rows(text, "2007-03-26")
    # ... but not across another currency, nor before a noun that is its unit
    text = (
        "In 2022 China-Russia trade reached 190 billion dollars; in yuan terms the figure "
        "was about 1.28 trillion, and China's population is 1.4 billion people."
    )
    found = rows(text, "2023-01-20")
    assert not {r for r in found if r[1] in (1.28e12, 1.4e9)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a factbox with arrows
            "Trade, January–June 2020:\n- China → Russia: $23.4 bn (+1.1%)\n"
            "- Russia → China: $25.5 bn (-9.4%)",
            {(CR, 23.4e9, "2020-01/2020-06"), (CRG, 1.1, "2020-01/2020-06"),
             (RC, 25.5e9, "2020-01/2020-06"), (RCG, -9.4, "2020-01/2020-06")},
        ),
        (  # translated state media: "the import of the Chinese side from Russia"
            "In the first half of 2020 the export of China to the Russian side amounted to 23.4 "
            "billion dollars, and the import of the Chinese side from Russia – 25.5 billion "
            "dollars.",
            {(CR, 23.4e9, "2020-01/2020-06"), (RC, 25.5e9, "2020-01/2020-06")},
        ),
    ],
)  # fmt: skip
def test_directions_in_factbox_arrows_and_translated_copy(text: str, expected: set[Row]) -> None:
    found = rows(text, "2020-07-14")
    assert norm(expected) <= found
    assert not {r for r in found if r[0] == TV}


# ---- energy volumes in words; what a line carried against what it can carry

GAS, CAP = "energy.gas.exports_to_china", "energy.pipeline.capacity"


@pytest.mark.parametrize(
    ("published", "text", "expected", "absent"),
    [
        (  # a news feature, numbers in words: capacity, then what the line carried
            "2022-02-10",
            "Power of Siberia, whose design capacity is thirty-eight billion cubic metres a "
            "year, carried a little over ten billion cubic metres of gas to China last year.",
            {(GAS, 10.0, "2021")},
            {(CAP, 10.0, None)},
        ),
        (  # wire copy, digits: "pumped" right before the figure is a delivery
            "2021-01-15",
            "The Power of Siberia pipeline, with a capacity of 38 bcm a year, pumped about "
            "4.1 bcm to China in 2020, its first year.",
            {(GAS, 4.1, "2020")},
            {(CAP, 4.1, None)},
        ),
        (  # an analysis: a sum with another line is no one pipeline's capacity
            "2022-02-10",
            "The Far Eastern route will have a planned capacity of ten billion cubic metres a "
            "year. Together with Power of Siberia, pipeline deliveries to China could reach "
            "forty-eight billion cubic metres a year.",
            {(CAP, 10.0, None)},
            {(CAP, 48.0, None), (GAS, 48.0, "2022")},
        ),
    ],
)  # fmt: skip
def test_a_line_that_carried_a_volume_delivered_it(
    published: str, text: str, expected: set[Row], absent: set[Row]
) -> None:
    assert_reads(text, published, expected, absent)


@pytest.mark.parametrize(
    ("published", "text", "expected", "absent"),
    [
        (  # a think-tank history: "the last year before ..." describes 2010
            "2022-06-01",
            "In 2010, the last year before pipeline deliveries, Russia shipped 15.2 million "
            "tonnes of crude to China.",
            {("energy.oil.exports_to_china", 15.2, "2010")},
            {("energy.oil.exports_to_china", 15.2, "2021")},
        ),
        (  # wire copy: "last year" itself is still the year before publication
            "2022-06-01",
            "Russia shipped 79.6 million tonnes of crude to China last year.",
            {("energy.oil.exports_to_china", 79.6, "2021")},
            set(),
        ),
        (  # a feature: "the last year of the old contract" is no relative year either
            "2019-03-01",
            "In 2017, the last year of the old contract, Russia delivered 15 million tonnes "
            "of crude to China through the spur.",
            {("energy.oil.exports_to_china", 15.0, "2017")},
            {("energy.oil.exports_to_china", 15.0, "2018")},
        ),
    ],
)  # fmt: skip
def test_the_last_year_before_something_is_not_last_year(
    published: str, text: str, expected: set[Row], absent: set[Row]
) -> None:
    assert_reads(text, published, expected, absent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**10:20** — November alone saw about $18.2bn of China–Russia trade.",  # live blog
         {(TV, 18.2e9, "2022-11")}),
        ("Customs counted $172.4 billion of Sino-Russian trade in January-November.",  # wire
         {(TV, 172.4e9, "2022-01/2022-11")}),
        ("October brought $16.8 billion worth of Russia-China commerce.",  # a headline-ish line
         {(TV, 16.8e9, "2022-10")}),
    ],
)  # fmt: skip
def test_a_pair_named_after_the_figure_is_its_trade(text: str, expected: set[Row]) -> None:
    assert norm(expected) <= rows(text, "2022-12-07")


@pytest.mark.parametrize(
    ("published", "text", "expected", "absent"),
    [
        (  # a factbox: the month section does not inherit the last direction's cue
            "2023-10-13",
            "Key figures, January–September 2023:\n\n**TOTAL**\n- Turnover: $176.4bn (+26.3%)\n\n"
            "**DIRECTION**\n- Exports to Russia: $80.2bn (+56.8%)\n"
            "- Imports from Russia: $96.2bn (+9.5%)\n\n**MONTH**\n- September: $21.2bn\n",
            {(RC, 96.2e9, "2023-01/2023-09")},
            {(RC, 21.2e9, "2023-09")},
        ),
        (  # a wire factbox: a goals section takes the topic of the lead, not the last item's
            "2025-01-14",
            "Trade between China and Russia hit a record in 2024.\n\n**ENERGY**\n"
            "- Russian gas exports to China rose to 38 bcm.\n\n**GOALS**\n"
            "- Goal: $300 billion by 2030.\n",
            {("trade.bilateral.target", 300e9, "2030")},
            set(),
        ),
        (  # a briefing: items within one section still share its cue
            "2024-01-12",
            "**Trade with Russia, 2023**\n- Total: $240.1bn\n- Up 26.3% on the year\n",
            {(TV, 240.1e9, "2023"), (TG, 26.3, "2023")},
            set(),
        ),
    ],
)  # fmt: skip
def test_a_new_section_takes_the_lead_topic_not_the_last_items_cue(
    published: str, text: str, expected: set[Row], absent: set[Row]
) -> None:
    assert_reads(text, published, expected, absent)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (  # a Q&A transcript: the forecast takes the period its question named
            "Q: What about the year as a whole?\nA: We expect turnover of about $200 billion.\n"
            "Q: And last year?\nA: Around $190 billion, a record.\n",
            {(TV, 200e9, "2023"), (TV, 190e9, "2022")},
            set(),
        ),
        (  # wire copy: "for the year as a whole" is the full year
            "For the year as a whole, Sino-Russian trade is expected to top $200 billion.",
            {(TV, 200e9, "2023")},
            set(),
        ),
        (  # an op-ed: a forecast after a plain statement about an earlier year gets no year
            "In 2021 trade between China and Russia grew strongly. Analysts expect turnover to "
            "reach $300 billion.",
            set(),
            {(TV, 300e9, "2021"), (TV, 300e9, "2023")},
        ),
    ],
)  # fmt: skip
def test_a_forecast_answers_the_period_its_question_named(
    text: str, expected: set[Row], absent: set[Row]
) -> None:
    found = rows(text, "2023-03-14")
    assert norm(expected) <= found
    assert not norm(absent) & found


# ---- the narrative's year: "that year", "the following year", "a year later"


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (  # a think-tank history: "That year" is the year the text last named
            "China's trade with Russia rose 35.8% to $146.9 billion in 2021. Gazprom signed its "
            "big gas contract with CNPC in 2014. That year, bilateral trade reached $95.3 billion.",
            {(TV, 95.3e9, "2014"), (TV, 146.9e9, "2021")},
            {(TV, 95.3e9, "2021")},
        ),
        (  # wire copy: "the following year" is the one after the story's year
            "Trade between China and Russia reached $107.1 billion in 2018. The following year "
            "it grew 3.4 percent to $110.8 billion.",
            {(TV, 110.8e9, "2019"), (TG, 3.4, "2019"), (TV, 107.1e9, "2018")},
            {(TV, 110.8e9, "2018")},
        ),
        (  # a feature: "a year later" inside one sentence
            "In 2019 trade between the two countries reached $110.8 billion, and a year later it "
            "dipped 2.9 percent to $107.8 billion.",
            {(TV, 107.8e9, "2020"), (TG, -2.9, "2020")},
            {(TV, 107.8e9, "2019")},
        ),
    ],
)  # fmt: skip
def test_that_year_and_a_year_later_follow_the_narrative(
    text: str, expected: set[Row], absent: set[Row]
) -> None:
    found = rows(text, "2022-01-20")
    assert norm(expected) <= found
    assert not norm(absent) & found


def test_a_year_later_with_no_year_named_is_no_figure() -> None:
    text = "A year later, China-Russia trade had grown 12 percent to $80 billion."
    assert rows(text, "2022-01-20") == set()


@pytest.mark.parametrize(
    ("published", "text", "expected", "absent"),
    [
        (  # an interview: a volume's unit said once, a plan in the same breath
            "2023-06-20",
            "Power of Siberia delivered 15.4 billion cubic meters to China last year, and this "
            "year Gazprom plans 22 billion.",
            {(GAS, 15.4, "2022"), (GAS, 22.0, "2023")},
            set(),
        ),
        (  # a transcript: the sign read out
            "2023-06-20",
            "Last year trade between our countries was 190 billion dollars. In January-May we "
            "already have 93.8 billion, plus 40.7 percent.",
            {(TV, 93.8e9, "2023-01/2023-05"), (TG, 40.7, "2023-01/2023-05")},
            set(),
        ),
        (  # wire copy: a bare billion after a volume is not carried into another unit's scale
            "2023-06-20",
            "Russia shipped 86 million tonnes of crude to China last year, and about 2 billion "
            "more is planned.",
            {("energy.oil.exports_to_china", 86.0, "2022")},
            {("energy.oil.exports_to_china", 2000.0, "2022")},
        ),
        (  # a brief: "minus" read out before a fall
            "2020-03-10",
            "China-Russia trade in January-February: 16.2 billion dollars, minus 1.2 percent.",
            {(TG, -1.2, "2020-01/2020-02")},
            set(),
        ),
    ],
)  # fmt: skip
def test_a_unit_and_a_sign_said_once(
    published: str, text: str, expected: set[Row], absent: set[Row]
) -> None:
    assert_reads(text, published, expected, absent)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (  # a think-tank history: "it" is the subject before, not the comparison after it
            "In 2003, bilateral trade stood at $15.8 billion, less than Russia's trade with "
            "Italy. By 2008 it had reached $56.8 billion.",
            {(TV, 15.8e9, "2003"), (TV, 56.8e9, "2008")},
            set(),
        ),
        (  # wire copy: "It peaked" after a sentence ending on another pair
            "Turnover between China and Russia climbed to $83.5 billion in 2011, well below "
            "China's trade with Japan. It peaked at $95.3 billion in 2014.",
            {(TV, 83.5e9, "2011"), (TV, 95.3e9, "2014")},
            set(),
        ),
        (  # a column: a sentence about another pair is still that pair's, whatever "it" says
            "In 2014, EU-Russian trade stood at $377 billion. It fell to $235 billion last year.",
            set(),
            {(TV, 235e9, "2015")},
        ),
    ],
)  # fmt: skip
def test_a_pronoun_subject_continues_the_subject_before(
    text: str, expected: set[Row], absent: set[Row]
) -> None:
    found = rows(text, "2016-06-01")
    assert norm(expected) <= found
    assert not norm(absent) & found


def test_a_whole_and_a_half_fold_is_one_multiple() -> None:
    text = (
        "Trade between Russia and China rose from $15.8 billion in 2003 to $56.8 billion in "
        "2008, roughly a three-and-a-half-fold increase."
    )
    found = rows(text, "2016-06-01")
    assert not {r for r in found if r[0] == TG}  # "a half" is no growth of 50 percent


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (  # a timeline: a year labels each line; "December." ends the line before it
            "Timeline\n\n2019 — Power of Siberia opens in December.\n"
            "2020 — The line delivers 4.1 bcm to China.\n",
            {(CAP, 4.1, None), (GAS, 4.1, "2020-12")},
        ),
        (  # a chronology in a think-tank paper: the historical present of one year
            "2021: the pipeline carries 10.4 bcm of gas to China, more than twice as much as in "
            "its first year.",
            {(CAP, 10.4, None)},
        ),
    ],
)  # fmt: skip
def test_a_timeline_line_is_what_happened_that_year(text: str, absent: set[Row]) -> None:
    assert not norm(absent) & rows(text, "2022-02-01")


def test_a_month_ending_a_sentence_is_not_the_next_lines_year() -> None:
    text = "Power of Siberia opened in December.\n2021 saw China-Russia trade reach $146.9 billion."
    found = rows(text, "2022-02-01")
    assert norm({(TV, 146.9e9, "2021")}) <= found
    # and an abbreviation with its full stop still names the month of that year
    found = rows("In Dec. 2021, Sino-Russian trade was $14.7 billion.", "2022-02-01")
    assert norm({(TV, 14.7e9, "2021-12")}) <= found


@pytest.mark.parametrize(
    "text",
    [
        # a feature: a headcount after a dollar figure is no dollar amount
        "China-Russia trade reached $240 billion in 2023. China, a country of 1.4 billion, "
        "still buys little from Russia.",
        # an op-ed: nor a population in a later sentence
        "Sino-Russian turnover hit $190 billion last year. Russia has a population of some "
        "146 million.",
        # a wire story: nor a bare amount followed by its own noun
        "Trade between China and Russia was $240 billion in 2023, against 1.4 billion people "
        "in China.",
    ],
)
def test_a_headcount_borrows_no_unit(text: str) -> None:
    found = rows(text, "2024-03-01")
    assert not {r for r in found if r[1] in (1.4e9, 146e6)}
