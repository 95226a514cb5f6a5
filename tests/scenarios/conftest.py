"""Helpers for scenario tests: small scenario files written into tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

# A complete, valid scenario with no groups and no capacity (all defaults).
MINIMAL = """\
name = "t"
municipality = "faerder"
start_year = 2024
end_year = 2040
seed = 1
replications = 2
"""

Writer = Callable[[str, str], Path]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """Return ``write(name, text)``: write a dedented scenario file into tmp_path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def with_base(write: Writer) -> Callable[[str], Path]:
    """Return ``override(text)``: write MINIMAL as base.toml and ``x.toml`` basing on it."""

    def _override(text: str) -> Path:
        write("base.toml", MINIMAL)
        return write("x.toml", 'base = "base.toml"\n' + dedent(text))

    return _override
