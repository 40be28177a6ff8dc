"""Human-readable renderings of facts (`--format table`)."""

from __future__ import annotations

from collections.abc import Sequence

from etl.model import Fact

_COLUMNS = ("doc", "metric", "entity", "value", "unit", "period", "qualifier", "status")


def format_value(value: float, unit: str) -> str:
    """$147 bn, 26.3 %, 36 bcm/yr: how people write these figures."""
    if unit == "usd":
        return f"${value / 1e9:,.6g} bn" if abs(value) >= 1e8 else f"${value:,.6g}"
    symbol = {"percent": " %", "ratio": "×", "rank": "", "km": " km", "bcm": " bcm",
              "bcm_per_year": " bcm/yr", "mt": " Mt", "mt_per_year": " Mt/yr",
              "usd_per_barrel": " $/bbl"}.get(unit, f" {unit}")  # fmt: skip
    return f"{value:,.6g}{symbol}"


def _cell(fact: Fact, column: str) -> str:
    value = getattr(fact, column)
    if column == "value":
        return format_value(value, fact.unit)
    return "" if value is None else str(value)


def format_table(facts: Sequence[Fact]) -> str:
    rows = [[_cell(f, c) for c in _COLUMNS] for f in facts]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(_COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(_COLUMNS, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines) + "\n"
