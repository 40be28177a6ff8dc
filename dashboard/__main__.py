"""`python -m dashboard [--tables DIR] [--host 127.0.0.1] [--port 8050]`: serve with waitress.

Debug is always off and no DASH_* / HOST / PORT environment variable changes that: they are
removed before Dash is imported. The server binds 127.0.0.1 unless --host says otherwise.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from pathlib import Path

from dashboard.urls import check_base_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TABLES = REPO_ROOT / "data" / "tables"
_SCRUB_PREFIXES = ("DASH_",)
_SCRUB_NAMES = ("HOST", "PORT", "REACT_VERSION", "FLASK_DEBUG", "FLASK_RUN_HOST")


def scrub_environment() -> list[str]:
    """Drop the variables that would switch Dash or Flask into debug or rebind the server."""
    removed = [
        key
        for key in list(os.environ)
        if key.upper().startswith(_SCRUB_PREFIXES) or key.upper() in _SCRUB_NAMES
    ]
    for key in removed:
        del os.environ[key]
    return removed


def build_parser() -> argparse.ArgumentParser:
    """Every command-line setting of the dashboard, declared once (README lists them)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Serve the China–Russia asymmetry dashboard (production server, no debug).",
    )
    parser.add_argument(
        "--tables",
        type=Path,
        default=DEFAULT_TABLES,
        help="directory of published tables (default: data/tables)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="local evidence cache (default: $ETL_CACHE_DIR, else <tables>/../cache)",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1, loopback only)"
    )
    parser.add_argument("--port", type=int, default=8050, help="port (default: 8050)")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument(
        "--base-url",
        default=None,
        help="absolute address the site is published at, for permalinks, citations and "
        "downloaded files (default: http://HOST:PORT); never taken from a request",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="let the Review page write decisions to the corrections file (loopback only; "
        "without it the dashboard has no write route)",
    )
    parser.add_argument(
        "--corrections",
        type=Path,
        default=None,
        help="corrections file (default: $ETL_CORRECTIONS, else <tables>/../corrections.yaml)",
    )
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    from dashboard.review_writes import is_loopback  # no Dash import: safe before scrubbing

    if args.review and not is_loopback(args.host):
        parser.error("--review writes files: it is allowed only with a loopback --host")
    if not 0 < args.port < 65536:
        parser.error("--port must be between 1 and 65535")
    if args.base_url is None:
        args.base_url = f"http://{args.host}:{args.port}"
    try:
        args.base_url = check_base_url(args.base_url)
    except ValueError as exc:
        parser.error(str(exc))
    if not 1 <= args.threads <= 64:
        parser.error("--threads must be between 1 and 64")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    removed = scrub_environment()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    log = logging.getLogger("dashboard")
    if removed:
        log.info("ignoring environment variables: %s", ", ".join(sorted(removed)))

    import waitress

    from dashboard.app import create_app
    from dashboard.review_writes import ReviewSettings
    from etl.tables.corrections import default_corrections_path

    corrections = (args.corrections or default_corrections_path(args.tables)).resolve()
    review = ReviewSettings(corrections, writable=args.review, port=args.port)
    app = create_app(
        args.tables.resolve(),
        args.cache.resolve() if args.cache else None,
        review,
        base_url=args.base_url,
    )
    if args.review:
        log.info("review mode: decisions are written to %s", corrections)
    state = app.store.get()
    if state.problem:
        log.warning("starting without usable tables: %s", state.problem)
    else:
        log.info("tables run %s from %s", state.run_id, args.tables)
    try:
        server = waitress.create_server(
            app.server,
            host=args.host,
            port=args.port,
            threads=args.threads,
            ident="dashboard",
            clear_untrusted_proxy_headers=True,
            channel_timeout=30,
            max_request_body_size=8 * 1024 * 1024,
        )
    except OSError as exc:  # a busy port or an address this machine does not have
        reason = (
            "is already in use"
            if exc.errno == errno.EADDRINUSE
            else f"cannot be used ({exc.strerror})"
        )
        print(
            f"python -m dashboard: {args.host}:{args.port} {reason}; choose another port with "
            f"--port (make run PORT=8060)",
            file=sys.stderr,
        )
        return 2
    log.info(
        "serving on http://%s:%d (debug off), published as %s", args.host, args.port, args.base_url
    )
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
