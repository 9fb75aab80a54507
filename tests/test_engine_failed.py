"""A bar squat's ascent that comes to rest short of still_return_frac of its descent is a
failed rep stalling on its way up (it then sinks onto the pins), not a rep; a sticking
point that goes on up from the same kind of rest is counted at its end (detector.py)."""

import numpy as np

from repcount.engine.config import DEFAULT
from repcount.engine.detector import Detector

DT = 1.0 / DEFAULT.grid_hz


def _set(last: str):
    """Velocity, displacement and rest counts as the kinematics would report a bar's
    squat set (up = +z): two clean reps (0.5 m descent, bottom, 0.5 m ascent, standing
    rest), then a last descent of 0.5 m whose ascent covers 0.2 m (40 %) and comes to
    rest with 0.2 m/s of drift still integrated (removed by the update). ``last`` =
    "failed": the bar then sinks 0.25 m onto the pins and lies there; "sticking": the
    ascent goes on 0.3 m more to standing; "drift": the failed rep, with the drift ramp
    of test_a_stall_the_integrator_drifted_through_is_not_a_rep."""
    segs = [(1.5, 0.0, True)]
    for _ in range(2):
        segs += [(1.0, -0.5, False), (0.1, 0.0, False), (1.0, 0.5, False), (1.5, 0.0, True)]
    i_last = int(sum(round(d / DT) for d, _, _ in segs))  # where the last descent begins
    segs += [(1.0, -0.5, False), (0.1, 0.0, False), (1.0, 0.2, False)]
    if last in ("failed", "drift"):
        segs += [(0.8, 0.0, True), (0.8, -0.25, False), (3.0, 0.0, True)]
    else:
        segs += [(0.3, 0.0, True), (1.0, 0.3, False), (3.0, 0.0, True)]
    t, v, rest = [], [], []
    ti = 0.0
    for dur, disp, still in segs:
        n = int(round(dur / DT))
        for k in range(n):
            t.append(ti)
            # a half-sine speed profile covering disp; the failed ascent's last
            # quarter keeps 0.2 m/s of drift up to the rest
            if still or disp == 0.0:
                v.append(0.0)
            else:
                x = (k + 0.5) / n
                vel = disp / dur * 0.5 * np.pi * np.sin(np.pi * x)
                if last == "failed" and disp == 0.2 and x > 0.5:
                    vel = max(vel, 0.2)
                v.append(vel)
            rest.append(k + 1 if still and k >= 4 else 0)
            ti += DT
    t, v, rest = np.array(t), np.array(v), np.array(rest, dtype=np.int64)
    if last == "drift":
        # the failed ascent, with the integrator drifting linearly up to 0.15 m/s from
        # the descent's start to the stall's rest: 0.2 m up integrates to ~0.36 m
        i_rest = i_last + int(round(2.1 / DT))
        v[i_last:i_rest] += 0.15 * np.arange(i_rest - i_last) / (i_rest - i_last)
    z = np.cumsum(v) * DT
    calm = np.where(v == 0.0, 10, 0).astype(np.int64)
    gate = np.full(len(t), 0.05)
    up = np.tile([0.0, 0.0, 1.0], (len(t), 1))  # a bar: the gravity direction never turns
    return t, v, z, rest, calm, gate, t.copy(), None, up


def _reps(last: str):
    d = Detector(DEFAULT, "squat", "bar")
    args = _set(last)
    ev = d.run(*args)
    ev += d.finish(float(args[0][-1]))
    return [e for e in ev if type(e).__name__ == "Rep"]


def test_a_bar_squat_stalling_part_way_up_is_not_a_rep():
    assert len(_reps("failed")) == 2


def test_a_sticking_point_that_goes_on_up_is_counted_at_its_end():
    reps = _reps("sticking")
    assert len(reps) == 3
    r = reps[-1]
    assert r.rom_m is not None and abs(r.rom_m - 0.5) < 0.05


def test_a_stall_the_integrator_drifted_through_is_not_a_rep():
    assert len(_reps("drift")) == 2
