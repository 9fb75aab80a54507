"""Round 12, helper RHYTHM: a hole of one rep in the open set's rhythm is looked at again
(engine/rhythm.py)."""

from __future__ import annotations

import math

import pytest

from repcount.engine.config import DEFAULT, with_overrides
from repcount.engine.relook import Relook
from repcount.engine.rhythm import Rhythm
from repcount.engine.sets import SetTracker
from repcount.events import Rep, SetSummary

DT = 1.0 / DEFAULT.grid_hz


def _rep(n: int, t0: float, t1: float, rom: float) -> Rep:
    return Rep(set=1, rep=n, exercise="squat", t_start=t0, t_end=t1, eccentric_s=1.2, pause_s=0.2,
               concentric_s=1.0, tut_s=2.4, mcv_mps=0.4, rom_m=rom, emitted_t=t1, lockout_t=t1)


def _squat_velocity(t: float, t0: float, depth: float) -> float:
    """A squat from t0: 1.2 s down, 0.2 s still, 1.0 s up (v up positive)."""
    if t0 <= t < t0 + 1.2:
        return -depth * math.pi / 2.4 * math.sin(math.pi * (t - t0) / 1.2)
    if t0 + 1.4 <= t < t0 + 2.4:
        return depth * math.pi / 2.0 * math.sin(math.pi * (t - t0 - 1.4) / 1.0)
    return 0.0


def _hole(depth: float, cfg=DEFAULT):
    """Reps with lockouts at 2.4, 6.4 and 14.4 s (period 4 s): the rep at 10.4 s was
    missed. Its velocity (a squat of ``depth`` m from 8.0 s) is in the buffer."""
    sets = SetTracker(cfg.set_gap_s)
    for n, (t0, t1) in enumerate([(0.0, 2.4), (4.0, 6.4), (12.0, 14.4)]):
        sets.add(_rep(n + 1, t0, t1, 0.5))
    rh = Rhythm(cfg, DT)
    t = 0.0
    while t < 14.5:
        rh.buf.append((t, _squat_velocity(t, 8.0, depth)))
        t += DT
    look = rh.look(sets, -1)
    if look is None:
        return sets, None
    found = Relook(cfg, DT).find(look[0], look[1], -1)
    return sets, rh.judge(found, -1, sets, cfg.rom_min_m[None], [], True, 14.5)


def test_a_full_rep_in_a_hole_of_the_rhythm_is_counted_late() -> None:
    sets, rep = _hole(0.5)
    assert rep is not None
    assert rep.t_start == pytest.approx(8.0, abs=0.3) and rep.lockout_t == pytest.approx(10.4, abs=0.3)
    assert rep.emitted_t == 14.5  # with the rep that closed the hole
    assert [r.t_start for r in sets.reps][-2:] == [rep.t_start, 12.0]  # in time order, before it


def test_a_partial_rep_in_the_hole_stays_refused() -> None:
    _, rep = _hole(0.2)  # 0.2 m in a set of 0.5 m reps: a partial
    assert rep is None


def test_a_stretch_ramp_is_taken_off_up_to_its_rest() -> None:
    rh = Rhythm(DEFAULT, DT)
    ts = [j * 0.1 for j in range(8)]
    # rest, a stretch whose error grew to 0.3 m/s by its rest, rest
    vs = [0.0, 0.1, 0.2, 0.3, 0.0, 0.0, 0.05, 0.0]
    out = rh.ramped(ts, vs)
    assert out[1:4] == pytest.approx([0.0, 0.0, 0.0])
    assert out[6] == 0.05  # (under rhythm_ramp_min_err: left as it was)
    assert rh.ramped(ts, [0.0] * 8) is None


def test_no_hole_when_off() -> None:
    _, rep = _hole(0.5, with_overrides(rhythm_on=False))
    assert rep is None


sim = pytest.importorskip("repcount.sim")
from engine_support import corpus_session  # noqa: E402


@pytest.mark.parametrize("seed, index, why", [
    # a grind dropped as a failed rep (grind.py) between two reps 9.4 s apart in a set
    # of 4.5-5 s: its velocity, looked at again, holds a rep of the set's ROM
    (18, 269, "bar squat 12.5 Hz, rep 4 of 10 dropped by the grind wait"),
    # a descent that rested at its bottom and went on (dropped in PAUSE) across a
    # 0.3 s dropout: found once each stretch's drift ramp is taken off (Rhythm.ramped)
    (18, 277, "wrist squat 12.5 Hz, rep 4 of 5 dropped after a rest at its bottom"),
    # a pull cut by a false reset and dropped as a grind (STALL) in a set that sped up:
    # the reps around it 1.48 periods apart
    (19, 331, "wrist deadlift 100 Hz, rep 3 of 5 dropped by the grind wait"),
])
def test_round12_rhythm_counts_the_set_exactly(seed: int, index: int, why: str) -> None:
    events, truth = corpus_session(seed, index)
    got = [s.reps for s in events if isinstance(s, SetSummary)]
    assert got[0] == len(truth.sets[0].reps), why
