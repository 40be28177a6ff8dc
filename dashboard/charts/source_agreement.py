"""`source-agreement`: where two or more sources give a figure, how far each is from consensus.

One line per metric and period with at least two sources: each source's figure as its
difference from the consensus in percent (0 = the consensus). Below, every stated claim the
`checks` table could recompute, with its verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html
from plotly.subplots import make_subplots

from dashboard import fmt
from dashboard.charts import base
from dashboard.charts.base import OKABE_ITO, Chart, ChartText, State
from dashboard.data import Tables

CHART_ID = "source-agreement"
SERIES_CONSENSUS = "consensus"
SERIES_SOURCE = "source figure"
SERIES_CHECK = "stated claim check"
EXTRA_COLUMNS = (
    "metric_label",
    "fact_id",
    "deviation",
    "deviation_unit",
    "agrees_with_consensus",
    "deviation_pct",
    "stated_value",
    "recomputed_value",
    "tolerance",
    "agrees",
    "formula",
)
COLUMNS = (*base.BASE_COLUMNS, *EXTRA_COLUMNS)


#: Short names for the row labels of the dot plot (the hover has the full definitions).
SHORT_LABELS = {
    "trade.bilateral.value": "Turnover",
    "trade.bilateral.growth": "Turnover growth",
    "trade.bilateral.target": "Turnover target",
    "trade.bilateral.multiple": "Turnover multiple",
    "trade.china_to_russia.value": "China's exports to Russia",
    "trade.russia_to_china.value": "Russia's exports to China",
    "trade.china_to_russia.growth": "Growth, China's exports",
    "trade.russia_to_china.growth": "Growth, Russia's exports",
    "trade.share.china_in_russia": "China's share, Russia's trade",
    "trade.share.russia_in_china": "Russia's share, China's trade",
    "energy.pipeline.capacity": "Capacity",
    "energy.gas.exports_to_china": "Gas delivered",
    "energy.oil.exports_to_china": "Crude delivered",
    "energy.contract.value": "Contract value",
    "energy.supplier_rank": "Supplier rank",
}


def row_label(row: Mapping[str, Any]) -> str:
    """'Turnover · 2018', 'Capacity · Power of Siberia' (at most ~44 characters)."""
    metric = str(row["metric"])
    parts = [SHORT_LABELS.get(metric, fmt.metric_label(metric))]
    entity = fmt.entity_label(row.get("entity"))
    if entity:
        parts.append(entity if len(entity) <= 24 else entity[:23] + "…")
    if fmt.text(row.get("period")):
        parts.append(fmt.format_period(row.get("period")))
    return " · ".join(parts)


def _tolerances() -> tuple[float, float]:
    """The reconciliation's relative tolerances (exact, approximate), read from the ETL."""
    try:
        from etl.tables.reconcile import APPROX_REL_TOLERANCE, REL_TOLERANCE

        return float(REL_TOLERANCE), float(APPROX_REL_TOLERANCE)
    except ImportError:  # pragma: no cover - the reconciliation module is part of the ETL
        return 0.01, 0.05


def _resolution(value: float) -> float:
    """The step a figure is stated to: 26 → 1, 26.3 → 0.1 (for 'the same figure rounded')."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return 10.0 ** -(len(text.split(".")[1])) if "." in text else 1.0


def agrees(value: float, qualifier: str, consensus: float, consensus_qualifier: str) -> bool:
    """Whether a source's figure is compatible with the consensus, as reconciliation judges it:
    within the relative tolerance (wider when either is approximate), a bound that holds, or
    the same figure rounded."""
    exact_tol, approx_tol = _tolerances()
    if qualifier == "at_least":
        return consensus >= value - exact_tol * abs(value)
    if qualifier == "at_most":
        return consensus <= value + exact_tol * abs(value)
    approx = "approx" in (qualifier, consensus_qualifier)
    tol = approx_tol if approx else exact_tol
    difference = abs(value - consensus)
    if difference <= tol * max(abs(value), abs(consensus)):
        return True
    return difference <= max(_resolution(value), _resolution(consensus)) / 2 * (1 + 1e-9)


def deviation(value: float, consensus: float, unit: str) -> tuple[float | None, str]:
    """Difference from the consensus: percentage points for percentages, else percent of it."""
    if unit == "percent":
        return value - consensus, "pp"
    if not consensus:
        return None, "percent"
    return (value / consensus - 1) * 100, "percent"


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = tables.observations
    multi = obs[obs["n_sources"].fillna(0).astype(int) >= 2].sort_values(
        ["metric", "entity", "period", "status"], na_position="first"
    )
    facts = tables.facts.set_index("fact_id", drop=False)
    sources = tables.source_records()
    frames: list[pd.DataFrame] = []
    for obs_row in base.records(multi):
        ids = [i for i in fmt.text(obs_row["fact_ids"]).split(";") if i and i in facts.index]
        src = base.fact_rows(facts.loc[ids].reset_index(drop=True), SERIES_SOURCE, tables)
        consensus = float(obs_row["value"])
        unit = fmt.text(obs_row["unit"])
        qualifier = fmt.text(obs_row["qualifier"])
        found = [deviation(float(v), consensus, unit) for v in src["value"]]
        src["deviation"] = [d for d, _u in found]
        src["deviation_unit"] = [u for _d, u in found]
        src["deviation_pct"] = [d if u == "percent" else None for d, u in found]
        src["agrees_with_consensus"] = [
            agrees(float(v), fmt.text(q), consensus, qualifier)
            for v, q in zip(src["value"], src["qualifier"], strict=True)
        ]
        one = base.observation_rows(pd.DataFrame([obs_row]), SERIES_CONSENSUS, tables)
        # the consensus rests on the sources that agree with it; dissenters are their own rows
        agreeing = base.doc_list(src[src["agrees_with_consensus"].astype(bool)])
        one["docs"] = ";".join(agreeing)
        one["sources"] = base.cite_docs(agreeing, sources)
        _d, dev_unit = deviation(consensus, consensus, unit)
        frames.append(
            one.assign(
                deviation=0.0,
                deviation_unit=dev_unit,
                deviation_pct=0.0 if dev_unit == "percent" else None,
                agrees_with_consensus=True,
            )
        )
        frames.append(src)
    checks = tables.checks.sort_values(["metric", "period", "check_id"], na_position="first")
    if len(checks):
        check_rows = checks.assign(
            series=SERIES_CHECK,
            value=checks["stated_value"],
            status="actual",
            qualifier="exact",
            docs=checks["doc"],
            sources=[base.cite_docs([d], sources) for d in checks["doc"]],
            entity=None,
            n_sources=None,
        )
        frames.append(check_rows)
    frame = base.concat(frames, COLUMNS)
    frame["metric_label"] = frame["metric"].map(lambda m: fmt.metric_label(str(m)))
    return frame


def deviation_text(row: Mapping[str, Any]) -> str:
    """'+4.0 %' of the consensus or '+1.2 pp' (Table view)."""
    value = row.get("deviation")
    if fmt.is_missing(value) or value is None:
        return "—"
    suffix = "pp" if row.get("deviation_unit") == "pp" else "%"
    return f"{float(value):+.1f} {suffix}"


PANELS = (
    ("percent", "Levels: percent off the consensus"),
    ("pp", "Rates and shares: points off the consensus"),
)


def figure(rows: pd.DataFrame, state: State) -> go.Figure:
    groups = rows[rows["series"] == SERIES_CONSENSUS]
    # the consensus row each source row belongs to: the nearest consensus row above it
    owner: dict[int, str] = {}
    current = ""
    for idx, row in base.indexed(rows):
        if row["series"] == SERIES_CONSENSUS:
            current = row_label(row)
        elif row["series"] == SERIES_SOURCE:
            owner[int(idx)] = current
    used = [(u, t) for u, t in PANELS if (groups["deviation_unit"] == u).any()] or [PANELS[0]]
    counts = [max(1, int((groups["deviation_unit"] == u).sum())) for u, _t in used]
    fig = make_subplots(
        rows=len(used),
        cols=1,
        row_heights=[n / sum(counts) for n in counts],
        vertical_spacing=min(0.3, 90 / max(200, 90 + 40 * sum(counts))),
        subplot_titles=[t for _u, t in used],
    )
    legend_done: set[str] = set()
    for number, (unit, _title) in enumerate(used, start=1):
        mine = groups[groups["deviation_unit"] == unit]
        labels = [row_label(r) for r in base.records(mine)]
        yaxis = "y" if number == 1 else f"y{number}"
        fig.add_trace(
            go.Scatter(
                name="Consensus (0 = the published figure)",
                meta={"legend": (OKABE_ITO["black"], "tick")},
                x=[0.0] * len(mine),
                y=labels,
                mode="markers",
                marker={
                    "symbol": "line-ns-open",
                    "size": 18,
                    "color": OKABE_ITO["black"],
                    "line": {"width": 2},
                },
                customdata=base.row_ids(mine),
                hovertext=base.hover_for(mine),
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            ),
            row=number,
            col=1,
        )
        sources = rows[
            (rows["series"] == SERIES_SOURCE)
            & (rows["deviation_unit"] == unit)
            & pd.Series([owner.get(int(i), "") in labels for i in rows.index], index=rows.index)
        ]
        for flag, name, color, symbol in (
            (True, "Source that agrees with the consensus", OKABE_ITO["blue"], "circle"),
            (False, "Source that disagrees (beyond tolerance)", OKABE_ITO["vermillion"], "x"),
        ):
            part = sources[sources["agrees_with_consensus"].map(base.is_true) == flag]
            if part.empty:
                continue
            suffix = "pp" if unit == "pp" else "% of the consensus"
            fig.add_trace(
                go.Scatter(
                    name=name,
                    meta={"legend": (color, "circle" if flag else "cross")},
                    x=[float(v) for v in part["deviation"]],
                    y=[owner[int(i)] for i in part.index],
                    mode="markers",
                    marker={
                        "size": 11,
                        "symbol": symbol,
                        "color": color,
                        "opacity": 0.9,
                        "line": {"width": 1, "color": "#fff" if flag else color},
                    },
                    customdata=base.row_ids(part),
                    hovertext=[
                        h + f"<br>{float(d):+.1f} {suffix}"
                        for h, d in zip(base.hover_for(part), part["deviation"], strict=True)
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    showlegend=name not in legend_done,
                ),
                row=number,
                col=1,
            )
            legend_done.add(name)
        for label in labels:
            fig.add_annotation(
                text=label,
                x=0,
                xref="paper",
                xanchor="left",
                y=label,
                yref=yaxis,
                yshift=12,
                showarrow=False,
                font={"size": 11, "color": "#555"},
            )
        fig.update_yaxes(
            type="category",
            categoryorder="array",
            categoryarray=list(reversed(labels)),
            showticklabels=False,
            range=[-0.6, len(labels) - 0.2],
            row=number,
            col=1,
        )
        fig.update_xaxes(
            ticksuffix=" pp" if unit == "pp" else " %",
            zeroline=True,
            zerolinewidth=2,
            row=number,
            col=1,
        )
    base.base_layout(
        fig,
        height=max(220, 80 + 40 * sum(counts) + 40 * len(used)),
        margin={"l": 12, "b": 30, "t": 30},
    )
    fig.update_annotations(
        selector={"xref": "paper", "yref": "paper"},
        font={"size": 12, "color": "#333"},
        xanchor="left",
        x=0,
    )
    return fig


def verdict(row: Mapping[str, Any]) -> str:
    agrees = row.get("agrees")
    if fmt.is_missing(agrees) or agrees is None:
        return "not recomputable"
    return "agrees" if bool(agrees) else "disagrees"


VERDICT_ORDER = {"disagrees": 0, "agrees": 1, "not recomputable": 2}


def claim_text(record: Mapping[str, Any]) -> str:
    unit = fmt.text(record["unit"])
    recomputed = record.get("recomputed_value")
    again = fmt.format_value(recomputed, unit) if not fmt.is_missing(recomputed) else "–"
    return (
        f"{fmt.metric_label(str(record['metric']))} {fmt.format_period(record['period'])}: "
        f"stated {fmt.format_value(record['stated_value'], unit)}, recomputed {again} — "
        f"{verdict(record)} ({fmt.text(record['sources'])})"
    )


def checks_table(rows: pd.DataFrame) -> Any:
    """The recomputable claims and their verdicts (text), disagreements first; the others
    are counted here and listed, with every other row, in the Table view."""
    checks = rows[rows["series"] == SERIES_CHECK]
    if checks.empty:
        return None
    entries = sorted(base.indexed(checks), key=lambda item: VERDICT_ORDER[verdict(item[1])])
    checked = [
        html.Li(
            claim_text(record),
            className=f"claim verdict-{verdict(record).replace(' ', '-')}",
            **fmt.attrs({"data-row": str(idx)}),
        )
        for idx, record in entries
        if verdict(record) != "not recomputable"
    ]
    unchecked = len(entries) - len(checked)
    parts: list[Any] = [html.H3("Stated claims, recomputed", className="sub-h")]
    if checked:
        parts.append(html.Ul(checked, className="claims"))
    if unchecked:
        parts.append(
            html.P(
                f"{unchecked} more {'claim' if unchecked == 1 else 'claims'} could not be "
                "recomputed (the figures they rest on are not in the tables); the Table view "
                "and the downloads list them.",
                className="muted small",
            )
        )
    return html.Div(parts, className="checks")


def describe(rows: pd.DataFrame, tables: Tables, state: State) -> ChartText:
    groups = rows[rows["series"] == SERIES_CONSENSUS]
    conflicts = groups[groups["conflict"].map(base.is_true).astype(bool)]
    checks = rows[rows["series"] == SERIES_CHECK]
    dissent = rows[
        (rows["series"] == SERIES_SOURCE) & ~rows["agrees_with_consensus"].map(base.is_true)
    ]
    agree = sum(1 for r in base.records(checks) if verdict(r) == "agrees")
    disagree = sum(1 for r in base.records(checks) if verdict(r) == "disagrees")
    title = (
        f"Sources agree on {len(groups) - len(conflicts)} of {len(groups)} figures that two or "
        f"more of them report"
    )
    if len(checks):
        title += f"; {agree} of {agree + disagree} recomputable claims check out"
    exact_tol, approx_tol = _tolerances()
    notes = [
        "Each mark is one source's figure, placed by its difference from the consensus the "
        "tables publish (0): in percent of the consensus for levels, in percentage points for "
        "growth rates and shares. Blue dots agree with the consensus; vermillion crosses differ "
        f"by more than the reconciliation tolerance ({exact_tol * 100:g} %, "
        f"{approx_tol * 100:g} % for approximate figures).",
        "A consensus row cites only the sources that agree with it; each dissenting source is "
        "its own row.",
    ]
    for row in base.records(dissent):
        notes.append(
            f"{row_label(row)}: {fmt.text(row['sources'])} states "
            f"{fmt.format_value(row['value'], fmt.text(row['unit']), fmt.text(row['qualifier']))} "
            f"({deviation_text(row)})."
        )
    if len(checks):
        notes.append(
            "Claims such as 'up 35 % year on year' are recomputed from the tables' own figures; "
            "'not recomputable' means the figures they rest on are not in the tables."
        )
    return ChartText(
        title=title,
        subtitle=(
            "For every metric and period with two or more sources: each source's figure "
            "against the consensus, in percent of it (levels) or percentage points (rates)."
        ),
        footnotes=tuple(notes),
        alt=(
            f"Dot plot of {len(rows[rows['series'] == SERIES_SOURCE])} source figures across "
            f"{len(groups)} multi-source figures, {len(conflicts)} in conflict; "
            f"{len(checks)} stated claims checked."
        ),
    )


CHART = Chart(
    id=CHART_ID,
    name="Source agreement",
    metrics=(),
    select=select,
    describe=describe,
    figure=figure,
    extra=checks_table,
    extra_columns=EXTRA_COLUMNS,
    table_columns=(("deviation", "From consensus", deviation_text),),
)
