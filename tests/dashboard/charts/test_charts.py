"""Each chart on small hand-made tables: what it plots is exactly what it downloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import html

from dashboard.charts import CHARTS, structural
from dashboard.charts import dependence as dep
from dashboard.charts import energy_corridors as energy
from dashboard.charts import source_agreement as agreement
from dashboard.charts import trade_turnover as turnover
from dashboard.charts.base import BASE_COLUMNS, as_figures
from dashboard.data import DataStore, Tables


@pytest.fixture(scope="module")
def tables(module_tables: Path) -> Tables:
    state = DataStore(module_tables).get()
    assert state.tables is not None, state.problem
    return state.tables


def plotted(fig: go.Figure) -> dict[int, list[tuple[str, Any, Any]]]:
    """Row index → [(trace name, x, y)] for every point that carries a row index."""
    out: dict[int, list[tuple[str, Any, Any]]] = {}
    for trace in fig.data:
        custom = getattr(trace, "customdata", None)
        if custom is None:
            continue
        xs = list(trace.x) if trace.x is not None else [None] * len(custom)
        ys = list(trace.y) if trace.y is not None else [None] * len(custom)
        for row, x, y in zip(custom, xs, ys, strict=True):
            out.setdefault(int(row), []).append((trace.name, x, y))
    return out


def figures_of(chart_id: str, rows: pd.DataFrame, state: dict[str, str]) -> list[go.Figure]:
    chart = CHARTS[chart_id]
    assert chart.figure is not None
    return as_figures(chart.figure(rows, state))


def all_plotted(figures: list[go.Figure]) -> dict[int, list[tuple[str, Any, Any]]]:
    out: dict[int, list[tuple[str, Any, Any]]] = {}
    for fig in figures:
        for row, points in plotted(fig).items():
            out.setdefault(row, []).extend(points)
    return out


def test_every_chart_downloads_its_contract_columns(tables: Tables) -> None:
    for chart in CHARTS.values():
        rows = chart.rows(tables, chart.default_state())
        assert list(rows.columns[: len(BASE_COLUMNS)]) == list(BASE_COLUMNS), chart.id
        assert list(rows.index) == list(range(len(rows))), chart.id
        assert len(rows) > 0, chart.id


def test_turnover_plots_exactly_its_rows(tables: Tables) -> None:
    state = CHARTS[turnover.CHART_ID].default_state()
    rows = CHARTS[turnover.CHART_ID].rows(tables, state)
    (fig,) = figures_of(turnover.CHART_ID, rows, state)
    points = plotted(fig)
    cagr = rows.index[rows["series"] == turnover.SERIES_CAGR].tolist()
    # every row but the growth annotation is a point, and every point is a row
    assert set(points) == set(rows.index) - set(cagr)
    for row, marks in points.items():
        (name, _x, y) = marks[0]
        assert y == pytest.approx(float(rows.loc[row, "value"]) / 1e9), (name, row)
    # the growth rate is the annotation, with the value of its row
    assert len(cagr) == 1
    value = float(rows.loc[cagr[0], "value"])
    assert any(f"{value:+.1f} % a year" in a.text for a in fig.layout.annotations)


def test_turnover_separates_part_years_and_sources(tables: Tables) -> None:
    state = CHARTS[turnover.CHART_ID].default_state()
    rows = CHARTS[turnover.CHART_ID].rows(tables, state)
    (fig,) = figures_of(turnover.CHART_ID, rows, state)
    by_name = {trace.name: trace for trace in fig.data}
    consensus = by_name["Consensus"]
    partial = by_name["Part-year figure"]
    # the part-year figure sits on its own axes, never on the annual line
    assert consensus.yaxis != partial.yaxis
    assert list(rows.loc[list(partial.customdata), "period"]) == ["2023-01/2023-06"]
    assert all("/" not in str(p) for p in rows.loc[list(consensus.customdata), "period"])
    # 2018: two sources (100 and 104 bn), the consensus is the exact one, the range shown
    periods = list(rows.loc[list(consensus.customdata), "period"])
    at = periods.index("2018")
    assert consensus.y[at] == pytest.approx(100.0)
    assert consensus.error_y.array[at] == pytest.approx(4.0)
    sources = rows[rows["series"] == turnover.SERIES_SOURCE]
    assert sorted(sources[sources["period"] == "2018"]["value"]) == [100e9, 104e9]
    # the declared target is marked apart
    target = by_name["Declared target"]
    assert list(rows.loc[list(target.customdata), "status"]) == ["target"]


def test_turnover_log_scale_changes_the_axis_not_the_rows(tables: Tables) -> None:
    chart = CHARTS[turnover.CHART_ID]
    linear = chart.rows(tables, chart.clean_state({"scale": "linear"}))
    log = chart.rows(tables, chart.clean_state({"scale": "log"}))
    pd.testing.assert_frame_equal(linear, log)
    (fig,) = figures_of(turnover.CHART_ID, log, {"scale": "log"})
    assert fig.layout.yaxis.type == "log"


def test_turnover_title_states_the_takeaway(tables: Tables) -> None:
    chart = CHARTS[turnover.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    text = chart.describe(rows, tables, chart.default_state())
    assert text.title.startswith("China–Russia trade rose from $10 bn in 2001 to $200 bn in 2023")
    assert "+14.6 % a year" in text.title
    assert "Billion US dollars" in text.subtitle
    assert any("2018: sources disagree" in note for note in text.footnotes)


def test_dependence_dumbbell_and_ratio(tables: Tables) -> None:
    chart = CHARTS[dep.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    (fig,) = figures_of(dep.CHART_ID, rows, chart.default_state())
    points = plotted(fig)
    assert set(points) == set(rows.index)
    for row, marks in points.items():
        _name, x, y = marks[0]
        assert y == rows.loc[row, "period"]
        if rows.loc[row, "series"] != dep.SERIES_RATIO:
            assert x == pytest.approx(float(rows.loc[row, "value"]))
    ratio = fig.data[-1]
    assert [t.replace("<b>", "").replace("</b>", "") for t in ratio.text] == ["9.0×", "10.0×"]
    text = chart.describe(rows, tables, chart.default_state())
    assert "10.0× asymmetry" in text.title and "2023" in text.title


def test_energy_native_and_energy_units(tables: Tables) -> None:
    chart = CHARTS[energy.CHART_ID]
    native_state = chart.clean_state({"unit": "native"})
    native = chart.rows(tables, native_state)
    caps = native[native["series"].isin([energy.SERIES_BUILT, energy.SERIES_PLANNED])]
    assert set(caps["unit"]) == {"bcm_per_year", "mt_per_year"}
    figures = figures_of(energy.CHART_ID, native, native_state)
    points = all_plotted(figures)
    assert set(points) == set(native.index)
    for row, marks in points.items():
        _name, x, y = marks[0]
        series = native.loc[row, "series"]
        value = float(native.loc[row, "value"])
        if series in (energy.SERIES_BUILT, energy.SERIES_PLANNED):
            assert x == pytest.approx(value)
        else:
            assert y == pytest.approx(value) and x == native.loc[row, "period"]
    # the planned line is drawn apart from the built ones
    planned = native[native["series"] == energy.SERIES_PLANNED]
    assert list(planned["entity"]) == ["power_of_siberia_2"]

    energy_state = chart.clean_state({"unit": "energy"})
    converted = chart.rows(tables, energy_state)
    caps = converted[converted["series"].isin([energy.SERIES_BUILT, energy.SERIES_PLANNED])]
    assert set(caps["unit"]) == {"pj_per_year"}
    by_entity = dict(zip(caps["entity"], caps["value"], strict=True))
    assert by_entity == {"power_of_siberia": 1368.0, "power_of_siberia_2": 1800.0, "espo": 1260.0}
    assert set(caps["docs"]) == {"beta-daily-2022"}  # provenance carried from the native row
    figures = figures_of(energy.CHART_ID, converted, energy_state)
    assert set(all_plotted(figures)) == set(converted.index)
    text = chart.describe(converted, tables, energy_state)
    assert "PJ/yr" in text.title
    assert any("Test conversion factors" in note for note in text.footnotes)


def test_structural_tiles_show_every_row(tables: Tables) -> None:
    chart = CHARTS[structural.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    assert chart.visual is not None
    tree = chart.visual(rows, chart.default_state())
    shown: list[int] = []

    def walk(node: Any) -> None:
        props = getattr(node, "__dict__", {})
        if "data-row" in props:
            shown.append(int(props["data-row"]))
        if "data-rows" in props:
            shown.extend(int(i) for i in props["data-rows"].split(","))
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str):
                walk(child)

    walk(tree)
    assert sorted(shown) == list(rows.index)
    assert set(rows["metric"]) == {
        "macro.gdp.ratio_russia_to_china",
        "energy.supplier_rank",
        "arms.export_share",
        "geo.border_length",
    }
    # the latest rank is the headline of its tile
    groups = structural.tile_groups(rows)
    rank = next(g for g in groups if g.iloc[0]["metric"] == "energy.supplier_rank")
    assert list(rank["period"]) == ["2022", "2023"]


def test_source_agreement_plots_each_source_against_consensus(tables: Tables) -> None:
    chart = CHARTS[agreement.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    (fig,) = figures_of(agreement.CHART_ID, rows, chart.default_state())
    points = plotted(fig)
    checks = rows.index[rows["series"] == agreement.SERIES_CHECK].tolist()
    assert set(points) == set(rows.index) - set(checks)
    sources = rows[rows["series"] == agreement.SERIES_SOURCE]
    for row in sources.index:
        (_name, x, _y) = points[row][0]
        assert x == pytest.approx(float(rows.loc[row, "deviation_pct"]))
    assert sorted(round(float(d), 6) for d in sources["deviation_pct"]) == [0.0, 4.0]
    # the checks are listed under the figure, one table row per check row
    assert chart.extra is not None
    rows_shown = [
        node
        for node in walk(chart.extra(rows))
        if isinstance(node, html.Li) and "data-row" in node.__dict__
    ]
    recomputable = [
        i for i in checks if agreement.verdict(rows.loc[i].to_dict()) != "not recomputable"
    ]
    assert [int(tr.__dict__["data-row"]) for tr in rows_shown] == recomputable
    assert [li.className for li in rows_shown] == ["claim verdict-disagrees"]
    assert "stated 27 %, recomputed 31 % — disagrees (Alpha Wire, 2019-01-15)" in (
        rows_shown[0].children
    )
    # the claim that could not be recomputed is counted, and listed in the Table view
    from dashboard.components import rows_table

    notes = [n.children for n in walk(chart.extra(rows)) if isinstance(n, html.P)]
    assert any(str(n).startswith("1 more claim could not be recomputed") for n in notes)
    listed = [
        n for n in walk(rows_table(rows)) if isinstance(n, html.Tr) and "data-row" in n.__dict__
    ]
    assert [int(tr.__dict__["data-row"]) for tr in listed] == list(rows.index)


def walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def test_forged_state_gets_the_default() -> None:
    chart = CHARTS[energy.CHART_ID]
    assert chart.clean_state({"unit": "../../etc/passwd", "view": ["table"]}) == {
        "view": "chart",
        "unit": "native",
    }
    assert chart.clean_state({"unit": "energy", "view": "table", "bogus": "x"}) == {
        "view": "table",
        "unit": "energy",
    }


def test_charts_without_tables_render_empty(tmp_path: Path) -> None:
    for chart in CHARTS.values():
        rows = chart.rows(None, chart.default_state())
        assert rows.empty and list(rows.columns) == list(chart.columns)


def test_article_text_in_hover_is_escaped(tables: Tables) -> None:
    chart = CHARTS[turnover.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    (fig,) = figures_of(turnover.CHART_ID, rows, chart.default_state())
    hovers = [h for trace in fig.data if trace.hovertext for h in trace.hovertext]
    assert any("Gamma &lt;img src=x onerror=alert(1)&gt; Review" in h for h in hovers)
    assert not any("<img" in h for h in hovers)


def test_no_html_component_executes_article_markup(tables: Tables) -> None:
    """Dash renders strings as text; make sure no chart builds raw-HTML components."""
    from dashboard.components import chart_card

    for chart in CHARTS.values():
        card = chart_card(chart, tables, chart.default_state())
        stack = [card]
        while stack:
            node = stack.pop()
            assert not isinstance(node, html.Iframe)
            assert "dangerously_allow_html" not in getattr(node, "__dict__", {})
            children = getattr(node, "children", None)
            for child in children if isinstance(children, list) else [children]:
                if child is not None and not isinstance(child, str | int | float):
                    stack.append(child)
