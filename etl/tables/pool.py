"""Map extraction over documents: in this process for a few, over a process pool for many.

`etl.facts.extract.extract_document` is a pure function (a Document in, facts out), so this map
could run on any engine. Workers come from a `forkserver` context where available: they
do not inherit this process's descriptors, so a worker orphaned by a killed refresh can
never hold the output lock.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from tqdm import tqdm

from etl.facts import extract
from etl.model import Document, Fact

#: Below this many documents a pool costs more to start than it saves.
POOL_MIN_DOCS = 16
#: Show a progress bar when at least this many documents are extracted.
PROGRESS_MIN_DOCS = 50
#: Tasks per worker batch: enough to amortise pickling, small enough to balance the load.
CHUNKS_PER_WORKER = 8

Outcome = tuple[list[Fact] | None, str | None]  # (facts, None) or (None, why it failed)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def extract_safely(doc: Document) -> Outcome:
    """Facts of one document, or the reason extraction failed (one bad document never
    stops the run). Looks the extractor up at call time so tests can substitute it."""
    try:
        return extract.extract_document(doc), None
    except Exception as exc:
        return None, f"extraction failed ({exc.__class__.__name__}: {exc})"


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def extract_many(
    docs: Sequence[Document], workers: int | None = None, progress: bool = True
) -> Iterator[tuple[Document, Outcome]]:
    """Each document with its outcome, in input order."""
    workers = workers or default_workers()
    bar = tqdm(
        total=len(docs),
        desc="extracting",
        unit="doc",
        file=sys.stderr,
        disable=not progress or len(docs) < PROGRESS_MIN_DOCS,
    )
    try:
        if workers <= 1 or len(docs) < POOL_MIN_DOCS:
            for doc in docs:
                outcome = extract_safely(doc)
                bar.update()
                yield doc, outcome
            return
        chunksize = max(1, len(docs) // (workers * CHUNKS_PER_WORKER))
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            for doc, outcome in zip(
                docs, pool.map(extract_safely, docs, chunksize=chunksize), strict=True
            ):
                bar.update()
                yield doc, outcome
    finally:
        bar.close()
