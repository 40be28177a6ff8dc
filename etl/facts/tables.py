"""Figures in tables and data lines, whose unit and period stand in a header, not beside them.

Two layouts are read, both cut into cells at '|':
  - a data line: "China-Russia turnover, USD bn | 2019: 110.8 | 2018: 107.1 | y/y: +3.4%" —
    the unit is declared in the line's first cell, each cell may carry its period as a label;
  - a Markdown table: the unit declared in a column's header ("Turnover, $bn") holds for that
    column, one declared in a row's first cell ("Trade turnover ($bn)") for that row; a year
    alone in a row's first cell or in a column's header is the period of the row or column.

A number counts only when it stands alone in its cell (after an optional "label:"), is not
a year, and its scope declares exactly one unit. Pure functions of the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

#: A money unit declared without a figure: "USD bn", "$bn", "US$ billion", "bn USD",
#: "(billion dollars)", "in billions of dollars".
_MONEY_UNIT = re.compile(
    r"(?:\bUSD|\bUS\$|\bU\.S\.\s?\$|\$)\s?(?P<s1>bn|bln|billion|mln|mn|million|tn|trillion)\b"
    r"|\b(?P<s2>bn|bln|billion|mln|mn|million|tn|trillion)\s+(?:of\s+)?(?:USD|US\$|US\s+dollars"
    r"|U\.S\.\s+dollars|dollars)\b"
    r"|\bin\s+(?P<s3>billions|millions|trillions)\s+of\s+(?:US\s+|U\.S\.\s+)?dollars\b",
    re.IGNORECASE,
)
#: A percent unit declared without a figure: "Change, %", "(%)", "y/y, %", "in percent".
_PERCENT_UNIT = re.compile(r"(?<![\d\s])\s*[,(]\s*%\s*\)?|^\s*%\s*$|\bin\s+percent\b", re.I)
_SCALES = {
    "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9, "mln": 1e6, "mn": 1e6,
    "million": 1e6, "millions": 1e6, "tn": 1e12, "trillion": 1e12, "trillions": 1e12,
}  # fmt: skip
#: A cell holding one number: an optional "label:" before it, bold marks around it.
_CELL_NUMBER = re.compile(
    r"\s*+(?:[^|:]{1,40}:\s*+)?(?:\*\*)?(?P<sign>[+\-−–])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\*\*)?\s*+"
)
#: A cell whose whole content is a year ("2023", "**2023**") or a label year ("2019:").
_YEAR_CELL = re.compile(r"\s*+(?:\*\*)?(?P<y>(?:19[5-9]|20\d)\d)(?P<f>[FEfe]\b)?(?:\*\*)?\s*+:?")
#: A header naming what its column holds and then its year: "Share of Russia's trade, 2021",
#: "Turnover ($bn, 2023)", "Exports in 2022" (not a base: "vs 2021" is no period).
_HEADER_YEAR = re.compile(
    r"[^|\n]{0,80}?(?:,|\(|\bin|\bfor)\s*+(?:\*\*)?(?P<y>(?:19[5-9]|20\d)\d)(?:\*\*)?\s*+\)?\s*+",
    re.IGNORECASE,
)
_YEAR_LABEL = re.compile(r"\s*+(?:\*\*)?(?P<y>(?:19[5-9]|20\d)\d)(?:\*\*)?\s*+:")
_NEWLINE = re.compile("\n")
_SIGN_BEFORE = re.compile(r"[+\-−–]\s?$")
_RULE_ROW = re.compile(r"[\s|:\-–—=+]*")
#: Years accepted in a table (a four-digit count outside is no year).
YEAR_LOW, YEAR_HIGH = 1950, 2100


@dataclass(frozen=True)
class Row:
    start: int
    end: int
    cells: tuple[tuple[int, int], ...]  # spans of the cells' contents


#: Rows and tables already cut, for the text in hand (a figure asks for its line's cells,
#: and every figure of a long line or table would otherwise cut it again: quadratic).
_memo: list[tuple[str, dict[tuple[str, int], object]]] = []


def _remembered(text: str) -> dict[tuple[str, int], object]:
    if not _memo or _memo[0][0] is not text:
        _memo[:] = [(text, {})]
    return _memo[0][1]


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the line holding pos (by bisection in the text's line breaks, found once:
    a search from every figure of a long line would be quadratic)."""
    memo = _remembered(text)
    breaks = memo.get(("breaks", 0))
    if breaks is None:
        breaks = [m.start() for m in _NEWLINE.finditer(text)]
        memo[("breaks", 0)] = breaks
    assert isinstance(breaks, list)
    at = bisect.bisect_left(breaks, pos)
    start = breaks[at - 1] + 1 if at > 0 else 0
    end = breaks[at] if at < len(breaks) else len(text)
    return start, end


def _row(text: str, start: int, end: int) -> Row | None:
    memo = _remembered(text)
    key = ("row", start)
    if key not in memo:
        memo[key] = _cut_row(text, start, end)
    return memo[key]  # type: ignore[return-value]


def _cut_row(text: str, start: int, end: int) -> Row | None:
    """The line's cells, when it has at least two '|' separators (the empty pieces outside
    a Markdown row's opening and closing bars are not cells)."""
    if text.count("|", start, end) < 2:
        return None
    pieces = []
    piece_start = start
    for i in range(start, end):
        if text[i] == "|":
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    line = text[start:end].strip()
    if line.startswith("|"):
        pieces = pieces[1:]
    if line.endswith("|"):
        pieces = pieces[:-1]
    return Row(start, end, tuple(pieces))


def _is_table_line(text: str, start: int, end: int) -> bool:
    return text[start:end].lstrip().startswith("|")


def _table_rows(text: str, line_start: int) -> list[Row]:
    memo = _remembered(text)
    key = ("table", line_start)
    if key not in memo:
        rows = _cut_table(text, line_start)
        for row in rows:  # every row of the table belongs to the same table
            memo[("table", row.start)] = rows
        memo[key] = rows
    return memo[key]  # type: ignore[return-value]


def _cut_table(text: str, line_start: int) -> list[Row]:
    """The rows of the Markdown table a line belongs to, header first, rule rows left out."""
    start = line_start
    while start > 0:
        prev_start, prev_end = _line_at(text, start - 1)
        if not _is_table_line(text, prev_start, prev_end):
            break
        start = prev_start
    rows = []
    pos = start
    while pos <= len(text):
        a, b = _line_at(text, pos)
        if not _is_table_line(text, a, b):
            break
        if not _RULE_ROW.fullmatch(text, a, b):
            row = _row(text, a, b)
            if row is not None:
                rows.append(row)
        if b >= len(text):
            break
        pos = b + 1
    return rows


def _column(row: Row, pos: int) -> int | None:
    """The index of the cell holding pos (by bisection: a long row has many cells)."""
    i = bisect.bisect_right(row.cells, (pos, len(row.cells) + pos + 1)) - 1
    if i >= 0 and row.cells[i][0] <= pos < row.cells[i][1]:
        return i
    return None


def _labelled_years(text: str, row: Row) -> list[tuple[int, int]]:
    """(year, cell index) of every cell labelled with a year ("2019: 110.8"), latest first,
    found once per row."""
    memo = _remembered(text)
    key = ("labels", row.start)
    if key not in memo:
        found = []
        for i, span in enumerate(row.cells):
            m = _YEAR_LABEL.match(text, span[0])
            year = _year(m["y"]) if m else None
            if year is not None:
                found.append((year, i))
        memo[key] = sorted(found, reverse=True)
    return memo[key]  # type: ignore[return-value]


def _declared(text: str, span: tuple[int, int]) -> tuple[str, float] | None:
    """The unit a cell declares: ('usd', scale) or ('percent', 1); None for none or both."""
    cell = text[span[0] : span[1]]
    money = _MONEY_UNIT.search(cell)
    percent = _PERCENT_UNIT.search(cell)
    if money and not percent:
        word = (money["s1"] or money["s2"] or money["s3"]).lower()
        return "usd", _SCALES[word]
    if percent and not money:
        return "percent", 1.0
    return None


def _cell_number(text: str, span: tuple[int, int]) -> tuple[float, int, int] | None:
    """(value, start, end) of the one number a cell holds, None when it holds other things
    or a year."""
    m = _CELL_NUMBER.fullmatch(text, span[0], span[1])
    if m is None:
        return None
    raw = m["num"]
    if re.fullmatch(r"\d{4}", raw) and YEAR_LOW <= int(raw) <= YEAR_HIGH:
        return None
    return float(raw.replace(",", "")), m.start("num"), m.end("num")


def unit_cells(text: str) -> Iterator[tuple[str, float, int, int]]:
    """(unit, value, start, end) of every number whose unit a header declares: 'usd' in
    dollars, 'percent' signed as written."""
    if text.count("|") < 2:
        return
    seen_tables: set[int] = set()
    pos = 0
    while True:
        bar = text.find("|", pos)
        if bar < 0:
            return
        start, end = _line_at(text, bar)
        pos = end + 1
        if _is_table_line(text, start, end):
            rows = _table_rows(text, start)
            if not rows or rows[0].start in seen_tables:
                continue
            seen_tables.add(rows[0].start)
            yield from _table_units(text, rows)
            pos = rows[-1].end + 1
        else:
            row = _row(text, start, end)
            if row is not None and row.cells:
                declared = _declared(text, row.cells[0])
                if declared is not None:
                    yield from _numbers(text, row.cells[1:], declared)


def _numbers(
    text: str, cells: tuple[tuple[int, int], ...], declared: tuple[str, float]
) -> Iterator[tuple[str, float, int, int]]:
    unit, scale = declared
    for span in cells:
        found = _cell_number(text, span)
        if found is None:
            continue
        value, start, end = found
        signed = bool(_SIGN_BEFORE.search(text, max(0, start - 2), start))
        if unit == "usd" and signed:
            continue  # a signed amount is a change, not a level
        # (a percent keeps its sign in the text before it, where the role reader sees it)
        yield unit, value * scale, start, end


def _caption(text: str, table_start: int) -> tuple[int, int] | None:
    """The line just above a table ("Chinese customs data, USD bn unless noted:"), at most
    one blank line up."""
    pos = table_start - 1
    for _ in range(2):
        if pos <= 0:
            return None
        start, end = _line_at(text, pos - 1)
        if text[start:end].strip():
            return None if _is_table_line(text, start, end) else (start, end)
        pos = start
    return None


def _table_units(text: str, rows: list[Row]) -> Iterator[tuple[str, float, int, int]]:
    header, body = rows[0], rows[1:]
    columns = {i: _declared(text, span) for i, span in enumerate(header.cells)}
    caption = _caption(text, header.start)
    # a unit declared above the table holds for the cells no row or column declares one for
    default = _declared(text, caption) if caption is not None else None
    for row in body:
        label = _declared(text, row.cells[0]) if row.cells else None
        for i, span in enumerate(row.cells[1:], start=1):
            declared = columns.get(i)
            if label is not None and declared is not None and label != declared:
                continue  # row and column declare different units: not ours to choose
            unit = label or declared or default
            if unit is not None:
                yield from _numbers(text, (span,), unit)


#: A header that makes its cells changes: "% y/y", "Change, %", "growth".
_CHANGE_HEADER = re.compile(r"y/y|\byoy\b|year[\s-]on[\s-]year|\bchange\b|\bgrowth\b", re.I)


def is_change_cell(text: str, pos: int) -> bool:
    """Is the figure in a table cell whose row label or column header says it is a change?"""
    start, end = _line_at(text, pos)
    row = _row(text, start, end)
    index = _column(row, pos) if row is not None else None
    if row is None or index is None:
        return False
    if index > 0 and _CHANGE_HEADER.search(text, *row.cells[0]):
        return True
    header = column_header(text, pos)
    return header is not None and bool(_CHANGE_HEADER.search(text, *header))


def cell_year(text: str, pos: int) -> int | None:
    """The year a figure in a table or data line is for, when the table says it: the figure's
    own label ("2019: 110.8"), the year in its row's first cell, the year heading its column;
    in a data line, a cell without a year of its own (y/y: +3.4%) is the latest year the line
    labels. None when the figure is in no such line or no year is given."""
    start, end = _line_at(text, pos)
    row = _row(text, start, end)
    if row is None:
        return None
    index = _column(row, pos)
    if index is None:
        return None
    own = _YEAR_LABEL.match(text, row.cells[index][0])
    if own:
        return _year(own["y"])
    if _is_table_line(text, start, end):
        first = _YEAR_CELL.fullmatch(text, *row.cells[0]) if index > 0 else None
        if first:
            return _year(first["y"])
        rows = _table_rows(text, start)
        header = rows[0] if rows else None
        if header is not None and header.start != row.start and index < len(header.cells):
            heading = _YEAR_CELL.fullmatch(text, *header.cells[index]) or _HEADER_YEAR.fullmatch(
                text, *header.cells[index]
            )
            if heading:
                return _year(heading["y"])
        return None
    # (the latest labelled year of another cell: at most two looks, the list is sorted)
    return next((year for year, i in _labelled_years(text, row) if i != index), None)


#: A cell label naming the base of a change: "vs 2017:", "against 2016:", "on 2018:".
_BASE_LABEL = re.compile(
    r"\s*+(?:vs\.?|versus|against|on|over|from|compared\s+(?:with|to))\s++(?P<y>(?:19[5-9]|20\d)\d)"
    r"\s*+:",
    re.IGNORECASE,
)


def cell_base_year(text: str, pos: int) -> int | None:
    """The base year a figure's own cell label names ("vs 2017: +31.6%"), if any."""
    start, end = _line_at(text, pos)
    row = _row(text, start, end)
    index = _column(row, pos) if row is not None else None
    if row is None or index is None:
        return None
    label = _BASE_LABEL.match(text, row.cells[index][0])
    return _year(label["y"]) if label else None


def _year(raw: str) -> int | None:
    year = int(raw)
    return year if YEAR_LOW <= year <= YEAR_HIGH else None


def _in_body(text: str, pos: int) -> tuple[list[Row], Row, int | None] | None:
    """The table a position's line is a body row of, that row, and the position's column."""
    start, end = _line_at(text, pos)
    if not _is_table_line(text, start, end):
        return None
    rows = _table_rows(text, start)
    row = _row(text, start, end)
    if len(rows) < 2 or rows[0].start == start or row is None:
        return None
    return rows, row, _column(row, pos)


def column_header(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the header cell above a figure in a Markdown table body (for its cue)."""
    found = _in_body(text, pos)
    if found is None:
        return None
    rows, _row_of_figure, index = found
    if index is None or index >= len(rows[0].cells):
        return None
    return rows[0].cells[index]


def row_label_and_caption(
    text: str, pos: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """The span of a table row's first cell and of the table's caption line (for a month in
    the row and its year in the caption: "Trade by month, 2023" over "| April | 19.2 |")."""
    found = _in_body(text, pos)
    if found is None:
        return None
    rows, row, index = found
    if not index:  # (no column, or the label's own)
        return None
    return row.cells[0], _caption(text, rows[0].start)


def header_cells(text: str, pos: int) -> tuple[tuple[int, int], ...]:
    """The header row's cells of the Markdown table a figure's line belongs to (none if not)."""
    found = _in_body(text, pos)
    return found[0][0].cells if found is not None else ()


def is_change_column(text: str, pos: int) -> bool:
    """Is the figure's column headed as one of changes ("Change (%)", "y/y")?"""
    span = column_header(text, pos)
    return span is not None and bool(_CHANGE_HEADER.search(text, *span))


#: A column of the year before the row's period: "Same period a year earlier", "Previous year".
_YEAR_EARLIER_HEADER = re.compile(
    r"\b(?:a\s+)?year\s+(?:earlier|ago|before)\b|\b(?:previous|prior|last)\s+year\b", re.I
)


def is_year_earlier_column(text: str, pos: int) -> bool:
    """Is the figure's column headed as the year before the row's ("Same period a year
    earlier", "Previous year")?"""
    span = column_header(text, pos)
    return span is not None and bool(_YEAR_EARLIER_HEADER.search(text, *span))


def column_is_forecast(text: str, pos: int) -> bool:
    """Is the figure's column headed by a forecast year ("2025F", "2026E")?"""
    span = column_header(text, pos)
    if span is None:
        return False
    heading = _YEAR_CELL.fullmatch(text, *span)
    return bool(heading and heading["f"])


def level_of_change_column(text: str, pos: int) -> tuple[int, int] | None:
    """The header of the level column whose changes a change column holds: "| Exports | y/y |
    Imports | y/y |" (each level followed by its change), or the first level column, the
    table's total, when the table has one change column ("| Year | Turnover | Change (%) |
    ..." or "| Turnover | China → Russia | Russia → China | Change |")."""
    found = _in_body(text, pos)
    if found is None:
        return None
    rows, _row_of_figure, index = found
    cells = rows[0].cells
    if index is None or not 2 <= index < len(cells):
        return None
    changes = [i for i in range(1, len(cells)) if _CHANGE_HEADER.search(text, *cells[i])]
    if index not in changes or index - 1 in changes:
        return None
    levels = [i for i in range(1, len(cells)) if i not in changes]
    interleaved = all(i + 1 in changes for i in levels) and len(levels) == len(changes)
    if interleaved:
        return cells[index - 1]
    # one change column for several levels: the first level's, the table's total
    return cells[levels[0]] if len(changes) == 1 and levels else None
