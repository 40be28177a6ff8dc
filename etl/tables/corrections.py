"""Corrections that survive refresh: `data/corrections.yaml`, reviewed in git like the rest
of `data/`.

Each entry is a person's decision about one extracted fact: `reject` it, `correct` its
value, period, metric, direction or status, or `confirm` it. An entry is keyed by where the
figure is, not by what the machine made of it, so it still applies after re-extraction and
after the article is read again:

* `sha256`: the document's bytes (an edited article no longer matches: reported);
* `sentence_sha256`: the evidence sentence's hash (the tables' `facts.sentence_sha256`);
* `figure`: the figure as written (`facts.surface`, e.g. "$60.2 billion");
* `metric` and `period` as extracted, to tell apart two facts read off one figure.

A fact matches when its document, sentence and figure match and its metric and period are
the ones extracted (or already the corrected ones: facts carried over from published tables
have them). An entry that matches nothing is **stale**: named on stderr, in the change
report, in the `reviews` table and on the *What changed* page, never dropped silently.

Writes (`decide`) hold a file lock and replace the file atomically (temporary file, fsync,
rename), so two decisions at once both land and a crash never leaves half a file.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock

from etl.facts.catalog import Catalog, load_catalog
from etl.model import STATUSES, Document, Fact
from etl.tables.figures import format_value
from etl.tables.ids import fact_id, stable_id
from etl.tables.period_kinds import is_well_formed
from etl.tables.store import StoredDocument

CORRECTIONS_NAME = "corrections.yaml"
#: Environment variable naming the corrections file (default: beside the tables' directory).
CORRECTIONS_ENV = "ETL_CORRECTIONS"
FORMAT_VERSION = 1
ACTIONS: tuple[str, ...] = ("confirm", "reject", "correct")
#: Fields a correction may set.
SETTABLE: tuple[str, ...] = ("value", "period", "metric", "direction", "status")
#: `direction` rewrites the middle of a trade metric id.
DIRECTIONS: tuple[str, ...] = ("bilateral", "china_to_russia", "russia_to_china")
_TRADE_METRIC = re.compile(
    r"\Atrade\.(bilateral|china_to_russia|russia_to_china)\.(value|growth)\Z"
)
_SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")
_SHORT_HASH = re.compile(r"\A[0-9a-f]{16}\Z")
MAX_TEXT = 500  # longest figure, reason or doc id accepted
LOCK_TIMEOUT_S = 10.0

APPLIED = "applied"
STALE = "stale"

HEADER = """\
# Human decisions about extracted facts, applied at every refresh (data/README.md,
# "Corrections"). Written by `python -m etl review` and the dashboard's review page;
# safe to edit by hand. Keys: sha256 of the document, sentence_sha256 of the evidence
# sentence, figure as written, metric and period as extracted.
"""


class CorrectionsError(Exception):
    """A corrections file that cannot be applied, with every problem found."""


def default_corrections_path(tables_dir: Path) -> Path:
    """`$ETL_CORRECTIONS`, else `corrections.yaml` beside the tables (`data/tables` → `data/`)."""
    configured = os.environ.get(CORRECTIONS_ENV)
    return Path(configured) if configured else Path(tables_dir).parent / CORRECTIONS_NAME


@dataclass(frozen=True)
class Correction:
    id: str
    action: str
    doc: str
    sha256: str
    sentence_sha256: str
    figure: str
    metric: str | None
    period: str | None
    set: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None
    decided_at: str | None = None

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "action": self.action,
            "doc": self.doc,
            "sha256": self.sha256,
            "sentence_sha256": self.sentence_sha256,
            "figure": self.figure,
            "metric": self.metric,
            "period": self.period,
        }
        if self.set:
            out["set"] = dict(self.set)
        if self.reason:
            out["reason"] = self.reason
        if self.decided_at:
            out["decided_at"] = self.decided_at
        return out

    def label(self) -> str:
        what = f"{self.action} {self.figure!r} ({self.metric or '?'} {self.period or ''})".strip()
        return f"correction {self.id} [{what}] in {self.doc}"


def observation_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """An observation's key in a table row or a change-report item."""
    return (row["metric"], row["entity"], row["period"], row["status"], row.get("basis"))


def correction_id(sha256: str, sentence_sha256: str, figure: str, metric: Any, period: Any) -> str:
    """The same fact always gets the same id: deciding again replaces the decision."""
    return stable_id(sha256, sentence_sha256, figure, metric, period)


def redirect(metric: str, direction: str) -> str | None:
    """The trade metric `metric` in another direction, None when it has no direction."""
    match = _TRADE_METRIC.match(metric)
    if not match or direction not in DIRECTIONS:
        return None
    return f"trade.{direction}.{match.group(2)}"


def set_problems(changes: Mapping[str, Any], catalog: Catalog, metric: str | None) -> list[str]:
    """Why a `set` block cannot be applied (empty when it can)."""
    problems = []
    for name in changes:
        if name not in SETTABLE:
            problems.append(f"cannot set {name!r} (settable: {', '.join(SETTABLE)})")
    if "value" in changes:
        value = changes["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"value {value!r} is not a number")
        elif not math.isfinite(float(value)):
            problems.append("value is not finite")
    if "period" in changes:
        period = changes["period"]
        if period is not None and (not isinstance(period, str) or not is_well_formed(period)):
            problems.append(f"period {period!r} is not a contract period")
    if "metric" in changes and changes["metric"] not in catalog.metrics:
        problems.append(f"metric {changes['metric']!r} is not in the catalog")
    if "direction" in changes:
        target = changes.get("metric", metric)
        if changes["direction"] not in DIRECTIONS:
            problems.append(f"direction must be one of {', '.join(DIRECTIONS)}")
        elif not isinstance(target, str) or redirect(target, changes["direction"]) is None:
            problems.append(f"metric {target!r} has no direction")
    if "status" in changes and changes["status"] not in STATUSES:
        problems.append(f"status must be one of {', '.join(STATUSES)}")
    return problems


def _text(entry: Mapping[str, Any], name: str, where: str, problems: list[str]) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        problems.append(f"{where}: {name} must be a non-empty string")
        return ""
    return value


def parse_corrections(raw: Any, catalog: Catalog | None = None) -> list[Correction]:
    """Corrections from the YAML document; raises CorrectionsError listing every problem."""
    catalog = catalog or load_catalog()
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise CorrectionsError(["the file is not a mapping with a `corrections` list"])
    if raw.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        raise CorrectionsError([f"version {raw.get('version')!r} is not {FORMAT_VERSION}"])
    entries = raw.get("corrections") or []
    if not isinstance(entries, list):
        raise CorrectionsError(["`corrections` is not a list"])
    problems: list[str] = []
    out: list[Correction] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not a mapping")
            continue
        before = len(problems)
        action = entry.get("action")
        if action not in ACTIONS:
            problems.append(f"{where}: action must be one of {', '.join(ACTIONS)}")
        doc = _text(entry, "doc", where, problems)
        sha = _text(entry, "sha256", where, problems)
        if sha and not _SHA256.match(sha):
            problems.append(f"{where}: sha256 must be 64 hex digits")
        sentence = _text(entry, "sentence_sha256", where, problems)
        if sentence and not _SHORT_HASH.match(sentence):
            problems.append(f"{where}: sentence_sha256 must be 16 hex digits")
        figure = _text(entry, "figure", where, problems)
        metric, period = entry.get("metric"), entry.get("period")
        if metric is not None and metric not in catalog.metrics:
            problems.append(f"{where}: metric {metric!r} is not in the catalog")
        if period is not None and (not isinstance(period, str) or not is_well_formed(period)):
            problems.append(f"{where}: period {period!r} is not a contract period")
        changes = entry.get("set") or {}
        if not isinstance(changes, dict):
            problems.append(f"{where}: set must be a mapping")
            changes = {}
        if action == "correct" and not changes:
            problems.append(f"{where}: a correction must `set` at least one field")
        if action != "correct" and changes:
            problems.append(f"{where}: only `correct` may `set` fields")
        problems += [f"{where}: {p}" for p in set_problems(changes, catalog, metric)]
        reason, decided = entry.get("reason"), entry.get("decided_at")
        for name, value in (("reason", reason), ("decided_at", decided)):
            if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT):
                problems.append(f"{where}: {name} must be a string")
        if len(problems) > before:
            continue
        ident = correction_id(sha, sentence, figure, metric, period)
        if entry.get("id") not in (None, ident):
            problems.append(f"{where}: id {entry.get('id')!r} does not match its key ({ident})")
            continue
        if ident in seen:
            problems.append(f"{where}: decides the same fact as entry {seen[ident]}")
            continue
        seen[ident] = number
        out.append(
            Correction(
                id=ident,
                action=str(action),
                doc=doc,
                sha256=sha,
                sentence_sha256=sentence,
                figure=figure,
                metric=metric,
                period=period,
                set=dict(changes),
                reason=reason,
                decided_at=decided,
            )
        )
    if problems:
        raise CorrectionsError(problems)
    return out


def load_corrections(path: Path, catalog: Catalog | None = None) -> list[Correction]:
    """The corrections in `path` (none when it does not exist)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError([f"{path}: unreadable ({exc})"]) from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CorrectionsError([f"{path}: not valid YAML ({exc})"]) from exc
    try:
        return parse_corrections(raw, catalog)
    except CorrectionsError as exc:
        raise CorrectionsError([f"{path}: {p}" for p in exc.args[0]]) from exc


def dump_corrections(corrections: Sequence[Correction]) -> bytes:
    body = {
        "version": FORMAT_VERSION,
        "corrections": [c.to_yaml() for c in sorted(corrections, key=lambda c: (c.doc, c.id))],
    }
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    return (HEADER + text).encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Temporary file in the same directory, fsync, rename, fsync the directory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def lock_for(path: Path) -> FileLock:
    return FileLock(str(Path(path).with_name(f".{Path(path).name}.lock")), timeout=LOCK_TIMEOUT_S)


def decide(path: Path, correction: Correction, catalog: Catalog | None = None) -> None:
    """Add (or replace, same fact) one decision in the file: locked read-modify-write."""
    path = Path(path)
    problems = set_problems(correction.set, catalog or load_catalog(), correction.metric)
    if correction.action not in ACTIONS:
        problems.append(f"action must be one of {', '.join(ACTIONS)}")
    if correction.action == "correct" and not correction.set:
        problems.append("a correction must set at least one field")
    if problems:
        raise CorrectionsError(problems)
    with lock_for(path):
        current = [c for c in load_corrections(path, catalog) if c.id != correction.id]
        write_atomically(path, dump_corrections([*current, correction]))


def new_correction(
    *,
    action: str,
    doc: str,
    sha256: str,
    sentence_sha256: str,
    figure: str,
    metric: str | None,
    period: str | None,
    changes: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> Correction:
    return Correction(
        id=correction_id(sha256, sentence_sha256, figure, metric, period),
        action=action,
        doc=doc,
        sha256=sha256,
        sentence_sha256=sentence_sha256,
        figure=figure,
        metric=metric,
        period=period,
        set=dict(changes or {}),
        reason=reason or None,
        decided_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    )


# -- applying -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    correction: Correction
    outcome: str  # applied | stale
    fact_id: str | None  # published fact (None: rejected or stale)
    extracted_fact_id: str | None
    changes: dict[str, list[Any]]
    message: str

    def to_row(self) -> dict[str, Any]:
        c = self.correction
        return {
            "correction_id": c.id,
            "action": c.action,
            "outcome": self.outcome,
            "doc": c.doc,
            "sha256": c.sha256,
            "sentence_sha256": c.sentence_sha256,
            "figure": c.figure,
            "metric": c.metric,
            "period": c.period,
            "fact_id": self.fact_id,
            "extracted_fact_id": self.extracted_fact_id,
            "changes": json.dumps(self.changes, ensure_ascii=False, sort_keys=True),
            "reason": c.reason,
            "decided_at": c.decided_at,
            "message": self.message,
        }

    def report_item(self) -> dict[str, Any]:
        c = self.correction
        return {
            "id": c.id,
            "action": c.action,
            "doc": c.doc,
            "figure": c.figure,
            "metric": c.metric,
            "period": c.period,
            "fact_id": self.fact_id,
            "changes": self.changes,
            "message": self.message,
        }


@dataclass
class Applied:
    """What the corrections did in one run."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def reviewed_fact_ids(self) -> frozenset[str]:
        """Published facts a person confirmed or corrected: never demoted by an identity."""
        return frozenset(
            o.fact_id for o in self.outcomes if o.outcome == APPLIED and o.fact_id is not None
        )

    def decided_keys(self, previous: Iterable[Mapping[str, Any]]) -> set[tuple[Any, ...]]:
        """Keys of previous observations whose every fact a person rejected or corrected:
        their disappearance was asked for (a refresh must not refuse it as a loss)."""
        touched = {
            o.extracted_fact_id
            for o in self.outcomes
            if o.outcome == APPLIED and o.correction.action != "confirm" and o.extracted_fact_id
        }
        return {
            observation_key(row)
            for row in previous
            if set(str(row["fact_ids"]).split(";")) <= touched
        }

    def rows(self) -> list[dict[str, Any]]:
        return [o.to_row() for o in sorted(self.outcomes, key=lambda o: o.correction.id)]

    def report(self) -> dict[str, list[dict[str, Any]]]:
        """For the change report: which corrections were applied and which went stale."""
        ordered = sorted(self.outcomes, key=lambda o: (o.correction.doc, o.correction.id))
        return {
            "applied": [o.report_item() for o in ordered if o.outcome == APPLIED],
            "stale": [o.report_item() for o in ordered if o.outcome == STALE],
        }

    def lines(self) -> list[str]:
        out = []
        for o in sorted(self.outcomes, key=lambda o: (o.outcome != STALE, o.correction.id)):
            prefix = "STALE " if o.outcome == STALE else ""
            out.append(f"{prefix}{o.correction.label()}: {o.message}")
        return out


def _matches(fact: Fact, sha: str | None, sentence: str, c: Correction) -> bool:
    if sha != c.sha256 or sentence != c.sentence_sha256 or fact.surface != c.figure:
        return False
    extracted = (c.metric is None or fact.metric == c.metric) and (
        c.metric is None or fact.period == c.period
    )
    return extracted or _already_applied(fact, c)


def _target(fact: Fact, c: Correction) -> Fact:
    changes: dict[str, Any] = {}
    if "metric" in c.set:
        changes["metric"] = c.set["metric"]
    if "direction" in c.set:
        changes["metric"] = redirect(changes.get("metric", fact.metric), c.set["direction"])
    if "value" in c.set:
        changes["value"] = float(c.set["value"])
    if "period" in c.set:
        changes["period"] = c.set["period"]
    if "status" in c.set:
        changes["status"] = c.set["status"]
    return replace(fact, **changes) if changes else fact


def _already_applied(fact: Fact, c: Correction) -> bool:
    """A fact carried over from published tables already shows the corrected fields."""
    if c.action != "correct":
        return False
    target = _target(replace(fact, metric=c.metric or fact.metric, period=c.period), c)
    return (target.metric, target.period, target.value, target.status) == (
        fact.metric,
        fact.period,
        fact.value,
        fact.status,
    )


def _shown(field_name: str, value: Any, unit: str) -> str:
    return format_value(float(value), unit) if field_name == "value" else str(value)


def _stale_reason(c: Correction, sha_by_doc: Mapping[str, str]) -> str:
    current = sha_by_doc.get(c.doc)
    if c.sha256 in sha_by_doc.values():
        return (
            f"no fact of the figure {c.figure!r} in that sentence was extracted as "
            f"{c.metric} {c.period or '(no period)'}: the extraction changed; review it again"
        )
    if current is not None:
        return (
            f"the document changed since the decision (sha256 {c.sha256[:12]}… is now "
            f"{current[:12]}…); review the figure again"
        )
    return "the document is not among this run's documents"


def apply_to_run(
    facts_by_doc: Mapping[str, Sequence[Fact]],
    docs: Sequence[Document],
    carried: Sequence[StoredDocument],
    corrections: Iterable[Correction],
) -> tuple[dict[str, list[Fact]], list[StoredDocument], Applied]:
    """Decisions applied to the facts read now and to those carried over from the published
    tables (whose sentence hash is in their provenance): every fact by document, the carried
    documents with their corrected facts (provenance follows a corrected fact's new id), and
    what each decision did."""
    sha_by_doc = {s.doc: str(s.source["sha256"]) for s in carried}
    sha_by_doc.update({d.id: d.sha256 for d in docs})
    hashes = {fid: p.sentence_sha256 for s in carried for fid, p in s.provenance.items()}
    merged = {**{s.doc: list(s.facts) for s in carried}, **facts_by_doc}
    corrected, applied = apply_corrections(merged, sha_by_doc, corrections, hashes)
    renamed = {
        o.extracted_fact_id: o.fact_id
        for o in applied.outcomes
        if o.outcome == APPLIED and o.fact_id and o.extracted_fact_id
    }
    updated = []
    for stored in carried:
        provenance = dict(stored.provenance)
        for old, new in renamed.items():
            if old in stored.provenance:
                provenance[new] = stored.provenance[old]
        updated.append(
            replace(stored, facts=tuple(corrected.get(stored.doc, [])), provenance=provenance)
        )
    return corrected, updated, applied


def apply_corrections(
    facts_by_doc: Mapping[str, Sequence[Fact]],
    sha_by_doc: Mapping[str, str],
    corrections: Iterable[Correction],
    sentence_hashes: Mapping[str, str] | None = None,
    catalog: Catalog | None = None,
) -> tuple[dict[str, list[Fact]], Applied]:
    """Facts with every decision applied, and what each decision did.

    `sentence_hashes` (fact id → hash) locates facts that carry no sentence (carried over
    from the published tables). A correction whose result would not be admitted (a value
    outside the metric's range, a unit that does not fit the new metric) is reported stale
    with the reasons, and the fact stays as extracted.
    """
    from etl.tables.validate import fact_problems  # validate checks the reviews table: no cycle

    catalog = catalog or load_catalog()
    hashes = sentence_hashes or {}
    out = {doc: list(facts) for doc, facts in facts_by_doc.items()}
    applied = Applied()

    def sentence(fact: Fact) -> str:
        return fact.sentence_sha256 or hashes.get(fact_id(fact), "")

    for c in corrections:
        hits = [
            (doc, i)
            for doc, facts in out.items()
            for i, fact in enumerate(facts)
            if _matches(fact, sha_by_doc.get(doc), sentence(fact), c)
        ]
        if not hits:
            applied.outcomes.append(Outcome(c, STALE, None, None, {}, _stale_reason(c, sha_by_doc)))
            continue
        rejected: list[tuple[str, int]] = []
        for doc, i in hits:
            fact = out[doc][i]
            before = fact_id(fact)
            if c.action == "reject":
                rejected.append((doc, i))
                outcome = Outcome(c, APPLIED, None, before, {}, "fact rejected")
            elif c.action == "confirm":
                outcome = Outcome(c, APPLIED, before, before, {}, "fact confirmed")
            else:
                target = _target(fact, c)
                problems = fact_problems(target, catalog)
                if problems:
                    outcome = Outcome(
                        c, STALE, None, before, {}, f"cannot apply: {'; '.join(problems)}"
                    )
                else:
                    out[doc][i] = target
                    changes = {
                        name: [getattr(fact, name), getattr(target, name)]
                        for name in ("metric", "period", "value", "status")
                        if getattr(fact, name) != getattr(target, name)
                    }
                    described = ", ".join(
                        f"{k} {_shown(k, v[0], fact.unit)} → {_shown(k, v[1], target.unit)}"
                        for k, v in changes.items()
                    )
                    outcome = Outcome(
                        c,
                        APPLIED,
                        fact_id(target),
                        before,
                        changes,
                        f"corrected: {described or 'already as decided'}",
                    )
            applied.outcomes.append(outcome)
        for doc, i in sorted(rejected, reverse=True):
            del out[doc][i]
    return out, applied
