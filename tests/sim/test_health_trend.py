"""The health trend (issue 31): need onset by age moved to older ages by years per decade.

0 is today's behaviour exactly (the golden tables, tests/sim/test_golden.py, run with it);
here: a positive shift lowers the need of pleie og omsorg in every year after the first,
more the larger the shift, and leaves the first year and the random arrivals alone.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from models.ladder import CARE_TRINN
from scenarios import ScenarioError
from sim.engine import health_shifted, run_replication

SEED = 20250212


def _care_fte(result) -> pd.Series:
    y = result.yearly
    return y[y["trinn"].isin(CARE_TRINN)].groupby("year")["fte"].sum()


def test_a_positive_shift_lowers_need_monotonically(short_inputs, short_scenarios) -> None:
    normal = short_scenarios["normal"]
    for r in (0, 1):
        runs = {h: run_replication(short_inputs, dataclasses.replace(normal, health_shift=h),
                                   r, SEED) for h in (0.0, 0.5, 2.0)}
        fte = {h: _care_fte(out) for h, out in runs.items()}
        # the first year: no shift yet, the same numbers
        assert fte[0.0].iloc[0] == fte[0.5].iloc[0] == fte[2.0].iloc[0]
        assert (fte[0.5].iloc[1:] < fte[0.0].iloc[1:]).all()
        assert (fte[2.0].iloc[1:] < fte[0.5].iloc[1:]).all()
        # common random numbers: births and migration are the same draws in every trend
        cols = ["births", "immigrants", "emigrants"]
        for h in (0.5, 2.0):
            pd.testing.assert_frame_equal(runs[h].demography[cols], runs[0.0].demography[cols])
        assert (runs[2.0].demography["dementia_onsets"].iloc[1:].sum()
                < runs[0.0].demography["dementia_onsets"].iloc[1:].sum())


def test_shifted_hazards_by_hand() -> None:
    dem = np.arange(101, dtype=float) / 1000.0            # rises 0.001 a year of age
    groups = np.minimum(np.arange(101) // 10, 9)            # ten-year age groups
    cells = np.column_stack([np.arange(10, dtype=float), np.ones(10)])
    ages = np.array([40, 67, 68, 80, 85])
    d, c = health_shifted(dem, cells, groups, ages, 1.5)
    # below 67 nothing moves; from 67 the hazard of the age 1.5 years younger, not below 67
    np.testing.assert_allclose(d, [0.040, 0.067, 0.067, 0.0785, 0.0835])
    # 80 -> 78.5: half of group 7 (age 78), half of group 7 (age 79): 7; 85 -> 83.5: 8
    np.testing.assert_allclose(c[:, 0], [4.0, 6.0, 6.0, 7.0, 8.0])
    np.testing.assert_allclose(c[:, 1], 1.0)
    d0, c0 = health_shifted(dem, cells, groups, ages, 0.0)
    np.testing.assert_array_equal(d0, dem[ages])
    np.testing.assert_array_equal(c0, cells[groups[ages]])


def test_a_scenario_sets_and_records_the_trend(short_scenarios) -> None:
    normal = short_scenarios["normal"]
    assert normal.health_shift == 0.0
    assert "health_shift" not in normal.to_dict()  # records without it stay as they were
    healthier = normal.with_overrides(health_shift=0.5)
    assert healthier.to_dict()["health_shift"] == 0.5
    assert healthier.provenance["health_shift"] == "cli"
    with pytest.raises(ScenarioError, match="years per decade"):
        normal.with_overrides(health_shift=-1.0)


def test_the_command_line_names_the_trends() -> None:
    from runners.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["compare", "--health", "healthier"]).health == (0.5,)
    assert parser.parse_args(["run", "normal", "--health", "constant"]).health == (0.0,)
    assert parser.parse_args(["run", "normal", "--health", "1.5"]).health == (1.5,)
    assert parser.parse_args(["run", "normal"]).health is None
    for bad in ("worse", "-1", "9"):
        with pytest.raises(SystemExit):
            parser.parse_args(["run", "normal", "--health", bad])


def test_a_scenario_file_sets_the_trend(tmp_path) -> None:
    from scenarios import Scenario, load_scenario, resolve_scenario_path

    base = resolve_scenario_path("normal").as_posix()
    good = tmp_path / "h.toml"
    good.write_text(f'base = "{base}"\nname = "h"\nhealth_shift = 1\n', encoding="utf-8")
    s = load_scenario(good)
    assert s.health_shift == 1.0
    assert Scenario.from_dict(s.to_dict()).health_shift == 1.0
    bad = tmp_path / "bad.toml"
    bad.write_text(f'base = "{base}"\nname = "bad"\nhealth_shift = 7\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="health_shift"):
        load_scenario(bad)
