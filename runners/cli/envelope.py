"""``trappa compare --projections`` and ``--health constant,healthier``: the same
comparison under several SSB projection alternatives and/or health trends of old age, the
envelope.

An alternative is a projection code and a health trend (issue 31). With one health trend
(or none given) an alternative is named by its code (``MMMM``) and its folder too; with
several, each projection runs under each trend and the alternative is named
``MMMM/healthier`` (folder ``MMMM-healthier``), so the report shows what better health
would change beside what the population projection does.

Each alternative is an ordinary run of the same scenarios with the same root seed (so
replication r draws the same random streams under every alternative: common random
numbers across alternatives, as across scenarios), written into a run directory of its own
below the envelope's folder::

    <out>/envelope.json        what the envelope holds (the marker trappa checks)
    <out>/MMMM/, LLML/, ...    one complete run directory (and report) per alternative
                               (MMMM-constant/, MMMM-healthier/, ... with several trends)
    <out>/envelope.parquet     the runs side by side (`results.envelope.envelope_table`)
    <out>/report/envelope-<lang>.pdf

The folder is trappa's: an existing one is reused only with ``--resume`` (runs that are
complete stay, the others continue) or ``--overwrite`` (each run replaced under the run
directory's own rules), and only if it holds nothing trappa did not write there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
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
from scenarios.checks import HEALTH_ALTERNATIVES

ENVELOPE_JSON = "envelope.json"
ENVELOPE_PARQUET = "envelope.parquet"
MARKER = "trappa_envelope"
_OWN = {ENVELOPE_JSON, ENVELOPE_PARQUET, "report"}


@dataclass(frozen=True)
class Alternative:
    """One run of an envelope: its name, SSB projection code, health trend (years per
    decade; None: the scenarios' own) and folder below the envelope's."""

    name: str
    projection: str
    health_shift: float | None = None

    @property
    def folder(self) -> str:
        """The run directory's name: the name with a slash made a dash."""
        return self.name.replace("/", "-")


def health_name(shift: float) -> str:
    """A health trend's name: constant, healthier, or its years per decade (0.25)."""
    named = [k for k, v in HEALTH_ALTERNATIVES.items() if v == shift]
    return named[0] if named else f"{shift:g}"


def alternatives_for(projections: Sequence[str], health: Sequence[float] | None
                     ) -> list[Alternative]:
    """The envelope's runs: each projection under each health trend (projection first, the
    trends in the order given); named by the code alone unless there are several trends."""
    if not health or len(health) == 1:
        shift = health[0] if health else None
        return [Alternative(code, code, shift) for code in projections]
    return [Alternative(f"{code}/{health_name(h)}", code, h)
            for code in projections for h in health]


def main_alternative(alternatives: Sequence[str]) -> str:
    """The alternative the band is set beside: MMMM (with today's health, where the run
    compares trends) if present, else the first given."""
    for main in (MAIN_ALTERNATIVE, f"{MAIN_ALTERNATIVE}/{health_name(0.0)}"):
        if main in alternatives:
            return main
    return alternatives[0]


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


def plan_for(scenarios: Sequence[Scenario], alternative: Alternative | str, seed: int,
             runs: int | Auto, settings: Mapping[str, float],
             discount: tuple[float, str] | None = None, *, fixed: bool = True,
             uncalibrated: bool = False) -> Plan:
    """The plan of one alternative: every scenario under ``alternative`` (a projection code,
    or an `Alternative` with its health trend), the same seed (``discount``: the rate and
    its source, as ``--discount-rate`` gives them; unless ``fixed``, one draw of the
    uncertain parameters per replication, as ``compare`` does)."""
    alt = Alternative(alternative, alternative) if isinstance(alternative, str) else alternative
    under = tuple(s.with_overrides(projection=alt.projection, health_shift=alt.health_shift)
                  for s in scenarios)
    plan = Plan(name="-vs-".join(s.name for s in under) + f"-{alt.folder}", scenarios=under,
                seed=seed, runs=runs, settings=dict(settings))
    if discount is not None:
        plan = replace(plan, discount_rate=discount[0], discount_rate_source=discount[1])
    if fixed:
        return plan
    from runners.uncertainty import with_parameter_draws
    # the same seed draws the same parameter values under every alternative
    return with_parameter_draws(plan, uncalibrated=uncalibrated)


def describe(scenarios: Sequence[Scenario], alternatives: Sequence[Alternative],
             seed: int) -> dict[str, Any]:
    """What ``envelope.json`` records (written before the first run starts)."""
    folder = municipality_folder(scenarios[0].municipality)
    names = [a.name for a in alternatives]
    codes = list(dict.fromkeys(a.projection for a in alternatives))
    meta = {
        MARKER: True,
        "alternatives": names,
        "main": main_alternative(names),
        "approximations": [a for a in codes if (folder / _file(a)).is_file()
                           and is_approximation(folder, a)],
        "scenarios": [s.name for s in scenarios],
        "municipality": scenarios[0].municipality,
        "seed": seed,
        "runs": {a.name: a.folder for a in alternatives},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if len({a.health_shift for a in alternatives}) > 1:  # health trends side by side
        meta["health"] = {a.name: a.health_shift for a in alternatives}
    return meta


def _file(alternative: str) -> str:
    from models.demography import projection_path
    return projection_path(Path(), alternative).name


def run_envelope(scenarios: Sequence[Scenario], alternatives: Sequence[Alternative], out: Path,
                 seed: int, runs: int | Auto, settings: Mapping[str, float],
                 options: Options, console: Any,
                 discount: tuple[float, str] | None = None, fixed: bool = False) -> int:
    """Run the envelope (see the module's text); return the exit code."""
    from results.envelope import envelope_band, envelope_table
    from results.envelope_report import write_envelope_report
    from results.envelope_view import render_envelope
    from results.runlock import RunLock
    from runners.cli.report import after_run, print_missing, print_report, report_in_run
    from runners.execution import EXIT_FAILED, execute

    check_envelope_dir(out, options)
    for code in dict.fromkeys(a.projection for a in alternatives):  # all before the first run
        _check_alternative(scenarios[0], code)
    out.mkdir(parents=True, exist_ok=True)
    meta = describe(scenarios, alternatives, seed)
    _write_json(out / ENVELOPE_JSON, meta)
    done: dict[str, Path] = {}
    for alt in alternatives:
        sub = out / alt.folder
        resume = options.resume and (sub / "manifest.json").is_file()
        sub_options = replace(options, resume=resume,
                              overwrite=options.overwrite and sub.exists())
        console.print(f"[bold]{alt.name}[/bold]", highlight=False)
        # the report written into the finished run, as `trappa run` does: its PNG charts
        # are then the run's plots/ (linked, drawn once) and the run and its report appear
        # together
        hook, written = report_in_run(options.lang, scenarios[0].municipality)
        outcome = execute(plan_for(scenarios, alt, seed, runs, settings, discount,
                                   fixed=fixed, uncalibrated=options.uncalibrated),
                          sub, replace(sub_options, report=hook))
        if outcome is None:
            return EXIT_FAILED
        if written:
            print_report(written[0], options.lang, console)
            print_missing(console)
        else:  # already complete (--resume): the run was not finished again
            with RunLock(sub):
                after_run(sub, options.lang, console, scenarios[0].municipality)
        done[alt.name] = sub
    table = envelope_table(done)
    atomic_write(out / ENVELOPE_PARQUET, lambda p: table.to_parquet(p, index=False))
    main = main_alternative([a.name for a in alternatives])
    band = envelope_band(table, main)
    titles = {s.name: dict(s.titles) for s in scenarios}
    pdf = write_envelope_report(out, table, band, meta, options.lang, titles)
    console.print(render_envelope(band, meta, options.lang, titles))
    from results.envelope import health_effects
    from results.envelope_view import health_lines
    effects = health_effects(table, meta.get("health") or {})
    for s in scenarios:  # what better health would change, in words (issue 31)
        for line in health_lines(effects, s.name, options.lang, titles):
            console.print(line, highlight=False, soft_wrap=True, markup=False)
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
