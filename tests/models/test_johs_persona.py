"""The persona Johs: the three pathways costed from their packages reproduce the seeds' table.

Expected values are the seeds' printed figures (seed 000, table "Forskjeller mellom proaktivt-,
normal- eller reaktivt forløp"), typed here from the source, not from the code.
"""

from __future__ import annotations

import pytest

from models.calculator import PersonaTable, persona_table, scale_to_population

SEED_TOTALS = {  # cost NOK, staff hours, FTE as printed
    "normal": (5_997_040, 11_938, 7.5),
    "proactive": (4_031_231, 4_482, 2.8),
    "reactive": (9_636_222, 20_566, 12.9),
}

# (age, cost, staff hours) per distinct row value, from the seeds' table.
SEED_ROWS = {
    "normal": [(73, 218_102, 455), (76, 246_432, 524), (81, 371_442, 705), (86, 1_003_466, 1_952)],
    "proactive": [(70, 118_431, 90), (80, 246_432, 220), (87, 1_003_466, 1_952)],
    "reactive": [(75, 546_666, 1_367), (76, 969_468, 2_048), (79, 579_076, 1_223)],
}


@pytest.fixture(scope="module")
def tables(faerder, staffing) -> dict[str, PersonaTable]:
    return {name: persona_table(p, faerder.packages, faerder.catalogue, staffing)
            for name, p in faerder.persona("johs").items()}


@pytest.mark.parametrize("pathway", list(SEED_TOTALS))
def test_total_cost_within_0_1_percent(tables, pathway):
    cost, _, _ = SEED_TOTALS[pathway]
    assert tables[pathway].total_cost_nok == pytest.approx(cost, rel=0.001)


@pytest.mark.parametrize("pathway", list(SEED_TOTALS))
def test_total_staff_hours_within_0_5_percent(tables, pathway):
    _, hours, _ = SEED_TOTALS[pathway]
    assert tables[pathway].total_staff_hours == pytest.approx(hours, rel=0.005)


@pytest.mark.parametrize("pathway", list(SEED_TOTALS))
def test_fte_to_one_decimal(tables, pathway):
    _, _, fte = SEED_TOTALS[pathway]
    assert round(tables[pathway].total_fte, 1) == fte


@pytest.mark.parametrize("pathway", list(SEED_ROWS))
def test_every_age_row_within_0_5_percent(tables, pathway):
    by_age = {}
    for r in tables[pathway].rows:
        by_age.setdefault(r.age, r)
    for age, cost, hours in SEED_ROWS[pathway]:
        row = by_age[age]
        assert row.cost_nok == pytest.approx(cost, rel=0.005), f"{pathway} age {age} cost"
        assert row.staff_hours == pytest.approx(hours, rel=0.005), f"{pathway} age {age} hours"


def test_every_row_of_the_table_is_checked(tables):
    # Each row in the data file carries the seeds' figure; every one must be matched.
    for t in tables.values():
        for r in t.rows:
            if r.seed_cost_nok is None:
                assert r.cost_nok == 0
                continue
            assert r.cost_nok == pytest.approx(r.seed_cost_nok, rel=0.005)
            assert r.staff_hours == pytest.approx(r.seed_staff_hours, rel=0.005)


def test_table_keeps_age_77_twice_as_the_source(tables):
    for t in tables.values():
        ages = [r.age for r in t.rows]
        assert len(ages) == 19
        assert ages.count(77) == 2
        assert ages[0] == 70
        assert ages[-1] == 87


def test_investment_is_separate_one_off(tables):
    assert tables["proactive"].investment_nok == 100_000
    assert tables["normal"].investment_nok == 0
    # the investment is not inside the running-cost total
    assert tables["proactive"].total_cost_nok == pytest.approx(4_031_231, rel=0.001)


def test_normal_row_73_is_45_minutes_a_day_of_home_nursing(tables):
    # hand calculation: 0.75 h x 7 d x 52 wk x 799 NOK = 218 127; 273 h / ATA 0.6 = 455 h
    row = tables["normal"].rows[3]
    assert row.age == 73
    assert row.cost_nok == pytest.approx(0.75 * 7 * 52 * 799)
    assert row.staff_hours == pytest.approx(0.75 * 7 * 52 / 0.6)


def test_scaling_states_method_and_is_linear_in_persons(tables):
    s = scale_to_population(tables, 684, 19)
    assert "19" in s.method
    assert "684" in s.method
    # hand calculation: 684 x ((4 031 231 + 100 000) - 5 997 040) / 19 with the model's totals
    expected = 684 * ((tables["proactive"].total_cost_nok + 100_000)
                      - tables["normal"].total_cost_nok) / 19
    assert s.annual_difference_nok["proactive"] == pytest.approx(expected)
    assert s.annual_difference_nok["normal"] == 0
    double = scale_to_population(tables, 2 * 684, 19)
    assert double.annual_difference_nok["reactive"] == pytest.approx(
        2 * s.annual_difference_nok["reactive"])
    # sign agrees with the seeds: proactive saves, reactive costs more
    assert s.annual_difference_nok["proactive"] < 0 < s.annual_difference_nok["reactive"]
