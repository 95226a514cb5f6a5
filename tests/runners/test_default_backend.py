"""Without ``--backend`` a run of a few tasks runs in this process, a larger one on the
process pool (the serial backend is the reference: the tables are the same either way)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from runners.plan import Auto
from runners.sweep import DEFAULT_BACKEND, SERIAL_AT_MOST, Options, backend_for


def _plan(runs: object, scenarios: int) -> SimpleNamespace:
    return SimpleNamespace(runs=runs, n_tasks=lambda r: r * scenarios)


@pytest.mark.parametrize(("runs", "scenarios", "backend"), [
    (1, 1, "serial"),  # trappa run --runs 1
    (2, 2, "serial"),  # four tasks: SERIAL_AT_MOST
    (1, 5, "process"),
    (20, 4, "process"),  # the README's compare
])
def test_the_default_backend_follows_the_tasks(runs: int, scenarios: int, backend: str) -> None:
    assert SERIAL_AT_MOST == 4
    options = Options(backend=DEFAULT_BACKEND)
    assert backend_for(_plan(runs, scenarios), options) == backend  # type: ignore[arg-type]


def test_a_chosen_backend_or_worker_count_is_kept() -> None:
    one = _plan(1, 1)
    assert backend_for(one, Options(backend="process")) == "process"  # type: ignore[arg-type]
    assert backend_for(one, Options(backend="ray")) == "ray"  # type: ignore[arg-type]
    # --workers asks for the pool
    assert backend_for(one, Options(backend=DEFAULT_BACKEND,  # type: ignore[arg-type]
                                    workers=2)) == "process"


def test_an_automatic_number_of_runs_uses_the_pool() -> None:
    auto = _plan(Auto(precision_mnok=1.0, max_runs=4), 1)
    options = Options(backend=DEFAULT_BACKEND)
    assert backend_for(auto, options) == "process"  # type: ignore[arg-type]
