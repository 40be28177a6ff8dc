"""HTML page chrome (issue 12, class 8): figures in navigation, tickers, "Most read" and
"Related" boxes, widgets, "Read also" links and footers are not the article's.

Pages are written for these tests in the markup styles of several kinds of sites: a
semantic news page, a div-soup portal, and a state-media page with inline link boxes.
Each chrome figure is one the article does not state, so any record of it is a leak.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.facts.extract import extract_document
from etl.facts.load import load_document, strip_page_chrome

FRONT = "---\nid: page\npublished: 2024-01-20\n---\n"

ARTICLE = (
    "<h1>China-Russia trade hits a record</h1>"
    "<p>Trade between China and Russia rose 26.3 percent in 2023 to a record $240.1 billion, "
    "customs data showed on Friday, as both sides redirected flows after sanctions.</p>"
    "<p>China's exports to Russia jumped 46.9 percent to $110.97 billion in 2023, led by cars "
    "and machinery, while shipments of consumer electronics also grew strongly.</p>"
)
ARTICLE_VALUES = {240.1e9, 26.3, 46.9, 110.97e9}

#: Chrome boxes, each stating a China–Russia figure of its own (a different year and value).
SEMANTIC_CHROME = (
    "<header><nav><a href='/'>Home</a> <a href='/m'>Trade between China and Russia reached "
    "$88 billion in 2013</a></nav></header>"
    "<main><article>{article}</article>"
    "<aside><h2>Most read</h2><ol><li><a href='/a'>Bilateral trade grew 35.8 percent in 2021 "
    "to $146.9 billion</a></li></ol></aside></main>"
    "<footer><p>Archive: trade between Russia and China was $107 billion in 2018.</p></footer>"
)
DIV_SOUP_CHROME = (
    "<div class='top-menu'><a href='/'>Home</a></div>"
    "<div id='breaking-news-ticker'>BREAKING: China-Russia trade turnover fell 28.6 percent to "
    "$68 billion in 2015</div>"
    "<div class='content'><div class='post-body'>{article}"
    "<p>Read also: <a href='/z'>Bilateral trade reached $95 billion in 2014</a></p></div>"
    "<div class='sidebar_widget'><div class='widget-title'>Popular</div><div><a href='/p'>"
    "Sino-Russian trade grew 2.2 percent in 2016 to $69.5 billion</a></div></div></div>"
    "<div class='site-footer'>Trade between China and Russia reached $84 billion in 2017</div>"
)
#: Boxes inside the article body itself, which a main-text extractor alone keeps.
STATE_MEDIA_CHROME = (
    "<div class='page has-sidebar'><article class='article-text'>{article}"
    "<div class='box'><p>Related</p><p><a href='/r'>Russia-China trade grew 30.9 percent to "
    "$77.7 billion in 2010</a></p><p><a href='/s'>Trade rose 40.6 percent in 2011 to $83.5 "
    "billion</a></p></div>"
    "<p>READ MORE: <a href='/t'>Trade between the two countries hit $65.2 billion in 2012, up "
    "11.2 percent</a></p>"
    "<p>The figures were published by the General Administration of Customs in Beijing.</p>"
    "</article></div>"
)


@pytest.mark.parametrize("layout", [SEMANTIC_CHROME, DIV_SOUP_CHROME, STATE_MEDIA_CHROME])
def test_no_figure_from_page_chrome(tmp_path: Path, layout: str) -> None:
    page = f"<html><head><title>Trade</title></head><body>{layout}</body></html>"
    path = tmp_path / "page.html"
    path.write_text(FRONT + page.format(article=ARTICLE), encoding="utf-8")
    found = {round(f.value, 2) for f in extract_document(load_document(path))}
    assert found == {round(v, 2) for v in ARTICLE_VALUES}


def test_an_article_container_named_like_chrome_is_kept() -> None:
    # "has-sidebar" on the page wrapper, "share" on the body: the article is inside them
    page = (
        "<html><body><div class='layout has-sidebar'><div class='share-body'>"
        f"{ARTICLE}</div></div></body></html>"
    )
    assert "record $240.1 billion" in strip_page_chrome(page)


def test_a_link_inside_article_prose_is_kept() -> None:
    paragraph = (
        "<p>Trade rose 26.3 percent in 2023, according to <a href='/c'>customs data</a> "
        "released in Beijing on Friday, to a record high.</p>"
    )
    page = f"<html><body><article><h1>Trade</h1>{paragraph}</article></body></html>"
    assert "according to" in strip_page_chrome(page)


def test_an_unparseable_page_is_left_to_the_extractor() -> None:
    assert strip_page_chrome("") == ""


def test_a_standfirst_named_teaser_or_banner_is_kept() -> None:
    # sites name the lead paragraph "teaser" or put it in a "banner": it is the article's
    page = (
        "<html><body><article><h1>Gas flows</h1>"
        "<p class='article-teaser'>January deliveries topped 2.5 bcm.</p>"
        "<div class='lead-banner'><p>Power of Siberia carried 2.7 bcm in January.</p></div>"
        f"{ARTICLE}</article></body></html>"
    )
    kept = strip_page_chrome(page)
    assert "topped 2.5 bcm" in kept and "carried 2.7 bcm" in kept


def test_html_cleaning_dependency_is_declared_directly() -> None:
    # trafilatura imports lxml.html.clean, which lives in lxml_html_clean; an older pip drops
    # the "lxml[html_clean]" extra, so the package must be a direct dependency
    import tomllib

    import lxml.html.clean  # noqa: F401  (fails when lxml_html_clean is missing)

    pyproject = Path(__file__).resolve().parents[3] / "pyproject.toml"
    declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("[")[0].strip().lower() for d in declared}
    assert {"lxml", "lxml_html_clean"} <= {n.replace("-", "_") for n in names}


#: More site layouts whose boxes carry no chrome class word: a right-hand rail of latest
#: headlines, a "further reading" card with a teaser sentence, a market-data strip, a
#: masthead of top stories, a footer paragraph in a plain div, a tag list.
MORE_LAYOUTS = {
    "rail": "<div class='wrapper'><div class='col-main'><article>{article}</article></div>"
    "<div class='col-right'><h3>Latest</h3><ul><li><a href='/x'>Trade between China and "
    "Russia fell 28.6 percent in 2015</a></li><li><a href='/y'>Russia-China trade hit $107 "
    "billion in 2018</a></li></ul></div></div>",
    "teaser": "<main><article>{article}</article><section class='more-coverage'><h2>Further "
    "reading</h2><div class='card'><h4><a href='/q'>Analysis: the yuan's rise</a></h4><p>"
    "Bilateral trade grew 35.8 percent in 2021 to $146.9 billion, a record at the time.</p>"
    "</div></section></main>",
    "market_strip": "<div class='market-strip'><span>USD/RUB 92.1</span><span>Brent $78.2"
    "</span><span>China-Russia trade 2022: $190.3 billion</span></div>"
    "<article>{article}</article>",
    "masthead": "<header class='masthead'><div class='top-stories'><a href='/1'>Trade between "
    "China and Russia rose 2.2 percent in 2016</a><a href='/2'>Gas via Power of Siberia hit "
    "22.7 bcm in 2023</a></div></header><article>{article}</article>",
    "plain_footer": "<article>{article}</article><div id='bottom'><p>© 2024 Example News. "
    "Trade between Russia and China reached $84 billion in 2017, our archive shows.</p><p>"
    "<a href='/about'>About</a> | <a href='/c'>Contact</a></p></div>",
    "tags": "<article>{article}<ul class='tags'><li><a href='/t1'>Russia China trade $200 "
    "billion 2024</a></li></ul></article>",
}


@pytest.mark.parametrize("name", sorted(MORE_LAYOUTS))
def test_no_figure_from_unlabelled_boxes(tmp_path: Path, name: str) -> None:
    page = f"<html><head><title>Trade</title></head><body>{MORE_LAYOUTS[name]}</body></html>"
    path = tmp_path / f"{name}.html"
    path.write_text(FRONT + page.format(article=ARTICLE), encoding="utf-8")
    found = {round(f.value, 2) for f in extract_document(load_document(path))}
    assert found == {round(v, 2) for v in ARTICLE_VALUES}
