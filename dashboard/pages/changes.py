"""'What changed': the last refresh's change report (changes.json), per chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from dashboard import fmt
from dashboard.charts import CHARTS, chart_for_metric
from dashboard.data import Tables
from dashboard.pages.review import corrections_section

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


def layout(tables: Tables | None) -> list[Any]:
    header = html.H1("What changed in the last refresh")
    if tables is None or tables.changes is None:
        return [
            header,
            html.P("No change report is available for these tables.", className="empty"),
        ]
    changes = tables.changes
    previous = changes.get("previous_run_id")
    intro = html.P(
        [
            "Run ",
            html.Code(str(changes.get("run_id") or tables.run_id)),
            " against ",
            html.Code(str(previous)) if previous else "no previous run (first publication)",
            ".",
        ],
        className="lede",
    )
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
    return [header, intro, summary, *sections]
