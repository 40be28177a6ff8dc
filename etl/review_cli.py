"""`python -m etl review`: decide about the facts in the review queue, one keystroke each.

Each decision is written to `data/corrections.yaml` at once (locked, atomic), so quitting
or a crash loses nothing decided; the next `refresh` applies it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from etl.tables.cache import default_cache_dir, load_evidence
from etl.tables.corrections import (
    DIRECTIONS,
    CorrectionsError,
    decide,
    default_corrections_path,
    load_corrections,
)
from etl.tables.figures import format_value
from etl.tables.publish import TableIntegrityError, load_changes, load_verified_tables
from etl.tables.review import Item, Queue, build_queue, pending

KEYS = {"c": "confirm", "r": "reject", "e": "correct", "s": "skip", "q": "quit"}
PROMPT = "[c]onfirm  [r]eject  [e] correct  [s]kip  [q]uit > "
#: Words and symbols for scales in typed values: "95 bn", "$1.2 trillion", "300m".
SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
#: Matched against the typed text without "$", commas and outer spaces: one optional space
#: between number and scale, nothing ambiguous to backtrack over.
_VALUE = re.compile(r"\A(-?\d+(?:\.\d+)?(?:e-?\d+)?) ?([a-z]*)\Z", re.IGNORECASE)


class ReviewError(Exception):
    """A review command that cannot run, with the reason."""


def parse_value(text: str) -> float:
    """'95e9', '95 bn', '$1.2 trillion', '38' → a number in the canonical unit."""
    match = _VALUE.match(text.replace(",", "").replace("$", "").strip())
    if not match:
        raise ValueError(f"not a number: {text!r}")
    scale = match.group(2).lower()
    if scale and scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r} (use bn, mn, tn or a plain number)")
    return float(match.group(1)) * SCALES.get(scale, 1.0)


def load_queue(tables: Path, cache: Path | None, corrections: Path, everything: bool) -> Queue:
    try:
        _manifest, arrow = load_verified_tables(tables)
        changes = load_changes(tables)
    except TableIntegrityError as exc:
        raise ReviewError(f"no usable tables in {tables} ({exc})") from exc
    evidence = load_evidence(cache or default_cache_dir(tables))
    try:
        decided = load_corrections(corrections)
    except CorrectionsError as exc:
        raise ReviewError(f"{corrections} is not usable: {'; '.join(exc.args[0])}") from exc
    return build_queue(arrow, changes, evidence, decided, include_all=everything)


def describe(item: Item, *, color: bool) -> list[str]:
    fact = item.fact
    value = format_value(float(fact["value"]), str(fact["unit"]))
    lines = [
        f"{fact['doc']}  ·  fact {item.fact_id}",
        f"  read as: {fact['metric']}  period {fact['period'] or '—'}  "
        f"direction {item.direction or '—'}  value {value} ({fact['qualifier']}, "
        f"{fact['status']})",
    ]
    if item.sentence is None:
        lines.append("  (evidence sentence not in the local cache)")
    else:
        mark = ("\x1b[7m", "\x1b[0m") if color else ("»", "«")
        s = item.sentence
        lines.append(f"  {s.before}{mark[0]}{s.figure}{mark[1]}{s.after}".rstrip())
    lines += [f"  why: {reason}" for reason in item.reasons]
    if item.decision is not None:
        lines.append(f"  decided: {item.decision.action} (applies at the next refresh)")
    return lines


def read_key(stdin: TextIO) -> str:
    """One keystroke from a terminal (no Enter needed); one line from anything else."""
    if stdin.isatty():
        import termios
        import tty

        fd = stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            return stdin.read(1).lower()
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    line = stdin.readline()
    if not line:
        return "q"  # end of input: stop, everything decided so far is saved
    return line.strip()[:1].lower()


def ask_changes(ask: Callable[[str], str]) -> dict[str, Any]:
    """The fields to correct; blank answers keep the machine's reading."""
    changes: dict[str, Any] = {}
    value = ask("value (e.g. 95 bn; blank keeps): ")
    if value:
        changes["value"] = parse_value(value)
    for name, hint in (
        ("period", "e.g. 2023 or 2023-01/2023-09"),
        ("metric", "a catalog metric id"),
        ("direction", "/".join(DIRECTIONS)),
    ):
        answer = ask(f"{name} ({hint}; blank keeps): ")
        if answer:
            changes[name] = answer
    return changes


def interactive(
    queue: Queue,
    corrections: Path,
    stdin: TextIO,
    out: TextIO,
) -> dict[str, int]:
    """Walk the undecided items; returns counts per decision."""
    counts = {"confirm": 0, "reject": 0, "correct": 0, "skip": 0}
    todo = pending(queue)
    color = out.isatty() and "NO_COLOR" not in os.environ

    def ask(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        return stdin.readline().strip()

    for number, item in enumerate(todo, start=1):
        out.write(f"\n[{number}/{len(todo)}] " + "\n".join(describe(item, color=color)) + "\n")
        while True:
            out.write(PROMPT)
            out.flush()
            action = KEYS.get(read_key(stdin))
            out.write("\n")
            if action is None:
                continue
            if action == "quit":
                return counts
            if action == "skip":
                counts["skip"] += 1
                break
            try:
                changes = ask_changes(ask) if action == "correct" else {}
                if action == "correct" and not changes:
                    out.write("nothing to correct; choose again\n")
                    continue
                reason = ask("reason (optional): ") or None
                decide(corrections, item.correction(action, changes, reason))
            except (ValueError, CorrectionsError) as exc:
                problems = exc.args[0] if isinstance(exc, CorrectionsError) else [str(exc)]
                out.write(f"not saved: {'; '.join(problems)}\n")
                continue
            counts[action] += 1
            out.write(f"saved to {corrections}: {action} (applies at the next refresh)\n")
            break
    return counts


def decide_one(
    queue: Queue,
    corrections: Path,
    fact: str,
    action: str,
    changes: Mapping[str, Any],
    reason: str | None,
) -> str:
    item = queue.get(fact)
    if item is None:
        raise ReviewError(f"fact {fact!r} is not in the published facts")
    try:
        decide(corrections, item.correction(action, changes, reason))
    except CorrectionsError as exc:
        raise ReviewError("; ".join(exc.args[0])) from exc
    return f"saved to {corrections}: {action} {item.fact['surface']!r} in {item.fact['doc']}"


def run(
    tables: Path,
    cache: Path | None,
    corrections: Path | None,
    *,
    listing: bool,
    everything: bool,
    fact: str | None,
    action: str | None,
    changes: Mapping[str, Any],
    reason: str | None,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    stdin, out = stdin or sys.stdin, out or sys.stdout  # read now: test runners swap them
    path = corrections or default_corrections_path(tables)
    queue = load_queue(tables, cache, path, everything or fact is not None)
    if fact is not None:
        if action is None:
            raise ReviewError("--fact needs --action confirm|reject|correct")
        out.write(decide_one(queue, path, fact, action, changes, reason) + "\n")
        return 0
    if listing:
        for item in queue.items:
            out.write("\n".join(describe(item, color=False)) + "\n\n")
        for row in queue.stale:
            out.write(f"STALE correction {row['correction_id']}: {row['message']}\n")
        out.write(f"{len(queue.items)} to review, {len(pending(queue))} undecided\n")
        return 0
    if not pending(queue):
        out.write("nothing to review: every new or flagged fact has a decision\n")
        return 0
    counts = interactive(queue, path, stdin, out)
    out.write(
        f"{counts['confirm']} confirmed, {counts['reject']} rejected, {counts['correct']} "
        f"corrected, {counts['skip']} skipped; run `python -m etl refresh` to apply\n"
    )
    return 0
