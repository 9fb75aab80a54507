"""A squat whose ascent integrated as more descent: counted once the "descent" goes
farther below the bottom than a squat can go.

In a grind (slow last reps of a set: concentric 1.5-4 s, a sticking region where the
bar nearly stops) the ascent's small, steady acceleration is as flat in |f| as a rest.
The rest test then holds "rest" through part of the ascent and the rest level learns
|f| there, above 1 g while the lifter drives up; from then on the ascent's steady speed
and its deceleration into lockout integrate as the sensor going *down* (0.3-1.1 m of
"descent" after the bottom, on bars, wrists and chests alike). The live machine sees a
full descent, a return that stalls or never starts, then a descent that "goes on": it
drops the candidate (a failed rep sinking, a descent that rested and went on) and
follows the phantom descents, which it drops too.

Physics tells it: at the bottom of a squat the lifter sits as deep as the squat goes;
below that are the pins, a few cm down (a failed rep sinks onto them), never another
half of the descent. So when the sensor, after a full descent the machine dropped once
its return had begun, integrates farther below that bottom than ``deep_frac`` of the
descent, within ``deep_wait_s``, the "descent" may be the ascent misread. The rest that
ends that movement decides: the phantom ends at standing still "going down" at the
speed the wrong level added up, all of its speed (a ramp into a plateau, no
deceleration: ``deep_min_err``, ``deep_tail_frac``), while a real movement down (a
failed rep dumped onto the pins) decelerates before it stops, and its integrated speed
comes back towards zero first. The detector then checks that the sensor rests turned as
the squat began (standing with the bar) and counts the rep, its lockout where that
rest's stillness began (Detector._deep_hold, _deep_rep).

When the phantom continues the descent with no return between (the speed only comes to
~0 at the bottom), the machine drops the whole run for going past rom_max_m instead:
``hold_run`` follows it to its near-stop, the real bottom, and holds it from there.
"""

from __future__ import annotations

from .config import EngineConfig


class Deep:
    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.cfg = cfg
        self.dt = dt
        self.pv = 0.0
        self.seg_min = 0.0  # least velocity since the last rest (or the drop)
        self.prev_rest = 0
        self.cand: tuple | None = None  # (t_out0, t_out1, t_ret0, rom) of the dropped squat
        self.y_bot = 0.0    # height (down positive) of its bottom
        self.t_drop = 0.0
        self.n_reps = 0     # reps in the set when it was dropped
        self.crossed = False  # the sensor went deep_frac below its bottom since
        self.after = 0.0    # candidates starting before this are no new descent (a counted phantom)
        self.u0: list[float] | None = None  # gravity direction where it began
        self.c_turn = 1.0   # ...and the cosine of the most it turned from there
        self.run: tuple | None = None  # (t_drop, t_out0, rom, n_reps, u0, c_turn): a runaway descent
        self.pend: tuple | None = None  # (GRIND) a shallow phantom's (lockout, rest onset, height)
        self.pend_ymax = 0.0  # ...the lowest the sensor went since (down positive)
        self.pend_moved = False  # ...and whether it moved since that rest
        self.u_lock: list[float] | None = None  # gravity direction at the proving rest

    def hold(self, t: float, cand: tuple, y_bot: float, n_reps: int, u0: list[float] | None,
             c_turn: float) -> None:
        """The detector dropped cand (a full squat descent, in an open set of n_reps reps)
        at t, its bottom at height y_bot (down positive); the sensor's gravity direction
        was u0 where it began, and c_turn the cosine of the most it turned since. The
        first one is kept: the phantom descents after it are dropped too, and are no new
        descent (nor is one that began before a phantom counted: ``after``)."""
        if self.cand is not None or cand[0] < self.after:
            return
        self.cand = cand
        self.y_bot = y_bot
        self.t_drop = t
        self.n_reps = n_reps
        self.u0 = u0
        self.c_turn = c_turn
        self.crossed = False
        self.prev_rest = 0
        self.seg_min = 0.0
        self.pend = None

    def hold_run(self, t: float, t_out0: float, rom: float, n_reps: int, u0: list[float] | None,
                 c_turn: float) -> None:
        """A squat descent (begun at t_out0, in an open set of n_reps reps whose descents
        are rom deep) ran farther than any lift and was dropped at t, still going down:
        its phantom may continue it without a return. If it comes to a near-stop (the
        real bottom) within deep_run_s, before any rest, it is held from there as a
        dropped candidate (hold), its bottom at that near-stop."""
        if self.cand is not None or self.run is not None or t_out0 < self.after:
            return
        self.run = (t, t_out0, rom, n_reps, u0, c_turn)

    def run_step(self, t: float, y: float, v: float, rest: int, n_reps: int, blind: bool) -> None:
        t_drop, t_out0, rom, n0, u0, c_turn = self.run
        if rest or blind or n_reps != n0 or t - t_drop > self.cfg.deep_run_s:
            self.run = None  # a real stop, a gap, a rep counted, or no bottom in time
            return
        if v > -self.cfg.deep_stop_v:
            self.run = None
            self.hold(t, (t_out0, t, t, rom), y, n0, u0, c_turn)

    def step(self, t: float, y: float, v: float, rest: int, n_reps: int, blind: bool,
             u: list[float] | None = None) -> float | None:
        """One grid sample at height y (down positive), vertical velocity v (up
        positive), rest samples as from the kinematics. Returns the lockout time once
        the candidate is proven; forgets it when the wait runs out, a rep is counted
        meanwhile, at a bridged gap, or when the movement that went too deep comes to a
        rest that finds its velocity consistent (a real stop: a sink onto the pins).
        u is the sensor's gravity direction; u_lock keeps it at the rest that proves
        the rep (how the sensor rests there, for Detector._deep_rep)."""
        pv, self.pv = self.pv, v
        if rest:
            seg_min = self.seg_min
            self.seg_min = 0.0
        elif v < self.seg_min:
            self.seg_min = v
        if t - self.t_drop > self.cfg.deep_wait_s or n_reps != self.n_reps or blind:
            self.cand = None
            self.pend = None
            return None
        cfg = self.cfg
        onset = rest and not self.prev_rest
        self.prev_rest = rest
        if self.pend is not None:
            return self._pend_step(t, y, rest, onset)
        shallow = False
        if not self.crossed:
            if y - self.y_bot > cfg.deep_frac * self.cand[3]:
                self.crossed = True
            elif onset and y - self.y_bot > cfg.deep_shallow_frac * self.cand[3]:
                shallow = True  # (GRIND) not that deep: decided by what follows
            else:
                return None
        if not onset:
            return None
        # The rest after the phantom: the ascent ended at standing, still "going down"
        # at the speed the wrong rest level added up, which the reset removes. A sink
        # onto the pins stops for real: its integrated speed comes back to ~0 first.
        if -pv < cfg.deep_min_err or -pv < cfg.deep_tail_frac * -seg_min:
            if not shallow:
                self.cand = None
            return None
        if shallow:
            # (GRIND) a failed rep's creeping stall reads so too, and its sink onto the
            # pins follows: decided by what comes after this rest (_pend_step)
            self.pend = (t - rest * self.dt, t, y)
            self.u_lock = u  # (standing there, not where the wait ends)
            self.pend_ymax = y
            self.pend_moved = False
            return None
        self.u_lock = u
        return t - rest * self.dt  # the stillness began: lockout

    def _pend_step(self, t: float, y: float, rest: int, onset: bool) -> float | None:
        """(GRIND) A shallow phantom's rest was found (pend: the lockout, the rest's
        onset, the height there). A failed squat's stall, crept through, reads like a
        grind's sticking region, but the bar then sinks onto the pins, a short way
        down (its stall was 25-45 % up), and lies there. A grind ended standing: the
        lifter stands still with the bar, walks in, or goes down into the next rep, a
        full descent. So: proven once the rest lasts deep_pend_rest_s, or the movement
        after it goes down farther than deep_sink_frac of the descent (the next rep),
        or ends at a rest without going down deep_sink_min_m; forgotten when it ends
        having gone down between (a sink)."""
        t_lock, t_on, y0 = self.pend
        cfg = self.cfg
        rom = self.cand[3]
        if rest and not self.pend_moved:
            if t - t_on >= cfg.deep_pend_rest_s:
                self.pend = None
                return t_lock
            return None
        if not rest:
            self.pend_moved = True
            if y > self.pend_ymax:
                self.pend_ymax = y
            if self.pend_ymax - y0 > cfg.deep_sink_frac * rom:
                self.pend = None
                return t_lock
            return None
        if onset:
            self.pend = None
            if self.pend_ymax - y0 < cfg.deep_sink_min_m:
                return t_lock
            self.cand = None  # a sink onto the pins
        return None

