"""The Dash application: `create_app(tables_dir)` builds layout, pages, callbacks and routes.

Hardening lives here too: debug and every dev tool are off whatever the environment says,
a Content-Security-Policy without 'unsafe-eval' (inline scripts allowed by hash only), the
usual security headers, compressed responses, a request-size limit, unknown paths → 404, and
callbacks that accept only the values the page offers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import flask
from dash import ALL, MATCH, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from dashboard import downloads, review_writes, urls
from dashboard.charts import CHARTS
from dashboard.components import banner, card_parts, footer, nav
from dashboard.data import DataState, DataStore, Tables
from dashboard.pages import changes, facts, main, methodology, review, sources
from dashboard.review_writes import ReviewSettings

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"
TITLE = "China–Russia asymmetry"
MAX_CONTENT_LENGTH = 1024 * 1024  # callback bodies are a few kB; 2 MiB gets 413
#: Path prefixes served besides the pages (Dash internals, static assets, downloads).
SERVED_PREFIXES = ("/_dash-", "/assets/", urls.DOWNLOAD_PREFIX)
SERVED_PATHS = frozenset({"/_favicon.ico", "/download"})
#: Environment variables Dash (and its renderer) would read to change behaviour.
_ENV_PREFIXES = ("DASH_",)
_ENV_NAMES = ("HOST", "PORT", "REACT_VERSION")


@contextlib.contextmanager
def clean_environment() -> Iterator[None]:
    """Hide DASH_* / HOST / PORT from Dash while it reads its configuration."""
    saved = {
        k: v
        for k, v in os.environ.items()
        if k.upper().startswith(_ENV_PREFIXES) or k.upper() in _ENV_NAMES
    }
    for key in saved:
        del os.environ[key]
    try:
        yield
    finally:
        os.environ.update(saved)


class StaticCompressionCache:
    """flask-compress cache for Dash's package files only (immutable while the server runs).

    Other responses (pages, callbacks, downloads) are compressed on the fly and never cached.
    """

    MAX_BYTES = 64 * 1024 * 1024

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0

    @staticmethod
    def key(request: flask.Request) -> str:
        if request.path.startswith("/_dash-component-suites/"):
            return f"static:{request.path}"
        return "dynamic:"

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._items.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.split(";", 1)[-1].startswith("static:"):
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._size += len(value)
            while self._size > self.MAX_BYTES and self._items:
                _old, body = self._items.popitem(last=False)
                self._size -= len(body)


def content_security_policy(script_hashes: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],  # plotly and React set inline styles
        "img-src": ["'self'", "data:", "blob:"],  # plotly's PNG export
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
        <link rel="preload" href="/_dash-component-suites/dash/dcc/async-graph.js" as="script">
        <link rel="preload" href="/_dash-component-suites/plotly/package_data/plotly.min.js"
              as="script">
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def requested_page() -> tuple[str, str] | None:
    """(path, search) of the page whose layout is being fetched, from the Referer.

    The browser sends the page's URL with `/_dash-layout` (Referrer-Policy: same-origin), so
    the first render can carry the page and its chart state without a callback round trip.
    Anything unusual (no referrer, another origin, an unknown path) → None: the router
    callback renders the page instead.
    """
    try:
        referrer = flask.request.referrer
    except RuntimeError:
        return None
    if not referrer or len(referrer) > 4096:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != flask.request.host or not urls.is_page(parts.path or "/"):
        return None
    return urls.page_path(parts.path or "/"), f"?{parts.query}" if parts.query else ""


def shell(store: DataStore) -> Any:
    """The page frame served on every load, with the requested page already rendered when
    the request names it (else the router callback fills it)."""
    state = store.get()
    page = requested_page()
    if page is not None:
        path, search = page
        content: Any = render_page(state, path, search)
        rendered: dict[str, str] | None = {"path": path, "search": search}
    else:
        path = urls.HOME
        content = html.Div("Loading…", className="loading")
        rendered = None
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="rendered", data=rendered),
            html.A("Skip to content", href="#main", className="skip-link"),
            html.Header(
                [
                    html.Div(
                        [
                            html.Span("CN", className="brand-cn"),
                            html.Span("–"),
                            html.Span("RU", className="brand-ru"),
                            html.Span(" asymmetry", className="brand-text"),
                        ],
                        className="brand",
                    ),
                    html.Div(nav(path), id="nav"),
                ],
                className="site-header",
            ),
            html.Div(banner(state), id="banner"),
            html.Main(content, id="main", tabIndex="-1"),
            html.Footer(footer(state), id="site-footer", className="site-footer"),
        ],
        className="shell",
    )


def render_page(state: DataState, pathname: object, search: object) -> list[Any]:
    path = urls.page_path(pathname)
    tables = state.tables
    if path == "/changes":
        return changes.layout(tables, urls.parse_query(search).get("run"))
    if path == "/facts":
        fact_id = urls.parse_query(search).get("fact")
        return facts.layout(tables, fact_id)
    if path == "/sources":
        return sources.layout(tables)
    if path == "/methodology":
        return methodology.layout(tables)
    if path == "/review":
        return review.layout(tables, review_writes.settings())
    return main.layout(tables, main.page_states(search))


def _ctl_states(ids: list[Any], values: list[Any]) -> dict[str, dict[str, str]]:
    """Chart states from pattern-matched control ids and values, validated per chart."""
    raw: dict[str, dict[str, Any]] = {}
    for ident, value in zip(ids, values, strict=False):
        if not isinstance(ident, dict):
            continue
        chart_id, name = ident.get("chart"), ident.get("name")
        if isinstance(chart_id, str) and chart_id in CHARTS and isinstance(name, str):
            raw.setdefault(chart_id, {})[name] = value
    return {chart_id: CHARTS[chart_id].clean_state(opts) for chart_id, opts in raw.items()}


def register_callbacks(app: Dash, store: DataStore) -> None:
    @app.callback(
        Output("main", "children"),
        Output("banner", "children"),
        Output("site-footer", "children"),
        Output("nav", "children"),
        Output("rendered", "data"),
        Input("url", "pathname"),
        Input("url", "search"),
        State("rendered", "data"),
    )
    def route(pathname: object, search: object, rendered: object) -> tuple[Any, ...]:
        path = urls.page_path(pathname)
        query = search if isinstance(search, str) else ""
        if isinstance(rendered, dict) and rendered == {"path": path, "search": query}:
            raise PreventUpdate  # the page on screen is this one already
        state = store.get()
        return (
            render_page(state, path, query),
            banner(state),
            footer(state),
            nav(path),
            {"path": path, "search": query},
        )

    @app.callback(
        Output({"type": "card-head", "chart": MATCH}, "children"),
        Output({"type": "card-body", "chart": MATCH}, "children"),
        Output({"type": "dl", "chart": MATCH}, "children"),
        Input({"type": "ctl", "chart": MATCH, "name": ALL}, "value"),
        prevent_initial_call=True,
    )
    def update_chart(values: list[Any]) -> tuple[Any, Any, Any]:
        ids = [item["id"] for item in ctx.inputs_list[0]] if ctx.inputs_list else []
        states = _ctl_states(ids, values if isinstance(values, list) else [])
        if len(states) != 1:
            raise PreventUpdate
        chart_id, state = next(iter(states.items()))
        tables = store.get().tables
        if tables is None:
            raise PreventUpdate
        return card_parts(CHARTS[chart_id], tables, state)

    @app.callback(
        Output("url", "search"),
        Output("rendered", "data", allow_duplicate=True),
        Input({"type": "ctl", "chart": ALL, "name": ALL}, "value"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def sync_url(values: list[Any], pathname: object) -> tuple[Any, Any]:
        """Chart state into the URL (shareable); the page on screen already shows it."""
        if urls.page_path(pathname) != urls.HOME:
            return no_update, no_update
        ids = [item["id"] for item in ctx.inputs_list[0]] if ctx.inputs_list else []
        states = _ctl_states(ids, values if isinstance(values, list) else [])
        defaults = {chart_id: CHARTS[chart_id].default_state() for chart_id in states}
        query = urls.state_query(states, defaults)
        return query, {"path": urls.HOME, "search": query}

    @app.callback(
        Output("facts-table", "data"),
        Input("facts-search", "value"),
        prevent_initial_call=True,
    )
    def search_facts(query: object) -> Any:
        tables = store.get().tables
        if tables is None:
            return []
        return facts.search(facts.fact_records(tables), query)

    @app.callback(
        Output("fact-detail", "children"),
        Input("facts-table", "active_cell"),
        prevent_initial_call=True,
    )
    def show_fact(active_cell: object) -> Any:
        fact_id = active_cell.get("row_id") if isinstance(active_cell, dict) else None
        return facts.detail(store.get().tables, fact_id if isinstance(fact_id, str) else None)


NOT_FOUND_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · {title}</title><link rel="icon" href="/_favicon.ico">
<link rel="stylesheet" href="/assets/style.css"></head>
<body><div class="shell"><header class="site-header"><div class="brand">
<span class="brand-cn">CN</span><span>–</span><span class="brand-ru">RU</span>
<span class="brand-text"> asymmetry</span></div>
<nav class="nav" aria-label="Pages">{links}</nav></header>
<main id="main"><h1>Page not found</h1>
<p class="lede">There is no page at this address. The pages of the dashboard are:</p>
<ul>{items}</ul></main></div></body></html>
"""


def not_found_page() -> flask.Response:
    """A 404 a person can leave: the site header and every page, no script."""
    links = "".join(
        f'<a class="nav-link" href="{p}">{label}</a>' for p, label in urls.PAGES.items()
    )
    items = "".join(f'<li><a href="{p}">{label}</a></li>' for p, label in urls.PAGES.items())
    body = NOT_FOUND_HTML.format(title=TITLE, links=links, items=items)
    response = flask.Response(body, status=404, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _security(app: Dash, extra_paths: frozenset[str] = frozenset()) -> None:
    server = app.server
    policy = content_security_policy(list(app.csp_hashes()))

    download_names = set(downloads.allowed_names())

    @server.before_request
    def only_known_paths() -> flask.Response | None:
        path = flask.request.path
        if path.startswith(urls.DOWNLOAD_PREFIX):
            name = path[len(urls.DOWNLOAD_PREFIX) :]
            return None if name in download_names else downloads.not_found()
        if urls.is_page(path) or path in SERVED_PATHS or path.startswith(SERVED_PREFIXES):
            return None
        if path in extra_paths:  # write routes: POST only (Dash would serve its page to a GET)
            if flask.request.method == "POST":
                return None
            return flask.Response("Method Not Allowed\n", status=405, mimetype="text/plain")
        if flask.request.accept_mimetypes.accept_html and not path.startswith("/_"):
            return not_found_page()
        return downloads.not_found()

    @server.after_request
    def headers(response: flask.Response) -> flask.Response:
        h = response.headers
        h.setdefault("Content-Security-Policy", policy)
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "same-origin"
        h["X-Frame-Options"] = "DENY"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        if response.mimetype == "text/html":
            h["Cache-Control"] = "no-cache"
        return response

    @server.errorhandler(Exception)
    def error(exc: Exception) -> Any:
        """Plain-text errors with their status; never a traceback or an HTML error page."""
        if isinstance(exc, HTTPException):
            status = exc.code or 500
            message = exc.name
        else:
            log.exception("unhandled error on %s", flask.request.path)
            status, message = 500, "Internal error"
        response = flask.Response(f"{message}\n", status=status, mimetype="text/plain")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response


def warm(tables: Tables) -> None:
    """Render the main page's default cards once, off the request path, for a new run."""

    def run() -> None:
        try:
            main.layout(tables, main.page_states(""))
        except Exception:  # warming is an optimisation; a failure shows up on the request
            log.exception("warming run %s failed", tables.run_id)

    threading.Thread(target=run, name=f"warm-{tables.run_id}", daemon=True).start()


def create_app(
    tables_dir: Path,
    cache_dir: Path | None = None,
    review_settings: ReviewSettings | None = None,
    base_url: str = urls.DEFAULT_BASE_URL,
) -> Dash:
    """Build the dashboard for the tables in `tables_dir` (which may not exist yet), published
    at `base_url` (the one address permalinks and downloaded files are built from).

    The review page is read-only unless `review_settings.writable` (`--review`): only then
    is the one write route registered."""
    urls.configure_base_url(base_url)
    tables_dir = Path(tables_dir)
    if review_settings is None:
        from etl.tables.corrections import default_corrections_path

        review_settings = ReviewSettings(default_corrections_path(tables_dir))
    if cache_dir is None:
        from etl.tables.cache import default_cache_dir

        cache_dir = default_cache_dir(tables_dir)  # $ETL_CACHE_DIR, else beside the tables
    store = DataStore(tables_dir, cache_dir)
    server = flask.Flask(__name__)
    server.config.update(
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        DEBUG=False,
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_LEVEL=6,
        COMPRESS_BR_LEVEL=5,
        COMPRESS_CACHE_BACKEND=StaticCompressionCache,
        COMPRESS_CACHE_KEY=StaticCompressionCache.key,
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/plain",
            "text/csv",
            "text/javascript",
            "application/javascript",
            "application/json",
        ],
    )
    server.debug = False
    server.config[review_writes.CONFIG_KEY] = review_settings
    with clean_environment():
        app = Dash(
            __name__,
            server=cast(Any, server),
            title=TITLE,
            update_title=cast(str, None),  # no "Updating..." flashing in the tab
            assets_folder=str(ASSETS),
            assets_external_path="",
            include_assets_files=True,
            serve_locally=True,
            compress=False,  # flask-compress is set up below, with its cache
            suppress_callback_exceptions=True,
            url_base_pathname="/",
            enable_mcp=False,
            meta_tags=[
                {
                    "name": "description",
                    "content": "China–Russia trade and energy asymmetry, in numbers, with "
                    "sources and exact downloads.",
                },
                {"name": "theme-color", "content": "#ffffff"},
            ],
        )
        app._setup_dev_tools(  # every dev tool off, whatever DASH_* variables say
            debug=False,
            ui=False,
            props_check=False,
            serve_dev_bundles=False,
            hot_reload=False,
            silence_routes_logging=True,
            prune_errors=True,
            validate_callbacks=False,
            disable_version_check=True,
        )
    Compress(server)
    app.index_string = INDEX_STRING
    app.layout = lambda: shell(store)
    store.on_new_run = warm
    register_callbacks(app, store)
    downloads.register(server, store)
    writes: frozenset[str] = frozenset()
    if review_settings.writable:
        review_writes.register(server, store, review_settings)
        writes = frozenset({review_writes.DECIDE_PATH})
    _security(app, writes)
    app.store = store  # type: ignore[attr-defined]  # for tests and the CLI
    return app
