"""Scenario files (``*.toml``) and their strict loader: municipality, years, strategy per
need group, levers, capacity, replications, seed.

``load_scenario(resolve_scenario_path("proactive"))`` gives a frozen, validated `Scenario`;
the format, merge rule and checks are described in docs/scenarios.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from scenarios.errors import ScenarioError

if TYPE_CHECKING:
    from scenarios.loader import load_scenario, resolve_scenario_path
    from scenarios.mapping import Mix
    from scenarios.scenario import GroupStrategy, Scenario
    from scenarios.vocabulary import DEFAULT_GROUPS, PLACE_BASED_TRINN

#: Public name -> defining module, loaded on first use (PEP 562): the command line reads
#: `scenarios.vocabulary` to register its options without loading the scenario machinery.
_API = {"load_scenario": "loader", "resolve_scenario_path": "loader", "Mix": "mapping",
        "GroupStrategy": "scenario", "Scenario": "scenario",
        "DEFAULT_GROUPS": "vocabulary", "PLACE_BASED_TRINN": "vocabulary"}

__all__ = [
    "DEFAULT_GROUPS",
    "PLACE_BASED_TRINN",
    "GroupStrategy",
    "Mix",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "resolve_scenario_path",
]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'scenarios' has no attribute '{name}'")
    return getattr(import_module(f"scenarios.{_API[name]}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
