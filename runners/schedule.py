"""Drive a backend: batches in, finished tasks streamed to disk, failures retried.

One loop for every backend. A task that raises, or whose batch is lost with a worker, is
retried (``retries`` more times, on its own); after that it is reported by name, never
dropped: `run_tasks` returns it and the caller ends the run with a non-zero status.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import pandas as pd

from runners.backends.base import Backend, Batch, BatchOutcome
from runners.errors import TaskFailure
from runners.plan import Plan
from runners.replicate import SUMMARY
from runners.stream import STREAM_TABLES

DEFAULT_RETRIES = 2
MAX_BATCH = 8


class PartSink(Protocol):
    """Where finished tasks go: a run directory (`runners.stream.StreamDir`) or memory."""

    def write_part(self, first: int, stop: int, tables: Mapping[str, pd.DataFrame]) -> None:
        """Take the tables of tasks ``first..stop-1``."""
        ...


def batch_size(remaining: int, workers: int) -> int:
    """Return the size of the next batch: a quarter of each worker's share of what remains,
    from 1 to `MAX_BATCH` tasks.

    Guided self-scheduling: early batches are big, so per-submission overhead (pickling, a
    Ray round trip) is small next to the ~1 s replications; batches shrink as the queue
    drains, so the workers finish within about one replication of each other.
    """
    return max(1, min(MAX_BATCH, -(-remaining // (4 * max(workers, 1)))))


def contiguous(indices: Sequence[int], size: int) -> list[list[int]]:
    """Split sorted indices into runs of consecutive values, each at most ``size`` long."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and runs[-1][-1] == i - 1 and len(runs[-1]) < size:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def batches(indices: Sequence[int], workers: int, size: int | None = None) -> list[list[int]]:
    """Split task indices into batches of consecutive indices (guided sizes by default)."""
    if size is not None:
        return contiguous(indices, size)
    out: list[list[int]] = []
    remaining = len(indices)
    for run in contiguous(indices, len(indices) or 1):
        while run:
            n = batch_size(remaining, workers)
            out.append(run[:n])
            run, remaining = run[n:], remaining - min(n, len(run))
    return out


def _write(stream: PartSink, outcome: BatchOutcome) -> int:
    """Write a batch's finished tasks as parts of consecutive indices; return how many."""
    for run in contiguous(list(outcome.tables), len(outcome.tables) or 1):
        # a run's tables, or the one summary table of a calibration's (runners.replicate)
        names = STREAM_TABLES if SUMMARY not in outcome.tables[run[0]] else (SUMMARY,)
        tables = {name: pd.concat([outcome.tables[i][name] for i in run], ignore_index=True)
                  for name in names}
        stream.write_part(run[0], run[-1] + 1, tables)
    return len(outcome.tables)


def run_tasks(backend: Backend, plan: Plan, pending: Sequence[int], stream: PartSink, *,
              size: int | None = None, retries: int = DEFAULT_RETRIES,
              on_done: Callable[[int], None] | None = None) -> list[TaskFailure]:
    """Run the tasks ``pending`` (indices into ``plan``) and stream them to ``stream``.

    Parameters
    ----------
    backend
        Where batches run.
    plan
        Turns an index into a task and names it in failures.
    pending
        Task indices to run; batches are ranges of consecutive indices.
    stream
        The run directory (or another sink); each finished batch is written before the
        next is awaited.
    size
        Tasks per batch (default: guided, see `batch_size`).
    retries
        Further attempts for a task that fails.
    on_done
        Called with the number of tasks just finished (for a progress bar).

    Returns
    -------
    list of TaskFailure
        Tasks that failed ``retries + 1`` times, in index order; empty when all ran.
    """
    queue: deque[Batch] = deque(tuple((i, plan.task(i)) for i in batch)
                                for batch in batches(pending, backend.workers, size))
    attempts: Counter[int] = Counter()
    failures: list[TaskFailure] = []
    while queue or backend.in_flight:
        while queue and backend.in_flight < backend.capacity:
            backend.submit(queue.popleft())
        fin = backend.next_finished()
        if fin.outcome is None:
            errors = {i: fin.lost or "lost" for i, _ in fin.batch}
        else:
            n = _write(stream, fin.outcome)
            if on_done and n:
                on_done(n)
            errors = fin.outcome.errors
        for i, error in sorted(errors.items()):
            attempts[i] += 1
            if attempts[i] <= retries:
                queue.append(((i, plan.task(i)),))  # alone: one bad task delays no other
                continue
            task = plan.task(i)
            failures.append(TaskFailure(i, plan.scenarios[task.scenario].name, task.draw,
                                        task.replication, attempts[i], error))
    return sorted(failures, key=lambda f: f.index)
