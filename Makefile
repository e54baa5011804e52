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

.PHONY: install run test lint fmt check demo clean

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

demo: install .env
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) load_demo
	$(MANAGE) setup_roles
	$(MANAGE) create_demo_users

run: demo
	@echo "Metropolis KPI on http://$(HOST):$(PORT)/ (sign in with a user above)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(PROD_ENV) $(MANAGE) makemigrations --check --dry-run
	$(PROD_ENV) $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles
