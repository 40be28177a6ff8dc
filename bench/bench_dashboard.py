"""Dashboard benchmark: page-ready time against a minimal Dash app, bytes, callbacks, downloads.

`run()` starts the real server (`python -m dashboard`) on the committed tables (or on the
test fixture tables when `data/tables` has none) and, served the same way (waitress,
loopback), a minimal one-chart Dash app. In Debian's headless Chromium, with a fresh
profile per load (cold cache), it alternates loads of the two and reports the median
page-ready time of 10 loads each (ready = every chart has drawn its data), their ratio,
and the bytes transferred. It then replays a real chart-toggle callback to report its
latency (p50/p95), and puts a download URL under a bounded loopback load (24 connections,
8 s) to report requests per second. Figures are printed, never asserted.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOADS = 10
LOAD_SECONDS = 8.0  # bounded: at most 15 s
CONNECTIONS = 24  # 16–32 connections, loopback only
CALLBACK_REPEATS = 100

MINIMAL_APP = """
import sys
import waitress
from dash import Dash, dcc, html

app = Dash(__name__)
app.layout = html.Div([
    html.H1("Minimal"),
    dcc.Graph(id="g", figure={"data": [{"type": "scatter", "x": [2001, 2010, 2023],
                                         "y": [10.7, 59.3, 240.1]}]}),
])
waitress.serve(app.server, host="127.0.0.1", port=int(sys.argv[1]), threads=8)
"""

#: Ready when every chart card shows its data (a drawn plotly trace, tiles or a table).
DASHBOARD_READY = """() => {
  const cards = [...document.querySelectorAll('section[data-chart]')];
  if (!cards.length) return null;
  const drawn = cards.every(c => c.querySelector('.tiles, .data-table, .empty') ||
      c.querySelector('.js-plotly-plot .trace .point'));
  return drawn ? performance.now() : null;
}"""
MINIMAL_READY = """() => document.querySelector('.js-plotly-plot .trace .js-line')
  ? performance.now() : null"""
BYTES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  return (nav ? nav.transferSize : 0) + res.reduce((a, r) => a + r.transferSize, 0);
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, deadline_s: float = 60.0) -> None:
    end = time.monotonic() + deadline_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


@contextmanager
def serve(args: list[str], probe: str) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, *args, *([] if "-c" in args else ["--port"]), str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_http(base + probe)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def fixture_tables(tmp: Path) -> Path:
    """`$DASHBOARD_BENCH_TABLES`, the committed tables, or the test fixture published in `tmp`."""
    chosen = os.environ.get("DASHBOARD_BENCH_TABLES")
    if chosen:
        return Path(chosen)
    committed = REPO / "data" / "tables"
    if (committed / "manifest.json").is_file():
        return committed
    spec = importlib.util.spec_from_file_location(
        "dashboard_fixture", REPO / "tests" / "dashboard" / "conftest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Path(module.build_tables(tmp / "tables"))


def _launch(playwright: Any, profile: str) -> Any:
    return playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )


def page_ready(playwright: Any, url: str, ready_js: str) -> tuple[float, int]:
    """(ms from navigation start until ready, bytes transferred) in a fresh profile."""
    with tempfile.TemporaryDirectory() as profile:
        context = _launch(playwright, profile)
        try:
            page = context.new_page()
            page.goto(url, wait_until="commit")
            deadline = time.monotonic() + 60
            ready = None
            while ready is None:
                ready = page.evaluate(ready_js)
                if ready is None:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{url} never became ready")
                    time.sleep(0.01)
            page.wait_for_load_state("networkidle")
            return float(ready), int(page.evaluate(BYTES))
        finally:
            context.close()


def capture_callback(playwright: Any, base: str) -> tuple[str, bytes, dict[str, str]] | None:
    """The request a real chart toggle sends (to replay it for latency)."""
    with tempfile.TemporaryDirectory() as profile:
        context = _launch(playwright, profile)
        try:
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector("section[data-chart='energy-corridors'] .js-plotly-plot")
            captured: list[Any] = []

            def on_request(request: Any) -> None:
                if "_dash-update-component" in request.url and request.post_data:
                    body = json.loads(request.post_data)
                    outputs = json.dumps(body.get("output", ""))
                    if "card-body" in outputs:
                        captured.append(request)

            page.on("request", on_request)
            card = page.locator("section[data-chart='energy-corridors']")
            card.locator("label", has_text="PJ/yr").click()
            deadline = time.monotonic() + 20
            while not captured and time.monotonic() < deadline:
                page.wait_for_timeout(50)
            if not captured:
                return None
            request = captured[0]
            headers = {
                k: v
                for k, v in request.headers.items()
                if k.lower() in ("content-type", "accept", "x-csrftoken")
            }
            return request.url, request.post_data.encode(), headers
        finally:
            context.close()


def callback_latency(url: str, body: bytes, headers: dict[str, str]) -> list[float]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    times = []
    try:
        for _ in range(CALLBACK_REPEATS):
            start = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"callback replay got {response.status}")
            times.append((time.perf_counter() - start) * 1000)
    finally:
        conn.close()
    return times


def load(url: str, seconds: float, connections: int) -> dict[str, float]:
    """Keep-alive GETs from `connections` threads for `seconds`; loopback only."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname in ("127.0.0.1", "localhost"), "load runs on loopback only"
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", parts.path, headers={"Accept-Encoding": "gzip"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            mine.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": float(len(latencies)),
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "errors": float(errors[0]),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] if ordered else 0.0


def run() -> dict[str, float | str]:
    from playwright.sync_api import sync_playwright

    results: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tables = fixture_tables(Path(tmp))
        results["tables"] = str(tables)
        with (
            serve(["-m", "dashboard", "--tables", str(tables)], "/download/index.json") as ours,
            serve(["-c", MINIMAL_APP], "/") as minimal,
            sync_playwright() as playwright,
        ):
            # one warm-up load each (server-side first-render caches), not counted
            page_ready(playwright, ours + "/", DASHBOARD_READY)
            page_ready(playwright, minimal + "/", MINIMAL_READY)
            ours_ms: list[float] = []
            min_ms: list[float] = []
            ours_bytes: list[int] = []
            min_bytes: list[int] = []
            for i in range(LOADS):
                order = [
                    (ours, DASHBOARD_READY, ours_ms, ours_bytes),
                    (minimal, MINIMAL_READY, min_ms, min_bytes),
                ]
                for base, ready_js, times, sizes in order if i % 2 == 0 else order[::-1]:
                    ms, size = page_ready(playwright, base + "/", ready_js)
                    times.append(ms)
                    sizes.append(size)
            print(f"page-ready ms, dashboard: {ours_ms}", file=sys.stderr)
            print(f"page-ready ms, minimal app: {min_ms}", file=sys.stderr)
            results["page_ready_ms_median"] = round(statistics.median(ours_ms), 1)
            results["minimal_app_ready_ms_median"] = round(statistics.median(min_ms), 1)
            results["page_ready_ratio"] = round(
                statistics.median(ours_ms) / statistics.median(min_ms), 3
            )
            results["page_bytes"] = float(statistics.median(ours_bytes))
            results["minimal_app_bytes"] = float(statistics.median(min_bytes))

            captured = capture_callback(playwright, ours)
            if captured is not None:
                times = callback_latency(*captured)
                results["callback_p50_ms"] = round(percentile(times, 0.50), 2)
                results["callback_p95_ms"] = round(percentile(times, 0.95), 2)
            else:
                results["callback_p50_ms"] = "not captured"

            stats = load(ours + "/download/trade-turnover.csv", LOAD_SECONDS, CONNECTIONS)
            results["download_rps"] = round(stats["rps"], 1)
            results["download_p95_ms"] = round(stats["p95_ms"], 2)
            results["download_errors"] = stats["errors"]
            results["download_requests"] = stats["requests"]
    return results


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    for key, value in run().items():
        print(f"{key}: {value}")
