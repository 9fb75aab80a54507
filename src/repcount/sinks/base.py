from __future__ import annotations

from typing import IO, Protocol, runtime_checkable

from ..errors import RepcountError
from ..events import Event


@runtime_checkable
class Sink(Protocol):
    def emit(self, event: Event) -> None: ...

    def close(self) -> str | None: ...


def open_sink(spec: str, *, stdout: IO[str] | None = None, meta: dict | None = None) -> Sink:
    """Open a sink from a ``--to`` SPEC: ``jsonl:-``, ``jsonl:FILE``, ``csv:FILE``,
    ``fit:FILE``, ``mqtt://HOST[:PORT]/PREFIX``, ``http(s)://...``.

    ``meta`` carries session facts (start time, sensor, exercise) that file formats need.
    """
    import sys

    out = stdout or sys.stdout
    kind, _, rest = spec.partition(":")
    if kind == "jsonl":
        from .jsonl import JsonlSink

        return JsonlSink(out if rest in ("-", "") else rest)
    raise RepcountError(f"unknown sink {spec!r}: expected jsonl:-, jsonl:FILE, csv:FILE, fit:FILE, mqtt://HOST/PREFIX or http(s)://URL")
