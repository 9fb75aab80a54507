"""Webhook sink against real local HTTP servers: fine, slow, failing, refusing."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from repcount.errors import RepcountError
from repcount.sinks import open_sink
from repcount.sinks.webhook import WebhookSink
from sinks_support import free_port, session_events


class Receiver:
    """A local HTTP server; ``behave(n)`` returns (status, delay_s) for the n-th request."""

    def __init__(self, behave=lambda n: (200, 0.0)) -> None:
        self.bodies: list[dict] = []
        self.headers: list[dict] = []
        self.requests = 0
        self.first = threading.Event()
        self.release = threading.Event()
        self.release.set()
        rx = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                rx.requests += 1
                n = rx.requests
                rx.first.set()
                status, delay = behave(n)
                rx.release.wait(10)
                time.sleep(delay)
                if status == 200:
                    rx.bodies.append(json.loads(body))
                    rx.headers.append(dict(self.headers))
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook/secret-id"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("REPCOUNT_WEBHOOK_TOKEN", raising=False)


def test_posts_every_event_in_order_with_the_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("REPCOUNT_WEBHOOK_TOKEN", "tok123")
    rx = Receiver()
    try:
        sink = open_sink(rx.url)
        events = session_events()
        for ev in events:
            sink.emit(ev)
        assert sink.close() is None
    finally:
        rx.stop()
    assert rx.bodies == [e.to_dict() for e in events]
    assert rx.headers[0]["Authorization"] == "Bearer tok123"
    assert rx.headers[0]["Content-Type"] == "application/json"


def test_a_slow_receiver_does_not_stall_emit_and_still_gets_everything():
    rx = Receiver(lambda n: (200, 0.1))  # 8 events take >= 0.8 s to deliver
    try:
        sink = WebhookSink(rx.url, timeout_s=2.0, close_timeout=5.0)
        t0 = time.perf_counter()
        for ev in session_events():
            sink.emit(ev)
        emit_s = time.perf_counter() - t0
        assert emit_s < 0.05, emit_s
        assert sink.close() is None
        assert len(rx.bodies) == 8
    finally:
        rx.stop()


def test_a_receiver_slower_than_the_timeout_is_reported_at_close():
    warnings: list[str] = []
    rx = Receiver(lambda n: (200, 1.0))
    try:
        sink = WebhookSink(rx.url, timeout_s=0.2, retries=1, backoff_s=0.05, close_timeout=1.0, warn=warnings.append)
        t0 = time.perf_counter()
        for ev in session_events():
            sink.emit(ev)
        assert time.perf_counter() - t0 < 0.05
        report = sink.close()
        assert time.perf_counter() - t0 < 3.0  # close is bounded too
    finally:
        rx.stop()
    assert report is not None and report.startswith(f"webhook http://127.0.0.1:{rx.server.server_address[1]}: 8 of 8 events not delivered")
    assert "secret-id" not in report
    assert len(warnings) == 1 and "timed out" in warnings[0]


def test_5xx_is_retried_with_backoff_until_it_succeeds():
    rx = Receiver(lambda n: (503, 0.0) if n <= 2 else (200, 0.0))
    try:
        warnings: list[str] = []
        sink = WebhookSink(rx.url, retries=3, backoff_s=0.05, warn=warnings.append)
        events = session_events()
        for ev in events:
            sink.emit(ev)
        assert sink.close() is None
    finally:
        rx.stop()
    assert rx.requests == 10  # the first event took three attempts
    assert rx.bodies == [e.to_dict() for e in events]
    assert warnings == [f"webhook http://127.0.0.1:{rx.server.server_address[1]} is failing (HTTP 503); counting continues, retrying"]


def test_a_failing_receiver_loses_events_but_says_how_many():
    rx = Receiver(lambda n: (500, 0.0))
    try:
        sink = WebhookSink(rx.url, retries=2, backoff_s=0.01, warn=lambda m: None)
        for ev in session_events():
            sink.emit(ev)
        report = sink.close()
    finally:
        rx.stop()
    # The first event tries 3 times; then the receiver counts as down and each later
    # event gets one attempt, so a dead receiver does not hold the queue for long.
    assert rx.requests == 3 + 7
    assert report == f"webhook http://127.0.0.1:{rx.server.server_address[1]}: 8 of 8 events not delivered (8 failed)"


def test_retries_resume_once_the_receiver_is_back():
    rx = Receiver(lambda n: (500, 0.0) if n <= 4 else (503, 0.0) if n == 6 else (200, 0.0))
    try:
        sink = WebhookSink(rx.url, retries=2, backoff_s=0.01, warn=lambda m: None)
        events = session_events()[:4]
        for ev in events:
            sink.emit(ev)
        report = sink.close()
    finally:
        rx.stop()
    # event 1: requests 1-3 fail (down); event 2: request 4 fails; event 3: request 5
    # succeeds (up again); event 4: request 6 fails, request 7 (a retry) succeeds.
    assert rx.requests == 7
    assert rx.bodies == [events[2].to_dict(), events[3].to_dict()]
    assert report.endswith("2 of 4 events not delivered (2 failed)")


def test_a_client_error_is_not_retried():
    rx = Receiver(lambda n: (400, 0.0))
    try:
        warnings: list[str] = []
        sink = WebhookSink(rx.url, retries=3, backoff_s=0.01, warn=warnings.append)
        sink.emit(session_events()[0])
        assert "1 of 1 events not delivered" in sink.close()
    finally:
        rx.stop()
    assert rx.requests == 1
    assert len(warnings) == 1 and "rejected" in warnings[0]


def test_a_refusing_receiver_warns_once():
    port = free_port()
    warnings: list[str] = []
    sink = WebhookSink(f"http://127.0.0.1:{port}/x", retries=1, backoff_s=0.01, warn=warnings.append)
    t0 = time.perf_counter()
    for ev in session_events():
        sink.emit(ev)
    assert time.perf_counter() - t0 < 0.05
    assert sink.close() == f"webhook http://127.0.0.1:{port}: 8 of 8 events not delivered (8 failed)"
    assert len(warnings) == 1 and "refused" in warnings[0].lower()


def test_the_queue_is_bounded_and_drops_new_events_when_full():
    rx = Receiver()
    rx.release.clear()  # the receiver hangs until released
    try:
        sink = WebhookSink(rx.url, queue_max=5, timeout_s=5.0, warn=lambda m: None)
        events = session_events() * 3  # 24
        sink.emit(events[0])
        assert rx.first.wait(5)  # the worker holds event 1; the queue is empty again
        for ev in events[1:]:
            sink.emit(ev)
        rx.release.set()
        report = sink.close()
    finally:
        rx.stop()
    assert report == f"webhook http://127.0.0.1:{rx.server.server_address[1]}: 18 of 24 events not delivered (18 dropped (queue full))"
    assert rx.bodies == [e.to_dict() for e in events[:6]]


def test_credentials_in_the_url_are_refused():
    with pytest.raises(RepcountError, match="not in the URL"):
        open_sink("https://user:pw@example.invalid/hook")


@pytest.mark.skipif(__import__("shutil").which("openssl") is None, reason="needs the openssl CLI to make certificates")
def test_https_with_a_private_ca_from_the_environment(tmp_path, monkeypatch):
    import ssl

    from sinks_support import make_tls_files

    files = make_tls_files(tmp_path)
    rx = Receiver()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(files["cert"], files["key"])
    rx.server.socket = ctx.wrap_socket(rx.server.socket, server_side=True)
    url = rx.url.replace("http://", "https://")
    try:
        warnings: list[str] = []
        untrusted = WebhookSink(url, retries=0, warn=warnings.append)
        untrusted.emit(session_events()[0])
        assert "1 of 1 events not delivered" in untrusted.close()
        assert "CERTIFICATE_VERIFY_FAILED" in warnings[0]

        monkeypatch.setenv("REPCOUNT_WEBHOOK_CA", str(files["ca"]))
        sink = open_sink(url)
        for ev in session_events():
            sink.emit(ev)
        assert sink.close() is None
    finally:
        rx.stop()
    assert len(rx.bodies) == 8
