"""Run history: every published run stays listed (id, time, inputs, counts, the change
report), in `history-<sha16>.json` beside the tables, oldest first.

The change reports of the last `etl.tables.publish.HISTORY_RETENTION` runs stay on disk
(named by the manifest's `earlier_changes`), so *What changed* can show any of them; an
older run keeps its entry with `report: null`. The current run's report is never let go.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from etl.tables import publish

#: The kinds of observation change a report lists.
CHANGE_KINDS: tuple[str, ...] = ("added", "changed", "removed")


def changed_anything(report: Mapping[str, Any]) -> bool:
    """Whether a run changed the published figures or facts (a refresh of the same corpus
    does not: it is listed, but the last real change stays the one to read)."""
    facts = report.get("facts") or {}
    return any(report.get(kind) for kind in CHANGE_KINDS) or bool(
        facts.get("added") or facts.get("removed") or report.get("removed_documents")
    )


def run_entry(
    manifest_fields: Mapping[str, Any],
    tables: Mapping[str, pa.Table],
    report: Mapping[str, Any],
) -> dict[str, Any]:
    """The history entry of a run about to be published (its report is named at staging)."""
    facts = report.get("facts") or {}
    carried = report.get("carried_over") or {}
    return {
        "run_id": manifest_fields["run_id"],
        "created_at": manifest_fields["created_at"],
        "previous_run_id": manifest_fields["previous_run_id"],
        "extractor_version": manifest_fields["extractor_version"],
        "documents": {
            "read": len(manifest_fields.get("inputs") or []),
            "carried_over": int(carried.get("documents") or 0),
            "removed": list(manifest_fields.get("removed_documents") or []),
        },
        "skipped": list(manifest_fields.get("skipped") or []),
        "rows": {name: table.num_rows for name, table in tables.items()},
        "changes": {
            **{kind: len(report.get(kind) or []) for kind in CHANGE_KINDS},
            "facts_added": int(facts.get("added") or 0),
            "facts_removed": int(facts.get("removed") or 0),
        },
        "changed": changed_anything(report),
        "report": None,
    }


def _entry_from_manifest(out: Path, manifest: Mapping[str, Any]) -> dict[str, Any]:
    """A history entry for a run published before history existed."""
    report = publish.load_report(out, manifest, str(manifest["run_id"])) or {}
    entry = {
        "run_id": manifest["run_id"],
        "created_at": manifest.get("created_at"),
        "previous_run_id": manifest.get("previous_run_id"),
        "extractor_version": manifest.get("extractor_version"),
        "documents": {
            "read": len(manifest.get("inputs") or []),
            "carried_over": len(manifest.get("carried_over") or []),
            "removed": list(manifest.get("removed_documents") or []),
        },
        "skipped": list(manifest.get("skipped") or []),
        "rows": {name: entry["rows"] for name, entry in manifest["tables"].items()},
        "changes": {
            **{kind: len(report.get(kind) or []) for kind in CHANGE_KINDS},
            "facts_added": int((report.get("facts") or {}).get("added") or 0),
            "facts_removed": int((report.get("facts") or {}).get("removed") or 0),
        },
        "changed": changed_anything(report),
        "report": manifest["files"][publish.CHANGES_NAME] if report else None,
    }
    return entry


def earlier_runs(out: Path, manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The history up to the published run, each report kept only while its file is there.

    Tables published before history get one entry, built from their manifest."""
    if not manifest:
        return []
    runs = publish.load_history(out) or [_entry_from_manifest(out, manifest)]
    kept = []
    for run in runs:
        report = run.get("report")
        if report and not (Path(out) / str(report.get("file"))).is_file():
            run = {**run, "report": None}
        kept.append(run)
    return kept


def last_change(runs: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The most recent run that changed something."""
    return next((run for run in reversed(runs) if run.get("changed")), None)
