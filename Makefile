# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev lint messages check-deploy bench load clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (set PYTHON=...)") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	mkdir -p .broker
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit --configfile pyproject.toml --recursive . --severity-level medium --quiet
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Needs GNU gettext: refresh the catalogues after changing user-facing text, then commit them.
messages: install
	$(BIN)/python manage.py makemessages --locale id --locale en --ignore '.venv/*' --ignore 'staticfiles/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

check-deploy: install
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=portal.example.com $(BIN)/python manage.py check --deploy --fail-level WARNING

# The matcher's speed, the ledger check's and statements' time, and the daily TikTok
# refresh projected to 100,000 creators: each builds its own data in a scratch
# database, then drops it. The TikTok one serves the local fake (a test tool).
bench: install-dev
	$(BIN)/python manage.py bench_matching
	$(BIN)/python manage.py bench_ledger
	$(BIN)/python manage.py bench_statements
	$(BIN)/python manage.py bench_tiktok_refresh
	$(BIN)/python manage.py bench_reconciliation
	$(BIN)/python manage.py bench_notifications

# Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); builds its data in <name>_load.
# Not part of `make test`.
load: install-dev
	$(BIN)/pip install --quiet -r requirements-load.txt
	$(BIN)/python tests/load/run.py
	$(BIN)/python tests/load/pages.py --skip-prepare

clean:
	rm -rf $(VENV) .broker staticfiles .pytest_cache
