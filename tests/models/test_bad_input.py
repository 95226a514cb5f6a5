"""Malformed data and package files fail with one message naming the file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import DataFileError
from models.municipality import load_municipality
from tests.conftest import run_cli


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_missing_column(faerder_copy):
    p = faerder_copy / "unit_prices.csv"
    _edit(p, "service,name_nb,name_en,trinn,unit,price_nok,",
          "service,name_nb,name_en,trinn,unit,prize,")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert "unit_prices.csv" in str(e.value)
    assert "'price_nok'" in str(e.value)
    assert e.value.row is not None


def test_negative_price(faerder_copy):
    p = faerder_copy / "unit_prices.csv"
    _edit(p, ",hour,799,2023,", ",hour,-799,2023,")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.path.name == "unit_prices.csv"
    assert e.value.field == "price_nok"
    assert e.value.row == _line_of(p, "-799")
    assert "-799" in str(e.value)


def test_non_numeric_price(faerder_copy):
    p = faerder_copy / "unit_prices.csv"
    _edit(p, ",hour,545,2023,", ",hour,fem hundre,2023,")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.field == "price_nok"
    assert e.value.row == _line_of(p, "fem hundre")


def test_unknown_trinn(faerder_copy):
    p = faerder_copy / "trinn.csv"
    _edit(p, "\n12,Spesialiserte plasser", "\n13,Spesialiserte plasser")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.path.name == "trinn.csv"
    assert e.value.field == "trinn"
    assert "unknown trinn" in str(e.value)


def test_unknown_trinn_in_price_list(faerder_copy):
    p = faerder_copy / "unit_prices.csv"
    _edit(p, "Home nursing (ambulant) day/evening,7,", "Home nursing (ambulant) day/evening,0,")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.field == "trinn"


def test_pathway_naming_unknown_package(faerder_copy):
    p = faerder_copy / "pathways.csv"
    _edit(p, "johs,normal,4,73,johs_normal_hn,", "johs,normal,4,73,johs_normal_typo,")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.path.name == "pathways.csv"
    assert e.value.field == "package"
    assert "johs_normal_typo" in str(e.value)
    assert e.value.row == _line_of(p, "johs_normal_typo")


def test_package_naming_unknown_service(faerder_copy):
    p = faerder_copy / "packages.csv"
    _edit(p, "johs_normal_hn,home_nursing,", "johs_normal_hn,home_nursingg,")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.path.name == "packages.csv"
    assert e.value.field == "service"
    assert "home_nursingg" in str(e.value)


def test_wrong_number_of_fields(faerder_copy):
    p = faerder_copy / "population.csv"
    _edit(p, "0-17,0,17,2025,5398,", "0-17,0,17,2025,5398,extra,")
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.path.name == "population.csv"
    assert "fields" in str(e.value)


def test_parameter_not_a_number(faerder_copy):
    p = faerder_copy / "parameters.toml"
    _edit(p, "value = 1595", 'value = "many"')
    with pytest.raises(DataFileError) as e:
        load_municipality(str(faerder_copy))
    assert e.value.field == "hours_per_fte.value"


def test_cli_bad_data_file_one_line_no_traceback(faerder_copy):
    _edit(faerder_copy / "unit_prices.csv", ",hour,799,2023,", ",hour,-799,2023,")
    r = run_cli("calc", "--persona", "johs", "--municipality", str(faerder_copy))
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "unit_prices.csv" in lines[0]
    assert "price_nok" in lines[0]
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize(("content", "field"), [
    ('[[alternative]]\nname = "a"\n[[alternative.service]]\nservice = "nope"\nquantity = 1\n'
     'unit = "hours_per_week"\n', "alternative[1].service[1].service"),
    ('[[alternative]]\nname = "a"\n[[alternative.service]]\nservice = "home_nursing"\n'
     'quantity = -2\nunit = "hours_per_week"\n', "alternative[1].service[1].quantity"),
    ('[[alternative]]\nname = "a"\n[[alternative.service]]\nservice = "home_nursing"\n'
     'quantity = 2\nunit = "places"\n', "alternative[1].service[1].unit"),
    ('[[alternative]]\nname = "a"\ncolour = "red"\n[[alternative.service]]\n'
     'service = "home_nursing"\nquantity = 2\nunit = "hours_per_week"\n', "alternative[1].colour"),
])
def test_cli_bad_package_file(tmp_path, content, field):
    f = tmp_path / "pkg.toml"
    f.write_text(content, encoding="utf-8")
    r = run_cli("calc", str(f))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "pkg.toml" in lines[0], r.stderr
    assert field in lines[0], r.stderr


def test_cli_bad_argument_is_one_line():
    r = run_cli("calc", "--persona", "johs", "--lang", "de")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1


def test_cli_unknown_persona():
    r = run_cli("calc", "--persona", "ola")
    assert r.returncode == 2
    assert "unknown persona 'ola'" in r.stderr
