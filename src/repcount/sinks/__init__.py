"""Sinks: where events go (stdout, files, MQTT, webhooks, ...).

A sink has ``emit(event)`` and ``close() -> str | None``; ``close`` may return a one-line
report (for example how many events were dropped while a receiver was unreachable).
``open_sink(spec)`` turns a ``--to`` SPEC into a sink.
"""

from .base import Sink, open_sink

__all__ = ["Sink", "open_sink"]
