"""Benchmark of the web app: the first page, from "run" to the first complete chart, the
page's answer during a run, and the app's memory.

Starts ``trappa app`` (``python -m runners.app``) with a fresh cache, drives it with
headless Chromium (Debian's, through Playwright) at a laptop's 1366 x 768, and times:

- the first page: from the browser's request to an enabled "Kjør", for the first visitor
  after the server answers its health check, then for a second visitor (a new tab);
- run to first chart: runs once to fill the reference cache (20 replications of ``normal``,
  2024-2040), then moves a lever (every existing dementia case proactive) and times the
  click on "Kjør" to the first chart of the new results: only the strategy runs, 20
  replications on the process backend, against the cached reference;
- the page's answer during a run: a click on the language switch while the strategy runs,
  to the page drawn in nynorsk.
Memory: peak resident set of the Streamlit server alone and of the whole app (server plus
worker processes), sampled every 0.2 s from /proc, with the machine's load average (the
timings depend on what else runs).

CPU: on a shared machine the wall-clock times follow the load; the CPU seconds do not.
For the first page and for each strategy run the table gives the CPU seconds (user +
system, from /proc) of the server process, of its worker processes and of the browser,
and the run's phases as the page states them: the job's own time ("Kjørt på") and the
rest (the click's page run, the poll that sees the job end, the results drawn).

Usage::

    python benchmarks/bench_app.py [--runs 20] [--repeat 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _group(pgid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == pgid:
                    out.append(int(entry.name))
    return out


def _cpu(pid: int) -> float:
    """Return a process's CPU seconds so far (user + system), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _browser() -> list[int]:
    """Return this benchmark's Chromium processes (its descendants)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
    mine = {os.getpid()}
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in mine} - mine
        mine |= more
        grew = bool(more)
    out = []
    for pid in mine:
        with contextlib.suppress(OSError):
            if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]:
                out.append(pid)
    return out


class CpuClock:
    """CPU seconds of the server, its workers and the browser between two readings (a
    process that ends in between takes its seconds with it: the app's do not end)."""

    def __init__(self, pgid: int) -> None:
        self.pgid = pgid
        self.last = self._read()

    def _read(self) -> dict[str, float]:
        server = _server_pid(self.pgid)
        workers = [p for p in _group(self.pgid) if p != server]
        return {"server": _cpu(server) if server else 0.0,
                "workers": sum(_cpu(p) for p in workers),
                "browser": sum(_cpu(p) for p in _browser())}

    def lap(self) -> dict[str, float]:
        """Return the CPU seconds since the last reading (or lap)."""
        now = self._read()
        out = {k: now[k] - self.last[k] for k in now}
        self.last = now
        return out


def _cpu_text(lap: dict[str, float]) -> str:
    return (f"server {lap['server']:.1f}, workers {lap['workers']:.1f}, "
            f"browser {lap['browser']:.1f} s CPU")


def _seconds(text: str) -> float:
    """Return the job's seconds from the page's "Kjørt på 5,8 s." (decimal comma)."""
    import re

    found = re.search(r"([0-9]+(?:[.,][0-9]+)?)\s*s", text)
    return float(found.group(1).replace(",", ".")) if found else float("nan")


def _server_pid(pgid: int) -> int | None:
    for pid in _group(pgid):
        with contextlib.suppress(OSError):
            if b"runners.app.serve" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
    return None


class Sampler(threading.Thread):
    """Peak RSS of the server and of the whole process group; the 1-minute load averages."""

    def __init__(self, pgid: int) -> None:
        super().__init__(daemon=True)
        self.pgid, self.stop, self.server, self.tree = pgid, threading.Event(), 0, 0
        self.loads: list[float] = []

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _group(self.pgid)
            server = _server_pid(self.pgid)
            self.server = max(self.server, _rss_kb(server) if server else 0)
            self.tree = max(self.tree, sum(_rss_kb(p) for p in pids))
            self.loads.append(os.getloadavg()[0])
            time.sleep(0.2)


def main() -> int:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    opts = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="trappa-bench-app-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TRAPPA_APP_CACHE": str(tmp / "cache"),
           "TRAPPA_APP_WORKERS": str(opts.workers), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "runners.app", "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    sampler = Sampler(proc.pid)
    times: list[float] = []
    warm = 0.0
    job_seconds: list[str] = []
    laps: list[dict[str, float]] = []
    page_cpu: dict[str, float] = {}
    answers: list[float] = []
    in_run: list[bool] = []
    first_page = second_page = 0.0
    try:
        for _ in range(300):
            with (contextlib.suppress(OSError),
                  urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)):
                break
            time.sleep(0.3)
        sampler.start()
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                str(tmp / "profile"), executable_path="/usr/bin/chromium", headless=True,
                args=ARGS, viewport={"width": 1366, "height": 768})
            page = ctx.new_page()
            clock = CpuClock(proc.pid)
            t0 = time.perf_counter()
            page.goto(url, timeout=60_000)
            page.get_by_role("button", name="Kjør").and_(page.locator(":enabled")).wait_for(
                timeout=60_000)
            first_page = time.perf_counter() - t0
            page_cpu = clock.lap()
            other = ctx.new_page()
            t0 = time.perf_counter()
            other.goto(url, timeout=60_000)
            other.get_by_role("button", name="Kjør").and_(other.locator(":enabled")).wait_for(
                timeout=60_000)
            second_page = time.perf_counter() - t0
            other.close()
            print(f"first page {first_page:.1f} s ({_cpu_text(page_cpu)}), a second "
                  f"visitor's {second_page:.1f} s", flush=True)
            reps = (page.locator('[data-testid="stNumberInput"]').filter(has_text="Replikasjoner")
                    .locator("input"))
            reps.fill(str(opts.runs))
            reps.press("Enter")
            page.wait_for_timeout(1000)
            charts = page.locator(".vega-embed")

            def run_once(probe: bool = False) -> float:
                clock.lap()
                t0 = time.perf_counter()
                page.get_by_role("button", name="Kjør").click()
                if probe:  # the language switch, clicked while the strategy runs
                    page.locator('[data-testid="stProgress"]').first.wait_for(timeout=60_000)
                    t1 = time.perf_counter()
                    page.get_by_text("Nynorsk", exact=True).click()
                    page.get_by_text("trappa: strategiar").wait_for(timeout=60_000)
                    answers.append(time.perf_counter() - t1)
                    in_run.append(page.locator('[data-testid="stProgress"]').count() > 0)
                with contextlib.suppress(Exception):
                    charts.first.wait_for(state="detached", timeout=5_000)
                try:
                    charts.first.wait_for(timeout=300_000)
                except Exception:
                    page.screenshot(path=str(tmp / "timeout.png"), full_page=True)
                    print(f"no chart: see {tmp / 'timeout.png'}", flush=True)
                    raise
                seconds = time.perf_counter() - t0
                laps.append(clock.lap())
                job_seconds.append(page.get_by_text("Kjørt på").or_(
                    page.get_by_text("Køyrd på")).first.inner_text())
                if probe:
                    page.get_by_text("Bokmål", exact=True).click()
                    page.get_by_text("trappa: strategier").wait_for(timeout=60_000)
                return seconds

            warm = run_once()  # fills the reference cache (reference + strategy)
            print(f"first run (reference and strategy): {warm:.1f} s", flush=True)
            slider = (page.locator('[data-testid="stSlider"]').filter(has_text="Proaktivt")
                      .first.get_by_role("slider"))
            for i in range(opts.repeat):
                slider.scroll_into_view_if_needed()
                slider.focus()
                slider.press("End" if i == 0 else "ArrowLeft")  # a new strategy each round
                page.wait_for_timeout(1000)
                times.append(run_once(probe=i == opts.repeat - 1))
                print(f"strategy run {i + 1}: {times[-1]:.1f} s ({job_seconds[-1]}; "
                      f"{_cpu_text(laps[-1])})", flush=True)
            ctx.close()
    finally:
        sampler.stop.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    loads = sampler.loads or [os.getloadavg()[0]]
    answer = (f"{answers[0]:.1f} s" + ("" if in_run[0] else " (the run had ended)")
              if answers else "not measured")
    # the strategy runs' (the first lap is the first run's, reference included)
    runs_cpu = laps[1:] or [{"server": math.nan, "workers": math.nan, "browser": math.nan}]
    jobs = [_seconds(text) for text in job_seconds[1:]] or [math.nan]
    rest = [total - job for total, job in zip(times, jobs, strict=False)] or [math.nan]

    def med(key: str) -> float:
        return statistics.median(lap[key] for lap in runs_cpu)
    print(f"\n| measure | value |\n|---|---|\n"
          f"| first page, first visitor after start (to an enabled Kjør) | {first_page:.1f} s |\n"
          f"| first page, a second visitor | {second_page:.1f} s |\n"
          f"| click on the language switch during a run, to the page redrawn | {answer} |\n"
          f"| run -> first complete chart, {opts.runs}-replication strategy vs cached reference "
          f"(median of {len(times)}) | {statistics.median(times):.1f} s "
          f"(rounds {min(times):.1f}-{max(times):.1f} s) |\n"
          f"| of which the job itself (\"Kjørt på\"), median | {statistics.median(jobs):.1f} s |\n"
          f"| of which the page (click, poll, results drawn), median | "
          f"{statistics.median(rest):.1f} s |\n"
          f"| CPU per strategy run, median: server / {opts.workers} workers / browser | "
          f"{med('server'):.1f} / {med('workers'):.1f} / {med('browser'):.1f} s |\n"
          f"| CPU of the first page: server / workers / browser | {page_cpu['server']:.1f} / "
          f"{page_cpu['workers']:.1f} / {page_cpu['browser']:.1f} s |\n"
          f"| first run (reference and strategy) | {warm:.1f} s |\n"
          f"| peak memory, Streamlit server | {sampler.server / 1024:.0f} MB |\n"
          f"| peak memory, server + {opts.workers} workers | {sampler.tree / 1024:.0f} MB |\n"
          f"| load average during the measurement (1 min) | {min(loads):.1f}-{max(loads):.1f} "
          f"(median {statistics.median(loads):.1f}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
