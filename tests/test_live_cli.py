"""`repcount live` / `record` as a user runs them: a real subprocess, a simulated sensor on
a simulated BLE stack, JSON Lines on a non-terminal stdout, one-line errors, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from repcount.recording import read_recording

CLI = [sys.executable, "-m", "repcount"]


def env_for(tmp_path: Path) -> dict:
    env = dict(os.environ, REPCOUNT_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
    env.pop("REPCOUNT_BLE_BACKEND", None)
    return env


def sessions(tmp_path: Path) -> list[Path]:
    d = tmp_path / "home" / "data" / "sessions"
    return sorted(d.glob("*.csv")) if d.exists() else []


def test_live_simulate_emits_json_lines_when_stdout_is_not_a_terminal(tmp_path):
    extra = tmp_path / "also.jsonl"
    p = subprocess.run(CLI + ["live", "--simulate", "deadlift", "--exercise", "deadlift", "--sim-sets", "1", "--sim-speed", "20", "--to", f"jsonl:{extra}"],
                       capture_output=True, text=True, env=env_for(tmp_path), timeout=90)
    assert p.returncode == 0, p.stderr
    events = [json.loads(line) for line in p.stdout.splitlines()]
    assert extra.read_text().splitlines() == p.stdout.splitlines()  # --to sinks get the same events
    assert events[-1]["type"] == "session" and events[-1]["total_reps"] == 5
    assert [e["rep"] for e in events if e["type"] == "rep"] == [1, 2, 3, 4, 5]
    assert "Traceback" not in p.stderr
    assert "streaming Polar H10" in p.stderr  # connection states on stderr, not mixed into the events
    [csv] = sessions(tmp_path)
    assert f"repcount replay {csv}" in p.stderr
    # the events file next to the recording holds what stdout showed
    assert (csv.with_name(csv.stem + ".events.jsonl")).read_text().splitlines() == p.stdout.splitlines()


def test_refused_configuration_is_one_line_naming_supported_values(tmp_path):
    p = subprocess.run(CLI + ["live", "--simulate", "--sim-speed", "20", "--sim-reject-config"],
                       capture_output=True, text=True, env=env_for(tmp_path), timeout=60)
    assert p.returncode == 1
    errors = [line for line in p.stderr.splitlines() if line.startswith("repcount: error:")]
    assert len(errors) == 1 and "supported rates: 25, 50, 100, 200 Hz" in errors[0]
    assert "Traceback" not in p.stderr and p.stdout == ""
    assert sessions(tmp_path) == []  # nothing streamed, no empty files


def test_unsupported_rate_is_refused_before_connecting(tmp_path):
    p = subprocess.run(CLI + ["live", "--simulate", "--rate", "300"], capture_output=True, text=True, env=env_for(tmp_path), timeout=60)
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1] == "repcount: error: polar-h10: rate 300 Hz not supported (choose from 25, 50, 100, 200)"


def _wait_until_streaming(proc: subprocess.Popen) -> None:
    """Read the live status lines on stderr until the stream has started (60 s at most)."""
    deadline = time.monotonic() + 60
    line = ""
    while "streaming" not in line:
        line = proc.stderr.readline()
        assert line and time.monotonic() < deadline, "never started streaming"


def test_ctrl_c_stops_the_stream_completes_the_file_and_prints_the_summary(tmp_path):
    # Real time pace: the session would last a minute; Ctrl-C after a few seconds.
    proc = subprocess.Popen(CLI + ["live", "--simulate", "squat", "--sim-speed", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env_for(tmp_path))
    try:
        _wait_until_streaming(proc)
        time.sleep(3.0)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    # the sensor got its stop command and the link was closed
    assert "stopped by repcount's stop command, link closed" in err
    assert "stopping" in err and "stopped" in err
    # the summary was printed (JSON Lines: the last event is the session)
    assert json.loads(out.splitlines()[-1])["type"] == "session"
    [csv] = sessions(tmp_path)
    rec = read_recording(csv)
    assert rec.meta["complete"] is True  # closed cleanly, with its end line
    assert 2.0 < rec.duration_s < 10.0 and len(rec.block) > 400


def test_record_captures_without_counting(tmp_path):
    p = subprocess.run(CLI + ["record", "--simulate", "deadlift", "--sim-sets", "1", "--sim-speed", "20"],
                       capture_output=True, text=True, env=env_for(tmp_path), timeout=90)
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""  # nothing counted, nothing emitted
    [csv] = sessions(tmp_path)
    assert not csv.with_name(csv.stem + ".events.jsonl").exists()
    rec = read_recording(csv)
    assert rec.meta["source"] == "repcount record" and rec.meta["complete"] and len(rec.block) > 5000


def test_help_has_examples():
    for cmd in ("live", "scan", "record"):
        p = subprocess.run(CLI + [cmd, "--help"], capture_output=True, text=True, timeout=30)
        assert p.returncode == 0 and "Examples:" in p.stdout


def test_kill_9_loses_at_most_about_a_second(tmp_path):
    """Crash safety of the live path: samples reach the file as they stream (the writer
    flushes at least twice a second; live batches 50 ms), so after SIGKILL the recording
    reads back and ends close to where the stream was."""
    proc = subprocess.Popen(CLI + ["live", "--simulate", "squat", "--sim-speed", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env=env_for(tmp_path))
    try:
        _wait_until_streaming(proc)
        t0 = time.monotonic()
        time.sleep(4.0)
        elapsed = time.monotonic() - t0
        proc.kill()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    [csv] = sessions(tmp_path)
    rec = read_recording(csv)
    assert rec.meta["complete"] is False  # no end line: it was killed
    # 1 s of flushing + a Polar frame (0.18 s) + batching, with some slack for a loaded machine
    assert rec.duration_s > elapsed - 1.5, (rec.duration_s, elapsed)
