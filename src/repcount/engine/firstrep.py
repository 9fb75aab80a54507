"""The first-rep rules: what a set's first movement says about its exercise.

In auto mode (no exercise given) the detector reads each movement before a set as a
squat or a deadlift from its direction: a squat goes down first, a pull up. The first
movement of a set decides, so these are the checks that catch a first movement read the
wrong way round or too poorly measured to decide, none of them a state transition:

- did a first "squat" hold still at its bottom for a brace (``braced``), or rise past
  its start by a pull's travel (``rose_past``)? Then it was a deadlift setup and pull.
- did a first "pull" sink below its start by a pull's travel (``sank_past``)? Then it
  was the walkout's drift and a squat's first descent.
- did a dropout bridged inside a first rep hide too much to decide (``gap_undecided``)?
- did a sensor that rides with the bar travel too little for a first rep
  (``first_flat``)?

Each function takes the detector and only reads its state (they were its methods; the
detector binds them as such, so calling one costs what the method did). Acting on a
verdict stays in the detector: the re-reads (``Detector._reread_as_descent``, the
deadlift re-read in ``Detector._complete``), and ``Detector._evidence`` (a counted
rep's evidence for the placement).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .detector import Detector


def braced(d: Detector) -> bool:
    """Auto mode, first "squat" of a set: did its bottom hold still for brace_s? The
    still bottom is the PAUSE, or a rest inside the "return": after the bend to the
    bar, integration drift can turn the velocity up by v_phase before the brace's
    zero-velocity update, so the brace then falls in the return (t4 sim-4-0243: 0.4 s
    of +0.15 m/s drift, then 3.4 s still, then the pull). Squats pause at most ~2 s at
    the bottom, and a paused squat's rest in its return is that pause (the same
    reading as gap_undecided). Or its "ascent" rose past its start by a pull
    (rose_past, set by Detector._end_rep: _rose_turned)."""
    cfg = d.cfg
    return (d.fixed_sign is None and not d.sets.open
            and (d.t_ret0 - d.t_out1 >= cfg.brace_s
                 or d.ret_still_s >= cfg.brace_s or d._rose_turned))


def rose_past(d: Detector) -> bool:
    """Auto mode, first "squat" of a set: did its "ascent" end above where its
    "descent" began by a pull's travel (rom_min_m["bar"]) and by more than the
    descent, without a rest inside it? A squat starts and ends standing; rising
    that far past the start means the start was low: bent over at the bar, the
    "descent" integration drift through the brace (t5 sim-5-0040: a wrist, 0.19 m
    of drift after the brace's reset, 0.85 s still, then a 0.67 m pull). _end_rep
    uses it only for a sensor still turned at the top (a pull ends turned away
    from the bent start, a chest squat's rise past its start is drift at a still
    bottom). A rise with a rest inside it was drift around a squat's paused bottom
    (held-out c7 sim-7-0342: a chest squat's 0.38 m descent read as 0.12 m, a
    0.72 s rest in its "return"); a pull rises without stopping."""
    rise = d.y0 - d.ymin
    return (d.s < 0 and d.fixed_sign is None and not d.sets.open
            and rise >= d.cfg.rom_min_m["bar"] and rise >= d.ypk - d.y0
            and d.ret_rest_t <= 0.0)


def sank_past(d: Detector) -> bool:
    """Auto mode, first "pull" of a set: did its "lowering" end below where the
    "pull" began by a pull's travel (rom_min_m["bar"]) and by more than the pull,
    without a rest inside it? A deadlift starts and ends with the bar on the floor;
    sinking that far below the start means the start was high: standing with the
    bar, the "pull" drift of the walkout (t5 sim-5-0235: a bar, 0.21 m "up", then
    the first squat's 0.50 m descent). The mirror of rose_past."""
    sink = d.y0 - d.ymin
    return (d.s > 0 and d.fixed_sign is None and not d.sets.open
            and sink >= d.cfg.rom_min_m["bar"] and sink >= d.ypk - d.y0
            and d.ret_rest_t <= 0.0)


def gap_undecided(d: Detector) -> bool:
    """Auto mode, a first rep whose outward phase was bridged across a dropout
    (cand_gap): is what was measured too little to decide the set's exercise? A
    long dropout (> first_gap_max_s) can hide a whole movement (a wrist's bend to
    the bar, a step of the walkout): its direction is a guess. A short one (a few
    packets) hides only part of a descent or a bottom, and the rest of the rep is
    measured, unless its "return" held still for brace_s: the bridge line over the
    bottom left a velocity step that began a false return at a deadlift setup's
    bottom, and the stillness was the brace (a squat rises without a rest)."""
    cfg = d.cfg
    return (d.cand_gap_s > cfg.first_gap_max_s
            or d.ret_rest_n >= cfg.brace_s * cfg.grid_hz)


def gap_blind_first(d: Detector) -> bool:
    """Auto mode, before a set: was the outward phase of this candidate bridged across
    a dropout longer than first_gap_max_s (so it cannot decide the set's exercise,
    gap_undecided)? Its direction is a guess; the movement after the next rest is not."""
    return (d.fixed_sign is None and not d.sets.open and d.cand_gap
            and d.cand_gap_s > d.cfg.first_gap_max_s)


def first_flat(d: Detector, span: float) -> bool:
    """Placement unknown, the first rep of a set (no ROM yet to call a partial
    against): did the sensor ride with the bar, never turning by first_flat_deg (a
    bar turns < 3 deg; a trunk leans 20-40 deg in a squat and 45-65 in a pull, a
    wrist turns 15-35 in a squat), and travel less than the bar's rom_min? A bar
    travels 0.35-0.75 m in a rep, so that was a partial rep (20-35 % of the ROM out
    and back) or a shrug, not a rep. Not after a reset cut the outward phase short
    (out_cut: its travel is not measured whole), unless that reset removed most of
    its peak speed (out_ramp: the "travel" was a velocity ramp; the caller passes
    the return's travel as span)."""
    pl = d.place
    return (d.placement_unknown and not pl.rigid and not (d.out_cut and not d.out_ramp)
            and pl.ru0 is not None
            and pl.rc_min > d._cos_first_flat and span < d.cfg.rom_min_m["bar"])
