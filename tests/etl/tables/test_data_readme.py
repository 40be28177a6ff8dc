"""data/README.md documents every column declared in etl/tables/schema.py, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.tables import schema

README = Path(__file__).resolve().parents[3] / "data" / "README.md"
_HEADING = re.compile(r"^### `(?P<name>[a-z_]+)`\s*$", re.MULTILINE)
_ROW = re.compile(r"^\| `(?P<column>[a-z_0-9]+)` \|", re.MULTILINE)


def documented_columns() -> dict[str, list[str]]:
    text = README.read_text(encoding="utf-8")
    headings = list(_HEADING.finditer(text))
    sections = {}
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[heading.end() : end].split("\n## ", 1)[0]
        sections[heading["name"]] = [m["column"] for m in _ROW.finditer(body)]
    return sections


@pytest.mark.parametrize("table", sorted(schema.TABLES))
def test_every_column_is_documented(table: str) -> None:
    sections = documented_columns()
    assert table in sections, f"data/README.md has no section ### `{table}`"
    missing = [c for c in schema.TABLES[table].names if c not in sections[table]]
    assert not missing, f"undocumented columns of {table}: {missing}"
    unknown = [c for c in sections[table] if c not in schema.TABLES[table].names]
    assert not unknown, f"documented but not in etl/tables/schema.py ({table}): {unknown}"


def test_the_parser_would_notice_a_missing_column() -> None:
    text = README.read_text(encoding="utf-8")
    assert "| `fact_count` |" in text
    without = _ROW.findall(text.replace("| `fact_count` |", "| fact_count |"))
    assert "fact_count" not in without
