"""Every library the code imports is declared in pyproject.toml, and every declared one is used.

An install with the plain pip of Python 3.11 gets exactly what is declared: a library that
arrives only through another's dependency (or through an extra that older pip drops) can
vanish on a fresh machine, and a declared library nothing imports is weight for nothing.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The packages whose imports count, and the extras (beside the main dependencies) installed
#: when they run: `make test` installs `test`; `make bench` adds `bench`, `make fuzz` `fuzz`.
PACKAGES = {
    "etl": (),
    "dashboard": (),
    "tests": ("test",),
    "bench": ("test", "bench", "fuzz"),
}
#: Our own top-level packages, which are not distributions.
OWN = {"etl", "dashboard", "bench", "tests"}
#: Declared for what they provide beside an import of ours, with the reason.
USED_WITHOUT_IMPORT = {
    "ruff": "make lint",
    "mypy": "make typecheck",
    "pandas-stubs": "types for mypy",
    "types-pyyaml": "types for mypy",
    "types-tqdm": "types for mypy",
    "pip-audit": "make audit",
    # trafilatura imports lxml.html.clean, which lives here and reaches an install only through
    # lxml's html_clean extra, which older pip drops: without it every .html file is skipped.
    "lxml-html-clean": "HTML loading through trafilatura",
}


def _name(requirement: str) -> str:
    """'dask[distributed]>=2025.1  # why' -> 'dask' (normalised as pip does)."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement.strip())
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _declared() -> dict[str, set[str]]:
    """Extra ('' for the main dependencies) -> normalised distribution names."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {"": {_name(r) for r in project["dependencies"]}}
    for extra, requirements in project.get("optional-dependencies", {}).items():
        declared[extra] = {_name(r) for r in requirements}
    return declared


def _imported_modules(package: str) -> set[str]:
    """Top-level module names imported anywhere under `package`, absolute imports only."""
    modules: set[str] = set()
    for path in (REPO / package).rglob("*.py"):
        if ".node" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - OWN - {"__future__"}


def _distributions(module: str) -> set[str]:
    """The distributions providing `module`; its own name when it is not installed here
    (quantulum3 and atheris live in extras the test environment does not install)."""
    return {_name(d) for d in packages_distributions().get(module, [_name(module)])}


def test_every_imported_library_is_declared_where_it_is_needed() -> None:
    declared = _declared()
    missing = []
    for package, extras in PACKAGES.items():
        allowed = declared[""].union(*(declared[extra] for extra in extras))
        for module in sorted(_imported_modules(package)):
            distributions = _distributions(module)
            if not distributions & allowed:
                missing.append(f"{package} imports {module} ({', '.join(distributions) or '?'})")
    assert not missing, "imported but not declared in pyproject.toml: " + "; ".join(missing)


def test_every_declared_library_is_imported_or_used_as_a_tool() -> None:
    declared = _declared()
    imported: set[str] = set()
    for package in PACKAGES:
        for module in _imported_modules(package):
            imported |= _distributions(module)
    unused = sorted(
        name
        for names in declared.values()
        for name in names
        if name not in imported and name not in USED_WITHOUT_IMPORT
    )
    assert not unused, "declared but never imported: " + ", ".join(unused)


def test_the_name_parser_reads_extras_bounds_and_comments() -> None:
    assert _name("dask[distributed]>=2025.1") == "dask"
    assert _name("lxml_html_clean>=0.4") == "lxml-html-clean"
    assert _name("Flask-Compress>=1.17  # why") == "flask-compress"
