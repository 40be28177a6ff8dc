"""How a figure was stated: the scale people write it in, its precision, and its rendering.

A turnover is written "$240.1 billion", so its precision is judged in billions (a tenth of a
billion), not in dollars; a growth rate of "26%" is precise to one percentage point.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache

BILLION = 1e9
MILLION = 1e6

#: Unit symbols for reports (the catalog's labels are for charts; these are for one line).
UNIT_SYMBOLS: dict[str, str] = {
    "usd": "USD",
    "percent": "%",
    "ratio": "×",
    "rank": "",
    "km": "km",
    "bcm": "bcm",
    "bcm_per_year": "bcm/yr",
    "mt": "Mt",
    "mt_per_year": "Mt/yr",
    "usd_per_barrel": "USD/bbl",
    "pj_per_year": "PJ/yr",
    "mtoe_per_year": "Mtoe/yr",
}


def display_scale(value: float, unit: str) -> float:
    """The multiplier a figure is written in: dollars in billions or millions, else ones."""
    if unit == "usd":
        if abs(value) >= BILLION:
            return BILLION
        if abs(value) >= MILLION:
            return MILLION
    return 1.0


@lru_cache(maxsize=1 << 16)  # reconciling compares every figure of a group with the others
def resolution(value: float, unit: str) -> float:
    """The step of the last stated digit, in the figure's unit ($240.1 billion → 1e8).

    Trailing zeros of a whole number count as stated ("240 billion" is precise to a
    billion): reading them as rounding would let 240 agree with anything from 235 to 245.
    """
    if not math.isfinite(value):
        return math.inf
    scale = display_scale(value, unit)
    exponent = Decimal(repr(round(value / scale, 9))).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return float(10 ** min(0, exponent)) * scale


def format_value(value: float, unit: str) -> str:
    """`240.1 bn USD`, `-27.8 %`, `38 bcm/yr`: for change reports and logs."""
    scale = display_scale(value, unit)
    suffix = {BILLION: " bn", MILLION: " mn"}.get(scale, "")
    number = f"{value / scale:.6g}"
    symbol = UNIT_SYMBOLS.get(unit, unit)
    if unit == "rank":
        return f"#{number}"
    if unit == "ratio":
        return f"{number}{symbol}"
    return f"{number}{suffix} {symbol}".rstrip()
