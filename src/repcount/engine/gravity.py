"""Orientation: from specific force in an unknown, changing sensor frame to vertical
acceleration.

The sensor measures specific force f = R^T (a - g). Its magnitude is
|f| = |a - g| = sqrt(g^2 + 2 g a_up + |a|^2) ~= g + a_up when |a| << g: the magnitude
minus one g is the vertical acceleration (up positive) to first order, whatever the
orientation and however the sensor rotates. The error is second order, |a_h|^2 / 2g,
i.e. < 0.005 g for the 0.1 g horizontal accelerations of a squat or deadlift.
We track the resting magnitude (which absorbs scale error and bias) rather than
assuming exactly 1 g.
"""

from __future__ import annotations

import math

import numpy as np


def angle_deg(c: float) -> float:
    """The angle (deg) between two unit vectors whose dot product is c (clipped to
    [-1, 1]: rounding can put a unit vector's dot product just outside)."""
    return math.degrees(math.acos(min(1.0, max(-1.0, c))))


def magnitude(acc: np.ndarray) -> np.ndarray:
    """|f| per row of an (N, 3) array, in the array's unit."""
    return np.sqrt(np.einsum("ij,ij->i", acc, acc))


class RestLevel:
    """The magnitude of |f| at rest (the local "1 g"), updated only while at rest."""

    def __init__(self, tau_s: float, dt: float) -> None:
        self.alpha = dt / (tau_s + dt)
        self.level: float | None = None

    def update(self, m: float) -> None:
        if self.level is None:
            self.level = m
        else:
            self.level += self.alpha * (m - self.level)
