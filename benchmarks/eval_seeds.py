"""Score the engine on several seeded simulated corpora at once, to judge it on data no
change was tuned on (one seed's figure moves by about a point from seed to seed).

    python benchmarks/eval_seeds.py --seeds 11 13                 # two 500-recording corpora
    python benchmarks/eval_seeds.py --seeds 10-14 --cache /tmp/seeds --md docs/bench-seeds.md
    python benchmarks/eval_seeds.py --seeds 15-17 --json-dir /tmp/reports   # one JSON per seed
    python benchmarks/eval_seeds.py --seeds 10-14 --census   # and what went wrong, bucketed

For each seed it runs `repcount sim --seed N --n 500 --out DIR` (skipped when --cache
already holds that corpus) and `repcount eval DIR --format json`, then prints one row per
seed (sets exact, within ±1, per-rep F1, ghost and missed reps, TUT and latency medians)
and the pooled figures over all seeds. --md FILE writes the table with the command.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval_corpus import _git  # the script's own directory is on sys.path


def parse_seeds(text: list[str]) -> list[int]:
    """`["10-12", "15"]` -> `[10, 11, 12, 15]`."""
    seeds: list[int] = []
    for part in text:
        lo, _, hi = part.partition("-")
        seeds.extend(range(int(lo), int(hi or lo) + 1))
    return seeds


def score(seed: int, n: int, root: Path, jobs: int | None) -> dict:
    exe = [sys.executable, "-m", "repcount"]
    out = root / f"seed{seed}-n{n}"
    if not (out / ".complete").exists():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(exe + ["sim", "--seed", str(seed), "--n", str(n), "--out", str(out)],
                       check=True, capture_output=True)
        (out / ".complete").write_text("ok\n")
    j = ["-j", str(jobs)] if jobs else []
    text = subprocess.run(exe + ["eval", str(out), "--format", "json"] + j,
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)


# the simulator's nuisance names (docs/simulator.md) under a ghost, split on "+"
_FRAMING = {"unrack", "walkout", "walkin", "rerack", "setup", "approach", "brace", "stand_up", "walkaway"}
_REST = {"sit", "walk", "fidget"}


def census(failures: list[dict]) -> collections.Counter:
    """Bucket `repcount eval`'s failure lines by what went wrong. A recording counts once
    per bucket; ghosts by the nuisance under them, misses by lift and placement (or the
    dropout they fell in)."""
    c: collections.Counter = collections.Counter()
    for f in failures:
        exercise, placement = f["name"].split("-")[3:5]
        tags = set()
        for issue in f["issues"]:
            m = re.match(r"ghost rep [\d.]+-[\d.]+ s(?:, during ([\w+]+))?", issue)
            if m:
                during = set((m.group(1) or "").split("+"))
                what = ("a failed rep" if "failed_rep" in during else
                        "a partial rep" if "partial_rep" in during else
                        "sitting down, walking or fidgeting in the rest" if during & _REST else
                        "the set's framing (unrack, walkout, re-rack, setup, letting go and walking away)"
                        if during & _FRAMING else
                        "across a dropout" if "gap" in during else "mid-set, no nuisance")
                tags.add("ghost: " + what)
            elif issue.startswith("missed"):
                where = "across a dropout" if "during gap" in issue else f"{exercise} on the {placement}"
                tags.add("missed: " + where)
            elif issue.startswith("exercise"):
                tags.add("exercise misread")
        c.update(tags)
    return c


def row(name: str, e: dict, sets: int) -> str:
    c, r = e["counts"], e["reps"]
    tut = e.get("tut_ms", {}).get("median_abs", float("nan"))
    lat = e.get("latency_ms", {}).get("median", float("nan"))
    return (f"| {name} | {sets} | {c['exact'] * 100:.1f} % | {c['within1'] * 100:.1f} % | {r['f1']:.3f} "
            f"| {r['fp']} | {r['fn']} | {tut:.0f} | {lat:.0f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", nargs="+", default=["11", "13"], help="Seeds or ranges, e.g. 10-14 17.")
    ap.add_argument("--n", type=int, default=500, help="Recordings per seed.")
    ap.add_argument("--jobs", "-j", type=int, default=None)
    ap.add_argument("--cache", type=str, default=None, help="Keep the corpora here and reuse them.")
    ap.add_argument("--md", type=str, default=None, help="Write the markdown table here.")
    ap.add_argument("--census", action="store_true", help="Also bucket the failing recordings by what went wrong.")
    ap.add_argument("--json-dir", type=str, default=None, help="Also write each seed's JSON report here (seedN.json).")
    args = ap.parse_args()
    seeds = parse_seeds(args.seeds)
    root = Path(args.cache) if args.cache else Path(tempfile.mkdtemp(prefix="repcount-seeds-"))
    root.mkdir(parents=True, exist_ok=True)
    header = ["| seed | sets | exact | within ±1 | F1 | ghost reps | missed reps | TUT ms | latency ms |",
              "|---|---|---|---|---|---|---|---|---|"]
    lines = list(header)
    exact = within = sets_total = fp = fn = tp = 0
    failures: list[dict] = []
    t0 = time.perf_counter()
    try:
        for seed in seeds:
            report = score(seed, args.n, root, args.jobs)
            if args.json_dir:
                Path(args.json_dir).mkdir(parents=True, exist_ok=True)
                (Path(args.json_dir) / f"seed{seed}.json").write_text(json.dumps(report), encoding="utf-8")
            e = report["overall"]["engine"]
            failures += report["failures"]
            sets = int(e["counts"]["sets"])
            lines.append(row(str(seed), e, sets))
            print(lines[-1], flush=True)
            exact += round(e["counts"]["exact"] * sets)
            within += round(e["counts"]["within1"] * sets)
            sets_total += sets
            fp += e["reps"]["fp"]
            fn += e["reps"]["fn"]
            tp += e["reps"]["tp"]
    finally:
        if not args.cache:
            shutil.rmtree(root, ignore_errors=True)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    pooled = (f"| all {len(seeds)} | {sets_total} | {exact / sets_total * 100:.1f} % | {within / sets_total * 100:.1f} % "
              f"| {f1:.3f} | {fp} | {fn} | – | – |")
    lines.append(pooled)
    print(pooled)
    took = time.perf_counter() - t0
    census_lines: list[str] = []
    if args.census:
        census_lines = ["", f"What went wrong in the {len(failures)} recordings not exact in every way (a recording",
                        "can be in several rows):", "", "| recordings | what |", "|---:|---|"]
        census_lines += [f"| {n} | {what} |" for what, n in census(failures).most_common()]
        print("\n".join(census_lines))
    print(f"\n{len(seeds)} seeds x {args.n} recordings in {took:.0f} s")
    if args.md:
        cmd = ("python benchmarks/eval_seeds.py --seeds " + " ".join(args.seeds) + f" --n {args.n}"
               + (" --census" if args.census else "") + f" --md {args.md}")
        Path(args.md).write_text("\n".join([
            "# Accuracy over several seeds",
            "",
            f"Command: `{cmd}`",
            f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; repcount commit {_git('rev-parse', '--short', 'HEAD')}, "
            f"engine last changed in {_git('log', '-1', '--format=%h', '--', 'src/repcount/engine')}. Machine: 2 cores.",
            "",
            "Each seed is a fresh `repcount sim --seed N --n " + str(args.n) + "` corpus, evaluated with `repcount eval`",
            "(auto exercise, no placement hint). The last row pools every set and rep of all seeds.",
            "",
            *lines,
            *census_lines,
            "",
        ]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
