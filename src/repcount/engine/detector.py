"""THE rep state machine: where a rep is detected, in one place.

It runs on the vertical velocity ``v`` and displacement ``z`` of every grid sample.
Squat and deadlift are the same machine mirrored: with ``s = -1`` (squat) or ``+1``
(deadlift), ``w = s*v`` is positive in the *outward* phase (squat descent, deadlift
pull) and negative in the *return* phase (squat ascent, deadlift lowering)::

    IDLE --w>vp--> OUT --w<vp--> PAUSE --w<-vp--> RET --w>-vp--> (return >= frac?) rep!
                    ^--w>vp------'                 ^              |no
                                                   '---w<-vp-- STALL --w>vp--> abort

A rep is counted when the return phase ends (|v| falls below ``v_phase``) having
covered ``return_frac`` of an outward phase of at least ``rom_min``, with peak speeds of
at least ``v_move`` both ways. For a squat that moment is the lockout, so the count
comes with only the filter delay. For a deadlift it is the bar back on the floor (the
lowering is part of the rep's TUT and a pull without lowering is the lifter standing up
after the set, with a wrist or chest sensor); ``lockout_t`` still reports the top.
Near-stops inside a phase (a grinding rep's sticking point) are absorbed by the
PAUSE->OUT and STALL->RET edges and counted in the phase. Time limits abort anything
that is not a rep (walking away, holding the bottom, a dumped squat).
"""

from __future__ import annotations

import numpy as np

from ..events import Event, Rep
from .config import EngineConfig
from .sets import SetTracker
from .tilt import TiltCandidate, TiltCounter

IDLE, OUT, PAUSE, RET, STALL = range(5)


class Detector:
    def __init__(self, cfg: EngineConfig, exercise: str, placement: str | None,
                 tilt_offset_s: float = 0.0) -> None:
        self.cfg = cfg
        # Body-worn (or unknown) sensors also count from their tilt (tilt.py); a bar or a
        # wrist does not swing with the rep the way a thigh or a trunk does.
        self.tc = TiltCounter(cfg, cfg.grid_hz) if placement in (None, "chest", "thigh") else None
        self.tilt_offset = tilt_offset_s
        self.pending: TiltCandidate | None = None
        self.pending_t = 0.0
        self.recent: list[tuple[float, float]] = []  # (t_start, t_end) of the last reps
        self.exercise = exercise
        self.fixed_sign = {"squat": -1, "deadlift": 1}.get(exercise)
        self.s = self.fixed_sign  # None = undecided (auto, between sets)
        self.rom_min = cfg.rom_min_m.get(placement, cfg.rom_min_m[None])
        self.placement_unknown = placement is None
        self._cos_rot = float(np.cos(np.deg2rad(cfg.rotated_deg)))
        self.u0: np.ndarray | None = None
        self.v_move_cur = cfg.v_move
        # ROM and MCV mean bar quantities only where the sensor travels with the bar.
        self.reports_bar = placement in (None, "bar", "wrist")
        self.sets = SetTracker(cfg.set_gap_s)
        self.max_pause = cfg.max_hold_s
        self._idle()
        self.prev_t: float | None = None
        self.prev_v = 0.0
        self._t_still: float | None = None
        # gravity direction when the outward phase began, and when the last counted
        # displacement rep of the open set began (see the squat start check in run)
        self.u_out0: list[float] | None = None
        self.u_last0: list[float] | None = None
        self.th_min = 180.0   # least tilt from standing during the outward phase
        self.set_tilt_n = 0   # tilt reps counted in the open set
        self.set_tilt_amp = 0.0  # ...and their mean swing (deg)
        self.th_max = 0.0     # most tilt from standing during the outward phase
        self.pause_rested = False  # the sensor came to rest in this PAUSE
        self._cos_start = float(np.cos(np.deg2rad(cfg.squat_start_deg)))

    # -- state helpers ----------------------------------------------------------------
    def _idle(self) -> None:
        self.state = IDLE
        if not self.sets.open:
            self.s = self.fixed_sign

    def reset_motion(self) -> None:
        """An unbridged gap: whatever was in progress is dropped, never counted."""
        self._idle()
        self.prev_t = None
        if self.tc is not None:
            self.tc.reset_motion()

    def _extrap(self, t: float, w: float, pw: float) -> float:
        """How long until a decelerating phase (speed w > 0 falling) reaches zero speed,
        from the current deceleration, capped at ``end_extrap_s``. Phase ends are detected
        at a speed threshold; the truth (and a coach) dates them at zero speed."""
        if self._t_still is not None or self.prev_t is None or not (w < pw) or w <= 0.0:
            return 0.0
        ext = w / ((pw - w) / (t - self.prev_t))
        return ext if ext < self.cfg.end_extrap_s else self.cfg.end_extrap_s

    def _cross(self, t: float, w: float, pw: float, level: float) -> float:
        """Time at which w crossed ``level`` between the previous sample and this one."""
        if self._t_still is not None:
            return self._t_still
        if self.prev_t is None or w == pw:
            return t
        f = (level - pw) / (w - pw)
        f = 0.0 if f < 0.0 else 1.0 if f > 1.0 else f
        return self.prev_t + f * (t - self.prev_t)

    # -- main loop ------------------------------------------------------------------
    def run(self, t: np.ndarray, v: np.ndarray, z: np.ndarray, rest: np.ndarray, calm: np.ndarray,
            gate: np.ndarray, src: np.ndarray,
            tilt: np.ndarray | None = None, tilt_all: np.ndarray | None = None) -> list[Event]:
        cfg = self.cfg
        vp = cfg.v_phase
        events: list[Event] = []
        deadline = self.sets.deadline()
        dt = 1.0 / cfg.grid_hz
        calm_need = int(round(cfg.calm_s * cfg.grid_hz))
        tl = tilt_all.tolist() if tilt_all is not None else None
        for i in range(len(t)):
            ti = t[i]
            vi = v[i]
            st = self.state
            # A zero-velocity update means the bar has been still for rest[i] samples:
            # a phase that was running ended when the stillness began (integration drift
            # can keep |v| above v_phase until the update), so date its end then.
            self._t_still = ti - rest[i] * dt if rest[i] else None
            if st != IDLE and self._t_still is None and calm[i] >= calm_need and -gate[i] < vi < gate[i]:
                # No vertical acceleration for calm_s at a modest speed: the bar is
                # still and |v| is integration drift. End the phase when the calm began
                # (the state checks below still demand the rep's geometry).
                self._t_still = ti - calm[i] * dt
                vi = 0.0
            if st == IDLE:
                if ti > deadline:
                    ev = self.sets.close(float(src[i]))
                    events.append(ev)
                    if self.tc is not None and self.fixed_sign is None:
                        self.tc.sign = None  # next set: decide the exercise afresh
                    deadline = self.sets.deadline()
                    self._idle()
                    self.u_last0 = None
                    self.set_tilt_n = 0
                    self.set_tilt_amp = 0.0
                s = self.s
                if s is None:
                    if vi > vp:
                        s = 1
                    elif vi < -vp:
                        s = -1
                if (s is not None and s < 0 and self.sets.open and tl is not None and self.u_last0 is not None
                        and (tl[i][0] * self.u_last0[0] + tl[i][1] * self.u_last0[1]
                             + tl[i][2] * self.u_last0[2]) < self._cos_start):
                    # a squat starts standing, as the set's reps did: the sensor is
                    # turned away from that (bent over, sunk onto the pins after a
                    # failed rep, sitting), so going down from here is no new rep
                    s = None
                if s is not None and s * vi > vp:
                    self.s = s
                    self.u_out0 = None if tl is None else tl[i]
                    self.pause_rested = False
                    self.th_min = 180.0
                    self.th_max = 0.0
                    self.state = OUT
                    self.t_out0 = self._cross(ti, s * vi, s * self.prev_v, vp)
                    self.y0 = s * z[i] - s * vi * (ti - self.t_out0)
                    self.u0 = None if tilt is None else tilt[i]
                    self.ypk = s * z[i]
                    self.wpk = s * vi
            else:
                s = self.s
                w = s * vi
                y = s * z[i]
                pw = s * self.prev_v
                if st == OUT:
                    if self.tc is not None:
                        if self.tc.theta < self.th_min:
                            self.th_min = self.tc.theta
                        if self.tc.theta > self.th_max:
                            self.th_max = self.tc.theta
                    if y > self.ypk:
                        self.ypk = y
                    if w > self.wpk:
                        self.wpk = w
                    if self.ypk - self.y0 > cfg.rom_max_m or self.wpk > cfg.v_max:
                        self._idle()  # farther or faster than any lift: drift, walking
                    elif w < vp and self.ypk - self.y0 < cfg.false_start_m:
                        self._idle()  # a wobble (drift, sway), not the start of a rep
                    elif w < vp:
                        self.t_out1 = self._cross(ti, w, pw, vp) + self._extrap(ti, w, pw)
                        self.state = PAUSE
                        if w < -vp:
                            self._begin_return(ti, w, pw, y, None if tilt is None else tilt[i])
                    elif ti - self.t_out0 > cfg.max_rep_s:
                        self._idle()
                elif st == PAUSE:
                    if rest[i]:
                        self.pause_rested = True
                    if (s > 0 and self.fixed_sign is None and not self.sets.open
                            and ti - self.t_out0 > cfg.tentative_up_s):
                        # auto, first movement was up: a deadlift pull and its hold are
                        # over by now; hands raised to a squat bar, then unrack and
                        # walkout, are not. Forget it and decide on the next movement.
                        self._idle()
                    elif w > vp and s < 0 and self.pause_rested:
                        # a squat's descent does not stop dead and go on down: after a
                        # rest at the "bottom" this is a failed rep sinking onto the
                        # pins (or a lifter settling), and no rep
                        self._idle()
                    elif w > vp:
                        self.state = OUT
                    elif w < -vp:
                        self._begin_return(ti, w, pw, y, None if tilt is None else tilt[i])
                    elif ti - self.t_out1 > self.max_pause:
                        self._idle()
                elif st == RET:
                    if y < self.ymin:
                        self.ymin = y
                    if -w > self.wrpk:
                        self.wrpk = -w
                    if w > -vp and self.ypk - self.ymin < cfg.false_start_m:
                        self.state = PAUSE  # a wobble of drift, not the return: still paused
                    elif w > -(ve := max(vp, cfg.end_frac * self.wrpk)):
                        # The return ends when the speed falls below a fraction of its
                        # peak: counted before the last, slow centimetres of a lockout.
                        # Its time is extrapolated to v = 0 with the current deceleration.
                        tc = self._cross(ti, w, pw, -ve) + self._extrap(ti, -w, -pw)
                        rom_out = self.ypk - self.y0
                        if self.ypk - self.ymin >= cfg.return_frac * rom_out and self.wrpk >= self.v_move_cur:
                            rep = None if (self._covered(self.t_out0, tc) or self._tilt_owns()
                                           or self._tilt_vetoes(self.t_out0, tc)
                                           or self._starts_inside(self.t_out0)) else self._complete(tc, float(src[i]))
                            if rep is not None:
                                events.append(rep)
                                deadline = self.sets.deadline()
                            if self.state == RET:
                                self._idle()
                        else:
                            self.state = STALL
                            self.t_stall = tc
                elif st == STALL:
                    if w < -vp:
                        self.state = RET
                    elif w > vp or ti - self.t_stall > self.max_pause:
                        self._idle()  # sank back (failed rep) or never finished
            self.prev_t = ti
            self.prev_v = vi
            if self.tc is not None and tilt_all is not None:
                if self.fixed_sign is not None:
                    hint = -self.fixed_sign
                elif self.sets.open and self.s is not None:
                    hint = -self.s
                else:
                    hint = None
                cand = self.tc.step(ti - self.tilt_offset, tl[i], rest[i] > 0, hint, vi)
                if self.tc.flipped:
                    # the tilt found that this recording started bent over at the bar:
                    # a deadlift, whatever the open set was taken for
                    self.tc.flipped = False
                    if self.fixed_sign is None and self.s != 1:
                        self.s = 1
                        self.state = IDLE
                if cand is not None and (cand.rested or self.sets.open):
                    # the first rep of a set starts from a stand (or brace): swings
                    # while walking never rest
                    self.pending, self.pending_t = cand, ti
                elif (self.pending is not None
                      and self.pending.sign * self.tc.theta > self.pending.base + cfg.tilt_swing_back * self.pending.amp):
                    # swung straight back out: a walking swing, not a rep that ended
                    self.pending = None
                if self.pending is not None and ti - self.pending_t >= cfg.tilt_grace_s:
                    c, self.pending = self.pending, None
                    if not self._covered(c.t0, c.t3):
                        rep = self._tilt_rep(c, float(src[i]))
                        if rep is not None:
                            events.append(rep)
                            deadline = self.sets.deadline()
        return events

    def _tilt_owns(self) -> bool:
        """A big swing is under way or just ended: the tilt counts this rep, with phases
        that do not drift (a thigh or trunk turning this much spoils the displacement)."""
        tc = self.tc
        if tc is None:
            return False
        own = self.cfg.tilt_own_deg
        if self.pending is not None and self.pending.amp >= own:
            return True
        if tc.state == tc.OUT and tc.u_stand is not None and self.prev_t is not None \
                and self.prev_t - self.tilt_offset - tc.t_out < self.cfg.tilt_own_max_s:
            # (a swing that has lasted longer is a hand on the bar, not a rep)
            sign = tc.sign if tc.sign is not None else 1
            base = sign * tc.hist[0][1] if tc.hist else 0.0
            return tc.xmax - base >= own
        return False

    def _tilt_vetoes(self, t0: float, t1: float) -> bool:
        """The tilt saw this movement leave its outward position and go out again (a
        failed squat sinking onto the pins before the lifter stands up; walking between
        a stand-up and sitting down): whatever the displacement made of it, no rep."""
        tc = self.tc
        if tc is None:
            return False
        if tc.state == tc.OUT and tc.dip_stage == 3:
            return True
        if tc.veto is not None:
            a, b = tc.veto[0] + self.tilt_offset, tc.veto[1] + self.tilt_offset
            if min(b, t1) - max(a, t0) > 0.5 * (t1 - t0):
                return True
        return False

    def _starts_inside(self, t0: float) -> bool:
        """Did this movement begin well inside a rep already counted (by the tilt)? Then
        it is the end of that rep read again by a drifting integrator, plus whatever
        followed (walking in to the rack), not a new rep: a new rep starts after the
        last one ended, give or take the tilt's phase extrapolation."""
        for a, b in self.recent:
            if a < t0 < b - self.cfg.rep_overlap_s:
                return True
        return False

    def _covered(self, t0: float, t1: float) -> bool:
        """Was a rep overlapping [t0, t1] by more than half of the shorter already counted?"""
        for a, b in self.recent:
            ov = min(b, t1) - max(a, t0)
            if ov > 0.5 * min(b - a, t1 - t0):
                return True
        return False

    def _tilt_rep(self, c: TiltCandidate, emitted_t: float) -> Rep | None:
        squat = c.sign > 0
        if self.sets.open and (self.s is not None) and (self.s < 0) != squat:
            return None  # the set is of the other exercise
        if self.fixed_sign is None and (not self.sets.open or self.s is None):
            if self.state != IDLE:
                self._idle()
            self.s = -1 if squat else 1
        out_d, pause_d, ret_d = c.t1 - c.t0, c.t2 - c.t1, c.t3 - c.t2
        ecc, conc = (out_d, ret_d) if squat else (ret_d, out_d)
        rep = Rep(
            set=len(self.sets.sets) + 1,
            rep=len(self.sets.reps) + 1,
            exercise="squat" if squat else "deadlift",
            t_start=c.t0, t_end=c.t3,
            eccentric_s=ecc, pause_s=pause_d, concentric_s=conc,
            tut_s=ecc + pause_d + conc,
            mcv_mps=None, rom_m=None,
            emitted_t=emitted_t,
            lockout_t=c.t3 if squat else c.t1,
        )
        self.sets.add(rep)
        self._remember(rep)
        self.set_tilt_n += 1
        self.set_tilt_amp += (c.amp - self.set_tilt_amp) / self.set_tilt_n
        return rep

    def _remember(self, rep: Rep) -> None:
        self.recent.append((rep.t_start, rep.t_end))
        if len(self.recent) > 4:
            del self.recent[0]

    def _begin_return(self, ti: float, w: float, pw: float, y: float, u: np.ndarray | None) -> None:
        rom_out = self.ypk - self.y0
        rom_min = self.rom_min
        v_move = self.cfg.v_move
        if self.placement_unknown and u is not None and self.u0 is not None:
            # A sensor that turned a lot during the outward phase is body-worn (thigh,
            # trunk): it travels much less, and more slowly, than the bar.
            c = float(u @ self.u0)
            if c < self._cos_rot:
                rom_min = self.cfg.rom_min_m["thigh"]
                v_move = self.cfg.v_move_rotated
        self.v_move_cur = v_move
        if rom_out < rom_min or self.wpk < v_move:
            self._idle()  # too small to be a rep: unrack, step, fidget, setup shrug
            return
        self.state = RET
        self.t_ret0 = self._cross(ti, w, pw, -self.cfg.v_phase)
        self.ymin = y
        self.wrpk = -w

    def _complete(self, t_end: float, emitted_t: float) -> Rep | None:
        rom = self.ypk - self.y0
        best = self.sets.best_rom
        if best is not None and rom < self.cfg.partial_frac * best:
            return None  # a partial: much shallower than this set's reps
        out_d = self.t_out1 - self.t_out0
        pause_d = self.t_ret0 - self.t_out1
        ret_d = t_end - self.t_ret0
        squat = self.s < 0
        if not squat and self.set_tilt_n and self.tc.theta < self.cfg.partial_frac * self.set_tilt_amp:
            # This set's reps turned the sensor (thigh, trunk) from the bar to standing
            # and the tilt counted them. A deadlift rep ends with the bar back on the
            # floor, bent over as they were: a "lowering" that leaves the sensor near
            # standing was the lifter standing up and walking off after the set.
            return None
        if not squat and self.set_tilt_n and self.th_min > self.cfg.tilt_hi_deg:
            # ...and a pull ends standing: one that never brought the sensor out of the
            # bent zone is a partial.
            return None
        if (squat and self.set_tilt_amp >= self.cfg.tilt_thigh_deg
                and self.th_max < self.cfg.partial_frac * self.set_tilt_amp):
            # Likewise a thigh squat: this set's reps turned the sensor by set_tilt_amp
            # on the way down; a "descent" that turned it by less than partial_frac of
            # that was no squat (a step of the walk-in, a shrug under the bar).
            return None
        if squat and self.fixed_sign is None and not self.sets.open and pause_d >= self.cfg.brace_s:
            # Auto mode, first "squat" of a set with a long still bottom: that was a
            # body-worn sensor bending to the bar and bracing, then the first pull of a
            # deadlift. Re-read the up phase as the pull; the rep ends after the lowering.
            self.s = 1
            self.state = PAUSE
            self.t_out0, self.t_out1 = self.t_ret0, t_end
            self.y0, self.ypk = -self.ypk, -self.ymin
            self.wpk = self.wrpk
            return None
        if squat:
            ecc, conc = out_d, ret_d
            lockout = t_end
            conc_dist = self.ypk - self.ymin
        else:
            ecc, conc = ret_d, out_d
            lockout = self.t_out1
            conc_dist = rom
        rep = Rep(
            set=len(self.sets.sets) + 1,
            rep=len(self.sets.reps) + 1,
            exercise="squat" if squat else "deadlift",
            t_start=self.t_out0,
            t_end=t_end,
            eccentric_s=ecc,
            pause_s=pause_d,
            concentric_s=conc,
            tut_s=ecc + pause_d + conc,
            mcv_mps=(conc_dist / conc if conc > 0 else None) if self.reports_bar else None,
            rom_m=rom if self.reports_bar else None,
            emitted_t=emitted_t,
            lockout_t=lockout,
        )
        self.sets.add(rep)
        self._remember(rep)
        self.u_last0 = self.u_out0
        if not self.reports_bar:
            # partial-rep check still needs a ROM even when it is not reported
            self.sets.best_rom = rom if best is None else max(best, rom)
        return rep

    def finish(self, t_last: float) -> list[Event]:
        ev = self.sets.close(t_last)
        return [ev] if ev is not None else []
