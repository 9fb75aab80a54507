"""File sinks: JSON Lines (flushed per event), Strong CSV, and SPEC parsing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from repcount.errors import RepcountError
from repcount.events import event_from_dict
from repcount.sinks import open_sink
from repcount.sinks.strong import COLUMNS, strong_duration
from sinks_support import session_events

META = {"start_time": "2026-11-23T21:15:30.123Z", "sensor": "Polar H10", "exercise": "squat", "source": "x.csv"}


def test_jsonl_file_is_flushed_per_event_and_round_trips(tmp_path):
    path = tmp_path / "ev.jsonl"
    sink = open_sink(f"jsonl:{path}")
    events = session_events()
    sink.emit(events[0])
    # Readable before close: another process tailing the file sees the rep at once.
    assert json.loads(path.read_text()) == events[0].to_dict()
    for ev in events[1:]:
        sink.emit(ev)
    assert sink.close() is None
    back = [event_from_dict(json.loads(line)) for line in path.read_text().splitlines()]
    assert back == events


def test_jsonl_stdout():
    out = io.StringIO()
    sink = open_sink("jsonl:-", stdout=out)
    for ev in session_events():
        sink.emit(ev)
    sink.close()
    assert [json.loads(x)["type"] for x in out.getvalue().splitlines()] == ["rep"] * 3 + ["set"] + ["rep"] * 2 + ["set", "session"]


def test_strong_csv_one_row_per_set(tmp_path):
    path = tmp_path / "strong.csv"
    sink = open_sink(f"csv:{path}", meta=META)
    for ev in session_events((("squat", 5, 10.0), ("deadlift", 3, 200.0), ("squat", 4, 400.0))):
        sink.emit(ev)
    assert sink.close() is None
    text = path.read_text()
    assert text.splitlines()[0] == "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["Exercise Name"], r["Set Order"], r["Reps"]) for r in rows] == [
        ("Squat (Barbell)", "1", "5"),
        ("Deadlift (Barbell)", "1", "3"),
        ("Squat (Barbell)", "2", "4"),
    ]
    assert {r["Date"] for r in rows} == {"2026-11-23 21:15:30"}
    assert {r["Workout Name"] for r in rows} == {"repcount squat + deadlift"}
    assert {r["Duration"] for r in rows} == {"7m"}  # session of 429.5 s
    assert list(rows[0]) == COLUMNS


def test_strong_csv_weight_from_meta_and_empty_session(tmp_path):
    path = tmp_path / "strong.csv"
    sink = open_sink(f"csv:{path}", meta={**META, "weight_kg": 100})
    for ev in session_events((("squat", 1, 0.0),)):
        sink.emit(ev)
    sink.close()
    assert list(csv.DictReader(path.open()))[0]["Weight"] == "100"
    empty = tmp_path / "empty.csv"
    s = open_sink(f"csv:{empty}", meta=META)
    s.close()
    assert empty.read_text().strip() == ",".join(COLUMNS)


@pytest.mark.parametrize("secs,text", [(20, "1m"), (59 * 60, "59m"), (3600, "1h 0m"), (3900, "1h 5m")])
def test_strong_duration(secs, text):
    assert strong_duration(secs) == text


@pytest.mark.parametrize("spec,msg", [
    ("xml:out.xml", "unknown sink"),
    ("fit:", "needs a file name"),
    ("csv:-", "needs a file name"),
    ("fit:/nonexistent-dir/x.fit", "does not exist"),
    ("jsonl:/nonexistent-dir/x.jsonl", "cannot write"),
    ("mqtt:///prefix", "expected mqtt://HOST"),
])  # fmt: skip
def test_bad_specs_are_one_line_errors(spec, msg):
    with pytest.raises(RepcountError, match=msg) as exc:
        open_sink(spec)
    assert "\n" not in str(exc.value)


def test_file_sinks_write_atomically_and_leave_no_temp_files(tmp_path):
    for spec in (f"csv:{tmp_path}/a.csv", f"fit:{tmp_path}/a.fit"):
        s = open_sink(spec, meta=META)
        for ev in session_events():
            s.emit(ev)
        s.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.fit"]


def test_jsonl_keeps_going_when_the_reader_goes_away():
    import os

    r, w = os.pipe()
    os.close(r)
    fh = os.fdopen(w, "w")
    sink = open_sink("jsonl:-", stdout=fh)
    for ev in session_events():
        sink.emit(ev)  # no BrokenPipeError: counting must go on
    assert sink.close() is None  # like `| head`: quiet
    assert sink.lost == 8 and sink.written == 0
    try:
        fh.close()
    except BrokenPipeError:
        pass


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_report_not_a_crash():
    sink = open_sink("jsonl:/dev/full")
    for ev in session_events():
        sink.emit(ev)
    assert sink.close() == "jsonl:/dev/full: 8 events not written (No space left on device)"


def test_an_unwritable_fit_or_csv_is_reported_at_close(tmp_path):
    import shutil

    d = tmp_path / "gone"
    d.mkdir()
    sinks = [open_sink(f"fit:{d}/a.fit", meta=META), open_sink(f"csv:{d}/a.csv", meta=META)]
    shutil.rmtree(d)  # e.g. a USB stick pulled during the session
    for s in sinks:
        for ev in session_events():
            s.emit(ev)
    reports = [s.close() for s in sinks]
    assert reports[0] == f"fit:{d}/a.fit: not written (No such file or directory); `repcount export` can write it again"
    assert reports[1].startswith(f"csv:{d}/a.csv: not written")
