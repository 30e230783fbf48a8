# The two commands a new user needs: `make run` and `make test`. Both work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(shell sha1sum pyproject.toml | cut -c1-10)

.PHONY: run test install install-test lint typecheck schema bench bench-quick bench-profile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-$(DEPS): $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-$(DEPS): $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(VENV)/.bench-$(DEPS): $(BIN)/python
	$(BIN)/pip install -q -e '.[bench]'
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

## bench: the gateway beside PostGraphile and the SQL floor; writes bench/results.md (bench/README.md)
bench: $(VENV)/.bench-$(DEPS)
	BENCH_COMMAND="make bench" $(BIN)/python -m bench $(BENCH_ARGS)

## bench-quick: short runs, no scaling; writes bench/.work/results-quick.md
bench-quick: $(VENV)/.bench-$(DEPS)
	BENCH_COMMAND="make bench-quick" $(BIN)/python -m bench --quick $(BENCH_ARGS)

## bench-profile: py-spy samples the gateway under each query; writes bench/.work/profile/
bench-profile: $(VENV)/.bench-$(DEPS)
	$(BIN)/python -m bench --profile $(BENCH_ARGS)

clean:
	rm -rf $(VENV) tvs.db tvs.db-wal tvs.db-shm
