"""One run per directory: an exclusive lock, taken before a run, a resume or a report writes.

The lock file ``.<RUN_DIR name>.trappa-lock`` sits beside the run directory, not in it,
because a finished run replaces the whole directory in one rename (`results.rundir`). It
holds the pid, host, start time and command of its holder, and it is locked with
``flock``, which ends with its process however the process ends: a second run is refused
while the holder lives, and a lock file left by a killed run (present, nobody holding its
``flock``) is taken over by the next run or ``--resume``, with a line on stderr naming the
dead run's pid, never silently.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results.rundir import RunDirError, check_run_location, temporary_sibling

LOCK_SUFFIX = ".trappa-lock"


# --- one run per directory ------------------------------------------------------------------

def lock_path(run_dir: Path) -> Path:
    """Return the lock file of a run directory: ``.<name>.trappa-lock`` beside it (of the
    resolved path, so that every spelling of a directory has the same lock)."""
    here = run_dir.resolve()
    return here.with_name(f".{here.name}{LOCK_SUFFIX}")


#: Locks this process holds: lock path -> (file descriptor, depth). Re-entrant, so that the
#: command can hold the lock across a run and its report while the runner takes it too.
_HELD: dict[Path, list[int]] = {}


class RunLock:
    """An exclusive lock on a run directory, held while a run, resume or report writes it.

    The lock file is created complete (pid, host, start time, command) and locked with
    ``flock`` before it is linked into place, so it appears atomically and only once;
    ``flock`` ends with its process, however the process ends, so a lock file left behind
    by a killed run is recognised as stale, and reported, never taken over silently.
    """

    def __init__(self, run_dir: Path, *, check_location: bool = True) -> None:
        self.run_dir = run_dir
        self.path = lock_path(run_dir)
        # a report may be asked for from inside its run directory; a run may not go there
        self._check_location = check_location

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _key(self) -> Path:
        return self.path

    def acquire(self) -> None:
        """Take the lock, or raise `RunDirError` (in use, or a stale lock file)."""
        if self._check_location:
            check_run_location(self.run_dir)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunDirError(self.run_dir.parent, f"cannot create the folder "
                                                   f"({_first_line(exc)})") from exc
        key = self._key()
        if key in _HELD:
            _HELD[key][1] += 1
            return
        for _ in range(5):
            fd = self._create()
            if fd is not None:
                _HELD[key] = [fd, 1]
                return
            self._refuse()  # raises if in use; takes a stale lock over; else try again
            if key in _HELD:
                return
        raise RunDirError(self.path, "the lock file keeps changing; is another run starting?")

    def _create(self) -> int | None:
        info = self._info()
        tmp = temporary_sibling(self.path, "new")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
        except OSError as exc:
            raise RunDirError(self.path, f"cannot create the lock file "
                                         f"({_first_line(exc)})") from exc
        try:
            os.write(fd, (json.dumps(info) + "\n").encode("utf-8"))
            os.fsync(fd)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.link(tmp, self.path)  # fails if the lock exists: O_EXCL for a whole file
        except FileExistsError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        finally:
            tmp.unlink(missing_ok=True)
        return fd

    def _refuse(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            return  # released meanwhile
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                info = _lock_info(self.path)
                raise RunDirError(self.run_dir, f"in use by another trappa run (pid "
                                  f"{info.get('pid', '?')} on {info.get('host', '?')}, since "
                                  f"{info.get('started', '?')}; lock {self.path}): wait for "
                                  "it to end or choose another --out") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                return  # replaced or removed while we looked: try again
            info = _lock_info(self.path)
            if info.get("host") not in (None, socket.gethostname()):
                # flock across hosts (a network share) proves nothing: ask, do not guess
                raise RunDirError(self.path, f"lock of a run on another host (pid "
                                  f"{info.get('pid', '?')} on {info['host']}, started "
                                  f"{info.get('started', '?')}) that no run here holds; if "
                                  f"that run has ended, delete {self.path}, then continue "
                                  f"with --resume --out {self.run_dir}")
            # stale: its run was killed (flock ends with its process). This process holds
            # the flock now, so no other run can take it meanwhile: make it ours
            self._take_over(fd, info)
            fd = -1
            return
        finally:
            if fd >= 0:
                os.close(fd)

    def _take_over(self, fd: int, info: dict[str, Any]) -> None:
        """Make the stale lock file (``fd``, flock held) this run's and say so on stderr."""
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(self._info()) + "\n").encode("utf-8"), 0)
        os.fsync(fd)
        _HELD[self._key()] = [fd, 1]
        print(f"trappa: taking over the stale lock {self.path} of a run that was killed "
              f"(pid {info.get('pid', '?')}, started {info.get('started', '?')}, no longer "
              "running)", file=sys.stderr)

    def _info(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now(UTC).isoformat(timespec="seconds"),
                "command": " ".join(sys.argv)[:400]}

    def release(self) -> None:
        """Release the lock (the outermost release removes the lock file)."""
        key = self._key()
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] > 0:
            return
        del _HELD[key]
        fd = held[0]
        try:
            # removed while still locked, so no other process can lock this file and
            # mistake it for a stale one
            if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                self.path.unlink()
        except FileNotFoundError:
            pass
        finally:
            os.close(fd)


def _lock_info(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
