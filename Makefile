# Samenspel: every target sets up what it needs, from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR_CSS := src/samenspel/core/static/vendor/utrecht/component-library.css
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: install assets demo serve test test-fast test-browser lint format bench messages clean

$(BIN)/samenspel: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR_CSS): node_modules/.package-lock.json scripts/build-assets.mjs
	npm run --silent build

install: $(BIN)/samenspel assets

assets: $(VENDOR_CSS)

demo: install
	DEBUG=1 $(BIN)/samenspel migrate --no-input
	DEBUG=1 $(BIN)/samenspel load_demo
	@echo "Samenspel demo: http://$(HOST):$(PORT)/"
	DEBUG=1 $(BIN)/samenspel runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

test-fast: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser"

test-browser: install
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/tally.py
	$(BIN)/python benchmarks/ballots.py
	$(BIN)/python benchmarks/weighting.py
	$(BIN)/python benchmarks/opinion_map.py
	$(BIN)/python benchmarks/conversation.py
	$(BIN)/python benchmarks/sortition.py --quick
	$(BIN)/python benchmarks/exports.py
	$(BIN)/python benchmarks/load.py --quick
	$(BIN)/python benchmarks/faults.py

# Regenerate the translation catalogues after changing strings; the .mo files are committed.
messages: install
	cd src/samenspel && ../../$(BIN)/samenspel makemessages -l nl -l en --no-obsolete --ignore 'static/*' --ignore 'demo/data/*'
	cd src/samenspel && ../../$(BIN)/samenspel compilemessages

clean:
	rm -rf $(VENV) node_modules src/samenspel/core/static/vendor .pytest_cache
