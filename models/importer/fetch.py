"""``trappa municipality fetch NNNN``: SSB's tables from PxWebApi v2 (cached,
`models.ssb.fetch`) imported into a municipality folder by `import_municipality`, exactly as
an import of the same files would."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from models.importer.build import ImportResult, import_municipality
from models.importer.writer import check_output
from models.ssb.fetch import Fetcher, queries_for
from models.ssb.regions import check_municipality_number, current_number

if TYPE_CHECKING:
    import httpx


def fetch_municipality(kommune: str, out: Path, *, offline: bool = False,
                       cache: Path | None = None, year: int = 2024, name: str | None = None,
                       transport: httpx.BaseTransport | None = None,
                       sleep: Callable[[float], None] = time.sleep) -> ImportResult:
    """Fetch (or read from the cache) the projection 14288, the population 07459 and the
    KOSTRA tables 12209 and 12362 of ``year`` for one municipality, and import them to
    ``out``. Raises `models.ssb.fetch.FetchError` (one line) before anything is written."""
    code = current_number(check_municipality_number(kommune))
    check_output(out)
    files = Fetcher(cache, offline=offline, transport=transport, sleep=sleep).fetch_all(
        queries_for(code, year))
    by_role: dict[str, list[Path]] = {}
    for q, path in files.items():
        by_role.setdefault(q.role, []).append(path)
    return import_municipality(code, by_role["projection"][0], out,
                               population=by_role["population"][0],
                               kostra=by_role.get("kostra"), name=name)
