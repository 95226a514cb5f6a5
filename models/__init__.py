"""The domain as data and typed objects: the trinn ladder, unit prices, packages, persona pathways,
a municipality dataset (Færder shipped in ``models/data/faerder``) and the resource calculator.

No SimPy, nothing stochastic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from models.errors import DataFileError, TrappaError

if TYPE_CHECKING:
    from models.calculator import (
        PackageCost,
        PersonaTable,
        Staffing,
        compare_alternatives,
        cost_package,
        persona_table,
        scale_to_population,
        what_else,
    )
    from models.municipality import Municipality, load_municipality

#: Public name -> defining module, loaded on first use (PEP 562): every command imports
#: ``models.errors``, and importing the package must not load pandas and SciPy for it.
_API = {
    **dict.fromkeys(("PackageCost", "PersonaTable", "Staffing", "compare_alternatives",
                     "cost_package", "persona_table", "scale_to_population", "what_else"),
                    "calculator"),
    "Municipality": "municipality", "load_municipality": "municipality",
}

__all__ = [
    "DataFileError",
    "Municipality",
    "PackageCost",
    "PersonaTable",
    "Staffing",
    "TrappaError",
    "compare_alternatives",
    "cost_package",
    "load_municipality",
    "persona_table",
    "scale_to_population",
    "what_else",
]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'models' has no attribute '{name}'")
    return getattr(import_module(f"models.{_API[name]}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
