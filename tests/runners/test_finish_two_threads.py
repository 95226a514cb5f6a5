"""A small run is finished on two threads (`results.store._assemble_and_compare`): every
file is the one the finishing on one thread writes, byte for byte, and a damaged part still
stops the run with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

import runners.sweep
from results.rundir import RunDirError
from runners.sweep_file import load_sweep
from tests.runners.conftest import run_plan, write_sweep

#: Files that differ between any two runs of the same plan (times, the run's own paths).
NOT_COMPARED = {"run.json", "manifest.json"}


def _files(run: Path) -> dict[str, bytes]:
    return {p.relative_to(run).as_posix(): p.read_bytes() for p in sorted(run.rglob("*"))
            if p.is_file() and p.name not in NOT_COMPARED}


def test_two_threads_write_the_same_files_as_one(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # a sweep with parameter draws: yearly, population, demography and events, pooled draws
    sweep = write_sweep(tmp_path)
    calls: list[bool] = []
    finish = runners.sweep.finish_streamed

    def spy(*args: object, **kwargs: object) -> Path:
        calls.append(bool(kwargs.get("two_threads")))
        return finish(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runners.sweep, "finish_streamed", spy)
    run_plan(load_sweep(sweep), tmp_path / "two")
    monkeypatch.setattr(runners.sweep, "TWO_THREADS_BELOW_BYTES", -1)
    run_plan(load_sweep(sweep), tmp_path / "one")
    assert calls == [True, False]  # the small run went on two threads, then on one
    two, one = _files(tmp_path / "two"), _files(tmp_path / "one")
    assert {"comparison.parquet", "summary.parquet", "yearly/part-00000.parquet",
            "demography/part-00000.parquet", "events/part-00000.parquet"} <= set(two)
    assert two.keys() == one.keys()
    assert [name for name in two if two[name] != one[name]] == []


def test_a_damaged_part_stops_the_run_on_two_threads(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    sweep = write_sweep(tmp_path)
    assemble = runners.sweep.assemble_table

    def damaged(parts, dest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if dest.parent.name == "demography":  # the other thread's first table
            parts[0].write_bytes(b"not parquet")
        return assemble(parts, dest, *args, **kwargs)

    monkeypatch.setattr(runners.sweep, "assemble_table", damaged)
    out = tmp_path / "run"
    with pytest.raises(RunDirError, match="demography"):
        run_plan(load_sweep(sweep), out)
    assert not (out / "run.json").exists()  # not finished: no run directory swapped in
    assert not (out / "comparison.parquet").exists()


def test_only_a_small_run_goes_on_two_threads(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # 3 parts of 1,000 bytes each: 3,000 bytes against the threshold
    parts: dict[str, list[Path]] = {"yearly": [], "population": []}
    for i in range(3):
        f = tmp_path / f"p{i}.parquet"
        f.write_bytes(b"x" * 1000)
        parts["yearly" if i < 2 else "population"].append(f)
    assert runners.sweep._small(parts)  # the default: 64 MiB
    monkeypatch.setattr(runners.sweep, "TWO_THREADS_BELOW_BYTES", 2999)
    assert not runners.sweep._small(parts)
    monkeypatch.setattr(runners.sweep, "TWO_THREADS_BELOW_BYTES", 3000)
    assert runners.sweep._small(parts)
    # a part gone missing: one thread, and the assembly names it
    assert not runners.sweep._small({"yearly": [tmp_path / "missing.parquet"]})
