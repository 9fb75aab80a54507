"""Benchmark: N simulated sensors streaming at once in ONE process, through the whole live
path (bleak API -> bumble stack -> decoder -> recording -> engine), at real-time pace.

Reports, per sensor: samples the sensor sent vs samples the app recorded, samples lost
on the sensor side (a stalled loop), dropped-sample estimate, corrupt frames; and the
process CPU time per second of streaming, total and per sensor. The CPU includes the
simulated sensors' own GATT servers and the emulated radio (same process), so the
per-sensor figure is an upper bound for the app side.

    python benchmarks/live_sensors.py --sensors 8 --rate 200 --speed 1
    python benchmarks/live_sensors.py --sensors 1 --rate 200 --speed 1   # CPU of one sensor
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def main(a: argparse.Namespace) -> int:
    os.environ["REPCOUNT_HOME"] = tempfile.mkdtemp(prefix="repcount-bench-")
    from repcount.live import LiveOptions, run_live

    def opts(i: int) -> LiveOptions:
        return LiveOptions(simulate=a.exercise, exercise=a.exercise, profile=a.profile, rate_hz=a.rate, sim_sets=a.sets,
                           sim_reps=a.reps, sim_seed=100 + i, sim_speed=a.speed, stem=f"bench-{i}")

    t0, c0 = time.monotonic(), cpu_s()
    results = await asyncio.gather(*(run_live(opts(i)) for i in range(a.sensors)))
    wall, cpu = time.monotonic() - t0, cpu_s() - c0
    ok = True
    print(f"{'sensor':>6} {'sent':>7} {'recorded':>8} {'lost@sensor':>11} {'dropped':>7} {'corrupt':>7} {'reps':>4} {'truth':>5}")
    stream_s = 0.0
    for i, r in enumerate(results):
        st = r.simulation.sensor.stats
        truth = sum(len(s.reps) for s in r.simulation.truth.sets)
        print(f"{i:>6} {st.samples_sent:>7} {r.samples:>8} {st.samples_lost:>11} {r.stats.dropped_samples:>7} {r.stats.corrupt_frames:>7} {r.summary.total_reps:>4} {truth:>5}")
        ok &= st.samples_sent == r.samples and st.samples_lost == 0 and r.stats.dropped_samples == 0
        stream_s = max(stream_s, r.duration_s)
    print(f"wall {wall:.1f} s for {stream_s:.1f} s of simulated stream at speed {a.speed:g}")
    print(f"process CPU {cpu:.1f} s = {100 * cpu / wall:.1f} % of one core; per sensor {100 * cpu / wall / a.sensors:.1f} % "
          f"({a.rate:g} Hz, {a.profile})")
    print("no dropped samples" if ok else "SAMPLES WERE DROPPED")
    return 0 if ok else 1


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sensors", type=int, default=8)
    ap.add_argument("--profile", default="polar-h10")
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--speed", type=float, default=1.0)
    ap.add_argument("--exercise", default="deadlift")
    ap.add_argument("--sets", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5)
    sys.exit(asyncio.run(main(ap.parse_args())))
