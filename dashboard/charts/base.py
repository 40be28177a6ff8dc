"""What every chart module shares: the chart description, row builders, palette and theme.

A chart is a `Chart`: an id, its options (each an allow-list with a default), a `select`
function that picks from the tables exactly the rows the chart shows (and downloads), a
`figure` builder that draws only those rows, and a `describe` function for the title that
states the takeaway, the subtitle (definition and unit), footnotes and alt text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.data import Tables
from etl.tables.basis import basis_of_reporter

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6B6B6B",
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

#: Columns every download carries, in this order; charts may append their own.
BASE_COLUMNS: tuple[str, ...] = (
    "series",
    "metric",
    "entity",
    "period",
    "status",
    "basis",
    "value",
    "unit",
    "qualifier",
    "value_min",
    "value_max",
    "n_sources",
    "conflict",
    "rule",
    "docs",
    "sources",
    "source_titles",
    "source_urls",
)

COLUMN_DOCS: dict[str, str] = {
    "series": "What the row is in the chart (consensus, one source's figure, target, ...).",
    "metric": "Catalog metric id (see data/metrics.yaml).",
    "metric_label": "Human-readable metric name.",
    "entity": "Pipeline, country, commodity or contract the figure is about (empty if none).",
    "entity_label": "Human-readable entity name.",
    "period": "Period as the facts contract writes it: 2021, 2018-12, 2023-01/2023-09, "
    "2016/2020; empty when timeless.",
    "status": "actual, target, planned or projection.",
    "basis": "Reporting basis: china_customs or russia_customs for trade values and growth "
    "(each customs' figures are their own series), any for metrics not split by basis.",
    "partial": "True when the period is shorter than a calendar year.",
    "value": "The figure in its unit (USD as plain dollars).",
    "unit": "Unit id (usd, percent, ratio, rank, km, bcm, bcm_per_year, mt, mt_per_year, "
    "usd_per_barrel, pj_per_year).",
    "qualifier": "exact, approx, at_least or at_most.",
    "value_min": "Lowest figure any source gives for this metric and period.",
    "value_max": "Highest figure any source gives for this metric and period.",
    "n_sources": "Number of documents stating a figure for this metric and period.",
    "conflict": "True when the sources differ by more than the reconciliation tolerance.",
    "rule": "The reconciliation rule that chose the consensus value.",
    "docs": "';'-joined ids of the documents the row rests on.",
    "sources": "';'-joined 'Publisher, date' citations of those documents.",
    "source_titles": "' | '-joined titles of those documents, in the order of `docs`.",
    "source_urls": "' | '-joined addresses of those documents (empty where none is known).",
    "period_start": "First day of the period (a date).",
    "period_end": "Last day of the period (a date).",
    "deviation": "Source figure minus consensus: percent of the consensus for levels, "
    "percentage points for figures that are themselves percentages.",
    "deviation_unit": "'percent' (of the consensus) or 'pp' (percentage points).",
    "agrees_with_consensus": "True when the source's figure is within the reconciliation "
    "tolerance of the consensus.",
    "stated_change": "The change on a year earlier as a source states it, in percent.",
    "stated_in_words": "True when every source states the figure in words ('one-tenth'), "
    "a rounded phrase rather than a measured figure.",
    "fact_id": "Id of the extracted fact (facts table).",
    "deviation_pct": "Source figure minus consensus, in percent of the consensus.",
    "formula": "How a derived figure or a check was computed.",
    "kind": "Kind of derived figure (e.g. compound annual growth, energy equivalent).",
    "stated_value": "The figure the article states.",
    "recomputed_value": "The same figure recomputed from the tables' observations.",
    "agrees": "True when stated and recomputed agree within tolerance.",
    "tolerance": "Tolerance used for the agreement check.",
    "source_note": "Citation for the conversion factors used.",
    "doubtful": "True when the figure breaks a consistency identity (flags table) and no "
    "person has confirmed or corrected it.",
    "doubt": "Why the figure is doubtful: the identity, what it expects and the gap.",
    "reviewed": "True when a person confirmed or corrected the figure (reviews table).",
}

STATE_VIEW = "view"
VIEW_CHOICES: tuple[tuple[str, str], ...] = (("chart", "Chart"), ("table", "Table"))

State = Mapping[str, str]


@dataclass(frozen=True)
class Option:
    """A chart control: its allowed values (value, label) and default."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...]
    default: str

    def allowed(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)

    def clean(self, value: Any) -> str:
        """The value if the page offers it, else the default (forged input → safe default)."""
        return value if isinstance(value, str) and value in self.allowed() else self.default


VIEW_OPTION = Option(STATE_VIEW, "Show", VIEW_CHOICES, "chart")


@dataclass(frozen=True)
class ChartText:
    title: str
    subtitle: str
    footnotes: tuple[str, ...] = ()
    alt: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    name: str
    metrics: tuple[str, ...]
    select: Callable[[Tables, State], pd.DataFrame]
    describe: Callable[[pd.DataFrame, Tables, State], ChartText]
    #: One figure, or several laid out side by side (stacking at phone width).
    figure: Callable[[pd.DataFrame, State], go.Figure | list[go.Figure]] | None
    visual: Callable[[pd.DataFrame, State], Any] | None = None  # HTML instead of a figure
    extra: Callable[[pd.DataFrame], Any] | None = None  # HTML shown under the figure
    extra_columns: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    data_options: tuple[str, ...] = field(default=())  # options that change the rows
    #: Mark the events of data/events.yaml on the chart's time axis.
    events: bool = False
    #: The periods whose span the time axis shows (default: the rows' own periods).
    event_periods: Callable[[pd.DataFrame], Iterable[Any]] | None = None
    #: Extra columns of the Table view: (column, header, formatter of the row).
    table_columns: tuple[tuple[str, str, Callable[[Mapping[str, Any]], str]], ...] = ()

    @property
    def all_options(self) -> tuple[Option, ...]:
        return (VIEW_OPTION, *self.options)

    @property
    def columns(self) -> tuple[str, ...]:
        return (*BASE_COLUMNS, *self.extra_columns)

    def clean_state(self, raw: Mapping[str, Any] | None) -> dict[str, str]:
        raw = raw or {}
        return {opt.name: opt.clean(raw.get(opt.name)) for opt in self.all_options}

    def default_state(self) -> dict[str, str]:
        return {opt.name: opt.default for opt in self.all_options}

    def rows(self, tables: Tables | None, state: State) -> pd.DataFrame:
        """The rows the chart shows for this state, with exactly `columns`, index 0..n-1."""
        if tables is None:
            return empty_rows(self.columns)
        key = ("rows", self.id, tuple(sorted((k, state.get(k)) for k in self.data_options)))
        return tables.memo(key, lambda: self._select(tables, state)).copy()

    def _select(self, tables: Tables, state: State) -> pd.DataFrame:
        frame = self.select(tables, state)
        for column in self.columns:
            if column not in frame.columns:
                frame[column] = None
        frame = frame.loc[:, list(self.columns)].reset_index(drop=True)
        titles, links = citation_columns(frame["docs"], tables.source_records())
        frame["source_titles"] = titles
        frame["source_urls"] = links
        return frame


def citation_columns(
    docs: Iterable[Any], sources: Mapping[str, Mapping[str, Any]]
) -> tuple[list[str], list[str]]:
    """Per row: the titles and the URLs of its documents, ' | '-joined in `docs` order."""
    titles, links = [], []
    for value in docs:
        ids = split_docs(value)
        titles.append(" | ".join(fmt.text(sources.get(d, {}).get("title")) or d for d in ids))
        links.append(" | ".join(fmt.safe_url(sources.get(d, {}).get("url")) or "" for d in ids))
    return titles, links


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name."""
    return cast(list[dict[str, Any]], frame.to_dict(orient="records"))


def indexed(frame: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """(row index, row) pairs; the index is the download row number."""
    return [(int(cast(int, i)), row) for i, row in zip(frame.index, records(frame), strict=True)]


def as_figures(result: go.Figure | list[go.Figure]) -> list[go.Figure]:
    return list(result) if isinstance(result, list) else [result]


def empty_rows(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype=object) for column in columns})


# -- row builders ----------------------------------------------------------------------------
def split_docs(value: Any) -> list[str]:
    raw = fmt.text(value)
    return [doc for doc in raw.split(";") if doc]


def cite_docs(docs: Iterable[str], sources: Mapping[str, Mapping[str, Any]]) -> str:
    return "; ".join(fmt.source_label(sources.get(doc), doc) for doc in docs)


def observation_rows(obs: pd.DataFrame, series: str, tables: Tables) -> pd.DataFrame:
    """Observation rows in download form (consensus figures)."""
    sources = tables.source_records()
    out = obs.copy()
    out["series"] = series
    out["sources"] = [cite_docs(split_docs(d), sources) for d in out["docs"]]
    return out


def fact_rows(facts: pd.DataFrame, series: str, tables: Tables) -> pd.DataFrame:
    """Fact rows in download form (one source's figure each)."""
    sources = tables.source_records()
    out = facts.copy()
    out["series"] = series
    out["value_min"] = out["value"]
    out["value_max"] = out["value"]
    out["n_sources"] = 1
    out["conflict"] = False
    out["rule"] = "source figure"
    out["docs"] = out["doc"]
    out["sources"] = [cite_docs([d], sources) for d in out["doc"]]
    if "reporter" in out:
        out["basis"] = [
            basis_of_reporter(str(m), str(r))
            for m, r in zip(out["metric"], out["reporter"], strict=True)
        ]
    return out


def concat(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    usable = [frame for frame in frames if len(frame)]
    if not usable:
        return empty_rows(columns)
    aligned = [frame.reindex(columns=list(columns)).astype(object) for frame in usable]
    return pd.concat(aligned, ignore_index=True)


def annual(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations whose period is one calendar year."""
    mask = obs["period"].map(lambda p: fmt.year_of(p) is not None)
    return obs[mask.astype(bool)]


def of_metric(frame: pd.DataFrame, *metrics: str) -> pd.DataFrame:
    return frame[frame["metric"].isin(metrics)]


def is_true(value: Any) -> bool:
    return not fmt.is_missing(value) and bool(value)


def doc_list(rows: pd.DataFrame) -> list[str]:
    """Every document the rows rest on, in first-seen order."""
    seen: dict[str, None] = {}
    for value in rows.get("docs", pd.Series([], dtype=object)):
        for doc in split_docs(value):
            seen.setdefault(doc, None)
    return list(seen)


# -- figure theme ----------------------------------------------------------------------------
DEFAULT_MARGIN = {"l": 60, "r": 40, "t": 24, "b": 36}


def base_layout(
    fig: go.Figure, *, height: int = 380, margin: Mapping[str, int] | None = None
) -> go.Figure:
    """The shared theme. Margins are explicit and axes never auto-size them, and the legend
    is drawn in HTML by the card (`legend_items`): both save plotly whole layout passes."""
    fig.update_layout(
        template="none",  # the theme is set here, not by an 8 kB template per figure
        colorway=list(OKABE_ITO.values()),
        height=height,
        margin={**DEFAULT_MARGIN, **(margin or {})},
        font={"family": FONT, "size": 13, "color": "#333"},
        hoverlabel={"font": {"family": FONT}},
        showlegend=False,
        plot_bgcolor="#fff",
        paper_bgcolor="#fff",
        modebar={"orientation": "v", "bgcolor": "rgba(255,255,255,0.7)"},
    )
    axis = {
        "gridcolor": "#ececec",
        "zerolinecolor": "#cfcfcf",
        "linecolor": "#cfcfcf",
        "automargin": False,
        "showgrid": True,
        "ticks": "",
    }
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    return fig


@dataclass(frozen=True)
class LegendItem:
    label: str
    color: str
    shape: str  # line | circle | circle-open | diamond-open | square | bar | bar-open | tick


def legend_items(figures: Sequence[go.Figure]) -> list[LegendItem]:
    """One legend entry per named trace (`legendgroup` unset or first of its group)."""
    items: dict[str, LegendItem] = {}
    for fig in figures:
        for trace in fig.data:
            name = getattr(trace, "name", None)
            meta = getattr(trace, "meta", None)
            if not name or name in items or not isinstance(meta, dict) or "legend" not in meta:
                continue
            items[name] = LegendItem(name, str(meta["legend"][0]), str(meta["legend"][1]))
    return list(items.values())


def hover_for(rows: pd.DataFrame) -> list[str]:
    """Hover label per row; article-derived parts escaped (plotly interprets some markup)."""
    labels = []
    for row in records(rows):
        value = fmt.format_value(row.get("value"), fmt.text(row.get("unit")), row.get("qualifier"))
        parts = [
            f"<b>{fmt.plain(row.get('series'))}</b>",
            f"{fmt.format_period(row.get('period'))}: {value}",
        ]
        entity = fmt.entity_label(row.get("entity"))
        if entity:
            parts.insert(1, fmt.plain(entity))
        sources = fmt.text(row.get("sources"))
        if sources:
            parts.append(fmt.plain(sources if len(sources) < 90 else sources[:87] + "…"))
        labels.append("<br>".join(parts))
    return labels


def x_dates(frame: pd.DataFrame) -> list[str | None]:
    """The time-axis position of each row: the middle of its period, as an ISO date."""
    return [fmt.period_mid(p) for p in frame["period"]]


def year_segments(
    frame: pd.DataFrame, scale: float = 1.0
) -> tuple[list[str | None], list[float | None], list[str | None], list[float | None]]:
    """Lines between the values of consecutive years, and (apart) the spans across gaps.

    Returns (x, y) of the solid segments and (x, y) of the gap segments, each broken with
    None, so a line never silently joins 1995 to 2001.
    """
    points = sorted(
        (fmt.year_of(p), fmt.period_mid(p), float(v) / scale)
        for p, v in zip(frame["period"], frame["value"], strict=True)
        if fmt.year_of(p) is not None
    )
    solid_x: list[str | None] = []
    solid_y: list[float | None] = []
    gap_x: list[str | None] = []
    gap_y: list[float | None] = []
    for (y0, x0, v0), (y1, x1, v1) in itertools.pairwise(points):
        assert y0 is not None and y1 is not None
        xs, ys = (solid_x, solid_y) if y1 - y0 == 1 else (gap_x, gap_y)
        xs += [x0, x1, None]
        ys += [v0, v1, None]
    return solid_x, solid_y, gap_x, gap_y


def missing_years(frame: pd.DataFrame) -> list[str]:
    """'1996–2000', '2011' ...: the runs of years between the first and last with no value."""
    years = sorted({y for y in (fmt.year_of(p) for p in frame["period"]) if y is not None})
    runs = []
    for a, b in itertools.pairwise(years):
        if b - a > 1:
            runs.append(str(a + 1) if b - a == 2 else f"{a + 1}–{b - 1}")
    return runs


def line_traces(
    frame: pd.DataFrame, name: str, color: str, scale: float = 1.0, dash: str = "solid"
) -> list[go.Scatter]:
    """The connecting lines of an annual series: solid (or `dash`) between consecutive years,
    dotted grey across missing years (points are drawn by the caller, with their row ids)."""
    sx, sy, gx, gy = year_segments(frame, scale)
    traces = []
    if sx:
        traces.append(
            go.Scatter(
                x=sx,
                y=sy,
                mode="lines",
                line={"color": color, "width": 2.5, "dash": dash},
                hoverinfo="skip",
                name=f"{name} (line)",
            )
        )
    if gx:
        traces.append(
            go.Scatter(
                x=gx,
                y=gy,
                mode="lines",
                line={"color": GAP_COLOR, "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
                name=GAP_NAME,
                meta={"legend": (GAP_COLOR, "dash")},
            )
        )
    return traces


GAP_COLOR = "#8c8c8c"
GAP_NAME = "No figure for the years in between"


def date_axis(fig: go.Figure, **where: Any) -> None:
    """A calendar time axis labelled in years."""
    fig.update_xaxes(type="date", tickformat="%Y", hoverformat="%b %Y", **where)


def row_ids(rows: pd.DataFrame) -> list[int]:
    """customdata: the download row index of each plotted point (tests rely on it)."""
    return [int(i) for i in rows.index]
