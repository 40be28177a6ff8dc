"""What charts need from the trust layer: which points are doubtful, and which reviewed.

A point is *doubtful* when its fact (for a consensus figure: the consensus fact, first of
`fact_ids`) is named by a row of the `flags` table and no person confirmed or corrected it
since. A point is *reviewed* when a person confirmed or corrected its fact (`reviews`
table, outcome `applied`). Charts call `mark` on their rows to get the `doubtful`, `doubt`
and `reviewed` columns, and `reviewed_only` for the "reviewed only" view; both are computed
once per run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard import fmt
from dashboard.data import Tables

TRUST_COLUMNS: tuple[str, ...] = ("doubtful", "doubt", "reviewed")
#: The chart option (name, label, choices, default): every figure, or only reviewed ones.
#: Plain values, not a charts.base.Option: this module must not import the charts package.
OPTION_NAME = "figures"
OPTION_ARGS = (OPTION_NAME, "Figures", (("all", "All"), ("reviewed", "Reviewed only")), "all")
DOUBT_SEPARATOR = " | "

TABLE_COLUMN_DOCS: dict[str, str] = {
    "flag_id": "Id of the flag.",
    "identity": "The consistency identity the fact breaks.",
    "action": "flagged (doubtful, still published) or demoted (left out of the consensus); "
    "in reviews: confirm, reject or correct.",
    "relation": "How the fact should relate to the expected figure: ≈, ≤ or ≥.",
    "expected": "The figure the identity implies for the fact.",
    "gap": "The fact's value minus the expected figure.",
    "gap_pct": "The gap in percent of the expected figure.",
    "related_fact_ids": "';'-joined facts of the identity's other terms.",
    "message": "One sentence: the figures, what the identity expects, the gap.",
    "correction_id": "Id of the correction (data/corrections.yaml).",
    "outcome": "applied, or stale when the correction matched no fact.",
    "figure": "The figure as written, which the correction is keyed on.",
    "extracted_fact_id": "The fact as extracted, before the correction.",
    "changes": "JSON of the fields a correction changed: {field: [old, new]}.",
    "reason": "The reviewer's note.",
    "decided_at": "When the decision was taken (UTC).",
}


def reviewed_ids(tables: Tables) -> frozenset[str]:
    def build() -> frozenset[str]:
        reviews = tables.frames["reviews"]
        applied = reviews[(reviews["outcome"] == "applied") & reviews["fact_id"].notna()]
        return frozenset(str(f) for f in applied["fact_id"])

    return tables.memo("trust:reviewed", build)


def doubts(tables: Tables) -> dict[str, str]:
    """fact id → why it is doubtful, for flagged facts nobody reviewed since."""

    def build() -> dict[str, str]:
        reviewed = reviewed_ids(tables)
        out: dict[str, list[str]] = {}
        for row in tables.frames["flags"].to_dict(orient="records"):
            fact = str(row["fact_id"])
            if fact not in reviewed:
                out.setdefault(fact, []).append(str(row["message"]))
        return {fact: DOUBT_SEPARATOR.join(messages) for fact, messages in out.items()}

    return tables.memo("trust:doubts", build)


def row_fact(row: Mapping[Any, Any]) -> str:
    """The fact a chart row stands for: its own, or the consensus fact of an observation."""
    own = fmt.text(row.get("fact_id"))
    if own:
        return own
    return fmt.text(row.get("fact_ids")).split(";")[0]


def mark(rows: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """The rows with `doubtful`, `doubt` and `reviewed` columns."""
    found, reviewed = doubts(tables), reviewed_ids(tables)
    facts = [row_fact(r) for r in rows.to_dict(orient="records")]
    out = rows.copy()
    out["doubt"] = [found.get(f) for f in facts]
    out["doubtful"] = [f in found for f in facts]
    out["reviewed"] = [f in reviewed for f in facts]
    return out


def reviewed_only(rows: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Only the rows whose fact a person confirmed or corrected."""
    reviewed = reviewed_ids(tables)
    keep = [row_fact(r) in reviewed for r in rows.to_dict(orient="records")]
    return rows[pd.Series(keep, index=rows.index, dtype=bool)]
