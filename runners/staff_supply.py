"""The staff supply's uncertain parameters, drawn like the run's others (issue 31).

`supply_record` is stored in run.json (``staff_supply``); the comparison reads it
(`results.staffing`). Each drawn value comes from `runners.draws` with the run's root seed,
under the name ``staff_supply:<name>``, for pooled replication ``r`` (the comparison's
numbering: a (draw, replication) pair of a sweep is one): it depends only on (r, name,
root seed), so every scenario of a replication shares it (common random numbers) and the
engine's own parameter draws are untouched.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from models.staff_supply import load_supply
from runners.draws import Distribution
from runners.seeding import draw_uniform

PREFIX = "staff_supply:"


def supply_record(folder: Path | str | None, samples: int, root_seed: int, drawn: bool
                  ) -> dict[str, Any]:
    """run.json's ``staff_supply``: the files read, the threshold, and the drawn values
    (name -> one value per pooled replication; none unless ``drawn``)."""
    data = load_supply(folder)
    draws: dict[str, list[float]] = {}
    if drawn:
        for name, s in sorted(data.scalars.items()):
            if not s.drawn or s.lower is None or s.upper is None:
                continue
            dist = Distribution("triangular", MappingProxyType(
                {"lower": s.lower, "mode": s.value, "upper": s.upper}))
            draws[name] = [dist.value(draw_uniform(r, root_seed, PREFIX + name))
                           for r in range(samples)]
    return {"files": list(data.files), "gap_threshold": data.value("gap_threshold"),
            "drawn": draws}
