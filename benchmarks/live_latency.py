"""Benchmark: latency from the simulated lockout to the rep's count, through the whole live
path (sensor frame packing -> bumble link -> bleak callback -> decoder -> batching ->
engine -> sinks).

For each rep the simulated sensor produced, the lockout sample (truth ``lockout_t``) is
due at wall time ``t0 + lockout_t / speed`` on the sensor's pacing clock (its frame is
sent once it is full); the count's wall time is taken when the pipeline hands the rep's
first announcement to the sinks: its ``lockout`` event if it had one (deadlift), else its
``rep`` event. Latency = the difference, converted to simulated seconds (x speed), so it
is the latency a lifter would see at real-time pace. Also split out: the engine's own
decision delay on the stream timeline (``emitted_t - lockout_t``).

    python benchmarks/live_latency.py --sessions 3 --speed 1
    python benchmarks/live_latency.py --profile metamotion-bmi160 --sessions 3 --speed 1
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time

import numpy as np


class Stamp:
    """A sink that notes when each event reaches the sinks (loop clock = monotonic)."""

    def __init__(self) -> None:
        self.events: list[tuple[object, float]] = []

    def emit(self, ev) -> None:
        self.events.append((ev, time.monotonic()))

    def close(self):
        return None


async def one(a: argparse.Namespace, seed: int) -> list[tuple[float, float]]:
    from repcount.events import Rep, RepLockout
    from repcount.live import LiveOptions, run_live

    o = LiveOptions(simulate=a.exercise, exercise=a.exercise, profile=a.profile, rate_hz=a.rate, sim_sets=a.sets, sim_reps=a.reps,
                    sim_seed=seed, sim_speed=a.speed, stem=f"lat-{seed}")
    stamp = Stamp()
    r = await run_live(o, sinks=[stamp])
    sensor = r.simulation.sensor
    t0 = sensor._t0  # loop time of sample 0 on the sensor's pacing clock (benchmark-only peek)
    lockouts = [rep.lockout_t for s in r.simulation.truth.sets for rep in s.reps]
    out = []
    first: dict[tuple[int, int], tuple[float, float]] = {}  # (set, rep) -> lockout event's (wall, emitted_t)
    for ev, wall in stamp.events:
        if isinstance(ev, RepLockout):
            first.setdefault((ev.set, ev.rep), (wall, ev.emitted_t))
            continue
        if not isinstance(ev, Rep):
            continue
        wall, emitted = first.get((ev.set, ev.rep), (wall, ev.emitted_t))
        # the truth rep whose lockout lies in (or just after) this rep
        cand = [lt for lt in lockouts if ev.t_start - 0.5 <= lt <= ev.t_end + 1.0]
        if not cand:
            continue
        lt = min(cand, key=lambda x: abs(x - (ev.lockout_t if ev.lockout_t is not None else ev.t_end)))
        due = t0 + lt / a.speed
        out.append(((wall - due) * a.speed, emitted - lt))
    n_truth = len(lockouts)
    print(f"seed {seed}: {len(out)} of {n_truth} reps matched", file=sys.stderr)
    return out


async def main(a: argparse.Namespace) -> int:
    os.environ["REPCOUNT_HOME"] = tempfile.mkdtemp(prefix="repcount-bench-")
    lat: list[tuple[float, float]] = []
    for i in range(a.sessions):
        lat += await one(a, 200 + i)
    if not lat:
        print("no reps matched")
        return 1
    total = np.array([x[0] for x in lat]) * 1000
    algo = np.array([x[1] for x in lat]) * 1000
    print(f"{a.profile} at {a.rate or 'default'} Hz, {len(lat)} reps, speed {a.speed:g}")
    print(f"lockout -> count (ms): median {np.median(total):.0f}, p95 {np.percentile(total, 95):.0f}, max {total.max():.0f}")
    print(f"  of which the engine's decision delay (ms): median {np.median(algo):.0f}, p95 {np.percentile(algo, 95):.0f}")
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=3)
    ap.add_argument("--profile", default="polar-h10")
    ap.add_argument("--rate", type=float, default=None)
    ap.add_argument("--speed", type=float, default=1.0)
    ap.add_argument("--exercise", default="deadlift")
    ap.add_argument("--sets", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5)
    sys.exit(asyncio.run(main(ap.parse_args())))
