"""Bad input through the command line: one line per problem, the right exit code, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from repcount.checks import check_signal
from repcount.cli import cli
from repcount.importers import load
from repcount.recording import RecordingWriter

DATA = Path(__file__).parent / "data" / "importers"


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))


def replay(*args: str):
    r = CliRunner().invoke(cli, ["replay", *map(str, args)])
    # a crash inside would show up as an exception other than the SystemExit of click
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output
    return r


def lines_of(stderr: str, kind: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith(f"repcount: {kind}:")]


def mb5(tmp_path, rows: list[str], name="bad.csv") -> Path:
    p = tmp_path / name
    p.write_text("Epoch,X,Y,Z\n" + "\n".join(rows) + "\n")
    return p


def steady(n=400, rate=50.0, t0=1700000000.0):
    t = t0 + np.arange(n) / rate
    z = 1.0 + 0.3 * np.sin(2 * np.pi * np.arange(n) / rate / 2.5)
    x = 0.05 * np.cos(np.arange(n) / 7.0)
    y = 0.02 * np.sin(np.arange(n) / 5.0)
    return t, np.column_stack([x, y, z])


def rows_of(t, acc) -> list[str]:
    return [f"{ti:.3f},{a:.4f},{b:.4f},{c:.4f}" for ti, (a, b, c) in zip(t, acc)]


# --- errors: the file cannot be used -----------------------------------------------------

def test_example_wrong_columns_message_exactly(tmp_path):
    rows = rows_of(*steady(30))
    rows[15] = "1700000000.300,0.1"  # file line 17 (header is line 1)
    p = mb5(tmp_path, rows)
    r = replay(p)
    assert r.exit_code == 1
    assert lines_of(r.stderr, "error") == [f"repcount: error: {p}:17: expected 4 numeric columns, got 2"]
    assert r.stdout == ""


@pytest.mark.parametrize(
    "content, match",
    [
        (b"", "empty file"),
        (b"\n\n  \n", "empty file"),
        (b"Date,Workout Name,Exercise Name,Reps\n2024-01-01,Legs,Squat,5\n", ":1: unknown format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Epoch,X,Y,Z\n1.0,0,0,1\n1.1,0,zero,1\n", ":3: not a number in column 'Y'"),
        (b"Epoch,X,Y,Z\n", "no samples"),
        (b"Epoch,X,Y,Z\n1.0,nan,0,1\n1.1,0,nan,1\n", "no valid samples (2 rows with NaN)"),
        (b"# repcount-recording 1\n# meta {}\nt,ax,ay,az\n0,0,0,1\n0.01,0,0\n0.02,0,0,1\n", ":5: expected 4 numeric columns, got 3"),
        (b"Phone timestamp;sensor timestamp [ns];HR [bpm]\nx;1;60\n", "has no acceleration"),
    ],
    ids=["empty", "blank", "unknown", "binary", "not-a-number", "header-only", "all-nan", "own-short-row", "polar-hr"],
)
def test_unusable_file_one_line_error(tmp_path, content, match):
    p = tmp_path / "in.csv"
    p.write_bytes(content)
    r = replay(p)
    assert r.exit_code == 1
    err = lines_of(r.stderr, "error")
    assert len(err) == 1 and match in err[0] and str(p) in err[0], r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_missing_path_and_empty_folder_and_bad_zip(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    for p, match in [(tmp_path / "nope.csv", "no such file"), (tmp_path / "empty", "no recording found in this folder"),
                     (tmp_path / "notes.zip", "")]:
        r = replay(p)
        assert r.exit_code == 1
        assert len(lines_of(r.stderr, "error")) == 1 and match in r.stderr


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    bad = mb5(tmp_path, ["1.0,0"], "bad.csv")
    r = replay(bad, DATA / "metabase5_bare.csv")
    assert r.exit_code == 1
    assert len(lines_of(r.stderr, "error")) == 1
    assert "session" in r.stdout  # the good file was still counted


# --- warnings: the file is used, the lifter is told --------------------------------------

def warnings_for(tmp_path, p) -> list[str]:
    r = replay(p)
    assert r.exit_code == 0, r.output
    return lines_of(r.stderr, "warning")


def test_truncated_import_last_row_cut(tmp_path):
    p = tmp_path / "cut.csv"
    text = "\n".join(["Epoch,X,Y,Z"] + rows_of(*steady(100)))
    p.write_text(text[:-12])  # cut inside the last row, no newline
    assert len(load(p).block) == 99
    w = warnings_for(tmp_path, p)
    assert any("last row was cut short" in x for x in w)


def test_truncated_own_recording(tmp_path):
    t, acc = steady(200)
    p = tmp_path / "s.csv"
    with RecordingWriter(p, {"sensor": "x"}) as wr:
        wr.write(t - t[0], acc)
    data = p.read_bytes()
    cut = data[: data.rindex(b"\n# end")]  # crash: no end line ...
    p.write_bytes(cut[:-5])  # ... and the last row half written
    w = warnings_for(tmp_path, p)
    assert any("not closed cleanly" in x for x in w)
    assert any("cut short" in x for x in w)
    assert len(load(p).block) == 199


def test_nan_rows_dropped_with_warning(tmp_path):
    rows = rows_of(*steady(100))
    rows[10] = rows[10].split(",")[0] + ",nan,0,1"
    rows[20] = rows[20].split(",")[0] + ",0,NaN,1"
    rows[30] = rows[30].split(",")[0] + ",,0,1"  # an empty cell is no number either: error
    with pytest.raises(Exception, match=":32: empty field"):
        load(mb5(tmp_path, rows))
    rows[30] = rows[30].split(",")[0] + ",0,0,nan"
    w = warnings_for(tmp_path, mb5(tmp_path, rows))
    assert any("3 rows with missing values (NaN) dropped" in x for x in w)


def test_gap_of_minutes(tmp_path):
    t, acc = steady(400)
    t[200:] += 180.0  # the sensor dropped out for three minutes
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc)))
    gaps = [x for x in w if "gap" in x]
    assert len(gaps) == 1 and "1 gap in the data, the longest 3.0 min at t=4.0 s" in gaps[0]


def test_stuck_axis_whole_recording(tmp_path):
    t, acc = steady(300)
    acc[:, 1] = 0.0
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc)))
    assert any("axis y is constant (0 g) for the whole recording" in x for x in w)


def test_axis_stuck_for_a_while(tmp_path):
    t, acc = steady(400)
    acc[100:300, 0] = 0.0512  # 4 s frozen while y and z move
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc)))
    assert any("axis x is stuck at 0.0512 g for 4.0 s from t=2.0 s" in x for x in w)


def test_clipping(tmp_path):
    t, acc = steady(300)
    acc[50:55, 2] = 2.0  # pinned at the +-2 g range
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc)))
    assert any("axis z clips at +2.0 g (5 samples at the limit)" in x and "+-4 g" in x for x in w)


def test_gravity_missing_and_wrong_units(tmp_path):
    t, acc = steady(300)
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc - [0, 0, 1]), "nog.csv"))
    assert any("not about 1 g: gravity missing" in x for x in w)
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc * 9.80665), "ms2.csv"))
    assert any("look like m/s^2" in x for x in w)


def test_low_rate_and_irregular_rate(tmp_path):
    t, acc = steady(60, rate=5.0)
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc), "slow.csv"))
    assert any("below the 12.5 Hz" in x for x in w)
    t, acc = steady(300)
    jitter = np.random.default_rng(3).uniform(-0.008, 0.008, len(t))
    t = t + jitter
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc), "jitter.csv"))
    assert any("irregular sample intervals" in x for x in w)


def test_healthy_files_have_no_warnings():
    for name in ("metabase5_bare.csv", "Polar_H10_1A2B3C4D_20240305_060708_ACC.txt", "phyphox_comma.zip",
                 "sensorlogger_android.zip", "repcount_own.csv"):
        assert check_signal(load(DATA / name)) == [], name


def test_gravity_free_import_warns():
    w = check_signal(load(DATA / "phyphox_linear.zip"))
    assert len(w) == 1 and "no gravity" in w[0] and "--exercise" in w[0]


def test_empty_own_recording_warns_not_crashes(tmp_path):
    p = tmp_path / "s.csv"
    RecordingWriter(p, {}).close()
    assert check_signal(load(p)) == ["only 0 samples: nothing to count"]


def test_real_process_no_traceback(tmp_path):
    """The installed command, as a user runs it: one line on stderr, exit 1."""
    p = tmp_path / "bad.csv"
    p.write_text("Epoch,X,Y,Z\n1.0,0,0,1\n1.1,0\n")
    r = subprocess.run([sys.executable, "-m", "repcount", "replay", str(p)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr.strip() == f"repcount: error: {p}:3: expected 4 numeric columns, got 2"


def test_millisecond_clock_at_400hz_is_not_irregular(tmp_path):
    t, acc = steady(2000, rate=400.0)
    t = np.floor(t * 1000) / 1000  # epoch in whole ms: intervals alternate 2 and 3 ms
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc), "ms400.csv"))
    assert not any("irregular" in x for x in w)


def test_coarse_sensor_at_rest_is_not_stuck(tmp_path):
    # 12.5 Hz, 15.6 mg steps: at rest z repeats for 8 s while x and y flicker by one step
    n = 200
    t = 1700000000.0 + np.arange(n) / 12.5
    rng = np.random.default_rng(1)
    lsb = 0.0156
    acc = np.column_stack([rng.integers(0, 2, n) * lsb, rng.integers(-1, 1, n) * lsb, np.full(n, 64 * lsb)])
    acc[150:, 2] += 0.3 * np.sin(np.arange(50) / 3)  # then it moves
    w = warnings_for(tmp_path, mb5(tmp_path, rows_of(t, acc), "coarse.csv"))
    assert not any("stuck" in x for x in w), w
