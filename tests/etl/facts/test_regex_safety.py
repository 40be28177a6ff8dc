"""Every regular expression of the ETL against adversarial input (issue 5, item 11).

Patterns are collected generically: every module of the `etl` package is imported and
its module-level compiled `re.Pattern` objects are gathered (also inside dicts, lists,
tuples, sets and dataclass instances), plus whatever a module's `all_patterns()` returns
(etl/facts/cues.py compiles the cue patterns of data/cues.yaml that way).

How a pattern is used decides how it is timed. A global whose every use in the package
is `NAME.match(...)`/`NAME.fullmatch(...)` (read from the source with `ast`) is tried at one
position, so it is timed that way; everything else (including patterns iterated from a
list, and the cue patterns) is timed as a search over the whole input, where a quadratic
pattern shows. A module may declare `REGEX_INPUT_LIMITS = {"NAME": 40}` for a pattern the
code only ever applies to a slice of at most that many characters (the caller checks the
length); that pattern is then timed on inputs cut to that length. A declared limit is a
promise about the calling code: keep it next to the check it describes.

Timing is measured in a SUBPROCESS: Python cannot interrupt a regex stuck in catastrophic
backtracking, so the parent only reads results and kills a child that stops reporting.
The bars are the issue's: under 50 ms per pattern on each crafted input (long runs of
digits, spaces, commas, dots, dashes, repeated cue words, nested parentheses; each about
10 000 characters — long enough that a quadratic pattern blows the bar, short enough that
a linear one is far below it), and `extract_document` under 2 s on a 1 MB single line.
Each timing is the best of a few runs, to keep scheduler noise out of the verdict.
"""

from __future__ import annotations

import ast
import base64
import dataclasses
import importlib
import json
import pkgutil
import queue
import re
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import etl

REPO = Path(__file__).resolve().parents[3]
PATTERN_BAR_S = 0.050
LINE_BAR_S = 2.0
#: A child that reports nothing for this long is stuck (catastrophic backtracking).
PATTERN_TIMEOUT_S = 5.0
LINE_TIMEOUT_S = 30.0
SKIP_MODULES = frozenset({"etl.__main__"})  # importing it runs the command line


# --- collection -------------------------------------------------------------------------


def etl_modules() -> list[ModuleType]:
    names = sorted(
        info.name
        for info in pkgutil.walk_packages(etl.__path__, prefix="etl.")
        if info.name not in SKIP_MODULES
    )
    return [etl, *(importlib.import_module(name) for name in names)]


def walk_patterns(value: Any, depth: int = 0, seen: set[int] | None = None) -> Iterator[Any]:
    """Compiled patterns inside a value: containers and dataclass instances, not code."""
    seen = set() if seen is None else seen
    if depth > 8 or id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_patterns(key, depth + 1, seen)
            yield from walk_patterns(item, depth + 1, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from walk_patterns(item, depth + 1, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from walk_patterns(getattr(value, field.name, None), depth + 1, seen)


ANCHORED_METHODS = frozenset({"match", "fullmatch"})


def anchored_names(modules: list[ModuleType]) -> frozenset[str]:
    """Global names whose every use in the package is `NAME.match(...)` or
    `NAME.fullmatch(...)` (read from the source). Such a pattern is only ever tried at one
    position, so it is timed that way; every other pattern is timed as a search over the
    whole input (finditer), the mode in which a quadratic pattern shows."""
    uses: dict[str, set[str]] = {}
    for module in modules:
        source = getattr(module, "__file__", None)
        if not source or not source.endswith(".py"):
            continue
        tree = ast.parse(Path(source).read_text(encoding="utf-8"))
        parents: dict[int, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                name = node.id
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                name = node.attr  # module.NAME
            else:
                continue
            parent = parents.get(id(node))
            grand = parents.get(id(parent)) if parent is not None else None
            if (
                isinstance(parent, ast.Attribute)
                and parent.value is node
                and isinstance(grand, ast.Call)
                and grand.func is parent
            ):
                uses.setdefault(name, set()).add(parent.attr)
            else:
                uses.setdefault(name, set()).add("<other>")  # passed on, iterated, aliased
    return frozenset(name for name, how in uses.items() if how <= ANCHORED_METHODS)


@dataclasses.dataclass(frozen=True)
class PatternSpec:
    # where it was found: "etl.facts.quantities.MONEY" or "etl.facts.cues.all_patterns()[3]"
    origin: str
    source: str  # str pattern, or base64 of a bytes pattern
    is_bytes: bool
    flags: int
    anchored: bool = False  # only ever used with .match/.fullmatch
    max_input: int | None = None  # declared in the module's REGEX_INPUT_LIMITS

    @classmethod
    def of(
        cls,
        origin: str,
        pattern: re.Pattern[Any],
        anchored: bool = False,
        max_input: int | None = None,
    ) -> PatternSpec:
        source = pattern.pattern
        if isinstance(source, bytes):
            source = base64.b64encode(source).decode()
            return cls(origin, source, True, pattern.flags, anchored, max_input)
        return cls(origin, source, False, pattern.flags, anchored, max_input)


@cache
def collect_patterns() -> tuple[PatternSpec, ...]:
    found: dict[tuple[str, bool, int], PatternSpec] = {}
    modules = etl_modules()
    match_only = anchored_names(modules)
    for module in modules:
        limits: dict[str, int] = dict(getattr(module, "REGEX_INPUT_LIMITS", {}))
        for name, value in sorted(vars(module).items()):
            if isinstance(value, ModuleType | type):
                continue
            anchored = name in match_only
            limit = limits.get(name)
            for index, pattern in enumerate(walk_patterns(value)):
                origin = f"{module.__name__}.{name}"
                if not isinstance(value, re.Pattern):
                    origin += f"[{index}]"
                spec = PatternSpec.of(origin, pattern, anchored=anchored, max_input=limit)
                found.setdefault((spec.source, spec.is_bytes, spec.flags), spec)
        provider = getattr(module, "all_patterns", None)
        if callable(provider):
            for index, pattern in enumerate(provider()):
                assert isinstance(pattern, re.Pattern), f"{module.__name__}.all_patterns()"
                spec = PatternSpec.of(f"{module.__name__}.all_patterns()[{index}]", pattern)
                found.setdefault((spec.source, spec.is_bytes, spec.flags), spec)
    return tuple(found.values())


# --- the child process ------------------------------------------------------------------

PROBE = textwrap.dedent(
    r"""
    import base64, json, re, sys, time

    N = 10_000
    GENERIC = [
        "1" * N, "1" * N + "x", "9" * N + "%", "0" * N + " billion",
        " " * N + "x", "\t \n" * (N // 3), "\u00a0" * N + "1",
        "," * N, "." * N, "-" * N, "–" * N, "/" * N, "$" * N, "%" * N,
        "1," * (N // 2), "1." * (N // 2), "1 " * (N // 2), "1, " * (N // 3),
        "1,000," * (N // 6), "190,27 " * (N // 7), "1.5." * (N // 4), "$1" * (N // 2),
        "$ " * (N // 2) + "1", "12 " * (N // 3) + "bn", "1-" * (N // 2), "2021–" * (N // 5),
        "(" * (N // 2) + ")" * (N // 2), "(1" * (N // 2), "((1))" * (N // 5),
        "(" * (N // 2) + "1" + ")" * (N // 2 - 1) + "x",
        "a" * N, "A1 " * (N // 3), "x-" * (N // 2), "\n" * N,
        "billion " * (N // 8), "percent " * (N // 8), "per cent " * (N // 9),
        "trade " * (N // 6), "China Russia " * (N // 13), "between 2016 and " * (N // 17),
        "January–" * (N // 8), "the first half of " * (N // 18), "year " * (N // 5),
        "nearly about some more than " * (N // 28), "1 billion 2 percent " * (N // 20),
    ]
    WORD = re.compile(r"[A-Za-z]{2,}")
    ESCAPE = re.compile(r"\\[A-Za-z]|\(\?P?<[^>]*>|\{[^}]*\}")


    def crafted(source):
        words = []
        for word in WORD.findall(ESCAPE.sub(" ", source)):
            if word not in words:
                words.append(word)
        inputs = list(GENERIC)
        for word in words[:30]:
            for sep in (" ", ", ", ""):
                unit = word + sep
                inputs.append(unit * max(1, N // len(unit)))
        return inputs


    def scan(pattern, text, anchored):
        if not anchored:
            for _ in pattern.finditer(text):
                pass
        pattern.match(text)
        pattern.fullmatch(text)


    def timed(pattern, text, anchored, bar):
        best = float("inf")
        for _ in range(3):  # best of three, but only when the first run is near the bar
            start = time.perf_counter()
            scan(pattern, text, anchored)
            best = min(best, time.perf_counter() - start)
            if best < bar / 2 or best > 10 * bar:
                break
        return best


    bar = float(sys.argv[1])
    for line in sys.stdin:
        spec = json.loads(line)
        source = spec["source"]
        if spec["is_bytes"]:
            pattern = re.compile(base64.b64decode(source), spec["flags"])
            words_from = pattern.pattern.decode("latin-1")
        else:
            pattern = re.compile(source, spec["flags"])
            words_from = source
        worst, worst_input, count = 0.0, "", 0
        for text in crafted(words_from):
            if spec["max_input"] is not None:
                text = text[: spec["max_input"]]
            data = text.encode() if spec["is_bytes"] else text
            took = timed(pattern, data, spec["anchored"], bar)
            count += 1
            if took > worst:
                worst, worst_input = took, text[:24]
            if worst > bar:
                break  # one input over the bar is the verdict
        print(json.dumps({"origin": spec["origin"], "worst": worst, "input": worst_input,
                          "inputs": count}), flush=True)
    """
)


def _reader(stream: Any, lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def probe(
    specs: list[PatternSpec], timeout: float = PATTERN_TIMEOUT_S
) -> dict[str, dict[str, Any]]:
    """Worst time per pattern; a pattern that hangs the child is reported as hung and the
    remaining ones are probed in a fresh child."""
    results: dict[str, dict[str, Any]] = {}
    pending = list(specs)
    while pending:
        child = subprocess.Popen(
            [sys.executable, "-c", PROBE, str(PATTERN_BAR_S)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdin is not None and child.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_reader, args=(child.stdout, lines), daemon=True).start()
        child.stdin.write("".join(json.dumps(dataclasses.asdict(s)) + "\n" for s in pending))
        child.stdin.close()
        hung = False
        while pending:
            try:
                line = lines.get(timeout=timeout)
            except queue.Empty:
                hung = True
                break
            if line is None:
                break
            result = json.loads(line)
            results[result["origin"]] = result
            pending.pop(0)
        if hung:
            child.kill()
            child.wait()
            stuck = pending.pop(0)
            results[stuck.origin] = {"origin": stuck.origin, "hung": True}
            continue
        child.wait(timeout=timeout)
        if pending:  # the child died without a hang: report its stderr on the next pattern
            stuck = pending.pop(0)
            assert child.stderr is not None
            results[stuck.origin] = {"origin": stuck.origin, "error": child.stderr.read()}
    return results


@cache
def probe_all() -> dict[str, dict[str, Any]]:
    return probe(list(collect_patterns()))


# --- tests --------------------------------------------------------------------------------


def test_patterns_are_collected_from_every_module() -> None:
    origins = [spec.origin for spec in collect_patterns()]
    # the loader's own patterns are module-level: the walk must find them
    assert "etl.facts.load._FRONT_MATTER" in origins
    assert "etl.facts.load._ISO_DATE" in origins
    cues = sys.modules.get("etl.facts.cues")
    if cues is not None and callable(getattr(cues, "all_patterns", None)):
        assert any(o.startswith("etl.facts.cues.all_patterns()") for o in origins) or not list(
            cues.all_patterns()
        )


def test_walk_finds_patterns_nested_in_containers_and_dataclasses() -> None:
    @dataclasses.dataclass(frozen=True)
    class Rule:
        name: str
        pattern: re.Pattern[str]

    a, b, c, d = (re.compile(x) for x in ("a", "b", "c", "d"))
    nested = {"x": [(Rule("r", a),)], "y": {b}, "z": {"deep": [[c]]}, d: 1}
    assert {p.pattern for p in walk_patterns(nested)} == {"a", "b", "c", "d"}


def test_the_probe_catches_a_catastrophic_pattern() -> None:
    """The harness itself: a nested quantifier is flagged (hung or far over the bar)."""
    exponential = PatternSpec.of("exponential", re.compile(r"(\d+,?)+\s*billion"))
    quadratic = PatternSpec.of("quadratic", re.compile(r"\d+(?:,\d{3})*\s*billion"))
    linear = PatternSpec.of("linear", re.compile(r"(?<![\d,])\d+(?:,\d{3})*\s*billion"))
    anchored = PatternSpec.of("anchored", re.compile(r"\s*per\s+barrel"), anchored=True)
    searched = dataclasses.replace(anchored, origin="searched", anchored=False)
    bounded = dataclasses.replace(quadratic, origin="bounded", max_input=40)
    results = probe([exponential, quadratic, linear, anchored, searched, bounded], timeout=2.0)
    assert results["exponential"].get("hung")
    for slow in ("quadratic", "searched"):  # over the bar, or so slow it was stopped
        assert results[slow].get("hung") or results[slow]["worst"] > PATTERN_BAR_S
    for fast in ("linear", "anchored", "bounded"):
        assert results[fast]["worst"] < PATTERN_BAR_S, results[fast]
        assert results[fast]["inputs"] >= 40  # it ran the whole crafted set


def test_use_mode_is_read_from_the_source(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "import re\n"
        "A = re.compile('a')\n"
        "B = re.compile('b')\n"
        "C = re.compile('c')\n"
        "RULES = [A]\n"
        "def f(text):\n"
        "    A.match(text)\n"
        "    B.fullmatch(text, 0, 30)\n"
        "    C.match(text)\n"
        "    return list(C.finditer(text))\n",
        encoding="utf-8",
    )
    module = ModuleType("sample")
    module.__file__ = str(source)
    names = anchored_names([module])
    assert "B" in names  # only ever fullmatch-ed
    assert "A" not in names  # also put in a list: could be searched from there
    assert "C" not in names  # searched somewhere


@pytest.mark.parametrize("spec", collect_patterns(), ids=lambda s: s.origin)
def test_pattern_is_fast_on_adversarial_input(spec: PatternSpec) -> None:
    result = probe_all()[spec.origin]
    assert not result.get("hung"), f"{spec.origin} hung (> {PATTERN_TIMEOUT_S} s): {spec.source}"
    assert "error" not in result, result.get("error")
    assert result["worst"] < PATTERN_BAR_S, (
        f"{spec.origin} took {result['worst'] * 1000:.1f} ms on {result['input']!r}...: "
        f"{spec.source}"
    )


LINE_PROBE = textwrap.dedent(
    r"""
    import json, sys, time
    from etl.facts.extract import extract_document
    from etl.model import Document

    unit = sys.argv[1].encode().decode("unicode_escape")

    def line(size):
        text = (unit * (size // len(unit) + 1))[:size]
        assert "\n" not in text
        return text

    def timed(text, runs):
        best = float("inf")
        for _ in range(runs):  # the best of several rules out a scheduler hiccup
            start = time.perf_counter()
            extract_document(Document(id="line", text=text))
            best = min(best, time.perf_counter() - start)
        return best

    extract_document(Document(id="warm", text="Turnover rose 5 percent in 2021."))
    small, large = timed(line(100_000), 3), timed(line(1_000_000), 3)
    print(json.dumps({"small": small, "large": large, "chars": 1_000_000}))
    """
)

PATTERN_LINE_PROBE = textwrap.dedent(
    r"""
    import json, sys, time
    sys.setrecursionlimit(10_000)
    unit = sys.argv[1].encode().decode("unicode_escape")
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    import base64, re
    specs = json.loads(sys.stdin.read())
    worst = (0.0, "")
    for spec in specs:
        source = base64.b64decode(spec["source"]) if spec["is_bytes"] else spec["source"]
        pattern = re.compile(source, spec["flags"])
        text = line.encode() if spec["is_bytes"] else line
        if spec["max_input"]:
            text = text[: spec["max_input"]]
        start = time.perf_counter()
        if spec["anchored"]:  # used only with .match at one position: time it there
            pattern.match(text)
        else:
            for _ in pattern.finditer(text):
                pass
        seconds = time.perf_counter() - start
        worst = max(worst, (seconds, spec["origin"]))
    print(json.dumps({"worst": worst[0], "origin": worst[1]}))
    """
)
#: Whole-document extraction on a 1 MB line must stay linear: ten times the text may take
#: at most this many times as long (quadratic work would take about a hundred).
LINEAR_RATIO_MAX = 25.0

LINES = {
    "prose": (
        "Trade between China and Russia rose 3.5 percent to $12.5 billion in 2021, "
        "nearly 10 bcm a year flowed through the pipeline, about 4,200 km long; "
    ),
    "digits": "1",
    "digit-commas": "1,",
    "numbers-and-spaces": "12 ",
    "cue-words": "trade turnover billion percent exports imports ",
    "parentheses": "((1)) (",
    "dashes-and-years": "2021–2022-",
}


@pytest.mark.parametrize("kind", list(LINES))
def test_every_pattern_scans_a_one_megabyte_line_in_time(kind: str) -> None:
    """Issue 5's bar for each regular expression: under 2 s for a 1 MB line."""
    unit = LINES[kind].encode("unicode_escape").decode()
    specs = [dataclasses.asdict(spec) for spec in collect_patterns()]
    proc = subprocess.run(
        [sys.executable, "-c", PATTERN_LINE_PROBE, unit],
        cwd=REPO,
        input=json.dumps(specs),
        capture_output=True,
        text=True,
        timeout=LINE_TIMEOUT_S * 4,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["worst"] < LINE_BAR_S, f"{result['origin']}: {result['worst']:.2f} s"


@pytest.mark.parametrize("kind", list(LINES))
def test_extract_document_on_a_one_megabyte_line_stays_linear(kind: str) -> None:
    unit = LINES[kind].encode("unicode_escape").decode()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", LINE_PROBE, unit],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=LINE_TIMEOUT_S * 4,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"extract_document did not finish a 1 MB {kind} line")
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    ratio = result["large"] / max(result["small"], 1e-3)
    assert ratio < LINEAR_RATIO_MAX, (
        f"1 MB {kind} line: {result['large']:.2f} s, {ratio:.1f}x the 100 kB line"
    )
