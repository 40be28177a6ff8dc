"""End to end in Debian's headless Chromium (Playwright, never a downloaded browser).

The real server (`python -m dashboard`) runs as a subprocess on fixture tables. Pages are
opened with a fresh profile, checked for console errors and CSP violations, and read the
way a person would: charts drawn, a toggle switched, a CSV downloaded and compared with the
tables, article text shown as text, a refresh and a corrupt table picked up without restart.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dashboard import downloads, urls
from dashboard.charts import CHARTS
from dashboard.data import DataStore, Tables

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FIRST = "20260102T030405000000Z"
SECOND = "20260203T040506000000Z"

#: Per card: drawn? and the download-row indices of every plotted point.
CARD_STATE = """() => [...document.querySelectorAll('section[data-chart]')].map(card => {
  const plots = [...card.querySelectorAll('.js-plotly-plot')];
  const ids = new Set();
  for (const plot of plots) {
    for (const trace of (plot.data || [])) {
      for (const id of Array.from(trace.customdata || [])) ids.add(Number(id));
    }
  }
  const tiles = [...card.querySelectorAll('[data-row]')].map(e => Number(e.dataset.row));
  for (const e of card.querySelectorAll('[data-rows]')) {
    for (const id of e.dataset.rows.split(',')) tiles.push(Number(id));
  }
  return {
    id: card.id,
    plots: plots.length,
    drawn: plots.length > 0 && plots.every(p => p.querySelector('.trace .point')),
    tiles: card.querySelector('.tiles') !== null,
    table: card.querySelector('.view-table .data-table') !== null,
    ids: [...ids].sort((a, b) => a - b),
    rows: tiles.sort((a, b) => a - b),
  };
})"""
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


pytest.importorskip("playwright.sync_api")
if not os.path.exists(CHROMIUM):  # `make test` installs it; say so rather than fail obscurely
    pytest.skip("Debian chromium is not installed (run `make browser`)", allow_module_level=True)


@dataclass
class Watched:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("() => window.__csp || []"))

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.csp_violations() == []
        assert self.dialogs == []
        assert self.external == []


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def browser(playwright: Any) -> Iterator[Callable[..., Watched]]:
    """`browser(url, width=1280)` → a watched page in a fresh Chromium profile."""
    contexts: list[Any] = []
    profiles: list[str] = []

    def open_page(
        url: str, width: int = 1280, setup: Callable[[Any], None] | None = None
    ) -> Watched:
        profile = tempfile.mkdtemp(prefix="chromium-")
        profiles.append(profile)
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": 900},
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(CSP_LISTENER)
        watched = Watched(page)
        page.on(
            "console",
            lambda m: watched.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: watched.console_errors.append(f"pageerror: {e}"))

        def on_dialog(dialog: Any) -> None:
            watched.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

        def on_request(req: Any) -> None:
            if not req.url.startswith(("http://127.0.0.1", "data:", "blob:")):
                watched.external.append(req.url)

        page.on("request", on_request)
        if setup is not None:
            setup(page)
        page.goto(url)
        return watched

    yield open_page
    for context in contexts:
        context.close()
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)


def poll(page: Any, script: str, ok: Callable[[Any], bool], timeout: float = 30.0) -> Any:
    """Evaluate until `ok(value)`; page.evaluate is not subject to the page's CSP."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if ok(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; last value: {value!r}")
        time.sleep(0.05)


def all_drawn(cards: list[dict[str, Any]]) -> bool:
    return len(cards) == len(CHARTS) and all(c["drawn"] or c["tiles"] or c["table"] for c in cards)


def wait_charts(watched: Watched) -> list[dict[str, Any]]:
    return list(poll(watched.page, CARD_STATE, all_drawn))


def tables_of(path: Path) -> Tables:
    state = DataStore(path).get()
    assert state.tables is not None, state.problem
    return state.tables


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A server on its own fixture tables and evidence cache, for the read-only tests."""
    root = tmp_path_factory.mktemp("live")
    build = request.getfixturevalue("make_tables")
    tables = build(root / "tables")
    request.getfixturevalue("evidence_writer")(root / "cache")
    server_cls = request.getfixturevalue("server_factory")
    srv = server_cls(tables, extra=["--cache", str(root / "cache")])
    yield srv
    srv.stop()


def test_every_chart_draws_exactly_its_rows(live: Any, browser: Callable[..., Watched]) -> None:
    watched = browser(live.url + "/")
    cards = wait_charts(watched)
    tables = tables_of(Path(live_tables(live)))
    for card in cards:
        chart = CHARTS[card["id"]]
        rows = chart.rows(tables, chart.default_state())
        if card["tiles"]:
            assert card["rows"] == list(range(len(rows)))
            continue
        not_points = {"compound annual growth", "stated claim check"}
        expected = [i for i in rows.index if rows.loc[i, "series"] not in not_points]
        assert card["ids"] == expected, card["id"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=str(ARTIFACTS / "main.png"), full_page=True)
    watched.assert_clean()


def test_toggle_view_state_in_url_and_shareable(live: Any, browser: Callable[..., Watched]) -> None:
    watched = browser(live.url + "/")
    wait_charts(watched)
    page = watched.page
    card = page.locator("section#trade-turnover")
    card.locator("label", has_text="Table").click()
    card.locator("table.data-table").wait_for()
    rows = card.locator("table.data-table tbody tr").count()
    poll(page, "() => location.search", lambda s: "trade-turnover.view=table" in s)
    shared = page.url
    expected = CHARTS["trade-turnover"].rows(tables_of(Path(live_tables(live))), {})
    assert rows == len(expected)
    # the energy chart in PJ/yr: title, figure and download links follow
    energy = page.locator("section#energy-corridors")
    energy.locator("label", has_text="PJ/yr").click()
    poll(
        page,
        "() => document.querySelector('#energy-corridors h2').textContent",
        lambda t: "PJ/yr" in t,
    )
    href = energy.locator("a[data-format='csv']").get_attribute("href")
    assert href == "/download/energy-corridors.csv?unit=energy"
    poll(page, "() => location.search", lambda s: "energy-corridors.unit=energy" in s)
    watched.assert_clean()
    # the link opens the same state in a fresh browser
    other = browser(shared)
    other.page.locator("section#trade-turnover table.data-table").wait_for()
    assert other.page.locator("section#trade-turnover table.data-table tbody tr").count() == rows
    other.assert_clean()


def live_tables(live: Any) -> str:
    args = list(live.proc.args)
    return str(args[args.index("--tables") + 1])


@pytest.mark.parametrize("chart_id", ["trade-turnover", "energy-corridors", "source-agreement"])
def test_downloaded_csv_equals_the_tables(
    live: Any, browser: Callable[..., Watched], chart_id: str
) -> None:
    watched = browser(live.url + "/")
    wait_charts(watched)
    page = watched.page
    card = page.locator(f"section#{chart_id}")
    card.locator("summary", has_text="Download").click()
    with page.expect_download() as info:
        card.locator("a[data-format='csv']").click()
    download = info.value
    assert download.suggested_filename == f"{chart_id}.csv"
    body = Path(download.path()).read_bytes()
    chart = CHARTS[chart_id]
    tables = tables_of(Path(live_tables(live)))
    rows = chart.rows(tables, chart.default_state())
    assert body == downloads.csv_bytes(rows)
    parsed = list(csv.DictReader(io.StringIO(body.decode())))
    assert [float(r["value"]) for r in parsed] == [float(v) for v in rows["value"]]
    assert [r["period"] for r in parsed] == [
        p if isinstance(p, str) else "" for p in rows["period"]
    ]
    watched.assert_clean()


def test_page_renders_when_the_browser_sends_no_referrer(
    live: Any, browser: Callable[..., Watched]
) -> None:
    """Without a Referer the layout cannot name the page: the router callback renders it."""

    def strip_referrer(page: Any) -> None:
        def handle(route: Any) -> None:
            headers = {k: v for k, v in route.request.headers.items() if k.lower() != "referer"}
            route.continue_(headers=headers)

        page.route("**/_dash-layout", handle)

    watched = browser(live.url + "/?trade-turnover.view=table", setup=strip_referrer)
    watched.page.locator("section#trade-turnover table.data-table").wait_for()
    wait_charts(watched)
    back = browser(live.url + "/facts", setup=strip_referrer)
    back.page.locator("#facts-table").wait_for()
    watched.assert_clean()
    back.assert_clean()


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_image_export_carries_title_sources_and_licence(
    live: Any, browser: Callable[..., Watched], kind: str
) -> None:
    watched = browser(live.url + "/")
    wait_charts(watched)
    page = watched.page
    card = page.locator("section#dependence")
    card.locator("summary", has_text="Download").click()
    with page.expect_download() as info:
        card.locator(f"[data-export='{kind}']").click()
    assert info.value.suggested_filename == f"dependence.{kind}"
    body = Path(info.value.path()).read_bytes()
    if kind == "png":
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        svg = body.decode()
        title = card.locator("h2").inner_text()
        assert title.split(":")[0] in svg  # the chart's title
        for part in ("Units: percent", "Sources: ", "tables run " + FIRST, "CC BY 4.0"):
            assert part in svg, part
        assert live.url + "/#dependence" in svg  # its permalink, from the configured base
    # no plotly toolbar over the labels
    assert card.locator(".modebar").count() == 0
    watched.assert_clean()


def test_permalink_opened_cold_shows_the_chart_in_its_state(
    live: Any, browser: Callable[..., Watched]
) -> None:
    link = live.url + "/?energy-corridors.unit=energy#energy-corridors"
    for width in (1280, 390):
        watched = browser(link, width=width)
        wait_charts(watched)
        page = watched.page
        # scrolled so the chart is at the top of the window, and stays there
        top = poll(
            page,
            "() => document.getElementById('energy-corridors').getBoundingClientRect().top",
            lambda t: 0 <= t <= 40,
        )
        time.sleep(2.0)
        assert (
            abs(
                page.evaluate(
                    "() => document.getElementById('energy-corridors').getBoundingClientRect().top"
                )
                - top
            )
            <= 2
        )
        assert "PJ/yr" in page.locator("#energy-corridors h2").inner_text()
        # the card's permalink is this very link, absolute, from the configured base URL
        href = page.locator("#energy-corridors a.permalink").get_attribute("href")
        assert href == link
        watched.assert_clean()


IN_VIEW = """() => {
  const top = document.getElementById('ID').getBoundingClientRect().top;
  const bottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
  return (top >= 0 && top <= 40) || (bottom && top >= 0 && top < window.innerHeight / 2);
}"""


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_every_charts_permalink_restores_its_state(
    live: Any, browser: Callable[..., Watched], chart_id: str
) -> None:
    """The permalink a card offers, opened in a fresh browser: that chart, that state, in view."""
    chart = CHARTS[chart_id]
    link = live.url + f"/?{chart_id}.view=table#{chart_id}"
    watched = browser(link)
    page = watched.page
    card = page.locator(f"section#{chart_id}")
    card.locator(".view-table table.data-table").wait_for()
    # at the top of the window, or as far as the page scrolls (the last card may be short)
    poll(page, IN_VIEW.replace("ID", chart_id), bool)
    assert card.locator("a.permalink").get_attribute("href") == link
    rows = chart.rows(tables_of(Path(live_tables(live))), chart.clean_state({"view": "table"}))
    assert card.locator("table.data-table tbody tr").count() == len(rows)
    watched.assert_clean()


#: Every text node's colour against the background it is drawn on (WCAG 2 contrast), and
#: every form control's accessible name; returns the violations (the rules axe-core checks as
#: color-contrast and label / button-name).
A11Y_CHECK = "\n".join(
    line
    for line in Path(__file__).with_name("a11y_check.js").read_text().splitlines()
    if not line.startswith("//")
)
PAGES = tuple(urls.PAGES)  # every page the site serves


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_fits_the_screen_with_readable_contrast_and_labels(
    live: Any, browser: Callable[..., Watched], width: int
) -> None:
    for path in PAGES:
        watched = browser(live.url + path, width=width)
        page = watched.page
        page.locator("main h1").wait_for()
        if path == "/":
            wait_charts(watched)
        time.sleep(0.3)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (
            path,
            width,
        )
        assert page.evaluate(A11Y_CHECK) == [], (path, width)
        watched.assert_clean()
    # a toggle that is selected and has keyboard focus stays readable
    watched = browser(live.url + "/", width=width)
    wait_charts(watched)
    page = watched.page
    page.locator("section#trade-turnover input[type=radio]").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(A11Y_CHECK) == []
    watched.assert_clean()


AXE = Path(__file__).resolve().parents[1] / ".node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
  return result.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_core_finds_no_wcag_violation(
    live: Any, browser: Callable[..., Watched], width: int
) -> None:
    """axe-core (installed by `make axe`) over every page, and a focused selected toggle."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (run `make axe`)")
    source = AXE.read_text()
    for path in PAGES:
        watched = browser(live.url + path, width=width)
        page = watched.page
        page.locator("main h1").wait_for()
        if path == "/":
            wait_charts(watched)
            page.locator("section#energy-corridors input[type=radio]").first.focus()
        time.sleep(0.3)
        page.evaluate(source)  # evaluated by the browser's devtools, not subject to the CSP
        assert page.evaluate(AXE_RUN) == [], (path, width)
        watched.assert_clean()


def test_unknown_page_offers_the_way_back(live: Any, browser: Callable[..., Watched]) -> None:
    watched = browser(live.url + "/no-such-page", width=390)
    page = watched.page
    assert "Page not found" in page.locator("h1").inner_text()
    page.locator("main a[href='/facts']").click()
    page.locator("#facts-table").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_every_page_is_clean_and_article_text_stays_text(
    live: Any, browser: Callable[..., Watched]
) -> None:
    watched = browser(live.url + "/sources")
    page = watched.page
    page.locator("table.data-table").wait_for()
    body = page.locator("main").inner_text()
    assert "Gamma Review <script>alert('x')</script> yearly round-up" in body
    assert "Gamma <img src=x onerror=alert(1)> Review" in body
    assert page.locator("main script, main img").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if not h.startswith(("/", "#", "http://", "https://"))]
    for path in ("/changes", "/facts", "/methodology", "/"):
        page.locator(f"nav.nav a[href='{path}']").click()
        poll(page, "() => location.pathname", lambda p, path=path: p == path)
        page.locator("main h1").wait_for()
    wait_charts(watched)
    time.sleep(0.5)  # let late async work (plotly, fonts) report any violation
    watched.assert_clean()
    for path in ("/changes", "/facts", "/methodology", "/sources"):
        direct = browser(live.url + path)
        direct.page.locator("main h1").wait_for()
        direct.assert_clean()


def test_facts_search_select_and_evidence(live: Any, browser: Callable[..., Watched]) -> None:
    watched = browser(live.url + "/facts")
    page = watched.page
    page.locator("#facts-table").wait_for()
    # filters while typing: no Enter needed
    page.locator("#facts-search").press_sequentially("pipeline", delay=20)
    poll(
        page,
        "() => document.querySelectorAll('#facts-table tbody tr td').length",
        lambda n: 0 < n < 60,
    )
    cell = page.locator(
        "#facts-table td[data-dash-column='entity_label']", has_text="Power of Siberia 2"
    )
    cell.click()
    detail = page.locator("#fact-detail .fact-detail")
    detail.wait_for()
    assert "planned" in detail.inner_text()
    mark = page.locator("#fact-evidence mark")
    assert mark.inner_text() == "50 bcm"
    assert "a second line would carry" in page.locator("#fact-evidence").inner_text()
    watched.assert_clean()


def test_phone_width_is_readable(live: Any, browser: Callable[..., Watched]) -> None:
    watched = browser(live.url + "/", width=390)
    wait_charts(watched)
    page = watched.page
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 392
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "main-phone.png"), full_page=True)
    labels = page.eval_on_selector_all(
        "section[data-chart] .graph-wrap", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    figures = [c for c in CHARTS.values() if c.figure is not None]
    assert len(labels) == len(figures) and all(labels)
    watched.assert_clean()


# -- refresh and faults while running --------------------------------------------------------
@pytest.fixture
def own_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Any, Path]]:
    tables = request.getfixturevalue("make_tables")(tmp_path / "tables")
    srv = request.getfixturevalue("server_factory")(tables)
    yield srv, tables
    srv.stop()


def footer_run(watched: Watched) -> str:
    return str(watched.page.locator("#run-id").inner_text())


def test_refresh_is_served_without_restart(
    own_server: tuple[Any, Path],
    browser: Callable[..., Watched],
    make_tables: Callable[..., Path],
) -> None:
    srv, tables = own_server
    before = browser(srv.url + "/")
    wait_charts(before)
    assert footer_run(before) == FIRST
    changes = {
        "run_id": SECOND,
        "previous_run_id": FIRST,
        "added": [],
        "changed": [],
        "removed": [
            {
                "metric": "trade.bilateral.value",
                "entity": None,
                "period": "2023",
                "status": "actual",
                "value": 200e9,
                "unit": "usd",
                "docs": ["gamma-review-2024"],
            }
        ],
    }
    make_tables(tables, run_id=SECOND, previous_run_id=FIRST, drop_facts=("f05",), changes=changes)
    after = browser(srv.url + "/")
    wait_charts(after)
    assert footer_run(after) == SECOND
    title = after.page.locator("#trade-turnover h2").inner_text()
    assert "$110 bn in 2019" in title  # 2023 is gone from the new run
    index = json.loads(
        after.page.evaluate("async () => (await fetch('/download/index.json')).text()")
    )
    assert index["run_id"] == SECOND
    after.page.locator("nav.nav a[href='/changes']").click()
    poll(
        after.page,
        "() => document.querySelector('main').innerText",
        lambda t: "Dropped figures" in t and SECOND in t,
    )
    before.assert_clean()
    after.assert_clean()


def test_corrupt_table_shows_banner_and_last_good_data(
    own_server: tuple[Any, Path], browser: Callable[..., Watched]
) -> None:
    srv, tables = own_server
    first = browser(srv.url + "/")
    wait_charts(first)
    manifest = json.loads((tables / "manifest.json").read_text())
    path = tables / manifest["tables"]["observations"]["file"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    second = browser(srv.url + "/")
    cards = wait_charts(second)  # the last good data still draws every chart
    assert len(cards) == len(CHARTS)
    banner = second.page.locator("#banner .banner").inner_text()
    assert "integrity" in banner and path.name in banner and FIRST in banner
    assert footer_run(second) == FIRST
    assert "Traceback" not in second.page.content()
    second.assert_clean()
    assert "Traceback" not in srv.output()
