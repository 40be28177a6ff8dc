"""The main page: a headline strip of the asymmetries in numbers, then the chart cards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import html

from dashboard import fmt, urls
from dashboard.charts import CHARTS, dependence, structural, trade_turnover
from dashboard.charts.base import split_docs
from dashboard.components import chart_card
from dashboard.data import Tables


def _sources(row: Any) -> str:
    return fmt.text(row.get("sources")) or "; ".join(split_docs(row.get("docs")))


def _kpi(big: str, sentence: str, source: str, chart_id: str) -> Any:
    return html.Li(
        [
            html.Div(big, className="kpi-big"),
            html.Div(sentence, className="kpi-text"),
            html.Div(["Source: ", source], className="kpi-source"),
            html.A(
                "See chart",
                href=f"#{chart_id}",
                className="kpi-link",
                **fmt.attrs({"aria-label": f"See chart: {sentence}"}),
            ),
        ],
        className="kpi",
    )


def share(rows: pd.DataFrame) -> str:
    first = rows.iloc[0]
    return fmt.format_value(first["value"], "percent", first["qualifier"])


def headline_items(tables: Tables) -> list[Any]:
    """The main asymmetries, each from the rows its chart shows, with its sources."""
    items: list[Any] = []
    dep = CHARTS[dependence.CHART_ID]
    rows = dep.rows(tables, dep.default_state())
    ratios = rows[rows["series"] == dependence.SERIES_RATIO]
    if len(ratios):
        latest = ratios.iloc[-1]
        same = rows[rows["period"] == latest["period"]]
        cr = same[same["series"] == dependence.SERIES_CR]
        rc = same[same["series"] == dependence.SERIES_RC]
        if len(cr) and len(rc):
            items.append(
                _kpi(
                    f"{float(latest['value']):.1f}×",
                    f"China's share of Russia's trade ({share(cr)}) against Russia's share "
                    f"of China's ({share(rc)}), {latest['period']}",
                    _sources(latest),
                    dep.id,
                )
            )
    tt = CHARTS[trade_turnover.CHART_ID]
    rows = tt.rows(tables, tt.default_state())
    consensus = rows[rows["series"] == trade_turnover.SERIES_CONSENSUS]
    if len(consensus):
        last = consensus.iloc[-1]
        first = consensus.iloc[0]
        cagr = rows[rows["series"] == trade_turnover.SERIES_CAGR]
        growth = f", {float(cagr.iloc[0]['value']):+.1f} % a year" if len(cagr) else ""
        items.append(
            _kpi(
                fmt.format_value(last["value"], "usd", last["qualifier"]),
                f"China–Russia trade in {last['period']}, up from "
                f"{fmt.format_value(first['value'], 'usd', first['qualifier'])} in "
                f"{first['period']}{growth}",
                _sources(last),
                tt.id,
            )
        )
    st = CHARTS[structural.CHART_ID]
    rows = st.rows(tables, st.default_state())
    for metric, entity, make in (
        (
            "macro.gdp.ratio_russia_to_china",
            None,
            lambda r: (
                fmt.format_value(r["value"], "ratio", r["qualifier"]),
                f"Russia's economy relative to China's, {r['period']}",
            ),
        ),
        (
            "energy.supplier_rank",
            "crude_oil",
            lambda r: (
                fmt.format_value(r["value"], "rank", r["qualifier"]),
                f"Russia's rank among China's crude oil suppliers, "
                f"{fmt.format_period(r['period'])}",
            ),
        ),
    ):
        sel = rows[rows["metric"] == metric]
        if entity is not None:
            sel = sel[sel["entity"] == entity]
        if len(sel):
            row = sel.iloc[-1].to_dict()
            big, sentence = make(row)
            items.append(_kpi(big, sentence, _sources(row), st.id))
    return items


def layout(tables: Tables | None, states: Mapping[str, Mapping[str, str]]) -> list[Any]:
    intro = html.Div(
        [
            html.H1("China and Russia: an asymmetric partnership, in numbers"),
            html.P(
                "Every figure below was extracted from published articles and reconciled "
                "across sources; each chart lists its sources and downloads exactly the rows "
                "it shows.",
                className="lede",
            ),
        ],
        className="intro",
    )
    headline = (
        html.Ul(
            tables.memo("headline", lambda: headline_items(tables)),
            className="headline",
            **fmt.attrs({"aria-label": "Headline figures"}),
        )
        if tables is not None
        else None
    )
    cards = [
        chart_card(chart, tables, states.get(chart.id, chart.default_state()))
        for chart in CHARTS.values()
    ]
    toc = html.Nav(
        [html.A(chart.name, href=f"#{chart.id}") for chart in CHARTS.values()],
        className="toc",
        **fmt.attrs({"aria-label": "Charts"}),
    )
    return [intro, headline, toc, html.Div(cards, className="cards")]


def page_states(search: object) -> dict[str, dict[str, str]]:
    """Validated state of every chart from the query string (forged values → defaults)."""
    return {
        chart.id: chart.clean_state(urls.chart_states(search, chart.id))
        for chart in CHARTS.values()
    }


__all__ = ["headline_items", "layout", "page_states"]
