"""Extraction throughput on one core (issue 2, item 7): a benchmark, not a timed test.

Builds a corpus of at least 20 MB (MB = 10**6 bytes of raw file) by repeating the shared
articles of ../shared/corpus (read at run time, never copied into the repository; set
SHARED_DIR to look elsewhere), then loads and extracts every document in this one process,
pinned to one CPU: `etl.facts.load.parse_document` + `etl.facts.extract.extract_document`, the same
per-document path the CLI takes (minus file I/O, which is not what is measured).

Each copy of an article gets a distinct id and a short distinct trailing line of letters,
so no cache keyed on text or id could make a repeat free.

Figures:
* `mb_per_s`: raw megabytes per second through load + extract (the target is >= 5).
* `peak_traced_mib_per_document`: tracemalloc peak of Python allocations while one document
  is loaded and extracted, the largest over one pass of the articles (a separate, untimed
  pass: tracemalloc slows Python down).
* `peak_rss_mib` / `rss_growth_mib`: the process's maximum resident set size
  (resource.getrusage ru_maxrss) after the timed run, and how much that maximum grew during
  it. The corpus bytes are already in memory before the run; documents are processed one
  at a time and their facts dropped, so growth measures the extractor, not the corpus.
* `digit_scan_mb_per_s`: a bare `re` scan for runs of digits over the same text, the floor
  any extractor is compared with.

    python -m bench --only extract        # or: python -m bench.bench_extract
"""

from __future__ import annotations

import gc
import os
import re
import resource
import string
import sys
import time
import tracemalloc
from pathlib import Path

from etl.facts.extract import extract_document
from etl.facts.load import LoadError, discover, parse_document

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
MB = 1_000_000
CORPUS_BYTES = 20 * MB
TARGET_MB_PER_S = 5.0
DIGITS = re.compile(r"\d+")


def corpus_files(shared: Path = SHARED) -> list[Path]:
    corpus = shared / "corpus"
    return discover([corpus]) if corpus.is_dir() else []


def _tag(index: int) -> str:
    letters = string.ascii_lowercase
    tag = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        tag = letters[rest] + tag
    return tag


def build_corpus(
    originals: list[tuple[str, bytes]], size: int = CORPUS_BYTES
) -> list[tuple[str, bytes]]:
    """Copies of the originals, in turn, until `size` bytes; each copy made distinct."""
    corpus: list[tuple[str, bytes]] = []
    total = 0
    copy = 0
    while total < size:
        for name, raw in originals:
            stem, _, suffix = name.rpartition(".")
            tag = _tag(copy)
            data = raw + f"\n\nCopy {tag}.\n".encode()
            corpus.append((f"{stem}-copy-{tag}.{suffix}", data))
            total += len(data)
        copy += 1
    return corpus


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "one process (no CPU affinity on this platform)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"one process pinned to CPU {cpu}"


def _max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / (1024 * 1024)  # KiB on Linux


def _load_and_extract(name: str, raw: bytes) -> int:
    try:
        doc = parse_document(raw, name)
    except LoadError as error:
        print(f"  {error}")
        return 0
    return len(extract_document(doc))


def run() -> dict[str, float | str]:
    files = corpus_files()
    if not files:
        message = f"skipped: no articles in {SHARED / 'corpus'} (../shared is absent)"
        print(message)
        return {"status": message}
    originals = [(path.name, path.read_bytes()) for path in files]
    core = pin_to_one_core()
    print(f"{len(originals)} articles from {SHARED / 'corpus'}; {core}")

    # warm-up (imports, catalog and cue compilation) and the per-document memory peak
    facts_per_pass = sum(_load_and_extract(name, raw) for name, raw in originals)
    peak_traced = 0
    for name, raw in originals:
        tracemalloc.start()
        _load_and_extract(name, raw)
        peak_traced = max(peak_traced, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()

    corpus = build_corpus(originals)
    corpus_bytes = sum(len(raw) for _, raw in corpus)
    print(f"corpus: {len(corpus)} documents, {corpus_bytes / MB:.1f} MB")

    gc.collect()
    rss_before = _max_rss_mb()
    parse_s = extract_s = 0.0
    facts = 0
    for name, raw in corpus:
        t0 = time.perf_counter()
        doc = parse_document(raw, name)
        t1 = time.perf_counter()
        facts += len(extract_document(doc))
        t2 = time.perf_counter()
        parse_s += t1 - t0
        extract_s += t2 - t1
    rss_after = _max_rss_mb()
    seconds = parse_s + extract_s

    texts = [raw.decode("utf-8", errors="replace") for _, raw in corpus]
    t0 = time.perf_counter()
    digit_runs = sum(1 for text in texts for _ in DIGITS.finditer(text))
    scan_s = time.perf_counter() - t0

    mb_per_s = corpus_bytes / MB / seconds
    scan_mb_per_s = corpus_bytes / MB / scan_s
    figures: dict[str, float | str] = {
        "corpus_mb": round(corpus_bytes / MB, 2),
        "documents": len(corpus),
        "articles": len(originals),
        "facts": facts,
        "facts_per_pass_of_articles": facts_per_pass,
        "seconds": round(seconds, 2),
        "load_seconds": round(parse_s, 2),
        "extract_seconds": round(extract_s, 2),
        "mb_per_s": round(mb_per_s, 3),
        "target_mb_per_s": TARGET_MB_PER_S,
        "meets_target": "yes" if mb_per_s >= TARGET_MB_PER_S else "no",
        "peak_traced_mib_per_document": round(peak_traced / 2**20, 2),
        "peak_rss_mib": round(rss_after, 1),
        "rss_growth_mib": round(rss_after - rss_before, 1),
        "digit_scan_mb_per_s": round(scan_mb_per_s, 1),
        "digit_runs": digit_runs,
        "digit_scan_over_extract": round(scan_mb_per_s / mb_per_s, 1),
        "cores": core,
    }
    print(
        f"load+extract: {mb_per_s:.3f} MB/s on one core ({seconds:.1f} s for "
        f"{corpus_bytes / MB:.1f} MB; target {TARGET_MB_PER_S} MB/s: "
        f"{figures['meets_target']}); bare digit scan: {scan_mb_per_s:.1f} MB/s"
    )
    print(
        f"memory: tracemalloc peak {peak_traced / 2**20:.2f} MiB per document; "
        f"max RSS {rss_after:.1f} MiB (grew {rss_after - rss_before:.1f} MiB during the run)"
    )
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
