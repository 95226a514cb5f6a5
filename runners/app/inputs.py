"""What the planner types, checked before a run can start.

Each check returns ``None`` for a good value, else the catalogue key and fields of a sentence
the page shows beside the field (Kjør stays off until every field is good): the run uses
exactly what the fields show, never a silent fallback.

A strategy's title is free text (``title.nb``/``nn``/``en`` of the saved file); its scenario
``name``, which names files and folders, is derived from the title by `name_for`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Any

#: The longest title the page accepts (characters): it heads tables and the report.
MAX_TITLE = 80
#: The longest derived scenario name (characters): it names files and folders, which have
#: limits of their own (255 bytes a file name on common file systems).
MAX_NAME = 40
#: What a Norwegian title's letters become in a name ("Færder" -> "faerder", as the data).
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a",
                          "ß": "ss"})
_OTHER = re.compile(r"[^a-z0-9]+")

Problem = tuple[str, dict[str, Any]]


def name_for(title: str, taken: Collection[str] = (), fallback: str = "strategi") -> str:
    """Return the scenario name of ``title``: lower-case ASCII letters, digits and hyphens,
    at most `MAX_NAME` characters, ``fallback`` if nothing is left, and not one of
    ``taken`` (a number is added: "normal-2")."""
    ascii_ = unicodedata.normalize("NFKD", title.translate(_LETTERS)).encode(
        "ascii", "ignore").decode()
    base = _OTHER.sub("-", ascii_.lower()).strip("-")[:MAX_NAME].strip("-") or fallback
    name, k = base, 2
    while name in taken:
        suffix = f"-{k}"
        name = base[:MAX_NAME - len(suffix)].rstrip("-") + suffix
        k += 1
    return name


def check_title(title: str) -> Problem | None:
    """A title too long (empty is allowed: the page then uses the default title)."""
    if len(title.strip()) > MAX_TITLE:
        return "input.title_long", {"max": MAX_TITLE, "n": len(title.strip())}
    return None


def check_int(value: Any, low: int, high: int | None = None) -> Problem | None:
    """A whole number from ``low`` to ``high`` (no upper end if ``high`` is None)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and (
        float(value).is_integer())
    if ok and low <= int(value) and (high is None or int(value) <= high):
        return None
    fields: dict[str, Any] = {"low": low, "high": high, "value": int(value) if ok else value}
    if high is None:
        fields.pop("high")
        return "input.at_least", fields
    return "input.between", fields
