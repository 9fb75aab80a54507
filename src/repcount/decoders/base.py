"""What every decoder shares: the typed error, the decoder base class and the two clocks.

A decoder turns the bytes of ONE notification into timestamped samples in g. It is pure
apart from the small state a stream needs (the previous frame time, a partial line or
frame carried over to the next notification); nothing here touches I/O.

Timelines (``t`` in seconds on one stream timeline, monotonically increasing):

- Sensor clock (:class:`SensorClock`): the frame carries the sensor's own time. One
  offset maps sensor time onto the host clock, taken from the first frame (as bleakheart
  does). Crystal drift (Polar quotes 20 ppm, i.e. 72 ms per hour) is left alone: it is
  far below what rep timing needs, and correcting it would bend the sample spacing.
  If sensor time and host time disagree about elapsed time by more than
  ``reanchor_s`` (the sensor rebooted, its clock was reset, or a gap spans a reboot),
  the offset is taken afresh, never letting time go backwards.
- Host clock (:class:`HostClock`): the frame has no time. Samples are placed on a
  rate-locked grid (one period apart), anchored so the LAST sample of the first
  notification is at its host receipt time. Host receipt times jitter by tens of ms
  (BLE connection intervals deliver notifications in bursts), so they are never used
  per sample; they only (a) detect gaps: a notification arriving more than
  ``gap_s`` later than the grid predicts re-anchors the grid (dropped notifications,
  a reconnect), and (b) correct drift: after ``rate_window_s`` of uninterrupted data
  the period is re-estimated from samples received vs. host time elapsed, limited
  to +-5 % of nominal, so a sensor whose real ODR is 98 Hz instead of 100 Hz does not
  fall behind the host by a second per minute.
"""

from __future__ import annotations

import numpy as np

Decoded = tuple[np.ndarray, np.ndarray, "np.ndarray | None"]


class DecodeError(ValueError):
    """A notification or response that does not follow the protocol.

    The one error type decoders raise; the stream layer counts it, logs it and goes on.
    """


def empty(has_gyro: bool = False) -> Decoded:
    """No samples (a status notification, an ignored frame type, a partial line)."""
    return (np.zeros(0), np.zeros((0, 3)), np.zeros((0, 3)) if has_gyro else None)


class Decoder:
    """Base class: ``decode(data, host_t) -> (t, acc_g, gyro_dps | None)``.

    ``on_control(data)`` is handed every control-point response the driver receives
    (a Polar start response carries the conversion factor); ``reset()`` forgets the
    stream state after a disconnect (Polar's SDK resets its previous-timestamp there).
    """

    name = "base"
    has_gyro = False
    timestamps = "host"

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        if not rate_hz or rate_hz <= 0:
            raise ValueError(f"rate must be positive, got {rate_hz!r}")
        self.rate_hz = float(rate_hz)
        self.range_g = float(range_g) if range_g else 0.0
        self.params = dict(params or {})
        self.frames = 0          # notifications that produced samples
        self.ignored = 0         # well-formed notifications without samples (status, other types)

    def decode(self, data: bytes, host_t: float) -> Decoded:  # pragma: no cover - abstract
        raise NotImplementedError

    def on_control(self, data: bytes) -> None:
        """A response on the control characteristic (default: nothing to learn)."""

    def reset(self) -> None:
        """Forget per-stream state (called after a disconnect)."""


class SensorClock:
    """Map sensor time (seconds) onto the host timeline with one offset; see module doc."""

    def __init__(self, reanchor_s: float = 2.0) -> None:
        self.reanchor_s = reanchor_s
        self.offset: float | None = None
        self._last_sensor: float | None = None
        self._last_host: float | None = None
        self._last_t: float | None = None
        self.reanchors = 0

    def map(self, sensor_t: np.ndarray, host_t: float) -> np.ndarray:
        """Stream times for ``sensor_t`` (seconds, the last one received at ``host_t``)."""
        if len(sensor_t) == 0:
            return np.zeros(0)
        last = float(sensor_t[-1])
        if self.offset is None:
            self.offset = host_t - last
        else:
            d_sensor = last - self._last_sensor
            d_host = host_t - self._last_host
            if d_sensor <= 0 or abs(d_sensor - d_host) > self.reanchor_s:
                self.offset = host_t - last
                self.reanchors += 1
        t = np.asarray(sensor_t, dtype=np.float64) + self.offset
        if self._last_t is not None and t[0] <= self._last_t:
            # After a re-anchor the new frame must still come after the old one.
            t = t + (self._last_t - t[0]) + 1e-6
            self.offset += float(t[-1] - (last + self.offset))
        self._last_sensor, self._last_host, self._last_t = last, host_t, float(t[-1])
        return t

    def reset(self) -> None:
        # Keep the offset: the sensor clock usually survives a reconnect. The next frame
        # re-anchors if it did not.
        pass


class HostClock:
    """A rate-locked timeline for sensors whose frames carry no time; see module doc."""

    def __init__(self, rate_hz: float, gap_s: float | None = None, rate_window_s: float = 5.0) -> None:
        self.nominal = float(rate_hz)
        self.period = 1.0 / self.nominal
        self.gap_s = gap_s if gap_s is not None else max(0.5, 10.0 / self.nominal)
        self.rate_window_s = rate_window_s
        self._last_t: float | None = None
        self._anchor_host = 0.0
        self._since_anchor = 0
        self._force = False
        self.reanchors = 0

    def place(self, n: int, host_t: float) -> np.ndarray:
        """Times of ``n`` samples that arrived together at ``host_t``."""
        if n <= 0:
            return np.zeros(0)
        anchor = self._force or self._last_t is None or host_t - (self._last_t + n * self.period) > self.gap_s
        if anchor:
            if self._last_t is not None:
                self.reanchors += 1
            first = host_t - (n - 1) * self.period
            if self._last_t is not None:
                first = max(first, self._last_t + self.period)
        else:
            first = self._last_t + self.period
        t = first + self.period * np.arange(n, dtype=np.float64)
        self._last_t = float(t[-1])
        if anchor:
            self._force = False
            self._anchor_host, self._since_anchor = host_t, 0
        else:
            self._since_anchor += n
            self._update_period(host_t)
        return t

    def _update_period(self, host_t: float) -> None:
        elapsed = host_t - self._anchor_host
        if elapsed >= self.rate_window_s and self._since_anchor > 0:
            est = elapsed / self._since_anchor
            lo, hi = 0.95 / self.nominal, 1.05 / self.nominal
            self.period = min(max(est, lo), hi)

    def reset(self) -> None:
        """After a reconnect the next notification re-anchors (time never goes back)."""
        self._force = True
