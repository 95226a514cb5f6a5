"""Run parts of a report side by side: each job in a forked child process, where it pays.

A report's parts are independent once the run is read: the workbook, the charts' PNGs, the
SVGs and the typesetting. On a machine with two cores or more, the workbook is written by
a forked child, and the charts are shared between two other children while the parent
typesets the PDF from their SVGs (see `results.report`), which roughly halves the wait. Fork
is cheap after the imports (the children share the parent's memory, copy on write) and
needs nothing pickled but an error.

A child's exception is raised again in the parent when the jobs are waited for (the same
type and message: an ``OSError`` keeps its errno, so `results.report` turns it into the
same one-line ``ReportError``). If the parent fails first, its children are killed and
reaped before the exception leaves, so nothing writes into the temporary folder the caller
is about to remove.

Jobs run in the calling process instead where fork is missing (Windows), where only one
core is available, or where other Python threads are running (a web app's worker thread,
a process pool's owner thread): a lock such a thread held at the fork would stay held in
the child, which is not worth the risk.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Set to False to run every job in the calling process (tests, debugging).
PARALLEL = True


def _can_fork() -> bool:
    # Only from a process with no other Python thread: a lock one of them held at the fork
    # would stay held in the child (the native threads of DuckDB and Arrow are idle here).
    return (PARALLEL and hasattr(os, "fork")
            and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1
            and len(os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity")
                    else range(os.cpu_count() or 1)) > 1)


class Jobs:
    """A context: ``start(job)`` runs ``job()`` in a child (or at once, see the module
    docstring); leaving the context waits for every child and raises the first error."""

    def __init__(self) -> None:
        self._children: list[tuple[int, int]] = []  # (pid, read end of its error pipe)
        self._feeds: list[Feed[Any]] = []
        self._fork = _can_fork()

    @staticmethod
    def can_fork() -> bool:
        """Whether jobs started now would run in forked children (the module docstring)."""
        return _can_fork()

    def start(self, job: Callable[[], object]) -> None:
        """Run ``job`` in a forked child, or now in this process if forking is not used."""
        if not self._fork:
            job()
            return
        read, write = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # else the child would write them again
            stream.flush()
        with warnings.catch_warnings():  # Python 3.12+ warns of fork with threads running
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: run the job, report an error through the pipe, exit
            os.close(read)
            # Everything inherited from the parent (the run's tables, the imported modules)
            # outlives the child: kept out of the cyclic collector, whose full passes would
            # otherwise walk all of it again and again while the job makes its many small
            # objects (openpyxl's cells, matplotlib's artists), copying the pages they touch.
            gc.freeze()
            code = 0
            try:
                job()
            except BaseException as exc:  # every failure, even an interrupt, goes to the parent
                code = 1
                _send(write, exc)
            finally:
                # No flushing here: a lock another thread of the parent held at the fork
                # stays held in the child (stderr is line-buffered; warnings are lines).
                os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
        os.close(write)
        self._children.append((pid, read))

    def start_fed(self, prepare: Callable[[], object], job: Callable[[T], object]) -> Feed[T]:
        """Run ``prepare()`` in a forked child at once, then ``job(value)`` there with the
        value this process hands over later (`Feed.send`): the child prepares (its own
        imports) while this process makes the value. Without fork, ``prepare()`` now and
        ``job(value)`` at the send, here. A child whose feed is never sent ends at once
        (this process failed: leaving the context stops it anyway)."""
        if not self._fork:
            prepare()
            return Feed(None, job)
        read, write = os.pipe()

        def child() -> None:
            os.close(write)
            prepare()
            with os.fdopen(read, "rb") as pipe:
                where = pipe.read()
            if not where:  # the parent failed before it sent anything
                return
            path = Path(os.fsdecode(where))
            value = pickle.loads(path.read_bytes())
            path.unlink()
            # The value (the run's tables) and what prepare imported live as long as the
            # child: out of the cyclic collector too, as what the child inherited (`start`).
            gc.freeze()
            job(value)

        self.start(child)
        os.close(read)
        feed: Feed[T] = Feed(write, job)
        self._feeds.append(feed)
        return feed

    def wait(self) -> None:
        """Wait for every child; raise the first one's error (in start order)."""
        self._let_go()  # a child still waiting for its value would wait for ever
        first: BaseException | None = None
        children, self._children = self._children, []
        for pid, read in children:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if first is not None:
                continue
            if data:
                first = _received(data)
            elif status != 0:
                first = RuntimeError(f"a report job ended without finishing (status {status})")
        if first is not None:
            raise first

    def kill(self) -> None:
        """Stop and reap every child (the parent failed; their work is thrown away)."""
        self._let_go()
        children, self._children = self._children, []
        for pid, read in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)

    def _let_go(self) -> None:
        feeds, self._feeds = self._feeds, []
        for feed in feeds:
            feed.close()

    def __enter__(self) -> Jobs:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self.wait()
        else:
            self.kill()


class Feed(Generic[T]):
    """The value a child started by `Jobs.start_fed` waits for."""

    def __init__(self, fd: int | None, job: Callable[[T], object]) -> None:
        self._fd = fd  # the write end of the child's pipe (None: no child, run here)
        self._job = job

    def send(self, value: T, where: Path) -> None:
        """Hand ``value`` to the child through the file ``where`` (pickled: a pipe would
        hold this process until the child reads), which the child removes once read; or
        run the job here if there is no child."""
        if self._fd is None:
            self._job(value)
            return
        where.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        fd, self._fd = self._fd, None
        try:
            data = memoryview(os.fsencode(where))
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)

    def close(self) -> None:
        """Let the child go without a value (it ends)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


def _send(fd: int, exc: BaseException) -> None:
    detail = "".join(traceback.format_exception(exc))
    try:
        data = pickle.dumps((exc, detail))
        pickle.loads(data)  # an exception whose arguments do not round-trip
    except Exception:  # fall back to its text
        data = pickle.dumps((RuntimeError(f"{type(exc).__name__}: {exc}"), detail))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _received(data: bytes) -> BaseException:
    exc, detail = pickle.loads(data)
    exc.add_note(f"(in a report job's child process)\n{detail}")
    return exc
