"""`dependence`: China's share of Russia's trade against Russia's share of China's.

Both shares on one percent axis over calendar time, joined by a grey bar in the years that
have both, with the asymmetry ratio (from the `derived` table) written above those years; a
share whose partner is not reported is an open circle.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import events, fmt
from dashboard.charts import base
from dashboard.charts.base import OKABE_ITO, Chart, ChartText, State
from dashboard.data import Tables

CHART_ID = "dependence"
CHINA_IN_RUSSIA = "trade.share.china_in_russia"
RUSSIA_IN_CHINA = "trade.share.russia_in_china"

SERIES_CR = "China's share of Russia's trade"
SERIES_RC = "Russia's share of China's trade"
SERIES_RATIO = "asymmetry ratio"
COLORS = {SERIES_CR: OKABE_ITO["vermillion"], SERIES_RC: OKABE_ITO["blue"]}

EXTRA_COLUMNS = ("kind", "formula")
COLUMNS = (*base.BASE_COLUMNS, *EXTRA_COLUMNS)


def _ratio_rows(tables: Tables) -> pd.DataFrame:
    derived = tables.derived
    kind = derived["kind"].astype(str).str.lower()
    metric = derived["metric"].astype(str).str.lower()
    mask = kind.str.contains("asymmetry") | metric.str.contains("asymmetry")
    ratios = derived[mask]
    return base.annual(ratios).sort_values("period")


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = tables.observations
    shares = base.of_metric(obs, CHINA_IN_RUSSIA, RUSSIA_IN_CHINA)
    shares = shares[shares["status"] == "actual"]
    shares = base.annual(shares[~shares["partial"].map(base.is_true).astype(bool)])
    shares = shares.sort_values(["period", "metric"])
    cr = base.observation_rows(shares[shares["metric"] == CHINA_IN_RUSSIA], SERIES_CR, tables)
    rc = base.observation_rows(shares[shares["metric"] == RUSSIA_IN_CHINA], SERIES_RC, tables)
    ratios = _ratio_rows(tables).copy()
    sources = tables.source_records()
    ratios["series"] = SERIES_RATIO
    ratios["status"] = "derived"
    ratios["qualifier"] = "exact"
    docs = []
    for period in ratios["period"]:
        used = shares[shares["period"] == period]
        docs.append(";".join(base.doc_list(used)))
    ratios["docs"] = docs
    ratios["sources"] = [base.cite_docs(base.split_docs(d), sources) for d in docs]
    frame = base.concat([cr, rc, ratios], COLUMNS)
    order = {SERIES_CR: 0, SERIES_RC: 1, SERIES_RATIO: 2}
    frame["_o"] = frame["series"].map(order)
    frame = frame.sort_values(["period", "_o"], kind="stable").drop(columns="_o")
    return frame.reset_index(drop=True)


def ratio_mark(rows: pd.DataFrame, period: object) -> str:
    """'≈' when either share behind a year's ratio is approximate or bounded, else ''."""
    shares = rows[rows["series"].isin([SERIES_CR, SERIES_RC]) & (rows["period"] == period)]
    return "≈" if (shares["qualifier"] != "exact").any() else ""


def figure(rows: pd.DataFrame, state: State) -> go.Figure:
    fig = go.Figure()
    shares = rows[rows["series"].isin([SERIES_CR, SERIES_RC])]
    counts = shares.groupby("period")["series"].nunique()
    paired = {str(p) for p, n in counts.items() if n >= 2}
    # connectors: one grey segment per year that has both shares
    xs: list[str | None] = []
    ys: list[float | None] = []
    for year in sorted(paired):
        values = [float(v) for v in shares[shares["period"] == year]["value"]]
        xs += [fmt.period_mid(year), fmt.period_mid(year), None]
        ys += [min(values), max(values), None]
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "#c8c8c8", "width": 6},
                hoverinfo="skip",
                name="connector",
            )
        )
    for series in (SERIES_CR, SERIES_RC):
        part = shares[shares["series"] == series]
        if part.empty:
            continue
        for trace in base.line_traces(part, series, COLORS[series]):
            fig.add_trace(trace)
        alone = [str(p) not in paired for p in part["period"]]
        fig.add_trace(
            go.Scatter(
                name=series,
                meta={"legend": (COLORS[series], "circle")},
                x=base.x_dates(part),
                y=[float(v) for v in part["value"]],
                mode="markers+text",
                marker={
                    "size": 12,
                    "color": ["#ffffff" if a else COLORS[series] for a in alone],
                    "line": {"width": 2, "color": COLORS[series]},
                },
                text=[
                    fmt.format_value(v, "percent", q)
                    for v, q in zip(part["value"], part["qualifier"], strict=True)
                ],
                # alternate above and below, so labels of neighbouring years do not collide
                textposition=[
                    ("top center" if i % 2 == 0 else "bottom center")
                    if series == SERIES_CR
                    else "bottom center"
                    for i in range(len(part))
                ],
                textfont={"size": 11, "color": "#333"},
                cliponaxis=False,
                customdata=base.row_ids(part),
                hovertext=base.hover_for(part),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if any(str(p) not in paired for p in shares["period"]):
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                name="Open circle: the other share is not reported for that year",
                meta={"legend": ("#555555", "circle-open")},
                hoverinfo="skip",
            )
        )
    ratios = rows[rows["series"] == SERIES_RATIO]
    if len(ratios):
        # the ratio sits beside the middle of its year's connector
        middles = {
            str(p): float(shares[shares["period"] == p]["value"].agg(["min", "max"]).mean())
            for p in ratios["period"]
        }
        fig.add_trace(
            go.Scatter(
                name="Asymmetry (China in Russia ÷ Russia in China)",
                x=base.x_dates(ratios),
                y=[middles.get(str(p), 0.0) for p in ratios["period"]],
                mode="text",
                text=[
                    f"<b>{ratio_mark(rows, p)}{float(v):.1f}×</b>"
                    for p, v in zip(ratios["period"], ratios["value"], strict=True)
                ],
                textposition="middle left",
                textfont={"size": 14, "color": "#222"},
                cliponaxis=False,
                customdata=base.row_ids(ratios),
                hovertext=base.hover_for(ratios),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    base.base_layout(fig, height=360, margin={"l": 56, "b": 40, "t": 24, "r": 24})
    top = max((float(v) for v in shares["value"]), default=10.0)
    fig.update_yaxes(
        title_text="% of the partner's trade",
        ticksuffix=" %",
        range=[0, top * 1.25],
    )
    base.date_axis(fig)
    years = [d for d in base.x_dates(shares) if d]
    if years:  # half a year of room either side, so end labels stay inside
        first, last = min(years)[:4], max(years)[:4]
        fig.update_xaxes(range=[f"{int(first) - 1}-07-01", f"{int(last) + 1}-10-01"])
    events.add_markers(fig, events.within(shares["period"]))
    return fig


def describe(rows: pd.DataFrame, tables: Tables, state: State) -> ChartText:
    ratios = rows[rows["series"] == SERIES_RATIO]
    title = "China matters far more to Russia's trade than Russia to China's"
    alt = "Time chart of the two trade shares by year."
    if len(ratios):
        latest = ratios.iloc[-1]
        year = latest["period"]
        same = rows[rows["period"] == year]
        cr = same[same["series"] == SERIES_CR]
        rc = same[same["series"] == SERIES_RC]
        if len(cr) and len(rc):
            cr_v = fmt.format_value(cr.iloc[0]["value"], "percent", cr.iloc[0]["qualifier"])
            rc_v = fmt.format_value(rc.iloc[0]["value"], "percent", rc.iloc[0]["qualifier"])
            title = (
                f"In {year} China took {cr_v} of Russia's trade and Russia {rc_v} of China's: "
                f"China's share is {ratio_mark(rows, year)}{float(latest['value']):.1f} times "
                "Russia's"
            )
        alt = (
            "Time chart by year of China's share of Russia's external trade against "
            "Russia's share of China's; "
            + "; ".join(
                f"{r['period']}: ratio {float(r['value']):.1f}" for r in base.records(ratios)
            )
            + "."
        )
    notes = [
        "The ratio is China's share of Russia's trade divided by Russia's share of China's, "
        "computed in the derived table only for years where both shares are reported."
    ]
    single = []
    shares = rows[rows["series"].isin([SERIES_CR, SERIES_RC])]
    for year, group in shares.groupby("period"):
        if len(group) == 1:
            single.append(str(year))
    if single:
        notes.append(f"Only one of the two shares is reported for: {', '.join(single)}.")
    conflicts = shares[shares["conflict"].map(base.is_true).astype(bool)]
    for row in base.records(conflicts):
        notes.append(
            f"{row['series']} {row['period']}: sources range from "
            f"{fmt.format_value(row['value_min'], 'percent')} to "
            f"{fmt.format_value(row['value_max'], 'percent')}."
        )
    approx = shares[shares["qualifier"].isin(["approx", "at_least", "at_most"])]
    if len(approx):
        notes.append(
            "Approximate figures: "
            + ", ".join(
                f"{r['series']} {r['period']} "
                f"{fmt.format_value(r['value'], 'percent', r['qualifier'])}"
                for r in base.records(approx)
            )
            + "."
        )
    return ChartText(
        title=title,
        subtitle=(
            f"{fmt.metric_definition(CHINA_IN_RUSSIA)} Against it: "
            f"{fmt.metric_definition(RUSSIA_IN_CHINA)} Percent, per calendar year."
        ),
        footnotes=tuple(notes),
        alt=alt,
    )


CHART = Chart(
    id=CHART_ID,
    name="Dependence",
    metrics=(CHINA_IN_RUSSIA, RUSSIA_IN_CHINA),
    select=select,
    describe=describe,
    figure=figure,
    extra_columns=EXTRA_COLUMNS,
    events=True,
)
