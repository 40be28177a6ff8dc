"""The review queue and `python -m etl review` (one keystroke per decision)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.review_cli import parse_value
from etl.tables.cache import load_evidence
from etl.tables.corrections import load_corrections
from etl.tables.publish import load_changes
from etl.tables.review import NEW_REASON, build_queue, highlight, pending


def queue_of(trust: Any) -> Any:
    return build_queue(
        trust.tables(),
        load_changes(trust.out),
        load_evidence(trust.cache),
        load_corrections(trust.yaml),
    )


def test_the_queue_lists_flagged_first_then_new_with_sentence_and_reasons(trust: Any) -> None:
    trust.write(
        "first",
        "Turnover came to $100 billion in 2031.",
        "China's exports to Russia came to $99 billion in 2031.",  # breaks the identity
    )
    trust.refresh()
    trust.write("second", "Turnover came to $110 billion in 2032.")
    trust.refresh()
    queue = queue_of(trust)
    surfaces = [i.fact["surface"] for i in queue.items]
    # flagged (both facts of the broken identity) before the merely new one
    assert surfaces == ["$100 billion", "$99 billion", "$110 billion"]
    flagged = queue.items[0]
    assert flagged.flagged and not flagged.new
    assert any("direction_below_total" in r for r in flagged.reasons)
    new = queue.items[2]
    assert new.new and new.reasons == (NEW_REASON,)
    assert new.sentence is not None and new.sentence.figure == "$110 billion"
    assert new.sentence.before == "Turnover came to " and new.sentence.after == " in 2032."
    assert new.direction == "bilateral"


def test_decided_facts_leave_the_pending_list(trust: Any) -> None:
    trust.write("first", "Turnover came to $100 billion in 2031.")
    trust.refresh()
    queue = queue_of(trust)
    assert len(pending(queue)) == 1
    from etl.tables.corrections import decide

    decide(trust.yaml, queue.items[0].correction("confirm"))
    assert pending(queue_of(trust)) == []
    assert queue_of(trust).items[0].decision is not None


def test_highlight_keeps_the_sentence_when_the_figure_is_not_in_it() -> None:
    assert highlight("Invented sentence with 5 units.", "$9 billion") is not None
    assert highlight(None, "$9 billion") is None


@pytest.mark.parametrize(
    ("typed", "value"),
    [("95e9", 95e9), ("95 bn", 95e9), ("$1.2 trillion", 1.2e12), ("38", 38.0), ("-3.1", -3.1)],
)
def test_typed_values(typed: str, value: float) -> None:
    assert parse_value(typed) == pytest.approx(value)


def test_typed_values_that_are_not_numbers() -> None:
    for typed in ("ninety", "95 zillion", ""):
        with pytest.raises(ValueError):
            parse_value(typed)


def test_cli_one_keystroke_decisions_are_written_and_applied(trust: Any) -> None:
    trust.write(
        "first",
        "Turnover came to $100 billion in 2031.",
        "Turnover came to $7 billion in 2030.",
        "China's exports to Russia came to $40 billion in 2031.",
    )
    trust.refresh()
    runner = CliRunner()
    base = ["review", "--tables", str(trust.out), "--cache", str(trust.cache)]
    listed = runner.invoke(app, [*base, "--list"])
    assert listed.exit_code == 0 and "3 to review, 3 undecided" in listed.output
    assert "»$7 billion«" in listed.output
    # items in document order: $100 bn, $7 bn, $40 bn → confirm, correct (70 bn), reject
    keys = "c\n\nr\n\ne\n70 bn\n\n\n\nfixed by a test\n"
    result = runner.invoke(app, base, input=keys)
    assert result.exit_code == 0, result.output
    assert "1 confirmed, 1 rejected, 1 corrected" in result.output
    # the order follows the queue: check what each decision was taken on
    decided = {c.figure: c for c in load_corrections(trust.yaml)}
    assert decided["$100 billion"].action == "confirm"
    assert decided["$7 billion"].action == "reject"
    assert decided["$40 billion"].action == "correct"
    assert decided["$40 billion"].set == {"value": 70e9}
    assert decided["$40 billion"].reason == "fixed by a test"
    trust.refresh()
    assert trust.observation("trade.china_to_russia.value", "2031") == 70e9
    assert trust.observation("trade.bilateral.value", "2030") is None


def test_cli_scripted_decision_and_bad_input(trust: Any) -> None:
    trust.write("first", "Turnover came to $100 billion in 2031.")
    trust.refresh()
    runner = CliRunner()
    base = ["review", "--tables", str(trust.out), "--cache", str(trust.cache)]
    fact = trust.item("$100 billion").fact_id
    ok = runner.invoke(app, [*base, "--fact", fact, "--action", "correct", "--period", "2030"])
    assert ok.exit_code == 0, ok.output
    assert load_corrections(trust.yaml)[0].set == {"period": "2030"}
    unknown = runner.invoke(app, [*base, "--fact", "0" * 16, "--action", "reject"])
    assert unknown.exit_code == 1 and "not in the published facts" in unknown.output
    bad = runner.invoke(app, [*base, "--fact", fact, "--action", "correct", "--period", "soon"])
    assert bad.exit_code == 1 and "not a contract period" in bad.output
    assert len(load_corrections(trust.yaml)) == 1


def test_interactive_end_of_input_saves_what_was_decided(trust: Any) -> None:
    from etl.review_cli import interactive, load_queue

    trust.write(
        "first", "Turnover came to $100 billion in 2031.", "Turnover came to $9 billion in 2030."
    )
    trust.refresh()
    queue = load_queue(trust.out, trust.cache, trust.yaml, everything=False)
    out = io.StringIO()
    counts = interactive(queue, trust.yaml, io.StringIO("x\nr\n\n"), out)
    assert counts == {"confirm": 0, "reject": 1, "correct": 0, "skip": 0}
    assert [c.action for c in load_corrections(trust.yaml)] == ["reject"]
