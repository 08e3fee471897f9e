# FilmRank: `make run` serves the API on real data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
HOST ?= 127.0.0.1
BIN := $(VENV)/bin
MANAGE := $(BIN)/python site/manage.py
MEMBERS := packages/filmrank_catalog packages/filmrank_accounts packages/filmrank_reviews search site
DATASET ?= data/movielens-small

# `make run` is for a developer's machine: debug on, a development secret key.
export DJANGO_DEBUG ?= true

.PHONY: install run serve migrate import test lint format bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/constraints.txt $(addsuffix /pyproject.toml,$(MEMBERS))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt $(addprefix -e ,$(MEMBERS)) -e ".[dev]"
	touch $@

migrate: install
	$(MANAGE) migrate --no-input

import: migrate
	$(MANAGE) import_movielens $(DATASET) --skip-if-loaded

run: import
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	DJANGO_DEBUG=false $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/nox -s bench

clean:
	rm -rf $(VENV) var
