"""The one place that builds (and parses) the dashboard's URLs.

Page paths, the chart state carried in the query string (shareable links), the download
URLs and their allow-listed file names. Nothing here touches the file system.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

PAGES: dict[str, str] = {
    "/": "Charts",
    "/changes": "What changed",
    "/facts": "Facts",
    "/sources": "Sources",
    "/methodology": "Methodology",
    "/review": "Review",
}
HOME = "/"
DOWNLOAD_PREFIX = "/download/"
INDEX_NAME = "index.json"
ZIP_NAME = "all.zip"
FORMATS: tuple[str, ...] = ("csv", "json", "xlsx")
METADATA_SUFFIX = "metadata.json"
MAX_QUERY = 2048  # longer query strings are ignored, not parsed
DEFAULT_BASE_URL = "http://127.0.0.1:8050"

#: The one absolute address every permalink, citation and downloaded file is built from. Set
#: once at start-up (`python -m dashboard --base-url`), never taken from a request's Host.
_base_url = DEFAULT_BASE_URL


def check_base_url(value: str) -> str:
    """An absolute http(s) URL without query or fragment, trailing slash removed."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"base URL must be an absolute http(s) address, got {value!r}")
    if any(ch in value for ch in " \r\n\t<>\"'`"):
        raise ValueError(f"base URL has characters a URL cannot carry: {value!r}")
    return value.strip().rstrip("/")


def configure_base_url(value: str) -> None:
    global _base_url
    _base_url = check_base_url(value)


def base_url() -> str:
    return _base_url


def absolute(path: str) -> str:
    """A site path ('/download/x.csv') as an absolute URL under the configured base."""
    return f"{_base_url}{path}"


def page_path(pathname: object) -> str:
    """A known page path for whatever the browser sent (unknown → home)."""
    if isinstance(pathname, str):
        trimmed = pathname if pathname == "/" else pathname.rstrip("/")
        if trimmed in PAGES:
            return trimmed
    return HOME


def is_page(pathname: str) -> bool:
    trimmed = pathname if pathname == "/" else pathname.rstrip("/")
    return trimmed in PAGES


def parse_query(search: object) -> dict[str, str]:
    """'?a=1&b=2' → {'a': '1', 'b': '2'}; malformed or oversized input → {}."""
    if not isinstance(search, str) or len(search) > MAX_QUERY:
        return {}
    try:
        pairs = parse_qsl(search.lstrip("?"), keep_blank_values=False, max_num_fields=64)
    except ValueError:
        return {}
    out: dict[str, str] = {}
    for key, value in pairs:
        out.setdefault(key, value)
    return out


def chart_states(search: object, chart_id: str) -> dict[str, str]:
    """The raw (unvalidated) options of one chart from a query string: `<chart>.<option>`."""
    prefix = f"{chart_id}."
    return {k[len(prefix) :]: v for k, v in parse_query(search).items() if k.startswith(prefix)}


def state_query(
    states: Mapping[str, Mapping[str, str]], defaults: Mapping[str, Mapping[str, str]]
) -> str:
    """The query string for chart states, listing only what differs from the defaults."""
    pairs = []
    for chart_id in sorted(states):
        for name, value in sorted(states[chart_id].items()):
            if defaults.get(chart_id, {}).get(name) != value:
                pairs.append((f"{chart_id}.{name}", value))
    return f"?{urlencode(pairs)}" if pairs else ""


def chart_anchor(chart_id: str) -> str:
    return f"/#{quote(chart_id)}"


def permalink(chart_id: str, state: Mapping[str, str], defaults: Mapping[str, str]) -> str:
    """The absolute, stable address of one chart in one state: opening it restores the state
    and scrolls to the chart (only options that differ from the defaults are written)."""
    query = state_query({chart_id: state}, {chart_id: defaults})
    return absolute(f"/{query}#{quote(chart_id)}")


def download_name(chart_id: str, fmt: str) -> str:
    return f"{chart_id}.{fmt}"


def saved_name(chart_id: str, fmt: str, options: Mapping[str, str] | None = None) -> str:
    """The file name a download is saved under: one name per chart state
    ('energy-corridors-unit-energy.csv'), so two states never overwrite each other."""
    parts = [chart_id, *(f"{k}-{v}" for k, v in sorted((options or {}).items()))]
    return f"{'-'.join(parts)}.{fmt}"


def metadata_name(chart_id: str) -> str:
    return f"{chart_id}.{METADATA_SUFFIX}"


def download_url(chart_id: str, fmt: str, options: Mapping[str, str] | None = None) -> str:
    query = f"?{urlencode(sorted(options.items()))}" if options else ""
    return f"{DOWNLOAD_PREFIX}{download_name(chart_id, fmt)}{query}"


def metadata_url(chart_id: str, options: Mapping[str, str] | None = None) -> str:
    query = f"?{urlencode(sorted(options.items()))}" if options else ""
    return f"{DOWNLOAD_PREFIX}{metadata_name(chart_id)}{query}"


def index_url() -> str:
    return f"{DOWNLOAD_PREFIX}{INDEX_NAME}"


def zip_url() -> str:
    return f"{DOWNLOAD_PREFIX}{ZIP_NAME}"


def facts_url(fact_id: str | None = None) -> str:
    return f"/facts?{urlencode({'fact': fact_id})}" if fact_id else "/facts"


def sources_url(doc: str | None = None) -> str:
    return f"/sources#{quote(doc, safe='')}" if doc else "/sources"
