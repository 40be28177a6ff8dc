"""`trade-turnover`: China–Russia turnover by year.

Every source's figure is a point, the consensus a line with the range where sources
disagree (on the primary reporting basis, Chinese customs; "both customs" adds the Russian
customs series as its own dashed line), declared targets are marked, the compound growth
between the first and last year is annotated, and part-year figures sit in their own panel,
never joined to the annual line.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import events, fmt, trust
from dashboard.charts import base, doubt
from dashboard.charts.base import OKABE_ITO, Chart, ChartText, Option, State
from dashboard.data import Tables
from etl.tables.basis import OTHER, PRIMARY

CHART_ID = "trade-turnover"
METRIC = "trade.bilateral.value"
TARGET = "trade.bilateral.target"
SCALE = 1e9  # plotted in billions of US dollars

SERIES_CONSENSUS = "consensus (annual)"
SERIES_OTHER_BASIS = "consensus (annual, Russian customs)"
SERIES_SOURCE = "source figure (annual)"
SERIES_PARTIAL = "part-year figure"
SERIES_TARGET = "declared target"
SERIES_CAGR = "compound annual growth"

EXTRA_COLUMNS = ("partial", "kind", "formula", *trust.TRUST_COLUMNS)
COLUMNS = (*base.BASE_COLUMNS, *EXTRA_COLUMNS)
SCALE_OPTION = Option("scale", "Scale", (("linear", "Linear"), ("log", "Logarithmic")), "linear")
BOTH = "both"
BASIS_OPTION = Option(
    "basis",
    "Reporting basis",
    ((PRIMARY, "Chinese customs"), (BOTH, "Both customs")),
    PRIMARY,
)


def _cagr_rows(tables: Tables, first: int | None, last: int | None) -> pd.DataFrame:
    derived = tables.derived
    kind = derived["kind"].astype(str).str.lower()
    mask = (kind.str.contains("cagr") | kind.str.contains("compound")) & derived["metric"].astype(
        str
    ).str.startswith("trade.bilateral")
    cagr = derived[mask]
    if cagr.empty or first is None or last is None:
        return cagr.iloc[0:0]
    exact = cagr[cagr["period"] == f"{first}/{last}"]
    if len(exact):
        return exact.iloc[:1]

    def span(period: object) -> int:
        bounds = fmt.period_bounds(period)
        return int(bounds[1] - bounds[0]) if bounds else -1

    widest = cagr.assign(_span=cagr["period"].map(span)).sort_values("_span", ascending=False)
    return widest.iloc[:1].drop(columns="_span")


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = tables.observations
    values = base.of_metric(obs, METRIC)
    actual = values[values["status"] == "actual"]
    partial_mask = actual["partial"].map(base.is_true).astype(bool)
    yearly = base.annual(actual[~partial_mask]).sort_values("period")
    partial = actual[partial_mask].sort_values("period")

    both = state.get("basis") == BOTH
    other = base.of_metric(tables.observations_all, METRIC)
    other = other[(other["status"] == "actual") & (other["basis"] == OTHER)]
    other = base.annual(other[~other["partial"].map(base.is_true).astype(bool)])
    other = other.sort_values("period") if both else other.iloc[0:0]

    facts = base.of_metric(tables.facts, METRIC)
    periods = set(yearly["period"]) | set(other["period"])
    facts = facts[(facts["status"] == "actual") & facts["period"].isin(periods)]
    facts = base.fact_rows(facts.sort_values(["period", "doc"]), SERIES_SOURCE, tables)
    if not both and "basis" in facts:
        facts = facts[facts["basis"] != OTHER]

    targets = base.of_metric(obs, TARGET).sort_values("period")

    years = [fmt.year_of(p) for p in yearly["period"]]
    first = min((y for y in years if y is not None), default=None)
    last = max((y for y in years if y is not None), default=None)
    cagr = _cagr_rows(tables, first, last)
    sources = tables.source_records()
    cagr_rows = cagr.assign(
        series=SERIES_CAGR,
        basis=PRIMARY,  # derived from the primary series
        qualifier="exact",
        status="derived",
        docs="",
        sources="",
        n_sources=None,
    )
    if len(cagr_rows):
        cagr_rows["docs"] = ";".join(
            base.doc_list(yearly[yearly["period"].isin([str(first), str(last)])])
        )
        cagr_rows["sources"] = [
            base.cite_docs(base.split_docs(d), sources) for d in cagr_rows["docs"]
        ]
    return base.concat(
        [
            base.observation_rows(yearly, SERIES_CONSENSUS, tables),
            base.observation_rows(other, SERIES_OTHER_BASIS, tables),
            facts,
            base.observation_rows(partial, SERIES_PARTIAL, tables),
            base.observation_rows(targets, SERIES_TARGET, tables),
            cagr_rows,
        ],
        (*COLUMNS, "fact_id", "fact_ids"),
    )


def _part(rows: pd.DataFrame, series: str) -> pd.DataFrame:
    return rows[rows["series"] == series]


def target_labels(targets: pd.DataFrame) -> list[str]:
    """'target $100 bn', left blank when it repeats the previous target's value (no overlap)."""
    labels, previous = [], None
    for value in targets["value"]:
        label = f"target {fmt.format_value(value, 'usd')}"
        labels.append("" if label == previous else label)
        previous = label
    return labels


def latest_change(consensus: pd.DataFrame) -> tuple[str, str, float] | None:
    """(previous period, last period, change in percent) between the last two annual figures."""
    if len(consensus) < 2:
        return None
    prev, last = consensus.iloc[-2], consensus.iloc[-1]
    if not float(prev["value"]):
        return None
    return (
        str(prev["period"]),
        str(last["period"]),
        (float(last["value"]) / float(prev["value"]) - 1) * 100,
    )


def change_phrase(change: tuple[str, str, float]) -> str:
    """'latest: +2.0 % in 2024' (or 'from 2019 to 2023' when the years are not consecutive)."""
    prev, last, pct = change
    years = (fmt.year_of(prev), fmt.year_of(last))
    when = (
        f"in {last}"
        if years[0] is not None and years[1] is not None and years[1] - years[0] == 1
        else f"from {prev} to {last}"
    )
    return f"latest change {pct:+.1f} % {when}"


RANGE_NAME = "Range across sources (vermillion whiskers)"
PART_COLOR = "#9c4f80"  # a darker reddish purple than Okabe–Ito's, for contrast on white


def figure(rows: pd.DataFrame, state: State) -> go.Figure:
    consensus = _part(rows, SERIES_CONSENSUS)
    other = _part(rows, SERIES_OTHER_BASIS)
    sources = _part(rows, SERIES_SOURCE)
    partial = _part(rows, SERIES_PARTIAL)
    targets = _part(rows, SERIES_TARGET)
    cagr = _part(rows, SERIES_CAGR)
    has_partial = len(partial) > 0
    if has_partial:
        fig = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            row_heights=[0.72, 0.28],
            vertical_spacing=0.1,
            subplot_titles=("", "Part-year figures"),
        )
    else:
        fig = go.Figure()
    where = {"row": 1, "col": 1} if has_partial else {}

    def vals(frame: pd.DataFrame, column: str = "value") -> list[float]:
        return [float(v) / SCALE for v in frame[column]]

    if len(consensus):
        for trace in base.line_traces(consensus, "Consensus", OKABE_ITO["blue"], SCALE):
            fig.add_trace(trace, **where)
        upper = [
            (float(hi) - float(v)) / SCALE if not fmt.is_missing(hi) else 0.0
            for v, hi in zip(consensus["value"], consensus["value_max"], strict=True)
        ]
        lower = [
            (float(v) - float(lo)) / SCALE if not fmt.is_missing(lo) else 0.0
            for v, lo in zip(consensus["value"], consensus["value_min"], strict=True)
        ]
        if any(upper) or any(lower):
            fig.add_trace(
                go.Scatter(
                    x=[],
                    y=[],
                    name=RANGE_NAME,
                    meta={"legend": (OKABE_ITO["vermillion"], "whisker")},
                    hoverinfo="skip",
                ),
                **where,
            )
        fig.add_trace(
            go.Scatter(
                name="Consensus (annual)",
                meta={"legend": (OKABE_ITO["blue"], "line")},
                x=base.x_dates(consensus),
                y=vals(consensus),
                mode="markers",
                marker={"size": 7, "color": OKABE_ITO["blue"]},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": upper,
                    "arrayminus": lower,
                    "color": OKABE_ITO["vermillion"],
                    "thickness": 2.5,
                    "width": 7,
                },
                customdata=base.row_ids(consensus),
                hovertext=base.hover_for(consensus),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            **where,
        )
    if len(other):
        # consecutive years joined by the dashed line, gaps by the dotted grey one
        for trace in base.line_traces(other, "Russian customs", OKABE_ITO["green"], SCALE, "dash"):
            fig.add_trace(trace, **where)
        fig.add_trace(
            go.Scatter(
                name="Russian customs",
                meta={"legend": (OKABE_ITO["green"], "dash")},
                x=base.x_dates(other),
                y=vals(other),
                mode="markers",
                marker={"size": 7, "color": OKABE_ITO["green"], "symbol": "square"},
                customdata=base.row_ids(other),
                hovertext=base.hover_for(other),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            **where,
        )
    if len(sources):
        fig.add_trace(
            go.Scatter(
                name="One source's figure",
                meta={"legend": (OKABE_ITO["sky"], "circle-open")},
                x=base.x_dates(sources),
                y=vals(sources),
                mode="markers",
                marker={
                    "size": 9,
                    "symbol": "circle-open",
                    "color": OKABE_ITO["sky"],
                    "line": {"width": 2},
                },
                customdata=base.row_ids(sources),
                hovertext=base.hover_for(sources),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            **where,
        )
    if len(targets):
        fig.add_trace(
            go.Scatter(
                name="Declared target",
                meta={"legend": (OKABE_ITO["orange"], "diamond-open")},
                x=base.x_dates(targets),
                y=vals(targets),
                mode="markers+text",
                marker={
                    "size": 12,
                    "symbol": "diamond-open",
                    "color": OKABE_ITO["orange"],
                    "line": {"width": 2.5},
                },
                text=target_labels(targets),
                textposition="top center",  # above the diamond: clear of the annual line
                textfont={"color": "#6b4700", "size": 11},
                customdata=base.row_ids(targets),
                hovertext=base.hover_for(targets),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            **where,
        )
    doubt.ring(fig, pd.concat([consensus, sources]), base.x_dates, vals, **where)
    if has_partial:
        # each part-year figure spans its months: a short horizontal bar, its point in the middle
        span_x: list[str | None] = []
        span_y: list[float | None] = []
        for period, value in zip(partial["period"], vals(partial), strict=True):
            span = fmt.period_dates(period)
            if span is not None:
                span_x += [span[0].isoformat(), span[1].isoformat(), None]
                span_y += [value, value, None]
        fig.add_trace(
            go.Scatter(
                x=span_x,
                y=span_y,
                mode="lines",
                line={"color": PART_COLOR, "width": 3},
                hoverinfo="skip",
                name="part-year span",
            ),
            row=2,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="Part-year figure (the bar spans its months)",
                meta={"legend": (PART_COLOR, "square")},
                x=base.x_dates(partial),
                y=vals(partial),
                mode="markers",
                marker={"size": 8, "symbol": "square", "color": PART_COLOR},
                customdata=base.row_ids(partial),
                hovertext=base.hover_for(partial),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=2,
            col=1,
        )
        doubt.ring(fig, partial, base.x_dates, vals, row=2, col=1)
        fig.update_yaxes(title_text="bn USD", row=2, col=1, rangemode="tozero")
    for row in base.records(cagr):
        fig.add_annotation(
            text=(f"{fmt.format_period(row['period'])}:<br>{float(row['value']):+.1f} % a year"),
            xref="paper",
            yref="paper",
            x=0.01,
            y=0.99,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            bgcolor="rgba(255,255,255,0.85)",
            bordercolor="#d9d9d9",
            borderwidth=1,
            font={"size": 12, "color": "#222"},
        )
    base.base_layout(fig, height=470 if has_partial else 390, margin={"l": 64, "t": 16, "r": 24})
    log = state.get("scale") == "log"
    fig.update_yaxes(
        title_text="billion US dollars" if not has_partial else "bn USD",
        type="log" if log else "linear",
        rangemode="normal" if log else "tozero",
        **where,
    )
    base.date_axis(fig)
    events.add_markers(fig, events.within(rows["period"]))
    return fig


def describe(rows: pd.DataFrame, tables: Tables, state: State) -> ChartText:
    consensus = _part(rows, SERIES_CONSENSUS)
    cagr = _part(rows, SERIES_CAGR)
    title = "China–Russia trade turnover by year"
    alt = "Line chart of China–Russia trade turnover: no annual figures in the tables."
    if len(consensus):
        first, last = consensus.iloc[0], consensus.iloc[-1]
        first_v = fmt.format_value(first["value"], "usd", first["qualifier"])
        last_v = fmt.format_value(last["value"], "usd", last["qualifier"])
        title = (
            f"China–Russia trade rose from {first_v} in {first['period']} "
            f"to {last_v} in {last['period']}"
        )
        if len(cagr):
            title += f", {float(cagr.iloc[0]['value']):+.1f} % a year"
        change = latest_change(consensus)
        if change is not None:
            title += f"; {change_phrase(change)}"
        alt = (
            f"Line chart of China–Russia trade turnover on a time axis, {len(consensus)} annual "
            f"consensus figures from {first['period']} ({first_v}) to {last['period']} "
            f"({last_v}), with {len(_part(rows, SERIES_SOURCE))} individual source figures "
            "as points"
        )
        partial = _part(rows, SERIES_PARTIAL)
        if len(partial):
            alt += f" and {len(partial)} part-year figures in a separate panel"
        alt += "."
    notes: list[str] = []
    gaps = base.missing_years(consensus)
    if gaps:
        notes.append(
            "No annual figure in the tables for "
            + ", ".join(gaps)
            + ": the dotted grey line only bridges those years, it is not data."
        )
    conflicts = consensus[consensus["conflict"].map(base.is_true).astype(bool)]
    for row in base.records(conflicts):
        notes.append(
            f"{row['period']}: sources disagree "
            f"({fmt.format_value(row['value_min'], 'usd')} to "
            f"{fmt.format_value(row['value_max'], 'usd')}); the blue dot shows "
            f"{fmt.format_value(row['value'], 'usd')} ({row['rule']}), the vermillion "
            "(orange-red) whisker the range."
        )
    approx = consensus[consensus["qualifier"].isin(["approx", "at_least", "at_most"])]
    if len(approx):
        listed = ", ".join(
            f"{r['period']} {fmt.format_value(r['value'], 'usd', r['qualifier'])}"
            for r in base.records(approx)
        )
        notes.append(f"Approximate or bounded figures (≈ about, ≥ at least, ≤ at most): {listed}.")
    if len(_part(rows, SERIES_PARTIAL)):
        notes.append(
            "Part-year figures cover only the months in their period and are shown apart, "
            "never joined to the annual line; the Part-year chart compares each with the same "
            "months a year earlier."
        )
    notes += doubt.footnotes(rows, "usd")
    if len(cagr):
        growth = base.records(cagr)[0]
        notes.append(
            f"Compound annual growth {fmt.format_period(growth['period'])} is derived from the "
            f"consensus figures: {fmt.text(growth['formula'])}."
        )
    return ChartText(
        title=title,
        subtitle=(
            f"{fmt.metric_definition(METRIC)} Billion US dollars, current prices, by calendar "
            "year; blue dots are the consensus of the sources on Chinese customs statistics, "
            "open circles single sources' figures, numbered lines events."
            + (
                " The dashed green line is Russian customs' own series."
                if len(_part(rows, SERIES_OTHER_BASIS))
                else ""
            )
        ),
        footnotes=tuple(notes),
        alt=alt,
    )


CHART = Chart(
    id=CHART_ID,
    name="Trade turnover",
    metrics=(METRIC, TARGET),
    select=doubt.with_trust(select),
    describe=describe,
    figure=figure,
    extra_columns=EXTRA_COLUMNS,
    options=(SCALE_OPTION, BASIS_OPTION, doubt.OPTION),
    data_options=("basis", doubt.OPTION.name),
    events=True,
)
