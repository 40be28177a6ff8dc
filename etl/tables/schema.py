"""Explicit pyarrow schemas of the published tables: the one place they are declared.

`data/README.md` is the data dictionary for these columns; a test checks that every column
named here is documented there.
"""

from __future__ import annotations

import pyarrow as pa

SOURCES = pa.schema(
    [
        pa.field("doc", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("publisher", pa.string()),
        pa.field("author", pa.string()),
        pa.field("published", pa.string()),  # ISO date YYYY-MM-DD
        pa.field("published_precision", pa.string()),
        pa.field("url", pa.string()),
        pa.field("sha256", pa.string(), nullable=False),
        pa.field("fact_count", pa.int64(), nullable=False),
        # True when this run did not read the document: its facts are kept from an earlier run.
        pa.field("carried_over", pa.bool_(), nullable=False),
        pa.field("extractor_version", pa.string(), nullable=False),  # that produced its facts
    ]
)

FACTS = pa.schema(
    [
        pa.field("fact_id", pa.string(), nullable=False),
        pa.field("doc", pa.string(), nullable=False),
        pa.field("metric", pa.string(), nullable=False),
        pa.field("entity", pa.string()),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("period", pa.string()),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("attribution", pa.string()),
        pa.field("reporter", pa.string(), nullable=False),  # normalised (data/reporters.yaml)
        pa.field("surface", pa.string()),
        pa.field("sentence_sha256", pa.string(), nullable=False),
        pa.field("extractor_version", pa.string(), nullable=False),
    ]
)

OBSERVATIONS = pa.schema(
    [
        pa.field("metric", pa.string(), nullable=False),
        pa.field("entity", pa.string()),
        pa.field("period", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("basis", pa.string(), nullable=False),  # china_customs | russia_customs | any
        pa.field("period_kind", pa.string(), nullable=False),
        pa.field("partial", pa.bool_(), nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("value_min", pa.float64(), nullable=False),
        pa.field("value_max", pa.float64(), nullable=False),
        pa.field("n_sources", pa.int64(), nullable=False),
        pa.field("conflict", pa.bool_(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("docs", pa.string(), nullable=False),  # ';'-joined document ids
        pa.field("fact_ids", pa.string(), nullable=False),  # ';'-joined fact ids
    ]
)

DERIVED = pa.schema(
    [
        pa.field("derived_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("metric", pa.string(), nullable=False),
        pa.field("entity", pa.string()),
        pa.field("period", pa.string()),
        pa.field("status", pa.string(), nullable=False),  # status of the inputs (planned lines)
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("formula", pa.string(), nullable=False),
        pa.field("inputs", pa.string(), nullable=False),  # JSON list of the input observations
        pa.field("source_note", pa.string()),  # citation for conversion factors
    ]
)

CHECKS = pa.schema(
    [
        pa.field("check_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),  # growth | multiple
        pa.field("doc", pa.string(), nullable=False),
        pa.field("fact_id", pa.string(), nullable=False),
        pa.field("metric", pa.string(), nullable=False),
        pa.field("period", pa.string()),
        pa.field("basis", pa.string(), nullable=False),  # of the claim and the figures used
        pa.field("stated_value", pa.float64(), nullable=False),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("recomputed_value", pa.float64()),
        pa.field("tolerance", pa.float64(), nullable=False),
        pa.field("agrees", pa.bool_()),
        pa.field("formula", pa.string(), nullable=False),
        pa.field("inputs", pa.string(), nullable=False),
    ]
)

#: Facts that break an identity the figures must satisfy (etl.tables.consistency).
FLAGS = pa.schema(
    [
        pa.field("flag_id", pa.string(), nullable=False),
        pa.field("identity", pa.string(), nullable=False),
        pa.field("action", pa.string(), nullable=False),  # flagged | demoted
        pa.field("fact_id", pa.string(), nullable=False),
        pa.field("doc", pa.string(), nullable=False),
        pa.field("metric", pa.string(), nullable=False),
        pa.field("entity", pa.string()),
        pa.field("period", pa.string()),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("relation", pa.string(), nullable=False),  # ≈ | ≤ | ≥ | "" (none)
        pa.field("expected", pa.float64()),
        pa.field("gap", pa.float64()),
        pa.field("gap_pct", pa.float64()),
        pa.field("related_fact_ids", pa.string(), nullable=False),
        pa.field("formula", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
    ]
)

#: Every entry of data/corrections.yaml and what became of it (etl.tables.corrections).
REVIEWS = pa.schema(
    [
        pa.field("correction_id", pa.string(), nullable=False),
        pa.field("action", pa.string(), nullable=False),  # reject | correct | confirm
        pa.field("outcome", pa.string(), nullable=False),  # applied | stale
        pa.field("doc", pa.string(), nullable=False),
        pa.field("sha256", pa.string(), nullable=False),
        pa.field("sentence_sha256", pa.string(), nullable=False),
        pa.field("figure", pa.string(), nullable=False),
        pa.field("metric", pa.string()),
        pa.field("period", pa.string()),
        pa.field("fact_id", pa.string()),  # the published fact (null: rejected or stale)
        pa.field("extracted_fact_id", pa.string()),  # the fact as extracted (null: stale)
        pa.field("changes", pa.string(), nullable=False),  # JSON {field: [old, new]}
        pa.field("reason", pa.string()),
        pa.field("decided_at", pa.string()),
        pa.field("message", pa.string(), nullable=False),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "sources": SOURCES,
    "facts": FACTS,
    "observations": OBSERVATIONS,
    "derived": DERIVED,
    "checks": CHECKS,
    "flags": FLAGS,
    "reviews": REVIEWS,
}
