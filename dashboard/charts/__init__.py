"""The dashboard's charts, one module each; `CHARTS` is the allow-list of chart ids."""

from __future__ import annotations

from dashboard.charts import (
    dependence,
    directions,
    energy_corridors,
    part_year,
    source_agreement,
    structural,
    trade_turnover,
)
from dashboard.charts.base import Chart

CHARTS: dict[str, Chart] = {
    module.CHART.id: module.CHART
    for module in (
        trade_turnover,
        directions,
        part_year,
        dependence,
        energy_corridors,
        structural,
        source_agreement,
    )
}


def chart_for_metric(metric: str) -> Chart | None:
    """The chart that draws a metric (for the change report), if any."""
    for chart in CHARTS.values():
        if metric in chart.metrics:
            return chart
    return None
