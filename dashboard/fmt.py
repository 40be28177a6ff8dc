"""Formatting of values, units, periods and citations for display (pure functions)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from etl.facts.catalog import load_catalog

#: Units the derived table adds to the catalog's (label, symbol).
EXTRA_UNITS: dict[str, tuple[str, str]] = {
    "pj_per_year": ("petajoules per year", "PJ/yr"),
    "mtoe_per_year": ("million tonnes of oil equivalent per year", "Mtoe/yr"),
    "pj": ("petajoules", "PJ"),
    "mtoe": ("million tonnes of oil equivalent", "Mtoe"),
}

QUALIFIER_MARK = {"approx": "≈", "at_least": "≥", "at_most": "≤", "exact": ""}
QUALIFIER_WORDS = {
    "exact": "exact",
    "approx": "approximate",
    "at_least": "lower bound (at least)",
    "at_most": "upper bound (at most)",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}(?:-\d{2})?)/(\d{4}(?:-\d{2})?)$")


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def text(value: Any) -> str:
    """A display string for any cell; missing → ''."""
    if is_missing(value):
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def unit_label(unit: str) -> str:
    units = load_catalog().units
    if unit in units:
        return str(units[unit].get("label", unit))
    return EXTRA_UNITS.get(unit, (unit, unit))[0]


def unit_symbol(unit: str) -> str:
    units = load_catalog().units
    if unit in units:
        return str(units[unit].get("symbol", unit))
    return EXTRA_UNITS.get(unit, (unit, unit))[1]


def metric_label(metric: str) -> str:
    metrics = load_catalog().metrics
    return metrics[metric].label if metric in metrics else metric


def metric_definition(metric: str) -> str:
    metrics = load_catalog().metrics
    return metrics[metric].definition if metric in metrics else ""


def entity_label(entity: Any) -> str:
    if is_missing(entity) or entity == "":
        return ""
    catalog = load_catalog()
    name = str(entity)
    if name in catalog.pipelines:
        return catalog.pipelines[name].label
    if name in catalog.contracts:
        return str(catalog.contracts[name].get("label", name))
    if name in catalog.commodities:
        return str(catalog.commodities[name].get("label", name))
    return name.replace("_", " ").title()


def _num(value: float, digits: int = 1) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    text_value = f"{value:,.{digits}f}"
    return text_value.rstrip("0").rstrip(".") if "." in text_value else text_value


def format_value(value: Any, unit: str, qualifier: str | None = None) -> str:
    """'$147 bn', '20 %', '38 bcm/yr', '#1', '0.1×' with a qualifier mark (≈, ≥, ≤)."""
    if is_missing(value):
        return "–"
    v = float(value)
    mark = QUALIFIER_MARK.get(qualifier or "exact", "")
    if unit == "usd":
        if abs(v) >= 1e9:
            body = f"${_num(v / 1e9, 2 if abs(v) < 1e11 else 1)} bn"
        elif abs(v) >= 1e6:
            body = f"${_num(v / 1e6)} m"
        else:
            body = f"${_num(v)}"
    elif unit == "percent":
        body = f"{'+' if v > 0 and qualifier == 'signed' else ''}{_num(v)} %"
    elif unit == "rank":
        body = f"#{_num(v, 0)}"
    elif unit == "ratio":
        body = f"{_num(v, 2)}×"
    elif unit == "usd_per_barrel":
        body = f"${_num(v, 2)}/bbl"
    else:
        body = f"{_num(v)} {unit_symbol(unit)}"
    return f"{mark}{body}"


def format_period(period: Any) -> str:
    """Contract period → reader's form: '2021', 'Dec 2018', 'Jan–Sep 2023', '2016–2020'."""
    if is_missing(period) or period == "":
        return "no period"
    p = str(period)
    if _YEAR.match(p):
        return p
    m = _MONTH.match(p)
    if m:
        return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    r = _RANGE.match(p)
    if r:
        left, right = r.group(1), r.group(2)
        if len(left) == 4 and len(right) == 4:
            return f"{left}–{right}"
        lm, rm = _MONTH.match(left), _MONTH.match(right)
        if lm and rm:
            if lm.group(1) == rm.group(1):
                a, b = MONTHS[int(lm.group(2)) - 1], MONTHS[int(rm.group(2)) - 1]
                return f"{a}–{b} {lm.group(1)}"
            return f"{format_period(left)} – {format_period(right)}"
    return p


def period_bounds(period: Any) -> tuple[float, float] | None:
    """Fractional-year span [start, end) of a period, for placing it on a time axis."""
    if is_missing(period) or period == "":
        return None
    p = str(period)

    def point(part: str, end: bool) -> float | None:
        if _YEAR.match(part):
            return int(part) + (1.0 if end else 0.0)
        m = _MONTH.match(part)
        if m:
            return int(m.group(1)) + (int(m.group(2)) - (0 if end else 1)) / 12
        return None

    if "/" in p:
        left, right = p.split("/", 1)
        a, b = point(left, False), point(right, True)
    else:
        a, b = point(p, False), point(p, True)
    if a is None or b is None:
        return None
    return a, b


def year_of(period: Any) -> int | None:
    if is_missing(period):
        return None
    p = str(period)
    return int(p) if _YEAR.match(p) else None


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) link, else None (never javascript:, data:, ...)."""
    if is_missing(url):
        return None
    raw = str(url).strip()
    if any(ch in raw for ch in "\r\n\t\x00 <>\"'`"):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return raw


def source_label(record: Mapping[str, Any] | None, doc: str) -> str:
    """'Publisher, 2022-02-04' for a document (falls back to its id)."""
    if not record:
        return doc
    publisher = text(record.get("publisher")) or doc
    published = published_text(record.get("published"), record.get("published_precision"))
    return f"{publisher}, {published}" if published else publisher


def attrs(values: Mapping[str, str]) -> dict[str, Any]:
    """Extra HTML attributes (aria-*, data-*) for a Dash component's keyword arguments."""
    return dict(values)


def plain(value: Any) -> str:
    """Article-derived text escaped for places that interpret markup (plotly hover labels)."""
    return html.escape(text(value), quote=True)


# -- time axes -------------------------------------------------------------------------------
def period_dates(period: Any) -> tuple[date, date] | None:
    """[start, end) of a period as calendar dates ('2023-01/2023-09' → 2023-01-01, 2023-10-01)."""
    if is_missing(period) or period == "":
        return None
    p = str(period)

    def point(part: str, end: bool) -> date | None:
        if _YEAR.match(part):
            return date(int(part) + (1 if end else 0), 1, 1)
        m = _MONTH.match(part)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                return None
            if end:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return date(year, month, 1)
        return None

    left, right = p.split("/", 1) if "/" in p else (p, p)
    a, b = point(left, False), point(right, True)
    if a is None or b is None or b <= a:
        return None
    return a, b


def period_mid(period: Any) -> str | None:
    """The middle of a period as an ISO date, where a time axis places its value."""
    span = period_dates(period)
    if span is None:
        return None
    start, end = span
    return (start + (end - start) / 2).isoformat()


def shift_year(period: Any, years: int) -> str | None:
    """The same months `years` earlier or later ('2016-01/2016-06', -1 → '2015-01/2015-06')."""
    if is_missing(period) or period == "":
        return None

    def move(part: str) -> str | None:
        if _YEAR.match(part):
            return str(int(part) + years)
        m = _MONTH.match(part)
        return f"{int(m.group(1)) + years:04d}-{m.group(2)}" if m else None

    parts = [move(part) for part in str(period).split("/")]
    if any(part is None for part in parts):
        return None
    return "/".join(str(part) for part in parts)


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def published_text(value: Any, precision: Any = "day") -> str:
    """A publication date at the precision the source gives: '2024-01-15', 'January 2024', '2023'.

    Month- and year-precision dates are stored as the first day ('2024-01-01'); showing that
    day would claim a precision the source does not have.
    """
    raw = text(value)
    if not raw:
        return ""
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", raw)
    if not m:
        return raw
    kind = text(precision) or "day"
    if kind == "year":
        return m.group(1)
    if kind == "month" and 1 <= int(m.group(2)) <= 12:
        return f"{MONTH_NAMES[int(m.group(2)) - 1]} {m.group(1)}"
    return raw[:10]
