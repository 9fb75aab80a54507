"""PLACEHOLDER engine (owned by the engine work): same interface, counts nothing."""

from __future__ import annotations

import numpy as np

from ..events import Event, SessionSummary


class Engine:
    """Streaming rep counter.

    ``feed(t, acc, gyro=None)`` takes a block of samples (seconds, g, deg/s) and returns
    the events completed by it; ``finish()`` closes any open set and returns the
    remaining events, the last one being the ``SessionSummary``.
    Events are identical whatever the block sizes.
    """

    def __init__(self, exercise: str = "auto", placement: str | None = None) -> None:
        self.exercise = exercise
        self.placement = placement
        self._t_last = 0.0

    def feed(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray | None = None) -> list[Event]:
        if len(t):
            self._t_last = float(t[-1])
        return []

    def finish(self) -> list[Event]:
        return [SessionSummary(sets=[], total_reps=0, duration_s=self._t_last)]
