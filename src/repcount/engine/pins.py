"""A bar squat rep whose ascent was far slower than the set's: emitted only once what
follows shows the lifter stood up with the bar, dropped if the bar sinks onto the
safety pins and stays there (round 10, helper FAILSQ).

A failed squat goes down fully, rises 25-45 % of the way, stalls and sinks onto the
safety pins a few cm below the bottom; the lifter then stands up without the bar. On a
bar sensor (no turn to watch, unlike a wrist or a trunk: detector._not_back) its stall
integrates on at the drift since the last rest, so its "ascent" can cover 0.5-1.0 of
the descent and the machine counts it. What the ascent cannot hide is its speed: a
failed ascent barely leaves the bottom (peak 0.16-0.33 of the set's median ascent peak
on t8/t9), where a true last rep, even a grind, keeps most of the set's speed.

Such a rep is counted (the set's state holds it) but its event is held back
(``Pins.hold``). What the bar does next tells:

- the lifter stands with the bar: the next movement of a lift's speed is no sink (the
  re-rack, the next rep's descent, deeper than a sink can be), or nothing decides
  within ``pins_wait_s``: the rep is emitted (late);
- a failed rep sinks onto the pins: a movement down by ``pins_sink_min_m`` to
  ``pins_sink_frac`` of the set's ROM, then the bar lies still for ``pins_rest_s``
  (the lifter has let go of it): the rep is withdrawn from the set before it was ever
  emitted.

Movements whose speed stays below ``grind_big_v`` (a creep at the stall's drift, the
lifter shifting under the bar, a walk-in step) decide nothing. If nothing decides within ``pins_wait_s`` (or a dropout blinds the
sensor, or the stream ends), the rep is emitted: no evidence, no change from before.
"""

from __future__ import annotations

from .config import EngineConfig


class Pins:
    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.cfg = cfg
        self.dt = dt
        self.rep = None          # the held Rep
        self.t_hold = 0.0
        self.rom = 0.0           # the set's ROM reference (m) for the sink's depth
        self.z0: float | None = 0.0  # height where the current movement began
        self.zmin = 0.0          # ...and the lowest since
        self.vmax = 0.0          # ...and its largest |v|
        self.vlow = 0.0          # ...and its least velocity
        self.moving = False
        self.tail = False        # the movement under way at the hold (the rep's own)
        self.t_sunk: float | None = None  # a sink ended at a rest beginning then
        # the ascent peak speeds of the open set's squat reps (for the median)
        self.pk: list[float] = []
        self.set_no = -1

    def slow(self, set_no: int, wrpk: float) -> bool:
        """A squat rep of set set_no just counted with ascent peak speed wrpk: is it far
        slower than the set's earlier reps (median)? Records it either way."""
        if set_no != self.set_no:
            self.set_no = set_no
            self.pk = []
        pk = sorted(self.pk)
        self.pk.append(wrpk)
        if not pk:
            return False
        n = len(pk)
        med = pk[n // 2] if n % 2 else 0.5 * (pk[n // 2 - 1] + pk[n // 2])
        return wrpk < self.cfg.pins_slow_frac * med

    def hold(self, t: float, rep, rom: float) -> None:
        self.rep = rep
        self.t_hold = t
        self.rom = rom
        # the rep may be counted before its ascent's drift has come to rest: that
        # stretch is the rep's own (t5 sim-5-0442: 0.2 m/s on), it decides nothing
        self.moving = True
        self.tail = True
        self.z0 = None  # (set at the next sample)
        self.vlow = float("inf")
        self.vmax = 0.0
        self.t_sunk = None

    def step(self, t: float, v: float, z: float, rest: int, blind: bool) -> str | None:
        """One grid sample (vertical velocity v and height z, up positive; rest as from
        the kinematics). Returns 'stand' (emit the rep), 'sink' (withdraw it) or None."""
        cfg = self.cfg
        if blind or t - self.t_hold > cfg.pins_wait_s:
            return "stand"
        if not rest:
            if not self.moving:
                self.moving = True
                self.vlow = v
                self.z0 = self.zmin = z
                self.vmax = 0.0
                self.t_sunk = None
            if self.z0 is None:
                self.z0 = self.zmin = z
            if z < self.zmin:
                self.zmin = z
            if v < self.vlow:
                self.vlow = v
            a = v if v > 0.0 else -v
            if a > self.vmax:
                self.vmax = a
            if self.z0 - self.zmin > cfg.pins_sink_frac * self.rom:
                return "stand"  # deeper than a sink: the next rep's descent
            if v - self.vlow >= cfg.grind_big_v and self.z0 - self.zmin < cfg.pins_sink_min_m:
                # speeding up at a lift's speed before any sink: the ascent goes on (a
                # grind the machine counted early), the lifter holds the bar (t6
                # sim-6-0185: its lockout's deceleration then integrates as a sink).
                # (Not the speed itself: the stall's drift runs on at 0.2 m/s, t5
                # sim-5-0442, slowing down.)
                return "stand"
            return None
        if self.moving:
            # a movement ended at this rest
            self.moving = False
            if self.tail:
                self.tail = False
                return None
            if self.z0 - self.zmin >= cfg.pins_sink_min_m:
                self.t_sunk = t
                return None
            if self.vmax < cfg.grind_big_v:
                # a creep at the stall's drift, the lifter shifting under the bar or
                # a walk-in step: decides nothing (the wait emits the rep)
                return None
            return "stand"  # a movement of a lift that is no sink: the lifter holds the bar
        if self.t_sunk is not None and t - self.t_sunk >= cfg.pins_rest_s:
            return "sink"
        return None
