"""`refresh`: load → extract (cached, in parallel) → build → validate → publish → report.

Failure modes, each leaving the published tables exactly as they were:

* a missing or empty corpus: RefreshError before anything is touched;
* another refresh holding the lock: RefreshError at once;
* tables that fail validation: RefreshError listing every failure;
* a crash or kill at any moment: the manifest swap is the only commit point (etl.tables.publish).

Faults can be injected for tests: `fail_after=<stage>` (or `ETL_FAIL_AFTER=<stage>`) raises
after that stage; `ETL_PAUSE_AFTER=<stage>` prints a marker to stderr and sleeps
`ETL_PAUSE_SECONDS` there, so a test can SIGKILL the process at a known point.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from etl.facts.catalog import load_catalog
from etl.facts.load import DEFAULT_MAX_BYTES, LoadError, discover, load_document
from etl.model import Document, Fact
from etl.tables import publish
from etl.tables.build import build_tables
from etl.tables.cache import ExtractionCache, default_cache_dir
from etl.tables.changes import change_report, format_report
from etl.tables.corpus_index import CorpusIndex
from etl.tables.engines import Engine, EngineError, LocalEngine
from etl.tables.ids import fact_id
from etl.tables.validate import ValidationError, fact_problems, validate_tables
from etl.version import extractor_version

#: Stages after which a fault can be injected, in run order. `swap`: the new files are
#: beside the old ones, the manifest is not yet replaced.
STAGES: tuple[str, ...] = ("load", "extract", "build", "validate", "write", "swap")
FAIL_ENV = "ETL_FAIL_AFTER"
PAUSE_ENV = "ETL_PAUSE_AFTER"
PAUSE_SECONDS_ENV = "ETL_PAUSE_SECONDS"
PAUSE_MARKER = "etl-refresh: paused after"


class RefreshError(Exception):
    """A refresh that did not publish, with the reason; the old tables are untouched."""


class InjectedFailure(RefreshError):
    """A failure injected by a test at a named stage."""


@dataclass
class RefreshResult:
    run_id: str
    previous_run_id: str | None
    manifest: dict[str, Any]
    changes: dict[str, Any]
    documents: int
    extracted: int
    cached: int
    skipped: list[str] = field(default_factory=list)


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _checkpoints(fail_after: str | None) -> Callable[[str], None]:
    fail = fail_after or os.environ.get(FAIL_ENV)
    pause = os.environ.get(PAUSE_ENV)
    for name in (fail, pause):
        if name and name not in STAGES:
            raise RefreshError(f"unknown stage {name!r} (stages: {', '.join(STAGES)})")

    def checkpoint(stage: str) -> None:
        if stage == pause:
            _warn(f"{PAUSE_MARKER} {stage}")
            time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))
        if stage == fail:
            raise InjectedFailure(f"injected failure after stage {stage!r}")

    return checkpoint


def _relative(path: str, corpus: Path) -> str:
    try:
        return Path(path).relative_to(corpus).as_posix()
    except ValueError:
        return Path(path).name


def load_corpus(
    files: Sequence[Path], loader: Callable[[Path], Document] | None = None
) -> tuple[list[Document], list[str]]:
    """Documents, and the reasons files were skipped (also printed to stderr)."""
    docs: list[Document] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            doc = loader(path) if loader else load_document(path, DEFAULT_MAX_BYTES)
        except LoadError as error:
            skipped.append(str(error))
            continue
        if doc.id in seen:
            skipped.append(
                f"{path}: skipped: document id {doc.id!r} already used by {seen[doc.id]}"
            )
            continue
        seen[doc.id] = str(path)
        docs.append(doc)
    for reason in skipped:
        _warn(reason)
    return docs, skipped


def extract_corpus(
    docs: Sequence[Document],
    cache: ExtractionCache,
    engine: Engine,
    progress: bool,
    known: Callable[[Document], list[Fact] | None] = lambda doc: None,
) -> tuple[dict[str, list[Fact]], int, list[str]]:
    """Facts per document id (cache first, then the pool), how many were extracted, and
    the documents that failed (named on stderr and left out of the tables)."""
    facts: dict[str, list[Fact]] = {}
    todo = []
    for doc in docs:
        cached = known(doc)
        if cached is None:
            cached = cache.get(doc)
        if cached is None:
            todo.append(doc)
        else:
            facts[doc.id] = cached
    failed: list[str] = []
    try:
        for doc, (found, error) in engine.extract_many(todo, progress):
            if found is None:
                failed.append(f"{doc.path}: skipped: {error}")
                _warn(failed[-1])
                continue
            cache.put(doc, found)  # as each arrives: an interrupted run keeps what it did
            facts[doc.id] = found
    except BrokenProcessPool as exc:
        raise RefreshError(f"an extraction worker died ({exc}); nothing changed") from exc
    except EngineError as exc:
        raise RefreshError(f"{exc}; nothing changed") from exc
    return facts, len(todo), failed


def admit(facts_by_doc: dict[str, list[Fact]]) -> tuple[list[Fact], list[dict[str, Any]]]:
    """Facts that may be published, and the rejected ones with reasons (named on stderr)."""
    catalog = load_catalog()
    admitted: list[Fact] = []
    rejected: list[dict[str, Any]] = []
    seen: set[str] = set()
    for doc_id in sorted(facts_by_doc):
        for fact in facts_by_doc[doc_id]:
            problems = fact_problems(fact, catalog)
            if fact.doc != doc_id:
                problems.append(f"names document {fact.doc!r}, extracted from {doc_id!r}")
            if not problems and fact_id(fact) in seen:
                problems = ["repeats a fact of the same document"]
            if problems:
                rejected.append(
                    {
                        "doc": fact.doc,
                        "metric": fact.metric,
                        "period": fact.period,
                        "value": fact.value,
                        "unit": fact.unit,
                        "reasons": problems,
                    }
                )
                _warn(
                    f"{fact.doc}: fact rejected ({fact.metric} {fact.period} {fact.value!r} "
                    f"{fact.unit}): {'; '.join(problems)}"
                )
                continue
            seen.add(fact_id(fact))
            admitted.append(fact)
    return admitted, rejected


def _previous(out: Path) -> tuple[str | None, list[dict[str, Any]], set[str]]:
    """Previous run id, observations and fact ids, for the change report. An unreadable
    previous set is reported and treated as empty: this run is what repairs it."""
    if not (out / publish.MANIFEST_NAME).exists():
        return None, [], set()
    try:
        manifest, tables = publish.load_verified_tables(out)
    except publish.TableIntegrityError as exc:
        _warn(f"previous tables unusable ({exc}); reporting every figure as new")
        try:
            run_id = publish.read_manifest(out).get("run_id")
        except publish.TableIntegrityError:
            run_id = None
        return (str(run_id) if run_id else None), [], set()
    return (
        manifest["run_id"],
        tables["observations"].to_pylist(),
        set(tables["facts"].column("fact_id").to_pylist()),
    )


def _check_corpus(corpus: Path) -> list[Path]:
    if not corpus.exists():
        raise RefreshError(f"corpus {corpus} does not exist; nothing was changed")
    if not corpus.is_dir():
        raise RefreshError(f"corpus {corpus} is not a directory; nothing was changed")
    files = discover([corpus])
    if not files:
        raise RefreshError(
            f"corpus {corpus} holds no articles (.txt, .md, .html); nothing was changed"
        )
    return files


def run_refresh(
    corpus: Path,
    out: Path,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: bool = True,
    fail_after: str | None = None,
    engine: Engine | None = None,
) -> RefreshResult:
    """Rebuild the tables from the corpus and publish them atomically into `out`; `engine`
    runs the extraction (default: a local process pool of `workers`)."""
    corpus, out = Path(corpus), Path(os.path.abspath(out))  # `.` has no name to lock beside
    checkpoint = _checkpoints(fail_after)
    files = _check_corpus(corpus)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with publish.exclusive_lock(out):
            return _locked_refresh(
                files,
                corpus,
                out,
                engine or LocalEngine(workers),
                cache_dir or default_cache_dir(out),
                progress,
                checkpoint,
            )
    except publish.PublishLockedError as exc:
        raise RefreshError(str(exc)) from exc


def _locked_refresh(
    files: Sequence[Path],
    corpus: Path,
    out: Path,
    engine: Engine,
    cache_dir: Path,
    progress: bool,
    checkpoint: Callable[[str], None],
) -> RefreshResult:
    publish.remove_stale_stages(out)  # left by runs that died; we hold the lock
    version = extractor_version()
    cache = ExtractionCache(cache_dir, version)
    index = CorpusIndex(cache)  # unchanged files are neither read nor looked up
    docs, skipped = load_corpus(files, index.load)
    if not docs:
        raise RefreshError(
            f"no usable article in {corpus} ({len(skipped)} skipped); nothing changed"
        )
    checkpoint("load")

    facts_by_doc, extracted, failed = extract_corpus(docs, cache, engine, progress, index.facts_for)
    index.save(docs, facts_by_doc)
    skipped += failed
    docs = [doc for doc in docs if doc.id in facts_by_doc]
    if not docs:
        raise RefreshError(f"no article of {corpus} could be extracted; nothing changed")
    checkpoint("extract")

    facts, rejected = admit(facts_by_doc)
    tables = build_tables(docs, facts, version)
    checkpoint("build")
    try:
        validate_tables(tables)
    except ValidationError as exc:
        raise RefreshError(f"tables not published: {exc}") from exc
    checkpoint("validate")

    previous_run_id, previous_observations, previous_fact_ids = _previous(out)
    run_id = publish.new_run_id(previous_run_id)
    report = change_report(
        run_id,
        previous_run_id,
        previous_observations,
        tables["observations"].to_pylist(),
        previous_fact_ids,
        set(tables["facts"].column("fact_id").to_pylist()),
    )
    manifest_fields = {
        "format": publish.MANIFEST_FORMAT,
        "run_id": run_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "previous_run_id": previous_run_id,
        "extractor_version": version,
        "inputs": [
            {"doc": d.id, "path": _relative(d.path, corpus), "sha256": d.sha256}
            for d in sorted(docs, key=lambda d: d.id)
        ],
        # Paths relative to the corpus: no local directory layout in committed files.
        "skipped": [reason.replace(f"{corpus}/", "", 1) for reason in skipped],
        "rejected_facts": rejected,
    }
    try:
        manifest = publish.publish(out, run_id, tables, report, manifest_fields, checkpoint)
    except OSError as exc:
        raise RefreshError(f"could not write {out} ({exc}); previous tables kept") from exc
    cache.prune_other_versions()

    for line in format_report(report):
        print(line)
    return RefreshResult(
        run_id=run_id,
        previous_run_id=previous_run_id,
        manifest=manifest,
        changes=report,
        documents=len(docs),
        extracted=extracted,
        cached=len(docs) - extracted,
        skipped=skipped,
    )
