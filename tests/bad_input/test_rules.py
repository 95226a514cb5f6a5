"""The shared rules behind the corpus, tested directly: one-line messages, control characters,
parameter ranges, size limits and where an unchanged override's value comes from."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import runners.limits as limits
from models.datafile import control_character, read_csv, read_toml
from models.errors import DataFileError, TrappaError, one_line
from models.parameters import out_of_range
from runners.errors import SweepError
from scenarios import load_scenario, resolve_scenario_path


def test_an_error_message_is_always_one_printable_line() -> None:
    exc = DataFileError(Path("a\nb.toml"), "bad\x00value\r\n", field="k\x1b")
    text = str(exc)
    assert text.isprintable()
    assert text == "a\\nb.toml, field 'k\\x1b': bad\\x00value\\r\\n"
    assert one_line("Færder, årsverk") == "Færder, årsverk"  # printable non-ASCII stays
    assert str(TrappaError("x\u2028y")) == "x\\u2028y"


@pytest.mark.parametrize(("text", "found"), [
    ("plain", None), ("tab\tand\nnewline\r", None), ("Færder", None),
    ("a\x00", "U+0000"), ("\x1b[31m", "U+001B"), ("\x7f", "U+007F"), ("\x85", "U+0085"),
    ("\x9f", "U+009F"), ("\x0b", "U+000B"),
])
def test_control_characters(text: str, found: str | None) -> None:
    result = control_character(text)
    assert (result is None) if found is None else (found in (result or ""))


@pytest.mark.parametrize(("name", "value", "ok"), [
    ("hours_per_fte", 1595.0, True), ("hours_per_fte", 0.0, False),
    ("hours_per_fte", 8784.0, True), ("hours_per_fte", 8784.5, False),
    ("position_size", 1.0, True), ("position_size", 0.0, False), ("position_size", 1.01, False),
    ("price_index_2024_per_2023", 1e-9, True), ("price_index_2024_per_2023", 0.0, False),
    ("some_count", 0.0, True), ("some_count", -1e-12, False), ("some_count", math.nan, False),
    ("some_count", math.inf, False), ("max_age", 105.0, True), ("max_age", 0.5, False),
])
def test_parameter_ranges(name: str, value: float, ok: bool) -> None:
    assert (out_of_range(name, value) is None) is ok


def test_the_size_limit_follows_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 GB, half of it for tables of 3 years x 40 kB per task-year: 500e6 / 120e3 = 4166.7
    monkeypatch.setattr(limits, "physical_memory", lambda: 1_000_000_000)
    limits.check_tasks(4166, 3, "f.toml", "runs")
    with pytest.raises(SweepError, match=r"f\.toml, key 'runs': 4,167 tasks .* 500 MB .*"
                                         r"at most 4,166 tasks"):
        limits.check_tasks(4167, 3, "f.toml", "runs")


def test_an_override_equal_to_the_file_keeps_the_file_as_source() -> None:
    s = load_scenario(resolve_scenario_path("normal"))
    same = s.with_overrides(replications=s.replications, seed=s.seed)
    assert same.provenance["replications"].endswith("base.toml")
    assert s.with_overrides(replications=s.replications + 1).provenance["replications"] == "cli"


def test_read_toml_names_the_key_of_a_nan(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('[a]\nb = [1, { c = nan }]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"field 'a\.b\[2\]\.c': must be a finite"):
        read_toml(path)


def test_a_control_character_that_strip_would_drop_is_still_found(tmp_path: Path) -> None:
    # str.strip() removes \x1c-\x1f and \x85 at a cell's edge, and str.splitlines() breaks
    # lines there: both would have hidden it
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,\x1c\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"row 2, field 'b': text holds a control"):
        read_csv(path, ("a", "b"))


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "Infinity", "x"])
def test_finite_float_refuses_what_is_not_a_finite_number(text: str) -> None:
    import argparse

    from runners.execution import finite_float

    with pytest.raises(argparse.ArgumentTypeError):
        finite_float(text)
    assert finite_float("-1.5") == -1.5
