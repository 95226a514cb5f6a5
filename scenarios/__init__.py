"""Scenario files (``*.toml``) and their strict loader: municipality, years, strategy per
need group, levers, capacity, replications, seed.

``load_scenario(resolve_scenario_path("proactive"))`` gives a frozen, validated `Scenario`;
the format, merge rule and checks are described in docs/scenarios.md.
"""

from scenarios.errors import ScenarioError
from scenarios.loader import load_scenario, resolve_scenario_path
from scenarios.mapping import Mix
from scenarios.scenario import GroupStrategy, Scenario
from scenarios.vocabulary import DEFAULT_GROUPS, PLACE_BASED_TRINN

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
