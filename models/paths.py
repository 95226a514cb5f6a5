"""Paths the user names: refused before anything runs if the file system or trappa's files
cannot hold them.

A name that is not UTF-8 (Latin-1 ``æø`` from a Windows share or a zip file reaches Python
as lone surrogates) could be opened, but not written into ``run.json``, the report or a
terminal line; a component longer than the file system's limit (255 bytes on ext4, tmpfs,
btrfs) or a path longer than ``PATH_MAX`` fails at the first write, after the work. Both are
refused up front, naming the path (shown with its bytes escaped) and the problem.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.errors import TrappaError

#: Linux's limits when the file system cannot be asked (``pathconf`` of a missing folder).
NAME_MAX = 255
PATH_MAX = 4096


class PathError(TrappaError):
    """A path the file system or trappa's files cannot hold."""


def shown(path: Path | str) -> str:
    """The path as a printable text: bytes that are not UTF-8 shown as ``\\xe6``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _limit(path: Path, name: str, default: int) -> int:
    """The file system's limit at the nearest existing folder of ``path``."""
    here = path.absolute()
    for folder in (here, *here.parents):
        try:
            if folder.is_dir():
                return int(os.pathconf(folder, name))
        except (OSError, ValueError):
            break
    return default


def os_error_text(exc: OSError) -> str:
    """The problem of an operating-system error in plain words (a full or read-only disk)."""
    import errno

    hints = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
             errno.EDQUOT: "the disk quota is used up", errno.EACCES: "permission denied",
             errno.EPERM: "not permitted", errno.ENAMETOOLONG: "the name is too long",
             errno.EIO: "input/output error (a failing disk?)"}
    return hints.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def check_path(path: Path | str, label: str) -> None:
    """Refuse a path that is not UTF-8, or too long for the file system.

    Raises
    ------
    PathError
        Naming the option (``label``), the path and the problem.
    """
    text = str(path)
    raw = os.fsencode(text)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PathError(f"{label} {shown(text)}: the name is not UTF-8 (byte "
                        f"0x{raw[exc.start]:02x}: Latin-1 'æøå' from a Windows share or a zip "
                        "file?); rename it in UTF-8") from None
    full = len(os.fsencode(os.path.abspath(text)))
    path_max = _limit(Path(text), "PC_PATH_MAX", PATH_MAX)
    if full >= path_max:
        raise PathError(f"{label} {shown(text)[:80]}...: the path is {full:,} bytes long, "
                        f"more than the file system allows ({path_max - 1:,})")
    name_max = _limit(Path(text), "PC_NAME_MAX", NAME_MAX)
    for part in Path(text).parts:
        size = len(os.fsencode(part))
        if size > name_max:
            raise PathError(f"{label} {shown(text)[:80]}...: a name in the path is {size:,} "
                            f"bytes long ({shown(part)[:40]}...), more than the file system "
                            f"allows ({name_max})")
