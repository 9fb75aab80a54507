"""Generate a seeded corpus of simulated recordings and score the engine and the peer
baseline on it, through the real `repcount sim` and `repcount eval` commands.

    python benchmarks/eval_corpus.py                      # 500 recordings, seed 7
    python benchmarks/eval_corpus.py --n 1000 --seed 3 --keep /tmp/corpus

Prints the text report (and writes the JSON report next to it with --json FILE).
The corpus goes to a temporary directory unless --keep is given.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", type=str, default=None, help="Write the corpus here and keep it.")
    ap.add_argument("--json", type=str, default=None, help="Also write the JSON report to this file.")
    ap.add_argument("--max-failures", type=int, default=25)
    args = ap.parse_args()
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="repcount-corpus-"))
    exe = [sys.executable, "-m", "repcount"]
    try:
        t0 = time.perf_counter()
        subprocess.run(exe + ["sim", "--seed", str(args.seed), "--n", str(args.n), "--out", str(out)], check=True)
        t1 = time.perf_counter()
        jobs = ["-j", str(args.jobs)] if args.jobs else []
        cmd = exe + ["eval", str(out), "--baseline", "--max-failures", str(args.max_failures)] + jobs
        subprocess.run(cmd, check=True)
        t2 = time.perf_counter()
        if args.json:
            subprocess.run(exe + ["eval", str(out), "--baseline", "--format", "json", "-o", args.json] + jobs, check=True)
        size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
        print(f"\ncorpus: {args.n} recordings, seed {args.seed}, {size:.0f} MB; generated in {t1 - t0:.0f} s, evaluated in {t2 - t1:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
