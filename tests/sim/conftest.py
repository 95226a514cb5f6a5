"""Engine fixtures: short-horizon inputs and scenarios (the full horizon is exercised elsewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.derive import derive_inputs

SHORT_END = 2027


def scenario_file(tmp: Path, base: str, end_year: int = SHORT_END, extra: str = "",
                  name: str | None = None) -> Path:
    """Write a scenario that overrides a shipped one's end year (and anything in ``extra``)."""
    path = tmp / f"{name or base}-{end_year}.toml"
    path.write_text(f'base = "{resolve_scenario_path(base).as_posix()}"\n'
                    f'name = "{name or base}"\nend_year = {end_year}\n{extra}\n',
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def short_inputs():
    return derive_inputs(load_municipality("faerder"), 2024, SHORT_END)


@pytest.fixture(scope="session")
def short_scenarios(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scen")
    return {name: load_scenario(scenario_file(tmp, name))
            for name in ("normal", "proactive", "reactive", "phased-proactive")}
