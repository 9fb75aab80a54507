"""Nordic UART Service text lines: repcount's line protocol for DIY ESP32/Arduino sensors.

Line format, version 1 (ASCII, one sample per line, ``\\n`` ends a line, ``\\r`` ignored):

    a,<t_ms>,<ax>,<ay>,<az>                       acceleration only
    m,<t_ms>,<ax>,<ay>,<az>,<gx>,<gy>,<gz>        acceleration and gyro
    # anything                                    a comment (device info); ignored

``t_ms`` is the device's sample time in integer milliseconds (Arduino ``millis()``; the
32-bit wrap after 49.7 days is handled), strictly increasing. Acceleration is in g,
gravity included; gyro in deg/s; decimal numbers (``-0.981``, ``1e-3``). A line is at
most 120 bytes. Lines may be split across notifications (MTU - 3 bytes each) and several
may share one; the decoder reassembles on ``\\n``.

Commands the client writes to the peripheral's write characteristic (one per line):
``rate <hz>``, ``start``, ``stop``. Firmware that streams unconditionally may ignore them.

Bad lines are skipped and counted (``bad_lines``); a notification with no good sample
but a bad line raises DecodeError so the stream layer counts it too.
"""

from __future__ import annotations

import math

import numpy as np

from .base import Decoded, Decoder, DecodeError, SensorClock

SERVICE_UUID = "6e400001-b5a3-f393-e0a9-e50e24dcca9e"
RX_UUID = "6e400002-b5a3-f393-e0a9-e50e24dcca9e"   # central writes
TX_UUID = "6e400003-b5a3-f393-e0a9-e50e24dcca9e"   # peripheral notifies
MAX_LINE = 120
WRAP_MS = 1 << 32


def _fmt(v: float) -> str:
    return f"{float(v):.4f}".rstrip("0").rstrip(".") if math.isfinite(v) else "nan"


def encode_line(t_ms: int, acc_g, gyro_dps=None) -> bytes:
    """One sample as a line (``a,...`` or ``m,...`` with gyro)."""
    a = [_fmt(v) for v in np.asarray(acc_g, dtype=float).reshape(3)]
    t = int(t_ms) % WRAP_MS
    if gyro_dps is None:
        return f"a,{t},{','.join(a)}\n".encode()
    g = [_fmt(v) for v in np.asarray(gyro_dps, dtype=float).reshape(3)]
    return f"m,{t},{','.join(a)},{','.join(g)}\n".encode()


def split_notifications(stream: bytes, max_value: int = 20) -> list[bytes]:
    """Cut a byte stream into notification payloads of at most ``max_value`` bytes."""
    return [stream[i:i + max_value] for i in range(0, len(stream), max_value)]


def parse_command(line: bytes) -> tuple[str, float | None]:
    """``b"rate 50\\n"`` -> ("rate", 50.0); ``b"start\\n"`` -> ("start", None)."""
    try:
        parts = bytes(line).decode("ascii").strip().split()
    except UnicodeDecodeError:
        raise DecodeError("NUS command is not ASCII") from None
    if parts == ["start"] or parts == ["stop"]:
        return parts[0], None
    if len(parts) == 2 and parts[0] == "rate":
        try:
            v = float(parts[1])
        except ValueError:
            raise DecodeError(f"NUS command: bad rate {parts[1]!r}") from None
        if math.isfinite(v) and v > 0:
            return "rate", v
    raise DecodeError(f"NUS command: unknown {' '.join(parts)!r}")


class NusTextDecoder(Decoder):
    """Text lines -> (t, acc g, gyro deg/s | None). params: ``gyro`` (bool)."""

    name = "nus_text"
    timestamps = "sensor"

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        super().__init__(rate_hz, range_g, params)
        self.has_gyro = bool(self.params.get("gyro", False))
        self.clock = SensorClock()
        self._buf = b""
        self._last_ms: int | None = None
        self._wraps = 0
        self.bad_lines = 0
        self.last_error = ""

    def reset(self) -> None:
        self._buf = b""
        self.clock.reset()

    def _line(self, raw: bytes) -> tuple[int, list[float], list[float] | None] | None:
        try:
            text = raw.decode("ascii").replace("\r", "").strip()
        except UnicodeDecodeError:
            raise DecodeError("not ASCII") from None
        if not text or text.startswith("#"):
            return None
        f = text.split(",")
        kind = f[0]
        if kind == "a" and len(f) == 5:
            n = 3
        elif kind == "m" and len(f) == 8:
            n = 6
        else:
            raise DecodeError(f"unknown line {text[:40]!r} (expected a,<t_ms>,ax,ay,az or m,<t_ms>,ax,ay,az,gx,gy,gz)")
        if not f[1].isdigit():
            raise DecodeError(f"bad time {f[1][:20]!r} (integer ms expected)")
        t = int(f[1])
        if t >= WRAP_MS:
            raise DecodeError(f"time {t} beyond 32 bits")
        try:
            vals = [float(x) for x in f[2:2 + n]]
        except ValueError:
            raise DecodeError(f"bad number in {text[:40]!r}") from None
        if not all(math.isfinite(v) for v in vals):
            raise DecodeError(f"non-finite value in {text[:40]!r}")
        if self.has_gyro and n == 3:
            raise DecodeError("an 'a' line without gyro, but this profile streams gyro ('m' lines)")
        return t, vals[:3], (vals[3:6] if n == 6 else None)

    def decode(self, data: bytes, host_t: float) -> Decoded:
        buf = self._buf + bytes(data)
        *lines, rest = buf.split(b"\n")
        bad_before = self.bad_lines
        if len(rest) > MAX_LINE:
            self.bad_lines += 1
            self.last_error = f"line longer than {MAX_LINE} bytes"
            rest = b""
        self._buf = rest
        ts, acc, gyro = [], [], []
        for raw in lines:
            if len(raw) > MAX_LINE:
                self.bad_lines += 1
                self.last_error = f"line longer than {MAX_LINE} bytes"
                continue
            try:
                got = self._line(raw)
                if got is None:
                    continue
                t, a, g = got
                full = t + self._wraps * WRAP_MS
                if self._last_ms is not None and full <= self._last_ms:
                    if self._last_ms - full > WRAP_MS // 2:
                        self._wraps += 1  # millis() wrapped
                        full += WRAP_MS
                    else:
                        raise DecodeError(f"time {t} ms does not increase")
            except DecodeError as exc:
                self.bad_lines += 1
                self.last_error = str(exc)
                continue
            self._last_ms = full
            ts.append(full / 1000.0)
            acc.append(a)
            gyro.append(g if g is not None else [0.0, 0.0, 0.0])
        if not ts:
            if self.bad_lines > bad_before:
                raise DecodeError(f"NUS text: {self.last_error}")
            self.ignored += 1
            return np.zeros(0), np.zeros((0, 3)), (np.zeros((0, 3)) if self.has_gyro else None)
        self.frames += 1
        t = self.clock.map(np.asarray(ts), host_t)
        return t, np.asarray(acc, dtype=np.float64), (np.asarray(gyro, dtype=np.float64) if self.has_gyro else None)
