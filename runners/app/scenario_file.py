"""Scenario dicts (the file shape of `scenarios.Scenario.to_dict`) as TOML text.

The strategy the page builds is this text: the app validates it with the scenario loader
(`engine.load_text`), and "save strategy" downloads it, so what was run is what the CLI runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

#: Keys written at the top of a file, in order (the rest are tables).
_TOP = ("name", "municipality", "start_year", "end_year", "seed", "replications")


def _value(v: Any) -> str:
    if isinstance(v, bool):
        raise TypeError("scenario files hold no booleans")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    # TOML basic strings share JSON's escapes for the text written here
    return json.dumps(str(v), ensure_ascii=False)


def _mix(mix: Mapping[str, float]) -> list[str]:
    # a pathway with share 0 is left out (the loader reads it as 0); any other share is
    # written, a negative one too, so the loader names it
    return [f"{p} = {_value(float(s))}" for p, s in mix.items() if s != 0]


def scenario_toml(data: Mapping[str, Any], header: str = "") -> str:
    """Return a complete, standalone scenario file (no ``base``) for ``data``.

    Parameters
    ----------
    data
        A dict shaped like `Scenario.to_dict` (``files`` and ``provenance`` are ignored).
    header
        Comment lines put first (without ``#``), e.g. what made the file.
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for key in _TOP:
        lines.append(f"{key} = {_value(data[key])}")
    description = data.get("description") or ""
    if isinstance(description, Mapping):
        lines.extend(f"description.{lang} = {_value(text)}" for lang, text in
                     description.items())
    elif description:
        lines.append(f"description = {_value(description)}")
    for group, strategy in (data.get("groups") or {}).items():
        lines += ["", f"[groups.{group}.existing_cases]", *_mix(strategy["existing_cases"])]
        for year, mix in strategy["new_cases"].items():
            lines += ["", f"[groups.{group}.new_cases.{int(year)}]", *_mix(mix)]
    capacity = data.get("capacity") or {}
    if capacity:
        lines += ["", "[capacity]"]
        for trinn, steps in capacity.items():
            inner = ", ".join(f"{int(y)} = {int(n)}" for y, n in steps.items())
            lines.append(f'"{int(trinn)}" = {{ {inner} }}')
    return "\n".join(lines) + "\n"
