"""Re-deciding an auto set's exercise from the turn of its reps (round 10, helper CLS).

The first movement from rest decides an auto set's exercise (firstrep.py). A squat
set's unrack and walkout, or drift at a chest squat's paused bottom, can read as a
first pull; the set is then counted phase-shifted as deadlifts (each squat ascent a
"pull", the next descent its "lowering"), and its reps are scored against the wrong
lift. The turn of the sensor over the set's reps says which lift it is, whatever the
first movement said: a trunk leans 10-40 deg in a squat but swings 41-66 deg between
the bar and standing in a deadlift (so does a thigh, and a thigh squats 75-100 deg); a
wrist turns 3-15 deg in a deadlift, a bar < 3. A set read as deadlifts in which
``cls_sq_reps`` displacement reps in a row turned the sensor between
``cls_sq_turn_lo_deg`` and ``cls_sq_turn_hi_deg``, with no tilt rep counted in it (a
trunk's or a thigh's deadlift swing is the tilt counter's), was a chest strap squatting.

The function reads the detector's state and keeps its run count (bound as its method,
like firstrep's); acting on it (the sign turned to squat for the rest of the set, the
stretch so far vetoed for the second look, the tilt's in-set threshold from the lean
measured) is in ``Detector._end_rep``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .gravity import angle_deg

if TYPE_CHECKING:
    from .detector import Detector


def squat_by_turn(d: Detector, rep) -> bool:
    """Auto mode, an open set read as deadlifts, a displacement rep just counted:
    have cls_sq_reps of them in a row (this one the last) turned the sensor like a
    trunk in a squat (cls_sq_turn_lo_deg..cls_sq_turn_hi_deg, Placement.rc_min), none
    of the set's reps counted by the tilt? In a row, not from the set's first rep: a
    misread set's first "pull" is often the unrack, which does not turn a trunk.
    Keeps the count (Detector.cls_run)."""
    cfg = d.cfg
    if not (d.fixed_sign is None and d.sets.open and d.s is not None and d.s > 0
            and rep.exercise == "deadlift"):
        d.cls_run = 0
        return False
    turn = angle_deg(d.place.rc_min)
    if cfg.cls_sq_turn_lo_deg <= turn <= cfg.cls_sq_turn_hi_deg:
        d.cls_turn_min = turn if d.cls_run == 0 else min(d.cls_turn_min, turn)
        d.cls_run += 1
    else:
        d.cls_run = 0
    return d.cls_run >= cfg.cls_sq_reps and d.set_tilt_n == 0 and not d.place.rigid
