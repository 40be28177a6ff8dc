"""'What changed': a run's change report per chart, any earlier run picked from the run
history (`?run=<run_id>`), and the files the run skipped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from dash import html

from dashboard import fmt
from dashboard.charts import CHARTS, chart_for_metric
from dashboard.data import Tables
from dashboard.pages.review import corrections_section
from etl.tables.changes import carried_lines
from etl.tables.history import changed_anything, last_change
from etl.tables.publish import HISTORY_RETENTION

KINDS: tuple[tuple[str, str], ...] = (
    ("added", "New figures"),
    ("changed", "Revised figures"),
    ("removed", "Dropped figures"),
)
OTHER = "Not drawn in a chart (in the tables and the Facts page)"


def _docs(item: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]]) -> str:
    """The documents of a change as 'Publisher, date' (their ids when not in the tables)."""
    docs = item.get("docs")
    if isinstance(docs, str):
        ids = [d for d in docs.split(";") if d]
    elif isinstance(docs, Sequence):
        ids = [str(d) for d in docs]
    else:
        ids = []
    return "; ".join(fmt.source_label(sources.get(d), d) for d in ids)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def describe_item(
    kind: str, item: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """One line: 'trade.bilateral.value 2023: new $240.1 bn (docs)'."""
    unit = str(item.get("unit") or "")
    metric = str(item.get("metric") or "?")
    entity = fmt.entity_label(item.get("entity"))
    period = fmt.format_period(item.get("period"))
    label = f"{fmt.metric_label(metric)}{' · ' + entity if entity else ''} · {period}"
    status = str(item.get("status") or "")
    if status and status != "actual":
        label += f" ({status})"
    old = _number(item.get("old_value", item.get("previous_value")))
    new = _number(item.get("new_value", item.get("value")))
    values = item.get("values")
    if isinstance(values, Sequence) and not isinstance(values, str) and len(values) == 2:
        old, new = _number(values[0]), _number(values[1])
    if isinstance(values, Mapping):
        old, new = _number(values.get("old")), _number(values.get("new"))
    if kind == "changed" and old is not None and new is not None:
        change = f"{fmt.format_value(old, unit)} → {fmt.format_value(new, unit)}"
    elif new is not None:
        change = fmt.format_value(new, unit)
    elif old is not None:
        change = fmt.format_value(old, unit)
    else:
        change = "(no value)"
    docs = _docs(item, sources or {})
    return f"{label}: {change}" + (f" — {docs}" if docs else "")


def _report_sections(changes: Mapping[str, Any], tables: Tables) -> list[Any]:
    """The summary line and one card per chart of one change report."""
    groups: dict[str, dict[str, list[str]]] = {}
    counts = {kind: 0 for kind, _ in KINDS}
    for kind, _label in KINDS:
        items = changes.get(kind) or []
        if not isinstance(items, Sequence) or isinstance(items, str):
            continue
        for item in items:
            if not isinstance(item, Mapping):
                continue
            chart = chart_for_metric(str(item.get("metric") or ""))
            name = chart.name if chart else OTHER
            groups.setdefault(name, {k: [] for k, _ in KINDS})[kind].append(
                describe_item(kind, item, tables.source_records())
            )
            counts[kind] += 1
    summary = html.P(
        f"{counts['added']} new, {counts['changed']} revised, {counts['removed']} dropped.",
        className="summary",
    )
    notes = [html.P(line, className="small") for line in carried_lines(changes)]
    order = [c.name for c in CHARTS.values()] + [OTHER]
    sections: list[Any] = []
    for name in order:
        if name not in groups:
            continue
        blocks: list[Any] = []
        for kind, label in KINDS:
            lines = groups[name][kind]
            if lines:
                blocks.append(html.H3(f"{label} ({len(lines)})", className=f"sub-h change-{kind}"))
                blocks.append(
                    html.Ul(
                        [html.Li(line) for line in lines], className=f"change-list change-{kind}"
                    )
                )
        sections.append(html.Section([html.H2(name), *blocks], className="card prose"))
    sections += corrections_section(changes)
    if not sections:
        sections = [
            html.P(
                "Nothing changed: the tables hold the same figures as before.", className="empty"
            )
        ]
    return [summary, *notes, *sections]


def _runs(tables: Tables) -> list[Mapping[str, Any]]:
    """The run history, or the current run alone for tables published before history."""
    if tables.history:
        return [run for run in tables.history if isinstance(run, Mapping)]
    changes = tables.changes or {}
    return [
        {
            "run_id": tables.run_id,
            "created_at": tables.created_at,
            "previous_run_id": changes.get("previous_run_id"),
            "changed": changed_anything(changes),
            "skipped": tables.manifest.get("skipped") or [],
        }
    ]


def _report_of(tables: Tables, run_id: str) -> Mapping[str, Any] | None:
    if run_id == tables.run_id:
        return tables.changes
    return tables.reports.get(run_id)


def _run_label(run: Mapping[str, Any]) -> str:
    counts = run.get("changes") or {}
    documents = run.get("documents") or {}
    text = f"{run.get('created_at') or '?'} · run {run.get('run_id')}"
    if counts:
        text += (
            f" · {counts.get('added', 0)} new, {counts.get('changed', 0)} revised, "
            f"{counts.get('removed', 0)} dropped"
        )
    if documents:
        text += (
            f" · {documents.get('read', 0)} read, {documents.get('carried_over', 0)} carried over"
        )
        if documents.get("removed"):
            text += f", {len(documents['removed'])} removed"
    if not run.get("changed", True):
        text += " · no change"
    return text


def _run_list(runs: Sequence[Mapping[str, Any]], shown: str) -> Any:
    items = []
    for run in reversed(runs):
        run_id = str(run.get("run_id"))
        label = _run_label(run)
        if run_id == shown:
            items.append(html.Li(html.Strong(label + " (shown)"), className="run-shown"))
        else:
            items.append(html.Li(html.A(label, href=f"/changes?{urlencode({'run': run_id})}")))
    return html.Section(
        [html.H2("Every run"), html.Ul(items, className="run-list")],
        className="card prose",
        id="run-history",
    )


def _skipped(run: Mapping[str, Any]) -> list[Any]:
    reasons = [str(r) for r in run.get("skipped") or []]
    if not reasons:
        return []
    return [
        html.Section(
            [
                html.H2(f"Files skipped by this run ({len(reasons)})"),
                html.Ul([html.Li(reason) for reason in reasons], className="skipped-list"),
            ],
            className="card prose",
            id="skipped-files",
        )
    ]


def layout(tables: Tables | None, run: str | None = None) -> list[Any]:
    """The latest run's changes (or the run picked by `?run=`), the list of every run and the
    files the run skipped. A latest run that changed nothing says so and shows the last run
    that did."""
    header = html.H1("What changed")
    if tables is None or tables.changes is None:
        return [
            header,
            html.P("No change report is available for these tables.", className="empty"),
        ]
    runs = _runs(tables)
    by_id = {str(r.get("run_id")): r for r in runs}
    latest = by_id.get(tables.run_id) or runs[-1]
    picked = by_id.get(run or "") or latest
    content: list[Any] = []
    shown = picked
    if picked is latest and not latest.get("changed", True):
        previous = latest.get("previous_run_id")
        content.append(
            html.P(
                [
                    "The latest run, ",
                    html.Code(str(latest.get("run_id"))),
                    f" ({latest.get('created_at') or '?'}), changed nothing: the tables hold "
                    "the same figures as run ",
                    html.Code(str(previous)),
                    ".",
                ],
                className="lede no-change",
            )
        )
        last = last_change(runs)
        if last is not None:
            shown = last
            content.append(html.H2(f"Last change: run {last.get('run_id')}"))
    report = _report_of(tables, str(shown.get("run_id")))
    previous = shown.get("previous_run_id")
    content.append(
        html.P(
            [
                "Run ",
                html.Code(str(shown.get("run_id"))),
                f" ({shown.get('created_at') or '?'}) against ",
                html.Code(str(previous)) if previous else "no previous run (first publication)",
                ".",
            ],
            className="lede",
        )
    )
    if report is None:
        content.append(
            html.P(
                f"The detailed report of this run is no longer kept (reports of the last "
                f"{HISTORY_RETENTION} runs are); its counts: {_run_label(shown)}.",
                className="empty",
            )
        )
    else:
        content += _report_sections(report, tables)
    return [header, *content, *_skipped(picked), _run_list(runs, str(shown.get("run_id")))]
