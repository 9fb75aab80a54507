from __future__ import annotations

from typing import IO, Protocol, runtime_checkable

from ..errors import RepcountError
from ..events import Event

SPECS = "jsonl:-, jsonl:FILE, csv:FILE, fit:FILE, mqtt://HOST[:PORT]/PREFIX, mqtts://..., http(s)://URL, wger:https://HOST"


@runtime_checkable
class Sink(Protocol):
    def emit(self, event: Event) -> None: ...

    def close(self) -> str | None: ...


def open_sink(spec: str, *, stdout: IO[str] | None = None, meta: dict | None = None) -> Sink:
    """Open a sink from a ``--to`` SPEC: ``jsonl:-``, ``jsonl:FILE``, ``csv:FILE``,
    ``fit:FILE``, ``mqtt://HOST[:PORT]/PREFIX`` (``mqtts://`` for TLS), ``http(s)://...``,
    ``wger:https://HOST`` (a self-hosted wger).

    ``meta`` carries session facts (``start_time`` ISO UTC of t=0, ``sensor``,
    ``exercise``, ``source``; optionally ``weight_kg``) that file formats need.
    Network sinks take credentials from the environment or ``sinks.toml``, never from SPEC.
    """
    import sys

    out = stdout or sys.stdout
    kind, _, rest = spec.partition(":")
    kind = kind.lower()
    if kind == "jsonl":
        from .jsonl import JsonlSink

        return JsonlSink(out if rest in ("-", "") else _file(spec, rest))
    if kind == "csv":
        from .strong import StrongCsvSink

        return StrongCsvSink(_file(spec, rest), meta)
    if kind == "fit":
        from .fit import FitSink

        return FitSink(_file(spec, rest), meta)
    if kind in ("mqtt", "mqtts"):
        from .mqtt import MqttSink

        return MqttSink.from_spec(spec, meta=meta)
    if kind in ("http", "https"):
        from .webhook import WebhookSink

        return WebhookSink.from_spec(spec)
    if kind == "wger":
        from .wger import WgerSink

        return WgerSink.from_spec(spec, meta=meta)
    raise RepcountError(f"unknown sink {spec!r}: expected one of {SPECS}")


def _file(spec: str, rest: str) -> str:
    if not rest or rest == "-":
        raise RepcountError(f"sink {spec!r} needs a file name, e.g. {spec.split(':')[0]}:session.{spec.split(':')[0]}")
    return rest
