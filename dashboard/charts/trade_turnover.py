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

from dashboard import fmt, trust
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


def _years(frame: pd.DataFrame) -> list[float]:
    out = []
    for period in frame["period"]:
        bounds = fmt.period_bounds(period)
        out.append(bounds[0] if bounds else float("nan"))
    return out


def target_labels(targets: pd.DataFrame) -> list[str]:
    """'target $100 bn', left blank when it repeats the previous target's value (no overlap)."""
    labels, previous = [], None
    for value in targets["value"]:
        label = f"target {fmt.format_value(value, 'usd')}"
        labels.append("" if label == previous else label)
        previous = label
    return labels


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
            vertical_spacing=0.08,
            subplot_titles=("", "Part-year figures"),
        )
    else:
        fig = go.Figure()
    where = {"row": 1, "col": 1} if has_partial else {}

    def vals(frame: pd.DataFrame, column: str = "value") -> list[float]:
        return [float(v) / SCALE for v in frame[column]]

    if len(consensus):
        upper = [
            (float(hi) - float(v)) / SCALE if not fmt.is_missing(hi) else 0.0
            for v, hi in zip(consensus["value"], consensus["value_max"], strict=True)
        ]
        lower = [
            (float(v) - float(lo)) / SCALE if not fmt.is_missing(lo) else 0.0
            for v, lo in zip(consensus["value"], consensus["value_min"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                name="Consensus",
                meta={"legend": (OKABE_ITO["blue"], "line")},
                x=_years(consensus),
                y=vals(consensus),
                mode="lines+markers",
                line={"color": OKABE_ITO["blue"], "width": 2.5},
                marker={"size": 7, "color": OKABE_ITO["blue"]},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": upper,
                    "arrayminus": lower,
                    "color": OKABE_ITO["vermillion"],
                    "thickness": 2,
                    "width": 5,
                },
                customdata=base.row_ids(consensus),
                hovertext=base.hover_for(consensus),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            **where,
        )
    if len(other):
        fig.add_trace(
            go.Scatter(
                name="Russian customs",
                meta={"legend": (OKABE_ITO["green"], "line")},
                x=_years(other),
                y=vals(other),
                mode="lines+markers",
                line={"color": OKABE_ITO["green"], "width": 2, "dash": "dash"},
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
                x=_years(sources),
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
                x=_years(targets),
                y=vals(targets),
                mode="markers+text",
                marker={
                    "size": 12,
                    "symbol": "diamond-open",
                    "color": OKABE_ITO["orange"],
                    "line": {"width": 2.5},
                },
                text=target_labels(targets),
                textposition="top center",
                textfont={"color": "#8a5d00", "size": 11},
                customdata=base.row_ids(targets),
                hovertext=base.hover_for(targets),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            **where,
        )
    doubt.ring(fig, pd.concat([consensus, sources]), _years, vals, **where)
    if has_partial:
        starts, ends = [], []
        for period in partial["period"]:
            bounds = fmt.period_bounds(period) or (float("nan"), float("nan"))
            starts.append(bounds[0])
            ends.append(bounds[1])
        mids = [(a + b) / 2 for a, b in zip(starts, ends, strict=True)]
        fig.add_trace(
            go.Scatter(
                name="Part-year figure",
                meta={"legend": (OKABE_ITO["purple"], "square")},
                x=mids,
                y=vals(partial),
                mode="markers",
                marker={"size": 8, "symbol": "square", "color": OKABE_ITO["purple"]},
                error_x={
                    "type": "data",
                    "array": [(b - a) / 2 for a, b in zip(starts, ends, strict=True)],
                    "color": OKABE_ITO["purple"],
                    "thickness": 2,
                    "width": 0,
                },
                customdata=base.row_ids(partial),
                hovertext=base.hover_for(partial),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=2,
            col=1,
        )
        mid = dict(zip(partial.index, mids, strict=True))
        doubt.ring(fig, partial, lambda f: [mid[i] for i in f.index], vals, row=2, col=1)
        fig.update_yaxes(title_text="bn USD", row=2, col=1, rangemode="tozero")
    for row in base.records(cagr):
        fig.add_annotation(
            text=(
                f"Compound growth {fmt.format_period(row['period'])}: "
                f"{float(row['value']):+.1f} % a year"
            ),
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
    base.base_layout(fig, height=460 if has_partial else 380, margin={"l": 64, "t": 16})
    log = state.get("scale") == "log"
    fig.update_yaxes(
        title_text="billion US dollars" if not has_partial else "bn USD",
        type="log" if log else "linear",
        rangemode="normal" if log else "tozero",
        **where,
    )
    fig.update_xaxes(tickformat="d", dtick=None)
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
        alt = (
            f"Line chart of China–Russia trade turnover, {len(consensus)} annual consensus "
            f"figures from {first['period']} ({first_v}) to {last['period']} ({last_v}), "
            f"with {len(_part(rows, SERIES_SOURCE))} individual source figures as points"
        )
        partial = _part(rows, SERIES_PARTIAL)
        if len(partial):
            alt += f" and {len(partial)} part-year figures in a separate panel"
        alt += "."
    notes: list[str] = []
    conflicts = consensus[consensus["conflict"].map(base.is_true).astype(bool)]
    for row in base.records(conflicts):
        notes.append(
            f"{row['period']}: sources disagree "
            f"({fmt.format_value(row['value_min'], 'usd')} to "
            f"{fmt.format_value(row['value_max'], 'usd')}); the line shows "
            f"{fmt.format_value(row['value'], 'usd')} ({row['rule']}), red bars show the range."
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
            "never joined to the annual line."
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
            f"{fmt.metric_definition(METRIC)} Billion US dollars, current prices; "
            "the line is the consensus of the sources on Chinese customs statistics, each "
            "open circle one source's figure."
            + (
                " The dashed line is Russian customs' own series."
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
)
