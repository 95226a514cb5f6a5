"""The three SSB formats parse to the same numbers; SSB's symbols; municipality numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from models.errors import DataFileError
from models.ssb import current_number, parse_age, read_ssb_file
from tests.models.ssb_fixtures import (
    SHIPPED,
    shipped_rows,
    to_jsonstat,
    to_statbank_csv,
    write_json,
)

REGIONS = ("Skien", "Hele landet", "Siljan")
YEARS = (2024, 2030, 2050)
KEY = ["region", "alternative", "age_min", "age_max", "year"]


def _keyed(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index(KEY)["persons"].sort_index()


@pytest.fixture(scope="module")
def rows():
    return shipped_rows(REGIONS, YEARS)


@pytest.fixture(scope="module")
def three(rows, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formats")
    tidy = tmp / "tidy.csv"
    rows.to_csv(tidy, index=False)
    js = write_json(tmp / "t.json", to_jsonstat(rows))
    utf = tmp / "statbank-utf8.csv"
    utf.write_text(to_statbank_csv(rows, decimals=True), encoding="utf-8")
    latin = tmp / "statbank-latin1.csv"
    latin.write_bytes(to_statbank_csv(rows).encode("latin-1"))
    return {p.name: read_ssb_file(p) for p in (tidy, js, utf, latin)}


def test_three_formats_give_the_same_numbers(three, rows):
    frames = {name: _keyed(t.frame) for name, t in three.items()}
    first = frames.pop("tidy.csv")
    assert len(first) == len(rows)  # one row per cell of the source (sexes summed)
    for name, series in frames.items():
        pd.testing.assert_series_equal(series, first, check_names=False, obj=name)
    assert {t.table_id for t in three.values()} == {"14288"}
    assert {t.fmt for t in three.values()} == {"tidy-csv", "json-stat", "statbank-csv"}


def test_numbers_are_the_files(three, rows):
    # Skien, MMMM, 80-89 år, 2050 as printed in the shipped file
    raw = rows[(rows["region"] == "Skien") & (rows["år"] == 2050) & (rows["alder"] == "80-89 år")
               & (rows["statistikkvariabel"] == "Hovedalternativet (MMMM)")]["value"].item()
    for t in three.values():
        f = t.frame
        got = f[(f["region"] == "4003") & (f["year"] == 2050) & (f["age_min"] == 80)
                & (f["alternative"] == "MMMM")]["persons"].item()
        assert got == raw


def test_whole_shipped_file_reads_with_codes_and_alternatives():
    t = read_ssb_file(SHIPPED)
    assert t.table_id == "14288"
    assert t.kind == "projection"
    assert set(t.alternatives) == {"MMMM", "LLML", "HHMH"}
    assert len(t.frame) == 15390   # 19 regions x 3 alternatives x 27 years x 10 age groups
    assert set(t.frame["region"]) >= {"0", "40", "4001", "4003", "4036"}
    first = t.frame.iloc[0]        # "Porsgrunn,Hovedalternativet (MMMM),2024,0 år,303"
    assert (first["region"], first["alternative"], first["age_min"], first["year"],
            first["persons"]) == ("4001", "MMMM", 0, 2024, 303)
    open_group = t.frame[t.frame["age_max"].isna()]
    assert set(open_group["age_min"]) == {90}


def test_ssb_symbols_in_json_stat(rows, tmp_path):
    cells = {("Skien", "0 år", "Hovedalternativet (MMMM)", 2024): "..",
             ("Skien", "1-5 år", "Hovedalternativet (MMMM)", 2024): ":",
             ("Siljan", "90 år eller eldre", "Lav nasjonal vekst (LLML)", 2050): "-"}
    t = read_ssb_file(write_json(tmp_path / "s.json", to_jsonstat(rows, split_sex=False,
                                                                  cells=cells)))
    f = t.frame.set_index(["region", "alternative", "age_min", "year"])
    assert pd.isna(f.loc[("4003", "MMMM", 0, 2024), "persons"])
    assert f.loc[("4003", "MMMM", 0, 2024), "status"] == ".."
    assert f.loc[("4003", "MMMM", 1, 2024), "status"] == ":"
    assert f.loc[("4010", "LLML", 90, 2050), "persons"] == 0


def test_ssb_symbols_in_statbank_csv(rows, tmp_path):
    cells = {("Skien", "0 år", "Hovedalternativet (MMMM)", 2024): '".."',
             ("Skien", "1-5 år", "Hovedalternativet (MMMM)", 2024): '":"',
             ("Siljan", "90 år eller eldre", "Lav nasjonal vekst (LLML)", 2050): '"-"'}
    p = tmp_path / "s.csv"
    p.write_text(to_statbank_csv(rows, cells=cells), encoding="utf-8")
    f = read_ssb_file(p).frame.set_index(["region", "alternative", "age_min", "year"])
    assert f.loc[("4003", "MMMM", 0, 2024), "status"] == ".."
    assert pd.isna(f.loc[("4003", "MMMM", 1, 2024), "persons"])
    assert f.loc[("4010", "LLML", 90, 2050), "persons"] == 0
    assert f.loc[("4003", "MMMM", 6, 2024), "persons"] > 0


@pytest.mark.parametrize(("label", "ages"), [
    ("0 år", (0, 0)), ("1-5 år", (1, 5)), ("90 år eller eldre", (90, None)),
    ("105 år eller eldre", (105, None)), ("000 0 år", (0, 0)), ("105+", (105, None)),
    ("20-44 years", (20, 44)), ("Alle aldre", None)])
def test_age_labels(label, ages):
    assert parse_age(label) == ages


def test_old_municipality_numbers_map_to_todays():
    # KLASS 131 changes: Færder 0729 (2018) -> 3811 (2020) -> 3911 (2024); Skien 3807 -> 4003
    assert current_number("3811") == "3911"
    assert current_number("0729") == "3911"
    assert current_number("3807") == "4003"
    assert current_number("3818") == "4026"  # Tinn
    assert current_number("4003") == "4003"


def test_another_table_is_refused(rows, tmp_path):
    p = write_json(tmp_path / "other.json", to_jsonstat(rows, table_id="11342"))
    with pytest.raises(DataFileError, match="SSB table 11342"):
        read_ssb_file(p)


def test_truncated_json_is_one_line(rows, tmp_path):
    p = tmp_path / "cut.json"
    text = write_json(tmp_path / "full.json", to_jsonstat(rows)).read_text(encoding="utf-8")
    p.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        read_ssb_file(p)
    assert "cut.json" in str(e.value)
    assert "truncated" in str(e.value)
    assert "\n" not in str(e.value)


def test_value_count_must_match_sizes(rows, tmp_path):
    doc = to_jsonstat(rows)
    doc["value"] = doc["value"][:-3]
    with pytest.raises(DataFileError, match="field 'value': holds"):
        read_ssb_file(write_json(tmp_path / "short.json", doc))


def test_both_sexes_is_not_summed_with_men_and_women(rows, tmp_path):
    doc = to_jsonstat(rows)  # men and women
    cat = doc["dimension"]["Kjonn"]["category"]
    # add "Begge kjønn" as a third category holding the whole count: values re-laid out
    n_sex = 2
    size = doc["size"]
    k = doc["id"].index("Kjonn")
    inner = 1
    for s in size[k + 1:]:
        inner *= s
    values, out = doc["value"], []
    for block in range(0, len(values), n_sex * inner):
        men, women = values[block:block + inner], values[block + inner:block + 2 * inner]
        out += men + women + [a + b for a, b in zip(men, women, strict=True)]
    cat["index"]["0"] = 2
    cat["label"]["0"] = "Begge kjønn"
    doc["size"][k] = 3
    doc["value"] = out
    got = read_ssb_file(write_json(tmp_path / "b.json", doc)).frame
    ref = read_ssb_file(write_json(tmp_path / "a.json", to_jsonstat(rows))).frame
    pd.testing.assert_series_equal(_keyed(got), _keyed(ref))


def test_a_successor_projection_table_is_accepted(rows, tmp_path):
    t = read_ssb_file(write_json(tmp_path / "next.json", to_jsonstat(rows, table_id="14999")))
    assert (t.table_id, t.kind) == ("14999", "projection")
    assert set(t.alternatives) == {"MMMM", "LLML", "HHMH"}
