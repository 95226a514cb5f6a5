"""Reading a scenario file with its chain of base files and merging them, recording who set what.

An override file names its base (``base = "base.toml"``, relative to itself) and gives
only what differs. A base must lie inside the loaded file's folder (or a folder below it)
or inside the shipped scenarios: a scenario file never makes trappa read a file the user did
not point it at. Tables merge key by key, except the tables in `replaces_wholesale`:
a pathway mix or a capacity schedule is replaced as a whole, since merging two mixes key by
key would add their shares up, and so is a description given per language (an override's
English text must not keep its base's Norwegian one). A file that renames the scenario drops
its base's display names (``title``) unless it gives its own.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.datafile import path_kind, read_toml
from models.errors import DataFileError
from scenarios.errors import ScenarioError

Key = tuple[str, ...]

SHIPPED_DIR = Path(__file__).parent
"""Folder of the shipped scenarios: ``<municipality>/<name>.toml``."""


def outside(target: Path, roots: tuple[Path, ...]) -> bool:
    """Return True unless ``target`` (symbolic links resolved) lies inside one of ``roots``."""
    real = target.resolve()
    return not any(real.is_relative_to(r.resolve()) for r in roots)


def replaces_wholesale(key: Key) -> bool:
    """Return True for ``groups.<g>.existing_cases``, ``groups.<g>.new_cases``, ``capacity.<t>``,
    ``description`` and ``title``."""
    return ((len(key) == 3 and key[0] == "groups" and key[2] in ("existing_cases", "new_cases"))
            or (len(key) == 2 and key[0] == "capacity") or key in (("description",), ("title",)))


@dataclass(frozen=True)
class Merged:
    """A scenario's merged raw data.

    ``origin`` maps each leaf key (or empty table) to the file that set it; ``files`` lists
    the chain, base first.
    """

    data: dict[str, Any]
    origin: dict[Key, Path]
    files: tuple[Path, ...]

    def source_of(self, key: Key) -> Path:
        """Return the file that wrote ``key``, or the loaded file if none did (a missing key)."""
        if key in self.origin:
            return self.origin[key]
        for n in range(len(key) - 1, 0, -1):
            if key[:n] in self.origin:
                return self.origin[key[:n]]
        # a table: the file nearest the loaded one among those that wrote into it
        writers = {f for k, f in self.origin.items() if k[:len(key)] == key}
        return next((f for f in reversed(self.files) if f in writers), self.files[-1])


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except DataFileError as exc:
        raise ScenarioError(path, exc.problem, key=exc.field) from None


def read_chain(path: Path, root: Path | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """Return ``(file, data)`` for ``path`` and its bases, base first, ``base`` keys removed.

    ``root`` is the folder the bases must stay in (default: ``path``'s folder); the shipped
    scenarios folder is always allowed.

    Raises
    ------
    ScenarioError
        If a file is missing or not valid TOML, ``base`` is not a string, lies outside
        ``root`` and the shipped scenarios, or the bases form a cycle.
    """
    roots = (root if root is not None else path.parent, SHIPPED_DIR)
    chain: list[tuple[Path, dict[str, Any]]] = []
    seen: list[Path] = []
    current = path
    while True:
        seen.append(current.resolve())
        data = _read(current)
        base = data.pop("base", None)
        chain.append((current, data))
        if base is None:
            return chain[::-1]
        if not isinstance(base, str):
            raise ScenarioError(current, f"expected a file name (string), got {base!r}",
                                key="base")
        # normpath only tidies the path for messages; the file system resolves it the same
        nxt = Path(os.path.normpath(current.parent / base))
        if outside(nxt, roots):
            # never read it: an error about its content would show a foreign file
            raise ScenarioError(current, f"base {base!r} lies outside {roots[0].resolve()} and the "
                                "shipped scenarios (copy the file next to this one)",
                                key="base")
        if nxt.resolve() in seen:
            names = " -> ".join(str(p) for p, _ in chain) + f" -> {nxt}"
            raise ScenarioError(current, f"base files form a cycle: {names}", key="base")
        try:
            kind = path_kind(nxt)
        except DataFileError as exc:
            raise ScenarioError(current, exc.problem, key="base") from None
        if kind != "file":
            raise ScenarioError(current, f"base file not found: {nxt}", key="base")
        current = nxt


def _record(origin: dict[Key, Path], key: Key, value: Any, file: Path) -> None:
    if isinstance(value, dict) and value:
        for k, v in value.items():
            _record(origin, (*key, k), v, file)
    else:
        origin[key] = file


def _forget(origin: dict[Key, Path], key: Key) -> None:
    for k in [k for k in origin if k[:len(key)] == key]:
        del origin[k]


def _merge(into: dict[str, Any], new: dict[str, Any], origin: dict[Key, Path], file: Path,
           prefix: Key) -> None:
    for name, value in new.items():
        key = (*prefix, name)
        old = into.get(name)
        if isinstance(value, dict) and isinstance(old, dict) and not replaces_wholesale(key):
            origin.pop(key, None)  # it was an empty table; its leaves now speak for it
            _merge(old, value, origin, file, key)
        else:
            _forget(origin, key)
            into[name] = copy.deepcopy(value)
            _record(origin, key, value, file)


def merge_chain(path: Path, root: Path | None = None) -> Merged:
    """Read ``path`` and its bases (inside ``root``, see `read_chain`) and merge them, later
    files over earlier ones."""
    chain = read_chain(path, root)
    data: dict[str, Any] = {}
    origin: dict[Key, Path] = {}
    for file, layer in chain:
        # A title is the display name of a name: a file that renames the scenario without a
        # title of its own must not show its base's title.
        if "name" in layer and "title" not in layer and layer["name"] != data.get("name"):
            data.pop("title", None)
            _forget(origin, ("title",))
        _merge(data, layer, origin, file, ())
    return Merged(data, origin, tuple(f for f, _ in chain))
