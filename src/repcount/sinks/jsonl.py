"""JSON Lines: one event per line, flushed per event (docs/events.md)."""

from __future__ import annotations

import json
from typing import IO

from ..errors import RepcountError
from ..events import Event


class JsonlSink:
    def __init__(self, target: IO[str] | str) -> None:
        if isinstance(target, str):
            try:
                self._fh: IO[str] = open(target, "w", encoding="utf-8")
            except OSError as exc:
                raise RepcountError(f"jsonl:{target}: cannot write: {exc.strerror or exc}") from None
            self._owned = True
        else:
            self._fh = target
            self._owned = False

    def emit(self, event: Event) -> None:
        self._fh.write(json.dumps(event.to_dict(), separators=(",", ":")) + "\n")
        self._fh.flush()

    def close(self) -> str | None:
        if self._owned:
            self._fh.close()
        return None
