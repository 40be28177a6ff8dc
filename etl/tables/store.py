"""The published tables as the store of record.

A refresh re-extracts the documents it is given and carries over, unchanged, the facts of
every earlier document it is not given: the articles themselves are never in the repository,
so the published facts are the only copy of what they said. Removing a document is an
explicit act (`python -m etl remove DOC...`, or `refresh --prune`).

This module reads a published run back as documents with their facts (`Store`), and turns
the facts table's rows back into `Fact`s that reconciliation can use again. A carried fact
keeps the evidence hash and the extractor version it was published with (`Provenance`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from etl.model import Fact
from etl.tables import publish
from etl.tables.ids import fact_id


class StoreUnreadable(Exception):
    """The previous run exists but cannot be read: nothing could be carried over."""


@dataclass(frozen=True)
class Provenance:
    """What a carried fact keeps from the run that extracted it."""

    sentence_sha256: str
    extractor_version: str


@dataclass(frozen=True)
class StoredDocument:
    """A published document: its sources row and its facts as they were published."""

    doc: str
    source: dict[str, Any]
    facts: tuple[Fact, ...]
    provenance: dict[str, Provenance] = field(default_factory=dict)  # by fact id

    @property
    def extractor_version(self) -> str:
        return str(self.source["extractor_version"])

    @property
    def published(self) -> date | None:
        value = self.source.get("published")
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None


@dataclass(frozen=True)
class Store:
    """The previous run, or an empty store when nothing was published yet."""

    run_id: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    documents: Mapping[str, StoredDocument] = field(default_factory=dict)
    observations: list[dict[str, Any]] = field(default_factory=list)
    fact_ids: frozenset[str] = frozenset()


def fact_from_row(row: dict[str, Any]) -> Fact:
    """A published facts row as the Fact it was built from (without the sentence text,
    which never leaves the cache; its hash travels in `Provenance`)."""
    return Fact(
        doc=row["doc"],
        metric=row["metric"],
        entity=row["entity"],
        value=float(row["value"]),
        unit=row["unit"],
        period=row["period"],
        qualifier=row["qualifier"],
        status=row["status"],
        start=int(row["start"]),
        end=int(row["end"]),
        attribution=row["attribution"],
        reporter=row["reporter"],
        surface=row["surface"] or "",
    )


def stored_document(source: dict[str, Any], rows: list[dict[str, Any]]) -> StoredDocument:
    """A published document from its sources row and its facts rows."""
    stored = [fact_from_row(row) for row in rows]
    provenance = {
        fact_id(fact): Provenance(row["sentence_sha256"], row["extractor_version"])
        for fact, row in zip(stored, rows, strict=True)
    }
    return StoredDocument(source["doc"], dict(source), tuple(stored), provenance)


class Documents(Mapping[str, StoredDocument]):
    """The published documents by id, each made into a StoredDocument when first asked for:
    a refresh whose corpus holds every published document carries none of them over, and
    so never needs their facts as Facts."""

    def __init__(self, sources: list[dict[str, Any]], facts: list[dict[str, Any]]) -> None:
        self._rows: dict[str, list[dict[str, Any]]] = {}
        for row in facts:
            self._rows.setdefault(row["doc"], []).append(row)
        self._sources = {source["doc"]: source for source in sources}
        self._made: dict[str, StoredDocument] = {}

    def __getitem__(self, doc: str) -> StoredDocument:
        made = self._made.get(doc)
        if made is None:
            made = stored_document(self._sources[doc], self._rows.get(doc, []))
            self._made[doc] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def read_store(out: Path) -> Store:
    """The run published in `out` (an empty Store when there is none).

    Raises StoreUnreadable when a manifest exists but its tables cannot be trusted.
    """
    if not (Path(out) / publish.MANIFEST_NAME).exists():
        return Store()
    try:
        manifest, tables = publish.load_verified_tables(out)
    except publish.TableIntegrityError as exc:
        raise StoreUnreadable(str(exc)) from exc
    facts = tables["facts"].to_pylist()
    return Store(
        run_id=str(manifest["run_id"]),
        manifest=manifest,
        documents=Documents(tables["sources"].to_pylist(), facts),
        observations=tables["observations"].to_pylist(),
        fact_ids=frozenset(row["fact_id"] for row in facts),
    )
