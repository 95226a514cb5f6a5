"""The fitted-parameter file: written atomically, read back exactly, and the shipped one is
consistent with the parameter space the engine's overrides come from."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from calibration.fitted import fitted_layer, fitted_path, load_fitted, write_fitted
from calibration.parameters import load_space, round_sig
from sim.derive import derive_inputs


def test_round_trip(tmp_path: Path):
    path = tmp_path / "sub" / "x.toml"
    params = {"dementia_incidence_scale": 0.812345, "entry_scale:frail_elderly:11": 1e-05,
              "entry_scale:children:4": 1.0}
    write_fitted(path, {"seed": 7, "method": 'a "quoted" method', "converged": True},
                 {"entry_scale:*:4": 1.0}, params, header="line one\nline two")
    assert load_fitted("x", path) == params
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["meta"] == {"seed": 7, "method": 'a "quoted" method', "converged": True}
    assert data["free"] == {"entry_scale:*:4": 1.0}
    assert path.read_text(encoding="utf-8").startswith("# line one\n# line two\n")
    assert [p.name for p in path.parent.iterdir()] == ["x.toml"]  # no temp file left


@pytest.fixture(scope="module")
def shipped() -> dict:
    path = fitted_path("faerder")
    assert path.is_file(), "the Færder fitted file ships with the package"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_shipped_file_has_no_timestamp(shipped):
    # same seed -> same file: nothing in it may depend on when it was written
    text = fitted_path("faerder").read_text(encoding="utf-8")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert shipped["meta"]["municipality"] == "faerder"
    assert shipped["meta"]["seed"] == 20250212  # scenarios/faerder/base.toml


def test_shipped_parameters_follow_from_the_free_ones(shipped, faerder):
    space = load_space(faerder)
    free = shipped["free"]
    assert set(free) == set(space.names)
    for p in space.free:
        assert p.prior_min <= free[p.name] <= p.prior_max, p.name
    expected = {k: round_sig(v) for k, v in space.overrides([free[n] for n in space.names])
                .items()}
    assert shipped["parameters"] == pytest.approx(expected, rel=1e-12)
    assert load_fitted("faerder") == shipped["parameters"]


def test_the_engine_default_uses_the_fitted_file(faerder):
    plain = derive_inputs(faerder, 2024, 2025)
    fitted = derive_inputs(faerder, 2024, 2025, fitted_layer(faerder))
    # every fitted value reaches the engine's parameters, recorded as the fitted layer's
    for name, value in load_fitted("faerder").items():
        assert fitted.parameters[name] == value
        assert fitted.parameters.source(name) == "fitted: fitted/faerder.toml [parameters]"
    assert any((a.hazard != b.hazard).any() for a, b in zip(plain.entry.cells, fitted.entry.cells,
                                                            strict=True))


def test_unknown_name_in_the_fitted_file_is_one_line(faerder, tmp_path, monkeypatch):
    import calibration.fitted as fitted_module
    from calibration.fitted import fitted_layer
    from models.errors import DataFileError

    monkeypatch.setattr(fitted_module, "FITTED_DIR", tmp_path)
    (tmp_path / "faerder.toml").write_text('[parameters]\n"entry_scale:kids:4" = 1.1\n',
                                           encoding="utf-8")
    with pytest.raises(DataFileError, match=r"faerder\.toml, field "
                       r"'parameters\.entry_scale:kids:4': unknown parameter"):
        fitted_layer(faerder)
