"""The sensor: specific force and angular rate in its own frame, then the imperfections
of a real BLE accelerometer (noise, bias, scale, quantisation, clipping, jitter, gaps)."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.spatial.transform import Rotation

from .timeline import FS

G0 = 9.80665  # standard gravity, m/s^2


def specific_force(pos: np.ndarray, R_seg: np.ndarray, mount: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ideal accelerometer (g) and gyroscope (deg/s) readings on the internal grid.

    An accelerometer measures specific force f = a - g_vec (g_vec = (0, 0, -g0)), seen in
    its own frame: f_s = R^T (a - g_vec), where R maps sensor to world coordinates
    (R = R_seg @ mount). At rest f_s is 1 g pointing up. The gyroscope reads the body
    angular rate: [w]x = R^T dR/dt.
    """
    dt = 1.0 / FS
    acc = np.gradient(np.gradient(pos, dt, axis=0), dt, axis=0)
    acc[:, 2] += G0
    R = R_seg @ mount
    f = np.einsum("nji,nj->ni", R, acc) / G0
    Rdot = np.gradient(R, dt, axis=0)
    W = np.einsum("nji,njk->nik", R, Rdot)
    omega = np.stack([W[:, 2, 1] - W[:, 1, 2], W[:, 0, 2] - W[:, 2, 0], W[:, 1, 0] - W[:, 0, 1]], axis=1) * 0.5
    return f, np.rad2deg(omega)


def random_mount(rng: np.random.Generator) -> np.ndarray:
    """A uniformly random mounting orientation (sensor frame -> segment frame)."""
    return Rotation.random(random_state=np.random.RandomState(int(rng.integers(2**31)))).as_matrix()


def sample(t_fine: np.ndarray, f: np.ndarray, gyro: np.ndarray, rate_hz: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sample at ``rate_hz``: a boxcar over one sample period stands in for the sensor's
    own averaging/anti-alias filter, then the value at each nominal sample instant."""
    win = max(1, int(round(FS / rate_hz)))
    fa = uniform_filter1d(f, win, axis=0, mode="nearest")
    ga = uniform_filter1d(gyro, win, axis=0, mode="nearest")
    n = int(np.floor(t_fine[-1] * rate_hz)) + 1
    t = np.arange(n) / rate_hz
    fs = np.stack([np.interp(t, t_fine, fa[:, i]) for i in range(3)], axis=1)
    gs = np.stack([np.interp(t, t_fine, ga[:, i]) for i in range(3)], axis=1)
    return t, fs, gs


def imperfect(
    t: np.ndarray,
    acc: np.ndarray,
    gyro: np.ndarray,
    rate_hz: float,
    rng: np.random.Generator,
    level: float = 1.0,
    range_g: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Apply a commodity sensor's imperfections; return (t, acc, gyro, the draws)."""
    scale = 1.0 + rng.normal(0, 0.02 * level, 3)
    bias = rng.normal(0, 0.02 * level, 3)
    sigma = rng.uniform(0.003, 0.02) * level
    # resolution: 1 mg (Polar), 12-bit at +-2 g / +-8 g, or a coarse 8-bit band
    lsb = float(rng.choice([0.001, 4.0 / 4096, 16.0 / 4096, 4.0 / 256]))
    a = acc * scale + bias + rng.normal(0, sigma, acc.shape)
    if range_g:
        a = np.clip(a, -range_g, range_g)
    a = np.round(a / lsb) * lsb
    gbias = rng.normal(0, 1.0 * level, 3)
    g = gyro * (1.0 + rng.normal(0, 0.02 * level, 3)) + gbias + rng.normal(0, 0.5 * level, gyro.shape)
    g = np.round(g / 0.07) * 0.07
    # timestamps: phones stamp BLE packets late and irregularly; keep them increasing
    jit = min(0.003, 0.15 / rate_hz) * level
    tj = t + np.abs(rng.normal(0, jit, len(t)))
    tj[0] = t[0]
    tj = np.maximum.accumulate(tj)
    tj[1:] = np.maximum(tj[1:], tj[:-1] + 1e-4)
    draws = {"scale": scale.tolist(), "bias_g": bias.tolist(), "noise_g": sigma, "lsb_g": lsb, "range_g": range_g, "jitter_s": jit}
    return tj, a, g, draws


def drop_gaps(t: np.ndarray, windows: list[tuple[float, float]]) -> np.ndarray:
    """Boolean mask of the samples that survive dropped-packet ``windows`` (t0, t1)."""
    keep = np.ones(len(t), dtype=bool)
    for t0, t1 in windows:
        keep &= ~((t >= t0) & (t < t1))
    return keep
