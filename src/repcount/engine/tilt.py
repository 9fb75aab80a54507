"""Reps from the tilt of a body-worn sensor: drift-free where displacement is not.

A thigh turns from vertical to near horizontal in a squat and by ~45-65 deg in a
deadlift; a chest strap's trunk leans 20-65 deg. The angle ``theta`` between the
(low-passed) gravity direction and the direction while standing needs no integration,
so it cannot drift, and it swings once per rep. A bar barely turns (< 5 deg), so this
counter stays silent on a bar sensor.

Squat: a rep is ``theta`` going above ``hi_deg`` from standing and back below
``lo_deg`` (lockout). Deadlift: a rep is ``theta`` going below ``lo_deg`` from the bent
position at the bar (the pull) and back above ``hi_deg`` (bar back on the floor).
The standing direction is the first long rest of the session, refreshed by long rests
close to it (never by a rest seated or bent over).
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from .config import EngineConfig


class TiltCandidate:
    """One rep seen by the tilt: phase boundaries (s) in the rep's own order."""

    __slots__ = ("sign", "t0", "t1", "t2", "t3", "amp", "base", "rested", "dl", "back", "accel_g", "shallow", "vd")

    def __init__(self, sign: int, t0: float, t1: float, t2: float, t3: float, amp: float,
                 base: float) -> None:
        # plain floats: these end up in Rep events kept for the session summary
        self.sign, self.t0, self.t1, self.t2, self.t3 = sign, float(t0), float(t1), float(t2), float(t3)
        self.amp, self.base = float(amp), float(base)  # swing and start of sign*theta (deg)
        self.rested = True  # the swing began shortly after a rest
        # a deadlift read from a 'standing' that is bent over at the bar (TiltCounter.bent):
        # squat-like geometry (out from the reference and back), deadlift phases
        self.dl = False
        # angle (deg) between the gravity direction where the swing began and where it
        # ended (when the candidate was found)
        self.back = 0.0
        # mean excess of |f| over 1 g (g) over [t0, t3] that a horizontal acceleration
        # would need to tilt the apparent gravity direction by this swing (_accel_g)
        self.accel_g = 0.0
        # a squat-like swing before any set that stayed under tilt_hi_deg (TiltCounter
        # open_set), and the trusted sum of v * dtheta over it (m/s * deg; negative:
        # the sensor went down as it turned away from standing and up as it came back)
        self.shallow = False
        self.vd = 0.0


class TiltCounter:
    HOME, OUT = 0, 1

    def __init__(self, cfg: EngineConfig, grid_hz: float) -> None:
        self.cfg = cfg
        self.dt = 1.0 / grid_hz
        self.u_stand: np.ndarray | None = None
        self.rest_n = 0
        self.rest_u = [0.0, 0.0, 0.0]
        self.rest_u0 = [0.0, 0.0, 1.0]  # gravity direction where the rest bout began
        self.cos_lo = math.cos(math.radians(cfg.tilt_lo_deg))
        self.sign: int | None = None      # +1 squat-like, -1 deadlift-like, None undecided
        self.state = self.HOME
        self.hist: deque = deque(maxlen=int(cfg.max_rep_s * grid_hz) + 2)
        self.u_base: list[float] | None = None  # gravity direction at hist[0]
        self.t_out = 0.0
        self.out_rest = 0
        self.still_th, self.still_t = 0.0, 0.0  # theta while OUT, and since when it has stayed there
        self.setup_th, self.setup_t = 0.0, None  # theta at rest at home, and since when (_shallow_setup)
        self.held_th, self.held_t0 = 0.0, 0.0  # theta at home, and since when it stayed there (_held)
        self.held_t = -1e9  # last sample of such a hold
        self.xmax = 0.0
        self.pol = 0.0  # evidence (m/s * deg) that 'standing' is really bent over
        self.pol_decay = math.exp(-self.dt / cfg.tilt_flip_tau_s)
        self.theta = 0.0
        # A swing that left its outward position and went out again (see _candidate):
        # dip_stage 3 while it is under way, ``veto`` = (start, end) once it is
        # rejected. The detector then does not count a displacement rep there either.
        self.dip_stage = 0
        self.veto: tuple[float, float] | None = None
        self.out_set = False  # the swing under way went out past tilt_hi_set_deg (in a set)
        self.out_low = False  # ...or past it before a set, not yet past tilt_hi_deg
        self.flipped = False  # 'standing' was just replaced (read by the detector)
        self.vpk = 0.0  # peak vertical speed (m/s) while OUT
        # 'standing' is known (polarity evidence) to be bent over at the bar, but no rest
        # far from it has come yet to replace it (a touch-and-go set never rests at the
        # top): until then a rep is a swing out from it and back, squat-like in geometry,
        # a deadlift in meaning (pull out, lowering back). Allowed (may_bend, set by the
        # detector) only in auto mode once a set is open.
        self.bent = False
        self.may_bend = False
        self.gsign = 1  # geometry sign of the swing under way (+1 squat-like)
        # Integration-free polarity (_lever): running sums over the session of a*theta''
        # and theta''^2 (vertical acceleration a, m/s^2; theta'' in rad/s^2), and of the
        # trusted v*dtheta (as in pol, without its decay), with their recent history.
        self.auto = False  # auto exercise (set by the detector)
        self.in_set = False  # a set is open (set by the detector)
        # deadlift swings read from 'standing' (out to it and back) in the open set (reset
        # when no set is open and by a flip): evidence that it is standing (_may_flip).
        # Only in a set: a recording cut at the bar (k7 sim-7-0244) read its stand-up and
        # walk-off as a deadlift swing from its bent-over first rest, and that swing
        # must not block the flip that corrects it at the next set.
        self.dl_n = 0
        self.open_set = False  # a set is open at all, however few reps (set by the detector)
        # largest recent theta (deg), decaying with tilt_peak_tau_s, and the largest
        # since the open set began (from peak when it opened: its first rep): a thigh in
        # a squat set turns 80-100 deg, a trunk stays under tilt_thigh_deg
        self.peak = 0.0
        self.peak_decay = math.exp(-self.dt / cfg.tilt_peak_tau_s)
        self.set_peak = 0.0
        self.was_in_set = False
        # (round 10, CLS) the in-set squat threshold (deg) of a set re-read as squats from
        # its reps' turn (setcls.squat_by_turn): those reps measured how far this trunk
        # leans (0: none, tilt_hi_set_deg applies)
        self.hi_set_cls = 0.0
        self.set_amp = 0.0  # mean swing of the open set's tilt reps (deg; 0: none)
        self.acc_sums = [0.0, 0.0, 0.0]
        self.acc_hist: deque = deque(maxlen=int(cfg.max_rep_s * grid_hz) + 2)
        self.th1: float | None = None  # the last two theta (deg), for theta''
        self.th2: float | None = None

    def reset_motion(self) -> None:
        self.state = self.HOME
        self.hist.clear()
        self.th1 = self.th2 = None
        self.rest_n = 0
        self.rest_u = [0.0, 0.0, 0.0]

    def _turning(self, theta: float) -> bool:
        """Is the angle from 'standing' changing faster than tilt_rest_turn_dps (theta
        now against the sample before, self.th2 once step has shifted it)?"""
        p = self.th2
        return p is not None and abs(theta - p) > self.cfg.tilt_rest_turn_dps * self.dt

    def _learn_stand(self) -> None:
        """A rest bout ended: the first long one is 'standing'; later long ones close to
        it refresh it (sensor slipping on the strap)."""
        n = self.rest_n
        if n * self.dt < self.cfg.tilt_stand_rest_s:
            return
        u = np.array(self.rest_u) / n
        u = u / max(float(np.linalg.norm(u)), 1e-9)
        if self.u_stand is None or float(u @ self.u_stand) > math.cos(math.radians(self.cfg.tilt_lo_deg)):
            self.u_stand = u
            self.us = tuple(float(x) for x in u)

    def _may_flip(self) -> bool:
        """May polarity evidence replace 'standing' now? Not once the counter reads
        deadlifts from it (sign -1, not ``bent``) inside an open set (``in_set``), or
        after a deadlift swing read from it in the open set (``dl_n``: ``in_set`` waits
        for tilt_hi_set_reps reps): each such swing went out to within tilt_lo_deg of this 'standing' (the lockout)
        and came back, which is what a standing reference does, and the rests that
        follow are pauses at the floor (bent over, 30-60 deg away), so the flip would
        take the bar for standing and read the rest of the set half a rep out of phase
        (t4 sim-4-0234: flipped at the floor pause before set 3 rep 4; t5 sim-5-0101:
        at the pause after set 1 rep 2, before in_set; each lost reps and
        counted the stand-up after the set). Same reasoning as for ``bent`` below: a
        set already read as deadlifts keeps its reading."""
        return not ((self.in_set or self.dl_n) and self.sign is not None and self.sign < 0 and not self.bent)

    def _check_polarity(self, t: float, theta: float, v: float) -> None:
        """Bending over lowers a thigh or chest sensor: theta must rise while the sensor
        goes down. If it rises going up, the rest taken for 'standing' was bent over (a
        recording that starts at the bar): the next rest far from it becomes standing.
        Only velocities integrated from a recent rest are evidence: after walking up to
        the bar the integrated velocity is drift (often ~1 m/s one way), and bending to
        the bar under such drift once replaced a correct 'standing' mid-session."""
        d = theta - self.theta
        if ((v > self.cfg.v_move or v < -self.cfg.v_move) and (d > 0.5 or d < -0.5)
                and t - self.last_rest_t <= self.cfg.tilt_flip_trust_s):
            self.pol = self.pol * self.pol_decay + v * d
            self.acc_sums[2] += v * d
        else:
            self.pol *= self.pol_decay

    def step(self, t: float, u: list[float], resting: bool, sign_hint: int | None,
             v: float = 0.0, a: float = 0.0) -> TiltCandidate | None:
        """One grid sample. ``sign_hint``: the exercise when known (+1 squat, -1
        deadlift, as the tilt sees them), else None and the counter decides."""
        cfg = self.cfg
        if resting and self.rest_n:
            # a rest holds its orientation: a slow turn (a thigh's 1.5 s squat descent)
            # can keep |f| flat enough for the rest test, which then ran into the
            # session's first descent and left 'standing' unknown until the thigh was
            # at 67 deg (sim-4-0366). Past tilt_lo_deg (the standing sway) from where
            # the bout began, the bout has ended and the sensor is moving: for the tilt
            # (standing, setups, rests before a swing) this sample is no rest.
            r0 = self.rest_u0
            if u[0] * r0[0] + u[1] * r0[1] + u[2] * r0[2] < self.cos_lo:
                resting = False
        if resting:
            if not self.rest_n:
                self.rest_u0 = u
            self.last_rest_t = t
            self.rest_n += 1
            ru = self.rest_u
            ru[0] += u[0]; ru[1] += u[1]; ru[2] += u[2]
        elif self.rest_n:
            if self.pol > self.cfg.tilt_flip_evidence and self.u_stand is not None and self._may_flip():
                um = np.array(self.rest_u) / self.rest_n
                um = um / max(float(np.linalg.norm(um)), 1e-9)
                cu = float(um @ self.u_stand)
                if cu < math.cos(math.radians(self.cfg.tilt_hi_deg)):
                    self.u_stand = um
                    self.us = tuple(float(x) for x in um)
                    self.pol = 0.0
                    self.dl_n = 0
                    self.th1 = self.th2 = None  # theta jumps: no theta'' across it
                    self.flipped = True
                    old_sign = 1 if self.bent else (self.sign if self.sign is not None else 1)
                    self.bent = False
                    # only a deadlift starts bent over at the bar
                    self.sign = -1
                    if self.state == self.OUT and old_sign > 0 and self.hist:
                        # The swing under way, read from the wrong 'standing', was the
                        # pull from the bar to this rest at the top. Re-read it from
                        # the new standing (the sensor turns in one plane, so the angle
                        # from here is the turn between the two minus the old angle)
                        # and let its lowering complete it: the rep is not lost.
                        a = math.degrees(math.acos(max(-1.0, min(1.0, cu))))
                        h = [(tt, abs(a - th)) for tt, th in self.hist]
                        self.hist.clear()
                        self.hist.extend(h)
                        lo = self.cfg.tilt_lo_deg
                        self.t_out = next((tt for tt, th in h if th < lo), t)
                        self.xmax = max(-th for _, th in h)
                        self.out_rest = 0
                        self.dip_stage = 0
                    else:
                        self.state = self.HOME
                        self.hist.clear()
            self._learn_stand()
            self.rest_n = 0
            self.rest_u = [0.0, 0.0, 0.0]
        if self.u_stand is None:
            return None
        us = self.us
        c = u[0] * us[0] + u[1] * us[1] + u[2] * us[2]
        theta = math.degrees(math.acos(-1.0 if c < -1.0 else 1.0 if c > 1.0 else c))
        self._check_polarity(t, theta, v)
        if (not self.bent and self.may_bend and self.pol > cfg.tilt_flip_evidence
                and (self.sign is None or self.sign > 0)):
            # enough evidence that 'standing' is bent over at the bar while the set is
            # read as squats: a deadlift, read from here as swings out of that reference
            # and back (see bent above). A set already read as deadlifts keeps its
            # reading (its 'standing' was learnt standing; the evidence is drift).
            self.bent = True
            self.flipped = True
        sums = self.acc_sums
        if self.th2 is not None:
            dd = math.radians(theta - 2.0 * self.th1 + self.th2) / (self.dt * self.dt)
            sums[0] += a * dd
            sums[1] += dd * dd
        self.th2, self.th1 = self.th1, theta
        self.acc_hist.append((t, sums[0], sums[1], sums[2]))
        self.theta = theta
        self.hist.append((t, theta))
        if len(self.hist) == 1:
            self.u_base = u
        hi, lo = cfg.tilt_hi_deg, cfg.tilt_lo_deg
        if sign_hint is not None and self.state == self.HOME:
            self.sign = sign_hint
        pk = self.peak * self.peak_decay
        self.peak = theta if theta > pk else pk
        if self.in_set:
            if not self.was_in_set:
                self.set_peak = self.peak
            elif theta > self.set_peak:
                self.set_peak = theta
        self.was_in_set = self.in_set
        pre_hi = False
        if (self.in_set and sign_hint is not None and sign_hint > 0 and not self.bent
                and self.set_peak < cfg.tilt_thigh_deg):
            # inside an open squat set of a trunk (no thigh-sized turn since its first
            # rep): the turns that made tilt_hi_deg 35 deg (hands to the bar, re-racking)
            # come before and after a set, not between its reps, while a high-bar
            # squat's trunk leans only 30-40 deg at the bottom. A thigh's walking swings (up to 35 deg) are
            # kept out by its squat-sized turns (80-100 deg) in the same set.
            hi = cfg.tilt_hi_set_deg
            if 0.0 < self.hi_set_cls < hi:
                hi = self.hi_set_cls
            set_hi = True
        elif not self.in_set and not self.bent and (self.sign is None or (self.open_set and self.sign > 0)):
            # before a set, undecided: a chest strap's trunk leans only 25-35 deg in a
            # high-bar squat; such a shallow swing is a rep only if the sensor went down
            # as it leaned (TiltCandidate.shallow, vd: judged by the detector), where
            # hands going to the bar or a re-rack lean turn it as far
            hi = cfg.tilt_hi_set_deg
            set_hi = False
            pre_hi = True
        else:
            set_hi = False
        if self.bent:
            self.sign = -1  # only a deadlift starts bent over at the bar
        sign = 1 if self.bent else self.sign if self.sign is not None else 1
        self.gsign = sign
        out = theta > hi if sign > 0 else theta < lo
        home = theta < lo if sign > 0 else theta > hi
        if self.state == self.HOME:
            self._held(t, theta)
            if out:
                self.state = self.OUT
                self._begin_out(t, theta, sign)
                self.out_set = set_hi  # went out past the in-set squat threshold
                # out past the lowered pre-set threshold only (see pre_hi above)
                self.out_low = pre_hi and theta <= cfg.tilt_hi_deg
            elif home and ((resting and not (set_hi and self._turning(theta)))
                           or sign * theta <= sign * self.hist[0][1]):
                # the rep will start from here: the deepest point at home, or a rest
                # (in a trunk's squat set, not a "rest" the sensor turns through: a gentle
                # descent that the rest test holds "at rest" would start the swing 10 deg
                # late, under tilt_hi_set_deg)
                while len(self.hist) > 1:
                    self.hist.popleft()
                self.u_base = u
            elif self._shallow_setup(t, theta, sign, resting):
                # a deadlift setup between tilt_setup_min_deg and tilt_hi_deg: from
                # here the pull (towards standing) is the outward phase
                self.sign = -1
                self.hist.clear()
                self.hist.append((t, theta))
                self.u_base = u
            return None
        # OUT
        if self.out_low and sign * theta > cfg.tilt_hi_deg:
            # a swing that went out past the lowered pre-set threshold goes on beyond
            # tilt_hi_deg (a deadlift setup bending over, a thigh's squat): from here it
            # is judged as it was before that threshold existed (the setup's stillness,
            # the squat's dips), only its history starts earlier
            self.out_low = False
            self._begin_out(t, theta, sign)
        self.out_rest = self.out_rest + 1 if resting else 0
        if theta - self.still_th > cfg.tilt_still_deg or self.still_th - theta > cfg.tilt_still_deg:
            self.still_th, self.still_t = theta, t
        av = v if v > 0.0 else -v
        if av > self.vpk:
            self.vpk = av
        if t - self.t_out > cfg.max_rep_s * 0.6:
            self.state = self.HOME  # seated, lying, walking bent over: no rep
            self.hist.clear()
            if sign_hint is None:
                # no set open, and no rep came of this: if a bent-over rest had
                # decided "deadlift" (tilt_brace_s), it was not a setup (sitting on a
                # bench, then standing for the next set): decide afresh
                self.sign = None
            return None
        if (self.sign is None and sign > 0 and not self.out_low
                and cfg.tilt_lo_deg < theta < cfg.tilt_bent_max_deg
                and (self.out_rest * self.dt >= cfg.tilt_brace_s
                     or t - self.still_t >= cfg.tilt_brace_still_s)):
            # undecided, bent over and still (at rest, or the gravity direction held
            # still for longer than a squat's bottom pause) at a deadlift's angle: a
            # deadlift setup. From here the pull (towards standing) is the outward phase.
            # Not beyond tilt_bent_max_deg: a thigh at the bar turns 45-65 deg, at a
            # squat's bottom 80-100 deg (a paused thigh squat resting 1.5 s there was
            # read as a setup and the set's first rep lost). Not within tilt_lo_deg of
            # standing either: that is standing sway (a walking thigh's swing that came
            # back to 9 deg and stood there became a 'setup', sim-7-0328, once a rest
            # bout could end mid-turn).
            # Not while out only past the lowered pre-set threshold (out_low): a
            # thigh resting at 23 deg between sets (sitting) became a 'setup', and the
            # walk to the bar then a pull (cropped seed 7 sim-7-0122).
            self.sign = -1
            self.state = self.HOME
            self.hist.clear()
            return None
        x = sign * theta
        if x > self.xmax:
            self.xmax = x
        base = sign * self.hist[0][1]
        if sign > 0 and not self.bent and self.dip_stage < 3:
            # squat: out, back by more than tilt_dip_frac below the 80 % level, out again
            # (at least tilt_dip_min_deg for a swing under tilt_hi_deg, see _candidate)
            sw = self.xmax - base
            lvl = base + (1.0 - cfg.tilt_phase_frac) * sw
            dth = cfg.tilt_dip_frac * sw
            if self.xmax < cfg.tilt_hi_deg and dth < cfg.tilt_dip_min_deg:
                dth = cfg.tilt_dip_min_deg
            if self.dip_stage == 1 and x < lvl - dth:
                self.dip_stage = 2
            elif self.dip_stage != 1 and x >= lvl and sw >= cfg.tilt_min_amp_deg:
                self.dip_stage = 3 if self.dip_stage == 2 else 1
        if x > base + cfg.tilt_phase_frac * (self.xmax - base):
            return None
        self.state = self.HOME
        b = self.u_base
        c = self._candidate(sign)
        self.u_base = u
        if not self.open_set:
            self.dl_n = 0
        elif c is not None and sign < 0 and not self.bent:
            self.dl_n += 1
        if c is not None and b is not None:
            d = u[0] * b[0] + u[1] * b[1] + u[2] * b[2]
            c.back = math.degrees(math.acos(-1.0 if d < -1.0 else 1.0 if d > 1.0 else d))
        return c

    def _held(self, t: float, theta: float) -> None:
        """At home, the gravity direction held within tilt_still_deg for tilt_held_s: a
        stand or a brace even when the rest test (|f| flat) missed it (a dropped-packet
        gap in the brace, a noisy sensor, fidgeting: sim-3-0025's brace after a gap was
        never 'at rest' and its set's first pull was dropped as not rested). A walking
        thigh or trunk swings on every step and never holds still this long."""
        if abs(theta - self.held_th) > self.cfg.tilt_still_deg:
            self.held_th, self.held_t0 = theta, t
        elif t - self.held_t0 >= self.cfg.tilt_held_s:
            self.held_t = t

    def _shallow_setup(self, t: float, theta: float, sign: int, resting: bool) -> bool:
        """Undecided, outside a set, at rest for tilt_brace_s between tilt_setup_min_deg
        and tilt_hi_deg from standing: a deadlift setup with high hips (a thigh at the bar
        turns 45-65 deg for most lifters, but ~30 deg for some; the swing never passed
        tilt_hi_deg, so the OUT-state setup test below never saw it and the whole set
        was lost). Standing sways < tilt_lo_deg; no one rests this bent otherwise but
        at a bar."""
        cfg = self.cfg
        if not (resting and self.sign is None and sign > 0 and not self.bent and not self.in_set
                and cfg.tilt_setup_min_deg <= theta < cfg.tilt_hi_deg):
            self.setup_t = None
            return False
        # held there (within tilt_still_deg): the rest test lags ~0.7 s, so a slow squat
        # descent leaving a long stand still counts as 'resting' while it passes 25-35 deg
        if self.setup_t is None or abs(theta - self.setup_th) > cfg.tilt_still_deg:
            self.setup_th, self.setup_t = theta, t
            return False
        return t - self.setup_t >= cfg.tilt_brace_s

    def _candidate(self, sign: int) -> TiltCandidate | None:
        ts = np.array([h[0] for h in self.hist])
        th = np.array([h[1] for h in self.hist]) * sign
        base = th[0]
        k = int(np.argmax(th))
        amp = th[k] - base
        self.hist.clear()
        self.hist.append((float(ts[-1]), float(sign * th[-1])))
        # Inside an open squat set of a trunk (out_set) a lean from tilt_hi_set_deg counts:
        # a high-bar squat's trunk may lean only 22-25 deg on a set's later reps.
        shallow = amp < self.cfg.tilt_min_amp_deg
        if shallow and not (self.out_set and amp >= (self.hi_set_cls or self.cfg.tilt_hi_set_deg)):
            return None
        lo_l = base + self.cfg.tilt_phase_frac * amp
        hi_l = base + (1.0 - self.cfg.tilt_phase_frac) * amp

        def cross(i: int, level: float) -> float:
            # interpolated time at which th crosses level between samples i-1 and i
            a, b = th[i - 1], th[i]
            f = 0.0 if a == b else (level - a) / (b - a)
            f = 0.0 if f < 0.0 else 1.0 if f > 1.0 else f
            return float(ts[i - 1] + f * (ts[i] - ts[i - 1]))

        above_lo = np.nonzero(th > lo_l)[0]
        above_hi = np.nonzero(th > hi_l)[0]
        i0, i3 = int(above_lo[0]), int(above_lo[-1])
        i1, i2 = int(above_hi[0]), int(above_hi[-1])
        t0 = cross(i0, lo_l) if i0 > 0 else float(ts[0])
        t1 = cross(i1, hi_l) if i1 > 0 else float(ts[i1])
        t2 = cross(i2 + 1, hi_l) if i2 + 1 < len(th) else float(ts[i2])
        t3 = cross(i3 + 1, lo_l) if i3 + 1 < len(th) else float(ts[i3])
        # A walking thigh or arm swings by 30+ deg, but each swing takes ~0.25 s; the
        # phases of a rep take >= 0.5 s (>= 0.2 s between the phase levels). A swing
        # of a squatting thigh's size is no walking step, and its fast ascent can come
        # back within a few grid samples (config: tilt_min_phase_big_s).
        mp = self.cfg.tilt_min_phase_big_s if amp >= self.cfg.tilt_thigh_deg else self.cfg.tilt_min_phase_s
        if t1 - t0 < mp or t3 - t2 < mp:
            return None
        # The outward position (squat bottom, deadlift top) is held, or passed through,
        # once. An angle that comes back from it by more than tilt_dip_frac of the swing
        # (below the 80 % level) and goes out again is no single rep: a failed squat
        # that rose part way and sank onto the safety pins before the lifter stood up,
        # or, at the top of a deadlift, walking (the thigh or trunk swings with each
        # step) that ends sitting or bending. Deadlift tops are only judged when longer
        # than tilt_dip_hold_s: a lockout with the 'standing' reference slightly off
        # the rep's path dips a little without anyone walking.
        # A squat swing that stayed under tilt_hi_deg (a trunk, counted only inside a set:
        # tilt_hi_set_deg) must dip by tilt_dip_min_deg at least: 10 % of its 25-35 deg
        # is 3 deg, while a fast ascent's acceleration tilts the low-passed gravity
        # direction by several degrees (seed 7 sim-7-0150: 0.4 s ascents, 7 reps vetoed).
        dmin = self.cfg.tilt_dip_frac * amp
        if sign > 0 and not self.bent and th[k] < self.cfg.tilt_hi_deg and dmin < self.cfg.tilt_dip_min_deg:
            dmin = self.cfg.tilt_dip_min_deg
        dip = hi_l - float(th[i1:i2 + 1].min())
        if dip > dmin and ((sign > 0 and not self.bent) or ts[i2] - ts[i1] > self.cfg.tilt_dip_hold_s):
            self.veto = (float(ts[0]), float(ts[-1]))
            return None
        # The phase levels sit tilt_phase_frac of the swing in from each end; the truth
        # dates phases at zero speed. Extrapolate with the local angular rate: a smooth
        # (minimum-jerk-like) move covers its first and last fraction more slowly than
        # the rate at the level says, hence the factor tilt_extrap_k (capped).
        if sign > 0 and not self.bent:
            kx = self.cfg.tilt_extrap_k_squat
        elif self.vpk > self.cfg.tilt_fast_mps:
            kx = self.cfg.tilt_extrap_k_fast
        else:
            kx = self.cfg.tilt_extrap_k
        cap = self.cfg.tilt_extrap_s
        fa = self.cfg.tilt_phase_frac * amp

        def ext(r: float) -> float:
            return min(cap, kx * fa / r) if r > 0 else 0.0

        if i0 > 0:
            t0 -= ext((th[i0] - th[i0 - 1]) / self.dt)
        if i3 + 1 < len(th):
            t3 += ext((th[i3] - th[i3 + 1]) / self.dt)
        if i1 > 0:
            t1 = min(t1 + ext((th[i1] - th[i1 - 1]) / self.dt), t2)
        if i2 + 1 < len(th):
            t2 = max(t2 - ext((th[i2] - th[i2 + 1]) / self.dt), t1)
        dur = t3 - t0
        if dur < (self.cfg.tilt_min_rep_set_s if shallow else self.cfg.tilt_min_rep_s):
            return None
        c = TiltCandidate(sign, t0, t1, t2, t3, float(amp), float(base))
        c.rested = self.rested
        c.accel_g = self._accel_g(ts, th, base, t0, t3)
        if sign > 0 and not self.bent and th[k] < self.cfg.tilt_hi_deg and not self.in_set:
            c.shallow = True
            c.vd = self._lever(float(ts[0]))[1]
        cfg = self.cfg
        if (sign > 0 and not self.bent and self.auto and self.sign != -1
                and cfg.tilt_bent_min_deg <= amp < cfg.tilt_bent_max_deg and self.set_amp < cfg.tilt_bent_max_deg):
            lever, pol = self._lever(float(ts[0]))
            if lever < -cfg.tilt_lever_bent_m and pol > -cfg.tilt_lever_pol:
                # A deadlift-sized swing out of 'standing' and back during which the
                # sensor went up as it turned away: 'standing' is bent over at the bar
                # (a recording that starts there), and this was a pull and its
                # lowering. Bending over lowers a thigh or a chest strap, so from a
                # true standing the lever is positive. Unlike pol, this needs no
                # integrated velocity: a thigh rises so slowly (~0.1 m/s) that the
                # rest test often zeroes it, and pol then takes several reps.
                self.bent = True
                self.flipped = True
                self.sign = -1
        c.dl = self.bent and sign > 0
        return c

    def _begin_out(self, t: float, theta: float, sign: int) -> None:
        """The swing goes out from home at t (theta deg, sign as in step): its clocks,
        extremes and dip tracking start here."""
        self.vpk = 0.0
        self.t_out = t
        self.rested = t - max(self.last_rest_t, self.held_t) <= self.cfg.tilt_rest_before_s
        self.out_rest = 0
        self.still_th, self.still_t = theta, t
        self.xmax = sign * theta
        self.dip_stage = 0

    def _accel_g(self, ts: np.ndarray, th: np.ndarray, base: float, t0: float, t3: float) -> float:
        """The mean excess of |f| over 1 g (in g) over [t0, t3] if this swing had been no
        turn at all but a horizontal acceleration: a horizontal acceleration a_h tilts
        the apparent gravity direction by phi = atan(a_h / g) and raises |f| to
        g / cos(phi). (Placement.accelerated compares what |f| did.) The apparent tilt
        is the swing's angle from where it began, capped at tilt_accel_cap_deg (1/cos
        grows without bound: no one accelerates a limb sideways at several g)."""
        cap = math.radians(self.cfg.tilt_accel_cap_deg)
        tot, n = 0.0, 0
        for k in range(len(ts)):
            if t0 <= ts[k] <= t3:
                x = math.radians(abs(float(th[k]) - base))
                tot += 1.0 / math.cos(cap if x > cap else x) - 1.0
                n += 1
        return tot / n if n else 0.0

    def new_set(self, resting: bool) -> None:
        """A set closed: the next set's exercise is decided afresh. Unless the sensor
        rests bent over at the bar (a deadlift set's home, at a deadlift's angle of
        45-65 deg: tilt_bent_min_deg..tilt_bent_max_deg; a seated thigh rested at 37
        deg on seed 2, and its stand-up became a pull) right now: the lifter is still at the bar,
        braced, and the next movement is a pull. Read as undecided, that pose was
        the bottom of a 'squat' and the next set's first pull its ascent."""
        self.hi_set_cls = 0.0
        if not (resting and self.sign == -1 and self.state == self.HOME and not self.bent
                and self.cfg.tilt_bent_min_deg < self.theta < self.cfg.tilt_bent_max_deg):
            self.sign = None

    def _lever(self, t0: float) -> tuple[float, float]:
        """Since t0 (the start of the swing just ended): -sum(a * theta'') / sum(theta''^2),
        the vertical travel (m) per radian of turn away from 'standing' (negative: the
        sensor rises as it turns away), and the trusted sum of v * dtheta."""
        for tt, n0, d0, p0 in self.acc_hist:
            if tt >= t0:
                s = self.acc_sums
                d = s[1] - d0
                return (-(s[0] - n0) / d if d > 0.0 else 0.0), s[2] - p0
        return 0.0, 0.0
