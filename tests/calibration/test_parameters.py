"""The calibration's parameter space: bounds with sources, entry scales expanded per cell, and
bad parameter files refused with one line naming the file and the field."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from calibration.parameters import load_space, parameters_path, round_sig
from models.errors import DataFileError
from models.municipality import load_municipality

TRINN = (4, 5, 6, 7, 9, 10, 11, 12)


@pytest.fixture(scope="module")
def space(faerder):
    return load_space(faerder)


def test_shipped_space(space):
    assert space.names == (*(f"entry_scale:*:{t}" for t in TRINN),
                           "entry_scale:frail_elderly:*")
    for p in space.free:
        assert 0 < p.prior_min <= p.start <= p.prior_max
        assert all((p.source, p.unit, p.moves))
    assert {p.name for p in space.fixed} == {"mortality_level", "dementia_stage_shape",
                                              "dementia_incidence_scale",
                                              "dementia_mortality_hr_70",
                                              "dementia_mortality_hr_90"}
    assert all(p.reason for p in space.fixed)


def test_overrides_multiply_matching_scales(space, faerder):
    values = [*(1 + t / 100 for t in TRINN), 1.5]
    ov = space.overrides(values)
    cells = [(c.group, c.trinn) for c in faerder.needs.cells]
    assert {k for k in ov if k.startswith("entry_scale:")} == {
        f"entry_scale:{g}:{t}" for g, t in cells}
    assert ov["entry_scale:frail_elderly:11"] == pytest.approx(1.11 * 1.5)
    assert ov["entry_scale:children:4"] == pytest.approx(1.04)


def test_every_override_is_a_name_the_engine_reads(space, faerder):
    # the engine would silently ignore unknown names, so check them here
    cells = {f"entry_scale:{c.group}:{c.trinn}" for c in faerder.needs.cells}
    for name in space.overrides(list(space.start)):
        assert name in cells or name in faerder.demography or name in faerder.parameters


def test_on_bound_and_rounding(space):
    values = list(space.start)
    values[0] = space.free[0].prior_max
    assert space.on_bound(values) == ["entry_scale:*:4"]
    assert round_sig(0.123456789) == 0.123457
    assert round_sig(1234567.0) == 1234570.0


def test_with_start_checks_bounds(space):
    moved = space.with_start({"entry_scale:*:7": 1.5})
    assert moved.free[space.names.index("entry_scale:*:7")].start == 1.5
    with pytest.raises(DataFileError, match=r"entry_scale:\*:7.*outside"):
        space.with_start({"entry_scale:*:7": 3.0})
    with pytest.raises(DataFileError, match="unknown free parameter"):
        space.with_start({"nope": 1.0})


GOOD = """
[free.dementia_incidence_scale]
from = "demography.toml"
moves = ["dementia:2024"]

[free."entry_scale:*:7"]
start = 1.0
prior_min = 0.5
prior_max = 2.0
unit = "u"
source = "s"
moves = ["recipients:2024:7"]

[fixed.mortality_level]
reason = "r"

[fixed.dementia_stage_shape]
reason = "r"

[fixed.dementia_mortality_hr_70]
reason = "r"

[fixed.dementia_mortality_hr_90]
reason = "r"
"""


@pytest.mark.parametrize(("old", "new", "message"), [
    ('unit = "u"', 'unit = "u"\ncolour = "red"', r"free\.entry_scale:\*:7': unknown key"),
    ("start = 1.0", "start = 3.0", r"start 3.0 lies outside"),
    ("prior_min = 0.5", "prior_min = 0.0", r"0 < prior_min < prior_max"),
    ('"entry_scale:*:7"]', '"entry_scale:*:8"]', "matches no need-group cell"),
    ('"entry_scale:*:7"]', '"entry_scale:pets:7"]', "matches no need-group cell"),
    ('from = "demography.toml"', 'from = "trinn.csv"', "'from' must be one of"),
    ('from = "demography.toml"', 'from = "demography.toml"\nstart = 1.0', "do not repeat"),
    ('reason = "r"\n\n[fixed.dementia', 'reason = ""\n\n[fixed.dementia', "missing 'reason'"),
    ('[fixed.dementia_stage_shape]\nreason = "r"', "", "gives 'dementia_stage_shape' a prior"),
    ('moves = ["dementia:2024"]', "moves = []", "non-empty list of target ids"),
    ('source = "s"', "", r"missing 'source'"),
    ("[fixed.mortality_level]", "[fixed.birth_rate]", "not a parameter of the data files"),
])
def test_bad_parameter_file(faerder, tmp_path: Path, old, new, message):
    assert old in GOOD
    path = tmp_path / "faerder_parameters.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as err:
        load_space(faerder, path)
    assert "\n" not in str(err.value)
    assert str(path) in str(err.value)


def test_good_minimal_file(faerder, tmp_path: Path):
    path = tmp_path / "p.toml"
    path.write_text(GOOD, encoding="utf-8")
    space = load_space(faerder, path)
    assert space.names == ("dementia_incidence_scale", "entry_scale:*:7")


def test_data_file_bounds_are_checked_by_the_loader(faerder_copy: Path):
    # a start outside its prior range in the data file is refused when the data load
    text = (faerder_copy / "demography.toml").read_text(encoding="utf-8")
    (faerder_copy / "demography.toml").write_text(
        text.replace("value = 1.0\nunit = \"multiplier on the dementia", "value = 3.0\nunit = "
                     "\"multiplier on the dementia"), encoding="utf-8")
    with pytest.raises(DataFileError, match="outside"):
        load_municipality(str(faerder_copy))


def test_the_shipped_file_is_where_the_loader_looks(faerder):
    assert parameters_path("faerder").is_file()
    assert math.isclose(load_space(faerder).free[0].prior_max, 2.0)
