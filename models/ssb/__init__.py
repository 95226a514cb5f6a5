"""Statistics Norway's population tables (projection 14288 and successors, population 07459).

`read_ssb_file` reads JSON-stat 2.0, the StatBank CSV download or a labelled tidy CSV into one
`SsbTable` (a tidy frame: region, alternative, age group, year, persons); `regions` maps old
municipality numbers to today's.
"""

from models.ssb.ages import age_label, parse_age
from models.ssb.readers import read_ssb_file
from models.ssb.regions import check_municipality_number, current_number
from models.ssb.table import MAIN_ALTERNATIVE, REGISTERED, SsbTable

__all__ = [
    "MAIN_ALTERNATIVE",
    "REGISTERED",
    "SsbTable",
    "age_label",
    "check_municipality_number",
    "current_number",
    "parse_age",
    "read_ssb_file",
]
