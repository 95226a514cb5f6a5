"""What a report says about a run besides its numbers: scenarios, seed, units, assumptions, sources.

``run_facts`` reads ``run.json`` (the run's own record); ``load_sources`` reads the
municipality's data files for what ``run.json`` does not carry: trinn names, the
parameters with their sources, and the persona pathways. The data files are read as they
are today, so their hashes are compared with the ones the run recorded and any change is
stated in the report.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.calculator import PersonaTable, Staffing, persona_table
from models.errors import TrappaError
from models.parameters import Parameter
from results.labels import TRINN_NAMES_NN, label
from results.payback import DISCOUNT_RATE, RATE_SOURCE_DEFAULT
from results.store import Run, RunDirError, discount_rate
from scenarios.vocabulary import common_text

#: The source tree (the folder holding ``models/``), for short data-file paths.
REPO = Path(__file__).resolve().parents[1]
#: Pathways in the seeds' order; other pathways follow alphabetically.
PATHWAY_ORDER = ("normal", "proactive", "reactive")

#: A scenario or municipality name as trappa writes it (run.json is read back strictly).
_NAME = re.compile(r"\w[\w.-]*")


@dataclass(frozen=True)
class ScenarioFacts:
    """One scenario as recorded in run.json."""

    name: str
    description: str
    start_year: int | None
    end_year: int | None
    files: tuple[str, ...]
    groups: Mapping[str, Any]
    descriptions: Mapping[str, str] = field(default_factory=dict)  # per report language
    titles: Mapping[str, str] = field(default_factory=dict)  # display names per language
    capacity: Mapping[str, Any] = field(default_factory=dict)  # places per trinn and year
    #: the scenario's levers in scenario-file shape (run.json ``interventions``)
    interventions: tuple[Mapping[str, Any], ...] = ()

    def describe(self, lang: str) -> str:
        """Return the description in report language ``lang`` (the common text if none)."""
        return self.descriptions.get(lang, self.description)

    def title(self, lang: str) -> str:
        """Return the display name in report language ``lang`` (the name if none)."""
        return self.titles.get(lang, self.name)


@dataclass(frozen=True)
class RunFacts:
    """The run's record: who, what, with which assumptions (from run.json and the tables)."""

    run_dir: Path
    municipality: str
    scenarios: tuple[ScenarioFacts, ...]
    seed: int | None
    replications: int | None
    calibration_file: str | None
    calibration_hash: str | None
    version: str
    commit: str
    created: str
    units: Mapping[str, str]
    price_year: int | None
    price_index: float | None
    hours_per_fte: float
    position_size: float
    input_hashes: Mapping[str, str]
    folder: str = ""                   # the data folder the run read (run.json)
    estimated: tuple[str, ...] = ()     # what the importer estimated (run.json)
    #: the real discount rate of the present value (a fraction) and its source, from
    #: run.json (``results.store.discount_rate``; older runs: the default)
    discount_rate: float = DISCOUNT_RATE
    discount_rate_source: str = RATE_SOURCE_DEFAULT
    uncertainty: str | None = None      # what the intervals include (run.json)
    #: run.json's ``horizon`` when the run went beyond the projection: (last data year,
    #: end year, method); None when the population follows the projection throughout
    extrapolation: tuple[int, int, str] | None = None

    def scenario(self, name: str) -> ScenarioFacts:
        """Return the facts of scenario ``name`` (an empty record if run.json lacks it)."""
        for s in self.scenarios:
            if s.name == name:
                return s
        return ScenarioFacts(name, "", None, None, (), {})

    def title(self, name: str, lang: str) -> str:
        """Return scenario ``name``'s display name in ``lang`` (the name if it has none)."""
        return self.scenario(name).title(lang)

    @property
    def has_capacity(self) -> bool:
        """Whether some scenario limits the places of a trinn (so it has waiting lists)."""
        return any(s.capacity for s in self.scenarios)


def _texts(description: object) -> dict[str, str]:
    """Texts per report language of a scenario description (a table in run.json), else {}."""
    if isinstance(description, dict):
        return {str(k): str(v) for k, v in description.items()}
    return {}


def _common_text(description: object) -> str:
    texts = _texts(description)
    return common_text(texts) if texts else str(description or "")


def _match(pattern: str, text: str) -> str | None:
    found = re.search(pattern, text)
    return found.group(1) if found else None


def _ratio(run: Run, num: str, den: str) -> float:
    # FTE and head count are fixed multiples of staff hours, so the ratio of two sums
    # recovers the multiplier whatever the rows hold (the comparison's totals: no yearly/).
    if run.comparison is None:
        return float("nan")
    rows = run.comparison.rows([num, den])
    sums = rows.groupby("metric")["mean"].sum()
    total = float(sums.get(den, 0.0))
    return float(sums.get(num, 0.0)) / total if total else float("nan")


def run_facts(run: Run) -> RunFacts:
    """Read the facts a report states from a run's ``run.json`` and tables.

    Hours per FTE, position size, price year and price index are read from the unit texts
    of ``run.json`` (``units``); the first two fall back to the ratios in ``yearly/``
    (staff hours / FTE, FTE / head count) if the texts do not state them.

    Raises
    ------
    RunDirError
        If ``run.json`` lacks the scenario list or the units, or has them in the wrong shape.
    """
    meta, where = run.meta, run.path / "run.json"
    raw = meta.get("scenarios")
    if not isinstance(raw, list) or not raw or not all(
            isinstance(s, dict) and isinstance(s.get("name"), str) for s in raw):
        raise RunDirError(where, "'scenarios' must be a non-empty list of objects with a 'name'")
    # names become folder and sheet names, and a municipality name picks shipped data: whole
    # names only (a path here would make the report read a foreign folder)
    for i, s in enumerate(raw, start=1):
        if not _NAME.fullmatch(s["name"]):
            raise RunDirError(where, f"key 'scenarios[{i}].name': {s['name']!r} is not a "
                                     "scenario name")
    municipality = meta.get("municipality") or raw[0].get("municipality") or ""
    if not isinstance(municipality, str) or (municipality and not _NAME.fullmatch(municipality)):
        raise RunDirError(where, f"key 'municipality': {municipality!r} is not the name of a "
                                 "shipped municipality")
    units = meta.get("units")
    if not isinstance(units, dict) or not all(isinstance(v, str) for v in units.values()):
        raise RunDirError(where, "'units' must be an object of unit texts")
    scenarios = tuple(
        ScenarioFacts(s["name"], _common_text(s.get("description")), s.get("start_year"),
                      s.get("end_year"), tuple(str(f) for f in s.get("files") or ()),
                      s.get("groups") if isinstance(s.get("groups"), dict) else {},
                      _texts(s.get("description")), _texts(s.get("title")),
                      s.get("capacity") if isinstance(s.get("capacity"), dict) else {},
                      tuple(iv for iv in s.get("interventions") or () if isinstance(iv, dict)))
        for s in raw)
    cost_unit = units.get("cost_nok", "")
    # the numbers themselves; run directories written before they were stored have them
    # only inside the unit texts
    staffing = meta.get("staffing", {})
    if not isinstance(staffing, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v > 0
            for v in staffing.values()):
        raise RunDirError(where, "'staffing' must be an object of positive numbers")
    hpf = staffing.get("hours_per_fte") or _match(r"/\s*([0-9.]+)\s*hours per FTE",
                                                  units.get("fte", ""))
    pos = staffing.get("position_size") or _match(r"/\s*([0-9.]+)\s*average position size",
                                                  units.get("head_count", ""))
    year = staffing.get("price_year") or _match(r"fixed (\d{4}) prices", cost_unit)
    index = staffing.get("price_index") or _match(r"x\s*([0-9.]+)\)", cost_unit)
    raw_code = meta.get("code_version")
    code: dict[str, Any] = raw_code if isinstance(raw_code, dict) else {}
    rate, rate_source = discount_rate(meta, where)
    return RunFacts(
        run_dir=run.path,
        municipality=municipality,
        scenarios=scenarios,
        seed=meta.get("seed"),
        replications=meta.get("replications"),
        calibration_file=meta.get("calibration_file"),
        calibration_hash=meta.get("calibration_hash"),
        version=str(code.get("trappa", "unknown")),
        commit=str(code.get("git_commit", "unknown")),
        created=str(meta.get("created") or meta.get("written_at") or ""),
        units=dict(units),
        price_year=int(year) if year else None,
        price_index=float(index) if index else None,
        hours_per_fte=float(hpf) if hpf else _ratio(run, "staff_hours", "fte"),
        position_size=float(pos) if pos else _ratio(run, "fte", "head_count"),
        input_hashes=dict(meta.get("input_hashes") or {}),
        folder=str(meta.get("municipality_folder") or ""),
        estimated=_estimated(meta.get("estimated"), where),
        discount_rate=rate,
        discount_rate_source=rate_source,
        uncertainty=(str(meta["uncertainty"]) if isinstance(meta.get("uncertainty"), str)
                     else None),
        extrapolation=_extrapolation(meta.get("horizon")),
    )


def _extrapolation(raw: Any) -> tuple[int, int, str] | None:
    """run.json's ``horizon`` as (last data year, end year, method) if it was extrapolated."""
    if not isinstance(raw, dict) or raw.get("extrapolated") is not True:
        return None
    try:
        return (int(raw["projection_last_year"]), int(raw["end_year"]),
                str(raw["extrapolation_method"]))
    except (KeyError, TypeError, ValueError):
        return None


def _estimated(raw: Any, where: Path) -> tuple[str, ...]:
    """Return run.json's ``estimated``: the values the importer estimated (none before)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise RunDirError(where, "'estimated' must be a list of texts")
    return tuple(raw)


@dataclass(frozen=True)
class Sources:
    """The municipality's data as read today (everything empty if it cannot be read)."""

    folder: Path | None
    trinn_names: Mapping[int, Mapping[str, str]] = field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()
    parameter_file: Path | None = None
    personas: Mapping[str, Mapping[str, PersonaTable]] = field(default_factory=dict)
    persona_price_years: tuple[int, ...] = ()
    changed_files: tuple[str, ...] = ()
    problem: str | None = None

    def trinn_name(self, trinn: int, lang: str) -> str:
        """Return the trinn's name in ``lang``, or an empty string if unknown."""
        return self.trinn_names.get(trinn, {}).get(lang, "")


def load_sources(facts: RunFacts, municipality: str | None = None) -> Sources:
    """Load the run's municipality data: trinn names, parameters, persona pathways.

    ``municipality`` (``--municipality``: a shipped name or a folder) is the data to read;
    by default the shipped municipality run.json names. run.json's folder is never followed
    by itself (a run directory from elsewhere must not make the report read a foreign
    folder): a run on an imported folder is reported from it when it is given.

    A municipality that cannot be loaded (a data folder that has moved) does not stop the
    report: the problem is kept in ``problem`` and stated in the report.
    """
    # Deferred: loading the data files is only needed when a report is written.
    from models.municipality import DATA_DIR, FILES, load_municipality

    name = municipality or facts.municipality or "faerder"
    # a shipped folder of another checkout (models/data/<name>) is the same data
    if municipality is None and facts.folder and Path(facts.folder).parts[-3:] != (
            *DATA_DIR.parts[-2:], name):
        return Sources(folder=None, problem=f"the run read the folder {facts.folder}; give "
                                            "it with --municipality to report its data")
    try:
        m = load_municipality(name)
    except (TrappaError, OSError) as exc:
        return Sources(folder=None, problem=str(exc).splitlines()[0])
    changed = tuple(
        f for f in FILES if f in facts.input_hashes and (m.folder / f).is_file()
        and hashlib.sha256((m.folder / f).read_bytes()).hexdigest() != facts.input_hashes[f])
    staffing = Staffing.from_parameters(m.parameters)
    personas = {}
    for persona, pathways in m.personas.items():
        names = [p for p in PATHWAY_ORDER if p in pathways] + sorted(
            set(pathways) - set(PATHWAY_ORDER))
        personas[persona] = {n: persona_table(pathways[n], m.packages, m.catalogue, staffing)
                             for n in names}
    used = {line.service for tables in personas.values() for t in tables.values()
            for r in t.rows if r.package for line in m.packages[r.package].lines}
    price_years = tuple(sorted({s.price_year for s in m.catalogue if s.service in used}))
    return Sources(
        folder=m.folder,
        trinn_names={t.number: {"nb": t.name_nb, "en": t.name_en,
                                "nn": TRINN_NAMES_NN.get(t.name_nb, t.name_nb)}
                     for t in m.ladder},
        parameters=tuple(m.parameters.items.values()),
        parameter_file=m.parameters.path,
        personas=personas,
        persona_price_years=price_years,
        changed_files=changed,
    )


def display_path(path: Path) -> str:
    """Return ``path`` relative to the source tree if it lies inside it (shorter to read)."""
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def municipality_name(facts: RunFacts, lang: str) -> str:
    """Return the municipality's display name ("Færder" for the folder "faerder")."""
    try:
        return label(f"municipality.{facts.municipality}", lang)
    except KeyError:
        return facts.municipality.replace("_", " ").title() or label("fact.unknown", lang)
