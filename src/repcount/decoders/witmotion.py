"""WitMotion BLE 5.0 IMUs (WT901BLECL, BWT901BLE5.0): ``55 61`` frames and ``FF AA`` commands.

Layouts: sensor-protocols.md section 4. A frame is 20 bytes: ``55 61`` + 9 x int16
(acc x16/32768 g, gyro x2000/32768 deg/s, angle x180/32768 deg). Frames are not aligned
to notifications, so the decoder keeps a byte buffer and resyncs on the two-byte
header plus the frame length (splitting on 0x55 alone breaks whenever a payload byte
is 0x55). ``55 71`` register replies (also 20 bytes) are skipped. Frames carry no time:
rate-locked host timeline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Decoded, Decoder, DecodeError, HostClock

SERVICE_UUID = "0000ffe5-0000-1000-8000-00805f9a34fb"
NOTIFY_UUID = "0000ffe4-0000-1000-8000-00805f9a34fb"
WRITE_UUID = "0000ffe9-0000-1000-8000-00805f9a34fb"

FRAME_LEN = 20
HEADER = 0x55
FLAG_DATA = 0x61
FLAG_REG = 0x71
ACC_SCALE = 16.0 / 32768
GYRO_SCALE = 2000.0 / 32768
ANGLE_SCALE = 180.0 / 32768

UNLOCK = bytes.fromhex("FF AA 69 88 B5")
SAVE = bytes.fromhex("FF AA 00 00 00")
REG_RATE = 0x03
RATE_CODES = {0.2: 0x01, 0.5: 0x02, 1: 0x03, 2: 0x04, 5: 0x05, 10: 0x06, 20: 0x07, 50: 0x08, 100: 0x09, 200: 0x0B}


def build_command(register: int, value: int) -> bytes:
    """``FF AA <reg> <value lo> <value hi>``."""
    return bytes((0xFF, 0xAA, register & 0xFF)) + int(value & 0xFFFF).to_bytes(2, "little")


def rate_commands(rate_hz: float) -> list[bytes]:
    """Unlock, set the output rate, save (about 100 ms apart)."""
    return [UNLOCK, build_command(REG_RATE, RATE_CODES[rate_hz]), SAVE]


@dataclass(frozen=True)
class Command:
    register: int
    value: int


def parse_command(data: bytes) -> Command:
    if len(data) != 5 or data[0] != 0xFF or data[1] != 0xAA:
        raise DecodeError(f"WitMotion command must be FF AA <reg> <lo> <hi>, got {bytes(data).hex(' ')}")
    return Command(data[2], int.from_bytes(data[3:5], "little"))


def _i16(v, scale: float) -> bytes:
    c = np.round(np.asarray(v, dtype=np.float64).reshape(-1) / scale)
    return np.clip(c, -32768, 32767).astype("<i2").tobytes()


def encode_frame(acc_g, gyro_dps=(0, 0, 0), angle_deg=(0, 0, 0)) -> bytes:
    """One 20-byte ``55 61`` frame."""
    return bytes((HEADER, FLAG_DATA)) + _i16(acc_g, ACC_SCALE) + _i16(gyro_dps, GYRO_SCALE) + _i16(angle_deg, ANGLE_SCALE)


def encode_register_reply(register: int, values=(0,) * 8) -> bytes:
    vals = np.asarray(values, dtype="<i2").reshape(8)
    return bytes((HEADER, FLAG_REG)) + int(register).to_bytes(2, "little") + vals.tobytes()[:16]


def parse_frame(frame: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(acc g, gyro deg/s, angle deg) of one 20-byte ``55 61`` frame."""
    if len(frame) != FRAME_LEN or frame[0] != HEADER or frame[1] != FLAG_DATA:
        raise DecodeError("WitMotion frame must be 20 bytes starting 55 61")
    v = np.frombuffer(bytes(frame[2:]), dtype="<i2").astype(np.float64)
    return v[0:3] * ACC_SCALE, v[3:6] * GYRO_SCALE, v[6:9] * ANGLE_SCALE


class WitMotionDecoder(Decoder):
    """Notifications (any split of the byte stream) -> (t, acc g, gyro deg/s).

    Bytes that cannot start a frame are skipped and counted in ``junk_bytes``; a
    notification that yields no frame but had to skip junk raises DecodeError (so
    the stream layer counts it). A partial frame waits for the next notification.
    """

    name = "witmotion"
    has_gyro = True

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        super().__init__(rate_hz, range_g or 16.0, params)
        self.clock = HostClock(rate_hz)
        self._buf = b""
        self.junk_bytes = 0

    def reset(self) -> None:
        self._buf = b""
        self.clock.reset()

    def decode(self, data: bytes, host_t: float) -> Decoded:
        buf = self._buf + bytes(data)
        acc, gyro = [], []
        junk = 0
        i = 0
        while i < len(buf):
            if buf[i] != HEADER:
                i += 1
                junk += 1
                continue
            if i + 1 >= len(buf):
                break  # a lone 0x55 at the end: maybe a header
            if buf[i + 1] not in (FLAG_DATA, FLAG_REG):
                i += 1
                junk += 1
                continue
            if i + FRAME_LEN > len(buf):
                break
            if buf[i + 1] == FLAG_DATA:
                a, g, _ = parse_frame(buf[i:i + FRAME_LEN])
                acc.append(a)
                gyro.append(g)
            i += FRAME_LEN
        self._buf = buf[i:]
        self.junk_bytes += junk
        if not acc:
            if junk:
                raise DecodeError(f"WitMotion: {junk} bytes without a 55 61 frame header")
            self.ignored += 1
            return np.zeros(0), np.zeros((0, 3)), np.zeros((0, 3))
        self.frames += 1
        a = np.asarray(acc)
        return self.clock.place(len(a), host_t), a, np.asarray(gyro)
