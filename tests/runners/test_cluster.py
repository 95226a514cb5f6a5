"""A real two-node Ray cluster on this machine: the driver joins it with ``--address``.

Each node is a ``ray start --block`` in a session of its own; teardown ends exactly the
processes of those two sessions (by process group, then by PID for anything that
lingers), never other Ray instances on the machine, and checks that none is left.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from results.store import read_run
from tests.runners.conftest import assert_same_run, cli, cli_env, session_pids

pytestmark = pytest.mark.slow

RAY = Path(sys.executable).with_name("ray")
START_TIMEOUT = 90.0


def _free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _start_node(args: list[str], temp: Path, log: Path) -> subprocess.Popen[bytes]:
    ports = _free_ports(8)
    cmd = [str(RAY), "start", "--block", "--num-cpus", "1", "--node-ip-address", "127.0.0.1",
           "--temp-dir", str(temp), "--disable-usage-stats",
           "--node-manager-port", str(ports[0]), "--object-manager-port", str(ports[1]),
           "--metrics-export-port", str(ports[2]),
           "--dashboard-agent-listen-port", str(ports[3]),
           "--dashboard-agent-grpc-port", str(ports[4]),
           "--runtime-env-agent-port", str(ports[5]), *args]
    with log.open("wb") as fh:
        # a session of its own, so that teardown can end this node and nothing else
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=cli_env(),
                                start_new_session=True)


def _wait_started(proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if "Ray runtime started" in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.25)
    raise RuntimeError(f"ray start did not come up: {log.read_text(errors='replace')[-2000:]}")


def _stop(procs: list[subprocess.Popen[bytes]]) -> set[int]:
    """End both nodes' sessions; return PIDs that survived (should be none)."""
    sessions = [p.pid for p in procs]
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 10.0)):
        for sid in sessions:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(sid, sig)  # the session leader's group: the node's processes
            for pid in session_pids(sid):  # and any that moved to a group of their own
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and any(session_pids(s) for s in sessions):
            time.sleep(0.25)
        for p in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(timeout=0.1)
        if not any(session_pids(s) for s in sessions):
            break
    return {pid for s in sessions for pid in session_pids(s)}


@pytest.fixture
def two_nodes(tmp_path: Path) -> Iterator[str]:
    """Start a head node and a worker node (1 CPU each); yield the head's address."""
    if not RAY.is_file():
        pytest.skip("ray is not installed")
    procs: list[subprocess.Popen[bytes]] = []
    # Ray's socket paths must fit in 107 bytes: pytest's tmp_path is too deep for them
    temp = Path(tempfile.mkdtemp(prefix="trappa-ray-"))
    try:
        port, client, dash = _free_ports(3)
        head_log = tmp_path / "head.log"
        procs.append(_start_node(["--head", "--port", str(port), "--include-dashboard",
                                  "false", "--ray-client-server-port", str(client),
                                  "--dashboard-port", str(dash)],
                                 temp / "head", head_log))
        _wait_started(procs[0], head_log)
        address = f"127.0.0.1:{port}"
        worker_log = tmp_path / "worker.log"
        procs.append(_start_node(["--address", address], temp / "worker", worker_log))
        _wait_started(procs[1], worker_log)
        yield address
    finally:
        left = _stop(procs)
        shutil.rmtree(temp, ignore_errors=True)
        assert not left, f"Ray processes left running: {sorted(left)}"


def test_driver_joins_a_two_node_cluster(two_nodes, reference, tmp_path):
    sweep, serial = reference
    out = tmp_path / "cluster"
    r = cli("sweep", str(sweep), "--backend", "ray", "--address", two_nodes, "--out",
            str(out), "--no-plots")
    assert r.returncode == 0, r.stderr[-3000:]
    meta = read_run(out).meta
    # the driver used every CPU of the cluster: one on each node
    assert meta["backend"] == "ray"
    assert meta["workers"] == 2
    assert_same_run(serial, out)
