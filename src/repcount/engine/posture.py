"""Where the lifter rests: an auto set's exercise from its posture (round 12, helper EXCLS).

The first movement from rest decides an auto set (firstrep.py). With a wrist sensor a
squat bar's unrack or walkout can read as a first pull and the whole set is then
counted phase-shifted as deadlifts (each ascent a "pull", the next descent its
"lowering"); its reps turn the forearm 4-13 deg, inside a wrist deadlift's 4-15, so the
turn cannot tell them (setcls.py's (c), round 10). What tells them is where the hands
REST. In a deadlift they hang from the shoulders, at the bar or not, as when standing
with the arms down; on a squat bar they grip it at the shoulders, the forearm pitched
50-80 deg (real lifters: more) from hanging. So a wrist's rests inside a squat set lie
far from its rest before the session's first movement (standing, arms down), a
deadlift's do not (t18: rest before a set's first rep against that reference, wrist
deadlifts 0-15 deg, wrist squats 53-80). A bar rests as it lay (rack or floor,
0-1 deg), and a trunk or a thigh does lean far at a deadlift's floor: hence the rule
asks for a set whose displacement reps turned the sensor as little as a bar or a wrist
(not a trunk or a thigh, 41-67 deg) with no tilt rep counted.

``Posture`` keeps the references and the open set's rests; ``squat_by_posture`` is the
test (bound as the detector's method, like setcls.squat_by_turn); acting on it (the
sign turned to squat for the rest of the set, the stretch so far vetoed for the second
look, the "lowering" just counted re-read as the descent of the squat under way) is in
``Detector._end_rep``, shared with squat_by_turn. ``walkout_pull`` is the same test
before a set: a first "pull" of a sensor latched rigid with the bar whose last rest
held it far from every reference was the unrack or the walkout (the hands on a squat
bar); ``Detector._end_rep`` re-reads its lowering as the set's first descent, as for
firstrep.sank_past.

The references are the session's first rest and every rest outside a set long enough
to be one between sets or a deadlift's brace (posture_ref_s), not only the first: a
lifter who starts a watch's recording holds the forearm up to read it. A set's rests
must be far from all of them, so a lifter whose hands rested on the bar outside a set
for that long only keeps the rule from firing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .config import EngineConfig
    from .detector import Detector


class Posture:
    """The postures the sensor rested in outside sets, and the open set's rests."""

    def __init__(self, cfg: EngineConfig) -> None:
        self.rest_n = max(1, int(round(cfg.posture_rest_s * cfg.grid_hz)))
        self.ref_n = max(self.rest_n, int(round(cfg.posture_ref_s * cfg.grid_hz)))
        self.cos_far = float(np.cos(np.deg2rad(cfg.posture_far_deg)))
        self.ref_max = cfg.posture_refs_max
        # gravity directions of the session's first rest and of every rest outside a set
        # that lasted posture_ref_s (most recent last)
        self.refs: list[list[float]] = []
        self.n = 0     # rests in the open set
        self.far = 0   # ...of them far from every reference
        # the last rest outside a set (at posture_rest_s) held the sensor far from every
        # reference (then: on a squat bar, before the unrack or after the walkout)
        self.out_far = False

    def step(self, rest_i: int, u: list[float], in_set: bool, before_reps: bool) -> None:
        """A grid sample that has been at rest for rest_i samples, gravity direction u.
        A rest in the open set is judged once it has lasted posture_rest_s; one outside
        a set becomes a reference once it has lasted posture_ref_s (the first rest of
        the session already at posture_rest_s)."""
        if in_set:
            if rest_i == self.rest_n and self.refs:
                self.n += 1
                if self.far_from_refs(u):
                    self.far += 1
        else:
            if rest_i == self.rest_n and not before_reps:
                self.out_far = bool(self.refs) and self.far_from_refs(u)
            if not (rest_i == self.ref_n or (rest_i == self.rest_n and before_reps and not self.refs)):
                return
            self.refs.append(u)
            if len(self.refs) > self.ref_max:
                del self.refs[0]

    def far_from_refs(self, u: list[float]) -> bool:
        c = self.cos_far
        for r in self.refs:
            if u[0] * r[0] + u[1] * r[1] + u[2] * r[2] >= c:
                return False
        return True

    def new_set(self) -> None:
        self.n = self.far = 0


def squat_by_posture(d: Detector, rep) -> bool:
    """Auto mode, an open set read as deadlifts, a displacement rep just counted: have
    the set's rests so far (at least posture_rests) all held the sensor far from every
    posture it rested in outside sets (Posture.refs), while its displacement reps turned it no more than a
    bar or a wrist on one does (cls_sq_turn_lo_deg) and the tilt counted none of them?
    Then the hands rest on a squat bar: a wrist squat set read phase-shifted."""
    cfg = d.cfg
    p = d.posture
    return (d.fixed_sign is None and d.sets.open and d.s is not None and d.s > 0
            and rep.exercise == "deadlift" and d.set_tilt_n == 0 and d.set_disp_n > 0
            and p.n >= cfg.posture_rests and p.far == p.n
            and d.set_disp_cos > d._cos_cls_lo)


def walkout_pull(d: Detector) -> bool:
    """Auto mode, before a set, a first "pull" whose lowering just ended: did it start
    from a rest far from every posture the sensor rested in before (Posture.out_far),
    on a sensor known to ride with the bar (Placement.rigid: a bar or a wrist; a trunk
    or a thigh bent at a deadlift's setup rests far too)? A bar rests where it lay, a
    deadlift's hands hang as they do between sets: hands resting on a squat bar, so the
    "pull" was the unrack or the walkout's drift and its lowering the first descent."""
    return (d.fixed_sign is None and not d.sets.open and d.s is not None and d.s > 0
            and d.place.rigid and d.posture.out_far)
