"""Event markers for the time charts, from `data/events.yaml` (each event with its source).

An event is drawn as a dotted vertical line with its number at the top of the plot; the card
lists the numbered events under the chart with their citations. Events are numbered in date
order across the whole file, so "2" means the same event on every chart.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import yaml
from dash import html

from dashboard import fmt

EVENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "events.yaml"
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
SOURCE_FIELDS = ("title", "publisher", "published", "url")
LINE_COLOR = "#6b6b6b"
#: Events closer than this share one label at the top (their lines stay separate).
MERGE_DAYS = 270


class EventsError(ValueError):
    """data/events.yaml is missing a field or has a malformed one."""


@dataclass(frozen=True)
class Event:
    number: int
    id: str
    date: str  # as written: YYYY-MM or YYYY-MM-DD
    label: str
    short: str
    source: dict[str, str]

    @property
    def day(self) -> datetime.date:
        """Where the marker goes: the day, or the middle of the month when only that is known."""
        m = _DATE.match(self.date)
        assert m is not None
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 15))

    @property
    def when(self) -> str:
        """'21 May 2014' or 'March 2014' (never a day the file does not state)."""
        m = _DATE.match(self.date)
        assert m is not None
        month = fmt.MONTH_NAMES[int(m.group(2)) - 1]
        return f"{int(m.group(3))} {month} {m.group(1)}" if m.group(3) else f"{month} {m.group(1)}"

    def citation(self) -> str:
        s = self.source
        return f"{s['publisher']}, “{s['title']}”, {s['published']}"


def _parse(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise EventsError(f"{where}: each event is a mapping")
    for key in ("id", "date", "label", "short", "source"):
        if not isinstance(raw.get(key), (str, dict)) or not raw.get(key):
            raise EventsError(f"{where}: missing '{key}'")
    m = _DATE.match(str(raw["date"]))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise EventsError(f"{where}: date must be YYYY-MM or YYYY-MM-DD, got {raw['date']!r}")
    if m.group(3):
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))  # raises on 2014-02-30
    source = raw["source"]
    if not isinstance(source, dict):
        raise EventsError(f"{where}: 'source' is a mapping")
    missing = [k for k in SOURCE_FIELDS if not str(source.get(k) or "").strip()]
    if missing:
        raise EventsError(f"{where}: source lacks {', '.join(missing)}")
    if fmt.safe_url(source["url"]) is None:
        raise EventsError(f"{where}: source url must be an http(s) address")
    return raw


@lru_cache(maxsize=4)
def load_events(path: Path = EVENTS_FILE) -> tuple[Event, ...]:
    """Every event of the file, validated, numbered in date order (empty if no file)."""
    if not path.is_file():
        return ()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = data.get("events") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise EventsError(f"{path.name}: expected a top-level 'events' list")
    parsed = [_parse(item, f"{path.name} event {i + 1}") for i, item in enumerate(items)]
    parsed.sort(key=lambda e: str(e["date"]))
    return tuple(
        Event(
            number=n,
            id=str(e["id"]),
            date=str(e["date"]),
            label=str(e["label"]),
            short=str(e["short"]),
            source={k: str(e["source"][k]) for k in SOURCE_FIELDS},
        )
        for n, e in enumerate(parsed, start=1)
    )


def span_of(periods: Iterable[Any]) -> tuple[datetime.date, datetime.date] | None:
    """The first start and last end of the periods (None when none is dated)."""
    spans = [s for s in (fmt.period_dates(p) for p in periods) if s is not None]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def within(periods: Iterable[Any]) -> tuple[Event, ...]:
    """The events inside the time span the periods cover."""
    span = span_of(periods)
    if span is None:
        return ()
    start, end = span
    return tuple(e for e in load_events() if start <= e.day < end)


def add_markers(
    fig: go.Figure, events: Sequence[Event], top_margin: int = 34, above_titles: bool = False
) -> None:
    """Dotted lines across the plot and their numbers above it (near events share a label).

    `above_titles`: the top panel has a title in the margin; the numbers go above it.
    """
    yshift = 18 if above_titles else 0
    top_margin += yshift
    groups: list[list[Event]] = []
    for event in events:
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=event.day.isoformat(),
            x1=event.day.isoformat(),
            y0=0,
            y1=1,
            line={"color": LINE_COLOR, "width": 1, "dash": "dot"},
            layer="below",
        )
        if groups and (event.day - groups[-1][0].day).days < MERGE_DAYS:
            groups[-1].append(event)
        else:
            groups.append([event])
    for group in groups:
        fig.add_annotation(
            x=group[0].day.isoformat(),
            xref="x",
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=yshift,
            text=" ".join(str(e.number) for e in group),
            showarrow=False,
            font={"size": 11, "color": "#333"},
            bgcolor="#ffffff",
            bordercolor=LINE_COLOR,
            borderwidth=1,
            borderpad=2,
            hovertext="<br>".join(fmt.plain(f"{e.number}. {e.when}: {e.label}") for e in group),
        )
    if groups:
        current = fig.layout.margin.t if fig.layout.margin.t is not None else 0
        fig.update_layout(margin={"t": max(int(current), top_margin)})


def legend(events: Sequence[Event]) -> Any:
    """The numbered events under a chart, each with its source (HTML, links http(s) only)."""
    if not events:
        return None
    items = []
    for event in events:
        link = fmt.safe_url(event.source["url"])
        cite: Any = (
            html.A(event.citation(), href=link, rel="noopener noreferrer nofollow", target="_blank")
            if link
            else event.citation()
        )
        items.append(
            html.Li(
                [html.Strong(f"{event.number}. {event.when}: "), event.label, " — ", cite],
                **fmt.attrs({"data-event": event.id}),
            )
        )
    return html.Div(
        [html.H3("Events marked on the chart", className="sub-h"), html.Ul(items)],
        className="events",
    )


def metadata(events: Sequence[Event]) -> list[dict[str, Any]]:
    """The events as plain records (for downloaded metadata)."""
    return [
        {"number": e.number, "date": e.date, "label": e.label, "source": dict(e.source)}
        for e in events
    ]
