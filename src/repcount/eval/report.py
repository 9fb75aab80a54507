"""Aggregate per-recording results into the eval report (JSON-able dict or text)."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from .metrics import summarize

BREAKDOWNS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "placement": lambda r: [r["placement"]],
    "exercise": lambda r: [r["exercise"]],
    "rate_hz": lambda r: [f"{r['rate_hz']:g}"],
    "nuisance": lambda r: list(r["nuisance"]) or ["none"],
    "noise": lambda r: ["noisy" if r["noise"] else "clean"],
    "style": lambda r: [r["style"]] if r.get("style") else [],
    "load": lambda r: [r["load"]] if r.get("load") else [],
    # cropped recordings (repcount sim --crop): where the recording starts and ends
    "crop": lambda r: list(r.get("crop") or []),
}
# breakdowns left out of the report when no recording has them (uncropped corpora
# report exactly as before)
_ONLY_IF_PRESENT = ("crop",)


def build_report(results: Sequence[dict[str, Any]], baseline: bool = False, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    ok = [r for r in results if "error" not in r]
    sides = ["engine"] + (["baseline"] if baseline else [])
    rep: dict[str, Any] = {
        "recordings": len(results),
        "scored": len(ok),
        "settings": settings or {},
        "overall": {s: summarize(ok, s) for s in sides},
        "by": {},
        "failures": [],
        "errors": [{"name": r["name"], "error": r["error"]} for r in results if "error" in r],
    }
    for key, fn in BREAKDOWNS.items():
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in ok:
            for g in fn(r):
                groups.setdefault(g, []).append(r)
        if not groups and key in _ONLY_IF_PRESENT:
            continue
        rep["by"][key] = {g: {s: summarize(rs, s) for s in sides} for g, rs in sorted(groups.items(), key=lambda kv: _sort_key(kv[0]))}
    # one compact line per recording, for dashboards and for finding a case again
    rep["results"] = [
        {k: r.get(k) for k in ("name", "exercise", "placement", "rate_hz", "noise", "true_reps", "counted")}
        | {"set_errors": r["engine"]["set_errors"], "fp": r["engine"]["fp"], "fn": r["engine"]["fn"]}
        | ({"baseline_set_errors": r["baseline"]["set_errors"]} if "baseline" in r else {})
        for r in ok
    ]
    for r in ok:
        f = r["engine"]["failures"]
        if f:
            rep["failures"].append({"name": r["name"], "issues": f})
    return rep


def _sort_key(g: str) -> tuple:
    try:
        return (0, float(g), "")
    except ValueError:
        return (1, 0.0, g)


def _pct(x: Any) -> str:
    return "   -" if x is None else f"{100 * x:4.0f}"


def _num(x: Any, fmt: str = "{:5.0f}") -> str:
    return "    -" if x is None else fmt.format(x)


def _row(label: str, s: dict[str, Any], b: dict[str, Any] | None) -> str:
    c, reps = s["counts"], s["reps"]
    line = (
        f"{label:<18}{s['recordings']:>5}{c['sets']:>6} {_pct(c['exact'])} {_pct(c['within1'])} {_num(c['bias'], '{:+5.2f}')}  {_num(reps['f1'], '{:5.3f}')}"
        f"  {_num(s['tut_ms']['median_abs'])}/{_num(s['tut_ms']['p95_abs'])}"
        f"  {_num(s['eccentric_ms']['median_abs'])} {_num(s['concentric_ms']['median_abs'])}"
        f"  {_num(s['mcv_mps']['median_abs'], '{:5.3f}')}/{_num(s['mcv_mps']['p95_abs'], '{:5.3f}')}"
        f"  {_num(s['latency_ms']['median'])}/{_num(s['latency_ms']['p95'])}  {_pct(s['exercise_accuracy'])}"
    )
    if b is not None:
        line += f"  | {_pct(b['counts']['exact'])} {_pct(b['counts']['within1'])} {_num(b['counts']['bias'], '{:+5.2f}')}  {_num(b['reps']['f1'], '{:5.3f}')}"
    return line


def format_text(rep: dict[str, Any], max_failures: int = 40) -> str:
    base = "baseline" in rep["overall"]
    head = (f"{'group':<18}{'recs':>5}{'sets':>6} {'ex%':>4} {'±1%':>4} {'bias':>5}  {'F1':>5}  {'TUT ms med/p95':>11}"
            f"  {'ecc':>5} {'conc':>5}  {'MCV m/s med/p95':>11}  {'latency ms':>11}  {'cls%':>4}")
    if base:
        head += "  | base ex% ±1%  bias     F1"
    lines = [f"repcount eval: {rep['scored']} of {rep['recordings']} recordings scored", "", head, "-" * len(head)]
    ov = rep["overall"]
    lines.append(_row("ALL", ov["engine"], ov.get("baseline")))
    for key, groups in rep["by"].items():
        lines.append("")
        lines.append(f"by {key}:")
        for g, sides in groups.items():
            lines.append(_row(f"  {g}", sides["engine"], sides.get("baseline")))
    lines.append("")
    lines.append("ex% / ±1%: sets counted exactly / within one rep; bias: mean (counted - true) per set; F1: per rep.")
    lines.append("Timing errors are |engine - truth| over matched reps (median/p95); latency = emitted_t of a rep's first")
    lines.append("announcement (its lockout event, if any, else the rep) - true lockout;")
    lines.append("cls%: auto exercise classification (majority over a recording's reps).")
    if "crop" in rep["by"]:
        lines.append("Cropped recordings (sim --crop): a rep cut by the crop is don't-care, neither demanded nor a ghost.")
    if base:
        lines.append("Baseline (peer method: |a| at 5 Hz, 10th-order Butterworth 0.35/0.4 Hz forwards-backwards, local maxima)")
        lines.append("is segmented with the TRUE set windows, which it could not do by itself.")
    if rep["errors"]:
        lines.append("")
        lines.append(f"errors ({len(rep['errors'])}):")
        lines += [f"  {e['name']}: {e['error']}" for e in rep["errors"][:max_failures]]
    if rep["failures"]:
        lines.append("")
        lines.append(f"failures ({len(rep['failures'])} recordings):")
        for f in rep["failures"][:max_failures]:
            lines.append(f"  {f['name']}: " + "; ".join(f["issues"]))
        if len(rep["failures"]) > max_failures:
            lines.append(f"  ... {len(rep['failures']) - max_failures} more (use --format json for all)")
    return "\n".join(lines)
