"""`runners.run.canonical`: a task table in one order whatever order its rows arrived in:
scenario (the run's order, not the alphabet), draw, replication, year, trinn, group."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pandas as pd

from runners.run import canonical

SCENARIOS = ("normal", "proactive", "a-reactive")  # the run's order: not alphabetical


def _rows() -> pd.DataFrame:
    # built in the expected order: itertools.product varies the last key fastest
    keys = list(itertools.product(SCENARIOS, (0, 1), (0, 2, 1), (2024, 2025), (12, 4),
                                  ("dementia", "children", "universal")))
    df = pd.DataFrame(keys, columns=["scenario", "draw", "replication", "year", "trinn",
                                     "group"])
    df["replication"] = df["replication"].astype(np.int64)
    return df.assign(cost_nok=np.arange(len(df), dtype=float))


def test_rows_in_any_order_come_out_in_one() -> None:
    expected = _rows()
    order = [SimpleNamespace(name=n) for n in SCENARIOS]
    for seed in range(5):
        shuffled = expected.sample(frac=1.0, random_state=seed)
        out = canonical(shuffled, order)  # type: ignore[arg-type]
        # the product above is in scenario, draw, ..., group order except the replications
        # (0, 2, 1) and trinn (12, 4) and groups, which sort as numbers and text
        want = expected.sort_values(
            ["scenario", "draw", "replication", "year", "trinn", "group"],
            key=lambda c: c.map({n: i for i, n in enumerate(SCENARIOS)})
            if c.name == "scenario" else c, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(out, want)
        assert list(out.index) == list(range(len(out)))
        first, last = out.iloc[0], out.iloc[-1]
        assert tuple(first.iloc[:6]) == ("normal", 0, 0, 2024, 4, "children")
        assert tuple(last.iloc[:6]) == ("a-reactive", 1, 2, 2025, 12, "universal")
    assert canonical(expected.iloc[:0], order).empty  # type: ignore[arg-type]
