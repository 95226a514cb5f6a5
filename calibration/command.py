"""``trappa calibrate``: registered here (see the calibration issue)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``calibrate`` command (not yet available)."""
