"""'Review': facts new since the last run or flagged by a consistency check.

Read-only unless the server was started with `--review` (then each item carries a form
posting to `dashboard.review_writes`). Also the corrections part of *What changed*.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from dash import dcc, html

from dashboard import fmt
from dashboard.data import Tables
from dashboard.review_writes import DECIDE_PATH, ReviewSettings
from etl.tables.corrections import DIRECTIONS, CorrectionsError, load_corrections
from etl.tables.review import Item, build_queue, pending

log = logging.getLogger(__name__)

#: Items rendered on the page; the rest are counted (`python -m etl review --list` has all).
MAX_ITEMS = 150


def _sentence(item: Item) -> Any:
    if item.sentence is None:
        return html.P("Evidence sentence not in the local cache.", className="empty")
    s = item.sentence
    return html.Blockquote([s.before, html.Mark(s.figure), s.after], className="evidence")


def _hidden(name: str, value: str) -> Any:
    return dcc.Input(type="hidden", name=name, value=value)


def _field(label: str, control: Any) -> Any:
    return html.Label([f"{label} ", control], className="review-field")


def _text(name: str, placeholder: str = "") -> Any:
    return dcc.Input(type="text", name=name, placeholder=placeholder)


def _button(label: str, action: str) -> Any:
    return html.Button(
        label, type="submit", name="action", value=action, className=f"review-{action}"
    )


def _form(item: Item, config: ReviewSettings) -> Any:
    directions = [html.Option("keep", value=""), *(html.Option(d, value=d) for d in DIRECTIONS)]
    return html.Form(
        [
            _hidden("csrf", config.token),
            _hidden("fact", item.fact_id),
            _button("Confirm (c)", "confirm"),
            _button("Reject (r)", "reject"),
            html.Details(
                [
                    html.Summary("Correct (e)"),
                    _field("Value", _text("value", "e.g. 95 bn")),
                    _field("Period", _text("period", "2023 or 2023-01/2023-09")),
                    _field("Metric", _text("metric", "catalog id")),
                    _field("Direction", html.Select(directions, name="direction")),
                    _field("Reason", _text("reason")),
                    _button("Save correction", "correct"),
                ],
                className="review-correct-box",
            ),
        ],
        method="POST",
        action=DECIDE_PATH,
        className="review-form",
    )


def _status(item: Item) -> str | None:
    if item.decision is not None:
        changes = ", ".join(f"{k} {v}" for k, v in item.decision.set.items())
        return f"Decided: {item.decision.action}{' (' + changes + ')' if changes else ''} — " + (
            "applied at the last refresh" if item.applied else "applies at the next refresh"
        )
    if item.applied:
        return f"Reviewed: {item.applied}"
    return None


def item_view(item: Item, config: ReviewSettings | None) -> Any:
    fact = item.fact
    value = fmt.format_value(fact["value"], fmt.text(fact["unit"]), fact.get("qualifier"))
    status = _status(item)
    parts: list[Any] = [
        html.H3(
            f"{fmt.metric_label(str(fact['metric']))} · {fmt.format_period(fact['period'])} · "
            f"{value}"
        ),
        html.P(
            [
                "Read as ",
                html.Code(str(fact["metric"])),
                f", period {fmt.text(fact['period']) or '—'}, direction "
                f"{item.direction or '—'}, {fact['status']} — from ",
                html.Code(str(fact["doc"])),
                f" (fact {item.fact_id})",
            ],
            className="review-reading",
        ),
        _sentence(item),
        html.Ul([html.Li(reason) for reason in item.reasons], className="review-reasons"),
    ]
    if status:
        parts.append(html.P(status, className="review-status"))
    if config is not None and config.writable:
        parts.append(_form(item, config))
    flagged = " review-flagged" if item.flagged else ""
    return html.Article(
        parts, id=f"fact-{item.fact_id}", className=f"review-item card{flagged}", tabIndex="-1"
    )


def layout(tables: Tables | None, config: ReviewSettings | None) -> list[Any]:
    header = html.H1("Review")
    if tables is None:
        return [header, html.P("No tables to review.", className="empty")]
    decided: list[Any] = []
    if config is not None:
        try:
            decided = load_corrections(config.corrections)
        except CorrectionsError as exc:
            log.warning("corrections file unusable: %s", exc)
    # Not memoised: decisions change between refreshes (a few hundred facts: cheap).
    queue = build_queue(tables.arrow, tables.changes, tables.evidence(), decided)
    writable = config is not None and config.writable
    lede = (
        "Decisions are written to the corrections file and applied at the next refresh."
        if writable
        else "Read-only. Start the dashboard with --review (on loopback) to decide here, or "
        "run `python -m etl review`."
    )
    left = len(pending(queue))
    summary = html.P(
        f"{len(queue.items)} facts new since the last run or flagged; {left} undecided.",
        className="summary",
    )
    parts: list[Any] = [header, html.P(lede, className="lede"), summary]
    if queue.stale:
        parts.append(stale_section(queue.stale))
    parts += [item_view(item, config) for item in queue.items[:MAX_ITEMS]]
    if len(queue.items) > MAX_ITEMS:
        parts.append(
            html.P(
                f"{len(queue.items) - MAX_ITEMS} more: `python -m etl review --list`.",
                className="empty",
            )
        )
    if not queue.items:
        parts.append(html.P("Nothing to review.", className="empty"))
    return parts


def stale_section(stale: Sequence[Mapping[str, Any]]) -> Any:
    return html.Section(
        [
            html.H2(f"Stale corrections ({len(stale)})"),
            html.Ul(
                [
                    html.Li(
                        f"{row.get('action')} {row.get('figure')!r} in {row.get('doc')}: "
                        f"{row.get('message')}"
                    )
                    for row in stale
                ],
                className="change-list change-stale",
            ),
        ],
        className="card prose review-stale",
    )


def _correction_line(item: Mapping[str, Any]) -> str:
    what = f"{item.get('action')} {item.get('figure')!r}"
    where = f"{fmt.metric_label(str(item.get('metric') or ''))} {fmt.text(item.get('period'))}"
    return f"{what} ({where.strip()}) in {item.get('doc')}: {item.get('message')}"


def corrections_section(changes: Mapping[str, Any] | None) -> list[Any]:
    """For *What changed*: the corrections the run applied and those that went stale."""
    report = (changes or {}).get("corrections")
    if not isinstance(report, Mapping):
        return []
    applied, stale = report.get("applied") or [], report.get("stale") or []
    if not applied and not stale:
        return []
    blocks: list[Any] = [html.H2("Corrections")]
    for label, items, kind in (
        ("Applied", applied, "applied"),
        ("Stale: matched no fact, review again", stale, "stale"),
    ):
        if items:
            blocks.append(html.H3(f"{label} ({len(items)})", className=f"sub-h change-{kind}"))
            blocks.append(
                html.Ul(
                    [html.Li(_correction_line(i)) for i in items if isinstance(i, Mapping)],
                    className=f"change-list change-{kind}",
                )
            )
    return [html.Section(blocks, className="card prose review-corrections")]
