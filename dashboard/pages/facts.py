"""Facts: every extracted fact, filterable, sortable and searchable; one selected in detail.

The grid is the Dash DataTable (its code loads only when this page is opened). Selecting a
fact shows its citation, period, qualifier and status and, when the local evidence cache has
it, the evidence sentence with the figure highlighted, rendered as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from dash import dcc, html
from dash.dash_table.DataTable import DataTable

from dashboard import fmt, urls
from dashboard.charts.base import records
from dashboard.components import source_link
from dashboard.data import Tables

MAX_SEARCH = 200
SEARCH_DEBOUNCE_S = 0.3
COLUMNS: tuple[tuple[str, str], ...] = (
    ("metric_label", "Metric"),
    ("entity_label", "Entity"),
    ("period", "Period"),
    ("figure", "Figure (unit)"),
    ("status", "Status"),
    ("publisher", "Publisher"),
    ("published", "Published"),
    ("surface", "As written"),
    ("qualifier", "Qualifier"),
    ("unit", "Unit"),
    ("doc", "Document"),
)
SEARCHED = (
    "publisher",
    "metric_label",
    "entity_label",
    "period",
    "surface",
    "doc",
    "metric",
    "status",
    "qualifier",
)


def fact_records(tables: Tables) -> list[dict[str, Any]]:
    """One display record per fact; `id` is the fact id (DataTable's row id)."""
    sources = tables.source_records()
    out = []
    for row in records(tables.facts):
        doc = fmt.text(row["doc"])
        src = sources.get(doc, {})
        out.append(
            {
                "id": fmt.text(row["fact_id"]),
                "published": fmt.published_text(
                    src.get("published"), src.get("published_precision")
                ),
                "published_sort": fmt.text(src.get("published")),
                "publisher": fmt.text(src.get("publisher")) or doc,
                "metric": fmt.text(row["metric"]),
                "metric_label": fmt.metric_label(fmt.text(row["metric"])),
                "entity_label": fmt.entity_label(row["entity"]),
                "period": fmt.text(row["period"]),
                "figure": fmt.format_value(
                    row["value"], fmt.text(row["unit"]), fmt.text(row["qualifier"])
                ),
                "value": float(row["value"]),
                "unit": fmt.text(row["unit"]),
                "qualifier": fmt.text(row["qualifier"]),
                "status": fmt.text(row["status"]),
                "surface": fmt.text(row.get("surface")),
                "doc": doc,
            }
        )
    out.sort(key=lambda r: (r["metric"], r["period"], r["published_sort"], r["id"]))
    return out


def search(records: list[dict[str, Any]], query: object) -> list[dict[str, Any]]:
    """Records whose text fields contain every word of the query (case-insensitive)."""
    if not isinstance(query, str) or not query.strip():
        return records
    words = query[:MAX_SEARCH].lower().split()
    out = []
    for rec in records:
        hay = " ".join(str(rec.get(k, "")) for k in SEARCHED).lower()
        if all(word in hay for word in words):
            out.append(rec)
    return out


def highlight(sentence: str, surface: str) -> list[Any]:
    """The sentence as text with the figure wrapped in <mark> (all plain strings)."""
    if surface:
        at = sentence.find(surface)
        if at < 0:
            at = sentence.lower().find(surface.lower())
        if at >= 0:
            end = at + len(surface)
            return [sentence[:at], html.Mark(sentence[at:end]), sentence[end:]]
    return [sentence]


def period_text(period: Any) -> str:
    """'Jan–Sep 2023 (2023-01/2023-09)': the reader's form, and the contract's when it differs."""
    shown, raw = fmt.format_period(period), fmt.text(period)
    return shown if not raw or shown == raw else f"{shown} ({raw})"


def detail(tables: Tables | None, fact_id: object) -> Any:
    """The citation panel for one fact id; unknown ids get a neutral prompt."""
    if tables is None:
        return html.P("No tables loaded.", className="empty")
    facts = tables.facts
    if not isinstance(fact_id, str) or fact_id not in set(facts["fact_id"]):
        return html.P(
            "Select a fact in the table to see its citation and evidence.", className="muted"
        )
    row = facts[facts["fact_id"] == fact_id].iloc[0].to_dict()
    doc = fmt.text(row["doc"])
    record: Mapping[str, Any] = tables.source_records().get(doc, {})
    unit = fmt.text(row["unit"])
    evidence = tables.evidence().get((doc, fmt.text(row.get("sentence_sha256"))))
    items = [
        ("Figure", fmt.format_value(row["value"], unit, fmt.text(row["qualifier"]))),
        ("Metric", f"{fmt.metric_label(fmt.text(row['metric']))} ({row['metric']})"),
        ("Entity", fmt.entity_label(row["entity"]) or "—"),
        ("Period", period_text(row["period"])),
        (
            "Qualifier",
            fmt.QUALIFIER_WORDS.get(fmt.text(row["qualifier"]), fmt.text(row["qualifier"])),
        ),
        ("Status", fmt.text(row["status"])),
        ("Value in the tables", f"{float(row['value']):g} {unit}"),
        ("As written", fmt.text(row.get("surface")) or "—"),
        ("Attributed to", fmt.text(row.get("attribution")) or "—"),
        ("Location", f"characters {row['start']}–{row['end']} of {doc}"),
        ("Extractor", fmt.text(row.get("extractor_version"))),
    ]
    evidence_block: Any
    if evidence:
        evidence_block = html.Blockquote(
            highlight(evidence, fmt.text(row.get("surface"))),
            className="evidence",
            id="fact-evidence",
        )
    else:
        evidence_block = html.P(
            "The evidence sentence is not in the local cache (it is never published); run "
            "a refresh on a machine with the articles to see it.",
            className="muted small",
            id="fact-evidence",
        )
    return html.Div(
        [
            html.H2("Selected fact", className="sub-h"),
            html.P(source_link(record, doc), className="fact-citation"),
            html.Dl(
                [part for label, value in items for part in (html.Dt(label), html.Dd(value))],
                className="fact-fields",
            ),
            evidence_block,
            html.P(dcc.Link("Link to this fact", href=urls.facts_url(fact_id)), className="small"),
        ],
        className="card fact-detail",
        **fmt.attrs({"data-fact": fact_id}),
    )


def layout(tables: Tables | None, fact_id: str | None = None) -> list[Any]:
    header = html.H1("Facts")
    if tables is None:
        return [header, html.P("No tables loaded.", className="empty")]
    all_facts = fact_records(tables)
    columns: list[Any] = []
    for key, name in COLUMNS:
        column: dict[str, Any] = {"id": key, "name": name}
        columns.append(column)
    return [
        header,
        html.P(
            f"{len(all_facts)} facts extracted from {len(tables.sources)} documents. Search all "
            "columns (the table filters as you type), sort by clicking a column's header.",
            className="lede",
        ),
        html.Div(
            [
                html.Label("Search facts", htmlFor="facts-search", className="ctl-label"),
                dcc.Input(
                    id="facts-search",
                    type="search",
                    debounce=SEARCH_DEBOUNCE_S,  # filters while typing, after a short pause
                    maxLength=MAX_SEARCH,
                    placeholder="e.g. 2023 turnover",
                    className="search",
                ),
            ],
            className="search-row",
        ),
        html.Div(
            DataTable(
                id="facts-table",
                columns=columns,
                data=cast(Any, all_facts),
                # no per-column filter row: its inputs have no labels; the search box filters
                filter_action="none",
                sort_action="native",
                sort_mode="multi",
                # every fact in one scrolling table: the pager's buttons have no accessible names
                page_action="none",
                cell_selectable=True,
                style_table={"overflow": "visible"},  # the region around it scrolls
                style_cell={
                    "fontFamily": "inherit",
                    "fontSize": "14px",
                    "padding": "6px",
                    "textAlign": "left",
                    "maxWidth": "260px",
                    "minWidth": "80px",
                    "whiteSpace": "normal",  # wrap long labels rather than cut them
                    "height": "auto",
                },
                style_header={"fontWeight": "600", "backgroundColor": "#f6f6f4"},
                style_cell_conditional=[
                    {"if": {"column_id": "figure"}, "textAlign": "right"},
                    {"if": {"column_id": "metric_label"}, "minWidth": "150px"},
                    {"if": {"column_id": "surface"}, "minWidth": "140px"},
                ],
                style_data_conditional=[
                    {
                        "if": {"state": "active"},
                        "backgroundColor": "#e8f1f8",
                        "border": "1px solid #0072B2",
                    }
                ],
            ),
            # one scrolling region the keyboard can reach (axe: scrollable-region-focusable)
            className="card facts-scroll",
            tabIndex="0",
            role="region",
            **fmt.attrs({"aria-label": "Facts table"}),
        ),
        html.Div(detail(tables, fact_id), id="fact-detail"),
    ]


__all__ = ["detail", "fact_records", "layout", "search"]
