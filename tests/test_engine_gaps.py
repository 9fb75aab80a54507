"""Dropouts inside a rep (round 6, GAPS): a squat's ascent hidden by a short dropout that
began at its bottom is counted when the sensor goes down again (Detector._hidden_return)."""

from __future__ import annotations

import pytest

from repcount.events import Rep
from test_engine_synth import make, run_engine


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("k", [2, 3])
def test_ascent_hidden_by_a_dropout_is_counted(seed, k):
    # a bar squat set with a 1 s bottom and fast (0.5-0.8 s) ascents; drop the samples
    # of rep k+1's whole ascent: the bridge line shows no acceleration there
    s = make("squat", sets=(5,), seed=seed, nuisance=False, pause=1.0, conc=0.5)
    r = s.reps[k]
    keep = (s.t < r.t_end - r.concentric_s - 0.05) | (s.t > r.t_end + 0.05)
    ev = run_engine(type(s)(s.t[keep], s.acc[keep], s.reps), "squat")
    assert sum(isinstance(e, Rep) for e in ev) == 5


def test_a_long_dropout_at_the_bottom_proves_nothing():
    # a dropout longer than hidden_gap_max_s over the bottom and ascent: never more reps
    s = make("squat", sets=(5,), seed=1, nuisance=False, pause=1.0, conc=0.5)
    r = s.reps[2]
    keep = (s.t < r.t_end - r.concentric_s - 0.9) | (s.t > r.t_end + 0.4)
    ev = run_engine(type(s)(s.t[keep], s.acc[keep], s.reps), "squat")
    assert sum(isinstance(e, Rep) for e in ev) <= 5


def test_a_bridged_gap_at_rest_teaches_the_rest_level_nothing():
    # round 11 (WDL): 4 s at rest at 0.965 g, a 2.3 s dropout (bridged), then 0.3 s of
    # rest read 0.025 g high (noise): the bridge line ending at that sample used to take
    # the level to ~0.99 g; only the few real samples after the gap may move it now
    import numpy as np

    from repcount.engine.core import Engine

    t1 = np.arange(0.0, 4.0, 0.08)
    t2 = np.arange(6.3, 6.62, 0.08)
    t = np.concatenate([t1, t2])
    acc = np.zeros((len(t), 3))
    acc[:, 2] = np.where(t < 5.0, 0.965, 0.990)
    e = Engine("deadlift")
    e.feed(t, acc)
    assert abs(e._kin.rest.level - 0.965) < 0.006  # was 0.013 off
