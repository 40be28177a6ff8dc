"""`part-year`: year-to-date figures against the same months a year earlier.

For every part-year figure of turnover and of each direction: the figure, the same months a
year earlier (from the tables when a source states it, otherwise implied by the change the
source states, and marked so), and the change between them. The pair of bars ends where the
later period ends (the date a year-to-date figure reaches) on a time axis; one panel per flow.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import events, fmt
from dashboard.charts import base
from dashboard.charts.base import OKABE_ITO, Chart, ChartText, State
from dashboard.data import Tables

CHART_ID = "part-year"
FLOWS: tuple[tuple[str, str, str], ...] = (
    ("trade.bilateral.value", "trade.bilateral.growth", "Turnover"),
    ("trade.russia_to_china.value", "trade.russia_to_china.growth", "Russia's exports to China"),
    ("trade.china_to_russia.value", "trade.china_to_russia.growth", "China's exports to Russia"),
)
SCALE = 1e9

SERIES_NOW = "part-year figure"
SERIES_EARLIER = "same months a year earlier"
SERIES_IMPLIED = "same months a year earlier (implied by the stated change)"
SERIES_CHANGE = "change on a year earlier"
IMPLIED_FORMULA = "value / (1 + stated_change / 100)"
CHANGE_FORMULA = "100 * (value / value a year earlier - 1)"
EXTRA_COLUMNS = ("partial", "kind", "formula", "stated_change")
COLUMNS = (*base.BASE_COLUMNS, *EXTRA_COLUMNS)
COLORS = {SERIES_NOW: OKABE_ITO["blue"], SERIES_EARLIER: OKABE_ITO["sky"]}


#: A stated change this far (percentage points) from the two figures' change gets a note.
STATED_DIFFERS_PP = 1.0


def _flow_of(growth_metric: str) -> str:
    return next((m for m, g, _l in FLOWS if g == growth_metric), growth_metric)


def _label(metric: str) -> str:
    return next((label for m, _g, label in FLOWS if m == metric), metric)


def _one(frame: pd.DataFrame, metric: str, period: str) -> dict[str, Any] | None:
    hit = frame[(frame["metric"] == metric) & (frame["period"] == period)]
    return base.records(hit)[0] if len(hit) else None


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = tables.observations
    obs = obs[(obs["status"] == "actual") & obs["partial"].map(base.is_true).astype(bool)]
    sources = tables.source_records()
    frames: list[pd.DataFrame] = []
    for metric, growth_metric, _label_text in FLOWS:
        values = obs[obs["metric"] == metric]
        values = values.assign(_k=values["period"].map(lambda p: fmt.period_dates(p) or ()))
        for now in base.records(values.sort_values("_k").drop(columns="_k")):
            period = str(now["period"])
            earlier_period = fmt.shift_year(period, -1)
            if earlier_period is None:
                continue
            stated = _one(obs, growth_metric, period)
            stated_change = float(stated["value"]) if stated else None
            earlier = _one(obs, metric, earlier_period)
            if earlier is not None:
                before = base.observation_rows(pd.DataFrame([earlier]), SERIES_EARLIER, tables)
            elif stated is not None and stated_change is not None and stated_change > -100:
                docs = ";".join(base.split_docs(stated["docs"]))
                before = pd.DataFrame(
                    [
                        {
                            **{k: stated.get(k) for k in ("entity", "n_sources", "conflict")},
                            "metric": metric,
                            "period": earlier_period,
                            "status": "derived",
                            "value": float(now["value"]) / (1 + stated_change / 100),
                            "unit": now["unit"],
                            "qualifier": "approx",
                            "rule": "implied by the stated change",
                            "docs": docs,
                            "sources": base.cite_docs(base.split_docs(docs), sources),
                            "partial": True,
                            "kind": "implied",
                            "formula": IMPLIED_FORMULA,
                            "series": SERIES_IMPLIED,
                        }
                    ]
                )
            else:
                continue  # nothing to compare it with
            current = base.observation_rows(pd.DataFrame([now]), SERIES_NOW, tables)
            prior = float(before.iloc[0]["value"])
            docs = ";".join(base.doc_list(pd.concat([current, before])))
            change = pd.DataFrame(
                [
                    {
                        "series": SERIES_CHANGE,
                        "metric": growth_metric,
                        "entity": None,
                        "period": period,
                        "status": "derived",
                        "value": (float(now["value"]) / prior - 1) * 100 if prior else None,
                        "unit": "percent",
                        # implied: the change is the one the source states, as it states it
                        "qualifier": (
                            fmt.text(stated["qualifier"]) if earlier is None and stated else "exact"
                        ),
                        "rule": "change between the two bars",
                        "docs": docs,
                        "sources": base.cite_docs(base.split_docs(docs), sources),
                        "partial": True,
                        "kind": "change",
                        "formula": CHANGE_FORMULA,
                        "stated_change": stated_change,
                    }
                ]
            )
            frames += [before, current.assign(stated_change=stated_change), change]
    return base.concat(frames, COLUMNS)


#: Bar width and the gap between a pair's two bars, in days on the date axis.
BAR_DAYS = 42
PAIR_GAP_DAYS = 4


#: Colour and marker of each flow's change (Okabe–Ito; shapes tell them apart without colour).
CHANGE_STYLE = {
    "trade.bilateral.value": (OKABE_ITO["black"], "circle"),
    "trade.russia_to_china.value": (OKABE_ITO["blue"], "diamond"),
    "trade.china_to_russia.value": (OKABE_ITO["vermillion"], "square"),
}


def compared_at(rows: pd.DataFrame) -> pd.Series:
    """The part-year period each row belongs to (a year-earlier row: the later period)."""
    at = rows["period"].copy()
    earlier = rows["series"].isin([SERIES_EARLIER, SERIES_IMPLIED])
    at[earlier] = [fmt.shift_year(p, 1) for p in rows.loc[earlier, "period"]]
    return at


def _end(period: object, days_before: float = 0.0) -> str | None:
    """Where a bar goes: the end of the period it is compared at (the date the year-to-date
    figure reaches), moved `days_before` earlier."""
    span = fmt.period_dates(period)
    if span is None:
        return None
    return (span[1] - timedelta(days=days_before)).isoformat()


def figure(rows: pd.DataFrame, state: State) -> go.Figure:
    at = compared_at(rows)
    panels = [m for m, _g, _l in FLOWS if (rows["metric"] == m).any()]
    growth_of = {g: m for m, g, _l in FLOWS}
    panel_of = rows["metric"].map(lambda m: growth_of.get(str(m), str(m)))
    changes = rows[rows["series"] == SERIES_CHANGE]
    change_row = len(panels) + 1
    fig = make_subplots(
        rows=change_row,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.45 / change_row,
        subplot_titles=[
            *(_label(m) + ", bn USD" for m in panels),
            "Change on the same months a year earlier, %",
        ],
    )
    bar_ms = BAR_DAYS * 24 * 3600 * 1000
    now_shift = BAR_DAYS / 2  # the later bar ends at the period's end
    before_shift = BAR_DAYS * 1.5 + PAIR_GAP_DAYS
    for number, metric in enumerate(panels, start=1):
        mine = rows[panel_of == metric]
        for series, name, style in (
            (SERIES_EARLIER, "Same months a year earlier (stated)", "bar-light"),
            (SERIES_IMPLIED, "Same months a year earlier (implied by the stated change)", "hatch"),
            (SERIES_NOW, "Part-year figure", "bar"),
        ):
            part = mine[mine["series"] == series]
            if part.empty:
                continue
            color = OKABE_ITO["blue"] if series == SERIES_NOW else OKABE_ITO["sky"]
            shift = now_shift if series == SERIES_NOW else before_shift
            fig.add_trace(
                go.Bar(
                    name=name,
                    meta={"legend": (color, "bar" if style != "hatch" else "bar-open")},
                    x=[_end(p, shift) for p in at.loc[part.index]],
                    y=[float(v) / SCALE for v in part["value"]],
                    width=bar_ms,
                    marker={
                        "color": "#ffffff" if style == "hatch" else color,
                        "line": {"color": color, "width": 1.5},
                        "pattern": {"shape": "/" if style == "hatch" else "", "fgcolor": color},
                    },
                    customdata=base.row_ids(part),
                    hovertext=base.hover_for(part),
                    hovertemplate="%{hovertext}<extra></extra>",
                    showlegend=False,
                ),
                row=number,
                col=1,
            )
        peak = max((float(v) / SCALE for v in mine[mine["unit"] == "usd"]["value"]), default=1)
        fig.update_yaxes(range=[0, peak * 1.35], row=number, col=1)
    # the changes in their own panel, one mark per flow: labels over the bars collided
    for metric, growth, label in FLOWS:
        part = changes[changes["metric"] == growth]
        if part.empty:
            continue
        color, symbol = CHANGE_STYLE[metric]
        fig.add_trace(
            go.Scatter(
                name=f"Change: {label}",
                meta={"legend": (color, symbol)},
                x=[_end(p, BAR_DAYS + PAIR_GAP_DAYS / 2) for p in part["period"]],
                y=[float(v) for v in part["value"]],
                mode="markers",
                marker={"size": 10, "color": color, "symbol": symbol},
                customdata=base.row_ids(part),
                hovertext=base.hover_for(part),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=change_row,
            col=1,
        )
    fig.update_yaxes(ticksuffix=" %", zeroline=True, zerolinewidth=2, row=change_row, col=1)
    base.base_layout(
        fig, height=max(300, 80 + 170 * change_row), margin={"l": 50, "t": 30, "r": 24}
    )
    base.date_axis(fig)
    fig.update_layout(barmode="overlay")
    fig.update_annotations(font={"size": 12, "color": "#444"}, xanchor="left", x=0)
    events.add_markers(fig, events.within(at), above_titles=True)
    return fig


def describe(rows: pd.DataFrame, tables: Tables, state: State) -> ChartText:
    change = rows[(rows["series"] == SERIES_CHANGE) & (rows["metric"] == FLOWS[0][1])]
    title = "Part-year figures against the same months a year earlier"
    if len(change):
        last = change.iloc[-1]
        now = rows[(rows["series"] == SERIES_NOW) & (rows["period"] == last["period"])]
        value = fmt.format_value(now.iloc[0]["value"], "usd", now.iloc[0]["qualifier"])
        pct = float(last["value"])
        mark = fmt.QUALIFIER_MARK.get(fmt.text(last["qualifier"]), "")
        title = (
            f"{fmt.format_period(last['period'])}: turnover {value}, "
            f"{'up' if pct >= 0 else 'down'} {mark}{abs(pct):.1f} % on the same months "
            "a year earlier"
        )
    implied = rows[rows["series"] == SERIES_IMPLIED]
    notes = [
        "Each pair compares the same calendar months in consecutive years; the lowest panel "
        "shows the change between the two bars of each pair.",
    ]
    if len(implied):
        notes.append(
            "Hatched bars: no source in the tables states the earlier months' value, so it is "
            "implied from the change the source states (value ÷ (1 + change)); ≈ marks it."
        )
    changes = rows[rows["series"] == SERIES_CHANGE]
    for row in base.records(changes):
        stated = row.get("stated_change")
        if fmt.is_missing(stated) or stated is None or fmt.is_missing(row["value"]):
            continue
        if abs(float(stated) - float(row["value"])) >= STATED_DIFFERS_PP:
            notes.append(
                f"{_label(_flow_of(str(row['metric'])))}, {fmt.format_period(row['period'])}: "
                f"the two figures give {float(row['value']):+.1f} %, the source states "
                f"{float(stated):+.1f} %."
            )
    notes.append(
        "Part-year figures with nothing to compare them with are listed on the Trade turnover "
        "and Directions charts."
    )
    return ChartText(
        title=title,
        subtitle=(
            "Year-to-date and other part-year figures of China–Russia trade (billion US "
            "dollars) beside the same months a year earlier, for turnover and each direction."
        ),
        footnotes=tuple(notes),
        alt=(
            f"Grouped bars for {len(rows[rows['series'] == SERIES_NOW])} part-year figures, "
            "each beside the same months a year earlier, with the change in percent."
        ),
    )


CHART = Chart(
    id=CHART_ID,
    name="Part-year",
    metrics=tuple(m for m, _g, _l in FLOWS),
    select=select,
    describe=describe,
    figure=figure,
    extra_columns=EXTRA_COLUMNS,
    events=True,
    event_periods=compared_at,
)
