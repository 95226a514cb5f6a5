"""Benchmark what a user waits for after the engine: the README's main job and its finishing.

    python benchmarks/bench_main.py main        # trappa compare (4 strategies x 20), end to end
    python benchmarks/bench_main.py run1        # trappa run normal --runs 1, end to end
    python benchmarks/bench_main.py memory --runs 1000 10000 [--assemble 1000]
    python benchmarks/bench_main.py report [--repeat 3]   # trappa report on a 4 x 20 run

``main`` and ``run1`` time the command as a user runs it (a fresh process, report included)
and split the time into the replications (run.json ``seconds``) and the rest; the CPU time
(user + system, of the command and its workers) is printed beside the wall time, being
less sensitive to other work on a shared machine. With ``--profile`` the command runs once
more under cProfile and the shares of its steps are printed (cumulative time over the
profile's total: the report and within it the PDF's typesetting, the charts, the workbook;
``plots/``, the comparison, the assembly, imports, the replications), with the wall time
outside the replications and the report estimated from the report's share. ``memory``
makes a run directory of N replications per strategy from a real 4 x 20 run's parts (the
parts repeated with new replication numbers), then, in a fresh process each, measures the
peak resident memory of the finishing steps: the comparison and summary
(`results.store.write_comparison`, out of core) followed by the report (workbook and PDF);
with ``--assemble N`` the whole finishing as `runners.sweep` does it: the assembly of the
finished run from the streamed parts (`results.assemble`, out of core), the checks, the
comparison, with and without ``plots/``, then the report. ``report`` times ``trappa report
RUN_DIR`` (workbook, Typst PDF and PNG charts, a fresh process each) on a 4 x 20 compare
run, and the report alone inside one process (``write_report``, imports excluded). Prints
Markdown rows with the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("yearly", "population", "demography", "events")


def _load() -> str:
    return "load average " + " / ".join(f"{v:.2f}" for v in os.getloadavg())


def _trappa(*args: str, python: tuple[str, ...] = ("-m", "runners")) -> tuple[float, float]:
    """Run ``trappa ARGS`` in a fresh process (``python ARGS`` instead of ``python -m
    runners ARGS``: e.g. under a profiler); return (wall seconds, CPU seconds of it and its
    children)."""
    before = os.times()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *python, *args], cwd=ROOT, check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t0
    after = os.times()
    return wall, (after.children_user - before.children_user
                  + after.children_system - before.children_system)


#: The command under cProfile: ``python -c _PROFILED PROF ARGS``. Not ``python -m cProfile
#: -m runners``: the program's own command line ends with ``os._exit``
#: (`runners.cli.leave`), before cProfile writes its file; `runners.cli.main` called with
#: the words returns, and ``report_process`` keeps the report in its own process as the
#: program's command line does.
_PROFILED = """
import cProfile, sys
profile = cProfile.Profile()
profile.enable()
from runners.cli import main
status = main(sys.argv[2:], report_process=True)
profile.disable()
profile.dump_stats(sys.argv[1])
sys.exit(status)
"""

#: (row, function names whose cumulative time it is: file suffix and name)
_STEPS = (
    # the CLI's report hook: since issue 24 the charts and the PDF are written by a process
    # of their own (runners.cli.report_process), the workbook here meanwhile: the driver's
    # profile holds the wait for them, not their insides (the rows below show ~0 then)
    ("the report (workbook, PDF, PNG charts)", (("runners/cli/report.py", "hook"),)),
    ("  the PDF's typesetting (pages and writing)", (("results/pdf.py", "write_pdf"),
                                                     ("results/report.py", "pdf_pages"))),
    ("  the charts drawn and saved as PNG", (("results/charts.py", "chart_figures"),
                                             ("results/charts.py", "save"))),
    ("  the workbook", (("results/excel.py", "write_workbook"),)),
    ("`plots/` (drawn, or linked from the report)", (("results/plots.py", "draw_plots"),
                                                     ("results/store.py", "plots_from_report"))),
    ("the comparison", (("results/store.py", "write_comparison"),)),
    ("the assembly", (("results/assemble.py", "assemble_table"),)),
    ("the replications", (("runners/sweep.py", "_run_fixed"),)),
)


def profiled(args: list[str], out: Path, seconds: float, reps: float) -> None:
    """Run ``trappa ARGS --out OUT`` under cProfile; print each step's share of the total
    and the wall time outside the replications and the report: the command's time outside
    its replications (``seconds - reps``, without the profiler) less the report's share of
    the profiled time outside them."""
    import pstats

    prof = out.parent / f"{out.name}.prof"
    shutil.rmtree(out, ignore_errors=True)
    prof.unlink(missing_ok=True)
    _trappa(*args, "--out", str(out), python=("-c", _PROFILED, str(prof)))
    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    total = max(v[3] for v in stats.values())

    def cumulative(names: tuple[tuple[str, str], ...]) -> float:
        return sum(v[3] for (file, _line, func), v in stats.items()
                   if any(file.endswith(f) and func == n for f, n in names))

    imports = max((v[3] for (file, _l, func), v in stats.items()
                   if func == "_find_and_load"), default=0.0)
    elsewhere = cumulative((("runners/cli/report_process.py", "write_report_with"),)) > 0
    print(f"\nprofile of `trappa {' '.join(args)}` ({total:.1f} s under cProfile; "
          f"{_load()}):\n")
    print("| step | cumulative | share |\n|---|---:|---:|")
    for row, names in _STEPS:
        t = cumulative(names)
        print(f"| {row} | {t:.2f} s | {100 * t / total:.0f} % |")
    print(f"| imports (the largest single import chain) | {imports:.2f} s | "
          f"{100 * imports / total:.0f} % |")
    if elsewhere:
        print("\n(the report's charts and PDF were written by its own process, started with "
              "the command: the driver's profile holds the wait for them, and the workbook "
              "written meanwhile)")
    outside = total - cumulative(_STEPS[-1][1])  # the profiled time outside the replications
    report = cumulative(_STEPS[0][1]) / outside
    print(f"\nwall time outside the replications and the report (estimated): "
          f"{(seconds - reps) * (1 - report):.1f} s of {seconds - reps:.1f} s outside the "
          f"replications")


def timed(label: str, args: list[str], out: Path) -> tuple[float, float]:
    """Run ``trappa ARGS --out OUT`` and print the wall time, the replications, the rest,
    and the CPU time."""
    seconds, cpu = _trappa(*args, "--out", str(out))
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    reps = float(meta.get("seconds", float("nan")))
    print(f"| {label} | {seconds:.1f} s | {reps:.1f} s | {seconds - reps:.1f} s | {cpu:.1f} s "
          f"| {_load()} |")
    return seconds, reps


def make_run(source: Path, runs: int, dest: Path) -> Path:
    """A run directory of ``runs`` replications per scenario made from ``source``'s parts:
    the parts repeated with new replication numbers (same scenarios and years)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    meta = json.loads((source / "run.json").read_text(encoding="utf-8"))
    have = int(meta["replications"])
    for table in TABLES:
        if not (source / table).is_dir():
            continue
        (dest / table).mkdir()
        frame = pd.read_parquet(source / table)
        for k, first in enumerate(range(0, runs, have)):
            part = frame[frame["replication"] < min(have, runs - first)]
            part = part.assign(replication=part["replication"] + first)
            part.to_parquet(dest / table / f"part-{k:05d}.parquet", index=False)
    meta.update({"replications": runs, "files": []})
    (dest / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    shutil.copy2(source / "manifest.json", dest / "manifest.json")
    return dest


_FINISH = """
import json, resource, sys, time
from pathlib import Path
run = Path(sys.argv[1])
t0 = time.perf_counter()
from results.store import write_comparison
write_comparison(run, json.loads((run / "run.json").read_text(encoding="utf-8")))
t1 = time.perf_counter()
from results.report import write_report
write_report(run, "nb", ("xlsx", "pdf"))
t2 = time.perf_counter()
print(json.dumps({"comparison_s": t1 - t0, "report_s": t2 - t1,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_ASSEMBLE = """
import json, resource, sys, time
from pathlib import Path
from results.assemble import assemble_table
from results.report import write_report
from results.store import finish_streamed
run, out = Path(sys.argv[1]), Path(sys.argv[2])
meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
names = [s["name"] for s in meta["scenarios"]]
t0 = time.perf_counter()
finish_streamed(out, lambda dest, table: assemble_table(
    sorted((run / table).glob("part-*.parquet")), dest, names, temp_dir=out.parent),
    ("yearly", "population", "demography", "events"), meta, plots=sys.argv[3] == "plots")
t1 = time.perf_counter()
write_report(out, "nb", ("xlsx", "pdf"))
print(json.dumps({"assemble_s": t1 - t0, "report_s": time.perf_counter() - t1,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


_REPORT = """
import json, sys, time
from results.report import write_report
import results.charts, results.excel, results.pdf, results.report_document, typst  # noqa
t0 = time.perf_counter()
write_report(sys.argv[1], "nb")
print(json.dumps({"report_s": time.perf_counter() - t0}))
"""


def _child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("main", "run1", "memory", "report"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--assemble", type=int, nargs="*", default=[])
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the runs (default: a temporary one)")
    parser.add_argument("--profile", action="store_true",
                        help="with main or run1: also profile the command and print its steps")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-main-"))
    work.mkdir(parents=True, exist_ok=True)
    head = "| job | end to end | replications | outside them | CPU | load |"
    if args.what == "main":
        print(head)
        seconds, reps = timed("trappa compare (4 x 20)", ["compare"], work / "main")
        if args.profile:
            profiled(["compare"], work / "main-profiled", seconds, reps)
    elif args.what == "report":
        source = work / "source"
        if not (source / "run.json").is_file():
            _trappa("compare", "--out", str(source), "--no-plots")
        print("| job | seconds | CPU | load |")
        for _ in range(args.repeat):
            seconds, cpu = _trappa("report", str(source))
            print(f"| trappa report (4 x 20; xlsx, pdf, png) | {seconds:.1f} | {cpu:.1f} | "
                  f"{_load()} |")
        for _ in range(args.repeat):
            got = _child(_REPORT, str(source))
            print(f"| write_report in process (imports excluded) | {got['report_s']:.1f} | | "
                  f"{_load()} |")
    elif args.what == "run1":
        print(head)
        seconds, reps = timed("trappa run normal --runs 1", ["run", "normal", "--runs", "1"],
                              work / "run1")
        if args.profile:
            profiled(["run", "normal", "--runs", "1"], work / "run1-profiled", seconds, reps)
    else:
        source = work / "source"
        if not (source / "run.json").is_file():
            _trappa("compare", "--out", str(source), "--no-plots")
        print("| replications per strategy | step | seconds | peak RSS | load |")
        for runs in args.assemble:
            run = make_run(source, runs, work / f"parts-{runs}")
            for plots in ("no-plots", "plots"):
                out = work / f"assembled-{runs}-{plots}"
                shutil.rmtree(out, ignore_errors=True)
                got = _child(_ASSEMBLE, str(run), str(out), plots)
                print(f"| {runs:,} | assemble out of core, comparison ({plots}) + report | "
                      f"{got['assemble_s']:.1f} + {got['report_s']:.1f} "
                      f"| {got['peak_mb']:,.0f} MB | {_load()} |")
        for runs in args.runs:
            run = make_run(source, runs, work / f"run-{runs}")
            got = _child(_FINISH, str(run))
            print(f"| {runs:,} | comparison + report | {got['comparison_s']:.1f} + "
                  f"{got['report_s']:.1f} | {got['peak_mb']:,.0f} MB | {_load()} |")


if __name__ == "__main__":
    main()
