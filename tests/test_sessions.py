"""Recorded sessions: listing, events from file or replay, re-export, CLI."""

from __future__ import annotations

import csv
import json

import fitdecode
import pytest
from click.testing import CliRunner

from repcount.cli import cli
from repcount.config import sessions_dir
from repcount.errors import InputFileError, RepcountError
from repcount.events import Rep, SessionSummary, event_from_dict
from repcount.importers import load
from repcount.recording import write_recording
from repcount.replay import replay_recording
from repcount.sessions import export_session, list_sessions, load_events, read_events, resolve_session, summarize
from sinks_support import synthetic_session


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))
    d = sessions_dir()
    d.mkdir(parents=True)
    return d


def _save(d, stem, events=True, sets=((5, 10.0), (4, 60.0)), start="2026-11-23T21:15:30.000Z"):
    rec, evs = synthetic_session(sets=sets)
    rec.meta["start_time"] = start
    write_recording(d / f"{stem}.csv", rec)
    if events:
        (d / f"{stem}.events.jsonl").write_text("".join(json.dumps(e.to_dict()) + "\n" for e in evs))
    return evs


def test_list_uses_the_events_file_and_replays_when_it_is_missing(home):
    evs = _save(home, "20261123-211530-squat")
    _save(home, "20261124-080000-squat", events=False, sets=((3, 5.0),), start="2026-11-24T08:00:00.000Z")
    found = list_sessions()
    assert [s.stem for s in found] == ["20261123-211530-squat", "20261124-080000-squat"]
    first, second = found
    assert first.summary.to_dict() == evs[-1].to_dict()
    assert not first.replayed and first.start_time == "2026-11-23T21:15:30.000Z"
    assert first.exercises == ["squat"]
    # No events file: the recording is counted again, exactly as `repcount replay` would.
    expected = replay_recording(load(str(second.recording)), exercise="squat").session
    assert second.summary == expected and second.replayed


def test_a_session_cut_short_is_summarised_from_what_was_written(home):
    evs = _save(home, "s")
    path = home / "s.events.jsonl"
    lines = path.read_text().splitlines()
    # Crash during set 2: set 1 and two reps of set 2 were written, the third cut mid-line.
    keep = lines[:8] + [lines[8][:25]]
    path.write_text("\n".join(keep))
    got = read_events(path)
    assert len(got) == 8 and isinstance(got[-1], Rep)
    s = summarize(got)
    assert [x.reps for x in s.sets] == [5, 2] and s.total_reps == 7
    assert s.sets[1].tut_s == pytest.approx(2 * evs[6].tut_s)
    (session,) = list_sessions()
    assert isinstance(load_events(session)[-1], SessionSummary)


def test_a_corrupt_events_file_names_the_line_or_falls_back_to_the_recording(home, tmp_path):
    _save(home, "s")
    path = home / "s.events.jsonl"
    lines = path.read_text().splitlines()
    lines[2] = "{not json"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputFileError, match=r"s\.events\.jsonl:3: not an event"):
        read_events(path)
    (s,) = list_sessions()
    load_events(s)
    assert s.replayed  # the recording is still there: count it again


def test_resolve_by_index_stem_and_path(home):
    _save(home, "a")
    _save(home, "b", sets=((2, 5.0),))
    assert resolve_session("1").stem == "a"
    assert resolve_session("-1").stem == "b" == resolve_session("last").stem
    assert resolve_session("b").stem == "b"
    s = resolve_session(str(home / "a.csv"))
    assert s.stem == "a" and s.events_path == home / "a.events.jsonl"
    with pytest.raises(RepcountError, match="there are 2"):
        resolve_session("3")
    with pytest.raises(RepcountError, match="no session 'nope'"):
        resolve_session("nope")


def test_export_to_fit_csv_and_jsonl_without_streaming(home, tmp_path):
    evs = _save(home, "s")
    s = resolve_session("s")
    reports = export_session(s, [f"fit:{tmp_path}/s.fit", f"csv:{tmp_path}/s.csv", f"jsonl:{tmp_path}/s.jsonl"])
    assert reports == []
    back = [event_from_dict(json.loads(x)) for x in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert [e.to_dict() for e in back] == [e.to_dict() for e in evs]
    rows = list(csv.DictReader((tmp_path / "s.csv").open()))
    assert [r["Reps"] for r in rows] == ["5", "4"] and rows[0]["Date"] == "2026-11-23 21:15:30"
    with fitdecode.FitReader(str(tmp_path / "s.fit")) as r:
        sets = [f for f in r if isinstance(f, fitdecode.FitDataMessage) and f.name == "set"]
    assert [m.get_value("repetitions") for m in sets if m.get_value("set_type") == "active"] == [5, 4]


def test_cli_sessions_export_and_plot(home, tmp_path):
    _save(home, "20261123-211530-squat")
    runner = CliRunner()
    r = runner.invoke(cli, ["sessions"])
    assert r.exit_code == 0, r.output
    row = r.output.splitlines()[1].split()
    assert row[:2] == ["1", "20261123-211530-squat"] and "2026-11-23" in row and "21:15" in row
    assert row[-3:] == ["22.5s", "5", "4"] or row[-4:-1] == ["22.5s", "5", "4"]
    r = runner.invoke(cli, ["sessions", "--format", "jsonl"])
    assert json.loads(r.output)["total_reps"] == 9

    fit = tmp_path / "out.fit"
    r = runner.invoke(cli, ["export", "last", "--to", f"fit:{fit}"])
    assert r.exit_code == 0, r.output
    assert fit.read_bytes()[8:12] == b".FIT"

    png = tmp_path / "s.png"
    r = runner.invoke(cli, ["plot", "1", "-o", str(png)])
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    r = runner.invoke(cli, ["export", "7", "--to", f"fit:{fit}"])
    assert r.exit_code == 1 and r.output.strip().startswith("repcount: error: no session 7")


def test_cli_sessions_with_none(home):
    r = CliRunner().invoke(cli, ["sessions"])
    assert r.exit_code == 0 and "no sessions" in r.output
