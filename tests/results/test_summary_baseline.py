"""The shipped strategies' summaries equal those of the baseline commit to a relative 1e-9.

The baseline (tests/results/data/summary-baseline.parquet, its commit in
summary-baseline.json) is what the baseline commit's code wrote for the sweep
summary-baseline.toml; refresh it with ``PYTHONPATH=$PWD python
tests/results/make_summary_baseline.py [--commit C]`` after a deliberate re-baseline. The
out-of-core summary (results.comparison, DuckDB) was first checked against commit 493cc82's
pandas code (equal to 1e-9); the baseline was then refreshed once, deliberately, at 9765c0c,
the merge of issue 28, whose identity-keyed draws give each citizen other draws (equal in
distribution: benchmarks/check_distribution.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import REPO
from tests.results.make_summary_baseline import BASELINE, DEFAULT_COMMIT, RECORD, run_sweep

KEYS = ["scenario", "year", "trinn", "group", "metric"]
STATS = ["mean", "p05", "p50", "p95", "sd", "mcse", "n"]


@pytest.mark.slow
def test_shipped_summaries_equal_the_baseline(tmp_path: Path) -> None:
    baseline = pd.read_parquet(BASELINE)
    assert json.loads(RECORD.read_text(encoding="utf-8"))["commit"].startswith(DEFAULT_COMMIT)
    now = pd.read_parquet(run_sweep(REPO, tmp_path / "run"))
    assert len(now) == len(baseline)
    both = baseline.merge(now, on=KEYS, how="outer", suffixes=("_base", "_now"),
                          indicator=True, validate="one_to_one")
    only = both[both["_merge"] != "both"]
    assert only.empty, only[KEYS].head().to_string()
    assert set(baseline["scenario"]) == {"normal", "proactive", "reactive", "phased-proactive"}
    for stat in STATS:
        base = both[f"{stat}_base"].to_numpy(float)
        new = both[f"{stat}_now"].to_numpy(float)
        same = np.isclose(new, base, rtol=1e-9, atol=0.0) | (np.isnan(new) & np.isnan(base))
        assert same.all(), (stat, both.loc[~same, [*KEYS, f"{stat}_base", f"{stat}_now"]]
                            .head().to_string())
