"""Nordic Thingy:52 Motion Service raw data: 18-byte notifications in Q formats.

Layout: sensor-protocols.md section 6. accel 3 x int16 Q6.10 (/1024 -> g), gyro
3 x int16 Q11.5 (/32 -> deg/s; aiothingy's /256 is wrong), compass 3 x int16 Q12.4
(/16 -> uT, not used here). One sample per notification at motion_freq_hz, set in the
9-byte motion config. No time on the wire: rate-locked host timeline.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from .base import Decoded, Decoder, DecodeError, HostClock

BASE = "ef68{:04x}-9b35-4933-9b10-52ffa9740042"
SERVICE_UUID = BASE.format(0x0400)
CONFIG_UUID = BASE.format(0x0401)
RAW_UUID = BASE.format(0x0406)
MIN_HZ, MAX_HZ = 5, 200


@dataclass(frozen=True)
class MotionConfig:
    pedo_interval_ms: int = 1000
    temp_interval_ms: int = 500
    compass_interval_ms: int = 500
    motion_freq_hz: int = 10
    wake_on_motion: int = 1


def encode_config(cfg: MotionConfig) -> bytes:
    return struct.pack("<HHHHB", cfg.pedo_interval_ms, cfg.temp_interval_ms, cfg.compass_interval_ms, cfg.motion_freq_hz, cfg.wake_on_motion)


def parse_config(data: bytes) -> MotionConfig:
    if len(data) != 9:
        raise DecodeError(f"Thingy motion config: {len(data)} bytes, expected 9")
    cfg = MotionConfig(*struct.unpack("<HHHHB", bytes(data)))
    if not MIN_HZ <= cfg.motion_freq_hz <= MAX_HZ:
        raise DecodeError(f"Thingy motion config: motion_freq_hz {cfg.motion_freq_hz} outside {MIN_HZ}-{MAX_HZ}")
    return cfg


def _q(v, div: float) -> np.ndarray:
    return np.clip(np.round(np.asarray(v, dtype=np.float64).reshape(3) * div), -32768, 32767).astype("<i2")


def encode_raw(acc_g, gyro_dps=(0, 0, 0), compass_ut=(0, 0, 0)) -> bytes:
    """One 18-byte raw-data notification (the firmware clamps on overflow; so do we)."""
    return _q(acc_g, 1024).tobytes() + _q(gyro_dps, 32).tobytes() + _q(compass_ut, 16).tobytes()


class ThingyDecoder(Decoder):
    name = "thingy52"
    has_gyro = True

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        super().__init__(rate_hz, range_g or 32.0, params)
        self.clock = HostClock(rate_hz)

    def reset(self) -> None:
        self.clock.reset()

    def decode(self, data: bytes, host_t: float) -> Decoded:
        if len(data) != 18:
            raise DecodeError(f"Thingy:52 raw data: {len(data)} bytes, expected 18")
        v = np.frombuffer(bytes(data), dtype="<i2").astype(np.float64)
        self.frames += 1
        return self.clock.place(1, host_t), (v[0:3] / 1024.0).reshape(1, 3), (v[3:6] / 32.0).reshape(1, 3)
