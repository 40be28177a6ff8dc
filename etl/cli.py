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


#: The corpus a refresh reads unless told otherwise: new articles go here (git-ignored).
DEFAULT_CORPUS = Path("data/raw")
DEFAULT_TABLES = Path("data/tables")


@app.command()
def refresh(
    corpus: Annotated[
        Path,
        typer.Option(
            help="Directory of new or changed articles (git-ignored; the articles behind "
            "the published tables are never in the repository)."
        ),
    ] = DEFAULT_CORPUS,
    out: Annotated[Path, typer.Option(help="Directory of published tables.")] = DEFAULT_TABLES,
    workers: Annotated[int, typer.Option(help="Extraction processes (0: one per core).")] = 0,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="Remove published documents that are not in the corpus."),
    ] = False,
    allow_drop: Annotated[
        bool,
        typer.Option(
            "--allow-drop",
            help="Publish even if re-extraction drops many published figures.",
        ),
    ] = False,
    engine: Annotated[
        str, typer.Option(help="Where extraction runs: local (process pool) or dask.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    ] = None,
) -> None:
    """Add the corpus's articles (default data/raw) to the published tables.

    Extract (cached), reconcile, derive and publish atomically, with a change report.

    Published documents the corpus lacks are kept, labelled carried over: nothing is wiped.

    Remove documents with `python -m etl remove DOC...` or `--prune`.
    Extraction runs in a local process pool, or on Dask with `--engine dask`.
    """
    from etl.tables.engines import EngineError, make_engine
    from etl.tables.refresh import RefreshError, run_refresh

    try:
        run_refresh(
            corpus=corpus,
            out=out,
            workers=workers or None,
            prune=prune,
            allow_drop=allow_drop,
            engine=make_engine(engine, workers or None, scheduler),
        )
    except (RefreshError, EngineError) as exc:
        _warn(f"refresh failed: {exc}")
        raise typer.Exit(code=1) from exc


@app.command()
def remove(
    docs: Annotated[list[str], typer.Argument(help="Document ids (the sources table's doc).")],
    out: Annotated[Path, typer.Option(help="Directory of published tables.")] = DEFAULT_TABLES,
) -> None:
    """Remove documents, and exactly their facts, from the published tables."""
    from etl.tables.refresh import RefreshError, remove_documents

    try:
        remove_documents(out, docs)
    except RefreshError as exc:
        _warn(f"remove failed: {exc}")
        raise typer.Exit(code=1) from exc


@app.command()
def review(
    tables: Annotated[Path, typer.Option(help="Directory of published tables.")] = DEFAULT_TABLES,
    corrections: Annotated[
        Path | None, typer.Option(help="Corrections file (default: beside the tables).")
    ] = None,
    cache: Annotated[
        Path | None, typer.Option(help="Evidence cache (default: as refresh).")
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="Print the queue; decide nothing.")
    ] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="Every fact, not only new or flagged.")
    ] = False,
    fact: Annotated[str | None, typer.Option(help="Decide this fact id (for scripts).")] = None,
    action: Annotated[
        str | None, typer.Option(help="With --fact: confirm, reject or correct.")
    ] = None,
    value: Annotated[str | None, typer.Option(help="Corrected value (95 bn, 38).")] = None,
    period: Annotated[str | None, typer.Option(help="Corrected period.")] = None,
    metric: Annotated[str | None, typer.Option(help="Corrected metric.")] = None,
    direction: Annotated[str | None, typer.Option(help="Corrected trade direction.")] = None,
    reason: Annotated[str | None, typer.Option(help="Why (kept in the file).")] = None,
) -> None:
    """Review new and flagged facts; decisions go to data/corrections.yaml (refresh applies)."""
    from etl.review_cli import ReviewError, parse_value, run

    try:
        fields = (("period", period), ("metric", metric), ("direction", direction))
        changes: dict[str, object] = {k: v for k, v in fields if v}
        if value is not None:
            changes["value"] = parse_value(value)
        run(
            tables,
            cache,
            corrections,
            listing=list_only,
            everything=everything,
            fact=fact,
            action=action,
            changes=changes,
            reason=reason,
        )
    except (ReviewError, ValueError) as exc:
        _warn(f"review failed: {exc}")
        raise typer.Exit(code=1) from exc


def main() -> None:
    app()
