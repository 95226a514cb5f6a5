"""The default vocabulary a scenario is validated against: need groups, pathways, trinn."""

from __future__ import annotations

from collections.abc import Mapping

from models.ladder import TRINN_NUMBERS

# Need group -> its pathways; the first pathway is the group's default (status quo).
# Dementia follows the persona pathways of the seeds (Johs); the other groups have one
# status-quo pathway calibrated to the 2024 staircase.
DEFAULT_GROUPS: Mapping[str, tuple[str, ...]] = {
    "dementia": ("normal", "proactive", "reactive"),
    "frail_elderly": ("status_quo",),
    "disability": ("status_quo",),
    "mental_health": ("status_quo",),
    "children": ("status_quo",),
}

# All trinn of the innsatstrapp, and those that hold places (beds, flats) that can be
# capacity-limited (kind = place_based in models/data/faerder/trinn.csv).
LADDER_TRINN: tuple[int, ...] = TRINN_NUMBERS
PLACE_BASED_TRINN: tuple[int, ...] = (9, 10, 11, 12)

# Languages of the reports and the terminal (Norwegian bokmål, the default; English;
# Norwegian nynorsk): a scenario's description and display name (title) may be given in each.
REPORT_LANGUAGES: tuple[str, ...] = ("nb", "en", "nn")


def common_text(texts: Mapping[str, str]) -> str:
    """Return the text that stands in for a report language without its own (non-empty
    ``texts``): the English one, the code's language, else the first given."""
    return texts.get("en", next(iter(texts.values())))


def check_vocabulary(groups: Mapping[str, tuple[str, ...]]) -> None:
    """Raise ``ValueError`` if a group has no pathways (it would have no default)."""
    for group, pathways in groups.items():
        if not pathways:
            raise ValueError(f"need group '{group}' has no pathways")
