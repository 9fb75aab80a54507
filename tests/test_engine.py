"""Engine tests: counting on synthetic lifts, chunk invariance, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repcount.engine import Engine
from repcount.events import Rep, SessionSummary, SetSummary
from engine_support import events_in_chunks
from test_engine_synth import make, run_engine


def reps_of(events):
    return [e for e in events if isinstance(e, Rep)]


def sets_of(events):
    return [e for e in events if isinstance(e, SetSummary)]


KNOWN_MISS = pytest.mark.xfail(strict=True, reason="known gap: drift loses a rep (docs/algorithm.md, Limits)")


@pytest.mark.parametrize("exercise,rate", [
    pytest.param("squat", 12.5, marks=KNOWN_MISS),
    pytest.param("deadlift", 12.5, marks=KNOWN_MISS),
    ("squat", 50.0),
    ("deadlift", 50.0),  # exact since round 12 (the fitted rest level in the rest test)
    ("squat", 200.0),
    ("deadlift", 200.0),
    ("squat", 400.0),
    ("deadlift", 400.0),
])
def test_counts_bar_sets_exactly(exercise, rate):
    s = make(exercise, sets=(5, 3), rate=rate, seed=int(rate))
    ev = run_engine(s, exercise, "bar")
    assert [x.reps for x in sets_of(ev)] == [5, 3]
    assert isinstance(ev[-1], SessionSummary) and ev[-1].total_reps == 8
    for r, t in zip(reps_of(ev), s.reps):
        assert abs(r.lockout_t - t.lockout_t) < 0.12
        # the synthetic truth dates phases at v == 0, the engine at |v| = 0.05 m/s
        assert abs(r.tut_s - t.tut_s) < 0.25
        assert r.exercise == exercise
        assert r.rom_m == pytest.approx(t.rom_m, abs=0.1)


def test_rep_fields_follow_the_definitions():
    s = make("squat", sets=(3,), seed=5)
    for r in reps_of(run_engine(s, "squat")):
        assert r.tut_s == pytest.approx(r.eccentric_s + r.pause_s + r.concentric_s)
        assert r.t_start < r.t_start + r.eccentric_s <= r.lockout_t == r.t_end <= r.emitted_t
        assert r.emitted_t - r.lockout_t < 0.25  # counted at lockout
    s = make("deadlift", sets=(3,), seed=5, pause=1.0)
    for r in reps_of(run_engine(s, "deadlift")):
        assert r.tut_s == pytest.approx(r.eccentric_s + r.pause_s + r.concentric_s)
        assert r.lockout_t == pytest.approx(r.t_start + r.concentric_s)
        assert r.pause_s > 0.5  # the top hold


def test_auto_tells_squat_from_deadlift():
    for ex in ("squat", "deadlift"):
        ev = run_engine(make(ex, sets=(4,), seed=11), "auto")
        assert [r.exercise for r in reps_of(ev)] == [ex] * 4


def test_unrack_walkout_and_rerack_are_not_reps():
    s = make("squat", sets=(1,), seed=2, nuisance=True)
    assert len(reps_of(run_engine(s, "squat"))) == 1


def test_partial_rep_under_minimum_rom_is_not_counted():
    s = make("squat", sets=(3,), rom=0.12, seed=4)
    assert reps_of(run_engine(s, "squat", "bar")) == []


@pytest.mark.xfail(strict=True, reason="known gap: a 5 s grind at ~0.1 m/s is frozen by the zero-velocity update")
def test_slow_grinding_reps_are_counted():
    s = make("squat", sets=(3,), conc=5.0, stick=0.9, seed=8)
    assert len(reps_of(run_engine(s, "squat", "bar"))) == 3


def test_rotating_sensor_thigh_like():
    s = make("squat", sets=(4,), tilt_deg=80, seed=9, rom=0.35)
    assert len(reps_of(run_engine(s, "squat", "thigh"))) == 4


_SYN = make("squat", sets=(2, 2), rate=50, seed=21, rest=14.0)
_REF = events_in_chunks(_SYN, [len(_SYN.t)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=12))
def test_chunk_invariance(sizes):
    assert events_in_chunks(_SYN, sizes) == _REF


def test_chunk_invariance_one_sample_blocks():
    assert events_in_chunks(_SYN, [1]) == _REF
    assert sum(1 for d in _REF if d["type"] == "rep") == 4


def test_nan_samples_are_skipped():
    s = make("squat", sets=(3,), seed=6)
    acc = s.acc.copy()
    acc[::17] = np.nan
    s.acc = acc
    assert len(reps_of(run_engine(s, "squat"))) == 3


def test_gap_of_minutes_creates_no_rep_and_ends_the_set():
    s = make("squat", sets=(2,), seed=7, nuisance=False)
    cut = np.searchsorted(s.t, s.reps[0].t_end + 0.6)
    t = np.concatenate([s.t[:cut], s.t[cut:] + 180.0])
    ev = run_engine(type(s)(t, s.acc, s.reps), "squat")
    assert [x.reps for x in sets_of(ev)] == [1, 1]


def test_gap_inside_a_set_never_invents_a_rep():
    s = make("squat", sets=(3,), seed=12, nuisance=False)
    # drop 5 s in the middle of rep 2: that rep may be lost, none is invented
    r = s.reps[1]
    keep = (s.t < r.t_start + 0.3) | (s.t > r.t_start + 5.3)
    n = len(reps_of(run_engine(type(s)(s.t[keep], s.acc[keep], s.reps), "squat")))
    assert n <= 3
    assert n >= 2 or pytest.xfail("known gap: the reset after a long gap also loses the next rep")


def test_still_and_stuck_axis_and_clipping():
    t = np.arange(0, 120, 0.02)
    acc = np.tile([0.0, 0.0, 1.0], (len(t), 1))
    assert reps_of(run_engine(type(_SYN)(t, acc, []), "auto")) == []
    s = make("squat", sets=(3,), seed=13)
    acc = s.acc.copy()
    acc[:, 0] = acc[0, 0]  # one axis stuck at a constant
    ev = run_engine(type(s)(s.t, acc, s.reps), "squat")
    assert len(reps_of(ev)) <= 3 and isinstance(ev[-1], SessionSummary)
    acc = np.clip(s.acc * 3, -2, 2)  # hard clipping
    ev = run_engine(type(s)(s.t, acc, s.reps), "squat")
    assert isinstance(ev[-1], SessionSummary)


def test_irregular_and_duplicate_timestamps():
    s = make("deadlift", sets=(3,), seed=14, jitter=0.9)
    t = s.t.copy()
    t[10::50] = t[9::50][: len(t[10::50])]  # duplicates
    ev = run_engine(type(s)(t, s.acc, s.reps), "deadlift")
    assert len(reps_of(ev)) == 3


def test_bad_arguments():
    with pytest.raises(ValueError):
        Engine("bench")
    with pytest.raises(ValueError):
        Engine("squat", placement="ankle")


def test_finish_on_empty_stream():
    ev = Engine().finish()
    assert len(ev) == 1 and ev[0].total_reps == 0


def test_bar_hint_survives_an_upward_runaway_before_a_set():
    # auto exercise, bar hint: a steady upward acceleration (drift, or a bar carried up)
    # before any set runs away past rom_max. The detector checks whether the hands took
    # a bar above them, which needs the tilt counter's standing direction: a bar hint has
    # no tilt counter, and this crashed (AttributeError) up to round 3.
    t = np.arange(0, 12, 0.01)
    mag = np.where((t > 2.0) & (t < 6.0), 1.06, 1.0)
    acc = np.stack([np.zeros_like(t), np.zeros_like(t), mag], axis=1)
    e = Engine(exercise="auto", placement="bar")
    events = e.feed(t, acc) + e.finish()
    assert not [ev for ev in events if isinstance(ev, Rep)]
