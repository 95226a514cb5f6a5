"""Aggregation across replications, Parquet I/O, plots and reports (Norwegian bokmål by default, English and nynorsk available)."""  # noqa: E501

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from results.compare_view import comparison_table, render_comparison
    from results.comparison import Comparison
    from results.plots import draw_plots
    from results.store import Run, RunDirError, read_run, write_run
    from results.summary import ResultsError, summarise, totals

#: Public name -> defining module. Loaded on first use (PEP 562) so that ``trappa calc``,
#: which only needs ``results.calc_view``, does not pay for importing pandas and matplotlib.
_API = {
    "summarise": "summary", "totals": "summary", "ResultsError": "summary",
    "Comparison": "comparison",
    "write_run": "store", "read_run": "store", "Run": "store", "RunDirError": "store",
    "draw_plots": "plots",
    "comparison_table": "compare_view", "render_comparison": "compare_view",
}
__all__ = [
    "Comparison", "ResultsError", "Run", "RunDirError", "comparison_table", "draw_plots",
    "read_run", "render_comparison", "summarise", "totals", "write_run",
]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'results' has no attribute '{name}'")
    return getattr(import_module(f"results.{_API[name]}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
