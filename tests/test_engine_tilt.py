"""The tilt counter (engine/tilt.py) and its fusion with the displacement counter.

Body-worn sensors turn with the rep and travel little; with a per-axis bias the turn
also spoils the integrated displacement. These streams are built so that only the tilt
can count them: the same stream with the tilt counter off (a "bar" hint) misses reps.
"""

from __future__ import annotations

import numpy as np
import pytest

from repcount.events import Rep
from test_engine_synth import make, run_engine


def _biased(s, bias=(0.02, -0.015, 0.01)):
    s.acc = s.acc + np.array(bias)
    return s


def _reps(events):
    return [e for e in events if isinstance(e, Rep)]


def _thigh_deadlift(seed=1, brace=2.5):
    # a mid-thigh sensor: rises ~8 cm while the thigh turns 55 deg; the lifter stands,
    # bends to the bar and braces before each set (a brace of 2.5 s tells auto mode it
    # is a deadlift; docs/algorithm.md "Limits" for short braces)
    return _biased(make("deadlift", sets=(5, 4), rom=0.08, tilt_deg=55.0, seed=seed,
                        conc=1.2, ecc=1.0, pause=0.6, top=1.5, rest=30.0, setup=True,
                        brace=brace))


def _thigh_squat(seed=2):
    return _biased(make("squat", sets=(6,), rom=0.22, tilt_deg=85.0, seed=seed, nuisance=False))


def _assert_every_rep(reps, s, exercise=None):
    """Every true rep counted (of ``exercise`` if given), each locked out within 0.5 s."""
    assert len(reps) == len(s.reps)
    if exercise is not None:
        assert all(r.exercise == exercise for r in reps)
    for r, tr in zip(reps, s.reps):
        assert abs(r.lockout_t - tr.lockout_t) < 0.5


@pytest.mark.parametrize("placement", [None, "thigh"])
def test_thigh_deadlift_counted_from_tilt(placement):
    s = _thigh_deadlift()
    reps = _reps(run_engine(s, "auto", placement))
    _assert_every_rep(reps, s, "deadlift")


@pytest.mark.parametrize("placement", [None, "chest"])
def test_recording_starting_at_the_bar_relearns_standing(placement):
    # a chest strap (travels ~0.45 m, trunk turns 55 deg) whose recording starts bent
    # over at the bar: 'standing' is first learned there, then corrected because the
    # angle grows while the sensor goes up; the set is a deadlift
    s = _biased(make("deadlift", sets=(5, 4), rom=0.45, tilt_deg=55.0, seed=1,
                     conc=1.2, ecc=1.0, pause=0.6, top=1.5, rest=30.0))
    reps = _reps(run_engine(s, "auto", placement))
    _assert_every_rep(reps, s, "deadlift")


@pytest.mark.parametrize("placement", [None, "thigh"])
def test_thigh_deadlift_with_short_brace_counted_when_exercise_given(placement):
    s = _thigh_deadlift(brace=1.5)
    reps = _reps(run_engine(s, "deadlift", placement))
    _assert_every_rep(reps, s)


def test_thigh_deadlift_needs_the_tilt():
    # the same stream without the tilt counter (a bar never turns): reps are lost
    s = _thigh_deadlift()
    assert len(_reps(run_engine(s, "auto", "bar"))) < len(s.reps)


@pytest.mark.parametrize("placement", [None, "thigh"])
def test_thigh_squat_counted_with_phases(placement):
    s = _thigh_squat()
    reps = _reps(run_engine(s, "auto", placement))
    assert len(reps) == len(s.reps)
    assert all(r.exercise == "squat" for r in reps)
    tut = [abs(r.tut_s - tr.tut_s) for r, tr in zip(reps, s.reps)]
    assert np.median(tut) < 0.35


def test_bar_sensor_reps_are_displacement_reps():
    # a bar does not turn: every rep comes from the displacement (it carries a ROM)
    s = make("squat", sets=(5,), seed=4)
    reps = _reps(run_engine(s, "auto", None))
    assert len(reps) == 5
    assert all(r.rom_m is not None for r in reps)


@pytest.mark.parametrize("block", [1, 7, 64, 10**6])
def test_tilt_counting_is_chunk_invariant(block):
    s = _thigh_deadlift(seed=3)
    ref = [e.to_dict() for e in run_engine(s, "auto", None, block=50)]
    got = [e.to_dict() for e in run_engine(s, "auto", None, block=block)]
    assert got == ref


def _turns(deg: float, n: int = 4, rate: float = 50.0, seed: int = 5):
    # a wrist (or trunk) that turns by ``deg`` and back without going anywhere, from and
    # to a standing rest: the hands going to the bar and back, a look at the rack
    rng = np.random.default_rng(seed)
    segs = [np.zeros(int(4 * rate))]
    for _ in range(n):
        x = np.linspace(0.0, 1.0, int(1.5 * rate))
        bump = np.sin(np.pi * x) ** 2  # smooth out and back in 1.5 s
        segs += [deg * bump, np.zeros(int(5 * rate))]
    deg_t = np.concatenate(segs)
    th = np.radians(deg_t)
    t = np.arange(len(th)) / rate
    # the hand also dips ~5 cm and comes back (a pure rotation never leaves "rest")
    z = -0.05 * deg_t / deg
    a_z = np.gradient(np.gradient(z, t), t) / 9.80665
    acc = np.stack([np.zeros_like(th), np.sin(th), np.cos(th)], axis=1) * (1.0 + a_z)[:, None]
    return t, acc + rng.normal(0.0, 0.005, acc.shape)


def test_small_turns_of_a_wrist_are_not_reps():
    # Turns of 38 deg (~33 deg after the 1 Hz tilt filter) with a 5 cm dip: the hands
    # going to the bar. They were tilt reps with tilt_hi_deg = 30; the third pass raised
    # it to 35. A trunk or thigh rep (60 deg here) is still counted, each one.
    from repcount.engine import Engine
    from repcount.engine.config import with_overrides

    old = with_overrides(tilt_hi_deg=30.0, tilt_rest_before_s=1.5)
    for deg, cfg, expected in ((38.0, None, 0), (38.0, old, 4), (60.0, None, 4)):
        t, acc = _turns(deg)
        e = Engine("auto", None) if cfg is None else Engine("auto", None, cfg)
        out = []
        for i in range(0, len(t), 64):
            out += e.feed(t[i:i + 64], acc[i:i + 64])
        out += e.finish()
        assert len(_reps(out)) == expected, (deg, cfg is None)
