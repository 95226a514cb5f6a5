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


@dataclass(frozen=True)
class LeverInputs(Derived):
    """What the levers read: the decision band law and the housing spec (None if absent)."""

    decisions: DecisionSpec | None   # home-care decisions on trinn 6-7 (sim/decisions.py)
    housing: HousingSpec | None      # age-friendly dwellings and the boligtrapp (sim/housing.py)
    sources: Mapping[str, str]


def lever_inputs(folder: Path, cells: Sequence[CellSpec], cost: Costing,
                 p: ParameterSet) -> LeverInputs:
    """Derive the levers' inputs from a municipality folder, its cells and the costing."""
    return LeverInputs(
        home_care_decisions(folder, tuple(cells), p["home_care_cost_per_fte"],
                            cost.hours_per_fte),
        housing_spec(folder, cost.item_names),
        {"decisions": f"{BANDS_FILE}; holders: the start stock of the trinn 6-7 cells; "
                      f"home_care_cost_per_fte: {p.source('home_care_cost_per_fte')}",
         "housing": f"{BOLIGTRAPP_FILE}; item: package:{HOUSING_PACKAGE} (packages.csv)"})
