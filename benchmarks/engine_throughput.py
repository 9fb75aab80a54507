"""Engine throughput in x real time on a 2-hour 100 Hz stream (and the peer baseline).

    python benchmarks/engine_throughput.py [--hours 2]

Prints one line per method: stream seconds / CPU seconds. Blocks of 64 samples, as
replay feeds them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _engine_source import stream  # noqa: E402

from repcount.engine import Engine  # noqa: E402
from repcount.events import Rep  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=float, default=2.0)
    args = ap.parse_args()
    dur = args.hours * 3600
    blocks = list(stream(dur))  # materialised first: time only the engine
    n = sum(len(b[0]) for b in blocks)
    # auto exercise, placement unknown: the default of `repcount replay` and the most work
    e = Engine("auto", None)
    reps = 0
    t0 = time.process_time()
    for t, acc in blocks:
        reps += sum(isinstance(x, Rep) for x in e.feed(t, acc))
    e.finish()
    cpu = time.process_time() - t0
    print(f"engine:   {n} samples ({dur / 3600:.1f} h at 100 Hz) in {cpu:.2f} s CPU = {dur / cpu:,.0f}x real time ({reps} reps)")
    try:
        from repcount.eval import baseline  # type: ignore[attr-defined]
    except Exception:
        baseline = None
    if baseline is not None and hasattr(baseline, "baseline_peaks"):
        t = np.concatenate([b[0] for b in blocks]); acc = np.concatenate([b[1] for b in blocks])
        t0 = time.process_time()
        baseline.baseline_peaks(t, acc, "squat")
        cpu = time.process_time() - t0
        print(f"baseline: {dur / cpu:,.0f}x real time (offline, whole recording at once)")
    else:
        print("baseline: repcount.eval baseline not available in this tree")


if __name__ == "__main__":
    main()
