"""``trappa run`` and ``compare`` on every backend, resumable with ``--resume --out``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from runners import replicate
from tests.runners.conftest import REPO, assert_same_run, cli, run_main, write_scenario


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Short normal and proactive scenarios, and their serial comparison (3 runs)."""
    folder = tmp_path_factory.mktemp("pair")
    files = [str(write_scenario(folder, s)) for s in ("normal", "proactive")]
    out = folder / "serial"
    status, err = run_main("compare", *files, "--runs", "3", "--seed", "4", "--out", str(out),
                           "--no-plots", "--backend", "serial")
    assert status == 0, err[-2000:]
    return files, out


def test_compare_on_the_process_backend_matches_serial(pair, tmp_path):
    files, serial = pair
    out = tmp_path / "process"
    status, err = run_main("compare", *files, "--runs", "3", "--seed", "4", "--out", str(out),
                           "--no-plots", "--backend", "process", "--workers", "2")
    assert status == 0, err[-2000:]
    assert_same_run(serial, out)


def test_compare_resumes_after_failed_tasks(pair, tmp_path, monkeypatch):
    files, serial = pair
    real = replicate.run_one

    def broken(task, shared):
        if task.replication == 2:
            raise OSError("disk on fire")
        return real(task, shared)

    monkeypatch.setattr(replicate, "run_one", broken)
    out = tmp_path / "run"
    # serial: the replaced run_one lives in this process only
    args = ["compare", *files, "--runs", "3", "--seed", "4", "--out", str(out), "--no-plots",
            "--backend", "serial"]
    status, err = run_main(*args)
    assert status == 1
    assert "replication 2: OSError: disk on fire" in err
    assert "--resume" in err
    monkeypatch.setattr(replicate, "run_one", real)
    # --runs and --seed come from the run's manifest when not given again
    assert run_main("compare", *files, "--out", str(out), "--no-plots", "--resume",
                    "--backend", "serial")[0] == 0
    assert_same_run(serial, out)


@pytest.mark.parametrize(("args", "words"), [
    (("--resume",), "--out"),
    (("--address", "127.0.0.1:1"), "--backend ray"),
    (("--backend", "serial", "--workers", "2"), "--workers"),
    (("--resume", "--overwrite", "--out", "x"), "--overwrite"),
])
def test_option_errors_are_one_line(args, words):
    status, err = run_main("run", "normal", *args)
    assert status == 2, err
    assert words in err, err
    assert len(err.strip().splitlines()) == 1


def test_overwrite_replaces_a_finished_run(pair, tmp_path):
    files, _ = pair
    out = tmp_path / "again"

    def run(seed: str, *extra: str) -> tuple[int, str]:
        return run_main("run", files[0], "--runs", "1", "--seed", seed, "--out", str(out),
                        "--no-plots", "--backend", "serial", *extra)

    assert run("1")[0] == 0
    status, err = run("2")
    assert status == 2
    assert "--overwrite" in err
    assert run("2", "--overwrite")[0] == 0
    assert json.loads((out / "run.json").read_text())["seed"] == 2


def test_run_uses_every_cpu_by_default_with_the_serial_tables(pair, tmp_path):
    files, serial = pair
    out = tmp_path / "default"
    status, err = run_main("compare", *files, "--runs", "3", "--seed", "4", "--out", str(out),
                           "--no-plots")
    assert status == 0, err[-2000:]
    meta = json.loads((out / "run.json").read_text())
    assert (meta["backend"], meta["workers"]) == ("process", os.cpu_count())
    assert_same_run(serial, out)


def test_no_arguments_print_the_help():
    r = cli()
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: trappa")
    for command in ("calc", "run", "compare", "sweep", "calibrate", "report"):
        assert command in r.stdout


def test_python_m_sim_is_the_same_command():
    r = subprocess.run([sys.executable, "-m", "sim", "run", "normal", "--runs", "0"],
                       capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert r.returncode == 2
    assert "--runs" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
