"""A dropout's hidden stop: the top hold right after a bridged gap is a zero (round 12,
helper GAPREP).

A dropped-packet gap is bridged by a straight line in |f| (filters.GridResampler): the
integrator sees no acceleration across it. When a pull decelerates into its lockout
inside the dropout, the braking is lost and the velocity carries on after it at the
speed it had when the data stopped (t18 sim-18-0069, wrist 200 Hz: +1.15 m/s through
the top hold after a 0.47 s dropout; t20 sim-20-0043: +0.55 m/s). The velocity across
the gap is unknown, not "unchanged": what comes after the gap has to say what it was.

The first thing measured after such a gap says it: a calm stretch (the 4 Hz |f| at the
rest level, no vertical acceleration) at a constant upward "speed", right after the
gap, after a rise. A lift does not coast upwards at constant speed for long; a bar at
lockout holds. So that speed is the step the bridge line left, and it is removed at
once (from the velocity, and from the displacement since the gap's middle, where a
step leaves the same travel as the unknown braking spread across the gap). The
ordinary top-hold zero (kinematics, hold_zero_*) asks for a slow-down before the calm
(the dropout hid it) and waits for the lowering to prove the zero (by then the pull
has run past rom_max_m and was dropped). Here the dropout is the proof that the
velocity is unknown, and physics bounds the step: a bar cannot brake harder than
free fall, so the step is at most g times the dropout's length. Further, the rise
must have been under way when the data stopped (else the dropout hid a reversal, a
squat's bottom, and the calm is the ascent coasting), and the step must exceed the
ZUPT gate (a smaller one the ordinary rest test takes, and tells the second look).

A movement can still coast through such a calm (a slow squat ascent, a heavy pull).
What follows tells: a hold is followed by a lowering that ends back near zero, or a
rest; a coasting movement brakes by its own speed and stops at minus the step. So the
step is watched until the next stop and put back if that reads below
-gap_hold_revert_frac x the step; a rep spanning it is held by the detector until
then and withdrawn if it was put back (Detector._gap_held: its "lowering" was the
braking).

Kinematics.run calls :meth:`GapHold.step` only from a dropout's first bridged row until
the window after it closes (a few grid rows), so it costs nothing elsewhere.
"""

from __future__ import annotations

from .config import G, EngineConfig


class GapHold:
    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.dt = dt
        self.lag_n = int(round(cfg.gap_hold_lag_s / dt))
        self.min_n = max(1, int(round(cfg.gap_hold_min_s / dt)))
        self.min_v, self.max_v = cfg.hold_zero_min_v, cfg.hold_zero_max_v
        self.rise_min = cfg.hold_zero_rise_m
        self.acc = cfg.gap_hold_acc_g * G
        self.ttl_n = int(round(cfg.hold_zero_ttl_s / dt))
        self.stop_n = max(2, int(round(cfg.calm_s / dt)))
        self.revert_frac = cfg.gap_hold_revert_frac
        self.v0_frac = cfg.gap_hold_v0_frac
        # [time of the step taken off, time it was decided (None: watched), put back?]:
        # the detector holds a rep spanning a step until it is decided (Detector._gap_held)
        self.log: list[list] = []
        self.vc = 0.0
        self.reset()

    def reset(self) -> None:
        if self.vc:
            self.log[-1][1] = -1e9  # (an unbridged gap: the motion is forgotten; kept)
        self.active = False
        self.nb = 0        # bridged rows of the current dropout
        self.gap_s = 0.0   # its length (the first bridged row's lag)
        self.v0 = 0.0      # the velocity when the data stopped (its first bridged row)
        self.age = 0       # rows since its first bridged row
        self.after = 0     # measured rows since its last bridged row
        self.cn = 0        # measured calm rows in a row after it ...
        self.sum = 0.0     # ... and the sum of their velocity
        self.vc = 0.0      # the step taken off, while its proof is watched (else 0)
        self.watch = 0     # rows since it was taken off
        self.moved = False  # ...and whether the calm has ended since

    def step(self, t: float, bridged: bool, lag: float, calm: bool, v: float,
             rise: float, gate: float) -> float | None:
        """One grid row while active (or a bridged row). Returns the velocity step to
        take off (its displacement is :meth:`travel`), or None."""
        if self.vc:
            return self._watch(t, bridged, calm, v)
        if bridged:
            if not self.active or self.after:
                # a new dropout (a second one soon after the first restarts the count)
                self.active = True
                self.nb = 0
                self.age = 0
                self.gap_s = lag
                self.v0 = v
            self.nb += 1
            self.age += 1
            self.after = 0
            self.cn = 0
            self.sum = 0.0
            return None
        self.age += 1
        self.after += 1
        if not calm:
            if self.cn or self.after > self.lag_n:
                self.active = False  # moving again, or no calm came right after the gap
            return None
        if not self.cn and self.after > self.lag_n:
            self.active = False
            return None
        self.cn += 1
        self.sum += v
        if self.cn < self.min_n:
            return None
        self.active = False
        vc = self.sum / self.cn
        gap_s = self.gap_s if self.gap_s > self.nb * self.dt else self.nb * self.dt
        if (vc < gate or vc < self.min_v or vc > self.max_v or vc > self.acc * gap_s
                or rise < self.rise_min or self.v0 < self.v0_frac * vc):
            return None
        self.active = True  # (watch what follows: _watch)
        self.vc = vc
        log = self.log
        while log and log[0][1] is not None and t - log[0][0] > 30.0:
            del log[0]
        log.append([t, None, False])
        self.watch = 0
        self.moved = False
        self.cn = 0
        self.sum = 0.0
        return vc

    def _watch(self, t: float, bridged: bool, calm: bool, v: float) -> float | None:
        """After the step was taken off: the next stop tells hold from coasting. A hold
        is followed by a lowering (or a rest) and the next stop reads about zero; a
        movement coasting at a constant speed through the calm (a slow squat ascent,
        t19 sim-19-0076: 0.47 m/s for 0.5 s after a 0.29 s dropout) brakes by just that
        speed and stops reading -vc. Then the step is put back (returns -vc)."""
        self.age += 1
        self.watch += 1
        vc = self.vc
        if bridged or self.watch > self.ttl_n:
            self.vc = 0.0  # another dropout, or no stop for hold_zero_ttl_s: keep it
            self.active = False
            self.log[-1][1] = t
            return None
        if not calm:
            self.moved = True
            self.cn = 0
            self.sum = 0.0
            return None
        if not self.moved:
            return None  # (the hold's own calm goes on)
        self.cn += 1
        self.sum += v
        if self.cn < self.stop_n:
            return None
        self.vc = 0.0
        self.active = False
        self.log[-1][1] = t
        if self.sum / self.cn < -self.revert_frac * vc:
            self.log[-1][2] = True
            return -vc
        return None

    def travel(self, vc: float) -> float:
        """The displacement a step of vc taken off at the dropout's middle removes by now."""
        return vc * (self.age - 0.5 * self.nb) * self.dt
