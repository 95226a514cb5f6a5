"""Parameter uncertainty: distributions of uncertain inputs and the values of each draw.

A distribution is declared per parameter in a sweep file (see docs/runners.md)::

    [parameters.mortality_level]
    dist = "normal"          # normal | lognormal | uniform | triangular
    mean = 1.0
    sd = 0.05
    lower = 0.9              # optional bounds (normal, lognormal): truncate there

Draw d of a parameter is ``F^-1(F(lower) + u (F(upper) - F(lower)))`` with ``u`` from
`runners.seeding.draw_uniform`: exact truncation, one uniform per value, no rejection loop.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from types import MappingProxyType
from typing import Any

import pandas as pd

from models.layers import ENTRY_SCALE, data_layer
from models.municipality import Municipality
from models.parameters import out_of_range
from runners.errors import SweepError
from runners.seeding import draw_uniform

#: Distribution -> (required arguments, optional arguments).
KINDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "normal": (("mean", "sd"), ("lower", "upper")),
    "lognormal": (("median", "sigma"), ("lower", "upper")),
    "uniform": (("lower", "upper"), ()),
    "triangular": (("lower", "mode", "upper"), ()),
})
#: Truncation must keep at least this probability mass, or the inverse CDF loses precision.
MIN_MASS = 1e-9


@dataclass(frozen=True)
class Distribution:
    """A validated distribution of one parameter (build it with `parse_distribution`)."""

    kind: str
    args: Mapping[str, float]
    #: what the parameter measures and where the range comes from (the default
    #: distributions of runners/uncertainty.toml carry them; a sweep file's do not)
    unit: str | None = None
    source: str | None = None

    def _cdf_inv(self) -> tuple[Any, Any]:
        """Return (cdf, inverse cdf) on the scale the bounds apply to."""
        a = self.args
        if self.kind == "normal":
            nd = NormalDist(a["mean"], a["sd"])
            return nd.cdf, nd.inv_cdf
        if self.kind == "lognormal":
            nd = NormalDist(math.log(a["median"]), a["sigma"])

            def cdf(x: float) -> float:
                return 0.0 if x <= 0 else nd.cdf(math.log(x))

            return cdf, lambda p: math.exp(nd.inv_cdf(p))
        if self.kind == "uniform":
            lo, hi = a["lower"], a["upper"]
            return (lambda x: min(max((x - lo) / (hi - lo), 0.0), 1.0),
                    lambda p: lo + p * (hi - lo))
        lo, mode, hi = a["lower"], a["mode"], a["upper"]
        c = (mode - lo) / (hi - lo)

        def tri_cdf(x: float) -> float:
            if x <= lo:
                return 0.0
            if x >= hi:
                return 1.0
            if x <= mode:
                return (x - lo) ** 2 / ((hi - lo) * (mode - lo))
            return 1.0 - (hi - x) ** 2 / ((hi - lo) * (hi - mode))

        def tri_inv(p: float) -> float:
            if p < c:
                return lo + math.sqrt(p * (hi - lo) * (mode - lo))
            return hi - math.sqrt((1.0 - p) * (hi - lo) * (hi - mode))

        return tri_cdf, tri_inv

    @property
    def bounds(self) -> tuple[float, float]:
        """Return the support after truncation, (lower, upper); infinite if unbounded."""
        lo = self.args.get("lower", 0.0 if self.kind == "lognormal" else -math.inf)
        return lo, self.args.get("upper", math.inf)

    def mass(self) -> float:
        """Return the probability the untruncated distribution gives the bounds."""
        cdf, _ = self._cdf_inv()
        lo, hi = self.bounds
        return (1.0 if hi == math.inf else cdf(hi)) - (0.0 if lo == -math.inf else cdf(lo))

    def value(self, u: float) -> float:
        """Return the value at quantile ``u`` in (0, 1) of the (truncated) distribution."""
        cdf, inv = self._cdf_inv()
        lo, hi = self.bounds
        f_lo = 0.0 if lo == -math.inf else cdf(lo)
        f_hi = 1.0 if hi == math.inf else cdf(hi)
        p = f_lo + u * (f_hi - f_lo)
        # keep p strictly inside (0, 1): inv_cdf(0) and inv_cdf(1) are infinite
        p = min(max(p, 1e-300), 1.0 - 2.0 ** -53)
        return min(max(inv(p), lo), hi)

    def to_dict(self) -> dict[str, Any]:
        """Return the file form, ``{"dist": kind, **args}`` (for the manifest), with
        ``unit`` and ``source`` when known."""
        about = {k: v for k, v in (("unit", self.unit), ("source", self.source)) if v}
        return {"dist": self.kind, **self.args, **about}


def parse_distribution(table: Any, source: Path | str, key: str) -> Distribution:
    """Validate one ``[parameters.<name>]`` table into a `Distribution`.

    Raises
    ------
    SweepError
        Naming the file and the dotted key: not a table, unknown ``dist``, a missing or
        unknown argument, a value that is not a finite number, ``sd``/``sigma`` not
        positive, ``lower >= upper``, a mode outside the bounds, bounds that leave no
        probability.
    """
    if not isinstance(table, dict):
        raise SweepError(source, f"expected a table with dist = ..., got {table!r}", key=key)
    kind = table.get("dist")
    if not isinstance(kind, str) or kind not in KINDS:
        raise SweepError(source, f"dist must be one of {', '.join(KINDS)}, got {kind!r}",
                         key=f"{key}.dist")
    required, optional = KINDS[kind]
    unknown = sorted(set(table) - {"dist", *required, *optional})
    if unknown:
        raise SweepError(source, f"unknown argument {unknown[0]!r} for a {kind} distribution "
                         f"(it takes {', '.join((*required, *optional))})",
                         key=f"{key}.{unknown[0]}")
    args: dict[str, float] = {}
    for name in (*required, *optional):
        if name not in table:
            if name in required:
                raise SweepError(source, f"missing; a {kind} distribution needs "
                                 f"{', '.join(required)}", key=f"{key}.{name}")
            continue
        v = table[name]
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise SweepError(source, f"expected a finite number, got {v!r}", key=f"{key}.{name}")
        args[name] = float(v)
    for name in ("sd", "sigma", "median"):
        if name in args and args[name] <= 0:
            raise SweepError(source, f"must be > 0, got {args[name]:g}", key=f"{key}.{name}")
    if kind == "lognormal" and args.get("lower", 0.0) < 0:
        raise SweepError(source, f"a lognormal is positive: lower must be >= 0, got "
                         f"{args['lower']:g}", key=f"{key}.lower")
    if "lower" in args and "upper" in args and not args["lower"] < args["upper"]:
        raise SweepError(source, f"lower ({args['lower']:g}) must be below upper "
                         f"({args['upper']:g})", key=f"{key}.upper")
    if kind == "triangular" and not args["lower"] <= args["mode"] <= args["upper"]:
        raise SweepError(source, f"mode {args['mode']:g} lies outside [lower, upper] = "
                         f"[{args['lower']:g}, {args['upper']:g}]", key=f"{key}.mode")
    dist = Distribution(kind, MappingProxyType(args))
    if dist.mass() < MIN_MASS:
        raise SweepError(source, "the bounds leave (almost) no probability: move them "
                         "towards the centre of the distribution", key=f"{key}.lower")
    return dist


def parameter_names(m: Municipality) -> frozenset[str]:
    """Return the names a draw layer may set for ``m`` (those of its data layer)."""
    return frozenset(data_layer(m).values)


def check_parameter_name(name: str, m: Municipality, source: Path | str, key: str) -> None:
    """Raise a `SweepError` unless ``name`` is a parameter of ``m``'s data layer.

    Checked when the sweep file is read, so that a typo names the file and key (the layered
    parameters would refuse it too, but only when the inputs are built).
    """
    known = parameter_names(m)
    if name in known:
        return
    if name.startswith(f"{ENTRY_SCALE}:"):
        cells = sorted(n.removeprefix(f"{ENTRY_SCALE}:") for n in known
                       if n.startswith(f"{ENTRY_SCALE}:"))
        raise SweepError(source, f"no need-group cell {name.removeprefix(ENTRY_SCALE + ':')!r} "
                         f"in {m.name} (cells: {', '.join(cells)})", key=key)
    plain = sorted(n for n in known if not n.startswith(f"{ENTRY_SCALE}:"))
    raise SweepError(source, f"unknown parameter {name!r} (known: {', '.join(plain)}, "
                     f"or {ENTRY_SCALE}:<group>:<trinn>)", key=key)


def draw_values(distributions: Mapping[str, Distribution], draws: int,
                root_seed: int) -> tuple[dict[str, float], ...]:
    """Return the parameter values of draws ``0..draws-1`` (name -> value per draw).

    Each value depends only on (draw, parameter name, root seed), never on the scenario
    or on how many draws are asked for. Without distributions every draw is ``{}``: the
    calibrated inputs.
    """
    return tuple({name: dist.value(draw_uniform(d, root_seed, name))
                  for name, dist in sorted(distributions.items())}
                 for d in range(draws))


def check_draws(values: Sequence[Mapping[str, float]], source: Path | str) -> None:
    """Refuse a draw whose value its parameter cannot take (`models.parameters.out_of_range`;
    an entry scale must be > 0), blaming the distribution in the sweep file that drew it.

    Raises
    ------
    SweepError
        Naming ``parameters.<name>`` and the first draw out of range.
    """
    for d, draw in enumerate(values):
        for name, value in draw.items():
            if name.startswith(f"{ENTRY_SCALE}:"):
                problem = None if value > 0 else f"must be > 0, got {value:g}"
            else:
                problem = out_of_range(name, value)
            if problem:
                raise SweepError(source, f"draw {d}: {problem} (bound the distribution with "
                                 "lower/upper inside the parameter's range)",
                                 key=f"parameters.{name}")


def draws_frame(values: Sequence[Mapping[str, float]]) -> pd.DataFrame:
    """Return the draws as a table: ``draw`` and one column per parameter."""
    names = sorted({n for v in values for n in v})
    return pd.DataFrame({"draw": pd.Series(range(len(values)), dtype="int64"),
                         **{n: [float(v[n]) for v in values] for n in names}})
