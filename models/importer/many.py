"""Several municipalities at once (``--kommune 4001,4003 ...`` or ``all``): one folder each
below ``--out``, all written or none.

``all`` is every municipality (a four-digit region) in the projection file; ``all:NN`` those
of county NN in it (for ``fetch``, which has no file: the municipalities of county NN in
``models/ssb/data/regions.csv``).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from models.errors import TrappaError
from models.importer.build import ImportResult
from models.importer.writer import OutputFolderError
from models.paths import os_error_text, shown
from models.ssb.regions import REGIONS, check_municipality_number, current_number

ALL = "all"


def folder_name(name: str) -> str:
    """A municipality's folder name: lower case ASCII, words joined by '-' ("Færder" ->
    "faerder", "Midt-Telemark" -> "midt-telemark"), as the shipped folders are named."""
    text = name.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "kommune"


def expand_kommuner(spec: Sequence[str], file_regions: Sequence[str] | None = None
                    ) -> list[str]:
    """Today's municipality numbers of a ``--kommune`` list (each item a number, a comma-
    separated list, ``all`` or ``all:NN``), in order, each once.

    ``file_regions``: the region codes of the projection file (for ``all``); None without one.
    """
    out: list[str] = []
    for item in (x.strip() for part in spec for x in part.split(",") if x.strip()):
        m = re.fullmatch(r"all(?::(\d{2}))?", item.casefold())
        if m:
            county = m.group(1)
            if file_regions is not None:
                codes = [current_number(c) for c in file_regions
                         if re.fullmatch(r"\d{4}", c)]
            else:
                frame = pd.read_csv(REGIONS, comment="#", dtype=str)
                codes = list(frame.loc[frame["level"] == "municipality", "code"])
                if county is None:
                    raise TrappaError("--kommune all: give a county (all:40) when there is no "
                                      "file to take the municipalities from")
            codes = [c for c in codes if county is None or c.startswith(county)]
            if not codes:
                raise TrappaError(f"--kommune {item}: no municipality found")
            out += codes
        else:
            out.append(current_number(check_municipality_number(item)))
    return list(dict.fromkeys(out))


def import_many(kommuner: Sequence[str], out: Path,
                one: Callable[[str, Path], ImportResult]) -> list[ImportResult]:
    """Write ``out/<name>/`` for each municipality with ``one(kommune, folder)``.

    Every folder is written below a temporary sibling of ``out`` first and moved into place
    only when all are written: a failure leaves nothing. ``out`` may exist; a folder in it of
    the same name is refused (never overwritten).
    """
    from models.paths import check_path

    check_path(out, "--out")
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"{shown(out)}: is a file, not a folder; nothing was written")
    staging = out.parent / f".{out.name}.many-{uuid.uuid4().hex[:8]}"
    results: list[ImportResult] = []
    try:
        staging.mkdir(parents=True)
        for k in kommuner:
            tmp_out = staging / f"k{k}"
            result = one(k, tmp_out)
            final = out / folder_name(result.name)
            if final.exists() and (not final.is_dir() or any(final.iterdir())):
                raise OutputFolderError(f"{shown(final)}: exists and is not an empty folder; "
                                        "nothing was written (choose a new --out)")
            if any(final == out / folder_name(r.name) for r in results):
                raise TrappaError(f"two municipalities named {result.name!r}: give them "
                                  "one at a time with --name")
            results.append(result)
        out.mkdir(parents=True, exist_ok=True)
        for r in results:
            final = out / folder_name(r.name)
            if final.exists():
                final.rmdir()   # empty (checked)
            os.replace(r.out, final)
    except OSError as exc:
        raise OutputFolderError(f"{shown(out)}: cannot write the folders ({os_error_text(exc)})"
                                "; nothing was written") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [ImportResult(out / folder_name(r.name), r.name, r.kommune, r.alternatives,
                         r.population_2024, r.estimated) for r in results]
