"""A deadlift's lowering proves its lift: a grinding pull cut by a false zero-velocity
update, counted when the bar comes back down.

The last reps of a heavy deadlift set grind: a 1.5-3.5 s pull with a sticking region
where the bar nearly stops. The rest test can take that region for stillness and reset
a real 0.2-0.4 m/s; the rest of the pull then integrates that much too low, the
detector sees a pull of 0.15-0.25 m (a partial or a failed rep), drops it and goes
idle, and the lowering that follows (0.4+ m) starts from "idle", where the machine only
looks for pulls. No test on the reset itself tells a false reset from a true one
(docs/algorithm.md, Limits).

What does tell: a bar cannot be lowered farther than it was lifted. The lowering is fast
(0.6-1.4 s) and integrates well; the pull is the slow part. So, in an open deadlift set
(its ROM known from the reps counted), a lowering that covers a good share of the set's
ROM (``cut_lower_frac``) and exceeds the pull that was measured by a good share of it
too (``cut_excess_frac``), shortly after a pull from the floor that the machine dropped,
is that pull's rep, if the lowering starts from a rest (the top hold). The dropped pull
is one that a reset cut while it was moving (``out_cut``), or one the machine saw end
(at least ``commit_min_pull_s`` long, not a step) short of the set's reps: a grind can
also integrate low without a reset inside it, when the rest level it started from was
off (seed 2: sim-2-0347). A failed rep returns only what it lifted (no excess); a
stand-up followed by sitting down (a wrist or trunk after the set) is measured whole
both ways (no excess either).

The phases follow the measured movements: the pull from its start; the hold from the
start of the last rest bout before the lowering (the top of a grind is as still as the
hold, so that bout holds both: the concentric comes out short and the hold long, TUT
unchanged); the lowering as measured. The rep is emitted at the end of the lowering,
1-1.5 s after its lockout: late, but only for these reps.

The squat mirror (the detector runs it in the mirrored frame, w = s*v): a squat's
gentle descent cut by a reset or frozen by the rest test into a few-cm "wobble" is
proven by its fast ascent, on a sensor riding with the bar (a trunk or thigh also rises
standing up from a failed rep on the pins), within ``cut_rise_max_frac`` of the set's
ROM and ``cut_squat_gap_s`` of its last rep; counted at the ascent's end, its lockout.

A touch-and-go pull can also go unseen: integrated flat or downwards (a wrist's rest
level off with its orientation, or one learned in a grind's sticking region, and no rest
in the set to correct it). The detector then arms this with a pull of zero travel from
the last rep's end (``unseen``) at the first rest after it, if that rest begins
``unseen_min_pull_s`` to ``unseen_pull_s`` later (sooner is the floor of a dead-stop
set), and only the lowering (``unseen_lower_frac`` of the set's ROM) proves it. On a
sensor known to ride with the bar, a floor rest (sooner than ``unseen_min_pull_s``: a
dead stop, or a heavy pull's slow start held "at rest") does not use up that first
rest: the pull starts where the floor rest ends, and the next rest, at least
``commit_min_pull_s`` later and within ``unseen_pull_s`` of the last rep, is its hold.

Whatever the proof, a sensor that rose more than ``rom_max_m`` above its height at the
drop while waiting for the lowering (a wrist letting go of the bar) cut no pull.
"""

from __future__ import annotations

from .config import EngineConfig


class CutPull:
    """The last cut pull the detector dropped in the open deadlift set, and the lowering
    tracked after it while the detector is idle."""

    def __init__(self, cfg: EngineConfig) -> None:
        self.cfg = cfg
        self.unseen_last = None  # the last rep whose following rest unseen_after judged
        self.floor_last = None   # the last rep whose floor rest (unseen_after) ...
        self.floor_end = 0.0     # ...ended then (the latest sample of it seen)
        self.clear()

    def clear(self) -> None:
        self.t0: float | None = None  # start of the cut pull (None: no cut pull pending)
        self.t1 = 0.0     # ...its end (the reset that cut it)
        self.rom = 0.0    # ...its measured travel (m)
        self.td = 0.0     # ...when the detector dropped it
        self.rest0: float | None = None  # start of the last rest bout since the pull ended
        self.low = False  # a lowering is under way
        self.l0 = 0.0     # ...its start time
        self.y0 = 0.0     # ...its start height (m)
        self.ymin = 0.0
        self.wpk = 0.0    # ...its peak downward speed (m/s)
        self.unseen = False  # no pull was seen: armed at the rest taken for its hold
        self.yd: float | None = None  # height (m) when the waiting began...
        self.rise = 0.0   # ...and the most the sensor rose above it while waiting

    def dropped(self, t0: float, t1: float, rom: float, td: float, unseen: bool = False) -> None:
        """The detector dropped (at td) a pull that a reset cut while it was moving
        (unseen: no pull was seen at all, td is the rest taken for its top hold)."""
        self.clear()
        self.t0, self.t1, self.rom, self.td = t0, t1, rom, td
        self.unseen = unseen

    def dropped_after(self, last, t0: float, t1: float, rom: float, td: float, squat: bool) -> None:
        """The detector just went idle (at td) on a pull (squat: a descent) from t0 to t1
        of travel rom in an open set whose last rep is last: a pull that a reset cut
        while it was moving (out_cut), or that it saw end (a pull of at least
        commit_min_pull_s, not a step) and then rejected (a partial, a return that
        stalled). Unless it was counted, remember it for its lowering. Only a pull from
        the floor, after the set's last rep; a squat's descent also within
        cut_squat_gap_s of it."""
        if last.t_start == t0 or t0 < last.t_end - self.cfg.rep_overlap_s:
            return
        if squat and t0 - last.t_end > self.cfg.cut_squat_gap_s:
            return
        # (a descent dropped while still going out has no end of its own: its rest at the
        # bottom, the part the rest test froze, may have begun right after its start)
        self.dropped(t0, t1 if t1 > t0 else t0, rom, td)

    def unseen_after(self, last, t_rest0: float, t: float, rigid: bool) -> None:
        """Idle, at time t in a rest from t_rest0, no pull seen since the open deadlift
        set's last rep last (not judged before): arm for an unseen pull (module
        docstring). rigid: the sensor is known to ride with the bar."""
        cfg = self.cfg
        t_end = last.t_end
        if t_rest0 - t_end < cfg.unseen_min_pull_s:
            # a rest that begins sooner than unseen_min_pull_s after the last rep is the
            # floor (a dead stop, or the slow start of a heavy pull that the rest test
            # held "at rest"). On a sensor riding with the bar the pull begins where it
            # ends, and the next rest may be its top hold; elsewhere (a body, a wrist
            # not latched rigid) what follows a floor rest is as often a failed rep or
            # the lifter letting go, so nothing is armed until the next rep.
            if rigid:
                self.floor_last, self.floor_end = last, t
                return
            self.unseen_last = last
            return
        # the first rest after the last rep (or after its floor), once (one after the
        # hold is not a hold)
        self.unseen_last = last
        if t_rest0 - t_end > cfg.unseen_pull_s:
            return
        t0 = t_end
        if self.floor_last is last:
            # the pull from the end of the floor rest: at least commit_min_pull_s (not a
            # step; the rest test has taken its slow start, and its lockout, for rest)
            t0 = self.floor_end
            if t_rest0 - t0 < cfg.commit_min_pull_s:
                return
        self.dropped(t0, t0, 0.0, t_rest0, unseen=True)

    def phases(self, t_end: float) -> tuple[float, float, float, float, float]:
        """The proven rep's phases, its lowering ending at t_end: (start of the hold,
        the pull's, the hold's and the lowering's durations, ROM = the lowering). The
        hold from the last rest bout before the lowering (the top of a grind is as still
        as the hold), else from the pull's end."""
        t_hold = self.rest0 if self.rest0 is not None and self.rest0 < self.l0 else min(self.t1, self.l0)
        return t_hold, t_hold - self.t0, self.l0 - t_hold, t_end - self.l0, self.y0 - self.ymin

    def waiting(self, y: float) -> None:
        """A sample while waiting for the lowering (height y, m)."""
        if self.yd is None:
            self.yd = y
        elif y - self.yd > self.rise:
            self.rise = y - self.yd

    def rest(self, t_rest0: float) -> None:
        """A rest bout (zero-velocity update) began at t_rest0 while waiting."""
        if not self.low and t_rest0 > self.t1 and (self.rest0 is None or t_rest0 > self.rest0):
            self.rest0 = t_rest0

    def expired(self, t: float) -> bool:
        """No lowering began within max_hold_s of the drop: what the reset cut was no
        pull still under way (a grind's remaining rise plus a hold fit in that time)."""
        return not self.low and t - self.td > self.cfg.max_hold_s

    def judge(self, rom_ref: float, squat: bool = False, t_end: float | None = None) -> bool:
        """The lowering ended (at t_end): does it prove the cut pull was a full rep?"""
        cfg = self.cfg
        lowered = self.y0 - self.ymin
        if self.rise > cfg.rom_max_m:
            # between the drop and the lowering the sensor rose farther than anything
            # lifted travels: a wrist letting go of the bar and walking off, no pull
            return False
        if (not squat and t_end is not None and t_end - self.l0 > cfg.cut_lower_max_s
                and self.wpk < cfg.cut_lower_slow_v):
            # a long, slow "lowering" is no lowering from lockout: a failed pull's bar
            # sagging from its stall, its drift integrated into travel (config)
            return False
        if self.unseen:
            # nothing measured of the pull: the lowering alone must show a full rep
            return (self.rest0 is not None and lowered >= cfg.unseen_lower_frac * rom_ref
                    and lowered <= cfg.rom_max_m and self.wpk >= cfg.commit_lower_v)
        # (a pull the detector dropped although it measured the set's ROM was not cut
        # short: something else rejected it, e.g. a squat set misread as deadlifts)
        # (and the lowering starts from the top hold: a rest bout came between)
        return (self.rest0 is not None and self.rom < rom_ref and lowered >= cfg.cut_lower_frac * rom_ref
                and lowered - self.rom >= cfg.cut_excess_frac * rom_ref
                and (not squat or lowered <= cfg.cut_rise_max_frac * rom_ref)
                and self.wpk >= cfg.commit_lower_v)
