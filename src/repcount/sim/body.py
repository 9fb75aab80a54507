"""Body model: where the sensor is and how it is oriented, for each placement.

World frame: x forward (the lifter's initial heading), y left, z up, metres. Segment
frames are built as Rz(yaw) @ Ry(pitch) @ Rx(roll); a positive pitch tips the segment's
z axis forward. The sensor's own frame is the segment frame times a random mounting
rotation (drawn per recording in :mod:`repcount.sim.sensor`).
"""

from __future__ import annotations

import numpy as np

BAR_TOP_Z = 1.45  # bar on the upper back of a standing lifter
DL_FLOOR_Z = 0.225  # bar centre with 45 cm plates on the floor
HIP_Z = 0.95
KNEE_Z = 0.50


def rot_zyx(yaw: np.ndarray, pitch: np.ndarray, roll: np.ndarray) -> np.ndarray:
    """(N,3,3) rotation matrices Rz(yaw) @ Ry(pitch) @ Rx(roll)."""
    cy, sy = np.cos(yaw), np.sin(yaw)
    cp, sp = np.cos(pitch), np.sin(pitch)
    cr, sr = np.cos(roll), np.sin(roll)
    R = np.empty((len(yaw), 3, 3))
    R[:, 0, 0] = cy * cp
    R[:, 0, 1] = cy * sp * sr - sy * cr
    R[:, 0, 2] = cy * sp * cr + sy * sr
    R[:, 1, 0] = sy * cp
    R[:, 1, 1] = sy * sp * sr + cy * cr
    R[:, 1, 2] = sy * sp * cr - cy * sr
    R[:, 2, 0] = -sp
    R[:, 2, 1] = cp * sr
    R[:, 2, 2] = cp * cr
    return R


def _ffill(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Hold the last value where ``mask`` is true; before the first, the first such value."""
    n = len(mask)
    if not mask.any():
        return values.copy()
    idx = np.where(mask, np.arange(n), 0)
    idx = np.maximum.accumulate(idx)
    first = int(np.argmax(mask))
    idx[:first] = first
    return values[idx]


def bar_candidate(w: dict[str, np.ndarray], exercise: str, rom: float) -> np.ndarray:
    """Where the bar would be if the lifter held it at this posture."""
    c, s = np.cos(w["yaw"]), np.sin(w["yaw"])
    if exercise == "squat":
        z = BAR_TOP_Z - rom * w["q"] + 0.5 * w["bob"] + 0.6 * w["breath"]
        off = 0.0
    else:
        z = DL_FLOOR_Z + rom * (1.0 - w["q"]) + 0.3 * w["bob"] + 0.2 * w["breath"]
        off = 0.25  # the bar hangs in front of the thighs
    # a lifter shifting under the bar moves it a little (fidget overlays, scaled down)
    x = w["X"] + off * c + 0.3 * w["fx"] * c
    y = w["Y"] + off * s + 0.3 * w["fx"] * s
    return np.stack([x, y, z + 0.2 * w["fz"]], axis=1)


def pose(w: dict[str, np.ndarray], exercise: str, placement: str, rom: float, p: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Return (position (N,3) m, segment rotation (N,3,3)) of the sensor's body segment."""
    q, yaw = w["q"], w["yaw"]
    c, s = np.cos(yaw), np.sin(yaw)
    u = np.stack([c, s, np.zeros_like(c)], axis=1)  # forward
    left = np.stack([-s, c, np.zeros_like(c)], axis=1)
    up = np.array([0.0, 0.0, 1.0])
    XY = np.stack([w["X"], w["Y"], np.zeros_like(c)], axis=1)
    loaded = w["loaded"]
    cand = bar_candidate(w, exercise, rom)
    bar = _ffill(cand, loaded)
    bar_yaw = _ffill(yaw, loaded)
    fidget = np.stack([w["fx"], w["fy"], w["fz"]], axis=1)
    free1 = (~loaded).astype(float)
    free = free1[:, None]

    if placement == "bar":
        bu = np.stack([np.cos(bar_yaw), np.sin(bar_yaw), np.zeros_like(c)], axis=1)
        pos = bar + w["bar_dx"][:, None] * bu
        # the bar's long axis is lateral (y): a rolling bar turns about y
        R = rot_zyx(bar_yaw, w["roll"] + p["bar_tilt"], np.full_like(q, p["bar_twist"]))
        return pos, R

    if exercise == "squat":
        theta = p["theta0"] + p["theta_sq"] * q
        lb, lc = p["lb"], p["lc"]
        hip_drop = rom * q - lb * (np.cos(p["theta0"]) - np.cos(theta))
        hip_fwd = -lb * np.sin(theta)
        phi = p["phi_sq"] * q
    else:
        theta = p["theta0"] + p["theta_dl"] * q
        lc = p["lc"]
        hip_drop = p["hip_dl_frac"] * rom * q
        hip_fwd = -0.25 * q
        phi = p["phi_dl"] * q

    if placement == "chest":
        z = HIP_Z - hip_drop + lc * np.cos(theta) + w["bob"]
        fwd = hip_fwd + lc * np.sin(theta) + 0.12
        pos = XY + fwd[:, None] * u + (z[:, None] * up)
        pos = pos + w["breath"][:, None] * u * 1.5 + fidget * free * 0.5
        R = rot_zyx(yaw, theta + w["fp"] * free1, w["fr"] * free1)
        return pos, R

    if placement == "thigh":
        phi = phi + 0.6 * w["swing"]
        lt = p["lt"]
        z = KNEE_Z + 0.5 * lt * np.cos(phi) + w["bob"]
        fwd = 0.08 * q - 0.5 * lt * np.sin(phi) + 0.07
        pos = XY + fwd[:, None] * u - 0.12 * left + z[:, None] * up + fidget * free * 0.3
        R = rot_zyx(yaw, -phi, w["fr"] * free1 * 0.5)
        return pos, R

    # wrist (left wrist, watch-style)
    if exercise == "deadlift":
        # hands hang from the shoulders: at the bar when holding it, in the same place when not
        pos = cand + 0.3 * left + (0.15 * w["swing"])[:, None] * u + np.array([0, 0, 0.02])
        pos = pos + fidget * free
        pitch = 0.5 * w["swing"] + w["fp"] * free1
        roll = p["roll0"] + p["roll_dl"] * q + w["fr"] * free1
        return pos, rot_zyx(yaw, pitch, roll)
    h = np.clip(w["h"], 0.0, 1.0)[:, None]
    grip = bar - 0.05 * u + 0.3 * left - np.array([0, 0, 0.03])
    side = XY + (0.15 * w["swing"])[:, None] * u + 0.25 * left
    side[:, 2] = HIP_Z - 0.1 - 0.9 * hip_drop + w["bob"]
    pos = (1 - h) * grip + h * side + fidget * free
    hh = h[:, 0]
    pitch = (1 - hh) * p["grip_pitch"] + hh * 0.5 * w["swing"] + w["fp"] * free1
    roll = (1 - hh) * (p["roll0"] + p["roll_sq"] * q) + w["fr"] * free1
    return pos, rot_zyx(yaw, pitch, roll)


def draw_params(rng: np.random.Generator) -> dict[str, float]:
    """Anthropometry and technique of one lifter (angles in radians)."""
    d = np.deg2rad
    return {
        "theta0": d(rng.uniform(2, 10)),  # trunk lean standing
        "theta_sq": d(rng.uniform(20, 40)),  # extra trunk lean at the bottom of a squat
        "theta_dl": d(rng.uniform(45, 65)),  # extra trunk lean with the bar on the floor
        "lb": rng.uniform(0.45, 0.55),  # hip -> bar along the trunk
        "lc": rng.uniform(0.30, 0.38),  # hip -> chest strap along the trunk
        "hip_dl_frac": rng.uniform(0.35, 0.5),  # hip drop to reach a deadlift bar, per m of bar ROM
        "phi_sq": d(rng.uniform(80, 100)),  # thigh from vertical at the bottom of a squat
        "phi_dl": d(rng.uniform(45, 65)),
        "lt": rng.uniform(0.40, 0.48),  # thigh length
        "roll0": d(rng.uniform(-20, 20)),
        "roll_sq": d(rng.uniform(15, 35)),  # forearm rotation over a squat
        "roll_dl": d(rng.uniform(5, 15)),
        "grip_pitch": d(rng.uniform(-80, -50)),
        "bar_tilt": d(rng.uniform(-5, 5)),
        "bar_twist": d(rng.uniform(-3, 3)),
    }
