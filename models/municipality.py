"""A municipality dataset: everything trappa knows about one municipality, loaded and checked."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from models.datafile import path_kind
from models.dementia_group import DementiaGroup, load_dementia_group
from models.demography import Projection, load_projection
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

DATA_DIR = Path(__file__).parent / "data"
_NAME = re.compile(r"\w[\w.-]*\Z")

#: The files a municipality folder holds.
FILES = ("trinn.csv", "population.csv", "unit_prices.csv", "parameters.toml", "packages.csv",
         "pathways.csv", "investments.csv", "demography.toml", "need_groups.csv",
         "age_profiles.csv", "dementia.csv", "dementia_group.toml", "home_care_bands.csv",
         "boligtrapp.csv", "universal_parts.csv")


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
    #: age-specific parts of universal trinn (universal_parts.csv; none if absent)
    universal_parts: tuple[UniversalPart, ...] = ()

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
        # the levers' files (home_care_bands.csv, boligtrapp.csv) and universal_parts.csv are
        # optional
        return {f: hashlib.sha256((self.folder / f).read_bytes()).hexdigest() for f in FILES
                if (self.folder / f).is_file()}


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
        return folder
    known = sorted(p.name for p in DATA_DIR.iterdir() if p.is_dir())
    if name not in known:
        raise DataFileError(DATA_DIR / name if _NAME.match(name) else name,
                            f"unknown municipality {name!r} (shipped: {', '.join(known)}; "
                            "a folder of your own is given as a path, e.g. ./mine)")
    return DATA_DIR / name


def load_municipality(name: str = "faerder") -> Municipality:
    """Load and cross-check a municipality's data files (shipped name or a folder path)."""
    folder = municipality_folder(name)
    ladder = load_ladder(folder / "trinn.csv")
    projection = load_projection(folder / "population.csv")
    catalogue = load_catalogue(folder / "unit_prices.csv")
    params = load_parameters(folder / "parameters.toml")
    packages = load_packages(folder / "packages.csv", catalogue, params)
    personas = load_personas(folder / "pathways.csv", folder / "investments.csv", packages)
    demography = load_parameters(folder / "demography.toml")
    needs = load_needs(folder / "need_groups.csv", folder / "age_profiles.csv",
                       folder / "dementia.csv", tuple(g.label for g in projection.groups))
    dementia_group = load_dementia_group(folder / "dementia_group.toml", personas)
    parts = load_universal_parts(folder / UNIVERSAL_PARTS_FILE, ladder)
    return Municipality(folder.name, folder, ladder, projection, catalogue, params, packages,
                        personas, demography, needs, dementia_group, parts)
