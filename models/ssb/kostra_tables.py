"""KOSTRA tables of Statistics Norway (SSB): table ids, dimension codes and the indicators
trappa reads, in one place, with their source.

Each code below says how far it is confirmed (checked 2026-12 with public sources; trappa
has no network access to SSB's metadata endpoint
https://data.ssb.no/api/pxwebapi/v2/tables/<id>/metadata, so check there before relying on
``trappa municipality fetch`` for a new table round):

- CONFIRMED (SSB): SSB's own variable definition page (statbank "kompis") names the code,
  its label and definition.
- CONFIRMED (recorded response): a recorded SSB JSON-stat response of table 12367 in a public
  repository, KSAnalyse/ks-json-stat.java, file src/test/java/no/ks/fiks/JsonStat/
  JsonStatTest.java (commit 24ba74fb54090fe28389b305e58d63b49403b798; the response was
  updated by SSB 2021-06-13):
  https://github.com/KSAnalyse/ks-json-stat.java/blob/24ba74fb54090fe28389b305e58d63b49403b798/src/test/java/no/ks/fiks/JsonStat/JsonStatTest.java
  It holds the dimensions KOKkommuneregion0000 (region "EAK" = "Landet", municipalities by
  number), KOKregnskapsomfa0000, KOKfunksjon0000 (3-digit function codes such as "120",
  aggregates such as "FGK9"), KOKart0000 (AGD10 "Brutto driftsutgifter på
  funksjon/tjenesteområde", AGD2 "Netto driftsutgifter på funksjon/tjenesteområde", AGD4
  "Korrigerte brutto driftsutgifter på funksjon/tjenesteområde"), ContentsCode
  (KOSbelop0000 "Beløp (1000 kr)") and Tid. That is table 12367; that 12362 has the same
  codes is likely (the art and function codes are SSB's KLASS classifications 259 and 277)
  but UNCONFIRMED.
- UNCONFIRMED: a construction, or seen only in third-party scripts; stated at the code.

The indicators are also matched by their Norwegian label (what the StatBank CSV download
carries and JSON-stat's ``category.label`` holds). Which figure sets which trinn:
``kostra_mapping.csv`` beside this module's data and ``docs/kostra.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Selected key figures for health and care services, per municipality (K). The table id is
#: the issue's; that 12209 holds the two 80+ indicators below is seen in several public
#: scripts querying it, not in SSB's documentation found: UNCONFIRMED.
KEY_FIGURES_TABLE = "12209"
#: Municipal accounts by function and art (K, 1000 NOK): 12362, and the detailed 12367
#: (CONFIRMED, recorded response: "12367: Detaljerte regnskapstall driftsregnskapet, etter
#: region, regnskapsomfang, funksjon, art, statistikkvariabel og år"); both read the same way.
ACCOUNTS_TABLES = ("12362", "12367")
#: Every KOSTRA table the importer reads.
KOSTRA_TABLES = (KEY_FIGURES_TABLE, *ACCOUNTS_TABLES)

#: Dimension codes of KOSTRA tables: CONFIRMED (recorded response of 12367).
REGION_DIM = "KOKkommuneregion0000"
FUNCTION_DIM = "KOKfunksjon0000"
ART_DIM = "KOKart0000"
CONTENTS_DIM = "ContentsCode"
TIME_DIM = "Tid"
#: 12367's accounting scope (regnskapsomfang: "A" Kommuner/fylkeskommuner, "B" the same
#: excluding foretak, IKS and samarbeid): CONFIRMED (recorded response). A file must hold one
#: of them (a file with both is refused as a dimension trappa does not read); whether 12362
#: has it is UNCONFIRMED, so ``fetch`` does not ask for it.
SCOPE_DIM = "KOKregnskapsomfa0000"
#: The whole country in KOSTRA's region dimension: CONFIRMED (recorded response, label
#: "Landet").
COUNTRY_CODE = "EAK"

#: The accounts' article group read: gross operating expenditure on the function. CONFIRMED
#: (recorded response): AGD10 is "Brutto driftsutgifter på funksjon/tjenesteområde"; AGD2,
#: which trappa read before, is NET operating expenditure ("Netto driftsutgifter ...").
GROSS_EXPENDITURE_ART = "AGD10"
#: A label read as gross expenditure starts with this (not "korrigerte brutto ...", AGD4,
#: nor "netto ...").
GROSS_EXPENDITURE_LABEL = "brutto driftsutgifter"
#: The accounts' content (amount) and its unit: CONFIRMED (recorded response, "Beløp (1000
#: kr)").
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
    # CONFIRMED (SSB): https://www.ssb.no/kompis/statbank/?id=27c919e9-b2a8-4faa-b54b-6957f0bdd25d&ver=101901&val=KOShjtj80aarover0001&lang=no
    # "Teller: Antall unike brukere per 31.12. av hjemmetjenester 80 år og over av minst én
    # av tjenestene i KOSTRA-funksjon 254 ... Nevner: Antall innbyggere 80 år og over per
    # 31.12." (trappa's code was the construction KOSandel800000)
    Indicator("home_services_80plus", "KOShjtj80aarover0001",
              "Andel innbyggere 80 år og over som bruker hjemmetjenester", "percent"),
    # CONFIRMED (SSB): https://www.ssb.no/kompis/statbank/?id=27c919e9-b2a8-4faa-b54b-6957f0bdd25d&ver=101901&val=KOSsykhjand80aar0000&lang=no
    # "Teller: Beboere 80 år og over på institusjon, dvs. sykehjem, aldershjem eller
    # avlastningsinstitusjon/-bolig pr. 31.12. Både langtidsopphold og tidsbegrenset opphold
    # er inkludert, også avlastningsopphold." (trappa's code was the construction
    # KOSandel80inst0000; the short stays are why kostra_mapping.csv maps it to trinn 9 too)
    Indicator("institution_80plus", "KOSsykhjand80aar0000",
              "Andel innbyggere 80 år og eldre med institusjonsopphold", "percent"),
    # UNCONFIRMED: code and label. KOSaarsvbrukerom0000 ("årsverk per bruker") is what
    # third-party scripts querying 12209 use; SSB's page found for a related code,
    # KOSaarsverkbruke0000, is the COUNT of årsverk in brukerrettede tjenester (functions
    # 234, 253, 254), not per recipient:
    # https://www.ssb.no/kompis/statbank/?id=87c98a71-5b9e-476a-b098-4e2aa0d338be&ver=202752&val=KOSaarsverkbruke0000&lang=no
    # (trappa's code was the construction KOSarsverkbrm0000)
    Indicator("fte_per_recipient", "KOSaarsvbrukerom0000",
              "Årsverk i brukerrettede tjenester per mottaker", "fte_per_recipient"),
)
INDICATOR_BY_NAME = {i.name: i for i in INDICATORS}

#: The KOSTRA functions (kommunal regnskapsforskrift's function list) the staircase uses. The
#: codes' form (three digits, as "254") is CONFIRMED for 12367 (recorded response: "100",
#: "110", "120"); 234, 253 and 254 are CONFIRMED as KOSTRA functions of the care services by
#: SSB's definition of KOSaarsverkbruke0000 (URL above) and of KOShjtj80aarover0001 (254),
#: and 234, 253 + 261 (institution) and 254 by SSB's table 07790 ("Brutto driftsutg.,
#: institusjon, f253+261", "hjemmetjenester, f254", "Aktiviserings- og servicetjenester,
#: f234": https://www.ssb.no/statbank/table/07790/). 232, 233 and 265 and the names below
#: are from the regulation's function list, not checked against SSB's metadata: UNCONFIRMED.
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

#: Cells in one PxWebApi v2 response that trappa stays under. UNCONFIRMED: the PxWebApi 2
#: user guide says each installation sets its own limits; SSB's figure was not found (its
#: StatBank pages state 300,000 cells for a selection there). One municipality's queries
#: hold a few thousand cells at most.
CELL_LIMIT = 800_000
