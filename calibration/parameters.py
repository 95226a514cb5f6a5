"""The calibration's parameter space: free parameters with bounds, and the fixed ones with reasons.

Read from ``calibration/<municipality>_parameters.toml`` (format in its header). A free
parameter is either a parameter of the data files (``from = "demography.toml"``: start, bounds,
unit and source read there) or an entry scale ``entry_scale:<group|*>:<trinn|*>`` that
multiplies the entry probability of the need-group cells it matches.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from models.datafile import read_toml
from models.errors import DataFileError
from models.municipality import Municipality, is_shipped_folder

CALIBRATION_DIR = Path(__file__).parent
DATA_FILES = ("demography.toml", "parameters.toml")
ENTRY_SCALE = re.compile(r"entry_scale:(\*|[a-z][a-z_]*):(\*|\d+)\Z")
_FREE_KEYS = {"from", "start", "prior_min", "prior_max", "unit", "source", "moves"}
#: Significant digits of the values written to the fitted file (and used by the report run).
DIGITS = 6


@dataclass(frozen=True, slots=True)
class FreeParameter:
    """A parameter the fit may move within ``[prior_min, prior_max]``."""

    name: str
    start: float
    prior_min: float
    prior_max: float
    unit: str
    source: str
    origin: str                 # the file that holds start, bounds and source
    moves: tuple[str, ...]      # target ids the first stage steers it by

    def cells(self, cells: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
        """Return the need-group cells an entry scale matches (none for a named parameter)."""
        match = ENTRY_SCALE.match(self.name)
        if match is None:
            return ()
        group, trinn = match.groups()
        return tuple(c for c in cells
                     if group in ("*", c[0]) and trinn in ("*", str(c[1])))


@dataclass(frozen=True, slots=True)
class FixedParameter:
    """A data-file parameter with a prior range that the fit keeps at its value."""

    name: str
    value: float
    prior_min: float | None
    prior_max: float | None
    origin: str
    reason: str


@dataclass(frozen=True)
class ParameterSpace:
    """The free parameters (in fit order), the fixed ones, and the cells entry scales act on."""

    free: tuple[FreeParameter, ...]
    fixed: tuple[FixedParameter, ...]
    cells: tuple[tuple[str, int], ...]
    path: Path

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the free parameters, in fit order."""
        return tuple(p.name for p in self.free)

    @property
    def start(self) -> NDArray[np.float64]:
        """Start values."""
        return np.array([p.start for p in self.free])

    @property
    def lower(self) -> NDArray[np.float64]:
        """Lower bounds."""
        return np.array([p.prior_min for p in self.free])

    @property
    def upper(self) -> NDArray[np.float64]:
        """Upper bounds."""
        return np.array([p.prior_max for p in self.free])

    def with_start(self, start: Mapping[str, float]) -> ParameterSpace:
        """Return a copy with other start values (e.g. a perturbed start); checks the bounds."""
        unknown = set(start) - set(self.names)
        if unknown:
            raise DataFileError(self.path, f"unknown free parameter(s) {sorted(unknown)}")
        free = []
        for p in self.free:
            v = float(start.get(p.name, p.start))
            if not p.prior_min <= v <= p.prior_max:
                raise DataFileError(self.path, f"start {v} lies outside [{p.prior_min}, "
                                    f"{p.prior_max}]", field=p.name)
            free.append(FreeParameter(p.name, v, p.prior_min, p.prior_max, p.unit, p.source,
                                      p.origin, p.moves))
        return ParameterSpace(tuple(free), self.fixed, self.cells, self.path)

    def overrides(self, values: Sequence[float]) -> dict[str, float]:
        """Return the engine overrides of free-parameter values (the fitted layer of the
        parameters `sim.derive.derive_inputs` takes).

        Named parameters pass through; entry scales become one multiplier per matched cell,
        ``entry_scale:<group>:<trinn>``, the product of every scale matching it.
        """
        if len(values) != len(self.free):
            raise ValueError(f"expected {len(self.free)} values, got {len(values)}")
        out: dict[str, float] = {}
        cell_scale: dict[tuple[str, int], float] = {}
        for p, v in zip(self.free, values, strict=True):
            matched = p.cells(self.cells)
            if not ENTRY_SCALE.match(p.name):
                out[p.name] = float(v)
            for c in matched:
                cell_scale[c] = cell_scale.get(c, 1.0) * float(v)
        for (group, trinn), s in cell_scale.items():
            out[f"entry_scale:{group}:{trinn}"] = s
        return out

    def on_bound(self, values: Sequence[float], rel: float = 1e-3) -> list[str]:
        """Return the names of parameters at (within ``rel`` in log terms of) a bound."""
        return [p.name for p, v in zip(self.free, values, strict=True)
                if abs(math.log(v / p.prior_min)) < rel or abs(math.log(p.prior_max / v)) < rel]


#: The parameter-space file's name inside an imported municipality folder (optional).
FOLDER_PARAMETERS = "calibration_parameters.toml"
#: The space used where a municipality has none of its own.
FALLBACK = "faerder"


def parameters_path(municipality: str) -> Path:
    """Return the package's parameter-space file of a shipped municipality."""
    return CALIBRATION_DIR / f"{municipality}_parameters.toml"


def parameters_file_of(m: Municipality) -> Path:
    """Return the parameter space ``m`` is fitted in: a shipped municipality's package file,
    an imported folder's ``calibration_parameters.toml``; where there is none, Færder's.

    Færder's space fits entry scales per trinn and need group and names its free data-file
    parameters; an imported folder has the same trinn, groups and parameter names (the
    importer writes Færder's format), and start values and bounds are read from its own
    data files (``from = ...``), so the space carries over unchanged.
    """
    own = parameters_path(m.name) if is_shipped_folder(m.folder) else (
        m.folder / FOLDER_PARAMETERS)
    return own if own.is_file() else parameters_path(FALLBACK)


def round_sig(x: float, digits: int = DIGITS) -> float:
    """Round to ``digits`` significant digits (what the fitted file stores)."""
    return float(f"{x:.{digits}g}") if x != 0 and math.isfinite(x) else float(x)


def load_space(m: Municipality, path: Path | None = None) -> ParameterSpace:
    """Load and check a municipality's parameter space.

    Raises
    ------
    DataFileError
        On an unknown key or parameter, a missing field, bounds that are not ``0 < min < max``,
        a start outside its bounds, an entry scale that matches no cell, or a data-file
        parameter with a prior range that is neither free nor fixed with a reason.
    """
    path = path or parameters_file_of(m)
    if not path.is_file():
        raise DataFileError(path, f"no calibration parameter file for municipality '{m.name}'")
    data = read_toml(path)
    unknown = set(data) - {"free", "fixed"}
    if unknown:
        raise DataFileError(path, f"unknown table(s) {sorted(unknown)} (expected free, fixed)")
    cells = tuple((c.group, c.trinn) for c in m.needs.cells)
    files = {"demography.toml": m.demography, "parameters.toml": m.parameters}
    free = tuple(_free(path, name, entry, files, cells)
                 for name, entry in _tables(path, data, "free").items())
    if not free:
        raise DataFileError(path, "no free parameters", field="free")
    fixed = tuple(_fixed(path, name, entry, files)
                  for name, entry in _tables(path, data, "fixed").items())
    both = {p.name for p in free} & {p.name for p in fixed}
    if both:
        raise DataFileError(path, f"parameter(s) {sorted(both)} are both free and fixed")
    named = {p.name for p in free} | {p.name for p in fixed}
    for fname, params in files.items():
        for name, prm in params.items.items():
            if (prm.prior_min is not None or prm.prior_max is not None) and name not in named:
                raise DataFileError(path, f"{fname} gives '{name}' a prior range: list it under "
                                    "[free] or under [fixed] with a reason")
    return ParameterSpace(free, fixed, cells, path)


def _tables(path: Path, data: dict, key: str) -> dict[str, dict]:  # type: ignore[type-arg]
    tables = data.get(key, {})
    if not isinstance(tables, dict) or not all(isinstance(v, dict) for v in tables.values()):
        raise DataFileError(path, "expected one table per parameter", field=key)
    return tables


def _number(path: Path, entry: dict, key: str, name: str) -> float:  # type: ignore[type-arg]
    if key not in entry:
        raise DataFileError(path, f"missing '{key}'", field=f"{name}.{key}")
    v = entry[key]
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise DataFileError(path, f"must be a finite number, got {v!r}", field=f"{name}.{key}")
    return float(v)


def _free(path: Path, name: str, entry: dict, files: Mapping, cells: tuple  # type: ignore[type-arg]
          ) -> FreeParameter:
    unknown = set(entry) - _FREE_KEYS
    if unknown:
        raise DataFileError(path, f"unknown key(s) {sorted(unknown)}", field=f"free.{name}")
    moves = entry.get("moves", [])
    if not isinstance(moves, list) or not moves or not all(isinstance(x, str) for x in moves):
        raise DataFileError(path, "'moves' must be a non-empty list of target ids",
                            field=f"free.{name}.moves")
    if "from" in entry:
        origin = entry["from"]
        if origin not in files:
            raise DataFileError(path, f"'from' must be one of {list(DATA_FILES)}, got {origin!r}",
                                field=f"free.{name}.from")
        extra = set(entry) - {"from", "moves"}
        if extra:
            raise DataFileError(path, f"{sorted(extra)} come from {origin}; do not repeat them",
                                field=f"free.{name}")
        if name not in files[origin]:
            raise DataFileError(path, f"{origin} has no parameter '{name}'", field=f"free.{name}")
        prm = files[origin].get(name)
        if prm.prior_min is None or prm.prior_max is None:
            raise DataFileError(path, f"{origin} gives '{name}' no prior_min/prior_max",
                                field=f"free.{name}")
        start, lo, hi, unit, source = prm.value, prm.prior_min, prm.prior_max, prm.unit, prm.source
    else:
        if not ENTRY_SCALE.match(name):
            raise DataFileError(path, "a free parameter is a data-file parameter (with 'from') "
                                "or entry_scale:<group|*>:<trinn|*>", field=f"free.{name}")
        start, lo, hi = (_number(path, entry, k, name) for k in ("start", "prior_min", "prior_max"))
        for k in ("unit", "source"):
            if not isinstance(entry.get(k), str) or not entry[k]:
                raise DataFileError(path, f"missing '{k}'", field=f"free.{name}.{k}")
        unit, source, origin = entry["unit"], entry["source"], path.name
    if not 0 < lo < hi:
        raise DataFileError(path, f"bounds must satisfy 0 < prior_min < prior_max, got "
                            f"[{lo}, {hi}]", field=f"free.{name}")
    if not lo <= start <= hi:
        raise DataFileError(path, f"start {start} lies outside [{lo}, {hi}]", field=f"free.{name}")
    p = FreeParameter(name, float(start), float(lo), float(hi), str(unit), str(source),
                      str(origin), tuple(moves))
    if ENTRY_SCALE.match(name) and not p.cells(cells):
        raise DataFileError(path, "matches no need-group cell of need_groups.csv",
                            field=f"free.{name}")
    return p


def _fixed(path: Path, name: str, entry: dict, files: Mapping  # type: ignore[type-arg]
           ) -> FixedParameter:
    unknown = set(entry) - {"reason"}
    if unknown:
        raise DataFileError(path, f"unknown key(s) {sorted(unknown)}", field=f"fixed.{name}")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason:
        raise DataFileError(path, "missing 'reason'", field=f"fixed.{name}.reason")
    for fname, params in files.items():
        if name in params:
            prm = params.get(name)
            return FixedParameter(name, prm.value, prm.prior_min, prm.prior_max, fname, reason)
    raise DataFileError(path, "not a parameter of the data files", field=f"fixed.{name}")
