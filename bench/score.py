"""`make score`: extraction precision and recall on ../shared, printed by a command.

    python -m bench.score                   # scores, first-seen table, ratchet status
    python -m bench.score --raise-ratchet   # also raise the ratchet to today's scores

Groups scored with the contract's scorer (../shared/tools/score_facts.py):

- the five seed articles, the 28 original articles, the 21 added last, all 49;
- a development half and a check half of the corpus, split by publisher (a stable hash of
  the `publisher:` front-matter field, so one outlet never sits in both halves). Rules are
  written against the development half; the check half says whether they generalise;
- the phrasebook and our own blind short-document sets (`tests/etl/facts/probes*/`), per
  class (../shared/tools/score_by_class.py), and our own blind article sets
  (`tests/etl/facts/probe_articles*/`, `probe_energy/`), one group each. Each was written by a
  team member who never saw the rules; the last three were held out and scored once at the
  end of the session that wrote them. Their README.md files say how each was made.

Every document of a group counts, including those with no gold fact (their records are
false positives). The first-seen table (`bench/first_seen.yaml`) records what each batch of
articles scored the first time the extractor saw it, before any rule was written for it;
those rows are history and never change. The ratchet (`tests/etl/facts/ratchet.yaml`)
holds the best score reached so far per group; `tests/etl/facts/test_corpus.py` fails when
a score falls below it, and only `--raise-ratchet` changes it, upwards.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
PHRASEBOOK = SHARED / "phrasebook"
SCORER = SHARED / "tools" / "score_facts.py"
CLASS_SCORER = SHARED / "tools" / "score_by_class.py"
FIRST_SEEN = REPO / "bench" / "first_seen.yaml"
RATCHET = REPO / "tests" / "etl" / "facts" / "ratchet.yaml"
PROBE_ROOT = REPO / "tests" / "etl" / "facts"


def _arrival(folder: Path) -> tuple[str, int]:
    """'probe_articles10' after 'probe_articles9': the name, then its number."""
    stem = folder.name.rstrip("0123456789")
    return stem, int(folder.name[len(stem) :] or 1)


#: Our own blind sets, written without sight of the rules (bench/first_seen.yaml has each
#: one's first score): every folder under tests/etl/facts with a corpus and a gold.csv, so a
#: new set is scored by being added. Short-document sets ("probes*") score per class (the id
#: prefix), like the phrasebook; article sets score as one group each.
_SETS = sorted(
    (f for f in PROBE_ROOT.iterdir() if (f / "corpus").is_dir() and (f / "gold.csv").is_file()),
    key=_arrival,
)
ARTICLE_SETS = {f.name: f for f in _SETS if not f.name.startswith("probes")}
CLASS_SETS = {"phrasebook": PHRASEBOOK} | {f.name: f for f in _SETS if f.name.startswith("probes")}
#: The ratchet compares at the scorer's printed precision (three decimals).
EPSILON = 1e-9


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    tp: int
    fp: int
    fn: int

    def line(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def _parse(last_line: str) -> Score:
    figures = dict(re.findall(r"(\w+)=([\d.]+)", last_line))
    return Score(
        float(figures["precision"]),
        float(figures["recall"]),
        int(figures["tp"]),
        int(figures["fp"]),
        int(figures["fn"]),
    )


def extract_jsonl(corpus: Path, out: Path) -> Path:
    """Run the contract's interface on a folder; the records go to `out`."""
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "extract", str(corpus), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    out.write_text(proc.stdout, encoding="utf-8")
    return out


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---"):
        return {}
    block = text.split("\n---", 2)[0].removeprefix("---")
    data = yaml.safe_load(block)
    return data if isinstance(data, dict) else {}


def corpus_docs(corpus: Path = CORPUS) -> dict[str, str]:
    """Document id -> publisher, for every article of the shared corpus."""
    docs: dict[str, str] = {}
    for path in sorted(corpus.iterdir()):
        if path.suffix not in (".txt", ".md", ".html"):
            continue
        meta = front_matter(path)
        docs[str(meta.get("id") or path.stem)] = str(meta.get("publisher") or "unknown")
    return docs


def half_of(publisher: str) -> str:
    """'dev' or 'check': a stable split by publisher, independent of file order."""
    digest = hashlib.sha256(publisher.strip().lower().encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "check"


def gold_rows(name: str) -> list[dict[str, str]]:
    with (GOLD / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def score_group(rows: list[dict[str, str]], docs: Iterable[str], facts: Path, tmp: Path) -> Score:
    """Score `facts` against `rows` restricted to `docs`; every doc of the group counts."""
    doc_set = set(docs)
    gold = tmp / f"gold-{hashlib.sha256(''.join(sorted(doc_set)).encode()).hexdigest()[:8]}.csv"
    fields = list(rows[0].keys()) if rows else ["doc"]
    with gold.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(r for r in rows if r["doc"] in doc_set)
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(facts), "--docs=" + ",".join(sorted(doc_set))],
        capture_output=True,
        text=True,
        check=True,
    )
    return _parse(proc.stdout.strip().splitlines()[-1])


def score_by_class(facts: Path, folder: Path) -> dict[str, Score]:
    """Per class (document id prefix) and `all`, for a folder with corpus/ and gold.csv."""
    gold, corpus = folder / "gold.csv", folder / "corpus"
    proc = subprocess.run(
        [sys.executable, str(CLASS_SCORER), str(gold), str(facts), str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    scores: dict[str, Score] = {}
    for line in proc.stdout.strip().splitlines():
        match = re.match(r"class=(\S+)", line)
        if match:
            scores[match.group(1)] = _parse(line)
    return scores


def corpus_scores(tmp: Path) -> dict[str, Score]:
    """Every group's score, keyed by the names the ratchet uses."""
    facts = extract_jsonl(CORPUS, tmp / "corpus.jsonl")
    docs = corpus_docs()
    all_rows = gold_rows("facts.csv")
    added = {r["doc"] for r in gold_rows("part2_facts.csv")}
    seeds = {r["doc"] for r in gold_rows("seed_facts.csv")}
    groups = {
        "seeds": seeds,
        "original_28": set(docs) - added,
        "added_21": added,
        "all_49": set(docs),
        "dev_half": {d for d, p in docs.items() if half_of(p) == "dev"},
        "check_half": {d for d, p in docs.items() if half_of(p) == "check"},
    }
    scores = {name: score_group(all_rows, members, facts, tmp) for name, members in groups.items()}
    for name, folder in ARTICLE_SETS.items():
        facts = extract_jsonl(folder / "corpus", tmp / f"{name}.jsonl")
        with (folder / "gold.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        docs = {p.stem for p in (folder / "corpus").iterdir()}
        scores[name] = score_group(rows, docs, facts, tmp)
    for name, folder in CLASS_SETS.items():
        facts = extract_jsonl(folder / "corpus", tmp / f"{name}.jsonl")
        for cls, result in score_by_class(facts, folder).items():
            scores[f"{name}_{cls}"] = result
    return scores


def load_ratchet() -> dict[str, dict[str, float]]:
    data = yaml.safe_load(RATCHET.read_text(encoding="utf-8")) or {}
    return {str(group): {m: float(v) for m, v in bars.items()} for group, bars in data.items()}


def below_ratchet(scores: dict[str, Score], ratchet: dict[str, dict[str, float]]) -> list[str]:
    """Every group whose precision or recall fell below its ratchet, as readable lines."""
    problems = []
    for group, bars in ratchet.items():
        if group not in scores:
            problems.append(f"{group}: not scored")
            continue
        got = scores[group]
        for measure in ("precision", "recall"):
            if getattr(got, measure) + EPSILON < bars[measure]:
                problems.append(f"{group}: {measure} {getattr(got, measure):.3f} < {bars[measure]}")
    return problems


def raise_ratchet(scores: dict[str, Score], ratchet: dict[str, dict[str, float]]) -> bool:
    """Raise each ratcheted group to today's score where it is higher; never lower one. A
    group scored for the first time (a new probe set) enters at today's score."""
    changed = False
    for group in scores:
        ratchet.setdefault(group, {"precision": 0.0, "recall": 0.0})
    for group, bars in ratchet.items():
        for measure in ("precision", "recall"):
            now = round(getattr(scores[group], measure), 3)
            if now > bars[measure] + EPSILON:
                bars[measure], changed = now, True
    if changed:
        header = RATCHET.read_text(encoding="utf-8").split("\n\n", 1)[0]
        body = yaml.safe_dump(ratchet, sort_keys=False)
        RATCHET.write_text(f"{header}\n\n{body}", encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raise-ratchet", action="store_true")
    args = parser.parse_args(argv)
    if not (CORPUS.is_dir() and SCORER.is_file()):
        print(f"../shared not found at {SHARED}: nothing to score", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        scores = corpus_scores(Path(tmp))
    width = max(len(g) for g in scores)
    print("Extraction on ../shared (contract's scorer; every document of a group counts):")
    for group, result in scores.items():
        print(f"  {group:<{width}}  {result.line()}")
    print("\nFirst seen (each batch's score before any rule was written for it):")
    for row in yaml.safe_load(FIRST_SEEN.read_text(encoding="utf-8")):
        print(f"  {row['when']}  {row['batch']}: P {row['precision']:.3f}  R {row['recall']:.3f}")
    ratchet = load_ratchet()
    problems = below_ratchet(scores, ratchet)
    print("\nRatchet (tests/etl/facts/ratchet.yaml):", "held" if not problems else "BROKEN")
    for line in problems:
        print("  " + line)
    if args.raise_ratchet and not problems and raise_ratchet(scores, ratchet):
        print("  raised to today's scores")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
