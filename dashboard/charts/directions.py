"""`directions`: Russia's exports to China and China's exports to Russia, with the balance.

Two series on one time axis, each a source-stated figure, and the balance (Russia's exports
to China minus China's exports to Russia) for every period that has both. Whole years sit
in the upper panel; part-year figures (only the months they name) in the lower one, never
joined to the yearly lines.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import events, fmt
from dashboard.charts import base
from dashboard.charts.base import OKABE_ITO, Chart, ChartText, State
from dashboard.data import Tables

CHART_ID = "directions"
RU_TO_CN = "trade.russia_to_china.value"
CN_TO_RU = "trade.china_to_russia.value"
SCALE = 1e9

SERIES_RU = "Russia's exports to China"
SERIES_CN = "China's exports to Russia"
SERIES_BALANCE = "balance (Russia's exports minus China's)"
COLORS = {
    SERIES_RU: OKABE_ITO["blue"],
    SERIES_CN: OKABE_ITO["vermillion"],
    SERIES_BALANCE: OKABE_ITO["green"],
}
BALANCE_FORMULA = f"{RU_TO_CN} - {CN_TO_RU} (same period)"
EXTRA_COLUMNS = ("partial", "kind", "formula")
COLUMNS = (*base.BASE_COLUMNS, *EXTRA_COLUMNS)


def _sort_key(period: object) -> tuple[str, str]:
    span = fmt.period_dates(period)
    return (span[0].isoformat(), span[1].isoformat()) if span else ("", "")


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = base.of_metric(tables.observations, RU_TO_CN, CN_TO_RU)
    obs = obs[obs["status"] == "actual"].copy()
    obs["_k"] = obs["period"].map(_sort_key)
    obs = obs.sort_values(["_k", "metric"], ascending=[True, False]).drop(columns="_k")
    sources = tables.source_records()
    frames = []
    for period, group in obs.groupby("period", sort=False):
        ru = group[group["metric"] == RU_TO_CN]
        cn = group[group["metric"] == CN_TO_RU]
        frames.append(base.observation_rows(ru, SERIES_RU, tables))
        frames.append(base.observation_rows(cn, SERIES_CN, tables))
        if len(ru) and len(cn):
            r, c = ru.iloc[0], cn.iloc[0]
            docs = ";".join(base.doc_list(pd.concat([ru, cn])))
            approx = "approx" if {r["qualifier"], c["qualifier"]} - {"exact"} else "exact"
            frames.append(
                pd.DataFrame(
                    [
                        {
                            "series": SERIES_BALANCE,
                            "metric": "trade.balance.russia_minus_china",
                            "entity": None,
                            "period": period,
                            "status": "derived",
                            "value": float(r["value"]) - float(c["value"]),
                            "unit": "usd",
                            "qualifier": approx,
                            "n_sources": None,
                            "conflict": base.is_true(r["conflict"]) or base.is_true(c["conflict"]),
                            "rule": "difference of the two consensus figures",
                            "docs": docs,
                            "sources": base.cite_docs(base.split_docs(docs), sources),
                            "partial": base.is_true(r["partial"]),
                            "kind": "balance",
                            "formula": BALANCE_FORMULA,
                        }
                    ]
                )
            )
    return base.concat(frames, COLUMNS)


def signed_usd(value: object, qualifier: object) -> str:
    """'+$11.1 bn', '−$10.1 bn' (the sign before the currency)."""
    v = float(value)  # type: ignore[arg-type]
    mark = fmt.QUALIFIER_MARK.get(fmt.text(qualifier) or "exact", "")
    sign = "+" if v > 0 else "−" if v < 0 else ""
    return f"{mark}{sign}{fmt.format_value(abs(v), 'usd')}"


def _is_partial(rows: pd.DataFrame) -> pd.Series:
    return rows["period"].map(lambda p: fmt.year_of(p) is None).astype(bool)


def figure(rows: pd.DataFrame, state: State) -> go.Figure:
    partial = _is_partial(rows)
    has_partial = bool(partial.any())
    fig = make_subplots(
        rows=2 if has_partial else 1,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.68, 0.32] if has_partial else [1.0],
        vertical_spacing=0.12,
        subplot_titles=(("Whole years", "Part-year figures") if has_partial else None),
    )
    for panel, mask in ((1, ~partial), (2, partial)):
        part = rows[mask]
        if part.empty:
            continue
        balance = part[part["series"] == SERIES_BALANCE]
        if len(balance):
            fig.add_trace(
                go.Bar(
                    name="Balance: Russia's exports minus China's",
                    meta={"legend": (COLORS[SERIES_BALANCE], "bar")},
                    x=base.x_dates(balance),
                    y=[float(v) / SCALE for v in balance["value"]],
                    marker={"color": COLORS[SERIES_BALANCE], "opacity": 0.55},
                    # labels on whole years only: part-year bars sit too close together
                    text=[
                        signed_usd(v, q) if panel == 1 else ""
                        for v, q in zip(balance["value"], balance["qualifier"], strict=True)
                    ],
                    textposition="outside",
                    constraintext="none",  # never shrink the label to the bar's width
                    textfont={"size": 11, "color": "#00573f"},
                    cliponaxis=False,
                    width=1000 * 3600 * 24 * 150,  # five months, in ms on a date axis
                    customdata=base.row_ids(balance),
                    hovertext=base.hover_for(balance),
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=panel,
                col=1,
            )
        for series, symbol in ((SERIES_RU, "circle"), (SERIES_CN, "diamond")):
            flow = part[part["series"] == series]
            if flow.empty:
                continue
            if panel == 1:
                for trace in base.line_traces(flow, series, COLORS[series], SCALE):
                    fig.add_trace(trace, row=panel, col=1)
            fig.add_trace(
                go.Scatter(
                    name=series,
                    meta={
                        "legend": (COLORS[series], "circle" if symbol == "circle" else "diamond")
                    },
                    x=base.x_dates(flow),
                    y=[float(v) / SCALE for v in flow["value"]],
                    mode="markers",
                    marker={"size": 9, "symbol": symbol, "color": COLORS[series]},
                    customdata=base.row_ids(flow),
                    hovertext=base.hover_for(flow),
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=panel,
                col=1,
            )
        fig.update_yaxes(title_text="bn USD", rangemode="tozero", row=panel, col=1)
    base.base_layout(fig, height=480 if has_partial else 380, margin={"l": 60, "t": 30, "r": 24})
    base.date_axis(fig)
    fig.update_layout(barmode="overlay")
    fig.update_annotations(font={"size": 12, "color": "#444"}, xanchor="left", x=0)
    events.add_markers(fig, events.within(rows["period"]), above_titles=True)
    return fig


def describe(rows: pd.DataFrame, tables: Tables, state: State) -> ChartText:
    title = "Trade in each direction: Russia's exports to China and China's exports to Russia"
    balance = rows[(rows["series"] == SERIES_BALANCE) & ~_is_partial(rows)]
    alt = "Time chart of the two directions of China–Russia trade and their balance."
    if len(balance):
        last = balance.iloc[-1]
        same = rows[rows["period"] == last["period"]]
        ru = same[same["series"] == SERIES_RU].iloc[0]
        cn = same[same["series"] == SERIES_CN].iloc[0]
        surplus = float(last["value"])
        who = "Russia" if surplus >= 0 else "China"
        title = (
            f"In {last['period']} Russia sold China "
            f"{fmt.format_value(ru['value'], 'usd', ru['qualifier'])} of goods and bought "
            f"{fmt.format_value(cn['value'], 'usd', cn['qualifier'])}: a "
            f"{fmt.format_value(abs(surplus), 'usd', last['qualifier'])} surplus for {who}"
        )
        alt = (
            "Time chart of Russia's exports to China and China's exports to Russia with their "
            "balance; "
            + "; ".join(
                f"{r['period']}: balance {fmt.format_value(r['value'], 'usd', r['qualifier'])}"
                for r in base.records(rows[rows["series"] == SERIES_BALANCE])
            )
            + "."
        )
    notes = [
        "The balance is Russia's exports to China minus China's exports to Russia for the same "
        "period, computed here from the two consensus figures; positive means a Russian "
        "surplus.",
        "Each direction is as the sources state it (usually Chinese customs figures); the two "
        "countries' own statistics differ.",
    ]
    flows = rows[rows["series"].isin([SERIES_RU, SERIES_CN]) & ~_is_partial(rows)]
    gaps = base.missing_years(flows)
    if gaps:
        notes.append(
            "No annual figure for "
            + ", ".join(gaps)
            + ": dotted grey lines only bridge those years."
        )
    if _is_partial(rows).any():
        notes.append(
            "Part-year figures cover only the months of their period (shown in the lower panel; "
            "the Part-year chart sets them against the same months a year earlier)."
        )
    return ChartText(
        title=title,
        subtitle=(
            "Russia's exports of goods to China (blue) and China's exports to Russia "
            "(vermillion), billion US dollars, with the balance between them (green bars)."
        ),
        footnotes=tuple(notes),
        alt=alt,
    )


CHART = Chart(
    id=CHART_ID,
    name="Directions and balance",
    metrics=(RU_TO_CN, CN_TO_RU),
    select=select,
    describe=describe,
    figure=figure,
    extra_columns=EXTRA_COLUMNS,
    events=True,
)
