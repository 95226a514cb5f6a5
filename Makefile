# Convenience targets mirroring the README's two commands.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: main test test-fast bench clean

main:
	$(PY) -m venv $(VENV) && $(BIN)/pip install -q -e ".[ray,report]" && $(BIN)/trappa compare

test:
	$(PY) -m venv $(VENV) && $(BIN)/pip install -q -e ".[test,ray,report]" && $(BIN)/ruff check . && $(BIN)/mypy && $(BIN)/python -m pytest

test-fast:
	$(BIN)/python -m pytest -m "not slow"

bench:
	$(BIN)/python benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) runs .pytest_cache
