"""A municipality dataset: everything trappa knows about one municipality, loaded and checked."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from models.coverage import COVERAGE_FILE, Coverage, load_coverage
from models.datafile import path_kind, read_toml
from models.dementia_group import DementiaGroup, load_dementia_group
from models.demography import (
    MAIN_ALTERNATIVE,
    Projection,
    load_alternative,
    projection_path,
)
from models.errors import DataFileError
from models.ladder import (
    UNIVERSAL_PARTS_FILE,
    Ladder,
    UniversalPart,
    load_ladder,
    load_universal_parts,
)
from models.needs import Needs, load_needs
from models.packages import Package, load_packages
from models.parameters import Parameters, load_parameters
from models.personas import PersonaPathway, load_personas
from models.prices import Catalogue, load_catalogue
from models.staff_shares import STAFF_SHARES_FILE, StaffShares, load_staff_shares

DATA_DIR = Path(__file__).parent / "data"
_NAME = re.compile(r"\w[\w.-]*\Z")

#: The files a municipality folder holds.
FILES = ("trinn.csv", "population.csv", "unit_prices.csv", "parameters.toml", "packages.csv",
         "pathways.csv", "investments.csv", "demography.toml", "need_groups.csv",
         "age_profiles.csv", "dementia.csv", "dementia_group.toml", "home_care_bands.csv",
         "boligtrapp.csv", "universal_parts.csv", STAFF_SHARES_FILE, COVERAGE_FILE)
#: A folder with none of these is not a municipality folder at all.
_CORE_FILES = ("trinn.csv", "population.csv", "parameters.toml")


@dataclass(frozen=True)
class Municipality:
    """One municipality's data, immutable after loading."""

    name: str
    folder: Path
    ladder: Ladder
    projection: Projection
    catalogue: Catalogue
    parameters: Parameters
    packages: dict[str, Package]
    personas: dict[str, dict[str, PersonaPathway]]
    demography: Parameters
    needs: Needs
    dementia_group: DementiaGroup
    #: staff share of each trinn's cost (staff_shares.csv, else Færder's estimates)
    staff_shares: StaffShares
    # SSB's projection alternative ``projection`` holds (MMMM: population.csv)
    alternative: str = MAIN_ALTERNATIVE
    #: age-specific parts of universal trinn (universal_parts.csv; none if absent)
    universal_parts: tuple[UniversalPart, ...] = ()
    #: the municipality's own shares of the 80+ on some trinn (coverage.csv; none if absent)
    coverage: tuple[Coverage, ...] = ()

    def persona(self, name: str) -> dict[str, PersonaPathway]:
        """Return the pathways of a persona, by pathway name."""
        try:
            return self.personas[name]
        except KeyError:
            known = ", ".join(sorted(self.personas)) or "none"
            raise DataFileError(self.folder / "pathways.csv",
                                f"unknown persona '{name}' (known: {known})") from None

    def input_hashes(self) -> dict[str, str]:
        """Return the SHA-256 of each data file, for run manifests."""
        # the levers' files (home_care_bands.csv, boligtrapp.csv), universal_parts.csv,
        # staff_shares.csv and coverage.csv are optional
        files = [*FILES, projection_path(self.folder, self.alternative).name]
        return {f: hashlib.sha256((self.folder / f).read_bytes()).hexdigest()
                for f in dict.fromkeys(files) if (self.folder / f).is_file()}


def is_folder_path(name: str) -> bool:
    """Return True if ``name`` is written as a folder path (holds a ``/`` or starts with ``.``),
    not as the name of a shipped municipality."""
    return "/" in name or os.sep in name or name.startswith(".")


def municipality_folder(name: str) -> Path:
    """Return the data folder meant by ``name``.

    A plain name always means the shipped data (``models/data/<name>``), whatever the current
    folder holds; a folder of one's own is given as a path: ``./mine`` or ``data/mine``.

    Raises
    ------
    DataFileError
        If the folder does not exist, or no municipality is shipped under the name.
    """
    if is_folder_path(name):
        folder = Path(name)
        kind = path_kind(folder)
        if kind != "dir":
            raise DataFileError(folder, "municipality folder not found" if kind == "missing"
                                else "not a folder (a municipality is a folder of data files)")
        if not any((folder / f).is_file() for f in _CORE_FILES):
            # said before any file is read: a wrong folder is one line about the folder; a
            # municipality folder lacking a file is named by that file's loader
            raise DataFileError(folder, f"not a municipality folder (none of "
                                f"{', '.join(_CORE_FILES)}; write one with 'trappa "
                                "municipality import')")
        return folder
    known = sorted(p.name for p in DATA_DIR.iterdir() if p.is_dir())
    if name not in known:
        raise DataFileError(DATA_DIR / name if _NAME.match(name) else name,
                            f"unknown municipality {name!r} (shipped: {', '.join(known)}; "
                            "a folder of your own is given as a path, e.g. ./mine)")
    return DATA_DIR / name


def is_shipped(name: str) -> bool:
    """Return True if ``name`` is a shipped municipality (a folder of ``models/data``)."""
    return not is_folder_path(name) and _NAME.match(name) is not None and (
        DATA_DIR / name).is_dir()


def is_shipped_folder(folder: Path) -> bool:
    """Return True if ``folder`` is the data folder of a shipped municipality."""
    return folder.resolve().parent == DATA_DIR.resolve()


def resolve_municipality(text: str) -> str:
    """Return what a scenario names for ``--municipality NAME|DIR``: a shipped name as given,
    a folder (anywhere on disk, with or without a ``/``) as its absolute path, after checking
    it holds a municipality's files.

    A shipped name wins over a folder of the same name in the current folder, as in
    `municipality_folder`.

    Raises
    ------
    DataFileError
        One line: an unknown name, or a folder that is missing or not a municipality.
    """
    if is_shipped(text):
        return text
    if not is_folder_path(text) and path_kind(Path(text)) == "dir":
        text = f"./{text}"  # a folder in the current folder, written without "./"
    return str(municipality_folder(text).resolve())


def estimated_values(folder: Path) -> tuple[str, ...]:
    """Return what the importer estimated for a folder (import.toml ``[estimated]``, in its
    order); none for a folder without import.toml (the shipped Færder: every value sourced).

    Raises
    ------
    DataFileError
        If import.toml is not valid TOML or ``[estimated]`` is not a table of strings.
    """
    path = folder / "import.toml"
    if not path.is_file():
        return ()
    table = read_toml(path).get("estimated", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise DataFileError(path, "expected a table of strings", field="estimated")
    return tuple(table.values())


#: The parameters every municipality's parameters.toml and demography.toml define (the
#: engine, the calculator and the report read each): checked when the folder loads, so that
#: a missing one is named there, not met as a KeyError in the middle of a run.
REQUIRED_PARAMETERS = (
    "hours_per_fte", "position_size", "weeks_per_year", "care_fte_2023",
    "dementia_prevalence_2024", "day_centre_hours_per_day",
    "reactive_close_followup_hours_per_week", "home_care_cost_per_fte",
    "persona_scaling_divisor_years", "price_index_2024_per_2023", "care_cost_per_fte_2024",
    "dementia_stage_shape", "dementia_pathway_years", "interim_home_nursing_hours_per_week",
    "accounts_price_year", "lever_effect_scale")
REQUIRED_DEMOGRAPHY = (
    "mortality_makeham", "mortality_gompertz_b", "mortality_gompertz_c", "mortality_level",
    "birth_rate_per_adult", "dementia_incidence_scale", "max_age", "dementia_mortality_hr_70",
    "dementia_mortality_hr_90")


def _require(params: Parameters, names: tuple[str, ...]) -> None:
    missing = [n for n in names if n not in params]
    if missing:
        raise DataFileError(params.path, f"missing parameter(s) {', '.join(missing)}: every "
                            "municipality defines them (see models/data/faerder/"
                            f"{params.path.name})", field=missing[0])


def _check_counts(params: Parameters, projection: Projection, needs: Needs) -> None:
    """Counts of parameters.toml that a population bounds: people with dementia at most the
    inhabitants of the ages with dementia (dementia.csv's prevalence above 0), care FTE at
    most the inhabitants (in the projection's first year)."""
    year = projection.years[0]
    total = projection.total(year)
    ages = [lo for lo, _, p in needs.dementia_prevalence if p > 0]
    youngest = min(ages) if ages else 0
    # whole groups reaching the youngest such age: an upper bound on those inhabitants
    at_risk = sum(projection.persons[(g.label, year)] for g in projection.groups
                  if g.age_max >= youngest)
    checks = (("dementia_prevalence_2024", at_risk, f"inhabitants aged {youngest}+"),
              ("care_fte_2023", total, "inhabitants"))
    for name, most, what in checks:
        if name in params and params[name] > most:
            raise DataFileError(params.path, f"{params[name]:,.0f} is more than the "
                                f"{most:,} {what} in {year} (population.csv)",
                                field=f"{name}.value")


def load_municipality(name: str = "faerder",
                      alternative: str = MAIN_ALTERNATIVE) -> Municipality:
    """Load and cross-check a municipality's data files (shipped name or a folder path), with
    the population of SSB's projection ``alternative`` (`models.demography.projection_path`)."""
    folder = municipality_folder(name)
    ladder = load_ladder(folder / "trinn.csv")
    projection = load_alternative(folder, alternative)
    catalogue = load_catalogue(folder / "unit_prices.csv")
    params = load_parameters(folder / "parameters.toml")
    _require(params, REQUIRED_PARAMETERS)
    packages = load_packages(folder / "packages.csv", catalogue, params)
    personas = load_personas(folder / "pathways.csv", folder / "investments.csv", packages)
    demography = load_parameters(folder / "demography.toml")
    _require(demography, REQUIRED_DEMOGRAPHY)
    needs = load_needs(folder / "need_groups.csv", folder / "age_profiles.csv",
                       folder / "dementia.csv", tuple(g.label for g in projection.groups))
    dementia_group = load_dementia_group(folder / "dementia_group.toml", personas)
    parts = load_universal_parts(folder / UNIVERSAL_PARTS_FILE, ladder)
    staff_shares = load_staff_shares(folder / STAFF_SHARES_FILE, ladder)
    coverage = load_coverage(folder / COVERAGE_FILE, ladder, projection.groups)
    estimated_values(folder)  # import.toml, read when a run ends: checked before it starts
    _check_counts(params, projection, needs)
    return Municipality(folder.name, folder, ladder, projection, catalogue, params, packages,
                        personas, demography, needs, dementia_group, staff_shares,
                        alternative=alternative, universal_parts=parts, coverage=coverage)
