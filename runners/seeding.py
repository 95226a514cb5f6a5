"""Seeds keyed by identity: replicates share random streams across scenarios and draws.

Two kinds of randomness, each from a ``numpy.random.SeedSequence`` whose entropy lists the
varying ids first and the root seed last (never ``root_seed + i``):

* a replicate's root, ``SeedSequence([replication, root_seed])``, made by the engine
  (`sim.randomness.replicate_root`). It does not depend on the scenario or the draw, so
  replicate r of every scenario and every parameter draw meets the same luck (common
  random numbers);
* a parameter draw's value, ``SeedSequence([draw, RunnerStream.PARAMETER_DRAW, root_seed],
  spawn_key=(parameter_key(name),))``. It does not depend on the scenario, so draw d has
  the same parameter values in every scenario; keying by the parameter's name (not its
  position in the file) keeps a parameter's values when others are added or removed.
"""

from __future__ import annotations

import zlib
from enum import IntEnum

import numpy as np

_UNIT = 2.0 ** -53


class RunnerStream(IntEnum):
    """Stream ids of the runner's own randomness; an enum, never ``hash(str)``.

    Kept clear of the engine's `sim.randomness.Stream` values so that a seed sequence of
    the runner can never coincide with one of the engine's.
    """

    PARAMETER_DRAW = 101


def parameter_key(name: str) -> int:
    """Return a stable 32-bit key of a parameter name (CRC-32 of its UTF-8 bytes).

    Python's ``hash(str)`` is salted per process, so it would give every worker different
    values; CRC-32 is the same everywhere.
    """
    return zlib.crc32(name.encode("utf-8"))


def draw_seed(draw: int, root_seed: int, parameter: str) -> np.random.SeedSequence:
    """Return the seed sequence of one parameter's value in one draw."""
    return np.random.SeedSequence([draw, int(RunnerStream.PARAMETER_DRAW), root_seed],
                                  spawn_key=(parameter_key(parameter),))


def draw_uniform(draw: int, root_seed: int, parameter: str) -> float:
    """Return the draw's U(0, 1) for a parameter, strictly inside (0, 1).

    A 53-bit integer plus one half, scaled, never gives 0 or 1, so inverse CDFs of
    unbounded distributions stay finite.
    """
    state = draw_seed(draw, root_seed, parameter).generate_state(1, np.uint64)[0]
    return (float(state >> np.uint64(11)) + 0.5) * _UNIT


#: How the run's seeds are made, recorded in every manifest.
SEEDING: dict[str, str] = {
    "replicate": "numpy SeedSequence([replication, seed]) (sim.randomness.replicate_root); "
                 "the same for every scenario and draw: common random numbers",
    "draw": "numpy SeedSequence([draw, 101, seed], spawn_key=(crc32(parameter name),)); "
            "one U(0,1) per parameter and draw, turned into a value by the inverse CDF; "
            "the same for every scenario",
}
