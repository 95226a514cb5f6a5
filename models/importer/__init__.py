"""The municipality importer: SSB files (and what a consultant has) to a municipality folder.

`import_municipality` writes a folder in the format of ``models/data/faerder/``, estimating
what is not given and labelling it; `describe` says what a folder holds and what was estimated.
"""

from models.importer.build import ImportResult, import_municipality
from models.importer.show import describe

__all__ = ["ImportResult", "describe", "import_municipality"]
