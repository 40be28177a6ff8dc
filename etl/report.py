"""Human-readable renderings of facts (`--format table`)."""

from __future__ import annotations

from collections.abc import Sequence

from etl.model import Fact

_COLUMNS = ("doc", "metric", "entity", "value", "unit", "period", "qualifier", "status")


def _cell(fact: Fact, column: str) -> str:
    value = getattr(fact, column)
    if column == "value":
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value / 1e9:,.4g}e9"
    return "" if value is None else str(value)


def format_table(facts: Sequence[Fact]) -> str:
    rows = [[_cell(f, c) for c in _COLUMNS] for f in facts]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(_COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(_COLUMNS, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines) + "\n"
