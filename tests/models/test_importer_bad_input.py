"""Bad input stops the import with one line naming the file, the row or cell and the problem,
and nothing is written (no folder, no temporary folder left)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from models.errors import DataFileError, TrappaError
from models.importer import import_municipality
from tests.models.ssb_fixtures import SHIPPED, shipped_rows, to_jsonstat, write_json

MMMM = "Hovedalternativet (MMMM)"


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return shipped_rows(("Skien", "Siljan"), (2024, 2030, 2040))


def _fails(tmp: Path, projection: Path, *, kommune: str = "4003", **kw) -> TrappaError:
    out = tmp / "out"
    with pytest.raises(TrappaError) as e:
        import_municipality(kommune, projection, out, **kw)
    msg = str(e.value)
    assert "\n" not in msg
    assert not out.exists()
    assert [p.name for p in tmp.iterdir() if p.name.startswith(".")] == []  # no temp folder
    return e.value


def _tidy(tmp: Path, rows: pd.DataFrame, name: str = "p.csv") -> Path:
    p = tmp / name
    rows.to_csv(p, index=False)
    return p


def test_a_file_of_another_table(tmp_path, rows):
    e = _fails(tmp_path, write_json(tmp_path / "x.json", to_jsonstat(rows, table_id="07459")))
    assert "x.json" in str(e)
    assert "07459" in str(e)
    assert "14288" in str(e)


def test_a_region_not_in_the_file(tmp_path, rows):
    e = _fails(tmp_path, _tidy(tmp_path, rows), kommune="4036")
    assert "p.csv" in str(e)
    assert "region 4036 is not in the file" in str(e)
    assert "4003 Skien" in str(e)


@pytest.mark.parametrize("number", ["12345", "9999", "abcd"])
def test_an_unknown_municipality_number(tmp_path, rows, number):
    e = _fails(tmp_path, _tidy(tmp_path, rows), kommune=number)
    assert "unknown municipality number" in str(e)
    assert number in str(e)


def test_ages_that_stop_before_90_plus(tmp_path, rows):
    cut = rows[rows["alder"] != "90 år eller eldre"]
    e = _fails(tmp_path, _tidy(tmp_path, cut))
    assert "ages do not cover 0 to 90+" in str(e)
    assert "80-89 år" in str(e)


def test_ages_with_a_gap(tmp_path, rows):
    cut = rows[rows["alder"] != "1-5 år"]
    e = _fails(tmp_path, _tidy(tmp_path, cut))
    assert "gap at age 1" in str(e)
    assert "p.csv" in str(e)


def test_a_year_missing_for_one_group(tmp_path, rows):
    drop = (rows["region"] == "Skien") & (rows["år"] == 2030) & (rows["alder"] == "67-79 år") \
        & (rows["statistikkvariabel"] == MMMM)
    e = _fails(tmp_path, _tidy(tmp_path, rows[~drop]))
    assert "years missing" in str(e)
    assert "MMMM" in str(e)
    assert "2030" in str(e)


def test_no_base_year(tmp_path, rows):
    e = _fails(tmp_path, _tidy(tmp_path, rows[rows["år"] != 2024]))
    assert "years missing: no 2024" in str(e)


@pytest.mark.parametrize(("value", "problem"), [("-5", "negative count"),
                                                ("mange", "not a number")])
def test_negative_or_non_numeric_counts(tmp_path, rows, value, problem):
    bad = rows.astype({"value": str}).copy()
    bad.loc[3, "value"] = value
    e = _fails(tmp_path, _tidy(tmp_path, bad))
    assert problem in str(e)
    assert "row 5, column 'value'" in str(e)  # header on line 1, data row 3 on line 5


def test_a_missing_cell_of_the_region(tmp_path, rows):
    cells = {("Skien", "80-89 år", MMMM, 2040): ".."}
    e = _fails(tmp_path, write_json(tmp_path / "s.json", to_jsonstat(rows, cells=cells)))
    assert "Region=4003" in str(e)
    assert "Alder=080-089" in str(e)
    assert "missing" in str(e)


def test_a_truncated_json(tmp_path, rows):
    full = write_json(tmp_path / "full.json", to_jsonstat(rows)).read_text(encoding="utf-8")
    (tmp_path / "full.json").unlink()
    cut = tmp_path / "cut.json"
    cut.write_text(full[:-200], encoding="utf-8")
    e = _fails(tmp_path, cut)
    assert "cut.json" in str(e)
    assert "not valid JSON" in str(e)


def _stairs(tmp: Path, body: str) -> Path:
    p = tmp / "stairs.csv"
    p.write_text("trinn,recipients,cost_mnok,year,price_year,source\n" + body, encoding="utf-8")
    return p


@pytest.mark.parametrize(("body", "expect"), [
    ("13,10,1.0,2024,2024,x\n", "row 2, field 'trinn': unknown trinn '13'"),
    ("7,2300,-4,2024,2024,x\n", "row 2, field 'cost_mnok': negative cost_mnok"),
    ("4,100,19.0,2024,2024,x\n7,2300,260000000,2024,2024,x\n",
     "row 3, field 'cost_mnok': cost per recipient 113,043,478,261 NOK on trinn 7 is far "
     "outside"),
    ("7,2300,abc,2024,2024,x\n", "row 2, field 'cost_mnok': not a number"),
    ("7,2300,260,2023,2023,x\n", "row 2, field 'year': year must be the base year 2024"),
    ("7,2300,260,2024,2023,x\n", "row 2, field 'price_year': price_year must be 2024"),
])
def test_bad_staircase(tmp_path, rows, body, expect):
    stairs = _stairs(tmp_path, body)
    e = _fails(tmp_path, _tidy(tmp_path, rows), staircase=stairs)
    assert isinstance(e, DataFileError)
    assert "stairs.csv" in str(e)
    assert expect in str(e)


def test_unit_error_names_the_likely_cause(tmp_path, rows):
    # 260.5 mill NOK typed in NOK
    stairs = _stairs(tmp_path, "7,2300,260500000,2024,2024,accounts\n")
    e = _fails(tmp_path, _tidy(tmp_path, rows), staircase=stairs)
    assert "NOK given as mill NOK?" in str(e)


def test_an_existing_non_empty_folder_is_refused_and_untouched(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(TrappaError, match="not an empty folder"):
        import_municipality("4003", SHIPPED, out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_an_empty_existing_folder_is_filled(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    import_municipality("4001", SHIPPED, out)
    assert (out / "trinn.csv").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]
