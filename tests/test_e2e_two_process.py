"""Two processes: the CLI in one, a simulated sensor in another, talking real HCI over a
bumble TCP transport (REPCOUNT_BLE_BACKEND=bumble:tcp-client:HOST:PORT)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from repcount.recording import read_recording

CLI = [sys.executable, "-m", "repcount"]
SPEED = "5"  # both sides: the sensor paces its stream, the app's host clock follows


def test_cli_against_a_sensor_in_another_process(tmp_path):
    env = dict(os.environ, REPCOUNT_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
    env.pop("REPCOUNT_BLE_BACKEND", None)
    sensor = subprocess.Popen(CLI + ["sim-sensor", "polar-h10", "--exercise", "deadlift", "--reps", "5", "--seed", "1", "--speed", SPEED],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    app = None
    try:
        ready = sensor.stdout.readline().split()
        assert ready and ready[0] == "READY", sensor.stderr.read()
        app_env = dict(env, REPCOUNT_BLE_BACKEND=f"bumble:{ready[1]}")
        app = subprocess.Popen(CLI + ["live", "--sensor", "Polar H10", "--exercise", "deadlift", "--sim-speed", SPEED],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=app_env)
        # The sensor process ends by itself after its session; the app then only sees a
        # lost link (it keeps trying to reconnect), so the lifter presses Ctrl-C.
        sensor_out, sensor_err = sensor.communicate(timeout=90)
        assert sensor.returncode == 0, sensor_err
        report = json.loads(sensor_out.splitlines()[-1])
        assert report["finished"] and report["samples_sent"] > 5000
        time.sleep(0.5)
        app.send_signal(signal.SIGINT)
        out, err = app.communicate(timeout=30)
    finally:
        for p in (sensor, app):
            if p is not None and p.poll() is None:
                p.kill()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    events = [json.loads(line) for line in out.splitlines()]
    assert events[-1]["type"] == "session"
    assert events[-1]["total_reps"] == report["truth_reps"] == 5
    csv = next((tmp_path / "home" / "data" / "sessions").glob("*.csv"))
    rec = read_recording(csv)
    assert rec.meta["complete"] and len(rec.block) == report["samples_sent"]
    # the app remembered the sensor it used
    remembered = json.loads((tmp_path / "home" / "config" / "last_sensor.json").read_text())
    assert remembered["name"].startswith("Polar H10") and remembered["profile"] == "polar-h10"
