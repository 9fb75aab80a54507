"""``http(s)://URL``: each event POSTed as JSON (contract v1) to a webhook.

A worker thread does the HTTP; ``emit`` only puts the event on a bounded queue, so a slow
or dead receiver never stalls counting. Each POST has a timeout and is retried with
exponential backoff on connection errors, timeouts, 408, 429 and 5xx (other 4xx are the
receiver saying no: not retried). When the queue is full new events are dropped;
``close`` waits a bounded time for the queue to drain and reports what was not delivered.

Settings (``[webhook]`` in sinks.toml or ``REPCOUNT_WEBHOOK_*``): ``token`` (sent as
``Authorization: Bearer``), ``timeout_s``, ``retries``, ``ca`` (a CA file to trust, e.g.
for a self-signed Home Assistant).
"""

from __future__ import annotations

import json
import queue
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Callable
from urllib.parse import urlsplit

from .. import __version__
from ..errors import RepcountError
from ..events import Event
from .settings import sink_settings, warn

_STOP = object()
RETRY_STATUS = {408, 425, 429}


class WebhookSink:
    def __init__(
        self,
        url: str,
        *,
        timeout_s: float = 2.0,
        retries: int = 3,
        backoff_s: float = 0.25,
        queue_max: int = 1000,
        close_timeout: float = 5.0,
        headers: dict[str, str] | None = None,
        ca: str | None = None,
        warn: Callable[[str], None] = warn,
    ) -> None:
        self.url = url
        self._ssl = None
        if ca:
            import ssl

            try:
                self._ssl = ssl.create_default_context(cafile=ca)
            except (OSError, ssl.SSLError) as exc:
                raise RepcountError(f"webhook: cannot use ca {ca} ({getattr(exc, 'strerror', None) or exc})") from None
        u = urlsplit(url)
        self.label = f"webhook {u.scheme}://{u.hostname}{f':{u.port}' if u.port else ''}"  # no path: it may hold a secret id
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.close_timeout = close_timeout
        self.headers = {"Content-Type": "application/json", "User-Agent": f"repcount/{__version__}", **(headers or {})}
        self._warn_fn = warn
        self._warned: set[str] = set()
        self._q: queue.Queue = queue.Queue(maxsize=queue_max)
        self._abort = threading.Event()
        self._down = False
        self._lock = threading.Lock()
        self.n_events = self.delivered = self.failed = self.dropped = 0
        self._thread = threading.Thread(target=self._worker, name="repcount-webhook", daemon=True)
        self._thread.start()

    @classmethod
    def from_spec(cls, spec: str, **kw: Any) -> "WebhookSink":
        u = urlsplit(spec)
        if u.username or u.password:
            raise RepcountError(f"{u.scheme}:// sink: put the token in REPCOUNT_WEBHOOK_TOKEN or sinks.toml, not in the URL (it shows in ps)")
        if not u.hostname:
            raise RepcountError(f"sink {spec!r}: expected http(s)://HOST[:PORT]/PATH")
        s = sink_settings("webhook")
        headers = {}
        if s.get("token"):
            headers["Authorization"] = f"Bearer {s['token']}"
        try:
            opts = {"timeout_s": float(s.get("timeout_s", 2.0)), "retries": int(s.get("retries", 3))}
        except (TypeError, ValueError):
            raise RepcountError("[webhook] timeout_s and retries must be numbers") from None
        return cls(spec, headers=headers, ca=s.get("ca") or None, **{**opts, **kw})

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            self._warn_fn(message)

    def wants(self, event: Event) -> bool:
        """Whether ``event`` is sent at all (subclasses send only some)."""
        return True

    def request_for(self, event: Event) -> tuple[str, bytes] | None:
        """(url, JSON body) to POST for ``event``; runs in the worker thread."""
        return self.url, json.dumps(event.to_dict(), separators=(",", ":")).encode()

    def emit(self, event: Event) -> None:
        if not self.wants(event):
            return
        with self._lock:
            self.n_events += 1
        try:
            self._q.put_nowait(event)
        except queue.Full:
            with self._lock:
                self.dropped += 1
            self._warn_once("full", f"{self.label}: queue of {self._q.maxsize} events full, dropping new events")

    # -- worker thread ------------------------------------------------------------------
    def _worker(self) -> None:
        while True:
            item = self._q.get()
            if item is _STOP:
                return
            try:
                req = self.request_for(item)
            except RepcountError as exc:
                self._warn_once("prepare", f"{self.label}: {exc}")
                req = None
            ok = req is not None and self._post(*req)
            with self._lock:
                if ok:
                    self.delivered += 1
                else:
                    self.failed += 1

    def _post(self, url: str, body: bytes) -> bool:
        # While the receiver is down (the last event failed every retry) each event gets
        # one attempt, so the queue drains instead of backing off event after event.
        attempts = 1 if self._down else self.retries + 1
        for attempt in range(attempts):
            if self._abort.is_set():
                return False
            try:
                req = urllib.request.Request(url, data=body, headers=self.headers, method="POST")
                with urllib.request.urlopen(req, timeout=self.timeout_s, context=self._ssl) as resp:
                    resp.read()
                self._down = False
                return True
            except urllib.error.HTTPError as exc:
                problem = f"HTTP {exc.code}"
                retry = exc.code >= 500 or exc.code in RETRY_STATUS
            except (urllib.error.URLError, OSError) as exc:  # refused, unreachable, timeout
                reason = getattr(exc, "reason", exc)
                problem = f"{reason}"
                retry = True
            if not retry:
                self._warn_once("rejected", f"{self.label} rejected an event ({problem}); counting continues")
                return False
            self._warn_once("failing", f"{self.label} is failing ({problem}); counting continues, retrying")
            if attempt < attempts - 1 and self._abort.wait(self.backoff_s * (2**attempt)):
                return False
        self._down = True
        return False

    def close(self) -> str | None:
        deadline = time.monotonic() + self.close_timeout
        while True:
            try:
                self._q.put(_STOP, timeout=max(0.0, deadline - time.monotonic()))
                break
            except queue.Full:
                break
        self._thread.join(max(0.0, deadline - time.monotonic()))
        # Past the deadline: stop retrying; what is still queued is not delivered.
        self._abort.set()
        self._thread.join(self.timeout_s + 0.5)
        with self._lock:
            lost = self.n_events - self.delivered
            parts = [f"{n} {what}" for n, what in ((self.dropped, "dropped (queue full)"), (self.failed, "failed"), (lost - self.dropped - self.failed, "unsent at exit")) if n]
        if lost:
            return f"{self.label}: {lost} of {self.n_events} events not delivered ({', '.join(parts)})"
        return None
