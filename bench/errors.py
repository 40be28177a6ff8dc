"""List the extractor's false positives and misses on one set, document by document.

    python -m bench.errors dev_half          # the development half of ../shared/corpus
    python -m bench.errors probe_energy      # one of our probe sets (tests/etl/facts/...)
    python -m bench.errors phrasebook        # ../shared/phrasebook
    python -m bench.errors PATH              # any folder holding corpus/ and gold.csv

Matching follows the contract's scorer (doc, metric, entity and period equal; value within
0.5 %). A false positive is printed with the figure as written and the sentence around it
(read from the article at run time, never stored), so the rule that produced it can be
found. The check half of the shared corpus is refused on purpose: rules are written against
the development half, and the check half only says whether they generalise.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from bench.score import (
    ARTICLE_SETS,
    CLASS_SETS,
    CORPUS,
    GOLD,
    REPO,
    corpus_docs,
    half_of,
)

#: Relative tolerance of the contract's value match.
VALUE_TOLERANCE = 0.005
#: Characters of context printed either side of a false positive.
CONTEXT_CHARS = 110

Key = tuple[str, str, str, str]


def _key(row: Mapping[str, object]) -> Key:
    def norm(value: object) -> str:
        return "" if value is None else str(value).strip()

    return (norm(row["doc"]), norm(row["metric"]), norm(row["entity"]), norm(row["period"]))


def _close(a: float, b: float) -> bool:
    return abs(a) < 1e-9 if b == 0 else abs(a - b) <= VALUE_TOLERANCE * abs(b)


def _set(name: str) -> tuple[Path, list[dict[str, str]], set[str]]:
    """(corpus folder, gold rows, document ids) of a named set or folder."""
    if name == "check_half":
        raise SystemExit("the check half is for measuring, not for writing rules against")
    if name == "dev_half":
        docs = {d for d, p in corpus_docs().items() if half_of(p) == "dev"}
        with (GOLD / "facts.csv").open(encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["doc"] in docs]
        return CORPUS, rows, docs
    folder = (ARTICLE_SETS | CLASS_SETS).get(name, Path(name))
    with (folder / "gold.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    corpus = folder / "corpus"
    return corpus, rows, {p.stem for p in corpus.iterdir() if p.is_file()}


def _records(corpus: Path, docs: set[str]) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "extract", str(corpus), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return [r for r in records if str(r["doc"]) in docs]


def _context(corpus: Path, record: dict[str, object]) -> str:
    paths = [p for p in corpus.iterdir() if p.stem == record["doc"]]
    start, end = record.get("start"), record.get("end")
    if not paths or not isinstance(start, int) or not isinstance(end, int):
        return ""
    from etl.facts.load import load_document  # the text offsets refer to

    text = load_document(paths[0]).text
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "set", help="dev_half, probes, probe_articles, probe_energy, phrasebook or a folder"
    )
    parser.add_argument("--no-context", action="store_true", help="do not print sentences")
    args = parser.parse_args(argv)
    corpus, gold, docs = _set(args.set)
    records = _records(corpus, docs)
    used = [False] * len(records)
    misses: list[dict[str, str]] = []
    for row in gold:
        for i, record in enumerate(records):
            value = float(str(record["value"]))
            if not used[i] and _key(record) == _key(row) and _close(value, float(row["value"])):
                used[i] = True
                break
        else:
            misses.append(row)
    false_positives = [r for i, r in enumerate(records) if not used[i]]
    for doc in sorted(docs):
        fps = [r for r in false_positives if r["doc"] == doc]
        fns = [r for r in misses if r["doc"] == doc]
        if not fps and not fns:
            continue
        print(f"== {doc}")
        for row in fns:
            entity = row["entity"] or "-"
            print(f"  FN {row['metric']} {entity} {row['value']} {row['unit']} {row['period']}")
        for record in fps:
            print(
                f"  FP {record['metric']} {record['entity'] or '-'} {record['value']} "
                f"{record['unit']} {record['period']} ({record['surface']})"
            )
            if not args.no_context:
                print(f"     {_context(corpus, record)}")
    tp = len(records) - len(false_positives)
    print(f"tp {tp}  fp {len(false_positives)}  fn {len(misses)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
