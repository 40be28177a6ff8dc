"""The main page: a headline strip of the asymmetries in numbers, then the chart cards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import html

from dashboard import fmt, urls
from dashboard.charts import CHARTS, dependence, directions, energy_corridors, trade_turnover
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


def dependence_item(tables: Tables) -> Any:
    """How much more China matters to Russia's trade than Russia to China's (≈ when either
    share is approximate), for the latest year with both shares."""
    dep = CHARTS[dependence.CHART_ID]
    rows = dep.rows(tables, dep.default_state())
    ratios = rows[rows["series"] == dependence.SERIES_RATIO]
    if ratios.empty:
        return None
    latest = ratios.iloc[-1]
    same = rows[rows["period"] == latest["period"]]
    cr = same[same["series"] == dependence.SERIES_CR]
    rc = same[same["series"] == dependence.SERIES_RC]
    if cr.empty or rc.empty:
        return None
    mark = dependence.ratio_mark(rows, latest["period"])
    return _kpi(
        f"{mark}{float(latest['value']):.1f}×",
        f"China's share of Russia's trade ({share(cr)}) against Russia's share of China's "
        f"({share(rc)}), {latest['period']}",
        _sources(latest),
        dep.id,
    )


def balance_item(tables: Tables) -> Any:
    """The latest whole year's trade in each direction and the balance between them."""
    chart = CHARTS[directions.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    annual = rows[rows["period"].map(lambda p: fmt.year_of(p) is not None).astype(bool)]
    balance = annual[annual["series"] == directions.SERIES_BALANCE]
    if balance.empty:
        return None
    last = balance.iloc[-1]
    same = annual[annual["period"] == last["period"]]
    ru = same[same["series"] == directions.SERIES_RU].iloc[0]
    cn = same[same["series"] == directions.SERIES_CN].iloc[0]
    value = float(last["value"])
    return _kpi(
        f"{'+' if value > 0 else '−' if value < 0 else ''}"
        f"{fmt.format_value(abs(value), 'usd', last['qualifier'])}",
        f"Russia's trade balance with China in {last['period']}: exports "
        f"{fmt.format_value(ru['value'], 'usd', ru['qualifier'])}, imports "
        f"{fmt.format_value(cn['value'], 'usd', cn['qualifier'])}",
        _sources(last),
        chart.id,
    )


def turnover_item(tables: Tables) -> Any:
    """The latest year's turnover, the long-run growth and the latest change."""
    tt = CHARTS[trade_turnover.CHART_ID]
    rows = tt.rows(tables, tt.default_state())
    consensus = rows[rows["series"] == trade_turnover.SERIES_CONSENSUS]
    if consensus.empty:
        return None
    last, first = consensus.iloc[-1], consensus.iloc[0]
    cagr = rows[rows["series"] == trade_turnover.SERIES_CAGR]
    growth = f", {float(cagr.iloc[0]['value']):+.1f} % a year since then" if len(cagr) else ""
    change = trade_turnover.latest_change(consensus)
    latest = f"; {trade_turnover.change_phrase(change)}" if change else ""
    return _kpi(
        fmt.format_value(last["value"], "usd", last["qualifier"]),
        f"China–Russia trade in {last['period']}, from "
        f"{fmt.format_value(first['value'], 'usd', first['qualifier'])} in "
        f"{first['period']}{growth}{latest}",
        _sources(last),
        tt.id,
    )


def energy_item(tables: Tables) -> Any:
    """Gas delivered against the design capacity in service, latest year."""
    chart = CHARTS[energy_corridors.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    use = rows[rows["series"] == energy_corridors.SERIES_USE]
    if use.empty:
        return None
    last = use.iloc[-1]
    gas = rows[(rows["series"] == energy_corridors.SERIES_GAS) & (rows["period"] == last["period"])]
    return _kpi(
        f"{float(last['value']):.0f} %",
        f"of the gas pipelines' design capacity used in {last['period']} "
        f"({fmt.format_value(gas.iloc[0]['value'], 'bcm', gas.iloc[0]['qualifier'])} delivered)",
        _sources(last),
        chart.id,
    )


def headline_items(tables: Tables) -> list[Any]:
    """The asymmetries the subject is about, each from the rows its chart shows, with its
    qualifier, the period the source states and its sources."""
    items = [make(tables) for make in (dependence_item, balance_item, turnover_item, energy_item)]
    return [item for item in items if item is not None]


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
