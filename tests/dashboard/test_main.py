"""`python -m dashboard`: production server, loopback by default, debug never on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dashboard.__main__ import parse_args, scrub_environment

REPO = Path(__file__).resolve().parents[2]


def test_defaults_bind_loopback() -> None:
    args = parse_args([])
    assert args.host == "127.0.0.1" and args.port == 8050
    assert args.tables == REPO / "data" / "tables"


@pytest.mark.parametrize("argv", [["--port", "0"], ["--port", "70000"], ["--threads", "0"]])
def test_bad_arguments_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(argv)


def test_scrub_removes_debug_and_rebinding_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DASH_DEBUG", "DASH_UI", "HOST", "PORT", "FLASK_DEBUG"):
        monkeypatch.setenv(name, "true")
    monkeypatch.setenv("KEEP_ME", "1")
    removed = scrub_environment()
    assert {"DASH_DEBUG", "DASH_UI", "HOST", "PORT", "FLASK_DEBUG"} <= set(removed)
    assert "DASH_DEBUG" not in os.environ and os.environ["KEEP_ME"] == "1"


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on a TCP port, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


def test_server_ignores_debug_environment_and_binds_loopback(
    tables_dir: Path, request: pytest.FixtureRequest
) -> None:
    server_cls = request.getfixturevalue("server_factory")
    env = {
        **os.environ,
        "DASH_DEBUG": "true",
        "DASH_UI": "true",
        "DASH_HOT_RELOAD": "true",
        "HOST": "0.0.0.0",
        "FLASK_DEBUG": "1",
    }
    srv = server_cls(tables_dir, env=env)
    try:
        with urllib.request.urlopen(srv.url + "/") as response:
            assert response.headers["Server"] == "dashboard"  # waitress, not werkzeug
            html = response.read().decode()
        config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', html, re.S)[1])
        assert config["ui"] is False and config["props_check"] is False
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(srv.url + "/_reload-hash")
        assert missing.value.code == 404
        assert listening_addresses(srv.port) == {"0100007F"}  # 127.0.0.1 only
    finally:
        srv.stop()
    assert "Traceback" not in srv.output()


def test_server_starts_without_tables_and_shows_why(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server_cls = request.getfixturevalue("server_factory")
    srv = server_cls(tmp_path / "no-tables")
    try:
        with urllib.request.urlopen(srv.url + "/") as response:
            assert response.status == 200
        req = urllib.request.Request(srv.url + "/_dash-layout", headers={"Referer": srv.url + "/"})
        with urllib.request.urlopen(req) as response:
            layout = response.read().decode()
        assert "Data problem" in layout and "no published tables" in layout
    finally:
        srv.stop()
    output = srv.output()
    assert "Traceback" not in output and "starting without usable tables" in output


def test_help_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--tables" in result.stdout and "127.0.0.1" in result.stdout


def test_busy_port_is_a_message_not_a_traceback(tables_dir: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "dashboard", "--tables", str(tables_dir), "--port", str(port)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert "already in use" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_base_url_is_configured_and_checked() -> None:
    assert parse_args(["--port", "8060"]).base_url == "http://127.0.0.1:8060"
    assert parse_args(["--base-url", "https://example.org/dash/"]).base_url == (
        "https://example.org/dash"
    )
    with pytest.raises(SystemExit):
        parse_args(["--base-url", "javascript:alert(1)"])
