"""A long 100 Hz stream for the engine benchmarks, produced block by block.

One simulated session (repcount.sim, squat on the bar, 100 Hz) is repeated with shifted
times, so a 2-hour stream costs no more memory than one session and the measurement
sees only the engine.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np


def base_session(rate_hz: float = 100.0) -> tuple[np.ndarray, np.ndarray]:
    from repcount.sim import SessionSpec, simulate_session

    rec, _ = simulate_session(SessionSpec(exercise="squat", placement="bar", rate_hz=rate_hz,
                                          n_sets=3, reps=5, seed=42))
    return rec.block.t.copy(), rec.block.acc.copy()


def stream(duration_s: float, block: int = 64, rate_hz: float = 100.0,
           base: tuple[np.ndarray, np.ndarray] | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    t, acc = base if base is not None else base_session(rate_hz)
    period = float(t[-1]) + 1.0 / rate_hz
    off = 0.0
    while off < duration_s:
        for i in range(0, len(t), block):
            tb = t[i:i + block] + off
            if tb[0] >= duration_s:
                return
            yield tb, acc[i:i + block]
        off += period
