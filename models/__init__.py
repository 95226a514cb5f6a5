"""The domain as data and typed objects: the trinn ladder, unit prices, packages, persona pathways,
a municipality dataset (Færder shipped in ``models/data/faerder``) and the resource calculator.

No SimPy, nothing stochastic.
"""

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
from models.errors import DataFileError, TrappaError
from models.municipality import Municipality, load_municipality

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
