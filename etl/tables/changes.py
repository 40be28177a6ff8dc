"""The change report: what a run adds, changes and removes against the previous tables.

Compared per observation key (metric, entity, period, status), which is how analysts read
figures ("turnover in 2023"): a new key is `added`, a vanished one `removed`, and a key whose
consensus value, sources or conflict flag moved is `changed`. Fact-level counts are added
so that a new article restating known figures still shows up.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from etl.tables.basis import is_primary
from etl.tables.figures import format_value
from etl.tables.reconcile import Key, sort_key
from etl.tables.store import StoredDocument

Row = Mapping[str, Any]
#: Docs named per line before "and N more".
MAX_DOCS_SHOWN = 3


def _key(row: Row) -> Key:
    return (row["metric"], row["entity"], row["period"], row["status"], row["basis"])


def _docs(row: Row) -> list[str]:
    return [doc for doc in str(row["docs"]).split(";") if doc]


def _item(row: Row) -> dict[str, Any]:
    return {
        "metric": row["metric"],
        "entity": row["entity"],
        "period": row["period"],
        "status": row["status"],
        "basis": row["basis"],
        "value": row["value"],
        "unit": row["unit"],
        "conflict": bool(row["conflict"]),
        "docs": _docs(row),
    }


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


def compare(previous: Sequence[Row], current: Sequence[Row]) -> dict[str, list[dict[str, Any]]]:
    """Added, changed and removed observations, each list sorted by key."""
    before = {_key(r): r for r in previous}
    after = {_key(r): r for r in current}
    added = [_item(after[k]) for k in sorted(after.keys() - before.keys(), key=sort_key)]
    removed = [_item(before[k]) for k in sorted(before.keys() - after.keys(), key=sort_key)]
    changed = []
    for key in sorted(after.keys() & before.keys(), key=sort_key):
        old, new = before[key], after[key]
        fields = []
        if not _same_value(old["value"], new["value"]) or old["unit"] != new["unit"]:
            fields.append("value")
        if set(_docs(old)) != set(_docs(new)):  # order follows the consensus; not a change
            fields.append("docs")
        if bool(old["conflict"]) != bool(new["conflict"]):
            fields.append("conflict")
        if fields:
            item = _item(new)
            item.update(
                old_value=old["value"],
                old_unit=old["unit"],
                old_docs=_docs(old),
                old_conflict=bool(old["conflict"]),
                fields=fields,
            )
            changed.append(item)
    return {"added": added, "changed": changed, "removed": removed}


def change_report(
    run_id: str,
    previous_run_id: str | None,
    previous_observations: Sequence[Row],
    observations: Sequence[Row],
    previous_fact_ids: set[str],
    fact_ids: set[str],
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "previous_run_id": previous_run_id,
        **compare(previous_observations, observations),
        "facts": {
            "added": len(fact_ids - previous_fact_ids),
            "removed": len(previous_fact_ids - fact_ids),
            "total": len(fact_ids),
        },
    }


def carried_summary(carried: Sequence[StoredDocument], version: str) -> dict[str, Any]:
    """Documents carried over, counted per extractor version: `older` counts those whose
    facts come from a version other than this run's (`version`)."""
    by_version = Counter(stored.extractor_version for stored in carried)
    return {
        "documents": len(carried),
        "facts": sum(len(stored.facts) for stored in carried),
        "by_version": dict(sorted(by_version.items())),
        "older": sum(n for v, n in by_version.items() if v != version),
    }


def carried_lines(report: Mapping[str, Any]) -> list[str]:
    """'12 documents extracted by version X; their text is not in this corpus', per version."""
    carried = report.get("carried_over") or {}
    lines = [
        f"{count} document{'s' if count != 1 else ''} extracted by version {version}; "
        "their text is not in this corpus (facts carried over unchanged)"
        for version, count in (carried.get("by_version") or {}).items()
    ]
    removed = report.get("removed_documents") or []
    if removed:
        plural = "s" if len(removed) != 1 else ""
        lines.append(f"removed on request: {_doc_list(removed)} ({len(removed)} document{plural})")
    return lines


def _label(item: Mapping[str, Any]) -> str:
    label = item["metric"]
    if item["entity"]:
        label += f" {item['entity']}"
    if item["period"]:
        label += f" {item['period']}"
    if item["status"] != "actual":
        label += f" ({item['status']})"
    basis = item.get("basis")
    if basis and not is_primary(basis):
        label += f" [{basis}]"
    return label


def _doc_list(docs: Sequence[str]) -> str:
    shown = ", ".join(docs[:MAX_DOCS_SHOWN])
    more = len(docs) - MAX_DOCS_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _conflict_note(item: Mapping[str, Any]) -> str:
    return " [sources conflict]" if item["conflict"] else ""


def format_report(report: Mapping[str, Any]) -> list[str]:
    """One line per change, then a summary line."""
    lines = []
    for item in report["added"]:
        value = format_value(item["value"], item["unit"])
        docs = _doc_list(item["docs"])
        lines.append(f"{_label(item)}: new {value} from {docs}{_conflict_note(item)}")
    for item in report["changed"]:
        value = format_value(item["value"], item["unit"])
        if "value" in item["fields"]:
            old = format_value(item["old_value"], item["old_unit"])
            text = f"changed {old} → {value}"
        else:
            text = f"{value}"
        if "docs" in item["fields"]:
            text += f", now from {_doc_list(item['docs'])} (was {_doc_list(item['old_docs'])})"
        if "conflict" in item["fields"]:
            text += "; sources now conflict" if item["conflict"] else "; conflict resolved"
        lines.append(f"{_label(item)}: {text}")
    for item in report["removed"]:
        value = format_value(item["value"], item["unit"])
        lines.append(f"{_label(item)}: removed {value} (was from {_doc_list(item['docs'])})")
    lines += carried_lines(report)
    facts = report.get("facts", {})
    previous = report["previous_run_id"] or "no previous run"
    lines.append(
        f"run {report['run_id']} against {previous}: {len(report['added'])} new, "
        f"{len(report['changed'])} changed, {len(report['removed'])} removed observations; "
        f"facts +{facts.get('added', 0)} -{facts.get('removed', 0)} "
        f"({facts.get('total', 0)} in all)"
    )
    return lines
