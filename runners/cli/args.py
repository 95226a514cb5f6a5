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
