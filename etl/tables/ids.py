"""Stable identifiers for published rows: the same inputs give the same id on every machine.

Ids are content hashes, never counters or offsets, so a figure keeps its id when an article
is edited around it and the change report can say what really changed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from etl.model import Fact

#: Hex digits kept from the sha256: 64 bits, ample for a corpus of any realistic size.
ID_HEX_DIGITS = 16


def stable_id(*parts: object) -> str:
    """A short hash of the parts; None and "" are distinct, floats hash by their repr."""
    text = "\x1f".join("\x00" if part is None else repr(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]


@lru_cache(maxsize=1 << 17)  # every stage asks for the ids of the same facts
def fact_id(fact: Fact) -> str:
    """Document, metric, entity, period, status and value: what the fact asserts.

    Status is included because it is part of the observation key (a target of $200 billion
    for 2024 and an actual of $200 billion for 2024 are different facts). Offsets are not:
    they move when text is edited around an unchanged figure.
    """
    return stable_id(
        fact.doc, fact.metric, fact.entity, fact.period, fact.status, float(fact.value)
    )
