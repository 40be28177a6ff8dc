"""Stage 2 — recognise quantities: money, percentages, volumes, masses, lengths, multiples,
fractions and ranks, each with its canonical value, unit, qualifier and character span.

Pure functions over a string. The recogniser knows nothing about metrics: it says "US$ 147e9,
approx, at 120–133", and the linker decides what that figure is about.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from etl.facts import scan
from etl.facts.tables import unit_cells

# ---- conversion factors (canonical units: usd, bcm, mt, km) ----
SCALE_FACTORS: dict[str, float] = {
    "trillion": 1e12,
    "tn": 1e12,
    "trln": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
}
KM_PER_MILE = 1.609344
BCM_PER_TCM = 1000.0
BCM_PER_MCM = 0.001
MT_PER_THOUSAND_TONNES = 0.001

WORD_NUMBERS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
#: Number words as said aloud, digits included ("oh five", "point zero five").
SPOKEN_NUMBERS: dict[str, int] = {
    "zero": 0,
    "oh": 0,
    **{word: int(value) for word, value in WORD_NUMBERS.items()},
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
FRACTIONS: dict[str, float] = {
    "half": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "fourth": 1 / 4, "fifth": 1 / 5,
    "sixth": 1 / 6, "seventh": 1 / 7, "eighth": 1 / 8, "ninth": 1 / 9, "tenth": 1 / 10,
    "twentieth": 1 / 20,
}  # fmt: skip
VERB_MULTIPLES: dict[str, float] = {"doubl": 2, "tripl": 3, "quadrupl": 4, "quintupl": 5}

QUALIFIERS_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "approx",
        re.compile(
            r"(?:\bnearly|\balmost|\babout|\baround|\broughly|\bapproximately|\bsome|\bcirca"
            r"|\bclose\s+to|\ban\s+estimated|\bestimated|\bapprox\.?|~|\bjust\s+(?:under|over|below"
            r"|above)|\ban?\s+(?:approximate|estimated))\s*(?:US\s?|U\.S\.\s?)?\$?\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "at_least",
        re.compile(
            r"(?:\bmore\s+than|\bover|\babove|\bexceed(?:ing|ed|s)?|\bin\s+excess\s+of|\bat\s+least"
            r"|\bupwards\s+of|\bno\s+less\s+than|\bsurpass(?:ed|ing)?|\btop(?:s|ped|ping)?|\bpassed)"
            r"\s*(?:US\s?|U\.S\.\s?)?\$?\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "at_most",
        re.compile(
            r"(?:\bless\s+than|\bunder|\bbelow|(?<!went\s)(?<!gone\s)(?<!go\s)(?<!goes\s)(?<!going\s)(?<!ramping\s)(?<!ramped\s)"
            r"(?<!ramp\s)(?<!ramps\s)(?<!built\s)(?<!build\s)(?<!building\s)\bup\s+to|\bas\s+much\s+as|\bno\s+more\s+than"
            r"|\bat\s+most|\bnot\s+exceeding|\ba\s+maximum\s+of|\bas\s+many\s+as)"
            r"\s*(?:US\s?|U\.S\.\s?)?\$?\s*$",
            re.IGNORECASE,
        ),
    ),
)

# A number: "4,200" (thousands), "190,27" / "12,8" (decimal comma), "107.06", "$50.\n\n58"
# (a figure split by a paragraph break before its scale word).
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:[.,]\d+)?(?![\d]))"
_SPLIT_NUM = r"(?:\d+\.(?:[ \t]*\r?\n)+[ \t]*\d+(?=\s*(?:billion|bln|bn|million|mln|trillion)\b))"
NUM = rf"(?:{_SPLIT_NUM}|{_NUM})"
_SCALE = r"(?:trillion|trln|tn|billion|bln|bn|b|million|mln|mn|m|thousand)(?![a-z])"
_USD_PREFIX = r"(?:\bUS\s?\$|\bU\.S\.\s?\$|\bUSD\s?|\$\s?)"
_USD_SUFFIX = r"(?:(?:U\.\s?S\.|US|American)\s+)?(?:dollars?|USD)\b"
_OTHER_CURRENCY_SUFFIX = r"(?:yuan|renminbi|RMB|rubles?|roubles?|euros?|EUR)\b"
_OTHER_CURRENCY_PREFIX = r"(?:€|¥|₽|RMB\s?|CNY\s?|RUB\s?|EUR\s?)"

MONEY = re.compile(
    rf"(?P<cur>{_USD_PREFIX})(?P<num>{NUM})(?:\s?-?\s?(?P<scale>{_SCALE}))?"
    rf"(?:\s+{_USD_SUFFIX})?",
    re.IGNORECASE,
)
MONEY_SUFFIX = re.compile(
    rf"(?<![\w$.,])(?P<num>{NUM})\s?-?\s?(?P<scale>{_SCALE})?\s+{_USD_SUFFIX}", re.IGNORECASE
)
OTHER_MONEY = re.compile(
    rf"(?:{_OTHER_CURRENCY_PREFIX}(?P<num1>{NUM})(?:\s?(?P<scale1>{_SCALE}))?"
    rf"|(?<![\w$.,])(?P<num2>{NUM})\s?(?P<scale2>{_SCALE})?\s+{_OTHER_CURRENCY_SUFFIX})",
    re.IGNORECASE,
)
# Numbers written in words before a scale ("forty billion dollars", "two hundred and fifty
# billion US dollars", "thirty-eight billion cubic metres", "a quarter of a trillion").
_WORD_TOKEN = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred)"
)
# bounded repeats: a long run of number words costs each start a few tokens, not the run
_WORD_NUM_PHRASE = rf"{_WORD_TOKEN}(?:(?:[\s-]{{1,3}}and)?[\s-]{{1,3}}{_WORD_TOKEN}){{0,5}}"
_PART_OF_SCALE = r"(?:(?:a|one)[\s-]+(?P<part>half|third|quarter|fifth|tenth)\s+of\s+a|half\s+an?)"
_WORD_SCALE = r"(?P<scale>trillion|billion|million)"
# a decimal said aloud: "forty-nine point one billion", "six point five percent"
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SAID_DECIMALS = rf"(?:\s{{1,3}}point(?P<point>(?:\s{{1,3}}{_DIGIT_WORD}){{1,3}}))?"
WORD_AMOUNT = re.compile(
    rf"(?<![\w$.,-])(?:(?P<words>{_WORD_NUM_PHRASE}){_SAID_DECIMALS}|(?P<partof>{_PART_OF_SCALE}))"
    rf"\s{{1,3}}{_WORD_SCALE}\b",
    re.IGNORECASE,
)
WORD_USD_AFTER = re.compile(rf"\s+{_USD_SUFFIX}", re.IGNORECASE)
WORD_VOLUME_AFTER = re.compile(r"\s+(?:cubic\s+met(?:er|re)s|cu\.?\s?m\b|m3\b|m³)", re.I)
WORD_MASS_AFTER = re.compile(r"\s+(?:metric\s+)?(?:tons|tonnes)\b", re.IGNORECASE)
WORD_PERCENT = re.compile(
    rf"(?<![\w$.,-])(?P<words>{_WORD_NUM_PHRASE}){_SAID_DECIMALS}\s{{1,3}}(?:percent|per\s+cent)\b",
    re.IGNORECASE,
)
#: A range whose first figure borrows the second's scale or currency: "$60 and $80 billion",
#: "$60-80 billion", "between two hundred billion dollars and a quarter of a trillion".
_RANGE_LINK = re.compile(r"\s*(?:-|–|—|to|and|or)\s*(?:US\s?|U\.S\.\s?)?\$?\s*", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(
    r"\bbetween\s+(?:about\s+|around\s+|roughly\s+|some\s+)?(?:US\s?|U\.S\.\s?)?\$?\s*$", re.I
)


BARE_AMOUNT = re.compile(
    rf"(?=\d)(?<![\w$.,])(?P<num>{_NUM})\s?(?P<scale>trillion|billion|bn|bln|million|mln)\b"
    r"(?!\s*(?:cubic|cu\b|m3|tons|tonnes|barrels|yuan|rub|roubles?|rubles?|euros?|dollars?|USD))",
    re.IGNORECASE,
)


_AND_LINK = re.compile(r"\s*and\s*(?:US\s?|U\.S\.\s?)?\$?\s*", re.IGNORECASE)
_DASH_LINK = re.compile(r"\s?[-–—]\s?(?:US\s?|U\.S\.\s?)?\$?")
_TO_LINK = re.compile(r"\s+to\s+(?:US\s?|U\.S\.\s?)?\$?", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:US\s?|U\.S\.\s?)?\$?\s*$", re.IGNORECASE)


#: The first figure of a dollar range written once with its scale and currency after the
#: second: "60-80 billion dollars", "40–50 bn USD".
MONEY_RANGE_HEAD = re.compile(
    rf"(?=\d)(?<![\w.,$])(?P<num>{_NUM})\s?(?:-|–|—)\s?"
    rf"(?=\d+(?:[.,]\d+)?\s?(?P<scale>trillion|billion|bn|bln|million|mln)\s+{_USD_SUFFIX})",
    re.IGNORECASE,
)
MAX_PERCENT_RANGE_HEAD = 1000
#: The first figure of a percent range written once with its sign: "10-15%", "10 to 15 percent".
PERCENT_RANGE_HEAD = re.compile(
    rf"(?=\d)(?<![\w.,])(?P<num>{_NUM})\s?(?:(?P<dash>-|–|—)|\s(?:and|to)\s)\s?"
    r"(?=\d+(?:[.,]\d+)?\s?(?:%|percent\b|per\s?cent\b))",
    re.IGNORECASE,
)


#: Number words are looked for only just before a scale or percent word (speed: a scan of
#: the whole text for number words costs more than all the digit patterns together).
_WORD_SCALE_ANCHOR = re.compile(r"(?=[tbmTBM])(?<=\s)(?:trillion|billion|million)\b", re.IGNORECASE)
_PERCENT_WORD_ANCHOR = re.compile(r"(?=[pP])(?<=\s)(?:percent|per\s{1,3}cent)\b", re.IGNORECASE)
_LAST_WORD = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\s+$")
#: Words a number written in words can end with, right before its scale or "percent".
_NUMBER_WORD_ENDINGS = frozenset(WORD_NUMBERS) | {"a", "an", "zero", "oh"}
#: How far before its scale word a number written in words may start (characters).
WORD_NUMBER_REACH = 80
#: How many characters before a scale word `_LAST_WORD` reads.
LAST_WORD_REACH = 16
#: The number-word patterns only ever run on the window `_ending_at` cuts (the reach plus
#: the longest anchor word, "per cent", "trillion"): timed on inputs that long.
REGEX_INPUT_LIMITS = {
    "WORD_AMOUNT": WORD_NUMBER_REACH + 10,
    "WORD_PERCENT": WORD_NUMBER_REACH + 10,
    "_LAST_WORD": LAST_WORD_REACH,
}


def _ending_at(pattern: re.Pattern[str], text: str, anchor: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of `pattern` that run up to an `anchor` word, found in a window before it."""
    found: list[re.Match[str]] = []
    for a in scan.finditer(anchor, text):
        before = _LAST_WORD.search(text, max(0, a.start() - LAST_WORD_REACH), a.start())
        if before is None or before.group(1).lower() not in _NUMBER_WORD_ENDINGS:
            continue  # "12.8 billion", "the billion": no number in words ends here
        for m in pattern.finditer(text, max(0, a.start() - WORD_NUMBER_REACH), a.end()):
            if m.end() == a.end():
                found.append(m)
                break
    return found


def word_number(phrase: str) -> float:
    """'two hundred and fifty' → 250; 'forty' → 40; 'thirty-eight' → 38."""
    total = 0.0
    for token in re.split(r"[\s-]+", phrase.lower()):
        if token == "and" or not token:
            continue
        value = WORD_NUMBERS[token]
        if value == 100:
            total = (total or 1) * 100
        else:
            total += value
    return total


def said_decimals(point: str | None) -> float:
    """The fraction a decimal said aloud adds: " five" -> 0.5, " two five" -> 0.25."""
    if not point:
        return 0.0
    digits = "".join(str(SPOKEN_NUMBERS[w]) for w in point.lower().split())
    return float("0." + digits)


def _word_amount(m: re.Match[str]) -> float:
    scale = SCALE_FACTORS[m["scale"].lower()]
    if m["words"]:
        return (word_number(m["words"]) + said_decimals(m["point"])) * scale
    part = (m["part"] or "half").lower()
    return FRACTIONS[part] * scale


#: "$8 per barrel", "$5/bbl", "a $10-a-barrel discount"
PER_BARREL = re.compile(r"[\s-]*(?:per|a|an|/)[\s-]*(?:barrel|bbl)\b", re.IGNORECASE)
PER_OTHER = re.compile(r"\s*(?:per|a|an|/)\s*(?:tonne|ton|t|mmbtu|cubic|1,?000|thousand)\b", re.I)
PERCENT = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})\s?(?:%|percent\b|per\s?cent\b|pc\b|pct\b|percentage\s+points?\b)",
    re.IGNORECASE,
)
VOLUME = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})\s?(?:(?P<bcm>bcm\b|bcma\b)|(?P<tcm>tcm\b)|(?P<mcm>mcm\b)"
    r"|(?P<scale>billion|bln\.?|bn|trillion|tn|million|mln\.?)\s+"
    r"(?:cubic\s+met(?:er|re)s?|cu\.?\s?m\b|m3|m³))",
    re.IGNORECASE,
)
MASS = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})\s?(?:(?P<mt>Mt\b|MMt\b|Mtpa\b|mtpa\b)"
    r"|(?P<scale>million|mln\.?|mn|m|thousand)\s+(?:metric\s+)?(?:tons|tonnes|t)\b"
    r"|(?P<scale2>million|thousand)[\s-]ton(?:ne)?s?\b)",
    re.IGNORECASE,
)
BARRELS = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})\s?(?:million|mln|thousand)?\s?(?:barrels|bpd|b/d)\b", re.I
)
LENGTH = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})[\s-]?(?:(?P<km>kilomet(?:er|re)s?|km)|(?P<mile>miles?))\b",
    re.IGNORECASE,
)
_WORD_NUM = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
#: "twenty-two", "thirty five": a tens word and a unit word, one number
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
MULTIPLE = re.compile(
    # (the gate: the first letters a match can start with, including the tens words)
    # ("three-and-a-half-fold", "two and a half times": the whole and a half)
    rf"(?=[\dotfsenhdqOTFSENHDQ])\b(?:(?P<whole>{_WORD_NUM}|\d+)[\s-]+and[\s-]+a[\s-]+half[\s-]?(?:fold|times\b)"
    rf"|(?:(?P<tens>{_TENS})[\s-](?P<units>{_UNITS})|(?P<word>{_WORD_NUM}))[\s-]?fold|(?P<digits>\d+(?:\.\d+)?)[\s-]?fold"
    rf"|(?P<verb>doubl|tripl|quadrupl|quintupl)(?:ed|ing|es|e)\b"
    rf"|(?P<times>{_WORD_NUM}|\d+(?:\.\d+)?)\s+times\b)",
    re.IGNORECASE,
)
_FRACTION_WORD = "|".join(FRACTIONS)
FRACTION = re.compile(
    rf"(?<!first\s)(?<!second\s)(?<!the\s)\b(?:(?P<count>one|an?|two|three)[\s-]+(?P<part>{_FRACTION_WORD})s?"
    rf"|(?P<bare>half|quarter))\b(?!\s+of\s+(?:the\s+)?(?:year|\d{{4}}|this|last))"
    # ("a half-year high", "a quarter-century": a stretch of time, no fraction)
    r"(?![\s-](?!year[\s-]+on\b)(?:year|month|week|day|decade|century|hour)s?\b)",
    re.IGNORECASE,
)
_ORDINAL = "|".join(ORDINALS)
RANK = re.compile(
    rf"\b(?:(?P<ord>{_ORDINAL}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+(?:largest|biggest|top|leading"
    rf"|most\s+important|main)\b"
    rf"|ranked\s+(?:as\s+)?(?:(?P<ord2>{_ORDINAL})|No\.?\s?(?P<no>\d{{1,2}})|number\s+(?P<numw>one|two|three))\b"
    rf"|(?P<ord3>{_ORDINAL})\s+place\b"
    rf"|(?<!list\sof\sthe\s)(?<!one\sof\sthe\s)(?<!among\sthe\s)(?P<top>largest|biggest|top|leading|No\.?\s?1|number[\s-]one)"
    rf"(?=\s+(?:[\w'’]+\s+){{0,4}}?(?:suppliers?|providers?|exporters?|sources?|sellers?)\b)"
    rf"|(?<!one\sof\sthe\s)No\.?\s?(?P<no2>[2-9])(?=\s+(?:\w+\s+){{0,3}}?(?:suppliers?|providers?|exporters?|sources?|sellers?)\b)"
    rf"|(?P<topped>topped|headed|led)(?=\s+the\s+(?:list|ranking|table)\s+of\s+(?:[\w'’]+\s+){{0,3}}?(?:suppliers?|exporters?|sources?)\b"
    # "topped the ranking in May": a bare ranking (its topic, suppliers, is linked in cues)
    rf"|\s+the\s+(?:list|ranking|table)\b(?!\s+of\b))"
    rf"|(?P<anyother>than\s+any\s+other\s+(?:country|supplier|exporter|nation|seller|producer))\b"
    rf"|(?P<leading>leading)(?=\s+in\s+(?:\w+\s+){{0,2}}(?:supplies|deliveries|shipments|imports)))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A figure as written, in canonical units."""

    kind: (
        str  # money | percent | volume | mass | length | multiple | fraction | rank | price | other
    )
    value: float
    unit: str
    start: int
    end: int
    qualifier: str = "exact"
    rate: bool = False  # a yearly rate ("36 bcm/year")
    surface: str = ""


def parse_number(text: str) -> float:
    """'4,200' → 4200; '190,27' → 190.27 (decimal comma); '50.\\n\\n58' → 50.58."""
    text = re.sub(r"\s+", "", text)
    if "," in text and "." not in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and re.fullmatch(r"\d{1,3}(?:,\d{3})*", text):
            return float(text.replace(",", ""))
        return float(f"{head.replace(',', '')}.{tail}")
    return float(text.replace(",", ""))


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    return SCALE_FACTORS.get(word.lower().rstrip("."), 1.0)


_RATE_AFTER = re.compile(
    r"(?:\s+(?:of|to|be|in|natural|liquefied|gas|oil|crude|delivered|supplied|pumped|shipped"
    r"|transported|exported|imported|sent|each|per)){0,5}\s*"
    r"(?:/\s*(?:year|yr|y|annum)\b|(?:a|an|per|each|every)\s+(?:year|annum)\b"
    r"(?!\s+(?:earlier|ago|before|later|after|on|previously|back)\b)|annually\b|yearly\b"
    r"|per\s+annum\b)",
    re.IGNORECASE,
)
_RATE_BEFORE = re.compile(r"\b(?:annual|yearly)\s+(?:\w+\s+){0,2}(?:of\s+)?$", re.IGNORECASE)


def _is_rate(text: str, start: int, end: int) -> bool:
    return bool(_RATE_AFTER.match(text, end, min(len(text), end + 80))) or bool(
        _RATE_BEFORE.search(text, max(0, start - 40), start)
    )


def _qualifier(text: str, start: int) -> str:
    window = text[max(0, start - 40) : start]
    for name, pattern in QUALIFIERS_BEFORE:
        if pattern.search(window):
            return name
    return "exact"


class Occupancy:
    """Which characters a recognised span already covers: overlap checks in O(span)."""

    def __init__(self, size: int) -> None:
        self._taken = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


def find_quantities(text: str) -> list[Quantity]:
    """Every recognised figure in the text, left to right, without overlaps."""
    found: list[Quantity] = []
    taken = Occupancy(len(text))

    def add(kind: str, value: float, unit: str, start: int, end: int, rate: bool = False) -> None:
        if not taken.free(start, end):
            return
        taken.take(start, end)
        found.append(
            Quantity(
                kind=kind,
                value=value,
                unit=unit,
                start=start,
                end=end,
                qualifier=_qualifier(text, start),
                rate=rate,
                surface=" ".join(text[start:end].split()),
            )
        )

    for m in scan.finditer(PERCENT, text):
        add("percent", parse_number(m["num"]), "percent", m.start(), m.end())
    for m in scan.finditer(PERCENT_RANGE_HEAD, text):  # "10-15%", "between 10 and 15 percent"
        value = parse_number(m["num"])
        if value >= MAX_PERCENT_RANGE_HEAD:
            continue  # "in 2022-23%": a year, not a range
        if m["dash"] or _BETWEEN_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            add("percent", value, "percent", m.start(), m.end("num"))
    for m in scan.finditer(VOLUME, text):
        value = parse_number(m["num"])
        if m["tcm"]:
            value *= BCM_PER_TCM
        elif m["mcm"]:
            value *= BCM_PER_MCM
        elif m["scale"]:
            value *= _scale(m["scale"]) / 1e9
        rate = _is_rate(text, m.start(), m.end()) or bool(m["bcm"] and m["bcm"].lower() == "bcma")
        add("volume", value, "bcm_per_year" if rate else "bcm", m.start(), m.end(), rate)
    for m in scan.finditer(MASS, text):
        value = parse_number(m["num"])
        scale = (m["scale"] or m["scale2"] or "").lower()
        if scale == "thousand":
            value *= MT_PER_THOUSAND_TONNES
        rate = _is_rate(text, m.start(), m.end()) or bool(
            m["mt"] and m["mt"].lower().endswith("pa")
        )
        add("mass", value, "mt_per_year" if rate else "mt", m.start(), m.end(), rate)
    for m in scan.finditer(BARRELS, text):
        add("other", parse_number(m["num"]), "barrels", m.start(), m.end())
    for m in scan.finditer(MONEY_RANGE_HEAD, text):  # "60-80 billion dollars": 60 billion too
        add("money", parse_number(m["num"]) * _scale(m["scale"]), "usd", m.start(), m.end("num"))
    unscaled: set[int] = set()  # money figures written without a scale word ("$60")
    for pattern in (MONEY, MONEY_SUFFIX):
        for m in scan.finditer(pattern, text):
            value = parse_number(m["num"]) * _scale(m["scale"])
            end = m.end()
            per_barrel = PER_BARREL.match(text, end)
            if per_barrel or _PRICE_RANGE_TAIL.match(text, end):
                # the first end of "$6 to $8 a barrel" is a price too, its span its own
                span_end = per_barrel.end() if per_barrel else end
                add("price", value, "usd_per_barrel", m.start(), span_end)
            elif PER_OTHER.match(text, end):
                add("other", value, "usd_per_unit", m.start(), end)
            else:
                add("money", value, "usd", m.start(), end)
                if not m["scale"]:
                    unscaled.add(m.start())
    bare: list[tuple[int, int, float]] = []  # "80 billion", "a quarter of a trillion": no unit
    for m in _ending_at(WORD_AMOUNT, text, _WORD_SCALE_ANCHOR):
        value, end = _word_amount(m), m.end()
        if unit := WORD_USD_AFTER.match(text, end):
            add("money", value, "usd", m.start(), unit.end())
        elif unit := WORD_VOLUME_AFTER.match(text, end):
            rate = _is_rate(text, m.start(), unit.end())
            add("volume", value / 1e9, "bcm_per_year" if rate else "bcm", m.start(), unit.end(),
                rate)  # fmt: skip
        elif unit := WORD_MASS_AFTER.match(text, end):
            rate = _is_rate(text, m.start(), unit.end())
            add("mass", value / 1e6, "mt_per_year" if rate else "mt", m.start(), unit.end(), rate)
        else:
            bare.append((m.start(), end, value))
    for m in scan.finditer(BARE_AMOUNT, text):
        bare.append((m.start(), m.end(), parse_number(m["num"]) * _scale(m["scale"])))
    for m in _ending_at(WORD_PERCENT, text, _PERCENT_WORD_ANCHOR):
        value = word_number(m["words"]) + said_decimals(m["point"])
        add("percent", value, "percent", m.start(), m.end())
    _link_money_ranges(text, found, unscaled, bare, add)
    for m in scan.finditer(OTHER_MONEY, text):
        num = m["num1"] or m["num2"]
        add("other", parse_number(num) * _scale(m["scale1"] or m["scale2"]), "other_currency",
            m.start(), m.end())  # fmt: skip
    for cell_unit, value, start, end in unit_cells(text):  # "USD bn | 2019: 110.8 | ..."
        add("money" if cell_unit == "usd" else "percent", value, cell_unit, start, end)
    for m in scan.finditer(LENGTH, text):
        value = parse_number(m["num"]) * (KM_PER_MILE if m["mile"] else 1.0)
        add("length", value, "km", m.start(), m.end())
    _carry_unit(text, found, bare, add)
    for m in scan.finditer(MULTIPLE, text):
        if m["whole"]:
            whole = m["whole"].lower()
            value = (WORD_NUMBERS[whole] if whole in WORD_NUMBERS else float(whole)) + 0.5
        elif m["tens"]:
            value = WORD_NUMBERS[m["tens"].lower()] + WORD_NUMBERS[m["units"].lower()]
        elif m["word"]:
            value = WORD_NUMBERS[m["word"].lower()]
        elif m["digits"]:
            value = float(m["digits"])
        elif m["verb"]:
            value = VERB_MULTIPLES[m["verb"].lower()]
        else:
            times = m["times"].lower()
            value = WORD_NUMBERS.get(times) or float(times)
        add("multiple", float(value), "ratio", m.start(), m.end())
    for m in scan.finditer(FRACTION, text):
        part_word = (m["part"] or m["bare"]).lower()
        count = (m["count"] or "one").lower()
        factor = 1.0 if count in ("one", "a", "an") else WORD_NUMBERS[count]
        add("fraction", FRACTIONS[part_word] * factor, "ratio", m.start(), m.end())
    for m in scan.finditer(RANK, text):
        word = m["ord"] or m["ord2"] or m["ord3"]
        if word:
            lowered = word.lower()
            rank = ORDINALS.get(lowered) or int(re.sub(r"\D", "", lowered) or 0)
        elif m["no"] or m["no2"]:
            rank = int(m["no"] or m["no2"])
        elif m["numw"]:
            rank = int(WORD_NUMBERS[m["numw"].lower()])
        else:
            rank = 1
        if rank:
            add("rank", float(rank), "rank", m.start(), m.end())
    found.sort(key=lambda q: q.start)
    return _range_qualifiers(text, found)


#: How far back a figure lends its unit to a bare "49 billion" (characters): a dollar figure
#: in the text before (an interview gives the currency once), a volume or a mass in its
#: own sentence or the one before.
CURRENCY_CARRY_REACH = 600
UNIT_CARRY_REACH = 200
#: A bare amount that ends its phrase: no noun after it that could be its unit.
_PHRASE_END = re.compile(
    r"\s*+(?:[.,;:!?)\]]|[—–]|-\s|$)|\s++(?:in|last|this|next|a\s+year|per\s+year|annually)\b", re.I
)
#: "a country of 1.4 billion", "a population of some 146 million": people, not a unit said once
HEADCOUNT_REACH = 40
_HEADCOUNT_BEFORE = re.compile(
    r"\b(?:population|people|citizens|inhabitants|residents|consumers|users|country|nation"
    r"|workers|tourists|visitors|passengers)\b[^.;\d]*+$",
    re.IGNORECASE,
)
_OTHER_CURRENCY_WORD = re.compile(
    r"\b(?:yuan|renminbi|RMB|roubles?|rubles?|euros?|rupees?|yen|pounds?)\b|[€₽¥£]", re.I
)


def _carry_unit(
    text: str, found: list[Quantity], bare: list[tuple[int, int, float]], add: Callable[..., None]
) -> None:
    """'It dipped 3 percent, to 104 billion dollars. ... Our exports fell 6.6 percent, to
    around 49 billion.'; 'delivered 15.4 billion cubic meters last year, and this year plans
    22 billion': a bare amount ending its phrase is in the unit of the figure before it that
    has one (dollars across an interview's answers; a volume or a mass within reach), when
    its scale fits that unit (billions of dollars or cubic metres, millions of tonnes) and no
    other currency is named between."""
    units = sorted(
        (q for q in found if q.kind in ("money", "volume", "mass") or q.unit == "other_currency"),
        key=lambda q: q.end,
    )
    if not units:
        return
    ends = [q.end for q in units]
    for start, end, value in bare:
        if not _PHRASE_END.match(text, end) or _HEADCOUNT_BEFORE.search(
            text, max(0, start - HEADCOUNT_REACH), start
        ):
            continue
        i = bisect.bisect_right(ends, start) - 1
        if i < 0:
            continue
        before = units[i]
        gap = start - before.end
        if before.kind == "money" and before.unit == "usd" and value >= 1e9:
            if gap <= CURRENCY_CARRY_REACH and not _OTHER_CURRENCY_WORD.search(
                text, before.end, start
            ):
                add("money", value, "usd", start, end)
        elif gap > UNIT_CARRY_REACH:
            continue
        elif before.kind == "volume" and 1e9 <= value < 1e12:
            rate = _is_rate(text, start, end)
            add("volume", value / 1e9, "bcm_per_year" if rate else "bcm", start, end, rate)
        elif before.kind == "mass" and 1e6 <= value < 1e9:
            rate = _is_rate(text, start, end)
            add("mass", value / 1e6, "mt_per_year" if rate else "mt", start, end, rate)


#: "$6 to $8 a barrel", "$6-8 per barrel": the first end of a range of prices
_PRICE_RANGE_TAIL = re.compile(
    r"(?:\s*[-–—]\s*|\s+to\s+)(?:US\s?|U\.S\.\s?)?\$?\s?\d{1,4}(?:[.,]\d{1,2})?+"
    r"(?=\s*(?:per|a|an|/)\s*(?:barrel|bbl)\b)",
    re.IGNORECASE,
)


def _link_money_ranges(
    text: str,
    found: list[Quantity],
    unscaled: set[int],
    bare: list[tuple[int, int, float]],
    add: Callable[..., None],
) -> None:
    """A range shares its currency and scale: in "$60-80 billion" or "between two hundred
    billion dollars and a quarter of a trillion" both ends are dollars, in billions."""
    money = sorted((q for q in found if q.kind == "money"), key=lambda q: q.start)
    for start, end, value in sorted(bare):
        after = next((q for q in money if q.start >= end), None)
        if (  # "between 60 billion and 80 billion dollars": the first end borrows the currency
            after is not None
            and _RANGE_LINK.fullmatch(text, end, after.start)
            and _BETWEEN_BEFORE.search(text, max(0, start - 30), start)
        ):
            add("money", value, "usd", start, end)
            continue
        before = next((q for q in reversed(money) if q.end <= start), None)
        if before is None:
            continue
        link = _RANGE_LINK.fullmatch(text, before.end, start)
        if link is None:
            continue
        add("money", value, "usd", start, end)
        if before.start in unscaled and value >= 1e6 > before.value:
            scale = next(f for f in (1e12, 1e9, 1e6) if value >= f)
            found[found.index(before)] = replace(before, value=before.value * scale)
    money = sorted((q for q in found if q.kind == "money"), key=lambda q: q.start)
    for first, second in itertools.pairwise(money):
        if (
            first.start in unscaled
            and second.value >= 1e6 > first.value
            and _RANGE_LINK.fullmatch(text, first.end, second.start)
        ):
            scale = next(f for f in (1e12, 1e9, 1e6) if second.value >= f)
            found[found.index(first)] = replace(first, value=first.value * scale)


#: The words between the two ends of a range (" and US$", " – ") are never longer than this.
MAX_RANGE_LINK = 12


def _range_qualifiers(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "between X and Y": X is a floor (at_least), Y a ceiling (at_most)."""
    result = list(found)
    for i in range(len(result) - 1):
        first, second = result[i], result[i + 1]
        if (
            first.kind != second.kind
            or first.qualifier != "exact"
            or second.start - first.end > MAX_RANGE_LINK
        ):
            continue
        link = text[first.end : second.start]
        between = _BETWEEN_BEFORE.search(text, max(0, first.start - 30), first.start)
        from_before = _FROM_BEFORE.search(text, max(0, first.start - 12), first.start)
        # "discounts of $6 to $8 a barrel": two prices joined by "to" are a range (two
        # amounts of money joined by "to" may be a change, "raised ... $20 billion to $30")
        price_to = first.kind == "price" and _TO_LINK.fullmatch(link)
        if not (between and _AND_LINK.fullmatch(link)) and not (
            (_DASH_LINK.fullmatch(link) or price_to) and not from_before
        ):
            continue
        result[i] = replace(first, qualifier="at_least")
        result[i + 1] = replace(second, qualifier="at_most")
    return result
