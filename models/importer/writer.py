"""Writing a municipality folder safely: into a temporary folder, renamed at the end."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.errors import TrappaError
from models.paths import os_error_text, shown


class OutputFolderError(TrappaError):
    """The output folder exists and holds files: trappa never writes into it."""


def check_output(out: Path) -> None:
    """Refuse an existing non-empty folder or a file (before any work is done), and a path the
    file system cannot hold (`models.paths.check_path`)."""
    from models.paths import check_path

    check_path(out, "--out")
    if out.is_symlink():
        raise OutputFolderError(f"{shown(out)}: is a symbolic link (to {os.readlink(out)}): the "
                                "folder is written beside and renamed into place, which would "
                                "replace the link; give the real folder as --out")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OutputFolderError(f"{out}: exists and is not an empty folder; nothing was written "
                                "(choose a new --out)")


def check_input_file(path: Path, label: str) -> None:
    """Refuse an input that is not a readable file, naming the option and the path."""
    from models.errors import DataFileError
    from models.paths import check_path

    check_path(path, label)
    if path.is_dir():
        raise DataFileError(path, f"{label}: is a folder, not a file")
    if not path.exists():
        raise DataFileError(path, f"{label}: file not found")


def write_atomically(out: Path, fill: Callable[[Path], None]) -> None:
    """Create ``out`` by filling a temporary sibling folder and renaming it.

    If ``fill`` fails, the temporary folder (which trappa created) is removed and ``out`` is
    untouched.
    """
    check_output(out)
    tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as exc:  # a read-only or full disk, a folder without permission
        raise OutputFolderError(f"{shown(out)}: cannot create the folder "
                                f"({os_error_text(exc)}); nothing was written") from None
    try:
        fill(tmp)
        check_output(out)   # someone may have written there meanwhile
        if out.exists():
            out.rmdir()     # empty (checked): replaced by the finished folder
        os.replace(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        # the temporary folder is gone: name the folder the user asked for
        raise OutputFolderError(f"{shown(out)}: cannot write the folder "
                                f"({os_error_text(exc)}); nothing was written") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def toml_value(v: Any) -> str:
    """A TOML literal for a string, number or bool (JSON escapes are valid TOML escapes)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)


def toml_tables(entries: dict[str, dict[str, Any]], header: list[str]) -> str:
    """TOML text of one table per entry (``[name]`` with key = value lines)."""
    lines = [f"# {h}" for h in header]
    for name, fields in entries.items():
        lines += ["", f"[{name}]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in fields.items() if v is not None]
    return "\n".join(lines) + "\n"
