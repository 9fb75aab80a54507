"""Events emitted by the counting engine: the JSON Lines contract, version 1.

See docs/events.md. The keys listed there are stable; new keys may be added.
All times are seconds from the recording's first sample; ``emitted_t`` is the stream
time at which the engine emitted the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

EVENTS_VERSION = 1


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


@dataclass
class Rep:
    set: int
    rep: int
    exercise: str
    t_start: float
    t_end: float
    eccentric_s: float
    pause_s: float
    concentric_s: float
    tut_s: float
    mcv_mps: float | None
    rom_m: float | None
    emitted_t: float
    lockout_t: float | None = None
    type: str = field(default="rep", init=False)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "type": "rep",
            "set": self.set,
            "rep": self.rep,
            "exercise": self.exercise,
            "t_start": _r(self.t_start),
            "t_end": _r(self.t_end),
            "eccentric_s": _r(self.eccentric_s),
            "pause_s": _r(self.pause_s),
            "concentric_s": _r(self.concentric_s),
            "tut_s": _r(self.tut_s),
            "mcv_mps": _r(self.mcv_mps),
            "rom_m": _r(self.rom_m),
            "emitted_t": _r(self.emitted_t),
            "lockout_t": _r(self.lockout_t),
        }
        return d


@dataclass
class RepLockout:
    """A deadlift rep the engine has committed to count, announced at (or soon after) its
    lockout. The ``rep`` event with the same set/rep always follows, after the lowering,
    with the final phases; a display counts the rep here and fills it in then."""

    set: int
    rep: int
    exercise: str
    t_start: float
    lockout_t: float
    concentric_s: float
    mcv_mps: float | None
    rom_m: float | None
    emitted_t: float
    type: str = field(default="lockout", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "lockout",
            "set": self.set,
            "rep": self.rep,
            "exercise": self.exercise,
            "t_start": _r(self.t_start),
            "lockout_t": _r(self.lockout_t),
            "concentric_s": _r(self.concentric_s),
            "mcv_mps": _r(self.mcv_mps),
            "rom_m": _r(self.rom_m),
            "emitted_t": _r(self.emitted_t),
        }


@dataclass
class SetSummary:
    set: int
    exercise: str
    reps: int
    tut_s: float
    t_start: float
    t_end: float
    emitted_t: float | None = None
    type: str = field(default="set", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "set",
            "set": self.set,
            "exercise": self.exercise,
            "reps": self.reps,
            "tut_s": _r(self.tut_s),
            "t_start": _r(self.t_start),
            "t_end": _r(self.t_end),
            "emitted_t": _r(self.emitted_t),
        }


@dataclass
class SessionSummary:
    sets: list[SetSummary]
    total_reps: int
    duration_s: float | None = None
    type: str = field(default="session", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "session",
            "sets": [s.to_dict() for s in self.sets],
            "total_reps": self.total_reps,
            "duration_s": _r(self.duration_s),
        }


Event = Union[Rep, RepLockout, SetSummary, SessionSummary]


def event_from_dict(d: dict[str, Any]) -> Event:
    """Inverse of ``to_dict`` (used by exporters that read JSON Lines back)."""
    kind = d.get("type")
    body = {k: v for k, v in d.items() if k != "type"}
    if kind == "rep":
        known = Rep.__dataclass_fields__.keys() - {"type"}
        return Rep(**{k: v for k, v in body.items() if k in known})
    if kind == "lockout":
        known = RepLockout.__dataclass_fields__.keys() - {"type"}
        return RepLockout(**{k: v for k, v in body.items() if k in known})
    if kind == "set":
        known = SetSummary.__dataclass_fields__.keys() - {"type"}
        return SetSummary(**{k: v for k, v in body.items() if k in known})
    if kind == "session":
        sets = [event_from_dict({**s, "type": "set"}) for s in body.get("sets", [])]
        return SessionSummary(sets=sets, total_reps=body.get("total_reps", 0), duration_s=body.get("duration_s"))  # type: ignore[arg-type]
    raise ValueError(f"unknown event type {kind!r}")
