"""Value checks before anything is published.

Two layers, both driven by the metric catalog (`data/metrics.yaml`):

* `fact_problems` admits or rejects one extracted fact (unknown metric, wrong unit, value
  outside the metric's range, malformed period, ...). A refresh drops a rejected fact and
  names it with the reason, like a bad file: one odd figure in one new article must not
  block every other figure from being published.
* `validate_tables` checks the built tables (pandera, lazily, plus Arrow-level schema
  checks) and raises `ValidationError` listing every failure at once. Any failure here
  stops publication; the previous tables stay as they were.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import pandera.pandas as pdx
import pyarrow as pa

from etl.facts.catalog import Catalog, load_catalog
from etl.facts.reporters import reporter_labels
from etl.model import QUALIFIERS, STATUSES, Fact
from etl.tables import schema
from etl.tables.basis import ANY, BASES
from etl.tables.derive import CAPACITY
from etl.tables.figures import UNIT_SYMBOLS
from etl.tables.period_kinds import PERIOD_KINDS, PeriodError, is_partial, period_kind
from etl.tables.trust_validate import trust_cross_problems, trust_schemas

#: Metrics that are percentages of a whole: always within 0–100, whatever the catalog says.
SHARE_METRICS = frozenset(
    {
        "trade.share.china_in_russia",
        "trade.share.russia_in_china",
        "arms.export_share",
        "logistics.rail_transit_share",
    }
)
SHARE_RANGE = (0.0, 100.0)
#: A pipeline's capacity unit follows what it carries (catalog `pipelines.*.commodity`).
CAPACITY_UNIT_BY_COMMODITY = {"gas": "bcm_per_year", "oil": "mt_per_year"}
#: Entity kinds whose ids must be in the catalog (the unit or the meaning depends on them).
CLOSED_ENTITY_KINDS = frozenset({"pipeline", "commodity"})
DERIVED_KINDS = frozenset(
    {"cagr", "multiple", "implied_previous", "dependence_asymmetry", "energy_equivalent"}
)
CHECK_KINDS = frozenset({"growth", "multiple"})
#: Most failures printed per check; the count of the rest is still reported.
MAX_EXAMPLES_PER_CHECK = 5

_SHA256 = r"^[0-9a-f]{64}$"
_SHORT_HASH = r"^[0-9a-f]{16}$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
#: The key columns of each table: no two rows may share them.
KEYS: dict[str, list[str]] = {
    "sources": ["doc"],
    "facts": ["fact_id"],
    "observations": ["metric", "entity", "period", "status", "basis"],
    "derived": ["kind", "metric", "entity", "period", "status", "unit"],
    "checks": ["check_id"],
    "flags": ["flag_id"],
    "reviews": ["correction_id", "extracted_fact_id"],
}


class ValidationError(Exception):
    """Tables that must not be published, with every reason found."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        listing = "\n".join(f"  - {failure}" for failure in failures)
        super().__init__(f"{len(failures)} validation failure(s):\n{listing}")


# ---- one fact ---------------------------------------------------------------------------


def allowed_units(metric: str, entity: str | None, catalog: Catalog) -> tuple[str, ...]:
    spec = catalog.metrics[metric]
    if metric == CAPACITY and entity in catalog.pipelines:
        unit = CAPACITY_UNIT_BY_COMMODITY.get(catalog.pipelines[entity].commodity)
        if unit:
            return (unit,)
    return spec.units


def value_range(metric: str, catalog: Catalog) -> tuple[float, float]:
    low, high = catalog.metrics[metric].range
    if metric in SHARE_METRICS:
        low, high = max(low, SHARE_RANGE[0]), min(high, SHARE_RANGE[1])
    return low, high


def _entity_problem(fact: Fact, catalog: Catalog) -> str | None:
    kind = catalog.metrics[fact.metric].entity_kind
    if kind is None:
        return None if fact.entity is None else f"entity {fact.entity!r} for an entity-less metric"
    if not fact.entity:
        return f"missing {kind} entity"
    known: set[str] = set()
    if kind == "pipeline":
        known = set(catalog.pipelines)
    elif kind == "commodity":
        known = set(catalog.commodities)
    if kind in CLOSED_ENTITY_KINDS and fact.entity not in known:
        return f"unknown {kind} {fact.entity!r}"
    return None


def fact_problems(fact: Fact, catalog: Catalog | None = None) -> list[str]:
    """Why a fact cannot be published (empty when it can)."""
    catalog = catalog or load_catalog()
    if fact.metric not in catalog.metrics:
        return [f"unknown metric {fact.metric!r}"]
    problems = []
    entity = _entity_problem(fact, catalog)
    if entity:
        problems.append(entity)
    units = allowed_units(fact.metric, fact.entity, catalog)
    if fact.unit not in units:
        problems.append(f"unit {fact.unit!r} is not {' or '.join(units)}")
    if not isinstance(fact.value, int | float) or not math.isfinite(fact.value):
        problems.append(f"value {fact.value!r} is not a finite number")
    else:
        low, high = value_range(fact.metric, catalog)
        if not low <= fact.value <= high:
            problems.append(f"value {fact.value:g} outside the range [{low:g}, {high:g}]")
    try:
        period_kind(fact.period, fact.metric)
    except PeriodError as exc:
        problems.append(str(exc))
    if fact.qualifier not in QUALIFIERS:
        problems.append(f"qualifier {fact.qualifier!r} not one of {', '.join(QUALIFIERS)}")
    if fact.status not in STATUSES:
        problems.append(f"status {fact.status!r} not one of {', '.join(STATUSES)}")
    if not 0 <= fact.start <= fact.end:
        problems.append(f"offsets {fact.start}..{fact.end} are not a span")
    return problems


# ---- whole tables ------------------------------------------------------------------------


def _arrow_problems(name: str, table: pa.Table) -> list[str]:
    expected = schema.TABLES[name]
    if not table.schema.equals(expected, check_metadata=False):
        return [
            f"{name}: schema differs from etl/tables/schema.py:\n{table.schema}\n!=\n{expected}"
        ]
    problems = []
    for field in expected:
        nulls = table.column(field.name).null_count
        if not field.nullable and nulls:
            problems.append(f"{name}.{field.name}: {nulls} null(s) in a non-nullable column")
    return problems


def _row_check(name: str, fn: Callable[[pd.DataFrame], pd.Series]) -> pdx.Check:
    return pdx.Check(fn, name=name, error=name)


def _metric_lookup(catalog: Catalog) -> Callable[[pd.DataFrame], tuple[pd.Series, pd.Series]]:
    lows = {m: value_range(m, catalog)[0] for m in catalog.metrics}
    highs = {m: value_range(m, catalog)[1] for m in catalog.metrics}

    def bounds(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        return df["metric"].map(lows).astype(float), df["metric"].map(highs).astype(float)

    return bounds


def _units_ok(catalog: Catalog) -> Callable[[pd.DataFrame], pd.Series]:
    def check(df: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                metric in catalog.metrics and unit in allowed_units(metric, entity, catalog)
                for metric, unit, entity in zip(df["metric"], df["unit"], df["entity"], strict=True)
            ],
            index=df.index,
            dtype=bool,
        )

    return check


def _in_metric_range(catalog: Catalog, *columns: str) -> Callable[[pd.DataFrame], pd.Series]:
    bounds = _metric_lookup(catalog)

    def check(df: pd.DataFrame) -> pd.Series:
        low, high = bounds(df)
        ok = pd.Series(True, index=df.index)
        for column in columns:
            ok &= (df[column] >= low) & (df[column] <= high)
        return ok

    return check


def _shares_ok(*columns: str) -> Callable[[pd.DataFrame], pd.Series]:
    def check(df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        share = df["metric"].isin(SHARE_METRICS)
        for column in columns:
            ok &= ~share | df[column].between(*SHARE_RANGE)
        return ok

    return check


def _period_ok(value: Any) -> bool:
    try:
        period_kind(value)
    except PeriodError:
        return False
    return True


def _period_kind_ok(df: pd.DataFrame) -> pd.Series:
    results = []
    for period, metric, kind, partial in zip(
        df["period"], df["metric"], df["period_kind"], df["partial"], strict=True
    ):
        period = None if pd.isna(period) else period
        try:
            results.append(
                period_kind(period, metric) == kind and is_partial(period, metric) == partial
            )
        except PeriodError:
            results.append(False)
    return pd.Series(results, index=df.index, dtype=bool)


def _json_list(value: Any) -> bool:
    try:
        return isinstance(json.loads(value), list)
    except (TypeError, ValueError):
        return False


def _json_lists(column: pd.Series) -> pd.Series:
    """`_json_list` of each value, each distinct value parsed once (many rows of the checks
    table cite the same inputs)."""
    verdicts: dict[Any, bool] = {}
    results = []
    for value in column:
        verdict = verdicts.get(value)
        if verdict is None:
            verdict = verdicts[value] = _json_list(value)
        results.append(verdict)
    return pd.Series(results, index=column.index, dtype=bool)


def _period_column() -> pdx.Column:
    return pdx.Column(
        checks=pdx.Check(
            lambda s: s.map(_period_ok), element_wise=False, name="well-formed period"
        ),
        nullable=True,
    )


def _in(values: Any, label: str) -> pdx.Check:
    return pdx.Check.isin(sorted(values), error=f"one of the {label}")


def schemas(catalog: Catalog) -> dict[str, pdx.DataFrameSchema]:
    """The pandera value schemas of each table (types are checked on the Arrow schema)."""
    metrics = _in(catalog.metrics, "catalog metrics")
    qualifier = pdx.Column(checks=_in(QUALIFIERS, "qualifiers"))
    status = pdx.Column(checks=_in(STATUSES, "statuses"))
    return {**_core_schemas(catalog, metrics, qualifier, status), **trust_schemas(metrics)}


def _core_schemas(
    catalog: Catalog, metrics: pdx.Check, qualifier: pdx.Column, status: pdx.Column
) -> dict[str, pdx.DataFrameSchema]:
    basis = pdx.Column(checks=_in((*BASES, ANY), "bases"))
    return {
        "sources": pdx.DataFrameSchema(
            {
                "doc": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
                "title": pdx.Column(nullable=True),
                "publisher": pdx.Column(nullable=True),
                "author": pdx.Column(nullable=True),
                "published": pdx.Column(checks=pdx.Check.str_matches(_ISO_DATE), nullable=True),
                "published_precision": pdx.Column(
                    checks=_in({"day", "month", "year"}, "precisions"), nullable=True
                ),
                "url": pdx.Column(nullable=True),
                "sha256": pdx.Column(checks=pdx.Check.str_matches(_SHA256)),
                "fact_count": pdx.Column(checks=pdx.Check.ge(0)),
                "carried_over": pdx.Column(),
                "extractor_version": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
            },
            strict=True,
        ),
        "facts": pdx.DataFrameSchema(
            {
                "fact_id": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "doc": pdx.Column(),
                "metric": pdx.Column(checks=metrics),
                "entity": pdx.Column(nullable=True),
                "value": pdx.Column(),
                "unit": pdx.Column(),
                "period": _period_column(),
                "qualifier": qualifier,
                "status": status,
                "start": pdx.Column(checks=pdx.Check.ge(0)),
                "end": pdx.Column(),
                "attribution": pdx.Column(nullable=True),
                "reporter": pdx.Column(checks=_in(reporter_labels(), "reporters")),
                "surface": pdx.Column(nullable=True),
                "sentence_sha256": pdx.Column(checks=pdx.Check.str_matches(r"^([0-9a-f]{16})?$")),
                "extractor_version": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
            },
            checks=[
                _row_check("unit allowed for the metric", _units_ok(catalog)),
                _row_check("value within the metric's range", _in_metric_range(catalog, "value")),
                _row_check("share within 0-100", _shares_ok("value")),
                _row_check("end >= start", lambda df: df["end"] >= df["start"]),
            ],
            strict=True,
        ),
        "observations": pdx.DataFrameSchema(
            {
                "metric": pdx.Column(checks=metrics),
                "entity": pdx.Column(nullable=True),
                "period": _period_column(),
                "status": status,
                "basis": basis,
                "period_kind": pdx.Column(checks=_in(PERIOD_KINDS, "period kinds")),
                "partial": pdx.Column(),
                "value": pdx.Column(),
                "unit": pdx.Column(),
                "qualifier": qualifier,
                "value_min": pdx.Column(),
                "value_max": pdx.Column(),
                "n_sources": pdx.Column(checks=pdx.Check.ge(1)),
                "conflict": pdx.Column(),
                "rule": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
                "docs": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
                "fact_ids": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
            },
            checks=[
                _row_check("unit allowed for the metric", _units_ok(catalog)),
                _row_check(
                    "values within the metric's range",
                    _in_metric_range(catalog, "value", "value_min", "value_max"),
                ),
                _row_check("share within 0-100", _shares_ok("value", "value_min", "value_max")),
                _row_check(
                    "value_min <= value <= value_max",
                    lambda df: (df["value_min"] <= df["value"]) & (df["value"] <= df["value_max"]),
                ),
                _row_check("period_kind and partial match the period", _period_kind_ok),
            ],
            strict=True,
        ),
        "derived": pdx.DataFrameSchema(
            {
                "derived_id": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "kind": pdx.Column(checks=_in(DERIVED_KINDS, "derived kinds")),
                "metric": pdx.Column(),
                "entity": pdx.Column(nullable=True),
                "period": _period_column(),
                "status": status,
                "value": pdx.Column(
                    checks=pdx.Check(lambda s: s.map(math.isfinite), name="finite")
                ),
                "unit": pdx.Column(checks=_in(UNIT_SYMBOLS, "units")),
                "formula": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
                "inputs": pdx.Column(checks=pdx.Check(_json_lists, name="JSON list")),
                "source_note": pdx.Column(nullable=True),
            },
            strict=True,
        ),
        "checks": pdx.DataFrameSchema(
            {
                "check_id": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "kind": pdx.Column(checks=_in(CHECK_KINDS, "check kinds")),
                "doc": pdx.Column(),
                "fact_id": pdx.Column(checks=pdx.Check.str_matches(_SHORT_HASH)),
                "metric": pdx.Column(checks=metrics),
                "period": _period_column(),
                "basis": basis,
                "stated_value": pdx.Column(),
                "qualifier": qualifier,
                "unit": pdx.Column(),
                "recomputed_value": pdx.Column(nullable=True),
                "tolerance": pdx.Column(checks=pdx.Check.ge(0)),
                "agrees": pdx.Column(nullable=True),
                "formula": pdx.Column(checks=pdx.Check.str_length(min_value=1)),
                "inputs": pdx.Column(checks=pdx.Check(_json_lists, name="JSON list")),
            },
            checks=[
                _row_check(
                    "agrees is null exactly when nothing was recomputed",
                    lambda df: df["agrees"].isna() == df["recomputed_value"].isna(),
                )
            ],
            strict=True,
        ),
    }


def _describe(df: pd.DataFrame, index: Any) -> str:
    if index is None or index not in df.index:
        return ""
    row = df.loc[index]
    parts = [str(row[c]) for c in ("doc", "metric", "entity", "period", "kind") if c in row]
    parts = [p for p in parts if p not in ("None", "nan")]
    if "value" in row:
        parts.append(f"value={float(row['value']):g}")
    return f" [row {index}: {' '.join(parts)}]"


def _pandera_problems(name: str, df: pd.DataFrame, value_schema: pdx.DataFrameSchema) -> list[str]:
    try:
        value_schema.validate(df, lazy=True)
    except pdx.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    problems: list[str] = []
    for check, group in cases.groupby("check", sort=True, dropna=False):
        # A row-wise check reports each column of a failing row; one line per row is enough.
        rows = group.drop_duplicates(subset=["index"]) if group["index"].notna().any() else group
        examples = []
        for _, case in rows.head(MAX_EXAMPLES_PER_CHECK).iterrows():
            column = "" if case["schema_context"] == "DataFrameSchema" else f"{case['column']}="
            value = "" if column == "" else f"{case['failure_case']!r}"
            examples.append(f"{column}{value}{_describe(df, case['index'])}".strip())
        more = len(rows) - len(examples)
        suffix = f" (and {more} more)" if more > 0 else ""
        problems.append(f"{name}: {check}: {'; '.join(examples)}{suffix}")
    return problems


def _duplicate_problems(name: str, df: pd.DataFrame) -> list[str]:
    key = KEYS[name]
    duplicated = df[df.duplicated(subset=key, keep=False)]
    if duplicated.empty:
        return []
    keys = duplicated[key].drop_duplicates().head(MAX_EXAMPLES_PER_CHECK)
    listed = "; ".join(" ".join(str(v) for v in row) for row in keys.itertuples(index=False))
    return [f"{name}: duplicate key ({', '.join(key)}): {listed}"]


def _cross_table_problems(tables: Mapping[str, pa.Table]) -> list[str]:
    docs = set(tables["sources"].column("doc").to_pylist())
    problems = []
    for name in ("facts", "checks"):
        unknown = set(tables[name].column("doc").to_pylist()) - docs
        if unknown:
            problems.append(f"{name}: documents not in sources: {sorted(unknown)[:5]}")
    fact_ids = set(tables["facts"].column("fact_id").to_pylist())
    for name in ("observations",):
        cited = {i for ids in tables[name].column("fact_ids").to_pylist() for i in ids.split(";")}
        if cited - fact_ids:
            problems.append(f"{name}: fact ids not in facts: {sorted(cited - fact_ids)[:5]}")
    problems += trust_cross_problems(tables, fact_ids)
    return problems


def table_problems(tables: Mapping[str, pa.Table], catalog: Catalog | None = None) -> list[str]:
    """Every reason the tables must not be published (empty when they may)."""
    catalog = catalog or load_catalog()
    problems = [f"missing table {name}" for name in schema.TABLES if name not in tables]
    problems += [f"unexpected table {name}" for name in tables if name not in schema.TABLES]
    value_schemas = schemas(catalog)
    for name, table in tables.items():
        if name not in schema.TABLES:
            continue
        arrow = _arrow_problems(name, table)
        problems += arrow
        if arrow:
            continue  # values of a table with the wrong columns cannot be judged
        df = table.to_pandas()
        problems += _pandera_problems(name, df, value_schemas[name])
        problems += _duplicate_problems(name, df)
    if not problems:
        problems += _cross_table_problems(tables)
    return problems


def validate_tables(tables: Mapping[str, pa.Table], catalog: Catalog | None = None) -> None:
    """Raise ValidationError listing every problem; return quietly when there is none."""
    problems = table_problems(tables, catalog)
    if problems:
        raise ValidationError(problems)
