"""Value checks of the trust tables (`flags`, `reviews`) before publication.

Kept apart from `etl.tables.validate`, which merges them into its schemas, so that each
trust table is checked where its vocabulary is declared.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandera.pandas as pdx
import pyarrow as pa

from etl.tables.consistency import DEMOTED, FLAGGED, IDENTITIES
from etl.tables.corrections import ACTIONS, APPLIED, STALE

_SHORT_HASH = r"^[0-9a-f]{16}$"
_SHA256 = r"^[0-9a-f]{64}$"
RELATIONS = ("≈", "≤", "≥", "")


def _in(values: object, label: str) -> pdx.Check:
    return pdx.Check.isin(sorted(values), error=f"one of the {label}")  # type: ignore[call-overload]


def trust_schemas(metrics: pdx.Check) -> dict[str, pdx.DataFrameSchema]:
    return {
        "flags": pdx.DataFrameSchema(
            {
                "flag_id": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "identity": pdx.Column(checks=_in(IDENTITIES, "identities")),
                "action": pdx.Column(checks=_in((FLAGGED, DEMOTED), "flag actions")),
                "fact_id": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "doc": pdx.Column(),
                "metric": pdx.Column(checks=metrics),
                "entity": pdx.Column(nullable=True),
                "period": pdx.Column(nullable=True),
                "value": pdx.Column(),
                "unit": pdx.Column(),
                "relation": pdx.Column(checks=_in(RELATIONS, "relations")),
                "expected": pdx.Column(nullable=True),
                "gap": pdx.Column(nullable=True),
                "gap_pct": pdx.Column(nullable=True),
                "related_fact_ids": pdx.Column(),
                "formula": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
                "message": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
            },
            strict=True,
        ),
        "reviews": pdx.DataFrameSchema(
            {
                "correction_id": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "action": pdx.Column(checks=_in(ACTIONS, "correction actions")),
                "outcome": pdx.Column(checks=_in((APPLIED, STALE), "outcomes")),
                "doc": pdx.Column(),
                "sha256": pdx.Column(checks=pdx.Check.str_matches(_SHA256)),
                "sentence_sha256": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "figure": pdx.Column(),
                "metric": pdx.Column(nullable=True),
                "period": pdx.Column(nullable=True),
                "fact_id": pdx.Column(nullable=True),
                "extracted_fact_id": pdx.Column(nullable=True),
                "changes": pdx.Column(),
                "reason": pdx.Column(nullable=True),
                "decided_at": pdx.Column(nullable=True),
                "message": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
            },
            strict=True,
        ),
    }


def trust_cross_problems(tables: Mapping[str, pa.Table], fact_ids: set[str]) -> list[str]:
    """Flags and applied reviews name published facts only."""
    problems = []
    flagged = set(tables["flags"].column("fact_id").to_pylist())
    if flagged - fact_ids:
        problems.append(f"flags: fact ids not in facts: {sorted(flagged - fact_ids)[:5]}")
    reviewed = {f for f in tables["reviews"].column("fact_id").to_pylist() if f is not None}
    if reviewed - fact_ids:
        problems.append(f"reviews: fact ids not in facts: {sorted(reviewed - fact_ids)[:5]}")
    return problems
