"""The pure parts of the load benchmark (the load itself is a benchmark, not a test)."""

from __future__ import annotations

import pytest

from bench.bench_load import Call, Tally, download_calls, figures, hammer, percentile


def test_download_calls_cover_every_chart_and_format_by_path_only() -> None:
    index = {
        "run_id": "r1",
        "charts": [
            {"id": "a", "csv": "http://x/download/a.csv", "json": "/download/a.json",
             "xlsx": "/download/a.xlsx"},
            {"id": "b", "csv": "/download/b.csv", "json": "/download/b.json",
             "xlsx": "/download/b.xlsx"},
        ],
    }  # fmt: skip
    calls = download_calls(index)
    assert [name for name, _ in calls] == ["a.csv", "a.json", "a.xlsx", "b.csv", "b.json", "b.xlsx"]
    assert calls[0][1] == Call("GET", "/download/a.csv")  # the host is never taken from it


def test_percentiles_and_figures() -> None:
    assert percentile([], 0.95) == 0.0
    assert percentile([float(v) for v in range(1, 101)], 0.95) == 95.0
    stats = figures("page", Tally([10.0, 20.0, 30.0, 40.0], errors=1), elapsed=2.0)
    assert stats == {"page_rps": 2.0, "page_p50_ms": 20.0, "page_p95_ms": 30.0, "page_errors": 1.0}


def test_load_refuses_anything_but_loopback() -> None:
    with pytest.raises(AssertionError, match="loopback"):
        hammer("http://192.0.2.1:80", [Call("GET", "/")], 1, total=1)
