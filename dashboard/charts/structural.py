"""`structural`: the other catalog metrics as KPI tiles.

Size of the economies, supplier ranks, arms-export shares, rail transit shares, the border,
contract values and the oil discount (each direction of trade has its own chart): one
tile per metric and entity, the latest figure large and every other period listed beneath it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import html

from dashboard import fmt
from dashboard.charts import base
from dashboard.charts.base import Chart, ChartText, State
from dashboard.data import Tables

CHART_ID = "structural"
METRICS: tuple[str, ...] = (
    "macro.gdp.ratio_russia_to_china",
    "energy.supplier_rank",
    "energy.contract.value",
    "energy.oil.discount",
    "arms.export_share",
    "logistics.rail_transit_share",
    "geo.border_length",
)
SERIES = "figure"
EXTRA_COLUMNS = ("metric_label", "entity_label", "partial", "stated_in_words")
COLUMNS = (*base.BASE_COLUMNS, *EXTRA_COLUMNS)


def _sort_key(period: Any) -> tuple[float, float]:
    bounds = fmt.period_bounds(period)
    return (bounds[1], bounds[0]) if bounds else (float("inf"), 0.0)


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = base.of_metric(tables.observations, *METRICS)
    # one-way flows: whole years only (part-year flows would read as annual on a tile)
    flows = obs["metric"].str.startswith("trade.")
    part = obs["partial"].map(base.is_true).astype(bool)
    obs = obs[~(flows & part)]
    order = {metric: i for i, metric in enumerate(METRICS)}
    obs = obs.assign(
        _m=obs["metric"].map(order),
        _e=obs["entity"].map(fmt.text),
        _p=obs["period"].map(lambda p: _sort_key(p)[0]),
    ).sort_values(["_m", "_e", "_p", "status"], kind="stable")
    rows = base.observation_rows(obs.drop(columns=["_m", "_e", "_p"]), SERIES, tables)
    rows["stated_in_words"] = [in_words(tables, ids) for ids in rows["fact_ids"]]
    rows["metric_label"] = rows["metric"].map(fmt.metric_label)
    rows["entity_label"] = [fmt.entity_label(e) or None for e in rows["entity"]]
    return base.concat([rows], COLUMNS)


def tile_groups(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """Rows grouped per tile (metric, entity), in display order; the last row is the headline."""
    groups: list[pd.DataFrame] = []
    keys: dict[tuple[str, str], list[int]] = {}
    for idx, row in base.indexed(rows):
        keys.setdefault((str(row["metric"]), fmt.text(row["entity"])), []).append(int(idx))
    for indices in keys.values():
        groups.append(rows.loc[indices])
    return groups


def in_words(tables: Tables, fact_ids: Any) -> bool:
    """Whether every source states the figure in words ('one-tenth', 'second'): a rounded
    phrase, not a measured figure."""
    ids = [i for i in fmt.text(fact_ids).split(";") if i]
    facts = tables.facts[tables.facts["fact_id"].isin(ids)]
    surfaces = [fmt.text(s) for s in facts["surface"]]
    return bool(surfaces) and not any(ch.isdigit() for s in surfaces for ch in s)


def _value(row: Mapping[Any, Any]) -> str:
    """The figure with its qualifier; a ratio or share stated only in words reads '≈'."""
    qualifier = fmt.text(row["qualifier"])
    rounded = (
        base.is_true(row.get("stated_in_words"))
        and qualifier == "exact"
        and fmt.text(row["unit"]) in ROUNDED_UNITS
    )
    return fmt.format_value(row["value"], fmt.text(row["unit"]), "approx" if rounded else qualifier)


#: Units in which a figure stated in words is a rounded phrase (ranks in words are exact).
ROUNDED_UNITS = frozenset({"ratio", "percent"})


def visual(rows: pd.DataFrame, state: State) -> Any:
    tiles = []
    for group in tile_groups(rows):
        records = group.reset_index().to_dict(orient="records")
        head = records[-1]
        label = fmt.text(head["metric_label"])
        entity = fmt.text(head["entity_label"])
        status = fmt.text(head["status"])
        earlier = records[:-1]
        history = (
            html.Div(
                " · ".join(f"{fmt.format_period(r['period'])}: {_value(r)}" for r in earlier),
                className="tile-history",
                **fmt.attrs({"data-rows": ",".join(str(r["index"]) for r in earlier)}),
            )
            if earlier
            else None
        )
        tiles.append(
            html.Div(
                [
                    html.Div(label + (f" · {entity}" if entity else ""), className="tile-label"),
                    html.Div(
                        _value(head),
                        className="tile-value",
                        **fmt.attrs({"data-row": str(head["index"])}),
                    ),
                    html.Div(
                        " · ".join(
                            part
                            for part in (
                                fmt.format_period(head["period"])
                                if fmt.text(head["period"])
                                else "",
                                "" if status in ("actual", "") else status,
                                fmt.text(head["sources"]),
                            )
                            if part
                        ),
                        className="tile-meta",
                    ),
                    history,
                ],
                className="tile",
                role="group",
                **fmt.attrs({"aria-label": f"{label} {entity}".strip()}),
            )
        )
    if not tiles:
        return html.P("No figures for these metrics in the tables.", className="empty")
    return html.Div(tiles, className="tiles", **fmt.attrs({"data-points": str(len(rows))}))


def describe(rows: pd.DataFrame, tables: Tables, state: State) -> ChartText:
    by_metric = {str(r["metric"]): r for r in base.records(rows)}
    parts = []
    gdp = by_metric.get("macro.gdp.ratio_russia_to_china")
    if gdp:
        parts.append(f"Russia's economy is {_value(gdp)} China's")
    rank = rows[(rows["metric"] == "energy.supplier_rank") & (rows["entity"] == "crude_oil")]
    if len(rank):
        last = rank.iloc[-1]
        parts.append(
            f"Russia ranked {fmt.format_value(last['value'], 'rank')} among China's crude "
            f"suppliers ({last['period']})"
        )
    title = "; ".join(parts) if parts else "The structure behind the trade"
    notes = [
        "Each tile shows the latest figure in large type and every earlier one beneath it; "
        "ranks: #1 is the largest supplier."
    ]
    conflicts = rows[rows["conflict"].map(base.is_true).astype(bool)]
    for row in base.records(conflicts):
        notes.append(
            f"{row['metric_label']} {fmt.format_period(row['period'])}: sources range from "
            f"{fmt.format_value(row['value_min'], fmt.text(row['unit']))} to "
            f"{fmt.format_value(row['value_max'], fmt.text(row['unit']))}."
        )
    if (rows["qualifier"] != "exact").any() or rows["stated_in_words"].map(base.is_true).any():
        notes.append(
            "≈ approximate, ≥ at least, ≤ at most (as the sources state them); a ratio or share "
            "a source states only in words (such as 'one-tenth') is a rounded phrase and "
            "reads ≈."
        )
    return ChartText(
        title=title,
        subtitle=(
            "Other catalog metrics, each in its own unit: economy size ratio, supplier ranks, "
            "contract values, arms and rail shares, the border."
        ),
        footnotes=tuple(notes),
        alt=f"{len(tile_groups(rows))} tiles with {len(rows)} figures.",
    )


CHART = Chart(
    id=CHART_ID,
    name="Structure",
    metrics=METRICS,
    select=select,
    describe=describe,
    figure=None,
    visual=visual,
    extra_columns=EXTRA_COLUMNS,
)
