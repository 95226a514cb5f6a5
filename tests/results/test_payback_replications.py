"""Per-replication payback figures against a hand calculation."""

import math

import pytest

from results.payback import replication_figures


def test_extra_cost_first_then_savings() -> None:
    # Δ cost: +10, -4, -4, -4 (mill). Cumulative: 10, 6, 2, -2: pays back in the 4th year.
    f = replication_figures([2024, 2025, 2026, 2027], [10.0, -4.0, -4.0, -4.0])
    assert f["first_saving_year"] == 2025
    assert f["payback_year"] == 2027
    assert f["saves"] == 1.0
    assert f["pays_back"] == 1.0
    pv = 10 - 4 / 1.04 - 4 / 1.04**2 - 4 / 1.04**3
    assert f["pv_d_cost_nok"] == pytest.approx(pv)


def test_never_pays_back_is_nan_not_horizon() -> None:
    # +10, -1, -1: cumulative 10, 9, 8: saves from 2025, never pays back.
    f = replication_figures([2024, 2025, 2026], [10.0, -1.0, -1.0])
    assert f["first_saving_year"] == 2025
    assert math.isnan(f["payback_year"])
    assert f["pays_back"] == 0.0
    g = replication_figures([2024, 2025], [1.0, 2.0])
    assert math.isnan(g["first_saving_year"])
    assert g["saves"] == 0.0
