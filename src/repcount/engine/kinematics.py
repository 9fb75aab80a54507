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
from .dropout import GapHold
from .gravity import RestLevel
from .restmodel import RestModel


class Kinematics:
    """Per-sample integrator. :meth:`run` takes a block of low-passed |f| (g)."""

    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.cfg = cfg
        self.dt = dt
        self.rest = RestLevel(cfg.baseline_tau_s, dt)
        self.quiet_alpha = dt / (1.0 + dt)  # 1 s smoother of |f| for the quiet test
        self.min_bout = max(1, int(round(cfg.anchor_min_s / dt)))
        self.stamp = 0
        # Recent mean turning rate of the gravity direction (rad/s): a bar barely turns,
        # a wrist, trunk or thigh turns through every rep. Kept across gaps, like the
        # anchors: it says where the sensor is worn.
        self.turn_rate = 0.0
        self.turn_alpha = dt / (cfg.turn_tau_s + dt)
        # (round 12, helper CALIB) the rest level fitted over every rest bout's
        # orientation (engine/restmodel.py); kept across gaps, like the anchors
        self.model = RestModel(cfg.rest_model_prior_s, cfg.rest_model_cap_s,
                               cfg.rest_model_cross) if cfg.rest_model else None
        self.gap_hold = GapHold(cfg, dt)  # (round 12, helper GAPREP)
        self.reset()

    def reset(self) -> None:
        """Forget motion (start, or after an unbridged gap); keep the rest level."""
        self.v = 0.0
        self.z = 0.0
        self.near_n = 0    # samples in a row with |f| near the rest level
        self.quiet_n = 0   # samples in a row with |f| flat (whatever the level)
        self.zupt_pend = None  # a zero-velocity update waiting out a dropout (D1)
        self.zupt_pend_n = 0
        self.calm_n = 0    # samples in a row with the 4 Hz |f| at the rest level
        self.since = 0     # samples since the last zero-velocity update
        self.acc_int = 0.0  # integral of |a| since then (m/s)
        # (round 11, helper GAP) velocity change a bridged dropout may have hidden since
        # the last zero-velocity update (m/s), and the availability time of the last
        # dropout's samples (so each dropout is added once)
        self.gap_v = 0.0
        self.gap_src = -1e9
        # recent peaks of upward and downward v (m/s, both positive), decaying with
        # coast_peak_tau_s
        self.vpk_up = 0.0
        self.vpk_dn = 0.0
        # top-hold zero (see config hold_zero_*): the current calm stretch (samples, sum
        # of v) and the pending candidate (velocity, half length, age, relative descent)
        self.hz_n = 0
        self.hz_sum = 0.0
        self.hz_cand: list | None = None
        self.hz_hi = 0.0    # leaky recent peak of v
        self.hz_fall = 0.0  # how far v had fallen from it when the calm began
        self.hz_lo = 0.0    # leaky recent low of z
        self.hz_rise = 0.0  # how far z had risen from it when the calm began
        self.smooth: float | None = None
        self.bout_n = 0     # samples of the current rest bout ...
        self.bout_u = [0.0, 0.0, 0.0]  # ... and the sums of their gravity directions
        self.bout_m = 0.0   # ... and of their |f|
        self.corr_rest = 0.0  # orientation correction at the last rest (see _corr)
        # share of the way from the running level to the fit (round 12, CALIB2)
        if not hasattr(self, "abs_w"):
            self.abs_w = self.cfg.rest_model_abs_w
        self.u_prev = None
        self.gap_hold.reset()
        # Rest "anchors" (unit gravity direction, |f| at rest) are kept across gaps: the
        # sensor's bias and scale error do not change.
        if not hasattr(self, "anchors"):
            self.anchors: list[list] = []

    def _corr_fn(self):
        """The rest level's change with orientation, learned from two rest anchors.

        A per-axis bias of ~0.02 g and a 2 % scale error make |f| at rest depend on the
        orientation by a few hundredths of a g; a thigh or trunk that turns 50 deg
        during a rep would integrate that into 0.3 m/s of drift. Two rests at different
        orientations (standing, and a deadlift's bar on the floor or a squat's bottom)
        give the gradient of the rest level along the path between them, which is the
        path the sensor turns along in a rep. Returns (u1, d/|d|^2, L2-L1) or None.
        (round 12, helper CALIB) With ``rest_model``: the fitted model's coefficients
        (restmodel.RestModel.coef, a list) or None.
        """
        if self.model is not None:
            return self.model.coef
        if len(self.anchors) < 2:
            return None
        (u1, l1, _), (u2, l2, _) = self.anchors
        d = [u2[0] - u1[0], u2[1] - u1[1], u2[2] - u1[2]]
        dd = d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
        if dd < self.cfg.anchor_min_d2:
            return None
        return (u1, [x / dd for x in d], l2 - l1)

    def _abs_w(self, u) -> float:
        """(round 12, helper CALIB2) How far to move the running level to the fit.

        The running level is the mean of the last ~rest_model_abs_t_s seconds of rest
        (variance ~ s2 / t); the fit's level at u has variance ~ s2 * pvar(u). The
        inverse-variance share of the fit is 1 / (1 + t * pvar(u)), capped at
        rest_model_abs_w: many bouts near u => trust the fit; an orientation it
        extrapolates to => keep the running level.
        """
        cfg = self.cfg
        t = cfg.rest_model_abs_t_s
        if t <= 0.0:
            return cfg.rest_model_abs_w
        return cfg.rest_model_abs_w / (1.0 + t * self.model.pvar(u))

    def _end_bout(self) -> None:
        """A rest bout ended: its mean orientation and |f| become (or refresh) an anchor."""
        n, su, sm = self.bout_n, self.bout_u, self.bout_m
        self.bout_n, self.bout_u, self.bout_m = 0, [0.0, 0.0, 0.0], 0.0
        if n < self.min_bout:
            return
        ux, uy, uz = (x / n for x in su)
        nu = (ux * ux + uy * uy + uz * uz) ** 0.5
        if nu < 1e-6:
            return
        u = (ux / nu, uy / nu, uz / nu)
        m = sm / n
        if self.model is not None:
            self.model.add(u, m, n * self.dt)
            return
        self.stamp += 1
        close = self.cfg.anchor_same_cos
        for a in self.anchors:
            if a[0][0] * u[0] + a[0][1] * u[1] + a[0][2] * u[2] > close:
                a[0], a[1], a[2] = u, m, self.stamp
                return
        if len(self.anchors) < 2:
            self.anchors.append([u, m, self.stamp])
        else:
            old = min(self.anchors, key=lambda a: a[2])
            old[0], old[1], old[2] = u, m, self.stamp

    def run(self, mf: np.ndarray, ms: np.ndarray, noise: np.ndarray,
            u: np.ndarray | None = None, blind: np.ndarray | None = None,
            avail: tuple | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (v m/s, z m, rest, calm) per sample; ``rest`` is 0 in motion, else the
        number of samples the sensor has been still (a ZUPT was applied); ``calm`` is the
        number of samples in a row without vertical acceleration (quick, drift-free
        evidence that a phase has ended, used by the detector).

        ``mf`` is |f| low-passed for integration, ``ms`` a smoother |f| for the rest
        test, ``noise`` a running estimate of the sensor noise in ``ms`` (g): the rest
        thresholds scale with it, so a noisy 8-bit sensor still finds its rests and a
        clean one still sees a slow grind as motion.

        ``avail`` (optional: the samples' times and when each was made available, s): a
        sample bridged across a dropped-packet gap comes when the data resumes, so its
        lag marks a dropout of about that length (round 11, helper GAP).
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
        first_need = int(round(cfg.first_rest_s / dt))
        vmax = cfg.zupt_max_v
        qa = self.quiet_alpha
        rest = self.rest
        v, z, near_n, quiet_n, smooth = self.v, self.z, self.near_n, self.quiet_n, self.smooth
        calm_n = self.calm_n
        since, acc_int = self.since, self.acc_int
        gap_v, gap_src = self.gap_v, self.gap_src  # (round 11, helper GAP)
        gap_lag, gap_a = self.cfg.drop_mark_s, self.cfg.gap_zupt_acc
        gap_need = int(round(cfg.gap_still_s / dt))
        if avail is not None:
            srcl = avail[1].tolist()
            lagl = (avail[1] - avail[0]).tolist()
            tel = avail[0].tolist()
        else:
            lagl = tel = None
        g0, grate = cfg.zupt_v0, cfg.zupt_drift_rate * dt
        gfrac, gfrac_st = cfg.zupt_acc_frac, cfg.zupt_acc_frac_steady
        steady_rate = np.deg2rad(cfg.steady_turn_dps)
        ta = self.turn_alpha
        turn_rate, u_prev = self.turn_rate, self.u_prev
        gs = np.empty(n)
        level = rest.level
        ul = u.tolist() if u is not None else None
        bl = blind.tolist() if blind is not None else None  # bridged rows (round 11, WDL)
        cf = self._corr_fn() if ul is not None else None
        mdl = self.model is not None
        mabs = mdl and cfg.rest_model_abs
        mtest = mabs and cfg.rest_model_abs_test
        c0 = self.model.c0 if mdl else 0.0
        aw = self.abs_w
        corr_rest = self.corr_rest
        bout_n = self.bout_n
        vpk_up, vpk_dn = self.vpk_up, self.vpk_dn
        pk_decay = float(np.exp(-dt / cfg.coast_peak_tau_s))
        coast_v, coast_frac = cfg.coast_keep_v, cfg.coast_keep_frac
        hz_min_n = max(1, int(round(cfg.hold_zero_min_s / dt)))
        hz_ttl_n = int(round(cfg.hold_zero_ttl_s / dt))
        hz_cancel_n = max(2, int(round(cfg.hold_zero_cancel_s / dt)))
        hz_min_v, hz_max_v, hz_drop = cfg.hold_zero_min_v, cfg.hold_zero_max_v, cfg.hold_zero_drop_m
        hz_n, hz_sum, hz_cand = self.hz_n, self.hz_sum, self.hz_cand
        hz_hi, hz_fall = self.hz_hi, self.hz_fall
        hz_a = dt / (cfg.hold_zero_peak_tau_s + dt)
        hz_fall_min = cfg.hold_zero_fall_v
        hz_lo, hz_rise = self.hz_lo, self.hz_rise
        hz_za = dt / (cfg.hold_zero_low_tau_s + dt)
        hz_rise_min = cfg.hold_zero_rise_m
        gh = self.gap_hold  # (round 12, helper GAPREP: engine/dropout.py)
        defer = bl is not None and cfg.zupt_after_gap
        pend = self.zupt_pend
        pend_rs = []
        pend_bout = []  # (bridged rows of this block while pending)
        pend_n = self.zupt_pend_n
        pend_max = int(round(cfg.zupt_after_gap_s / dt))
        if pend is not None:
            pend = [-1, pend[1]]  # (from an earlier block: its rows are gone)
        for i in range(n):
            m = ms[i]
            if smooth is None:
                smooth = m
            smooth += qa * (m - smooth)
            thr = k * noise[i]
            if thr < thr0:
                thr = thr0
            dq = m - smooth
            quiet_n = quiet_n + 1 if -thr < dq < thr else 0
            if level is None:
                # No rest seen yet: the recording may start mid-movement (a logger
                # started late, a reconnect mid-set), where the first sample is often
                # 0.05-0.2 g off the sensor's "1 g" and would drift the velocity away.
                # Integrate nothing until |f| has been flat for first_rest_s; that
                # flat |f| is the first rest level. The flatness is judged against a
                # mean restarted whenever |f| leaves it: a 1 s mean started in a
                # lowering (|f| ~1.4 g) takes ~3 s to settle and missed a 1.6 s rest
                # on the floor before the next pull (cropped seed 2 exact 75.9 -> 81.2 %,
                # seed 7 74.9 -> 79.2 %; uncropped unchanged but one seed-2 thigh ghost).
                if not quiet_n:
                    smooth = m
                vs[i] = v
                zs[i] = z
                gs[i] = g0
                if quiet_n < first_need:
                    continue
                rest.update(smooth)
                level = rest.level
            # orientation-dependent part of the rest level, relative to the last rest
            oc = 0.0
            oa = 0.0  # the correction the integration uses
            if cf is not None:
                ui = ul[i]
                if mdl:  # (round 12, helper CALIB) the fitted L(u), restmodel.features
                    x, y, zz = ui
                    oa = (cf[0] * x + cf[1] * y + cf[2] * zz + cf[3] * (x * x - zz * zz)
                          + cf[4] * (y * y - zz * zz) + 2 * (cf[5] * x * y + cf[6] * x * zz
                                                             + cf[7] * y * zz))
                    oc = oa - corr_rest
                    oa = oc + aw * (oa + c0 - level - oc) if mabs else oc
                else:
                    u1, dn, dl = cf
                    p = ((ui[0] - u1[0]) * dn[0] + (ui[1] - u1[1]) * dn[1] + (ui[2] - u1[2]) * dn[2])
                    p = -0.5 if p < -0.5 else 1.5 if p > 1.5 else p
                    oc = oa = p * dl - corr_rest
            lvl = level + (oa if mtest else oc)
            d = m - lvl
            near_n = near_n + 1 if -thr < d < thr else 0
            dc = mf[i] - lvl
            calm_n = calm_n + 1 if -thr < dc < thr else 0
            cs[i] = calm_n
            # leaky recent peak of the (signed) velocity: did the calm follow a slow-down?
            hz_hi = v if v > hz_hi else hz_hi + hz_a * (v - hz_hi)
            # ...and leaky recent low of the displacement: did it follow a rise?
            hz_lo = z if z < hz_lo else hz_lo + hz_za * (z - hz_lo)
            if calm_n:
                hz_n += 1
                hz_sum += v
                if hz_n == 1:
                    hz_fall = hz_hi - v
                    hz_rise = z - hz_lo
                if hz_n == hz_cancel_n:
                    hz_cand = None  # stopped again: a coasting pull's top, not a lowering
            else:
                if hz_n >= hz_min_n:
                    vc = hz_sum / hz_n
                    avc = vc if vc > 0 else -vc
                    if hz_min_v <= avc <= hz_max_v and hz_fall >= hz_fall_min \
                            and hz_rise >= hz_rise_min:
                        hz_cand = [vc, 0.5 * hz_n, 0, 0.0]
                hz_n = 0
                hz_sum = 0.0
                if hz_cand is not None:
                    hz_cand[2] += 1
                    hz_cand[3] += (v - hz_cand[0]) * dt
                    if hz_cand[3] < -hz_drop:
                        vc = hz_cand[0]
                        v -= vc
                        z -= vc * (hz_cand[1] + hz_cand[2]) * dt
                        hz_cand = None
                    elif hz_cand[2] > hz_ttl_n:
                        hz_cand = None
            # How large can the velocity error be by now? It grows with time since the
            # last reset (bias) and with the acceleration integrated since (second-order
            # and rotation errors of the magnitude). A velocity above that bound is real
            # motion at constant speed (a steady descent, a grind), not drift at rest.
            # A sensor that does not turn (a bar) has a smaller share of the latter.
            if ul is not None:
                ui = ul[i]
                if u_prev is not None:
                    dx, dy, dz = ui[0] - u_prev[0], ui[1] - u_prev[1], ui[2] - u_prev[2]
                    turn_rate += ta * ((dx * dx + dy * dy + dz * dz) ** 0.5 / dt - turn_rate)
                u_prev = ui
            if lagl is not None:
                lg = lagl[i]
                if lg > gap_lag and srcl[i] != gap_src:
                    # the first bridged sample of a dropout (all come when the data
                    # resumes, so its lag ~ the dropout's length): the straight line
                    # bridging it can have hidden up to gap_zupt_acc * that much change
                    # of velocity
                    gap_src = srcl[i]
                    gap_v += gap_a * lg
            gate = g0 + grate * since + (gfrac_st if turn_rate < steady_rate else gfrac) * acc_int
            if gate > vmax:
                gate = vmax
            gs[i] = gate
            if gh.active or (bl is not None and bl[i]):
                # (round 12, helper GAPREP) a top hold right after a dropout: its speed
                # is the step the bridge line left (engine/dropout.py)
                vc = gh.step(tel[i] if tel is not None else 0.0, bl[i],
                             lagl[i] if lagl is not None else 0.0, calm_n > 0, v, z - hz_lo, gate)
                if vc is not None:
                    v -= vc
                    z -= gh.travel(vc)
                    gap_v = 0.0
                    hz_n, hz_sum, hz_cand = 0, 0.0, None
            av = v if v > 0 else -v
            vpk_up *= pk_decay
            vpk_dn *= pk_decay
            if v > vpk_up:
                vpk_up = v
            elif -v > vpk_dn:
                vpk_dn = -v
            # A near-rest reset needs the velocity to have fallen from the recent peak in
            # its own direction: a pull coasting through its sticking region keeps most of
            # its peak speed, while a stop with drift left over has lost the motion's peak;
            # the faster lowering before a touch-and-go pull must not hide it (see config).
            coasting = av > coast_v and av > coast_frac * (vpk_up if v > 0 else vpk_dn) \
                and turn_rate < steady_rate
            still = quiet_n >= force_need or near_n >= force_need or (
                    near_n >= near_need and -gate < v < gate and not coasting) or (
                    gap_v and near_n >= gap_need and turn_rate < steady_rate
                    and -gate - gap_v < v < gate + gap_v and not coasting)
            if defer:
                if pend is not None:
                    pend_rs.append(quiet_n if quiet_n >= force_need else near_n)
                    if bl[i]:
                        still = False  # (no measurement: integrated, undecided)
                    elif still:
                        # measured still within zupt_after_gap_s of the dropout: the
                        # bridged stretch was rest, zeroed as it would have been
                        j0, pz = pend
                        if j0 >= 0:
                            vs[j0:i] = 0.0
                            zs[j0:i] = pz
                            rs[j0:i] = pend_rs[:-1]
                            z = pz
                        for j, oj in pend_bout:
                            # (the bout's orientation samples, as the zero would have taken them)
                            if ul is not None:
                                uj = ul[j]
                                bu = self.bout_u
                                bu[0] += uj[0]; bu[1] += uj[1]; bu[2] += uj[2]
                                self.bout_m += ms[j]
                                bout_n += 1
                                if cf is not None:
                                    corr_rest += oj
                        v = 0.0
                        pend = None
                        pend_rs = []
                        pend_bout = []
                    else:
                        pend_n += 1
                        if pend_n > pend_max:
                            pend = None  # moving after the dropout: it held no rest
                            pend_rs = []
                            pend_bout = []
                    if pend is not None and bl[i]:
                        pend_bout.append((i, oc))
                elif bl[i] and still:
                    # (round 12, helper D1) a bridged row is no measurement of
                    # stillness: the zero waits for the measured rows after the
                    # dropout (config.zupt_after_gap)
                    pend = [i, z]
                    pend_n = 0
                    pend_bout = [(i, oc)]
                    pend_rs = [quiet_n if quiet_n >= force_need else near_n]
                if pend is not None and (bl[i] or not still):
                    # a zero pending: integrate on, undecided
                    a = (mf[i] - level - oa) * G
                    v += a * dt
                    z += v * dt
                    vs[i] = v
                    zs[i] = z
                    continue
            if still:
                # (the second test, round 11 helper GAP: a velocity step a dropout left,
                # read as a constant speed with no acceleration for gap_still_s)
                v = 0.0
                since = 0
                acc_int = 0.0
                gap_v = 0.0
                hz_n, hz_sum, hz_cand = 0, 0.0, None  # a real zero: nothing to confirm
                if bl is None or not bl[i]:  # an interpolated row is no measurement
                    rest.update(m)
                    level = rest.level
                if ul is not None:
                    ui = ul[i]
                    bu = self.bout_u
                    bu[0] += ui[0]; bu[1] += ui[1]; bu[2] += ui[2]
                    self.bout_m += m
                    bout_n += 1
                    if cf is not None:
                        corr_rest += oc  # the level now refers to this orientation
                # how long it has been still: the detector dates phase ends with it
                rs[i] = quiet_n if quiet_n >= force_need else near_n
            else:
                if bout_n:
                    self.bout_n = bout_n
                    self._end_bout()
                    bout_n = 0
                    cf = self._corr_fn() if ul is not None else None
                    if cf is not None and mdl:
                        corr_rest = self.model.value(ul[i])
                    elif cf is not None:
                        # correction relative to the orientation of this rest
                        ui = ul[i]
                        u1, dn, dl = cf
                        p = ((ui[0] - u1[0]) * dn[0] + (ui[1] - u1[1]) * dn[1] + (ui[2] - u1[2]) * dn[2])
                        p = -0.5 if p < -0.5 else 1.5 if p > 1.5 else p
                        corr_rest = p * dl
                    else:
                        corr_rest = 0.0
                    oc = 0.0
                    oa = 0.0
                    if mabs and cf is not None:
                        c0 = self.model.c0
                        aw = self._abs_w(ul[i])  # where the motion starts
                        oa = aw * (self.model.value(ul[i]) + c0 - level)
                a = (mf[i] - level - oa) * G
                v += a * dt
                z += v * dt
                since += 1
                acc_int += (a if a > 0 else -a) * dt
            vs[i] = v
            zs[i] = z
        self.v, self.z, self.near_n, self.quiet_n, self.smooth = v, z, near_n, quiet_n, smooth
        self.zupt_pend = pend
        self.zupt_pend_n = pend_n
        self.calm_n = calm_n
        self.since, self.acc_int = since, acc_int
        self.gap_v, self.gap_src = gap_v, gap_src
        self.vpk_up, self.vpk_dn = vpk_up, vpk_dn
        self.hz_n, self.hz_sum, self.hz_cand = hz_n, hz_sum, hz_cand
        self.hz_hi, self.hz_fall = hz_hi, hz_fall
        self.hz_lo, self.hz_rise = hz_lo, hz_rise
        self.corr_rest, self.bout_n = corr_rest, bout_n
        self.abs_w = aw
        self.turn_rate, self.u_prev = turn_rate, u_prev
        return vs, zs, rs, cs, gs
