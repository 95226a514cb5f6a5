"""Shared fixtures: the shipped Færder dataset and a writable copy for bad-input tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.calculator import Staffing
from models.municipality import DATA_DIR, Municipality, load_municipality

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' derived inputs (`runners.inputs_cache`) in a folder of their own, not in
    the user's cache (the CLI's processes the tests start inherit it)."""
    before = os.environ.get("TRAPPA_CACHE_DIR")
    os.environ["TRAPPA_CACHE_DIR"] = str(tmp_path_factory.mktemp("trappa-cache"))
    yield
    if before is None:
        os.environ.pop("TRAPPA_CACHE_DIR", None)
    else:
        os.environ["TRAPPA_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def faerder() -> Municipality:
    return load_municipality("faerder")


@pytest.fixture(scope="session")
def staffing(faerder: Municipality) -> Staffing:
    return Staffing.from_parameters(faerder.parameters)


@pytest.fixture
def faerder_copy(tmp_path: Path) -> Path:
    """A writable copy of the Færder data folder."""
    dst = tmp_path / "faerder"
    shutil.copytree(DATA_DIR / "faerder", dst)
    return dst


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m runners ARGS`` as a user would, capturing output."""
    return subprocess.run([sys.executable, "-m", "runners", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=600, check=False)
