"""The per-document pipeline: recognise quantities → split sentences → link → deduplicate.

`extract_document` is a pure function (a Document in, facts out), so a refresh can map it
over a process pool, or any distributed engine, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from etl.facts.catalog import Catalog, load_catalog
from etl.facts.cues import Cues, load_cues
from etl.facts.link import link_document
from etl.facts.quantities import Quantity, find_quantities
from etl.facts.relevance import GateReason, off_topic
from etl.facts.reporters import assign_reporters
from etl.facts.text import split_sentences
from etl.model import Document, Fact

#: Two values for one (metric, entity, period) within this relative distance are one fact
#: (the contract's rule: "$16 bln" in a headline and "$16.04 billion" in the body).
SAME_VALUE_TOLERANCE = 0.005
#: A part of a year cannot carry more than this multiple of its pro-rata share of the same
#: document's annual figure ("trade in December reached $100 billion" beside $107 billion for
#: the year is a cumulative total, not a month).
PARTIAL_MAX_PRORATA = 2.0
#: Energy flows ramp up within a year (a new pipeline's December can carry several times its
#: first year's monthly average), so only a larger excess marks a running total.
PARTIAL_MAX_PRORATA_ENERGY = 4.0
#: Metrics whose partial-year values add up to the annual value.
ADDITIVE_METRICS = frozenset(
    {
        "trade.bilateral.value", "trade.china_to_russia.value", "trade.russia_to_china.value",
        "energy.gas.exports_to_china", "energy.oil.exports_to_china",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Extraction:
    """What one document gave: its facts, or why the relevance gate skipped it."""

    facts: list[Fact]
    skipped: GateReason | None = None


def extract(doc: Document, cues: Cues | None = None, catalog: Catalog | None = None) -> Extraction:
    """Every catalog fact the document states, each once, at its first mention; a document
    that cannot hold one is skipped after a cheap scan, with the reason."""
    cues = cues or load_cues()
    catalog = catalog or load_catalog()
    if off_topic(doc.text, cues):
        return Extraction([], GateReason.off_topic)
    quantities = find_quantities(doc.text)
    if not quantities:
        return Extraction([], GateReason.no_figure)
    return Extraction(read_figures(doc, quantities, cues, catalog))


def read_figures(
    doc: Document, quantities: list[Quantity], cues: Cues, catalog: Catalog
) -> list[Fact]:
    """The facts the recognised figures of the document state (the pipeline after the gate)."""
    sentences = split_sentences(doc.text, keep_whole=[(q.start, q.end) for q in quantities])
    facts = link_document(doc, quantities, sentences, cues, catalog)
    return assign_reporters(doc.text, sentences, drop_implausible_parts(deduplicate(facts)))


def extract_document(
    doc: Document, cues: Cues | None = None, catalog: Catalog | None = None
) -> list[Fact]:
    """Every catalog fact the document states, each once, at its first mention."""
    return extract(doc, cues, catalog).facts


def skip_reason(doc: Document, cues: Cues | None = None) -> GateReason | None:
    """Why the relevance gate skips this document, if it does (the gate alone, for a
    caller that has the facts already and counts the skips)."""
    cues = cues or load_cues()
    if off_topic(doc.text, cues):
        return GateReason.off_topic
    return None if find_quantities(doc.text) else GateReason.no_figure


def _precision(fact: Fact) -> int:
    """Significant digits as written: '$16.04 billion' (4) is more precise than '$16 bln' (2)."""
    digits = re.sub(r"\D", "", re.split(r"[a-zA-Z%]", fact.surface.replace(",", ""), maxsplit=1)[0])
    return len(digits.strip("0")) if digits else 0


def same_value(a: float, b: float) -> bool:
    if b == 0:
        return abs(a) < 1e-9
    return abs(a - b) <= SAME_VALUE_TOLERANCE * abs(b)


def months_in(period: str) -> int | None:
    """12 for '2021', 1 for '2018-12', 9 for '2023-01/2023-09'; None for multi-year periods."""
    match = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:/(\d{4})(?:-(\d\d))?)?", period)
    if not match:
        return None
    year1, month1, year2, month2 = match.groups()
    if year2 is None:
        return 1 if month1 else 12
    if month1 and month2 and year1 == year2:
        return int(month2) - int(month1) + 1
    return None


def drop_implausible_parts(facts: list[Fact]) -> list[Fact]:
    """Drop a part-year value larger than its share of the document's own annual value allows."""
    annual = {
        (f.metric, f.entity, f.period): f.value
        for f in facts
        if f.metric in ADDITIVE_METRICS and f.status == "actual" and f.period and len(f.period) == 4
    }
    kept = []
    for fact in facts:
        months = months_in(fact.period) if fact.period else None
        if fact.metric in ADDITIVE_METRICS and months and months < 12 and fact.period:
            year_value = annual.get((fact.metric, fact.entity, fact.period[:4]))
            allowed = (
                PARTIAL_MAX_PRORATA_ENERGY
                if fact.metric.startswith("energy.")
                else PARTIAL_MAX_PRORATA
            )
            if year_value and fact.value > year_value * months / 12 * allowed:
                continue
        kept.append(fact)
    return kept


def deduplicate(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per (metric, entity, period, value): first mention, most precise value; a
    forecast later called a target ("will reach 8.5 bcm" … "our target is 8.5 bcm") is a target."""
    kept: list[Fact] = []
    for fact in facts:
        for i, other in enumerate(kept):
            if other.key() == fact.key() and same_value(other.value, fact.value):
                merged = other
                if _precision(fact) > _precision(other):
                    merged = replace(merged, value=fact.value, qualifier=fact.qualifier)
                if {other.status, fact.status} == {"projection", "target"}:
                    merged = replace(merged, status="target")
                kept[i] = merged
                break
        else:
            kept.append(fact)
    return kept
