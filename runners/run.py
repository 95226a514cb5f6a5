"""Running scenarios: build the inputs once, run every task, write the run directory.

Tables are sorted by (scenario order, draw, replication, ...) before writing, so the output
does not depend on the order in which tasks finish.
"""

from __future__ import annotations

import functools
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from calibration.fitted import Calibration, calibration_for, fitted_layer
from models.demography import MAIN_ALTERNATIVE, projection_path, projection_source
from models.errors import DataFileError
from models.layers import Layer, ParameterSet, data_layer
from models.municipality import (
    Municipality,
    estimated_values,
    load_municipality,
    municipality_folder,
)
from models.parameters import out_of_range
from runners import inputs_cache
from runners.plan import scenario_record
from runners.replicate import Shared
from scenarios import Scenario
from sim.derive import EngineInputs, derive_inputs
from sim.derive.levers import missing_lever_data

REPO = Path(__file__).resolve().parents[1]


def code_version() -> dict[str, str]:
    """The package version and, in a git checkout, the commit (a copy: callers may keep it)."""
    return dict(_code_version())


@functools.cache
def _code_version() -> dict[str, str]:
    # once per process: a run asked twice (its manifest, its run.json), each a git
    # subprocess and a look into the package metadata; the code this process runs is the
    # code it imported, so its version does not change while it runs
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("trappa")
    except PackageNotFoundError:
        v = "unknown"
    commit = "unknown"
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=5, check=False)
        if out.returncode == 0:
            commit = out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return {"trappa": v, "git_commit": commit}


def prepare(scenarios: Sequence[Scenario], root_seed: int,
            draws: Sequence[Mapping[str, float]] = ({},),
            source: str | None = None, *, uncalibrated: bool = False,
            settings: Mapping[str, float] | None = None, extrapolate: bool = False
            ) -> tuple[Shared, Municipality]:
    """Check the scenarios fit together and build the shared inputs, one per draw.

    Parameters
    ----------
    scenarios
        The run's scenarios (same municipality and years, distinct names).
    root_seed
        The run's root seed.
    draws
        Each parameter draw's values, the draw layer on top of the fitted one; the
        default is one draw with the calibrated inputs.
    source
        The file the draws come from, named if a draw's inputs cannot be built.
    uncalibrated
        Run on the prior inputs if the fitted calibration is missing or malformed
        (`calibration.fitted.calibration_for`), instead of refusing.
    settings
        The command line's values (``--set``): the top layer, over every draw.
    extrapolate
        Accept an ``end_year`` beyond the projection's last year (``--extrapolate``): the
        population then goes on by `EXTRAPOLATION_METHOD`; without it such a horizon is
        refused.

    Raises
    ------
    ScenarioError
        If the scenarios do not fit together, or their years are not the data's.
    DataFileError
        If the fitted calibration is missing or malformed (without ``uncalibrated``).
    SweepError
        If a draw's parameter values give inputs the engine cannot use.
    """
    first = scenarios[0]
    for s in scenarios[1:]:
        if ((s.municipality, s.start_year, s.end_year, s.projection)
                != (first.municipality, first.start_year, first.end_year, first.projection)):
            from scenarios import ScenarioError
            raise ScenarioError(s.files[-1], "compared scenarios must share municipality, "
                                f"start_year, end_year and projection with '{first.name}' "
                                "(compare projection alternatives with --projections)")
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        from scenarios import ScenarioError
        raise ScenarioError(scenarios[-1].files[-1], f"scenario names repeat: {names}")
    try:
        municipality_folder(first.municipality)
    except DataFileError as exc:  # blame the scenario file that names it
        from scenarios import ScenarioError
        raise ScenarioError(first.source_of("municipality"), exc.problem,
                            key="municipality") from None
    try:
        m = load_municipality(first.municipality, first.projection)
    except DataFileError as exc:
        if first.projection == MAIN_ALTERNATIVE or exc.path != projection_path(
                municipality_folder(first.municipality), first.projection):
            raise
        from scenarios import ScenarioError  # a missing alternative: the scenario asked for it
        raise ScenarioError(first.source_of("projection"), exc.problem,
                            key="projection") from None
    check_years(first, m, extrapolate)
    calibration = calibration_for(m, uncalibrated)
    # the fitted layer on the data's, or (--uncalibrated) the data's alone
    fitted = (fitted_layer(m, dict(calibration.overrides)) if calibration.file is not None
              else data_layer(m))
    settings = dict(settings or {})
    _check_settings(settings, fitted)
    inputs = []
    data = _data_key(m)
    for d, values in enumerate(draws):
        try:
            params = fitted.with_layer(Layer.DRAW, f"{source or 'parameter draws'}, draw {d}",
                                       values).with_layer(Layer.CLI, CLI_SOURCE, settings)
            inputs.append(_derived(m, data, first.start_year, first.end_year, params))
        except (ArithmeticError, ValueError) as exc:
            if settings:  # the command line's values are the newest suspects
                from runners.errors import SweepError
                raise SweepError("command line", f"--set {settings} gives inputs the engine "
                                 f"cannot use: {exc}", key="set") from exc
            if not values or _fails_without_draw(m, fitted, first):
                # no draw to blame: the data (and calibration) themselves
                raise DataFileError(m.folder, f"the data give inputs the engine cannot use "
                                    f"({exc})") from exc
            from runners.errors import SweepError
            shown = ", ".join(f"{k} = {v:.6g}" for k, v in values.items())
            raise SweepError(source or "parameter draws", f"draw {d} ({shown}) gives inputs "
                             f"the engine cannot use: {exc}", key="parameters") from exc
    for s in scenarios:
        lacking = missing_lever_data([iv.kind for iv in s.interventions], inputs[0].levers,
                                     inputs[0].costing.item_names, m.folder)
        if lacking is not None:
            from scenarios import ScenarioError
            raise ScenarioError(s.source_of("interventions"), lacking, key="interventions")
    return Shared(tuple(scenarios), tuple(inputs), root_seed), m


#: Engine inputs derived in this process, by everything `derive_inputs` reads (`_derived`).
#: The app runs the same parameter draws (same seed, same draws) for every strategy of a
#: municipality, and the reference's run derives them before the comparison's: 20 draws
#: are ~0.45 s of CPU per run, before the first replication can start.
_DERIVED: OrderedDict[tuple[Any, ...], EngineInputs] = OrderedDict()
#: Draws kept (a few runs' worth; one draw's inputs are some hundred kB).
DERIVED_KEPT = 64
_derived_guard = threading.Lock()


def _data_key(m: Municipality) -> tuple[Any, ...]:
    """What of the municipality `derive_inputs` reads: its folder's data files (by content:
    an edited file is new inputs) and the projection alternative."""
    return (str(m.folder.resolve()), m.name, m.alternative,
            tuple(sorted(m.input_hashes().items())))


def _derived(m: Municipality, data: tuple[Any, ...], start_year: int, end_year: int,
             params: ParameterSet) -> EngineInputs:
    """`derive_inputs(m, start_year, end_year, params)`, from `_DERIVED` if already derived.

    The key is exactly the function's arguments: the data (``data``, `_data_key`), the years,
    and every parameter with its value, unit, layer and source (the fitted file's values,
    the draw's, ``--set``'s; the sources are part of the inputs, as run.json records them).
    The inputs are frozen and no task changes them (every backend shares them), so a run
    that finds them here gets the same numbers it would derive."""
    key = (data, start_year, end_year,
           tuple((name, v.value, v.unit, v.layer, v.source)
                 for name, v in sorted(params.values.items())))
    with _derived_guard:
        found = _DERIVED.get(key)
        if found is not None:
            _DERIVED.move_to_end(key)
            return found
    # kept on disk by the same key (with the deriving code's digest): a run of draws
    # derived before skips the derivation and the scipy modules it imports
    inputs = inputs_cache.read(key)
    if inputs is None:
        inputs = derive_inputs(m, start_year, end_year, params)  # raises: nothing kept
        inputs_cache.write(key, inputs)
    with _derived_guard:
        _DERIVED[key] = inputs
        while len(_DERIVED) > DERIVED_KEPT:
            _DERIVED.popitem(last=False)
    return inputs


def _fails_without_draw(m: Municipality, fitted: ParameterSet, first: Scenario) -> bool:
    """Whether the inputs fail without any parameter draw too: then the data are at fault
    (a group of 0 persons, a trinn's cost over no recipients), not the draw that met it."""
    try:
        derive_inputs(m, first.start_year, first.end_year, fitted)
    except (ArithmeticError, ValueError):
        return True
    return False


#: Where a ``--set`` value comes from, as run.json's ``parameters`` records it.
CLI_SOURCE = "command line (--set)"


def _check_settings(settings: Mapping[str, float], below: ParameterSet) -> None:
    """Refuse a ``--set`` name the data do not define or a value out of its range."""
    from runners.errors import SweepError

    for name, value in settings.items():
        if name not in below.values:
            raise SweepError("command line", f"--set {name}: unknown parameter (not in "
                             "parameters.toml, demography.toml or an entry_scale:<group>:"
                             "<trinn> of need_groups.csv)", key="set")
        problem = out_of_range(name, value)
        if problem:
            raise SweepError("command line", f"--set {name}: {problem}", key="set")


#: How the population goes on beyond the projection's last year (``--extrapolate``), as the
#: terminal, run.json and the report state it (`sim.derive.demography.ssb_targets`).
EXTRAPOLATION_METHOD = ("each age group continues at the growth rate SSB's projection has in "
                        "its last year (log-linear continuation of the monotone cubic path "
                        "through the projection years)")


def horizon_record(scenario: Scenario, m: Municipality) -> dict[str, Any]:
    """run.json's ``horizon``: the run's years, the data's last year and, beyond it, how the
    population was extrapolated."""
    last = max(m.projection.years)
    beyond = scenario.end_year > last
    return {"start_year": scenario.start_year, "end_year": scenario.end_year,
            "projection_last_year": last, "extrapolated": beyond,
            "extrapolation_method": EXTRAPOLATION_METHOD if beyond else None}


def check_years(scenario: Scenario, m: Municipality, extrapolate: bool = False) -> None:
    """Refuse a start year the municipality's population data does not hold, and an end year
    beyond the projection's last year unless ``extrapolate``; blame the scenario file (and
    key) that set it rather than the step that would notice."""
    last = max(m.projection.years)
    if scenario.end_year > last and not extrapolate:
        from scenarios import ScenarioError
        raise ScenarioError(scenario.source_of("end_year"), f"end_year {scenario.end_year} is "
                            f"beyond the last year of {m.name}'s population projection "
                            f"({projection_path(m.folder, m.alternative)}: {last}); end in "
                            f"{last} or earlier, or accept an extrapolated population with "
                            "--extrapolate", key="end_year")
    if scenario.start_year not in m.projection.years:
        from scenarios import ScenarioError
        years = ", ".join(map(str, m.projection.years))
        raise ScenarioError(scenario.source_of("start_year"), f"start_year "
                            f"{scenario.start_year} is not a year of {m.name}'s population "
                            f"data ({projection_path(m.folder, m.alternative)}: {years})",
                            key="start_year")


def canonical(df: pd.DataFrame, scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """Sort a task table by (scenario order, draw, replication, year, trinn, group, age group).

    The order then depends on neither the backend nor the order tasks finished in. One
    stable lexicographic sort of integer codes and one copy of the rows (`DataFrame.take`):
    a sweep's tables are the largest objects of a run, and each extra copy of them was
    another few hundred MB at 1,000 replications per scenario.
    """
    order = {s.name: i for i, s in enumerate(scenarios)}
    keys = [c for c in ("draw", "replication", "year", "trinn", "group", "age_group")
            if c in df.columns]
    # np.lexsort sorts by its last key first; text keys sort as their sorted codes
    columns = [df["scenario"].map(order).to_numpy(), *(
        df[k].to_numpy() if pd.api.types.is_numeric_dtype(df[k])
        else pd.factorize(df[k], sort=True)[0]
        for k in keys)]
    out = df.take(np.lexsort(columns[::-1]))
    out.index = pd.RangeIndex(len(out))
    return out


def run_meta(shared: Shared, m: Municipality, runs: int, backend: str, workers: int,
             seconds: float, calibration: Calibration | None = None) -> dict[str, Any]:
    """The run manifest written to run.json (``calibration``: what the run used, by default
    the municipality's fitted file)."""
    inp = shared.inputs[0]
    cal = calibration or calibration_for(m)
    index, index_text = _price_index(shared, m)
    return {
        "scenarios": [scenario_record(s) for s in shared.scenarios],
        "seed": shared.root_seed,
        "replications": runs,
        "backend": backend,
        "workers": workers,
        "seconds": round(seconds, 2),
        "code_version": code_version(),
        "municipality": m.name,
        "municipality_folder": str(m.folder.resolve()),
        "projection": {"alternative": m.alternative,
                       "file": projection_path(m.folder, m.alternative).name,
                       "source": projection_source(m.folder, m.alternative)},
        "input_hashes": m.input_hashes(),
        # what the importer estimated (import.toml [estimated]); none for sourced data
        "estimated": list(estimated_values(m.folder)),
        "calibration_file": _shown(cal.file),
        "calibration_hash": cal.sha256,
        "calibration_warning": cal.warning,
        "units": {
            "cost_nok": f"NOK, fixed {inp.costing.price_year} prices (calculator 23-11 prices x "
                        f"{index_text})",
            "staff_hours": "paid staff hours per year",
            "fte": f"staff_hours / {inp.costing.hours_per_fte:g} hours per FTE",
            "head_count": f"fte / {inp.costing.position_size:g} average position size",
            "recipients": "persons placed in the trinn on 31 December",
            "persons": "inhabitants on 1 January",
        },
        # the numbers inside the unit texts above, for programs (the report reads these)
        "staffing": {"hours_per_fte": inp.costing.hours_per_fte,
                     "position_size": inp.costing.position_size,
                     "price_year": inp.costing.price_year,
                     "price_index": index},
        # every parameter value of each draw's inputs, with its unit, layer and source
        "parameters": [i.parameters.to_dict() for i in shared.inputs],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "horizon": horizon_record(shared.scenarios[0], m),
    }


def _price_index(shared: Shared, m: Municipality) -> tuple[float, str]:
    """The price index of the run's unit texts: the one value every draw used, or, where the
    parameter draws vary it, the point value (the data's, which the fit does not move) with
    the drawn range, so that run.json and the report never state draw 0's value as the run's."""
    name = "price_index_2024_per_2023"
    values = sorted({float(i.parameters[name]) for i in shared.inputs})
    if len(values) == 1:
        return values[0], f"{values[0]:g}"
    point = float(m.parameters[name])
    return point, f"{point:g}; drawn per replication, {values[0]:.4g}-{values[-1]:.4g}"


def _shown(path: Path | None) -> str | None:
    """Return a shipped file relative to the repository, another one absolute."""
    if path is None:
        return None
    real = path.resolve()
    return str(real.relative_to(REPO)) if real.is_relative_to(REPO) else str(real)


def default_out_dir(names: Sequence[str]) -> Path:
    """runs/<names>-<UTC timestamp> under the current directory."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path("runs") / f"{'-vs-'.join(names)[:80]}-{stamp}"

