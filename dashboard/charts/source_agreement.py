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


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = tables.observations
    multi = obs[obs["n_sources"].fillna(0).astype(int) >= 2].sort_values(
        ["metric", "entity", "period", "status"], na_position="first"
    )
    facts = tables.facts.set_index("fact_id", drop=False)
    frames: list[pd.DataFrame] = []
    for obs_row in base.records(multi):
        one = pd.DataFrame([obs_row])
        frames.append(
            base.observation_rows(one, SERIES_CONSENSUS, tables).assign(deviation_pct=0.0)
        )
        ids = [i for i in fmt.text(obs_row["fact_ids"]).split(";") if i and i in facts.index]
        src = base.fact_rows(facts.loc[ids].reset_index(drop=True), SERIES_SOURCE, tables)
        consensus = float(obs_row["value"])
        src["deviation_pct"] = [
            (float(v) / consensus - 1) * 100 if consensus else None for v in src["value"]
        ]
        frames.append(src)
    checks = tables.checks.sort_values(["metric", "period", "check_id"], na_position="first")
    if len(checks):
        sources = tables.source_records()
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


def figure(rows: pd.DataFrame, state: State) -> go.Figure:
    groups = rows[rows["series"] == SERIES_CONSENSUS]
    labels = [row_label(r) for r in base.records(groups)]
    sources = rows[rows["series"] == SERIES_SOURCE]
    # the consensus row each source row belongs to: the nearest consensus row above it
    owner: dict[int, str] = {}
    current = ""
    for idx, row in base.indexed(rows):
        if row["series"] == SERIES_CONSENSUS:
            current = row_label(row)
        elif row["series"] == SERIES_SOURCE:
            owner[int(idx)] = current
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            name="Consensus (0 = the published figure)",
            meta={"legend": (OKABE_ITO["black"], "tick")},
            x=[0.0] * len(groups),
            y=labels,
            mode="markers",
            marker={
                "symbol": "line-ns-open",
                "size": 18,
                "color": OKABE_ITO["black"],
                "line": {"width": 2},
            },
            customdata=base.row_ids(groups),
            hovertext=base.hover_for(groups),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    conflict_labels = {row_label(r) for r in base.records(groups) if base.is_true(r["conflict"])}
    for flag, name, color in (
        (False, "Source within tolerance", OKABE_ITO["blue"]),
        (True, "Source where figures conflict", OKABE_ITO["vermillion"]),
    ):
        part = sources[[(owner[int(i)] in conflict_labels) == flag for i in sources.index]]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                name=name,
                meta={"legend": (color, "circle")},
                x=[float(v) for v in part["deviation_pct"]],
                y=[owner[int(i)] for i in part.index],
                mode="markers",
                marker={
                    "size": 11,
                    "color": color,
                    "opacity": 0.85,
                    "line": {"width": 1, "color": "#fff"},
                },
                customdata=base.row_ids(part),
                hovertext=[
                    h + f"<br>{float(d):+.1f} % from consensus"
                    for h, d in zip(base.hover_for(part), part["deviation_pct"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    # Row labels sit above their row, inside the plot, so they need no left margin and
    # read the same at phone width.
    base.base_layout(fig, height=max(200, 60 + 36 * len(labels)), margin={"l": 12, "b": 50})
    for label in labels:
        fig.add_annotation(
            text=label,
            x=0,
            xref="paper",
            xanchor="left",
            y=label,
            yref="y",
            yshift=12,
            showarrow=False,
            font={"size": 11, "color": "#555"},
        )
    fig.update_layout(
        xaxis={
            "title": {"text": "difference from the consensus, percent"},
            "ticksuffix": " %",
            "zeroline": True,
            "zerolinewidth": 2,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(labels)),
            "showticklabels": False,
            "range": [-0.6, len(labels) - 0.2],
        },
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
    agree = sum(1 for r in base.records(checks) if verdict(r) == "agrees")
    disagree = sum(1 for r in base.records(checks) if verdict(r) == "disagrees")
    title = (
        f"Sources agree on {len(groups) - len(conflicts)} of {len(groups)} figures that two or "
        f"more of them report"
    )
    if len(checks):
        title += f"; {agree} of {agree + disagree} recomputable claims check out"
    notes = [
        "Each dot is one source's figure, placed by its difference from the consensus the "
        "tables publish (0 %). Red dots belong to figures where sources conflict beyond the "
        "reconciliation tolerance.",
    ]
    if len(checks):
        notes.append(
            "Claims such as 'up 35 % year on year' are recomputed from the tables' own figures; "
            "'not recomputable' means the figures they rest on are not in the tables."
        )
    return ChartText(
        title=title,
        subtitle=(
            "For every metric and period with two or more sources: each source's figure "
            "against the consensus, in percent of the consensus."
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
)
