"""The levers' inputs: home-care decisions by band (trinn 6-7) and the housing lever's data.

Two optional files of the municipality folder feed them: ``home_care_bands.csv`` (seed 001's
digital-zone tables, sim/decisions.py) and ``boligtrapp.csv`` (persons per dwelling,
sim/housing.py). A folder without one of them derives None for that lever, and a scenario
that uses the lever is refused when the engine starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.home_care import FILE as BANDS_FILE
from models.layers import ParameterSet
from sim.decisions import DecisionSpec, home_care_decisions
from sim.derive.common import Derived
from sim.derive.costing import Costing
from sim.derive.entry import CellSpec
from sim.housing import FILE as BOLIGTRAPP_FILE
from sim.housing import PACKAGE as HOUSING_PACKAGE
from sim.housing import HousingSpec, housing_spec
from sim.reablement import PACKAGE as REABLEMENT_PACKAGE

#: The parameter that scales every lever's effect (`scenarios.interventions.with_effect_scale`).
EFFECT_SCALE = "lever_effect_scale"


@dataclass(frozen=True)
class LeverInputs(Derived):
    """What the levers read: the decision band law and the housing spec (None if absent)."""

    decisions: DecisionSpec | None   # home-care decisions on trinn 6-7 (sim/decisions.py)
    housing: HousingSpec | None      # age-friendly dwellings and the boligtrapp (sim/housing.py)
    sources: Mapping[str, str]
    #: every lever's effect times this (parameters.toml lever_effect_scale, drawn with the
    #: uncertain parameters; 1 where the data do not define it)
    effect_scale: float = 1.0


def lever_inputs(folder: Path, cells: Sequence[CellSpec], cost: Costing,
                 p: ParameterSet) -> LeverInputs:
    """Derive the levers' inputs from a municipality folder, its cells and the costing."""
    scaled = EFFECT_SCALE in p  # an older folder may not define it: the levers as written
    return LeverInputs(
        home_care_decisions(folder, cells, p["home_care_cost_per_fte"],
                            cost.hours_per_fte),
        housing_spec(folder, cost.item_names),
        {"decisions": f"{BANDS_FILE}; holders: the start stock of the trinn 6-7 cells; "
                      f"home_care_cost_per_fte: {p.source('home_care_cost_per_fte')}",
         "housing": f"{BOLIGTRAPP_FILE}; item: package:{HOUSING_PACKAGE} (packages.csv)",
         "effect_scale": (p.source(EFFECT_SCALE) if scaled
                          else f"1: the data define no {EFFECT_SCALE}")},
        p[EFFECT_SCALE] if scaled else 1.0)


def missing_lever_data(kinds: Sequence[str], levers: LeverInputs | None,
                       item_names: Sequence[str], folder: Path) -> str | None:
    """Return what a scenario's intervention ``kinds`` need that the data lack (None if
    nothing), so a run is refused before it starts rather than a lever silently doing nothing.
    """
    if {"reduce_small_decisions", "digital_home_care"} & set(kinds) and (
            levers is None or levers.decisions is None):
        return f"reduce_small_decisions and digital_home_care need {folder / BANDS_FILE}"
    if "housing_profile" in kinds and (levers is None or levers.housing is None):
        return (f"housing_profile needs {folder / BOLIGTRAPP_FILE} and the package "
                f"'{HOUSING_PACKAGE}' in {folder / 'packages.csv'}")
    if "reablement" in kinds and f"package:{REABLEMENT_PACKAGE}" not in item_names:
        return f"reablement needs the package '{REABLEMENT_PACKAGE}' in {folder / 'packages.csv'}"
    return None
