"""`make bench`: run every bench/bench_*.py, print the figures, keep them in a file.

    python -m bench                   # all benchmarks
    python -m bench --only extract    # one (repeatable; "bench_extract" also works)
    python -m bench --list

Each module exposes `run() -> dict[str, float | str]`. Each runs in its own child process,
so a crash, a hang (--timeout) or a memory figure of one never touches another; a failing
benchmark is reported and the rest still run. The figures are printed as a table and
written to bench/results/latest.json (git-ignored). Exit status 1 when any benchmark
failed. Benchmarks print their own progress; these are figures, never pass/fail tests.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "latest.json"
PREFIX = "bench_"


def discover(bench_dir: Path = BENCH_DIR) -> list[str]:
    """Benchmark names (module stem without the `bench_` prefix), sorted."""
    return sorted(p.stem[len(PREFIX) :] for p in bench_dir.glob(f"{PREFIX}*.py"))


def _normalise(name: str) -> str:
    name = name.removesuffix(".py")
    return name[len(PREFIX) :] if name.startswith(PREFIX) else name


def run_child(name: str, result_file: str) -> int:
    """In the child: import bench.bench_NAME, call run(), write its figures as JSON."""
    import importlib

    module = importlib.import_module(f"bench.{PREFIX}{name}")
    figures = module.run()
    if not isinstance(figures, dict):
        raise TypeError(f"bench.{PREFIX}{name}.run() returned {type(figures).__name__}")
    clean: dict[str, float | str] = {}
    for key, value in figures.items():
        plain = isinstance(value, int | float | str) and not isinstance(value, bool)
        if not plain or (isinstance(value, float) and not math.isfinite(value)):
            value = str(value)  # JSON keeps numbers and text; anything else as text
        clean[str(key)] = value
    Path(result_file).write_text(json.dumps(clean), encoding="utf-8")
    return 0


def run_one(name: str, timeout: float) -> dict[str, Any]:
    """One benchmark in a child process; its output streams to the terminal."""
    print(f"\n=== bench {name} ===", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        result_file = Path(tmp) / "figures.json"
        command = [
            sys.executable,
            "-m",
            "bench",
            "--child",
            name,
            "--result-file",
            str(result_file),
        ]
        started = time.perf_counter()
        try:
            proc = subprocess.run(command, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return {"ok": False, "error": f"timed out after {timeout:.0f} s", "seconds": timeout}
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            reason = f"exit status {proc.returncode}"
            if proc.returncode < 0:
                reason = f"killed by signal {-proc.returncode}"
            return {"ok": False, "error": f"{reason} (see its output above)", "seconds": seconds}
        try:
            figures = json.loads(result_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return {"ok": False, "error": f"no figures ({exc})", "seconds": seconds}
    return {"ok": True, "figures": figures, "seconds": seconds}


def run_timed(name: str, timeout: float) -> dict[str, Any]:
    result = run_one(name, timeout)
    result["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return result


def _format(value: float | str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if value == 0 or 0.01 <= abs(value) < 1e6:
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return f"{value:.4g}"


def table(results: dict[str, dict[str, Any]]) -> str:
    rows: list[tuple[str, str, str]] = []
    for name, result in results.items():
        if result["ok"]:
            figures = result["figures"] or {"(no figures)": ""}
            for key, value in figures.items():
                rows.append((name, key, _format(value)))
        else:
            rows.append((name, "FAILED", result["error"]))
        rows.append((name, "wall_seconds", _format(round(result["seconds"], 2))))
    header = ("benchmark", "figure", "value")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    previous = ""
    for name, key, value in rows:
        shown = name if name != previous else ""
        previous = name
        lines.append(f"{shown.ljust(widths[0])}  {key.ljust(widths[1])}  {value.rjust(widths[2])}")
    return "\n".join(lines)


def write_results(results: dict[str, dict[str, Any]], path: Path = RESULTS) -> None:
    """Write the figures; benchmarks not run this time (--only) keep their last figures,
    each result carrying its own `finished` time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    merged: dict[str, Any] = {}
    try:
        previous = json.loads(path.read_text(encoding="utf-8")).get("results", {})
        if isinstance(previous, dict):
            merged.update(previous)
    except (OSError, ValueError, AttributeError):
        pass
    merged.update(results)
    document = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "results": merged,
    }
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="run only NAME")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds allowed per benchmark"
    )
    parser.add_argument("--child", metavar="NAME", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        return run_child(args.child, args.result_file)
    names = discover()
    if args.list:
        print("\n".join(names))
        return 0
    if args.only:
        wanted = [_normalise(n) for n in args.only]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            parser.error(f"unknown benchmark(s) {', '.join(unknown)}; have {', '.join(names)}")
        names = [n for n in names if n in wanted]

    results = {name: run_timed(name, args.timeout) for name in names}
    print("\n" + table(results))
    write_results(results)
    print(f"\nfigures written to {RESULTS.relative_to(BENCH_DIR.parent)}")
    failed = [name for name, result in results.items() if not result["ok"]]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
