"""Benchmark: CPU of the app alone per streaming sensor, with the simulated sensor in
ANOTHER process (bumble TCP HCI transport), so the sensor's own GATT server and the
emulated radio are not counted. The app's CPU time is read from /proc (Linux) from the
moment it reports "streaming" until the sensor's session has ended; startup (imports)
is excluded.

    python benchmarks/live_cpu.py --profile polar-h10 --rate 200
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

CLI = [sys.executable, "-m", "repcount"]


def cpu_of(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(a: argparse.Namespace) -> int:
    env = dict(os.environ, REPCOUNT_HOME=tempfile.mkdtemp(prefix="repcount-bench-"), PYTHONUNBUFFERED="1")
    env.pop("REPCOUNT_BLE_BACKEND", None)
    args = ["sim-sensor", a.profile, "--exercise", "deadlift", "--sets", str(a.sets), "--speed", "1"] + (["--rate", str(a.rate)] if a.rate else [])
    sensor = subprocess.Popen(CLI + args, stdout=subprocess.PIPE, text=True, env=env)
    ready = sensor.stdout.readline().split()
    app = subprocess.Popen(CLI + ["live", "--exercise", "deadlift"] + (["--rate", str(a.rate)] if a.rate else []),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=dict(env, REPCOUNT_BLE_BACKEND=f"bumble:{ready[1]}"))
    started = threading.Event()
    marks: dict[str, float] = {}

    def watch() -> None:
        for line in app.stderr:
            if line.startswith("streaming") and not started.is_set():
                marks["cpu0"], marks["t0"] = cpu_of(app.pid), time.monotonic()
                started.set()

    threading.Thread(target=watch, daemon=True).start()
    out = sensor.communicate(timeout=600)[0]
    cpu1, t1 = cpu_of(app.pid), time.monotonic()
    app.send_signal(signal.SIGINT)
    app.wait(timeout=30)
    report = json.loads(out.splitlines()[-1])
    wall = t1 - marks["t0"]
    cpu = cpu1 - marks["cpu0"]
    print(f"{a.profile} at {a.rate or 'default'} Hz: {report['samples_sent']} samples in {wall:.1f} s streaming")
    print(f"app CPU {cpu:.2f} s = {100 * cpu / wall:.1f} % of one core (decode, record, count, its bumble host stack)")
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="polar-h10")
    ap.add_argument("--rate", type=float, default=None)
    ap.add_argument("--sets", type=int, default=1)
    sys.exit(main(ap.parse_args()))
