"""The terminal display of ``repcount live``: readable from the platform, across the room.

- a big rep count (5-row block digits) after every rep, with the terminal bell: at the
  deadlift's ``lockout`` event when there is one (the rep's phases are printed when its
  ``rep`` event follows, without counting or ringing again), else at the ``rep`` event;
- the last rep's time under tension, its phases and, where known, bar velocity;
- a set summary when rest begins, a session summary at the end;
- a status line (connection state, received rate, dropped/corrupt frames) kept at the
  bottom and rewritten in place on a terminal.

Everything is rendered to strings first (pure functions), then written; tests check the
strings. When stdout is not a terminal, ``live`` uses the JSON Lines sink instead.
"""

from __future__ import annotations

from typing import IO

from .events import Event, Rep, RepLockout, SessionSummary, SetSummary

# 5-row block digits; each glyph is 5 columns wide.
_FONT = {
    "0": ["█████", "█   █", "█   █", "█   █", "█████"],
    "1": ["  ██ ", "   █ ", "   █ ", "   █ ", "  ███"],
    "2": ["█████", "    █", "█████", "█    ", "█████"],
    "3": ["█████", "    █", " ████", "    █", "█████"],
    "4": ["█   █", "█   █", "█████", "    █", "    █"],
    "5": ["█████", "█    ", "█████", "    █", "█████"],
    "6": ["█████", "█    ", "█████", "█   █", "█████"],
    "7": ["█████", "    █", "   █ ", "  █  ", "  █  "],
    "8": ["█████", "█   █", "█████", "█   █", "█████"],
    "9": ["█████", "█   █", "█████", "    █", "█████"],
}

CLEAR_LINE = "\r\x1b[2K"
BELL = "\a"


def big_number(n: int, indent: int = 2) -> list[str]:
    """Rows of ``n`` in block digits.

    >>> big_number(7, indent=0)[0]
    '█████'
    """
    rows = ["" for _ in range(5)]
    for ch in str(n):
        for i, row in enumerate(_FONT[ch]):
            rows[i] += row + "  "
    return [" " * indent + r.rstrip() for r in rows]


def _f(x: float | None, unit: str, nd: int = 2) -> str:
    return "-" if x is None else f"{x:.{nd}f}{unit}"


def render_lockout(lo: RepLockout) -> list[str]:
    """The block shown at a deadlift's lockout: the big count (details follow with the rep)."""
    return [""] + big_number(lo.rep) + [f"  set {lo.set} · rep {lo.rep} · {lo.exercise} · locked out"]


def render_rep(rep: Rep, count: bool = True) -> list[str]:
    """The block shown after each rep: the big count (unless ``count`` is False: it was
    shown at the rep's lockout), then the rep's details."""
    lines = big_number(rep.rep) if count else []
    detail = (
        f"  set {rep.set} · rep {rep.rep} · {rep.exercise} · TUT {rep.tut_s:.2f} s "
        f"(down {rep.eccentric_s:.2f} / pause {rep.pause_s:.2f} / up {rep.concentric_s:.2f})"
    )
    if rep.mcv_mps is not None:
        detail += f" · {rep.mcv_mps:.2f} m/s"
    if rep.rom_m is not None:
        detail += f" · ROM {rep.rom_m:.2f} m"
    return ([""] if count else []) + lines + [detail]


def render_set(s: SetSummary) -> list[str]:
    return [f"  == set {s.set} done: {s.reps} {s.exercise} reps, TUT {s.tut_s:.1f} s. Rest. =="]


def render_session(s: SessionSummary) -> list[str]:
    tut = sum(x.tut_s for x in s.sets)
    lines = [f"Session: {len(s.sets)} set(s), {s.total_reps} rep(s), TUT {tut:.1f} s" + (f", {s.duration_s:.0f} s recorded" if s.duration_s else "")]
    for x in s.sets:
        lines.append(f"  set {x.set}: {x.reps:>2} {x.exercise} reps, TUT {x.tut_s:5.1f} s")
    return lines


class LiveDisplay:
    """Writes the live view to ``out``.

    ``tty``: rewrite the status line in place with ANSI codes; otherwise only print
    status lines when the connection state changes (no escape codes in a log file).
    """

    def __init__(self, out: IO[str], *, bell: bool = True, tty: bool = True) -> None:
        self.out = out
        self.bell = bell
        self.tty = tty
        self._status = ""
        self._last_state: str | None = None
        self._announced: set[tuple[int, int]] = set()  # (set, rep) counted at lockout

    # -- events ---------------------------------------------------------------
    def emit(self, event: Event) -> None:  # a Sink, so the pipeline can drive it
        if isinstance(event, RepLockout):
            self._announced.add((event.set, event.rep))
            self._lines(render_lockout(event), bell=self.bell)
        elif isinstance(event, Rep):
            first = (event.set, event.rep) not in self._announced
            self._announced.discard((event.set, event.rep))
            self._lines(render_rep(event, count=first), bell=self.bell and first)
        elif isinstance(event, SetSummary):
            self._lines(render_set(event))
        elif isinstance(event, SessionSummary):
            self._lines([""] + render_session(event))

    def close(self) -> str | None:
        if self.tty and self._status:
            self.out.write(CLEAR_LINE)
            self._status = ""
            self.out.flush()
        return None

    # -- status and messages --------------------------------------------------
    def message(self, text: str) -> None:
        self._lines([text])

    def status(self, line: str, state: str | None = None) -> None:
        """Show the status line; on a non-terminal, only when ``state`` changes."""
        if self.tty:
            self._status = line
            self.out.write(CLEAR_LINE + line)
            self.out.flush()
        elif state is not None and state != self._last_state:
            self._lines([line])
        if state is not None:
            self._last_state = state

    def _lines(self, lines: list[str], bell: bool = False) -> None:
        buf = CLEAR_LINE if (self.tty and self._status) else ""
        buf += "\n".join(lines) + "\n"
        if bell:
            buf += BELL
        if self.tty and self._status:
            buf += self._status  # put the status line back under the new output
        self.out.write(buf)
        self.out.flush()
