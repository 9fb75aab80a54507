"""``mqtt://HOST[:PORT]/PREFIX``: events to an MQTT broker, with Home Assistant discovery.

Topics (PREFIX defaults to ``repcount``):

- ``PREFIX/status``: ``online`` / ``offline`` (retained; ``offline`` is also the last
  will, so a crashed session shows as unavailable);
- ``PREFIX/rep``, ``PREFIX/lockout``, ``PREFIX/set``, ``PREFIX/session``: each event as
  JSON (contract v1);
- ``PREFIX/state``: retained JSON with the numbers a dashboard shows (``reps`` in the
  current set, ``set``, ``total_reps``, ``last_tut_s``, ``last_mcv_mps``, ``exercise``).
  A deadlift rep counts at its ``lockout`` event; its ``rep`` event then only fills in
  ``last_tut_s`` and ``last_mcv_mps`` (each rep counts once);
- ``homeassistant/sensor/<node_id>/<object>/config``: retained discovery configs, one
  per number in ``PREFIX/state``.

paho's network loop runs in its own thread (``loop_start``), away from the BLE event
loop. ``emit`` never blocks: while the broker is unreachable events wait in a bounded
buffer (oldest dropped first) and go out on (re)connection; ``close`` reports what was
never delivered. Credentials and TLS come from the environment or sinks.toml
(:mod:`repcount.sinks.settings`), never from SPEC.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import deque
from typing import Any, Callable
from urllib.parse import urlsplit

from ..errors import RepcountError
from ..events import Event
from .settings import as_bool, sink_settings, warn

DEFAULT_PORT, DEFAULT_TLS_PORT = 1883, 8883

# (object_id, name, value_template key, unit, device_class)
SENSORS = [
    ("reps", "Reps in set", "reps", None, None),
    ("set", "Set", "set", None, None),
    ("total_reps", "Total reps", "total_reps", None, None),
    ("last_tut", "Last rep TUT", "last_tut_s", "s", "duration"),
    ("last_mcv", "Last rep mean concentric velocity", "last_mcv_mps", "m/s", "speed"),
    ("exercise", "Exercise", "exercise", None, None),
]


class MqttSink:
    def __init__(
        self,
        host: str,
        port: int | None = None,
        prefix: str = "repcount",
        *,
        settings: dict[str, Any] | None = None,
        tls: bool = False,
        meta: dict | None = None,
        buffer_max: int = 1000,
        close_timeout: float = 3.0,
        warn: Callable[[str], None] = warn,
    ) -> None:
        import paho.mqtt.client as mqtt

        s = dict(settings or {})
        self.tls = tls or as_bool(s.get("tls", False)) or bool(s.get("ca"))
        self.host = host
        self.port = port or (DEFAULT_TLS_PORT if self.tls else DEFAULT_PORT)
        self.prefix = prefix.strip("/") or "repcount"
        self.node_id = re.sub(r"[^A-Za-z0-9_-]", "_", self.prefix)
        self.discovery_prefix = str(s.get("discovery_prefix", "homeassistant")).strip("/")
        self.meta = dict(meta or {})
        self.buffer_max = buffer_max
        self.close_timeout = close_timeout
        self._warn_fn = warn
        self._warned: set[str] = set()

        self._lock = threading.Lock()
        self._connected = False
        self._buffer: deque[tuple[int, list[tuple[str, str, bool]]]] = deque()
        self._sent: list[tuple[int, Any]] = []  # (event number, MQTTMessageInfo)
        self._dropped = 0
        self._n_events = 0
        self._state: dict[str, Any] = {"exercise": self.meta.get("exercise"), "set": 0, "reps": 0, "total_reps": 0, "last_tut_s": None, "last_mcv_mps": None, "status": "waiting"}
        self._announced: set[tuple[int, int]] = set()  # (set, rep) counted at a lockout event

        self.status_topic = f"{self.prefix}/status"
        self.state_topic = f"{self.prefix}/state"
        c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"repcount-{self.node_id}-{os.getpid()}")
        c.will_set(self.status_topic, "offline", qos=1, retain=True)
        if s.get("username"):
            c.username_pw_set(str(s["username"]), None if s.get("password") is None else str(s["password"]))
        if self.tls:
            try:
                c.tls_set(ca_certs=s.get("ca") or None, certfile=s.get("cert") or None, keyfile=s.get("key") or None)
            except (OSError, ValueError) as exc:
                raise RepcountError(f"mqtt TLS: cannot use ca/cert/key ({getattr(exc, 'strerror', None) or exc}: {getattr(exc, 'filename', None) or s.get('ca')})") from None
            if as_bool(s.get("insecure", False)):
                c.tls_insecure_set(True)
        c.reconnect_delay_set(min_delay=1, max_delay=30)
        c.on_connect = self._on_connect
        c.on_disconnect = self._on_disconnect
        c.on_connect_fail = self._on_connect_fail
        self.client = c
        c.connect_async(host, self.port, keepalive=30)
        c.loop_start()

    @classmethod
    def from_spec(cls, spec: str, meta: dict | None = None, **kw: Any) -> "MqttSink":
        u = urlsplit(spec)
        if u.username or u.password:
            raise RepcountError(f"{u.scheme}:// sink: put credentials in REPCOUNT_MQTT_USERNAME/REPCOUNT_MQTT_PASSWORD or sinks.toml, not in the URL (it shows in ps)")
        if not u.hostname:
            raise RepcountError(f"sink {spec!r}: expected mqtt://HOST[:PORT]/PREFIX")
        try:
            port = u.port
        except ValueError:
            raise RepcountError(f"sink {spec!r}: bad port") from None
        return cls(u.hostname, port, u.path.strip("/") or "repcount", settings=sink_settings("mqtt"), tls=u.scheme == "mqtts", meta=meta, **kw)

    # -- paho callbacks (network thread) ----------------------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            self._warn_once("refused", f"mqtt {self.host}:{self.port} refused the connection ({reason_code}); counting continues, events are buffered")
            return
        with self._lock:
            self._connected = True
            client.publish(self.status_topic, "online", qos=1, retain=True)
            for topic, payload in self._discovery():
                client.publish(topic, payload, qos=1, retain=True)
            while self._buffer:
                n, msgs = self._buffer.popleft()
                self._publish(n, msgs)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        with self._lock:
            was, self._connected = self._connected, False
        if was and reason_code.is_failure:
            self._warn_once("lost", f"mqtt {self.host}:{self.port}: connection lost ({reason_code}); counting continues, events are buffered")

    def _on_connect_fail(self, client, userdata) -> None:
        self._warn_once("unreachable", f"mqtt {self.host}:{self.port} is unreachable; counting continues, up to {self.buffer_max} events are buffered")

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            self._warn_fn(message)

    # -- sink ---------------------------------------------------------------------------
    def _discovery(self) -> list[tuple[str, str]]:
        device = {"identifiers": [f"repcount_{self.node_id}"], "name": f"repcount {self.prefix}", "manufacturer": "repcount"}
        if self.meta.get("sensor"):
            device["model"] = str(self.meta["sensor"])
        out = []
        for obj, name, key, unit, dclass in SENSORS:
            cfg: dict[str, Any] = {
                "name": name,
                "unique_id": f"repcount_{self.node_id}_{obj}",
                "state_topic": self.state_topic,
                "value_template": f"{{{{ value_json.{key} }}}}",
                "availability_topic": self.status_topic,
                "device": device,
            }
            if unit:
                cfg["unit_of_measurement"] = unit
            if dclass:
                cfg["device_class"] = dclass
            if obj in ("reps", "set", "total_reps", "last_tut", "last_mcv"):
                cfg["state_class"] = "measurement"
            out.append((f"{self.discovery_prefix}/sensor/{self.node_id}/{obj}/config", json.dumps(cfg)))
        return out

    def _update_state(self, d: dict[str, Any]) -> None:
        # From the event's JSON form, so the state holds exactly what the events say.
        st = self._state
        if d["type"] == "lockout":
            st.update(exercise=d["exercise"], set=d["set"], reps=d["rep"], status="lifting")
            st["total_reps"] += 1
            self._announced.add((d["set"], d["rep"]))
        elif d["type"] == "rep":
            st.update(exercise=d["exercise"], set=d["set"], reps=d["rep"], last_tut_s=d["tut_s"], last_mcv_mps=d["mcv_mps"], status="lifting")
            if (d["set"], d["rep"]) in self._announced:
                self._announced.discard((d["set"], d["rep"]))  # counted at its lockout
            else:
                st["total_reps"] += 1
        elif d["type"] == "set":
            st.update(exercise=d["exercise"], set=d["set"], reps=d["reps"], status="resting")
        elif d["type"] == "session":
            st.update(total_reps=d["total_reps"], status="done")

    def _publish(self, n: int, msgs: list[tuple[str, str, bool]]) -> None:
        if len(self._sent) > 2000:  # forget what the broker already acknowledged
            self._sent = [(k, i) for k, i in self._sent if not i.is_published()]
        for topic, payload, retain in msgs:
            self._sent.append((n, self.client.publish(topic, payload, qos=1, retain=retain)))

    def emit(self, event: Event) -> None:
        d = event.to_dict()
        self._update_state(d)
        msgs = [(f"{self.prefix}/{d['type']}", json.dumps(d, separators=(",", ":")), False), (self.state_topic, json.dumps(self._state, separators=(",", ":")), True)]
        with self._lock:
            self._n_events += 1
            n = self._n_events
            if self._connected:
                self._publish(n, msgs)
                return
            if len(self._buffer) >= self.buffer_max:
                self._buffer.popleft()
                self._dropped += 1
                self._warn_once("full", f"mqtt {self.host}:{self.port}: buffer of {self.buffer_max} events full, dropping the oldest")
            self._buffer.append((n, msgs))

    def _settled(self) -> bool:
        return not self._buffer and all(i.is_published() for _, i in self._sent)

    def close(self) -> str | None:
        # Give a late connection, the buffer flush and the PUBACKs a moment, then say
        # offline (the retained status, as the last will would on a crash).
        deadline = time.monotonic() + self.close_timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._settled():
                    break
            time.sleep(0.02)
        with self._lock:
            if self._connected:
                info = self.client.publish(self.status_topic, "offline", qos=1, retain=True)
            else:
                info = None
        if info is not None:
            try:
                info.wait_for_publish(timeout=max(0.1, deadline - time.monotonic()))
            except (RuntimeError, ValueError):
                pass
        self.client.disconnect()
        self.client.loop_stop()
        with self._lock:
            lost = {n for n, i in self._sent if not i.is_published()} | {n for n, _ in self._buffer}
            undelivered = self._dropped + len(lost)
        if undelivered:
            return f"mqtt {self.host}:{self.port}: {undelivered} of {self._n_events} events not delivered"
        return None
