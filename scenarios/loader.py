"""Loading a scenario file by path or by the name of a shipped scenario."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from models.datafile import path_kind
from models.errors import DataFileError
from scenarios.errors import ScenarioError
from scenarios.merge import SHIPPED_DIR, merge_chain
from scenarios.scenario import Scenario
from scenarios.validate import scenario_from_merged
from scenarios.vocabulary import DEFAULT_GROUPS

__all__ = ["SHIPPED_DIR", "load_scenario", "resolve_scenario_path", "shipped_scenario_path",
           "shipped_scenarios"]


def load_scenario(path: Path | str,
                  groups: Mapping[str, tuple[str, ...]] = DEFAULT_GROUPS, *,
                  root: Path | None = None) -> Scenario:
    """Load, merge and validate a scenario file and its chain of base files.

    Parameters
    ----------
    path
        The scenario file (see docs/scenarios.md for the format).
    groups
        The vocabulary: need group -> its pathways, the first being the default.
    root
        The folder its base files must stay in (default: the file's own folder); the
        shipped scenarios are always allowed.

    Raises
    ------
    ScenarioError
        On the first problem found, naming the file, the dotted key and the problem.
    """
    return scenario_from_merged(merge_chain(Path(path), root), groups)


def shipped_scenarios(municipality: str = "faerder") -> list[str]:
    """Return the names of the scenarios shipped for ``municipality``, sorted."""
    return sorted(p.stem for p in (SHIPPED_DIR / municipality).glob("*.toml"))


def resolve_scenario_path(name_or_path: str, municipality: str = "faerder") -> Path:
    """Return the scenario file meant by ``name_or_path``.

    A plain name (no folder, no ``.toml``) is a shipped scenario of ``municipality``
    (``scenarios/<municipality>/<name>.toml``), whatever the current folder holds; anything
    else is a file path.

    Raises
    ------
    ScenarioError
        If it is neither an existing file nor a shipped name; the message lists the
        shipped names.
    """
    as_path = Path(name_or_path)
    if not name_or_path:
        raise ScenarioError("command line", "expected a scenario name or file, got ''",
                            key="scenario")
    try:
        kind = path_kind(as_path)
    except DataFileError as exc:
        raise ScenarioError(exc.path, exc.problem) from None
    if as_path.suffix == ".toml" or len(as_path.parts) > 1 or name_or_path.startswith("."):
        if kind == "file":
            return as_path
        # clearly meant as a path: a typo there is not helped by a list of names
        raise ScenarioError(as_path, "is a folder, not a scenario file" if kind == "dir"
                            else "file not found")
    if name_or_path not in shipped_scenarios(municipality) and kind == "file":
        return as_path
    return shipped_scenario_path(name_or_path, municipality)


def shipped_scenario_path(name: str, municipality: str = "faerder") -> Path:
    """Return the file of the shipped scenario ``name`` of ``municipality``.

    Raises
    ------
    ScenarioError
        If there is no such shipped scenario (the message lists them).
    """
    name_or_path = name
    # only a listed plain name is returned, so it cannot climb out of the package folder
    shipped = shipped_scenarios(municipality) if (SHIPPED_DIR / municipality).is_dir() else []
    if name_or_path in shipped:
        return SHIPPED_DIR / municipality / f"{name_or_path}.toml"
    if not shipped:
        places = sorted(p.name for p in SHIPPED_DIR.iterdir()
                        if p.is_dir() and any(p.glob("*.toml")))
        raise ScenarioError(name_or_path, f"no scenarios shipped for municipality "
                            f"'{municipality}' (shipped for: {', '.join(places)})")
    raise ScenarioError(name_or_path, f"not a file nor a shipped scenario of '{municipality}' "
                        f"(shipped: {', '.join(shipped)})")
