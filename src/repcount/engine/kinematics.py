"""Vertical velocity and displacement from vertical acceleration, with drift control.

Plain integration of acceleration drifts (a 0.005 g bias is 0.05 m/s after a second),
so velocity is reset to zero whenever the sensor is at rest (zero-velocity update,
ZUPT). "At rest" needs care: a grinding rep moving at a steady 0.1-0.2 m/s has almost
no acceleration either, so a short stillness only resets a velocity that is already
small, and only a long one (``still_force_s``) resets whatever the estimate.
Displacement is never reset: the detector only uses differences within one rep.
"""

from __future__ import annotations

import numpy as np

from .config import G, EngineConfig
from .gravity import RestLevel


class Kinematics:
    """Per-sample integrator. :meth:`run` takes a block of low-passed |f| (g)."""

    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.cfg = cfg
        self.dt = dt
        self.rest = RestLevel(cfg.baseline_tau_s, dt)
        self.quiet_alpha = dt / (1.0 + dt)  # 1 s smoother of |f| for the quiet test
        self.reset()

    def reset(self) -> None:
        """Forget motion (start, or after an unbridged gap); keep the rest level."""
        self.v = 0.0
        self.z = 0.0
        self.near_n = 0    # samples in a row with |f| near the rest level
        self.quiet_n = 0   # samples in a row with |f| flat (whatever the level)
        self.calm_n = 0    # samples in a row with the 4 Hz |f| at the rest level
        self.since = 0     # samples since the last zero-velocity update
        self.acc_int = 0.0  # integral of |a| since then (m/s)
        self.smooth: float | None = None

    def run(self, mf: np.ndarray, ms: np.ndarray, noise: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (v m/s, z m, rest, calm) per sample; ``rest`` is 0 in motion, else the
        number of samples the sensor has been still (a ZUPT was applied); ``calm`` is the
        number of samples in a row without vertical acceleration (quick, drift-free
        evidence that a phase has ended, used by the detector).

        ``mf`` is |f| low-passed for integration, ``ms`` a smoother |f| for the rest
        test, ``noise`` a running estimate of the sensor noise in ``ms`` (g): the rest
        thresholds scale with it, so a noisy 8-bit sensor still finds its rests and a
        clean one still sees a slow grind as motion.
        """
        cfg, dt = self.cfg, self.dt
        n = len(mf)
        vs = np.empty(n)
        zs = np.empty(n)
        rs = np.zeros(n, dtype=np.int64)
        cs = np.zeros(n, dtype=np.int64)
        thr0 = cfg.still_acc_g
        k = cfg.still_noise_k
        near_need = int(round(cfg.still_s / dt))
        force_need = int(round(cfg.still_force_s / dt))
        vmax = cfg.zupt_max_v
        qa = self.quiet_alpha
        rest = self.rest
        v, z, near_n, quiet_n, smooth = self.v, self.z, self.near_n, self.quiet_n, self.smooth
        calm_n = self.calm_n
        since, acc_int = self.since, self.acc_int
        g0, grate, gfrac = cfg.zupt_v0, cfg.zupt_drift_rate * dt, cfg.zupt_acc_frac
        gs = np.empty(n)
        level = rest.level
        for i in range(n):
            m = ms[i]
            if level is None:
                rest.update(m)
                level = rest.level
            if smooth is None:
                smooth = m
            smooth += qa * (m - smooth)
            thr = k * noise[i]
            if thr < thr0:
                thr = thr0
            d = m - level
            near_n = near_n + 1 if -thr < d < thr else 0
            dc = mf[i] - level
            calm_n = calm_n + 1 if -thr < dc < thr else 0
            cs[i] = calm_n
            dq = m - smooth
            quiet_n = quiet_n + 1 if -thr < dq < thr else 0
            # How large can the velocity error be by now? It grows with time since the
            # last reset (bias) and with the acceleration integrated since (second-order
            # and rotation errors of the magnitude). A velocity above that bound is real
            # motion at constant speed (a steady descent, a grind), not drift at rest.
            gate = g0 + grate * since + gfrac * acc_int
            if gate > vmax:
                gate = vmax
            gs[i] = gate
            if quiet_n >= force_need or near_n >= force_need or (near_n >= near_need and -gate < v < gate):
                v = 0.0
                since = 0
                acc_int = 0.0
                rest.update(m)
                level = rest.level
                # how long it has been still: the detector dates phase ends with it
                rs[i] = quiet_n if quiet_n >= force_need else near_n
            else:
                a = (mf[i] - level) * G
                v += a * dt
                z += v * dt
                since += 1
                acc_int += (a if a > 0 else -a) * dt
            vs[i] = v
            zs[i] = z
        self.v, self.z, self.near_n, self.quiet_n, self.smooth = v, z, near_n, quiet_n, smooth
        self.calm_n = calm_n
        self.since, self.acc_int = since, acc_int
        return vs, zs, rs, cs, gs
