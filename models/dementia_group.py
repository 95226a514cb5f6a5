"""The dementia need group's data: whose persona pathways it follows, and its status quo.

``dementia_group.toml``::

    persona = "johs"          # the persona of pathways.csv the group's cases follow
    status_quo = "normal"     # the pathway the start year's staircase is split by

Each key is a table with ``value`` and ``source`` (as in parameters.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.datafile import read_toml
from models.errors import DataFileError
from models.personas import PersonaPathway

KEYS = ("persona", "status_quo")


@dataclass(frozen=True, slots=True)
class DementiaGroup:
    """Which persona drives the dementia group and which of its pathways is the status quo."""

    persona: str
    status_quo: str
    path: Path

    def source(self, key: str) -> str:
        """Return ``"<file>: <key>"`` for provenance records."""
        return f"{self.path.name}: {key}"


def load_dementia_group(path: Path, personas: dict[str, dict[str, PersonaPathway]]
                        ) -> DementiaGroup:
    """Load ``dementia_group.toml`` and check its persona and pathway exist in pathways.csv."""
    data = read_toml(path)
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise DataFileError(path, f"unknown key(s) {unknown} (known: {', '.join(KEYS)})")
    values: dict[str, str] = {}
    for key in KEYS:
        entry = data.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
            raise DataFileError(path, "expected a table with a text value and a source",
                                field=key)
        if "source" not in entry:
            raise DataFileError(path, "missing 'source'", field=f"{key}.source")
        values[key] = entry["value"]
    if values["persona"] not in personas:
        raise DataFileError(path, f"unknown persona '{values['persona']}' (pathways.csv has "
                            f"{', '.join(sorted(personas)) or 'none'})", field="persona.value")
    pathways = personas[values["persona"]]
    if values["status_quo"] not in pathways:
        raise DataFileError(path, f"persona '{values['persona']}' has no pathway "
                            f"'{values['status_quo']}' (it has {', '.join(sorted(pathways))})",
                            field="status_quo.value")
    return DementiaGroup(values["persona"], values["status_quo"], path)
