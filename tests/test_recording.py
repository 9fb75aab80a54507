"""repcount's own recording format: round trip, streaming, crash tolerance."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from repcount.errors import InputFileError, RepcountError
from repcount.recording import (
    FORMAT_VERSION,
    Recording,
    RecordingWriter,
    parse_recording,
    read_recording,
    write_recording,
)
from repcount.samples import SampleBlock


def _signal(n=500, rate=100.0, gyro=False, seed=1):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / rate
    acc = rng.normal(0, 0.3, (n, 3)) + [0, 0, 1]
    g = rng.normal(0, 50, (n, 3)) if gyro else None
    return t, acc, g


def test_round_trip_values_meta_markers(tmp_path):
    t, acc, g = _signal(gyro=True)
    rec = Recording("mem", SampleBlock(t, acc, g), {"sensor": "Polar H10 ABC", "placement": "chest", "rate_hz": 100},
                    [{"type": "gap", "t": 1.0, "duration_s": 2.5}, {"type": "reconnect", "t": 3.0}])
    p = write_recording(tmp_path / "r.csv", rec)
    back = read_recording(p)
    assert back.meta["format"] == "repcount"
    assert back.meta["sensor"] == "Polar H10 ABC"
    assert back.meta["placement"] == "chest"
    assert back.meta["complete"] is True
    assert back.meta["units"] == {"t": "s", "acc": "g", "gyro": "deg/s"}
    assert back.meta["columns"] == ["t", "ax", "ay", "az", "gx", "gy", "gz"]
    assert back.markers == rec.markers
    np.testing.assert_allclose(back.block.t, t, atol=5e-5)
    np.testing.assert_allclose(back.block.acc, acc, atol=5e-5)
    np.testing.assert_allclose(back.block.gyro, g, atol=5e-4)
    # markers sit between the rows at their time
    lines = open(p).read().splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith("# mark") and '"gap"' in ln)
    assert float(lines[i - 1].split(",")[0]) <= 1.0 < float(lines[i + 1].split(",")[0])


def test_header_is_self_describing(tmp_path):
    with RecordingWriter(tmp_path / "r.csv", {"sensor": "x", "rate_hz": 52}) as w:
        w.write(*_signal(10)[:2])
    lines = open(w.path).read().splitlines()
    assert lines[0] == f"# repcount-recording {FORMAT_VERSION}"
    assert lines[1].startswith("# meta ")
    meta = json.loads(lines[1][len("# meta "):])
    assert meta["start_time"].endswith("Z") and meta["units"]["acc"] == "g"
    assert meta["rate_hz"] == 52
    assert lines[2] == "t,ax,ay,az"
    assert lines[-1].startswith("# end ")
    # compact numbers: no trailing zeros
    assert lines[3].split(",")[0] == "0"


def test_write_returns_exactly_what_is_read_back(tmp_path):
    w = RecordingWriter(tmp_path / "r.csv", {}, gyro=True)
    blocks = []
    t, acc, g = _signal(300, gyro=True, seed=5)
    for i in range(0, 300, 37):
        blocks.append(w.write(t[i:i + 37] + 1e-7, acc[i:i + 37] * 1.0000001, g[i:i + 37]))
    w.close()
    back = read_recording(w.path)
    assert np.array_equal(np.concatenate([b.t for b in blocks]), back.block.t)
    assert np.array_equal(np.concatenate([b.acc for b in blocks]), back.block.acc)
    assert np.array_equal(np.concatenate([b.gyro for b in blocks]), back.block.gyro)


def test_writer_refuses_to_overwrite(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("precious")
    with pytest.raises(RepcountError, match="already exists"):
        RecordingWriter(p, {})
    assert p.read_text() == "precious"


def test_writer_flushes_on_its_own(tmp_path):
    w = RecordingWriter(tmp_path / "r.csv", {}, flush_interval_s=0.0)
    w.write([0.0, 0.01], [[0, 0, 1], [0, 0, 1]])
    # not closed: what another process sees on disk already has the rows
    rec = read_recording(w.path)
    assert len(rec.block) == 2 and rec.meta["complete"] is False
    w.close()


def test_unterminated_last_row_is_dropped_even_if_it_parses(tmp_path):
    # "1" may be the start of "1.0991": a row without its newline is not trusted.
    p = tmp_path / "r.csv"
    p.write_text("# repcount-recording 1\n# meta {}\nt,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n0.02,0,0,1")
    rec = read_recording(p)
    assert len(rec.block) == 2 and rec.meta["truncated"] is True


@pytest.mark.parametrize("tail", ["0.02,0.1,", "0.02,0.1", "0.0", "0.02,0.1,-0.", "# mark {\"type\": \"ga"])
def test_file_cut_mid_row_loses_only_that_row(tmp_path, tail):
    p = tmp_path / "r.csv"
    p.write_text("# repcount-recording 1\n# meta {}\nt,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n" + tail)
    rec = read_recording(p)
    assert len(rec.block) == 2
    assert rec.block.t[-1] == 0.01


def test_cut_at_every_byte_never_raises(tmp_path):
    t, acc, _ = _signal(40)
    full = tmp_path / "full.csv"
    write_recording(full, Recording("m", SampleBlock(t, acc), {}, [{"type": "gap", "t": 0.2}]))
    data = full.read_bytes()
    header_end = data.index(b"t,ax,ay,az\n") + len(b"t,ax,ay,az\n")
    for cut in range(header_end, len(data) + 1):
        rec = parse_recording(data[:cut].decode(), "cut.csv")
        n = len(rec.block)
        # at most the one row being written is lost
        done = data[header_end:cut].split(b"\n")[:-1]  # lines with their newline
        complete_rows = sum(1 for ln in done if not ln.startswith(b"#"))
        assert n == complete_rows
        np.testing.assert_allclose(rec.block.acc, acc[:n], atol=5e-5)


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from repcount.recording import RecordingWriter
    w = RecordingWriter(sys.argv[1], {"sensor": "killed"})
    rate, n = 100.0, 5
    k = 0
    t0 = time.monotonic()
    while True:
        t = (k + np.arange(n)) / rate
        w.write(t, np.tile([0.0, 0.0, 1.0], (n, 1)))
        k += n
        print(t[-1], flush=True)
        # paced at real time, like a BLE stream
        time.sleep(max(0.0, t0 + k / rate - time.monotonic()))
    """
)


def test_writer_killed_loses_at_most_one_second(tmp_path):
    p = tmp_path / "killed.csv"
    proc = subprocess.Popen([sys.executable, "-c", WRITER_SCRIPT, str(p)], stdout=subprocess.PIPE, text=True)
    last = None
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            last = float(line)
            if last >= 2.5:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert last is not None and last >= 2.5, "writer subprocess did not run"
    rec = read_recording(p)
    assert rec.meta["complete"] is False
    assert rec.meta["sensor"] == "killed"
    assert rec.block.t[-1] >= last - 1.0
    # what is there is intact and in order
    assert np.all(np.diff(rec.block.t) > 0)
    np.testing.assert_array_equal(rec.block.acc[:, 2], 1.0)


def test_nan_rows_dropped_and_counted(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("# repcount-recording 1\n# meta {}\nt,ax,ay,az\n0,0,0,1\n0.01,nan,0,1\n0.02,0,0,1\n")
    rec = read_recording(p)
    assert len(rec.block) == 2 and rec.meta["dropped_rows"] == 1


def test_unsorted_and_duplicate_times(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("# repcount-recording 1\n# meta {}\nt,ax,ay,az\n0,0,0,1\n0.02,0,0,3\n0.01,0,0,2\n0.02,0,0,4\n")
    rec = read_recording(p)
    assert rec.block.t.tolist() == [0, 0.01, 0.02]
    assert rec.block.acc[:, 2].tolist() == [1, 2, 3]
    assert rec.meta["duplicate_rows"] == 1


@pytest.mark.parametrize(
    "text, line, match",
    [
        ("", None, "empty file"),
        ("hello\n", 1, "not a repcount recording"),
        ("# repcount-recording 9\n", 1, "newer"),
        ("# repcount-recording 1\n# meta {oops\nt,ax,ay,az\n", 2, "JSON"),
        ("# repcount-recording 1\n# meta {}\nt,x\n", 3, "column header"),
        ("# repcount-recording 1\n# meta {}\nt,ax,ay,az\n0,0,0,1\n0.01,0\n0.02,0,0,1\n", 5, "expected 4 numeric columns, got 2"),
        ("# repcount-recording 1\n# meta {}\nt,ax,ay,az\n0,0,0,1\n0.01,0,zero,1\n", 5, "not a number"),
    ],
)
def test_damage_is_reported_with_line(tmp_path, text, line, match):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    with pytest.raises(InputFileError, match=match) as ei:
        read_recording(p)
    assert ei.value.line == line
    assert str(p) in str(ei.value)


def test_block_without_gyro_in_a_gyro_recording(tmp_path):
    w = RecordingWriter(tmp_path / "r.csv", {}, gyro=True)
    w.write([0.0], [[0, 0, 1]], [[1, 2, 3]])
    b = w.write([0.01], [[0, 0, 1]])  # this packet came without gyro
    w.close()
    assert np.isnan(b.gyro).all()
    rec = read_recording(w.path)
    assert len(rec.block) == 2 and "dropped_rows" not in rec.meta
    assert rec.block.gyro[0].tolist() == [1, 2, 3] and np.isnan(rec.block.gyro[1]).all()


def test_markers_and_meta_are_json_safe(tmp_path):
    with RecordingWriter(tmp_path / "r.csv", {"rate_hz": np.float64(52.0)}) as w:
        w.mark({"type": "gap", "t": np.float32(1.5), "duration_s": float("nan"), "n": np.int64(3)})
    rec = read_recording(w.path)
    assert rec.meta["rate_hz"] == 52.0
    assert rec.markers == [{"type": "gap", "t": 1.5, "duration_s": None, "n": 3}]


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 120),
    cuts=st.lists(st.integers(1, 119), max_size=8),
    scale=st.sampled_from([1e-5, 0.01, 1.0, 15.9, 1000.0]),
    seed=st.integers(0, 2**16),
    gyro=st.booleans(),
)
def test_property_any_chunking_round_trips(tmp_path_factory, n, cuts, scale, seed, gyro):
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.uniform(0.001, 0.1, n)) + rng.uniform(0, 100)
    acc = rng.normal(0, scale, (n, 3))
    g = rng.normal(0, 300, (n, 3)) if gyro else None
    p = tmp_path_factory.mktemp("prop") / "r.csv"
    edges = sorted({0, n, *[c for c in cuts if c < n]})
    got = []
    with RecordingWriter(p, {}, gyro=gyro) as w:
        for a, b in zip(edges, edges[1:]):
            got.append(w.write(t[a:b], acc[a:b], None if g is None else g[a:b]))
    back = read_recording(p)
    # what write() returned is exactly what comes back, whatever the chunking ...
    assert np.array_equal(back.block.acc, np.concatenate([b.acc for b in got]))
    assert np.array_equal(back.block.t, np.concatenate([b.t for b in got]))
    # ... and within the documented rounding of what went in (t: 0.05 ms, acc: 0.05 mg)
    np.testing.assert_allclose(back.block.acc, acc, rtol=0, atol=5.001e-5)
    if gyro:
        np.testing.assert_allclose(back.block.gyro, g, rtol=0, atol=5.001e-4)
    keep = np.r_[True, np.diff(np.round(t, 4)) > 0]  # rows 0.1 ms apart may merge on rounding
    assert len(back.block) == int(keep.sum())


def test_writer_creates_missing_folders(tmp_path):
    with RecordingWriter(tmp_path / "a" / "b" / "s.csv", {}) as w:
        w.write([0.0], [[0, 0, 1]])
    assert len(read_recording(w.path).block) == 1


def test_writer_flushes_by_stream_time_too(tmp_path):
    # a burst (a stalled stream catching up) much faster than real time
    w = RecordingWriter(tmp_path / "r.csv", {}, flush_interval_s=0.5)
    for k in range(30):  # 3 s of 100 Hz data in well under 0.5 s of wall time
        w.write(k * 0.1 + np.arange(10) / 100, np.tile([0.0, 0.0, 1.0], (10, 1)))
    on_disk = read_recording(w.path)
    assert on_disk.block.t[-1] >= 2.99 - 0.5 - 0.1
    w.close()
