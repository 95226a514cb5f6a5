"""The fitted parameter file the engine uses by default (`fitted_file`):
``calibration/fitted/<municipality>.toml`` for a shipped municipality, ``<folder>/fitted.toml``
for an imported folder (a calibration never writes into the package for one).

Format::

    [meta]            # how it was fitted (method, seed, replications, loss; no date)
    [free]            # the calibration's free parameters (informative; see calibration/)
    [parameters]      # name = value: the fitted layer of the engine's parameters

A run needs it: a missing or malformed file (a value that is not a finite number, outside its
parameter's bounds, or a parameter the municipality does not have) stops the run with one
line naming the file and the key; with ``--uncalibrated`` the run goes on without it, on the
prior inputs, and says so in run.json (`calibration_for`).

A fitted file belongs to the data it was fitted on: ``[meta] municipality`` names the
folder, and ``[meta] data_sha256`` (written by `write_fitted` with ``fitted_on``) is the hash
of its data files (`data_sha256`). It is refused anywhere else: for a different hash, and
for another municipality's name (a renamed copy of the folder is not where it was fitted).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from models.datafile import path_kind, read_toml
from models.errors import DataFileError
from models.layers import Layer, ParameterSet, data_layer
from models.municipality import FILES, Municipality, is_shipped_folder
from models.parameters import out_of_range

FITTED_DIR = Path(__file__).parent / "fitted"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


#: The fitted file's name inside an imported municipality folder.
FOLDER_FITTED = "fitted.toml"


def fitted_path(municipality: str) -> Path:
    """Return the package's fitted-parameter file of a shipped municipality (it may not
    exist); `fitted_file` is the one for any loaded municipality."""
    return FITTED_DIR / f"{municipality}.toml"


def fitted_file(m: Municipality) -> Path:
    """Return the fitted file of ``m`` (it may not exist): the package's for a shipped
    municipality, ``<folder>/fitted.toml`` for an imported folder, wherever it lies (two
    folders of the same name never share a fit)."""
    return fitted_path(m.name) if is_shipped_folder(m.folder) else m.folder / FOLDER_FITTED


def load_fitted(municipality: str, path: Path | None = None) -> dict[str, float]:
    """Return the fitted parameter overrides of the ``[parameters]`` table.

    Raises
    ------
    DataFileError
        If the file is missing or not valid TOML, ``[parameters]`` is not a table, or a
        value is not a finite number (`check_fitted` checks names and bounds).
    """
    path = path or fitted_path(municipality)
    if path_kind(path) != "file":
        raise DataFileError(path, f"no fitted calibration for municipality '{municipality}' "
                            "(fit one with 'trappa calibrate', or run on the prior inputs "
                            "with --uncalibrated)")
    data = read_toml(path)
    unknown = sorted(set(data) - {"meta", "free", "parameters"})
    if unknown:
        raise DataFileError(path, "unknown table (known: meta, free, parameters)",
                            field=unknown[0])
    out = {}
    for table in ("free", "parameters"):
        params = data.get(table, {})
        if not isinstance(params, dict):
            raise DataFileError(path, f"expected a [{table}] table", field=table)
        for name, value in params.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise DataFileError(path, f"must be a number, got {value!r}",
                                    field=f"{table}.{name}")
            if table == "parameters":
                out[name] = float(value)
    if not out:
        raise DataFileError(path, "no fitted parameters", field="parameters")
    return out


def _bounds(m: Municipality, parameters_file: Path | None
            ) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]], Path | None]:
    """Return the declared bounds of the free parameters and of the engine overrides they
    give (an entry-scale cell: the product of the bounds of the scales matching it)."""
    # deferred: the parameter space reads the data files this module's callers load
    from calibration.parameters import ENTRY_SCALE, load_space, parameters_file_of

    path = parameters_file or parameters_file_of(m)
    if not path.is_file():
        return {}, {}, None
    space = load_space(m, path)
    free = {p.name: (p.prior_min, p.prior_max) for p in space.free}
    engine: dict[str, tuple[float, float]] = {}
    for p in space.free:
        if not ENTRY_SCALE.match(p.name):
            engine[p.name] = (p.prior_min, p.prior_max)
        for group, trinn in p.cells(space.cells):
            key = f"entry_scale:{group}:{trinn}"
            lo, hi = engine.get(key, (1.0, 1.0))
            engine[key] = (lo * p.prior_min, hi * p.prior_max)
    return free, engine, path


def check_fitted(m: Municipality, path: Path | None = None,
                 parameters_file: Path | None = None) -> dict[str, float]:
    """Return the fitted overrides of ``m`` after checking every value of the file.

    A ``[free]`` value must be a free parameter of the parameter space
    (calibration/<municipality>_parameters.toml) inside its ``[prior_min, prior_max]``; a
    ``[parameters]`` value must be an override the engine knows (a parameter of the data files
    or an ``entry_scale:<group>:<trinn>`` cell of need_groups.csv) inside the bounds the free
    parameters give it (values are rounded to 6 digits, hence the relative slack of 1e-6).

    Raises
    ------
    DataFileError
        Naming the fitted file and the key.
    """
    path = path or fitted_file(m)
    overrides = load_fitted(m.name, path)
    data = read_toml(path)
    check_fitted_on(m, path, data.get("meta"))
    free, engine, space_path = _bounds(m, parameters_file)
    cells = {f"entry_scale:{c.group}:{c.trinn}" for c in m.needs.cells}
    known = {*m.parameters.items, *m.demography.items, *cells}
    for table, bounds in (("free", free), ("parameters", engine)):
        for name, value in dict(data.get(table, {})).items():
            key = f"{table}.{name}"
            names = bounds if table == "free" else known
            if (table == "free" and space_path is not None and name not in names) or (
                    table == "parameters" and name not in names):
                where = space_path.name if table == "free" and space_path else m.name
                raise DataFileError(path, f"unknown parameter {name!r} (not in {where})",
                                    field=key)
            if name in bounds:
                lo, hi = bounds[name]
                if not lo * (1 - 1e-6) <= value <= hi * (1 + 1e-6):
                    raise DataFileError(path, f"{value!r} lies outside the declared bounds "
                                        f"[{lo:g}, {hi:g}]", field=key)
            elif table == "parameters":
                problem = (f"must be a number > 0, got {value!r}"
                           if name in cells and not value > 0 else out_of_range(name, value))
                if problem:
                    raise DataFileError(path, problem, field=key)
    return overrides


def data_sha256(m: Municipality) -> str:
    """SHA-256 over the municipality's data files (name and content of each of `FILES`
    present, the main projection's population.csv among them): what a fit read."""
    h = hashlib.sha256()
    for name in FILES:
        p = m.folder / name
        if p.is_file():
            h.update(f"{name}\0{hashlib.sha256(p.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def check_fitted_on(m: Municipality, path: Path, meta: object) -> None:
    """Refuse a fitted file fitted on other data than ``m``'s (see the module docstring).

    Raises
    ------
    DataFileError
        Naming the fitted file, the ``meta`` key and both municipalities or hashes.
    """
    if not isinstance(meta, dict):
        return
    recorded, name = meta.get("data_sha256"), meta.get("municipality")
    if isinstance(recorded, str) and recorded != data_sha256(m):
        raise DataFileError(path, f"fitted on other data ({name or '?'}, data SHA-256 "
                            f"{recorded[:12]}...) than {m.name}'s in {m.folder} "
                            f"({data_sha256(m)[:12]}...): refit with 'trappa calibrate "
                            "--municipality ...', or run with --uncalibrated",
                            field="meta.data_sha256")
    # the same data under another folder's name is still another folder's fit (issue 27:
    # a fitted file is refused anywhere but where it was fitted)
    if isinstance(name, str) and name != m.name:
        raise DataFileError(path, f"fitted for municipality '{name}', not '{m.name}' "
                            f"({m.folder}): refit with 'trappa calibrate', or run with "
                            "--uncalibrated", field="meta.municipality")


@dataclass(frozen=True)
class Calibration:
    """The fitted overrides a run uses, where they come from, and a warning if it runs
    without them (``--uncalibrated``)."""

    overrides: Mapping[str, float] = field(default_factory=dict)
    file: Path | None = None
    sha256: str | None = None
    warning: str | None = None
    #: what the fitted file's [meta] warnings say a run should repeat (parameters at a bound,
    #: fitted targets missed: `calibration.limits.run_warnings`)
    fit_warnings: tuple[str, ...] = ()


def calibration_for(m: Municipality, uncalibrated: bool = False,
                    path: Path | None = None) -> Calibration:
    """Return the calibration a run of ``m`` uses.

    Without ``uncalibrated`` the fitted file must be present and valid (`check_fitted`).
    With it, the run uses the prior inputs (no overrides) and carries a warning, which
    names the fitted file's problem if it has one.

    Raises
    ------
    DataFileError
        Without ``uncalibrated``: the fitted file is missing or malformed.
    """
    path = path or fitted_file(m)
    if not uncalibrated:
        overrides = check_fitted(m, path)
        return Calibration(overrides, path, fitted_hash(m.name, path),
                           fit_warnings=fitted_warnings(path))
    try:
        check_fitted(m, path)
        why = f"{path} is valid but not used"
    except DataFileError as exc:
        why = str(exc)
    return Calibration(warning=f"uncalibrated run (--uncalibrated): the prior inputs, without "
                               f"the fitted calibration ({why})")


def fitted_warnings(path: Path) -> tuple[str, ...]:
    """Return the warnings of a (checked) fitted file a run repeats in run.json: its
    parameters at a bound and fitted targets missed. A file written before the fit recorded
    warnings names the parameters at a bound in ``on_bound`` alone."""
    # deferred, as in `_bounds`: the calibration modules import this one's callers
    from calibration.limits import run_warnings

    meta = read_toml(path).get("meta", {})
    if not isinstance(meta, dict):
        return ()
    listed = meta.get("warnings")
    if isinstance(listed, list):
        return tuple(run_warnings([str(w) for w in listed]))
    bound = meta.get("on_bound")
    if isinstance(bound, str) and bound not in ("", "none"):
        return (f"fitted parameter(s) {bound} at a bound of the prior range: the model cannot "
                f"meet the targets they steer with the freedom it has ({path.name})",)
    return ()


def fitted_hash(municipality: str, path: Path | None = None) -> str | None:
    """SHA-256 of the fitted file (None if there is none), for run manifests."""
    path = path or fitted_path(municipality)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _toml_value(v: object) -> str:
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(float(v)) if isinstance(v, float) else str(v)
    # TOML basic strings share JSON's escapes for the text written here
    return json.dumps(str(v), ensure_ascii=False)


def _toml_table(name: str, items: dict[str, object]) -> list[str]:
    lines = [f"[{name}]"]
    for k, v in items.items():
        key = k if _BARE_KEY.match(k) else json.dumps(k)
        lines.append(f"{key} = {_toml_value(v)}")
    return lines


def write_fitted(path: Path, meta: dict[str, object], free: dict[str, float],
                 parameters: dict[str, float], header: str = "",
                 fitted_on: Municipality | None = None) -> None:
    """Write a fitted-parameter file atomically (a temp file renamed into place).

    Parameters
    ----------
    path
        Where to write (its folder is created).
    meta
        How it was fitted: no timestamps, so the same fit gives the same bytes.
    free
        The calibration's free parameters (``[free]``, informative).
    parameters
        What the engine reads (``[parameters]``), e.g. ``entry_scale:<group>:<trinn>``.
    header
        Comment lines for the top of the file (without ``#``).
    fitted_on
        The municipality fitted: ``[meta]`` records its name and `data_sha256`, so that
        the file is refused for other data (`check_fitted_on`).
    """
    if fitted_on is not None:
        meta = {**meta, "municipality": fitted_on.name, "data_sha256": data_sha256(fitted_on)}
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for name, items in (("meta", meta), ("free", free), ("parameters", parameters)):
        lines += ["", *_toml_table(name, dict(items))]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines).lstrip("\n") + "\n", encoding="utf-8")
    tmp.replace(path)


def fitted_layer(m: Municipality, values: dict[str, float] | None = None,
                 source: str | None = None) -> ParameterSet:
    """Return ``m``'s data layer with the fitted layer on top.

    Parameters
    ----------
    m
        The municipality.
    values
        The fitted values (a calibration trial's); the shipped fitted file's if omitted.
    source
        Where ``values`` come from (recorded with each value); the fitted file by default.
    """
    path = fitted_file(m)
    base = data_layer(m)
    if values is None:
        values = load_fitted(m.name, path)
        unknown = sorted(set(values) - set(base.values))
        if unknown:
            # a misspelt name would otherwise leave the parameter at its data value
            raise DataFileError(path, "unknown parameter (not in parameters.toml, "
                                "demography.toml or an entry_scale:<group>:<trinn> of "
                                "need_groups.csv)", field=f"parameters.{unknown[0]}")
    where = source or f"{path.parent.name}/{path.name} [parameters]"
    return base.with_layer(Layer.FITTED, where, values)
