"""KOSTRA in (issue 29): tables 12209 and 12362 read in SSB's formats, one mapping to the
trinn, the municipality's own coverage, cost and FTE in its folder, and what stays estimated.

The KOSTRA files are built to SSB's documented formats with illustrative values
(`tests.models.kostra_fixtures`): every expected number below is the fixture's value or a hand
calculation from it, never the importer's output.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from calibration.targets import TOLERANCE
from models.errors import DataFileError
from models.importer import describe, import_municipality
from models.importer.estimates import single_ages, use_rates
from models.importer.kostra import read_mapping
from models.municipality import load_municipality
from models.ssb import kostra_tables as kt
from models.ssb.kostra import read_kostra_file
from scenarios import load_scenario
from sim.accounting import share_80plus_on
from sim.derive import derive_inputs
from sim.engine import Replication
from tests.models.kostra_fixtures import (
    ACCOUNTS,
    KEY_FIGURES,
    accounts_jsonstat,
    key_figures_csv,
    key_figures_jsonstat,
    write,
)
from tests.models.ssb_fixtures import SHIPPED
from tests.sim.conftest import scenario_file

TINN = "4026"


@pytest.fixture(scope="module")
def tinn(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("kostra")
    key = write(tmp / "12209.json", key_figures_jsonstat([TINN, "4003"]))
    acc = write(tmp / "12362.json", accounts_jsonstat([TINN, "4003"]))
    out = tmp / "tinn"
    import_municipality(TINN, SHIPPED, out, kostra=[key, acc])
    return out


def _trinn(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "trinn.csv", comment="#").set_index("trinn")


def test_both_formats_read_the_same_key_figures(tmp_path):
    a = read_kostra_file(write(tmp_path / "k.json", key_figures_jsonstat([TINN, "4003"])))
    b = read_kostra_file(write(tmp_path / "k.csv", key_figures_csv([TINN, "4003"])))
    assert (a.table_id, a.fmt, b.table_id, b.fmt) == ("12209", "json-stat", "12209",
                                                      "statbank-csv")
    for region in (TINN, "4003"):
        for name, value in KEY_FIGURES[region].items():
            assert a.value(region, name)[:2] == (value, 2024)
            assert b.value(region, name)[:2] == pytest.approx((value, 2024))
    # the key figure trappa does not read is left out
    assert set(a.frame["figure"]) == {i.name for i in kt.INDICATORS}


def test_accounts_keep_gross_expenditure_of_the_staircase_functions(tmp_path):
    t = read_kostra_file(write(tmp_path / "a.json", accounts_jsonstat([TINN])))
    assert t.is_accounts
    assert set(t.frame["figure"]) == set(kt.FUNCTIONS)   # not 241, not the wage art
    for f, v in ACCOUNTS[TINN].items():
        assert t.value(TINN, f)[0] == v


def test_the_mapping_names_each_figure_once_with_a_reason():
    rows = read_mapping()
    assert len({(r.table, r.figure) for r in rows}) == len(rows)
    assert all(r.reason and r.trinn for r in rows)
    assert {r.figure for r in rows if r.table == "12209"} == {i.name for i in kt.INDICATORS}
    assert {r.figure for r in rows if r.table in kt.ACCOUNTS_TABLES} == set(kt.FUNCTIONS)


def test_the_folders_coverage_is_the_tables(tinn):
    coverage = pd.read_csv(tinn / "coverage.csv", comment="#").set_index("figure")
    assert coverage.loc["home_services_80plus", "share"] == pytest.approx(0.314)
    assert coverage.loc["institution_80plus", "share"] == pytest.approx(0.148)
    # the trinn of each figure are the mapping's (kostra_mapping.csv)
    assert coverage["trinn"].to_dict() == {"home_services_80plus": "6 7",
                                           "institution_80plus": "9 11 12"}
    assert (coverage["year"] == 2024).all()
    assert load_municipality(str(tinn)).coverage[0].trinn == (6, 7)
    targets = tomllib.loads((tinn / "targets.toml").read_text(encoding="utf-8"))
    # 1 - 31.4 % - 14.8 %
    assert targets["share_80plus_without_care_2023"]["value"] == pytest.approx(0.538)
    # the folder's own recipients put that share of its 80+ on the trinn (by its need groups
    # and age profiles), within the calibration tolerance of recipients
    m = load_municipality(str(tinn))
    pop = single_ages(m.projection, 2024)
    rates = use_rates(m)
    old = pop[80:].sum()
    for trinn, share in (((6, 7), 0.314), ((9, 11, 12), 0.148)):
        placed = sum((rates[t][80:] * pop[80:]).sum() for t in trinn)
        assert placed / old == pytest.approx(share, rel=TOLERANCE["recipients"])


#: Replications of the first-year test: each is a full draw of Tinn's start and year; the
#: mean of 8 has a Monte Carlo standard error of about 0.5 percentage points (measured).
FIRST_YEAR_REPLICATIONS = 8


def test_a_runs_first_year_reproduces_the_coverage(tinn, tmp_path):
    """The simulated share of the 80+ on 31 Dec 2024 on the home-service trinn (6, 7) and the
    institution trinn (9, 11, 12) is the table's, within the calibration's band for a share of
    the 80+: +/- 3 percentage points (issue 4's acceptance band for the 80+ without services,
    calibration.targets.TOLERANCE["no_care_80plus"]; the same population and date). The run
    is uncalibrated (the folder's data layer): the start alone must hold the coverage.
    Before the start was held to it (the national profile alone) Tinn's first year gave
    27 % and 12 % against the table's 31.4 % and 14.8 %."""
    m = load_municipality(str(tinn))
    inputs = derive_inputs(m, 2024, 2025)
    scenario = load_scenario(scenario_file(tmp_path, "normal", end_year=2025,
                                           extra=f'municipality = "{tinn.as_posix()}"'))
    shares: dict[tuple[int, ...], list[float]] = {(6, 7): [], (9, 11, 12): []}
    for rep in range(FIRST_YEAR_REPLICATIONS):
        run = Replication(inputs, scenario, rep, scenario.seed)
        run.start()
        run.simulate()
        rec = run.recorder.columns()
        for trinn, got in shares.items():
            got.append(share_80plus_on(rec, run.pop, 0, trinn))
    band = TOLERANCE["no_care_80plus"]
    for trinn, table in (((6, 7), 0.314), ((9, 11, 12), 0.148)):
        assert abs(np.mean(shares[trinn]) - table) <= band, (trinn, np.mean(shares[trinn]))


def test_the_accounts_set_each_trinns_cost(tinn):
    a = ACCOUNTS[TINN]
    cost = _trinn(tinn)["cost_2024_mnok"]
    # 1000 NOK -> mill NOK, each function split over its trinn (kostra_mapping.csv)
    assert cost[3] == pytest.approx((a["232"] + a["233"]) / 1000, abs=2e-3)
    assert cost[4] == pytest.approx(a["234"] / 1000, abs=1e-3)
    assert cost[5] == pytest.approx(a["265"] / 1000, abs=1e-3)
    assert cost[[9, 11, 12]].sum() == pytest.approx((a["253"] + a["261"]) / 1000, abs=3e-3)
    assert cost[[6, 7, 10]].sum() == pytest.approx(a["254"] / 1000, abs=3e-3)


def test_care_fte_is_fte_per_recipient_times_the_care_recipients(tinn):
    rec = _trinn(tinn)["recipients_2024"]
    params = tomllib.loads((tinn / "parameters.toml").read_text(encoding="utf-8"))
    expected = 0.62 * rec[[6, 7, 9, 10, 11]].sum()
    assert params["care_fte_2023"]["value"] == pytest.approx(expected, abs=0.05)
    assert "SSB table 12209 (2024" in params["care_fte_2023"]["source"]


def test_import_toml_and_show_name_the_table_and_year(tinn):
    record = tomllib.loads((tinn / "import.toml").read_text(encoding="utf-8"))
    k = record["kostra"]
    assert (k["home_services_80plus"]["table"], k["home_services_80plus"]["year"],
            k["home_services_80plus"]["value"]) == ("12209", 2024, 31.4)
    assert (k["function_254"]["table"], k["function_254"]["value"]) == ("12362", 104.0)
    text = "\n".join(describe(tinn))
    src = _trinn(tinn)["source"]
    assert src[6].startswith("recipients from SSB table 12209 (2024")
    assert "[SSB 12209 2024, 12362 2024]" in text
    assert "home_services_80plus: 31.4 percent" in text
    # trinn 9: short stays count among the institution residents (SSB's definition)
    assert src[9].startswith("recipients from SSB table 12209 (2024")
    # trinn 10: recipients stay Færder's use (no KOSTRA figure sets them), cost from 254
    assert src[10].startswith("estimated")
    assert "SSB table 12362 (2024" in src[10]


def test_a_municipality_missing_from_a_table_imports_with_those_items_estimated(tmp_path):
    key = write(tmp_path / "12209.json", key_figures_jsonstat(["4003"]))      # no Tinn
    acc = write(tmp_path / "12362.json", accounts_jsonstat([TINN], drop={TINN: "265"}))
    result = import_municipality(TINN, SHIPPED, tmp_path / "tinn", kostra=[key, acc])
    notes = "\n".join(result.estimated)
    assert "municipality 4026 is not in SSB table 12209 (12209.json)" in notes
    assert "trinn 5 cost: SSB table 12362 (12362.json) has no number for function 265" in notes
    assert "trinn 6, 7, 9, 11, 12 recipients and care_fte_2023: municipality 4026" in notes
    src = _trinn(tmp_path / "tinn")["source"]
    assert src[6].startswith("estimated")
    assert src[5].startswith("estimated")
    assert src[11].startswith("estimated recipients")          # cost still from 12362
    assert "SSB table 12362 (2024" in src[11]
    targets = tomllib.loads((tmp_path / "tinn" / "targets.toml").read_text(encoding="utf-8"))
    assert targets["share_80plus_without_care_2023"]["source"].startswith("estimated")
    assert not (tmp_path / "tinn" / "coverage.csv").exists()


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d["value"].__setitem__(0, 131.4), "a percent above 100"),
    (lambda d: d["extension"]["px"].__setitem__("tableid", "12210"), "a file of SSB table 12210"),
    (lambda d: d["value"].__setitem__(1, -3), "negative"),
])
def test_bad_kostra_files_are_refused_naming_the_cell(tmp_path, change, problem):
    doc = key_figures_jsonstat([TINN])
    change(doc)
    path = write(tmp_path / "12209.json", doc)
    with pytest.raises(DataFileError, match=problem):
        read_kostra_file(path)
    with pytest.raises(DataFileError):
        import_municipality(TINN, SHIPPED, tmp_path / "out", kostra=[path])
    assert not (tmp_path / "out").exists()


def test_a_duplicated_row_is_refused(tmp_path):
    text = key_figures_csv([TINN])
    lines = text.splitlines()
    path = write(tmp_path / "dup.csv", "\n".join([*lines[:4], lines[3], *lines[4:]]) + "\n")
    with pytest.raises(DataFileError, match="a second value for region 4026"):
        read_kostra_file(path)


def test_two_key_figure_tables_are_refused(tmp_path):
    a = write(tmp_path / "a.json", key_figures_jsonstat([TINN]))
    b = write(tmp_path / "b.csv", key_figures_csv([TINN]))
    with pytest.raises(DataFileError, match="a second KOSTRA key figures table"):
        import_municipality(TINN, SHIPPED, tmp_path / "out", kostra=[a, b])


@pytest.mark.parametrize(("row", "problem"), [
    ('home,2 6,0.3,2024,x', "trinn 2 is not an individual or place-based trinn"),
    ('home,6 7,1.3,2024,x', "less than or equal to 1"),
    ('home,7 11,0.1,2024,x', "trinn 7 is also in the row of 'home_services_80plus'"),
])
def test_a_bad_coverage_file_is_refused_naming_it(tinn, tmp_path, row, problem):
    folder = tmp_path / "tinn"
    shutil.copytree(tinn, folder)
    path = folder / "coverage.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:3], row]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=problem) as err:
        load_municipality(str(folder))
    assert "coverage.csv" in str(err.value)


def test_a_population_without_an_age_group_at_80_imports_without_coverage(tmp_path):
    # Tinn's rows of the shipped file with 67-79 and 80-89 summed into one group, 67-89
    raw = pd.read_csv(SHIPPED, dtype={"value": "int64"})
    raw = raw[raw["region"] == "Tinn"].copy()
    raw.loc[raw["alder"].isin(["67-79 år", "80-89 år"]), "alder"] = "67-89 år"
    keys = ["region", "statistikkvariabel", "år", "alder", "Framskriving", "Tabell"]
    rows = raw.groupby(keys, as_index=False, sort=False)["value"].sum()
    path = tmp_path / "tinn-14288.csv"
    rows[["region", "statistikkvariabel", "år", "alder", "value", "Framskriving",
          "Tabell"]].to_csv(path, index=False)
    key = write(tmp_path / "12209.json", key_figures_jsonstat([TINN]))
    result = import_municipality(TINN, path, tmp_path / "tinn", kostra=[key])
    assert not (tmp_path / "tinn" / "coverage.csv").exists()
    assert any(e.startswith("coverage.csv: not written, the population has no age group "
                            "starting at 80") for e in result.estimated)
