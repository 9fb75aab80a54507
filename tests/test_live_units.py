"""Unit tests of the live path's pure parts: backoff, sensor memory, stats, display."""

from __future__ import annotations

import io

import pytest

from repcount.ble.backoff import Backoff
from repcount.ble.remember import RememberedSensor, load_last, save_last
from repcount.ble.stats import StreamStats
from repcount.events import Rep, SessionSummary, SetSummary
from repcount.live_display import BELL, CLEAR_LINE, LiveDisplay, big_number, render_rep


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))


def test_backoff_grows_caps_and_gives_up():
    b = Backoff(first_s=0.5, factor=2, max_s=4, give_up_s=20)
    d = list(b.delays())
    assert d[:4] == [0.5, 1.0, 2.0, 4.0]
    assert max(d) == 4
    assert sum(d) <= 20 and sum(d) + 4 > 20  # uses the whole budget, not more


def test_backoff_scaled_keeps_shape():
    b = Backoff(first_s=0.5, factor=2, max_s=4, give_up_s=20)
    assert [x * 10 for x in b.scaled(10).delays()] == pytest.approx(list(b.delays()))


def test_remembered_sensor_roundtrip_and_matching():
    assert load_last() is None
    save_last(RememberedSensor(name="Polar H10 1A2B3C4D", address="AA:BB:CC:DD:EE:FF", profile="polar-h10"))
    r = load_last()
    assert r == RememberedSensor("Polar H10 1A2B3C4D", "AA:BB:CC:DD:EE:FF", "polar-h10")
    assert r.matches("whatever", "aa:bb:cc:dd:ee:ff")  # address, case-insensitive
    # macOS: another Mac sees another UUID for the same strap; the name still matches.
    assert r.matches("Polar H10 1A2B3C4D", "5F0C0E8A-1111-2222-3333-444455556666")
    assert not r.matches("Polar H10 99999999", "11:22:33:44:55:66")


def test_remembered_sensor_corrupt_file_is_ignored(tmp_path):
    from repcount.config import config_dir

    config_dir().mkdir(parents=True)
    (config_dir() / "last_sensor.json").write_text("{not json")
    assert load_last() is None


def test_stats_rate_and_status_line():
    s = StreamStats(state="streaming")
    # 200 Hz in frames of 20 samples, every 0.1 s, for 3 s
    for i in range(31):
        s.add_frame(20, now=i * 0.1)
    assert s.rate_hz(3.0) == pytest.approx(200, rel=0.01)
    s.corrupt_frames = 2
    line = s.status_line(3.0, nominal_hz=200, sensor="Polar H10")
    assert line.startswith("streaming Polar H10 | 200.0/200 Hz")
    assert "corrupt 2" in line and "dropped 0" in line
    assert s.rate_hz(10.0) == 0.0  # nothing for a while: 0, not the old rate


def test_big_number_has_five_rows_and_grows_with_digits():
    assert len(big_number(3)) == 5
    assert len(big_number(12)[0]) > len(big_number(2)[0])


def _rep(n=3, mcv=0.5):
    return Rep(set=1, rep=n, exercise="squat", t_start=1, t_end=3.5, eccentric_s=1.2, pause_s=0.3, concentric_s=1.0, tut_s=2.5, mcv_mps=mcv, rom_m=None, emitted_t=3.6)


def test_render_rep_shows_tut_phases_velocity():
    text = "\n".join(render_rep(_rep()))
    assert "TUT 2.50 s" in text and "down 1.20" in text and "pause 0.30" in text and "up 1.00" in text
    assert "0.50 m/s" in text
    assert "m/s" not in "\n".join(render_rep(_rep(mcv=None)))  # no velocity: not shown


def test_display_bell_status_and_summaries():
    out = io.StringIO()
    d = LiveDisplay(out, bell=True, tty=True)
    d.status("streaming | 200.0 Hz", state="streaming")
    d.emit(_rep())
    d.emit(SetSummary(set=1, exercise="squat", reps=3, tut_s=7.5, t_start=0, t_end=10))
    d.emit(SessionSummary(sets=[SetSummary(set=1, exercise="squat", reps=3, tut_s=7.5, t_start=0, t_end=10)], total_reps=3, duration_s=20))
    d.close()
    s = out.getvalue()
    assert s.count(BELL) == 1
    assert "set 1 done: 3 squat reps" in s and "Session: 1 set(s), 3 rep(s)" in s
    # the status line is cleared before output and put back after it
    assert s.count("streaming | 200.0 Hz") >= 3 and s.endswith(CLEAR_LINE)


def test_display_no_bell_and_no_escape_codes_off_terminal():
    out = io.StringIO()
    d = LiveDisplay(out, bell=False, tty=False)
    d.status("connecting", state="connecting")
    d.status("connecting", state="connecting")  # same state: printed once
    d.status("streaming", state="streaming")
    d.emit(_rep())
    s = out.getvalue()
    assert BELL not in s and "\x1b" not in s
    assert s.count("connecting") == 1 and "streaming" in s
