# One venv, created on demand. PY may be overridden (e.g. PY=python3.12).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv install main test test-fast bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test,ray,report]"

main: install
	$(BIN)/trappa calc --persona johs

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

bench: install
	$(BIN)/python benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) runs .pytest_cache
