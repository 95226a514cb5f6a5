"""KOSTRA tables of Statistics Norway (SSB): table ids, dimension codes and the indicators
trappa reads, in one place, with their source.

Source of the names: SSB's StatBank (statistikkbanken) and its API PxWebApi v2
(https://data.ssb.no/api/pxwebapi/v2/tables/<id>/metadata), where KOSTRA tables name the
municipality dimension ``KOKkommuneregion0000`` (codes: the municipality number, ``EAK`` for
"Hele landet"), the accounts' function ``KOKfunksjon0000`` and article ``KOKart0000``, the
variable ``ContentsCode`` and the year ``Tid``. The indicators are matched by SSB's published
Norwegian label (what the StatBank CSV download carries and JSON-stat's ``category.label``
holds); the content codes below are those of trappa's recorded test responses, which are
BUILT to SSB's documented JSON-stat 2.0 format (no public recording of these tables could be
found), so check them against the table's metadata before relying on ``trappa municipality
fetch`` for a new table round. Which figure sets which trinn: ``kostra_mapping.csv`` beside
this module's data and ``docs/kostra.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Selected key figures for health and care services, per municipality (K).
KEY_FIGURES_TABLE = "12209"
#: Municipal accounts by function, gross operating expenditure (K, 1000 NOK): 12362, and its
#: detailed successor 12367; both are read the same way.
ACCOUNTS_TABLES = ("12362", "12367")
#: Every KOSTRA table the importer reads.
KOSTRA_TABLES = (KEY_FIGURES_TABLE, *ACCOUNTS_TABLES)

#: Dimension codes of KOSTRA tables (PxWebApi v2 variable codes).
REGION_DIM = "KOKkommuneregion0000"
FUNCTION_DIM = "KOKfunksjon0000"
ART_DIM = "KOKart0000"
CONTENTS_DIM = "ContentsCode"
TIME_DIM = "Tid"
#: "Hele landet" in KOSTRA's region dimension.
COUNTRY_CODE = "EAK"

#: The accounts' article group read: gross operating expenditure (brutto driftsutgifter).
GROSS_EXPENDITURE_ART = "AGD2"
GROSS_EXPENDITURE_LABEL = "brutto driftsutgifter"
#: The accounts' content (amount) and its unit.
ACCOUNTS_CONTENTS = "KOSbelop0000"
ACCOUNTS_UNIT_NOK = 1000.0  # SSB's KOSTRA accounts are in 1000 NOK


@dataclass(frozen=True)
class Indicator:
    """One key figure of table 12209: its trappa name, SSB code, label and unit."""

    name: str
    code: str
    label_nb: str
    unit: str          # "percent" or "fte_per_recipient"


#: The key figures of table 12209 trappa reads (labels as SSB publishes them).
INDICATORS = (
    Indicator("home_services_80plus", "KOSandel800000",
              "Andel innbyggere 80 år og over som mottar hjemmetjenester", "percent"),
    Indicator("institution_80plus", "KOSandel80inst0000",
              "Andel innbyggere 80 år og over som er beboere på sykehjem", "percent"),
    Indicator("fte_per_recipient", "KOSarsverkbrm0000",
              "Årsverk i brukerrettede tjenester per mottaker", "fte_per_recipient"),
)
INDICATOR_BY_NAME = {i.name: i for i in INDICATORS}

#: The KOSTRA functions (kommunal regnskapsforskrift's function list) the staircase uses.
FUNCTIONS = {
    "232": "Helsestasjons- og skolehelsetjeneste",
    "233": "Annet forebyggende helsearbeid",
    "234": "Aktiviserings- og servicetjenester overfor eldre og personer med "
           "funksjonsnedsettelser",
    "253": "Helse- og omsorgstjenester i institusjon",
    "254": "Helse- og omsorgstjenester til hjemmeboende",
    "261": "Institusjonslokaler",
    "265": "Kommunalt disponerte boliger",
}

#: PxWebApi v2's documented limit on cells in one response (SSB: 800,000); trappa keeps every
#: query well under it.
CELL_LIMIT = 800_000
