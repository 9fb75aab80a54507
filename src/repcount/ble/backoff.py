"""Reconnect backoff policy (pure: no I/O, no clock)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class Backoff:
    """Delays between reconnect attempts.

    The first retry is immediate-ish (``first_s``): most drop-outs at the rack are a
    lifter walking a step too far, and the sensor is back at once. Then the delay
    grows by ``factor`` up to ``max_s``, so a sensor that is really gone does not keep
    the radio busy. After ``give_up_s`` of cumulative waiting the session ends (it is
    recorded and summarised, nothing is lost).

    >>> list(Backoff(first_s=0.2, factor=2, max_s=1.0, give_up_s=3.0).delays())
    [0.2, 0.4, 0.8, 1.0]
    """

    first_s: float = 0.2
    factor: float = 2.0
    max_s: float = 5.0
    give_up_s: float = 120.0

    def delays(self) -> Iterator[float]:
        d = self.first_s
        total = 0.0
        while total + d <= self.give_up_s + 1e-9:
            yield d
            total += d
            d = min(d * self.factor, self.max_s)

    def scaled(self, k: float) -> "Backoff":
        """The same policy with every duration divided by ``k`` (simulated time runs fast)."""
        return Backoff(self.first_s / k, self.factor, self.max_s / k, self.give_up_s / k)
