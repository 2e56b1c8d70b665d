# Run `make demo` or `make test` from a fresh clone; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and QR codes point here; load_demo gives the Wagtail Site this address.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: demo serve cluster test test-fast test-e2e test-install bench lint format clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_training
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py load_demo
	@echo "Demo users: newhire, trainer, manager, hr, admin - password: service-demo"
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: $(STAMP)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings on several app servers (gunicorn, ports 8001 up) and a task
# worker, sharing one PostgreSQL database and one Redis; Ctrl-C stops them all.
# SERVERS=3, LOAD_DEMO=1, DATABASE_URL, REDIS_URL: see .ci/cluster and the README.
cluster: $(STAMP)
	$(BIN)/python .ci/cluster

# The suites run on every core (pytest-xdist), each worker with a test database of
# its own. Tests are dealt out in the order pytest-django gives them (--dist load),
# so a worker runs its transactional tests (which empty the database) after the
# others; --dist loadfile/loadscope would not, as they hand out the largest files
# first.
# `make test WORKERS=0` runs everything in one process.
WORKERS ?= auto
XDIST := -n $(WORKERS) --dist load

# Everything, browser tests included (skipped, with the reason, without Chromium;
# E2E_REQUIRED=1 makes a missing Chromium a failure).
test: $(STAMP)
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# Everything but the browser tests.
test-fast: $(STAMP)
	$(BIN)/pytest $(XDIST) -m "not e2e"

# Only the browser tests, with their screenshots in test-artifacts/e2e/ (the
# whole suite takes none: E2E_SCREENSHOTS=1 make test takes them there too).
test-e2e: $(STAMP)
	E2E_SCREENSHOTS=1 $(BIN)/pytest $(XDIST) tests/e2e

# Only the install test: the wheel in a new `wagtail start` site, set up as the
# README says, its pages visited as each role (part of `make test` on SQLite).
test-install: $(STAMP)
	$(BIN)/pytest tests/install

# Each part in a process and a throwaway database of its own; BENCH_ARGS=--quick
# runs every part at a fraction of its size or time, to check the benchmarks.
bench: $(STAMP)
	$(BIN)/python -m tests.perf.run $(BENCH_ARGS)
	$(BIN)/python -m tests.perf.hr_reports $(BENCH_ARGS)
	$(BIN)/python -m tests.perf.hr_api $(BENCH_ARGS)
	$(BIN)/python -m tests.perf.learner $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations: collect the marked strings into every <app>/locale/{ru,lv} catalogue,
# then compile them (the .mo files are committed and shipped in the wheel);
# .ci/check-messages runs the same makemessages, so keep the two in step.
# Translators edit the .po files (see docs/translation-glossary.md).
MAKEMESSAGES := makemessages -l ru -l lv --ignore '.venv/*' --ignore 'tests/*' \
	--ignore 'build/*' --ignore 'docs/*' --no-obsolete --add-location file

.PHONY: messages messages-check

messages: $(STAMP)
	$(BIN)/python manage.py $(MAKEMESSAGES)
	$(BIN)/python manage.py compilemessages --ignore .venv

# Fails when a catalogue misses a marked string or holds one the source dropped
# (what CI runs; tests/test_translations.py checks the translations themselves).
messages-check: $(STAMP)
	$(BIN)/python .ci/check-messages

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
