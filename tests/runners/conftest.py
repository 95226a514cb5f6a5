"""Runner fixtures: short-horizon scenarios (2024-2027) and sweep files written to tmp_path."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from results.store import read_run
from runners.plan import Plan
from runners.sweep import Options, Outcome, execute_plan
from runners.sweep_file import load_sweep
from scenarios import resolve_scenario_path

REPO = Path(__file__).resolve().parents[2]
SHORT_END = 2027
#: Tables every backend and every resumed run must reproduce exactly.
COMPARED = ("yearly", "population", "demography", "events")

DRAWS_TOML = """
[parameters.mortality_level]
dist = "normal"
mean = 1.0
sd = 0.05
lower = 0.9
upper = 1.1

[parameters."entry_scale:frail_elderly:11"]
dist = "triangular"
lower = 0.8
mode = 1.0
upper = 1.2
"""


def write_scenario(folder: Path, base: str, name: str | None = None, extra: str = "") -> Path:
    """Write a scenario overriding a shipped one's end year to `SHORT_END`."""
    path = folder / f"{name or base}.toml"
    path.write_text(f'base = "{resolve_scenario_path(base).as_posix()}"\n'
                    f'name = "{name or base}"\nend_year = {SHORT_END}\n{extra}\n',
                    encoding="utf-8")
    return path


def write_sweep(folder: Path, *, scenarios: tuple[str, ...] = ("normal", "proactive"),
                runs: int | str = 2, draws: int = 2, seed: int = 11, body: str | None = None,
                name: str = "sweep") -> Path:
    """Write short scenarios and a sweep file over them; return the sweep file."""
    for s in scenarios:
        if not (folder / f"{s}.toml").is_file():
            write_scenario(folder, s)
    listed = ", ".join(f'"{s}.toml"' for s in scenarios)
    runs_text = f'"{runs}"' if isinstance(runs, str) else str(runs)
    text = (f'name = "{name}"\nscenarios = [{listed}]\nruns = {runs_text}\nseed = {seed}\n'
            f"draws = {draws}\n" + (DRAWS_TOML if body is None else body))
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run_plan(plan: Plan, out: Path, **options: object) -> Outcome:
    """Execute a plan without plots (they are the results package's business)."""
    return execute_plan(plan, out, Options(plots=False, **options))  # type: ignore[arg-type]


def assert_same_run(a: Path, b: Path) -> None:
    """Assert two run directories hold identical tables and summaries."""
    ra, rb = read_run(a), read_run(b)
    pd.testing.assert_frame_equal(ra.yearly, rb.yearly)
    pd.testing.assert_frame_equal(ra.population, rb.population)
    pd.testing.assert_frame_equal(ra.summary, rb.summary)
    for extra in ("demography", "events"):
        pd.testing.assert_frame_equal(pd.read_parquet(a / extra), pd.read_parquet(b / extra))


#: Ray >= 2.5x enables token authentication for clusters it starts and, without a token,
#: writes one to ~/.ray/auth_token. The tests bring their own token instead, so they
#: neither touch the home directory nor depend on a token left there by someone else.
RAY_TEST_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token",
                "RAY_AUTH_TOKEN": secrets.token_hex(32)}


def cli_env() -> dict[str, str]:
    """The environment of a CLI subprocess: offline, hermetic Ray settings."""
    return {**os.environ, **RAY_TEST_ENV}


def cli(*args: str, cwd: Path | None = None, timeout: float = 300
        ) -> subprocess.CompletedProcess[str]:
    """Run ``python -m runners ARGS`` (the ``trappa`` command) and capture its output."""
    return subprocess.run([sys.executable, "-m", "runners", *args], capture_output=True,
                          text=True, cwd=cwd or REPO, timeout=timeout, check=False,
                          env=cli_env())


def run_main(*args: str) -> tuple[int, str]:
    """Run the ``trappa`` CLI in this process; return (exit status, stderr).

    Faster than a subprocess (no interpreter start, no imports), and lets tests replace
    `runners.replicate.run_one` with monkeypatch.
    """
    from runners.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            status = int(exc.code or 0)
    return status, err.getvalue()


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The serial backend's run of the standard test sweep: (sweep file, run directory)."""
    folder = tmp_path_factory.mktemp("reference")
    sweep = write_sweep(folder)
    out = folder / "serial"
    run_plan(load_sweep(sweep), out)
    return sweep, out


def session_pids(sid: int) -> set[int]:
    """PIDs (not zombies) whose session id is ``sid``: a process started in a session of its
    own and everything it started, read from /proc."""
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                out.add(int(entry))
    return out
