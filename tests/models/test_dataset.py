"""The Færder dataset: consistency of the 2024 staircase and the SSB projection with the seeds."""

from __future__ import annotations

import pytest

from models.ladder import TrinnKind


def test_twelve_trinn_costs_sum_to_about_2078_mill(faerder):
    # seeds: "2,1 milliarder fordelt"; the twelve slide totals add to 2 078 mill
    assert faerder.ladder.total_cost_2024_mnok == pytest.approx(2078, abs=0.5)
    assert [t.number for t in faerder.ladder] == list(range(1, 13))


def test_shares_match_the_slides(faerder):
    total = faerder.ladder.total_cost_2024_mnok
    printed = {1: 34.5, 2: 7.9, 3: 3.2, 4: 14.4, 7: 6.4, 9: 8.5, 10: 10.3, 11: 7.6, 12: 3.7}
    # tolerance: the share is printed to 0.1 pp (+-0.05) and computed from costs that are
    # printed to the whole mill (+-0.5 mill of 2 078 = +-0.024 pp)
    for n, share in printed.items():
        assert 100 * faerder.ladder[n].cost_2024_mnok / total == pytest.approx(share, abs=0.075)


@pytest.mark.parametrize("n", [4, 5, 6, 7, 9, 10, 11, 12])
def test_cost_per_recipient_matches_within_rounding(faerder, n):
    """cost / recipients agrees with the printed per-recipient figure, given the rounding.

    The cost is printed to the whole mill (+-0.5 mill); the per-recipient figure to 100 NOK
    (or 0.1 mill for trinn 11-12). The interval implied by the cost's rounding must contain
    the printed figure, up to its own rounding.
    """
    t = faerder.ladder[n]
    lo = (t.cost_2024_mnok - 0.5) * 1e6 / t.recipients_2024
    hi = (t.cost_2024_mnok + 0.5) * 1e6 / t.recipients_2024
    slack = 50_000 if n >= 11 else 50
    assert lo - slack <= t.per_recipient_nok <= hi + slack


def test_kinds(faerder):
    assert [t.number for t in faerder.ladder.of_kind(TrinnKind.UNIVERSAL)] == [1, 2, 3]
    assert [t.number for t in faerder.ladder.of_kind(TrinnKind.PLACE_BASED)] == [9, 10, 11, 12]


def test_ssb_projection_totals(faerder):
    p = faerder.projection
    assert [p.total(y) for y in (2024, 2025, 2030, 2040)] == [27_501, 27_728, 28_386, 29_342]
    assert p.group_of(85) == "80-89"
    assert p.group_of(110) == "90+"


def test_parameters_carry_unit_and_source(faerder):
    for name in ("hours_per_fte", "position_size", "care_fte_2023", "dementia_prevalence_2024"):
        prm = faerder.parameters.get(name)
        assert prm.unit
        assert prm.source
    assert faerder.parameters["care_fte_2023"] == 855
    assert faerder.parameters["position_size"] == 0.67


def test_hours_per_fte_consistent_with_every_printed_fte(faerder):
    # seeds: 11 938 h = 7.5, 4 482 h = 2.8, 20 566 h = 12.9 FTE;
    # Vestre Toten 2 275 h = 1.4, 1 769 h = 1.1
    hpf = faerder.parameters["hours_per_fte"]
    for hours, fte in [(11_938, 7.5), (4_482, 2.8), (20_566, 12.9), (2_275, 1.4), (1_769, 1.1)]:
        assert round(hours / hpf, 1) == fte


def test_every_price_has_unit_year_and_source(faerder):
    for s in faerder.catalogue:
        assert s.price_nok >= 0
        assert s.price_year in (2023, 2025)
        assert s.source
    hn = faerder.catalogue["home_nursing"]
    assert hn.price_nok == 799
    assert hn.staff_hours_per_unit == pytest.approx(1 / 0.6)
