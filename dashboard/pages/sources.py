"""Sources: every document the tables cite, with its facts count (all text, links http(s))."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard import fmt
from dashboard.charts.base import records
from dashboard.data import Tables


def layout(tables: Tables | None) -> list[Any]:
    header = html.H1("Sources")
    if tables is None:
        return [header, html.P("No tables loaded.", className="empty")]
    frame = tables.sources.sort_values(["published", "doc"], na_position="last")
    rows = []
    for rec in records(frame):
        link = fmt.safe_url(rec.get("url"))
        url_cell: Any = (
            html.A("open", href=link, rel="noopener noreferrer nofollow", target="_blank")
            if link
            else html.Span(fmt.text(rec.get("url")) or "—", className="muted")
        )
        rows.append(
            html.Tr(
                [
                    html.Td(
                        fmt.published_text(rec.get("published"), rec.get("published_precision"))
                        or "—"
                    ),
                    html.Td(fmt.text(rec.get("publisher")) or "—"),
                    html.Td(fmt.text(rec.get("title")) or "—"),
                    html.Td(fmt.text(rec.get("author")) or "—"),
                    html.Td(str(int(rec.get("fact_count") or 0)), className="num"),
                    html.Td(url_cell),
                    html.Td(html.Code(fmt.text(rec.get("doc")))),
                ],
                id=f"src-{fmt.text(rec.get('doc'))}",
            )
        )
    head = ["Published", "Publisher", "Title", "Author", "Facts", "Link", "Document id"]
    return [
        header,
        html.P(
            f"{len(rows)} documents. Only figures, citations and locators are published; the "
            "article text stays with its publisher.",
            className="lede",
        ),
        html.Div(
            html.Table(
                [html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(rows)],
                className="data-table",
            ),
            className="table-scroll card",
            tabIndex="0",
            role="region",
            **fmt.attrs({"aria-label": "Sources table"}),
        ),
    ]
