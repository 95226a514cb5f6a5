"""Sizes a run can have: refused up front, with an estimate of memory and time, if too big.

A run holds its finished tables in memory once (to sort and summarise them), so rows x bytes
must fit in the machine's memory; a plan far beyond that once hung silently while drawing its
parameters (``draws = 1000000000000``) or died with ``MemoryError`` after creating its folder.
"""

from __future__ import annotations

import os

from runners.errors import SweepError

#: Bytes one task adds to the finished tables per simulated year: 12.9 kB measured (yearly,
#: population, demography and events tables of Færder, 2 replications of 2024-2026), times 3
#: for the copies made while the tables are sorted and summarised.
BYTES_PER_TASK_YEAR = 40_000
#: Seconds one task takes per simulated year on one core (README: 0.56 s per 17-year
#: replication).
SECONDS_PER_TASK_YEAR = 0.033
#: Most tasks of one run: part files are numbered by task index, and beyond this no machine
#: trappa targets holds the tables.
MAX_TASKS = 10_000_000
#: Share of physical memory a run's tables may take.
MEMORY_SHARE = 0.5
#: The cap of ``--runs auto`` (replications per scenario) unless one is given.
DEFAULT_MAX_RUNS = 200


def physical_memory() -> int | None:
    """Return the machine's physical memory in bytes (None where it cannot be told)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _human(n: float, units: tuple[str, ...], step: float) -> str:
    for unit in units[:-1]:
        if abs(n) < step:
            return f"{n:.3g} {unit}"
        n /= step
    return f"{n:.3g} {units[-1]}"


def estimate(tasks: int, years: int) -> tuple[float, float]:
    """Return (bytes of the finished tables, seconds on one core) of ``tasks`` tasks."""
    return tasks * years * BYTES_PER_TASK_YEAR, tasks * years * SECONDS_PER_TASK_YEAR


def check_tasks(tasks: int, years: int, source: str, key: str) -> None:
    """Refuse ``tasks`` tasks of ``years`` simulated years if their tables cannot fit.

    Raises
    ------
    SweepError
        One line naming ``source`` and ``key``, with the estimated memory and time.
    """
    memory, seconds = estimate(tasks, years)
    limit = physical_memory()
    allowed = MAX_TASKS if limit is None else min(
        MAX_TASKS, int(limit * MEMORY_SHARE // (years * BYTES_PER_TASK_YEAR)))
    if tasks <= max(allowed, 1):
        return
    days = seconds / 86400
    time_text = (f"{days / 365.25:.3g} years" if days >= 365.25 else f"{days:.3g} days"
                 if days >= 1 else _human(seconds, ("s", "min"), 60.0))
    mem_text = _human(memory, ("B", "kB", "MB", "GB", "TB", "PB", "EB"), 1000.0)
    from results.formatting import number

    # the message is English, like every error line: numbers in English format
    raise SweepError(source, f"{number(tasks, 0, 'en')} tasks of {years} years would need "
                     f"about {mem_text} of memory and {time_text} on one core; this machine "
                     f"allows at most {number(allowed, 0, 'en')} tasks (lower it)", key=key)


def check_size(plan: object) -> None:
    """Refuse a `runners.plan.Plan` whose tables cannot fit (``--runs``, draws, max_runs).

    The blame goes to what set the size: the sweep file, the scenario file's
    ``replications`` or the command line.
    """
    from runners.plan import Auto, Plan

    assert isinstance(plan, Plan)
    first = plan.scenarios[0]
    years = first.end_year - first.start_year + 1
    auto = isinstance(plan.runs, Auto)
    runs = plan.runs.max_runs if isinstance(plan.runs, Auto) else plan.runs
    if plan.sweep_file is not None:
        source, key = plan.sweep_file, "max_runs" if auto else "runs"
    elif first.provenance.get("replications") == "cli":
        source, key = "command line", "--max-runs" if auto else "--runs"
    else:
        source, key = first.source_of("replications"), "replications"
    check_tasks(plan.n_tasks(runs), years, source, key)
