"""'What changed' with a run history: the latest run, any earlier run picked by `?run=`,
a run that changed nothing saying so above the last real change, skipped files shown.

Tables come from real refreshes of articles written here (a tiny extractor stands in)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.data import DataStore, Tables
from dashboard.pages import changes
from tests.dashboard.pages.test_pages import texts
from tests.etl.tables.test_refresh import fake, refresh, sentence, write_article

__all__ = ["fake"]  # fixture used by name


def page_text(tables: Tables, run: str | None = None) -> str:
    return " ".join(" ".join(texts(changes.layout(tables, run))).split())


def links(node: Any) -> list[str]:
    found = []
    if isinstance(node, list | tuple):
        return [h for item in node for h in links(item)]
    href = getattr(node, "href", None)
    if isinstance(href, str):
        found.append(href)
    if node is not None and hasattr(node, "children"):
        found += links(node.children)
    return found


def load(out: Path) -> Tables:
    state = DataStore(out).get()
    assert state.tables is not None, state.problem
    return state.tables


def test_earlier_runs_are_selectable_and_a_no_change_run_says_so(
    fake: None, tmp_path: Path
) -> None:
    corpus, out = tmp_path / "raw", tmp_path / "data" / "tables"
    corpus.mkdir()
    write_article(corpus, "alpha", sentence(240.1, 2023))
    first = refresh(corpus, out)
    write_article(corpus, "beta", sentence(244.8, 2024))
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    second = refresh(corpus, out)

    tables = load(out)
    latest = page_text(tables)
    assert f"Run {second.run_id}" in latest and "1 new, 0 revised, 0 dropped" in latest
    assert "2024" in latest and "broken.txt" in latest  # the skipped file and its reason
    assert f"/changes?run={first.run_id}" in links(changes.layout(tables))
    earlier = page_text(tables, first.run_id)
    assert f"Run {first.run_id}" in earlier and "1 new" in earlier and "2023" in earlier

    third = refresh(corpus, out)  # the same corpus: nothing changes
    tables = load(out)
    text = page_text(tables)
    assert f"The latest run, {third.run_id} (" in text and "changed nothing" in text
    assert f"Last change: run {second.run_id}" in text and "2024" in text
    assert "no change" in text  # in the list of runs
