"""Pure matching of detected reps to true reps (no I/O).

A detected rep and a true rep may pair when their intervals overlap, or when their
lockouts are within :data:`LOCKOUT_TOL_S`. Pairs are taken greedily by overlap
(intersection over union) and then lockout distance, one-to-one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

LOCKOUT_TOL_S = 0.6


@dataclass(frozen=True)
class Interval:
    """The part of a rep the matcher needs: when it started, ended and locked out."""

    t_start: float
    t_end: float
    lockout_t: float | None = None


def _iou(a: Interval, b: Interval) -> float:
    inter = min(a.t_end, b.t_end) - max(a.t_start, b.t_start)
    if inter <= 0:
        return 0.0
    union = max(a.t_end, b.t_end) - min(a.t_start, b.t_start)
    return inter / union if union > 0 else 1.0


def match_reps(truth: Sequence[Interval], detected: Sequence[Interval], lockout_tol: float = LOCKOUT_TOL_S) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Return (pairs (truth_i, det_j), unmatched truth indices, unmatched detected indices).

    >>> m, fn, fp = match_reps([Interval(0, 2, 2)], [Interval(0.1, 2.1, 2.05), Interval(5, 6, 6)])
    >>> m, fn, fp
    ([(0, 0)], [], [1])
    """
    cands = []
    for i, tr in enumerate(truth):
        for j, d in enumerate(detected):
            iou = _iou(tr, d)
            dl = abs((d.lockout_t if d.lockout_t is not None else d.t_end) - (tr.lockout_t if tr.lockout_t is not None else tr.t_end))
            if iou > 0 or dl <= lockout_tol:
                cands.append((-iou, dl, i, j))
    cands.sort()
    used_t: set[int] = set()
    used_d: set[int] = set()
    pairs = []
    for _, _, i, j in cands:
        if i in used_t or j in used_d:
            continue
        used_t.add(i)
        used_d.add(j)
        pairs.append((i, j))
    pairs.sort()
    fn = [i for i in range(len(truth)) if i not in used_t]
    fp = [j for j in range(len(detected)) if j not in used_d]
    return pairs, fn, fp


def assign_to_sets(times: Sequence[float], sets: Sequence[tuple[float, float]]) -> list[int]:
    """Index of the true set each time belongs to: the set whose window contains it, or
    the nearest one (so a ghost rep during a rest is charged to the nearer set).

    >>> assign_to_sets([1.0, 9.0, 30.0], [(0, 5), (20, 25)])
    [0, 0, 1]
    """
    out = []
    for t in times:
        best, bd = 0, float("inf")
        for k, (a, b) in enumerate(sets):
            d = 0.0 if a <= t <= b else min(abs(t - a), abs(t - b))
            if d < bd:
                best, bd = k, d
        out.append(best)
    return out
