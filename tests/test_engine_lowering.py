"""A deadlift's lowering proves its lift (engine/lowering.py): a grinding pull cut by a
false zero-velocity update is counted at the end of its lowering; a failed rep is not. The
squat mirror: a descent the rest test froze is counted at the end of the ascent that
proves it; a failed squat is not."""

import numpy as np

from repcount.engine.config import DEFAULT
from repcount.engine.detector import Detector

DT = 1.0 / DEFAULT.grid_hz


def _trace(segs):
    """(t, v, z, rest, calm, gate, src) as the kinematics would report ``segs``, a list of
    (duration s, constant velocity m/s, still): rest counts from the 5th still sample."""
    t, v, rest = [], [], []
    ti = 0.0
    for dur, vel, still in segs:
        n = 0
        for _ in range(int(round(dur / DT))):
            n += 1
            t.append(ti)
            v.append(vel)
            rest.append(n if still and n >= 5 else 0)
            ti += DT
    t, v, rest = np.array(t), np.array(v), np.array(rest, dtype=np.int64)
    z = np.cumsum(v) * DT
    calm = np.where(v == 0.0, 10, 0).astype(np.int64)
    gate = np.full(len(t), 0.05)
    return t, v, z, rest, calm, gate, t.copy()


def _set(last: str):
    """Velocity, displacement and rest counts as the kinematics would report a bar's
    deadlift set: two clean reps (0.6 m pull, hold, 0.6 m lowering, floor rest), then a
    last pull that is a grind cut by a false reset after 0.12 m (the rest of the pull
    integrated 0.2 m/s low, i.e. still), held and lowered 0.6 m (``last`` = "grind"), or
    a failed rep that stalls at 0.15 m and is lowered as much (``last`` = "failed")."""
    segs = [(1.5, 0.0, True)]
    for _ in range(2):
        segs += [(1.2, 0.5, False), (0.6, 0.0, True), (1.0, -0.6, False), (1.5, 0.0, True)]
    if last == "grind":
        # 0.6 s at 0.2 m/s, the false reset, the rest of the grind (read 0.25 m/s low: a
        # "return" of 6 cm, and the candidate is dropped as too small), the top hold,
        # then the full lowering
        segs += [(0.6, 0.2, False), (0.3, 0.0, True), (0.4, -0.15, False), (1.0, 0.0, True),
                 (1.0, -0.6, False), (3.0, 0.0, True)]
    else:
        segs += [(0.75, 0.2, False), (1.0, 0.0, True), (0.5, -0.3, False), (3.0, 0.0, True)]
    return _trace(segs)


def _run(exercise: str, data):
    d = Detector(DEFAULT, exercise, "bar")
    ev = d.run(*data)
    ev += d.finish(float(data[0][-1]))
    return [e for e in ev if type(e).__name__ == "Rep"]


def _reps(last: str):
    return _run("deadlift", _set(last))


def test_a_cut_grind_is_counted_at_the_end_of_its_lowering():
    reps = _reps("grind")
    assert len(reps) == 3
    r = reps[-1]
    assert r.rom_m is not None and abs(r.rom_m - 0.6) < 0.05
    assert r.t_start < r.lockout_t < r.t_end
    assert r.emitted_t >= r.t_end  # counted when the lowering ends


def test_a_failed_rep_is_not():
    assert len(_reps("failed")) == 2


def _squat_set(last: str):
    """The squat mirror, as the kinematics would report a bar's squat set: two clean reps
    (0.6 m descent, 0.6 m ascent, a breath standing), then a gentle descent that the rest
    test froze after 3 cm (dropped as a wobble) and held at rest through its bottom, and
    a full 0.6 m ascent (``last`` = "frozen"), or a failed rep whose lifter only gets
    0.1 m back up before it sinks onto the pins (``last`` = "failed")."""
    segs = [(1.5, 0.0, True)]
    for _ in range(2):
        segs += [(1.2, -0.5, False), (0.1, 0.0, False), (1.0, 0.6, False), (1.5, 0.0, True)]
    if last == "frozen":
        segs += [(0.4, -0.08, False), (1.0, 0.0, True), (1.0, 0.6, False), (3.0, 0.0, True)]
    else:
        segs += [(0.4, -0.08, False), (1.0, 0.0, True), (0.5, 0.2, False), (3.0, 0.0, True)]
    return _trace(segs)


def _squat_reps(last: str):
    return _run("squat", _squat_set(last))


def test_a_squat_ascent_proves_a_frozen_descent():
    reps = _squat_reps("frozen")
    assert len(reps) == 3
    r = reps[-1]
    assert r.exercise == "squat" and r.rom_m is not None and abs(r.rom_m - 0.6) < 0.05
    assert r.lockout_t == r.t_end  # a squat's lockout ends its ascent
    assert r.emitted_t >= r.t_end


def test_a_failed_squat_is_not():
    assert len(_squat_reps("failed")) == 2
