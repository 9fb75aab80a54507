"""The rest level as a function of orientation, fitted online from every rest bout.

(round 12, helper CALIB) A cheap accelerometer reads f_m = S f + b with a per-axis
scale S = diag(1 + s) (or a full matrix with cross-axis terms) and a bias b, both
fixed for a session. At rest f is 1 g along the gravity direction u (sensor frame), so
to first order the rest level is

    L(u) = c + b . u + u^T Q u,     Q symmetric (the scale and cross-axis error)

with |u| = 1 making trace(Q) part of the constant c: 3 + 5 numbers beyond c. For the
simulator's sensors (bias N(0, 0.02) g, scale 1 + N(0, 0.02)) L varies by a few
hundredths of a g over a wrist's, trunk's or thigh's range of orientations, and a rep
integrates that difference into 0.1-0.3 m/s of drift a second.

Each rest bout (mean direction, mean |f|, length) is one observation. The model is the
regularised least-squares fit over all of them, weighted by each bout's length (capped:
a minute of rest between sets measures the level no better than a few seconds, and a
long bout must not outvote every other orientation). The ridge prior pulls the eight
orientation terms to zero, which is what the engine did before it: one orientation
seen => a constant level; two orientations => the level changes along the path between
them only (the minimum-norm solution is the two-anchor gradient); each further
orientation adds what it measured. ``prior`` is the ratio of the bout level's noise
variance to the prior variance of a coefficient, in seconds of rest.

Kinematics adds the fit's difference L(u_now) - L(u_last_rest) to the running level of
the last rest and (rest_model_abs) moves that level a share rest_model_abs_w of the way
to the fit's own c + L(u_last_rest): the running level holds the last ~0.5 s of a rest,
often a few tenths of a second between reps, ~0.005 g of noise.
"""

from __future__ import annotations

import numpy as np


def features(u) -> list[float]:
    """The 8 orientation terms of L(u) (the constant is separate)."""
    x, y, z = u
    return [x, y, z, x * x - z * z, y * y - z * z, 2 * x * y, 2 * x * z, 2 * y * z]


class RestModel:
    """Accumulates the normal equations of the rest-level fit; refits at each bout."""

    def __init__(self, prior: float, w_cap: float, cross: bool = True) -> None:
        self.k = 8 if cross else 5
        n = self.k + 1
        self.A = np.zeros((n, n))
        self.r = np.zeros(n)
        self.reg = np.full(n, prior)
        self.reg[0] = 0.0  # the constant is free
        self.w_cap = w_cap
        self.nb = 0
        self.coef: list[float] | None = None  # the 8 (or 5) orientation terms
        self.Minv: np.ndarray | None = None  # (A + prior)^-1: the fit's covariance / s2
        self.c0 = 0.0  # the constant: the fitted level is c0 + value(u)

    def add(self, u, m: float, w: float) -> None:
        """One rest bout: mean unit gravity direction u, mean |f| m (g), length w (s)."""
        w = min(w, self.w_cap)
        p = np.array([1.0] + features(u)[: self.k])
        self.A += w * np.outer(p, p)
        self.r += w * m * p
        self.nb += 1
        if self.nb < 2:
            self.coef = None
            return
        M = self.A + np.diag(self.reg)
        self.Minv = None  # computed when asked (pvar)
        self._M = M
        th = np.linalg.solve(M, self.r)
        c = th[1:].tolist()
        self.c0 = float(th[0])
        self.coef = c + [0.0] * (8 - self.k)

    def value(self, u) -> float:
        """The orientation part of the rest level at u (g), 0 before two bouts."""
        c = self.coef
        if c is None:
            return 0.0
        x, y, z = u
        return (c[0] * x + c[1] * y + c[2] * z + c[3] * (x * x - z * z)
                + c[4] * (y * y - z * z) + 2 * (c[5] * x * y + c[6] * x * z + c[7] * y * z))

    def pvar(self, u) -> float:
        """The fitted level's variance at u, in units of one second of rest's (1/s).

        (round 12, helper CALIB2) Ridge least squares with bout weights w (s) has the
        covariance s2 (A + prior)^-1, s2 the variance of a one-second rest's mean |f|:
        p^T (A + prior)^-1 p is ~1/(seconds of rest seen near u), small where many
        bouts were, large where the fit extrapolates (an orientation never rested at).
        """
        if self.Minv is None:
            if self.nb < 2:
                return float("inf")
            self.Minv = np.linalg.inv(self._M)
        p = np.array([1.0] + features(u)[: self.k])
        return float(p @ self.Minv @ p)
