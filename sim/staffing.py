"""The staff supply levers in the engine's registry: they act outside the engine.

full_time_culture, sickness_absence, later_retirement and more_hires change the staff a
municipality can have (models/staff_supply.py, applied by the comparison), not the need
the engine simulates; they are registered so a scenario may hold them, and are never built
into a replication's loop (`active` is False), so they cannot change a simulated number.
"""

from __future__ import annotations

from scenarios.interventions import STAFF_LEVERS
from sim.intervention import Module, register


class StaffSupply(Module):
    """A supply-side lever: nothing to do in a replication."""

    def active(self) -> bool:
        return False


for _kind in STAFF_LEVERS:
    register(_kind)(StaffSupply)
