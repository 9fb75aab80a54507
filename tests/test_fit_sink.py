"""FIT activity files, checked with an independent decoder (fitdecode, CRCs enforced)."""

from __future__ import annotations

import datetime as dt
import io

import fitdecode
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repcount.events import SetSummary
from repcount.sinks import open_sink
from repcount.sinks.fit import fit_activity
from repcount.sinks.fitenc import crc16
from sinks_support import session_events

UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 23, 21, 15, 30, tzinfo=UTC)


def decode(data: bytes) -> list[tuple[str, dict]]:
    out = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as r:
        for frame in r:
            if isinstance(frame, fitdecode.FitDataMessage):
                out.append((frame.name, {f.name: f.value for f in frame.fields}))
    return out


def test_crc_matches_the_fit_sdk_check_value():
    # CRC-16/ARC, which FIT's nibble-table algorithm computes: check value for "123456789".
    assert crc16(b"123456789") == 0xBB3D


def test_a_two_set_session_decodes_as_a_strength_activity(tmp_path):
    path = tmp_path / "s.fit"
    sink = open_sink(f"fit:{path}", meta={"start_time": "2026-11-23T21:15:30.000Z", "sensor": "x", "exercise": "squat"})
    for ev in session_events():
        sink.emit(ev)
    assert sink.close() is None
    msgs = decode(path.read_bytes())
    names = [n for n, _ in msgs]
    assert names[0] == "file_id" and names[-1] == "activity"
    fid = msgs[0][1]
    assert fid["type"] == "activity" and fid["time_created"] == START

    session = next(m for n, m in msgs if n == "session")
    assert session["sport"] == "training" and session["sub_sport"] == "strength_training"
    assert session["start_time"] == START
    assert session["total_elapsed_time"] == pytest.approx(125.5)  # duration_s of the session summary

    sets = [m for n, m in msgs if n == "set"]
    assert [s["set_type"] for s in sets] == ["active", "rest", "active"]
    a1, rest, a2 = sets
    assert a1["repetitions"] == 3 and a2["repetitions"] == 2
    assert a1["category"] == "squat" and a1["category_subtype"] == 6
    assert a1["duration"] == pytest.approx(8.5)  # first rep start 10.0 to last rep end 18.5
    assert a1["start_time"] == START + dt.timedelta(seconds=10)
    assert rest["start_time"] == START + dt.timedelta(seconds=18)  # whole seconds in FIT
    assert rest["duration"] == pytest.approx(100.0 - 18.5)
    assert a2["start_time"] == START + dt.timedelta(seconds=100)
    assert [s["message_index"] for s in sets] == [0, 1, 2]
    assert a1.get("weight") is None  # an accelerometer does not know the load

    activity = msgs[-1][1]
    assert activity["num_sessions"] == 1 and activity["total_timer_time"] == pytest.approx(125.5)
    assert any(n == "record" for n in names)


def test_deadlift_category_weight_and_no_sets():
    sets = [SetSummary(set=1, exercise="deadlift", reps=5, tut_s=12.0, t_start=5.0, t_end=25.0)]
    msgs = decode(fit_activity(sets, START, 30.0, weight_kg=142.5))
    (s,) = [m for n, m in msgs if n == "set"]
    assert s["category"] == "deadlift" and s["category_subtype"] == 0
    assert s["weight"] == pytest.approx(142.5) and s["weight_display_unit"] == "kilogram"

    empty = decode(fit_activity([], START, 12.0))
    assert [n for n, _ in empty if n == "set"] == []
    assert next(m for n, m in empty if n == "session")["total_elapsed_time"] == pytest.approx(12.0)


def test_a_corrupted_byte_fails_the_crc():
    data = bytearray(fit_activity([], START, 1.0))
    data[20] ^= 0xFF
    with pytest.raises(fitdecode.FitCRCError):
        decode(bytes(data))


def test_without_start_time_t0_is_dated_by_the_first_event(tmp_path):
    # Live: the first rep is emitted 12.6 s into the stream and arrives now, so the
    # session started 12.6 s ago.
    path = tmp_path / "s.fit"
    sink = open_sink(f"fit:{path}", meta={})
    for ev in session_events():
        sink.emit(ev)
    sink.close()
    session = next(m for n, m in decode(path.read_bytes()) if n == "session")
    now = dt.datetime.now(UTC)
    assert now - dt.timedelta(seconds=15) <= session["start_time"] <= now - dt.timedelta(seconds=11)


def test_without_any_times_the_session_ends_now():
    from repcount.events import SessionSummary
    from repcount.sinks.collect import SessionCollector

    c = SessionCollector({})
    c.add(SessionSummary(sets=[], total_reps=0, duration_s=60.0))
    now = dt.datetime.now(UTC)
    assert abs((c.start() - (now - dt.timedelta(seconds=60))).total_seconds()) < 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["squat", "deadlift"]), st.integers(1, 60), st.floats(0.5, 120.0), st.floats(0.0, 600.0)), max_size=12))
def test_any_session_round_trips_through_fitdecode(spec):
    sets, t = [], 0.0
    for i, (ex, reps, dur, rest) in enumerate(spec, start=1):
        t += rest
        sets.append(SetSummary(set=i, exercise=ex, reps=reps, tut_s=dur * 0.8, t_start=t, t_end=t + dur))
        t += dur
    msgs = decode(fit_activity(sets, START, t + 5.0))
    active = [m for n, m in msgs if n == "set" and m["set_type"] == "active"]
    assert [(m["category"], m["repetitions"]) for m in active] == [(s.exercise, s.reps) for s in sets]
    for m, s in zip(active, sets):
        assert m["duration"] == pytest.approx(s.t_end - s.t_start, abs=0.0011)
    rests = [m for n, m in msgs if n == "set" and m["set_type"] == "rest"]
    assert len(rests) == sum(1 for a, b in zip(sets, sets[1:]) if b.t_start > a.t_end)
