"""Doubtful points in any chart: ring them, explain them, and the "reviewed only" view.

The data come from `dashboard.trust` (the `flags` and `reviews` tables); this module only
draws. A chart adopts it with three calls: `with_trust(select)` for its rows (adds the
`doubtful`, `doubt` and `reviewed` columns and honours the `figures` option), `ring` per
panel, and `footnotes` in its description.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt, trust
from dashboard.charts import base
from dashboard.charts.base import OKABE_ITO, Option, State
from dashboard.data import Tables

RING_NAME = "Doubtful: breaks an identity"
#: The chart option: every figure, or only figures a person reviewed.
OPTION = Option(*trust.OPTION_ARGS)

Select = Callable[[Tables, State], pd.DataFrame]


def with_trust(select: Select) -> Select:
    """`select` whose rows carry the trust columns (the chart's concat must keep
    `fact_id`/`fact_ids`), restricted to reviewed figures when the option says so."""

    def trusted(tables: Tables, state: State) -> pd.DataFrame:
        rows = select(tables, state)
        if state.get(OPTION.name) == "reviewed":
            rows = trust.reviewed_only(rows, tables).reset_index(drop=True)
        return trust.mark(rows, tables)

    return trusted


def doubtful(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["doubtful"].map(base.is_true).astype(bool)]


def ring(
    fig: go.Figure,
    rows: pd.DataFrame,
    x: Callable[[pd.DataFrame], Sequence[Any]],
    y: Callable[[pd.DataFrame], Sequence[Any]],
    **where: int,
) -> None:
    """A crossed vermillion ring over each doubtful point, its reason in the hover."""
    rings = doubtful(rows)
    if not len(rings):
        return
    fig.add_trace(
        go.Scatter(
            name=RING_NAME,
            meta={"legend": (OKABE_ITO["vermillion"], "circle-open")},
            x=list(x(rings)),
            y=list(y(rings)),
            mode="markers",
            marker={
                "size": 17,
                "symbol": "circle-x-open",
                "color": OKABE_ITO["vermillion"],
                "line": {"width": 2},
            },
            customdata=base.row_ids(rings),
            hovertext=[
                f"{h}<br><b>Doubtful</b>: {fmt.plain(d)}"
                for h, d in zip(base.hover_for(rings), rings["doubt"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        ),
        **where,
    )


def footnotes(rows: pd.DataFrame, unit: str) -> list[str]:
    return [
        f"Doubtful (ringed in red) — {row['period']}, {fmt.format_value(row['value'], unit)}: "
        f"{fmt.text(row['doubt'])}"
        for row in base.records(doubtful(rows))
    ]
