"""JSON Lines: one event per line, flushed per event (docs/events.md)."""

from __future__ import annotations

import json
import os
import sys
from typing import IO

from ..errors import RepcountError
from ..events import Event


class JsonlSink:
    """Writes to a file (created/truncated) or an open text stream such as stdout.

    If the reader goes away (``repcount live --format jsonl | head``) or the disk fills
    up, the sink stops writing and says so at close; counting and recording go on.
    """

    def __init__(self, target: IO[str] | str) -> None:
        self.name = target if isinstance(target, str) else "-"
        if isinstance(target, str):
            try:
                self._fh: IO[str] = open(target, "w", encoding="utf-8")
            except OSError as exc:
                raise RepcountError(f"jsonl:{target}: cannot write: {exc.strerror or exc}") from None
            self._owned = True
        else:
            self._fh = target
            self._owned = False
        self.written = 0
        self.lost = 0
        self._error: str | None = None

    def emit(self, event: Event) -> None:
        if self._error is not None:
            self.lost += 1
            return
        try:
            self._fh.write(json.dumps(event.to_dict(), separators=(",", ":")) + "\n")
            self._fh.flush()
            self.written += 1
        except BrokenPipeError:
            self._error = "the reader went away"
            self.lost += 1
            self._silence()
        except OSError as exc:
            self._error = exc.strerror or str(exc)
            self.lost += 1

    def _silence(self) -> None:
        # Python flushes stdout again at exit and would print a BrokenPipeError then;
        # point the descriptor at /dev/null so the exit stays quiet.
        try:
            if self._fh is sys.stdout or getattr(self._fh, "fileno", None) and self._fh.fileno() == sys.stdout.fileno():
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass

    def close(self) -> str | None:
        if self._owned:
            try:
                self._fh.close()
            except OSError as exc:
                self._error = self._error or exc.strerror or str(exc)
        if self._error is not None and (self._owned or self._error != "the reader went away"):
            return f"jsonl:{self.name}: {self.lost} events not written ({self._error})"
        return None
