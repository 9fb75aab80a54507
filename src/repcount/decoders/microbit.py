"""BBC micro:bit Bluetooth Accelerometer Service: 6-byte notifications, milli-g.

Layout: sensor-protocols.md section 5. X, Y, Z as int16 LE milli-g, one sample per
notification at the period written to the Accelerometer Period characteristic
(u16 ms: 1, 2, 5, 10, 20, 80, 160 or 640). No time on the wire: rate-locked host timeline.
"""

from __future__ import annotations

import numpy as np

from .base import Decoded, Decoder, DecodeError, HostClock

SERVICE_UUID = "e95d0753-251d-470a-a062-fa1922dfa9a8"
DATA_UUID = "e95dca4b-251d-470a-a062-fa1922dfa9a8"
PERIOD_UUID = "e95dfb24-251d-470a-a062-fa1922dfa9a8"
PERIODS_MS = (1, 2, 5, 10, 20, 80, 160, 640)


def encode_sample(acc_g) -> bytes:
    c = np.round(np.asarray(acc_g, dtype=np.float64).reshape(3) * 1000.0)
    return np.clip(c, -32768, 32767).astype("<i2").tobytes()


def encode_period(period_ms: int) -> bytes:
    return int(period_ms).to_bytes(2, "little")


def parse_period(data: bytes) -> int:
    if len(data) != 2:
        raise DecodeError(f"micro:bit period: {len(data)} bytes, expected 2")
    return int.from_bytes(data, "little")


class MicrobitDecoder(Decoder):
    name = "microbit"

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        super().__init__(rate_hz, range_g or 2.0, params)
        self.clock = HostClock(rate_hz)

    def reset(self) -> None:
        self.clock.reset()

    def decode(self, data: bytes, host_t: float) -> Decoded:
        if len(data) != 6:
            raise DecodeError(f"micro:bit accelerometer: {len(data)} bytes, expected 6")
        acc = np.frombuffer(bytes(data), dtype="<i2").astype(np.float64).reshape(1, 3) / 1000.0
        self.frames += 1
        return self.clock.place(1, host_t), acc, None
