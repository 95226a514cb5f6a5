"""The one error a scenario file can raise: it names the file, the dotted key and the problem."""

from __future__ import annotations

from pathlib import Path

from models.errors import TrappaError


class ScenarioError(TrappaError):
    """A scenario file (or a command-line override) is invalid.

    The message is one line: ``<file>, key '<dotted.key>': <problem>``, or
    ``<file>: <problem>`` when no single key is at fault (a TOML syntax error, a missing file).

    Parameters
    ----------
    source
        The file that holds the offending value, or a label such as ``"command line"``.
    problem
        What is wrong, naming the offending value.
    key
        The dotted key of the offending value, e.g. ``groups.dementia.new_cases.2025``.
    """

    def __init__(self, source: Path | str, problem: str, *, key: str | None = None) -> None:
        self.source = str(source)
        self.key = key
        self.problem = problem
        where = self.source if key is None else f"{self.source}, key '{key}'"
        super().__init__(f"{where}: {problem}")
