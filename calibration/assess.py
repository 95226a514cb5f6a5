"""Each target beside its simulated value: mean, 90 % interval, Monte Carlo error, deviation."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from calibration.targets import Conform, Target, exact_value
from models.municipality import Municipality

COLUMNS = ("id", "label", "conform", "expected", "mean", "p05", "p95", "mcse", "deviation",
           "tolerance", "within", "fitted", "replications", "unit", "loss", "source")


def assess(targets: Sequence[Target], rows: NDArray[np.float64], m: Municipality | None = None
           ) -> pd.DataFrame:
    """Compare targets with per-replication simulated values.

    Parameters
    ----------
    targets
        The targets, one per column of ``rows``.
    rows
        Simulated values, one row per replication (ignored for exact targets).
    m
        The municipality, needed for exact targets (the persona's pathway totals).

    Returns
    -------
    DataFrame
        One row per target with the columns of ``COLUMNS``; the interval is p05-p95 over
        replications, ``mcse`` the Monte Carlo standard error of the mean.
    """
    out = []
    for j, t in enumerate(targets):
        if t.conform is Conform.EXACT:
            if m is None:
                raise ValueError(f"target {t.id} is exact: pass the municipality")
            v = exact_value(t, m)
            mean = p05 = p95 = v
            mcse, n = 0.0, 0
        else:
            col = rows[:, j]
            n = len(col)
            mean = float(col.mean())
            p05, p95 = (float(q) for q in np.quantile(col, [0.05, 0.95]))
            mcse = float(col.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
        out.append({"id": t.id, "label": t.label, "conform": t.conform.value,
                    "expected": t.expected, "mean": mean, "p05": p05, "p95": p95,
                    "mcse": mcse, "deviation": float(t.deviation(mean)),
                    "tolerance": t.tolerance, "within": t.within(mean), "fitted": t.fitted,
                    "replications": n, "unit": t.unit, "loss": t.loss.value,
                    "source": t.source})
    return pd.DataFrame(out, columns=list(COLUMNS))
