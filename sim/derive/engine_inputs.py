"""`EngineInputs`: the derivation steps' results composed, with the attributes the engine reads.

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
from sim.decisions import DecisionSpec
from sim.derive.common import Derived
from sim.derive.costing import Costing, Lines, UniversalRate
from sim.derive.dementia import (
    Epidemiology,
    Onsets,
    Pathways,
    Prevalence,
    StageSpec,
    StartStock,
)
from sim.derive.demography import AgeStructure, LifeTable, Migration
from sim.derive.entry import CellSpec, Entry
from sim.derive.levers import LeverInputs
from sim.housing import HousingSpec

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

    # -- the attributes the engine reads (one per former field) -------------------------
    @property
    def age_group_labels(self) -> tuple[str, ...]:
        return self.ages.labels

    @property
    def age_group_of(self) -> NDArray[np.int64]:
        return self.ages.age_group_of

    @property
    def group_age_weights(self) -> NDArray[np.float64]:
        return self.ages.weights

    @property
    def initial_ages(self) -> NDArray[np.int64]:
        return self.ages.initial_ages

    @property
    def max_age(self) -> int:
        return self.life.max_age

    @property
    def mu(self) -> NDArray[np.float64]:
        return self.life.mu

    @property
    def cum_hazard(self) -> NDArray[np.float64]:
        return self.life.cum

    @property
    def cum_hazard_free(self) -> NDArray[np.float64]:
        """Cumulative death hazard without dementia: every citizen's death time is drawn
        from it, and moved to `cum_hazard_case` at onset."""
        return self.epidemiology.cum_free

    @property
    def cum_hazard_case(self) -> NDArray[np.float64]:
        return self.epidemiology.cum_case

    @property
    def birth_rate_per_adult(self) -> float:
        return self.flows.birth_rate_per_adult

    @property
    def migration(self) -> NDArray[np.int64]:
        return self.flows.net

    @property
    def cells(self) -> tuple[CellSpec, ...]:
        return self.entry.cells

    @property
    def dementia_prevalent(self) -> int:
        return self.prevalence.prevalent

    @property
    def dementia_weight(self) -> NDArray[np.float64]:
        return self.prevalence.weight

    @property
    def dementia_incidence(self) -> NDArray[np.float64]:
        return self.onsets.hazard

    @property
    def dementia_elapsed_cdf(self) -> NDArray[np.float64]:
        return self.elapsed

    @property
    def pathways(self) -> Mapping[str, tuple[StageSpec, ...]]:
        return self.dementia_pathways.stages

    @property
    def pathway_investment(self) -> Mapping[str, float]:
        return self.dementia_pathways.investment

    @property
    def pathway_years(self) -> float:
        return self.dementia_pathways.years

    @property
    def stage_shape(self) -> float:
        return self.dementia_pathways.stage_shape

    @property
    def item_names(self) -> tuple[str, ...]:
        return self.costing.item_names

    @property
    def item_lines(self) -> tuple[Lines, ...]:
        return self.costing.item_lines

    @property
    def interim_item(self) -> int:
        return self.costing.interim_item

    @property
    def universal_rates(self) -> tuple[UniversalRate, ...]:
        return self.costing.universal

    @property
    def universal_trinn(self) -> tuple[int, ...]:
        """The universal trinn (cost per inhabitant-year of some ages), ascending."""
        return tuple(sorted({r.trinn for r in self.costing.universal}))

    @property
    def hours_per_fte(self) -> float:
        return self.costing.hours_per_fte

    @property
    def position_size(self) -> float:
        return self.costing.position_size

    @property
    def price_year(self) -> int:
        return self.costing.price_year

    @property
    def decisions(self) -> DecisionSpec | None:
        return self.levers.decisions if self.levers is not None else None

    @property
    def housing(self) -> HousingSpec | None:
        return self.levers.housing if self.levers is not None else None

    @property
    def notes(self) -> dict[str, str]:
        """Diagnostics of the derivation (the dementia group's expected start stock)."""
        return {"dementia_expected_stock_by_trinn": repr(dict(self.start_stock.stock))}
