# The two commands a new user needs: `make run` and `make test`. Both work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(shell sha1sum pyproject.toml | cut -c1-10)

.PHONY: run test install install-test lint typecheck schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-$(DEPS): $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-$(DEPS): $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.run-$(DEPS)
install-test: $(VENV)/.test-$(DEPS)

## run: install, migrate and seed the embedded SQLite demo, serve on http://127.0.0.1:$${TVS_PORT:-8000}
run: install
	$(BIN)/tvs-gateway fetch-graphiql
	$(BIN)/tvs-gateway migrate
	$(BIN)/tvs-gateway seed --if-empty
	$(BIN)/tvs-gateway serve

## test: every test against SQLite, and against PostgreSQL where TVS_TEST_DATABASE_URL is set
test: install-test
	$(BIN)/tvs-gateway fetch-graphiql
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check gateway db tests bench
	$(BIN)/ruff format --check gateway db tests bench

typecheck: install-test
	$(BIN)/mypy gateway db

## schema: regenerate the committed SDL snapshot
schema: install
	$(BIN)/tvs-gateway export-schema --output schema.graphql

clean:
	rm -rf $(VENV) tvs.db tvs.db-wal tvs.db-shm
