"""The process backend's shared inputs on disk, and the clean-up of those a killed run left.

The driver pickles a run's shared inputs (hundreds of kB) into a file of its own, in a
private folder of the system's temporary directory, and each pool worker reads it at
start-up (`runners.backends.process` says why not through the worker's pipe). The folder
is removed when the backend closes, or when the driver's interpreter ends; a driver
killed with SIGKILL runs no clean-up at all and leaves it behind.

The workers of a calibration also share their start-state memo in the folder's
`START_CACHE` subfolder (`sim.startcache.spill`: files ``<sha256 hex>.npy``, and
``<name>.<pid>.part`` while one is written).

So the folder's name says who wrote it: ``trappa-shared-<host>-<pid>-<start>-<random>``,
with ``host`` a token of this machine's boot and process namespace, ``pid`` the driver's
process id and ``start`` that process's start time (clock ticks since boot, from
``/proc``; a pid the system reuses later has another). The next run removes a folder only
when all of this holds: the name has this pattern and this host's token, the process it
names is no longer running (that pid is gone, or is another process now), the folder is
this user's and not a symbolic link, and it holds nothing but ``shared.pickle``, a regular
file, and the start-state subfolder (not a link) with nothing but such files. Anything
else in the temporary directory is never touched. Where ``/proc`` is missing (not Linux)
folders get no owner in their name and are never swept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import stat
import tempfile
import weakref
from pathlib import Path

from runners.replicate import Shared

PREFIX = "trappa-shared-"
FILE_NAME = "shared.pickle"
#: the subfolder the workers share their start-state memo in (`sim.startcache.spill`)
START_CACHE = "start-cache"
_CACHE_FILE = re.compile(r"[0-9a-f]{64}\.npy(\.[0-9]+\.part)?")
_NAME = re.compile(r"trappa-shared-(?P<host>[0-9a-f]{12})-(?P<pid>[0-9]+)-(?P<start>[0-9]+)-"
                   r"[A-Za-z0-9_]+")


def host_token() -> str | None:
    """Return a token of this boot of this machine and this process namespace (pids mean
    the same process only within both), or None where it cannot be known."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        space = os.readlink("/proc/self/ns/pid")
    except OSError:
        return None
    return hashlib.sha256(f"{boot}|{space}".encode()).hexdigest()[:12]


def start_time(pid: int) -> int | None:
    """Return when process ``pid`` started (clock ticks since boot), None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _owner_prefix() -> str:
    """Return this process's folder prefix (with its owner, where it can be stated)."""
    host, pid = host_token(), os.getpid()
    started = start_time(pid)
    if host is None or started is None:
        return PREFIX
    return f"{PREFIX}{host}-{pid}-{started}-"


def _left_by_a_dead_run(folder: Path, host: str) -> bool:
    """Return whether ``folder`` is provably a shared-inputs folder of a run that is gone."""
    match = _NAME.fullmatch(folder.name)
    if match is None or match["host"] != host:
        return False
    pid, started = int(match["pid"]), int(match["start"])
    if pid == os.getpid() or start_time(pid) == started:
        return False  # its driver still runs
    try:
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        entries = list(os.scandir(folder))
        cache = [e for e in entries if e.name == START_CACHE]
        if cache and not cache[0].is_dir(follow_symlinks=False):
            return False
        cached = list(os.scandir(folder / START_CACHE)) if cache else []
    except OSError:
        return False
    return (all(e.name == FILE_NAME and e.is_file(follow_symlinks=False)
                for e in entries if e.name != START_CACHE)
            and all(_CACHE_FILE.fullmatch(e.name) and e.is_file(follow_symlinks=False)
                    for e in cached))


def remove_leftovers(directory: Path | None = None) -> list[Path]:
    """Remove the shared-inputs folders that killed runs of this host left in
    ``directory`` (default: the system's temporary directory); return them.

    Only folders `_left_by_a_dead_run` proves to be such are touched, file by file (no
    recursive delete): a folder that holds anything else stays as it is.
    """
    host = host_token()
    if host is None:
        return []
    directory = Path(tempfile.gettempdir()) if directory is None else directory
    try:
        candidates = [directory / e.name for e in os.scandir(directory)
                      if e.name.startswith(PREFIX)]
    except OSError:
        return []
    removed = []
    for folder in candidates:
        if not _left_by_a_dead_run(folder, host):
            continue
        try:
            cache = folder / START_CACHE
            if cache.is_dir():
                for e in os.scandir(cache):  # checked above: only the memo's files
                    if _CACHE_FILE.fullmatch(e.name):
                        (cache / e.name).unlink(missing_ok=True)
                cache.rmdir()
            (folder / FILE_NAME).unlink(missing_ok=True)
            folder.rmdir()
        except OSError:
            continue  # another run took it first, or it changed meanwhile: leave it
        removed.append(folder)
    return removed


class SharedFile:
    """The shared inputs pickled into a private temporary folder named after this process
    (see the module's docstring); removed by `remove` or when garbage-collected."""

    def __init__(self, shared: Shared, directory: Path | None = None) -> None:
        remove_leftovers(directory)
        self.folder = Path(tempfile.mkdtemp(prefix=_owner_prefix(), dir=directory))
        self.path = self.folder / FILE_NAME
        self.path.write_bytes(pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL))
        #: where the workers share their start-state memo (`sim.startcache.spill`)
        self.start_cache = self.folder / START_CACHE
        self.start_cache.mkdir()
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def remove(self) -> None:
        """Remove the file (no worker starts after this)."""
        self._cleanup()
