"""Fit the free parameters to the targets on simulated moments with common random numbers.

The objective is the vector of weighted residuals (in tolerances) of the fitted targets, at
the mean over replications ``0..R-1`` of the start year alone (see ``simulate.one_year``).
The fit works on log-parameters inside the prior bounds, in two stages:

1. A secant fixed point: each free parameter is steered by its own targets (``moves`` in the
   parameter file), the Jacobian taken as diagonal. A first simultaneous step of every
   parameter gives each slope; secant updates refine them. This is the analytic shortcut for
   the entry scales: recipients of a trinn respond to that trinn's entries and little else.
2. ``scipy.optimize.least_squares`` (trust-region reflective, bounds) on all fitted targets,
   with a Jacobian by forward differences at the stage-1 point (over a quarter of the
   replications, which only affects the step, not the solution) and Broyden rank-one updates
   after every evaluation, so that no iteration pays for a full finite-difference Jacobian.

Everything is deterministic given the seed and the number of replications.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import least_squares

from calibration.parameters import ParameterSpace, round_sig
from calibration.simulate import Replicate, moments, one_year, serial
from calibration.targets import Target
from models.errors import TrappaError
from models.municipality import Municipality
from scenarios import Scenario

#: Stage 1 stops when every parameter's own targets are within this many tolerances.
STAGE1_TOLERANCE = 0.1
STAGE1_MAX_EVALUATIONS = 8
#: Log-step of the stage-1 probe and of the finite-difference Jacobian.
PROBE_STEP = 0.1
JACOBIAN_STEP = 0.1
#: Largest change of a log-parameter in one stage-1 step (a factor of about 1.5).
MAX_STEP = 0.4
#: A slope flatter than this (tolerances per log unit) means the parameter barely moves its
#: targets: stage 1 leaves it alone rather than jump to a bound.
MIN_SLOPE = 0.05
#: Stage 2 stops when a step lowers the loss by less than 1 % (changes that small are below the
#: Monte Carlo error of the moments) or after this many evaluations.
STAGE2_MAX_EVALUATIONS = 10
STAGE2_FTOL = 1e-2
STAGE2_XTOL = 5e-3


class ProgressSink(Protocol):
    """Where the fit reports progress (the command shows it with rich)."""

    def stage(self, description: str, replications: int) -> None:
        """Start an evaluation of ``replications`` replications."""

    def advance(self) -> None:
        """One replication done."""


class SilentProgress:
    """A progress sink that shows nothing."""

    def stage(self, description: str, replications: int) -> None:
        pass

    def advance(self) -> None:
        pass


@dataclass(frozen=True)
class Evaluation:
    """The fitted targets' simulated values at one parameter vector."""

    x: NDArray[np.float64]         # free-parameter values
    rows: NDArray[np.float64]      # (replication, fitted target)
    residuals: NDArray[np.float64]  # weighted, in tolerances, at the mean
    stage: str

    @property
    def mean(self) -> NDArray[np.float64]:
        """Mean over replications."""
        return self.rows.mean(axis=0)

    @property
    def loss(self) -> float:
        """Sum of squared residuals."""
        return float(self.residuals @ self.residuals)


@dataclass(frozen=True)
class Step:
    """One evaluation in the fit's history."""

    stage: str
    loss: float
    worst: float                 # largest |residual|, in tolerances
    x: tuple[float, ...]
    steering: float | None = None  # stage 1: largest |own-target deviation|


@dataclass(frozen=True)
class StageTwo:
    """How ``least_squares`` ended."""

    status: int
    message: str
    nfev: int
    njev: int
    optimality: float
    loss: float


@dataclass
class FitResult:
    """What the fit found and how it got there."""

    names: tuple[str, ...]
    targets: tuple[Target, ...]            # the fitted targets, columns of ``final.rows``
    start: NDArray[np.float64]
    x: NDArray[np.float64]                 # fitted values, rounded as in the fitted file
    final: Evaluation                      # at ``x`` over all replications
    replications: int
    jacobian_replications: int
    seed: int
    history: list[Step] = field(default_factory=list)
    stage2: StageTwo | None = None
    evaluations: int = 0
    replications_run: int = 0
    seconds: float = 0.0

    @property
    def converged(self) -> bool:
        """Whether least_squares stopped on a tolerance rather than the evaluation budget."""
        return self.stage2 is not None and self.stage2.status > 0


class Objective:
    """Simulated residuals of the fitted targets as a function of log-parameters (cached)."""

    def __init__(self, m: Municipality, scenario: Scenario, space: ParameterSpace,
                 targets: Sequence[Target], seed: int, replications: int,
                 progress: ProgressSink | None = None, replicate: Replicate = serial) -> None:
        self.targets = tuple(t for t in targets if t.fitted and t.weight > 0)
        years = {t.year for t in self.targets}
        if years != {scenario.start_year}:
            raise TrappaError(f"fitted targets must all be of the start year "
                              f"{scenario.start_year}, got {sorted(years)}")
        ids = {t.id for t in self.targets}
        for p in space.free:
            bad = [i for i in p.moves if i not in ids]
            if bad:
                raise TrappaError(f"{space.path}: free.{p.name}.moves names target(s) {bad} "
                                  "that are not fitted targets")
        self.m = m
        self.scenario = one_year(scenario)
        self.space = space
        self.seed = seed
        self.replications = replications
        self.progress = progress or SilentProgress()
        self.replicate = replicate
        self.sqrt_w = np.sqrt([t.weight for t in self.targets])
        self.tol = np.array([t.tolerance for t in self.targets])
        self.evaluations = 0
        self.replications_run = 0
        self._cache: dict[tuple[bytes, int], Evaluation] = {}
        self.best: Evaluation | None = None

    def overrides(self, x: Sequence[float] | NDArray[np.float64]) -> dict[str, float]:
        """Engine overrides of ``x``, rounded as the fitted file stores them."""
        return {k: round_sig(v) for k, v in self.space.overrides(list(x)).items()}

    def residuals_of(self, mean: NDArray[np.float64]) -> NDArray[np.float64]:
        """Weighted residuals (in tolerances) of mean simulated values."""
        dev = np.array([float(t.deviation(v)) for t, v in zip(self.targets, mean, strict=True)])
        return self.sqrt_w * dev / self.tol

    def evaluate(self, z: NDArray[np.float64], stage: str, replications: int | None = None
                 ) -> Evaluation:
        """Simulate at log-parameters ``z`` (over ``replications``, default all)."""
        n = replications or self.replications
        key = (np.asarray(z, dtype=np.float64).tobytes(), n)
        if key in self._cache:
            return self._cache[key]
        x = np.exp(z)
        self.progress.stage(stage, n)
        rows = moments(self.m, self.scenario, self.overrides(x), self.targets, n, self.seed,
                       self.progress.advance, self.replicate)
        ev = Evaluation(x, rows, self.residuals_of(rows.mean(axis=0)), stage)
        self._cache[key] = ev
        self.evaluations += 1
        self.replications_run += n
        if n == self.replications and (self.best is None or ev.loss < self.best.loss):
            self.best = ev
        return ev

    def steering(self, ev: Evaluation) -> NDArray[np.float64]:
        """Each free parameter's own-target deviation: weighted mean residual of its ``moves``."""
        index = {t.id: i for i, t in enumerate(self.targets)}
        g = np.empty(len(self.space.free))
        for k, p in enumerate(self.space.free):
            idx = [index[i] for i in p.moves]
            w = self.sqrt_w[idx]  # residuals carry sqrt(weight): weight them by it once more
            g[k] = float(w @ ev.residuals[idx] / w.sum()) if w.sum() > 0 else 0.0
        return g


def _stage1(obj: Objective, z: NDArray[np.float64], lo: NDArray[np.float64],
            hi: NDArray[np.float64], history: list[Step]) -> NDArray[np.float64]:
    """Return the best point of the secant fixed point (see the module docstring)."""
    ev = obj.evaluate(z, "stage 1: start")
    g = obj.steering(ev)
    history.append(_log("stage 1", ev, g))
    best_z, best_loss = z, ev.loss
    slope: NDArray[np.float64] | None = None
    while max(np.abs(g)) >= STAGE1_TOLERANCE and obj.evaluations < STAGE1_MAX_EVALUATIONS:
        if slope is None:
            # a simultaneous step of every parameter; with a diagonal Jacobian each parameter's
            # own targets give its slope. Step into the interior.
            z_new = z + np.where(z + PROBE_STEP <= hi, PROBE_STEP, -PROBE_STEP)
        else:
            move = np.where(np.abs(slope) >= MIN_SLOPE, -g / np.where(slope == 0, 1, slope), 0.0)
            z_new = np.clip(z + np.clip(move, -MAX_STEP, MAX_STEP), lo, hi)
        ev_new = obj.evaluate(z_new, f"stage 1: step {obj.evaluations}")
        g_new = obj.steering(ev_new)
        history.append(_log("stage 1", ev_new, g_new))
        dz = z_new - z
        secant = np.divide(g_new - g, dz, out=np.zeros_like(g), where=np.abs(dz) > 1e-9)
        if slope is None:
            slope = secant
        else:
            # the other parameters moved too, so a secant also carries their cross effects:
            # take it only where the own step was real and the slope stays within a factor 3
            ratio = np.divide(secant, slope, out=np.zeros_like(g), where=slope != 0)
            slope = np.where((np.abs(dz) > 1e-3) & (ratio > 1 / 3) & (ratio < 3), secant, slope)
            if ev_new.loss > best_loss:
                break  # the diagonal picture no longer holds: stage 2 takes over
        z, g = z_new, g_new
        if ev_new.loss < best_loss:
            best_z, best_loss = z_new, ev_new.loss
    return best_z


def _log(stage: str, ev: Evaluation, g: NDArray[np.float64] | None = None) -> Step:
    return Step(stage, ev.loss, float(np.max(np.abs(ev.residuals))),
                tuple(float(v) for v in ev.x), None if g is None else float(np.max(np.abs(g))))


def _jacobian(obj: Objective, z: NDArray[np.float64], hi: NDArray[np.float64], n: int
              ) -> NDArray[np.float64]:
    base = obj.evaluate(z, "Jacobian: base", n)
    jac = np.empty((len(base.residuals), len(z)))
    for k in range(len(z)):
        h = JACOBIAN_STEP if z[k] + JACOBIAN_STEP <= hi[k] else -JACOBIAN_STEP
        zk = z.copy()
        zk[k] += h
        ev = obj.evaluate(zk, f"Jacobian: {obj.space.names[k]}", n)
        jac[:, k] = (ev.residuals - base.residuals) / h
    return jac


def fit(m: Municipality, scenario: Scenario, space: ParameterSpace, targets: Sequence[Target],
        seed: int, replications: int, progress: ProgressSink | None = None,
        replicate: Replicate = serial) -> FitResult:
    """Fit the free parameters of ``space`` to the fitted ``targets``.

    Parameters
    ----------
    m
        The municipality.
    scenario
        The status-quo scenario (its start year is simulated; levers are never fitted).
    space
        Free parameters with start values and bounds.
    targets
        All targets; those with ``fitted`` and a positive weight enter the loss.
    seed
        Root seed of the replications (common random numbers across parameter values).
    replications
        Replications per evaluation.
    progress
        Receives one ``stage`` per evaluation and one ``advance`` per replication.
    replicate
        Where the replications run (default: serially here); every choice gives the same
        fit.
    """
    if replications < 1:
        raise TrappaError(f"calibrate: replications must be at least 1, got {replications}")
    t0 = time.perf_counter()
    obj = Objective(m, scenario, space, targets, seed, replications, progress, replicate)
    lo, hi = np.log(space.lower), np.log(space.upper)
    z0 = np.log(space.start)
    history: list[Step] = []
    z1 = _stage1(obj, z0, lo, hi, history)

    n_jac = min(replications, max(8, math.ceil(replications / 4)))
    jac = _jacobian(obj, z1, hi, n_jac)
    last: dict[str, NDArray[np.float64]] = {}

    def fun(z: NDArray[np.float64]) -> NDArray[np.float64]:
        nonlocal jac
        ev = obj.evaluate(np.asarray(z, dtype=np.float64), f"stage 2: step {obj.evaluations}")
        if "z" in last:
            # Broyden's rank-one update: the Jacobian now maps the last step exactly
            dz = ev_z(ev) - last["z"]
            if dz @ dz > 0:
                jac = jac + np.outer(ev.residuals - last["r"] - jac @ dz, dz) / (dz @ dz)
        last["z"], last["r"] = ev_z(ev), ev.residuals
        history.append(_log("stage 2", ev))
        return ev.residuals

    def ev_z(ev: Evaluation) -> NDArray[np.float64]:
        return np.log(ev.x)

    res = least_squares(fun, z1, jac=lambda _z: jac, bounds=(lo, hi), method="trf",
                        ftol=STAGE2_FTOL, xtol=STAGE2_XTOL, gtol=1e-8,
                        max_nfev=STAGE2_MAX_EVALUATIONS)
    best = obj.best
    if best is None:  # cannot happen: stage 1 evaluates the start over all replications
        raise RuntimeError("no evaluation over all replications")
    x = np.array([round_sig(v) for v in best.x])
    # the engine reads rounded overrides; where rounding x changes none of them, the best
    # evaluation already is the rounded point's
    same = obj.overrides(x) == obj.overrides(best.x)
    final = best if same else obj.evaluate(np.log(x), "final")
    if final.loss > best.loss * (1 + 1e-6) + 1e-9:
        # rounding to the file's digits can only matter through a hazard threshold; keep the
        # rounded point (it is what the engine will use) but say so in the report
        history.append(_log("final (rounded)", final))
    return FitResult(
        names=space.names, targets=obj.targets, start=space.start, x=x, final=final,
        replications=replications,
        jacobian_replications=n_jac, seed=seed, history=history,
        stage2=StageTwo(int(res.status), str(res.message), int(res.nfev), int(res.njev or 0),
                        float(res.optimality), float(2 * res.cost)),
        evaluations=obj.evaluations, replications_run=obj.replications_run,
        seconds=time.perf_counter() - t0)
