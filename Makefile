# The README's commands. `make run` and `make test` build on `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Production-like values for `make check` (never used to run anything).
PROD_ENV := DJANGO_DEBUG=False DATABASE_URL=sqlite:///:memory: \
	DJANGO_SECRET_KEY=check-only-$(shell printf '%064d' 0) \
	PARTICIPANT_HASH_KEY=check-only-participant-key DJANGO_ALLOWED_HOSTS=kpi.example.org

.PHONY: install run test lint typecheck fmt check messages messages-check bench load demo \
	reset-demo clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --group dev
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.env:
	cp .env.example .env

# Loads the demo into an empty database only and creates the demo users
# that are missing: running it again keeps every edit and every password.
demo: install .env
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) load_demo
	$(MANAGE) setup_roles
	$(MANAGE) create_demo_users

# The one target that destroys data: empties the database, loads the demo
# afresh and creates the demo users with new passwords.
reset-demo: install .env
	@echo "reset-demo: deleting EVERYTHING in the database (records, history, users), then loading the demo again."
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) load_demo --reset
	$(MANAGE) setup_roles
	$(MANAGE) create_demo_users

run: demo
	@echo "Metropolis KPI on http://$(HOST):$(PORT)/ (sign in as manager or secretariat:"
	@echo "passwords are printed when the users are created; \`make reset-demo\` starts afresh)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

lint: install typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over the application's code, part of `make lint`
# (settings need debug on to load without production secrets).
typecheck: install
	DJANGO_DEBUG=True $(BIN)/mypy apps metropolis_kpi

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(PROD_ENV) $(MANAGE) makemigrations --check --dry-run
	$(PROD_ENV) $(MANAGE) check --deploy --fail-level WARNING

MESSAGES := $(MANAGE) makemessages -l fr -l es --no-obsolete --ignore=.venv \
	--ignore=node_modules --ignore=tests --ignore=fixtures --ignore=bench

# Extract the strings to translate, then compile (needs GNU gettext).
messages: install
	DJANGO_DEBUG=True $(MANAGE) sync_definitions
	DJANGO_DEBUG=True $(MESSAGES)
	DJANGO_DEBUG=True $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

# Fail when makemessages finds a string with no French or Spanish translation.
messages-check: install
	@tmp=$$(mktemp -d) && cp -r locale "$$tmp/" && \
	DJANGO_DEBUG=True $(MESSAGES) >/dev/null && \
	missing=$$(for po in locale/*/LC_MESSAGES/django.po; do \
	  msgattrib --untranslated --no-obsolete "$$po" | grep -c '^msgid' ; \
	  msgattrib --only-fuzzy --no-obsolete "$$po" | grep -c '^msgid' ; done | awk '{s+=$$1} END {print s+0}'); \
	rm -rf locale && cp -r "$$tmp/locale" . && rm -rf "$$tmp"; \
	if [ "$$missing" != "0" ]; then echo "$$missing untranslated or fuzzy strings: run make messages"; exit 1; fi; \
	echo "Every string is translated."

# Import rates and page timings against their floors, then the series across
# ten years against one (docs/performance.md).
BENCH_SIZES ?= 10000,100000
BENCH_SERIES ?= 10000
bench: install
	$(BIN)/python bench/run.py --participations $(BENCH_SIZES)
	$(BIN)/python bench/series.py --participations $(BENCH_SERIES) --years 10

# Signed-in users on the dashboard and the API under gunicorn (docs/operations.md).
LOAD_ARGS ?= --users 50 --duration 60
load: install
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
