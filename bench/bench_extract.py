"""Extraction throughput on one core (issues 2 and 11): a benchmark, not a timed test.

Three corpora (MB = 10**6 bytes of raw file; 20 MB of seed text, 5 MB each of the others),
each loaded and extracted document by document in this one process, pinned to one CPU:
`etl.facts.load.parse_document` + `etl.facts.extract.extract`, the per-document path the
CLI takes (minus file I/O).

* **seed**: copies of the original articles (the ids of ../shared/gold/seed_facts.csv).
  quantulum3, the usual open-source quantity recogniser (quantities only, no linking), runs
  in the same process on the same documents for a bounded time, so the two throughputs
  compare like with like: `ours_over_quantulum3` is the issue's ratio (target >= 90).
* **dense**: copies of every article of ../shared/corpus (the figure-dense news of the gold).
* **mixed**: an archive-like corpus synthesised from templates of our own (no article text),
  most documents about other things (other countries' trade, sport, weather, companies);
  the relevance gate's skips are counted and printed.

Each copy of an article gets a distinct id and a short distinct trailing line, so no cache
keyed on text or id could make a repeat free. The shared articles are read at run time,
never copied into the repository (set SHARED_DIR to look elsewhere).

Also printed: the profile's top entries (cProfile over a slice of the dense corpus) so the
next person sees the hot path; peak memory per document and the RSS growth over the run
(flat: documents are processed one at a time); a bare `\\d+` scan as the floor.

    python -m bench --only extract        # or: python -m bench.bench_extract
"""

from __future__ import annotations

import cProfile
import csv
import gc
import io
import os
import pstats
import random
import re
import resource
import string
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from etl.facts.extract import extract
from etl.facts.load import LoadError, discover, parse_document

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
MB = 1_000_000
CORPUS_BYTES = 20 * MB  # the seed corpus: the measurement
#: The dense and mixed corpora: large enough for a steady rate, small enough for make bench.
OTHER_CORPUS_BYTES = 5 * MB
TARGET_MB_PER_S = 5.0
TARGET_RATIO = 90.0
#: quantulum3 reads about 0.02-0.1 MB/s: give it this long on the seed documents.
QUANTULUM_SECONDS = 30.0
#: Profile this much of the dense corpus (cProfile slows Python down several times).
PROFILE_BYTES = 2 * MB
PROFILE_TOP = 12
#: Share of the mixed corpus that is about China and Russia.
MIXED_RELEVANT_SHARE = 0.1
MIXED_SEED = 11
DIGITS = re.compile(r"\d+")

Corpus = list[tuple[str, bytes]]


def corpus_files(shared: Path = SHARED) -> list[Path]:
    corpus = shared / "corpus"
    return discover([corpus]) if corpus.is_dir() else []


def seed_ids(shared: Path = SHARED) -> set[str]:
    path = shared / "gold" / "seed_facts.csv"
    if not path.is_file():
        return set()
    with open(path, encoding="utf-8") as handle:
        return {row["doc"] for row in csv.DictReader(handle)}


def _tag(index: int) -> str:
    letters = string.ascii_lowercase
    tag = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        tag = letters[rest] + tag
    return tag


def build_corpus(originals: Corpus, size: int = CORPUS_BYTES) -> Corpus:
    """Copies of the originals, in turn, until `size` bytes; each copy made distinct."""
    corpus: Corpus = []
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


# ---- the mixed corpus: templates of our own, figures drawn at random ----
_OTHER_PAIRS = (
    ("Germany", "France"), ("Japan", "South Korea"), ("Brazil", "Argentina"),
    ("India", "the United States"), ("Canada", "Mexico"), ("Australia", "Indonesia"),
)  # fmt: skip
_OFF_TOPIC = (
    "Trade between {a} and {b} rose {pct:.1f}% to ${bn:.1f} billion in {year}, officials said.",
    "{a}'s exports to {b} reached ${bn:.1f} billion in the first half of {year}.",
    "The {team} beat their rivals {g1}-{g2} on Saturday in front of {crowd:,} fans.",
    "Temperatures in {city} reached {temp} degrees on Tuesday, {pct:.0f}% above the average.",
    "{company} reported revenue of ${bn:.2f} billion for {year}, up {pct:.1f} percent.",
    "The council approved a budget of ${mn:.1f} million for {count} new schools in {city}.",
    "Shares of {company} fell {pct:.1f}% after the results; volume topped {count} million.",
    "A new rail link of {km} km will connect {city} with the coast by {year}.",
)
_ON_TOPIC = (
    "China–Russia trade reached ${bn:.1f} billion in {year}, up {pct:.1f}% on the year.",
    "Russia's exports to China totalled ${bn:.1f} billion in {year}.",
    "The Power of Siberia pipeline carried {bcm:.1f} billion cubic metres of gas in {year}.",
    "Officials in Moscow and Beijing discussed a new bridge and a grain corridor.",
)
_TEAMS = ("Harbour City Rovers", "Northside Athletic", "the Valley Kings")
_CITIES = ("Lisbon", "Ottawa", "Perth", "Osaka", "Leeds", "Porto Alegre")
_COMPANIES = ("Acme Industries", "Nordwind AG", "Pacific Foods", "Kestrel Motors")


def _sentence(template: str, rnd: random.Random) -> str:
    a, b = rnd.choice(_OTHER_PAIRS)
    return template.format(
        a=a, b=b, pct=rnd.uniform(0.5, 40), bn=rnd.uniform(1, 400), mn=rnd.uniform(1, 900),
        year=rnd.randint(2000, 2025), team=rnd.choice(_TEAMS), g1=rnd.randint(0, 5),
        g2=rnd.randint(0, 5), crowd=rnd.randint(2_000, 90_000), city=rnd.choice(_CITIES),
        temp=rnd.randint(-20, 45), company=rnd.choice(_COMPANIES), count=rnd.randint(2, 90),
        km=rnd.randint(20, 900), bcm=rnd.uniform(1, 40),
    )  # fmt: skip


def mixed_corpus(size: int = CORPUS_BYTES, seed: int = MIXED_SEED) -> Corpus:
    """News-like documents of 2-6 KB, most about other things, a tenth about China and Russia."""
    rnd = random.Random(seed)
    corpus: Corpus = []
    total = 0
    while total < size:
        relevant = rnd.random() < MIXED_RELEVANT_SHARE
        paragraphs = []
        for _ in range(rnd.randint(6, 18)):
            pool = _ON_TOPIC if relevant and rnd.random() < 0.5 else _OFF_TOPIC
            if relevant:
                pool = tuple(t for t in pool if "{a}" not in t)  # no third-country trade
            paragraphs.append(" ".join(_sentence(rnd.choice(pool), rnd) for _ in range(3)))
        index = len(corpus)
        front = f"---\nid: mixed-{index:06d}\npublished: 2024-0{1 + index % 9}-15\n---\n"
        data = (front + "\n\n".join(paragraphs) + "\n").encode()
        corpus.append((f"mixed-{index:06d}.md", data))
        total += len(data)
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
    return len(extract(doc).facts)


def run_corpus(corpus: Corpus) -> dict[str, float]:
    """Load and extract every document; seconds, facts and the gate's skips by reason."""
    parse_s = extract_s = 0.0
    facts = 0
    gated: Counter[str] = Counter()
    cpu = time.process_time()
    for name, raw in corpus:
        t0 = time.perf_counter()
        doc = parse_document(raw, name)
        t1 = time.perf_counter()
        result = extract(doc)
        t2 = time.perf_counter()
        facts += len(result.facts)
        if result.skipped is not None:
            gated[result.skipped.name] += 1
        parse_s += t1 - t0
        extract_s += t2 - t1
    cpu = time.process_time() - cpu
    size = sum(len(raw) for _, raw in corpus)
    return {
        "mb": size / MB,
        "documents": len(corpus),
        "seconds": parse_s + extract_s,
        "cpu_seconds": cpu,
        "mb_per_cpu_s": size / MB / cpu,
        "load_seconds": parse_s,
        "extract_seconds": extract_s,
        "mb_per_s": size / MB / (parse_s + extract_s),
        "facts": facts,
        "gate_skipped": sum(gated.values()),
        **{f"gate_skipped_{reason}": count for reason, count in sorted(gated.items())},
    }


def quantulum3_rate(corpus: Corpus, seconds: float = QUANTULUM_SECONDS) -> dict[str, float]:
    """quantulum3 on the same documents, in order, until `seconds` have passed."""
    import warnings

    warnings.filterwarnings("ignore", module="quantulum3")  # no optional classifier: fine
    from quantulum3 import parser

    parser.parse("warm up: 5 km")
    done = 0
    quantities = 0
    start, cpu = time.perf_counter(), time.process_time()
    for name, raw in corpus:
        quantities += len(parser.parse(parse_document(raw, name).text))
        done += len(raw)
        if time.perf_counter() - start >= seconds:
            break
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "mb": done / MB,
        "seconds": elapsed,
        "mb_per_s": done / MB / elapsed,
        "cpu_seconds": cpu,
        "mb_per_cpu_s": done / MB / cpu,
        "found": quantities,
    }


def profile_top(corpus: Corpus, size: int = PROFILE_BYTES, top: int = PROFILE_TOP) -> str:
    """cProfile's top entries by own time over the first `size` bytes of the corpus."""
    sample: Corpus = []
    total = 0
    for item in corpus:
        sample.append(item)
        total += len(item[1])
        if total >= size:
            break
    profiler = cProfile.Profile()
    profiler.enable()
    for name, raw in sample:
        extract(parse_document(raw, name))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    first = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[first : first + top + 1])


def _timed(
    label: str, action: Callable[[Corpus], dict[str, float]], corpus: Corpus
) -> dict[str, float]:
    gc.collect()
    result = action(corpus)
    extra = ""
    if "gate_skipped" in result:
        extra = (
            f"; relevance gate skipped {result['gate_skipped']:.0f} of {result['documents']:.0f}"
        )
    rate, size, seconds = result["mb_per_s"], result["mb"], result["seconds"]
    cpu_rate = result["mb_per_cpu_s"]
    print(
        f"{label}: {rate:.3f} MB/s, {cpu_rate:.3f} MB per CPU second "
        f"({size:.1f} MB in {seconds:.1f} s){extra}"
    )
    return result


def run() -> dict[str, float | str]:
    files = corpus_files()
    if not files:
        message = f"skipped: no articles in {SHARED / 'corpus'} (../shared is absent)"
        print(message)
        return {"status": message}
    originals = [(path.name, path.read_bytes()) for path in files]
    seeds = seed_ids()
    seed_originals = [(n, raw) for n, raw in originals if Path(n).stem in seeds] or originals
    core = pin_to_one_core()
    print(
        f"{len(originals)} articles ({len(seed_originals)} seed) from {SHARED / 'corpus'}; {core}"
    )

    # warm-up (imports, catalog and cue compilation) and the per-document memory peak
    facts_per_pass = sum(_load_and_extract(name, raw) for name, raw in originals)
    peak_traced = 0
    for name, raw in originals:
        tracemalloc.start()
        _load_and_extract(name, raw)
        peak_traced = max(peak_traced, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()

    seed = build_corpus(seed_originals)
    rss_before = _max_rss_mb()
    ours = _timed("seed, ours (load+extract)", run_corpus, seed)
    try:
        theirs = _timed("seed, quantulum3 (parse)", quantulum3_rate, seed)
    except ImportError:
        theirs = {}
        print("quantulum3 is not installed (make bench installs the bench extra)")
    # CPU time is the fair clock on a shared machine: other work stretches wall time
    # unevenly between the two runs (both run pinned to the same CPU, one after the other)
    ratio = ours["mb_per_cpu_s"] / theirs["mb_per_cpu_s"] if theirs else float("nan")
    wall_ratio = ours["mb_per_s"] / theirs["mb_per_s"] if theirs else float("nan")
    print(
        f"ours / quantulum3 = {ratio:.0f}x by CPU time ({wall_ratio:.0f}x by wall time) on the "
        f"same documents (target >= {TARGET_RATIO:.0f}x)"
    )
    del seed

    dense = build_corpus(originals, OTHER_CORPUS_BYTES)
    dense_result = _timed("dense, all shared articles", run_corpus, dense)
    mixed = mixed_corpus(OTHER_CORPUS_BYTES)
    mixed_result = _timed("mixed, mostly off topic", run_corpus, mixed)
    rss_after = _max_rss_mb()

    texts = [raw.decode("utf-8", errors="replace") for _, raw in dense]
    t0 = time.perf_counter()
    digit_runs = sum(1 for text in texts for _ in DIGITS.finditer(text))
    scan_mb_per_s = dense_result["mb"] / (time.perf_counter() - t0)
    del texts

    print(
        f"\nprofile, top {PROFILE_TOP} by own time over {PROFILE_BYTES / MB:.0f} MB "
        "of the dense corpus:"
    )
    print(profile_top(dense))
    print(
        f"\nmemory: tracemalloc peak {peak_traced / 2**20:.2f} MiB per document; "
        f"max RSS {rss_after:.1f} MiB (grew {rss_after - rss_before:.1f} MiB over three corpora)"
    )
    figures: dict[str, float | str] = {
        "seed_mb": round(ours["mb"], 2),
        "seed_mb_per_s": round(ours["mb_per_s"], 3),
        "seed_mb_per_cpu_s": round(ours["mb_per_cpu_s"], 3),
        "quantulum3_mb_per_s": round(theirs.get("mb_per_s", float("nan")), 4),
        "quantulum3_mb_per_cpu_s": round(theirs.get("mb_per_cpu_s", float("nan")), 4),
        "quantulum3_mb_read": round(theirs.get("mb", 0.0), 2),
        "ours_over_quantulum3": round(ratio, 1),
        "ours_over_quantulum3_wall": round(wall_ratio, 1),
        "target_ratio": TARGET_RATIO,
        "meets_ratio": "yes" if ratio >= TARGET_RATIO else "no",
        "dense_mb": round(dense_result["mb"], 2),
        "dense_documents": dense_result["documents"],
        "dense_mb_per_s": round(dense_result["mb_per_s"], 3),
        "dense_mb_per_cpu_s": round(dense_result["mb_per_cpu_s"], 3),
        "dense_load_seconds": round(dense_result["load_seconds"], 2),
        "dense_extract_seconds": round(dense_result["extract_seconds"], 2),
        "dense_facts": dense_result["facts"],
        "facts_per_pass_of_articles": facts_per_pass,
        "mixed_mb": round(mixed_result["mb"], 2),
        "mixed_documents": mixed_result["documents"],
        "mixed_mb_per_s": round(mixed_result["mb_per_s"], 3),
        "mixed_mb_per_cpu_s": round(mixed_result["mb_per_cpu_s"], 3),
        "mixed_gate_skipped": mixed_result["gate_skipped"],
        "mixed_facts": mixed_result["facts"],
        "target_mb_per_s": TARGET_MB_PER_S,
        "peak_traced_mib_per_document": round(peak_traced / 2**20, 2),
        "peak_rss_mib": round(rss_after, 1),
        "rss_growth_mib": round(rss_after - rss_before, 1),
        "digit_scan_mb_per_s": round(scan_mb_per_s, 1),
        "digit_runs": digit_runs,
        "cores": core,
    }
    for key, value in mixed_result.items():
        if key.startswith("gate_skipped_"):
            figures[f"mixed_{key}"] = value
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
