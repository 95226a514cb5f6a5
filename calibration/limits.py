"""Where a fit stops short: free parameters at a bound of their prior range, targets missed.

A parameter at its bound means the model cannot reach its targets with the freedom the
parameter space gives it: the optimum lies outside the prior range, so the figures resting on
that part of the model are forced, and the consultant must know before showing them. A missed
target is named with its distance from the tolerance band. The messages (English, like
run.json) go to the terminal, the fit report, the fitted file's ``[meta] warnings`` and, for
a run on the fitted file, run.json's ``warnings`` (`run_warnings`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from calibration.parameters import ParameterSpace

#: A parameter within this relative distance of a bound (1 %, in log terms) is on it: the fit
#: works on log-parameters and stops within its step tolerance of a bound, not on it (Tinn's
#: trinn 11 scale stopped at 0.500537 for a bound of 0.5).
NEAR_BOUND = 0.01


@dataclass(frozen=True)
class FitWarning:
    """One finding: ``kind`` is ``bound`` (a parameter at a bound), ``missed`` (a fitted
    target outside its tolerance) or ``check`` (a target checked but not fitted, missed)."""

    kind: str
    subject: str     # the parameter's or the target's id
    text: str


def at_bound(space: ParameterSpace, x: Sequence[float], rel: float = NEAR_BOUND
             ) -> list[tuple[str, str, float]]:
    """Return (name, ``lower``/``upper``, bound) of each parameter within ``rel`` of a bound."""
    out = []
    for p, v in zip(space.free, x, strict=True):
        if abs(math.log(v / p.prior_min)) < rel:
            out.append((p.name, "lower", p.prior_min))
        elif abs(math.log(p.prior_max / v)) < rel:
            out.append((p.name, "upper", p.prior_max))
    return out


def _pct(v: float) -> str:
    return f"{v * 100:+.1f} %"


def fit_warnings(space: ParameterSpace, x: Sequence[float], table: pd.DataFrame
                 ) -> list[FitWarning]:
    """Return the warnings of a fit: parameters at a bound (with the targets they steer and
    how far those are off), then fitted targets missed, then check targets missed.

    ``table`` is the fit's target table (`calibration.assess.assess`; columns id, deviation,
    tolerance, within, fitted, loss).
    """
    rows = {r["id"]: r for _, r in table.iterrows()}
    values = dict(zip(space.names, x, strict=True))
    out = []
    for name, side, bound in at_bound(space, x):
        p = next(q for q in space.free if q.name == name)
        steered = ", ".join(f"{i} ({_distance(rows[i])})" if i in rows else i for i in p.moves)
        wants = "less" if side == "lower" else "more"
        out.append(FitWarning("bound", name, (
            f"fitted parameter {name} = {values[name]:.6g} is at its {side} bound {bound:g}: "
            f"the targets it steers ({steered}) ask for {wants} than its prior range allows, "
            "so the model cannot meet them with the freedom it has; the figures that rest on "
            "them are forced (check the data, or widen the range in the parameter file with a "
            "reason)")))
    for _, r in table[~table["within"]].iterrows():
        kind = "missed" if bool(r["fitted"]) else "check"
        what = "fitted target" if kind == "missed" else "check target (not fitted)"
        out.append(FitWarning(kind, str(r["id"]), f"{what} {r['id']} missed: {_distance(r)}"))
    return out


def _distance(r: pd.Series) -> str:
    dev, tol = float(r["deviation"]), float(r["tolerance"])
    if r["loss"] == "relative":
        text = f"deviation {_pct(dev)}, tolerance ±{tol * 100:g} %"
    else:
        text = f"deviation {dev * 100:+.1f} points, tolerance ±{tol * 100:g} points"
    return text if abs(dev) <= tol * (1 + 1e-9) else f"{text}, {abs(dev) / tol:.2g} tolerances"


def run_warnings(warnings: Sequence[str]) -> list[str]:
    """Return the fitted file's warnings a run repeats in run.json: parameters at a bound and
    fitted targets missed (check targets stay in the fit report)."""
    return [w for w in warnings if w.startswith(("fitted parameter", "fitted target"))]
