"""The tilt path's decisions: is a tilt-counter swing a rep, and is a candidate like the set?

The tilt counter (tilt.py) finds squat and deadlift swings of a sensor that turns with
the body (thigh, trunk, wrist); the displacement path (detector.py) finds the same reps
from the vertical displacement. Where both see a movement, one of them must own it and
the other stand down. These are the questions the detector asks about that, none of
them a state transition:

- does the tilt own the movement under way (``tilt_owns``), veto it (``tilt_vetoes``),
  or was it counted already (``starts_inside``)?
- is a tilt candidate a rep (``refuses``: its hold, its side, ``shallow_squat``,
  ``first_pull``)?
- is a swing or a displacement candidate's turn unlike the open set's reps
  (``swing_unlike_set``, ``swing_partial``, ``turn_unlike_set``)? The same segment makes
  the same movement rep after rep.
- is the sensor seated (``sitting``), turned away from where the set's tilt reps began?

Each function takes the detector and only reads its state (they were its methods; the
detector binds them as such, so calling one costs what the method did). Counting a
tilt rep (``Detector._tilt_rep``) and committing one (commit.py) stay in the detector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .gravity import angle_deg
from .tilt import TiltCandidate

if TYPE_CHECKING:
    from .detector import Detector


def tilt_owns(d: Detector) -> bool:
    """A big swing is under way or just ended: the tilt counts this rep, with phases
    that do not drift (a thigh or trunk turning this much spoils the displacement)."""
    tc = d.tc
    if tc is None or d.place.rigid:
        return False
    own = d.cfg.tilt_own_deg
    if d.pending is not None and d.pending.amp >= own:
        return True
    if tc.state == tc.OUT and tc.u_stand is not None and d.prev_t is not None \
            and d.prev_t - d.tilt_offset - tc.t_out < d.cfg.tilt_own_max_s:
        # (a swing that has lasted longer is a hand on the bar, not a rep)
        sign = tc.gsign
        base = sign * tc.hist[0][1] if tc.hist else 0.0
        return tc.xmax - base >= own
    return False


def tilt_vetoes(d: Detector, t0: float, t1: float) -> bool:
    """The tilt saw this movement leave its outward position and go out again (a
    failed squat sinking onto the pins before the lifter stands up; walking between
    a stand-up and sitting down): whatever the displacement made of it, no rep."""
    tc = d.tc
    if tc is None or d.place.rigid:
        return False
    if tc.state == tc.OUT and tc.dip_stage == 3:
        return True
    if tc.veto is not None:
        a, b = tc.veto[0] + d.tilt_offset, tc.veto[1] + d.tilt_offset
        if min(b, t1) - max(a, t0) > 0.5 * (t1 - t0):
            return True
    return False


def starts_inside(d: Detector, t0: float) -> bool:
    """Did this movement begin well inside a rep already counted (by the tilt)? Then
    it is the end of that rep read again by a drifting integrator, plus whatever
    followed (walking in to the rack), not a new rep: a new rep starts after the
    last one ended, give or take the tilt's phase extrapolation."""
    for a, b in d.recent:
        if a < t0 < b - d.cfg.rep_overlap_s:
            return True
    return False


def first_pull(d: Detector, c: TiltCandidate) -> bool:
    """Is this pending swing the first pull of a touch-and-go deadlift set? It left a
    rest bent over at the bar (a deadlift swing, outside a set only when it began
    within tilt_rest_before_s of a rest: the setup and brace), stood up and went back
    to the bar; going straight out again from there is the next pull, not a step, so
    the swing-back test must not drop it (it lost the set's first rep: the commit of
    touch-and-go pulls only starts once a set is open). Inside an open set, after
    the stand-up, a walking thigh swings 15-37 deg about standing and such swings do
    read as deadlift swings: there the test stays."""
    return c.sign < 0 and c.rested and not d.sets.open


def refuses(d: Detector, c: TiltCandidate, squat: bool) -> bool:
    """Is this tilt candidate no rep? The checks, in order, that drop a swing the tilt
    counter found (Detector._tilt_rep counts what passes)."""
    if c.shallow and not shallow_squat(d, c):
        return True
    if d.sets.open and (d.s is not None) and (d.s < 0) != squat:
        return True  # the set is of the other exercise
    if squat and c.t2 - c.t1 > d.cfg.brace_s:
        # A squat does not stay at the bottom (between the 80 % levels) longer than
        # the longest paused squat (brace_s, ~2 s): a failed rep stalling and sinking
        # onto the pins before the lifter stands up (the dip hidden by a gap or too
        # small), sitting on a bench, or a deadlift's setup and brace then its pull.
        return True
    if squat and c.base > d.cfg.tilt_hi_deg:
        # A squat starts standing: a swing that began beyond tilt_hi_deg from standing
        # (where a squat's bottom already counts) began seated or with the sensor
        # turned away, e.g. a wrist hanging at the side while walking after the set
        # (52-54 deg from its standing reference, taken with the hands on the bar: t6
        # sim-6-0416, two walking ghosts); true squat swings began within 12 deg.
        return True
    if not squat and c.back > d.cfg.tilt_back_deg:
        # A deadlift's lowering brings the thigh or trunk back to where the pull
        # began, bent over at the bar; a swing that ends as far from standing but on
        # another side (a thigh swung behind the body) was the lifter standing up
        # after the set and walking off (TiltCandidate.back).
        return True
    if not squat and c.t2 - c.t1 > d.cfg.tilt_dip_hold_s:
        # ...nor a deadlift at the top longer than a lockout is held (0.2-2.5 s;
        # tilt_dip_hold_s): the lifter stood up after the set, walked off and sat.
        return True
    if not squat and d.walk.hold_walked(c.t1 + d.tilt_offset, c.t2 + d.tilt_offset):
        # (round 11, helper AFTER) a lockout is held still: steps in the "hold" were the
        # lifter standing up from the bar after the set and walking off (Walking.hold_walked)
        return True
    if swing_unlike_set(d, c):
        # a swing far larger than any rep of this set turned the sensor: no rep of it
        return True
    if squat and swing_partial(d, c):
        # a squat swing far smaller than this set's tilt reps: a walk-in step
        return True
    return False


def shallow_squat(d: Detector, c: TiltCandidate) -> bool:
    """Is this shallow swing (TiltCandidate.shallow: squat-like, under tilt_hi_deg,
    before the set holds tilt_hi_set_reps reps or a measured one) a squat? A
    high-bar squat leans a trunk only 25-35 deg; hands going to the bar, the unrack
    and a re-rack lean turn it as far, but without a descent. So: the sensor went
    down as it leaned and up as it came back (the trusted sum of v * dtheta below
    -tilt_shallow_vd), or the open set's tilt reps are shallow swings already (the
    velocity is trusted only within tilt_flip_trust_s of a rest, and a set of
    touch-and-go squats does not rest between reps)."""
    if c.t3 - c.t0 < d.cfg.tilt_shallow_min_s:
        return False
    if d.walk.band_walked(c.t0 + d.tilt_offset, c.t3 + d.tilt_offset, d.cfg.tilt_shallow_band):
        # a thigh walking to the bar swings as far and as long, but each step jolts
        # |f| at the step frequency: a stricter step-band test than for any tilt swing
        return False
    if d.sets.open and d.set_tilt_n and d.set_tilt_amp < d.cfg.tilt_hi_deg:
        return True
    return c.vd < -d.cfg.tilt_shallow_vd


def swing_unlike_set(d: Detector, c: TiltCandidate) -> bool:
    """Is this tilt swing unlike the reps of the open set? A sensor turns by about
    the same angle rep after rep: the same body segment (or the bar) makes the same
    movement. In a set whose reps (two or more) were all displacement reps, a swing
    more than tilt_set_turn_ratio times the largest turn any of them made was not a
    rep of it: a wrist turning 14-15 deg in each pull swung 41 deg when the lifter let
    go of the bar, stood up and walked off (seed 3, sim-3-0409)."""
    if not d.sets.open or d.set_tilt_n or d.set_disp_n < 1:
        return False
    if d.set_disp_n == 1:
        # (round 11, helper AFTER) after a deadlift set's first rep alone: a wrist that
        # turned 10-14 deg in the one pull swung 41 when the lifter stood up and walked
        # off. Not in a squat set: its first displacement "rep" can be the unrack and
        # walkout, turning a chest strap less than the true squats after it (t15
        # sim-15-0361 lost two reps).
        if d.s is None or d.s < 0:
            return False
        return c.amp > d.cfg.tilt_set_turn_ratio_one * max(
            angle_deg(d.set_disp_cos), d.cfg.disp_set_turn_min_deg)
    return c.amp > d.cfg.tilt_set_turn_ratio * max(angle_deg(d.set_disp_cos), 1.0)


def swing_partial(d: Detector, c: TiltCandidate) -> bool:
    """Is this squat swing a fraction of the open set's tilt reps? A thigh turns
    80-100 deg in every squat of a set (its mean, set_tilt_amp, over the reps the
    tilt counted); walking in to the rack after the last rep swings it forward by
    35-37 deg, which passes the lowered in-set threshold (tilt_hi_set_deg) and the
    step band (two or three loaded steps bob too little). A swing of less than
    tilt_set_partial_frac of the set's mean is no rep of it (seed 4 sim-4-0354)."""
    if not d.sets.open or not d.set_tilt_n:
        return False
    return c.amp < d.cfg.tilt_set_partial_frac * d.set_tilt_amp


def turn_unlike_set(d: Detector) -> bool:
    """Did this candidate turn the sensor far more than any displacement rep of the
    open set (two or more, no tilt reps)? The same segment makes the same movement
    rep after rep; a wrist that turned 14-15 deg in each pull turned 30 when the
    lifter let go at the floor and stood up (seed 3, sim-3-0054, across a dropout).
    Beyond disp_set_turn_ratio times the set's largest turn (at least 5 deg: a bar
    turns 0.5-2.5 deg and its ratios are noise), not a rep of this set. Nor, the
    other way, one that turned less than disp_set_turn_low_frac of the set's least
    turn where every rep turned disp_set_turn_min_deg or more: a wrist on the bar
    turns 10-13 deg in each squat, and sitting down on the bench after the re-rack,
    hands off the bar, moved it down 0.1-0.2 m turning it by 1 deg (seed 4,
    sim-4-0101, -0364). After the set's first rep alone, only that low side, and only
    for a candidate that turned disp_set_turn_min_deg or more (a bar's first rep can
    read a turn from its setup, 14-15 deg, and its next reps turn 1-2): a partial rep
    dips the trunk a fraction of a squat's lean (a chest strap 8.8-8.9 deg after a first
    squat of 34-39 deg, t6 sim-6-0453, t4 sim-4-0253; true second reps of such sets 0.64
    of the first rep's turn or more, t2-t6)."""
    if not d.sets.open or d.set_tilt_n or d.set_disp_n < 1:
        return False
    y = angle_deg(d.place.rc_min)
    if d.set_disp_n == 1:
        xl = angle_deg(d.set_disp_cos_hi)
        return (xl >= d.cfg.disp_set_turn_min_deg and y >= d.cfg.disp_set_turn_min_deg
                and y < d.cfg.disp_set_turn_low_frac * xl)
    if y > d.cfg.disp_set_turn_ratio * max(angle_deg(d.set_disp_cos), d.cfg.disp_set_turn_min_deg):
        return True
    xl = angle_deg(d.set_disp_cos_hi)
    return xl >= d.cfg.disp_set_turn_min_deg and y < d.cfg.disp_set_turn_low_frac * xl


def sitting(d: Detector) -> bool:
    """A squat set whose reps the tilt counted (no displacement rep has given the
    posture a rep starts in, u_last0): is the sensor turned away from standing (the
    tilt counter's, whose rests the set's reps began from) by more than
    squat_start_deg? Then the lifter is seated (or sunk onto the pins, or bent
    over), and a "descent" from there is no new rep (sim-5-0474: sat down after
    the set, the drift of the thigh's turn ran the "descent" past rom_max_m, and
    the one restarted mid-sit, 63 deg from standing, ended at the stand-up)."""
    tc = d.tc
    return tc is not None and not tc.bent and tc.theta > d.cfg.squat_start_deg
