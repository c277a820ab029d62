# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ENV := DEBUG=true COCREATE_DATA_DIR=$(CURDIR)/var
TEST_ENV := COCREATE_DATA_DIR=$(CURDIR)/var/test DEBUG=false
PYTEST_WORKERS ?= 2

.PHONY: demo serve install install-test chromium test lint typecheck checks test-sqlite test-postgres test-browser test-crash bench bench-archive bench-inprocess bench-caseload wrk clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-app

install: $(VENV)/.installed-app
install-test: $(VENV)/.installed-test

## make demo: install into .venv, migrate SQLite, load the demo practice, serve http://127.0.0.1:8000 with a worker
demo: install
	$(DEMO_ENV) $(BIN)/cocreate migrate
	$(DEMO_ENV) $(BIN)/cocreate demo
	@echo
	@echo "cocreate is running at http://127.0.0.1:8000 with a background worker (Ctrl-C stops both)"
	$(DEMO_ENV) $(BIN)/cocreate worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(DEMO_ENV) $(BIN)/cocreate serve

## make test: lint, type check, checks, the suite on SQLite and PostgreSQL, browser tests
test: install-test chromium lint typecheck checks test-sqlite test-postgres test-browser

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install-test
	$(BIN)/ruff check src tests bench
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

typecheck: install-test
	$(TEST_ENV) $(BIN)/mypy

checks: install-test
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(TEST_ENV) SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n') \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install-test
	$(TEST_ENV) $(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) -m "not browser"

test-postgres: install-test
	$(TEST_ENV) scripts/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) -m "not browser"

test-browser: install-test chromium
	$(TEST_ENV) $(BIN)/pytest -q -p no:cacheprovider -m browser

## make test-crash: the production server killed with SIGKILL 50 times (CRASH_KILLS) during writes, on SQLite and
## PostgreSQL; prints kills, writes acknowledged and writes lost (must be 0). `make test` runs 3 kills.
test-crash: install-test
	$(TEST_ENV) CRASH_KILLS=$${CRASH_KILLS:-50} $(BIN)/pytest -q -p no:cacheprovider -s tests/crash
	$(TEST_ENV) CRASH_KILLS=$${CRASH_KILLS:-50} scripts/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider -s tests/crash

## make bench: the synthetic practice (BENCH_SCALE, default 0.1) served by gunicorn, loaded over HTTP by wrk, on
## SQLite and PostgreSQL (BENCH_DATABASES); writes docs/performance.md. bench-inprocess: the older test-client one.
bench: install-test wrk
	$(BIN)/python bench/run.py
	$(BIN)/python bench/archive.py

## make bench-archive: one client's whole-record archive (104 weekly PHQ-9s, 100 notes, a medicine session), each
## form timed against 2 s, on SQLite and PostgreSQL (BENCH_DATABASES)
bench-archive: install-test
	$(BIN)/python bench/archive.py

bench-inprocess: install-test
	$(TEST_ENV) $(BIN)/python bench/inprocess.py

## make bench-caseload: the caseload with 10, 100 and 400 engagements (BENCH_CASELOAD), over HTTP on SQLite
bench-caseload: install-test wrk
	$(BIN)/python bench/caseload.py

wrk:
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for the benchmark"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
