"""A run directory while it runs: finished tasks streamed to Parquet parts, resumable.

Layout during a run::

    manifest.json                        the plan, written before anything runs
    draws.parquet                        parameter values per draw (sweeps with parameters)
    <table>/part-<first>-<last>.parquet  one part per finished range of task indices, for
                                         each table (yearly, population, demography, events)
    done/part-<first>-<last>.json        the record that a range is complete, written last

Every file is written with `results.rundir.atomic_write` (a hidden temporary name, flushed,
renamed into place), so a reader (or a resume) never sees half a file; a part without its
``done`` record (the process died between the tables of one range) is removed and rerun on
resume. When the run finishes, `results.store.finish_run` replaces the whole directory by
the finished run (one part per table, summary, run.json, plots), keeping the manifest and
the draws. The names are `results.rundir`'s, which owns the layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from results.rundir import (
    DONE,
    DRAWS,
    MANIFEST,
    MARKER,
    RUN_JSON,
    RunDirError,
    atomic_write,
    read_json,
    write_json,
)
from runners.replicate import TABLES

STREAM_TABLES: tuple[str, ...] = (*TABLES, "events")
FINISHED = RUN_JSON


def _to_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def part_name(first: int, stop: int) -> str:
    """Return the part name of task indices ``first..stop-1``."""
    return f"part-{first:08d}-{stop - 1:08d}"


@dataclass(frozen=True)
class StreamDir:
    """The run directory being streamed into."""

    path: Path

    @classmethod
    def create(cls, path: Path, manifest: Mapping[str, Any],
               draws: pd.DataFrame | None = None) -> StreamDir:
        """Create the directory with its manifest (and draws) before anything runs."""
        path.mkdir(parents=True, exist_ok=True)
        for sub in (*STREAM_TABLES, DONE):
            (path / sub).mkdir(exist_ok=True)
        if draws is not None:
            atomic_write(path / DRAWS, partial(_to_parquet, draws))
        write_json(path / MANIFEST, {MARKER: True, **manifest})
        return cls(path)

    @property
    def finished(self) -> bool:
        """Return whether the run is complete (``run.json`` exists)."""
        return (self.path / FINISHED).is_file()

    def manifest(self) -> dict[str, Any]:
        """Return the stored manifest."""
        return read_json(self.path / MANIFEST)

    def done(self) -> dict[str, tuple[int, int]]:
        """Return each complete part's name and task range ``(first, stop)``."""
        out: dict[str, tuple[int, int]] = {}
        for marker in sorted((self.path / DONE).glob("part-*.json")):
            rec = read_json(marker)
            try:
                out[marker.stem] = (int(rec["first"]), int(rec["stop"]))
            except (KeyError, TypeError, ValueError):
                raise RunDirError(marker, "expected 'first' and 'stop' task indices") from None
        return out

    def done_tasks(self) -> set[int]:
        """Return the indices of every finished task."""
        return {i for first, stop in self.done().values() for i in range(first, stop)}

    def clean(self) -> None:
        """Remove temporary files and parts without a ``done`` record (before a resume)."""
        done = set(self.done())
        for sub in (*STREAM_TABLES, DONE):
            folder = self.path / sub
            folder.mkdir(exist_ok=True)
            for f in folder.iterdir():
                if f.name.startswith(".") or (sub != DONE and f.name.endswith(".parquet")
                                              and f.name.removesuffix(".parquet") not in done):
                    f.unlink()

    def write_part(self, first: int, stop: int, tables: Mapping[str, pd.DataFrame]) -> None:
        """Write the tables of tasks ``first..stop-1``, then the record that they are done."""
        name = part_name(first, stop)
        for table in STREAM_TABLES:
            atomic_write(self.path / table / f"{name}.parquet",
                         partial(_to_parquet, tables[table].reset_index(drop=True)))
        write_json(self.path / DONE / f"{name}.json",
                   {"first": first, "stop": stop,
                    "written_at": datetime.now(UTC).isoformat(timespec="seconds")})

    def parts(self) -> dict[str, list[Path]]:
        """Return each table's complete parts in task order (their names sort in it).

        Raises
        ------
        RunDirError
            If a part that done/ records is missing.
        """
        names = sorted(self.done())
        out: dict[str, list[Path]] = {}
        for table in STREAM_TABLES:
            out[table] = [self.path / table / f"{name}.parquet" for name in names]
            for f in out[table]:
                if not f.is_file():
                    raise RunDirError(f, "missing, though done/ records it as written")
        return out

    def read(self, table: str, columns: Iterable[str] | None = None,
             filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
        """Return a table's complete parts, concatenated in task order."""
        parts = sorted(self.done().items(), key=lambda kv: kv[1][0])
        frames = []
        for name, _ in parts:
            f = self.path / table / f"{name}.parquet"
            try:
                frames.append(pd.read_parquet(f, columns=None if columns is None
                                              else list(columns), filters=filters))
            except FileNotFoundError:
                raise RunDirError(f, "missing, though done/ records it as written") from None
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise RunDirError(f, f"unreadable Parquet ({exc})") from exc
        if not frames:
            raise RunDirError(self.path / table, "no finished parts")
        return pd.concat(frames, ignore_index=True)
