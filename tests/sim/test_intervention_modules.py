"""Interventions as modules (sim/intervention.py): a lever defined here, outside the package,
plugs into the engine through the registry alone; the built-in modules run in their order."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pytest

from scenarios.interventions import Ramp, Target
from sim import intervention
from sim.engine import Replication
from sim.intervention import CostState, Module, NewStays, build_modules

SEED = 5
FEE = 1_000.0   # NOK a year: the toy's fixed fee, booked on trinn 3 of the dementia group


@dataclass(frozen=True)
class ShorterStays:
    """A toy lever: new stays of one trinn last ``factor`` of their drawn length, and a fee
    a year is paid for the programme."""

    trinn: int
    factor: float
    target: Target
    ramp: Ramp
    kind: str = "toy_shorter_stays"


class ShorterStaysModule(Module):
    order = 35  # after reablement, before the cost levers

    def __init__(self, levers, ctx) -> None:
        super().__init__(levers, ctx)
        self.calls: list[int] = []

    def new_stays(self, stays: NewStays) -> tuple[list[NewStays], NewStays]:
        (iv,) = self.levers
        if stays.cell.trinn != iv.trinn:
            return [], stays
        self.calls.append(stays.year)
        return [], replace(stays, durations=stays.durations * iv.factor)

    def costs(self, state: CostState) -> None:
        state.cost[:, 3, 0] += FEE


@pytest.fixture
def registered():
    intervention.register("toy_shorter_stays")(ShorterStaysModule)
    yield
    del intervention.REGISTRY["toy_shorter_stays"]


def _toy(trinn: int = 9, factor: float = 0.5) -> ShorterStays:
    return ShorterStays(trinn, factor, Target(("frail_elderly",), 0, 120),
                        Ramp(2024, ((2024, 1.0),)))


def test_a_lever_defined_outside_the_package_plugs_in(registered, short_inputs,
                                                      short_scenarios):
    sq = short_scenarios["normal"]
    key = ["year", "trinn", "group"]
    a = Replication(short_inputs, sq, 0, SEED).run().yearly.set_index(key)
    tables = {}
    for factor in (1.0, 0.5):
        rep = Replication(short_inputs, replace(sq, interventions=(_toy(factor=factor),)),
                          0, SEED)
        (module,) = [m for m in rep.modules if isinstance(m, ShorterStaysModule)]
        tables[factor] = rep.run().yearly.set_index(key)
        # called for the trinn 9 cells' new stays of every year
        assert sorted(set(module.calls)) == list(short_inputs.years)
    # factor 1 changes no stay: the tables are the status quo's plus the fee, exactly FEE
    # a year on trinn 3 of the dementia group
    b = tables[1.0]
    fee = (slice(None), 3, "dementia")
    assert np.array_equal(b.loc[fee, "cost_nok"] - a.loc[fee, "cost_nok"],
                          np.full(len(short_inputs.years), FEE))
    rest = ~((b.index.get_level_values("trinn") == 3)
             & (b.index.get_level_values("group") == "dementia"))
    assert b[rest].equals(a[rest])
    assert b["person_years"].equals(a["person_years"])
    # factor 0.5: shorter stays on trinn 9, fewer person-years there
    nine = (slice(None), 9, slice(None))
    assert tables[0.5].loc[nine, "person_years"].sum() < a.loc[nine, "person_years"].sum()


def test_an_unknown_kind_is_refused(short_inputs, short_scenarios):
    with pytest.raises(ValueError, match="no engine module for intervention kind"):
        Replication(short_inputs, replace(short_scenarios["normal"],
                                          interventions=(_toy(),)), 0, SEED)


def test_the_built_in_modules_run_in_their_documented_order(short_inputs, short_scenarios):
    rep = Replication(short_inputs, short_scenarios["normal"], 0, SEED)
    levers = (_housing(), _reablement())
    kinds = [type(m).__name__ for m in build_modules(levers, rep.modules[0].ctx)]
    assert kinds == ["PathwayMixModule", "HousingModule", "ReablementModule"]


def _housing():
    from scenarios.interventions import HousingProfile
    return HousingProfile(0.5, Target(("frail_elderly",), 67, 120), Ramp(2024, ((2024, 1.0),)))


def _reablement():
    from scenarios.interventions import Reablement
    return Reablement(0.5, 10.0, 0.5, 1.0, Target(("frail_elderly",), 67, 120),
                      Ramp(2024, ((2024, 1.0),)))
