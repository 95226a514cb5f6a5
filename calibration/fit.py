"""Fit the free parameters to the targets on simulated moments with common random numbers.

The objective is the vector of weighted residuals (in tolerances) of the fitted targets, at
the mean over replications ``0..R-1`` of the start year alone (see ``simulate.one_year``).
The fit works on log-parameters inside the prior bounds, in two stages:

1. A secant fixed point: each free parameter is steered by its own targets (``moves`` in the
   parameter file), the Jacobian taken as diagonal. A first simultaneous step of every
   parameter gives each slope; secant updates refine them. This is the analytic shortcut for
   the entry scales: recipients of a trinn respond to that trinn's entries and little else.
2. ``scipy.optimize.least_squares`` (trust-region reflective, bounds) on all fitted targets,
   with a Jacobian by forward differences at the stage-1 point and Broyden rank-one updates
   after every evaluation, so that no iteration pays for a full finite-difference Jacobian.

Fidelity: stage 1, the Jacobian and a first pass of stage 2 run on the first ``coarse``
replications only, as few as the targets' Monte Carlo noise allows (`coarse_replications`:
the noisiest target's standard error at most `COARSE_NOISE` tolerances); a last pass of
stage 2 then polishes on all replications, from the coarse optimum with the coarse Jacobian.
The fit's answer is the best evaluation over all replications, so the loss it reports is the
one the full sample gives. Every trial is evaluated at values rounded as the fitted file
stores them, so the best trial is the file's point and needs no re-evaluation.

Everything is deterministic given the seed, the number of replications and the start.
A Ctrl-C raises `FitInterrupted`, which carries the best trial so far.
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
from calibration.simulate import Replicate, moments, moments_at, one_year, serial
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
#: Monte Carlo error of the moments) or after this many evaluations (per pass).
STAGE2_MAX_EVALUATIONS = 10
#: The polish on all replications starts next to the optimum: a few steps are enough; it
#: stops on a smaller gain than the coarse pass (0.3 %), as the full sample is what counts.
POLISH_MAX_EVALUATIONS = 6
POLISH_FTOL = 3e-3
#: The coarse passes use enough replications for the noisiest fitted target's Monte Carlo
#: standard error to be at most this many tolerances (the polish removes what remains) ...
COARSE_NOISE = 0.75
#: ... and at least this share of all replications (and 8), at most this share.
COARSE_MIN_SHARE = 1 / 8
COARSE_MAX_SHARE = 1 / 2
STAGE2_FTOL = 1e-2
STAGE2_XTOL = 5e-3


class ProgressSink(Protocol):
    """Where the fit reports progress (the command shows it with rich)."""

    def stage(self, description: str, replications: int) -> None:
        """Start an evaluation of ``replications`` replications."""

    def advance(self) -> None:
        """One replication done."""

    def trial(self, number: int, loss: float, best: float | None) -> None:
        """Trial ``number`` (one evaluation) done with ``loss``; ``best`` is the lowest loss
        over all replications so far (None before the first such trial)."""


class SilentProgress:
    """A progress sink that shows nothing."""

    def stage(self, description: str, replications: int) -> None:
        pass

    def advance(self) -> None:
        pass

    def trial(self, number: int, loss: float, best: float | None) -> None:
        pass


class FitInterrupted(KeyboardInterrupt):
    """Ctrl-C during a fit, with the best trial so far (nothing has been written).

    ``x`` is None when no trial finished; ``replications`` is how many replications the
    best trial's loss is over (all of them unless only coarse trials had finished).
    """

    def __init__(self, names: tuple[str, ...], x: NDArray[np.float64] | None,
                 loss: float | None, replications: int, evaluations: int) -> None:
        super().__init__("calibration interrupted")
        self.names = names
        self.x = x
        self.loss = loss
        self.replications = replications
        self.evaluations = evaluations


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


@dataclass(frozen=True)
class PreviousFit:
    """What a previous fit's file records, for a warm start from it: the fit was of the same
    data, seed and replications, and converged (least_squares ended on a tolerance)."""

    loss: float      # as the file holds it (`round_sig` to 4 significant digits)
    status: int      # its least_squares status (> 0)


@dataclass
class FitResult:
    """What the fit found and how it got there."""

    names: tuple[str, ...]
    targets: tuple[Target, ...]            # the fitted targets, columns of ``final.rows``
    start: NDArray[np.float64]
    x: NDArray[np.float64]                 # fitted values, rounded as in the fitted file
    final: Evaluation                      # at ``x`` over all replications
    replications: int
    jacobian_replications: int              # also the coarse passes' replications
    seed: int
    history: list[Step] = field(default_factory=list)
    stage2: StageTwo | None = None
    evaluations: int = 0
    replications_run: int = 0
    seconds: float = 0.0
    #: A warm start that reproduced a converged previous fit's loss and ended there
    verified: bool = False

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
        self.best_any: Evaluation | None = None  # over the most replications evaluated yet

    def overrides(self, x: Sequence[float] | NDArray[np.float64]) -> dict[str, float]:
        """Engine overrides of ``x``, rounded as the fitted file stores them."""
        return {k: round_sig(v) for k, v in self.space.overrides(list(x)).items()}

    def interrupted(self) -> FitInterrupted:
        """The `FitInterrupted` of a Ctrl-C now: the best trial so far."""
        b = self.best or self.best_any
        return FitInterrupted(self.space.names, None if b is None else b.x,
                              None if b is None else b.loss,
                              0 if b is None else len(b.rows), self.evaluations)

    def residuals_of(self, mean: NDArray[np.float64]) -> NDArray[np.float64]:
        """Weighted residuals (in tolerances) of mean simulated values."""
        dev = np.array([float(t.deviation(v)) for t, v in zip(self.targets, mean, strict=True)])
        return self.sqrt_w * dev / self.tol

    @staticmethod
    def _rounded(z: NDArray[np.float64]) -> NDArray[np.float64]:
        # the values the fitted file would hold: the best trial is then the file's point
        return np.array([round_sig(v) for v in np.exp(np.asarray(z, dtype=np.float64))])

    def evaluate(self, z: NDArray[np.float64], stage: str, replications: int | None = None
                 ) -> Evaluation:
        """Simulate at log-parameters ``z`` (over ``replications``, default all)."""
        n = replications or self.replications
        x = self._rounded(z)
        key = (x.tobytes(), n)
        if key in self._cache:
            return self._cache[key]
        self.progress.stage(stage, n)
        rows = moments(self.m, self.scenario, self.overrides(x), self.targets, n, self.seed,
                       self.progress.advance, self.replicate)
        return self._record(x, rows, stage)

    def evaluate_all(self, zs: Sequence[NDArray[np.float64]], stages: Sequence[str],
                     label: str, replications: int | None = None) -> list[Evaluation]:
        """`evaluate` at each of ``zs`` (independent trials, e.g. the Jacobian's columns):
        those not evaluated yet run as one set of tasks (one progress stage, ``label``),
        and are recorded in the order given, as one `evaluate` after another records them:
        the same evaluations, counts and best trials."""
        n = replications or self.replications
        todo: dict[bytes, tuple[NDArray[np.float64], str]] = {}
        for z, stage in zip(zs, stages, strict=True):
            x = self._rounded(z)
            if (x.tobytes(), n) not in self._cache:
                todo.setdefault(x.tobytes(), (x, stage))
        if len(todo) > 1:
            self.progress.stage(label, n * len(todo))
            every = moments_at(self.m, self.scenario, [self.overrides(x) for x, _ in
                                                       todo.values()],
                               self.targets, n, self.seed, self.progress.advance,
                               self.replicate)
            for (x, stage), rows in zip(todo.values(), every, strict=True):
                self._record(x, rows, stage)
        return [self.evaluate(z, stage, n) for z, stage in zip(zs, stages, strict=True)]

    def _record(self, x: NDArray[np.float64], rows: NDArray[np.float64], stage: str
                ) -> Evaluation:
        """Keep the evaluation of ``rows`` at ``x``; count it and follow the best."""
        n = len(rows)
        key = (x.tobytes(), n)
        ev = Evaluation(x, rows, self.residuals_of(rows.mean(axis=0)), stage)
        self._cache[key] = ev
        self.evaluations += 1
        self.replications_run += n
        if n == self.replications and (self.best is None or ev.loss < self.best.loss):
            self.best = ev
        b = self.best_any
        if b is None or n > len(b.rows) or (n == len(b.rows) and ev.loss < b.loss):
            self.best_any = ev
        self.progress.trial(self.evaluations, ev.loss,
                            None if self.best is None else self.best.loss)
        return ev

    def noise(self, ev: Evaluation) -> NDArray[np.float64]:
        """Each fitted target's per-replication standard deviation, in weighted tolerances."""
        per = np.array([self.residuals_of(row) for row in ev.rows])
        return per.std(axis=0, ddof=1) if len(per) > 1 else np.zeros(len(self.targets))

    def steering(self, ev: Evaluation) -> NDArray[np.float64]:
        """Each free parameter's own-target deviation: weighted mean residual of its ``moves``."""
        index = {t.id: i for i, t in enumerate(self.targets)}
        g = np.empty(len(self.space.free))
        for k, p in enumerate(self.space.free):
            idx = [index[i] for i in p.moves]
            w = self.sqrt_w[idx]  # residuals carry sqrt(weight): weight them by it once more
            g[k] = float(w @ ev.residuals[idx] / w.sum()) if w.sum() > 0 else 0.0
        return g


def coarse_replications(noise: NDArray[np.float64], replications: int) -> int:
    """Return the replications of the coarse passes: enough for the noisiest target's Monte
    Carlo standard error (``noise``: per-replication standard deviations, in tolerances) to
    be at most `COARSE_NOISE` tolerances, within [max(8, R/8), R/2] (all R when R < 16)."""
    floor = max(8, math.ceil(replications * COARSE_MIN_SHARE))
    if replications < 2 * floor:
        return replications
    worst = float(np.max(noise)) if len(noise) else 0.0
    need = math.ceil((worst / COARSE_NOISE) ** 2) if math.isfinite(worst) else replications
    return min(max(need, floor), max(floor, int(replications * COARSE_MAX_SHARE)))


def _stage1(obj: Objective, z: NDArray[np.float64], lo: NDArray[np.float64],
            hi: NDArray[np.float64], history: list[Step], n: int) -> NDArray[np.float64]:
    """Return the best point of the secant fixed point (see the module docstring)."""
    ev = obj.evaluate(z, "stage 1: start", n)
    g = obj.steering(ev)
    history.append(_log("stage 1", ev, g))
    best_z, best_loss = z, ev.loss
    slope: NDArray[np.float64] | None = None
    steps = 1
    # counted here, not by the objective's evaluations: a step clipped to a bound it already
    # sits on is a cached trial, which would never end the loop
    while max(np.abs(g)) >= STAGE1_TOLERANCE and steps < STAGE1_MAX_EVALUATIONS:
        steps += 1
        if slope is None:
            # a simultaneous step of every parameter; with a diagonal Jacobian each parameter's
            # own targets give its slope. Step into the interior.
            z_new = z + np.where(z + PROBE_STEP <= hi, PROBE_STEP, -PROBE_STEP)
        else:
            move = np.where(np.abs(slope) >= MIN_SLOPE, -g / np.where(slope == 0, 1, slope), 0.0)
            z_new = np.clip(z + np.clip(move, -MAX_STEP, MAX_STEP), lo, hi)
            if np.allclose(z_new, z, rtol=0, atol=1e-9):
                break  # every step wanted is past a bound (or too flat to take)
        ev_new = obj.evaluate(z_new, f"stage 1: step {obj.evaluations}", n)
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
    steps = [JACOBIAN_STEP if z[k] + JACOBIAN_STEP <= hi[k] else -JACOBIAN_STEP
             for k in range(len(z))]
    columns = []
    for k, h in enumerate(steps):
        zk = z.copy()
        zk[k] += h
        columns.append(zk)
    # the base and the columns are known before any runs: one set of tasks, so no worker
    # waits at the end of one column for the slowest replication before the next starts
    base, *evs = obj.evaluate_all(
        [z, *columns], ["Jacobian: base", *(f"Jacobian: {name}" for name in obj.space.names)],
        f"Jacobian: {len(columns)} parameters", n)
    jac = np.empty((len(base.residuals), len(z)))
    for k, (h, ev) in enumerate(zip(steps, evs, strict=True)):
        # the step actually taken: trials are evaluated at rounded values
        step = math.log(ev.x[k] / base.x[k]) or h
        jac[:, k] = (ev.residuals - base.residuals) / step
    return jac


def _least_squares(obj: Objective, z: NDArray[np.float64], jac: NDArray[np.float64],
                   lo: NDArray[np.float64], hi: NDArray[np.float64], n: int, label: str,
                   max_nfev: int, history: list[Step], ftol: float = STAGE2_FTOL
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64], StageTwo]:
    """One pass of stage 2 over ``n`` replications; return the best point of the pass, the
    Broyden-updated Jacobian and how ``least_squares`` ended."""
    last: dict[str, NDArray[np.float64]] = {}
    best: list[Evaluation] = []

    def fun(z: NDArray[np.float64]) -> NDArray[np.float64]:
        nonlocal jac
        ev = obj.evaluate(np.asarray(z, dtype=np.float64), f"{label}: step {obj.evaluations}",
                          n)
        if "z" in last:
            # Broyden's rank-one update: the Jacobian now maps the last step exactly
            dz = np.log(ev.x) - last["z"]
            if dz @ dz > 0:
                jac = jac + np.outer(ev.residuals - last["r"] - jac @ dz, dz) / (dz @ dz)
        last["z"], last["r"] = np.log(ev.x), ev.residuals
        if not best or ev.loss < best[0].loss:
            best[:] = [ev]
        history.append(_log("stage 2", ev))
        return ev.residuals

    res = least_squares(fun, z, jac=lambda _z: jac, bounds=(lo, hi), method="trf",
                        ftol=ftol, xtol=STAGE2_XTOL, gtol=1e-8, max_nfev=max_nfev)
    ending = StageTwo(int(res.status), str(res.message), int(res.nfev), int(res.njev or 0),
                      float(res.optimality), float(2 * res.cost))
    return np.log(best[0].x), jac, ending


def fit(m: Municipality, scenario: Scenario, space: ParameterSpace, targets: Sequence[Target],
        seed: int, replications: int, progress: ProgressSink | None = None,
        replicate: Replicate = serial, warm: bool = False,
        previous: PreviousFit | None = None) -> FitResult:
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
    warm
        The start values are a previous fit of the same data: skip stage 1 and the coarse
        pass of stage 2 (the Jacobian at the start, then the polish over all replications).
    previous
        With ``warm``: that fit was converged, with the same seed and replications, and
        had this loss. The start is evaluated over all replications first; when it gives
        that loss again (to the 4 digits the file holds: the same values, data and engine
        give the same replications), the previous fit stands and the fit ends there: a
        warm re-fit of unchanged data is one evaluation, a verification. Otherwise (the
        engine or the targets changed) the Jacobian and the polish follow as for ``warm``.
    """
    if replications < 1:
        raise TrappaError(f"calibrate: replications must be at least 1, got {replications}")
    t0 = time.perf_counter()
    obj = Objective(m, scenario, space, targets, seed, replications, progress, replicate)
    try:
        return _fit(obj, space, replications, seed, t0, warm, previous if warm else None)
    except KeyboardInterrupt:
        raise obj.interrupted() from None


def _fit(obj: Objective, space: ParameterSpace, replications: int, seed: int, t0: float,
         warm: bool, previous: PreviousFit | None) -> FitResult:
    lo, hi = np.log(space.lower), np.log(space.upper)
    # trials run at rounded values: keep the start and the bounds' interior on that grid
    z0 = np.clip(np.log(space.start), lo, hi)
    history: list[Step] = []
    if previous is not None:
        ev = obj.evaluate(z0, "warm start: the previous fit", replications)
        history.append(_log("verification", ev))
        if round_sig(ev.loss, 4) == previous.loss:
            return FitResult(
                names=space.names, targets=obj.targets, start=space.start, x=ev.x, final=ev,
                replications=replications, jacobian_replications=0, seed=seed,
                history=history, stage2=StageTwo(
                    previous.status, "the previous fit's loss reproduced over all "
                    "replications; it had converged", 0, 0, math.nan, ev.loss),
                evaluations=obj.evaluations, replications_run=obj.replications_run,
                seconds=time.perf_counter() - t0, verified=True)
    # how noisy the targets are, from the start over the fewest replications the coarse
    # passes may use; that evaluation is stage 1's start when no more are needed
    floor = coarse_replications(np.zeros(0), replications)
    probe = obj.evaluate(z0, "stage 1: start", floor)
    n = coarse_replications(obj.noise(probe), replications)
    if warm:
        # the start is a previous optimum of the same data: no coarse passes, whose noise
        # could only lead away from it; the polish's first trial is the start over all
        # replications, so the fit ends at least as low as the previous one
        z2 = z0
        jac = _jacobian(obj, z0, hi, n)
    else:
        z1 = _stage1(obj, z0, lo, hi, history, n)
        jac = _jacobian(obj, z1, hi, n)
        z2, jac, ending = _least_squares(obj, z1, jac, lo, hi, n, "stage 2",
                                         STAGE2_MAX_EVALUATIONS, history)
    if warm or n < replications:
        _, jac, ending = _least_squares(obj, z2, jac, lo, hi, replications, "stage 2 (all)",
                                        POLISH_MAX_EVALUATIONS, history, POLISH_FTOL)
    best = obj.best
    if best is None:  # cannot happen: the last pass runs over all replications
        raise RuntimeError("no evaluation over all replications")
    return FitResult(
        names=space.names, targets=obj.targets, start=space.start, x=best.x, final=best,
        replications=replications, jacobian_replications=n, seed=seed, history=history,
        stage2=ending, evaluations=obj.evaluations, replications_run=obj.replications_run,
        seconds=time.perf_counter() - t0)
