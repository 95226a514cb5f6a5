"""Sampled durations against their configured means, with a CLT-based tolerance."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine import episode_durations, stage_factors
from sim.randomness import Draws, Stream, replicate_root, uniforms

N = 200_000


@pytest.mark.parametrize("mean", [0.5, 2.0, 8.0])
def test_episode_durations_exponential(mean):
    d = episode_durations(Draws(replicate_root(7, 0)), np.arange(N), mean, counter=3)
    # exponential: sd = mean; the sample mean lies within 4 standard errors
    assert abs(d.mean() - mean) < 4 * mean / np.sqrt(N)
    # and its median is mean x ln 2 (order-statistic tolerance, generous)
    assert np.median(d) == pytest.approx(mean * np.log(2), rel=0.02)


@pytest.mark.parametrize("shape", [2.0, 4.0, 16.0])
def test_stage_factors_gamma_mean_one(shape):
    f = stage_factors(Draws(replicate_root(7, 1)), np.arange(N), 3, shape)
    sd = 1 / np.sqrt(shape)
    for i in range(3):
        assert abs(f[:, i].mean() - 1) < 4 * sd / np.sqrt(N)
        assert f[:, i].std() == pytest.approx(sd, rel=0.02)
    # stages of one citizen are drawn independently
    assert abs(np.corrcoef(f[:, 0], f[:, 1])[0, 1]) < 4 / np.sqrt(N)


def test_keyed_uniforms_are_uniform_and_keyed():
    root = replicate_root(11, 5)
    u = uniforms(root, np.arange(N), Stream.ONSET, 2024)
    assert abs(u.mean() - 0.5) < 4 * np.sqrt(1 / 12 / N)
    counts, _ = np.histogram(u, bins=20, range=(0, 1))
    chi2 = ((counts - N / 20) ** 2 / (N / 20)).sum()
    assert chi2 < 43.8  # chi-square 19 df, p = 0.001
    # same key -> same number; another stream, counter or replicate -> another number
    assert uniforms(root, 123, Stream.ONSET, 2024)[0] == u[123]
    assert uniforms(root, 123, Stream.DEATH, 2024)[0] != u[123]
    assert uniforms(root, 123, Stream.ONSET, 2025)[0] != u[123]
    assert uniforms(replicate_root(11, 6), 123, Stream.ONSET, 2024)[0] != u[123]


def test_draws_refuse_the_same_stream_counter_and_citizen_twice():
    from sim.randomness import Draws, RepeatedDrawError

    draws = Draws(replicate_root(7, 0))
    first = draws.uniforms(np.arange(5), Stream.ONSET, 3)
    assert np.array_equal(first, uniforms(draws.root, np.arange(5), Stream.ONSET, 3))
    # other citizens of the same pair (e.g. newcomers' death times), or another counter or
    # stream for the same citizens, are new draws
    draws.uniforms(np.arange(5, 9), Stream.ONSET, 3)
    draws.uniforms(np.arange(5), Stream.ONSET, 4)
    draws.uniforms(np.arange(5), Stream.DEATH, 3)
    with pytest.raises(RepeatedDrawError, match="stream ONSET, counter 3: drawn twice"):
        draws.uniforms(np.array([8, 20]), Stream.ONSET, 3)
    draws.aggregate(2)
    with pytest.raises(RepeatedDrawError, match="AGGREGATE"):
        draws.aggregate(2)


def test_every_stream_is_in_the_registry():
    from sim.randomness import STREAMS

    assert set(STREAMS) == set(Stream)
    assert len({int(s) for s in Stream}) == len(Stream)


def test_a_trait_is_drawn_once_and_kept():
    """The levers' streams (12-14) are traits: asked again (a later stay, the costing) they
    give the citizen's same number, the keyed draw itself; decisions' streams refuse them."""
    from sim.randomness import TRAITS, RepeatedDrawError

    assert {Stream.DECISION, Stream.HOUSING, Stream.REABLEMENT} == TRAITS
    draws = Draws(99)
    first = draws.trait(np.array([3, 7, 7]), Stream.HOUSING)
    assert first[1] == first[2]
    again = draws.trait(np.array([7, 12, 3]), Stream.HOUSING)
    np.testing.assert_array_equal(again[[0, 2]], first[[1, 0]])
    np.testing.assert_array_equal(again, uniforms(99, np.array([7, 12, 3]), Stream.HOUSING))
    # another counter of the same stream is another trait
    assert draws.trait(3, Stream.REABLEMENT, 1)[0] != draws.trait(3, Stream.REABLEMENT, 0)[0]
    with pytest.raises(RepeatedDrawError, match="HOUSING is a trait"):
        draws.uniforms(np.array([1]), Stream.HOUSING)
    with pytest.raises(RepeatedDrawError, match="ONSET is not a trait"):
        draws.trait(np.array([1]), Stream.ONSET, 0)
