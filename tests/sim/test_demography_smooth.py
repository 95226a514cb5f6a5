"""SSB's targets between the projection years: anchors met, monotone, no kink, and net
migration without a jump at an anchor year (issue 14, item 4).

The figures are Færder's SSB table (models/data/faerder/population.csv, from seed 000);
the tolerances are stated with each test.
"""

from __future__ import annotations

import numpy as np
import pytest

from models.municipality import load_municipality
from sim.derive import demography
from sim.derive.compose import derive_inputs

START, END = 2024, 2040
YEARS = range(START, END + 2)   # the engine asks for targets to 1 Jan after the end year


@pytest.fixture(scope="module")
def faerder():  # type: ignore[no-untyped-def]
    return load_municipality("faerder")


def _anchors(m, label: str) -> tuple[list[int], list[float]]:  # type: ignore[no-untyped-def]
    known = list(m.projection.years)
    return known, [float(m.projection.persons[(label, y)]) for y in known]


def test_anchors_are_met_exactly(faerder) -> None:  # type: ignore[no-untyped-def]
    out = demography.ssb_targets(faerder.projection, YEARS)
    for j, g in enumerate(faerder.projection.groups):
        known, persons = _anchors(faerder, g.label)
        for y, n in zip(known, persons, strict=True):
            # exp(log n): only floating-point round-off
            assert out[y - START, j] == pytest.approx(n, rel=1e-12), (g.label, y)


def test_monotone_between_anchors(faerder) -> None:  # type: ignore[no-untyped-def]
    out = demography.ssb_targets(faerder.projection, YEARS)
    labels = [g.label for g in faerder.projection.groups]
    for j, label in enumerate(labels):
        known, persons = _anchors(faerder, label)
        for k in range(len(known) - 1):
            a, b, na, nb = known[k], known[k + 1], persons[k], persons[k + 1]
            steps = np.diff(out[a - START:b - START + 1, j])
            # every yearly step has the sign of the anchors' change (none overshoots)
            assert np.all(steps * np.sign(nb - na) >= 0), (label, a, b)
    # the group of the issue: 80-89 grows every year, 1,320 (2024) -> 2,407 (2040)
    steps = np.diff(out[:END - START + 1, labels.index("80-89")])
    assert np.all(steps > 0)


def test_no_kink_at_an_anchor_year(faerder) -> None:  # type: ignore[no-untyped-def]
    """The yearly change is continuous.

    Tolerance, from what a kink is: a smooth path spreads a change of growth over several
    years, so the second difference at an anchor year is no larger than those of the two
    years either side together; a kink puts the whole turn into the anchor year (geometric
    interpolation: 0-17 turns by 41 persons/yr in 2030 against 0.7 either side). And no
    year turns by more than the largest turn the anchors themselves require, the change
    between the mean yearly changes of two adjacent projection intervals.
    """
    out = demography.ssb_targets(faerder.projection, YEARS)
    for j, g in enumerate(faerder.projection.groups):
        known, persons = _anchors(faerder, g.label)
        path = out[:END - START + 1, j]
        d2 = np.diff(path, 2)                  # d2[i] is the turn at year START + 1 + i

        def turn(y: int, d2: np.ndarray = d2) -> float:
            return float(abs(d2[y - START - 1]))

        for a in known[1:-1]:
            if a - 1 > START:  # both neighbours' second differences lie in the path
                assert turn(a) <= turn(a - 1) + turn(a + 1), (g.label, a)
        mean_change = np.diff(persons) / np.diff(known)
        assert np.abs(d2).max() <= np.abs(np.diff(mean_change)).max(), g.label


def test_net_migration_has_no_jump_at_an_anchor_year(faerder) -> None:  # type: ignore[no-untyped-def]
    """Net migration that meets the smooth path changes at an anchor year no more than in
    the years either side together (each yearly figure is rounded to whole persons, so a
    difference of two carries up to 1, three differences up to 3)."""
    inputs = derive_inputs(faerder, START, END)
    net = inputs.flows.net.astype(np.float64)   # net[i]: migration of year START + i
    for j, label in enumerate(inputs.ages.labels):
        for a in list(faerder.projection.years)[1:-1]:
            i = a - START  # net[i - 1] arrives on 1 Jan a, net[i] on 1 Jan a + 1
            if i - 2 < 0:
                continue
            jump = abs(net[i, j] - net[i - 1, j])
            either_side = abs(net[i - 1, j] - net[i - 2, j]) + abs(net[i + 1, j] - net[i, j])
            assert jump <= either_side + 3, (label, a, net[i - 2:i + 2, j].tolist())
