"""Where extraction runs: this machine (`local`: a process pool) or a Dask cluster (`dask`).

Both map the same pure per-document work over the documents a refresh has to extract and
hand back, for each, its facts or the reason it failed; everything else — the cache, the
tables, validation and the atomic publish — stays on the driver, so the published tables
are byte for byte the same whichever engine ran.

`dask` loads and extracts each document on a worker (`load_and_extract`): the worker reads
the file at the path the driver found, checks it is the version the driver hashed (a file
changed in between is an error for that document, never a silent mix), and extracts it. The
cluster is a `distributed.LocalCluster` on this machine unless a scheduler address is given
(`--scheduler tcp://host:8786`); workers of a real cluster must see the corpus at the same
path and have this package installed. A worker that dies mid-run has its tasks rerun on
another (Dask's own retry); if the cluster cannot finish, the refresh fails and the previous
tables stay as they were.

Both count the documents the relevance gate skipped and say so on stderr.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from etl.facts import extract
from etl.facts.load import DEFAULT_MAX_BYTES, LoadError, load_document
from etl.model import Document
from etl.tables.pool import CHUNKS_PER_WORKER, Outcome, extract_many, extract_safely

ENGINES = ("local", "dask")


class EngineError(Exception):
    """The engine could not run (no cluster, lost workers): nothing was published."""


class Engine(Protocol):
    name: str

    def extract_many(
        self, docs: Sequence[Document], progress: bool = True
    ) -> Iterator[tuple[Document, Outcome]]:
        """Each document with its outcome (any order)."""
        ...


def _gate_summary(gated: Counter[str], engine: str) -> None:
    if gated:
        reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(gated.items()))
        total = sum(gated.values())
        print(
            f"relevance gate ({engine}): {total} document(s) skipped ({reasons})",
            file=sys.stderr,
            flush=True,
        )


def _count_gate(doc: Document, outcome: Outcome, gated: Counter[str]) -> None:
    facts, _ = outcome
    if facts == []:  # only a document without facts can have been skipped by the gate
        reason = extract.skip_reason(doc)
        if reason is not None:
            gated[reason.value] += 1


@dataclass
class LocalEngine:
    """A process pool on this machine (one process for a handful of documents)."""

    workers: int | None = None
    name: str = "local"

    def extract_many(
        self, docs: Sequence[Document], progress: bool = True
    ) -> Iterator[tuple[Document, Outcome]]:
        gated: Counter[str] = Counter()
        for doc, outcome in extract_many(docs, self.workers, progress):
            _count_gate(doc, outcome, gated)
            yield doc, outcome
        _gate_summary(gated, self.name)


def load_and_extract_batch(items: Sequence[tuple[str, str]]) -> list[Outcome]:
    """On a worker: `load_and_extract` for each (path, sha256) of a batch."""
    return [load_and_extract(path, sha256) for path, sha256 in items]


def load_and_extract(path: str, sha256: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Outcome:
    """On a worker: load the file, check it is the version the driver saw, extract it."""
    try:
        doc = load_document(path, max_bytes)
    except LoadError as exc:
        return None, f"could not be loaded on the worker ({exc})"
    if doc.sha256 != sha256:
        return None, "changed while the refresh ran (its sha256 differs); run it again"
    return extract_safely(doc)


@dataclass
class DaskEngine:
    """Dask: a LocalCluster of `workers` processes, or the scheduler at `scheduler`."""

    scheduler: str | None = None
    workers: int | None = None
    name: str = "dask"

    def extract_many(
        self, docs: Sequence[Document], progress: bool = True
    ) -> Iterator[tuple[Document, Outcome]]:
        if not docs:
            return
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError as exc:  # pragma: no cover - declared in pyproject
            raise EngineError("the dask engine needs the distributed package installed") from exc
        from etl.tables.pool import default_workers

        gated: Counter[str] = Counter()
        cluster = None
        try:
            if self.scheduler:
                client = Client(self.scheduler, timeout="30s")
            else:
                cluster = LocalCluster(
                    n_workers=self.workers or default_workers(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,  # a refresh prints its own lines
                )
                client = Client(cluster)
        except OSError as exc:
            raise EngineError(f"could not reach a Dask scheduler ({exc})") from exc
        try:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            address = client.scheduler.address
            print(
                f"dask: {len(docs)} document(s) on {workers} worker(s) at {address}",
                file=sys.stderr,
                flush=True,
            )
            # a task per batch of documents: Dask's per-task cost (about a millisecond)
            # would otherwise rival extracting a short article
            size = max(1, len(docs) // (workers * CHUNKS_PER_WORKER))
            batches = [docs[i : i + size] for i in range(0, len(docs), size)]
            by_key = {}
            futures = []
            for batch in batches:
                items = [(doc.path, doc.sha256) for doc in batch]
                future = client.submit(load_and_extract_batch, items, pure=False)
                by_key[future.key] = batch
                futures.append(future)
            for future in as_completed(futures):
                batch = by_key[future.key]
                try:
                    outcomes: list[Outcome] = future.result()
                except Exception as exc:  # a task the cluster gave up on (lost workers)
                    raise EngineError(
                        f"the cluster could not extract {batch[0].path} and "
                        f"{len(batch) - 1} more ({exc.__class__.__name__}: {exc})"
                    ) from exc
                for doc, outcome in zip(batch, outcomes, strict=True):
                    _count_gate(doc, outcome, gated)
                    yield doc, outcome
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        _gate_summary(gated, self.name)


def make_engine(name: str, workers: int | None = None, scheduler: str | None = None) -> Engine:
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(scheduler, workers)
    raise EngineError(f"unknown engine {name!r} (engines: {', '.join(ENGINES)})")
