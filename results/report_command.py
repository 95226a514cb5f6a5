"""``trappa report`` and the report written after ``trappa compare`` (see the reports issue)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``report`` command (not yet available)."""


def after_run(run_dir: Path, lang: str, console: Any) -> None:
    """Hook called by ``trappa run``/``compare`` after the run directory is written."""
