"""A second look at a rep cut by a false zero-velocity update, once the next rest
tells that it was false.

A gentle descent or a grind is as flat in |f| as a rest, and the rest test can reset a
velocity of 0.2-0.4 m/s that was real. The live state machine (detector.py) then sees a
rep cut in two pieces that each look too small, too slow, partial, or like a failed rep
sinking back, and counts nothing. Nothing causal tells that while the bar moves.

At the next rest the velocity error is known: the true velocity there is zero, so what
the integrator carries just before that reset is the error. A false reset predicts it:
the velocity it removed reappears with the opposite sign (``r ~ -v_removed``, give or
take drift). When the next rest finds that, the reset is undone in a buffer of the
recent velocity (the removed velocity put back from the reset on, the remaining
difference spread as a ramp up to the rest), and the rep tests run again on the stretch
from the trusted rest before it. A rep found there that spans the false reset, that the
live pass did not count or veto, is counted then, late: its event comes at a rest
(0.5-1.2 s after its lockout), so only those reps pay latency.

The same rest also tells the velocity step a short dropped-packet gap left (the line
bridging a squat's bounce or a pull's drive has none of its acceleration): with no
false reset found and a single short dropout since the rest before, the error is taken
off from the dropout on and the stretch looked at again (``_drop_step``). Before a
set (auto) too, for the first rep: its exercise is then the direction of its own first
movement (``first_s``; Detector._first_late).

With neither, in an open squat set, an upward error can be a gentle descent the rest
test held "at rest" while the level followed it: its speed lost as a step where the
movement left the rest before, the level it taught drifting on as a ramp. A squat ends
standing where it began, so the stretch rises by nothing; that and the error fix the
step and the ramp, which are taken off (``_lost_descent``).

And it tells a drift (``_drift_ramp``): in a deadlift set, an error that no false reset
and no dropout explains grew through the stretch from the rest before; a constant
acceleration error grows it linearly, so that ramp is taken off and the stretch looked
at again, once the rest is proven one (it lasts, or the next rest does not find it false).

The buffer holds the grid velocity since the trusted rest before last, at most
``relook_max_s``: memory stays flat in the recording's length, and the buffer is plain
per-sample state (chunk-invariant like the rest of the engine).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from ..events import Rep
from .config import EngineConfig
from .sets import SetTracker


@dataclass
class Found:
    """A rep found by the second look (times in the detector's time base)."""

    t_out0: float
    t_out1: float
    t_ret0: float
    t_end: float
    rom: float      # outward travel (m)
    ret: float      # return travel (m)


class Relook:
    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.cfg = cfg
        self.dt = dt
        # (t, v) per grid sample
        self.buf: deque = deque(maxlen=int(round(cfg.relook_max_s / dt)) + 1)
        self._cos_turn = math.cos(math.radians(cfg.relook_drop_turn_deg))
        self._cos_lost = math.cos(math.radians(cfg.lost_turn_deg))
        self.reset()

    def reset(self) -> None:
        """Start afresh (an unbridged gap: the motion before it is unknown)."""
        self.buf.clear()
        self.onsets: list[list] = []  # [t, removed velocity, rest samples] of trusted resets
        self.prev_rest = 0
        self.suspect: float | None = None  # time of the last reset found false
        self.squat = False  # set by the detector at each rest's onset: a squat set is open (_drop_step)
        self.deadlift = False  # ...a deadlift set is
        self.first = False  # ...auto, no set open: the first rep's own movement tells the exercise
        self.first_look = False  # the correction was made before a set (Detector._late_reps)
        self.still_t = 0.0  # ...where the stillness that measured the step began
        self.u = None  # ...the gravity direction in the sensor frame there
        self.onset_u = None  # ...at the onset of the last rest (onsets[-1])
        self.u_floor = None  # ...at the first rest after the set's last counted rep ended (_drop_step)
        self.floor_rep = None  # ...that rep (set by the detector)
        self.u_at: dict = {}  # ...at the onset of each rest in onsets (by its time; _lost_descent)
        self.keep_from = 0.0  # ...and the trusted reset its stretch starts from
        self.drops: list[list[float]] = []  # [first, last] bridged grid sample of recent dropouts
        self.lost_t: float | None = None  # the suspect _lost_descent set (late_reps checks the ascent)
        self.lost_t0 = 0.0  # ...and the start of its stretch
        self.ramp_t: float | None = None  # start of the last drift ramp taken off (_drift_ramp)
        self.ramp_end = 0.0  # ...and its end
        self.ramp_wait = None  # (onset, error, stillness) of a rest bout not yet proven a rest
        self.chain = None  # (last B, A's end, B onsets): resets _chain found false
        self.ch_a = None  # onset entry of a short reset that removed >= relook_min_cut ...
        self.ch_nil = []  # ...and the short near-nil resets since (_chain)

    def bridged(self, t: float, t0: float) -> None:
        """The grid sample at t was bridged across the dropout whose first bridged
        sample was at t0 (its acceleration interpolated, not measured)."""
        drops = self.drops
        if drops and drops[-1][0] == t0:
            drops[-1][1] = t
        else:
            drops.append([t0, t])
            if len(drops) > 4:
                del drops[0]

    def push(self, t: float, v: float, rest: int):
        """One grid sample (``rest`` as from the kinematics). At the onset of a
        zero-velocity update, once a correction has been made in the buffer, returns
        (time of the correction, ts, corrected vs) to look at again, else None."""
        self.buf.append((t, v))  # (the deque drops the oldest sample when full)
        if not rest:
            self.prev_rest = 0
            return None
        if self.prev_rest:
            if self.onsets:
                self.onsets[-1][2] += 1  # the last rest bout goes on
                if (self.ramp_wait is not None and len(self.onsets) == 2
                        and self.onsets[-1][2] * self.dt > self.cfg.relook_false_rest_s):
                    # this bout has lasted: a real rest (_correct's bound), its velocity a zero
                    suspect = self.suspect
                    self._drift_ramp(*self.ramp_wait)
                    self.ramp_wait = None
                    if self.suspect is not suspect:
                        return self._result()
            return None
        self.prev_rest = rest
        buf = self.buf
        # onsets and a correction older than the buffer are no longer usable
        t_old = buf[0][0]
        if self.onsets and self.onsets[0][0] < t_old:
            self.onsets = [o for o in self.onsets if o[0] >= t_old]
        if self.suspect is not None and self.keep_from < t_old:
            self.suspect = None
        n = len(buf)
        r = buf[n - 2][1] if n >= 2 else 0.0  # the velocity this reset removes
        if self.ch_a is not None and self.ch_a[0] < t_old:
            self.ch_a, self.ch_nil = None, []
        self._chain_step()
        if self.onsets:
            suspect = self.suspect
            self._correct(t, r, rest)
            if self.suspect is suspect and self.ramp_wait is not None and len(self.onsets) == 2:
                # the short bout before this one was no false reset: its velocity was a zero
                self._drift_ramp(*self.ramp_wait)
            self.ramp_wait = None
            if self.suspect is suspect:
                self._drop_step(t, r, rest)
            if self.suspect is suspect:
                self._lost_descent(t, r)
            if self.suspect is suspect:
                # a drift ramp up to this bout, once it proves a rest: it lasts, or the
                # next rest does not find it false (above and _correct)
                self.ramp_wait = (t, r, rest)
        self.onsets.append([t, r, 1])
        self.onset_u = self.u
        self.u_at = {o[0]: self.u_at.get(o[0]) for o in self.onsets[:-1]}
        self.u_at[t] = self.u
        if len(self.onsets) > 2:
            del self.onsets[0]
        # keep the samples from the trusted reset before this one on, and those of the
        # stretch with a correction in it (its rep may end only after this rest)
        t_keep = self.onsets[0][0]
        if self.suspect is not None and self.keep_from < t_keep:
            t_keep = self.keep_from
        if self.ch_a is not None and self.ch_a[0] < t_keep:
            t_keep = self.ch_a[0]  # (_chain may put A right at a later rest)
        while buf and buf[0][0] < t_keep:
            buf.popleft()
        return self._result()

    def _result(self):
        if self.suspect is None:
            return None
        buf = self.buf
        return self.suspect, [b[0] for b in buf], [b[1] for b in buf]

    def _correct(self, tb: float, rb: float, still_n: int) -> None:
        """The reset at tb removed rb: was the reset before it false? Then correct the
        buffered velocity in place."""
        cfg = self.cfg
        buf = self.buf
        lim = cfg.relook_min_err
        if -lim < rb < lim:
            return
        tb0 = tb - (still_n - 1) * self.dt  # the stillness began (true velocity zero)
        ta, va, na = self.onsets[-1]  # the reset before this one
        if (len(self.onsets) == 2 and na * self.dt <= cfg.relook_false_rest_s
                and (va >= cfg.relook_min_cut or va <= -cfg.relook_min_cut) and rb * va < 0
                and cfg.relook_ratio[0] <= -rb / va <= cfg.relook_ratio[1] and tb0 > ta):
            # the reset at ta was false: put back what it removed, spread the rest of
            # the error up to the stillness; ta is no rest, the stretch starts before it
            span = tb0 - ta
            d = rb + va
            for j, (tj, vj) in enumerate(buf):
                if tj >= ta:
                    f = (tj - ta) / span
                    buf[j] = (tj, vj + va - d * (f if f < 1.0 else 1.0))
            del self.onsets[-1]
            self.suspect = ta
            self.keep_from = self.onsets[0][0]
            self.ch_a, self.ch_nil = None, []  # (A put right: no chain from it)
            return
        self._chain(tb0, rb)

    def _chain(self, tb0: float, rb: float) -> None:
        """(Round 10, helper WDL.) Short resets since the last trusted rest: the first
        (A) removed a coasting pull's speed, the ones after it (B...) removed next to
        nothing, and this rest finds A's velocity back with the opposite sign. A false
        reset in a touch-and-go pull's steady middle leaves the velocity low by what it
        removed; the next pull's steady middle then reads about zero, and the rest test
        resets that "zero" too (a real speed of 0.4-0.6 m/s, read as none), and so on
        pull after pull. The B resets hide A's error from the one-reset test above (their
        cuts are too small to be doubted, A is no longer the reset before this one), so
        all were false: put back what each removed from its onset on, spread the
        remaining difference up to the stillness, and look again at the stretch from A:
        a rep that spans a B and starts after A (the pull A cut the live pass saw and
        judged; found again from A, it began at the buffer's start)."""
        cfg = self.cfg
        a, nil = self.ch_a, self.ch_nil
        if a is None or not nil or not self.deadlift or not cfg.relook_chain:
            return  # (a touch-and-go pull's coasting middle; a squat set's failed rep or
            # a chest's stand-up and walk-off after a deadlift set also chain resets)
        ta, va, na = a
        vt = va + sum(o[1] for o in nil)  # all the chain removed
        if rb * vt >= 0 or not cfg.relook_ratio[0] <= -rb / vt <= cfg.relook_ratio[1]:
            return
        if not tb0 > nil[-1][0]:
            return
        buf = self.buf
        span = tb0 - ta
        d = rb + vt
        steps = [(ta, va)] + [(o[0], o[1]) for o in nil]
        for j, (tj, vj) in enumerate(buf):
            if tj >= ta:
                f = (tj - ta) / span
                add = 0.0
                for tk, vk in steps:
                    if tj >= tk:
                        add += vk
                buf[j] = (tj, vj + add - d * (f if f < 1.0 else 1.0))
        self.onsets = []
        self.suspect = nil[-1][0]
        self.chain = (nil[-1][0], ta + (na - 1) * self.dt, [o[0] for o in nil])
        self.keep_from = ta
        self.ch_a, self.ch_nil = None, []

    def _chain_step(self) -> None:
        """At a reset's onset: the bout before it has ended; extend or restart the chain
        of short resets that _chain judges (A, then near-nil B's)."""
        cfg = self.cfg
        if not self.onsets:
            self.ch_a, self.ch_nil = None, []
            return
        p = self.onsets[-1]  # (its bout is over: its length is known)
        short = p[2] * self.dt <= cfg.relook_false_rest_s
        if self.ch_a is not None and short and -cfg.relook_chain_nil < p[1] < cfg.relook_chain_nil:
            self.ch_nil.append(p)
            return
        self.ch_a, self.ch_nil = None, []
        if short and (p[1] >= cfg.relook_min_cut or p[1] <= -cfg.relook_min_cut):
            self.ch_a = p

    def _drop_step(self, tb: float, rb: float, still_n: int) -> None:
        """The rest at tb finds rb of velocity error, and the only dropout since the
        rest before was short: the straight line bridging it over a squat's bounce or a
        pull's drive left that error as a step (the acceleration measured before and
        after it is right; docs/algorithm.md, Gaps). Take rb off from the dropout on
        (a ramp across it) and look again at the stretch from the rest before."""
        cfg = self.cfg
        if not (self.squat or self.deadlift or self.first) or -cfg.relook_min_cut < rb < cfg.relook_min_cut:
            return  # (in an open set, whose exercise is known, or before a set: first_s)
        ta, _, na = self.onsets[-1]  # the rest before this one: trusted
        ua = self.onset_u
        tb0 = tb - (still_n - 1) * self.dt  # the stillness began (true velocity zero)
        if self.deadlift and len(self.onsets) == 2:
            ta1 = ta + (na - 1) * self.dt
            if any(d[0] <= ta1 <= d[1] for d in self.drops):
                # the rest before ended inside the dropout: its end was not measured (the
                # bridge line is as flat as a rest; t5 sim-5-0191, -0004: a deadlift's top
                # hold running into a dropout over the lowering's start). The stretch and
                # the turn test start from the rest before it, on the floor, where the
                # rep began (docs/algorithm.md, "A dropout's velocity step")
                ta, _, na = self.onsets[0]
                ua = self.u_at.get(ta)
        if self.deadlift or self.first:
            # A deadlift rep starts and ends with the hands on the bar on the floor: the
            # sensor rests turned as it did at the rest before (within
            # relook_drop_turn_deg). The lifter standing up after the set and walking
            # off, across a dropout, ends turned away (a trusted "pull", then a
            # "lowering" the step made). Before a set, either exercise's first rep ends
            # as it began (standing, or at the bar); an approach or a walk across a
            # dropout ends turned (t6 sim-6-0340: a thigh walking to the bar).
            ub = self.u
            if ua is None or ub is None or (ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]
                                            < self._cos_turn):
                return
            # ...and that rest is the floor's: turned as the sensor rested right after the
            # set's last counted rep was lowered. A stand-up after the set ends at a
            # standing rest turned like a lockout; the walk-off from there ends standing
            # too, and the two standing rests agree (t6 sim-6-0036 thigh: floor and
            # standing 60 deg apart, the walk-off a "rep" across a 0.28 s dropout).
            uf = self.u_floor
            if uf is not None and ua[0] * uf[0] + ua[1] * uf[1] + ua[2] * uf[2] < self._cos_turn:
                return
        ta1 = ta + (na - 1) * self.dt  # ...it ended here
        inside = [d for d in self.drops if ta1 < d[0] and d[1] < tb0]
        if len(inside) != 1 or inside[0][1] - inside[0][0] > cfg.relook_drop_max_s:
            return
        d0, d1 = inside[0]
        buf = self.buf
        if self.first:
            # before a set the stretch may hold an unrack or a walkout, which need not
            # end at the height it began (t4 sim-4-0230): the error spread as a ramp
            span = d1 - d0 + self.dt
            for j in range(len(buf) - 1):
                tj, vj = buf[j]
                if tj >= d0:
                    f = (tj - d0 + self.dt) / span
                    buf[j] = (tj, vj - rb * (f if f < 1.0 else 1.0))
        else:
            # In an open set the stretch is one rep from rest to rest, at the height it
            # began (the floor; standing): where inside the dropout the error entered
            # is where a step of rb leaves the stretch with no net travel. A ramp across
            # the dropout (the step at its middle) took 0.26 m off a fast pull's 0.43 m
            # (t5 sim-5-0484: a 0.5 s pull, its top inside a 0.24 s dropout, +2.1 m/s).
            z = 0.0
            for j in range(len(buf) - 1):
                tj, vj = buf[j]
                if ta1 < tj < tb0:
                    z += vj
            tau = tb0 - z * self.dt / rb
            tau = d0 if tau < d0 else d1 if tau > d1 else tau  # (inside the dropout)
            for j in range(len(buf) - 1):
                tj, vj = buf[j]
                if tj >= tau:
                    buf[j] = (tj, vj - rb)
        self.suspect = d0
        self.keep_from = ta
        self.first_look = self.first
        self.still_t = tb0

    def first_s(self, ts: list, vs: list, t_from: float) -> int | None:
        """Before a set: the exercise sign of the first movement after the trusted rest
        (a squat goes down first, a pull up), in the corrected velocity."""
        vp = self.cfg.v_phase
        for j in range(len(ts)):
            if ts[j] > t_from:
                if vs[j] > vp:
                    return 1
                if vs[j] < -vp:
                    return -1
        return None

    def _lost_descent(self, tb: float, rb: float) -> None:
        """The rest at tb finds rb of upward velocity error in an open squat set, with
        no false reset or dropout to explain it: a gentle descent the rest test held "at
        rest" while the level followed it (docs/algorithm.md, Limits, light squats (a)).
        Its speed is lost as a step where the movement left that rest, and the level it
        taught drifts on as a ramp: error(t) = e0 + k (t - t0). A squat starts and ends
        standing, so the stretch from that rest to this one rises by nothing: with the
        error at tb (rb) that fixes both e0 and k. Take that off and look again."""
        cfg = self.cfg
        if not self.squat or rb < cfg.relook_min_cut:
            return
        dt = self.dt
        ta, _, na = self.onsets[-1]
        if na * dt <= cfg.relook_false_rest_s and len(self.onsets) == 2:
            ta, _, na = self.onsets[0]  # a short bout inside the descent: from the rest before
        t0 = ta + na * dt  # the first moving sample after that rest
        # A rep ends standing as it began: the sensor rests turned as it did (a bar never
        # turns, lost_turn_deg). Standing up from a seat rises by its own height, which
        # the "rises by nothing" below would turn into a rep, and ends turned.
        ua, ub = self.u_at.get(ta), self.u
        if ua is None or ub is None:
            return
        dot = ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]
        if dot < self._cos_lost:
            return
        T = tb - t0
        if not cfg.lost_span_s[0] <= T <= cfg.lost_span_s[1]:
            return
        buf = self.buf
        z = 0.0
        for j in range(len(buf) - 1):
            if buf[j][0] >= t0 - 1e-9:
                z += buf[j][1] * dt
        e0 = 2.0 * z / T - rb
        if e0 < cfg.relook_min_cut:
            return  # no descent's speed lost at the start: drift of another kind
        k = (rb - e0) / T
        tpk = None
        wpk = 0.0
        for j in range(len(buf) - 1):
            tj, vj = buf[j]
            if tj >= t0 - 1e-9:
                vj -= e0 + k * (tj - t0)
                buf[j] = (tj, vj)
                if vj > wpk:
                    wpk, tpk = vj, tj
        if tpk is None:
            return
        self.suspect = self.lost_t = tpk  # (the rep found must hold the ascent's peak)
        self.lost_t0 = t0
        self.keep_from = ta

    def _drift_ramp(self, tb: float, rb: float, still_n: int) -> None:
        """The rest at tb finds rb of velocity error in an open deadlift set, with no
        false reset and no dropout step to blame: the velocity drifted between the two
        rests (a rest level a little off for the sensor's orientation in the pull, 0.01-
        0.03 g, integrates into 0.3-0.6 m/s over a touch-and-go stretch; docs/algorithm.md,
        Limits). A constant acceleration error grows the velocity error linearly from
        the rest before, where it was zero, to this rest's stillness, where it is rb: take
        that ramp off and look again at the stretch (its pulls integrate shorter, its
        lowerings longer when rb > 0, so a pull and its lowering agree again)."""
        cfg = self.cfg
        if not self.deadlift or -cfg.dld_ramp_min_err < rb < cfg.dld_ramp_min_err:
            return
        ta, _, na = self.onsets[-2]  # the rest before this one: the ramp's zero
        if na * self.dt < cfg.dld_ramp_min_rest_s:
            return  # too short a bout to be sure the sensor stood still (a false reset)
        ta1 = ta + (na - 1) * self.dt  # ...it ended here
        tb0 = tb - (still_n - 1) * self.dt  # the stillness began (true velocity zero)
        span = tb0 - ta1
        if span <= self.dt or span > cfg.dld_ramp_max_s:
            return
        if any(ta1 < d[1] and d[0] < tb0 for d in self.drops):
            return  # a dropout's error is a step, not a ramp (_drop_step)
        if rb > cfg.dld_ramp_max_bias * span or rb < -cfg.dld_ramp_max_bias * span:
            return  # faster than a rest level's error grows it: a walk-off's swing, a step
        buf = self.buf
        for j in range(len(buf)):
            tj, vj = buf[j]
            if tj >= tb:
                break  # (the rest bout itself is zeroed already)
            if tj > ta1:
                f = (tj - ta1) / span
                buf[j] = (tj, vj - rb * (f if f < 1.0 else 1.0))
        self.suspect = ta1
        self.ramp_t = ta1
        self.ramp_end = tb0
        self.keep_from = ta

    def find(self, ts: list, vs: list, s: int) -> list[Found]:
        """The rep-shaped movements in a corrected stretch (w = s*v), by the live
        machine's tests of geometry and speed (the caller applies the set-level ones)."""
        cfg = self.cfg
        vp = cfg.v_phase
        dt = self.dt
        IDLE, OUT, PAUSE, RET = 0, 1, 2, 3
        st = IDLE
        y = 0.0
        pw = 0.0
        pt = None
        found: list[Found] = []
        y0 = ypk = wpk = ymin = wrpk = 0.0
        t_out0 = t_out1 = t_ret0 = 0.0

        def cross(t, w, pw, lvl):
            if pt is None or w == pw:
                return t
            f = (lvl - pw) / (w - pw)
            f = 0.0 if f < 0.0 else 1.0 if f > 1.0 else f
            return pt + f * (t - pt)

        for j in range(len(ts)):
            t = ts[j]
            w = s * vs[j]
            y += w * dt
            if st == IDLE:
                if w > vp:
                    st = OUT
                    t_out0 = cross(t, w, pw, vp)
                    y0 = y - w * (t - t_out0)
                    ypk, wpk = y, w
            elif st == OUT:
                if y > ypk:
                    ypk = y
                if w > wpk:
                    wpk = w
                if ypk - y0 > cfg.rom_max_m or wpk > cfg.v_max:
                    st = IDLE
                elif w < vp and ypk - y0 < cfg.false_start_m:
                    st = IDLE
                elif w < vp:
                    t_out1 = cross(t, w, pw, vp)
                    st = PAUSE
                    if w < -vp:
                        st, t_ret0, ymin, wrpk = RET, cross(t, w, pw, -vp), y, -w
            elif st == PAUSE:
                if w > vp:
                    st = OUT
                elif w < -vp:
                    st, t_ret0, ymin, wrpk = RET, cross(t, w, pw, -vp), y, -w
                elif t - t_out1 > cfg.max_hold_s:
                    st = IDLE
            elif st == RET:
                if y < ymin:
                    ymin = y
                if -w > wrpk:
                    wrpk = -w
                ve = max(vp, cfg.end_frac * wrpk)
                if w > -vp and ypk - ymin < cfg.false_start_m:
                    st = PAUSE
                elif w > -ve:
                    st = IDLE
                    rom, ret = ypk - y0, ypk - ymin
                    if ret >= cfg.return_frac * rom and wrpk >= cfg.v_move and wpk >= cfg.v_move:
                        found.append(Found(t_out0, t_out1, t_ret0, cross(t, w, pw, -ve), rom, ret))
            pw, pt = w, t
        return found

    def late_reps(self, look, s: int, sets: SetTracker, live_t0: float | None, vetoed,
                  rom_min: float, reports_bar: bool, emitted_t: float,
                  settle_t: float | None = None) -> list[Rep]:
        """The reps of the open set (exercise sign s) found in the corrected velocity of
        ``look`` (push's result) that span the reset found false and that the live pass
        did not count; each is added to ``sets``. Only within an open set, whose exercise
        is known and whose reps give the partial test its reference: before a set, the
        unrack, walkout and setup are what such a pass would find (a false reset is not
        looked at there; a dropout's step is, under _drop_step's and
        Detector._first_late's conditions). ``live_t0``: start of
        the movement the live pass is still judging (None: idle); ``vetoed``: the
        (t_start, t_end) of movements it saw whole and rejected; ``settle_t``: a rep
        must end after it (Detector._first_late)."""
        t_h, ts, vs = look
        cfg = self.cfg
        best = sets.best_rom
        lost = t_h == self.lost_t
        if lost and any(r.t_end > self.lost_t0 for r in sets.reps[-2:]):
            # a rep counted in the stretch: the live pass saw the movement there, and the
            # error is its drift, not a lost descent's (t6 sim-6-0062: a wrist's stand-up
            # after a deadlift set misread as squats, 1.0 m "reps" of drift)
            return []
        out: list[Rep] = []
        ramp = t_h == self.ramp_t
        for f in self.find(ts, vs, s):
            if ramp:
                if f.t_out0 <= t_h or f.t_out1 > self.ramp_end + cfg.rep_overlap_s:
                    continue  # a pull outside the ramp: not corrected (its lowering may
                    # follow the closing rest: a top hold, measured from its zero)
                if best is None:
                    continue  # the set's reps were not measured by displacement: no ROM to agree with
            elif not (f.t_out0 < t_h < f.t_end or (
                    self.chain is not None and t_h == self.chain[0]
                    and any(f.t_out0 < tk < f.t_end for tk in self.chain[2]))):
                continue  # not the movement the correction is about
            elif self.chain is not None and t_h == self.chain[0] and (
                    f.t_out0 <= self.chain[1] or f.rom < cfg.relook_return_frac * f.ret):
                continue  # (_chain) a pull under way at A: the live pass saw it, cut at A;
                # or a "lowering" far longer than the pull: with the velocity put right a
                # deadlift ends on the floor it left (t6 sim-6-0229, a chest standing up
                # and walking off after the set: 0.12 m up, 1.08 m down)
            if lost and (best is None or not rom_min <= f.ret <= cfg.cut_rise_max_frac * best
                         or f.rom > cfg.cut_rise_max_frac * best):
                continue  # the descent and ascent must have the set's size
            if settle_t is not None and f.t_end < settle_t:
                continue  # it moved on before the rest that measured the step
            if live_t0 is not None and f.t_end > live_t0 + cfg.rep_overlap_s:
                continue  # the live pass is still judging this movement
            if f.rom < rom_min or f.ret < cfg.relook_return_frac * f.rom:
                continue
            if any(d1 - d0 > cfg.relook_drop_max_s and d0 < f.t_end and f.t_out0 < d1
                   for d0, d1 in self.drops):
                continue  # a long dropout inside: its bridge hides an unknown step (t3 sim-3-0425)
            if any(min(b, f.t_end) - max(a, f.t_out0) > 0.5 * min(b - a, f.t_end - f.t_out0)
                   for a, b in vetoed):
                continue  # the live pass saw it whole and rejected it: not a drift victim
            if best is not None and f.rom < cfg.partial_frac * min(best, cfg.partial_ref_max_m):
                continue
            if any(min(r.t_end, f.t_end) - max(r.t_start, f.t_out0)
                   > 0.5 * min(r.t_end - r.t_start, f.t_end - f.t_out0) for r in sets.reps[-8:]):
                continue  # counted already
            squat = s < 0
            out_d, pause_d, ret_d = f.t_out1 - f.t_out0, f.t_ret0 - f.t_out1, f.t_end - f.t_ret0
            ecc, conc = (out_d, ret_d) if squat else (ret_d, out_d)
            conc_dist = f.ret if squat else f.rom
            rep = Rep(set=len(sets.sets) + 1, rep=len(sets.reps) + 1,
                      exercise="squat" if squat else "deadlift",
                      t_start=f.t_out0, t_end=f.t_end, eccentric_s=ecc, pause_s=pause_d,
                      concentric_s=conc, tut_s=ecc + pause_d + conc,
                      mcv_mps=(conc_dist / conc if conc > 0 else None) if reports_bar else None,
                      rom_m=f.rom if reports_bar else None,
                      emitted_t=emitted_t, lockout_t=f.t_end if squat else f.t_out1)
            sets.add(rep)
            out.append(rep)
        return out
