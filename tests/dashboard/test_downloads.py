"""Download routes through the Flask test client: formats, neutralisation, 404s, headers, zip."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from dashboard import downloads, fmt, urls
from dashboard.app import create_app
from dashboard.charts import CHARTS
from dashboard.data import DataStore, Tables

RUN_ID = "20260102T030405000000Z"


@pytest.fixture(scope="module")
def client(module_tables: Path) -> Iterator[FlaskClient]:
    app = create_app(module_tables)
    yield app.server.test_client()


@pytest.fixture(scope="module")
def tables(module_tables: Path) -> Tables:
    state = DataStore(module_tables).get()
    assert state.tables is not None
    return state.tables


def read_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def expected_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return repr(value)
    return downloads.neutralise(str(value))


# -- neutralisation --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+SUM(A1)",
        "-2+3",
        "@cmd",
        "\t=x",
        "\r=x",
        "\n=x",
        "＝1+1",
        "＋1",
        "－1",
        "＠x",
        " =1+1",
        "\u2212 1",
    ],
)
def test_formula_triggers_are_neutralised(text: str) -> None:
    assert downloads.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Alpha Wire", "2016/2020", "1.5", "a=b", "x-1"])
def test_plain_text_is_unchanged(text: str) -> None:
    assert downloads.neutralise(text) == text


def test_csv_cells_and_headers_neutralised_numbers_kept() -> None:
    frame = pd.DataFrame(
        {"=header": ["=cmd|'/C calc'!A0", "plain", None], "value": [-28.0, 147e9, 1.5]}
    )
    rows = list(csv.reader(io.StringIO(downloads.csv_bytes(frame).decode())))
    assert rows[0] == ["'=header", "value"]
    assert rows[1] == ["'=cmd|'/C calc'!A0", "-28.0"]
    assert rows[2] == ["plain", "147000000000.0"]
    assert rows[3] == ["", "1.5"]


def test_xlsx_text_is_string_cells_and_numbers_numeric() -> None:
    frame = pd.DataFrame({"label": ["=1+2", "@x", "ok"], "value": [-28.0, 2.5, 3.0]})
    book = load_workbook(io.BytesIO(downloads.xlsx_bytes([("data", frame)])))
    sheet = book["data"]
    cells = [[c for c in row] for row in sheet.iter_rows(min_row=1, max_row=4)]
    assert [c.value for c in cells[0]] == ["label", "value"]
    for row in cells[1:]:
        assert row[0].data_type == "s"  # never a formula cell
        assert row[1].data_type == "n"
    assert [r[0].value for r in cells[1:]] == ["'=1+2", "'@x", "ok"]
    assert [r[1].value for r in cells[1:]] == [-28.0, 2.5, 3.0]


# -- chart downloads -------------------------------------------------------------------------
@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_csv_is_exactly_the_chart_rows(client: FlaskClient, tables: Tables, chart_id: str) -> None:
    chart = CHARTS[chart_id]
    response = client.get(f"/download/{chart_id}.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{chart_id}.csv"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    rows = read_csv(response.data)
    expected = chart.rows(tables, chart.default_state())
    assert list(rows[0].keys()) == list(chart.columns)
    assert len(rows) == len(expected)
    for got, (_i, want) in zip(rows, expected.iterrows(), strict=True):
        assert got == {c: expected_cell(want[c]) for c in chart.columns}
        assert got["period"] == ("" if pd.isna(want["period"]) else want["period"])


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_json_is_exactly_the_chart_rows(client: FlaskClient, tables: Tables, chart_id: str) -> None:
    chart = CHARTS[chart_id]
    response = client.get(f"/download/{chart_id}.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    payload = json.loads(response.data)
    assert payload["run_id"] == RUN_ID
    assert payload["columns"] == list(chart.columns)
    expected = chart.rows(tables, chart.default_state())
    assert len(payload["rows"]) == len(expected)
    for got, (_i, want) in zip(payload["rows"], expected.iterrows(), strict=True):
        assert got["value"] == pytest.approx(float(want["value"]))
        assert got["period"] == (None if pd.isna(want["period"]) else want["period"])
        assert got["series"] == want["series"]
        assert got["docs"] == want["docs"]


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_xlsx_is_exactly_the_chart_rows(client: FlaskClient, tables: Tables, chart_id: str) -> None:
    chart = CHARTS[chart_id]
    response = client.get(f"/download/{chart_id}.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == downloads.MIMETYPES["xlsx"]
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["data"]
    values = list(sheet.iter_rows(values_only=True))
    # the chart's columns, with each period's first and last day as dates after `period`
    columns = list(chart.columns)
    at = columns.index("period") + 1
    assert list(values[0]) == [*columns[:at], "period_start", "period_end", *columns[at:]]
    expected = chart.rows(tables, chart.default_state())
    assert len(values) - 1 == len(expected)
    col = list(values[0]).index("value")
    assert [v[col] for v in values[1:]] == pytest.approx([float(v) for v in expected["value"]])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "n", "b", "d")  # never "f"
    start = list(values[0]).index("period_start")
    for got, period in zip(values[1:], expected["period"], strict=True):
        span = fmt.period_dates(period)
        if span is None:
            assert got[start] is None
        else:  # a real date cell, not text
            assert got[start].date() == span[0], period
    # numbers carry a number format, the header a filter
    value_cells = [r[col] for r in sheet.iter_rows(min_row=2)]
    assert all(
        c.number_format == downloads.VALUE_FORMAT for c in value_cells if c.value is not None
    )
    assert sheet.auto_filter.ref == sheet.dimensions
    assert "about" in book.sheetnames


def test_metadata_names_columns_units_sources_run(client: FlaskClient) -> None:
    response = client.get("/download/trade-turnover.metadata.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    meta = json.loads(response.data)
    assert meta["run_id"] == RUN_ID
    assert [c["name"] for c in meta["columns"]] == list(CHARTS["trade-turnover"].columns)
    assert all(c["description"] for c in meta["columns"])
    assert meta["units"]["usd"] == "US dollars"
    docs = {s["doc"] for s in meta["sources"]}
    assert docs == {"alpha-wire-2019", "delta-notes-2021", "gamma-review-2024"}
    gamma = next(s for s in meta["sources"] if s["doc"] == "gamma-review-2024")
    assert gamma["url"] is None  # a javascript: URL is never passed on as a link
    assert RUN_ID in meta["cite"]


def test_options_change_the_rows_and_forged_options_get_defaults(client: FlaskClient) -> None:
    native = read_csv(client.get("/download/energy-corridors.csv").data)
    energy = read_csv(client.get("/download/energy-corridors.csv?unit=energy").data)
    forged = read_csv(client.get("/download/energy-corridors.csv?unit=%3Cscript%3E").data)
    assert {r["unit"] for r in energy if r["series"].startswith("capacity")} == {"pj_per_year"}
    assert {r["unit"] for r in native if r["series"].startswith("capacity")} == {
        "bcm_per_year",
        "mt_per_year",
    }
    assert forged == native


def test_index_lists_every_chart_and_the_run(client: FlaskClient) -> None:
    response = client.get("/download/index.json")
    assert response.status_code == 200
    index = json.loads(response.data)
    assert index["run_id"] == RUN_ID
    assert [c["id"] for c in index["charts"]] == list(CHARTS)
    for chart in index["charts"]:
        for kind in ("csv", "json", "xlsx"):
            assert chart[kind].endswith(f"/download/{chart['id']}.{kind}")
        assert chart["metadata"].endswith(f"/download/{chart['id']}.metadata.json")
    assert index["all"].endswith("/download/all.zip")


def test_all_zip_holds_every_table_and_a_datapackage(client: FlaskClient, tables: Tables) -> None:
    response = client.get("/download/all.zip")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="all.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    for name in ("sources", "facts", "observations", "derived", "checks"):
        assert f"{name}.parquet" in names and f"{name}.csv" in names
        table = pq.read_table(io.BytesIO(archive.read(f"{name}.parquet")))
        assert table.equals(tables.arrow[name])
        rows = read_csv(archive.read(f"{name}.csv"))
        assert len(rows) == tables.arrow[name].num_rows
    assert {"datapackage.json", "README.txt", "CITATION.txt", "manifest.json"} <= names
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert package["version"] == RUN_ID
    assert package["licenses"] and package["sources"]
    observations = next(r for r in package["resources"] if r["name"] == "observations")
    fields = {f["name"]: f["type"] for f in observations["schema"]["fields"]}
    assert fields["value"] == "number" and fields["n_sources"] == "integer"
    assert fields["conflict"] == "boolean" and fields["period"] == "string"
    assert RUN_ID in archive.read("CITATION.txt").decode()
    # text in the CSV copies is neutralised too
    sources = read_csv(archive.read("sources.csv"))
    titles = {r["doc"]: r["title"] for r in sources}
    assert titles["delta-notes-2021"].startswith("'=HYPERLINK")


def test_article_text_is_neutralised_in_chart_csv(client: FlaskClient) -> None:
    rows = read_csv(client.get("/download/trade-turnover.csv").data)
    cited = [r["sources"] for r in rows if "Delta" in r["sources"]]
    assert cited and all(not c.startswith("+") for c in cited)
    assert any(c.startswith("'+Delta Notes") for c in cited)


# -- what is not served ----------------------------------------------------------------------
BAD_PATHS = [
    "/download/../manifest.json",
    "/download/..%2fmanifest.json",
    "/download/%2e%2e/%2e%2e/etc/passwd",
    "/download/..%5c..%5cmanifest.json",
    "/download/trade-turnover.csv%0d%0aSet-Cookie:%20x=1",
    "/download/trade-turnover.csv%00.json",
    "/download/trade-turnover",
    "/download/trade-turnover.exe",
    "/download/TRADE-TURNOVER.csv",
    "/download/unknown.csv",
    "/download/manifest.json",
    "/download/observations.parquet",
    "/download/",
    "/download//etc/passwd",
    "/download/%252e%252e%252fmanifest.json",
    "/../data/tables/manifest.json",
    "/etc/passwd",
    "/assets/../app.py",
    "/data/tables/manifest.json",
]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_unknown_and_traversal_paths_are_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    body = response.data
    assert b"run_id" not in body and b"root:" not in body and b"import" not in body
    assert b"<html" not in body.lower()
    assert "Set-Cookie" not in response.headers


def test_no_tables_gives_503_json_not_a_traceback(tmp_path: Path) -> None:
    client = create_app(tmp_path / "missing").server.test_client()
    response = client.get("/download/trade-turnover.csv")
    assert response.status_code == 503
    assert b"Traceback" not in response.data
    index = json.loads(client.get("/download/index.json").data)
    assert index["run_id"] is None and "no published tables" in index["problem"]


def test_host_header_never_reaches_the_files(client: FlaskClient) -> None:
    for path in (
        "/download/index.json",
        "/download/trade-turnover.metadata.json",
        "/download/trade-turnover.json",
        "/download/all.zip",
    ):
        response = client.get(path, headers={"Host": "attacker.invalid"})
        assert response.status_code == 200, path
        assert b"attacker.invalid" not in response.data, path
    index = json.loads(client.get("/download/index.json").data)
    # absolute, from the one configured base URL
    assert index["charts"][0]["csv"] == urls.absolute("/download/trade-turnover.csv")
    assert index["charts"][0]["csv"].startswith(urls.base_url() + "/")


def test_each_state_downloads_under_its_own_name(client: FlaskClient) -> None:
    native = client.get("/download/energy-corridors.csv")
    energy = client.get("/download/energy-corridors.csv?unit=energy")
    assert 'filename="energy-corridors.csv"' in native.headers["Content-Disposition"]
    assert 'filename="energy-corridors-unit-energy.csv"' in energy.headers["Content-Disposition"]
    assert native.data != energy.data


def test_csv_names_title_and_url_of_every_source(client: FlaskClient, tables: Tables) -> None:
    body = client.get("/download/trade-turnover.csv").data.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    first = next(r for r in rows if r["docs"] == "alpha-wire-2019")
    assert first["source_titles"] == "Alpha Wire: trade between the neighbours climbs"
    assert first["source_urls"] == "https://alpha.example/trade-climbs"
    # a javascript: address is never written out as a link
    gamma = next(r for r in rows if r["docs"] == "gamma-review-2024")
    assert gamma["source_urls"] == ""
