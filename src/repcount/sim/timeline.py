"""A lifter's session as smooth time series on a fine internal grid (world frame).

The choreography (:mod:`repcount.sim.choreo`) appends segments here; each segment sets
*rates* of the slow state (posture ``q``, forward walking speed, turning rate, hands) and
*overlays* that are positions themselves (walking bob, breathing, fidgeting, arm/leg
swing, bar roll). Rates are integrated by cumulative sums so every displacement a
segment asks for is reached exactly, which is what makes the truth exact.

``q`` is the posture of the lift: 0 = standing tall (squat lockout, deadlift lockout),
1 = the bottom of the lift (squat hole, deadlift bar on the floor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

FS = 400.0  # internal grid, Hz: 2x the fastest sensor rate, fine for double differentiation


def bump(n: int, skew: float = 0.0, power: float = 1.0) -> np.ndarray:
    """A unimodal velocity shape on ``n`` samples whose integral (sum / FS) is 1.

    ``skew`` in (-1, 1): > 0 puts the peak late (an abrupt stop, as into a bounce), < 0
    early (an explosive start). The time warp keeps the velocity's slope finite and
    non-zero at both ends, so a movement visibly starts the moment it starts.
    ``power`` 1 gives a brisk start (velocity leaves zero linearly); 2 a gentle one.
    """
    if n <= 0:
        return np.zeros(0)
    tau = (np.arange(n) + 0.5) / n
    warped = tau - skew * tau * (1.0 - tau)
    b = np.sin(np.pi * warped) ** power
    return b / (b.sum() / FS)


def envelope(n: int, ramp_s: float = 0.5) -> np.ndarray:
    """1 in the middle, smooth sin^2 ramps to 0 at both ends (keeps overlays C1 at joins)."""
    r = max(1, min(int(ramp_s * FS), n // 2))
    e = np.ones(n)
    up = np.sin(0.5 * np.pi * (np.arange(r) + 0.5) / r) ** 2
    e[:r] = up
    e[n - r:] = up[::-1]
    return e


RATE_KEYS = ("qd", "vx", "yawd", "hd")
OVERLAY_KEYS = ("bob", "breath", "swing", "roll", "bar_dx", "fx", "fy", "fz", "fr", "fp")


@dataclass
class Timeline:
    rng: np.random.Generator
    chunks: dict[str, list[np.ndarray]] = field(default_factory=lambda: {k: [] for k in RATE_KEYS + OVERLAY_KEYS + ("loaded",)})
    n: int = 0
    loaded: bool = False
    q: float = 0.0
    h: float = 1.0  # hands: 0 = on the bar, 1 = free
    events: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.q0, self.h0 = self.q, self.h

    @property
    def t(self) -> float:
        return self.n / FS

    def push(self, dur: float, **arrays: Any) -> int:
        """Append ``dur`` seconds; keys are RATE_KEYS/OVERLAY_KEYS arrays (or scalars)."""
        n = max(1, int(round(dur * FS)))
        for k in RATE_KEYS + OVERLAY_KEYS:
            v = arrays.get(k)
            a = np.zeros(n) if v is None else np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy()
            self.chunks[k].append(a)
        self.chunks["loaded"].append(np.full(n, self.loaded))
        self.n += n
        qd = arrays.get("qd")
        if qd is not None:
            self.q += float(np.sum(np.broadcast_to(qd, (n,)))) / FS
        hd = arrays.get("hd")
        if hd is not None:
            self.h += float(np.sum(np.broadcast_to(hd, (n,)))) / FS
        return n

    def event(self, kind: str, t0: float, t1: float | None = None, **kw: Any) -> None:
        self.events.append({"type": kind, "t_start": t0, "t_end": self.t if t1 is None else t1, **kw})

    # --- building blocks -------------------------------------------------------------
    def move_q(self, dur: float, dq: float, skew: float = 0.0, power: float = 1.0, stick: float = 0.0, **over: Any) -> None:
        """Change posture by ``dq`` in ``dur`` s. ``stick`` in [0,1) carves a sticking
        region into the velocity (the bar nearly stops ~40 % of the way)."""
        n = max(1, int(round(dur * FS)))
        b = bump(n, skew, power)
        if stick > 0:
            tau = (np.arange(n) + 0.5) / n
            b = b * (1.0 - stick * np.exp(-(((tau - 0.45) / 0.12) ** 2)))
            b /= b.sum() / FS
        self.push(dur, qd=dq * b, **over)

    def move_hands(self, dur: float, to: float) -> None:
        n = max(1, int(round(dur * FS)))
        self.push(dur, hd=(to - self.h) * bump(n, 0.0, 2.0))

    def hold(self, dur: float, breathing: float = 0.0, fidget: float = 0.0) -> None:
        """Stand still: optional breathing (m amplitude) and fidgeting (m amplitude)."""
        if dur <= 0:
            return
        n = max(1, int(round(dur * FS)))
        tt = np.arange(n) / FS
        env = envelope(n, 0.6)
        over: dict[str, Any] = {}
        if breathing:
            f = self.rng.uniform(0.2, 0.35)
            over["breath"] = breathing * env * np.sin(2 * np.pi * f * tt + self.rng.uniform(0, 2 * np.pi)) ** 2
        if fidget:
            for k, scale in (("fx", 1.0), ("fy", 1.0), ("fz", 0.5), ("fr", 3.0), ("fp", 3.0)):
                sig = np.zeros(n)
                for _ in range(3):
                    f = self.rng.uniform(0.3, 1.5)
                    sig += self.rng.uniform(0.3, 1.0) * np.sin(2 * np.pi * f * tt + self.rng.uniform(0, 2 * np.pi))
                over[k] = fidget * scale * env * sig / 3.0
        self.push(dur, **over)

    def walk(self, dist: float, speed: float = 0.8, step_hz: float = 1.8, bob: float = 0.03) -> None:
        """Walk ``dist`` m along the heading (negative = backwards) with a vertical bob
        of ``bob`` m per step and arm/leg swing."""
        dur = max(0.8, abs(dist) / speed)
        n = max(1, int(round(dur * FS)))
        tt = np.arange(n) / FS
        env = envelope(n, 0.35)
        self.push(
            dur,
            vx=dist * bump(n, 0.0, 2.0),
            bob=bob * env * np.sin(np.pi * step_hz * tt) ** 2,
            swing=0.35 * env * np.sin(np.pi * step_hz * tt),
        )

    def turn(self, angle: float, dur: float = 1.2) -> None:
        n = max(1, int(round(dur * FS)))
        tt = np.arange(n) / FS
        self.push(dur, yawd=angle * bump(n, 0.0, 2.0), bob=0.01 * envelope(n, 0.3) * np.sin(np.pi * 1.8 * tt) ** 2)

    # --- result ----------------------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        out = {k: np.concatenate(v) for k, v in self.chunks.items()}
        out["loaded"] = out["loaded"].astype(bool)
        out["t"] = np.arange(self.n) / FS
        # integrated slow state (the sample after a segment's rates holds its final value)
        out["q"] = self.q0 + np.cumsum(out["qd"]) / FS
        out["h"] = self.h0 + np.cumsum(out["hd"]) / FS
        out["yaw"] = np.cumsum(out["yawd"]) / FS
        c, s = np.cos(out["yaw"]), np.sin(out["yaw"])
        out["X"] = np.cumsum(out["vx"] * c) / FS
        out["Y"] = np.cumsum(out["vx"] * s) / FS
        return out
