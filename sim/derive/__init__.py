"""Deriving the engine's inputs from a municipality's data, in small pure steps.

Demography (`life_table`, `single_ages`, `net_migration`), dementia (`prevalence`,
`elapsed_cdf`, `pathways`, `prevalent_stage_shares`, `status_quo_stock`,
`onset_probability`), costing (`package_items`, `cell_unit_cost`, `cell_lines`,
`interim_lines`, `universal_rates`) and entry (`cell_target`, `rake_elderly`,
`eligible`, `entry_hazard`, `initial_stocks`); `derive_inputs` runs them in order and
composes an `EngineInputs`. Each step returns a frozen result recording where its numbers
came from.
"""

from sim.derive.compose import derive_inputs
from sim.derive.costing import INTERIM_TRINN
from sim.derive.dementia import NO_ITEM, StageSpec
from sim.derive.engine_inputs import (
    DEMENTIA,
    INVESTMENT_TRINN,
    PLACE_BASED,
    UNIVERSAL,
    EngineInputs,
)
from sim.derive.entry import CellSpec

__all__ = [
    "DEMENTIA",
    "INTERIM_TRINN",
    "INVESTMENT_TRINN",
    "NO_ITEM",
    "PLACE_BASED",
    "UNIVERSAL",
    "CellSpec",
    "EngineInputs",
    "StageSpec",
    "derive_inputs",
]
