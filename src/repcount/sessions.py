"""Recorded sessions: list them, get their events back, re-export them.

A session ``STEM`` in :func:`repcount.config.sessions_dir` is ``STEM.csv`` (the recording,
written as it streamed) and ``STEM.events.jsonl`` (the events it emitted). When the events
file is missing or unreadable the recording is replayed through the same engine, so a
session is never lost just because its events were.

>>> from repcount.sessions import list_sessions, export_session   # doctest: +SKIP
>>> for s in list_sessions(): print(s.stem, s.summary.total_reps)  # doctest: +SKIP
>>> export_session(list_sessions()[-1], ["fit:today.fit"])          # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .config import sessions_dir
from .errors import InputFileError, RepcountError
from .events import Event, Rep, SessionSummary, SetSummary, event_from_dict

EVENTS_SUFFIX = ".events.jsonl"


@dataclass
class Session:
    """One recorded session. ``events``/``summary`` are filled by :func:`load_events`."""

    stem: str
    recording: Path | None
    events_path: Path | None
    meta: dict[str, Any] = field(default_factory=dict)
    events: list[Event] | None = None
    replayed: bool = False  # events came from replaying the recording, not the events file

    @property
    def summary(self) -> SessionSummary:
        if self.events is None:
            load_events(self)
        assert self.events is not None
        return summarize(self.events)

    @property
    def start_time(self) -> str | None:
        return self.meta.get("start_time")

    @property
    def exercises(self) -> list[str]:
        seen: list[str] = []
        for s in self.summary.sets:
            if s.exercise not in seen:
                seen.append(s.exercise)
        return seen


def read_meta(path: Path) -> dict[str, Any]:
    """The ``# meta {json}`` line of a repcount recording (first lines only; cheap)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for _, line in zip(range(5), fh):
                if line.startswith("# meta "):
                    meta = json.loads(line[len("# meta ") :])
                    return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        pass
    return {}


def read_events(path: Path) -> list[Event]:
    """Events from a JSON Lines file. A cut-off last line (a crash mid-write) is dropped;
    any other bad line is an error naming the file and line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Event] = []
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(event_from_dict(json.loads(line)))
        except (ValueError, TypeError) as exc:
            if i == len(lines):
                break  # the writer died mid-line
            raise InputFileError(str(path), f"not an event: {exc}", line=i) from None
    return out


def summarize(events: Sequence[Event]) -> SessionSummary:
    """The session summary: the ``session`` event if there is one, else rebuilt from the
    set and rep events (a session that ended in a crash never emitted its summary)."""
    for ev in reversed(events):
        if isinstance(ev, SessionSummary):
            return ev
    sets: dict[int, SetSummary] = {s.set: s for s in events if isinstance(s, SetSummary)}
    reps: dict[int, list[Rep]] = {}
    for r in events:
        if isinstance(r, Rep):
            reps.setdefault(r.set, []).append(r)
    for n, rs in reps.items():
        if n not in sets:
            sets[n] = SetSummary(set=n, exercise=rs[-1].exercise, reps=len(rs), tut_s=sum(r.tut_s for r in rs), t_start=rs[0].t_start, t_end=rs[-1].t_end)
    ordered = [sets[k] for k in sorted(sets)]
    last = max([s.t_end for s in ordered], default=0.0)
    return SessionSummary(sets=ordered, total_reps=sum(s.reps for s in ordered), duration_s=last)


def with_summary(events: list[Event]) -> list[Event]:
    """``events`` ending in a session summary (rebuilt if the stream was cut short)."""
    if events and isinstance(events[-1], SessionSummary):
        return events
    return [e for e in events if not isinstance(e, SessionSummary)] + [summarize(events)]


def list_sessions(directory: str | os.PathLike | None = None) -> list[Session]:
    """Sessions in ``directory`` (default: the sessions dir), oldest first (stems start
    with the date). Events are loaded lazily."""
    d = Path(directory) if directory is not None else sessions_dir()
    if not d.is_dir():
        return []
    stems: dict[str, Session] = {}
    for p in sorted(d.iterdir()):
        if p.name.startswith("."):
            continue
        if p.name.endswith(EVENTS_SUFFIX):
            stem = p.name[: -len(EVENTS_SUFFIX)]
            stems.setdefault(stem, Session(stem, None, None)).events_path = p
        elif p.suffix == ".csv":
            s = stems.setdefault(p.stem, Session(p.stem, None, None))
            s.recording = p
            s.meta = read_meta(p)
    return [stems[k] for k in sorted(stems)]


def load_events(session: Session, *, recount: bool = False, exercise: str | None = None) -> list[Event]:
    """Fill ``session.events``: from the events file, else (or with ``recount``) by
    replaying the recording."""
    if session.events_path is not None and session.events_path.is_file() and not recount:
        try:
            events = read_events(session.events_path)
        except InputFileError:
            if session.recording is None:
                raise
            events = None
        if events is not None and (events or session.recording is None):
            session.events = with_summary(events)
            return session.events
    if session.recording is None:
        raise RepcountError(f"session {session.stem}: no recording to replay and no events file")
    from .importers import load
    from .replay import replay_recording

    rec = load(str(session.recording))
    session.meta = {**rec.meta, **session.meta}
    ex = exercise or session.meta.get("exercise") or "auto"
    p = replay_recording(rec, exercise=ex if ex in ("auto", "squat", "deadlift") else "auto")
    session.events = list(p.events)
    session.replayed = True
    return session.events


def resolve_session(ref: str, directory: str | os.PathLike | None = None) -> Session:
    """A session from a list index (``1`` = oldest, ``-1`` or ``last`` = newest), a stem, or a path
    (a repcount recording or events file, or any recording format repcount imports)."""
    sessions = list_sessions(directory)
    if ref in ("last", "latest") and not Path(ref).exists():
        ref = "-1"
    try:
        i = int(ref)
    except ValueError:
        i = None
    if i is not None and not Path(ref).exists():
        if not sessions:
            raise RepcountError(f"no sessions in {Path(directory) if directory else sessions_dir()}")
        if i == 0 or abs(i) > len(sessions):
            raise RepcountError(f"no session {i}: there are {len(sessions)} (1..{len(sessions)}, or -1 for the newest)")
        return sessions[i - 1] if i > 0 else sessions[i]
    for s in sessions:
        if s.stem == ref:
            return s
    p = Path(ref)
    if p.exists():
        if p.name.endswith(EVENTS_SUFFIX):
            stem = p.name[: -len(EVENTS_SUFFIX)]
            rec = p.with_name(stem + ".csv")
            return Session(stem, rec if rec.is_file() else None, p, read_meta(rec) if rec.is_file() else {})
        ev = p.with_name(p.stem + EVENTS_SUFFIX)
        return Session(p.stem, p, ev if ev.is_file() else None, read_meta(p))
    raise RepcountError(f"no session {ref!r}: give a number from `repcount sessions`, a session name, or a file")


def export_session(session: Session, specs: Sequence[str], *, recount: bool = False) -> list[str]:
    """Send a recorded session's events to sinks (``fit:FILE``, ``csv:FILE``,
    ``jsonl:FILE``, or any other SPEC); return the sinks' reports."""
    from .sinks import open_sink

    events = load_events(session, recount=recount) if (session.events is None or recount) else session.events
    meta = dict(session.meta)
    meta.setdefault("source", str(session.recording or session.events_path))
    sinks = [open_sink(spec, meta=meta) for spec in specs]
    reports = []
    for sink in sinks:
        try:
            for ev in events:
                sink.emit(ev)
        finally:
            r = sink.close()
            if r:
                reports.append(r)
    return reports
