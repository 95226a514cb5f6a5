"""The comparison of a dataset several times larger than a memory limit stays under it.

A synthetic ``yearly/`` dataset is written part by part (never whole in memory), then the
comparison is computed in a subprocess with DuckDB's memory limit set; the subprocess's
peak resident memory above its own import baseline must stay far below what the rows take
in memory, so the test fails if the code loads all rows (pandas would need them all).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import REPO

SCENARIOS = ("ref", "tiltak")
YEARS = range(2024, 2041)
GROUPS = ("children", "dementia", "frail_elderly", "mental_health")
REPLICATIONS = 4_000
METRICS = ("recipients", "person_years", "cost_nok", "staff_hours", "fte", "head_count",
           "waiting", "wait_years")
#: DuckDB's memory limit, and the allowance above the import baseline (MB): DuckDB keeps
#: some buffers outside its limit, and the result and the pass in pandas come on top.
LIMIT_MB = 100
ALLOWANCE_MB = 250

_PEAK = """
import json, resource, sys
from pathlib import Path
import pandas, duckdb, pyarrow
from results import comparison
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
c = comparison.compute(Path(sys.argv[1]), memory_limit=sys.argv[2],
                       rows_per_pass=int(sys.argv[3]), temp_dir=sys.argv[4])
rows = len(c.table)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak, "rows": rows}))
"""


def _write(folder: Path) -> int:
    """Write the dataset, one (scenario, replication block) at a time; return its rows."""
    folder.mkdir()
    rng = np.random.default_rng(7)
    trinn = np.arange(1, 13)
    rows = 0
    for s_index, scenario in enumerate(SCENARIOS):
        for first in range(0, REPLICATIONS, 500):
            reps = np.arange(first, first + 500)
            grid = np.array(np.meshgrid(reps, list(YEARS), trinn, np.arange(len(GROUPS)),
                                        indexing="ij")).reshape(4, -1)
            n = grid.shape[1]
            table = {"scenario": np.full(n, scenario), "replication": grid[0],
                     "year": grid[1], "trinn": grid[2],
                     "group": np.array(GROUPS)[grid[3]]}
            for m in METRICS:
                table[m] = rng.random(n) * (1e6 if m == "cost_nok" else 10.0) * (1 + s_index)
            pq.write_table(pa.table(table), folder / f"part-{s_index}-{first:05d}.parquet")
            rows += n
    return rows


def _peak(*args: str) -> dict[str, int]:
    out = subprocess.run([sys.executable, "-c", _PEAK, *args], cwd=REPO, check=True,
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(out.stdout)


@pytest.mark.slow
def test_a_dataset_larger_than_the_limit_is_summarised_under_it(tmp_path: Path) -> None:
    rows = _write(tmp_path / "yearly")
    in_memory_mb = rows * (len(METRICS) + 5) * 8 / 2**20
    # the numbers alone are several times the limit, and well above the allowance
    assert in_memory_mb > 6 * LIMIT_MB
    assert in_memory_mb > 2.5 * ALLOWANCE_MB
    got = _peak(str(tmp_path / "yearly"), f"{LIMIT_MB}MB", "200000",
                str(tmp_path))
    # every (scenario, year, trinn, group, metric) level and more came back
    assert got["rows"] > len(SCENARIOS) * len(YEARS) * 12 * len(GROUPS) * len(METRICS)
    grown_mb = (got["peak_kb"] - got["base_kb"]) / 1024
    assert grown_mb < ALLOWANCE_MB, (f"peak grew {grown_mb:.0f} MB over the imports for a "
                                     f"dataset of {in_memory_mb:.0f} MB in memory")
