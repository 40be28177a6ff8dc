"""README's Settings table lists every option and environment variable, and nothing else.

Each setting is declared once in code (a typer option, an argparse argument, an `ETL_*`
name, a Makefile `?=` variable); this test reads those declarations and the README table and
fails in either direction, so a new setting cannot ship undocumented and a removed one
cannot linger in the docs.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer

from dashboard.__main__ import build_parser
from etl.cli import app

REPO = Path(__file__).resolve().parent.parent
_ROW = re.compile(r"^\| `?(?P<command>[a-z ]+?)`? \| `(?P<setting>[^`]+)` \|", re.MULTILINE)
#: `ETL_*` names as they are declared in code (a string literal).
_ENV_NAME = re.compile(r"""["'](ETL_[A-Z_]+)["']""")
_MAKE_VARIABLE = re.compile(r"^([A-Z_]+) \?=", re.MULTILINE)
_MAKE_SHELL_DEFAULT = re.compile(r"\$\$\{([A-Z_]+):-")
#: Make variables that are the build's own plumbing, not a user's setting.
MAKE_INTERNAL = {"SHELL", "VENV", "PY", "STAMP", "AXE", "AXE_VERSION"}


def documented() -> set[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return {(m["command"].strip(), m["setting"].strip()) for m in _ROW.finditer(section)}


def declared() -> set[tuple[str, str]]:
    settings: set[tuple[str, str]] = set()
    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        for param in sub.params:
            settings |= {(f"etl {name}", o) for o in param.opts if o.startswith("--")}
    for action in build_parser()._actions:
        settings |= {("dashboard", o) for o in action.option_strings if o.startswith("--")}
    settings.discard(("dashboard", "--help"))
    for path in [*(REPO / "etl").rglob("*.py"), *(REPO / "dashboard").rglob("*.py")]:
        settings |= {("environment", n) for n in _ENV_NAME.findall(path.read_text("utf-8"))}
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    variables = set(_MAKE_VARIABLE.findall(makefile)) | set(_MAKE_SHELL_DEFAULT.findall(makefile))
    settings |= {("make", f"{v}=") for v in variables - MAKE_INTERNAL}
    return settings


def test_every_declared_setting_is_in_the_readme() -> None:
    missing = sorted(declared() - documented())
    assert not missing, f"settings missing from README's Settings table: {missing}"


def test_the_readme_lists_no_setting_that_is_gone() -> None:
    stale = sorted(documented() - declared())
    assert not stale, f"README's Settings table lists settings the code no longer has: {stale}"


def test_the_reader_finds_settings_of_every_kind() -> None:
    found = declared()
    for expected in [
        ("etl refresh", "--engine"),
        ("dashboard", "--base-url"),
        ("environment", "ETL_CACHE_DIR"),
        ("make", "PORT="),
    ]:
        assert expected in found
        assert expected in documented()
