"""The app through the Flask test client: headers, CSP, routing, layout, callback validation."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard import app as app_module
from dashboard import urls
from dashboard.app import MAX_CONTENT_LENGTH, content_security_policy, create_app

RUN_ID = "20260102T030405000000Z"
UPDATE = "/_dash-update-component"


@pytest.fixture(scope="module")
def client(module_tables: Path) -> Iterator[FlaskClient]:
    yield create_app(module_tables).server.test_client()


def layout(client: FlaskClient, page: str | None) -> dict[str, Any]:
    headers = {"Referer": f"http://localhost{page}"} if page else {}
    response = client.get("/_dash-layout", headers=headers)
    assert response.status_code == 200
    return dict(json.loads(response.data))


def dependencies(client: FlaskClient) -> list[dict[str, Any]]:
    return list(json.loads(client.get("/_dash-dependencies").data))


def output_of(client: FlaskClient, needle: str) -> str:
    return next(d["output"] for d in dependencies(client) if needle in d["output"])


def strings(node: Any) -> Iterator[str]:
    """Every string in a serialised layout."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def text_of(response: Any) -> str:
    """All strings of a JSON response, joined (the encoder escapes some characters)."""
    return "\n".join(strings(json.loads(response.data)))


def callback(client: FlaskClient, payload: dict[str, Any]) -> Any:
    return client.post(UPDATE, json=payload)


# -- headers ---------------------------------------------------------------------------------
def test_page_has_security_headers_and_a_strict_csp(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in csp
    script_src = re.search(r"script-src ([^;]+)", csp)
    assert script_src is not None
    assert "'unsafe-inline'" not in script_src.group(1)
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    # every executable inline script of the page is allowed by its hash, and only by it
    html = response.data.decode()
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        if "src=" in attrs or "application/json" in attrs:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src.group(1)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert 'lang="en"' in html


def test_no_external_resources_in_the_page(client: FlaskClient) -> None:
    html = client.get("/").data.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url
    assert "dash-version.plotly.com" not in json.dumps(layout(client, "/"))


def test_csp_directives_are_well_formed() -> None:
    policy = content_security_policy(["'sha256-abc'"])
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self' 'sha256-abc'"
    assert directives["default-src"] == "'self'"


def test_responses_are_compressed(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers.get("Content-Encoding") in ("br", "gzip")
    csv = client.get("/download/trade-turnover.csv", headers={"Accept-Encoding": "gzip"})
    assert csv.headers.get("Content-Encoding") == "gzip"
    assert csv.headers["Content-Disposition"].startswith("attachment;")


# -- routing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", list(urls.PAGES))
def test_every_page_path_serves_the_app(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/admin", "/console", "/_reload-hash", "/facts/x", "/.env"])
def test_unknown_paths_are_plain_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.data == b"Not found\n"


def test_layout_renders_the_requested_page(client: FlaskClient) -> None:
    main = "\n".join(strings(layout(client, "/")))
    assert "trade-turnover-title" in main and RUN_ID in main
    facts = "\n".join(strings(layout(client, "/facts")))
    assert "facts-table" in facts
    # chart state from the URL, validated: the table view for one chart, a forged value ignored
    page = layout(client, "/?trade-turnover.view=table&energy-corridors.unit=%3Cscript%3E")
    assert "view-table" in "\n".join(strings(page))
    text = "\n".join(strings(page))
    assert "50 planned" in text and "1,800 planned" not in text


def test_layout_without_referrer_leaves_the_page_to_the_router(client: FlaskClient) -> None:
    page = layout(client, None)
    assert "Loading" in json.dumps(page)


def test_layout_from_another_origin_is_not_trusted(client: FlaskClient) -> None:
    response = client.get("/_dash-layout", headers={"Referer": "http://evil.example/facts"})
    assert "Loading" in response.data.decode()


def test_article_strings_stay_text_in_the_layout(client: FlaskClient) -> None:
    page = layout(client, "/sources")
    texts = list(strings(page))
    assert "Gamma Review <script>alert('x')</script> yearly round-up" in texts
    # the javascript: URL is never an href
    hrefs = [s for s in texts if s.startswith("javascript:")]
    assert hrefs == ["javascript:alert(document.cookie)"]  # shown as text only
    encoded = json.dumps(page)
    assert '"href": "javascript:' not in encoded
    assert "dangerously_allow_html" not in encoded


# -- request limits and callbacks ------------------------------------------------------------
def test_oversized_callback_body_gets_413(client: FlaskClient) -> None:
    body = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    assert len(body) > MAX_CONTENT_LENGTH
    response = client.post(UPDATE, data=body, content_type="application/json")
    assert response.status_code == 413
    assert b"Traceback" not in response.data


def ctl(chart: str, name: str, value: Any) -> dict[str, Any]:
    return {
        "id": {"chart": chart, "name": name, "type": "ctl"},
        "property": "value",
        "value": value,
    }


def test_chart_callback_accepts_only_offered_values(client: FlaskClient) -> None:
    output = output_of(client, "card-body")
    outputs = [
        {"id": {"chart": "energy-corridors", "type": kind}, "property": "children"}
        for kind in ("card-head", "card-body", "dl")
    ]

    def call(view: Any, unit: Any) -> Any:
        return callback(
            client,
            {
                "output": output,
                "outputs": outputs,
                "inputs": [
                    [ctl("energy-corridors", "view", view), ctl("energy-corridors", "unit", unit)]
                ],
                "changedPropIds": [json.dumps(outputs[0]["id"]) + ".children"],
                "state": [],
            },
        )

    good = call("chart", "energy")
    assert good.status_code == 200 and "1,800 planned" in text_of(good)
    for forged in ("../../etc/passwd", {"$gt": ""}, ["energy"], 10**30, None, "<img src=x>"):
        response = call(forged, forged)
        assert response.status_code == 200, forged
        text = text_of(response)
        assert "50 planned" in text and "1,800 planned" not in text  # the default view
        assert "Traceback" not in text


def test_chart_callback_with_unknown_chart_changes_nothing(client: FlaskClient) -> None:
    output = output_of(client, "card-body")
    outputs = [
        {"id": {"chart": "no-such-chart", "type": kind}, "property": "children"}
        for kind in ("card-head", "card-body", "dl")
    ]
    response = callback(
        client,
        {
            "output": output,
            "outputs": outputs,
            "inputs": [[ctl("no-such-chart", "view", "table")]],
            "changedPropIds": [],
            "state": [],
        },
    )
    assert response.status_code == 204


def route(client: FlaskClient, pathname: Any, search: Any, rendered: Any = None) -> Any:
    output = output_of(client, "main.children")
    outputs = [
        {"id": i, "property": p}
        for i, p in (
            ("main", "children"),
            ("banner", "children"),
            ("site-footer", "children"),
            ("nav", "children"),
            ("rendered", "data"),
        )
    ]
    return callback(
        client,
        {
            "output": output,
            "outputs": outputs,
            "inputs": [
                {"id": "url", "property": "pathname", "value": pathname},
                {"id": "url", "property": "search", "value": search},
            ],
            "changedPropIds": ["url.pathname"],
            "state": [{"id": "rendered", "property": "data", "value": rendered}],
        },
    )


def test_router_renders_pages_and_forged_paths_get_home(client: FlaskClient) -> None:
    facts = route(client, "/facts", "")
    assert facts.status_code == 200 and "facts-table" in text_of(facts)
    for forged in ("/../../etc/passwd", "javascript:alert(1)", 42, None, ["/facts"], "/x" * 5000):
        response = route(client, forged, {"a": 1})
        assert response.status_code == 200
        assert "trade-turnover-title" in text_of(response)


def test_router_does_not_redraw_the_page_on_screen(client: FlaskClient) -> None:
    response = route(client, "/", "", rendered={"path": "/", "search": ""})
    assert response.status_code == 204


def test_fact_callbacks_validate_their_inputs(client: FlaskClient) -> None:
    search_out = output_of(client, "facts-table.data")
    detail_out = output_of(client, "fact-detail.children")

    def search(value: Any) -> Any:
        return callback(
            client,
            {
                "output": search_out,
                "outputs": {"id": "facts-table", "property": "data"},
                "inputs": [{"id": "facts-search", "property": "value", "value": value}],
                "changedPropIds": ["facts-search.value"],
                "state": [],
            },
        )

    def detail(value: Any) -> Any:
        return callback(
            client,
            {
                "output": detail_out,
                "outputs": {"id": "fact-detail", "property": "children"},
                "inputs": [{"id": "facts-table", "property": "active_cell", "value": value}],
                "changedPropIds": ["facts-table.active_cell"],
                "state": [],
            },
        )

    found = json.loads(search("2018 delta").data)["response"]["facts-table"]["data"]
    assert [row["id"] for row in found] == ["f03", "f04"] or {r["id"] for r in found} == {"f03"}
    for forged in ({"x": 1}, 12, ["a"], "x" * 10_000):
        response = search(forged)
        assert response.status_code == 200
    shown = detail({"row": 0, "column": 0, "row_id": "f05", "column_id": "value"})
    assert "Selected fact" in text_of(shown)
    for forged in ({"row_id": "../../x"}, {"row_id": 5}, "f05", None, [1]):
        response = detail(forged)
        assert response.status_code == 200
        assert "Select a fact" in text_of(response)


# -- debug is never on -----------------------------------------------------------------------
def test_environment_cannot_turn_on_debug(
    module_tables: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "DASH_DEBUG",
        "DASH_UI",
        "DASH_SERVE_DEV_BUNDLES",
        "DASH_HOT_RELOAD",
        "DASH_PROPS_CHECK",
        "DASH_MCP_ENABLED",
    ):
        monkeypatch.setenv(name, "true")
    monkeypatch.setenv("DASH_URL_BASE_PATHNAME", "/evil/")
    monkeypatch.setenv("DASH_ASSETS_EXTERNAL_PATH", "https://cdn.evil.example/")
    app = create_app(module_tables)
    client = app.server.test_client()
    assert app.server.debug is False
    html = client.get("/").data.decode()
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert config["ui"] is False and config["props_check"] is False
    assert config["url_base_pathname"] in (None, "/")
    assert ".dev.js" not in html and "evil.example" not in html
    assert client.get("/_reload-hash").status_code == 404
    assert client.get("/_mcp").status_code == 404
    assert app_module.TITLE in html


def test_unknown_page_in_a_browser_gets_a_page_with_navigation(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    body = response.data.decode()
    assert "Page not found" in body
    for path in urls.PAGES:
        assert f'href="{path}"' in body
    assert "<script" not in body
