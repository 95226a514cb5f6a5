"""Equal in distribution: the same scenario's replications from two checkouts, compared.

A change that alters which random number each citizen gets (issue 28: draws keyed by a
citizen's identity instead of its array position) changes every table bit for bit, but must
leave their distribution as it was. This runs replications 1..N of a scenario in this
checkout and in another (``--baseline DIR``, e.g. ``git worktree add /tmp/base <commit>``),
each in a child process through the public `run_replication`, and compares the means of
the measures the model is checked on: occupancy (person-years and recipients on 31
December per trinn, summed over the years), durations (person-years per recipient per
trinn), the staircase in the last year (recipients per trinn), cost, population and
dementia (cases, onsets, deaths), and the 2024 state the calibration fits.

Replication r has the same root seed on both sides (the start population's draws, keyed
by the same identities, are shared), so the comparison is paired: each measure gets
z = mean(d) / (sd(d) / sqrt(N)) of the differences d_r = a_r - b_r, which the shared draws
make far more sensitive than a comparison of two independent samples. With M measures the
tolerance is Bonferroni's two-sided z for a family-wise 1 % (so a real shift of a few
standard errors in any measure fails, while M chance deviations mostly pass).

    python benchmarks/check_distribution.py --baseline /tmp/base [--scenario normal] [-n 40]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy.stats import norm

_CHILD = """
import json, sys
import numpy as np
from calibration.fitted import fitted_layer
from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.engine import run_replication
from sim.derive import derive_inputs
s = load_scenario(resolve_scenario_path(sys.argv[1]))
m = load_municipality(s.municipality)
inputs = derive_inputs(m, s.start_year, s.end_year, fitted_layer(m))
for r in range(1, int(sys.argv[2]) + 1):
    res = run_replication(inputs, s, r, s.seed)
    y, d, p = res.yearly, res.demography, res.population
    out = {}
    care = y[(y.trinn >= 4) & (y.group != "universal")]
    by_trinn = care.groupby("trinn")
    for t, g in by_trinn:
        out[f"person_years_t{t}"] = float(g.person_years.sum())
        out[f"recipients_t{t}"] = float(g.recipients.sum())
        out[f"years_per_recipient_t{t}"] = float(g.person_years.sum() / max(g.recipients.sum(), 1))
        last = g[g.year == g.year.max()]
        out[f"staircase_{int(last.year.iloc[0])}_t{t}"] = float(last.recipients.sum())
        first = g[g.year == g.year.min()]
        out[f"state_{int(first.year.iloc[0])}_t{t}"] = float(first.recipients.sum())
    out["cost_nok"] = float(y.cost_nok.sum())
    for c in ("dementia_31dec", "dementia_onsets", "dementia_deaths", "births", "deaths",
              "emigrants", "persons_end"):
        out[c] = float(d[c].sum())
    print(json.dumps(out), flush=True)
"""


def replications(folder: Path, scenario: str, n: int) -> dict[str, np.ndarray]:
    """Run replications 1..n in ``folder``'s checkout; return each measure's values."""
    proc = subprocess.run([sys.executable, "-c", _CHILD, scenario, str(n)], cwd=folder,
                          env={**os.environ, "PYTHONPATH": str(folder.resolve())},
                          capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return {k: np.array([r[k] for r in rows]) for k in rows[0]}


def main() -> int:
    """Compare and print one line per measure; exit 1 if any exceeds the tolerance."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, required=True, metavar="DIR")
    ap.add_argument("--scenario", default="normal")
    ap.add_argument("-n", type=int, default=40, help="replications on each side")
    ap.add_argument("--alpha", type=float, default=0.01, help="family-wise error rate")
    args = ap.parse_args()
    here = Path(__file__).resolve().parents[1]
    a = replications(here, args.scenario, args.n)
    b = replications(args.baseline, args.scenario, args.n)
    keys = [k for k in a if k in b]
    limit = float(norm.ppf(1 - args.alpha / (2 * len(keys))))
    bad = 0
    print("| measure | this: mean | baseline: mean | paired z |\n|---|---:|---:|---:|")
    for k in keys:
        d = a[k] - b[k]
        se = d.std(ddof=1) / np.sqrt(len(d))
        diff = d.mean()
        z = 0.0 if se == 0 and diff == 0 else diff / se if se > 0 else np.inf
        bad += abs(z) > limit
        print(f"| {k} | {a[k].mean():,.2f} | {b[k].mean():,.2f} | {z:+.2f} |")
    print(f"\n{len(keys)} measures, {args.n} replications each; tolerance |z| <= {limit:.2f} "
          f"(Bonferroni, family-wise {args.alpha:g}); {bad} beyond it")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
