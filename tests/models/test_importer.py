"""The municipality importer: Færder round trip, the shipped Skien and Porsgrunn folders, the
approximate alternatives, the staircase template, table 07459, and the command module."""

from __future__ import annotations

import argparse
import hashlib
import math
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from models.demography import load_alternative, load_projection, projection_alternatives
from models.importer import describe, import_municipality
from models.municipality import DATA_DIR, load_municipality
from runners.cli.municipality import register
from tests.models.ssb_fixtures import SHIPPED, shipped_rows, to_jsonstat, write_json

FAERDER = DATA_DIR / "faerder"
#: SHA-256 of Færder's population.csv before this work (git show 9e44833:...): MMMM unchanged.
FAERDER_MMMM_SHA256 = "6e74187b8859fe6bce8d1c1dc94abcbb0ad18c64af057556e8fcdcf4a4675315"


def _seeds_as_ssb(tmp: Path) -> Path:
    """Færder's population.csv (the seeds' SSB MMMM table) written as an SSB JSON-stat file."""
    seeds = pd.read_csv(FAERDER / "population.csv", comment="#")
    label = {"0-17": "0-17 år", "18-49": "18-49 år", "50-66": "50-66 år", "67-79": "67-79 år",
             "80-89": "80-89 år", "90+": "90 år eller eldre"}
    rows = pd.DataFrame({"region": "Færder", "statistikkvariabel": "Hovedalternativet (MMMM)",
                         "år": seeds["year"], "alder": seeds["age_group"].map(label),
                         "value": seeds["persons"]})
    return write_json(tmp / "faerder-14288.json", to_jsonstat(rows, split_sex=True))


@pytest.fixture(scope="module")
def faerder_imported(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("faerder")
    out = tmp / "faerder-imported"
    import_municipality("3811", _seeds_as_ssb(tmp), out, dementia=684, care_fte=855)
    return out


def test_faerder_round_trip_gives_the_same_population(faerder_imported):
    assert load_projection(faerder_imported / "population.csv") == \
        load_projection(FAERDER / "population.csv")


def test_faerder_round_trip_gives_the_same_engine_inputs(faerder_imported):
    from sim.derive import derive_inputs

    a = derive_inputs(load_municipality(str(faerder_imported)), 2024, 2030)
    b = derive_inputs(load_municipality("faerder"), 2024, 2030)
    np.testing.assert_array_equal(a.ages.initial_ages, b.ages.initial_ages)
    np.testing.assert_array_equal(a.flows.net, b.flows.net)
    assert a.prevalence.prevalent == b.prevalence.prevalent == 684
    for ca, cb in zip(a.entry.cells, b.entry.cells, strict=True):
        np.testing.assert_array_equal(ca.initial, cb.initial)
        np.testing.assert_allclose(ca.hazard, cb.hazard, rtol=1e-9)
    # the import writes no universal_parts.csv (Færder's age split of trinn 1 is its own), so
    # its trinn 1 is all per inhabitant; trinn 2-3 and trinn 1's total on the start year agree
    def start_cost(inputs, t):  # type: ignore[no-untyped-def]
        return sum(r.nok_per_person_year * inputs.ages.initial[r.age_min:r.age_max + 1].sum()
                   for r in inputs.costing.universal if r.trinn == t)
    for t in (1, 2, 3):
        assert start_cost(a, t) == pytest.approx(start_cost(b, t), rel=1e-6)


def test_estimated_staircase_of_faerder_is_faerders(faerder_imported):
    # Færder's own age-specific use applied to Færder's population gives its table back
    got = load_municipality(str(faerder_imported)).ladder
    for t in load_municipality("faerder").ladder:
        assert got[t.number].recipients_2024 == t.recipients_2024
        assert got[t.number].cost_2024_mnok == pytest.approx(t.cost_2024_mnok, abs=1e-3)
        assert got[t.number].source.startswith("estimated")


def _band_prevalence() -> list[tuple[int, int, float]]:
    rows = pd.read_csv(FAERDER / "dementia.csv", comment="#")
    return list(zip(rows["age_from"], rows["age_to"], rows["prevalence"], strict=True))


def _prevalence_at(age: int) -> float:
    return next(p for lo, hi, p in _band_prevalence() if lo <= age <= hi)


def test_dementia_estimate_is_hunt4_by_single_year_on_a_small_population():
    from models.importer.estimates import estimate_dementia

    # hand calculation with dementia.csv's bands: 200 aged 62 x 0.005 + 100 aged 72 x 0.03
    # + 50 aged 86 x 0.37 + 10 aged 95 x 0.48 = 1.0 + 3.0 + 18.5 + 4.8 = 27.3
    pop = np.zeros(106)
    pop[[30, 62, 72, 86, 95]] = [1000, 200, 100, 50, 10]
    assert estimate_dementia(load_municipality("faerder"), pop) == pytest.approx(27.3)


def test_dementia_estimate_is_hunt4_times_population(tmp_path):
    # hand calculation: the seeds' 2024 groups (50-66 6719, 67-79 4125, 80-89 1320, 90+ 275)
    # over single years as the engine spreads them: evenly below 67, by survival from the
    # group's first age from 67 on, survival from demography.toml's Gompertz-Makeham
    # mu(a) = level (A + B e^(c a)); each single year x its dementia.csv band's prevalence
    demo = tomllib.loads((FAERDER / "demography.toml").read_text(encoding="utf-8"))
    a_, b_, c_, level = (demo[k]["value"] for k in (
        "mortality_makeham", "mortality_gompertz_b", "mortality_gompertz_c", "mortality_level"))

    def spread(lo: int, hi: int, n: float) -> dict[int, float]:
        w = [1.0]
        for age in range(lo, hi):
            w.append(w[-1] * math.exp(-level * (a_ + b_ * math.exp(c_ * age))))
        return {lo + i: n * x / sum(w) for i, x in enumerate(w)}

    expected = (6719 * (5 * 0.005 + 2 * 0.015) / 17
                + sum(n * _prevalence_at(a) for lo, hi, persons in ((67, 79, 4125),
                                                                    (80, 89, 1320),
                                                                    (90, 105, 275))
                      for a, n in spread(lo, hi, persons).items()))
    # survival thins the old end of each group, where prevalence is highest: fewer than
    # the 726.7 of ages spread evenly (the estimate before issue 29)
    assert expected < 726.7
    out = tmp_path / "f"
    import_municipality("3811", _seeds_as_ssb(tmp_path), out)
    m = load_municipality(str(out))
    assert m.parameters["dementia_prevalence_2024"] == round(expected)
    source = m.parameters.get("dementia_prevalence_2024").source
    assert source.startswith("estimated")
    assert "by single year of age" in source
    # care FTE from the care trinn's cost (741 mill) / 866 667 NOK per FTE = 855.0
    assert m.parameters["care_fte_2023"] == pytest.approx(855.0, abs=0.1)


def test_faerder_mmmm_is_unchanged_and_alternatives_sit_beside_it():
    assert hashlib.sha256((FAERDER / "population.csv").read_bytes()).hexdigest() == \
        FAERDER_MMMM_SHA256
    assert projection_alternatives(FAERDER) == ("MMMM", "HHMH", "LLML")
    assert load_municipality("faerder").projection == load_alternative(FAERDER, "MMMM")


def test_faerder_approximation_by_hand():
    # 80-89 lines up with a KOSTRA group: ratio = national LLML / MMMM, 80-89 år, 2040
    raw = pd.read_csv(SHIPPED)
    nat = raw[(raw["region"] == "Hele landet") & (raw["år"] == 2040)
              & (raw["alder"] == "80-89 år")].set_index("statistikkvariabel")["value"]
    for alt, label in (("LLML", "Lav nasjonal vekst (LLML)"),
                       ("HHMH", "Høy nasjonal vekst (HHMH)")):
        ratio = nat[label] / nat["Hovedalternativet (MMMM)"]
        proj = load_alternative(FAERDER, alt)
        assert proj.persons[("80-89", 2040)] == round(2407 * ratio)
        assert proj.persons[("80-89", 2024)] == 1320  # the base year is the same count


def _eighty_plus(proj, year):
    return sum(proj.persons[(g.label, year)] for g in proj.groups if g.age_min >= 80)


def test_envelope_is_ordered_for_80_plus():
    raw = pd.read_csv(SHIPPED)
    old = raw[raw["alder"].isin(["80-89 år", "90 år eller eldre"])]
    s = old.groupby(["region", "år", "statistikkvariabel"])["value"].sum().unstack()
    low, mid = s["Lav nasjonal vekst (LLML)"], s["Hovedalternativet (MMMM)"]
    high = s["Høy nasjonal vekst (HHMH)"]
    big = ["Hele landet", "Telemark", "Skien", "Porsgrunn"]
    assert ((low <= mid) & (mid <= high)).loc[big].all()
    # SSB's small municipalities cross by a person or two in the first years (rounding)
    assert max((low - mid).max(), (mid - high).max()) <= 2
    for folder in (FAERDER, DATA_DIR / "skien", DATA_DIR / "porsgrunn"):
        p = {a: load_alternative(folder, a) for a in ("LLML", "MMMM", "HHMH")}
        for y in p["MMMM"].years:
            assert _eighty_plus(p["LLML"], y) <= _eighty_plus(p["MMMM"], y) <= \
                _eighty_plus(p["HHMH"], y)
        assert _eighty_plus(p["LLML"], 2040) < _eighty_plus(p["HHMH"], 2040)


@pytest.mark.parametrize(("folder", "code"), [("skien", "4003"), ("porsgrunn", "4001")])
def test_shipped_folders_are_the_importers(folder, code, tmp_path):
    out = tmp_path / folder
    import_municipality(code, SHIPPED, out)
    for f in ("population.csv", "population-LLML.csv", "population-HHMH.csv", "trinn.csv",
              "parameters.toml", "age_profiles.csv", "targets.toml", "home_care_bands.csv"):
        def body(p: Path) -> list[str]:
            return [ln for ln in p.read_text(encoding="utf-8").splitlines()
                    if not ln.startswith("#")]
        assert body(out / f) == body(DATA_DIR / folder / f), f


@pytest.mark.parametrize(("folder", "skien_file_80plus_2024"), [("skien", 2847)])
def test_skien_population_is_ssbs(folder, skien_file_80plus_2024):
    raw = pd.read_csv(SHIPPED)
    sk = raw[(raw["region"] == "Skien") & (raw["år"] == 2024)
             & (raw["statistikkvariabel"] == "Hovedalternativet (MMMM)")]
    m = load_municipality(folder)
    assert m.projection.total(2024) == sk["value"].sum()
    assert _eighty_plus(m.projection, 2024) == skien_file_80plus_2024
    assert m.projection.years == tuple(range(2024, 2051))


@pytest.mark.parametrize("folder", ["skien", "porsgrunn"])
def test_shipped_folder_runs_one_replication_with_plausible_2024(folder, tmp_path):
    from scenarios import load_scenario
    from sim.derive import derive_inputs
    from sim.engine import run_replication
    from tests.sim.conftest import scenario_file

    m = load_municipality(folder)
    f = load_municipality("faerder")
    inputs = derive_inputs(m, 2024, 2025)
    # the built inputs hold the staircase: non-dementia stocks + the dementia group's
    # expected placements = trinn.csv recipients
    dem = eval(inputs.notes["dementia_expected_stock_by_trinn"], {"np": np})
    for t in m.ladder:
        if t.number < 4 or not t.recipients_2024:
            continue
        stock = sum(int(c.initial.sum()) for c in inputs.entry.cells if c.trinn == t.number)
        assert stock + dem.get(t.number, 0.0) == pytest.approx(t.recipients_2024, rel=0.01)
        # plausible: recipients per inhabitant within 25 % of Færder's (similar age structure)
        per_inh = t.recipients_2024 / m.projection.total(2024)
        ref = f.ladder[t.number].recipients_2024 / f.projection.total(2024)
        assert 0.75 * ref < per_inh < 1.25 * ref, t.number
    res = run_replication(inputs, load_scenario(scenario_file(tmp_path, "normal", 2025)), 0, 1)
    y = res.yearly[res.yearly["year"] == 2024]
    assert y["cost_nok"].sum() > 0
    by_trinn = y.groupby("trinn")["recipients"].sum()
    for t in (4, 7, 9, 10, 11):
        assert by_trinn[t] == pytest.approx(m.ladder[t].recipients_2024, rel=0.25), t


def test_staircase_template_and_07459(tmp_path):
    rows = shipped_rows(("Skien",), tuple(range(2024, 2051)))
    proj = write_json(tmp_path / "p.json", to_jsonstat(rows))
    stairs = tmp_path / "stairs.csv"
    stairs.write_text("# Skien's accounts (test figures)\n"
                      "trinn,recipients,cost_mnok,year,price_year,source\n"
                      "1,,1400,2024,2024,accounts 2024\n"
                      "7,2300,260.5,2024,2024,KOSTRA 2024\n", encoding="utf-8")
    # 07459: single years of age for 2024 summing to SSB's groups, one more person aged 85
    base = rows[(rows["år"] == 2024) & (rows["statistikkvariabel"] == "Hovedalternativet (MMMM)")]
    single = []
    for label, n in zip(base["alder"], base["value"], strict=True):
        lo, hi = (90, 105) if "eldre" in label else \
            tuple(int(x) for x in label.replace(" år", "").split("-") * 2)[:2]
        ages = list(range(lo, hi + 1))
        parts = [n // len(ages) + (1 if i < n % len(ages) else 0) for i in range(len(ages))]
        for a, k in zip(ages, parts, strict=True):
            single.append((f"{a} år" if a < 105 else "105 år eller eldre", k + (a == 85)))
    reg = pd.DataFrame({"region": "Skien", "statistikkvariabel": "Personer", "år": 2024,
                        "alder": [s for s, _ in single], "value": [k for _, k in single]})
    pop = write_json(tmp_path / "07459.json", to_jsonstat(reg, table_id="07459"))
    out = tmp_path / "skien"
    import_municipality("4003", proj, out, staircase=stairs, population=pop, care_fte=1500,
                        name="Skien kommune")
    m = load_municipality(str(out))
    assert m.ladder[7].recipients_2024 == 2300
    assert m.ladder[7].cost_2024_mnok == 260.5
    assert "stairs.csv" in m.ladder[7].source
    assert not m.ladder[1].source.startswith("estimated")
    assert m.ladder[9].source.startswith("estimated")
    skien_80_89 = base[base["alder"] == "80-89 år"]["value"].item()
    assert m.projection.persons[("80-89", 2024)] == skien_80_89 + 1
    assert m.parameters["care_fte_2023"] == 1500
    cost = sum(m.ladder[t].cost_2024_mnok for t in (6, 7, 9, 10, 11)) * 1e6
    assert m.parameters["care_cost_per_fte_2024"] == round(cost / 1500)
    text = "\n".join(describe(out))
    assert "Skien kommune" in text
    assert "trinn 2, 3, 4, 5, 6, 8, 9, 10, 11, 12" in text
    assert "care_fte_2023" not in text.split("estimated:")[-1]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="trappa")
    register(p.add_subparsers(dest="command", required=True))
    return p


def test_command_module_import_and_show(tmp_path, capsys):
    out = tmp_path / "porsgrunn"
    args = _parser().parse_args(["municipality", "import", "--kommune", "3806", "--projection",
                                 str(SHIPPED), "--dementia", "900", "--out", str(out)])
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert "Porsgrunn (3806)" in printed
    assert "MMMM, LLML, HHMH" in printed
    m = load_municipality(str(out))
    assert m.parameters["dementia_prevalence_2024"] == 900
    args = _parser().parse_args(["municipality", "show", str(out)])
    assert args.func(args) == 0
    shown = capsys.readouterr().out
    assert "Porsgrunn (4001)" in shown
    assert "[estimated]" in shown
    assert "projection LLML" in shown


def test_staircase_template_filled_with_faerders_figures(tmp_path):
    out = tmp_path / "f"
    example = Path(__file__).resolve().parents[2] / "models/examples/staircase-faerder-2024.csv"
    import_municipality("3911", _seeds_as_ssb(tmp_path), out, staircase=example)
    got = load_municipality(str(out)).ladder
    for t in load_municipality("faerder").ladder:   # the seeds' table, given not estimated
        assert (got[t.number].recipients_2024, got[t.number].cost_2024_mnok) == \
            (t.recipients_2024, t.cost_2024_mnok)
        assert not got[t.number].source.startswith("estimated")
        assert t.source.replace('"', "'") in got[t.number].source
    assert "trinn.csv" not in "\n".join(describe(out)).split("estimated:")[-1]


def test_show_marks_faerders_approximate_alternatives():
    text = "\n".join(describe(FAERDER))
    assert "projection LLML" in text
    assert "population-LLML.csv: approximation" in text
    assert "population-HHMH.csv: approximation" in text
    assert "[estimated]" not in text   # Færder's staircase and parameters are the seeds'


def test_small_municipality_gets_its_own_share_of_home_care_decisions(tmp_path):
    """Færder's decision bands (seed 001: 294.8 decisions for Færder's 957 + 1,152 recipients
    on trinn 6-7) are all of Færder: a municipality of 2,400 inhabitants cannot hold them.
    Imported, each count is scaled by its trinn 6-7 recipients over Færder's (hand check from
    the two trinn.csv files) and the hours per decision stay Færder's; it then runs."""
    out = tmp_path / "siljan"
    import_municipality("4010", SHIPPED, out)  # Siljan, about 2,400 inhabitants

    def holders(folder: Path) -> float:
        rows = pd.read_csv(folder / "trinn.csv", comment="#")
        return float(rows.loc[rows["trinn"].isin([6, 7]), "recipients_2024"].sum())

    def bands(folder: Path) -> pd.DataFrame:
        return pd.read_csv(folder / "home_care_bands.csv", comment="#").set_index(
            ["band", "quantity"])["value"]

    k = holders(out) / (957 + 1152)
    ours, theirs = bands(out), bands(FAERDER)
    decisions = ours.xs("decisions", level="quantity")
    assert decisions.sum() == pytest.approx(294.8 * k, rel=1e-9)
    assert decisions.sum() < holders(out)
    per_decision = (ours.xs("weekly_hours", level="quantity") / decisions)
    assert per_decision.to_numpy() == pytest.approx(
        (theirs.xs("weekly_hours", level="quantity")
         / theirs.xs("decisions", level="quantity")).to_numpy(), rel=1e-9)
    assert ours.loc[("all", "traditional_ata")] == theirs.loc[("all", "traditional_ata")]
    shown = (out / "import.toml").read_text(encoding="utf-8")
    assert "home_care_bands.csv: Færder's decisions" in shown
    from sim.derive import derive_inputs
    inputs = derive_inputs(load_municipality(str(out)), 2024, 2026)
    assert inputs.levers is not None
    assert inputs.levers.decisions is not None


def test_county_imports_as_one_region(tmp_path):
    """``--kommune 40`` imports Telemark (the county's own rows of table 14288) as one region:
    its 2024 inhabitants are the county's row sum in the file, which SSB makes the sum of its
    17 municipalities (hand sums from the shipped CSV)."""
    import csv

    with SHIPPED.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["år"] == "2024"
                and r["statistikkvariabel"] == "Hovedalternativet (MMMM)"]
    county = sum(int(r["value"]) for r in rows if r["region"] == "Telemark")
    parts = sum(int(r["value"]) for r in rows
                if r["region"] not in ("Telemark", "Hele landet"))
    assert county == parts
    result = import_municipality("40", SHIPPED, tmp_path / "telemark")
    assert result.population_2024 == county
    assert load_projection(tmp_path / "telemark" / "population.csv").total(2024) == county


@pytest.mark.parametrize("number", ["41", "4", "400"])
def test_not_a_county_nor_a_municipality(number, tmp_path):
    from models.ssb.regions import UnknownMunicipalityError

    with pytest.raises(UnknownMunicipalityError, match="unknown municipality number"):
        import_municipality(number, SHIPPED, tmp_path / "x")
    assert not (tmp_path / "x").exists()
