"""Refresh time for one new article added to a 5,000-document corpus (issue 3, item 4).

The corpus is synthesised in a temporary directory from templates with varied figures (no
article text). A first refresh warms the extraction cache and writes the corpus index; the
figure that matters is the refresh after adding one article, which reads and extracts only
that article (issue 11: under 2 s). CPU seconds are printed beside wall seconds: on a
machine shared with other work the wall clock also counts their turns.

    python -m bench.bench_refresh        # or via `make bench`
"""

from __future__ import annotations

import contextlib
import io
import random
import tempfile
import time
from pathlib import Path

from etl.tables.refresh import RefreshResult, run_refresh

DOCS = 5_000
TARGET_S = 2.0
SEED = 20_240_101
_TEMPLATES = (
    "China–Russia trade reached ${value:.1f} billion in {year}, up {growth:.1f}% on the year.",
    "Trade between Russia and China was ${value:.2f} billion in {year}.",
    "Bilateral trade between China and Russia fell {drop:.1f} percent in {year} to "
    "${value:.1f} billion.",
    "Russia's exports to China totalled ${exports:.1f} billion in {year}.",
    "The Power of Siberia pipeline carries up to {capacity} billion cubic metres of gas a year.",
    "Officials met in {city} to discuss a new bridge and a grain corridor.",
)
_CITIES = ("Harbin", "Vladivostok", "Blagoveshchensk", "Heihe", "Manzhouli")


def article(index: int, rnd: random.Random) -> str:
    year = rnd.randint(1995, 2030)
    figures = {
        "value": rnd.uniform(20, 300),
        "growth": rnd.uniform(0.5, 40),
        "drop": rnd.uniform(0.5, 30),
        "exports": rnd.uniform(10, 150),
        "capacity": rnd.choice((38, 61)),
        "city": rnd.choice(_CITIES),
        "year": year,
    }
    sentences = [t.format(**figures) for t in rnd.sample(_TEMPLATES, k=3)]
    front = f"---\nid: synthetic-{index:05d}\npublished: {min(year + 1, 2031)}-03-01\n---\n"
    return front + "\n\n".join(sentences) + "\n"


def write_corpus(corpus: Path, docs: int, seed: int = SEED) -> None:
    rnd = random.Random(seed)
    for index in range(docs):
        (corpus / f"synthetic-{index:05d}.md").write_text(article(index, rnd), encoding="utf-8")


def _timed_refresh(corpus: Path, out: Path, cache: Path) -> tuple[float, float, RefreshResult]:
    """Wall seconds, this process's CPU seconds (the share a busy shared machine cannot
    inflate; a refresh that extracts one article does it in this process) and the result."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        start, cpu = time.perf_counter(), time.process_time()
        result = run_refresh(corpus, out, cache_dir=cache, progress=False)
        return time.perf_counter() - start, time.process_time() - cpu, result


def run() -> dict[str, float | str]:
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        root = Path(tmp)
        corpus, out, cache = root / "corpus", root / "data" / "tables", root / "data" / "cache"
        corpus.mkdir()
        write_corpus(corpus, DOCS)
        cold, _, first = _timed_refresh(corpus, out, cache)
        unchanged, unchanged_cpu, _ = _timed_refresh(corpus, out, cache)
        (corpus / "synthetic-new.md").write_text(
            article(DOCS, random.Random(SEED + 1)), encoding="utf-8"
        )
        one_new, one_new_cpu, result = _timed_refresh(corpus, out, cache)
        print(
            f"one new article in {DOCS} documents: {one_new:.2f} s "
            f"({one_new_cpu:.2f} s of CPU in this process; target < {TARGET_S} s)"
        )
        return {
            "corpus_docs": float(DOCS),
            "cold_refresh_s": round(cold, 3),
            "unchanged_refresh_s": round(unchanged, 3),
            "unchanged_refresh_cpu_s": round(unchanged_cpu, 3),
            "one_new_article_refresh_s": round(one_new, 3),
            "one_new_article_refresh_cpu_s": round(one_new_cpu, 3),
            "target_s": TARGET_S,
            "meets_target": "yes" if one_new < TARGET_S else "no",
            "re_extracted_docs": float(result.extracted),
            "facts": float(first.manifest["tables"]["facts"]["rows"]),
            "observations": float(result.manifest["tables"]["observations"]["rows"]),
        }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
