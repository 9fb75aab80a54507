"""Regenerate the curated ground-truth corpus in this directory (deterministic).

    python recordings/make_corpus.py            # rewrites recordings/*.csv, *.truth.json, README.md

Every case is one :class:`repcount.sim.SessionSpec`; edit CASES and re-run. Keep the
directory small (<= ~5 MB): high rates get short sessions.
"""

from __future__ import annotations

import sys
from pathlib import Path

from repcount.sim import SessionSpec, simulate_session, write_case
from repcount.sim.export import export
from repcount.sim.truth import save_truth

HERE = Path(__file__).resolve().parent
FRAME_SQ = ["unrack", "walkout", "walkin", "rerack", "breathing"]
FRAME_DL = ["setup", "walkaway", "breathing"]
REST = (10.0, 16.0)

# (name, spec kwargs, export format)
CASES: list[tuple[str, dict, str]] = [
    # clean theoretical: no imperfections at all
    ("squat-bar-100hz-clean", dict(exercise="squat", placement="bar", rate_hz=100, n_sets=1, reps=5, noise=False, style="normal", load="light", nuisance=FRAME_SQ), "repcount"),
    ("deadlift-bar-50hz-clean", dict(exercise="deadlift", placement="bar", rate_hz=50, n_sets=2, reps=[5, 3], noise=False, style="dead_stop", nuisance=FRAME_DL), "repcount"),
    ("squat-wrist-12p5hz-clean", dict(exercise="squat", placement="wrist", rate_hz=12.5, n_sets=2, reps=[5, 5], noise=False, nuisance=FRAME_SQ), "repcount"),
    ("deadlift-chest-25hz-clean", dict(exercise="deadlift", placement="chest", rate_hz=25, n_sets=2, reps=[4, 4], noise=False, style="touch_and_go", nuisance=FRAME_DL), "repcount"),
    ("squat-thigh-50hz-clean-nonuisance", dict(exercise="squat", placement="thigh", rate_hz=50, n_sets=1, reps=6, noise=False, nuisance=[]), "repcount"),
    # every placement x exercise, noisy, with the framing of the lift
    ("squat-bar-25hz-bounce", dict(exercise="squat", placement="bar", rate_hz=25, n_sets=3, reps=[5, 5, 5], style="bounce", load="light", nuisance=FRAME_SQ), "repcount"),
    ("squat-bar-200hz-heavy-grind", dict(exercise="squat", placement="bar", rate_hz=200, n_sets=1, reps=4, style="normal", load="heavy", nuisance=FRAME_SQ, gyro=True), "repcount"),
    ("squat-wrist-50hz-fidget", dict(exercise="squat", placement="wrist", rate_hz=50, n_sets=2, reps=[6, 6], nuisance=FRAME_SQ + ["fidget"]), "repcount"),
    ("squat-chest-12p5hz-pause", dict(exercise="squat", placement="chest", rate_hz=12.5, n_sets=3, reps=[3, 3, 3], style="pause", nuisance=FRAME_SQ + ["walk"]), "repcount"),
    ("squat-thigh-25hz-sit", dict(exercise="squat", placement="thigh", rate_hz=25, n_sets=2, reps=[5, 5], nuisance=FRAME_SQ + ["sit"]), "repcount"),
    ("squat-chest-100hz-failed-clip2g", dict(exercise="squat", placement="chest", rate_hz=100, n_sets=2, reps=[3, 2], load="heavy", range_g=2.0, nuisance=FRAME_SQ + ["failed"]), "repcount"),
    ("squat-wrist-25hz-partial-gyro", dict(exercise="squat", placement="wrist", rate_hz=25, n_sets=2, reps=[5, 4], gyro=True, nuisance=FRAME_SQ + ["partial"]), "repcount"),
    ("deadlift-bar-25hz-tng", dict(exercise="deadlift", placement="bar", rate_hz=25, n_sets=2, reps=[6, 6], style="touch_and_go", load="light", nuisance=FRAME_DL), "repcount"),
    ("deadlift-wrist-12p5hz-deadstop", dict(exercise="deadlift", placement="wrist", rate_hz=12.5, n_sets=3, reps=[5, 5, 5], style="dead_stop", nuisance=FRAME_DL), "repcount"),
    ("deadlift-chest-100hz-heavy-clip2g", dict(exercise="deadlift", placement="chest", rate_hz=100, n_sets=1, reps=5, load="heavy", range_g=2.0, nuisance=FRAME_DL + ["fidget"]), "repcount"),
    ("deadlift-thigh-50hz-walk", dict(exercise="deadlift", placement="thigh", rate_hz=50, n_sets=2, reps=[5, 3], nuisance=FRAME_DL + ["walk"]), "repcount"),
    ("deadlift-wrist-25hz-failed-partial", dict(exercise="deadlift", placement="wrist", rate_hz=25, n_sets=2, reps=[5, 4], load="heavy", nuisance=FRAME_DL + ["partial", "failed"]), "repcount"),
    ("deadlift-bar-200hz-sit-gyro", dict(exercise="deadlift", placement="bar", rate_hz=200, n_sets=2, reps=[3, 2], gyro=True, nuisance=FRAME_DL + ["sit"]), "repcount"),
    ("squat-bar-52hz-single-reps", dict(exercise="squat", placement="bar", rate_hz=52, n_sets=3, reps=[1, 1, 2], load="heavy", nuisance=FRAME_SQ), "repcount"),
    # in other apps' formats, so the importers see realistic content
    ("squat-chest-200hz-h10", dict(exercise="squat", placement="chest", rate_hz=200, n_sets=1, reps=5, nuisance=FRAME_SQ), "polar"),
    ("deadlift-wrist-50hz-metabase", dict(exercise="deadlift", placement="wrist", rate_hz=50, n_sets=2, reps=[3, 3], nuisance=FRAME_DL), "metabase"),
    ("squat-thigh-100hz-metabase5", dict(exercise="squat", placement="thigh", rate_hz=100, n_sets=1, reps=5, nuisance=FRAME_SQ + ["fidget"]), "metabase5"),
]


def main() -> None:
    rows = []
    for i, (name, kw, fmt) in enumerate(CASES):
        kw = {"seed": 1000 + i, "rest_s": REST, "name": name, **kw}
        spec = SessionSpec(**kw)
        rec, truth = simulate_session(spec)
        if fmt == "repcount":
            path = write_case(HERE, name, rec, truth)
        else:
            fname = f"{name}_ACC.txt" if fmt == "polar" else (f"{name}_Accelerometer_{spec.rate_hz:.3f}Hz_1.4.4.csv" if fmt == "metabase" else f"{name}.csv")
            path = export(HERE / fname, rec, fmt)
            tp = HERE / f"{name}.truth.json"
            if fmt == "metabase":
                tp = HERE / (fname[: -len(".csv")] + ".truth.json")
            save_truth(tp, truth)
        kinds = sorted({e["type"] for e in truth.events})
        rows.append((path.name, fmt, spec, truth, kinds, path.stat().st_size))
        print(f"{path.name}: {truth.total_reps} reps, {path.stat().st_size / 1e3:.0f} kB", file=sys.stderr)
    write_readme(rows)


def write_readme(rows) -> None:
    total = sum(r[-1] for r in rows) + sum(p.stat().st_size for p in HERE.glob("*.truth.json"))
    lines = [
        "# Ground-truth recordings",
        "",
        "Simulated sessions (repcount's lifting simulator, `docs/simulator.md`) with a",
        "`NAME.truth.json` sidecar each: every rep's start, end, lockout, eccentric / pause /",
        "concentric durations, TUT, mean concentric velocity and range of motion, plus the",
        "non-rep events (unrack, walkout, setup, partial and failed reps, dropped-packet gaps...).",
        "",
        "Score the engine on them: `repcount eval recordings/ --baseline`.",
        "Regenerate them (deterministic): `python recordings/make_corpus.py`.",
        "Larger corpora are generated on demand: `repcount sim --seed 7 --n 500 --out DIR`.",
        "",
        "\"clean\" = no imperfections (noise, bias, scale, quantisation, clipping, jitter, gaps);",
        "the others have them. Times are seconds from the first sample.",
        "",
        "| file | format | exercise | placement | Hz | sets x reps | style / load | noise | non-rep events |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for fname, fmt, spec, truth, kinds, _size in rows:
        sets = "+".join(str(len(s.reps)) for s in truth.sets)
        extra = " ".join(x for x in ("gyro" if spec.gyro else "", f"clip ±{spec.range_g:g} g" if spec.range_g else "") if x)
        noise = ("noisy" if spec.noise else "clean") + (f", {extra}" if extra else "")
        lines.append(f"| `{fname}` | {fmt} | {spec.exercise} | {spec.placement} | {spec.rate_hz:g} | {sets} | {truth.extra['style']} / {truth.extra['load']} | {noise} | {', '.join(kinds) or '-'} |")
    lines += ["", f"Total size: {total / 1e6:.1f} MB.", ""]
    (HERE / "README.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
