"""Building blocks of the pages: chart cards, banner, footer, source citations.

Everything derived from articles (titles, publishers, sentences) goes into components as
plain strings, which React renders as text; links are only ever http(s).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pandas as pd
from dash import dcc, html

from dashboard import events, fmt, urls
from dashboard.charts import CHARTS
from dashboard.charts.base import (
    Chart,
    ChartText,
    as_figures,
    doc_list,
    indexed,
    legend_items,
)
from dashboard.data import DataState, Tables
from dashboard.downloads import cite_text, non_default

GRAPH_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    # no toolbar: it covered labels at phone width; export (PNG, SVG) is in the Download menu
    "displayModeBar": False,
    "responsive": True,
    "scrollZoom": False,
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
        "sendChartToCloud",  # would upload the chart to an external service
        "sendDataToCloud",
        "editInChartStudio",
    ],
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def ctl_id(chart_id: str, name: str) -> dict[str, str]:
    return {"type": "ctl", "chart": chart_id, "name": name}


def source_label(record: Mapping[str, Any] | None, doc: str) -> str:
    """'Publisher — Title (date)', plain text."""
    record = record or {}
    publisher = fmt.text(record.get("publisher")) or doc
    title = fmt.text(record.get("title"))
    published = fmt.published_text(record.get("published"), record.get("published_precision"))
    return publisher + (f" — {title}" if title else "") + (f" ({published})" if published else "")


def source_link(record: Mapping[str, Any] | None, doc: str) -> Any:
    """The citation as text, linked only when the URL is http(s) (one component)."""
    label = source_label(record, doc)
    link = fmt.safe_url((record or {}).get("url"))
    if link:
        return html.A(label, href=link, rel="noopener noreferrer nofollow", target="_blank")
    return html.Span(label)


def sources_block(rows: pd.DataFrame, tables: Tables | None) -> Any:
    docs = doc_list(rows)
    if not docs or tables is None:
        return None
    records = tables.source_records()
    docs.sort(key=lambda d: (fmt.text(records.get(d, {}).get("published")) or "9999", d))
    return html.Div(
        [
            html.H3(f"Sources ({len(docs)})", className="sub-h"),
            html.Div([source_link(records.get(d), d) for d in docs], className="source-list"),
        ],
        className="card-sources",
    )


def download_menu(chart: Chart, state: Mapping[str, str]) -> list[Any]:
    """Links to the chart's files for this state (plain anchors; the server sends them as
    attachments)."""
    options = {k: v for k, v in state.items() if k in chart.data_options}
    changed = non_default(chart, state)
    links = [
        (labels, href, name, kind)
        for labels, href, name, kind in (
            *(
                (
                    label,
                    urls.download_url(chart.id, f, options),
                    urls.saved_name(chart.id, f, changed),
                    f,
                )
                for f, label in (("csv", "CSV"), ("json", "JSON"), ("xlsx", "Excel (.xlsx)"))
            ),
            (
                "Metadata (JSON)",
                urls.metadata_url(chart.id, options),
                urls.metadata_name(chart.id),
                "metadata",
            ),
            ("All tables (zip)", urls.zip_url(), urls.ZIP_NAME, "zip"),
        )
    ]
    name = urls.saved_name(chart.id, "png", changed).rsplit(".", 1)[0]
    images = (
        [
            html.Button(
                label,
                type="button",
                className="link-button",
                **fmt.attrs({"data-export": kind, "data-filename": name}),
            )
            for kind, label in (("png", "PNG image"), ("svg", "SVG image"))
        ]
        if chart.figure is not None
        else []
    )
    return [
        html.Div(
            [
                *(
                    html.A(label, href=href, download=name, **fmt.attrs({"data-format": kind}))
                    for label, href, name, kind in links
                ),
                *images,
            ],
            className="menu-list",
        ),
    ]


def rows_table(chart: Chart, rows: pd.DataFrame) -> Any:
    """Every row the chart shows, value first after the period (readable at phone width)."""
    if rows.empty:
        return html.P("No rows in the tables for this chart.", className="empty")
    head = ["Period", "Value", *(h for _c, h, _f in chart.table_columns)]
    head += ["Series", "Metric", "Entity", "Status", "Sources"]
    body = []
    for idx, row in indexed(rows):
        body.append(
            html.Tr(
                [
                    html.Td(fmt.format_period(row["period"]) or "—", className="nowrap"),
                    html.Td(
                        fmt.format_value(
                            row["value"], fmt.text(row["unit"]), fmt.text(row["qualifier"])
                        ),
                        className="num",
                    ),
                    *(
                        html.Td(render(row), className="num")
                        for _c, _h, render in chart.table_columns
                    ),
                    html.Td(fmt.text(row["series"])),
                    html.Td(fmt.metric_label(str(row["metric"]))),
                    html.Td(fmt.entity_label(row["entity"])),
                    html.Td(fmt.text(row["status"])),
                    html.Td(fmt.text(row["sources"]), className="small"),
                ],
                **fmt.attrs({"data-row": str(int(idx))}),
            )
        )
    return html.Div(
        [
            html.P(
                "The table scrolls sideways: series, status and sources follow.",
                className="scroll-hint muted small",
            ),
            html.Div(
                html.Table(
                    [
                        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                        html.Tbody(body),
                    ],
                    className="data-table",
                ),
                className="table-scroll",
                tabIndex="0",
                role="region",
                **fmt.attrs({"aria-label": f"{chart.name}: data table"}),
            ),
        ]
    )


#: Shown on exported images and in downloads: what may be reused, and how.
LICENCE_SHORT = "Figures CC BY 4.0 (articles remain their publishers')"
EXPORT_SOURCES = 6  # sources named on an exported image; the rest are counted


def export_attrs(
    chart: Chart, rows: pd.DataFrame, text: ChartText, tables: Tables | None, link: str
) -> dict[str, str]:
    """What an exported image carries besides the plot (read by assets/chart-tools.js)."""
    units = sorted({fmt.text(u) for u in rows["unit"] if fmt.text(u)}) if len(rows) else []
    docs = doc_list(rows)
    records = tables.source_records() if tables is not None else {}
    named = [fmt.source_label(records.get(d), d) for d in docs[:EXPORT_SOURCES]]
    if len(docs) > EXPORT_SOURCES:
        named.append(f"and {len(docs) - EXPORT_SOURCES} more (see the permalink)")
    date = (
        f"tables run {tables.run_id}, published {tables.created_at[:10]}"
        if tables is not None
        else "no tables"
    )
    return {
        "data-export-title": text.title,
        "data-export-subtitle": text.subtitle,
        "data-export-units": ", ".join(fmt.unit_label(u) for u in units) or "—",
        "data-export-sources": "; ".join(named) or "—",
        "data-export-date": date,
        "data-export-licence": LICENCE_SHORT,
        "data-export-link": link,
    }


def card_head(chart: Chart, text: ChartText) -> list[Any]:
    return [
        html.H2(text.title, id=f"{chart.id}-title", className="card-title"),
        html.P(text.subtitle, className="card-subtitle"),
    ]


def card_body(
    chart: Chart,
    rows: pd.DataFrame,
    text: ChartText,
    tables: Tables | None,
    state: Mapping[str, str],
) -> list[Any]:
    view = state.get("view", "chart")
    link = urls.permalink(chart.id, state, chart.default_state())
    if view == "table":
        visual: Any = rows_table(chart, rows)
    elif chart.visual is not None:
        visual = chart.visual(rows, state)
    elif chart.figure is not None and not rows.empty:
        figures = as_figures(chart.figure(rows, state))
        graphs: list[Any] = []
        for number, figure in enumerate(figures):
            height = int(figure.layout.height or 400)
            config = dict(GRAPH_CONFIG)
            config["toImageButtonOptions"] = {
                **GRAPH_CONFIG["toImageButtonOptions"],
                "filename": chart.id if number == 0 else f"{chart.id}-{number + 1}",
            }
            graphs.append(
                dcc.Graph(
                    id={"type": "graph", "chart": chart.id, "n": number},
                    figure=figure.to_plotly_json(),  # a plain dict: serialised fast, cached
                    config=cast(Any, config),
                    style={"height": f"{height}px"},
                    className="graph",
                )
            )
        legend = legend_items(figures)
        if legend:
            graphs.insert(
                0,
                html.Ul(
                    [
                        html.Li(
                            [
                                html.Span(
                                    className=f"swatch swatch-{item.shape}",
                                    style={"color": item.color},
                                ),
                                item.label,
                            ],
                        )
                        for item in legend
                    ],
                    className="legend",
                    **fmt.attrs({"aria-hidden": "true"}),
                ),
            )
        visual = html.Div(
            graphs,
            role="figure",
            className=f"graph-wrap graphs-{len(figures)}",
            **fmt.attrs({"aria-label": text.alt, "data-points": str(len(rows))}),
        )
    else:
        visual = html.P("No figures in the tables for this chart yet.", className="empty")
    extra = chart.extra(rows) if chart.extra is not None and view != "table" else None
    periods = chart.event_periods(rows) if chart.event_periods else rows["period"]
    marked = (
        events.legend(events.within(periods))
        if chart.events and view != "table" and not rows.empty
        else None
    )
    notes = (
        html.Ol([html.Li(n) for n in text.footnotes], className="footnotes")
        if text.footnotes
        else None
    )
    cite = cite_text(chart, text.title, tables, link)
    return [
        html.Div(
            visual,
            className=f"visual view-{view}",
            **fmt.attrs({"data-view": view, **export_attrs(chart, rows, text, tables, link)}),
        ),
        marked,
        extra,
        html.Div(
            [
                notes,
                sources_block(rows, tables),
                html.Details(
                    [
                        html.Summary("Cite or link to this chart"),
                        html.P(
                            [
                                "Permanent link to this chart as shown: ",
                                html.A(link, href=link, className="permalink"),
                            ],
                            className="small",
                        ),
                        html.P(cite, id=f"cite-{chart.id}", className="cite"),
                        dcc.Clipboard(
                            target_id=f"cite-{chart.id}", title="Copy citation", className="copy"
                        ),
                    ],
                    className="cite-box",
                ),
            ],
            className="card-foot",
        ),
    ]


def controls(chart: Chart, state: Mapping[str, str]) -> Any:
    items: list[Any] = []
    for option in chart.all_options:
        items.append(
            html.Div(
                [
                    html.Span(
                        option.label, className="ctl-label", id=f"{chart.id}-{option.name}-label"
                    ),
                    dcc.RadioItems(
                        id=ctl_id(chart.id, option.name),
                        options=[
                            {"label": label, "value": value} for value, label in option.choices
                        ],
                        value=state.get(option.name, option.default),
                        inline=True,
                        className="segmented",
                    ),
                ],
                className="ctl",
                role="radiogroup",
                **fmt.attrs({"aria-labelledby": f"{chart.id}-{option.name}-label"}),
            )
        )
    items.append(
        html.Details(
            [
                html.Summary("Download", className="button"),
                html.Div(
                    download_menu(chart, state),
                    id={"type": "dl", "chart": chart.id},
                    className="menu",
                ),
            ],
            className="download",
        )
    )
    return html.Div(items, className="controls")


def card_parts(
    chart: Chart, tables: Tables | None, state: Mapping[str, str]
) -> tuple[list[Any], list[Any], list[Any]]:
    """Head, body and download menu of a card; rendered once per run and state."""

    def build() -> tuple[list[Any], list[Any], list[Any]]:
        rows = chart.rows(tables, state)
        text = chart.describe(rows, tables, state) if tables else ChartText(chart.name, "", (), "")
        return (
            card_head(chart, text),
            card_body(chart, rows, text, tables, state),
            download_menu(chart, state),
        )

    if tables is None:
        return build()
    return tables.memo(("card", chart.id, tuple(sorted(state.items()))), build)


def chart_card(chart: Chart, tables: Tables | None, state: Mapping[str, str]) -> Any:
    head, body, _menu = card_parts(chart, tables, state)
    return html.Section(
        [
            html.Div(head, id={"type": "card-head", "chart": chart.id}, className="card-head"),
            controls(chart, state),
            html.Div(body, id={"type": "card-body", "chart": chart.id}),
        ],
        id=chart.id,
        className="card",
        **fmt.attrs({"aria-labelledby": f"{chart.id}-title", "data-chart": chart.id}),
    )


def banner(state: DataState) -> Any:
    if not state.problem:
        return None
    if state.tables is not None:
        detail = (
            f"Showing the last good tables (run {state.tables.run_id}, {state.tables.created_at})."
        )
    else:
        detail = "No data can be shown until valid tables are published."
    return html.Div(
        [html.Strong("Data problem: "), html.Span(state.problem + ". "), html.Span(detail)],
        className="banner",
        role="alert",
    )


def footer(state: DataState) -> Any:
    tables = state.tables
    run = (
        [
            html.Span("Tables run "),
            html.Code(tables.run_id, id="run-id"),
            html.Span(f", {tables.created_at}", id="run-time"),
            html.Span(f" · extractor {tables.extractor_version}")
            if tables.extractor_version
            else None,
        ]
        if tables
        else [html.Span("No tables loaded", id="run-id")]
    )
    return html.Div(
        [
            html.P(run),
            html.P(
                [
                    html.A("Download index (JSON)", href=urls.index_url()),
                    " · ",
                    html.A("All tables (zip)", href=urls.zip_url()),
                    " · ",
                    dcc.Link("Methodology", href="/methodology"),
                ]
            ),
        ],
        className="footer-inner",
    )


def nav(current: str) -> Any:
    return html.Nav(
        [
            dcc.Link(
                label,
                href=path,
                className="nav-link" + (" active" if path == current else ""),
            )
            for path, label in urls.PAGES.items()
        ],
        className="nav",
        **fmt.attrs({"aria-label": "Pages"}),
    )


def chart_for(chart_id: str) -> Chart | None:
    return CHARTS.get(chart_id)
