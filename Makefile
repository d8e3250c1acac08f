# Newsdesk: the few commands people need. Each creates .venv on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-scaleout test-fast test-browser lint format lock messages clean-venv bench bench-pages bench-wires bench-live

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Newsdesk needs $(PYTHON) (Python 3.11) on PATH"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## make demo: migrate, load the demo content (once), and serve http://$(HOST):$(PORT)/ with the scheduler.
demo: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_load
	$(MANAGE) demo_serve --addr $(HOST) --port $(PORT)

## make test: lint, migrations check, then every test (browser tests included).
test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=newsdesk.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest

## make test-scaleout: the suite again on the scale-out configuration (PostgreSQL and Redis on this machine).
SCALEOUT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
SCALEOUT_REDIS_URL ?= redis://127.0.0.1:6379/0
test-scaleout: $(VENV)/.installed
	DATABASE_URL=$(SCALEOUT_DATABASE_URL) NEWSDESK_REDIS_URL=$(SCALEOUT_REDIS_URL) $(VENV)/bin/pytest -m "not browser"

test-fast: $(VENV)/.installed
	$(VENV)/bin/pytest -m "not browser"

test-browser: $(VENV)/.installed
	$(VENV)/bin/pytest -m browser

## make bench: every benchmark; each prints ratios to an anchor measured in the same run, then one JSON line.
bench: bench-pages bench-wires bench-live

## make bench-pages: article pages (cached, behind nginx, uncached) against nginx serving the same bytes.
bench-pages: $(VENV)/.installed
	$(PY) bench/pages.py

## make bench-wires: wire ingest items/s and p99 per format on SQLite; 10,000 mixed files through a drop folder, killed and restarted.
bench-wires: $(VENV)/.installed
	$(PY) bench/wires.py

## make bench-live: publish-to-last-reader delay (p50/p99) for 10,000 and the most SSE readers (one uvicorn process, then manage.py serve with 2 workers), memory per stream, lost and duplicated, a server restart; against a minimal asyncio SSE server.
bench-live: $(VENV)/.installed
	$(PY) bench/live.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: update the reader's translations from the code and templates, and compile them.
messages: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=newsdesk.settings.dev $(MANAGE) update_translations

## make lock: re-pin requirements*.txt from requirements*.in in throwaway virtualenvs.
lock:
	rm -rf /tmp/newsdesk-lock && $(PYTHON) -m venv /tmp/newsdesk-lock
	/tmp/newsdesk-lock/bin/pip install --quiet -r requirements.in
	(echo "# Pinned from requirements.in with: make lock"; /tmp/newsdesk-lock/bin/pip freeze) > requirements.txt
	/tmp/newsdesk-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "# Pinned from requirements-dev.in with: make lock"; echo "-r requirements.txt"; \
	  /tmp/newsdesk-lock/bin/pip freeze | grep -v -i -F -x -f requirements.txt) > requirements-dev.txt

clean-venv:
	rm -rf $(VENV)
