# Two commands set everything up on a fresh machine:
#   make run   - install, migrate, load demo data, serve on http://127.0.0.1:8000
#   make test  - install what tests need and run the whole suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: run test lint install install-dev translations verifier migrate demo worker beat clean prod-smoke backup restore screenshots load

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The independent credential verifier (Node, tests/verifier/), installed from its lock file when
# npm is there; without it those tests skip, and fail in CI (REQUIRE_NODE_TESTS).
tests/verifier/node_modules/.installed: tests/verifier/package.json tests/verifier/package-lock.json
	@if command -v npm >/dev/null; then \
		cd tests/verifier && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not found: the independent credential verifier's tests will skip"; fi

verifier: tests/verifier/node_modules/.installed

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d locale -D django >/dev/null

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: translations demo
	$(PY) manage.py runserver 127.0.0.1:8000

# One pytest-xdist process per core (TEST_WORKERS=1 for one process); the tests that share
# the Redis broker run one after another in one of them (tests/conftest.py).
TEST_WORKERS ?= auto
test: $(VENV)/.installed-dev translations verifier
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/bandit --quiet --recursive --severity-level high accounts core volunteers newcomers matching commitments training privacy certificates reports demo config

# The production shape, against PostgreSQL and Redis (see README).
worker: $(VENV)/.installed
	$(BIN)/celery -A config worker --loglevel=INFO

beat: $(VENV)/.installed
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 var tests/verifier/node_modules

# gunicorn, a Celery worker and one beat with production settings against this machine's
# PostgreSQL and Redis: ready, a request, a matching run, a sweep, then everything stopped.
prod-smoke: $(VENV)/.installed translations
	$(PY) scripts/prod_smoke.py

# A busy morning under Locust (bench/load.py): gunicorn with 4 workers, a Celery worker,
# PostgreSQL and Redis, 100,000 volunteers and 20,000 requests in two programmes; the figures
# go into bench/README.md and everything started is stopped. DURATION=1m for a shorter run.
load: $(VENV)/.installed-dev translations
	$(PY) bench/load.py --duration $(or $(DURATION),5m)

# Backup and restore (docs/operations.md): run with the deployment's environment loaded.
backup: $(VENV)/.installed
	$(PY) scripts/backup.py --to $(or $(TO),var/backups)

restore: $(VENV)/.installed
	$(PY) scripts/restore.py $(FROM)

# README screenshots from a running `make run` site (BASE_URL=... for another address).
screenshots: $(VENV)/.installed-dev
	$(PY) scripts/screenshots.py --base-url $(or $(BASE_URL),http://127.0.0.1:8000)
