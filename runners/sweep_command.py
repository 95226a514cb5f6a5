"""``trappa sweep``: registered here (Monte Carlo sweeps; see the runners issue)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``sweep`` command (not yet available)."""
