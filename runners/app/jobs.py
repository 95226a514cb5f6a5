"""A comparison running in a background thread, which the page polls.

The thread drives `engine.run_comparison`; the page reads the job's counters to draw a
progress bar and calls `Job.cancel`, which the runner notices after the next finished
replication and answers by terminating its worker processes. The job never raises: a bad
input ends it with the CLI's one-line message in ``error``. A finished job also holds what
the page shows of its comparison (`views.load_comparison`), read in the job's thread while
the page waits for its next poll, not in the script run that draws it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from runners.app import engine, views
from scenarios import Scenario


@dataclass
class Job:
    """One run: the reference (if not cached), then the strategy."""

    reference: Scenario
    strategy: Scenario
    seed: int
    runs: int
    workers: int | None = None
    phase: str = "starting"          # starting, reference, strategy, done, failed, cancelled
    done: int = 0
    result: Path | None = None
    view: views.Comparison | None = None  # what the page shows of ``result``
    ran_reference: bool = False      # False when the reference came from the cache
    error: str | None = None
    started: float = field(default_factory=time.perf_counter)
    seconds: float | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Return whether the thread is still working."""
        return self.phase in ("starting", "reference", "strategy")

    def start(self) -> Job:
        """Start the thread (a daemon: a closed app does not wait for it)."""
        self._thread = threading.Thread(target=self._run, name="trappa-app-run", daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the run to stop after the replication in progress."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread; return whether it has finished."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def fraction(self) -> float:
        """Return the share of this phase's replications done."""
        return min(1.0, self.done / self.runs) if self.runs else 0.0

    def _advance(self, n: int) -> None:
        self.done += n

    def _run(self) -> None:
        progress = engine.Progress(self._advance, self._cancel.is_set)
        try:
            # the plans and cache keys once for the whole run (each costs tenths of a second)
            keys = engine.keys_for(self.reference, self.strategy, self.seed, self.runs)
            if not engine.finished(keys.reference):
                self.phase, self.done, self.ran_reference = "reference", 0, True
                engine.run_reference(self.reference, self.seed, self.runs, progress,
                                     self.workers, keys)
            self.phase, self.done = "strategy", 0
            # the reference tasks are filled in from the cache: only the strategy's count
            self.result = engine.run_comparison(self.reference, self.strategy, self.seed,
                                                self.runs, progress, self.workers, keys)
            self.view = views.load_comparison(self.result)
            self.phase = "done"
        except engine.Cancelled:
            self.phase = "cancelled"
        except Exception as exc:  # the page shows one line, never a traceback
            self.error = engine.one_line(exc)
            self.phase = "failed"
        finally:
            self.seconds = time.perf_counter() - self.started
