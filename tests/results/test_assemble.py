"""`results.assemble`: a run's streamed parts sorted out of core into the finished file.

The order is `runners.run.canonical`'s (the in-memory sort it replaces), ties included, and
pandas reads back the same frame; and the assembly of parts several times larger than a
memory limit stays under it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from results.assemble import assemble_table, validate_file
from results.rundir import RunDirError
from results.store import validate_yearly
from runners.run import canonical
from tests.conftest import REPO

SCENARIOS = ("normal", "proactive", "a-reactive")  # the run's order: not alphabetical
GROUPS = ("universal", "dementia", "children", "ærlig")  # a non-ASCII name sorts last


def _part(rng: np.random.Generator, tasks: range,
          years: tuple[int, ...] = (2025, 2024)) -> pd.DataFrame:
    """The rows of tasks ``tasks`` (task t = scenario t % 3, replication t // 3), each
    (year, trinn, group) row once, in a shuffled order as a worker might write them."""
    frames = []
    for t in tasks:
        keys = pd.MultiIndex.from_product([years, (12, 4, 9, 1), GROUPS],
                                          names=["year", "trinn", "group"]).to_frame(index=False)
        keys.insert(0, "replication", np.int64(t // 3))
        keys.insert(0, "draw", np.int64(t // 6))
        keys.insert(0, "scenario", SCENARIOS[t % 3])
        frames.append(keys)
    df = pd.concat(frames, ignore_index=True)
    df["cost_nok"] = rng.random(len(df)) * 1e6
    df["fte"] = rng.random(len(df)) * 10
    return df.sample(frac=1.0, random_state=int(rng.integers(1 << 30))).reset_index(drop=True)


def _parts(folder: Path, bounds: list[tuple[int, int]], seed: int = 3,
           years: tuple[int, ...] = (2025, 2024)) -> list[Path]:
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    paths = []
    for first, stop in bounds:
        path = folder / f"part-{first:08d}-{stop - 1:08d}.parquet"
        _part(rng, range(first, stop), years).to_parquet(path, index=False)
        paths.append(path)
    return paths


def _expected(paths: list[Path], keep_below: int | None = None) -> pd.DataFrame:
    whole = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
    if keep_below is not None:
        whole = whole[whole["replication"] < keep_below]
    return canonical(whole, [SimpleNamespace(name=n) for n in SCENARIOS])  # type: ignore[misc]


@pytest.mark.parametrize("keep_below", [None, 3])
def test_the_parts_come_out_in_canonical_order(tmp_path: Path, keep_below: int | None) -> None:
    # parts finished out of order, of unequal sizes; the table's keys in any order in each
    paths = _parts(tmp_path / "yearly", [(0, 5), (5, 6), (6, 12), (12, 15)])
    dest = tmp_path / "out.parquet"
    rows = assemble_table(paths, dest, SCENARIOS, keep_below=keep_below)
    got = pd.read_parquet(dest)
    want = _expected(paths, keep_below)
    pd.testing.assert_frame_equal(got, want)
    assert rows == len(want)
    # by hand: the first row is the first scenario's first draw, replication, year, trinn
    # and group (text in code point order: "children" < "dementia" < "universal" < "ærlig")
    assert tuple(got.iloc[0, :6]) == ("normal", 0, 0, 2024, 1, "children")
    assert tuple(got.iloc[-1, :6]) == ("a-reactive", (4 if keep_below is None else 2) // 2,
                                       4 if keep_below is None else 2, 2025, 12, "ærlig")
    # and the file's schema (pandas metadata included) is the parts'
    assert pq.read_schema(dest).equals(pq.read_schema(paths[0]), check_metadata=True)


def test_rows_with_equal_keys_keep_the_task_order(tmp_path: Path) -> None:
    # events-like rows: no year or trinn, several rows per key; a stable sort keeps them
    # in part order, then row order (as canonical's np.lexsort does)
    folder = tmp_path / "events"
    folder.mkdir()
    paths = []
    for k, scenario in enumerate(("proactive", "normal", "proactive")):
        path = folder / f"part-{k:08d}-{k:08d}.parquet"
        pd.DataFrame({"scenario": [scenario] * 3, "replication": np.zeros(3, np.int64),
                      "what": [f"{k}-{i}" for i in range(3)]}).to_parquet(path, index=False)
        paths.append(path)
    dest = tmp_path / "out.parquet"
    assemble_table(paths, dest, SCENARIOS)
    got = pd.read_parquet(dest)
    assert list(got["what"]) == ["1-0", "1-1", "1-2", "0-0", "0-1", "0-2", "2-0", "2-1", "2-2"]
    pd.testing.assert_frame_equal(got, _expected(paths))


@pytest.mark.parametrize("keep_below", [None, 2])
def test_a_small_table_sorted_in_arrow_is_duckdbs_file(tmp_path: Path, keep_below: int | None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of at most a batch is sorted in Arrow: the same file, byte for byte, as
    DuckDB's sort writes, with a missing group (first, as text), a missing trinn (last, as
    a number), a scenario the run does not name (after the run's) and repeated keys
    (in part order, then row order)."""
    folder = tmp_path / "yearly"
    folder.mkdir()
    paths = []
    rng = np.random.default_rng(5)
    for k in range(4):
        n = 12
        frame = pd.DataFrame({
            "scenario": rng.choice(["normal", "proactive", "stray"], n),
            "draw": rng.integers(0, 2, n), "replication": rng.integers(0, 4, n),
            "year": rng.integers(2024, 2026, n),
            "trinn": pd.array(rng.choice([1, 4, None], n), dtype="Int64"),
            "group": rng.choice(["dementia", "children", None], n),  # type: ignore[list-item]
            "cost_nok": rng.random(n)})
        path = folder / f"part-{k:08d}-{k:08d}.parquet"
        frame.to_parquet(path, index=False)
        paths.append(path)
    arrow = tmp_path / "arrow.parquet"
    duck = tmp_path / "duckdb.parquet"
    rows = assemble_table(paths, arrow, SCENARIOS, keep_below=keep_below)
    monkeypatch.setattr("results.assemble._arrow_sortable", lambda schema: False)
    assert assemble_table(paths, duck, SCENARIOS, keep_below=keep_below) == rows
    assert arrow.read_bytes() == duck.read_bytes()


@pytest.mark.parametrize("arrow", [True, False])
def test_missing_keys_and_ties_by_hand(tmp_path: Path, arrow: bool,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    if not arrow:
        monkeypatch.setattr("results.assemble._arrow_sortable", lambda schema: False)
    folder = tmp_path / "yearly"
    folder.mkdir()
    rows = [[("stray", 1, "a", "s"), ("normal", None, "a", "t-missing"),
             ("normal", 1, None, "g-missing"), ("normal", 1, "a", "part0")],
            [("normal", 1, "a", "part1"), ("proactive", 1, "a", "p")]]
    paths = []
    for k, part in enumerate(rows):
        frame = pd.DataFrame(part, columns=["scenario", "trinn", "group", "what"])
        frame["trinn"] = frame["trinn"].astype("Int64")
        frame.insert(1, "replication", np.int64(0))
        paths.append(folder / f"part-{k:08d}-{k:08d}.parquet")
        frame.to_parquet(paths[-1], index=False)
    assemble_table(paths, tmp_path / "out.parquet", SCENARIOS)
    # the run's order (normal, proactive), a stray scenario after; a missing group before
    # a named one, a missing trinn after a numbered one; a tie in part order
    assert list(pd.read_parquet(tmp_path / "out.parquet")["what"]) == [
        "g-missing", "part0", "part1", "t-missing", "p", "s"]


def test_no_parts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RunDirError, match="no finished parts"):
        assemble_table([], tmp_path / "out.parquet", SCENARIOS)


def test_a_repeat_across_batches_is_found(tmp_path: Path) -> None:
    row = {"scenario": "normal", "replication": 0, "year": 2024, "trinn": 4,
           "group": "dementia", "recipients": 1.0, "person_years": 1.0, "cost_nok": 1.0,
           "staff_hours": 1.0, "fte": 0.0, "head_count": 0.0, "waiting": 0.0,
           "wait_years": 0.0}
    frame = pd.DataFrame([row, {**row, "trinn": 5}, {**row, "trinn": 5}])
    path = tmp_path / "yearly.parquet"
    frame.to_parquet(path, index=False)
    validate_yearly(frame.iloc[:2])  # the first two rows alone are fine
    # the repeat is split over two batches of two rows and one
    with pytest.raises(RunDirError, match="repeated row"):
        validate_file(path, validate_yearly, batch_rows=2)


#: DuckDB's memory limit for the assembly and the allowance above the import baseline (MB)
LIMIT_MB = 100
ALLOWANCE_MB = 250
METRICS = ("recipients", "person_years", "cost_nok", "staff_hours", "fte", "head_count",
           "waiting", "wait_years")

_PEAK = """
import json, resource, sys
from pathlib import Path
import pandas, duckdb, pyarrow
from results.assemble import assemble_table
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
parts = sorted(Path(sys.argv[1]).glob("part-*.parquet"))
rows = assemble_table(parts, Path(sys.argv[2]), ["ref", "tiltak"], memory_limit=sys.argv[3],
                      temp_dir=sys.argv[4])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak, "rows": rows}))
"""


def _write_big(folder: Path, replications: int) -> int:
    """Write parts of 250 replications of two scenarios each (the parts are never whole
    in memory), the scenarios interleaved as tasks are; return the rows."""
    folder.mkdir()
    rng = np.random.default_rng(11)
    rows = 0
    groups = np.array(("children", "dementia", "frail_elderly", "mental_health"))
    for k, first in enumerate(range(0, replications, 250)):
        grid = np.array(np.meshgrid(np.arange(2), np.arange(first, first + 250),
                                    np.arange(2024, 2041), np.arange(1, 13), np.arange(4),
                                    indexing="ij")).reshape(5, -1)
        n = grid.shape[1]
        order = rng.permutation(n)  # as a worker might write them: in no order
        table = {"scenario": np.array(("tiltak", "ref"))[grid[0]][order],
                 "replication": grid[1][order], "year": grid[2][order],
                 "trinn": grid[3][order], "group": groups[grid[4]][order]}
        for m in METRICS:
            table[m] = rng.random(n)
        pq.write_table(pa.table(table), folder / f"part-{k:08d}-{k:08d}.parquet")
        rows += n
    return rows


@pytest.mark.slow
def test_parts_larger_than_the_limit_are_assembled_under_it(tmp_path: Path) -> None:
    rows = _write_big(tmp_path / "yearly", 4_000)
    in_memory_mb = rows * (len(METRICS) + 5) * 8 / 2**20
    # the numbers alone are several times the limit, and well above the allowance
    assert in_memory_mb > 6 * LIMIT_MB
    assert in_memory_mb > 2.5 * ALLOWANCE_MB
    out = subprocess.run([sys.executable, "-c", _PEAK, str(tmp_path / "yearly"),
                          str(tmp_path / "out.parquet"), f"{LIMIT_MB}MB", str(tmp_path)],
                         cwd=REPO, check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    got = json.loads(out.stdout)
    assert got["rows"] == rows
    grown_mb = (got["peak_kb"] - got["base_kb"]) / 1024
    assert grown_mb < ALLOWANCE_MB, (f"peak grew {grown_mb:.0f} MB over the imports for "
                                     f"parts of {in_memory_mb:.0f} MB in memory")
    # sorted: the reference scenario first, then replication, year, trinn, group
    first = pq.ParquetFile(tmp_path / "out.parquet").read_row_group(0).slice(0, 2).to_pylist()
    assert [(r["scenario"], r["replication"], r["year"], r["trinn"], r["group"])
            for r in first] == [("ref", 0, 2024, 1, "children"), ("ref", 0, 2024, 1, "dementia")]
