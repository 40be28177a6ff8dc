"""Each chart on small hand-made tables: what it plots is exactly what it downloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import html

from dashboard import fmt
from dashboard.charts import CHARTS, base, structural
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
    consensus = by_name["Consensus (annual)"]
    partial = by_name["Part-year figure (the bar spans its months)"]
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
    # the latest change is said too, with its years (2019 → 2023 are not consecutive)
    assert "latest change +81.8 % from 2019 to 2023" in text.title
    # the years without a figure are named, and the line does not pass for data across them
    assert any("2002–2017" in note and "dotted" in note for note in text.footnotes)
    assert any("vermillion" in note for note in text.footnotes)
    assert not any("red bars" in note for note in text.footnotes)
    assert "Billion US dollars" in text.subtitle
    assert any("2018: sources disagree" in note for note in text.footnotes)


def test_time_is_a_time_axis_and_gaps_are_marked(tables: Tables) -> None:
    state = CHARTS[turnover.CHART_ID].default_state()
    rows = CHARTS[turnover.CHART_ID].rows(tables, state)
    (fig,) = figures_of(turnover.CHART_ID, rows, state)
    assert fig.layout.xaxis.type == "date"
    consensus = next(t for t in fig.data if t.name == "Consensus (annual)")
    # each year at its calendar place, in time order
    assert list(consensus.x) == sorted(consensus.x)
    assert consensus.x[0].startswith("2001-07")
    solid = next(t for t in fig.data if t.name == "Consensus (line)")
    gap = next(t for t in fig.data if t.name == base.GAP_NAME)
    # 2018 → 2019 is drawn solid; 2001 → 2018 and 2019 → 2023 only as dotted gaps
    assert [x[:4] for x in solid.x if x] == ["2018", "2019"]
    assert [x[:4] for x in gap.x if x] == ["2001", "2018", "2019", "2023"]
    assert gap.line.dash == "dot"


def test_dependence_on_a_time_axis_with_the_ratio(tables: Tables) -> None:
    chart = CHARTS[dep.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    (fig,) = figures_of(dep.CHART_ID, rows, chart.default_state())
    assert fig.layout.xaxis.type == "date"
    points = plotted(fig)
    assert set(points) == set(rows.index)
    for row, marks in points.items():
        _name, x, y = marks[0]
        assert x == fmt.period_mid(rows.loc[row, "period"])
        if rows.loc[row, "series"] != dep.SERIES_RATIO:
            assert y == pytest.approx(float(rows.loc[row, "value"]))
    ratio = fig.data[-1]
    # 2023 rests on an approximate share (≈30 %): its ratio says so
    assert [t.replace("<b>", "").replace("</b>", "") for t in ratio.text] == ["9.0×", "≈10.0×"]
    text = chart.describe(rows, tables, chart.default_state())
    assert "≈10.0 times" in text.title and "2023" in text.title
    assert " a 8" not in text.title


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
        elif series == energy.SERIES_USE:  # the share is written over its year's gas bar
            assert x == fmt.period_mid(native.loc[row, "period"])
        else:  # deliveries on a time axis, at the middle of their year
            assert y == pytest.approx(value) and x == fmt.period_mid(native.loc[row, "period"])
    # deliveries against capacity: 2021 10 bcm and 2023 22 bcm against 38 bcm/yr in service
    use = native[native["series"] == energy.SERIES_USE]
    assert list(use["period"]) == ["2021", "2023"]
    assert [round(float(v), 1) for v in use["value"]] == [26.3, 57.9]
    text = chart.describe(native, tables, native_state)
    assert "capacity" in text.title and "already flowing" not in text.title
    assert "22 bcm in 2023, 58 % of the 38 bcm/yr design capacity" in text.title
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
    assert "PJ/yr" in text.title and "of capacity" in text.title
    assert "already flowing" not in text.title
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
        assert x == pytest.approx(float(rows.loc[row, "deviation"]))
    assert sorted(round(float(d), 6) for d in sources["deviation_pct"]) == [0.0, 4.0]
    assert set(sources["deviation_unit"]) == {"percent"}
    assert list(sources["agrees_with_consensus"]) == [True, True]
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
        n
        for n in walk(rows_table(chart, rows))
        if isinstance(n, html.Tr) and "data-row" in n.__dict__
    ]
    assert [int(tr.__dict__["data-row"]) for tr in listed] == list(rows.index)
    # the Table view carries the deviation the chart plots
    heads = [n.children for n in walk(rows_table(chart, rows)) if isinstance(n, html.Th)]
    assert "From consensus" in heads
    cells = [str(n.children) for n in walk(rows_table(chart, rows)) if isinstance(n, html.Td)]
    assert "+4.0 %" in cells


def test_source_agreement_separates_dissent_and_uses_points_for_rates() -> None:
    # a source 5 % off an exact consensus dissents; 26 is 26.3 rounded; 104 ≈ 100 (approx)
    assert not agreement.agrees(36.0, "exact", 38.0, "exact")
    assert agreement.agrees(26.0, "exact", 26.3, "exact")
    assert agreement.agrees(104.0, "approx", 100.0, "exact")
    assert agreement.agrees(110.0, "at_least", 120.0, "exact")
    assert not agreement.agrees(130.0, "at_least", 120.0, "exact")
    # growth rates and shares differ in percentage points, levels in percent of the consensus
    pp, unit = agreement.deviation(24.5, 27.1, "percent")
    assert unit == "pp" and pp == pytest.approx(-2.6)
    pct, unit = agreement.deviation(36.0, 38.0, "bcm_per_year")
    assert unit == "percent" and pct == pytest.approx(-5.263, abs=1e-3)


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


def test_directions_two_series_and_their_balance(tables: Tables) -> None:
    from dashboard.charts import directions

    chart = CHARTS[directions.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    balance = rows[rows["series"] == directions.SERIES_BALANCE]
    # every period with both directions, whole years and part-years
    assert list(balance["period"]) == ["2022", "2023-01/2023-06"]
    assert [float(v) for v in balance["value"]] == [30e9, 15e9]
    assert set(balance["formula"]) == {directions.BALANCE_FORMULA}
    figures = figures_of(directions.CHART_ID, rows, chart.default_state())
    assert set(all_plotted(figures)) == set(rows.index)
    text = chart.describe(rows, tables, chart.default_state())
    assert text.title.startswith("In 2022 Russia sold China $100 bn")
    assert "$30 bn surplus for Russia" in text.title


def test_part_year_against_the_same_months_a_year_earlier(tables: Tables) -> None:
    from dashboard.charts import part_year

    chart = CHARTS[part_year.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    figures = figures_of(part_year.CHART_ID, rows, chart.default_state())
    assert set(all_plotted(figures)) == set(rows.index)
    # Russia's exports, H1 2023 against H1 2022 as a source states it: +22.2 %
    ru = rows[rows["metric"].astype(str).str.startswith("trade.russia_to_china")]
    assert list(ru["series"]) == [
        part_year.SERIES_EARLIER,
        part_year.SERIES_NOW,
        part_year.SERIES_CHANGE,
    ]
    assert float(ru.iloc[2]["value"]) == pytest.approx((55 / 45 - 1) * 100)
    # turnover H1 2023 has no earlier figure: implied from the stated +20 %, and marked so
    implied = rows[rows["series"] == part_year.SERIES_IMPLIED]
    turnover_implied = implied[implied["metric"] == "trade.bilateral.value"]
    assert list(turnover_implied["period"]) == ["2022-01/2022-06"]
    assert float(turnover_implied.iloc[0]["value"]) == pytest.approx(90e9 / 1.2)
    assert set(implied["qualifier"]) == {"approx"}
    text = chart.describe(rows, tables, chart.default_state())
    assert "Jan–Jun 2023" in text.title and "up 20.0 %" in text.title


def test_events_come_from_the_yaml_with_sources() -> None:
    from dashboard import events

    marked = events.load_events()
    assert [e.date for e in marked] == sorted(e.date for e in marked)
    assert {"2014-05-21", "2019-12", "2022-02-24"} <= {e.date for e in marked}
    for event in marked:
        assert all(event.source[k] for k in events.SOURCE_FIELDS)
        assert fmt.safe_url(event.source["url"])
    assert [e.date for e in events.within(["2020", "2023"])] == ["2022-02-24"]


def test_bad_events_file_is_refused(tmp_path: Path) -> None:
    from dashboard import events

    bad = tmp_path / "events.yaml"
    bad.write_text(
        "events:\n  - {id: x, date: '2014-13', label: a, short: b, source: {title: t}}\n"
    )
    with pytest.raises(events.EventsError, match="date"):
        events.load_events(bad)


def test_month_precision_is_shown_as_a_month() -> None:
    assert fmt.published_text("2024-01-01", "month") == "January 2024"
    assert fmt.published_text("2023-07-01", "year") == "2023"
    assert fmt.published_text("2022-02-04", "day") == "2022-02-04"


def test_a_ratio_stated_in_words_reads_approximate(tables: Tables) -> None:
    chart = CHARTS[structural.CHART_ID]
    rows = chart.rows(tables, chart.default_state())
    gdp = rows[rows["metric"] == "macro.gdp.ratio_russia_to_china"].iloc[0]
    assert base.is_true(gdp["stated_in_words"])  # "one-tenth"
    assert structural._value(gdp) == "≈0.1×"
    # a rank in words ("second") is exact, and a figure in digits is never marked
    rank = rows[rows["metric"] == "energy.supplier_rank"].iloc[0]
    assert structural._value(rank) == "#2"
    border = rows[rows["metric"] == "geo.border_length"].iloc[0]
    assert not base.is_true(border["stated_in_words"])
    assert "≈0.1×" in chart.describe(rows, tables, chart.default_state()).title
