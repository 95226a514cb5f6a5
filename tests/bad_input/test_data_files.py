"""Malformed municipality data files: `trappa calc --municipality ./COPY` refuses each in one
line naming the file, the row and the field (hand-written cases and hypothesis mutations)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.municipality import DATA_DIR
from tests.bad_input.conftest import SHIPPED, assert_refused, invoke, snapshot

CALC = ["calc", "--persona", "johs", "--json"]

#: The numeric columns of each CSV file (their row models' int and float fields).
NUMERIC = {
    "age_profiles.csv": ("relative_use",),
    "dementia.csv": ("age_from", "age_to", "prevalence"),
    "investments.csv": ("row", "age", "amount_nok", "price_year"),
    "need_groups.csv": ("trinn", "share", "mean_years"),
    "packages.csv": ("quantity",),
    "pathways.csv": ("row", "age"),
    "population.csv": ("age_min", "age_max", "year", "persons"),
    "trinn.csv": ("trinn", "cost_2024_mnok"),
    "unit_prices.csv": ("trinn", "price_nok", "price_year"),
}
NOT_NUMBERS = ("nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", "x", "1,5")
CONTROLS = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1c", "\x1e", "\x7f",
            "\x85", "\x9f")


def data_rows(path: Path) -> tuple[list[str], list[int]]:
    """Return the file's lines and the indexes of its data rows (not comments, not header)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    content = [i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    return lines, content[1:]


def set_cell(path: Path, row: int, column: str, value: str) -> int:
    """Set ``column`` of data row ``row`` (0-based, wrapped) to ``value``; return its line
    number (1-based)."""
    lines, rows = data_rows(path)
    header_at = next(i for i, line in enumerate(lines)
                     if line.strip() and not line.startswith("#"))
    header = next(csv.reader([lines[header_at]]))
    i = rows[row % len(rows)]
    cells = next(csv.reader([lines[i]]))
    cells[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    lines[i] = buf.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")
    return i + 1


def set_toml_value(path: Path, table: str, key: str, literal: str) -> None:
    """Replace ``key = ...`` inside ``[table]`` with ``key = literal``."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(\[{re.escape(table)}\]\n(?:(?!\[).*\n)*?){re.escape(key)} = .*\n")
    new, n = pattern.subn(lambda m: f"{m.group(1)}{key} = {literal}\n", text, count=1)
    assert n == 1, (table, key)
    path.write_text(new, encoding="utf-8")


# --- hand-written cases: (id, file, edit, expected in the line) ---------------------------

def _param(name: str, literal: str) -> Callable[[Path], object]:
    return lambda d: set_toml_value(d / "parameters.toml", name, "value", literal)


def _demog(name: str, literal: str) -> Callable[[Path], object]:
    return lambda d: set_toml_value(d / "demography.toml", name, "value", literal)


def _cell(file: str, row: int, column: str, value: str) -> Callable[[Path], object]:
    return lambda d: set_cell(d / file, row, column, value) and None


def _bytes(file: str, content: bytes) -> Callable[[Path], object]:
    return lambda d: (d / file).write_bytes(content) and None


def _latin1(file: str) -> Callable[[Path], object]:
    return lambda d: (d / file).write_bytes((d / file).read_text(encoding="utf-8")
                                            .encode("latin-1", errors="replace")) and None


def _append(file: str, text: str) -> Callable[[Path], object]:
    def edit(d: Path) -> None:
        with (d / file).open("a", encoding="utf-8") as fh:
            fh.write(text)
    return edit


def _to_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


CASES: list[tuple[str, str, Callable[[Path], object], str]] = [
    ("hours-per-fte-zero", "parameters.toml", _param("hours_per_fte", "0"), "hours_per_fte.value"),
    ("hours-per-fte-negative", "parameters.toml", _param("hours_per_fte", "-1595"),
     "hours_per_fte.value"),
    ("hours-per-fte-too-many", "parameters.toml", _param("hours_per_fte", "9000"),
     "hours_per_fte.value"),
    ("hours-per-fte-nan", "parameters.toml", _param("hours_per_fte", "nan"),
     "hours_per_fte.value"),
    ("hours-per-fte-string", "parameters.toml", _param("hours_per_fte", '"1595"'),
     "hours_per_fte.value"),
    ("position-size-zero", "parameters.toml", _param("position_size", "0"),
     "position_size.value"),
    ("position-size-negative", "parameters.toml", _param("position_size", "-0.67"),
     "position_size.value"),
    ("position-size-above-one", "parameters.toml", _param("position_size", "1.5"),
     "position_size.value"),
    ("position-size-inf", "parameters.toml", _param("position_size", "inf"),
     "position_size.value"),
    ("weeks-zero", "parameters.toml", _param("weeks_per_year", "0"), "weeks_per_year.value"),
    ("price-index-zero", "parameters.toml", _param("price_index_2024_per_2023", "0"),
     "price_index_2024_per_2023.value"),
    ("price-index-negative", "parameters.toml", _param("price_index_2024_per_2023", "-1.042"),
     "price_index_2024_per_2023.value"),
    ("prevalence-negative", "parameters.toml", _param("dementia_prevalence_2024", "-684"),
     "dementia_prevalence_2024.value"),
    ("divisor-zero", "parameters.toml", _param("persona_scaling_divisor_years", "0"),
     "persona_scaling_divisor_years.value"),
    ("day-centre-25-hours", "parameters.toml", _param("day_centre_hours_per_day", "25"),
     "day_centre_hours_per_day.value"),
    ("stage-shape-outside-prior", "parameters.toml", _param("dementia_stage_shape", "20"),
     "dementia_stage_shape.value"),
    ("unit-nul", "parameters.toml",
     lambda d: set_toml_value(d / "parameters.toml", "hours_per_fte", "unit", '"h\\u0000"'),
     "hours_per_fte.unit"),
    ("unknown-key", "parameters.toml", _append("parameters.toml", "[x]\nvalue = 1\nunit = \"u\""
                                                "\nsource = \"s\"\ncolour = 1\n"), "x"),
    ("not-a-table", "parameters.toml", _append("parameters.toml", "y = 3\n"), "y"),
    ("deep-nesting", "parameters.toml",
     _append("parameters.toml", "z = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"), "nested"),
    ("mortality-level-inf", "demography.toml", _demog("mortality_level", "inf"),
     "mortality_level.value"),
    ("max-age-zero", "demography.toml", _demog("max_age", "0"), "max_age.value"),
    ("birth-rate-negative", "demography.toml", _demog("birth_rate_per_adult", "-0.02"),
     "birth_rate_per_adult.value"),
    ("trinn-cost-inf", "trinn.csv", _cell("trinn.csv", 0, "cost_2024_mnok", "inf"),
     "field 'cost_2024_mnok'"),
    ("trinn-cost-nan", "trinn.csv", _cell("trinn.csv", 3, "cost_2024_mnok", "nan"),
     "field 'cost_2024_mnok'"),
    ("trinn-cost-negative", "trinn.csv", _cell("trinn.csv", 5, "cost_2024_mnok", "-1"),
     "field 'cost_2024_mnok'"),
    ("trinn-13", "trinn.csv", _cell("trinn.csv", 0, "trinn", "13"), "field 'trinn'"),
    ("price-negative", "unit_prices.csv", _cell("unit_prices.csv", 0, "price_nok", "-799"),
     "field 'price_nok'"),
    ("price-inf", "unit_prices.csv", _cell("unit_prices.csv", 2, "price_nok", "inf"),
     "field 'price_nok'"),
    ("price-year-1800", "unit_prices.csv", _cell("unit_prices.csv", 0, "price_year", "1800"),
     "field 'price_year'"),
    ("service-newline-name", "unit_prices.csv",
     _cell("unit_prices.csv", 0, "service", "home_nursing\u2028x"), "service"),
    ("persons-negative", "population.csv", _cell("population.csv", 0, "persons", "-5"),
     "field 'persons'"),
    ("persons-nan", "population.csv", _cell("population.csv", 1, "persons", "nan"),
     "field 'persons'"),
    ("share-nan", "need_groups.csv", _cell("need_groups.csv", 0, "share", "nan"),
     "field 'share'"),
    ("prevalence-inf", "dementia.csv", _cell("dementia.csv", 0, "prevalence", "inf"),
     "field 'prevalence'"),
    ("nul-in-source", "trinn.csv", _cell("trinn.csv", 0, "source", "a\x00b"), "field 'source'"),
    ("nul-in-name", "unit_prices.csv", _cell("unit_prices.csv", 0, "name_nb", "\x00"),
     "field 'name_nb'"),
    ("escape-in-note", "packages.csv", _cell("packages.csv", 0, "note", "\x1b[2J"),
     "field 'note'"),
    ("edge-control-stripped-once", "pathways.csv", _cell("pathways.csv", 0, "package", "\x1c"),
     "field 'package'"),
    ("fields-missing", "trinn.csv", _append("trinn.csv", "\n13,x\n"), "row"),
    ("column-missing", "dementia.csv",
     lambda d: (d / "dementia.csv").write_text("age_from,age_to\n1,2\n", encoding="utf-8"),
     "prevalence"),
    ("empty-file", "population.csv",
     lambda d: (d / "population.csv").write_text("", encoding="utf-8"), "no header"),
    ("missing-file", "need_groups.csv", lambda d: (d / "need_groups.csv").unlink(),
     "not found"),
    ("file-is-folder", "packages.csv", lambda d: _to_folder(d / "packages.csv"),
     "cannot read"),
    *[(f"latin-1-{f}", f, _latin1(f), "not UTF-8")
      for f in ("trinn.csv", "unit_prices.csv", "parameters.toml", "pathways.csv",
                "packages.csv")],
    *[(f"binary-{f}", f, _bytes(f, bytes(range(128, 256)) * 8), "not UTF-8")
      for f in ("population.csv", "demography.toml", "age_profiles.csv", "investments.csv",
                "need_groups.csv", "dementia.csv")],
]


@pytest.mark.parametrize(("file", "edit", "expected"),
                         [pytest.param(f, e, x, id=i) for i, f, e, x in CASES])
def test_bad_data_file(case: Callable[..., str], data_copy: Path, file: str,
                       edit: Callable[[Path], object], expected: str) -> None:
    edit(data_copy)
    case([*CALC, "--municipality", "./data/faerder"], file, expected)


def test_a_folder_named_like_the_shipped_data_is_not_used(
        tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # a broken folder called faerder in the current directory once replaced the shipped data
    monkeypatch.chdir(tmp_path / "data")
    (data_copy / "trinn.csv").write_text("broken", encoding="utf-8")
    result = invoke(["calc", "--persona", "johs", "--json", "--municipality", "faerder"],
                    capsys)
    assert result.code == 0, result.err
    result = invoke(["calc", "--persona", "johs", "--json", "--municipality", "./faerder"],
                    capsys)
    assert_refused(result, "trinn.csv")


# --- hypothesis: one cell or one TOML value of a valid file made invalid -----------------

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _refused_in_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     edit: Callable[[Path], object], *expected: str) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        folder = Path(tmp) / "faerder"
        shutil.copytree(DATA_DIR / "faerder", folder)
        edit(folder)
        before = snapshot((Path(tmp), tmp_path, *SHIPPED))
        assert_refused(invoke([*CALC, "--municipality", str(folder)], capsys), *expected)
        assert snapshot((Path(tmp), tmp_path, *SHIPPED)) == before


@FUZZ
@given(file=st.sampled_from(sorted(NUMERIC)), row=st.integers(0, 500), data=st.data(),
       bad=st.sampled_from(NOT_NUMBERS))
def test_a_number_cell_that_is_not_a_finite_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str],
                                                   file: str, row: int, data: st.DataObject,
                                                   bad: str) -> None:
    monkeypatch.chdir(tmp_path)
    column = data.draw(st.sampled_from(NUMERIC[file]))
    _, rows = data_rows(DATA_DIR / "faerder" / file)
    line = rows[row % len(rows)] + 1
    _refused_in_copy(tmp_path, capsys, lambda d: set_cell(d / file, row, column, bad) and None,
                     file, f"row {line}, field '{column}'")


@FUZZ
@given(file=st.sampled_from(sorted(NUMERIC)), row=st.integers(0, 500), data=st.data(),
       control=st.sampled_from(CONTROLS), at=st.integers(0, 20))
def test_a_control_character_in_any_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str], file: str,
                                         row: int, data: st.DataObject, control: str,
                                         at: int) -> None:
    monkeypatch.chdir(tmp_path)
    lines, rows = data_rows(DATA_DIR / "faerder" / file)
    header_at = next(i for i, line in enumerate(lines)
                     if line.strip() and not line.startswith("#"))
    header = next(csv.reader([lines[header_at]]))
    column = data.draw(st.sampled_from(header))
    cells = next(csv.reader([lines[rows[row % len(rows)]]]))
    old = cells[header.index(column)]
    new = old[:at] + control + old[at:]
    _refused_in_copy(tmp_path, capsys, lambda d: set_cell(d / file, row, column, new) and None,
                     file, f"field '{column}'", "control character")


PARAMETERS = tuple(re.findall(r"^\[(\w+)\]$", (DATA_DIR / "faerder" / "parameters.toml")
                              .read_text(encoding="utf-8"), flags=re.M))
DEMOGRAPHY = tuple(re.findall(r"^\[(\w+)\]$", (DATA_DIR / "faerder" / "demography.toml")
                              .read_text(encoding="utf-8"), flags=re.M))
BAD_LITERALS = ("nan", "inf", "-inf", "-1", '"1"', "true", "[1]", "{ a = 1 }",
                '"\\u0000"', "1e400")


@FUZZ
@given(target=st.sampled_from([("parameters.toml", p) for p in PARAMETERS]
                               + [("demography.toml", p) for p in DEMOGRAPHY]),
       literal=st.sampled_from(BAD_LITERALS))
def test_a_parameter_value_that_cannot_be(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str],
                                          target: tuple[str, str], literal: str) -> None:
    monkeypatch.chdir(tmp_path)
    file, name = target
    _refused_in_copy(tmp_path, capsys,
                     lambda d: set_toml_value(d / file, name, "value", literal),
                     file, f"{name}.value")
