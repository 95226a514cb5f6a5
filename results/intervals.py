"""What a run's intervals include, and when there are too few replications for them.

run.json's ``uncertainty`` holds one of the two texts below (`runners.plan.Plan.uncertainty`);
the terminal caption and the report say it in words.
"""

from __future__ import annotations

from results.labels import label

#: run.json ``uncertainty``: replication r drew the uncertain parameters (draw r)
UNCERTAINTY_PARAMETERS = "monte carlo + parameters"
#: run.json ``uncertainty``: the point values of the parameters (--fixed-parameters, sweeps)
UNCERTAINTY_MC = "monte carlo only"
#: fewer replications than this make a 90 % interval (p05-p95) rough: 20 samples put 1 on
#: each side of it, so its ends rest on one or two values
MIN_INTERVAL_RUNS = 20


def includes_text(uncertainty: str | None, lang: str) -> str | None:
    """Return the sentence saying what a run's intervals include (None if unknown)."""
    key = {UNCERTAINTY_PARAMETERS: "cmp.includes.parameters",
           UNCERTAINTY_MC: "cmp.includes.mc"}.get(uncertainty or "")
    return label(key, lang) if key else None


def few_runs_text(runs: int, lang: str) -> str | None:
    """Return the warning for ``runs`` replications (None if there are enough)."""
    if runs >= MIN_INTERVAL_RUNS:
        return None
    return label("cmp.few_runs", lang, n=runs, min=MIN_INTERVAL_RUNS)
