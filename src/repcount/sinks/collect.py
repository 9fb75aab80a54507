"""What whole-session file formats (FIT, Strong CSV) need: the sets and when it started.

Those formats are written once, at the end, because their headers hold totals (FIT's
data size and session time, Strong's workout duration). They keep the set events they
are given; the session summary, when it arrives, is the authoritative list.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
import time
from pathlib import Path

from ..errors import RepcountError
from ..events import Event, Rep, SessionSummary, SetSummary


def parse_start_time(value: object) -> _dt.datetime | None:
    """ISO 8601 (``2026-11-23T21:15:30.123Z``) to an aware UTC datetime; None if absent/bad."""
    if not isinstance(value, str) or not value:
        return None
    try:
        t = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return t.astimezone(_dt.timezone.utc)


class SessionCollector:
    """Collects set summaries and the session's extent from a stream of events."""

    def __init__(self, meta: dict | None = None) -> None:
        self.meta = dict(meta or {})
        self._sets: dict[int, SetSummary] = {}
        self.session: SessionSummary | None = None
        self.last_t = 0.0
        self._wall_t0: float | None = None  # wall clock of t=0, from the first event's arrival


    def add(self, event: Event) -> None:
        emitted = getattr(event, "emitted_t", None)
        if self._wall_t0 is None and emitted is not None:
            # Live, events arrive as they are emitted: this dates t=0 when meta cannot.
            self._wall_t0 = time.time() - float(emitted)
        if isinstance(event, Rep):
            self.last_t = max(self.last_t, event.t_end)
        elif isinstance(event, SetSummary):
            self._sets[event.set] = event
            self.last_t = max(self.last_t, event.t_end)
        elif isinstance(event, SessionSummary):
            self.session = event
            for s in event.sets:
                self._sets[s.set] = s

    @property
    def sets(self) -> list[SetSummary]:
        return [self._sets[k] for k in sorted(self._sets)]

    @property
    def duration_s(self) -> float:
        d = self.session.duration_s if self.session is not None else None
        return float(d) if d is not None else self.last_t

    def start(self) -> _dt.datetime:
        """The wall-clock time of t=0: from meta's ``start_time``; else dated by when the
        first event arrived (right for a live session); else the session ended just now."""
        t = parse_start_time(self.meta.get("start_time"))
        if t is None and self._wall_t0 is not None:
            t = _dt.datetime.fromtimestamp(self._wall_t0, _dt.timezone.utc)
        if t is None:
            t = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(seconds=self.duration_s)
        return t


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write a whole file so that a reader never sees half of it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes the file private (0600); give it the mode open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SessionFileSink:
    """A sink that collects the session and writes one whole file at :meth:`close`.

    Subclasses set ``kind`` (the SPEC prefix, for messages) and implement
    :meth:`render`. A crash loses only this file: the recording remains, and
    ``repcount export`` writes it again.
    """

    kind = "file"

    def __init__(self, path: str, meta: dict | None = None) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise RepcountError(f"{self.kind}:{path}: directory {self.path.parent} does not exist")
        self.collector = SessionCollector(meta)

    def emit(self, event: Event) -> None:
        self.collector.add(event)

    def weight_kg(self) -> float | None:
        w = self.collector.meta.get("weight_kg")
        return float(w) if w is not None else None

    def render(self) -> bytes:
        raise NotImplementedError

    def close(self) -> str | None:
        try:
            write_atomic(self.path, self.render())
        except OSError as exc:
            return f"{self.kind}:{self.path}: not written ({exc.strerror or exc}); `repcount export` can write it again"
        return None
