"""`refresh`: load → extract (cached, in parallel) → carry over → build → validate →
guard → publish → report; and `remove`, which publishes the store without some documents.

The published tables are the store of record (`etl.tables.store`): a refresh re-extracts
the documents it is given and carries over, unchanged and labelled, the facts of every
earlier document it is not given. Removal is explicit (`remove_documents`, `prune=True`).

Failure modes, each leaving the published tables exactly as they were:

* a missing or empty corpus: RefreshError before anything is touched;
* previous tables that cannot be read (nothing could be carried over): RefreshError, unless
  `prune` asks for tables built from this corpus alone;
* a run that would drop more than `DROP_SHARE_LIMIT` of the published observations without
  an explicit removal (a re-extraction that finds less, a changed catalog): RefreshError
  naming them, unless `allow_drop`;
* another refresh holding the lock: RefreshError at once;
* tables that fail validation: RefreshError listing every failure;
* a crash or kill at any moment: the manifest swap is the only commit point (etl.tables.publish).

Faults can be injected for tests: `fail_after=<stage>` (or `ETL_FAIL_AFTER=<stage>`) raises
after that stage; `ETL_PAUSE_AFTER=<stage>` prints a marker to stderr and sleeps
`ETL_PAUSE_SECONDS` there, so a test can SIGKILL the process at a known point.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from etl.facts.catalog import load_catalog
from etl.facts.load import DEFAULT_MAX_BYTES, LoadError, discover, load_document
from etl.facts.prefilter import analyses_added
from etl.model import Document, Fact
from etl.tables import pattern_cache, publish
from etl.tables.build import build_tables
from etl.tables.cache import ExtractionCache, default_cache_dir
from etl.tables.changes import carried_summary, change_report, format_report
from etl.tables.corpus_index import CorpusIndex
from etl.tables.corrections import (
    CorrectionsError,
    apply_to_run,
    load_corrections,
    observation_key,
)
from etl.tables.corrections import default_corrections_path as corrections_path
from etl.tables.engines import Engine, EngineError, LocalEngine
from etl.tables.history import earlier_runs, run_entry
from etl.tables.ids import fact_id
from etl.tables.reconcile_cache import load_memo, save_memo
from etl.tables.review import review_report
from etl.tables.store import Store, StoredDocument, StoreUnreadable, read_store
from etl.tables.validate import ValidationError, fact_problems, validate_tables
from etl.version import extractor_version

#: Stages after which a fault can be injected, in run order. `swap`: the new files are
#: beside the old ones, the manifest is not yet replaced.
STAGES: tuple[str, ...] = ("load", "extract", "build", "validate", "write", "swap")
#: A run may drop at most this share of the published observations unless the user asked
#: for it (documents removed, `--prune`, `--allow-drop`): 2 of 100 figures, not 20.
DROP_SHARE_LIMIT = 0.05
#: Dropped observations named in the refusal message.
DROPS_SHOWN = 5
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
    carried_over: int = 0
    removed_documents: list[str] = field(default_factory=list)


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector for a stage that makes hundreds of thousands of
    small objects (facts, rows, candidates) and keeps most of them: its passes over them
    cost a fifth of a one-article refresh and free nothing that reference counting does
    not. Extraction, which could run long, is never inside this."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def collecting_only_new_objects() -> Iterator[None]:
    """Leave the objects that exist now (the store, the corpus index: millions of them) out
    of the cycle collector's passes while extraction runs in this process, so that each
    pass costs what extraction allocates, not what the run already holds."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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
    prefix = f"{corpus}{os.sep}"
    if os.sep == "/" and path.startswith(prefix) and "/." not in path:
        return path[len(prefix) :]  # what relative_to gives, without pathlib's cost per file
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


def admit(facts_by_doc: Mapping[str, Sequence[Fact]]) -> tuple[list[Fact], list[dict[str, Any]]]:
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
            identifier = fact_id(fact)
            if not problems and identifier in seen:
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
            seen.add(identifier)
            admitted.append(fact)
    return admitted, rejected


def _check_corpus(corpus: Path) -> list[Path]:
    if not corpus.exists():
        raise RefreshError(
            f"corpus {corpus} does not exist; nothing was changed (create it and put the "
            "new articles in it: the published figures are kept, only new ones are added)"
        )
    if not corpus.is_dir():
        raise RefreshError(f"corpus {corpus} is not a directory; nothing was changed")
    files = discover([corpus])
    if not files:
        raise RefreshError(
            f"corpus {corpus} holds no articles (.txt, .md, .html); nothing was changed "
            "(to remove published documents: python -m etl remove DOC...)"
        )
    return files


def _read_store(out: Path, prune: bool) -> Store:
    try:
        return read_store(out)
    except StoreUnreadable as exc:
        if prune:
            _warn(f"previous tables unusable ({exc}); --prune: publishing this corpus alone")
            run_id = None
            with contextlib.suppress(publish.TableIntegrityError):
                run_id = publish.read_manifest(out).get("run_id")
            return Store(run_id=str(run_id) if run_id else None)
        raise RefreshError(
            f"the published tables cannot be read ({exc}), so their facts cannot be carried "
            "over; nothing was changed (restore them, e.g. `git checkout data/tables`, or "
            "rebuild from this corpus alone with --prune)"
        ) from exc


def _guard_drops(
    report: Mapping[str, Any],
    store: Store,
    removed: set[str],
    allow_drop: bool,
    decided: AbstractSet[tuple[Any, ...]] = frozenset(),
) -> None:
    """Refuse a run that drops many published observations the user did not ask to drop
    (by removing their documents, or by rejecting or correcting their facts: `decided`)."""
    unrequested = [
        item
        for item in report["removed"]
        if not set(item["docs"]) <= removed and observation_key(item) not in decided
    ]
    if not store.observations or not unrequested or allow_drop:
        return
    share = len(unrequested) / len(store.observations)
    if share <= DROP_SHARE_LIMIT:
        return
    shown = "; ".join(
        f"{i['metric']} {i['period'] or ''} ({', '.join(i['docs'])})".replace("  ", " ")
        for i in unrequested[:DROPS_SHOWN]
    )
    more = len(unrequested) - DROPS_SHOWN
    raise RefreshError(
        f"this run would drop {len(unrequested)} of {len(store.observations)} published "
        f"observations ({share:.0%}, more than {DROP_SHARE_LIMIT:.0%}) that no removal asked "
        f"for: {shown}{f' and {more} more' if more > 0 else ''}; nothing was changed. "
        "Re-run with --allow-drop to accept, or remove documents explicitly with "
        "`python -m etl remove DOC...`"
    )


def run_refresh(
    corpus: Path,
    out: Path,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: bool = True,
    fail_after: str | None = None,
    prune: bool = False,
    allow_drop: bool = False,
    engine: Engine | None = None,
) -> RefreshResult:
    """Extract the corpus, carry over the published documents it lacks (all of them are
    removed instead with `prune`), and publish atomically into `out`. `engine` runs the
    extraction (default: a local process pool of `workers`)."""
    corpus, out = Path(corpus), Path(os.path.abspath(out))  # `.` has no name to lock beside
    checkpoint = _checkpoints(fail_after)
    files = _check_corpus(corpus)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with publish.exclusive_lock(out):
            publish.remove_stale_stages(out)  # left by runs that died; we hold the lock
            with without_cycle_collection():
                store = _read_store(out, prune)
                version = extractor_version()
                cache = ExtractionCache(cache_dir or default_cache_dir(out), version)
                index = CorpusIndex(cache)  # unchanged files are neither read nor looked up
                docs, skipped = load_corpus(files, index.load)
            if not docs:
                raise RefreshError(
                    f"no usable article in {corpus} ({len(skipped)} skipped); nothing changed"
                )
            checkpoint("load")
            with collecting_only_new_objects():
                loaded = pattern_cache.load_analyses(cache.root)
                before = analyses_added() if loaded else -1  # -1: none kept yet, save
                facts_by_doc, extracted, failed = extract_corpus(
                    docs, cache, engine or LocalEngine(workers), progress, index.facts_for
                )
                if extracted:
                    pattern_cache.save_analyses(cache.root, before)
            index.save(docs, facts_by_doc)
            skipped += failed
            docs = [doc for doc in docs if doc.id in facts_by_doc]
            if not docs:
                raise RefreshError(f"no article of {corpus} could be extracted; nothing changed")
            checkpoint("extract")
            given = {doc.id for doc in docs}
            absent = sorted(set(store.documents) - given)
            removed = set(absent) if prune else set()
            carried = [store.documents[d] for d in absent if d not in removed]
            inputs = [
                {"doc": d.id, "path": _relative(d.path, corpus), "sha256": d.sha256}
                for d in sorted(docs, key=lambda d: d.id)
            ]
            # Paths relative to the corpus: no local directory layout in committed files.
            skipped = [reason.replace(f"{corpus}/", "", 1) for reason in skipped]
            result = _publish_run(
                out, store, docs, facts_by_doc, carried, removed, version, inputs, skipped,
                checkpoint, allow_drop, cache.root,
            )  # fmt: skip
            cache.prune_other_versions(keep={stored.extractor_version for stored in carried})
            return RefreshResult(
                **result, extracted=extracted, cached=len(docs) - extracted, skipped=skipped
            )
    except publish.PublishLockedError as exc:
        raise RefreshError(str(exc)) from exc


def remove_documents(
    out: Path, doc_ids: Sequence[str], fail_after: str | None = None
) -> RefreshResult:
    """Publish the store without these documents (and so without exactly their facts)."""
    out = Path(os.path.abspath(out))
    checkpoint = _checkpoints(fail_after)
    if not doc_ids:
        raise RefreshError("name at least one document to remove; nothing was changed")
    if not (out / publish.MANIFEST_NAME).exists():
        raise RefreshError(f"no published tables in {out}; nothing was changed")
    try:
        with publish.exclusive_lock(out):
            publish.remove_stale_stages(out)
            store = _read_store(out, prune=False)
            unknown = sorted(set(doc_ids) - set(store.documents))
            if unknown:
                raise RefreshError(
                    f"not published: {', '.join(unknown)}; nothing was changed "
                    f"({len(store.documents)} documents are published; see the sources table)"
                )
            removed = set(doc_ids)
            if removed == set(store.documents):
                raise RefreshError(
                    "that would remove every published document; nothing was changed"
                )
            checkpoint("load")
            checkpoint("extract")
            carried = [s for d, s in sorted(store.documents.items()) if d not in removed]
            version = str(store.manifest.get("extractor_version") or extractor_version())
            result = _publish_run(
                out, store, [], {}, carried, removed, version, [], [], checkpoint, False,
                default_cache_dir(out),
            )  # fmt: skip
            return RefreshResult(**result, extracted=0, cached=0)
    except publish.PublishLockedError as exc:
        raise RefreshError(str(exc)) from exc


@without_cycle_collection()
def _publish_run(
    out: Path,
    store: Store,
    docs: Sequence[Document],
    facts_by_doc: Mapping[str, Sequence[Fact]],
    carried: Sequence[StoredDocument],
    removed: set[str],
    version: str,
    inputs: list[dict[str, Any]],
    skipped: list[str],
    checkpoint: Callable[[str], None],
    allow_drop: bool,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Build, validate, guard and publish one run; the fields of its RefreshResult.
    `cache_dir`: where the last run's reconciled observations are kept for the next. The
    cycle collector is paused throughout (the decorator): building frees no cycles."""
    try:  # people's decisions (data/corrections.yaml): a bad file publishes nothing
        corrections = load_corrections(corrections_path(out))
    except CorrectionsError as exc:
        raise RefreshError(f"corrections not usable ({'; '.join(exc.args[0])})") from exc
    merged, carried, corrected = apply_to_run(facts_by_doc, docs, carried, corrections)
    facts, rejected = admit(merged)
    memo = load_memo(cache_dir)
    tables = build_tables(docs, facts, version, carried, corrected, memo)
    save_memo(cache_dir, memo)  # only saves time; correct whether or not this run publishes
    checkpoint("build")
    try:
        validate_tables(tables)
    except ValidationError as exc:
        raise RefreshError(f"tables not published: {exc}") from exc
    checkpoint("validate")

    run_id = publish.new_run_id(store.run_id)
    report = change_report(
        run_id,
        store.run_id,
        store.observations,
        tables["observations"].to_pylist(),
        set(store.fact_ids),
        set(tables["facts"].column("fact_id").to_pylist()),
    )
    report["carried_over"] = carried_summary(carried, version)
    report["removed_documents"] = sorted(removed)
    report.update(review_report(corrected, set(store.fact_ids), tables["facts"]))
    _guard_drops(report, store, removed, allow_drop, corrected.decided_keys(store.observations))
    manifest_fields = {
        "format": publish.MANIFEST_FORMAT,
        "run_id": run_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "previous_run_id": store.run_id,
        "extractor_version": version,
        "inputs": inputs,
        "carried_over": [
            {"doc": s.doc, "sha256": s.source["sha256"], "extractor_version": s.extractor_version}
            for s in carried
        ],
        "removed_documents": sorted(removed),
        "skipped": skipped,
        "rejected_facts": rejected,
    }
    try:
        history = [*earlier_runs(out, store.manifest), run_entry(manifest_fields, tables, report)]
    except publish.TableIntegrityError as exc:
        raise RefreshError(f"the run history cannot be read ({exc}); nothing changed") from exc
    try:
        manifest = publish.publish(
            out, run_id, tables, report, manifest_fields, checkpoint, history
        )
    except (OSError, publish.TableIntegrityError) as exc:
        raise RefreshError(f"could not write {out} ({exc}); previous tables kept") from exc

    for line in format_report(report):
        print(line)
    for line in corrected.lines():
        (_warn if line.startswith("STALE") else print)(line)
    return {
        "run_id": run_id,
        "previous_run_id": store.run_id,
        "manifest": manifest,
        "changes": report,
        "documents": len(docs) + len(carried),
        "carried_over": len(carried),
        "removed_documents": sorted(removed),
    }
