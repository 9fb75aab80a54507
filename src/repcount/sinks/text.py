"""A readable table of sets and reps, printed as events arrive.

One line per ``rep`` event; a deadlift's ``lockout`` event (the same rep, announced
before its lowering) is not printed: its line comes with the rep, complete."""

from __future__ import annotations

from typing import IO

from ..events import Event, Rep, SessionSummary, SetSummary


def _fmt(x: float | None, unit: str = "", nd: int = 2) -> str:
    return "-" if x is None else f"{x:.{nd}f}{unit}"


class TextSink:
    def __init__(self, out: IO[str], title: str | None = None) -> None:
        self.out = out
        self.title = title
        self._header_done = False

    def _p(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def emit(self, event: Event) -> None:
        if not self._header_done:
            if self.title:
                self._p(f"== {self.title}")
            self._p(f"{'set':>3} {'rep':>3}  {'exercise':<8} {'start':>8} {'end':>8}  {'ecc':>5} {'pause':>5} {'conc':>5} {'TUT':>6}  {'MCV':>9} {'ROM':>6}")
            self._header_done = True
        if isinstance(event, Rep):
            self._p(
                f"{event.set:>3} {event.rep:>3}  {event.exercise:<8} {event.t_start:>7.2f}s {event.t_end:>7.2f}s  "
                f"{event.eccentric_s:>5.2f} {event.pause_s:>5.2f} {event.concentric_s:>5.2f} {event.tut_s:>5.2f}s  "
                f"{_fmt(event.mcv_mps, ' m/s'):>9} {_fmt(event.rom_m, ' m'):>6}"
            )
        elif isinstance(event, SetSummary):
            self._p(f"--- set {event.set}: {event.reps} {event.exercise} reps, TUT {event.tut_s:.1f} s ({event.t_start:.1f}-{event.t_end:.1f} s)")
        elif isinstance(event, SessionSummary):
            self._p(f"=== session: {len(event.sets)} sets, {event.total_reps} reps, TUT {sum(s.tut_s for s in event.sets):.1f} s")

    def close(self) -> str | None:
        return None
