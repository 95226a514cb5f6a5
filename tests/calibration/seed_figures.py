"""Figures typed from the seeds (seed 000/001, as tabled in DOMAIN.md), never from the code."""

from __future__ import annotations

#: trinn -> (recipients 2024, cost 2024 in mill NOK): the 2024 staircase of Færder
STAIRCASE = {4: (1570, 299), 5: (590, 11), 6: (957, 60), 7: (1152, 133), 9: (379, 177),
             10: (257, 214), 11: (137, 157), 12: (41, 78)}
#: SSB MMMM projection for Færder, persons on 1 January
SSB = {
    2025: {"0-17": 5398, "18-49": 9749, "50-66": 6716, "67-79": 4206, "80-89": 1385, "90+": 274,
           "total": 27728},
    2030: {"0-17": 5103, "18-49": 9990, "50-66": 6660, "67-79": 4512, "80-89": 1833, "90+": 288,
           "total": 28386},
    2040: {"0-17": 4937, "18-49": 9872, "50-66": 6589, "67-79": 4996, "80-89": 2407, "90+": 541,
           "total": 29342},
}
#: persons with an assumed dementia diagnosis
DEMENTIA = 684
#: share of inhabitants 80+ with no care service, Færder 2023
NO_CARE_80PLUS = 0.42
#: the persona Johs: total running cost of each pathway (NOK)
PERSONA = {"normal": 5_997_040, "proactive": 4_031_231, "reactive": 9_636_222}
