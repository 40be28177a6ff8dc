"""The review page end to end in Debian's headless Chromium (Playwright, never a downloaded
browser): an article of our own refreshed for real, doubtful points ringed in the trade
chart, decisions taken with one key on the page (`--review`), kept across a reload, applied
by the next refresh and listed on What changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from etl.tables.corrections import load_corrections
from etl.tables.publish import load_verified_tables

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

pytest.importorskip("playwright.sync_api")
if not os.path.exists(CHROMIUM):  # `make test` installs it; say so rather than fail obscurely
    pytest.skip("Debian chromium is not installed (run `make browser`)", allow_module_level=True)


@dataclass
class Watched:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.external == []


@pytest.fixture
def browser() -> Iterator[Callable[[str], Watched]]:
    """`browser(url)` → a watched page in a fresh Chromium profile."""
    from playwright.sync_api import sync_playwright

    profiles: list[str] = []
    with sync_playwright() as pw:
        contexts: list[Any] = []

        def open_page(url: str) -> Watched:
            profile = tempfile.mkdtemp(prefix="chromium-")
            profiles.append(profile)
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            contexts.append(context)
            page = context.new_page()
            watched = Watched(page)
            page.on(
                "console",
                lambda m: watched.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: watched.console_errors.append(f"pageerror: {e}"))
            page.on(
                "request",
                lambda r: (
                    None
                    if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                    else watched.external.append(r.url)
                ),
            )
            page.goto(url)
            return watched

        yield open_page
        for context in contexts:
            context.close()
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)


ARTICLE = """---
id: our-review-test
title: An invented article for the review test
publisher: Test Desk
published: 2032-02-01
---
China–Russia trade reached $120 billion in 2031.

China–Russia trade reached $9.5 billion in 2030.

China's exports to Russia reached $118.5 billion in 2031.
"""
TRACES = """() => [...document.querySelectorAll('section#trade-turnover .js-plotly-plot')]
  .flatMap(p => (p.data || []).map(t => t.name))"""


def run_etl_refresh(corpus: Path, out: Path, cache: Path) -> None:
    env = {**os.environ, "ETL_CACHE_DIR": str(cache)}
    env.pop("ETL_CORRECTIONS", None)
    subprocess.run(
        [sys.executable, "-m", "etl", "refresh", "--corpus", str(corpus), "--out", str(out),
         "--workers", "1"],
        cwd=REPO, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def fact_ids(out: Path) -> dict[str, str]:
    """surface → fact id of the published facts."""
    facts = load_verified_tables(out)[1]["facts"].to_pylist()
    return {f["surface"]: f["fact_id"] for f in facts}


def wait_text(page: Any, selector: str, needle: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = page.locator(selector).inner_text() if page.locator(selector).count() else ""
        if needle in text:
            return str(text)
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} not in {selector}: {text!r}")
        time.sleep(0.1)


def test_decide_reload_refresh_and_see_it_applied(
    tmp_path: Path, browser: Callable[[str], Watched], server_factory: Any
) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    (corpus / "our-review-test.md").write_text(ARTICLE, encoding="utf-8")
    tables, cache, corrections = data / "tables", data / "cache", data / "corrections.yaml"
    run_etl_refresh(corpus, tables, cache)
    ids = fact_ids(tables)
    srv = server_factory(
        tables, extra=["--review", "--cache", str(cache), "--corrections", str(corrections)]
    )
    try:
        # the misread direction breaks an identity: the chart rings the doubtful points
        main = browser(srv.url + "/")
        main.page.locator("section#trade-turnover .js-plotly-plot").first.wait_for()
        deadline = time.monotonic() + 30
        while "Doubtful: breaks an identity" not in main.page.evaluate(TRACES):
            assert time.monotonic() < deadline, main.page.evaluate(TRACES)
            time.sleep(0.1)
        assert "breaks an identity" in main.page.locator("section#trade-turnover").inner_text()

        watched = browser(srv.url + "/review")
        page = watched.page
        page.locator("article.review-item").first.wait_for()
        assert page.locator("article.review-item").count() == 3
        misread = f"#fact-{ids['$118.5 billion']}"
        assert "direction_below_total" in page.locator(misread).inner_text()
        assert page.locator(f"{misread} mark").inner_text() == "$118.5 billion"

        # one keystroke: j j moves to the second item (the misread direction), r rejects it
        page.locator("main h1").click()
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.keyboard.press("r")
        wait_text(page, misread, "Decided: reject")

        # e opens the correction of the focused item; type the right value and save
        low = f"#fact-{ids['$9.5 billion']}"
        page.locator(f"{low} h3").click()
        page.locator(low).focus()
        page.keyboard.press("e")
        page.keyboard.type("95 bn")
        page.locator(f"{low} button.review-correct").click()
        wait_text(page, low, "Decided: correct")

        page.reload()
        wait_text(page, misread, "applies at the next refresh")
        wait_text(page, low, "value 95000000000.0")
        assert [c.action for c in load_corrections(corrections)] in (
            ["reject", "correct"],
            ["correct", "reject"],
        )
        watched.assert_clean()

        run_etl_refresh(corpus, tables, cache)
        page.reload()
        page.locator("main h1").wait_for()
        wait_text(page, "main", "applied at the last refresh")
        assert page.locator(misread).count() == 0  # rejected: no longer published

        page.locator("nav.nav a[href='/changes']").click()
        changes = wait_text(page, "main", "Corrections")
        assert "Applied (2)" in changes and "'$118.5 billion'" in changes
        assert "value 9.5 bn USD → 95 bn USD" in changes

        home = browser(srv.url + "/")
        wait_text(home.page, "section#trade-turnover h2", "$95 bn in 2030")
        watched.assert_clean()
        home.assert_clean()
    finally:
        srv.stop()
