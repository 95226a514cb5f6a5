"""``trappa app``: start the planner's web app (Streamlit) on this machine.

Usage::

    trappa app [--port 8501] [--host 127.0.0.1] [--municipality DIR]

Bound to 127.0.0.1 unless ``--host`` says otherwise: the app runs simulations on the
machine it is started on, and is meant for the planner at that machine (or a meeting
room's screen), not for the network.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from models.errors import TrappaError

PAGE = Path(__file__).with_name("page.py")
DEFAULT_PORT = 8501
DEFAULT_HOST = "127.0.0.1"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 1-65535, got {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``app`` command."""
    p = sub.add_parser(
        "app", help="start the planner's web app in the browser (Streamlit)",
        description="Start a local web app: choose the municipality and the reference "
                    "scenario, build a strategy with levers, run it against the reference "
                    "and download the council's workbook, PDF and data.")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT,
                   help=f"port to serve on (default {DEFAULT_PORT})")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    p.add_argument("--municipality", type=Path, action="append", default=[], metavar="DIR",
                   help="an imported municipality folder to offer beside the shipped ones "
                        "(may be repeated)")
    p.set_defaults(func=run_app)


def streamlit_command(port: int, host: str) -> list[str]:
    """Return the command line that serves the page."""
    # runners.app.serve: Streamlit's "run PAGE", after the page's modules and workers are
    # up (the first visitor does not wait for them)
    return [sys.executable, "-m", "runners.app.serve",
            "--server.port", str(port), "--server.address", host,
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            # no "Deploy" and no developer menu in front of a meeting
            "--client.toolbarMode", "minimal", "--theme.base", "light",
            # no watching of the source files: a meeting never reloads the code, and a
            # module reloaded under a running job would be a second copy of the engine
            "--server.fileWatcherType", "none",
            # no full garbage collection after every script run: Streamlit's default runs
            # one after each of the progress bar's polls too, some 50 ms each holding the
            # interpreter the job's thread needs (Python's own collector still runs)
            "--runner.postScriptGC", "false"]


def app_environment(municipalities: Sequence[Path]) -> dict[str, str]:
    """Return the environment of the Streamlit process (imported folders, library path)."""
    env = dict(os.environ)
    if municipalities:
        env["TRAPPA_APP_MUNICIPALITIES"] = os.pathsep.join(str(Path(m).resolve())
                                                           for m in municipalities)
    # the page imports the library this command belongs to
    root = str(PAGE.resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    return env


def run_app(args: argparse.Namespace) -> int:
    """Check the options, then serve the page until interrupted; return the exit status.

    Raises
    ------
    TrappaError
        If Streamlit is not installed or an imported folder is not a municipality (the
        same one-line message the page would show).
    """
    if importlib.util.find_spec("streamlit") is None:
        raise TrappaError("the web app needs Streamlit: pip install 'trappa[app]'")
    from models.municipality import load_municipality

    for folder in args.municipality:
        if not Path(folder).is_dir():
            raise TrappaError(f"{folder}: not a folder (--municipality wants an imported "
                              "municipality folder)")
        load_municipality(str(folder))
    proc = subprocess.Popen(streamlit_command(args.port, args.host),
                            env=app_environment(args.municipality))
    # a terminated `trappa app` must not leave the server running: SIGTERM unwinds like
    # Ctrl-C, and the server is stopped on every way out
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(proc)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
