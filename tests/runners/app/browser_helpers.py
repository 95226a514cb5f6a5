"""What the browser tests share: the app on a free port, Chromium, and waiting for a rerun.

Waiting uses the signal Streamlit's front end keeps on its root element:
``[data-testid="stApp"]`` carries ``data-test-script-state`` (streamlit 1.67's bundle:
``initial`` before the first run, then ``running``, ``notRunning``, ``rerunRequested``,
``stopRequested``, ``compilationError``). The running icon in the toolbar is not drawn with
``client.toolbarMode = "minimal"``, so waiting for it to vanish returned at once. A
``MutationObserver`` installed before the page loads counts every switch to ``running``, so a
run that started and finished between two polls is not missed.

Skipped locally when /usr/bin/chromium or the playwright package is missing; in CI (``CI``
set) the tests run, and a missing browser fails them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

_missing = [what for what, ok in (("/usr/bin/chromium", CHROMIUM.is_file()),
                                  ("playwright", importlib.util.find_spec("playwright")
                                   is not None)) if not ok]
BROWSER_MARKS = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(_missing) and not os.environ.get("CI"),
                       reason=f"browser test needs {' and '.join(_missing)} (install "
                              "Debian's chromium and pip install playwright; CI runs it)"),
]

#: How long a widget change may take to start its rerun on a loaded machine; a change that
#: starts none (a value already set) costs this once.
START_GRACE_MS = 10_000
#: The longest rerun the tests allow (a cold reference on a loaded 2-core machine).
RUN_TIMEOUT_MS = 180_000
#: Quiet time after a run: a rerun the script asks for (``st.rerun``) starts within it.
QUIET_MS = 300

#: Installed before the page's own scripts: counts the switches to "running" and keeps the
#: time of the last switch away from it.
_OBSERVER = """
(() => {
  window.__trappaRuns = 0;
  window.__trappaMark = 0;
  window.__trappaIdleSince = performance.now();
  const state = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app === null ? 'initial' : app.getAttribute('data-test-script-state');
  };
  window.__trappaState = state;
  const busy = (s) => s === 'running' || s === 'rerunRequested';
  window.__trappaLast = 'initial';
  new MutationObserver(() => {
    const now = state();
    if (busy(now) && !busy(window.__trappaLast)) window.__trappaRuns += 1;
    if (!busy(now) && now !== window.__trappaLast) window.__trappaIdleSince = performance.now();
    window.__trappaLast = now;
  }).observe(document, {attributes: true, subtree: true,
                        attributeFilter: ['data-test-script-state']});
})();
"""

_IDLE = (f"() => ['notRunning', 'compilationError'].includes(window.__trappaState())"
         f" && performance.now() - window.__trappaIdleSince > {QUIET_MS}")
_STARTED = "() => window.__trappaRuns > window.__trappaMark"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the app and everything it started (its own process group)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything left in the group (workers)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[str]:
    """``trappa app`` on a free port, its cache in tmp_path; stopped on the way out."""
    port = free_port()
    env = {**os.environ, "TRAPPA_APP_CACHE": str(tmp_path / "cache"),
           "TRAPPA_APP_WORKERS": "2", "PYTHONPATH": str(REPO)}
    log = (tmp_path / "app.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "runners.app", "--port", str(port)],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("trappa app did not start: "
                                     + (tmp_path / "app.log").read_text(errors="replace"))
            time.sleep(0.3)
        yield url
    finally:
        stop(proc)
        log.close()


def launch(pw: Any, tmp_path: Path, width: int, height: int) -> Any:
    """Start headless Chromium (Debian's) with a ``width`` x ``height`` window and a
    profile of its own under ``tmp_path``; the caller closes the context."""
    return pw.chromium.launch_persistent_context(
        str(tmp_path / f"profile-{width}"), executable_path=str(CHROMIUM), headless=True,
        args=ARGS, viewport={"width": width, "height": height}, accept_downloads=True)


def open_app(context: Any, url: str) -> Any:
    """Open the app in a new page of ``context`` and wait for its first run to finish."""
    context.add_init_script(_OBSERVER)
    page = context.new_page()
    page.goto(url, timeout=60_000)
    page.wait_for_function(_IDLE, timeout=RUN_TIMEOUT_MS)
    page.evaluate("() => { window.__trappaMark = window.__trappaRuns; }")
    return page


def settle(page: Any) -> None:
    """Wait until the rerun after the last widget change has finished, so the next key press
    lands on the page that rerun drew: first that a run started since the last ``settle``
    (or ``START_GRACE_MS`` passed without one), then that none is running."""
    with contextlib.suppress(Exception):  # no run started: the change asked for none
        page.wait_for_function(_STARTED, timeout=START_GRACE_MS)
    page.wait_for_function(_IDLE, timeout=RUN_TIMEOUT_MS)
    page.evaluate("() => { window.__trappaMark = window.__trappaRuns; }")
