"""The journeys of citizens with a need, each written once as the story it models.

A journey is a generator that tells its story step by step and leaves time to its driver
(sim/citizens.py): it yields what happens next and is sent back when it has happened.

- ``("wait", stage index)``: the citizen needs a place in a trinn whose places are limited;
  the driver sends the time the place was granted, or None if death or the horizon came
  first (the journey ends).
- ``("stay", stage index, start, end, going)``: a stay from ``start`` to ``end``; the
  driver sends ``(clock, going)``: the time it ended and who is still on the journey.

The same journey runs for one citizen in a SimPy process (Python floats: `SCALAR`) when the
citizen may have to wait for a place, and for all citizens at once with numpy arrays
(`VECTOR`) when nobody waits, so it is known in full when it starts and costs no SimPy
event. The arithmetic is the same operations in the same order in both (``clock + (end -
clock)`` is how SimPy's clock advances by a timeout of ``end - clock``), so the records are
bit for bit the same whichever driver runs a journey.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Generator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.derive import NO_ITEM, StageSpec

#: a journey's steps (see the module docstring) and what it is sent back
Step = tuple[Any, ...]
Journey = Generator[Step, Any, None]


@dataclass(frozen=True)
class Ops:
    """The few operations whose spelling differs between one citizen (floats) and many
    (arrays): everything else in a journey is written with operators both have."""

    minimum: Callable[[Any, Any], Any]
    any: Callable[[Any], bool]


SCALAR = Ops(min, bool)
VECTOR = Ops(np.minimum, np.any)


def dementia_journey(ops: Ops, stages: tuple[StageSpec, ...], lengths: Sequence[Any] | NDArray,
                     clock: Any, deadline: Any, limited: Container[int] = ()) -> Journey:
    """A dementia pathway: the stages in order, each for its drawn length, the last until
    death; it ends at death or the horizon (``deadline``, the earlier of the two).

    ``lengths[i]`` is stage i's (already scaled and drawn) length, whose first may be the
    remainder of a case under way; ``clock`` the case's onset. A stage with a package in a
    trinn whose places are ``limited`` is entered when a place is granted.
    """
    last = len(stages) - 1
    going: Any = True
    for i, stage in enumerate(stages):
        going = going & (clock < deadline)
        if not ops.any(going):
            return
        if stage.trinn in limited and stage.item != NO_ITEM:
            clock = yield ("wait", i)
            if clock is None:
                return
        end = deadline if i == last else ops.minimum(clock + lengths[i], deadline)
        clock, going = yield ("stay", i, clock, end, going)


def episode_journey(ops: Ops, entry: Any, duration: Any, death: Any, horizon: float,
                    limited: bool) -> Journey:
    """An episode: from ``entry`` (or when a place is granted, if its trinn's places are
    ``limited``), a stay of ``duration`` or until death, cut at the horizon."""
    if limited:
        entry = yield ("wait", 0)
        if entry is None:
            return
    end = ops.minimum(ops.minimum(entry + duration, death), horizon)
    yield ("stay", 0, entry, end, True)
