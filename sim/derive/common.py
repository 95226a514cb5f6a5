"""What every derivation step shares: frozen results with read-only arrays, and rounding."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from numpy.typing import NDArray


def _freeze(value: Any) -> None:
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, Derived):
        return  # frozen when it was made (or unpickled): not walked again by its holder
    elif isinstance(value, tuple | list):
        for v in value:
            _freeze(v)
    elif isinstance(value, dict):
        for v in value.values():
            _freeze(v)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _freeze_fields(value)


def _freeze_fields(value: Any) -> None:
    for f in dataclasses.fields(value):
        _freeze(getattr(value, f.name))


class Derived:
    """Base of the derivation steps' frozen results: numpy arrays in them are read-only,
    also after unpickling in a worker (pickle restores arrays writeable)."""

    # Each result freezes its own fields; a result inside another froze itself when it was
    # made, so the holder does not walk it again (every step's results were walked once per
    # step above them: 37,000 calls for a compare's 20 draws, 13 % of deriving them).
    def __post_init__(self) -> None:
        _freeze_fields(self)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        _freeze_fields(self)


def largest_remainder(weights: NDArray[np.float64], total: int) -> NDArray[np.int64]:
    """Return integers proportional to ``weights`` that add up to ``total`` (Hamilton's
    method: floors, then one more to the largest remainders, ties in index order)."""
    raw = weights / weights.sum() * total if weights.sum() > 0 else np.zeros_like(weights)
    out = np.floor(raw).astype(np.int64)
    short = total - int(out.sum())
    if short > 0:
        out[np.argsort(-(raw - out), kind="stable")[:short]] += 1
    return out
