"""``trappa compare --projections``: the same comparison under several SSB projection
alternatives, the demographic envelope.

Each alternative is an ordinary run of the same scenarios with the same root seed (so
replication r draws the same random streams under every alternative: common random
numbers across alternatives, as across scenarios), written into a run directory of its own
below the envelope's folder::

    <out>/envelope.json        what the envelope holds (the marker trappa checks)
    <out>/MMMM/, LLML/, ...    one complete run directory (and report) per alternative
    <out>/envelope.parquet     the runs side by side (`results.envelope.envelope_table`)
    <out>/report/envelope-<lang>.pdf

The folder is trappa's: an existing one is reused only with ``--resume`` (runs that are
complete stay, the others continue) or ``--overwrite`` (each run replaced under the run
directory's own rules), and only if it holds nothing trappa did not write there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from models.demography import MAIN_ALTERNATIVE, is_approximation
from models.municipality import municipality_folder
from results.rundir import RunDirError, atomic_write, check_run_location, is_trappa_run
from results.rundir import read_json as _read_json
from results.rundir import write_json as _write_json
from runners.plan import Auto, Plan
from runners.sweep import Options
from scenarios import Scenario

ENVELOPE_JSON = "envelope.json"
ENVELOPE_PARQUET = "envelope.parquet"
MARKER = "trappa_envelope"
_OWN = {ENVELOPE_JSON, ENVELOPE_PARQUET, "report"}


def main_alternative(alternatives: Sequence[str]) -> str:
    """The alternative the band is set beside: MMMM if present, else the first given."""
    return MAIN_ALTERNATIVE if MAIN_ALTERNATIVE in alternatives else alternatives[0]


def check_envelope_dir(out: Path, options: Options) -> None:
    """Refuse an envelope folder trappa must not write into, before anything runs."""
    check_run_location(out)
    if not out.exists():
        return
    if out.is_symlink() or not out.is_dir():
        raise RunDirError(out, "exists and is not a directory")
    entries = sorted(out.iterdir())
    if not entries:
        return
    marked = _is_envelope(out)
    if not marked:
        raise RunDirError(out, f"exists and is not a trappa envelope (no {ENVELOPE_JSON} "
                               "written by trappa): choose another --out")
    if not (options.resume or options.overwrite):
        raise RunDirError(out, "holds an envelope already: --resume continues it, "
                               "--overwrite replaces its runs, or choose another --out")
    for entry in entries:
        if entry.name in _OWN or entry.name.startswith("."):
            continue  # its files, the runs' locks and temporary siblings
        if not is_trappa_run(entry):
            raise RunDirError(out, f"holds {entry.name}, which trappa did not write: move it "
                                   "out or choose another --out")


def _is_envelope(out: Path) -> bool:
    try:
        return _read_json(out / ENVELOPE_JSON).get(MARKER) is True
    except Exception:  # a missing or damaged file is not a marker
        return False


def plan_for(scenarios: Sequence[Scenario], alternative: str, seed: int, runs: int | Auto,
             settings: Mapping[str, float],
             discount: tuple[float, str] | None = None, *, fixed: bool = True,
             uncalibrated: bool = False) -> Plan:
    """The plan of one alternative: every scenario under ``alternative``, the same seed
    (``discount``: the rate and its source, as ``--discount-rate`` gives them; unless
    ``fixed``, one draw of the uncertain parameters per replication, as ``compare`` does)."""
    under = tuple(s.with_overrides(projection=alternative) for s in scenarios)
    plan = Plan(name="-vs-".join(s.name for s in under) + f"-{alternative}", scenarios=under,
                seed=seed, runs=runs, settings=dict(settings))
    if discount is not None:
        plan = replace(plan, discount_rate=discount[0], discount_rate_source=discount[1])
    if fixed:
        return plan
    from runners.uncertainty import with_parameter_draws
    # the same seed draws the same parameter values under every alternative
    return with_parameter_draws(plan, uncalibrated=uncalibrated)


def describe(scenarios: Sequence[Scenario], alternatives: Sequence[str],
             seed: int) -> dict[str, Any]:
    """What ``envelope.json`` records (written before the first run starts)."""
    folder = municipality_folder(scenarios[0].municipality)
    return {
        MARKER: True,
        "alternatives": list(alternatives),
        "main": main_alternative(alternatives),
        "approximations": [a for a in alternatives if (folder / _file(a)).is_file()
                           and is_approximation(folder, a)],
        "scenarios": [s.name for s in scenarios],
        "municipality": scenarios[0].municipality,
        "seed": seed,
        "runs": {a: a for a in alternatives},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _file(alternative: str) -> str:
    from models.demography import projection_path
    return projection_path(Path(), alternative).name


def run_envelope(scenarios: Sequence[Scenario], alternatives: Sequence[str], out: Path,
                 seed: int, runs: int | Auto, settings: Mapping[str, float],
                 options: Options, console: Any,
                 discount: tuple[float, str] | None = None, fixed: bool = False) -> int:
    """Run the envelope (see the module's text); return the exit code."""
    from results.envelope import envelope_band, envelope_table
    from results.envelope_report import write_envelope_report
    from results.envelope_view import render_envelope
    from results.runlock import RunLock
    from runners.cli.report import after_run
    from runners.execution import EXIT_FAILED, execute

    check_envelope_dir(out, options)
    for alt in alternatives:  # every alternative must exist before the first one runs
        _check_alternative(scenarios[0], alt)
    out.mkdir(parents=True, exist_ok=True)
    meta = describe(scenarios, alternatives, seed)
    _write_json(out / ENVELOPE_JSON, meta)
    done: dict[str, Path] = {}
    for alt in alternatives:
        sub = out / alt
        resume = options.resume and (sub / "manifest.json").is_file()
        sub_options = replace(options, resume=resume,
                              overwrite=options.overwrite and sub.exists())
        console.print(f"[bold]{alt}[/bold]", highlight=False)
        outcome = execute(plan_for(scenarios, alt, seed, runs, settings, discount,
                                   fixed=fixed, uncalibrated=options.uncalibrated),
                          sub, sub_options)
        if outcome is None:
            return EXIT_FAILED
        with RunLock(sub):
            after_run(sub, options.lang, console, scenarios[0].municipality)
        done[alt] = sub
    table = envelope_table(done)
    atomic_write(out / ENVELOPE_PARQUET, lambda p: table.to_parquet(p, index=False))
    main = main_alternative(alternatives)
    band = envelope_band(table, main)
    titles = {s.name: dict(s.titles) for s in scenarios}
    pdf = write_envelope_report(out, table, band, meta, options.lang, titles)
    console.print(render_envelope(band, meta, options.lang, titles))
    from results.labels import label
    console.print(f"{label('env.report', options.lang)}: {pdf.resolve()}", highlight=False,
                  soft_wrap=True, markup=False)
    console.print(f"{label('cmp.results_at', options.lang)}: {out.resolve()}",
                  highlight=False, soft_wrap=True, markup=False)
    return 0


def _check_alternative(scenario: Scenario, alternative: str) -> None:
    """Refuse an alternative the municipality's folder does not hold, naming its files."""
    from models.demography import projection_alternatives, projection_path
    from scenarios import ScenarioError

    folder = municipality_folder(scenario.municipality)
    if not projection_path(folder, alternative).is_file():
        present = ", ".join(projection_alternatives(folder)) or "none"
        raise ScenarioError("--projections", f"{scenario.municipality} has no projection "
                            f"alternative {alternative} ({folder}: {present}; import one with "
                            "'trappa municipality import')", key="projections")
