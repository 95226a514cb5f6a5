"""Checks of single scenario values, shared by the file loader and command-line overrides.

Each check returns the clean value or raises a one-line `ScenarioError` naming the source
(a file or "command line") and the dotted key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scenarios.errors import ScenarioError
from scenarios.mapping import Mix

# A name becomes a folder (runs/<name>/, models/data/<municipality>/): no separators, no
# leading dot, so it can never climb out of its parent folder.
_NAME = re.compile(r"\w[\w.-]*\Z")
_INTEGER = re.compile(r"-?[0-9]+\Z")

MAX_HORIZON = 100
"""Most years a scenario may span after its start year (the projection is extrapolated)."""

SUM_TOLERANCE = 1e-9
"""How far the shares of a mix may sum from 1 (float rounding of hand-written shares)."""

Source = Path | str


def is_int(value: Any) -> bool:
    """Return True for an int that is not a bool (TOML and JSON keep them apart)."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_seed(value: Any, source: Source) -> int:
    """Return a valid root seed: an integer >= 0 (numpy's SeedSequence rejects negatives)."""
    if not is_int(value):
        raise ScenarioError(source, f"expected an integer, got {value!r}", key="seed")
    if value < 0:
        raise ScenarioError(source, f"seed must be >= 0, got {value}", key="seed")
    return int(value)


def check_replications(value: Any, source: Source) -> int:
    """Return a valid number of replications: an integer >= 1."""
    if not is_int(value):
        raise ScenarioError(source, f"expected an integer, got {value!r}", key="replications")
    if value < 1:
        raise ScenarioError(source, f"replications must be >= 1, got {value}",
                            key="replications")
    return int(value)


def check_name(value: Any, source: Source, key: str = "name") -> str:
    """Return a valid name: letters, digits, '_', '-', '.', not starting with '.' or '-'."""
    if not isinstance(value, str):
        raise ScenarioError(source, f"expected a string, got {value!r}", key=key)
    if not _NAME.match(value):
        raise ScenarioError(source, f"{value!r} is not a valid {key}: use letters, digits, "
                            "'_', '-' and '.', starting with a letter or digit (it names a "
                            "folder)", key=key)
    return value


#: SSB's main projection alternative (table 14288's "Hovedalternativet").
MAIN_PROJECTION = "MMMM"
_PROJECTION = re.compile(r"[A-Z0-9]{4}\Z")


def check_projection(value: Any, source: Source, key: str = "projection") -> str:
    """Return an SSB projection alternative code: four capitals or digits (MMMM, LLML, HHMH,
    MMM0, ...), as table 14288 writes it in brackets after the alternative's name."""
    if not isinstance(value, str) or not _PROJECTION.match(value):
        raise ScenarioError(source, f"{value!r} is not an SSB projection alternative: four "
                            "capital letters or digits as in table 14288, e.g. MMMM (the main "
                            "alternative), LLML or HHMH", key=key)
    return value


def parse_int_key(text: str, what: str, source: Source, key: str) -> int:
    """Return a table key written as an integer (``"2025"``, not ``"2025.0"`` or ``"02025"``)."""
    if not _INTEGER.match(text) or str(int(text)) != text:
        raise ScenarioError(source, f"{what} key '{text}' is not an integer", key=key)
    return int(text)


def parse_year(text: str, years: range, source: Source, key: str) -> int:
    """Return a year key that lies within the scenario's years."""
    year = parse_int_key(text, "year", source, key)
    if year not in years:
        raise ScenarioError(source, f"year {year} is outside start_year..end_year "
                            f"({years.start}..{years.stop - 1})", key=key)
    return year


def check_mix(raw: Mapping[str, float], group: str, pathways: tuple[str, ...],
              source: Source, key: str) -> Mix:
    """Return a mix whose pathways belong to ``group`` and whose shares sum to 1."""
    for pathway, share in raw.items():
        if pathway not in pathways:
            raise ScenarioError(source, f"unknown pathway '{pathway}' for group '{group}' "
                                f"(known: {', '.join(pathways)})", key=f"{key}.{pathway}")
        # written so that NaN fails too
        if not 0.0 <= share <= 1.0:
            raise ScenarioError(source, f"share {share} is outside 0..1",
                                key=f"{key}.{pathway}")
    total = math.fsum(raw.values())
    if abs(total - 1.0) > SUM_TOLERANCE:
        listed = ", ".join(f"{p} = {s}" for p, s in raw.items()) or "no pathways"
        raise ScenarioError(source, f"shares sum to {total:g}, not 1 ({listed})", key=key)
    return Mix({p: float(s) for p, s in raw.items()})


#: Health-trend alternatives (issue 31): years per decade by which need onset by age moves
#: older. "healthier" is half of an assumed gain of about one year per decade in the
#: remaining life expectancy at old age (an assumption, not SSB's figure at 65; SSB's 2018
#: projection has "about 4-5 years" at 70 to 2060, 1.0-1.2 a decade: docs/staff-supply.md).
HEALTH_ALTERNATIVES: dict[str, float] = {"constant": 0.0, "healthier": 0.5}
#: The largest shift a scenario may ask for (years per decade).
MAX_HEALTH_SHIFT = 5.0


def check_health_shift(value: Any, source: Source, key: str = "health_shift") -> float:
    """Return a health trend in years per decade, 0..MAX_HEALTH_SHIFT (0 = today's need by age)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            0.0 <= value <= MAX_HEALTH_SHIFT):
        raise ScenarioError(source, f"expected years per decade from 0 to {MAX_HEALTH_SHIFT:g} "
                            f"(0 = need by age as today), got {value!r}", key=key)
    return float(value)
