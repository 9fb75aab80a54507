"""The published peer method, for side-by-side comparison (offline, two-pass).

From an open-source wrist-band rep counter (a 2019 student project, see
shared reference "lifting-and-accuracy"): take the acceleration magnitude, resample it
to 5 Hz, low-pass it with a 10th-order Butterworth at 0.35 Hz (squat) or 0.4 Hz
(deadlift) applied forwards and backwards, and count the local maxima. It has no notion
of sets, so we segment it with the TRUE set windows (an advantage it would not have
live) and count the maxima inside each window, widened by :data:`SET_PAD_S`.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt

RESAMPLE_HZ = 5.0
CUTOFF_HZ = {"squat": 0.35, "deadlift": 0.4}
ORDER = 10
SET_PAD_S = 0.5


def baseline_peaks(t: np.ndarray, acc: np.ndarray, exercise: str) -> np.ndarray:
    """Times (s) of the local maxima of the filtered magnitude over the whole recording."""
    t = np.asarray(t, dtype=float)
    if len(t) < 4:
        return np.zeros(0)
    mag = np.linalg.norm(np.asarray(acc, dtype=float), axis=1)
    grid = np.arange(t[0], t[-1], 1.0 / RESAMPLE_HZ)
    if len(grid) < 3 * (ORDER + 1):
        return np.zeros(0)
    x = np.interp(grid, t, mag)
    sos = butter(ORDER, CUTOFF_HZ[exercise], btype="low", fs=RESAMPLE_HZ, output="sos")
    y = sosfiltfilt(sos, x)
    idx, _ = find_peaks(y)
    return grid[idx]


def baseline_counts(peaks: np.ndarray, sets: list[tuple[float, float]]) -> list[list[float]]:
    """The peaks inside each true set window (padded): one list of times per set.

    >>> baseline_counts(np.array([1.0, 2.0, 9.0]), [(0.8, 2.2), (8.0, 8.4)])
    [[1.0, 2.0], []]
    """
    return [[float(p) for p in peaks if a - SET_PAD_S <= p <= b + SET_PAD_S] for a, b in sets]
