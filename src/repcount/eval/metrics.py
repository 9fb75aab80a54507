"""Pure metric functions over matched reps and per-set counts (no I/O)."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np


def count_rates(errors: Sequence[int]) -> dict[str, float | int | None]:
    """Per-set count errors (counted - true) -> exact and within-one rates.

    ``bias`` is the mean signed error: > 0 over-counts (ghost reps), < 0 misses.

    >>> count_rates([0, 0, 1, -2])
    {'sets': 4, 'exact': 0.5, 'within1': 0.75, 'mae': 0.75, 'bias': -0.25}
    """
    n = len(errors)
    if n == 0:
        return {"sets": 0, "exact": None, "within1": None, "mae": None, "bias": None}
    s = np.asarray(errors, dtype=float)
    e = np.abs(s)
    return {"sets": n, "exact": float(np.mean(e == 0)), "within1": float(np.mean(e <= 1)), "mae": float(np.mean(e)), "bias": float(np.mean(s))}


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int | None]:
    """Precision, recall and F1 of rep detection.

    >>> prf(9, 1, 0)
    {'tp': 9, 'fp': 1, 'fn': 0, 'precision': 0.9, 'recall': 1.0, 'f1': 0.947}
    """
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and (p + r) > 0 else (0.0 if (p == 0 or r == 0) else None)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": _r(p), "recall": _r(r), "f1": _r(f1)}


def error_stats(errors: Iterable[float], scale: float = 1.0) -> dict[str, float | int | None]:
    """Median and 95th percentile of absolute errors, plus the median signed error (bias),
    multiplied by ``scale`` (1000 to report seconds as ms).

    >>> error_stats([0.01, -0.02, 0.03, 0.5], scale=1000)
    {'n': 4, 'median_abs': 25.0, 'p95_abs': 429.5, 'bias': 20.0}
    """
    e = np.asarray([x for x in errors if x is not None and np.isfinite(x)], dtype=float)
    if e.size == 0:
        return {"n": 0, "median_abs": None, "p95_abs": None, "bias": None}
    a = np.abs(e) * scale
    return {"n": int(e.size), "median_abs": _r(float(np.median(a)), 4), "p95_abs": _r(float(np.percentile(a, 95)), 4), "bias": _r(float(np.median(e) * scale), 4)}


def accuracy(flags: Sequence[bool]) -> float | None:
    return float(np.mean(flags)) if len(flags) else None


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


# Rep timing fields compared between engine and truth: (key, truth attr, scale, unit)
TIMING_FIELDS = (
    ("tut_ms", "tut_s", 1000.0),
    ("eccentric_ms", "eccentric_s", 1000.0),
    ("pause_ms", "pause_s", 1000.0),
    ("concentric_ms", "concentric_s", 1000.0),
    ("mcv_mps", "mcv_mps", 1.0),
    ("rom_m", "rom_m", 1.0),
)


def summarize(results: Sequence[dict[str, Any]], side: str = "engine") -> dict[str, Any]:
    """Aggregate per-recording results (see runner.score_recording) for one method."""
    errs: list[int] = []
    tp = fp = fn = 0
    timing: dict[str, list[float]] = {k: [] for k, _, _ in TIMING_FIELDS}
    latency: list[float] = []
    cls: list[bool] = []
    for r in results:
        s = r.get(side)
        if s is None:
            continue
        errs += s["set_errors"]
        tp, fp, fn = tp + s["tp"], fp + s["fp"], fn + s["fn"]
        for k in timing:
            timing[k] += s.get("errors", {}).get(k, [])
        latency += s.get("latency_s", [])
        if s.get("exercise_ok") is not None:
            cls.append(bool(s["exercise_ok"]))
    out: dict[str, Any] = {"recordings": sum(1 for r in results if r.get(side) is not None)}
    out["counts"] = count_rates(errs)
    out["reps"] = prf(tp, fp, fn)
    if side == "engine":
        for k, _, _ in TIMING_FIELDS:
            out[k] = error_stats(timing[k])  # already in ms / m/s / m
        lat = np.asarray(latency, dtype=float) * 1000.0
        out["latency_ms"] = (
            {"n": int(lat.size), "median": _r(float(np.median(lat)), 1), "p95": _r(float(np.percentile(lat, 95)), 1)} if lat.size else {"n": 0, "median": None, "p95": None}
        )
        out["exercise_accuracy"] = _r(accuracy(cls))
    return out
