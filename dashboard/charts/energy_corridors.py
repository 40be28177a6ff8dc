"""`energy-corridors`: pipeline capacities (built against planned) and deliveries per year.

Capacities switch between native units (gas in bcm/yr, oil in Mt/yr, drawn in separate
panels because they are not comparable) and a common energy unit (PJ/yr, from the `derived`
table with its cited conversion factors). Gas and oil delivered per year sit underneath.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import events, fmt
from dashboard.charts import base
from dashboard.charts.base import OKABE_ITO, Chart, ChartText, Option, State
from dashboard.data import Tables
from etl.facts.catalog import load_catalog

CHART_ID = "energy-corridors"
CAPACITY = "energy.pipeline.capacity"
GAS = "energy.gas.exports_to_china"
OIL = "energy.oil.exports_to_china"

SERIES_BUILT = "capacity, in service"
SERIES_PLANNED = "capacity, planned"
SERIES_GAS = "gas delivered"
SERIES_OIL = "crude delivered"
SERIES_USE = "gas delivered as a share of the gas pipeline capacity in service"
USE_FORMULA = (
    "100 * energy.gas.exports_to_china[year] / sum of energy.pipeline.capacity "
    "(gas pipelines in service by the end of that year)"
)

UNIT_OPTION = Option(
    "unit",
    "Capacity in",
    (("native", "bcm/yr · Mt/yr"), ("energy", "PJ/yr")),
    "native",
)
ENERGY_UNIT = "pj_per_year"
EXTRA_COLUMNS = ("entity_label", "kind", "formula", "source_note")
COLUMNS = (*base.BASE_COLUMNS, *EXTRA_COLUMNS)


def _commodity(entity: object) -> str:
    pipelines = load_catalog().pipelines
    name = fmt.text(entity)
    return pipelines[name].commodity if name in pipelines else "gas"


def _energy_rows(tables: Tables, capacity: pd.DataFrame) -> pd.DataFrame:
    """The PJ/yr conversions of the capacities, with the provenance of the native figure."""
    derived = tables.derived
    mask = (derived["metric"] == CAPACITY) & (derived["unit"] == ENERGY_UNIT)
    energy = derived[mask].copy()
    if energy.empty:
        return energy

    def key(row: dict[str, object]) -> tuple[str, str, str]:
        return (fmt.text(row["entity"]), fmt.text(row["period"]), fmt.text(row["status"]))

    natives = {key(r): r for r in base.records(capacity)}
    extra: dict[str, list[Any]] = {
        k: [] for k in ("docs", "qualifier", "n_sources", "conflict", "value_min", "value_max")
    }
    for row in base.records(energy):
        native = natives.get(key(row))
        factor = float(row["value"]) / float(native["value"]) if native else 1.0
        extra["docs"].append(native["docs"] if native else "")
        extra["qualifier"].append(native["qualifier"] if native else "exact")
        extra["n_sources"].append(native["n_sources"] if native else None)
        extra["conflict"].append(native["conflict"] if native else False)
        extra["value_min"].append(float(native["value_min"]) * factor if native else row["value"])
        extra["value_max"].append(float(native["value_max"]) * factor if native else row["value"])
    for column, values in extra.items():
        energy[column] = values
    energy["rule"] = "converted from the consensus capacity"
    return energy


def select(tables: Tables, state: State) -> pd.DataFrame:
    obs = tables.observations
    capacity = base.of_metric(obs, CAPACITY).copy()
    # one bar per pipeline and status: keep the consensus rows as published
    if state.get("unit") == "energy":
        capacity = _energy_rows(tables, capacity)
    capacity = capacity.sort_values(["status", "entity"])
    built = capacity[capacity["status"] == "actual"]
    planned = capacity[capacity["status"] != "actual"]
    sources = tables.source_records()
    frames = [
        base.observation_rows(built, SERIES_BUILT, tables),
        base.observation_rows(planned, SERIES_PLANNED, tables),
    ]
    for metric, series in ((GAS, SERIES_GAS), (OIL, SERIES_OIL)):
        flows = base.of_metric(obs, metric)
        flows = base.annual(flows[~flows["partial"].map(base.is_true).astype(bool)])
        frames.append(base.observation_rows(flows.sort_values("period"), series, tables))
    native_built = base.of_metric(obs, CAPACITY)
    native_built = native_built[native_built["status"] == "actual"]
    frames.append(utilisation_rows(frames[2], native_built, tables))
    frame = base.concat(frames, COLUMNS)
    frame["entity_label"] = [fmt.entity_label(e) or None for e in frame["entity"]]
    frame["sources"] = [base.cite_docs(base.split_docs(d), sources) for d in frame["docs"]]
    return frame


def gas_capacity_in_service(built: pd.DataFrame, year: int) -> tuple[float, list[str]]:
    """(bcm/yr, docs) of the gas pipelines in service by the end of `year`."""
    pipelines = load_catalog().pipelines
    total, docs = 0.0, []
    for row in base.records(built):
        name = fmt.text(row["entity"])
        line = pipelines.get(name)
        if line is None or line.commodity != "gas" or row["unit"] != "bcm_per_year":
            continue
        if line.in_service is not None and line.in_service.year > year:
            continue
        total += float(row["value"])
        docs += base.split_docs(row["docs"])
    return total, docs


def utilisation_rows(gas: pd.DataFrame, built: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Actual gas delivered each year as a percent of the gas capacity in service that year."""
    sources = tables.source_records()
    out = []
    for row in base.records(gas[gas["status"] == "actual"]):
        year = fmt.year_of(row["period"])
        if year is None:
            continue
        capacity, cap_docs = gas_capacity_in_service(built, year)
        if not capacity:
            continue
        docs = list(dict.fromkeys([*base.split_docs(row["docs"]), *cap_docs]))
        out.append(
            {
                "series": SERIES_USE,
                "metric": "energy.gas.utilisation",
                "entity": None,
                "period": row["period"],
                "status": "derived",
                "value": 100 * float(row["value"]) / capacity,
                "unit": "percent",
                "qualifier": row["qualifier"],
                "rule": "delivered ÷ design capacity in service",
                "docs": ";".join(docs),
                "sources": base.cite_docs(docs, sources),
                "kind": "utilisation",
                "formula": USE_FORMULA,
            }
        )
    return pd.DataFrame(out)


def wrap_label(label: str, width: int = 14) -> str:
    """Break a long (catalog) label over lines for a bar axis."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _bar(part: pd.DataFrame, name: str, color: str, planned: bool) -> go.Bar:
    return go.Bar(
        name=name,
        meta={"legend": (color, "bar-open" if planned else "bar")},
        orientation="h",
        x=[float(v) for v in part["value"]],
        y=[wrap_label(fmt.entity_label(e)) for e in part["entity"]],
        marker={
            "color": "#ffffff" if planned else color,
            "line": {"color": color, "width": 2},
            "pattern": {"shape": "/" if planned else "", "fgcolor": color, "size": 6},
        },
        # the panel title names the unit: short labels fit beside the bars at phone width
        text=[
            fmt.QUALIFIER_MARK.get(fmt.text(q) or "exact", "")
            + f"{float(v):,.0f}"
            + (" planned" if planned else "")
            for v, q in zip(part["value"], part["qualifier"], strict=True)
        ],
        textposition="auto",  # inside when it fits, so phone width never clips it
        insidetextanchor="start",
        textfont={"color": "#222222" if planned else "#ffffff"},
        outsidetextfont={"color": "#222222"},
        constraintext="none",
        cliponaxis=False,
        customdata=base.row_ids(part),
        hovertext=base.hover_for(part),
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    )


def _flows(part: pd.DataFrame, name: str, color: str, labelled: bool = True) -> list[go.Bar]:
    """Deliveries per year on a time axis: actual bars filled, targets and projections hatched."""
    traces = []
    actual_mask = (part["status"] == "actual").astype(bool)
    for actual, sub in ((True, part[actual_mask]), (False, part[~actual_mask])):
        if sub.empty:
            continue
        traces.append(
            go.Bar(
                name=name if actual else f"{name} (target or projection)",
                meta={"legend": (color, "bar" if actual else "bar-open")},
                x=base.x_dates(sub),
                y=[float(v) for v in sub["value"]],
                width=YEAR_BAR_MS,
                marker={
                    "color": color if actual else "#ffffff",
                    "line": {"color": color, "width": 2},
                    "pattern": {"shape": "" if actual else ".", "fgcolor": color},
                },
                # actual gas bars are labelled by the share-of-capacity text above them
                text=[
                    ""
                    if actual and not labelled
                    else f"{float(v):g}"
                    + ("" if actual else f" {'proj.' if s == 'projection' else s}")
                    for v, u, q, s in zip(
                        sub["value"], sub["unit"], sub["qualifier"], sub["status"], strict=True
                    )
                ],
                textposition="outside",
                textangle=0,
                textfont={"size": 10, "color": "#222"},
                constraintext="none",
                cliponaxis=False,
                customdata=base.row_ids(sub),
                hovertext=base.hover_for(sub),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces


#: A yearly bar is ten months wide on a date axis (in milliseconds).
YEAR_BAR_MS = 1000 * 3600 * 24 * 300


def capacity_figure(rows: pd.DataFrame, state: State) -> go.Figure:
    """Capacities: one panel in PJ/yr, or gas and oil panels stacked in native units."""
    energy = state.get("unit") == "energy"
    cap = rows[rows["series"].isin([SERIES_BUILT, SERIES_PLANNED])]
    if energy:
        panels = [(cap, "Pipeline capacity, PJ per year")]
    else:
        is_oil = cap["entity"].map(lambda e: _commodity(e) == "oil").astype(bool)
        panels = [
            (cap[~is_oil], "Gas pipelines, bcm per year"),
            (cap[is_oil], "Oil pipelines, Mt per year"),
        ]
        panels = [(part, title) for part, title in panels if len(part)] or panels[:1]
    bars = [max(1, len(part)) for part, _title in panels]
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[n / sum(bars) for n in bars],
        vertical_spacing=0.22 if len(panels) > 1 else 0.1,
        subplot_titles=[title for _part, title in panels],
    )
    for r, (part, _title) in enumerate(panels, start=1):
        for series, planned in ((SERIES_BUILT, False), (SERIES_PLANNED, True)):
            sub = part[part["series"] == series]
            if sub.empty:
                continue
            color = OKABE_ITO["orange"] if planned else OKABE_ITO["blue"]
            fig.add_trace(
                _bar(sub, "Planned" if planned else "In service", color, planned), row=r, col=1
            )
        if len(part):
            top = max(float(v) for v in part["value"])
            fig.update_xaxes(range=[0, top * 1.6], row=r, col=1)
    base.base_layout(fig, height=90 + 62 * sum(bars), margin={"l": 130, "t": 30, "b": 30})
    fig.update_layout(barmode="overlay", bargap=0.3)
    fig.update_annotations(font={"size": 12, "color": "#444"}, xanchor="left", x=0)
    return fig


def deliveries_figure(rows: pd.DataFrame, state: State) -> go.Figure:
    """Gas (bcm) against the gas capacity in service, and crude (Mt), per year on a time axis."""
    gas = rows[rows["series"] == SERIES_GAS]
    oil = rows[rows["series"] == SERIES_OIL]
    use = rows[rows["series"] == SERIES_USE]
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.16,
        subplot_titles=(
            "Gas delivered, bcm (% of capacity)",
            "Crude delivered, Mt",
        ),
    )
    for trace in _flows(gas, "Gas delivered", OKABE_ITO["green"], labelled=use.empty):
        fig.add_trace(trace, row=1, col=1)
    for trace in _flows(oil, "Crude delivered", OKABE_ITO["grey"]):
        fig.add_trace(trace, row=2, col=1)
    built = rows[rows["series"] == SERIES_BUILT]
    years = sorted({y for y in (fmt.year_of(p) for p in gas["period"]) if y is not None})
    steps = [(y, gas_capacity_in_service(built, y)[0]) for y in years]
    steps = [(y, c) for y, c in steps if c]
    if steps:
        xs: list[str | None] = []
        ys: list[float | None] = []
        for year, capacity in steps:
            xs += [f"{year}-01-01", f"{year + 1}-01-01", None]
            ys += [capacity, capacity, None]
        fig.add_trace(
            go.Scatter(
                name="Design capacity of the gas pipelines in service",
                meta={"legend": (OKABE_ITO["black"], "dash")},
                x=xs,
                y=ys,
                mode="lines",
                line={"color": OKABE_ITO["black"], "width": 2, "dash": "dash"},
                hoverinfo="skip",
            ),
            row=1,
            col=1,
        )
    if len(use):
        delivered = {
            str(p): (float(v), fmt.format_value(v, fmt.text(u), q))
            for p, v, u, q in zip(
                gas["period"], gas["value"], gas["unit"], gas["qualifier"], strict=True
            )
        }
        fig.add_trace(
            go.Scatter(
                name="Share of capacity used",
                x=base.x_dates(use),
                y=[delivered.get(str(p), (0.0, ""))[0] for p in use["period"]],
                mode="text",
                text=[
                    f"{delivered.get(str(p), (0.0, 0.0))[0]:g}<br>{float(v):.0f} %"
                    for p, v in zip(use["period"], use["value"], strict=True)
                ],
                textposition="top center",
                textfont={"size": 10, "color": "#00573f"},
                cliponaxis=False,
                customdata=base.row_ids(use),
                hovertext=base.hover_for(use),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=1,
            col=1,
        )
    fig.update_layout(barmode="overlay")
    base.base_layout(fig, height=440, margin={"l": 50, "t": 34, "b": 30, "r": 16})
    base.date_axis(fig)
    top_gas = max([float(v) for v in gas["value"]] + [c for _y, c in steps] + [1.0])
    fig.update_yaxes(range=[0, top_gas * 1.3], row=1, col=1)
    top_oil = max((float(v) for v in oil["value"]), default=1.0)
    fig.update_yaxes(range=[0, top_oil * 1.25], row=2, col=1)
    fig.update_annotations(font={"size": 12, "color": "#444"}, xanchor="left", x=0)
    events.add_markers(
        fig, events.within(pd.concat([gas["period"], oil["period"]])), above_titles=True
    )
    return fig


def figure(rows: pd.DataFrame, state: State) -> list[go.Figure]:
    figures = [capacity_figure(rows, state)]
    if rows["series"].isin([SERIES_GAS, SERIES_OIL]).any():
        figures.append(deliveries_figure(rows, state))
    return figures


def describe(rows: pd.DataFrame, tables: Tables, state: State) -> ChartText:
    energy = state.get("unit") == "energy"
    cap = rows[rows["series"].isin([SERIES_BUILT, SERIES_PLANNED])]
    built = cap[cap["series"] == SERIES_BUILT]
    planned = cap[cap["series"] == SERIES_PLANNED]
    title = "Pipelines to China: capacity in service and planned"
    shown_unit = ENERGY_UNIT if energy else "bcm_per_year"

    def total(part: pd.DataFrame) -> float:
        return sum(
            float(v)
            for v, u in zip(part["value"], part["unit"], strict=True)
            if energy or u == "bcm_per_year"
        )

    b, p = total(built), total(planned)
    use = rows[rows["series"] == SERIES_USE]
    if energy and b and p:
        title = (
            f"Pipelines in service can carry {fmt.format_value(b, shown_unit)} of energy to "
            f"China; planned ones would add {fmt.format_value(p, shown_unit)} of capacity"
        )
    elif len(use):
        last = use.iloc[-1]
        gas = rows[(rows["series"] == SERIES_GAS) & (rows["period"] == last["period"])].iloc[0]
        year = fmt.year_of(last["period"]) or 0
        capacity = gas_capacity_in_service(rows[rows["series"] == SERIES_BUILT], year)[0]
        title = (
            f"Gas delivered to China reached {fmt.format_value(gas['value'], 'bcm')} in "
            f"{last['period']}, {float(last['value']):.0f} % of the "
            f"{fmt.format_value(capacity, 'bcm_per_year')} design capacity in service"
        )
        if p:
            title += f"; planned pipelines would add {fmt.format_value(p, shown_unit)} of capacity"
    elif b and p:
        title = (
            f"Gas pipelines in service have a design capacity of "
            f"{fmt.format_value(b, shown_unit)}; planned ones would add "
            f"{fmt.format_value(p, shown_unit)}"
        )
    notes = []
    if energy:
        notes_src = sorted({fmt.text(n) for n in rows["source_note"] if fmt.text(n)})
        formulas = sorted({fmt.text(f) for f in cap["formula"] if fmt.text(f)})
        notes.append("Converted to petajoules per year with: " + "; ".join(formulas) + ".")
        if notes_src:
            notes.append("Conversion factors: " + "; ".join(notes_src) + ".")
    else:
        notes.append(
            "Gas capacities are in billion cubic metres a year and oil in million tonnes a "
            "year; switch to PJ/yr to compare them."
        )
    for row in base.records(cap[cap["conflict"].map(base.is_true).astype(bool)]):
        notes.append(
            f"{fmt.entity_label(row['entity'])}: sources range from "
            f"{fmt.format_value(row['value_min'], fmt.text(row['unit']))} to "
            f"{fmt.format_value(row['value_max'], fmt.text(row['unit']))}."
        )
    if len(rows[rows["series"] == SERIES_USE]):
        notes.append(
            "Capacity is design capacity, not gas flowing: the dashed line is the capacity of the "
            "gas pipelines in service each year, and the percentage over each bar is gas "
            "delivered as a share of it (Power of Siberia ramped up towards its design capacity "
            "over several years)."
        )
        notes.append(
            "Crude also reaches China by sea and rail, so crude deliveries are not set against "
            "the ESPO spur's capacity."
        )
    flows = rows[rows["series"].isin([SERIES_GAS, SERIES_OIL])]
    if (flows["status"] != "actual").any():
        notes.append("Hatched delivery bars are targets or projections, not actual deliveries.")
    if (cap["qualifier"] != "exact").any():
        notes.append("≈ approximate, ≥ at least, ≤ at most (as the sources state them).")
    alt = (
        f"Bar charts of {len(built)} pipeline capacities in service and {len(planned)} planned"
        f" ({'PJ per year' if energy else 'native units'}), and "
        f"{len(rows[rows['series'] == SERIES_GAS])} yearly gas and "
        f"{len(rows[rows['series'] == SERIES_OIL])} yearly crude deliveries."
    )
    return ChartText(
        title=title,
        subtitle=(
            f"{fmt.metric_definition(CAPACITY)} "
            + ("Petajoules per year (PJ/yr). " if energy else "bcm/yr for gas, Mt/yr for oil. ")
            + "Below: Russian gas (bcm) and crude (Mt) delivered to China per calendar year, "
            "gas against the pipeline capacity in service."
        ),
        footnotes=tuple(notes),
        alt=alt,
    )


CHART = Chart(
    id=CHART_ID,
    name="Energy corridors",
    metrics=(CAPACITY, GAS, OIL),
    select=select,
    describe=describe,
    figure=figure,
    extra_columns=EXTRA_COLUMNS,
    options=(UNIT_OPTION,),
    data_options=("unit",),
    events=True,
)
