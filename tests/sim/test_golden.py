"""Every shipped scenario's tables bit for bit equal to the stored baseline (tests/sim/golden.py).

A refactoring of the engine must leave these numbers exactly as they were; a deliberate
change refreshes them with ``PYTHONPATH=$PWD python -m tests.sim.golden --refresh`` in the
commit that explains it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sim import golden


@pytest.mark.parametrize("path", golden.scenario_paths(), ids=lambda p: p.stem)
def test_scenario_tables_equal_the_golden_ones(path: Path) -> None:
    tables = golden.scenario_tables(path)
    assert set(tables) == set(golden.TABLES)
    for name, df in tables.items():
        assert len(df) > 0
        why = golden.differences(f"{path.stem}.{name}", df)
        assert why is None, f"{path.stem}.{name}: {why}"


def test_calibration_moments_equal_the_golden_ones() -> None:
    df = golden.moments_table()
    assert len(df) == 4
    why = golden.differences(golden.MOMENTS, df)
    assert why is None, why


def test_every_golden_file_belongs_to_a_shipped_scenario() -> None:
    stems = {f"{p.stem}.{t}" for p in golden.scenario_paths() for t in golden.TABLES}
    stored = {p.stem for p in golden.FOLDER.glob("*.parquet")}
    assert stored == stems | {golden.MOMENTS}
