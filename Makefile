# Two commands on a fresh Debian machine with Python 3.11: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8050
# The corpus a refresh reads: new or changed articles (git-ignored). Published documents it
# lacks are carried over, never dropped; `make refresh CORPUS=../shared/corpus` re-reads the
# articles the committed tables were built from.
CORPUS ?= data/raw

.PHONY: setup browser run test lint typecheck audit pytest bench score fuzz refresh clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium and its driver for the browser tests (never a downloaded browser).
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi
	@chromium --version

# axe-core (the accessibility engine) from the npm registry into a git-ignored folder, for the
# browser tests' WCAG check.
AXE_VERSION := 4.11.4
AXE := tests/.node/node_modules/axe-core/axe.min.js

$(AXE):
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; \
	fi
	npm install --prefix tests/.node --no-save --no-audit --no-fund --loglevel=error \
	  axe-core@$(AXE_VERSION)

axe: $(AXE)

run: setup
	$(PY) -m dashboard --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check etl dashboard tests bench
	$(VENV)/bin/ruff format --check etl dashboard tests bench

typecheck: setup
	$(VENV)/bin/mypy

audit: setup
	$(PY) bench/audit.py

pytest: setup browser axe
	$(PY) -m pytest -q

test: lint typecheck audit pytest

bench: setup browser
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) -m bench

# Extraction precision/recall on ../shared: groups, dev/check halves, first-seen table, ratchet.
score: setup
	$(PY) -m bench.score

fuzz: setup
	$(PY) -m pip install --quiet -e '.[fuzz]'
	$(PY) -m bench.fuzz --seconds $${FUZZ_SECONDS:-60}

refresh: setup
	@mkdir -p $(CORPUS)
	$(PY) -m etl refresh --corpus $(CORPUS) --out data/tables

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache tests/artifacts tests/.node
