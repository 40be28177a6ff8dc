"""What a figure is about: pipelines, countries, commodities, contracts, and who said it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from etl.facts import scan
from etl.facts.catalog import Catalog
from etl.facts.cues import Cues
from etl.facts.quantities import Quantity
from etl.facts.text import Sentence


@dataclass(frozen=True)
class Mention:
    """A mention of a pipeline or a country, with its position."""

    start: int
    end: int
    key: str


def find_pipeline_mentions(text: str, cues: Cues) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pipeline_id, aliases in cues.pipelines.items():
        for alias in aliases:
            for m in scan.finditer(alias, text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found.append(Mention(m.start(), m.end(), pipeline_id))
    return sorted(found, key=lambda m: m.start)


def find_country_mentions(text: str, start: int, end: int, cues: Cues) -> list[Mention]:
    found: list[Mention] = []
    for key in ("CN", "RU", "OTHER"):
        for m in cues.countries[key].finditer(text, start, end):
            found.append(Mention(m.start(), m.end(), key))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    result: list[Mention] = []
    for mention in found:
        if result and mention.start < result[-1].end:
            continue
        result.append(mention)
    return result


#: What joins a second country to the first of a coordination ("Japan and the United States").
_COORDINATED_WITH = re.compile(r"\s*+,?+\s*+(?:and|or|as\s+well\s+as)\s++(?:the\s++)?+", re.I)

_OBJECT_BEFORE = re.compile(
    r"\b(?:to|from|into|in|for|of|with|via|through|than|after|over)\s+(?:the\s+)?$", re.I
)


#: A wire dateline opening a story: "ASTANA - ", "NEW DELHI: ", "SEOUL, May 10 (Agency) -- ".
#: The place is where the story was filed, not who did what.
_DATELINE = re.compile(
    r"\s*+(?:\*\*)?(?-i:[A-Z][A-Z.'’]{2,}+(?:\s[A-Z][A-Z.'’]++){0,2})(?:\*\*)?"
    r"(?:,\s*+[A-Z][a-z]{2,9}\.?\s++\d{1,2}(?:,\s*+\d{4})?)?(?:\s*+\([^()\n]{1,40}\))?"
    # (spaced dashes or a colon: "EU–China trade" is a pair, not a dateline)
    r"(?:\s*+:\s|\s++(?:--|-|–|—)\s|—)\s*+"
)


def dateline_end(text: str, sentence: Sentence) -> int:
    """Where a sentence's text begins after a wire dateline (its start if it has none)."""
    m = _DATELINE.match(text, sentence.start, sentence.end)
    return m.end() if m else sentence.start


def subject_country(text: str, sentence: Sentence, cues: Cues) -> str | None:
    """The first country named as a subject in the sentence (not after 'to', 'from', ...,
    nor coordinated with such an object: "commerce with Japan and the United States"), after
    any dateline ("ASTANA - China's trade with Russia ...")."""
    object_end = -1
    start = dateline_end(text, sentence)
    for mention in find_country_mentions(text, start, sentence.end, cues):
        if _OBJECT_BEFORE.search(text[max(sentence.start, mention.start - 12) : mention.start]) or (
            object_end >= 0 and _COORDINATED_WITH.fullmatch(text, object_end, mention.start)
        ):
            object_end = mention.end
            continue
        # "China's top supplier" — a possessive China is the buyer, not the subject
        if mention.key == "CN" and re.match(r"['’ʼ]s\b", text[mention.end : mention.end + 3]):
            continue
        return mention.key
    return None


def pipeline_for(
    q: Quantity,
    sentence: Sentence,
    pipelines: Sequence[Mention],
    catalog: Catalog,
    text: str = "",
    cues: Cues | None = None,
) -> str | None:
    """The catalog pipeline a capacity is said of: named before it in its sentence, else in an
    earlier sentence, else right after it in its sentence; none when a route that is no
    catalog pipeline is named between that pipeline (or the sentence start) and the figure."""
    commodity = "gas" if q.kind == "volume" else "oil"

    def fits(m: Mention) -> bool:
        pipeline = catalog.pipelines.get(m.key)
        return pipeline is not None and pipeline.commodity == commodity

    left = [m for m in pipelines if sentence.start <= m.start and m.end <= q.start and fits(m)]
    # a route of its own named between the last pipeline (or the sentence start) and the
    # figure: "the spur runs at 30 Mt/yr, and the Kazakhstan transit route adds 10 Mt/yr"
    since = left[-1].end if left else sentence.start
    if cues is not None and any(p.search(text, since, q.start) for p in cues.other_routes):
        return None
    if left:
        return left[-1].key
    earlier = [m for m in pipelines if m.end <= sentence.start and fits(m)]
    # ("ESPO crude also goes by sea. The Kozmino port can handle 36 Mt a year": a facility of
    # its own, and no pipeline, in the figure's sentence)
    if earlier and not (
        cues is not None
        and not any(sentence.start <= m.start < sentence.end for m in pipelines)
        and any(p.search(text, sentence.start, q.start) for p in cues.other_facilities)
    ):
        return earlier[-1].key
    right = [m for m in pipelines if q.end <= m.start < sentence.end and fits(m)]
    return right[0].key if right else None


def pipeline_status(pipeline_id: str, published: date | None, catalog: Catalog) -> str:
    pipeline = catalog.pipelines[pipeline_id]
    if pipeline.in_service is None:
        return "planned"
    if published is not None and published < pipeline.in_service:
        return "planned"
    return "actual"


def commodity_for(window: str, cues: Cues) -> str | None:
    found = [
        (m.start(), cid) for cid, p in cues.commodities.items() for m in [p.search(window)] if m
    ]
    return min(found)[1] if found else None


def nearest_commodity(
    text: str, start: int, sentence_start: int, at: int, cues: Cues
) -> str | None:
    """The commodity named last before `at` in its sentence, else last in the text between
    `start` and the sentence (the sentence before)."""
    for lo in (sentence_start, start):
        found = [
            (m.start(), cid)
            for cid, p in cues.commodities.items()
            for m in p.finditer(text, lo, at if lo == sentence_start else sentence_start)
        ]
        if found:
            return max(found)[1]
    return None


#: A party that deals in one commodity only names it: Gazprom's contracts are for gas.
_GAS_PARTY = re.compile(r"\bGazprom\b")


def contract_for(
    sentence_text: str, year: int | None, cues: Cues, catalog: Catalog, context_text: str = ""
) -> str | None:
    """The catalog contract of that commodity signed that year; the commodity is the one the
    sentence names, else its gas-only party (Gazprom), else the one the sentence before names.
    A deal the catalog does not list (loans for oil, another company's supply deal) has no id
    the contract defines: no record rather than an invented one."""
    commodity = commodity_for(sentence_text, cues)
    if commodity is None and _GAS_PARTY.search(sentence_text):
        commodity = "natural_gas"
    if commodity is None and context_text:
        commodity = commodity_for(context_text, cues)
    short = {"crude_oil": "oil", "natural_gas": "gas"}.get(commodity or "")
    if short is None or year is None:
        return None
    for contract_id, spec in catalog.contracts.items():
        if spec.get("commodity") == short and int(spec.get("signed", 0)) == year:
            return contract_id
    return None


def attribution_for(text: str, sentence: Sentence, cues: Cues) -> str | None:
    """Who the sentence credits for its figures ("according to China's customs", Gazprom)."""
    for pattern in cues.attribution:
        m = pattern.search(text, sentence.start, sentence.end)
        if m:
            return " ".join(m.group("source").split()).strip(" '\"“”")
    return None


def trade_owner(text: str, sentence: Sentence, cues: Cues) -> str | None:
    """'China's trade with Russia made up 3% of its total trade': the whole is China's."""
    for owner, partner in (("CN", "RU"), ("RU", "CN")):
        pattern = (
            rf"(?:{cues.countries[owner].pattern})(?:['’]s)?\s+(?:\w+\s+)?"
            rf"(?:trade|commerce|turnover)\s+with\s+(?:the\s+)?(?:{cues.countries[partner].pattern})"
        )
        if re.search(pattern, text[sentence.start : sentence.end], re.IGNORECASE):
            return owner
    return None


def third_party_pair(text: str, sentence: Sentence, q: Quantity, cues: Cues) -> bool:
    """Does the sentence, before the figure, pair China or Russia with a third country
    ("Russia and India aim to raise bilateral trade to ...")? Then a cue that names neither
    side ("bilateral trade") is that pair's."""
    if cues.third_pair is None:
        return False
    for m in cues.third_pair.finditer(text, dateline_end(text, sentence), q.start):
        # "China, Russia and India" or "between Russia and China and India" name both sides
        window = text[max(sentence.start, m.start() - 30) : min(q.start, m.end() + 30)]
        if not (cues.countries["CN"].search(window) and cues.countries["RU"].search(window)):
            return True
    return False


def sentence_owner(text: str, sentence: Sentence, before: int, cues: Cues) -> str | None:
    """Whose trade a sentence is about, for a bare "exports" or "imports" in it: the owner of
    "China's trade with Russia", else the first country named before the figure and not
    after a preposition ("Chinese exports to Russia ..., and imports ..." is China's)."""
    owner = trade_owner(text, sentence, cues)
    if owner is not None:
        return owner
    for mention in find_country_mentions(text, sentence.start, before, cues):
        if _OBJECT_BEFORE.search(text[max(sentence.start, mention.start - 12) : mention.start]):
            continue
        return mention.key if mention.key in ("CN", "RU") else None
    return None


#: A country followed by its verb is the subject of that clause ("... as Russia became").
_SUBJECT_VERB = re.compile(
    r"\s+(?:(?!to\b)\w+\s+)?(?:became|becomes|become|was|is|were|are|remained|remains|has|have|had|"
    r"ranked|ranks|stood|stands|rose|climbed|took|takes|overtook|overtakes|retained|retains|"
    r"kept|keeps|held|holds|topped|tops|led|leads|supplied|supplies|shipped|ships|sold|sells|"
    r"regained|returned|emerged|continued|edged|displaced|replaced|surpassed|outpaced|slipped|"
    r"fell|dropped|moved|surged|jumped|increased|boosted|raised|delivered|exported|pumped|sent|"
    r"accounted|provided|bought|imported|purchased)\b",
    re.IGNORECASE,
)


#: The country a rank was taken from: "overtook Saudi Arabia", "ahead of Iraq".
_OVERTAKEN_BEFORE = re.compile(
    r"\b(?:overt[oa]ok|overtaking|beat|beating|surpass\w*|displac\w*|replac\w*|outpac\w*"
    r"|behind|ahead\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


#: A verb that puts its object in a place: "pushing Russia into", "left Russia in".
_PLACING_VERB = re.compile(
    r"\b(?:push\w*|relegat\w*|knock\w*|bump\w*|drop\w*|leav\w*|left|put\w*|mov\w*|mak\w*"
    r"|made|keep\w*|kept|confirm\w*|cement\w*)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: Between the placed country and its place.
_RANK_OBJECT = re.compile(
    r"\s+(?:back\s+|down\s+)?(?:in|into|to|at)\s+(?:the\s+)?"
    # "making Russia its top", "keeping Russia as China's top"
    r"|\s+(?:as\s+)?(?:its|the|China['’]s|Beijing['’]s|the\s+country['’]s)\s+",
    re.IGNORECASE,
)


_POSSESSIVE_S = re.compile(r"['’ʼ]s\b")


#: A rank right after its country, with no verb between ("the United States the largest").
_RANK_IN_APPOSITION = re.compile(
    r"\s*+(?:,\s*+(?:(?:the|its|China['’ʼ]s|Beijing['’ʼ]s)\s++)?|(?:the|its)\s++)", re.IGNORECASE
)


def rank_subject(text: str, sentence: Sentence, q: Quantity, cues: Cues) -> str | None:
    """Whose rank a figure is: the last country before it that a verb follows ("Saudi Arabia
    slipped to second place as Russia became China's top supplier" is Russia's first place);
    else the sentence's subject."""
    # ("China's top supplier": a possessive China is the buyer, never the ranked one)
    mentions = [
        m
        for m in find_country_mentions(text, sentence.start, q.start, cues)
        if not (m.key == "CN" and _POSSESSIVE_S.match(text, m.end))
    ]
    # "pushing Russia into second place", "leaving Russia in third place": the object is ranked
    if mentions and _RANK_OBJECT.fullmatch(text, mentions[-1].end, q.start):
        before = text[max(sentence.start, mentions[-1].start - 20) : mentions[-1].start]
        if _PLACING_VERB.search(before):
            return mentions[-1].key
    if mentions and _RANK_IN_APPOSITION.fullmatch(text, mentions[-1].end, q.start):
        # "with the United States the largest supplier", "Saudi Arabia, China's top supplier"
        return mentions[-1].key
    for mention in reversed(mentions):
        before = text[max(sentence.start, mention.start - 14) : mention.start]
        if _OBJECT_BEFORE.search(before) or _OVERTAKEN_BEFORE.search(before):
            continue
        if _SUBJECT_VERB.match(text, mention.end, min(sentence.end, mention.end + 40)):
            return mention.key
    return subject_country(text, sentence, cues)
