"""Scenario dicts (the file shape of `scenarios.Scenario.to_dict`) as TOML text.

Everything `to_dict` holds is written: the top-level keys, descriptions and display names,
``[groups.*]``, ``[capacity]`` and the ``[[interventions]]`` tables, so a file read back by
the scenario loader is the scenario it was written from.

The strategy the page builds is this text: the app validates it with the scenario loader
(`engine.load_text`), and "save strategy" downloads it, so what was run is what the CLI runs.
"""

from __future__ import annotations

import json
import re
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


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _key(k: Any) -> str:
    # bands such as "2.5-5" and ">15" need quotes; years and names do not
    text = str(k)
    return text if _BARE.fullmatch(text) else _value(text)


def _inline(v: Any) -> str:
    """A value of an intervention table: numbers, strings, arrays and inline tables."""
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_inline(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_inline(x) for x in v) + "]"
    return _value(v)


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
    for lang, text in (data.get("title") or {}).items():
        lines.append(f"title.{lang} = {_value(text)}")
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
    # the levers (docs/scenarios.md, "Interventions"), each table as `to_raw` shapes it
    for raw in data.get("interventions") or ():
        lines += ["", "[[interventions]]"]
        lines.extend(f"{_key(k)} = {_inline(v)}" for k, v in raw.items())
    return "\n".join(lines) + "\n"
