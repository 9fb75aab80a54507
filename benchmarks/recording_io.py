"""Recording I/O speed and memory: write and read a long repcount recording.

    python benchmarks/recording_io.py [--hours 2] [--rate 100]

Prints samples per second for write_recording (whole file), RecordingWriter.write in
BLE-sized blocks (the live path), read_recording, and each step's peak resident memory
(each in a fresh process, so peaks do not mix).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

STEP = r"""
import sys, time, resource
import numpy as np
from repcount.recording import Recording, RecordingWriter, read_recording, write_recording
from repcount.samples import SampleBlock
step, path, n, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
rng = np.random.default_rng(0)
def data():
    t = np.arange(n) / rate
    acc = rng.normal(0, 0.3, (n, 3)); acc[:, 2] += 1
    return t, acc
if step == "write":
    t, acc = data()
    t0 = time.perf_counter(); write_recording(path, Recording("b", SampleBlock(t, acc), {"rate_hz": rate})); dt = time.perf_counter() - t0
elif step == "stream":
    t, acc = data()
    t0 = time.perf_counter()
    with RecordingWriter(path, {"rate_hz": rate}, overwrite=True) as w:
        for i in range(0, n, 10):
            w.write(t[i:i + 10], acc[i:i + 10])
    dt = time.perf_counter() - t0
else:
    t0 = time.perf_counter(); rec = read_recording(path); dt = time.perf_counter() - t0
    assert len(rec.block) == n
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hours", type=float, default=2.0)
    ap.add_argument("--rate", type=float, default=100.0)
    a = ap.parse_args()
    n = int(a.hours * 3600 * a.rate)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bench.csv")
        print(f"{a.hours:g} h at {a.rate:g} Hz = {n} samples")
        for step in ("write", "stream", "read"):
            out = subprocess.run([sys.executable, "-c", STEP, step, path, str(n), str(a.rate)],
                                 capture_output=True, text=True, check=True).stdout.split()
            dt, rss_kb = float(out[0]), int(out[1])
            size = os.path.getsize(path) / 1e6
            print(f"{step:7s} {dt:6.2f} s  {n / dt / 1e3:8.0f} k samples/s  {n / a.rate / dt:7.0f}x real time  "
                  f"peak RSS {rss_kb / 1024:6.0f} MB  file {size:.1f} MB")


if __name__ == "__main__":
    main()
