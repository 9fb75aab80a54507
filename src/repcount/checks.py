"""Sanity checks on a loaded recording: one-line warnings a lifter can act on.

``check_signal(rec)`` never raises and never changes the data; the replay and live
commands print each warning as ``repcount: warning: ...`` on stderr.

>>> check_signal(rec)  # doctest: +SKIP
['axis y is constant (0 g) for the whole recording: a stuck or disconnected axis',
 '2 gaps in the data, the longest 95.0 s at t=31.2 s']
"""

from __future__ import annotations

import numpy as np

from .recording import Recording

# Full-scale ranges of commodity accelerometers (g): a signal pinned at one of them clips.
RANGES_G = (2.0, 4.0, 8.0, 16.0)
MIN_RATE_HZ = 12.5  # the slowest rate the engine is built for (wrist bands)
# A hole in time longer than this many median intervals (and than GAP_MIN_S) is a gap.
GAP_FACTOR = 3.0
GAP_MIN_S = 0.2
# Longest stretch one axis may sit on exactly the same value while the others move.
STUCK_RUN_S = 2.0
# ... and only counts when the other axes move by at least this much meanwhile.
STUCK_MOTION_G = 0.1
# Sample intervals are irregular when their 10-90 % spread exceeds half the median
# interval and this floor.
IRREGULAR_FLOOR_S = 0.002


def check_signal(rec: Recording) -> list[str]:
    """Warnings about the data of ``rec`` (empty when it looks healthy)."""
    out: list[str] = []
    meta = rec.meta
    blk = rec.block
    n = len(blk)
    out += _file_notes(meta)
    if n < 2:
        out.append(f"only {n} sample{'s' if n != 1 else ''}: nothing to count")
        return out
    t, acc = blk.t, blk.acc
    dt = np.diff(t)
    med = float(np.median(dt)) if len(dt) else 0.0
    out += _rate(dt, med)
    out += _stuck(t, acc)
    out += _clipping(acc)
    if meta.get("gravity") != "added":
        out += _gravity(acc)
    return out


def _file_notes(meta: dict) -> list[str]:
    out = []
    if meta.get("gravity") == "added":
        axis = meta.get("gravity_axis")
        out.append(
            "the source has no gravity (linear acceleration): repcount added a nominal 1 g along the "
            f"main axis of motion {axis}; up and down are a guess, so give --exercise, and prefer the "
            "app's 'with g' / total acceleration export"
        )
    if meta.get("dropped_rows"):
        k = meta["dropped_rows"]
        out.append(f"{k} row{'s' if k != 1 else ''} with missing values (NaN) dropped")
    if meta.get("duplicate_rows"):
        k = meta["duplicate_rows"]
        out.append(f"{k} row{'s' if k != 1 else ''} with a repeated timestamp dropped (the first kept)")
    if meta.get("unsorted") and not meta.get("duplicate_rows"):
        out.append("timestamps out of order: rows sorted by time")
    if meta.get("truncated"):
        out.append("the last row was cut short (the file was not finished) and is ignored")
    if meta.get("format") == "repcount" and meta.get("complete") is False:
        out.append("the recording was not closed cleanly (crash or kill?); the samples up to the cut are used")
    return out


def _rate(dt: np.ndarray, med: float) -> list[str]:
    out = []
    if med <= 0:
        return ["timestamps do not advance: cannot tell the sample rate"]
    rate = 1.0 / med
    if rate < MIN_RATE_HZ * 0.95:
        out.append(f"sample rate {rate:.1f} Hz is below the {MIN_RATE_HZ} Hz repcount is built for; counts may be unreliable")
    gap_at = dt > max(GAP_FACTOR * med, GAP_MIN_S)
    if gap_at.any():
        k = int(gap_at.sum())
        i = int(np.argmax(np.where(gap_at, dt, -np.inf)))
        out.append(f"{k} gap{'s' if k != 1 else ''} in the data, the longest {_dur(float(dt[i]))} "
                   f"at t={float(np.cumsum(np.r_[0.0, dt])[i]):.1f} s")
    steady = dt[~gap_at & (dt > 0)]
    if len(steady) >= 20:
        lo, hi = np.percentile(steady, [10, 90])
        # 2 ms floor: a millisecond clock at 400 Hz alternates 2 and 3 ms; that is rounding, not jitter
        if hi - lo > max(0.5 * med, IRREGULAR_FLOOR_S):
            out.append(f"irregular sample intervals: 10-90 % range {lo * 1000:.1f}-{hi * 1000:.1f} ms "
                       f"around {med * 1000:.1f} ms (jittery timestamps?)")
    return out


def _dur(s: float) -> str:
    return f"{s:.1f} s" if s < 120 else f"{s / 60:.1f} min"


def _stuck(t: np.ndarray, acc: np.ndarray) -> list[str]:
    out = []
    moving = [bool(np.ptp(acc[:, k]) > 1e-6) for k in range(3)]
    for k, name in enumerate("xyz"):
        if not moving[k]:
            out.append(f"axis {name} is constant ({acc[0, k]:.4g} g) for the whole recording: a stuck or disconnected axis")
            continue
        others = [j for j in range(3) if j != k and moving[j]]
        if not others:
            continue
        for start, stop in _constant_runs(t, acc[:, k], STUCK_RUN_S):
            # At rest a coarse sensor can repeat one value for seconds while the other
            # axes flicker by a bit: only a frozen axis during real motion is a fault.
            if np.ptp(acc[start:stop + 1][:, others], axis=0).max() >= STUCK_MOTION_G:
                out.append(f"axis {name} is stuck at {acc[start, k]:.4g} g for {_dur(float(t[stop] - t[start]))} "
                           f"from t={t[start]:.1f} s while the others move")
                break
    return out


def _constant_runs(t: np.ndarray, x: np.ndarray, min_s: float) -> list[tuple[int, int]]:
    """(first, last) sample indices of stretches of exactly equal values lasting >= min_s, longest first."""
    same = np.diff(x) == 0
    if not same.any():
        return []
    d = np.diff(np.r_[0, same.astype(np.int8), 0])
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    durs = t[ends] - t[starts]
    order = np.argsort(-durs, kind="stable")
    return [(int(starts[i]), int(ends[i])) for i in order if durs[i] >= min_s]


def _clipping(acc: np.ndarray) -> list[str]:
    out = []
    for k, name in enumerate("xyz"):
        a = acc[:, k]
        for sign, ext in ((1, float(a.max())), (-1, float(a.min()))):
            v = abs(ext)
            near = [r for r in RANGES_G if abs(v - r) <= 0.03 * r]
            if not near:
                continue
            at = int(np.sum(np.abs(a - ext) <= 1e-3 * v))
            if at >= 3:
                out.append(f"axis {name} clips at {ext:+.1f} g ({at} samples at the limit): the sensor's "
                           f"range is too small for this lift; use a wider range ({_next_range(near[0])})")
    return out


def _next_range(r: float) -> str:
    bigger = [x for x in RANGES_G if x > r]
    return f"+-{bigger[0]:g} g or more" if bigger else "the widest available"


def _gravity(acc: np.ndarray) -> list[str]:
    m = float(np.mean(np.linalg.norm(acc, axis=1)))
    if 7.0 < m < 12.0:
        return [f"mean |acc| is {m:.2f}: the values look like m/s^2, not g"]
    if m < 0.7 or m > 1.3:
        return [f"mean |acc| is {m:.2f} g, not about 1 g: gravity missing (linear acceleration?) or wrong units; "
                "the vertical cannot be found reliably"]
    return []
