"""`python -m bench`: discovery, failure isolation, the table and the results file.

The benchmarks themselves are figures, not tests; this checks only the runner around them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # bench/ is a folder of the repo, not an installed package
    sys.path.insert(0, str(REPO))

from bench.__main__ import discover, run_one, table, write_results  # noqa: E402


def test_discover_lists_bench_modules_by_short_name(tmp_path: Path) -> None:
    for name in ["bench_b.py", "bench_a.py", "helper.py", "__main__.py", "bench_c.txt"]:
        (tmp_path / name).write_text("", encoding="utf-8")
    assert discover(tmp_path) == ["a", "b"]
    assert "extract" in discover()


def test_a_failing_benchmark_is_reported_not_raised() -> None:
    result = run_one("no_such_benchmark_module", timeout=120)
    assert result["ok"] is False
    assert result["error"].startswith("exit status 1")


def test_table_shows_figures_and_failures() -> None:
    text = table(
        {
            "extract": {"ok": True, "figures": {"mb_per_s": 0.25, "cores": "one"}, "seconds": 3},
            "broken": {"ok": False, "error": "exit status 1", "seconds": 0.5},
        }
    )
    lines = text.splitlines()
    assert lines[0].split() == ["benchmark", "figure", "value"]
    assert any("mb_per_s" in line and line.rstrip().endswith("0.25") for line in lines)
    assert any("broken" in line and "FAILED" in line and "exit status 1" in line for line in lines)


def test_results_file_keeps_figures_of_benchmarks_not_run(tmp_path: Path) -> None:
    path = tmp_path / "results" / "latest.json"
    write_results({"a": {"ok": True, "figures": {"x": 1.0}, "seconds": 1}}, path)
    write_results({"b": {"ok": False, "error": "boom", "seconds": 2}}, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document["results"]) == {"a", "b"}
    assert document["results"]["a"]["figures"] == {"x": 1.0}
    assert {"finished", "python", "platform", "cpus"} <= set(document)
