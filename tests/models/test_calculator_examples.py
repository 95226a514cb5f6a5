"""The calculator on the seeds' worked examples.

Bydel Nordstrand (national prices) and Vestre Toten.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.calculator import compare_alternatives, what_else
from models.package_file import load_package_file

EXAMPLES = Path(__file__).resolve().parents[2] / "models" / "examples"


@pytest.fixture(scope="module")
def nordstrand(faerder, staffing):
    pf = load_package_file(EXAMPLES / "nordstrand_calculator.toml", faerder.catalogue)
    return compare_alternatives(pf.alternatives, faerder.catalogue, staffing)


@pytest.fixture(scope="module")
def vestre_toten(faerder, staffing):
    pf = load_package_file(EXAMPLES / "vestre_toten.toml", faerder.catalogue)
    return compare_alternatives(pf.alternatives, faerder.catalogue, staffing)


def test_nordstrand_alternative_1_cost_and_staff_hours(nordstrand):
    alt1 = nordstrand[0]
    # hand calculation: 16.5 h x 52 x 219 + 10 h x 52 x 799 = 187 902 + 415 480
    assert alt1.cost_nok == pytest.approx(603_382)
    # seed 000 calculator slide prints 271 and 867 staff hours per year for the two lines
    day, nursing = alt1.lines
    assert round(day.staff_hours) == 271
    assert round(nursing.staff_hours) == 867


def test_nordstrand_what_else_column(nordstrand, faerder, staffing):
    """The calculator's 'Alternativ bruk av annen tjeneste' column for alternative 1 (seed 000).

    The slide computes with unrounded prices but prints them rounded to the krone, so each
    figure may differ by its relative price rounding (0.5 / price) plus its own print
    rounding (half a unit of the last printed digit).
    """
    col = {w.service.service: w.per_week
           for w in what_else(nordstrand[0].cost_nok, faerder.catalogue, staffing)}
    printed = {"day_activity_f10": (23.2, 0.05), "day_activity_f03": (53.1, 0.05),
               "practical_help_day": (21.3, 0.05), "home_nursing": (14.5, 0.05),
               "care_allowance": (44.9, 0.05), "respite_outside_institution": (39, 0.5),
               "gps": (143, 0.5), "medication_support": (57, 0.5)}
    for service, (value, print_half_unit) in printed.items():
        price = faerder.catalogue[service].price_nok
        tol = value * 0.5 / price + print_half_unit
        assert col[service] == pytest.approx(value, abs=tol), service


def test_vestre_toten_alternative_1_reproduces_the_seed(vestre_toten):
    alt1 = vestre_toten[0]
    assert alt1.cost_nok == pytest.approx(1_185_687)
    assert alt1.staff_hours == pytest.approx(2_275)
    assert round(alt1.fte, 1) == 1.4


def test_vestre_toten_alternative_2_lines_that_the_seeds_allow(vestre_toten):
    day, practical, _nursing, _respite = vestre_toten[1].lines
    # seed 001 prints 226 staff h for day activity (16.5 h, 3 of 4 weeks, group 1:3) and
    # 35 for practical help (1 h every other week): both follow from the listed services.
    assert round(day.staff_hours) == 226
    assert round(practical.staff_hours) == 35


def test_vestre_toten_alternative_2_documented_gap(vestre_toten):
    """Alternative 2 cannot reach the seeds' 1 181 169 NOK / 1 769 h; the gap is documented.

    Why: the seeds list the services but not the Jan-2025 (25-1) prices, so the national 23-11
    prices are used; the respite place has no price or staffing in the seeds (assumed as a
    long-term dementia place per day); and the seeds' 1 104 staff h for 15 h home nursing
    3 of 4 weeks imply an ATA of 0.53 in Vestre Toten against the national 0.6. The model's
    figures are checked against an independent hand calculation instead of being fitted.
    """
    alt2 = vestre_toten[1]
    hand_cost = (16.5 * 52 * 0.75 * 231.9 + 1 * 52 * 0.5 * 545 + 15 * 52 * 0.75 * 799
                 + 7 * 52 * 0.25 * 2749.22)
    hand_hours = (16.5 * 39 * 0.3333 / 0.95 + 26 / 0.75 + 585 / 0.6 + 91 * 5.348)
    assert alt2.cost_nok == pytest.approx(hand_cost)
    assert alt2.staff_hours == pytest.approx(hand_hours)
    seed_cost, seed_hours = 1_181_169, 1_769
    assert alt2.cost_nok < seed_cost  # 2023 national prices vs 2025 local prices
    assert abs(alt2.staff_hours / seed_hours - 1) < 0.05
    assert round(alt2.fte, 1) == 1.1  # the seeds' 1.1 FTE is reached despite the hour gap
