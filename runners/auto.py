"""``--runs auto``: how precise the key comparison is, and how many replications to aim for.

The key comparison is the change in total cost (all trinn and groups) in the last year
against the first scenario, paired per replication (common random numbers), in mill NOK;
for a single scenario it is that scenario's total cost. Its Monte Carlo standard error is
``sd / sqrt(n)`` over the n (draw, replication) samples, as the run's comparison states it
(`results.comparison`, computed here from the rows streamed so far).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from results.comparison import from_frames

MNOK = 1e6
#: Each round grows the replications by at least this factor, so a noisy early estimate
#: of the spread cannot make the rounds crawl.
MIN_GROWTH = 1.25


@dataclass(frozen=True)
class Precision:
    """The Monte Carlo standard error of the key comparison after some replications."""

    mcse_mnok: float
    what: str
    runs: int


def key_precision(yearly_last: pd.DataFrame, scenarios: list[str], runs: int) -> Precision:
    """Return the key comparison's standard error from the first ``runs`` replications.

    Parameters
    ----------
    yearly_last
        ``yearly`` rows of the last year (columns scenario, draw, replication, year,
        cost_nok at least).
    scenarios
        Scenario names in run order; the first is the baseline.
    runs
        Replications to use (rows of later replications are ignored).
    """
    rows = yearly_last[yearly_last["replication"] < runs]
    year = int(rows["year"].max())
    sample = [c for c in ("scenario", "draw", "replication", "year") if c in rows.columns]
    # one row per replication: the total over whatever trinn the rows hold
    total = (rows.groupby(sample, sort=False)["cost_nok"].sum().reset_index()
             .assign(trinn=1, group="total"))
    c = from_frames(total, scenarios=scenarios)
    if len(scenarios) == 1:
        stat = c.stat(scenarios[0], "cost_nok", year)
        return Precision(math.nan if stat is None else float(stat["mcse"]) / MNOK,
                         f"total cost {year} of {scenarios[0]}", runs)
    mcse = {s: c.stat(s, "d_cost_nok", year) for s in c.strategies}
    worst = max(mcse, key=lambda s: math.inf if mcse[s] is None or math.isnan(
        float(mcse[s]["mcse"])) else float(mcse[s]["mcse"]))  # type: ignore[index]
    row = mcse[worst]
    return Precision(math.nan if row is None else float(row["mcse"]) / MNOK,
                     f"Δ total cost {year}, {worst} vs {scenarios[0]}", runs)


def next_runs(p: Precision, target_mnok: float, max_runs: int) -> int:
    """Return the replications of the next round.

    The standard error falls as ``1 / sqrt(n)``, so ``n (mcse / target)^2`` replications
    are expected to reach the target; at least `MIN_GROWTH` times more, at most
    ``max_runs``.
    """
    need = math.inf if math.isnan(p.mcse_mnok) else p.runs * (p.mcse_mnok / target_mnok) ** 2
    grow = math.ceil(p.runs * MIN_GROWTH)
    return int(min(max_runs, max(grow, math.ceil(min(need, max_runs)))))


def met(p: Precision, target_mnok: float) -> bool:
    """Return whether the standard error is at or below the target."""
    return not math.isnan(p.mcse_mnok) and p.mcse_mnok <= target_mnok
