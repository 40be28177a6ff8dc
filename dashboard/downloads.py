"""Download routes: plain Flask views on the app's server.

`/download/<chart-id>.csv|json|xlsx` (the exact rows the chart shows),
`/download/<chart-id>.metadata.json`, `/download/index.json` (naming the run id) and
`/download/all.zip` (every table as Parquet and CSV, a Frictionless `datapackage.json`, a
README and a citation). Names are looked up in an allow-list built from the chart ids; no
part of the URL is ever used as a path, so traversal, encoded and CRLF variants are plain 404s.
Text cells that a spreadsheet would run as a formula are neutralised in CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from flask import Flask, Response, request

from dashboard import events, fmt, trust, urls
from dashboard.charts import CHARTS
from dashboard.charts.base import COLUMN_DOCS, Chart, records
from dashboard.data import TABLE_NAMES, DataState, DataStore, Tables

PROJECT = "China–Russia trade and energy asymmetry dashboard"
LICENCE_NOTE = (
    "Figures, citations and locators compiled from the cited articles; the articles remain "
    "their publishers' and are not included. The compiled tables may be reused with "
    "attribution (CC BY 4.0); the code is MIT-licensed."
)

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}

# -- formula neutralisation ------------------------------------------------------------------
#: Leading characters that make spreadsheets evaluate a cell, with their full-width and
#: small-form variants (some spreadsheets fold them to ASCII).
FORMULA_TRIGGERS = frozenset(
    "=+-@\t\r\n"
    "\uff1d\uff0b\uff0d\uff20"  # full-width = + - @
    "\ufe66\ufe62\ufe63\ufe6b"  # small = + - @
    "\u2212"  # minus sign
)


def neutralise(value: str) -> str:
    """Prefix a quote to text a spreadsheet would treat as a formula."""
    if not value:
        return value
    stripped = value.lstrip(" \u00a0\u3000")
    if value[0] in FORMULA_TRIGGERS or (stripped and stripped[0] in FORMULA_TRIGGERS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A cell for CSV/XLSX: numbers stay numbers, text is neutralised, missing is None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return neutralise(str(value))


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _json_value(v) for k, v in row.items()} for row in records(frame)]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value in row:
            cell = _cell(value)
            if cell is None:
                cells.append("")
            elif isinstance(cell, float):
                cells.append(repr(cell))
            else:
                cells.append(str(cell))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


DATE_FORMAT = "yyyy-mm-dd"
#: Number formats of the value-like columns (thousands separated; up to 3 decimals).
VALUE_FORMAT = "#,##0.###"
VALUE_COLUMNS = frozenset(
    {
        "value",
        "value_min",
        "value_max",
        "deviation",
        "deviation_pct",
        "stated_value",
        "recomputed_value",
        "stated_change",
    }
)


def number_format(column: str) -> str | None:
    if column in VALUE_COLUMNS:
        return VALUE_FORMAT
    if column == "n_sources":
        return "0"
    return None


def xlsx_bytes(sheets: Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets:
        sheet = book.create_sheet(title=title[:31])
        rows: list[list[Any]] = [[str(c) for c in frame.columns]]
        rows += [list(r) for r in frame.itertuples(index=False, name=None)]
        formats = [number_format(str(c)) for c in frame.columns]
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c)
                if r > 1 and isinstance(value, date):
                    cell.value = value
                    cell.number_format = DATE_FORMAT
                    continue
                cell_value = _cell(value)
                if cell_value == "":
                    continue  # an empty cell, not an empty string
                if isinstance(cell_value, str):
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", cell_value)
                    cell.data_type = "s"  # a string cell, never a formula
                else:
                    cell.value = cell_value
                    if r > 1 and formats[c - 1] and isinstance(cell_value, (int, float)):
                        cell.number_format = formats[c - 1]
        if rows:
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for c, name in enumerate(frame.columns, start=1):
                width = min(60, max(10, len(str(name)) + 2))
                sheet.column_dimensions[get_column_letter(c)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- chart downloads -------------------------------------------------------------------------
def download_state(chart: Chart, args: Mapping[str, str]) -> dict[str, str]:
    """The chart state for a download: only options that change rows; forged → default."""
    state = chart.clean_state({name: args.get(name) for name in chart.data_options})
    return state


def non_default(chart: Chart, state: Mapping[str, str]) -> dict[str, str]:
    """The data options of a state that differ from the chart's defaults."""
    defaults = chart.default_state()
    return {k: v for k, v in state.items() if k in chart.data_options and defaults.get(k) != v}


def cite_text(chart: Chart, title: str, tables: Tables | None, url: str) -> str:
    run = tables.run_id if tables else "no data"
    created = (tables.created_at[:10] if tables and tables.created_at else "").strip()
    return (
        f"{PROJECT}, “{title}” (chart {chart.id}), tables run {run}"
        f"{', ' + created if created else ''}. {url}"
    )


def sources_list(rows: pd.DataFrame, tables: Tables | None) -> list[dict[str, Any]]:
    from dashboard.charts.base import doc_list

    if tables is None:
        return []
    citations = tables.source_records()
    out = []
    for doc in doc_list(rows):
        rec = citations.get(doc, {})
        out.append(
            {
                "doc": doc,
                "title": rec.get("title"),
                "publisher": rec.get("publisher"),
                "author": rec.get("author"),
                "published": rec.get("published"),
                "published_precision": rec.get("published_precision"),
                "url": fmt.safe_url(rec.get("url")),
            }
        )
    return out


def chart_metadata(chart: Chart, tables: Tables | None, state: Mapping[str, str]) -> dict[str, Any]:
    rows = chart.rows(tables, state)
    text = chart.describe(rows, tables, state) if tables else None
    title = text.title if text else chart.name
    options = {k: v for k, v in state.items() if k in chart.data_options}
    units = sorted({fmt.text(u) for u in rows["unit"] if fmt.text(u)})
    return {
        "chart": chart.id,
        "title": title,
        "subtitle": text.subtitle if text else "",
        "footnotes": list(text.footnotes) if text else [],
        "run_id": tables.run_id if tables else None,
        "created_at": tables.created_at if tables else None,
        "state": options,
        "rows": len(rows),
        "columns": [{"name": c, "description": COLUMN_DOCS.get(c, "")} for c in chart.columns],
        "units": {u: fmt.unit_label(u) for u in units},
        "metrics": {
            m: {"label": fmt.metric_label(m), "definition": fmt.metric_definition(m)}
            for m in sorted({str(m) for m in rows["metric"]})
        },
        "sources": sources_list(rows, tables),
        "permalink": urls.permalink(chart.id, state, chart.default_state()),
        "cite": cite_text(
            chart, title, tables, urls.permalink(chart.id, state, chart.default_state())
        ),
        "downloads": {
            f: urls.absolute(urls.download_url(chart.id, f, options)) for f in urls.FORMATS
        },
        "events": chart_events(chart, rows),
        "licence": LICENCE_NOTE,
    }


def chart_events(chart: Chart, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The events marked on the chart, with their sources."""
    if not chart.events or rows.empty:
        return []
    periods = chart.event_periods(rows) if chart.event_periods else rows["period"]
    return events.metadata(events.within(periods))


def chart_file(
    chart: Chart, fmt_name: str, tables: Tables | None, state: Mapping[str, str]
) -> bytes:
    rows = chart.rows(tables, state)
    if fmt_name == "csv":
        return csv_bytes(rows)
    meta = chart_metadata(chart, tables, state)
    if fmt_name == "json":
        payload = {
            k: meta[k]
            for k in (
                "chart",
                "title",
                "run_id",
                "created_at",
                "state",
                "units",
                "permalink",
                "cite",
            )
        }
        payload["columns"] = list(chart.columns)
        payload["rows"] = frame_records(rows)
        return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    about = pd.DataFrame(
        [
            ("chart", chart.id),
            ("title", meta["title"]),
            ("subtitle", meta["subtitle"]),
            ("run_id", meta["run_id"]),
            ("created_at", meta["created_at"]),
            ("permalink", meta["permalink"]),
            ("cite", meta["cite"]),
            ("licence", LICENCE_NOTE),
            *(("footnote", n) for n in meta["footnotes"]),
            *(
                ("source", f"{s['publisher'] or s['doc']}: {s['title'] or ''} {s['url'] or ''}")
                for s in meta["sources"]
            ),
            *(
                (
                    "event",
                    f"{e['number']}. {e['date']}: {e['label']} — {e['source']['publisher']}, "
                    f"{e['source']['title']}, {e['source']['published']}, {e['source']['url']}",
                )
                for e in meta["events"]
            ),
        ],
        columns=["field", "value"],
    )
    return xlsx_bytes([("data", with_period_dates(rows)), ("about", about)])


def with_period_dates(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with each period's first and last day as dates, after `period` (spreadsheets
    sort and filter dates; the contract's period text stays beside them)."""
    out = rows.copy()
    spans = [fmt.period_dates(p) for p in out["period"]]
    at = list(out.columns).index("period") + 1 if "period" in out.columns else len(out.columns)
    out.insert(at, "period_start", [s[0] if s else None for s in spans])
    out.insert(at + 1, "period_end", [s[1] - timedelta(days=1) if s else None for s in spans])
    return out


# -- the whole data set ----------------------------------------------------------------------
TABLE_COLUMN_DOCS: dict[str, str] = {
    **COLUMN_DOCS,
    **trust.TABLE_COLUMN_DOCS,
    "doc": "Document id.",
    "title": "Article title as published.",
    "publisher": "Publisher of the article.",
    "author": "Author(s), when stated.",
    "published": "Publication date (ISO 8601).",
    "published_precision": "Precision of the publication date: day, month or year.",
    "url": "Address of the article.",
    "sha256": "sha256 of the article file the figures were read from.",
    "fact_count": "Number of facts extracted from the document.",
    "start": "Character offset where the figure's evidence starts in the article text.",
    "end": "Character offset where it ends.",
    "attribution": "Who the sentence credits for the figure, when stated.",
    "reporter": "Who reported the figure, normalised: china_customs, russia_customs, "
    "china_ministry, russia_ministry, company or unattributed.",
    "carried_over": "True when the last refresh did not read the document: its facts are "
    "kept from an earlier run.",
    "surface": "The figure as written in the article.",
    "sentence_sha256": "Hash locating the evidence sentence (the sentence is not published).",
    "extractor_version": "Version of the extraction rules that produced the fact.",
    "period_kind": "Kind of period: year, month, months, years, or timeless.",
    "fact_ids": "';'-joined ids of the facts behind the observation.",
    "derived_id": "Stable id of the derived figure.",
    "inputs": "JSON list of the observations a derived figure or check rests on.",
    "check_id": "Id of the check.",
}
ARROW_TYPES = {"string": "string", "double": "number", "int64": "integer", "bool": "boolean"}


def _field_type(arrow_type: pa.DataType) -> str:
    return ARROW_TYPES.get(str(arrow_type), "any")


def datapackage(tables: Tables) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for name in TABLE_NAMES:
        table = tables.arrow[name]
        fields = [
            {
                "name": f.name,
                "type": _field_type(f.type),
                "description": TABLE_COLUMN_DOCS.get(f.name, ""),
                **({"constraints": {"required": True}} if not f.nullable else {}),
            }
            for f in table.schema
        ]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "missingValues": [""]},
                "rows": table.num_rows,
            }
        )
        resources.append(
            {
                "name": f"{name}-parquet",
                "path": f"{name}.parquet",
                "profile": "data-resource",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
            }
        )
    units = sorted(
        {str(u) for name in ("observations", "derived") for u in tables.frames[name]["unit"]}
    )
    sources = []
    for rec in tables.source_records().values():
        entry = {"title": f"{fmt.text(rec.get('publisher'))}: {fmt.text(rec.get('title'))}"}
        link = fmt.safe_url(rec.get("url"))
        if link:
            entry["path"] = link
        sources.append(entry)
    return {
        "profile": "tabular-data-package",
        "name": "china-russia-asymmetry",
        "title": PROJECT,
        "version": tables.run_id,
        "created": tables.created_at,
        "description": (
            "Every China–Russia trade and energy figure extracted from the cited articles "
            "(facts), one consensus figure per metric and period (observations), figures "
            "computed from them (derived) and stated claims recomputed (checks). "
            "Units: " + ", ".join(f"{u} = {fmt.unit_label(u)}" for u in units) + "."
        ),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "x_licence_note": LICENCE_NOTE,
        "x_units": {u: fmt.unit_label(u) for u in units},
        "sources": sources,
        "resources": resources,
    }


def citation_line(tables: Tables) -> str:
    created = tables.created_at[:10] if tables.created_at else ""
    return (
        f"{PROJECT}: tables run {tables.run_id}{' (' + created + ')' if created else ''}, "
        f"{urls.absolute(urls.zip_url())}"
    )


def readme_text(tables: Tables) -> str:
    lines = [
        f"{PROJECT} — data download",
        "",
        f"Run id: {tables.run_id}",
        f"Created: {tables.created_at}",
        f"Extractor version: {tables.extractor_version}",
        "",
        "Files",
    ]
    for name in TABLE_NAMES:
        lines.append(f"  {name}.parquet / {name}.csv  ({tables.arrow[name].num_rows} rows)")
    lines += [
        "  datapackage.json  Frictionless Data Package: schema, units, sources, licence",
        "  manifest.json     the run's manifest (inputs and table checksums)",
        "  CITATION.txt      how to cite this data",
        "",
        "The Parquet files hold the verified tables; the CSV files the same rows, with text",
        "cells that a spreadsheet would run as a formula prefixed with an apostrophe.",
        "Periods are written as the facts contract defines them: 2021 (a year), 2018-12 (a",
        "month), 2023-01/2023-09 (a run of months), 2016/2020 (years); empty when timeless.",
        "USD values are plain dollars (147000000000.0 is $147 billion).",
        "",
        "Licence: " + LICENCE_NOTE,
        "",
        "Cite as: " + citation_line(tables),
        "",
    ]
    return "\n".join(lines)


def zip_bytes(tables: Tables) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in TABLE_NAMES:
            table = tables.arrow[name]
            parquet = io.BytesIO()
            pq.write_table(table, parquet)
            archive.writestr(f"{name}.parquet", parquet.getvalue())
            archive.writestr(f"{name}.csv", csv_bytes(tables.frames[name]))
        archive.writestr(
            "datapackage.json", json.dumps(datapackage(tables), ensure_ascii=False, indent=1)
        )
        archive.writestr("manifest.json", json.dumps(dict(tables.manifest), indent=1))
        if tables.changes is not None:
            archive.writestr("changes.json", json.dumps(dict(tables.changes), indent=1))
        archive.writestr("README.txt", readme_text(tables))
        archive.writestr("CITATION.txt", citation_line(tables) + "\n")
    return buffer.getvalue()


# -- routing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    kind: str  # chart | metadata | index | zip
    chart: Chart | None = None
    fmt: str = ""


def allowed_names() -> dict[str, Target]:
    """Every file name the download routes serve; anything else is a 404."""
    names: dict[str, Target] = {
        urls.INDEX_NAME: Target("index"),
        urls.ZIP_NAME: Target("zip"),
    }
    for chart in CHARTS.values():
        for fmt_name in urls.FORMATS:
            names[urls.download_name(chart.id, fmt_name)] = Target("chart", chart, fmt_name)
        names[urls.metadata_name(chart.id)] = Target("metadata", chart)
    return names


def not_found() -> Response:
    response = Response("Not found\n", status=404, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def _attachment(body: bytes, mimetype: str, filename: str, run_id: str | None) -> Response:
    response = Response(body, status=200)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-cache"
    if run_id:
        response.headers["X-Tables-Run-Id"] = run_id
    return response


def index_charts(tables: Tables | None) -> list[dict[str, Any]]:
    charts = []
    for chart in CHARTS.values():
        rows = chart.rows(tables, chart.default_state())
        text = chart.describe(rows, tables, chart.default_state()) if tables else None
        charts.append(
            {
                "id": chart.id,
                "title": text.title if text else chart.name,
                "rows": len(rows),
                **{f: urls.absolute(urls.download_url(chart.id, f)) for f in urls.FORMATS},
                "metadata": urls.absolute(urls.metadata_url(chart.id)),
                "permalink": urls.permalink(chart.id, {}, {}),
                "options": {
                    opt.name: list(opt.allowed())
                    for opt in chart.options
                    if opt.name in chart.data_options
                },
            }
        )
    return charts


def index_payload(state: DataState) -> dict[str, Any]:
    tables = state.tables
    charts = (
        tables.memo(("index", urls.base_url()), lambda: index_charts(tables))
        if tables is not None
        else index_charts(None)
    )
    return {
        "run_id": tables.run_id if tables else None,
        "created_at": tables.created_at if tables else None,
        "extractor_version": tables.extractor_version if tables else None,
        "problem": state.problem,
        "charts": charts,
        "all": urls.absolute(urls.zip_url()),
    }


def register(server: Flask, store: DataStore) -> None:
    """Add the download routes to the Flask server.

    URLs inside the files are absolute under the configured base URL: nothing is taken from
    the request's Host header, so every file is the same bytes for a run and state, built once
    (per run, from allow-listed names and validated options: a bounded memo).
    """
    names = allowed_names()

    def serve(name: str) -> Response:
        target = names.get(name)
        if target is None:
            return not_found()
        state = store.get()
        tables = state.tables
        if target.kind == "index":
            listing = json.dumps(index_payload(state), ensure_ascii=False, indent=1)
            return _attachment(listing.encode("utf-8"), MIMETYPES["json"], name, state.run_id)
        if tables is None:
            error = json.dumps({"error": "no tables available", "problem": state.problem})
            response = Response(error, status=503, mimetype="application/json")
            response.headers["X-Content-Type-Options"] = "nosniff"
            return response
        if target.kind == "zip":
            body = tables.memo(("download", name), lambda: zip_bytes(tables))
            return _attachment(body, MIMETYPES["zip"], name, tables.run_id)
        chart = target.chart
        assert chart is not None
        chart_state = download_state(chart, request.args)
        key = ("download", name, tuple(sorted(chart_state.items())))
        if target.kind == "metadata":

            def build() -> bytes:
                meta = chart_metadata(chart, tables, chart_state)
                return json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8")

            return _attachment(tables.memo(key, build), MIMETYPES["json"], name, tables.run_id)
        body = tables.memo(key, lambda: chart_file(chart, target.fmt, tables, chart_state))
        saved = urls.saved_name(chart.id, target.fmt, non_default(chart, chart_state))
        return _attachment(body, MIMETYPES[target.fmt], saved, tables.run_id)

    def download(name: str) -> Response:
        return serve(name)

    def download_root() -> Response:
        return not_found()

    server.add_url_rule(
        urls.DOWNLOAD_PREFIX + "<path:name>", "dashboard_download", download, methods=["GET"]
    )
    server.add_url_rule(urls.DOWNLOAD_PREFIX, "dashboard_download_root", download_root)


def iter_names() -> Iterable[str]:
    return allowed_names().keys()
