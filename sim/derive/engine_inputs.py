"""`EngineInputs`: the derivation steps' results composed; the engine reads each where it
lives (``inputs.costing.item_names``, ``inputs.entry.cells``), through no forwarding layer.

Built deterministically (no randomness) and frozen, with read-only arrays, so one object can
be shared by every replication, scenario and worker (pickled once to a process pool or
Ray's object store).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.layers import ParameterSet
from sim.derive.common import Derived
from sim.derive.costing import Costing
from sim.derive.dementia import (
    Epidemiology,
    Onsets,
    Pathways,
    Prevalence,
    StartStock,
)
from sim.derive.demography import AgeStructure, LifeTable, Migration
from sim.derive.entry import Entry
from sim.derive.levers import LeverInputs

#: The need group that follows persona pathways (need_groups.csv holds the others).
DEMENTIA = "dementia"
#: Group label of the universal trinn's per-capita costs in the tables.
UNIVERSAL = "universal"
#: Trinn whose places a scenario may limit.
PLACE_BASED = (9, 10, 11, 12)
#: Where one-off pathway investments are booked: the dementia coordinator and team sit on
#: trinn 3 ("Demenskoordinator og demensteam", seed 000 Trinn 3 slide).
INVESTMENT_TRINN = 3


@dataclass(frozen=True)
class EngineInputs(Derived):
    """Frozen inputs of the engine for one municipality (see `sim.derive.derive_inputs`)."""

    municipality: str
    start_year: int
    end_year: int
    parameters: ParameterSet
    life: LifeTable
    ages: AgeStructure
    flows: Migration
    prevalence: Prevalence
    epidemiology: Epidemiology       # onset and death hazards with and without dementia
    elapsed: NDArray[np.float64]     # (age, years since onset) CDF of cases under way
    onsets: Onsets
    dementia_pathways: Pathways
    start_stock: StartStock
    entry: Entry
    costing: Costing
    groups: tuple[str, ...]          # group code -> name; 0 is dementia
    sources: Mapping[str, str]
    levers: LeverInputs | None = None   # the interventions' data (sim.derive.levers)

    @property
    def years(self) -> range:
        """Calendar years simulated."""
        return range(self.start_year, self.end_year + 1)

    @property
    def notes(self) -> dict[str, str]:
        """Diagnostics of the derivation (the dementia group's expected start stock)."""
        return {"dementia_expected_stock_by_trinn": repr(dict(self.start_stock.stock))}
