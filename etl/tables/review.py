"""The review queue: every published fact that is new since the last run or flagged by a
consistency check, with its evidence sentence, the figure to highlight, what the machine
chose (metric, period, direction) and why it is listed, and the decision already taken.

Shared by `python -m etl review` and the dashboard's review page, which both write their
decisions through `etl.tables.corrections.decide`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from etl.tables.corrections import Applied, Correction, new_correction

#: Key of the change report listing the facts new in the run.
NEW_FACTS_KEY = "new_fact_ids"
CORRECTIONS_KEY = "corrections"
NEW_REASON = "new since the last run"


def review_report(
    corrections: Applied, previous_fact_ids: set[str], facts: pa.Table
) -> dict[str, Any]:
    """What the change report adds for review: corrections applied or stale, new facts."""
    current = set(facts.column("fact_id").to_pylist())
    return {
        CORRECTIONS_KEY: corrections.report(),
        NEW_FACTS_KEY: sorted(current - previous_fact_ids),
    }


@dataclass(frozen=True)
class Highlight:
    """The evidence sentence split around the figure: before, figure, after."""

    before: str
    figure: str
    after: str


def highlight(sentence: str | None, figure: str) -> Highlight | None:
    if not sentence:
        return None
    at = sentence.find(figure) if figure else -1
    if at < 0:
        return Highlight(sentence, "", "")
    return Highlight(sentence[:at], figure, sentence[at + len(figure) :])


@dataclass(frozen=True)
class Item:
    fact: Mapping[str, Any]
    sha256: str
    reasons: tuple[str, ...]
    new: bool
    flagged: bool
    sentence: Highlight | None
    decision: Correction | None = None  # a decision in the corrections file for this fact
    applied: str | None = None  # what the last refresh did with it

    @property
    def fact_id(self) -> str:
        return str(self.fact["fact_id"])

    @property
    def direction(self) -> str | None:
        parts = str(self.fact["metric"]).split(".")
        if parts[0] == "trade" and parts[1] in ("bilateral", "china_to_russia", "russia_to_china"):
            return parts[1]
        return None

    def correction(
        self, action: str, changes: Mapping[str, Any] | None = None, reason: str | None = None
    ) -> Correction:
        """A decision about this fact, keyed by where its figure is."""
        return new_correction(
            action=action,
            doc=str(self.fact["doc"]),
            sha256=self.sha256,
            sentence_sha256=str(self.fact["sentence_sha256"]),
            figure=str(self.fact.get("surface") or ""),
            metric=str(self.fact["metric"]),
            period=self.fact.get("period"),
            changes=changes,
            reason=reason,
        )


@dataclass
class Queue:
    items: list[Item] = field(default_factory=list)
    stale: list[dict[str, Any]] = field(default_factory=list)  # from the reviews table

    def get(self, fact_id: str) -> Item | None:
        return next((i for i in self.items if i.fact_id == fact_id), None)


def _rows(table: pa.Table | None) -> list[dict[str, Any]]:
    return table.to_pylist() if table is not None else []


def _decision_for(fact: Mapping[str, Any], sha: str, corrections: Sequence[Correction]) -> Any:
    for c in corrections:
        if (
            c.sha256 == sha
            and c.sentence_sha256 == fact["sentence_sha256"]
            and c.figure == (fact.get("surface") or "")
            and c.metric in (None, fact["metric"])
        ):
            return c
    return None


def build_queue(
    tables: Mapping[str, pa.Table],
    changes: Mapping[str, Any] | None,
    evidence: Mapping[tuple[str, str], str],
    corrections: Sequence[Correction] = (),
    *,
    include_all: bool = False,
) -> Queue:
    """Facts to review (flagged first, then new), each with the decision already taken."""
    sha_by_doc = {r["doc"]: r["sha256"] for r in _rows(tables.get("sources"))}
    reasons: dict[str, list[str]] = {}
    for flag in _rows(tables.get("flags")):
        reasons.setdefault(flag["fact_id"], []).append(str(flag["message"]))
    new = set((changes or {}).get(NEW_FACTS_KEY) or [])
    reviewed = {
        r["fact_id"]: f"{r['action']}ed at the last refresh".replace("eed", "ed")
        for r in _rows(tables.get("reviews"))
        if r["outcome"] == "applied" and r["fact_id"]
    }
    items = []
    for fact in _rows(tables.get("facts")):
        fid = fact["fact_id"]
        flagged, is_new = fid in reasons, fid in new
        if not (flagged or is_new or include_all):
            continue
        sha = sha_by_doc.get(fact["doc"], "")
        why = list(reasons.get(fid, []))
        if is_new:
            why.append(NEW_REASON)
        sentence = evidence.get((fact["doc"], fact["sentence_sha256"]))
        items.append(
            Item(
                fact=fact,
                sha256=sha,
                reasons=tuple(why),
                new=is_new,
                flagged=flagged,
                sentence=highlight(sentence, str(fact.get("surface") or "")),
                decision=_decision_for(fact, sha, corrections),
                applied=reviewed.get(fid),
            )
        )
    items.sort(key=lambda i: (not i.flagged, i.fact["doc"], i.fact["start"], i.fact_id))
    stale = [r for r in _rows(tables.get("reviews")) if r["outcome"] == "stale"]
    return Queue(items=items, stale=stale)


def pending(queue: Queue) -> list[Item]:
    """Items nobody decided yet (neither in the file nor applied by a refresh)."""
    return [i for i in queue.items if i.decision is None and i.applied is None]
