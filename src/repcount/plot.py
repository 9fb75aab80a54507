"""Draw a session as a picture: the vertical signal, every rep, its phases and numbers.

The top panel is the whole session (set boundaries shaded, each rep's lockout marked);
below it one panel per set, zoomed in, with eccentric / pause / concentric shaded and
each rep's TUT and mean concentric velocity written above it.

>>> plot_session(rec, events, "session.png")   # doctest: +SKIP
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .events import Event, Rep, SetSummary
from .recording import Recording

PHASE_COLORS = {"eccentric": "#4C9BE8", "pause": "#9E9E9E", "concentric": "#F28E2B"}
SET_COLOR = "#59A14F"
SIGNAL_COLOR = "#222222"
RAW_COLOR = "#C8C8C8"
MAX_SET_PANELS = 9


def vertical_acceleration(t: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """Acceleration along gravity, gravity removed (g): the signal the lifter makes.

    Gravity's direction is the acceleration low-passed at 0.3 Hz, which follows a sensor
    that tilts slowly (a strap, a wrist) but not the reps themselves.
    """
    acc = np.asarray(acc, dtype=float)
    if len(acc) < 16:
        return np.linalg.norm(acc, axis=1) - 1.0 if len(acc) else np.zeros(0)
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.01
    fs = 1.0 / dt if dt > 0 else 100.0
    from scipy.signal import butter, sosfiltfilt

    sos = butter(2, min(0.3, 0.45 * fs / 2) / (fs / 2), output="sos")
    pad = min(len(acc) - 1, 3 * int(fs))
    grav = sosfiltfilt(sos, acc, axis=0, padlen=pad)
    norm = np.linalg.norm(grav, axis=1, keepdims=True)
    g_hat = grav / np.where(norm > 1e-6, norm, 1.0)
    return np.einsum("ij,ij->i", acc, g_hat) - norm[:, 0]


def smooth(t: np.ndarray, v: np.ndarray, cutoff_hz: float = 3.0) -> np.ndarray:
    """Zero-phase low-pass for display: sensor noise hides the shape of a rep."""
    if len(v) < 16:
        return v
    fs = 1.0 / float(np.median(np.diff(t)))
    if not np.isfinite(fs) or fs <= 2.5 * cutoff_hz:
        return v  # a slow sensor: already smooth enough
    from scipy.signal import butter, sosfiltfilt

    sos = butter(2, cutoff_hz / (fs / 2), output="sos")
    return sosfiltfilt(sos, v, padlen=min(len(v) - 1, int(fs)))


def rep_phases(rep: Rep) -> list[tuple[str, float, float]]:
    """(phase, start, end) in time order: squats go down first, deadlifts up first."""
    order = ["concentric", "pause", "eccentric"] if rep.exercise == "deadlift" else ["eccentric", "pause", "concentric"]
    durations = {"eccentric": rep.eccentric_s, "pause": rep.pause_s, "concentric": rep.concentric_s}
    out, t = [], rep.t_start
    for name in order:
        d = max(0.0, float(durations[name] or 0.0))
        if d > 0:
            out.append((name, t, t + d))
        t += d
    return out


def _sets(events: Sequence[Event]) -> tuple[list[SetSummary], list[Rep]]:
    from .sessions import summarize

    reps = [e for e in events if isinstance(e, Rep)]
    return summarize(list(events)).sets, reps


def plot_session(rec: Recording, events: Sequence[Event], out_png: str, *, title: str | None = None) -> str:
    """Write a PNG of ``rec`` with ``events`` drawn on it; return the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    t = np.asarray(rec.block.t, dtype=float)
    raw = vertical_acceleration(t, rec.block.acc) if len(t) else np.zeros(0)
    v = smooth(t, raw)
    sets, reps = _sets(events)
    shown = sets[:MAX_SET_PANELS]
    ncols = min(3, max(1, len(shown)))
    nrows = math.ceil(len(shown) / ncols) if shown else 0
    fig = plt.figure(figsize=(13, 3.2 + 3.0 * nrows), dpi=100, layout="constrained")
    grid = fig.add_gridspec(1 + nrows, ncols, height_ratios=[1.0] + [1.15] * nrows)
    ax0 = fig.add_subplot(grid[0, :])

    # -- overview --------------------------------------------------------------------
    ax0.plot(t, raw, color=RAW_COLOR, lw=0.5)
    ax0.plot(t, v, color=SIGNAL_COLOR, lw=0.8)
    ylim = _ylim(v)
    ylim = (ylim[0], ylim[1] + 0.3 * (ylim[1] - ylim[0]))  # room for the set labels
    ax0.set_ylim(*ylim)
    for s in sets:
        ax0.axvspan(s.t_start, s.t_end, color=SET_COLOR, alpha=0.15, lw=0)
        ax0.text((s.t_start + s.t_end) / 2, ylim[1], f"set {s.set}\n{s.reps} × {s.exercise}", ha="center", va="top", fontsize=9, color="#2B5D27", fontweight="bold")
    if reps:
        lock = [r.lockout_t if r.lockout_t is not None else r.t_end for r in reps]
        ax0.plot(lock, np.interp(lock, t, v) if len(t) else np.zeros(len(lock)), "v", color="#E15759", ms=5, label="rep counted")
    for m in rec.markers:
        if m.get("type") in ("gap", "reconnect") and m.get("t") is not None:
            ax0.axvline(float(m["t"]), color="#E15759", ls=":", lw=1)
    total_tut = sum(s.tut_s for s in sets)
    head = title or _title(rec)
    ax0.set_title(f"{head} — {len(sets)} sets, {sum(s.reps for s in sets)} reps, TUT {total_tut:.1f} s", loc="left", fontsize=11)
    ax0.set_xlabel("time (s)")
    ax0.set_ylabel("vertical acc. (g)")
    ax0.set_xlim(t[0] if len(t) else 0, t[-1] if len(t) else 1)
    ax0.grid(alpha=0.3)
    handles = [Patch(color=SET_COLOR, alpha=0.3, label="set")] + [Patch(color=c, alpha=0.5, label=n) for n, c in PHASE_COLORS.items()]
    if reps:
        handles.append(ax0.lines[-1])
        handles.append(Patch(color="none", label="labels: rep #, TUT, MCV (m/s)"))
    fig.legend(handles=handles, loc="outside lower center", fontsize=8, ncols=len(handles), frameon=False)

    # -- one panel per set ---------------------------------------------------------
    for k, s in enumerate(shown):
        ax = fig.add_subplot(grid[1 + k // ncols, k % ncols])
        set_reps = [r for r in reps if r.set == s.set]
        lo = min([s.t_start] + [r.t_start for r in set_reps]) - 1.5
        hi = max([s.t_end] + [r.t_end for r in set_reps]) + 1.5
        sel = (t >= lo) & (t <= hi)
        yl = _ylim(v[sel]) if sel.any() else (-1, 1)
        # Headroom above the trace for the per-rep numbers.
        yl = (yl[0], yl[1] + 0.6 * (yl[1] - yl[0]))
        # Reps closer than ~a label's width get their numbers on alternate rows.
        centers = [(r.t_start + r.t_end) / 2 for r in set_reps]
        tight = len(centers) > 1 and min(np.diff(centers)) < 0.075 * (hi - lo)
        for i, r in enumerate(set_reps):
            for name, a, b in rep_phases(r):
                ax.axvspan(a, b, color=PHASE_COLORS[name], alpha=0.35, lw=0)
            mcv = "–" if r.mcv_mps is None else f"{r.mcv_mps:.2f}"
            y = yl[1] - (0.17 * (yl[1] - yl[0]) if tight and i % 2 else 0.0)
            ax.text(centers[i], y, f"#{r.rep}\n{r.tut_s:.1f} s\n{mcv}", ha="center", va="top", fontsize=8, linespacing=1.15)
        ax.plot(t[sel], raw[sel], color=RAW_COLOR, lw=0.5)
        ax.plot(t[sel], v[sel], color=SIGNAL_COLOR, lw=1.1)
        ax.set_xlim(lo, hi)
        ax.set_ylim(*yl)
        mcvs = [r.mcv_mps for r in set_reps if r.mcv_mps is not None]
        extra = f", MCV {np.mean(mcvs):.2f} m/s" if mcvs else ""
        ax.set_title(f"set {s.set}: {s.reps} {s.exercise}, TUT {s.tut_s:.1f} s{extra}", fontsize=10, loc="left")
        ax.grid(alpha=0.3)
        ax.set_xlabel("time (s)", fontsize=8)
        if k % ncols == 0:
            ax.set_ylabel("g", fontsize=8)
        ax.tick_params(labelsize=8)
    if len(sets) > len(shown):
        fig.text(0.99, 0.005, f"{len(sets) - len(shown)} more sets not shown", ha="right", fontsize=8)
    fig.savefig(out_png)
    plt.close(fig)
    return out_png


def _ylim(v: np.ndarray) -> tuple[float, float]:
    if len(v) == 0:
        return (-1.0, 1.0)
    lo, hi = np.percentile(v, [0.2, 99.8])
    span = max(hi - lo, 0.2)
    return (float(lo - 0.08 * span), float(hi + 0.25 * span))


def _title(rec: Recording) -> str:
    from pathlib import Path

    bits = [Path(rec.path).name if rec.path else "session"]
    if rec.meta.get("sensor"):
        bits.append(str(rec.meta["sensor"]))
    if rec.meta.get("placement"):
        bits.append(str(rec.meta["placement"]))
    return " · ".join(bits)
