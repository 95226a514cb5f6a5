"""The fitted parameter file the engine uses by default: ``calibration/fitted/<municipality>.toml``.

Format::

    [meta]            # how it was fitted (method, seed, replications, loss; no date)
    [free]            # the calibration's free parameters (informative; see calibration/)
    [parameters]      # name = value: the fitted layer of the engine's parameters
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from models.datafile import read_toml
from models.errors import DataFileError
from models.layers import Layer, ParameterSet, data_layer
from models.municipality import Municipality

FITTED_DIR = Path(__file__).parent / "fitted"
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def fitted_path(municipality: str) -> Path:
    """Return the shipped fitted-parameter file of a municipality (it may not exist)."""
    return FITTED_DIR / f"{municipality}.toml"


def load_fitted(municipality: str, path: Path | None = None) -> dict[str, float]:
    """Return the fitted parameter overrides ({} when the municipality has no fitted file)."""
    path = path or fitted_path(municipality)
    if not path.is_file():
        return {}
    data = read_toml(path)
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        raise DataFileError(path, "expected a [parameters] table", field="parameters")
    out = {}
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DataFileError(path, f"must be a number, got {value!r}",
                                field=f"parameters.{name}")
        out[name] = float(value)
    return out


def fitted_hash(municipality: str, path: Path | None = None) -> str | None:
    """SHA-256 of the fitted file (None if there is none), for run manifests."""
    path = path or fitted_path(municipality)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _toml_value(v: object) -> str:
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
                 parameters: dict[str, float], header: str = "") -> None:
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
    """
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
    path = fitted_path(m.name)
    base = data_layer(m)
    if values is None:
        values = load_fitted(m.name)
        unknown = sorted(set(values) - set(base.values))
        if unknown:
            # a misspelt name would otherwise leave the parameter at its data value
            raise DataFileError(path, "unknown parameter (not in parameters.toml, "
                                "demography.toml or an entry_scale:<group>:<trinn> of "
                                "need_groups.csv)", field=f"parameters.{unknown[0]}")
    where = source or f"{path.parent.name}/{path.name} [parameters]"
    return base.with_layer(Layer.FITTED, where, values)
