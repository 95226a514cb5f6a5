"""The engine's numbers do not depend on which SIMD kernels NumPy picks for the CPU.

NumPy's ``np.log``/``np.exp`` on a CPU with AVX-512 differ from the C library's in the last
bit for some inputs; the golden tables (made on a CPU without it) then failed on one with it
(relative differences of 4e-15 in every yearly table). `models.libm` computes them with the
C library's scalar functions; these tests hold that: the functions equal Python's ``math``
(which calls the same C library), and a replication made with every run-time dispatched
kernel of NumPy switched off equals one made with them on.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from models import libm
from tests.sim import golden

REPO = Path(__file__).resolve().parents[2]


def test_log_and_exp_are_the_c_library_s() -> None:
    u = np.random.default_rng(7).random(20_000) + 2.0 ** -53  # the engine's uniforms, (0, 1]
    assert libm.log(u).tolist() == [math.log(x) for x in u.tolist()]
    x = np.linspace(-40.0, 5.0, 5_001)
    assert libm.exp(x).tolist() == [math.exp(v) for v in x.tolist()]
    # shapes and plain sequences as NumPy's functions take them
    assert libm.exp([[0.0, 1.0], [2.0, -1.0]]).shape == (2, 2)
    assert libm.log([1.0, math.e]).tolist() == [0.0, 1.0]
    assert libm.exp(np.zeros((0,))).shape == (0,)


def _dispatched_features() -> list[str]:
    """The features NumPy's kernels are chosen by at run time that this CPU has."""
    umath = np._core._multiarray_umath  # type: ignore[attr-defined]
    return [f for f in getattr(umath, "__cpu_dispatch__", [])
            if umath.__cpu_features__.get(f)]


@pytest.mark.slow
def test_a_replication_is_the_same_with_numpys_cpu_kernels_off(tmp_path: Path) -> None:
    features = _dispatched_features()
    if not features:
        pytest.skip("NumPy dispatches no kernel by CPU here: nothing to switch off")
    path = golden.scenario_paths()[0]
    out = tmp_path / "tables"
    code = ("import sys, pathlib; from tests.sim import golden; "
            "out = pathlib.Path(sys.argv[2]); out.mkdir(); "
            "[df.to_parquet(out / f'{n}.parquet') for n, df in "
            "golden.scenario_tables(pathlib.Path(sys.argv[1])).items()]")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NPY_DISABLE_CPU_FEATURES": " ".join(features)}
    subprocess.run([sys.executable, "-c", code, str(path), str(out)], cwd=REPO, env=env,
                   check=True)
    here = golden.scenario_tables(path)
    for name, df in here.items():
        pd.testing.assert_frame_equal(df, pd.read_parquet(out / f"{name}.parquet"),
                                      check_exact=True)
