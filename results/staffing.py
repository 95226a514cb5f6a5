"""The staffing gap of a run: need minus the staff supply, per replication (issue 31).

Need is the comparison's FTE of pleie og omsorg (``fte`` at ``trinn = -1``, the unit of
the 855 avtalte årsverk of Færder 2023). Supply is `models.staff_supply`'s projection from
the reference scenario's need in the first year of the same replication (the staff who
deliver today's services, so the reference's gap starts at zero), under each scenario's
supply levers and the replication's drawn supply parameters (run.json ``staff_supply``,
`runners.staff_supply`). The comparison summarises the rows made here like its others.

Metrics (``trinn = -1``, ``group = "all"``):

* per year: ``supply_fte`` (available årsverk), ``supply_persons`` (head count),
  ``gap_fte`` (need - supply), ``gap_persons`` (persons to recruit: the gap over the
  årsverk one employee gives in the year), ``gap_share`` (gap / need);
* in the last year's row: ``gap_first_year`` (the first year the gap exceeds the
  threshold share of need; NaN if it never does), ``hires_to_close`` (extra hires per year
  from the first year on that keep the gap at or below zero in every year),
  ``gap_threshold`` (the threshold itself).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models.staff_supply import (
    first_year_over,
    hires_to_close,
    lever_paths,
    load_supply,
    parameters,
    project,
)
from results.summary import GROUP_ALL, TRINN_CARE, ResultsError

YEARLY_METRICS: tuple[str, ...] = ("supply_fte", "supply_persons", "gap_fte", "gap_persons",
                                   "gap_share")
HORIZON_METRICS: tuple[str, ...] = ("gap_first_year", "hires_to_close", "gap_threshold")
MEAN_PATH_METRICS: tuple[str, ...] = ("gap_first_year_of_mean",)
METRICS: tuple[str, ...] = (*YEARLY_METRICS, *HORIZON_METRICS, *MEAN_PATH_METRICS)


@dataclass(frozen=True)
class SupplyInputs:
    """What the gap needs of a run: its supply file(s), position size, each scenario's
    interventions (scenario-file shape) and the drawn values per pooled replication."""

    folder: Path | None
    position_size: float
    interventions: Mapping[str, Sequence[Mapping[str, Any]]]
    drawn: Mapping[str, Sequence[float]]
    gap_threshold: float


def inputs_from_meta(meta: Mapping[str, Any]) -> SupplyInputs | None:
    """The gap's inputs recorded in run.json, or None for a run without them (a table
    written by hand, a run of an earlier version): no gap is computed then."""
    record = meta.get("staff_supply")
    staffing = meta.get("staffing")
    if not isinstance(record, Mapping) or not isinstance(staffing, Mapping):
        return None
    folder = meta.get("municipality_folder")
    scenarios = meta.get("scenarios") or []
    return SupplyInputs(
        folder=Path(folder) if isinstance(folder, str) else None,
        position_size=float(staffing["position_size"]),
        interventions={str(s["name"]): list(s.get("interventions") or []) for s in scenarios
                       if isinstance(s, Mapping)},
        drawn={str(k): list(v) for k, v in (record.get("drawn") or {}).items()},
        gap_threshold=float(record.get("gap_threshold", 0.05)))


def covers(inputs: SupplyInputs, replications: pd.Series) -> bool:
    """Whether the drawn supply values cover every (pooled) replication of ``replications``."""
    if replications.empty or not inputs.drawn:
        return True
    top = int(replications.max())
    return all(len(v) > top for v in inputs.drawn.values())


def per_replication(need: pd.DataFrame, inputs: SupplyInputs, reference: str,
                    years: Sequence[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (yearly rows, horizon rows) per scenario and replication.

    ``need`` has ``scenario``, ``replication`` (pooled), ``year`` and ``fte`` (pleie og
    omsorg). Both frames carry ``scenario, replication, year, trinn, group`` and their
    metrics as columns.

    Raises
    ------
    ResultsError
        If a replication lacks its reference's first year or a drawn value.
    """
    data = load_supply(inputs.folder)
    years = list(years)
    y0 = years[0]
    ref = need[(need["scenario"] == reference) & (need["year"] == y0)]
    base = ref.set_index("replication")["fte"].astype(float)
    yearly, horizon = [], []
    for scenario, rows in need.groupby("scenario", sort=False):
        # one row per (replication, year): the comparison's totals of pleie og omsorg
        wide = rows.pivot(index="replication", columns="year", values="fte").reindex(
            columns=years)
        reps = wide.index.to_numpy()
        missing = [int(r) for r in reps if r not in base.index]
        if missing:
            raise ResultsError(f"no reference '{reference}' need in {y0} for replication "
                               f"{missing[0]} of '{scenario}'")
        drawn = {}
        for name, values in inputs.drawn.items():
            if len(values) <= int(reps.max()):
                raise ResultsError(f"run.json staff_supply: {len(values)} drawn values of "
                                   f"{name}, replication {int(reps.max())} needs one")
            drawn[name] = np.asarray(values, dtype=float)[reps]
        p = parameters(data, inputs.position_size, drawn, n=len(reps))
        # each replication's drawn lever_scale multiplies the levers' effects
        scale = drawn.get("lever_scale", np.full(len(reps), data.value("lever_scale")))
        levers = lever_paths(inputs.interventions.get(str(scenario), []), years,
                             inputs.position_size, p.base_absence, scale)
        pr = project(base.loc[reps].to_numpy(), len(years), p, levers)
        need_fte = wide.to_numpy(dtype=float)
        gap = need_fte - pr.fte
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(need_fte > 0, gap / need_fte, np.nan)
        keys = {"scenario": np.repeat(str(scenario), len(reps) * len(years)),
                "replication": np.repeat(reps, len(years)),
                "year": np.tile(years, len(reps))}
        yearly.append(pd.DataFrame({
            **keys, "trinn": TRINN_CARE, "group": GROUP_ALL,
            "supply_fte": pr.fte.ravel(), "supply_persons": pr.persons.ravel(),
            "gap_fte": gap.ravel(), "gap_persons": (gap / pr.per_person).ravel(),
            "gap_share": share.ravel()}))
        horizon.append(pd.DataFrame({
            "scenario": str(scenario), "replication": reps, "year": years[-1],
            "trinn": TRINN_CARE, "group": GROUP_ALL,
            "gap_first_year": first_year_over(years, share, inputs.gap_threshold),
            "hires_to_close": hires_to_close(gap, pr.hire_unit),
            "gap_threshold": inputs.gap_threshold}))
    return pd.concat(yearly, ignore_index=True), pd.concat(horizon, ignore_index=True)


def mean_path(stats: pd.DataFrame, years: Sequence[int], threshold: float,
              columns: Sequence[str]) -> pd.DataFrame:
    """``gap_first_year_of_mean``: the first year the mean gap share exceeds the threshold
    (the mean path's, as the payback's ``*_of_mean``), in the last year's row."""
    rows = stats[stats["metric"] == "gap_share"]
    out = []
    for scenario, path in rows.groupby("scenario", sort=False):
        path = path.set_index("year").reindex(list(years))
        value = first_year_over(years, path["mean"].to_numpy(dtype=float)[None, :],
                                threshold)[0]
        out.append({"scenario": scenario, "year": years[-1], "trinn": TRINN_CARE,
                    "group": GROUP_ALL, "metric": "gap_first_year_of_mean",
                    "mean": float(value), "p05": np.nan, "p50": np.nan, "p95": np.nan,
                    "sd": np.nan, "mcse": np.nan, "n": int(path["n"].min())})
    return pd.DataFrame(out, columns=list(columns))
