"""``trappa municipality fetch``: SSB's tables for one municipality from PxWebApi v2, cached.

The queries (`queries_for`) ask for one region each, with explicit value lists where the
codes are known and SSB's ``*`` where they are not, and each is checked to stay under the
API's cell limit using an upper bound on every wildcard dimension (`WILDCARD_BOUND`). Raw
responses go to the user's cache folder (`cache_dir`: ``$XDG_CACHE_HOME/trappa/ssb``, else
``~/.cache/trappa/ssb``), one file per query named by its table, region and a hash of its URL;
``--offline`` reads only the cache. The API is asked politely: retries with exponential backoff
on 429 and 5xx (honouring ``Retry-After``), a timeout, and one clear line when SSB cannot be
reached or refuses. Nothing is written, in the cache or the output, unless every response is in.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from models.errors import TrappaError
from models.ssb import kostra_tables as kt
from models.ssb.table import POPULATION_TABLE, PROJECTION_TABLE

if TYPE_CHECKING:
    import httpx

#: SSB's PxWebApi v2 (https://data.ssb.no/api/pxwebapi/v2/, documented by SSB and in the
#: PxWebApiData R package's vignette "Using PxWebApi v2").
API = "https://data.ssb.no/api/pxwebapi/v2"
#: Upper bounds on the categories a wildcard (``*``) selects, per dimension: single years of
#: age 0-105+ and a total (07459: 0-105, 14288: KOSTRA groups), the years of a table (07459
#: starts in 1986; projections run to 2100 at most), SSB's projection alternatives (nine).
WILDCARD_BOUND = {"Alder": 110, "Tid": 120, "ContentsCode": 20}
#: Retries after the first attempt, the first wait (seconds, doubled each time) and the most
#: one wait may be (a ``Retry-After`` above it is cut to it).
RETRIES = 4
BACKOFF_S = 1.0
MAX_WAIT_S = 60.0
TIMEOUT_S = 60.0
#: Queries SSB may refuse without stopping the fetch: a KOSTRA table that lacks the region
#: leaves its items estimated (the projection and the population are needed).
OPTIONAL_ROLES = frozenset({"kostra"})


class FetchError(TrappaError):
    """SSB could not be reached, refused a query, or (offline) the cache lacks a response."""


class RefusedError(FetchError):
    """SSB answered a query with a client error (4xx other than 429): it will not change."""


def cache_dir() -> Path:
    """The user's cache folder for SSB responses (XDG base directories)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trappa" / "ssb"


@dataclass(frozen=True)
class Query:
    """One PxWebApi v2 data query: a table and a value list (or ``*``) per dimension."""

    table: str
    region: str
    selection: tuple[tuple[str, tuple[str, ...]], ...]
    role: str      # "projection", "population", "kostra"

    def cells(self) -> int:
        """An upper bound on the cells of the response (wildcards at `WILDCARD_BOUND`)."""
        return math.prod(WILDCARD_BOUND.get(d, 1000) if v == ("*",) else len(v)
                         for d, v in self.selection)

    def url(self) -> str:
        """The GET URL (``valueCodes[DIM]=a,b``, JSON-stat 2.0, Norwegian labels)."""
        params = [("lang", "no"), ("outputFormat", "json-stat2")]
        params += [(f"valueCodes[{d}]", ",".join(v)) for d, v in self.selection]
        query = "&".join(f"{quote(k, safe='[]')}={quote(v, safe=',*')}" for k, v in params)
        return f"{API}/tables/{self.table}/data?{query}"

    def cache_name(self) -> str:
        digest = hashlib.sha256(self.url().encode()).hexdigest()[:12]
        return f"{self.table}-{self.region}-{digest}.json"


def queries_for(kommune: str, year: int = 2024) -> list[Query]:
    """The queries of ``trappa municipality fetch`` for one municipality (today's number):
    the projection (all alternatives), the registered population of ``year``, the key
    figures and the accounts by function of ``year``. Each is under `kt.CELL_LIMIT`.
    """
    y = str(year)
    out = [
        Query(PROJECTION_TABLE, kommune, (("Region", (kommune,)), ("Alder", ("*",)),
                                         ("ContentsCode", ("*",)), ("Tid", ("*",))),
              "projection"),
        Query(POPULATION_TABLE, kommune, (("Region", (kommune,)), ("Alder", ("*",)),
                                         ("ContentsCode", ("Personer1",)), ("Tid", (y,))),
              "population"),
        Query(kt.KEY_FIGURES_TABLE, kommune, (
            (kt.REGION_DIM, (kommune,)),
            (kt.CONTENTS_DIM, tuple(i.code for i in kt.INDICATORS)), (kt.TIME_DIM, (y,))),
              "kostra"),
        Query(kt.ACCOUNTS_TABLES[0], kommune, (
            (kt.REGION_DIM, (kommune,)), (kt.FUNCTION_DIM, tuple(kt.FUNCTIONS)),
            (kt.ART_DIM, (kt.GROSS_EXPENDITURE_ART,)),
            (kt.CONTENTS_DIM, (kt.ACCOUNTS_CONTENTS,)), (kt.TIME_DIM, (y,))), "kostra"),
    ]
    for q in out:
        if q.cells() >= kt.CELL_LIMIT:  # cannot happen for one region; a guard for edits
            raise TrappaError(f"query of table {q.table} may return {q.cells():,} cells, over "
                              f"the API's limit of {kt.CELL_LIMIT:,}")
    return out


class Fetcher:
    """Get query responses from the cache or SSB (see the module docstring)."""

    def __init__(self, cache: Path | None = None, *, offline: bool = False,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.cache = cache or cache_dir()
        self.offline = offline
        self.transport = transport
        self.sleep = sleep
        self.requests = 0
        self.skipped: list[str] = []

    def fetch_all(self, queries: list[Query]) -> dict[Query, Path]:
        """Every query's cached file: read from the cache, or fetched and then (all of them
        in) written to it. Raises `FetchError` before writing anything."""
        fresh: dict[Query, bytes] = {}
        skipped: set[Query] = set()
        for q in queries:
            if not (self.cache / q.cache_name()).is_file():
                if self.offline:
                    raise FetchError(f"offline: no cached response for SSB table {q.table} "
                                     f"(region {q.region}) in {self.cache}; run 'trappa "
                                     "municipality fetch' once online; nothing was written")
                try:
                    fresh[q] = self._get(q)
                except RefusedError as exc:
                    if q.role not in OPTIONAL_ROLES:
                        raise
                    # a municipality a KOSTRA table lacks: imported with those items estimated
                    self.skipped.append(f"SSB table {q.table}: {exc}")
                    skipped.add(q)
        for q, body in fresh.items():
            _write_atomically(self.cache / q.cache_name(), body)
        return {q: self.cache / q.cache_name() for q in queries if q not in skipped}

    def _get(self, q: Query) -> bytes:
        import httpx

        url = q.url()
        with httpx.Client(transport=self.transport, timeout=TIMEOUT_S,
                          headers={"User-Agent": "trappa (municipal care planning)"}) as client:
            for attempt in range(RETRIES + 1):
                self.requests += 1
                try:
                    resp = client.get(url)
                except httpx.HTTPError as exc:
                    if attempt == RETRIES:
                        raise FetchError(f"cannot reach SSB ({API}) for table {q.table}: "
                                         f"{type(exc).__name__}: {exc or 'no answer'}; try "
                                         "again later, or --offline with a cache; nothing "
                                         "was written") from None
                    self.sleep(_wait(attempt, None))
                    continue
                if resp.status_code == 200:
                    return resp.content
                if resp.status_code == 429 or resp.status_code >= 500:
                    if attempt == RETRIES:
                        break
                    self.sleep(_wait(attempt, resp.headers.get("Retry-After")))
                    continue
                first = resp.text.strip().splitlines()[0][:160] if resp.text.strip() else ""
                raise RefusedError(f"SSB refused the query of table {q.table} (HTTP "
                                 f"{resp.status_code}{': ' + first if first else ''}); "
                                 "nothing was written")
        raise FetchError(f"SSB kept answering HTTP {resp.status_code} for table {q.table} "
                         f"after {RETRIES + 1} attempts; try again later; nothing was written")


def _wait(attempt: int, retry_after: str | None) -> float:
    if retry_after is not None:
        try:
            return min(max(float(retry_after), 0.0), MAX_WAIT_S)
        except ValueError:
            pass
    return min(BACKOFF_S * 2 ** attempt, MAX_WAIT_S)


def _write_atomically(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_bytes(body)
    os.replace(tmp, path)
