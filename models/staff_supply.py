"""Staff supply of pleie og omsorg: the årsverk a municipality can have, year by year (issue 31).

A cohort model of the care staff by single-year age, in the unit of need (avtalte årsverk,
as the 855 of Færder 2023). The base year's supply equals the base year's need by
construction (the staff who deliver today's services), so the gap starts at zero; from it:

* the base year's head count is ``need / position size``, spread over ages by the age
  distribution (models/staff_supply.toml, or the municipality's own file);
* each year, an employee of age ``a`` retires with the age's rate (times a drawn scale;
  everyone still employed leaves before ``age_limit``) or leaves for other reasons with the
  other-leavers rate; the others are a year older on 1 January;
* hires join on 1 January of the next year at the hire ages (uniform); by default as many
  as left in the base year (the replacement level), or ``hires_rate`` x the base year's
  head count, times a drawn scale;
* available årsverk = head count x position size x (1 - absence) / (1 - base absence): the
  base year's absence is inside the base year's need, so only its change counts.

The levers of a scenario (scenarios/interventions.py: full_time_culture, sickness_absence,
later_retirement, more_hires) are paths over the years (`SupplyLevers`). Everything here is
pure and vectorised over replications (axis 0), so a comparison projects every replication
of a scenario at once. docs/staff-supply.md states each assumption and source.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models.errors import DataFileError

DEFAULT_FILE = Path(__file__).with_name("staff_supply.toml")
#: A municipality's own values (same keys), in its data folder.
MUNICIPAL_FILE = "staff_supply.toml"
#: The uncertain scalars, drawn per replication when the file says ``drawn = true``.
SCALARS = ("base_absence", "other_leavers_rate", "retirement_scale", "hires_scale",
           "lever_scale", "hires_rate", "gap_threshold", "age_limit")
#: The first age in the model (nobody younger is employed in care).
MIN_AGE = 18

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Scalar:
    """One scalar of the supply file: its point value and, if drawn, its range."""

    value: float
    lower: float | None
    upper: float | None
    drawn: bool
    unit: str
    source: str


@dataclass(frozen=True)
class SupplyData:
    """The supply file(s) read and checked: scalars, age distribution, rates, hire ages."""

    scalars: Mapping[str, Scalar]
    bands: tuple[tuple[int, int], ...]
    shares: tuple[float, ...]
    retirement_ages: tuple[int, ...]
    retirement_rates: tuple[float, ...]
    hire_min: int
    hire_max: int
    estimated: bool
    files: tuple[str, ...]

    def value(self, name: str) -> float:
        """The point value of scalar ``name``."""
        return self.scalars[name].value


@dataclass(frozen=True)
class SupplyParameters:
    """The inputs of one projection; the drawn ones are arrays over replications."""

    ages: NDArray[np.int64]          # MIN_AGE .. age_limit - 1
    stock_shares: Array               # share of the base year's staff at each age (sum 1)
    retirement: Array                 # retirement rate at each age (before the scale)
    hire_shares: Array                # share of the hires at each age (sum 1)
    position_size: float              # base year's average position size
    base_absence: float               # base year's sickness absence share
    other_leavers_rate: Array         # (R,)
    retirement_scale: Array           # (R,)
    hires_scale: Array                # (R,)
    #: hires per year per person of the base year's head count; NaN = the replacement level
    hires_rate: float = math.nan
    #: test and check mode: every year hire exactly as many as left (supply holds)
    hires_follow_exits: bool = False


@dataclass(frozen=True)
class SupplyLevers:
    """A scenario's supply levers as paths over the projection's years (index 0 = base).

    Each path has one value per year; the defaults (`no_levers`) keep the base year's.
    """

    position_size: Array      # average position size in the year
    absence: Array            # sickness absence share in the year
    retirement_shift: Array   # years by which the retirement rates move to older ages
    extra_hires: Array        # persons hired per year on top of the default


def no_levers(n_years: int, position_size: float, absence: float) -> SupplyLevers:
    """Levers that change nothing: the base year's position size and absence every year."""
    return SupplyLevers(np.full(n_years, position_size), np.full(n_years, absence),
                        np.zeros(n_years), np.zeros(n_years))


@dataclass(frozen=True)
class Projection:
    """A projection per replication (rows) and year (columns)."""

    fte: Array           # available årsverk
    persons: Array       # head count on 1 January
    per_person: Array    # årsverk one employee gives in the year, in the unit of need
    hire_unit: Array     # årsverk in the year from one extra hire per year since the base year
    exits: Array         # persons leaving during the year
    hires: Array         # persons hired during the year (joining on 1 January after it)


# --- reading ----------------------------------------------------------------------------------

def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(path, f"cannot read: {exc}") from None


def _number(path: Path, key: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise DataFileError(path, f"expected a finite number, got {v!r}", field=key)
    return float(v)


def load_supply(folder: Path | str | None = None, default: Path = DEFAULT_FILE) -> SupplyData:
    """Read the national defaults and, if ``folder`` holds one, the municipality's
    ``staff_supply.toml`` over them (key by key).

    Raises
    ------
    DataFileError
        Naming the file and key: unreadable TOML, a missing or non-numeric value, a range
        that does not hold its value, shares that are negative or do not sum to 1, bands
        that overlap or leave the model's ages, rates outside 0..1.
    """
    data = _read(default)
    files = [str(default)]
    own = None if folder is None else Path(folder) / MUNICIPAL_FILE
    if own is not None and own.is_file():
        for key, entry in _read(own).items():
            if key not in data:
                raise DataFileError(own, f"unknown key (known: {', '.join(sorted(data))})",
                                    field=key)
            data[key] = {**data[key], **entry} if isinstance(entry, dict) else entry
        files.append(str(own))
    where = Path(files[-1])
    scalars = {}
    for name in SCALARS:
        e = data.get(name)
        if not isinstance(e, dict) or "value" not in e:
            raise DataFileError(where, "missing table with value, unit, source", field=name)
        value = _number(where, f"{name}.value", e["value"])
        drawn = bool(e.get("drawn", False))
        lo = _number(where, f"{name}.lower", e["lower"]) if "lower" in e else None
        hi = _number(where, f"{name}.upper", e["upper"]) if "upper" in e else None
        if drawn and (lo is None or hi is None or not lo <= value <= hi or lo == hi):
            raise DataFileError(where, f"a drawn value needs lower <= value <= upper, lower < "
                                f"upper (got {lo}, {value}, {hi})", field=name)
        if value < 0 or (lo is not None and lo < 0):
            raise DataFileError(where, f"must be >= 0, got {value:g}", field=name)
        scalars[name] = Scalar(value, lo, hi, drawn, str(e.get("unit", "")),
                               str(e.get("source", "")))
    for name in ("base_absence", "other_leavers_rate", "gap_threshold"):
        s = scalars[name]
        if not 0 <= s.value < 1 or (s.upper is not None and s.upper >= 1):
            raise DataFileError(where, f"a share must be in 0..1 (below 1), got {s.value:g}",
                                field=name)
    age_limit = int(scalars["age_limit"].value)
    dist = data.get("age_distribution", {})
    bands = tuple((int(a), int(b)) for a, b in dist.get("bands", []))
    shares = tuple(_number(where, "age_distribution.shares", s) for s in dist.get("shares", []))
    if not bands or len(bands) != len(shares):
        raise DataFileError(where, "bands and shares must be given, one share per band",
                            field="age_distribution")
    if any(s < 0 for s in shares) or abs(sum(shares) - 1.0) > 1e-9:
        raise DataFileError(where, f"shares must be >= 0 and sum to 1, got {sum(shares):g}",
                            field="age_distribution.shares")
    for (a, b), (c, _) in zip(bands, (*bands[1:], (age_limit, 0)), strict=True):
        if not MIN_AGE <= a <= b < c <= age_limit:
            raise DataFileError(where, f"band [{a}, {b}] must lie in {MIN_AGE}..{age_limit - 1}, "
                                "ascending, without overlap", field="age_distribution.bands")
    ret = data.get("retirement_rates", {})
    r_ages = tuple(int(a) for a in ret.get("ages", []))
    r_rates = tuple(_number(where, "retirement_rates.rates", r) for r in ret.get("rates", []))
    if len(r_ages) != len(r_rates) or list(r_ages) != sorted(set(r_ages)) or any(
            not 0 <= r <= 1 for r in r_rates):
        raise DataFileError(where, "ages ascending, one rate in 0..1 per age",
                            field="retirement_rates")
    hire = data.get("hire_ages", {})
    lo_age, hi_age = int(hire.get("min", 20)), int(hire.get("max", 49))
    if not MIN_AGE <= lo_age <= hi_age < age_limit:
        raise DataFileError(where, f"need {MIN_AGE} <= min <= max < {age_limit}",
                            field="hire_ages")
    return SupplyData(scalars, bands, shares, r_ages, r_rates, lo_age, hi_age,
                      bool(dist.get("estimated", True)), tuple(files))


# --- the parameters of a projection -----------------------------------------------------------

def age_shares(bands: Sequence[tuple[int, int]], shares: Sequence[float],
               ages: NDArray[np.int64]) -> Array:
    """Spread band shares evenly over the single ages of each band."""
    out = np.zeros(len(ages))
    for (a, b), s in zip(bands, shares, strict=True):
        inside = (ages >= a) & (ages <= b)
        out[inside] = s / inside.sum()
    return out


def retirement_by_age(ages: NDArray[np.int64], listed: Sequence[int],
                      rates: Sequence[float]) -> Array:
    """Each age's rate: that of the nearest listed age at or below it (0 below the first)."""
    out = np.zeros(len(ages))
    for a, r in zip(listed, rates, strict=True):
        out[ages >= a] = r
    return out


def parameters(data: SupplyData, position_size: float,
               drawn: Mapping[str, Array] | None = None, n: int = 1) -> SupplyParameters:
    """Build a projection's parameters from the file(s): point values, or ``drawn`` values
    (name -> array over replications) where given; ``n`` replications."""
    drawn = drawn or {}
    ages = np.arange(MIN_AGE, int(data.value("age_limit")), dtype=np.int64)

    def per_rep(name: str) -> Array:
        v = drawn.get(name)
        return np.full(n, data.value(name)) if v is None else np.asarray(v, dtype=float)

    hires = data.value("hires_rate")
    hire_shares = ((ages >= data.hire_min) & (ages <= data.hire_max)).astype(float)
    return SupplyParameters(
        ages=ages, stock_shares=age_shares(data.bands, data.shares, ages),
        retirement=retirement_by_age(ages, data.retirement_ages, data.retirement_rates),
        hire_shares=hire_shares / hire_shares.sum(), position_size=position_size,
        base_absence=data.value("base_absence"),
        other_leavers_rate=per_rep("other_leavers_rate"),
        retirement_scale=per_rep("retirement_scale"), hires_scale=per_rep("hires_scale"),
        hires_rate=math.nan if hires == 0 else hires)


# --- the projection ---------------------------------------------------------------------------

def exit_shares(p: SupplyParameters, shift: float | Array) -> Array:
    """Share of each age who leave in a year (replications x ages): retirement at the
    rates moved ``shift`` years older (interpolated; one shift, or one per replication),
    times the scale, capped at 1, or other leaving; the last age before the age limit
    leaves whole."""
    reps = len(p.retirement_scale)
    shifts = np.broadcast_to(np.asarray(shift, dtype=float), (reps,))
    eff = p.ages[None, :] - shifts[:, None]
    moved = np.interp(eff.ravel(), p.ages, p.retirement, left=0.0).reshape(eff.shape)
    retire = np.minimum(1.0, p.retirement_scale[:, None] * moved)
    stay = (1.0 - retire) * (1.0 - p.other_leavers_rate)[:, None]
    stay[:, -1] = 0.0
    return 1.0 - stay


def project(base_fte: float | Array, n_years: int, p: SupplyParameters,
            levers: SupplyLevers | None = None) -> Projection:
    """Project the supply over ``n_years`` (index 0 = the base year, whose supply is
    ``base_fte``) for every replication of ``p`` (``base_fte`` a number or one per
    replication)."""
    levers = levers or no_levers(n_years, p.position_size, p.base_absence)
    reps = len(p.other_leavers_rate)
    # a lever path is one per year, or one per replication and year (a drawn effect)
    paths = {name: np.broadcast_to(np.asarray(getattr(levers, name), dtype=float),
                                   (reps, n_years))
             for name in ("position_size", "absence", "retirement_shift", "extra_hires")}
    base = np.broadcast_to(np.asarray(base_fte, dtype=float), (reps,))
    stock = np.outer(base / p.position_size, p.stock_shares)     # persons by age
    unit = np.zeros_like(stock)                                   # one extra hire a year
    out = {k: np.zeros((reps, n_years)) for k in ("persons", "exits", "hires", "unit")}
    base_exits = (stock * exit_shares(p, 0.0)).sum(axis=1)
    if math.isnan(p.hires_rate):
        default_hires = base_exits * p.hires_scale
    else:
        default_hires = base / p.position_size * p.hires_rate * p.hires_scale
    for k in range(n_years):
        out["persons"][:, k] = stock.sum(axis=1)
        out["unit"][:, k] = unit.sum(axis=1)
        leave = exit_shares(p, paths["retirement_shift"][:, k])
        exits = stock * leave
        hires = (exits.sum(axis=1) if p.hires_follow_exits
                 else default_hires + paths["extra_hires"][:, k])
        out["exits"][:, k] = exits.sum(axis=1)
        out["hires"][:, k] = hires
        stock = _age(stock - exits, hires, p.hire_shares)
        unit = _age(unit * (1.0 - leave), np.ones(reps), p.hire_shares)
    per = paths["position_size"] * (1.0 - paths["absence"]) / (1.0 - p.base_absence)
    fte = out["persons"] * per
    # the base year's supply is its need exactly (the age shares' sum may round)
    fte[:, 0] = base * (per[:, 0] / p.position_size)
    return Projection(fte=fte, persons=out["persons"], per_person=per,
                      hire_unit=out["unit"] * per, exits=out["exits"], hires=out["hires"])


def _age(stock: Array, hires: Array, hire_shares: Array) -> Array:
    """Everyone a year older on 1 January (the last age has left), plus the hires."""
    aged = np.zeros_like(stock)
    aged[:, 1:] = stock[:, :-1]
    return aged + np.outer(hires, hire_shares)


def hires_to_close(gap: Array, hire_unit: Array) -> Array:
    """Extra hires per year (from the base year on) that keep the gap at or below zero in
    every year: supply is linear in them, so it is the largest ``gap / hire_unit`` (0 if
    the gap never opens). Rows are replications, columns years."""
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.where((hire_unit > 0) & (gap > 0), gap / hire_unit, 0.0)
    return need.max(axis=1)


def first_year_over(years: Sequence[int], gap_share: Array, threshold: float) -> Array:
    """The first year the gap exceeds ``threshold`` of need, per replication (NaN: never)."""
    over = gap_share > threshold
    first = np.argmax(over, axis=1)
    return np.where(over.any(axis=1), np.asarray(years, dtype=float)[first], np.nan)


# --- a scenario's levers ----------------------------------------------------------------------

#: kind -> the key of its value in the scenario file's shape (scenarios.interventions.to_raw)
LEVER_KEYS = {"full_time_culture": "target_position_size", "sickness_absence": "reduction",
              "later_retirement": "years", "more_hires": "persons_per_year"}


def ramp_shares(raw: Mapping[str, Any], years: Sequence[int]) -> Array:
    """The share of a lever's full effect in each year (a step function from each ramp year
    on; 0 before ``start_year``), from the scenario file's shape of the lever."""
    start = int(raw["start_year"])
    steps = sorted((int(y), float(s)) for y, s in dict(raw.get("ramp") or {str(start): 1.0}
                                                      ).items())
    out = np.zeros(len(years))
    for i, year in enumerate(years):
        if year < start:
            continue
        for from_year, share in steps:
            if from_year <= year:
                out[i] = share
    return out


def lever_paths(interventions: Sequence[Mapping[str, Any]], years: Sequence[int],
                position_size: float, absence: float,
                scale: Array | None = None) -> SupplyLevers:
    """A scenario's supply levers as paths over ``years`` (its interventions in the
    scenario file's shape; the other kinds are ignored).

    Full-time culture moves the position size from the base year's towards its target by the
    ramp's share; lower sickness absence subtracts the reduction times the share (never
    below 0); later retirement moves the retirement rates the years times the share older;
    more hires adds the persons times the share. ``scale`` (one per replication: the drawn
    ``lever_scale``) multiplies every lever's effect; the paths then have a row per
    replication. A position size stays at most 1, the absence at least 0.
    """
    levers = no_levers(len(years), position_size, absence)
    paths = {"position_size": levers.position_size.copy(), "absence": levers.absence.copy(),
             "retirement_shift": levers.retirement_shift.copy(),
             "extra_hires": levers.extra_hires.copy()}
    for iv in interventions:
        kind = iv.get("kind")
        if kind not in LEVER_KEYS:
            continue
        share = ramp_shares(iv, years)
        if scale is not None:
            share = np.outer(np.asarray(scale, dtype=float), share)
        value = float(iv[LEVER_KEYS[str(kind)]])
        if kind == "full_time_culture":
            paths["position_size"] = np.minimum(
                1.0, position_size + (value - position_size) * share)
        elif kind == "sickness_absence":
            paths["absence"] = np.maximum(0.0, absence - value * share)
        elif kind == "later_retirement":
            paths["retirement_shift"] = value * share
        else:
            paths["extra_hires"] = value * share
    return SupplyLevers(**paths)
