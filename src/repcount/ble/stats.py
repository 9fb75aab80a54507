"""What the status line shows: connection state, received rate, dropped/corrupt frames.

Pure bookkeeping: the caller passes the clock values in, so tests need no sleeping.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

# Connection states, in the order a session normally goes through them.
STATES = ("scanning", "connecting", "configuring", "streaming", "reconnecting", "stopping", "stopped")


@dataclass
class StreamStats:
    """Counters for one live session (they survive reconnects)."""

    state: str = "connecting"
    samples: int = 0
    frames: int = 0
    corrupt_frames: int = 0
    dropped_samples: int = 0  # estimated from gaps in the sample timeline
    out_of_order: int = 0  # samples whose time went backwards: skipped
    reconnects: int = 0
    window_s: float = 2.0
    _recent: deque = field(default_factory=deque, repr=False)  # (clock, n_samples)

    def add_frame(self, n_samples: int, now: float) -> None:
        self.frames += 1
        self.samples += n_samples
        self._recent.append((now, n_samples))
        while self._recent and now - self._recent[0][0] > self.window_s:
            self._recent.popleft()

    def rate_hz(self, now: float) -> float:
        """Samples per second actually received over the last ``window_s`` seconds."""
        while self._recent and now - self._recent[0][0] > self.window_s:
            self._recent.popleft()
        if not self._recent:
            return 0.0
        span = now - self._recent[0][0]
        n = sum(k for _, k in self._recent)
        if span <= 0:
            return 0.0
        # The first frame's samples arrived before the window opened; leave them out.
        return (n - self._recent[0][1]) / span

    def status_line(self, now: float, nominal_hz: float | None = None, sensor: str | None = None) -> str:
        """One line, e.g. ``streaming Polar H10 | 199.8/200 Hz | dropped 0 | corrupt 2``."""
        parts = [self.state + (f" {sensor}" if sensor else "")]
        rate = self.rate_hz(now)
        parts.append(f"{rate:.1f}/{nominal_hz:g} Hz" if nominal_hz else f"{rate:.1f} Hz")
        parts.append(f"dropped {self.dropped_samples}")
        parts.append(f"corrupt {self.corrupt_frames}")
        if self.reconnects:
            parts.append(f"reconnects {self.reconnects}")
        return " | ".join(parts)
