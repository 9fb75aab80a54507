"""Support for the sink tests: a real mosquitto broker on a free loopback port, a paho
subscriber, and synthetic session events."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt

from repcount.events import Event, Rep, SessionSummary, SetSummary

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _PortTaken(RuntimeError):
    """mosquitto could not bind its port: something took it after free_port()."""


class Broker:
    def __init__(self, workdir: Path, port: int | None = None, users: dict[str, str] | None = None, tls: dict[str, Path] | None = None) -> None:
        self.workdir = workdir
        self.fixed_port = port
        self.users = users
        self.tls = tls
        self.proc: subprocess.Popen | None = None
        self.log = None
        self._configure()

    def _configure(self) -> None:
        """Pick the ports (unless one was given) and write mosquitto's config."""
        self.port = self.fixed_port or free_port()
        lines = ["per_listener_settings false", "persistence false", f"allow_anonymous {'false' if self.users else 'true'}", f"listener {self.port} 127.0.0.1"]
        self.tls_port = None
        if self.tls:
            # A second listener with TLS (certificates from make_tls_files).
            self.tls_port = free_port()
            tls = self.tls
            lines += [f"listener {self.tls_port} 127.0.0.1", f"cafile {tls['ca']}", f"certfile {tls['cert']}", f"keyfile {tls['key']}"]
        if os.geteuid() == 0:
            # As root mosquitto drops to user "mosquitto", who cannot read pytest's tmp dir.
            lines.append("user root")
        if self.users:
            pw = self.workdir / "passwd"
            pw.write_text("")
            for user, password in self.users.items():
                subprocess.run(["mosquitto_passwd", "-b", str(pw), user, password], check=True, capture_output=True)
            pw.chmod(0o600)
            lines.append(f"password_file {pw}")
        self.conf = self.workdir / f"mosquitto-{self.port}.conf"
        self.conf.write_text("\n".join(lines) + "\n")

    def start(self) -> "Broker":
        # free_port() releases the port it found, so another process can take it before
        # mosquitto binds it: then pick fresh ports and try again (not for a given port).
        for attempt in range(5):
            try:
                return self._start()
            except _PortTaken:
                if self.fixed_port is not None or attempt == 4:
                    raise
                self._configure()
        raise AssertionError("unreachable")

    def _start(self) -> "Broker":
        self.log = open(self.workdir / f"mosquitto-{self.port}.log", "w")
        self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    self.log.close()
                    text = (self.workdir / f"mosquitto-{self.port}.log").read_text()
                    if "Address already in use" in text:
                        raise _PortTaken(text)
                    raise RuntimeError(f"mosquitto exited: {text}")
                time.sleep(0.02)
        raise RuntimeError("mosquitto did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def make_tls_files(workdir: Path) -> dict[str, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1, made with the openssl CLI."""
    d = workdir / "tls"
    d.mkdir()
    run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True, cwd=d)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=repcount test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext")
    for f in ("ca.key", "server.key"):
        (d / f).chmod(0o600)
    return {"ca": d / "ca.pem", "cert": d / "server.pem", "key": d / "server.key"}


class Subscriber:
    """Collects every message on ``topic`` (default all) as (topic, payload str, retain)."""

    def __init__(self, port: int, topic: str = "#", username: str | None = None, password: str | None = None) -> None:
        self.messages: list[tuple[str, str, bool]] = []
        self._cond = threading.Condition()
        self._subscribed = threading.Event()
        c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        if username:
            c.username_pw_set(username, password)
        c.on_message = self._on_message
        c.on_subscribe = lambda *a: self._subscribed.set()
        c.on_connect = lambda client, *a: client.subscribe(topic, qos=1)
        c.connect("127.0.0.1", port)
        c.loop_start()
        self.client = c
        if not self._subscribed.wait(5):
            raise RuntimeError("subscriber did not subscribe")

    def _on_message(self, client, userdata, msg) -> None:
        with self._cond:
            self.messages.append((msg.topic, msg.payload.decode(), bool(msg.retain)))
            self._cond.notify_all()

    def wait_for(self, pred, timeout: float = 5.0) -> list[tuple[str, str, bool]]:
        """Wait until ``pred(messages)`` is true; return the messages."""
        with self._cond:
            self._cond.wait_for(lambda: pred(self.messages), timeout)
            return list(self.messages)

    def on(self, topic: str) -> list[str]:
        with self._cond:
            return [p for t, p, _ in self.messages if t == topic]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()



def session_events(sets: tuple[tuple[str, int, float], ...] = (("squat", 3, 10.0), ("squat", 2, 100.0))) -> list[Event]:
    """Events for ``sets`` of (exercise, reps, start time): reps 3 s apart, 2.5 s TUT each."""
    out: list[Event] = []
    summaries = []
    for i, (ex, n, t0) in enumerate(sets, start=1):
        reps = []
        for k in range(n):
            ts = t0 + 3.0 * k
            r = Rep(set=i, rep=k + 1, exercise=ex, t_start=ts, t_end=ts + 2.5, eccentric_s=1.0, pause_s=0.3, concentric_s=1.2, tut_s=2.5, mcv_mps=0.5 + 0.01 * k, rom_m=0.5, emitted_t=ts + 2.6, lockout_t=ts + 2.5)
            reps.append(r)
            out.append(r)
        s = SetSummary(set=i, exercise=ex, reps=n, tut_s=2.5 * n, t_start=reps[0].t_start, t_end=reps[-1].t_end, emitted_t=reps[-1].t_end + 6)
        summaries.append(s)
        out.append(s)
    out.append(SessionSummary(sets=summaries, total_reps=sum(s.reps for s in summaries), duration_s=summaries[-1].t_end + 20))
    return out


def synthetic_session(sets=((5, 10.0), (4, 60.0)), rate_hz: float = 100.0, exercise: str = "squat", seed: int = 1):
    """A bar-mounted squat recording made by hand, and the events that match it.

    Each rep: 1.2 s down, 0.3 s pause, 1.0 s up, 0.5 m of travel (half-cosine profiles).
    Returns (Recording, events).
    """
    import numpy as np

    from repcount.recording import Recording
    from repcount.samples import SampleBlock

    ecc, pause, conc, rom, gap = 1.2, 0.3, 1.0, 0.5, 0.8
    last = max(t0 + n * (ecc + pause + conc + gap) for n, t0 in sets)
    t = np.arange(0, last + 10.0, 1 / rate_hz)
    z = np.zeros_like(t)
    events: list[Event] = []
    summaries = []
    for s_i, (n, t0) in enumerate(sets, start=1):
        reps = []
        for k in range(n):
            a = t0 + k * (ecc + pause + conc + gap)
            down = (t >= a) & (t < a + ecc)
            z[down] = -rom * (1 - np.cos(np.pi * (t[down] - a) / ecc)) / 2
            hold = (t >= a + ecc) & (t < a + ecc + pause)
            z[hold] = -rom
            up = (t >= a + ecc + pause) & (t < a + ecc + pause + conc)
            z[up] = -rom * (1 + np.cos(np.pi * (t[up] - a - ecc - pause) / conc)) / 2
            end = a + ecc + pause + conc
            r = Rep(set=s_i, rep=k + 1, exercise=exercise, t_start=a, t_end=end, eccentric_s=ecc, pause_s=pause, concentric_s=conc, tut_s=ecc + pause + conc, mcv_mps=round(rom / conc - 0.02 * k, 3), rom_m=rom, emitted_t=end + 0.15, lockout_t=end)
            reps.append(r)
            events.append(r)
        s = SetSummary(set=s_i, exercise=exercise, reps=n, tut_s=sum(r.tut_s for r in reps), t_start=reps[0].t_start, t_end=reps[-1].t_end, emitted_t=reps[-1].t_end + 5)
        summaries.append(s)
        events.append(s)
    events.append(SessionSummary(sets=summaries, total_reps=sum(s.reps for s in summaries), duration_s=float(t[-1])))
    az = np.gradient(np.gradient(z, t), t) / 9.80665
    rng = np.random.default_rng(seed)
    tilt = np.deg2rad(8.0)
    acc = np.stack([np.sin(tilt) * (1 + az), np.zeros_like(t), np.cos(tilt) * (1 + az)], axis=1) + rng.normal(0, 0.01, (len(t), 3))
    rec = Recording(path="synthetic_squat.csv", block=SampleBlock(t, acc), meta={"format": "repcount", "sensor": "synthetic", "placement": "bar", "start_time": "2026-11-23T21:15:30.000Z", "exercise": exercise, "rate_hz": rate_hz})
    return rec, events
