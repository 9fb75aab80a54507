"""Round 12, helper GYRO: the gravity direction tracked with the gyroscope
(engine/attitude.py), and the engine's gyro path (off by default)."""

from __future__ import annotations

import math

import numpy as np

from repcount.engine import Engine
from repcount.engine.attitude import Attitude
from repcount.engine.config import DEFAULT, with_overrides
from repcount.importers import load

GRID = DEFAULT.grid_hz


def _swing(n_s: float = 12.0):
    """A sensor turning about its x axis by up to 70 deg (a thigh in a squat, 3 s a rep)
    while it accelerates sideways by 0.3 g: the accelerometer's direction is bent by
    atan(0.3) ~ 17 deg, the true gravity direction is known."""
    dt = 1.0 / GRID
    t = np.arange(1, int(n_s * GRID) + 1) * dt
    th = np.radians(70.0) * np.sin(np.pi * np.clip(t - 2.0, 0.0, None) / 3.0) ** 2
    thd = np.radians(70.0) * np.pi / 3.0 * np.sin(2 * np.pi * np.clip(t - 2.0, 0.0, None) / 3.0)
    # world up seen in the sensor frame after a rotation th about x
    u = np.stack([np.zeros_like(th), np.sin(th), np.cos(th)], axis=1)
    # a horizontal world acceleration (world y) seen in the sensor frame
    ah = 0.3 * np.sin(2 * np.pi * np.clip(t - 2.0, 0.0, None) / 3.0)
    ey = np.stack([np.zeros_like(th), np.cos(th), -np.sin(th)], axis=1)
    acc = u + ah[:, None] * ey
    # the body rate (deg/s) about x; the gravity direction turns the other way
    gyro = np.stack([np.degrees(thd), np.zeros_like(th), np.zeros_like(th)], axis=1)
    return t, acc, gyro, u


def _err_deg(a, b):
    c = np.clip(np.einsum("ij,ij->i", a, b) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1), -1, 1)
    return np.degrees(np.arccos(c))


def test_attitude_follows_gravity_through_a_turn_with_acceleration():
    t, acc, gyro, u = _swing()
    att = Attitude(DEFAULT, 1.0 / GRID).run(acc, gyro + 0.5)  # a 0.5 deg/s gyro bias
    assert _err_deg(att, u).max() < 4.5  # (3.6: the bias is learnt during the first 2 s)
    # the accelerometer alone is bent by the sideways acceleration
    assert _err_deg(acc, u).max() > 12.0


def test_attitude_is_chunk_invariant_and_restarts_after_a_bridge():
    t, acc, gyro, u = _swing()
    lag = np.zeros(len(t))
    lag[150:160] = 0.4  # a bridged dropout mid-swing (rows that came 0.4 s late)
    whole = Attitude(DEFAULT, 1.0 / GRID).run(acc, gyro, lag)
    a = Attitude(DEFAULT, 1.0 / GRID)
    parts = np.concatenate([a.run(acc[i:i + 7], gyro[i:i + 7], lag[i:i + 7]) for i in range(0, len(t), 7)])
    assert np.array_equal(whole, parts)
    # the first measured row after the bridge is the accelerometer's direction
    f = acc[160] / np.linalg.norm(acc[160])
    assert np.allclose(whole[160], f)


def _events(rec, cfg, gyro=True, block=37):
    b = rec.block
    e = Engine("auto", None, cfg)
    out = []
    for i in range(0, len(b.t), block):
        out += e.feed(b.t[i:i + block], b.acc[i:i + block], b.gyro[i:i + block] if gyro else None)
    return [x.to_dict() for x in out + e.finish()]


def test_gyro_is_ignored_by_default_and_the_gyro_path_is_chunk_invariant():
    rec = load("recordings/squat-wrist-25hz-partial-gyro.csv")
    assert rec.block.gyro is not None
    # default: the events do not depend on the gyroscope
    assert _events(rec, DEFAULT, gyro=True) == _events(rec, DEFAULT, gyro=False)
    # with the gyro consumers on, events are the same whatever the block size
    on = with_overrides(att_det=True, att_kin=True)
    assert _events(rec, on, block=37) == _events(rec, on, block=5) == _events(rec, on, block=100000)
    assert math.isfinite(len(_events(rec, on)))
