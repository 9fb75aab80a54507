"""The gravity direction tracked with the gyroscope (round 12, helper GYRO).

Without a gyroscope the engine's gravity direction is the specific force low-passed at
1 Hz: it lags, and every rep's linear acceleration bends it (a thigh or a wrist swinging
through a rep accelerates sideways by 0.1-0.3 g, i.e. 5-15 deg of apparent tilt).
A gyroscope measures the body rate w (sensor frame), and the gravity direction seen in
the sensor frame turns the other way: du/dt = -w x u. Integrating that follows the
direction through a rep without lag and without being bent by acceleration. Its errors
(gyro bias ~1 deg/s, 2 % scale) grow slowly, so the direction is pulled toward the
accelerometer's (f / |f|) when |f| is near one g (no linear acceleration to bend it),
with a time constant of seconds (a complementary filter), and the gyro bias is learned
while the sensor is still (then it reads only its bias).

Per grid sample in plain Python (the engine's 25 Hz grid: cheap), causal, state carried
between blocks: chunk-invariant.
"""

from __future__ import annotations

import math

import numpy as np

from .config import EngineConfig


class Attitude:
    """Gravity direction (unit vector, sensor frame) from the grid's acc (g) and gyro (deg/s)."""

    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.dt = dt
        self.k_acc = dt / (cfg.att_acc_tau_s + dt)
        self.gate_g = cfg.att_acc_gate_g
        self.k_bias = dt / (cfg.att_bias_tau_s + dt)
        self.still_rad = math.radians(cfg.att_still_dps)
        self.calm_rad = math.radians(cfg.att_calm_dps)
        self.k_fast = dt / (cfg.att_fast_tau_s + dt)
        self.settle_n = int(round(cfg.att_settle_s / dt))
        self.blind_s = cfg.rest_level_blind_s
        self.bridge = False  # a bridge is under way
        self.fresh = 0  # rows left of fast correction (after a restart or a bridge)
        self.u: list[float] | None = None
        self.bias = [0.0, 0.0, 0.0]  # rad/s
        # |f| of this sensor when it does not accelerate (its "1 g": a sensor's scale and
        # bias errors put it anywhere in 0.9-1.1 g), learnt while it does not turn
        self.k_level = dt / (cfg.att_level_tau_s + dt)
        self.level: float | None = None

    def reset(self) -> None:
        """After an unbridged gap the rotation during it is unknown: restart from the
        accelerometer (keep the gyro bias: it belongs to the sensor)."""
        self.u = None
        self.bridge = False

    def run(self, acc: np.ndarray, gyro: np.ndarray, lag: np.ndarray | None = None) -> np.ndarray:
        """Return the (N, 3) gravity direction for a block of grid rows.

        ``lag`` (s) is how long after each row its data came: a row bridged across a
        dropout comes when the data resumes (lag ~ the dropout's length, vs < 0.1 s for
        a measured row). A bridge is a straight line from the last sample before the
        dropout to the first after it, in the gyro as in the acc, so whatever turned
        during the dropout is missing from the integral. The direction is then
        unknown: a 0.5 s dropout inside a chest deadlift's pull hid 15-20 deg of turn
        (t17 sim-17-0032), a 2 s one during a thigh's setup 60 deg (t20 sim-20-0487).
        So the direction restarts from f/|f| at the first measured row after a bridge
        (bent by the rep's acceleration, under ~10 deg in those, but not by that), and
        after a bridge or a restart it is pulled toward the accelerometer's fast
        (att_fast_tau_s) for att_settle_s of rows with |f| near 1 g (the only rows
        where f/|f| is gravity).
        """
        n = len(acc)
        out = np.empty((n, 3))
        al = acc.tolist()
        wl = np.radians(gyro).tolist()
        ll = lag.tolist() if lag is not None else [0.0] * n
        blind, bridge = self.blind_s, self.bridge
        fresh, kf, settle = self.fresh, self.k_fast, self.settle_n
        dt, ka, gate, kb, still = self.dt, self.k_acc, self.gate_g, self.k_bias, self.still_rad
        calm = self.calm_rad
        bx, by, bz = self.bias
        u = self.u
        lv, kl = self.level, self.k_level
        for i in range(n):
            fx, fy, fz = al[i]
            fm = math.sqrt(fx * fx + fy * fy + fz * fz)
            if fm < 1e-9:
                fm = 1e-9
            ax, ay, az = fx / fm, fy / fm, fz / fm
            if lv is None:
                lv = fm
            lg = ll[i]
            if lg > blind:
                fresh = settle
                bridge = True
            elif bridge:
                # the first measured row after a bridge: restart there from f/|f|
                u = None
                bridge = False
            if u is None:
                ux, uy, uz = ax, ay, az
                fresh = settle
            else:
                ux, uy, uz = u
                wx, wy, wz = wl[i]
                wx -= bx; wy -= by; wz -= bz
                # du/dt = -w x u (the world's up seen from a frame turning with w)
                cx = wy * uz - wz * uy
                cy = wz * ux - wx * uz
                cz = wx * uy - wy * ux
                ux -= cx * dt; uy -= cy * dt; uz -= cz * dt
                w2 = wx * wx + wy * wy + wz * wz
                if w2 < still * still and lg <= blind:
                    lv += kl * (fm - lv)
                if -gate < fm - lv < gate and (w2 < calm * calm or fresh > 0):
                    if fresh > 0:
                        k = kf
                        fresh -= 1
                    else:
                        k = ka
                    ux += k * (ax - ux); uy += k * (ay - uy); uz += k * (az - uz)
                    # still: the gyro reads its bias
                    if w2 < still * still and lg <= blind:
                        rx, ry, rz = wl[i]
                        bx += kb * (rx - bx); by += kb * (ry - by); bz += kb * (rz - bz)
                nu = math.sqrt(ux * ux + uy * uy + uz * uz)
                ux /= nu; uy /= nu; uz /= nu
            u = [ux, uy, uz]
            out[i, 0] = ux; out[i, 1] = uy; out[i, 2] = uz
        self.u = u
        self.fresh = fresh
        self.bridge = bridge
        self.bias = [bx, by, bz]
        self.level = lv
        return out
