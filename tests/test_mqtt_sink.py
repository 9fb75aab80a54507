"""MQTT sink against a real mosquitto broker started on a free loopback port."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from repcount.errors import RepcountError
from repcount.sinks import open_sink
from repcount.sinks.mqtt import MqttSink
from sinks_support import Broker, Subscriber, free_port, session_events

pytestmark = pytest.mark.skipif(shutil.which("mosquitto") is None and not __import__("os").path.exists("/usr/sbin/mosquitto"), reason="mosquitto not installed")


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))
    for k in ("USERNAME", "PASSWORD", "CA", "TLS"):
        monkeypatch.delenv(f"REPCOUNT_MQTT_{k}", raising=False)


@pytest.fixture
def broker(tmp_path):
    b = Broker(tmp_path).start()
    yield b
    b.stop()


def test_events_state_discovery_and_availability(broker):
    sub = Subscriber(broker.port)
    try:
        sink = open_sink(f"mqtt://127.0.0.1:{broker.port}/gym", meta={"sensor": "Polar H10 ABC", "exercise": "squat"})
        events = session_events()
        for ev in events:
            sink.emit(ev)
        assert sink.close() is None
        msgs = sub.wait_for(lambda m: ("gym/status", "offline", False) in [(t, p, False) for t, p, _ in m])
    finally:
        sub.close()

    reps = [json.loads(p) for p in sub.on("gym/rep")]
    assert [(r["set"], r["rep"]) for r in reps] == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]
    assert reps[0] == events[0].to_dict()
    assert [json.loads(p)["reps"] for p in sub.on("gym/set")] == [3, 2]
    assert json.loads(sub.on("gym/session")[0])["total_reps"] == 5
    state = json.loads(sub.on("gym/state")[-1])
    assert state["total_reps"] == 5 and state["set"] == 2 and state["status"] == "done"
    assert state["last_tut_s"] == 2.5 and state["last_mcv_mps"] == pytest.approx(0.51)
    assert sub.on("gym/status") == ["online", "offline"]

    # Discovery: one retained config per sensor, pointing at the state and availability.
    configs = {t: json.loads(p) for t, p, _ in msgs if t.startswith("homeassistant/sensor/gym/")}
    assert set(configs) >= {f"homeassistant/sensor/gym/{o}/config" for o in ("reps", "set", "total_reps", "last_tut", "last_mcv")}
    tut = configs["homeassistant/sensor/gym/last_tut/config"]
    assert tut["state_topic"] == "gym/state" and tut["availability_topic"] == "gym/status"
    assert tut["value_template"] == "{{ value_json.last_tut_s }}" and tut["unit_of_measurement"] == "s"
    assert tut["device"]["model"] == "Polar H10 ABC" and tut["unique_id"] == "repcount_gym_last_tut"
    # Discovery configs must be published before any state that refers to them.
    topics = [t for t, _, _ in msgs]
    assert topics.index("homeassistant/sensor/gym/reps/config") < topics.index("gym/state")

    # A dashboard that connects later sees the retained config, last state and "offline".
    late = Subscriber(broker.port)
    try:
        want = {"gym/status", "gym/state", "homeassistant/sensor/gym/total_reps/config"}
        later = late.wait_for(lambda m: want <= {t for t, _, _ in m})
    finally:
        late.close()
    retained = {t: p for t, p, r in later if r}
    assert retained["gym/status"] == "offline"
    assert json.loads(retained["gym/state"])["total_reps"] == 5
    assert "homeassistant/sensor/gym/total_reps/config" in retained


def test_last_will_says_offline_when_the_session_dies(broker):
    sub = Subscriber(broker.port, "gym/status")
    sink = MqttSink("127.0.0.1", broker.port, "gym")
    try:
        sub.wait_for(lambda m: m and m[-1][1] == "online")
        # A crash: the network loop stops and the socket closes without DISCONNECT.
        sink.client.loop_stop()
        sink.client.socket().close()
        msgs = sub.wait_for(lambda m: m and m[-1][1] == "offline")
        assert [p for _, p, _ in msgs][-2:] == ["online", "offline"]
    finally:
        sub.close()


def test_password_auth_from_the_environment(tmp_path, monkeypatch):
    b = Broker(tmp_path, users={"lifter": "s3cret pass"}).start()
    try:
        sub = Subscriber(b.port, username="lifter", password="s3cret pass")
        monkeypatch.setenv("REPCOUNT_MQTT_USERNAME", "lifter")
        monkeypatch.setenv("REPCOUNT_MQTT_PASSWORD", "s3cret pass")
        sink = open_sink(f"mqtt://127.0.0.1:{b.port}/auth")
        for ev in session_events():
            sink.emit(ev)
        assert sink.close() is None
        sub.wait_for(lambda m: len([1 for t, _, _ in m if t == "auth/rep"]) == 5)
        sub.close()
        assert len(sub.on("auth/rep")) == 5
    finally:
        b.stop()


def test_password_from_sinks_toml(tmp_path, monkeypatch):
    from repcount.config import config_dir

    b = Broker(tmp_path, users={"lifter": "from-file"}).start()
    try:
        config_dir().mkdir(parents=True)
        (config_dir() / "sinks.toml").write_text('[mqtt]\nusername = "lifter"\npassword = "from-file"\n')
        sink = open_sink(f"mqtt://127.0.0.1:{b.port}/auth")
        for ev in session_events():
            sink.emit(ev)
        assert sink.close() is None
    finally:
        b.stop()


def test_wrong_password_warns_once_and_reports_what_was_lost(tmp_path, monkeypatch):
    b = Broker(tmp_path, users={"lifter": "right"}).start()
    try:
        warnings: list[str] = []
        sink = MqttSink("127.0.0.1", b.port, "auth", settings={"username": "lifter", "password": "wrong"}, close_timeout=1.5, warn=warnings.append)
        for ev in session_events():
            sink.emit(ev)
        report = sink.close()
        assert report == f"mqtt 127.0.0.1:{b.port}: 8 of 8 events not delivered"
        assert len(warnings) == 1 and "refused" in warnings[0]
    finally:
        b.stop()


def test_unreachable_broker_never_blocks_and_drops_beyond_the_bound():
    warnings: list[str] = []
    port = free_port()  # nothing listens here
    sink = MqttSink("127.0.0.1", port, "gym", buffer_max=50, close_timeout=0.5, warn=warnings.append)
    events = session_events() * 25  # 200 events
    t0 = time.perf_counter()
    for ev in events:
        sink.emit(ev)
    emit_s = time.perf_counter() - t0
    assert emit_s < 0.5, emit_s  # generous: typically ~1 ms for all 200
    assert sink.close() == f"mqtt 127.0.0.1:{port}: 200 of 200 events not delivered"
    assert any("unreachable" in w for w in warnings)
    assert len(warnings) == len(set(warnings)) <= 2  # once per problem: unreachable, buffer full


def test_buffered_events_go_out_when_the_broker_comes_up(tmp_path):
    port = free_port()
    sink = MqttSink("127.0.0.1", port, "late", close_timeout=8.0, warn=lambda m: None)
    for ev in session_events():
        sink.emit(ev)
    b = Broker(tmp_path, port=port).start()
    try:
        assert sink.close() is None
        sub = Subscriber(port)
        msgs = sub.wait_for(lambda m: any(t == "late/state" for t, _, _ in m))
        sub.close()
        assert json.loads(dict((t, p) for t, p, _ in msgs)["late/state"])["total_reps"] == 5
    finally:
        b.stop()


@pytest.mark.parametrize("spec", ["mqtt://user:pw@127.0.0.1/gym", "mqtt://:pw@127.0.0.1/gym"])
def test_credentials_in_the_url_are_refused(spec):
    with pytest.raises(RepcountError, match="not in the URL"):
        open_sink(spec)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI to make certificates")
def test_mqtts_with_the_ca_from_the_environment(tmp_path, monkeypatch):
    from sinks_support import make_tls_files

    files = make_tls_files(tmp_path)
    b = Broker(tmp_path, tls=files).start()
    try:
        sub = Subscriber(b.port)  # the plain listener
        monkeypatch.setenv("REPCOUNT_MQTT_CA", str(files["ca"]))
        sink = open_sink(f"mqtts://127.0.0.1:{b.tls_port}/secure")
        for ev in session_events():
            sink.emit(ev)
        assert sink.close() is None
        sub.wait_for(lambda m: len([1 for t, _, _ in m if t == "secure/rep"]) == 5)
        sub.close()
        assert len(sub.on("secure/rep")) == 5

        # Without our CA the server's certificate is not trusted: nothing goes out.
        monkeypatch.delenv("REPCOUNT_MQTT_CA")
        warnings: list[str] = []
        sink = MqttSink.from_spec(f"mqtts://127.0.0.1:{b.tls_port}/secure", close_timeout=1.0, warn=warnings.append)
        sink.emit(session_events()[0])
        assert sink.close() == f"mqtt 127.0.0.1:{b.tls_port}: 1 of 1 events not delivered"
        assert len(warnings) == 1
    finally:
        b.stop()


def test_a_missing_ca_file_is_a_one_line_error(monkeypatch, tmp_path):
    monkeypatch.setenv("REPCOUNT_MQTT_CA", str(tmp_path / "nope.pem"))
    with pytest.raises(RepcountError, match=r"mqtt TLS: cannot use ca/cert/key \(No such file or directory: .*nope\.pem\)"):
        open_sink("mqtts://127.0.0.1/gym")
