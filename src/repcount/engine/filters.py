"""Stateful, causal, chunk-invariant signal blocks: grid resampler and IIR low-pass.

Every class here carries its state between calls, so feeding a stream in blocks of any
size gives bit-identical output to feeding it at once. Numpy's cumulative sums are
sequential (not pairwise), and ``sosfilt`` runs the same per-sample recursion whatever
the block, which is what makes this hold.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal


class GridResampler:
    """Irregular samples in, a uniform grid out (box average over each grid period).

    Each output value is the mean of the linearly interpolated input over the grid
    period ending at the grid time: an anti-alias filter when the input is faster than
    the grid, linear interpolation when it is slower, and it copes with jitter.
    Samples with NaN, or with a time not after the previous sample, are skipped.

    A gap longer than ``gap_bridge_s`` is not interpolated: :meth:`push` returns
    ``gap_index`` = the first grid index after the gap so the caller can reset its state.

    >>> r = GridResampler(10.0, 1, 1.0)
    >>> out = r.push(np.array([0.0, 0.05, 0.1, 0.15, 0.2]), np.ones((5, 1)))
    >>> out[0].tolist(), out[1][:, 0].tolist()
    ([0.1, 0.2], [1.0, 1.0])
    """

    def __init__(self, grid_hz: float, channels: int, gap_bridge_s: float) -> None:
        self.dt = 1.0 / grid_hz
        self.channels = channels
        self.gap = gap_bridge_s
        self.t0: float | None = None   # time of the first sample = grid origin
        self.tp = 0.0                  # last accepted sample time
        self.xp = np.zeros(channels)   # ... its value
        self.Ip = np.zeros(channels)   # integral of the signal up to tp
        self.k = 1                     # next grid index to produce (time t0 + k*dt)
        self.Ig = np.zeros(channels)   # integral at the previous grid time

    def push(self, t: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
        """Return (grid_t, grid_x, src_t, gap_rows).

        ``src_t`` is the time of the input sample that completed each grid value (the
        stream time at which it became available). ``gap_rows`` lists output row
        indices that are the first after an unbridged gap.
        """
        t = np.asarray(t, dtype=np.float64)
        x = np.asarray(x, dtype=np.float64).reshape(len(t), self.channels)
        ok = np.isfinite(t) & np.all(np.isfinite(x), axis=1)
        if not ok.all():
            t, x = t[ok], x[ok]
        out_t: list[np.ndarray] = []
        out_x: list[np.ndarray] = []
        out_s: list[np.ndarray] = []
        gaps: list[int] = []
        n_out = 0
        if len(t) == 0:
            return _empty(self.channels)
        if self.t0 is None:
            self.t0 = float(t[0])
            self.tp, self.xp = float(t[0]), x[0].copy()
            self.Ip = np.zeros(self.channels)
            self.Ig = np.zeros(self.channels)
            self.k = 1
            t, x = t[1:], x[1:]
        # Drop samples whose time is not after every earlier one (duplicates, reordering).
        prevmax = np.maximum.accumulate(np.concatenate(([self.tp], t)))[:-1]
        keep = t > prevmax
        if not keep.all():
            t, x = t[keep], x[keep]
        if len(t) == 0:
            return _empty(self.channels)
        # Split at unbridged gaps; each piece is a contiguous run.
        dts = np.diff(np.concatenate(([self.tp], t)))
        cut = np.flatnonzero(dts > self.gap)
        bounds = list(cut) + [len(t)]
        start = 0
        for b in bounds:
            if b > start:
                gt, gx, gs = self._run(t[start:b], x[start:b])
                if len(gt):
                    out_t.append(gt); out_x.append(gx); out_s.append(gs)
                    n_out += len(gt)
            if b < len(t):
                # Restart the grid after the gap on the same phase; pretend the signal was
                # constant at the first new value just before it.
                tn, xn = float(t[b]), x[b]
                self.k = int(math.floor((tn - self.t0) / self.dt)) + 1
                gprev = self.t0 + (self.k - 1) * self.dt
                self.tp, self.xp = tn, xn.copy()
                self.Ig = np.zeros(self.channels)
                self.Ip = xn * (tn - gprev)
                gaps.append(n_out)
                start = b + 1
            else:
                start = b
        if not out_t:
            return np.zeros(0), np.zeros((0, self.channels)), np.zeros(0), gaps
        return np.concatenate(out_t), np.concatenate(out_x), np.concatenate(out_s), gaps

    def _run(self, t: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ta = np.concatenate(([self.tp], t))
        xa = np.concatenate((self.xp[None, :], x))
        seg = 0.5 * (xa[1:] + xa[:-1]) * np.diff(ta)[:, None]
        Ia = np.cumsum(np.concatenate((self.Ip[None, :], seg)), axis=0)
        t_end = float(t[-1])
        k_last = int(math.floor((t_end - self.t0) / self.dt))
        # Guard against the grid time landing a hair after t_end through rounding.
        while k_last >= self.k and self.t0 + k_last * self.dt > t_end:
            k_last -= 1
        # ... or a hair before it: a grid time on a sample time must be produced by the
        # block that ends with that sample, whatever the block size (else the next block
        # integrates it from the other side, equal only to rounding: not chunk-invariant)
        while self.t0 + (k_last + 1) * self.dt <= t_end:
            k_last += 1
        if k_last < self.k:
            self._carry(t, x, Ia)
            return np.zeros(0), np.zeros((0, self.channels)), np.zeros(0)
        ks = np.arange(self.k, k_last + 1)
        gt = self.t0 + ks * self.dt
        i = np.searchsorted(ta, gt, side="left")  # ta[i-1] < g <= ta[i]
        i = np.clip(i, 1, len(ta) - 1)
        t0s, t1s = ta[i - 1], ta[i]
        x0s, x1s = xa[i - 1], xa[i]
        h = (gt - t0s)[:, None]
        span = (t1s - t0s)[:, None]
        Ig = Ia[i - 1] + x0s * h + (x1s - x0s) * (h * h) / (2.0 * span)
        prev = np.concatenate((self.Ig[None, :], Ig[:-1]))
        gx = (Ig - prev) / self.dt
        self.Ig = Ig[-1].copy()
        self.k = k_last + 1
        self._carry(t, x, Ia)
        return gt, gx, t1s

    def _carry(self, t: np.ndarray, x: np.ndarray, Ia: np.ndarray) -> None:
        self.tp = float(t[-1])
        self.xp = x[-1].copy()
        self.Ip = Ia[-1].copy()


def _empty(ch: int):
    return np.zeros(0), np.zeros((0, ch)), np.zeros(0), []


class LowPass:
    """Butterworth low-pass with carried state (``sosfilt`` with ``zi``).

    ``reset(x0)`` puts the filter in steady state at ``x0`` (used at start and after a gap).
    """

    def __init__(self, fc_hz: float | tuple[float, float], fs_hz: float, order: int = 2,
                 btype: str = "low") -> None:
        # (btype "band" with fc_hz = (low, high): a band-pass with the same recursion)
        self.sos = signal.butter(order, fc_hz, btype=btype, fs=fs_hz, output="sos")
        self._zi_unit = signal.sosfilt_zi(self.sos)
        self._coef = [tuple(float(c) for c in row) for row in self.sos]
        self._state: list[list[float]] = []
        self.zi: np.ndarray | None = None
        # Group delay at DC (s): subtracted from event times so phases line up with truth.
        w, gd = signal.group_delay(signal.sos2tf(self.sos), w=[1e-3], fs=fs_hz)
        self.delay_s = float(gd[0]) / fs_hz

    def reset(self, x0: float) -> None:
        self.zi = self._zi_unit * x0
        self._state = [[float(a), float(b)] for a, b in self.zi]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Filter a block, carrying state.

        A plain per-sample recursion (direct form II transposed, as ``sosfilt``): the
        engine's blocks hold only a few grid samples each, where ``sosfilt``'s per-call
        overhead costs 20x more than the arithmetic.
        """
        n = len(x)
        if n == 0:
            return x
        if self.zi is None:
            self.reset(float(x[0]))
        y = [0.0] * n
        xs = x.tolist()
        for (b0, b1, b2, _a0, a1, a2), st in zip(self._coef, self._state):
            z1, z2 = st
            for i in range(n):
                xi = xs[i]
                yi = b0 * xi + z1
                z1 = b1 * xi - a1 * yi + z2
                z2 = b2 * xi - a2 * yi
                y[i] = yi
            st[0], st[1] = z1, z2
            xs = y[:]
        self.zi = np.array(self._state)
        return np.array(xs)
