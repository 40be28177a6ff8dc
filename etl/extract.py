"""The per-document pipeline: recognise quantities → split sentences → link → deduplicate.

`extract_document` is a pure function (a Document in, facts out), so a refresh can map it
over a process pool, or any distributed engine, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from etl.catalog import Catalog, load_catalog
from etl.cues import Cues, load_cues
from etl.link import link_document
from etl.model import Document, Fact
from etl.quantities import find_quantities
from etl.text import split_sentences

#: Two values for one (metric, entity, period) within this relative distance are one fact
#: (the contract's rule: "$16 bln" in a headline and "$16.04 billion" in the body).
SAME_VALUE_TOLERANCE = 0.005


def extract_document(
    doc: Document, cues: Cues | None = None, catalog: Catalog | None = None
) -> list[Fact]:
    """Every catalog fact the document states, each once, at its first mention."""
    cues = cues or load_cues()
    catalog = catalog or load_catalog()
    quantities = find_quantities(doc.text)
    if not quantities:
        return []
    sentences = split_sentences(doc.text, keep_whole=[(q.start, q.end) for q in quantities])
    facts = link_document(doc, quantities, sentences, cues, catalog)
    return deduplicate(facts)


def _precision(fact: Fact) -> int:
    """Significant digits as written: '$16.04 billion' (4) is more precise than '$16 bln' (2)."""
    digits = re.sub(r"\D", "", re.split(r"[a-zA-Z%]", fact.surface.replace(",", ""), maxsplit=1)[0])
    return len(digits.strip("0")) if digits else 0


def same_value(a: float, b: float) -> bool:
    if b == 0:
        return abs(a) < 1e-9
    return abs(a - b) <= SAME_VALUE_TOLERANCE * abs(b)


def deduplicate(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per (metric, entity, period, value): first mention, most precise value."""
    kept: list[Fact] = []
    for fact in facts:
        for i, other in enumerate(kept):
            if other.key() == fact.key() and same_value(other.value, fact.value):
                if _precision(fact) > _precision(other):
                    kept[i] = Fact(
                        **{**other.__dict__, "value": fact.value, "qualifier": fact.qualifier}
                    )
                break
        else:
            kept.append(fact)
    return kept
