"""Tables published under an earlier schema, read as the current one.

The published tables are the store of record (a refresh carries their facts over), so a
schema that grows a column must still read every run published before it: committed tables
on a fresh clone, a colleague's older directory. Each column added since the first schema
is declared here with how to fill it for older tables, and each table added since (read as
empty); anything else that differs from
`etl/tables/schema.py` is still refused by `etl.tables.publish`.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from etl.facts.reporters import normalise
from etl.tables import schema
from etl.tables.basis import PRIMARY, basis_of_reporter

#: Fill for an absent column: a function of the older table giving the column's values.
Filler = Callable[[pa.Table], pa.Array]

#: Label of facts whose extractor version an older table did not record.
UNKNOWN_VERSION = "unknown"


def _constant(value: object, type_: pa.DataType) -> Filler:
    def fill(table: pa.Table) -> pa.Array:
        return pa.array([value] * table.num_rows, type=type_)

    return fill


def _reporters(table: pa.Table) -> pa.Array:
    # The attribution as written, normalised (inheritance across sentences needs the text).
    return pa.array(
        [normalise(a) for a in table.column("attribution").to_pylist()], type=pa.string()
    )


def _bases(table: pa.Table) -> pa.Array:
    # Older observations were one series per key: the primary basis where split.
    return pa.array(
        [basis_of_reporter(m, None) for m in table.column("metric").to_pylist()],
        type=pa.string(),
    )


#: (table, column) → how to fill it in tables published before the column existed.
ADDED_COLUMNS: dict[tuple[str, str], Filler] = {
    ("facts", "reporter"): _reporters,
    ("observations", "basis"): _bases,
    # Older checks recomputed every claim from the one (primary) series.
    ("checks", "basis"): _constant(PRIMARY, pa.string()),
    # Every document of an older run was read by that run.
    ("sources", "carried_over"): _constant(False, pa.bool_()),
    ("sources", "extractor_version"): _constant(UNKNOWN_VERSION, pa.string()),
}


#: Tables added since the first schema: a run published before them reads them as empty.
ADDED_TABLES: frozenset[str] = frozenset({"flags", "reviews"})


def table_set_ok(names: set[str]) -> bool:
    """Whether a manifest names the current tables, or those minus tables added since."""
    expected = set(schema.TABLES)
    return names <= expected and expected - names <= ADDED_TABLES


def add_tables(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The tables with every table added since they were published, empty."""
    for name in ADDED_TABLES - set(tables):
        tables[name] = schema.TABLES[name].empty_table()
    return tables


def upgradable(name: str, table: pa.Table) -> bool:
    """Whether the table is the current schema minus columns declared in ADDED_COLUMNS."""
    expected = schema.TABLES[name]
    missing = [f.name for f in expected if f.name not in table.schema.names]
    if not missing or any((name, column) not in ADDED_COLUMNS for column in missing):
        return False
    present = pa.schema([f for f in expected if f.name in table.schema.names])
    return table.schema.equals(present, check_metadata=False)


def upgrade(name: str, table: pa.Table, version: str | None = None) -> pa.Table:
    """The table with every added column filled, in the current schema's order.

    `version`: the extractor version the run's manifest names, for sources that lack one.
    """
    columns = []
    for field in schema.TABLES[name]:
        if field.name in table.schema.names:
            columns.append(table.column(field.name))
        elif (name, field.name) == ("sources", "extractor_version") and version:
            columns.append(_constant(version, pa.string())(table))
        else:
            columns.append(ADDED_COLUMNS[(name, field.name)](table))
    return pa.Table.from_arrays(columns, schema=schema.TABLES[name])
