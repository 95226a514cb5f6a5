"""The bad-input corpus: every case runs the CLI in-process and asserts the same contract.

Exit status 2, exactly one line on stderr naming the file (or argument) and the field, no
traceback, and no file created or changed: neither in the case's folder (the current
directory) nor in the shipped data, scenarios and fitted files.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.municipality import DATA_DIR
from results.labels import LANGS, label
from runners.cli import main

#: The error line's start in every language (the catalogue's ``cli.error``).
ERROR_PREFIXES = tuple(label("cli.error", lang, message="") for lang in LANGS)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = (REPO / "models" / "data", REPO / "scenarios", REPO / "calibration")
BASE = REPO / "scenarios" / "faerder" / "base.toml"
#: A scenario of three years, so that a case that would run stops early and cheaply.
SHORT = f'base = "{BASE.as_posix()}"\nname = "short"\nend_year = 2026\n'


def snapshot(roots: Iterable[Path]) -> dict[str, str]:
    """Return every file and folder under ``roots`` with its content's SHA-256."""
    out = {}
    for root in roots:
        if not root.exists():
            continue
        for p in sorted(root.rglob("*")):
            if "__pycache__" in p.parts:
                continue
            out[str(p)] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@dataclass
class Result:
    code: int
    out: str
    err: str


def invoke(args: list[str], capsys: pytest.CaptureFixture[str]) -> Result:
    """Run ``trappa ARGS`` in this process."""
    capsys.readouterr()
    try:
        code = main(args)
    except SystemExit as exc:  # argparse exits for a bad argument
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def assert_refused(result: Result, *expected: str) -> str:
    """Assert the bad-input contract on a result; return the error line."""
    assert "Traceback" not in result.err, result.err
    # exactly one line: no empty line of a progress bar, no second line of a message
    assert result.err.endswith("\n"), repr(result.err)
    assert result.err.count("\n") == 1, repr(result.err)
    line = result.err.rstrip("\n")
    assert line.startswith((*ERROR_PREFIXES, "trappa ")), line
    assert result.code == 2, (result.code, line)
    for text in expected:
        assert text in line, (text, line)
    return line


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> Callable[..., str]:
    """Return ``refused(args, *expected)``: run the CLI in ``tmp_path`` and assert the
    contract, including that no file anywhere changed."""
    monkeypatch.chdir(tmp_path)

    def refused(args: list[str], *expected: str) -> str:
        before = snapshot((tmp_path, *SHIPPED))
        line = assert_refused(invoke(args, capsys), *expected)
        assert snapshot((tmp_path, *SHIPPED)) == before, "a file was created or changed"
        return line

    return refused


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped Færder data in ``tmp_path/data/faerder``."""
    dst = tmp_path / "data" / "faerder"
    shutil.copytree(DATA_DIR / "faerder", dst)
    return dst
