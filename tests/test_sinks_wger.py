"""wger sink against a local stand-in for wger's REST API."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from repcount.sinks import open_sink
from sinks_support import session_events

TOKEN = "0123abcd"


class FakeWger:
    """Exercise search and workoutlog endpoints; token auth like wger's."""

    def __init__(self) -> None:
        self.logs: list[dict] = []
        self.searches: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, status, obj):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authed(self):
                if self.headers.get("Authorization") != f"Token {TOKEN}":
                    self._reply(401, {"detail": "Invalid token."})
                    return False
                return True

            def do_GET(self):
                u = urlsplit(self.path)
                if u.path != "/api/v2/exercise/search/" or not self._authed():
                    return self._reply(404, {}) if u.path != "/api/v2/exercise/search/" else None
                q = {k: v[0] for k, v in parse_qs(u.query).items()}
                fake.searches.append(q)
                ids = {"Squats": 111, "Deadlifts": 105}
                sugg = [{"value": q["term"], "data": {"id": 9000 + ids[q["term"]], "base_id": ids[q["term"]], "name": q["term"]}}] if q["term"] in ids else []
                self._reply(200, {"suggestions": sugg})

            def do_POST(self):
                if self.path != "/api/v2/workoutlog/" or not self._authed():
                    return None if self.path == "/api/v2/workoutlog/" else self._reply(404, {})
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.logs.append(body)
                self._reply(201, {"id": len(fake.logs), **body})

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def wger(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))
    for k in ("TOKEN", "SQUAT_EXERCISE", "DEADLIFT_EXERCISE"):
        monkeypatch.delenv(f"REPCOUNT_WGER_{k}", raising=False)
    w = FakeWger()
    yield w
    w.stop()


META = {"start_time": "2026-11-23T21:15:30.000Z", "weight_kg": 100}


def test_one_log_per_set_with_the_exercise_looked_up_once(wger, monkeypatch):
    monkeypatch.setenv("REPCOUNT_WGER_TOKEN", TOKEN)
    sink = open_sink(f"wger:{wger.url}", meta=META)
    for ev in session_events((("squat", 5, 10.0), ("deadlift", 3, 200.0), ("squat", 4, 400.0))):
        sink.emit(ev)
    assert sink.close() is None
    assert wger.logs == [
        {"exercise": 111, "repetitions": 5, "repetitions_unit": 1, "date": "2026-11-23T21:15:54Z", "weight": 100.0, "weight_unit": 1},
        {"exercise": 105, "repetitions": 3, "repetitions_unit": 1, "date": "2026-11-23T21:18:58Z", "weight": 100.0, "weight_unit": 1, "rest": 176},
        {"exercise": 111, "repetitions": 4, "repetitions_unit": 1, "date": "2026-11-23T21:22:21Z", "weight": 100.0, "weight_unit": 1, "rest": 192},
    ]  # fmt: skip  (set ends 24.5 s, 208.5 s, 411.5 s after 21:15:30; rests 175.5 s, 191.5 s)
    assert [s["term"] for s in wger.searches] == ["Squats", "Deadlifts"]


def test_configured_ids_skip_the_search(wger, monkeypatch):
    from repcount.config import config_dir

    config_dir().mkdir(parents=True)
    (config_dir() / "sinks.toml").write_text(f'[wger]\ntoken = "{TOKEN}"\nsquat_exercise = 42\n')
    sink = open_sink(f"wger:{wger.url}", meta={"start_time": META["start_time"]})
    for ev in session_events((("squat", 2, 0.0),)):
        sink.emit(ev)
    assert sink.close() is None
    assert wger.searches == [] and wger.logs[0]["exercise"] == 42 and "weight" not in wger.logs[0]


def test_a_bad_token_is_reported_not_fatal(wger, monkeypatch):
    monkeypatch.setenv("REPCOUNT_WGER_TOKEN", "wrong")
    monkeypatch.setenv("REPCOUNT_WGER_SQUAT_EXERCISE", "111")
    warnings: list[str] = []
    from repcount.sinks.wger import WgerSink

    sink = WgerSink.from_spec(f"wger:{wger.url}", meta=META, warn=warnings.append)
    for ev in session_events():
        sink.emit(ev)
    assert sink.close() == f"wger {wger.url}: 2 of 2 events not delivered (2 failed)"
    assert wger.logs == [] and len(warnings) == 1 and "HTTP 401" in warnings[0]
