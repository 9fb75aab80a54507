"""Walking is no rep: the checks that tell steps from a lift, and their state.

Walking moves every sensor: a bar on the back bobs 1-2 cm at each step (a squat's
walkout after the unrack, the re-rack), a thigh or a trunk swings, 1.5-2.2 steps a
second. The rep state machine (detector.py) can read that as a pull, a descent and
ascent, or a tilt swing. Three signatures tell steps from a lift, each one a question
the detector asks at the end of a candidate:

- the vertical velocity turns (a local extreme) at each step: a lift speeds up and
  slows down once per phase (``count_steps``, ``phase_walked``);
- a bar carried a few steps is accelerated mostly across the gravity direction, a bar
  pulled mostly along it (``carried``);
- the step jolts ``|f|`` at the step frequency, a lift moves it below ~1 Hz
  (``band_walked``).

The detector updates the counts where its per-sample loop already runs (the turns of
the phase under way are counted inline there, on ``ph_*``: no extra call per sample).
Its own state (which phase, placement, the tilt) stays in the detector, which passes
what a check needs.
"""

from __future__ import annotations

from collections import deque

from .config import EngineConfig


class Walking:
    def __init__(self, cfg: EngineConfig):
        self.cfg = cfg
        # auto, a first movement up before a set: turns of the vertical velocity seen in
        # it (see count_steps), the velocity at the last one and its direction
        self.steps_n = 0
        self.steps_v = 0.0
        self.steps_dir = 0
        # ...and the energy of its acceleration across and along the gravity direction
        self.steps_h = 0.0
        self.steps_ve = 0.0
        # turns of the vertical velocity (as count_steps) in the phase under way (OUT
        # or RET: a walking bob), and in the outward phase once it ended (phase_walked)
        self.ph_n = 0
        self.ph_v = 0.0
        self.ph_dir = 0
        self.out_turns = 0
        # (t, running sums of |f|'s energy in the step band and the lifting band) over
        # the last max_rep_s and more, while the tilt counter runs (band_walked)
        self.band_h = 0.0
        self.band_l = 0.0
        self.bands: deque = deque(maxlen=int((cfg.max_rep_s + 2.0) * cfg.grid_hz))

    def out_began(self, v: float) -> None:
        """An outward phase began at velocity v: count its turns afresh."""
        self.steps_n, self.steps_v, self.steps_dir = 0, v, 0
        self.steps_h = self.steps_ve = 0.0
        self.ph_n, self.ph_v, self.ph_dir = 0, v, 0

    def ret_began(self, v: float) -> None:
        """The return began (the velocity at the last sample v): keep the outward
        phase's turns, count the return's afresh."""
        self.out_turns, self.ph_n, self.ph_v, self.ph_dir = self.ph_n, 0, v, 0

    def count_steps(self, v: float) -> None:
        """Count the turns (local extremes) of the vertical velocity by more than
        ``walk_dv`` in the movement under way. A deadlift pull speeds up and slows down
        once (twice with a sticking region), and the bar stays still in the top hold;
        walking with a bar on the back (a squat's walkout after the unrack) bobs it 1-2
        cm at each step, 1.5-2.2 steps a second: the velocity swings +-0.05-0.15 m/s
        around the drift twice per step."""
        dv = self.cfg.walk_dv
        d = self.steps_dir
        if d >= 0 and v < self.steps_v - dv:
            self.steps_n += d > 0
            self.steps_dir, self.steps_v = -1, v
        elif d <= 0 and v > self.steps_v + dv:
            self.steps_n += d < 0
            self.steps_dir, self.steps_v = 1, v
        elif (d > 0 and v > self.steps_v) or (d < 0 and v < self.steps_v):
            self.steps_v = v

    def phase_walked(self, t_out0: float, t_out1: float, t_ret0: float, t_now: float) -> bool:
        """Was one phase of this candidate steps? Its velocity turned (by more than
        walk_dv, as count_steps counts) walk_turns times or more, at least
        walk_turn_rate times a second: each step bobs the sensor, 1.5-2.2 steps a second
        (3-4.4 turns a second); a squat's descent or ascent, a pull or a lowering speeds
        up and slows down once (twice with a sticking region, or a reset inside it).
        The outward phase ran from t_out0 to t_out1, the return from t_ret0 to t_now."""
        cfg = self.cfg
        n = self.out_turns
        if n >= cfg.walk_turns and n >= cfg.walk_turn_rate * (t_out1 - t_out0):
            return True
        n = self.ph_n
        return n >= cfg.walk_turns and n >= cfg.walk_turn_rate * (t_now - t_ret0)

    def carried(self) -> bool:
        """Auto, before a set: was the first movement up (its outward phase and hold)
        accelerated mostly horizontally? A bar, or a forearm on it, moves up and down in
        a pull (its acceleration across the gravity direction is a few % of the vertical
        one); carried a few steps (a squat bar's walkout after the unrack, 0.1-0.25 g
        forward and back each step) it is accelerated mostly horizontally. (Walking only
        for a sensor that rides with the bar: the detector's _walked.)"""
        return self.steps_h > self.cfg.walk_h_ratio * self.steps_ve

    def band_walked(self, a0: float, a1: float, ratio: float | None = None) -> bool:
        """Was the movement from a0 to a1 walking? Each step bobs the body and jolts |f|
        at the step frequency (1.5-2.2 Hz); a squat or a deadlift moves it below ~1 Hz.
        Over the movement, the energy of |f| in the step band against that in the
        lifting band (step_band_ratio, or ratio where the caller needs stronger evidence
        of a lift)."""
        d = self._band_energy(a0, a1)
        if d is None:
            return False
        r = self.cfg.step_band_ratio if ratio is None else ratio
        return d[0] > r * d[1]

    def _band_energy(self, a0: float, a1: float) -> tuple[float, float] | None:
        """(step band, lifting band) energy of |f| between a0 and a1, from the running
        sums kept in self.bands; None when a0 is older than what is kept."""
        e0 = e1 = None
        for t, h, l in reversed(self.bands):
            if e1 is None and t <= a1:
                e1 = (h, l)
            if t <= a0:
                e0 = (h, l)
                break
        if e0 is None or e1 is None:
            return None
        return e1[0] - e0[0], e1[1] - e0[1]

    def hold_walked(self, a0: float, a1: float) -> bool:
        """(round 11, helper AFTER) Was a deadlift's top hold, from its lockout a0 to the
        start of its lowering a1, walking? A lockout is held still, the bar in the hands;
        the lifter who let go of the bar at the floor after the set, stood up (a "pull")
        and walked off to sit down (a "lowering") jolts |f| at each step in between. The
        step band's energy over the hold must exceed hold_walk_min (a still hold has next
        to none, so a ratio of two tiny sums is noise) and hold_walk_ratio times the
        lifting band's. Only over a hold of hold_walk_min_s or more: a band measure over
        less than a step's period is its filter's transients."""
        if a1 - a0 < self.cfg.hold_walk_min_s:
            return False
        d = self._band_energy(a0, a1)
        if d is None:
            return False
        step, lift = d
        return step > self.cfg.hold_walk_min and step > self.cfg.hold_walk_ratio * lift
