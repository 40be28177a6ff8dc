"""The published tables as pyarrow Tables, built from documents and their facts.

Pure: documents and facts in, tables out, with the exact schemas of `etl.tables.schema`. Rows are
sorted so that the same inputs always give byte-identical Parquet files (and hashes).
The evidence sentence is never a column: only its hash (`sentence_sha256`) is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from etl.model import Document, Fact
from etl.tables import schema
from etl.tables.checks import check_claims
from etl.tables.consistency import judge
from etl.tables.corrections import Applied
from etl.tables.derive import derive
from etl.tables.ids import fact_id
from etl.tables.reconcile import ConsensusMemo
from etl.tables.store import Provenance, StoredDocument

#: Facts columns computed here rather than read off the Fact.
_COMPUTED = frozenset({"fact_id", "sentence_sha256", "extractor_version"})


def source_rows(
    docs: Sequence[Document],
    facts: Sequence[Fact],
    extractor_version: str,
    carried: Sequence[StoredDocument] = (),
) -> list[dict[str, Any]]:
    """One row per document read by this run, and one per document carried over."""
    counts = Counter(f.doc for f in facts)
    rows = [
        {**stored.source, "fact_count": counts.get(stored.doc, 0), "carried_over": True}
        for stored in carried
    ]
    for doc in docs:
        citation = doc.citation()
        rows.append(
            {
                "doc": doc.id,
                "title": citation["title"],
                "publisher": citation["publisher"],
                "author": citation["author"],
                "published": citation["published"],
                "published_precision": citation["published_precision"],
                "url": citation["url"],
                "sha256": doc.sha256,
                "fact_count": counts.get(doc.id, 0),
                "carried_over": False,
                "extractor_version": extractor_version,
            }
        )
    return sorted(rows, key=lambda row: row["doc"])


def fact_rows(
    facts: Sequence[Fact],
    extractor_version: str,
    provenance: Mapping[str, Provenance] | None = None,
) -> list[dict[str, Any]]:
    """`provenance`: by fact id, the evidence hash and extractor version of carried facts."""
    # Columns read straight off the fact (not `Fact.to_record`, whose deep copy dominated
    # refresh time on large corpora); extras the model may grow later are published only
    # once the schema declares them.
    own = [name for name in schema.FACTS.names if name not in _COMPUTED]
    kept = provenance or {}
    rows = []
    for fact in facts:
        row = {name: getattr(fact, name, None) for name in own}
        row["value"] = float(fact.value)
        row["fact_id"] = fact_id(fact)
        carried = kept.get(str(row["fact_id"]))
        if carried is not None and not fact.sentence:
            row["sentence_sha256"] = carried.sentence_sha256
            row["extractor_version"] = carried.extractor_version
        else:
            row["sentence_sha256"] = fact.sentence_sha256
            row["extractor_version"] = extractor_version
        rows.append(row)
    return sorted(
        rows,
        key=lambda r: (r["doc"], r["start"], r["end"], r["metric"], r["fact_id"]),
    )


def to_table(rows: Sequence[dict[str, Any]], table_schema: pa.Schema) -> pa.Table:
    """Rows to a table of exactly this schema (extra keys are an error, not dropped)."""
    names = set(table_schema.names)
    for row in rows:
        extra = set(row) - names
        if extra:
            raise ValueError(f"columns not in the schema: {sorted(extra)}")
    return pa.Table.from_pylist(list(rows), schema=table_schema)


def build_tables(
    docs: Sequence[Document],
    facts: Sequence[Fact],
    extractor_version: str,
    carried: Sequence[StoredDocument] = (),
    corrections: Applied | None = None,
    memo: ConsensusMemo | None = None,
) -> dict[str, pa.Table]:
    """Every published table, keyed by the names in `etl.tables.schema.TABLES`.

    `docs` were read by this run; `carried` are earlier documents whose facts (among
    `facts`) are kept as they were published. Consistency checks (`etl.tables.consistency`)
    judge the facts first: demoted facts stay in `facts` but no longer feed observations,
    derived figures or checks. `memo`: observations reconciled by an earlier run, reused for
    keys whose facts are unchanged (the tables are the same with or without it)."""
    published = {doc.id: doc.published for doc in docs}
    published.update({stored.doc: stored.published for stored in carried})
    provenance = {k: v for stored in carried for k, v in stored.provenance.items()}
    corrections = corrections or Applied()
    judged = judge(facts, published, corrections.reviewed_fact_ids, memo=memo)
    observations = judged.observations
    return {
        "sources": to_table(source_rows(docs, facts, extractor_version, carried), schema.SOURCES),
        "facts": to_table(fact_rows(facts, extractor_version, provenance), schema.FACTS),
        "observations": to_table([o.to_row() for o in observations], schema.OBSERVATIONS),
        "derived": to_table([d.to_row() for d in derive(observations)], schema.DERIVED),
        "checks": to_table(
            [c.to_row() for c in check_claims(judged.kept, observations)], schema.CHECKS
        ),
        "flags": to_table(judged.flag_rows(), schema.FLAGS),
        "reviews": to_table(corrections.rows(), schema.REVIEWS),
    }
