"""The command line's import graph: building the parser (``trappa --help``, argument errors)
loads none of the heavy libraries; each loads where a command uses it (issue 24)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("matplotlib", "duckdb", "ray", "streamlit", "scipy", "pandas", "numpy", "openpyxl",
         "pyarrow", "simpy")


def _loaded(code: str) -> set[str]:
    """Run ``code`` in a fresh interpreter; return the top-level packages it loaded."""
    probe = (code + "\nimport json, sys\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=120)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_building_the_parser_loads_no_heavy_library() -> None:
    loaded = _loaded("from runners.cli import build_parser\nbuild_parser()")
    assert {"runners", "argparse"} <= loaded  # the probe itself works
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_the_help_loads_no_heavy_library() -> None:
    loaded = _loaded("import contextlib, io\nfrom runners.cli import main\n"
                     "with contextlib.redirect_stdout(io.StringIO()):\n    main([])")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_the_packages_name_their_api_without_loading_it() -> None:
    """``models`` and ``scenarios`` load a public name's module when it is first used."""
    loaded = _loaded("import models, scenarios\nfrom models import TrappaError")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    loaded = _loaded("from models import load_municipality\nfrom scenarios import Scenario")
    assert "pandas" in loaded  # the names still resolve, to the real objects


def test_a_pool_worker_does_not_load_what_only_derives_inputs() -> None:
    """A run's worker unpickles the derived inputs (`sim.derive`) and runs the engine, but
    never derives: scipy.optimize and scipy.interpolate (0.2 s of CPU per worker) load
    where the derivation uses them, not with the package (issue 24)."""
    probe = ("import runners.backends.process, sim.engine, sim.derive, sys\n"
             "print(sorted(m for m in sys.modules if m.startswith('scipy.')"
             " and m.split('.')[1] in ('optimize', 'interpolate')))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    # and the derivation still finds them
    probe = ("from models.municipality import load_municipality\n"
             "from sim.derive import derive_inputs\nimport sys\n"
             "derive_inputs(load_municipality('faerder'), 2024, 2026)\n"
             "print({'scipy.optimize', 'scipy.interpolate'} <= set(sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "True"


def test_the_driver_plans_and_reads_kept_inputs_without_the_engine_or_scipy(
        tmp_path: Path) -> None:
    """A run's driver on the process backend never runs the engine: planning loads neither
    sim.engine nor scipy, and inputs kept on disk (`runners.inputs_cache`) need no scipy
    (issue 24); the first process derives them (scipy loaded), the second reads them."""
    probe = ("import runners.cli, runners.plan, runners.sweep, runners.run\n"
             "import runners.backends.process, sys\n"
             "from runners.run import prepare\n"
             "from scenarios import load_scenario, resolve_scenario_path\n"
             "prepare([load_scenario(resolve_scenario_path('normal'))], 7)\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'simpy'}),"
             " 'sim.engine' in sys.modules)")
    env = {**os.environ, "TRAPPA_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                           text=True, check=True, timeout=120, env=env)
            for _ in range(2)]
    first, second = (r.stdout.strip().splitlines()[-1] for r in runs)
    assert first == "['scipy'] False"  # derived: scipy, but not the engine
    assert second == "[] False"
