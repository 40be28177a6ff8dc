"""Command line: `python -m etl extract ...` (the contract's interface) and `refresh`."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from etl.facts.load import DEFAULT_MAX_BYTES, LoadError, iter_documents

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories of articles.")],
    format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.table
    ),
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Skip files larger than this.")
    ] = DEFAULT_MAX_BYTES,
) -> None:
    """Print the catalog facts stated in the articles (jsonl: contract records only)."""
    from collections import Counter

    from etl.facts import extract as extraction  # looked up at call time: tests substitute it
    from etl.tables.report import format_table

    facts = []
    skipped = 0
    gated: Counter[str] = Counter()
    for item in iter_documents(paths, max_bytes):
        if isinstance(item, LoadError):
            skipped += 1
            _warn(str(item))
            continue
        try:
            result = extraction.extract(item)
        except Exception as exc:  # one bad document never stops the run
            skipped += 1
            _warn(f"{item.path}: skipped: extraction failed ({exc.__class__.__name__}: {exc})")
            continue
        if result.skipped is not None:
            gated[result.skipped.value] += 1
        if format is OutputFormat.jsonl:
            for fact in result.facts:
                sys.stdout.write(json.dumps(fact.to_record(), ensure_ascii=False) + "\n")
        facts.extend(result.facts)
    if format is OutputFormat.table:
        sys.stdout.write(format_table(facts))
    _warn(f"{len(facts)} facts; {skipped} file(s) skipped")
    _warn(gate_summary(gated))


def gate_summary(gated: Mapping[str, int]) -> str:
    """'relevance gate: 3 document(s) skipped (no figure: 1, about other countries: 2)'."""
    reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(gated.items()))
    total = sum(gated.values())
    return f"relevance gate: {total} document(s) skipped" + (f" ({reasons})" if reasons else "")


@app.command()
def refresh(
    corpus: Annotated[Path, typer.Option(help="Directory of articles.")] = Path("data/raw"),
    out: Annotated[Path, typer.Option(help="Directory of published tables.")] = Path("data/tables"),
    workers: Annotated[int, typer.Option(help="Extraction processes (0: one per core).")] = 0,
    engine: Annotated[
        str, typer.Option(help="Where extraction runs: local (process pool) or dask.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    ] = None,
) -> None:
    """Extract, reconcile, derive and publish the tables atomically, with a change report."""
    from etl.tables.engines import EngineError, make_engine
    from etl.tables.refresh import RefreshError, run_refresh

    try:
        chosen = make_engine(engine, workers or None, scheduler)
        run_refresh(corpus=corpus, out=out, workers=workers or None, engine=chosen)
    except (RefreshError, EngineError) as exc:
        _warn(f"refresh failed: {exc}")
        raise typer.Exit(code=1) from exc


def main() -> None:
    app()
