"""Bounded loopback load on the real server (issue 5, item 14), printed as figures.

Against `python -m dashboard` on 127.0.0.1, serving a copy of the committed tables:
  1. each target — the page, `index.json`, every chart download in every format, a chart
     callback — under `CONNECTIONS` keep-alive connections for `SECONDS_PER_TARGET` seconds:
     requests/s, p50/p95 latency, errors (the bar is 0);
  2. a soak of `SOAK_REQUESTS` mixed requests: the server's resident memory before and after;
  3. a refresh published while load runs: errors during it, and whether the next request
     serves the new run id.
The load generator is Python threads with keep-alive connections (no external tool), so
figures measure the server and this client together; everything stays on loopback and
stops by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.bench_dashboard import REPO, capture_callback, serve

SECONDS_PER_TARGET = 3.0  # issue 5 bounds each run to at most 15 s
CONNECTIONS = 16  # issue 5: 16–32 connections
SOAK_REQUESTS = 50_000
SHARED_CORPUS = REPO.parent / "shared" / "corpus"

#: An article written for this benchmark (never article text from the corpus).
EXTRA_ARTICLE = """---
id: bench-extra-article
title: "Benchmark article"
publisher: "Benchmark"
published: 2031-01-15
---
Trade between China and Russia reached $301.5 billion in 2030, customs data showed.
"""


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, other: Tally) -> None:
        self.latencies_ms.extend(other.latencies_ms)
        self.errors += other.errors


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] if ordered else 0.0


def hammer(
    base: str,
    calls: Sequence[Call],
    connections: int,
    *,
    seconds: float | None = None,
    total: int | None = None,
    stop: threading.Event | None = None,
) -> tuple[Tally, float]:
    """Cycle through `calls` on keep-alive connections until time, count or `stop` ends it."""
    parts = urllib.parse.urlsplit(base)
    host, port = parts.hostname or "", parts.port
    assert host in ("127.0.0.1", "localhost"), "load runs on loopback only"
    deadline = time.monotonic() + (seconds if seconds is not None else 3600)
    budget = [total if total is not None else 1 << 62]
    lock = threading.Lock()
    tally = Tally()

    def take() -> bool:
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine = Tally()
        i = offset
        while time.monotonic() < deadline and not (stop and stop.is_set()) and take():
            call = calls[i % len(calls)]
            i += 1
            start = time.perf_counter()
            try:
                conn.request(call.method, call.path, body=call.body, headers=call.headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    mine.errors += 1
            except (OSError, http.client.HTTPException):
                mine.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            mine.latencies_ms.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            tally.add(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def figures(name: str, tally: Tally, elapsed: float) -> dict[str, float]:
    count = len(tally.latencies_ms)
    return {
        f"{name}_rps": round(count / elapsed, 1) if elapsed else 0.0,
        f"{name}_p50_ms": round(percentile(tally.latencies_ms, 0.50), 1),
        f"{name}_p95_ms": round(percentile(tally.latencies_ms, 0.95), 1),
        f"{name}_errors": float(tally.errors),
    }


def server_pid(marker: str) -> int | None:
    """The dashboard process serving `marker` (its tables path), from /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "dashboard" in cmdline and marker in cmdline:
            return int(entry.name)
    return None


def rss_mib(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return dict(json.loads(response.read()))


def download_calls(index: dict[str, object]) -> list[tuple[str, Call]]:
    """One call per chart and format, from `/download/index.json`."""
    calls = []
    charts = index.get("charts", [])
    assert isinstance(charts, list)
    for chart in charts:
        for fmt in ("csv", "json", "xlsx"):
            path = urllib.parse.urlsplit(str(chart[fmt])).path
            calls.append((f"{chart['id']}.{fmt}", Call("GET", path)))
    return calls


def refresh(corpus: Path, tables: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", "refresh", "--corpus", str(corpus), "--out", str(tables)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def run() -> dict[str, float | str]:
    result: dict[str, float | str] = {
        "client": f"python threads, {CONNECTIONS} keep-alive connections, loopback",
        "seconds_per_target": SECONDS_PER_TARGET,
    }
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tables = tmp / "data" / "tables"
        shutil.copytree(REPO / "data" / "tables", tables)
        with serve(["-m", "dashboard", "--tables", str(tables)], "/download/index.json") as base:
            pid = server_pid(str(tables))
            index = get_json(base + "/download/index.json")
            targets: list[tuple[str, Call]] = [
                ("page", Call("GET", "/")),
                ("index", Call("GET", "/download/index.json")),
                *download_calls(index),
            ]
            callback = None
            try:
                from playwright.sync_api import sync_playwright

                with sync_playwright() as playwright:
                    callback = capture_callback(playwright, base)
            except Exception as exc:  # a benchmark reports what it could not measure
                result["callback_note"] = f"callback not captured: {exc.__class__.__name__}"
            if callback is not None:
                url, body, headers = callback
                path = urllib.parse.urlsplit(url).path
                targets.append(("callback", Call("POST", path, body, headers)))
            worst_p95, errors = 0.0, 0.0
            for name, call in targets:
                tally, elapsed = hammer(base, [call], CONNECTIONS, seconds=SECONDS_PER_TARGET)
                stats = figures(name, tally, elapsed)
                if name in ("page", "index", "callback") or name.endswith(".csv"):
                    result.update(stats)
                worst_p95 = max(worst_p95, stats[f"{name}_p95_ms"])
                errors += stats[f"{name}_errors"]
            result["targets"] = float(len(targets))
            result["all_targets_errors"] = errors
            result["all_targets_worst_p95_ms"] = worst_p95

            # soak
            before = rss_mib(pid)
            tally, elapsed = hammer(
                base, [call for _, call in targets], CONNECTIONS, total=SOAK_REQUESTS
            )
            after = rss_mib(pid)
            result.update(figures("soak", tally, elapsed))
            result["soak_requests"] = float(len(tally.latencies_ms))
            result["soak_rss_before_mib"] = round(before, 1)
            result["soak_rss_after_mib"] = round(after, 1)
            result["soak_rss_growth_mib"] = round(after - before, 1)

            # a refresh published while load runs
            corpus = tmp / "corpus"
            if SHARED_CORPUS.is_dir():
                shutil.copytree(SHARED_CORPUS, corpus)
            else:
                corpus.mkdir()
            (corpus / "bench-extra-article.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
            old_run = index["run_id"]
            stop = threading.Event()
            outcome: dict[str, tuple[Tally, float]] = {}
            loader = threading.Thread(
                target=lambda: outcome.setdefault(
                    "load",
                    hammer(base, [targets[0][1], targets[1][1]], CONNECTIONS, stop=stop),
                )
            )
            loader.start()
            try:
                proc = refresh(corpus, tables)
            finally:
                time.sleep(0.5)
                stop.set()
                loader.join()
            tally, elapsed = outcome["load"]
            new_run = get_json(base + "/download/index.json")["run_id"]
            result["refresh_exit_code"] = float(proc.returncode)
            result["refresh_under_load_requests"] = float(len(tally.latencies_ms))
            result["refresh_under_load_errors"] = float(tally.errors)
            result["refresh_new_run_served"] = "yes" if new_run != old_run else "no"
    return result


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    for key, value in run().items():
        print(f"{key:34} {value}")
