"""Plain data shared by every ETL stage: a loaded document and an extracted fact.

Stages pass these between pure functions; nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

#: Fields of the facts contract, in contract order (../shared/CONTRACT.md).
CONTRACT_FIELDS: tuple[str, ...] = (
    "doc",
    "metric",
    "entity",
    "value",
    "unit",
    "period",
    "qualifier",
    "status",
    "start",
    "end",
)

QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most")
STATUSES: tuple[str, ...] = ("actual", "target", "planned", "projection")


@dataclass(frozen=True)
class Document:
    """One source article: its text (front matter removed) and its citation."""

    id: str
    text: str
    path: str = ""
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    published_precision: str | None = None  # day | month | year
    url: str | None = None
    sha256: str = ""  # of the raw file bytes, for caching and the manifest
    format: str = "txt"  # txt | md | html

    def citation(self) -> dict[str, Any]:
        return {
            "doc": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "published_precision": self.published_precision,
            "url": self.url,
            "sha256": self.sha256,
        }


def sentence_hash(sentence: str) -> str:
    """A locator for the evidence sentence that can be committed without the text."""
    return hashlib.sha256(" ".join(sentence.split()).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Fact:
    """One catalog fact as the contract defines it, plus provenance extras."""

    doc: str
    metric: str
    entity: str | None
    value: float
    unit: str
    period: str | None
    qualifier: str = "exact"
    status: str = "actual"
    start: int = 0
    end: int = 0
    attribution: str | None = None  # who the sentence credits (China's customs, Gazprom, ...)
    reporter: str = (
        "unattributed"  # normalised: china_customs, russia_customs, ... (reporters.yaml)
    )
    surface: str = ""  # the figure as written ("$147 billion"): a figure, not article text
    sentence: str = field(default="", repr=False)  # evidence; never written to committed tables

    @property
    def sentence_sha256(self) -> str:
        return sentence_hash(self.sentence) if self.sentence else ""

    def key(self) -> tuple[str, str, str | None, str | None]:
        return (self.doc, self.metric, self.entity, self.period)

    def to_record(self, *, with_sentence: bool = False) -> dict[str, Any]:
        """The contract record (contract fields first) plus extras."""
        data = asdict(self)
        record: dict[str, Any] = {name: data[name] for name in CONTRACT_FIELDS}
        record["attribution"] = self.attribution
        record["reporter"] = self.reporter
        record["surface"] = self.surface
        record["sentence_sha256"] = self.sentence_sha256
        if with_sentence:
            record["sentence"] = self.sentence
        return record
