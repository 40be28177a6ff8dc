"""What kind of period a contract period string is, whether it is partial, and shifting it.

The contract's period forms (../shared/CONTRACT.md): `2021` (a calendar year), `2018-12`
(one month), `2023-01/2023-09` (a run of months), `2016/2020` (years, or a change between
two years for change metrics such as a fold multiple), and null (timeless). Everything here
is pure string arithmetic so that reconciliation, derivation, checks and validation agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

YEAR = "year"
MONTH = "month"
MONTHS = "months"
YEARS = "years"
CHANGE = "change"
NONE = "none"
PERIOD_KINDS: tuple[str, ...] = (YEAR, MONTH, MONTHS, YEARS, CHANGE, NONE)

#: Metrics whose `YYYY/YYYY` period is a change between two years, not a span of years.
CHANGE_METRICS = frozenset({"trade.bilateral.multiple"})

_MONTH = r"(?:0[1-9]|1[0-2])"
YEAR_RE = re.compile(r"\A(\d{4})\Z")
MONTH_RE = re.compile(rf"\A(\d{{4}})-({_MONTH})\Z")
MONTHS_RE = re.compile(rf"\A(\d{{4}})-({_MONTH})/(\d{{4}})-({_MONTH})\Z")
YEARS_RE = re.compile(r"\A(\d{4})/(\d{4})\Z")
#: Every well-formed period, for validators that want one pattern (order is checked apart).
PERIOD_PATTERN = (
    rf"^(?:\d{{4}}|\d{{4}}-{_MONTH}|\d{{4}}-{_MONTH}/\d{{4}}-{_MONTH}|\d{{4}}/\d{{4}})$"
)


class PeriodError(ValueError):
    """A period string that is not one of the contract's forms."""


@lru_cache(maxsize=1 << 14)  # asked for the same few periods for every fact
def period_kind(period: str | None, metric: str = "") -> str:
    """`year`, `month`, `months`, `years`, `change` or `none`; raises PeriodError if malformed."""
    if period is None:
        return NONE
    if YEAR_RE.match(period):
        return YEAR
    if MONTH_RE.match(period):
        return MONTH
    match = MONTHS_RE.match(period)
    if match:
        start = (int(match.group(1)), int(match.group(2)))
        end = (int(match.group(3)), int(match.group(4)))
        if start >= end:
            raise PeriodError(f"month run ends before it starts: {period!r}")
        return MONTHS
    match = YEARS_RE.match(period)
    if match:
        if int(match.group(1)) >= int(match.group(2)):
            raise PeriodError(f"year span ends before it starts: {period!r}")
        return CHANGE if metric in CHANGE_METRICS else YEARS
    raise PeriodError(f"not a contract period: {period!r}")


def is_partial(period: str | None, metric: str = "") -> bool:
    """True for a figure covering part of a year: one month, or a run short of Jan–Dec.

    A run of months that covers exactly one calendar year (`2023-01/2023-12`) is a whole
    year stated the long way; anything shorter must never pass for an annual figure.
    """
    kind = period_kind(period, metric)
    if kind == MONTH:
        return True
    if kind == MONTHS:
        assert period is not None
        start, end = period.split("/")
        return not (start.endswith("-01") and end.endswith("-12") and start[:4] == end[:4])
    return False


def is_well_formed(period: str | None, metric: str = "") -> bool:
    try:
        period_kind(period, metric)
    except PeriodError:
        return False
    return True


def _shift_month(text: str, years: int) -> str:
    return f"{int(text[:4]) + years:04d}{text[4:]}"


@lru_cache(maxsize=1 << 14)
def shift_years(period: str, years: int) -> str:
    """The same calendar window `years` later (negative: earlier): the comparison period of a
    year-on-year growth rate. `2023-01/2023-09` shifted by -1 is `2022-01/2022-09`."""
    kind = period_kind(period)
    if kind == YEAR:
        return f"{int(period) + years:04d}"
    if kind == MONTH:
        return _shift_month(period, years)
    if kind == MONTHS:
        start, end = period.split("/")
        return f"{_shift_month(start, years)}/{_shift_month(end, years)}"
    raise PeriodError(f"cannot shift a {kind} period: {period!r}")


def span_years(period: str) -> tuple[int, int]:
    """First and last year of a `YYYY/YYYY` period."""
    match = YEARS_RE.match(period)
    if not match:
        raise PeriodError(f"not a span of years: {period!r}")
    return int(match.group(1)), int(match.group(2))
