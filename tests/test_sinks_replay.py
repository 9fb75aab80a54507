"""Several sinks at once behind `repcount replay --to ...`: they all tell the same story."""

from __future__ import annotations

import csv
import json

import fitdecode
import pytest
from click.testing import CliRunner

from repcount.cli import cli
from repcount.recording import write_recording
from sinks_support import Broker, Subscriber, synthetic_session


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))


def test_replay_feeds_jsonl_csv_fit_and_mqtt_together(tmp_path):
    rec, _ = synthetic_session(sets=((5, 10.0), (4, 60.0)))
    path = tmp_path / "syn.csv"
    write_recording(path, rec)
    b = Broker(tmp_path).start()
    try:
        sub = Subscriber(b.port)
        r = CliRunner().invoke(cli, ["replay", str(path), "--format", "jsonl", "--to", f"jsonl:{tmp_path}/e.jsonl", "--to", f"csv:{tmp_path}/s.csv", "--to", f"fit:{tmp_path}/s.fit", "--to", f"mqtt://127.0.0.1:{b.port}/rc", "--plot", f"{tmp_path}/s.png"])
        assert r.exit_code == 0, r.output
        sub.wait_for(lambda m: any(t == "rc/session" for t, _, _ in m))
        sub.close()
    finally:
        b.stop()

    stdout_events = [json.loads(x) for x in r.output.splitlines() if x.startswith("{")]
    assert stdout_events == [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    session = stdout_events[-1]
    assert session["type"] == "session"
    reps_per_set = [s["reps"] for s in session["sets"]]

    rows = list(csv.DictReader((tmp_path / "s.csv").open()))
    assert [int(x["Reps"]) for x in rows] == reps_per_set
    assert {x["Date"] for x in rows} == {"2026-11-23 21:15:30"}  # from the recording's start_time

    with fitdecode.FitReader(str(tmp_path / "s.fit")) as fr:
        fit_sets = [f for f in fr if isinstance(f, fitdecode.FitDataMessage) and f.name == "set" and f.get_value("set_type") == "active"]
    assert [m.get_value("repetitions") for m in fit_sets] == reps_per_set

    assert len(sub.on("rc/rep")) == session["total_reps"]
    assert json.loads(sub.on("rc/session")[0]) == session
    assert (tmp_path / "s.png").read_bytes()[:4] == b"\x89PNG"
