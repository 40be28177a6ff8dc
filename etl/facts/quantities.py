"""Stage 2 — recognise quantities: money, percentages, volumes, masses, lengths, multiples,
fractions and ranks, each with its canonical value, unit, qualifier and character span.

Pure functions over a string. The recogniser knows nothing about metrics: it says "US$ 147e9,
approx, at 120–133", and the linker decides what that figure is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.facts import scan

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
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
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
            r"|\bupwards\s+of|\bno\s+less\s+than|\bsurpass(?:ed|ing)?|\btopped|\bpassed)"
            r"\s*(?:US\s?|U\.S\.\s?)?\$?\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "at_most",
        re.compile(
            r"(?:\bless\s+than|\bunder|\bbelow|(?<!went\s)(?<!gone\s)(?<!go\s)(?<!goes\s)(?<!going\s)\bup\s+to|\bas\s+much\s+as|\bno\s+more\s+than"
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
_USD_PREFIX = r"(?:US\s?\$|U\.S\.\s?\$|USD\s?|\$\s?)"
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
PER_BARREL = re.compile(r"\s*(?:per|a|an|/)\s*(?:barrel|bbl)\b", re.IGNORECASE)
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
    r"|(?P<scale>million|mln\.?|mn|thousand)\s+(?:metric\s+)?(?:tons|tonnes|t)\b"
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
MULTIPLE = re.compile(
    rf"\b(?:(?P<word>{_WORD_NUM})[\s-]?fold|(?P<digits>\d+(?:\.\d+)?)[\s-]?fold"
    rf"|(?P<verb>doubl|tripl|quadrupl|quintupl)(?:ed|ing|es|e)\b"
    rf"|(?P<times>{_WORD_NUM}|\d+(?:\.\d+)?)\s+times\b)",
    re.IGNORECASE,
)
_FRACTION_WORD = "|".join(FRACTIONS)
FRACTION = re.compile(
    rf"(?<!first\s)(?<!second\s)(?<!the\s)\b(?:(?P<count>one|a|two|three)[\s-]+(?P<part>{_FRACTION_WORD})s?"
    rf"|(?P<bare>half|quarter))\b(?!\s+of\s+(?:the\s+)?(?:year|\d{{4}}|this|last))",
    re.IGNORECASE,
)
_ORDINAL = "|".join(ORDINALS)
RANK = re.compile(
    rf"\b(?:(?P<ord>{_ORDINAL}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+(?:largest|biggest|top|leading"
    rf"|most\s+important|main)\b"
    rf"|ranked\s+(?:as\s+)?(?:(?P<ord2>{_ORDINAL})|No\.?\s?(?P<no>\d{{1,2}})|number\s+(?P<numw>one|two|three))\b"
    rf"|(?P<ord3>{_ORDINAL})\s+place\b"
    rf"|(?<!list\sof\sthe\s)(?<!one\sof\sthe\s)(?<!among\sthe\s)(?P<top>largest|biggest|top|No\.?\s?1|number[\s-]one)"
    rf"(?=\s+(?:\w+\s+){{0,3}}?(?:suppliers?|providers?|exporters?|sources?|sellers?)\b)"
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
    r"(?:/\s*(?:year|yr|y|annum)\b|(?:a|an|per|each|every)\s+(?:year|annum)\b|annually\b|yearly\b"
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
    for pattern in (MONEY, MONEY_SUFFIX):
        for m in scan.finditer(pattern, text):
            value = parse_number(m["num"]) * _scale(m["scale"])
            end = m.end()
            per_barrel = PER_BARREL.match(text, end)
            if per_barrel:
                add("price", value, "usd_per_barrel", m.start(), per_barrel.end())
            elif PER_OTHER.match(text, end):
                add("other", value, "usd_per_unit", m.start(), end)
            else:
                add("money", value, "usd", m.start(), end)
    for m in scan.finditer(OTHER_MONEY, text):
        num = m["num1"] or m["num2"]
        add("other", parse_number(num) * _scale(m["scale1"] or m["scale2"]), "other_currency",
            m.start(), m.end())  # fmt: skip
    for m in scan.finditer(LENGTH, text):
        value = parse_number(m["num"]) * (KM_PER_MILE if m["mile"] else 1.0)
        add("length", value, "km", m.start(), m.end())
    for m in scan.finditer(MULTIPLE, text):
        if m["word"]:
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
        factor = 1.0 if count in ("one", "a") else WORD_NUMBERS[count]
        add("fraction", FRACTIONS[part_word] * factor, "ratio", m.start(), m.end())
    for m in scan.finditer(RANK, text):
        word = m["ord"] or m["ord2"] or m["ord3"]
        if word:
            lowered = word.lower()
            rank = ORDINALS.get(lowered) or int(re.sub(r"\D", "", lowered) or 0)
        elif m["no"]:
            rank = int(m["no"])
        elif m["numw"]:
            rank = int(WORD_NUMBERS[m["numw"].lower()])
        else:
            rank = 1
        if rank:
            add("rank", float(rank), "rank", m.start(), m.end())
    found.sort(key=lambda q: q.start)
    return found
