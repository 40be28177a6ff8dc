"""The dashboard's only write path: review decisions into `data/corrections.yaml`.

It exists only when the server was started with `--review` on a loopback address; without
it no route writes anything (the path is not even routed: 404). With it, a decision is
accepted only when every one of these holds, else nothing is written:

* `POST` (any other method: 405), a form body;
* the `Host` header names this server on loopback (`127.0.0.1`, `localhost`, `[::1]` with
  the configured port): a DNS-rebinding page cannot pass for us;
* `Origin` (or, without one, `Referer`) is that same origin: no cross-site form posts;
* the CSRF token of this server process (random, only in the review page);
* a fact id that is a published fact (a plain short id: no path, no traversal);
* an action and corrected fields that `etl.tables.corrections` accepts.

The file is written by `etl.tables.corrections.decide` (file lock, temporary file, fsync,
rename). Nothing from the request's headers is written: the entry holds the fact's keys
from the tables and the form's decision only. The answer is a 303 to a relative URL.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import flask

from dashboard.data import DataStore
from etl.tables.corrections import ACTIONS, CorrectionsError, decide
from etl.tables.review import build_queue

log = logging.getLogger(__name__)

DECIDE_PATH = "/review/decide"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
#: Addresses `--review` may bind: the write path must never be reachable from elsewhere.
LOOPBACK_BIND = frozenset({"127.0.0.1", "localhost", "::1"})
#: Fact ids are short hex digests; anything else (a path, dots, slashes) is refused.
FACT_ID = re.compile(r"\A[0-9a-z]{1,32}\Z")
MAX_FIELD = 200
CORRECT_FIELDS = ("value", "period", "metric", "direction")
CONFIG_KEY = "TRUST_REVIEW"


@dataclass(frozen=True)
class ReviewSettings:
    """How the review page behaves: read-only, or writing decisions to `corrections`."""

    corrections: Path
    writable: bool = False
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    def origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}:{self.port}" for host in LOOPBACK_HOSTS)

    def hosts(self) -> frozenset[str]:
        return frozenset(f"{host}:{self.port}" for host in LOOPBACK_HOSTS)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_BIND


def settings() -> ReviewSettings | None:
    """The settings of the app serving this request (None outside a request)."""
    try:
        value = flask.current_app.config.get(CONFIG_KEY)
    except RuntimeError:
        return None
    return value if isinstance(value, ReviewSettings) else None


def _refuse(status: int, why: str) -> flask.Response:
    log.warning("review decision refused (%d): %s", status, why)
    response = flask.Response(f"{why}\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def _same_origin(config: ReviewSettings, request: flask.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        referrer = request.headers.get("Referer") or ""
        parts = urlsplit(referrer)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return origin in config.origins()


def _changes(form: Any) -> dict[str, Any]:
    """The corrected fields typed in the form (blank: keep)."""
    from etl.review_cli import parse_value

    changes: dict[str, Any] = {}
    for name in CORRECT_FIELDS:
        raw = str(form.get(name, "")).strip()
        if not raw:
            continue
        changes[name] = parse_value(raw) if name == "value" else raw
    return changes


def register(server: flask.Flask, store: DataStore, config: ReviewSettings) -> None:
    """Route `POST /review/decide`; call only when the server was started with --review."""

    @server.route(DECIDE_PATH, methods=["POST"])
    def review_decide() -> flask.Response:
        request = flask.request
        if request.host not in config.hosts():
            return _refuse(403, "not this server's loopback address")
        if not _same_origin(config, request):
            return _refuse(403, "cross-origin request")
        if request.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return _refuse(415, "a form is expected")
        form = request.form
        token = str(form.get("csrf", ""))
        if not hmac.compare_digest(token.encode(), config.token.encode()):
            return _refuse(403, "missing or wrong CSRF token")
        fact, action = str(form.get("fact", "")), str(form.get("action", ""))
        if not FACT_ID.match(fact):
            return _refuse(400, "not a fact id")
        if action not in ACTIONS:
            return _refuse(400, "unknown action")
        if any(len(str(v)) > MAX_FIELD for v in form.values()):
            return _refuse(400, "field too long")
        tables = store.get().tables
        if tables is None:
            return _refuse(503, "no published tables")
        item = build_queue(tables.arrow, tables.changes, {}, include_all=True).get(fact)
        if item is None:
            return _refuse(404, "no such published fact")
        try:
            changes = _changes(form) if action == "correct" else {}
            if action == "correct" and not changes:
                return _refuse(400, "a correction needs at least one field")
            reason = str(form.get("reason", "")).strip() or None
            decide(config.corrections, item.correction(action, changes, reason))
        except (ValueError, CorrectionsError) as exc:
            problems = exc.args[0] if isinstance(exc, CorrectionsError) else [str(exc)]
            return _refuse(400, "; ".join(str(p) for p in problems))
        log.info("review: %s on fact %s written to %s", action, fact, config.corrections)
        response = flask.Response(status=303)
        response.autocorrect_location_header = False  # relative: never built from Host
        response.headers["Location"] = f"/review#fact-{fact}"
        response.headers["Cache-Control"] = "no-store"
        return response
