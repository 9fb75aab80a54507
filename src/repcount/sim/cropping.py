"""Recordings that start and end mid-movement: a crop of a simulated session.

Real recordings rarely start and end at rest: a phone app is started late, a BLE logger
connects during the walkout or mid-set, a file is cut before the set ends. :func:`crop`
keeps the samples of a time window, bit for bit, restarts the clock at the first kept
sample (the recording format's times are seconds from the first sample) and rewrites the
truth to match:

- a rep entirely inside the window is kept (times shifted);
- a rep cut by either edge is removed from its set and listed in ``truth.dont_care``:
  the scorer neither demands it (no miss) nor calls a detection of it a ghost;
- a set keeps the reps that remain (its window shrinks to them); a set with none left
  is dropped;
- events (unrack, walkout, gap...) are shifted and clipped to the window.

:func:`random_crop_window` draws a seeded window that starts inside a movement (a rep
of the first set, or the unrack/walkout/setup/approach before it) and ends inside one
(a rep of the last set, or the walkin/rerack/stand-up/walkaway after it), leaving at
least one whole rep.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

from ..recording import Recording
from ..samples import SampleBlock
from .truth import RepTruth, SetTruth, Truth

# Movements a recording may start in (before the first rep) or end in (after the last).
START_EVENTS = ("unrack", "walkout", "setup", "approach")
END_EVENTS = ("walkin", "rerack", "stand_up", "walkaway")
# The cut falls in the middle 90 % of the movement drawn, so it is really inside it
# (not on a boundary where the movement has not begun or is already over).
_EDGE_MARGIN = 0.05


def _shift_iso(iso: str | None, dt: float) -> str | None:
    if not iso:
        return iso
    try:
        d = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return iso
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    d = (d + timedelta(seconds=float(dt))).astimezone(timezone.utc)
    return d.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def crop(rec: Recording, truth: Truth, t0: float | None = None, t1: float | None = None,
         info: dict[str, Any] | None = None) -> tuple[Recording, Truth]:
    """Keep the samples with ``t0 <= t <= t1`` (``None`` = from the start / to the end).

    Times in the returned recording and truth restart at 0 at the first kept sample;
    ``acc`` and ``gyro`` are the original values, bit for bit. ``meta["start_time"]``
    moves to the first kept sample. ``truth.extra["crop"]`` records the window in the
    original clock (``t0_s``, ``t1_s``: first and last kept sample), the number of reps
    cut and whatever ``info`` adds (e.g. what movement the cut fell in).

    >>> from repcount.sim import SessionSpec, simulate_session
    >>> rec, truth = simulate_session(SessionSpec(exercise="squat", n_sets=1, reps=5, seed=1))
    >>> r = truth.reps[1]
    >>> crec, ctruth = crop(rec, truth, (r.t_start + r.t_end) / 2)
    >>> ctruth.total_reps, len(ctruth.dont_care), float(crec.block.t[0])
    (3, 1, 0.0)
    """
    t = rec.block.t
    lo = 0 if t0 is None else int(np.searchsorted(t, float(t0), side="left"))
    hi = len(t) if t1 is None else int(np.searchsorted(t, float(t1), side="right"))
    if hi - lo < 2:
        raise ValueError(f"crop window {t0}..{t1} keeps fewer than 2 samples")
    shift = float(t[lo])
    end = float(t[hi - 1])
    blk = rec.block
    nb = SampleBlock(t[lo:hi] - shift, blk.acc[lo:hi].copy(), None if blk.gyro is None else blk.gyro[lo:hi].copy())
    meta = dict(rec.meta)
    if "start_time" in meta:
        meta["start_time"] = _shift_iso(meta["start_time"], shift)
    markers = [dict(m, t=float(m["t"]) - shift) for m in rec.markers if shift <= float(m.get("t", 0.0) or 0.0) <= end]
    out_rec = Recording(path=rec.path, block=nb, meta=meta, markers=markers)

    dur = end - shift
    sets: list[SetTruth] = []
    dont_care = [dict(d) for d in truth.dont_care]  # already in the original clock
    n_cut = 0
    for s in truth.sets:
        kept: list[RepTruth] = []
        for r in s.reps:
            if r.t_start >= shift and r.t_end <= end:
                kept.append(replace(r, t_start=r.t_start - shift, t_end=r.t_end - shift, lockout_t=r.lockout_t - shift))
            elif r.t_end > shift and r.t_start < end:
                n_cut += 1
                dont_care.append({"t_start": r.t_start, "t_end": r.t_end, "lockout_t": r.lockout_t, "why": "rep cut by the crop"})
        if kept:
            sets.append(SetTruth(t_start=kept[0].t_start, t_end=kept[-1].t_end, reps=kept))
    # don't-care intervals (original clock, possibly from an earlier crop) -> new clock, clipped
    dc_out = []
    for d in dont_care:
        a, b = float(d["t_start"]) - shift, float(d["t_end"]) - shift
        if b <= 0 or a >= dur:
            continue
        lock = d.get("lockout_t")
        lock = None if lock is None or not 0.0 <= float(lock) - shift <= dur else float(lock) - shift
        dc_out.append({**d, "t_start": max(a, 0.0), "t_end": min(b, dur), "lockout_t": lock})
    events = []
    for e in truth.events:
        a, b = float(e["t_start"]) - shift, float(e["t_end"]) - shift
        if b <= 0 or a >= dur:
            continue
        ne = {**e, "t_start": max(a, 0.0), "t_end": min(b, dur)}
        if a < 0 or b > dur:
            ne["cut"] = True
        events.append(ne)
    extra = copy.deepcopy(truth.extra)
    prev = extra.get("crop", {})
    extra["crop"] = {**prev, "t0_s": prev.get("t0_s", 0.0) + shift, "t1_s": prev.get("t0_s", 0.0) + end,
                     "reps_cut": prev.get("reps_cut", 0) + n_cut, **(info or {})}
    out_truth = replace(truth, sets=sets, events=events, dont_care=dc_out, extra=extra,
                        spec=copy.deepcopy(truth.spec), nuisance=list(truth.nuisance))
    return out_rec, out_truth


def _inside(rng: np.random.Generator, a: float, b: float) -> float:
    m = _EDGE_MARGIN * (b - a)
    return float(rng.uniform(a + m, b - m))


def _pick_edge(rng: np.random.Generator, rep_c: list, ev_c: list[dict]) -> tuple[float, str]:
    """A crop edge inside one of the candidate reps or framing events (at least one of
    the two lists is non-empty): a rep or an event with probability 1/2 each when both
    are there. Returns the time and the name of the movement it falls in."""
    if rep_c and (not ev_c or rng.random() < 0.5):
        r = rep_c[int(rng.integers(len(rep_c)))]
        return _inside(rng, r.t_start, r.t_end), "rep"
    e = ev_c[int(rng.integers(len(ev_c)))]
    return _inside(rng, e["t_start"], e["t_end"]), str(e["type"])


def random_crop_window(truth: Truth, rng: np.random.Generator, start: bool = True, end: bool = True) -> tuple[float | None, float | None, dict[str, str]]:
    """A window ``(t0, t1, info)`` that starts and ends inside a movement.

    Start: with probability 1/2 inside a rep of the first set (never the session's last
    rep), else inside a set-framing movement before the first rep (unrack, walkout,
    setup, approach) when there is one. End: likewise inside a rep of the last set that
    comes after the first whole rep kept, or inside the framing after the last rep
    (walkin, rerack, stand_up, walkaway). At least one whole rep is always kept. ``info``
    names the movement each edge falls in (``{"start_in": "walkout", "end_in": "rep"}``);
    an edge that could not be placed is ``None`` (not cropped).
    """
    reps = truth.reps
    info: dict[str, str] = {}
    t0: float | None = None
    t1: float | None = None
    if not reps:
        return None, None, info
    first_rep = reps[0].t_start
    if start:
        first_set = truth.sets[0].reps
        rep_c = [r for r in first_set if r is not reps[-1]]
        ev_c = [e for e in truth.events if e["type"] in START_EVENTS and e["t_end"] <= first_rep]
        if rep_c or ev_c:
            t0, info["start_in"] = _pick_edge(rng, rep_c, ev_c)
    lo = -np.inf if t0 is None else t0
    whole = [r for r in reps if r.t_start >= lo]
    if end and whole:
        last_rep = reps[-1].t_end
        rep_c = [r for r in truth.sets[-1].reps if r.t_start > whole[0].t_end]
        ev_c = [e for e in truth.events if e["type"] in END_EVENTS and e["t_start"] >= last_rep]
        if rep_c or ev_c:
            t1, info["end_in"] = _pick_edge(rng, rep_c, ev_c)
    return t0, t1, info


CROP_EDGES = ("both", "start", "end")


def random_crop(rec: Recording, truth: Truth, seed: int, edges: str = "both") -> tuple[Recording, Truth]:
    """:func:`crop` with a :func:`random_crop_window` drawn from ``seed`` (deterministic).
    ``edges``: cut ``"both"`` ends, or only the ``"start"`` or the ``"end"``."""
    if edges not in CROP_EDGES:
        raise ValueError(f"edges must be one of {CROP_EDGES}, not {edges!r}")
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, 0xC209])
    t0, t1, info = random_crop_window(truth, rng, start=edges != "end", end=edges != "start")
    return crop(rec, truth, t0, t1, info={"start_in": info.get("start_in"), "end_in": info.get("end_in")})
