"""Page builders, URL building and formatting on small inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dash import html

from dashboard import fmt, urls
from dashboard.charts import CHARTS
from dashboard.data import DataStore, Tables
from dashboard.pages import changes, facts, main, methodology, sources


@pytest.fixture(scope="module")
def tables(module_tables: Path) -> Tables:
    state = DataStore(module_tables).get()
    assert state.tables is not None
    return state.tables


def texts(node: Any) -> list[str]:
    """Every string under a component, in document order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list | tuple):
        return [t for item in node for t in texts(item)]
    if node is not None and hasattr(node, "children"):
        return texts(node.children)
    return []


# -- formatting ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (147e9, "usd", "exact", "$147 bn"),
        (9.8e9, "usd", "approx", "≈$9.8 bn"),
        (16.04e9, "usd", "exact", "$16.04 bn"),
        (20.0, "percent", "at_least", "≥20 %"),
        (-28.0, "percent", "exact", "-28 %"),
        (1.0, "rank", "exact", "#1"),
        (0.1, "ratio", "exact", "0.1×"),
        (4200.0, "km", "exact", "4,200 km"),
        (38.0, "bcm_per_year", "at_most", "≤38 bcm/yr"),
        (1368.0, "pj_per_year", "exact", "1,368 PJ/yr"),
        (1.5, "usd_per_barrel", "exact", "$1.5/bbl"),
    ],
)
def test_format_value(value: float, unit: str, qualifier: str, expected: str) -> None:
    assert fmt.format_value(value, unit, qualifier) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2021", "2021"),
        ("2018-12", "Dec 2018"),
        ("2023-01/2023-09", "Jan–Sep 2023"),
        ("2016/2020", "2016–2020"),
        ("2022-11/2023-02", "Nov 2022 – Feb 2023"),
        (None, "no period"),
    ],
)
def test_format_period(period: str | None, expected: str) -> None:
    assert fmt.format_period(period) == expected


def test_period_bounds_place_part_years_inside_their_year() -> None:
    assert fmt.period_bounds("2023-01/2023-06") == (2023.0, 2023.5)
    assert fmt.period_bounds("2021") == (2021.0, 2022.0)
    assert fmt.period_bounds(None) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "//evil.example/x",
        "http://",
        "ftp://x.example/a",
        "https://x.example/a b",
        'https://x.example/"onmouseover',
        None,
        42,
    ],
)
def test_unsafe_urls_are_never_links(url: Any) -> None:
    assert fmt.safe_url(url) is None


def test_http_urls_are_links() -> None:
    assert fmt.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert fmt.safe_url(" http://example.org/ ") == "http://example.org/"


# -- URLs ------------------------------------------------------------------------------------
def test_state_query_lists_only_non_defaults_and_round_trips() -> None:
    defaults = {c.id: c.default_state() for c in CHARTS.values()}
    states = {c: dict(s) for c, s in defaults.items()}
    states["energy-corridors"]["unit"] = "energy"
    states["trade-turnover"]["view"] = "table"
    query = urls.state_query(states, defaults)
    assert query == "?energy-corridors.unit=energy&trade-turnover.view=table"
    assert main.page_states(query)["energy-corridors"]["unit"] == "energy"
    assert main.page_states(query)["dependence"] == defaults["dependence"]


@pytest.mark.parametrize("search", [None, 7, "?" + "a=1&" * 2000, "?%zz=%%", "?x.view=table"])
def test_malformed_queries_give_defaults(search: Any) -> None:
    states = main.page_states(search)
    assert states == {c.id: c.default_state() for c in CHARTS.values()}


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/facts", "/facts"), ("/facts/", "/facts"), ("/nope", "/"), (None, "/"), (["/"], "/")],
)
def test_page_path(path: Any, expected: str) -> None:
    assert urls.page_path(path) == expected


# -- pages -----------------------------------------------------------------------------------
def test_headline_states_the_asymmetries_with_sources(tables: Tables) -> None:
    items = main.headline_items(tables)
    strings = [" ".join(texts(item)) for item in items]
    # dependence: approximate (≈30 %), with the year the shares are for
    assert strings[0].startswith("≈10.0×") and "2023" in strings[0] and "Gamma" in strings[0]
    # the direction balance: 100 out, 70 in, 2022
    assert strings[1].startswith("+$30 bn") and "2022" in strings[1]
    # turnover with its long-run growth and its latest change
    assert strings[2].startswith("$200 bn") and "+14.6 % a year" in strings[2]
    assert "latest change +81.8 % from 2019 to 2023" in strings[2]
    # energy: gas delivered against capacity, not capacity called flow
    assert strings[3].startswith("58 %") and "capacity" in strings[3]
    # a rounded phrase ("one-tenth") is no headline figure
    assert not any(s.startswith("0.1×") for s in strings)
    assert all("Source:" in s for s in strings)


def test_change_report_lines(tables: Tables) -> None:
    records = tables.source_records()
    changed = changes.describe_item(
        "changed",
        {
            "metric": "trade.bilateral.value",
            "period": "2023",
            "old_value": 190e9,
            "new_value": 240.1e9,
            "unit": "usd",
            "docs": ["gamma-review-2024"],
        },
        records,
    )
    assert changed.startswith("China–Russia trade turnover · 2023: $190 bn → $240.1 bn")
    # a month-precision publication date is shown as the month, never as a day
    assert "Gamma <img src=x onerror=alert(1)> Review, February 2024" in changed
    assert "2024-02-10" not in changed
    weird = changes.describe_item("added", {"metric": None, "value": "x", "docs": 5}, records)
    assert weird.endswith("(no value)")
    page = " ".join(texts(changes.layout(tables)))
    assert "1 new, 1 revised, 1 dropped." in page
    assert "=cmd|' /C calc'!A0" in page  # shown as text, never acted upon


def test_change_page_without_a_report() -> None:
    assert "No change report" in " ".join(texts(changes.layout(None)))


def test_facts_search_and_detail(
    tables: Tables, module_tables: Path, tmp_path: Path, evidence_writer: Any
) -> None:
    records = facts.fact_records(tables)
    assert len(records) == len(tables.facts)
    assert len(records) == 31
    assert {r["id"] for r in facts.search(records, "power siberia")} == {"f12", "f13"}
    assert facts.search(records, {"not": "a string"}) == records
    evidence_writer(tmp_path / "cache")
    with_cache = DataStore(module_tables, tmp_path / "cache").get().tables
    detail = facts.detail(with_cache, "f13")
    marks = [n for n in walk(detail) if isinstance(n, html.Mark)]
    assert [m.children for m in marks] == ["50 bcm"]
    assert "Select a fact" in " ".join(texts(facts.detail(tables, "no-such-fact")))
    # without the local cache the sentence is absent and the page says why
    assert "not in the local cache" in " ".join(texts(facts.detail(tables, "f13")))


def walk(node: Any) -> list[Any]:
    out = [node]
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            out.extend(walk(child))
    return out


def test_highlight_keeps_text_as_text() -> None:
    parts = facts.highlight("It was <b>$5 bn</b> then.", "$5 bn")
    assert parts[0] == "It was <b>" and parts[2] == "</b> then."
    assert isinstance(parts[1], html.Mark) and parts[1].children == "$5 bn"
    assert facts.highlight("no figure here", "$5 bn") == ["no figure here"]


def test_period_text() -> None:
    assert facts.period_text("2021") == "2021"
    assert facts.period_text("2023-01/2023-09") == "Jan–Sep 2023 (2023-01/2023-09)"


def test_sources_and_methodology_pages(tables: Tables) -> None:
    page = " ".join(texts(sources.layout(tables)))
    assert "Gamma Review <script>alert('x')</script> yearly round-up" in page
    links = [n for n in walk(html.Div(sources.layout(tables))) if isinstance(n, html.A)]
    assert all(a.href.startswith(("http://", "https://")) for a in links)
    assert len(links) == 3  # the javascript: URL is not a link
    method = " ".join(texts(methodology.layout(tables)))
    assert "Test conversion factors" in method and "1 %" in method
