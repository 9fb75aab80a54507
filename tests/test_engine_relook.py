"""The second look at a rep cut by a false zero-velocity update (engine/relook.py)."""

import numpy as np

from repcount.engine.config import DEFAULT
from repcount.engine.relook import Relook

DT = 1.0 / DEFAULT.grid_hz


def _squat(false_sign: float = 1.0):
    """A squat (down 0.6 m at 0.3 m/s, up at 0.6 m/s) as the kinematics would report it
    when a reset in mid-descent zeroed its 0.3 m/s: from there on the integrated velocity
    is 0.3 m/s too high, until the rest after the lockout. ``false_sign`` -1 makes the
    velocity the next rest finds have the same sign as the one removed (no false reset)."""
    t = np.arange(0.0, 6.0, DT)
    v_true = np.where((t >= 1.0) & (t < 3.0), -0.3, 0.0) + np.where((t >= 3.3) & (t < 4.3), 0.6, 0.0)
    rest = np.zeros(len(t), dtype=int)
    v = v_true.copy()
    n = 0
    for i, ti in enumerate(t):
        if ti < 1.0:
            n += 1
            rest[i] = n  # standing
        elif 2.0 <= ti < 2.12:
            rest[i] = 18 + int(round((ti - 2.0) / DT))  # the false reset: v held at 0
            v[i] = 0.0
        elif ti >= 2.12:
            v[i] = v_true[i] + 0.3 * false_sign
    still = np.flatnonzero(t >= 4.5)
    v[still] = 0.0
    rest[still] = 5 + np.arange(len(still))
    return t, v, rest


def test_false_reset_is_undone_and_the_rep_found():
    r = Relook(DEFAULT, DT)
    looks = [x for x in (r.push(float(a), float(b), int(c)) for a, b, c in zip(*_squat())) if x is not None]
    assert looks, "the rest after the rep finds the removed velocity back"
    t_h, ts, vs = looks[0]
    assert abs(t_h - 2.0) < DT
    found = r.find(ts, vs, -1)
    assert len(found) == 1
    f = found[0]
    assert f.t_out0 < t_h < f.t_end
    assert abs(f.rom - 0.6) < 0.05 and abs(f.ret - 0.6) < 0.05


def test_a_true_rest_is_left_alone():
    r = Relook(DEFAULT, DT)
    assert all(r.push(float(a), float(b), int(c)) is None for a, b, c in zip(*_squat(-1.0)))
