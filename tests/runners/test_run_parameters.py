"""run.json records every parameter value the run used, with its layer and source."""

from __future__ import annotations

from calibration.fitted import load_fitted
from runners.run import prepare, run_meta
from scenarios import load_scenario, resolve_scenario_path


def test_run_meta_records_each_draws_parameters_with_sources() -> None:
    scenario = load_scenario(resolve_scenario_path("normal"))
    shared, m = prepare([scenario], 7, draws=({}, {"mortality_level": 1.1}), source="s.toml")
    meta = run_meta(shared, m, 1, "serial", 1, 0.0)
    plain, drawn = meta["parameters"]
    fitted = load_fitted("faerder")
    name = next(iter(fitted))
    assert plain[name] == {"value": fitted[name], "unit": "multiplier on the cell's entry hazard",
                           "layer": "fitted", "source": "fitted/faerder.toml [parameters]"}
    assert plain["mortality_level"]["layer"] == "data"
    assert drawn["mortality_level"] == {**plain["mortality_level"], "value": 1.1,
                                        "layer": "draw", "source": "s.toml, draw 1"}
    assert set(plain) == set(m.parameters.items) | set(m.demography.items) | {
        f"entry_scale:{c.group}:{c.trinn}" for c in m.needs.cells}
