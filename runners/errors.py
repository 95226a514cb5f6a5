"""Errors of runs and sweeps: bad sweep files and options, and tasks that kept failing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from models.errors import TrappaError
from scenarios.errors import ScenarioError


class SweepError(ScenarioError):
    """A sweep file, a run option or a run directory's manifest is invalid.

    One line, as for scenario files: ``<file>, key '<dotted.key>': <problem>``, or
    ``<file>: <problem>`` when no single key is at fault.
    """


@dataclass(frozen=True)
class TaskFailure:
    """A task that failed on every attempt."""

    index: int
    scenario: str
    draw: int
    replication: int
    attempts: int
    error: str

    def describe(self) -> str:
        """Name the task and its last error on one line."""
        return (f"scenario {self.scenario}, draw {self.draw}, replication {self.replication}: "
                f"{self.error} ({self.attempts} attempts)")


class TasksFailedError(TrappaError):
    """Some tasks failed on every attempt; the others are saved in the run directory."""

    def __init__(self, failures: Sequence[TaskFailure], out: Path) -> None:
        self.failures = tuple(failures)
        self.out = out
        first = self.failures[0].describe()
        more = f" and {len(self.failures) - 1} more" if len(self.failures) > 1 else ""
        super().__init__(f"{len(self.failures)} task(s) failed: {first}{more}; the finished "
                         f"tasks are saved in {out} (rerun with --resume --out {out})")
