"""Wrist or body? Placement discrimination for a sensor whose placement is unknown.

A wrist on the bar sees every displacement rep the bar makes, but the tilt counter and
the rotation allowances were made for thighs and trunks; on a wrist they count or veto
the wrong things (arm swings, turns, the hands going to and from the bar). This module
holds the evidence that tells the two apart, from the gravity direction (and |f|) only:

- the rigid-with-the-bar latch (``evidence``, ``rigid``, ``turned``): how far the
  gravity direction turned during each counted displacement rep;
- hands to the bar (``regripped``, ``ran_away``, ``on_bar``): an upward move that turned
  the sensor and did not turn it back;
- a tilt swing that was a horizontal acceleration (``accelerated``), from the running
  integral of |f| above its level at rest;
- a bar left on the floor (``still_bar``, ``bar_like``): the sensor did not move between
  lifts, from the vertical travel integrated between counted reps.

The detector (detector.py) owns the rep state machine and calls these at its phase
edges; this class owns only the orientation and |f| state they need. docs/algorithm.md
("Wrist or body?") gives the physics and the measured angles behind the thresholds.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from .config import EngineConfig
from .tilt import TiltCandidate


class Placement:
    """Evidence of where an unknown sensor sits: with the bar (bar, wrist) or the body."""

    def __init__(self, cfg: EngineConfig) -> None:
        self.cfg = cfg
        self.cos_rot = float(np.cos(np.deg2rad(cfg.rotated_deg)))
        self.cos_rigid = float(np.cos(np.deg2rad(cfg.rigid_rot_deg)))
        self.cos_body = float(np.cos(np.deg2rad(cfg.body_rot_deg)))
        self.cos_back = float(np.cos(np.deg2rad(0.5 * cfg.rotated_deg)))
        # net reps of evidence (+ rigid, - body-worn), and the latch it sets
        self.rigid_ev = 0
        self.rigid = False
        self.ru0: list[float] | None = None  # gravity direction when the outward phase began
        self.rc_min = 1.0  # ... and the smallest cosine to it since
        self.ru_ret: list[float] | None = None  # gravity direction when the return began
        # auto, before a set: gravity direction before the hands went up to a bar (a
        # rotated upward phase that ran away as drift), None otherwise
        self.up_bar: list[float] | None = None
        # |f| low-passed like the gravity direction: level at rest, running integral of
        # the excess and its recent history (t, integral) for accelerated()
        self.gm_level: float | None = None
        self.gm_alpha = 1.0 / (cfg.grid_hz * cfg.baseline_tau_s + 1.0)
        self.gm_cum = 0.0
        self.gm_hist: deque = deque(maxlen=int(cfg.max_rep_s * cfg.grid_hz) + 2)
        # A bar left on the floor (moving, rep_ended): vertical travel so far, sum of
        # |v| dt (m; the detector adds to it every sample), and its value when the last
        # counted rep ended (t_end; None until the first rest, from which the velocity
        # means something), when the candidate's outward phase and return began
        self.trav = 0.0
        self.trav_end = 0.0
        self.t_end: float | None = None
        self.trav_out0 = 0.0
        self.trav_ret0 = 0.0
        self.cut = False  # the stream was cut since the last counted rep
        self.after_dl = False  # the last counted rep was a deadlift's
        self.start_still = False  # still from the first rest to the first movement
        self.still_bar = False  # the evidence: it sat out a rest without moving

    # -- orientation during a candidate ------------------------------------------------
    def out_began(self, u: list[float]) -> None:
        """The outward phase began with gravity direction u."""
        self.ru0 = u
        self.rc_min = 1.0

    def track(self, a: list[float]) -> None:
        """A sample of a candidate under way: the least cosine to the start direction."""
        b = self.ru0
        c = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
        if c < self.rc_min:
            self.rc_min = c

    def reread(self, u: list[float]) -> list[float]:
        """The return is re-read as an outward phase (detector._reread_as_descent):
        it began where the return did. Returns that direction."""
        b = self.ru0 = self.ru_ret
        self.rc_min = u[0] * b[0] + u[1] * b[1] + u[2] * b[2]
        return b

    # -- rigid with the bar ------------------------------------------------------------
    def evidence(self, rom: float) -> bool:
        """A displacement rep of travel ``rom`` was counted: does the sensor ride with the
        bar (bar, wrist) or with the body (chest, thigh)? A bar turns < 3 deg in a rep and
        a wrist gripping it ~5-17 deg (the forearm rolls about its own long axis, which
        points at the bar, so the gravity direction barely moves); a trunk leans 20-65 deg
        and a thigh 45-100 deg, every rep. Reps of full bar travel with little rotation
        add evidence, rotated ones take it away; once the sensor is known to be rigid with
        the bar, the tilt counter (whose reps on a wrist are arm swings, turns and hands
        going to the bar) no longer counts or vetoes, and rotated moves get no body-worn
        allowances. Returns True when the latch was just released (the caller restarts
        the tilt counter, which was not stepped while rigid)."""
        if self.ru0 is None:
            return False
        c = self.rc_min
        cfg = self.cfg
        if c > self.cos_rigid and rom >= cfg.rigid_rom_m:
            self.rigid_ev = min(self.rigid_ev + 1, cfg.rigid_reps)
        elif c < self.cos_body:
            self.rigid_ev = max(self.rigid_ev - 1, -cfg.rigid_reps)
        rigid = self.rigid_ev >= cfg.rigid_reps
        released = self.rigid and not rigid
        self.rigid = rigid
        return released

    def turned(self) -> bool:
        """A sensor known to ride with the bar turned like a body segment during this
        candidate: the hands let go of the bar or took it (rerack, standing up after a
        failed rep, hands to the bar), not a rep. Beyond body_rot_deg, the turn that
        is evidence of a body-worn sensor (a wrist on the bar turns 5-17 deg in a rep):
        on seeds 2 and 7 no counted rep of a sensor latched rigid turned more than 14
        deg, and the wrist standing up after a deadlift set turned 24-32 (with
        rotated_deg = 25 the one at 24.6 was counted)."""
        return self.rigid and self.ru0 is not None and self.rc_min < self.cos_body

    # -- hands to the bar --------------------------------------------------------------
    def regripped(self, u: list[float] | None) -> bool:
        """The outward phase turned the sensor a lot and the return did not turn it back.
        A thigh or trunk goes back to where it was at the end of every rep, and a bar
        or a wrist on it barely turns: this was the hands taking a bar above them (the
        forearm goes from hanging to holding a squat bar at the shoulders, 50-80 deg)
        and then moving with it, not a rep."""
        a, b = self.ru0, self.ru_ret
        if u is None or a is None or b is None:
            return False
        c_out = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
        if c_out > self.cos_rot:
            return False
        ang_out = math.acos(max(-1.0, c_out))
        c_now = a[0] * u[0] + a[1] * u[1] + a[2] * u[2]
        return c_now < math.cos(self.cfg.regrip_back_frac * ang_out)

    def ran_away(self, a: list[float], u_stand: np.ndarray | None) -> None:
        """Auto, before a set: an upward phase ran away as drift with gravity direction a.
        If the sensor went up and turned away from standing (a thigh or trunk pulling a
        deadlift turns towards it; the rest level of the new orientation is off, hence
        the runaway), the hands took a bar above them: remember where they were."""
        b = self.ru0
        if b is None:
            return
        if (a[0] * b[0] + a[1] * b[1] + a[2] * b[2] < self.cos_rot and u_stand is not None
                and float(u_stand @ a) < float(u_stand @ b)):
            self.up_bar = b

    def on_bar(self, a: list[float], set_open: bool) -> bool:
        """Are the hands still on a bar above them (see ran_away)? Forgotten when they
        come back down (the sensor turns back) or a set opens."""
        b = self.up_bar
        if a[0] * b[0] + a[1] * b[1] + a[2] * b[2] > self.cos_back or set_open:
            self.up_bar = None
            return False
        return True

    # -- tilt or acceleration? ---------------------------------------------------------
    def force(self, t: float, g: float, resting: bool) -> None:
        """|low-passed f| against its level at rest (learned at rest, as the kinematics'
        is): its running integral tells a tilt from a horizontal acceleration."""
        if resting:
            if self.gm_level is None:
                self.gm_level = g
            else:
                self.gm_level += self.gm_alpha * (g - self.gm_level)
        if self.gm_level is not None:
            self.gm_cum += g - self.gm_level
        self.gm_hist.append((t, self.gm_cum))

    def accelerated(self, c: TiltCandidate) -> bool:
        """Was this tilt swing a horizontal acceleration rather than a rotation? The
        tilt counter reads the direction of the low-passed specific force as the
        direction of gravity. A rep starts and ends at rest, so the vertical
        acceleration averages to ~0 over it and |f| stays ~1 g on average (measured
        over the tilt reps of thigh and chest sensors: mean excess -0.035..+0.026 g);
        a turn on the spot or an arm swing adds a centripetal or horizontal
        acceleration that only ever raises |f| (a 35 deg apparent tilt is +0.22 g).
        The excess must also be a good share (tilt_accel_frac) of what an acceleration
        would need to make this swing (TiltCandidate.accel_g): a large turn of a thigh
        with a miscalibrated sensor (a 7 % scale error on one axis moves |f| at rest by
        0.05-0.07 g between standing and a squat's bottom) is no acceleration of
        several g."""
        h = self.gm_hist
        if not h:
            return False
        c0 = c1 = None
        n0 = n1 = 0
        for k in range(len(h) - 1, -1, -1):
            tk, ck = h[k]
            if c1 is None and tk <= c.t3:
                c1, n1 = ck, k
            if tk <= c.t0:
                c0, n0 = ck, k
                break
        if c0 is None or c1 is None or n1 <= n0:
            return False
        ex = (c1 - c0) / (n1 - n0)
        return ex > self.cfg.tilt_accel_g and ex > self.cfg.tilt_accel_frac * c.accel_g

    # -- a bar left on the floor -------------------------------------------------------
    def first_rest(self, t: float) -> None:
        """The first rest: the integrated velocity means something from here on."""
        self.t_end = t
        self.trav_end = self.trav

    def moving(self, t0: float, before_sets: bool) -> None:
        """An outward phase begins at t0 (its travel so far in trav_out0): judge the
        stretch since the last counted rep (or the first rest). A barbell only moves
        when it is lifted; a wrist, a chest or a thigh stands up after every set and
        bends down to the bar before the next (config.bar_rest_s)."""
        if self.t_end is None:
            return
        still = not self.cut and self.trav_out0 - self.trav_end < self.cfg.bar_still_m
        if before_sets:
            # (the recording's first rep decides, rep_ended: the bar or the rack?)
            self.start_still = still and t0 - self.t_end >= self.cfg.bar_rest_s
        elif not still:
            self.still_bar = False
        elif self.after_dl and t0 - self.t_end >= self.cfg.set_gap_s:
            self.still_bar = True  # left on the floor after a deadlift set, and still there

    def rep_ended(self, t_end: float, squat: bool, rom: float | None, first: bool) -> None:
        """A counted rep (of travel ``rom``, None for a tilt rep; ``first``: the
        recording's first) ended at t_end: the stretch from here is judged by moving()."""
        if first and self.start_still and not squat and rom is not None and rom >= self.cfg.rom_min_m["bar"]:
            # the sensor lay still from the first rest until this pull lifted it by a
            # bar's ROM: a bar on the floor. A squat bar in the rack is unracked and
            # walked out first (a few cm), then goes down: no pull of this size.
            self.still_bar = True
        if squat:
            self.still_bar = False  # a squat bar rests in the rack, not on the floor
        self.trav_end = self.trav
        self.t_end = t_end
        self.cut = False
        self.after_dl = not squat

    def stream_cut(self) -> None:
        """An unbridged gap: nothing is known of what the sensor did meanwhile."""
        self.cut = True
        self.still_bar = False

    def bar_like(self) -> bool:
        """Is this sensor a bar (placement unknown)? It sat out a rest without moving
        (still_bar) and rides with the bar: the rigid latch, or, before the latch (the
        set's first reps), this pull turned it less than a bar or a wrist turns in a rep
        (a trunk turns 45-65 deg in a pull, a thigh 45-100) and nothing said otherwise."""
        return self.still_bar and (self.rigid or (self.rigid_ev >= 0 and self.ru0 is not None
                                                  and self.rc_min > self.cos_rigid))
