"""The fitted parameter file the engine uses by default: ``calibration/fitted/<municipality>.toml``.

Format::

    [meta]            # how it was fitted (method, seed, replications, loss, date)
    [parameters]      # name = value, passed to sim.inputs.build_inputs as overrides
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from models.datafile import read_toml
from models.errors import DataFileError

FITTED_DIR = Path(__file__).parent / "fitted"


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
