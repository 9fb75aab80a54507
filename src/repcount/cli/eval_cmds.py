"""``repcount sim`` (simulated recordings with ground truth) and ``repcount eval``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import RepcountError

_PLACEMENTS = ["bar", "wrist", "chest", "thigh"]


def _csv_list(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


@click.command()
@click.option("--seed", type=int, default=0, show_default=True, help="Seed: the same seed gives the same recordings, sample for sample.")
@click.option("--n", "count", type=click.IntRange(min=1), default=None, help="Generate a corpus of N varied recordings (specs derived from the seed) into --out.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Directory for --n.")
@click.option("--exercise", "-e", type=click.Choice(["squat", "deadlift"]), default="squat", show_default=True)
@click.option("--placement", "-p", type=click.Choice(_PLACEMENTS), default="bar", show_default=True)
@click.option("--rate", type=click.FloatRange(12.5, 400), default=50.0, show_default=True, help="Sample rate, Hz.")
@click.option("--sets", "n_sets", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--reps", type=str, default="5", show_default=True, help="Reps per set: one number, or one per set (5,5,3).")
@click.option("--clean", is_flag=True, help="Clean theoretical signal: no noise, bias, quantisation, clipping, jitter or gaps.")
@click.option("--nuisance", type=str, default=None, help="Comma list (unrack,walkout,walkin,rerack,setup,walkaway,breathing,fidget,walk,sit,partial,failed); default: the framing of the lift + breathing; 'none' for none.")
@click.option("--style", type=click.Choice(["normal", "bounce", "pause", "touch_and_go", "dead_stop"]), default=None, help="Rep style (default: drawn from the seed).")
@click.option("--load", type=click.Choice(["light", "heavy"]), default=None, help="Light = fast reps; heavy = slow, grinding reps with a sticking region.")
@click.option("--range-g", type=float, default=None, help="Accelerometer range, e.g. 2 to clip at +-2 g.")
@click.option("--gyro", is_flag=True, help="Also write gyroscope columns (deg/s).")
@click.option("--format", "fmt", type=click.Choice(["repcount", "metabase", "metabase5", "polar"]), default="repcount", show_default=True, help="File format of the recording (the truth sidecar is always written).")
@click.option("--crop", is_flag=True, help="Start and end each recording mid-movement (inside a rep, the walkout, the setup...; seeded); reps cut are 'don't care' in the truth.")
@click.option("--crop-edges", type=click.Choice(["both", "start", "end"]), default="both", show_default=True, help="With --crop: cut both ends, or only the start or the end.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="The recording file to write (one recording).")
def sim(seed, count, out_dir, exercise, placement, rate, n_sets, reps, clean, nuisance, style, load, range_g, gyro, fmt, crop, crop_edges, output):
    """Simulate squat/deadlift sessions as a body- or bar-worn accelerometer records
    them, each with a NAME.truth.json ground-truth sidecar.

    \b
    Examples:
      repcount sim --seed 7 --n 500 --out /tmp/corpus      # a varied corpus
      repcount sim --seed 7 --n 500 --crop --out /tmp/cc   # the same, started/ended mid-movement
      repcount sim -e squat -p wrist --rate 12.5 -o squat-wrist.csv
      repcount sim -e deadlift -p chest --style touch_and_go --load heavy \\
                   --nuisance setup,walkaway,fidget --range-g 2 -o dl.csv
      repcount sim -e squat --format polar -o h10_ACC.txt  # Polar Sensor Logger layout
    """
    from ..sim import SessionSpec, simulate_session
    from ..sim.corpus import generate
    from ..sim.export import export
    from ..sim.truth import save_truth, truth_path_for

    if count is not None:
        if not out_dir:
            raise RepcountError("--n needs --out DIR")
        paths = generate(out_dir, seed, count, crop=crop, crop_edges=crop_edges)
        click.echo(f"wrote {len(paths)} recordings with truth to {out_dir}")
        return
    if not output:
        raise RepcountError("give -o FILE for one recording, or --n N --out DIR for a corpus")
    try:
        rep_list = [int(x) for x in reps.split(",")]
    except ValueError:
        raise RepcountError(f"--reps: expected numbers like 5 or 5,5,3, got {reps!r}") from None
    if len(rep_list) == 1:
        rep_list = rep_list * n_sets
    nuis = _csv_list(nuisance)
    if nuis == ["none"]:
        nuis = []
    try:
        spec = SessionSpec(exercise=exercise, placement=placement, rate_hz=rate, n_sets=len(rep_list), reps=rep_list, seed=seed,
                           noise=not clean, nuisance=nuis, style=style, load=load, range_g=range_g, gyro=gyro,
                           name=Path(output).stem)
    except ValueError as exc:
        raise RepcountError(str(exc)) from None
    rec, truth = simulate_session(spec)
    if crop:
        from ..sim.cropping import random_crop

        rec, truth = random_crop(rec, truth, spec.seed, crop_edges)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    export(output, rec, fmt)
    tp = save_truth(truth_path_for(output), truth)
    click.echo(f"wrote {output} ({len(rec.block)} samples, {rec.duration_s:.0f} s, {truth.total_reps} reps in {len(truth.sets)} sets) and {tp}")


@click.command(name="eval")
@click.argument("directory", type=click.Path(exists=True))
@click.option("--baseline", is_flag=True, help="Also score the published peer method (offline low-pass + local maxima) side by side.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--given-exercise", is_flag=True, help="Tell the engine the true exercise (default: auto, and classification is scored).")
@click.option("--hint-placement", is_flag=True, help="Tell the engine the true placement (default: not told).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option("--max-failures", type=int, default=40, show_default=True, help="Failures listed in the text report.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the report here instead of stdout.")
def eval_cmd(directory, baseline, fmt, given_exercise, hint_placement, jobs, max_failures, output):
    """Score the counting engine against ground truth.

    Replays every recording in DIRECTORY that has a NAME.truth.json sidecar through the
    real pipeline (importer + replay), matches reps to the truth and reports: exact and
    +-1 count rates per set, per-rep precision/recall/F1, median and p95 errors of TUT,
    eccentric and concentric (ms) and mean concentric velocity (m/s), latency after
    lockout, and auto exercise-classification accuracy, broken down by placement,
    exercise, sample rate, nuisance and noise, with every failure listed.

    \b
    Examples:
      repcount eval recordings/
      repcount eval recordings/ --baseline
      repcount sim --seed 7 --n 500 --out /tmp/c && repcount eval /tmp/c --baseline --format json
    """
    from ..eval import build_report, evaluate, find_cases, format_text

    if not find_cases(directory):
        raise RepcountError(f"{directory}: no recordings with a NAME.truth.json sidecar")
    results = evaluate(directory, baseline=baseline, given_exercise=given_exercise, hint_placement=hint_placement, jobs=jobs)
    report = build_report(results, baseline=baseline, settings={"exercise": "given" if given_exercise else "auto", "placement_hint": hint_placement})
    text = json.dumps(report, indent=1) if fmt == "json" else format_text(report, max_failures=max_failures)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


COMMANDS = [sim, eval_cmd]
