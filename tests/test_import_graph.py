"""The import graph flows one way: no package cycles, and the CLI on top of everything.

Read from the source with `ast` (every ``import`` anywhere in a module counts, deferred
imports inside functions too: they are dependencies all the same).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "scenarios", "sim", "calibration", "results", "runners")
#: Packages below the runners: none of them may import runners (or its CLI).
BELOW_RUNNERS = ("models", "scenarios", "sim", "calibration", "results")
CLI = "runners.cli"


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *filter(None, [base])])
            out.add(base)
            # "from runners import cli" imports the module runners.cli
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def _graph() -> dict[str, set[str]]:
    """Module -> the project modules (or names inside them) it imports."""
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            graph[_module_name(path)] = {m for m in _imports(path)
                                         if m.split(".")[0] in PACKAGES}
    return graph


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_parser_sees_imports():
    # the scan itself must find what is plainly there, or every rule below passes vacuously
    graph = _graph()
    assert "runners.cli" in graph["runners.__main__"]
    assert "sim.engine" in graph["runners.replicate"]
    assert "sim.engine" in graph["calibration.simulate"]
    assert len(graph) > 80


def test_no_package_imports_the_cli():
    offenders = sorted(f"{mod} imports {imp}" for mod, imps in _graph().items()
                       if not _is_within(mod, CLI) and mod != "runners.__main__"
                       for imp in imps if _is_within(imp, CLI))
    assert offenders == []


def test_no_package_below_runners_imports_runners():
    offenders = sorted(f"{mod} imports {imp}" for mod, imps in _graph().items()
                       if mod.split(".")[0] in BELOW_RUNNERS
                       for imp in imps if _is_within(imp, "runners"))
    assert offenders == []


def test_packages_have_no_import_cycles():
    edges: dict[str, set[str]] = defaultdict(set)
    for mod, imps in _graph().items():
        for imp in imps:
            if imp.split(".")[0] != mod.split(".")[0]:
                edges[mod.split(".")[0]].add(imp.split(".")[0])
    try:
        order = list(TopologicalSorter({p: edges[p] for p in PACKAGES}).static_order())
    except CycleError as exc:
        raise AssertionError(f"package import cycle: {exc.args[1]}") from None
    # models is the bottom, runners (with the CLI) the top
    assert order[0] == "models"
    assert order[-1] == "runners"
