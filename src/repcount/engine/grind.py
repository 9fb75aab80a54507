"""A squat grind on a sensor that does not turn (a bar), its ascent cut by a false
zero-velocity update: counted late, once what follows shows the lifter stood up with
the bar.

In a grind (slow last reps of a set: concentric 1.5-4 s, a sticking region where the
bar nearly stops) a reset can fire in the sticking region and remove the 0.2-0.4 m/s
ascent. The rest of the ascent then integrates that much too low: its deceleration into
lockout reads as the bar going back down, and the live machine drops the candidate in
STALL as a failed rep sinking onto the pins (detector._on_stall). A sensor that turns
with depth (wrist, trunk) tells the two apart by turning back (detector._not_back); a
bar does not turn.

What follows does tell them apart. The velocity between two resets is a short integral
of the acceleration, free of drift:

- a failed rep sinks onto the pins: the bar accelerates down, then stops on the pins;
  the velocity falls and comes back up (a *rebound*) before the rest, and the bar then
  lies on the pins, still: the lifter lets go of it.
- the grind's last stretch is its deceleration into lockout: the velocity falls and the
  rest catches it there (a *tail*: no rebound), by about the velocity the false reset
  removed, with the opposite sign (the same evidence as the second look, relook.py).
  The lifter then stands with the bar on the back: a walk-in to the rack (steps bob the
  bar by 1-2 cm) or the set's next movement moves it a little.

So the dropped candidate is kept aside (``Grind.start``) and counted when a tail is
followed, within ``grind_wait_s`` of the drop, by a small movement (peak speed at least
``v_phase``, below ``grind_big_v``) that ends at a rest; it is forgotten if a big
movement (a sink onto the pins, a new rep) follows the tail, if a rep is counted
meanwhile, at a bridged gap, or when the wait runs out. A rebound before the tail (a
grind with a second sticking region) does not decide anything: the failed rep's sink is
told by what comes after it (nothing: the bar lies on the pins).
"""

from __future__ import annotations

from .config import EngineConfig


class Grind:
    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.cfg = cfg
        self.dt = dt
        self.cand: tuple | None = None  # (t_out0, t_out1, t_ret0, rom) of the dropped candidate
        self.t_drop = 0.0
        self.cut = 0.0      # upward velocity the false reset in the ascent removed (m/s)
        self.n_reps = 0     # reps in the set when the candidate was dropped
        self.t_tail: float | None = None  # the stillness after a tail began (lockout)
        self.seg_min = 0.0  # least velocity since the last rest
        self.seg_abs = 0.0  # ...and largest |velocity|
        self.pv = 0.0
        self.prev_rest = True

    def consider(self, t: float, cand: tuple, onsets, s: int, n_reps: int) -> None:
        """The detector dropped cand (t_out0, t_out1, t_ret0, rom) at t, a full squat
        (mirror sign s) in an open set of n_reps reps: keep it aside if a reset that
        removed at least relook_min_cut of upward speed cut its ascent (onsets: the
        resets the second look knows, relook.Relook.onsets)."""
        t_ret0 = cand[2]
        # upward speed removed by a reset in the ascent (the last two resets are known)
        cut = max([-s * r for tr, r, _ in onsets if t_ret0 <= tr <= t], default=0.0)
        if cut < self.cfg.relook_min_cut:
            return
        self.start(t, cand, cut, n_reps)

    def start(self, t: float, cand: tuple, cut: float, n_reps: int) -> None:
        self.cand = cand
        self.t_drop = t
        self.cut = cut
        self.n_reps = n_reps
        self.t_tail = None
        self.seg_min = 0.0
        self.seg_abs = 0.0
        self.prev_rest = False

    def step(self, t: float, v: float, rest: int, n_reps: int, blind: bool) -> tuple | None:
        """One grid sample (vertical velocity v, up positive; rest as from the
        kinematics). Returns (candidate, lockout time) when the grind is proven."""
        cfg = self.cfg
        pv, self.pv = self.pv, v
        if t - self.t_drop > cfg.grind_wait_s or n_reps != self.n_reps or blind:
            self.cand = None
            return None
        if not rest:
            self.prev_rest = False
            if v < self.seg_min:
                self.seg_min = v
            a = v if v > 0.0 else -v
            if a > self.seg_abs:
                self.seg_abs = a
            return None
        if self.prev_rest:
            return None
        # a rest begins: the stretch since the last one ended, with velocity pv left
        self.prev_rest = True
        m, a = self.seg_min, self.seg_abs
        self.seg_min = self.seg_abs = 0.0
        big = cfg.grind_big_v
        if a >= big:
            if self.t_tail is not None:
                self.cand = None  # a big movement after the "lockout": a sink, a new rep
            elif (m <= -big and pv - m < 0.5 * -m
                  and cfg.relook_ratio[0] <= -pv / self.cut <= cfg.relook_ratio[1]):
                self.t_tail = t - rest * self.dt  # the stillness began: lockout
            return None
        if a >= cfg.v_phase and self.t_tail is not None:
            cand, self.cand = self.cand, None
            return cand, self.t_tail
        return None
