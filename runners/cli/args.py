"""Argument types of the commands' paths: checked as text, before anything is touched."""

from __future__ import annotations

import argparse
from pathlib import Path

from results.rundir import RunDirError, check_path_text


def path_arg(text: str) -> Path:
    """Parse a path argument (argparse type): refuse an empty path and control characters.

    ``Path("")`` is the current directory, so an empty ``--out`` would write there; glob
    characters stay literal (a path is never a pattern).
    """
    try:
        return check_path_text(text, "path")
    except RunDirError as exc:
        raise argparse.ArgumentTypeError(exc.problem) from None


def discount_rate_pct(text: str) -> float:
    """Parse ``--discount-rate PCT`` (argparse type): per cent from 0 to 20, as a fraction."""
    import math

    from results.payback import MAX_DISCOUNT_RATE

    try:
        pct = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of per cent, got {text!r}") from None
    if not math.isfinite(pct) or not 0 <= pct <= MAX_DISCOUNT_RATE * 100:
        raise argparse.ArgumentTypeError(
            f"must be a per cent from 0 to {MAX_DISCOUNT_RATE * 100:g}, got {text}")
    return pct / 100


def add_discount_rate_arg(p: argparse.ArgumentParser) -> None:
    """Add ``--discount-rate PCT`` (run, compare, sweep, report)."""
    p.add_argument("--discount-rate", type=discount_rate_pct, default=None, metavar="PCT",
                   help="real discount rate of the present value, per cent 0-20 (default: "
                        "4, the Ministry of Finance's rate, circular R-109/2021; for "
                        "'report', the rate recorded in run.json); recorded in run.json "
                        "with its source")


def discount_rate_from(args: argparse.Namespace) -> tuple[float, str]:
    """Return the rate (a fraction) and its run.json source from parsed arguments."""
    from results.payback import DISCOUNT_RATE, RATE_SOURCE_CLI, RATE_SOURCE_DEFAULT

    rate = getattr(args, "discount_rate", None)
    return (DISCOUNT_RATE, RATE_SOURCE_DEFAULT) if rate is None else (rate, RATE_SOURCE_CLI)


def projections_arg(text: str) -> tuple[str, ...]:
    """Parse ``--projections MMMM,LLML,HHMH`` (argparse type): SSB codes, none repeated."""
    from scenarios.checks import check_projection

    codes = tuple(c.strip() for c in text.split(","))
    for c in codes:
        try:
            check_projection(c, "--projections")
        except Exception as exc:  # ScenarioError: report it in argparse's own terms
            raise argparse.ArgumentTypeError(str(exc).split(": ", 1)[-1]) from None
    if len(set(codes)) != len(codes):
        raise argparse.ArgumentTypeError(f"an alternative is given twice: {text}")
    return codes
