"""What every backend shares: a batch of tasks, the worker function, and the protocol.

A backend runs batches of tasks somewhere (this process, worker processes, a Ray
cluster) and hands back each batch as it finishes, in any order. Retries, streaming to
disk and progress live in `runners.schedule`, once for all backends.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from runners import replicate
from runners.replicate import Shared, Task

#: A batch: (task index, task) pairs of one submission.
Batch = tuple[tuple[int, Task], ...]


@dataclass(frozen=True)
class BatchOutcome:
    """A batch's results: tables of the tasks that ran, errors of those that raised."""

    tables: dict[int, dict[str, pd.DataFrame]]
    errors: dict[int, str]


def describe(exc: BaseException) -> str:
    """Return an exception as one line: type, message and where it was raised."""
    text = str(exc).strip().splitlines()
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    at = f" at {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno}" if where else ""
    return f"{type(exc).__name__}: {text[0] if text else ''}{at}".strip()


def run_batch(batch: Batch, shared: Shared) -> BatchOutcome:
    """Run each task of a batch with `runners.replicate.run_one`; pure apart from time.

    A task that raises is recorded, not fatal to its batch: the others' results still
    arrive, and the scheduler retries only the task that failed.
    """
    tables: dict[int, dict[str, pd.DataFrame]] = {}
    errors: dict[int, str] = {}
    for index, task in batch:
        try:
            # looked up on the module at call time, so tests can replace run_one
            tables[index] = replicate.run_one(task, shared)
        except Exception as exc:  # any task error is reported by name, never dropped
            errors[index] = describe(exc)
    return BatchOutcome(tables, errors)


@dataclass(frozen=True)
class Finished:
    """A batch handed back: its outcome, or why the whole batch was lost."""

    batch: Batch
    outcome: BatchOutcome | None
    lost: str | None = None


class Backend(Protocol):
    """Runs batches; at most ``capacity`` of them are kept in flight by the scheduler."""

    name: str
    workers: int
    capacity: int

    @property
    def in_flight(self) -> int:
        """Return the batches submitted and not yet handed back."""
        ...

    def submit(self, batch: Batch) -> None:
        """Start a batch."""
        ...

    def set_shared(self, shared: Shared) -> None:
        """Run the batches submitted from now on with ``shared`` (none may be in flight).

        For callers whose inputs change between rounds on the same workers (calibration:
        one set of inputs per parameter vector).
        """
        ...

    def next_finished(self) -> Finished:
        """Block until a batch finishes and return it."""
        ...

    def close(self, *, abort: bool = False) -> None:
        """Release workers; with ``abort`` stop running batches instead of waiting."""
        ...
