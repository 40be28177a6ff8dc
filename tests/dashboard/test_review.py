"""The review page and its one write path: read-only by default, and with --review only
loopback, same-origin, CSRF-checked POSTs of known fact ids reach the corrections file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient

from dashboard.app import create_app
from dashboard.review_writes import DECIDE_PATH, ReviewSettings
from etl.tables.corrections import load_corrections

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def writable(tables_dir: Path, tmp_path: Path) -> Iterator[tuple[FlaskClient, ReviewSettings]]:
    settings = ReviewSettings(tmp_path / "corrections.yaml", writable=True, port=PORT)
    app = create_app(tables_dir, tmp_path / "cache", settings)
    yield app.server.test_client(), settings


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def page_text(client: FlaskClient, base: str = ORIGIN) -> str:
    """Every string of the review page's layout (the JSON escapes '/')."""
    response = client.get("/_dash-layout", headers={"Referer": f"{base}/review"}, base_url=base)
    assert response.status_code == 200
    return "\n".join(strings(json.loads(response.data)))


def post(
    client: FlaskClient,
    data: dict[str, str],
    *,
    origin: str | None = ORIGIN,
    base: str = ORIGIN,
    referer: str | None = None,
) -> Any:
    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    if referer is not None:
        headers["Referer"] = referer
    return client.post(DECIDE_PATH, data=data, headers=headers, base_url=base)


def form(
    settings: ReviewSettings, fact: str = "f05", action: str = "reject", **extra: str
) -> dict[str, str]:
    return {"csrf": settings.token, "fact": fact, "action": action, **extra}


def test_read_only_page_has_no_form_and_the_route_does_not_exist(
    tables_dir: Path, tmp_path: Path
) -> None:
    app = create_app(tables_dir, tmp_path / "cache")
    client = app.server.test_client()
    text = page_text(client, "http://localhost")
    assert "Read-only" in text and "f05" in text  # the flagged fixture fact is listed
    assert DECIDE_PATH not in text and "csrf" not in text
    response = client.post(DECIDE_PATH, data={"fact": "f05", "action": "reject"})
    assert response.status_code == 404
    assert not any(DECIDE_PATH in str(rule) for rule in app.server.url_map.iter_rules())


def test_a_valid_decision_is_written_and_redirects_relatively(
    writable: tuple[FlaskClient, ReviewSettings],
) -> None:
    client, settings = writable
    text = page_text(client)
    assert settings.token in text and DECIDE_PATH in text
    response = post(client, form(settings, reason="invented test reason"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/review#fact-f05"
    [decision] = load_corrections(settings.corrections)
    assert (decision.action, decision.figure, decision.doc) == (
        "reject",
        "$200 billion",
        "gamma-review-2024",
    )
    written = settings.corrections.read_text()
    assert "127.0.0.1" not in written and str(PORT) not in written and "Host" not in written
    assert "Decided: reject" in page_text(client)


def test_a_correction_with_typed_fields(writable: tuple[FlaskClient, ReviewSettings]) -> None:
    client, settings = writable
    response = post(
        client, form(settings, action="correct", value="150 bn", direction="china_to_russia")
    )
    assert response.status_code == 303
    [decision] = load_corrections(settings.corrections)
    assert decision.set == {"value": 150e9, "direction": "china_to_russia"}


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"csrf": "forged-token"}, 403),
        ({"csrf": ""}, 403),
        ({"fact": "../../etc/passwd"}, 400),
        ({"fact": "f05/../f01"}, 400),
        ({"fact": "%2e%2e%2ff05"}, 400),
        ({"fact": "zz99"}, 404),
        ({"action": "delete"}, 400),
        ({"action": "correct"}, 400),  # nothing to correct
        ({"action": "correct", "period": "next spring"}, 400),
        ({"action": "correct", "value": "lots"}, 400),
        ({"reason": "x" * 500}, 400),
    ],
)
def test_forged_or_malformed_decisions_write_nothing(
    writable: tuple[FlaskClient, ReviewSettings], change: dict[str, str], status: int
) -> None:
    client, settings = writable
    response = post(client, {**form(settings), **change})
    assert response.status_code == status
    assert not settings.corrections.exists()


@pytest.mark.parametrize(
    ("origin", "referer", "base"),
    [
        ("http://evil.example", None, ORIGIN),  # another site's form
        (f"http://127.0.0.1:{PORT + 1}", None, ORIGIN),  # another local port
        (None, "http://evil.example/page", ORIGIN),  # no Origin, foreign Referer
        (None, None, ORIGIN),  # neither: refused
        ("http://evil.example:8765", None, "http://evil.example:8765"),  # DNS rebinding
        (ORIGIN, None, f"http://127.0.0.1:{PORT + 1}"),  # Host of another port
    ],
)
def test_cross_origin_and_foreign_hosts_are_refused(
    writable: tuple[FlaskClient, ReviewSettings],
    origin: str | None,
    referer: str | None,
    base: str,
) -> None:
    client, settings = writable
    response = post(client, form(settings), origin=origin, referer=referer, base=base)
    assert response.status_code == 403
    assert not settings.corrections.exists()


def test_same_origin_referer_without_origin_is_accepted(
    writable: tuple[FlaskClient, ReviewSettings],
) -> None:
    client, settings = writable
    response = post(client, form(settings), origin=None, referer=f"{ORIGIN}/review")
    assert response.status_code == 303 and settings.corrections.exists()


def test_only_post_and_only_forms(writable: tuple[FlaskClient, ReviewSettings]) -> None:
    client, settings = writable
    assert client.get(DECIDE_PATH, base_url=ORIGIN).status_code == 405
    assert client.put(DECIDE_PATH, base_url=ORIGIN).status_code == 405
    response = client.post(
        DECIDE_PATH,
        data=json.dumps(form(settings)),
        content_type="application/json",
        headers={"Origin": ORIGIN},
        base_url=ORIGIN,
    )
    assert response.status_code == 415
    assert not settings.corrections.exists()


def test_concurrent_decisions_all_land(writable: tuple[FlaskClient, ReviewSettings]) -> None:
    client, settings = writable
    facts = ["f01", "f02", "f03", "f04", "f05", "f06", "f08", "f09", "f10", "f11"]
    statuses: list[int] = []

    def decide(fact: str) -> None:
        statuses.append(post(client, form(settings, fact=fact, action="confirm")).status_code)

    threads = [threading.Thread(target=decide, args=(f,)) for f in facts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * len(facts)
    decided = load_corrections(settings.corrections)
    assert len(decided) == len(facts)
    assert yaml.safe_load(settings.corrections.read_text())["version"] == 1


def test_review_refuses_a_non_loopback_host() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "--review", "--host", "0.0.0.0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "loopback" in result.stderr


def _status(url: str, method: str, body: bytes | None, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_started_without_review_no_route_writes(
    tables_dir: Path, tmp_path: Path, server_factory: Any
) -> None:
    """From outside: every method on every path either fails or writes nothing."""
    corrections = tmp_path / "corrections.yaml"
    srv = server_factory(tables_dir, extra=["--corrections", str(corrections)])
    try:
        layout = urllib.request.Request(
            srv.url + "/_dash-layout", headers={"Referer": srv.url + "/review"}
        )
        page = "\n".join(strings(json.loads(urllib.request.urlopen(layout, timeout=10).read())))
        assert "Read-only" in page and DECIDE_PATH not in page
        body = b"csrf=x&fact=f05&action=reject"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": srv.url,
        }
        for path in (DECIDE_PATH, "/review", "/review/", "/", "/changes", "/facts",
                     "/download/all.zip", "/review/decide/", "/corrections.yaml"):  # fmt: skip
            for method in ("POST", "PUT", "PATCH", "DELETE"):
                status = _status(srv.url + path, method, body, headers)
                assert status in (404, 405), (method, path, status)
        assert not corrections.exists()
        assert not re.search(r"review decision", srv.output())
    finally:
        srv.stop()
