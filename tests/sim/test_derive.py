"""Each derivation step of sim/derive against a hand calculation on a tiny synthetic
municipality (a few age groups, in-memory objects); the expected numbers are worked out in
the comments and formulas here, never taken from the code's output."""

from __future__ import annotations

import math
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from models.demography import AgeGroup, Projection
from models.ladder import Trinn, TrinnKind
from models.layers import Layer, ParameterSet, Sourced
from models.needs import GroupTrinn, Needs
from models.personas import Investment, PathwayYear, PersonaPathway
from models.prices import Catalogue, PriceUnit, Service
from sim.derive import costing, dementia, demography, entry
from sim.derive.costing import PackageItems
from sim.derive.dementia import NO_ITEM, StageSpec
from sim.lifetable import TERMINAL_HAZARD, cumulative, hazards


def params(**values: float) -> ParameterSet:
    return ParameterSet(MappingProxyType({k: Sourced(float(v), "unit", Layer.DATA, f"test {k}")
                                          for k, v in values.items()}))


MORTALITY = {"mortality_makeham": 0.01, "mortality_gompertz_b": 0.0,
             "mortality_gompertz_c": 0.0, "mortality_level": 2.0}


def projection(groups: list[tuple[str, int, int]], persons: dict[int, list[int]]) -> Projection:
    gs = tuple(AgeGroup(*g) for g in groups)
    return Projection(gs, tuple(sorted(persons)),
                      {(g.label, y): n[j] for y, n in persons.items() for j, g in enumerate(gs)})


# -- demography ---------------------------------------------------------------------------
def test_life_table_by_hand() -> None:
    lt = demography.life_table(params(max_age=3, **MORTALITY))
    # level x (A + B e^{ca}) = 2 x 0.01 at every age; the last age is terminal
    assert lt.mu.tolist() == pytest.approx([0.02, 0.02, 0.02, TERMINAL_HAZARD])
    assert lt.cum.tolist() == pytest.approx([0, 0.02, 0.04, 0.06, 50.06])
    assert "max_age" in lt.sources["max_age"]


def test_single_ages_even_within_young_groups() -> None:
    proj = projection([("0-1", 0, 1), ("2-3", 2, 3)], {2024: [5, 3]})
    lt = demography.life_table(params(max_age=3, **MORTALITY))
    ages = demography.single_ages(proj, lt, 2024)
    # 5 over ages 0, 1: 2.5 each -> floors 2, 2, the one left to the first (tie in order);
    # 3 over 2, 3: 1.5 each -> 2, 1
    assert ages.initial.tolist() == [3, 2, 2, 1]
    assert ages.initial_ages.tolist() == [0, 0, 0, 1, 1, 2, 2, 3]
    assert ages.age_group_of.tolist() == [0, 0, 1, 1]
    assert ages.weights[0].tolist() == [0.5, 0.5, 0, 0]
    with pytest.raises(ValueError, match="start year 2023"):
        demography.single_ages(proj, lt, 2023)


def test_single_ages_by_survival_from_67() -> None:
    proj = projection([("0-66", 0, 66), ("67+", 67, 70)], {2024: [67, 100]})
    lt = demography.life_table(params(max_age=70, mortality_makeham=0.1, mortality_gompertz_b=0,
                                      mortality_gompertz_c=0, mortality_level=1))
    ages = demography.single_ages(proj, lt, 2024)
    # survival from 67 at hazard 0.1: 1, e^-0.1, e^-0.2, e^-0.3 (normalised)
    s = np.exp(-0.1 * np.arange(4))
    assert ages.weights[1, 67:].tolist() == pytest.approx((s / s.sum()).tolist())
    assert ages.initial[67:].sum() == 100
    assert ages.initial[:67].tolist() == [1] * 67


def test_ssb_targets_two_anchors_geometric_and_extrapolated() -> None:
    proj = projection([("all", 0, 1)], {2024: [100], 2026: [121]})
    out = demography.ssb_targets(proj, range(2025, 2028))
    # two anchors: the monotone cubic on log persons is a straight line, so 100 -> 121 in
    # two years is 10 % a year: 110 in 2025, 121, then 133.1 in 2027 at the end's rate
    assert out[:, 0].tolist() == pytest.approx([110.0, 121.0, 133.1])


def test_net_migration_meets_ssb() -> None:
    proj = projection([("0-1", 0, 1)], {2024: [10], 2025: [10], 2026: [10]})
    lt = demography.life_table(params(max_age=1, mortality_makeham=0.02, mortality_gompertz_b=0,
                                      mortality_gompertz_c=0, mortality_level=1))
    ages = demography.single_ages(proj, lt, 2024)
    flows = demography.net_migration(proj, lt, ages, params(birth_rate_per_adult=0.5),
                                     range(2024, 2026))
    # nobody is 18-49, so no births; 5 of age 0 survive to age 1 (the 5 of age 1 die at the
    # terminal age): 10 - 5 e^-0.02 arrive, half at each age; then those of age 0 age
    d1 = 10 - 5 * math.exp(-0.02)
    d2 = 10 - d1 / 2 * math.exp(-0.02)
    assert flows.net[:, 0].tolist() == [round(d1), round(d2)]
    assert flows.birth_rate_per_adult == 0.5
    assert flows.sources["birth_rate_per_adult"] == "data: test birth_rate_per_adult"


# -- dementia -----------------------------------------------------------------------------
NEEDS = Needs((), {}, ((0, 1, 0.0), (2, 2, 0.1), (3, 3, 0.2)))


def test_prevalence_scaled_by_hand() -> None:
    # anchors: band 2-2 at 2.0, the top band at 3 + 2 = 5; at age 3 log-linear a third of
    # the way from 0.1 to 0.2
    p2, p3 = 0.1, 0.1 * 2 ** (1 / 3)
    assert dementia.smooth_prevalence(NEEDS, 3).tolist() == pytest.approx([0, 0, p2, p3])
    initial = np.array([10, 10, 10, 10])
    prev = dementia.prevalence(NEEDS, initial, params(dementia_prevalence_2024=3))
    k = 3 / (10 * (p2 + p3))
    assert prev.prevalent == 3
    assert prev.weight.tolist() == pytest.approx([0, 0, k * p2, k * p3])


def test_prevalence_is_capped() -> None:
    prev = dementia.prevalence(NEEDS, np.array([10, 10, 10, 10]),
                               params(dementia_prevalence_2024=30))
    # 30 cases among 20 inhabitants aged 2-3: both ages hit the cap
    assert prev.weight.tolist() == [0, 0, dementia.PREVALENCE_CAP, dementia.PREVALENCE_CAP]


def test_year_of_age_without_excess_mortality_is_the_rise_of_prevalence() -> None:
    # hazard ratio 1: everyone dies at the life table's hazard, and the cases at a + 1 are
    # the cases at a plus the onsets: i = (P(a+1) - P(a)) / (1 - P(a))
    i, m0, m1 = dementia.year_of_age(0.1, 0.2, 0.05, 1.0)
    assert (i, m0, m1) == pytest.approx(((0.2 - 0.1) / 0.9, 0.05, 0.05))


def test_year_of_age_meets_prevalence_and_life_table_by_hand() -> None:
    p, q, mu, hr = 0.2, 0.3, 0.1, 3.0
    i, m0, m1 = dementia.year_of_age(p, q, mu, hr)
    assert m1 == pytest.approx(hr * m0)
    assert m0 < mu < m1
    # onset at a uniform time u: alive at the year's end with exp(-m0 u - m1 (1 - u))
    g = (math.exp(-m0) - math.exp(-m1)) / (m1 - m0)
    cases = p * math.exp(-m1) + (1 - p) * i * g
    free = (1 - p) * (1 - i) * math.exp(-m0)
    assert cases + free == pytest.approx(math.exp(-mu), rel=1e-12)
    assert cases / (cases + free) == pytest.approx(q, rel=1e-12)


def test_hazard_ratio_log_linear_between_anchor_ages() -> None:
    hr = dementia.hazard_ratio(100, params(dementia_mortality_hr_70=8, dementia_mortality_hr_90=2))
    assert hr[60] == hr[70] == pytest.approx(8)
    assert hr[80] == pytest.approx(4)          # geometric midpoint of 8 and 2
    assert hr[90] == hr[100] == pytest.approx(2)


def test_elapsed_cdf_by_hand() -> None:
    cum, cum_case = cumulative(np.full(4, 0.1)), cumulative(np.full(4, 0.3))
    weight = np.array([0.1, 0.2, 0.0, 0.0])
    cdf = dementia.elapsed_cdf(np.array([0.2, 0.5, 0.0, 0.0]), weight, cum, cum_case)
    # at age 1: onset now (0.5 of the 0.8 free) or a year ago at age 0 (0.2 of the 0.9 free,
    # a cohort larger by e^0.1, surviving with dementia e^-0.3)
    w0, w1 = 0.5 * 0.8, 0.2 * 0.9 * math.exp(-0.3 + 0.1)
    assert cdf[1].tolist() == pytest.approx([0, w0 / (w0 + w1), 1, 1, 1])
    # at age 2: from age 1 (one year) or from age 0 (two years); none began at 2
    v1, v2 = 0.5 * 0.8 * math.exp(-0.2), 0.2 * 0.9 * math.exp(-0.4)
    assert cdf[2].tolist() == pytest.approx([0, 0, v1 / (v1 + v2), 1, 1])
    # at age 0 nothing has begun: all mass at zero years behind
    assert cdf[0].tolist() == [0, 1, 1, 1, 1]


PACKAGES = PackageItems(("home", "place"), (((5, 1000.0, 10.0), (6, 200.0, 1.0)),
                                            ((9, 5000.0, 50.0),)),
                        {"home": 6, "place": 9}, {})


def test_pathways_as_stages_and_investments() -> None:
    years = tuple(PathwayYear(i + 1, 80 + i, pkg, None, None)
                  for i, pkg in enumerate([None, "home", "home", "place"]))
    inv = (Investment(1, 80, 1000.0, 2023, "team", "test"),
           Investment(2, 80, 500.0, 2024, "kit", "test"))
    persona = {"usual": PersonaPathway("kari", "usual", years, inv)}
    p = params(dementia_pathway_years=4, dementia_stage_shape=3, accounts_price_year=2024,
               price_index_2024_per_2023=1.1)
    paths = dementia.pathways(persona, "usual", PACKAGES, p, "f: persona", "f: status_quo")
    assert paths.stages["usual"] == (StageSpec(NO_ITEM, 0, 1.0), StageSpec(0, 6, 2.0),
                                     StageSpec(1, 9, 1.0))
    # the 2023 amount lifted by the index, the 2024 one as it is
    assert paths.investment["usual"] == pytest.approx(1000 * 1.1 + 500)
    assert (paths.status_quo, paths.years, paths.stage_shape) == ("usual", 4.0, 3.0)


def test_prevalent_stage_shares_against_a_closed_form() -> None:
    # cases only at age 1, all with E ~ U[1, 2) years behind (CDF row [0, 0, 1, ...]) and
    # R ~ Exp(0.1) ahead; stage 1 holds position E/(E+R) < 1/2, i.e. R > E:
    # P = int_1^2 e^{-0.1 e} de = (e^-0.1 - e^-0.2) / 0.1
    max_age = 400
    mu = hazards(max_age, 0.1, 0.0, 0.0)
    elapsed = np.zeros((max_age + 1, max_age + 2))
    elapsed[:, 2:] = 1.0
    initial = np.zeros(max_age + 1, dtype=np.int64)
    initial[1] = 7
    prev = np.zeros(max_age + 1)
    prev[1] = 0.5
    stages = (StageSpec(0, 5, 1.0), StageSpec(1, 9, 1.0))
    shares = dementia.prevalent_stage_shares(stages, 2.0, initial, prev, elapsed,
                                             cumulative(mu))
    first = (math.exp(-0.1) - math.exp(-0.2)) / 0.1
    assert shares.tolist() == pytest.approx([first, 1 - first], abs=2e-3)


def test_status_quo_stock_by_hand() -> None:
    stages = (StageSpec(NO_ITEM, 0, 1.0), StageSpec(0, 6, 2.0), StageSpec(1, 9, 1.0))
    stock = dementia.status_quo_stock(stages, np.array([0.2, 0.5, 0.3]), 100, PACKAGES.lines)
    assert stock.stock == pytest.approx({6: 50.0, 9: 30.0})
    # cost by the trinn of each line: 50 x (1000 on 5, 200 on 6), 30 x 5000 on 9
    assert stock.cost == pytest.approx({5: 50_000.0, 6: 10_000.0, 9: 150_000.0})
    assert stock.placed_share == pytest.approx(0.8)


def test_onset_probability_by_hand() -> None:
    out = dementia.onset_probability(np.array([0.01, 0.02]), params(dementia_incidence_scale=2))
    assert out.hazard.tolist() == pytest.approx([0.02, 0.04])


# -- costing ------------------------------------------------------------------------------
def test_price_factor() -> None:
    p = params(accounts_price_year=2024, price_index_2024_per_2023=1.042)
    assert costing.price_factor(2023, p) == 1.042
    assert costing.price_factor(2024, p) == 1.0


def trinn(number: int, recipients: int | None, mnok: float) -> Trinn:
    return Trinn(number, "t", "t", TrinnKind.INDIVIDUAL if recipients else TrinnKind.UNIVERSAL,
                 recipients, mnok, None, "test")


def test_cell_unit_cost_by_hand() -> None:
    # 100 recipients for 10 mill, of whom dementia holds 20 for 2 mill: 80 for 8 mill
    assert costing.cell_unit_cost(trinn(6, 100, 10.0), 20.0, 2e6) == (80.0, 100_000.0)
    assert costing.cell_unit_cost(trinn(6, 10, 1.0), 20.0, 2e6) == (0.0, 0.0)


def test_staff_share_ratio_by_hand() -> None:
    from models.ladder import Ladder
    from models.staff_shares import StaffShare, StaffShares

    def t(n: int, mnok: float) -> Trinn:
        kind = TrinnKind.UNIVERSAL if n < 4 else TrinnKind.INDIVIDUAL
        return Trinn(n, "t", "t", kind, None if n < 4 else 1, mnok, None, "test")
    # care trinn 6, 7, 9, 10, 11 cost 10, 30, 0, 40, 20 mill with shares 0.9, 0.8, 0.5, 0.7,
    # 0.6: mean = (9 + 24 + 0 + 28 + 12) / 100 = 0.73; trinn 5 (share 0.073) is a tenth of it
    costs = {6: 10, 7: 30, 9: 0, 10: 40, 11: 20}
    ladder = Ladder(tuple(t(n, costs.get(n, 5.0)) for n in range(1, 13)))
    share = {4: 0.73, 5: 0.073, 6: 0.9, 7: 0.8, 8: 0.5, 9: 0.5, 10: 0.7, 11: 0.6, 12: 1.0}
    shares = StaffShares({n: StaffShare(n, v, 0.0, 1.0, "test") for n, v in share.items()},
                         Path("staff_shares.csv"))
    assert shares.mean_share(ladder) == pytest.approx(0.73)
    ratio = costing.staff_share_ratio(shares, ladder)
    assert ratio[4] == pytest.approx(1.0)
    assert ratio[5] == pytest.approx(0.1)
    assert ratio[12] == pytest.approx(1 / 0.73)
    # the care trinn's cost-weighted mean ratio is 1: their FTE are the accounts' cost per FTE's
    care = sum(ratio[n] * c for n, c in costs.items()) / sum(costs.values())
    assert care == pytest.approx(1.0)


def test_cell_and_interim_lines_by_hand() -> None:
    p = params(care_cost_per_fte_2024=800_000, hours_per_fte=1600, position_size=0.5,
               weeks_per_year=52, interim_home_nursing_hours_per_week=3,
               price_index_2024_per_2023=1.04)
    # 400 000 NOK a year is half an FTE: 800 staff hours at the care trinn's mean share
    assert costing.cell_lines(6, 400_000.0, p, 1.0) == ((6, 400_000.0, 800.0),)
    # a trinn with a tenth of that share of wages (housing) holds a tenth of the hours
    ((trinn, nok, hours),) = costing.cell_lines(5, 400_000.0, p, 0.1)
    assert (trinn, nok, hours) == (5, 400_000.0, pytest.approx(80.0))
    hn = Service("home_nursing", "hs", "hn", 6, PriceUnit.HOUR, 500.0, 2023, "test", 1.2,
                 "test", "test")
    cat = Catalogue({"home_nursing": hn}, Path("unit_prices.csv"))
    # 3 h a week x 52 = 156 h at 500 NOK x 1.04, with 1.2 staff hours per hour
    (line,) = costing.interim_lines(cat, p)
    assert line == pytest.approx((costing.INTERIM_TRINN, 156 * 500 * 1.04, 156 * 1.2))


def test_universal_rates_by_hand() -> None:
    from models.ladder import Ladder, UniversalPart
    ladder = Ladder((trinn(1, None, 2.0), trinn(2, None, 1.0), trinn(6, 10, 5.0)))
    initial = np.array([100, 100, 300, 500])   # 1,000 inhabitants, 200 aged 0-1
    part = UniversalPart(1, "school", 0, 1, 1.5, "test")
    rates = costing.universal_rates(ladder, (part,), initial)
    # trinn 1: 1.5 mill over the 200 aged 0-1 = 7,500 NOK each; the other 0.5 mill over all
    # 1,000 = 500; trinn 2: 1 mill over 1,000 = 1,000; trinn 6 is not universal
    got = [(r.trinn, r.age_min, r.age_max, r.nok_per_person_year) for r in rates]
    assert got == [(1, 0, 1, 7500.0), (1, 0, 3, 500.0), (2, 0, 3, 1000.0)]
    with pytest.raises(ValueError, match="no inhabitant aged 0-1"):
        costing.universal_rates(ladder, (part,), np.array([0, 0, 300, 500]))


def test_trinn_1_in_2040_by_hand_from_population_csv() -> None:
    """Issue 14, item 3: 577 mill NOK (kindergarten, school, SFO) follow ages 0-17 and 140
    follow all inhabitants; with the SSB persons of population.csv (seed 000) for 2024 and
    2040, fixed prices: 577 x 4,937 / 5,454 + 140 x 29,342 / 27,501 mill NOK."""
    from models.municipality import load_municipality
    m = load_municipality("faerder")
    lt = demography.life_table(params(max_age=105, **MORTALITY))
    ages = demography.single_ages(m.projection, lt, 2024)
    rates = costing.universal_rates(m.ladder, m.universal_parts, ages.initial)
    young_2040 = 4937
    all_2040 = 4937 + 9872 + 6589 + 4996 + 2407 + 541   # 29,342, population.csv 2040
    assert all_2040 == 29342
    assert 5454 + 9608 + 6719 + 4125 + 1320 + 275 == 27501   # the 2024 denominator
    trinn1 = sum(r.nok_per_person_year * (young_2040 if r.age_max == 17 else all_2040)
                 for r in rates if r.trinn == 1)
    hand = (577 * 4937 / 5454 + 140 * 29342 / 27501) * 1e6   # 522.3 + 149.4 = 671.7 mill
    assert trinn1 == pytest.approx(hand, rel=1e-12)
    assert hand / 1e6 == pytest.approx(671.7, abs=0.05)
    # trinn 2 and 3 stay per inhabitant: 165 and 67 mill x 29,342 / 27,501
    for t, mnok in ((2, 165), (3, 67)):
        (r,) = (r for r in rates if r.trinn == t)
        assert r.nok_per_person_year * all_2040 == pytest.approx(mnok * 1e6 * 29342 / 27501)


def test_package_items_sum_the_calculator_lines_per_trinn() -> None:
    from models.calculator import cost_package
    from models.municipality import load_municipality
    m = load_municipality("faerder")
    p = params(hours_per_fte=m.parameters["hours_per_fte"],
               position_size=m.parameters["position_size"],
               weeks_per_year=m.parameters["weeks_per_year"], accounts_price_year=2024,
               price_index_2024_per_2023=2.0)
    items = costing.package_items(m.packages, m.catalogue, p)
    name = items.names[0]
    lines = cost_package(m.packages[name], m.catalogue, costing.staffing(p)).lines
    for t, nok, hours in items.lines[0]:
        mine = [lc for lc in lines if lc.service.trinn == t]
        assert nok == pytest.approx(sum(lc.cost_nok * (2.0 if lc.service.price_year < 2024
                                                       else 1.0) for lc in mine))
        assert hours == pytest.approx(sum(lc.staff_hours for lc in mine))
    assert items.placement[name] == max(lc.service.trinn for lc in lines)


# -- entry --------------------------------------------------------------------------------
LABELS = ("0-5", "6-17", "18-66", "67-79", "80+")
POP = np.array([100.0, 100.0, 100.0, 50.0, 50.0])
PROFILES = {"young": {"0-5": 1, "6-17": 3, "18-66": 0, "67-79": 0, "80+": 0},
            "old": {"0-5": 0, "6-17": 0, "18-66": 0, "67-79": 1, "80+": 1},
            entry.REFERENCE_PROFILE: {"0-5": 0, "6-17": 0, "18-66": 0, "67-79": 1, "80+": 3}}


def cell(group: str, trinn_no: int, profile: str, share: float = 1.0) -> GroupTrinn:
    return GroupTrinn(group, trinn_no, share, 2.0, profile)


def test_cell_target_by_hand() -> None:
    t = entry.cell_target(cell("kids", 4, "young", 0.5), 100.0, 7.0, PROFILES["young"], LABELS,
                          POP)
    # half of 100, split 1 : 3 over the two youngest groups of 100 inhabitants each
    assert t.target.tolist() == [12.5, 37.5, 0, 0, 0]
    assert t.unit_cost == 7.0


def test_rake_elderly_keeps_totals_and_odds() -> None:
    needs = Needs((), PROFILES, ())
    kids = entry.CellTarget(cell("kids", 4, "young"), 1.0, np.array([5.0, 5, 0, 0, 0]), {})
    e1 = entry.CellTarget(cell("old_a", 6, "old"), 1.0, np.array([0, 0, 0, 10.0, 10]),
                          {"target": "t"})
    e2 = entry.CellTarget(cell("old_b", 7, "old"), 1.0, np.array([0, 0, 0, 5.0, 15]),
                          {"target": "t"})
    out = entry.rake_elderly((kids, e1, e2), needs, LABELS, POP,
                             np.array([0, 0, 0, 4.0, 8]), placed_share=0.5)
    assert out[0] is kids
    # all elderly recipients 40 + dementia placed (2, 4) = 46, split 1 : 3 by the reference
    # profile x inhabitants = 11.5 : 34.5; less dementia: columns 9.5, 30.5. IPF keeps the
    # rows (20, 20) and the seed's odds ratio 10 x 15 / (10 x 5) = 3:
    # a (10.5 + a) = 3 (20 - a)(9.5 - a)  ->  2a^2 - 99a + 570 = 0
    a = (99 - math.sqrt(99 ** 2 - 8 * 570)) / 4
    assert out[1].target[3:].tolist() == pytest.approx([a, 20 - a])
    assert out[2].target[3:].tolist() == pytest.approx([9.5 - a, 10.5 + a])
    assert "raked" in out[1].sources["target"]


def test_eligible_hazard_and_initial_stocks_by_hand() -> None:
    a = entry.CellTarget(cell("g", 6, "old"), 1.0, np.array([1.4, 0.6]), {})
    b = entry.CellTarget(cell("h", 6, "old"), 1.0, np.array([0.7, 0.3]), {})
    free = entry.eligible((a, b), np.array([10.0, 2.0]), np.array([1.0, 1.5]))
    # 10 - 2.1 - 1 = 6.9; 2 - 0.9 - 1.5 < 1 -> the floor of one person
    assert free.tolist() == pytest.approx([6.9, entry.MIN_ELIGIBLE])
    p = params(**{"entry_scale:g:6": 1.5})
    # Little's law: scale x target x (1/mean stay + mu) / free
    hz = entry.entry_hazard(a, np.array([0.1, 0.1]), free, p)
    assert hz.tolist() == pytest.approx([1.5 * 1.4 * 0.6 / 6.9, 1.5 * 0.6 * 0.6 / 1.0])
    # a probability: capped at 1 (5 x 0.6 x 0.6 = 1.8)
    hz = entry.entry_hazard(a, np.array([0.1, 0.1]), free, params(**{"entry_scale:g:6": 5}))
    assert hz.tolist() == pytest.approx([5 * 1.4 * 0.6 / 6.9, 1.0])
    # trinn 6 holds 3.0: floors (1, 0, 0, 0), the two left to the largest remainders 0.7, 0.6
    stocks = entry.initial_stocks((a, b))
    assert [s.tolist() for s in stocks] == [[1, 1], [1, 0]]


def test_moved_death_ages_by_hand() -> None:
    from sim.lifetable import moved_death_ages
    cum_from, cum_to = cumulative(np.full(10, 0.1)), cumulative(np.full(10, 0.3))
    # ill at 1.5, due to die at 4.5 without dementia: 0.3 of hazard left, spent at 0.3 a year
    out = moved_death_ages(np.array([1.5, 2.0]), np.array([4.5, 2.0]), cum_from, cum_to)
    assert out.tolist() == pytest.approx([2.5, 2.0])


def test_moved_death_ages_have_the_new_law() -> None:
    # deaths drawn at hazard 0.1 from age 0, moved at age 2 to hazard 0.4: the life left
    # after 2 of those alive then is exponential with mean 2.5 (standard error 2.5 / sqrt(n))
    from sim.lifetable import death_ages, moved_death_ages
    cum_from, cum_to = cumulative(np.full(200, 0.1)), cumulative(np.full(200, 0.4))
    u = np.random.default_rng(7).random(200_000)
    d = death_ages(np.zeros(len(u), dtype=np.int64), u, cum_from)
    alive = d > 2.0
    left = moved_death_ages(np.full(alive.sum(), 2.0), d[alive], cum_from, cum_to) - 2.0
    assert abs(left.mean() - 2.5) < 4 * 2.5 / math.sqrt(alive.sum())


OLD = np.array([False, False, False, False, True])   # LABELS' 80+


def _coverage_cells() -> tuple[entry.CellTarget, ...]:
    kids = entry.CellTarget(cell("kids", 6, "young"), 1.0, np.array([5.0, 5, 0, 0, 0]),
                            {"target": "t"})
    e1 = entry.CellTarget(cell("old_a", 6, "old"), 1.0, np.array([0, 0, 0, 10.0, 10]),
                          {"target": "t"})
    e2 = entry.CellTarget(cell("old_b", 7, "old"), 1.0, np.array([0, 0, 0, 5.0, 15]),
                          {"target": "t"})
    return kids, e1, e2


def test_meet_coverage_scales_the_elderly_80plus_by_one_factor_by_hand() -> None:
    needs = Needs((), PROFILES, ())
    goal = entry.CoverageGoal("home", (6, 7), 40.0, 6.0, "test")
    kids, e1, e2 = entry.meet_coverage(_coverage_cells(), (goal,), needs, LABELS, OLD)
    # 40 persons 80+ less dementia's 6 (the kids have none): 34 from the elderly cells' 80+
    # (10, 15). One factor 34 / 25 = 1.36 would put 20.4 in old_b, above its 20 in all:
    # old_b is held at 20 (all 80+), old_a's factor (34 - 20) / 10 = 1.4 -> 14, its
    # 67-79 take the rest of its 20: 6
    assert e1.target.tolist() == pytest.approx([0, 0, 0, 6, 14])
    assert e2.target.tolist() == pytest.approx([0, 0, 0, 0, 20])
    assert kids.target.tolist() == [5, 5, 0, 0, 0]
    assert "not met" not in e1.sources["target"]


def test_meet_coverage_takes_from_the_other_groups_of_the_trinn_when_short() -> None:
    needs = Needs((), PROFILES, ())
    goal = entry.CoverageGoal("home", (6, 7), 50.0, 6.0, "test")
    kids, e1, e2 = entry.meet_coverage(_coverage_cells(), (goal,), needs, LABELS, OLD)
    # 44 wanted from the cells, the elderly hold 40 in all: both all 80+ (20, 20); the
    # 4 missing come from the kids of trinn 6 (10, none 80+: x 0.6) to trinn 6's old_a
    assert kids.target.tolist() == pytest.approx([3, 3, 0, 0, 0])
    assert e1.target.tolist() == pytest.approx([0, 0, 0, 0, 24])
    assert e2.target.tolist() == pytest.approx([0, 0, 0, 0, 20])
    # each trinn keeps its total: 6: 10 + 20 = 6 + 24; 7: 20
    assert "4.00 recipients moved" in e1.sources["target"]


def test_meet_coverage_says_when_the_goal_cannot_be_met() -> None:
    needs = Needs((), PROFILES, ())
    goal = entry.CoverageGoal("home", (6, 7), 5.0, 6.0, "test")   # dementia alone is 6
    _, e1, e2 = entry.meet_coverage(_coverage_cells(), (goal,), needs, LABELS, OLD)
    assert e1.target.tolist() == pytest.approx([0, 0, 0, 20, 0])
    assert e2.target.tolist() == pytest.approx([0, 0, 0, 20, 0])
    assert "not met: the nearest is 6.00" in e1.sources["target"]
