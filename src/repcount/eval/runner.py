"""Run the real pipeline over recordings with truth and score it (the I/O edge of eval).

Each recording is loaded with :func:`repcount.importers.load` and replayed with
:func:`repcount.replay.replay_recording`, exactly as ``repcount replay`` would. The engine
is told neither the exercise (``auto``) nor the placement unless asked.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..errors import RepcountError
from ..events import Rep, RepLockout
from ..sim.truth import TRUTH_SUFFIX, Truth, load_truth
from .baseline import baseline_counts, baseline_peaks
from .matching import Interval, assign_to_sets, match_reps

_REC_SUFFIXES = (".csv", "_ACC.txt", ".txt", ".zip", "")


def find_cases(directory: str | Path) -> list[tuple[Path, Path]]:
    """(recording, truth) pairs: every ``NAME.truth.json`` with a recording ``NAME.csv``
    (or ``NAME_ACC.txt``, ``NAME.txt``, ``NAME.zip``, a folder ``NAME``) beside it."""
    d = Path(directory)
    if d.is_file() and d.name.endswith(TRUTH_SUFFIX):
        truths = [d]
        d = d.parent
    elif d.is_file():
        from ..sim.truth import truth_path_for

        return [(d, truth_path_for(d))] if truth_path_for(d).exists() else []
    else:
        truths = sorted(d.rglob("*" + TRUTH_SUFFIX))
    out = []
    for tp in truths:
        stem = tp.name[: -len(TRUTH_SUFFIX)]
        for suf in _REC_SUFFIXES:
            cand = tp.with_name(stem + suf)
            if cand.exists() and cand != tp:
                out.append((cand, tp))
                break
    return out


def _rep_field(d: Any, k: str) -> Any:
    return getattr(d, k, None) if not isinstance(d, dict) else d.get(k)


def score_engine(truth: Truth, reps: Sequence[Any], announced: Mapping[tuple[int, int], float] | None = None) -> dict[str, Any]:
    """Score detected reps (``Rep`` events or their dicts) against the truth. Pure.

    ``announced`` maps (set, rep) to the ``emitted_t`` of a rep's ``lockout`` event: the
    latency is that of a rep's first announcement (its lockout event, else the rep)."""
    t_reps = truth.reps
    d_int = [Interval(float(_rep_field(d, "t_start")), float(_rep_field(d, "t_end")), _f(_rep_field(d, "lockout_t"))) for d in reps]
    # Don't-care intervals (reps a crop cut) take part in the matching like true reps, so a
    # detection of a cut rep pairs with it; such pairs, and the cut reps left unpaired,
    # then count nowhere: neither hit, miss, ghost, nor towards a set's count.
    n_true = len(t_reps)
    dc = [Interval(float(x["t_start"]), float(x["t_end"]), _f(x.get("lockout_t"))) for x in truth.dont_care]
    pairs, fn, fp = match_reps([Interval(r.t_start, r.t_end, r.lockout_t) for r in t_reps] + dc, d_int)
    ignored = {j for i, j in pairs if i >= n_true}
    pairs = [(i, j) for i, j in pairs if i < n_true]
    fn = [i for i in fn if i < n_true]
    windows = [(s.t_start, s.t_end) for s in truth.sets]
    scored = [j for j in range(len(d_int)) if j not in ignored]
    owner = assign_to_sets([(d_int[j].lockout_t if d_int[j].lockout_t is not None else d_int[j].t_end) for j in scored], windows) if windows else []
    counted = Counter(owner)
    set_errors = [counted.get(k, 0) - len(s.reps) for k, s in enumerate(truth.sets)]
    errors: dict[str, list[float]] = {"tut_ms": [], "eccentric_ms": [], "pause_ms": [], "concentric_ms": [], "mcv_mps": [], "rom_m": []}
    latency = []
    for i, j in pairs:
        tr, d = t_reps[i], reps[j]
        for key, attr, scale in (("tut_ms", "tut_s", 1000.0), ("eccentric_ms", "eccentric_s", 1000.0), ("pause_ms", "pause_s", 1000.0),
                                 ("concentric_ms", "concentric_s", 1000.0), ("mcv_mps", "mcv_mps", 1.0), ("rom_m", "rom_m", 1.0)):
            v = _f(_rep_field(d, attr))
            if v is not None:
                errors[key].append((v - getattr(tr, attr)) * scale)
        em = _f(_rep_field(d, "emitted_t"))
        if announced:
            em = announced.get((_rep_field(d, "set"), _rep_field(d, "rep")), em)
        if em is not None:
            latency.append(em - tr.lockout_t)
    ex = Counter(str(_rep_field(d, "exercise")) for d in reps)
    exercise_ok = (ex.most_common(1)[0][0] == truth.exercise) if ex else None
    failures = []
    set_of = {id(r): (k + 1, n + 1) for k, s in enumerate(truth.sets) for n, r in enumerate(s.reps)}
    for i in fn:
        r = t_reps[i]
        s, n = set_of[id(r)]
        failures.append(f"missed set {s} rep {n} ({r.t_start:.1f}-{r.t_end:.1f} s, conc {r.concentric_s:.1f} s{_during(truth, r.t_start, r.t_end)})")
    for j in fp:
        i = d_int[j]
        failures.append(f"ghost rep {i.t_start:.1f}-{i.t_end:.1f} s{_during(truth, i.t_start, i.t_end)}")
    for k, e in enumerate(set_errors):
        if e:
            failures.append(f"set {k + 1}: counted {len(truth.sets[k].reps) + e}, truth {len(truth.sets[k].reps)}")
    if exercise_ok is False:
        failures.append(f"exercise: {ex.most_common(1)[0][0]}, truth {truth.exercise}")
    return {"set_errors": set_errors, "tp": len(pairs), "fp": len(fp), "fn": len(fn), "errors": errors,
            "latency_s": latency, "exercise_ok": exercise_ok, "failures": failures, "dont_care_hits": len(ignored)}


def score_baseline(truth: Truth, peaks: Sequence[float]) -> dict[str, Any]:
    """Score the peer method's peak times (segmented by the true set windows). Pure."""
    windows = [(s.t_start, s.t_end) for s in truth.sets]
    # a maximum inside a rep that a crop cut (truth.dont_care) counts nowhere
    dc = [(float(x["t_start"]), float(x["t_end"])) for x in truth.dont_care]
    peaks = [p for p in peaks if not any(a <= p <= b for a, b in dc)]
    per_set = baseline_counts(list(peaks), windows) if len(peaks) else [[] for _ in windows]
    flat = [p for ps in per_set for p in ps]
    pairs, fn, fp = match_reps([Interval(r.t_start, r.t_end, r.lockout_t) for r in truth.reps], [Interval(p - 0.01, p + 0.01, p) for p in flat])
    return {"set_errors": [len(ps) - len(s.reps) for ps, s in zip(per_set, truth.sets)], "tp": len(pairs), "fp": len(fp), "fn": len(fn)}


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def _during(truth: Truth, a: float, b: float) -> str:
    kinds = [e["type"] for e in truth.events if e["t_start"] < b and e["t_end"] > a]
    return f", during {'+'.join(dict.fromkeys(kinds))}" if kinds else ""


def score_recording(rec_path: str | Path, truth_path: str | Path, baseline: bool = False, given_exercise: bool = False, hint_placement: bool = False) -> dict[str, Any]:
    """Load, replay and score one recording; errors are reported, never raised."""
    from ..importers import load
    from ..replay import replay_recording

    name = Path(rec_path).name
    try:
        truth = load_truth(truth_path)
    except RepcountError as exc:
        return {"name": name, "error": str(exc)}
    res: dict[str, Any] = {
        "name": name,
        "exercise": truth.exercise,
        "placement": truth.placement,
        "rate_hz": truth.rate_hz,
        "nuisance": list(truth.nuisance),
        "noise": truth.noise,
        "true_reps": truth.total_reps,
        "style": truth.extra.get("style"),
        "load": truth.extra.get("load"),
    }
    crop = truth.extra.get("crop")
    if crop:
        res["crop"] = [f"{k[:-3]} in {crop[k]}" for k in ("start_in", "end_in") if crop.get(k)] or ["no cut"]
    try:
        rec = load(str(rec_path))
        if not hint_placement:
            rec.meta.pop("placement", None)
        p = replay_recording(rec, exercise=truth.exercise if given_exercise else "auto", placement=truth.placement if hint_placement else None)
        reps = [e for e in p.events if isinstance(e, Rep)]
        announced = {(e.set, e.rep): e.emitted_t for e in p.events if isinstance(e, RepLockout)}
        res["engine"] = score_engine(truth, reps, announced)
        res["counted"] = len(reps)
        if baseline:
            res["baseline"] = score_baseline(truth, baseline_peaks(rec.block.t, rec.block.acc, truth.exercise).tolist())
    except RepcountError as exc:
        res["error"] = str(exc)
    except Exception as exc:  # an engine crash is a finding to report, not a reason to stop
        res["error"] = f"{type(exc).__name__}: {exc}"
    return res


def _score_args(args: tuple) -> dict[str, Any]:
    return score_recording(*args)


def evaluate(directory: str | Path, *, baseline: bool = False, given_exercise: bool = False, hint_placement: bool = False,
             jobs: int | None = None, progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """Score every recording with truth under ``directory``; return per-recording results."""
    cases = find_cases(directory)
    args = [(str(r), str(t), baseline, given_exercise, hint_placement) for r, t in cases]
    jobs = jobs or min(len(args), os.cpu_count() or 1) or 1
    results: list[dict[str, Any]] = []
    if jobs <= 1 or len(args) < 4:
        for k, a in enumerate(args):
            results.append(_score_args(a))
            if progress:
                progress(k + 1, len(args))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            for k, r in enumerate(ex.map(_score_args, args, chunksize=4)):
                results.append(r)
                if progress:
                    progress(k + 1, len(args))
    return results
