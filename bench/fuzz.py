"""`make fuzz`: coverage-guided fuzzing of load → extract for a bounded time (issue 5, 11).

    python -m bench.fuzz --seconds 60

Each input is bytes → `etl.facts.load.parse_document` → `etl.facts.extract.extract_document`. The
first byte picks the file type (.txt, .md, .html), the rest is the file. A crash is any
exception other than `LoadError`, or a fact that breaks the contract's invariants
(offsets inside the text with end > start, a finite value, a record that serialises to
strict JSON). Crash, timeout and out-of-memory inputs are kept in
tests/etl/facts/fuzz_regressions/ (libFuzzer's `crash-<sha1>` names), where
tests/etl/facts/test_fuzz_regressions.py replays every one of them on each test run.

Engine: atheris (libFuzzer for Python; `pip install -e '.[fuzz]'`), run in a child process
(libFuzzer ends its process when time is up) with only the `etl` package instrumented.
Without atheris the same interface runs a hypothesis-driven random search instead —
clearly labelled, and not coverage-guided.

Seeds are our own synthetic documents, never ../shared articles: a crash input grown from
an article would carry its text into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGRESSIONS = REPO / "tests" / "etl" / "facts" / "fuzz_regressions"
SUFFIXES = (".txt", ".md", ".html")
ARTIFACT_PREFIXES = ("crash-", "timeout-", "oom-", "leak-")
MAX_LEN = 64 * 1024
PER_INPUT_TIMEOUT_S = 20

SEEDS: tuple[bytes, ...] = (
    b"\x00Trade between the two neighbours rose 7.5 percent to $12.5 billion in 2021, "
    b"customs said.\nNearly 10 bcm a year flowed through the pipeline.\n",
    b"\x01---\nid: seed-md\npublished: 2022-02\npublished_precision: month\n---\n"
    b"Exports to the neighbour reached US$ 4,200 million in January\xe2\x80\x93September 2023, "
    b"up 3.5 per cent; the border is about 4,200 km long.\n",
    b"\x02<html><head><title>Seed</title><script>var x = '$9 billion';</script></head>"
    b"<body><article><p>Turnover was $1.5 trillion last year, more than half of the "
    b"target.</p><noscript>enable scripts</noscript><p hidden>$3 billion</p></article>"
    b"</body></html>",
    b"\x00\xff\xfeT\x00r\x00a\x00d\x00e\x00 \x001\x000\x00%\x00",
    b"\x01---\ntitle: [unclosed\n---\nBody with 36 bcm/year.\n",
    b"\x00It doubled since 2001; a third of exports; the second-largest supplier; "
    b"fourteenfold; one-tenth of the economy; $1.50 per barrel; 30 million tons a year.\n",
)


def split_input(data: bytes) -> tuple[str, bytes]:
    """A fuzz input as (file name, file bytes): the first byte picks the type."""
    if not data:
        return "fuzz.txt", b""
    return f"fuzz{SUFFIXES[data[0] % len(SUFFIXES)]}", data[1:]


def one_input(data: bytes) -> int:
    """Load and extract one input; raise on anything but a clean result or a LoadError."""
    from etl.facts.extract import extract_document
    from etl.facts.load import LoadError, parse_document

    name, raw = split_input(data)
    try:
        doc = parse_document(raw, name)
    except LoadError:
        return 0
    facts = extract_document(doc)
    for fact in facts:
        if not 0 <= fact.start < fact.end <= len(doc.text):
            raise AssertionError(f"offsets {fact.start}:{fact.end} outside 0:{len(doc.text)}")
        if not math.isfinite(fact.value):
            raise AssertionError(f"value {fact.value!r} is not finite")
        json.dumps(fact.to_record(), allow_nan=False)
    return len(facts)


def _artifacts(folder: Path) -> set[Path]:
    if not folder.is_dir():
        return set()
    return {p for p in folder.iterdir() if p.name.startswith(ARTIFACT_PREFIXES)}


# --- atheris ----------------------------------------------------------------------------


def atheris_available() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def atheris_child(libfuzzer_args: list[str]) -> None:
    """In the child: instrument etl, then hand over to libFuzzer (which exits the process)."""
    import atheris

    with atheris.instrument_imports(include=["etl"]):
        import etl.facts.extract
        import etl.facts.load  # noqa: F401

    def test_one_input(data: bytes) -> None:
        one_input(data)

    atheris.Setup([sys.argv[0], *libfuzzer_args], test_one_input)
    atheris.Fuzz()


def run_atheris(seconds: int, out: Path) -> int:
    print(f"engine: atheris (libFuzzer, coverage-guided on etl), {seconds} s")
    out.mkdir(parents=True, exist_ok=True)
    before = _artifacts(out)
    with tempfile.TemporaryDirectory(prefix="fuzz-corpus-") as tmp:
        work = Path(tmp)
        for seed in SEEDS:
            (work / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
        args = [
            f"-max_total_time={seconds}",
            f"-timeout={PER_INPUT_TIMEOUT_S}",
            f"-max_len={MAX_LEN}",
            "-rss_limit_mb=4096",
            f"-artifact_prefix={out}/",
            "-print_final_stats=1",
            str(work),
        ]
        command = [sys.executable, "-m", "bench.fuzz", "--atheris-child", "--", *args]
        started = time.monotonic()
        try:
            proc = subprocess.run(command, cwd=REPO, timeout=seconds + 300, check=False)
            status = proc.returncode
        except subprocess.TimeoutExpired:
            status = -1
            print("fuzzer did not stop in time: killed")
        elapsed = time.monotonic() - started
    return _report(out, before, elapsed, status)


# --- hypothesis fallback ------------------------------------------------------------------


def run_hypothesis(seconds: int, out: Path, why: str) -> int:
    print(f"engine: HYPOTHESIS FALLBACK ({why}): a random search, not coverage-guided, {seconds} s")
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    out.mkdir(parents=True, exist_ok=True)
    before = _artifacts(out)
    failing: list[bytes] = []
    words = st.sampled_from(
        [b"$", b"billion", b"percent", b"bcm", b"trade", b"China", b"Russia", b"2021",
         b"---\n", b"<p>", b"<script>", b"\xff\xfe", b"\xe2\x80\x93", b" ", b"\n", b","]
    )  # fmt: skip
    inputs = st.binary(max_size=2048) | st.lists(words | st.binary(max_size=8)).map(b"".join)

    @settings(
        max_examples=500,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(prefix=st.integers(0, 2), body=inputs)
    def search(prefix: int, body: bytes) -> None:
        data = bytes([prefix]) + body
        try:
            one_input(data)
        except Exception:
            failing.append(data)
            raise

    started = time.monotonic()
    status = 0
    rounds = 0
    while time.monotonic() - started < seconds:
        rounds += 1
        try:
            search()  # a fresh random batch each round
        except Exception as exc:  # hypothesis re-raises the (shrunk) failure
            status = 1
            print(f"crash: {exc.__class__.__name__}: {exc}")
            break
    print(f"{rounds} round(s) of up to 500 examples")
    if failing:
        data = failing[-1]  # the last failing call is the shrunk example
        (out / f"crash-{hashlib.sha1(data).hexdigest()}").write_bytes(data)
    return _report(out, before, time.monotonic() - started, status)


def _report(out: Path, before: set[Path], elapsed: float, status: int) -> int:
    new = sorted(_artifacts(out) - before)
    try:
        shown = out.relative_to(REPO)
    except ValueError:
        shown = out
    print(f"fuzzed {elapsed:.0f} s; {len(new)} new failing input(s) kept in {shown}/")
    for path in new:
        print(f"  {path.name}: replay with tests/etl/facts/test_fuzz_regressions.py")
    if new:
        return 1
    if status not in (0, None):
        print(f"the fuzzer exited with status {status} without leaving an input")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--atheris-child"]:
        atheris_child([a for a in argv[1:] if a != "--"])
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__)
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz")
    parser.add_argument("--out", type=Path, default=REGRESSIONS, help="where inputs are kept")
    parser.add_argument(
        "--engine", choices=["auto", "atheris", "hypothesis"], default="auto", help="engine"
    )
    args = parser.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if atheris_available() else "hypothesis"
    if engine == "atheris":
        if not atheris_available():
            parser.error("atheris is not installed: pip install -e '.[fuzz]'")
        return run_atheris(args.seconds, args.out.resolve())
    why = "asked for" if args.engine == "hypothesis" else "atheris is not installed"
    return run_hypothesis(args.seconds, args.out.resolve(), why)


if __name__ == "__main__":
    sys.exit(main())
