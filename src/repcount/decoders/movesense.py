"""Movesense GATT SensorData Protocol (GSP): commands, results and /Meas/Acc data.

Layouts: sensor-protocols.md section 2. A DATA packet is ``02 <ref>`` + u32 ms (sensor
uptime, time of the FIRST sample) + N x float32 (x, y, z) in m/s^2, gravity included.
A payload too large for one notification continues in a ``03 <ref>`` DATA_PART2
packet: a DATA packet whose body is not a whole number of samples is held until its
continuation arrives. Status codes are written big-endian, as the sample firmware
hand-codes its 507 (the byte order is an open question in the reference).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from .base import Decoded, Decoder, DecodeError, SensorClock, empty

SERVICE_UUID = "34802252-7185-4d5d-b431-630e7050e8f0"
COMMAND_UUID = "34800001-7185-4d5d-b431-630e7050e8f0"
DATA_UUID = "34800002-7185-4d5d-b431-630e7050e8f0"

HELLO, SUBSCRIBE, UNSUBSCRIBE = 0, 1, 2
COMMAND_RESULT, DATA, DATA_PART2 = 1, 2, 3
G = 9.80665
RATES = (13, 26, 52, 104, 208, 416, 833, 1666)


# -- commands (client -> sensor) --------------------------------------------------------
def build_hello(ref: int) -> bytes:
    return bytes((HELLO, _ref(ref)))


def build_subscribe(ref: int, path: str) -> bytes:
    return bytes((SUBSCRIBE, _ref(ref))) + path.encode("ascii")


def build_unsubscribe(ref: int) -> bytes:
    return bytes((UNSUBSCRIBE, _ref(ref)))


def _ref(ref: int) -> int:
    if not 1 <= ref <= 255:
        raise ValueError("a GSP client reference is 1..255")
    return ref


@dataclass(frozen=True)
class Command:
    command: int
    ref: int
    path: str = ""


def parse_command(data: bytes) -> Command:
    """A command as the sensor sees it (for the simulated sensor)."""
    if len(data) < 2:
        raise DecodeError(f"GSP command: {len(data)} bytes, need at least 2")
    cmd, ref = data[0], data[1]
    if cmd not in (HELLO, SUBSCRIBE, UNSUBSCRIBE):
        raise DecodeError(f"GSP command: unknown command {cmd}")
    if ref == 0:
        raise DecodeError("GSP command: the client reference must be non-zero")
    try:
        path = bytes(data[2:]).decode("ascii")
    except UnicodeDecodeError:
        raise DecodeError("GSP command: the resource path is not ASCII") from None
    if cmd == SUBSCRIBE and not path.startswith("/"):
        raise DecodeError(f"GSP subscribe: bad resource path {path!r}")
    return Command(cmd, ref, path)


def acc_rate_of(path: str) -> int | None:
    """52 for ``/Meas/Acc/52``; None for other resources."""
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[0] == "Meas" and parts[1] == "Acc" and parts[2].isdigit():
        return int(parts[2])
    return None


# -- sensor -> client -----------------------------------------------------------------
def encode_hello_result(ref: int) -> bytes:
    return bytes((COMMAND_RESULT, ref)) + b"Hello"


def encode_result(ref: int, status: int) -> bytes:
    return bytes((COMMAND_RESULT, ref)) + int(status).to_bytes(2, "big")


def encode_acc(ref: int, timestamp_ms: int, samples_ms2) -> bytes:
    """A /Meas/Acc DATA packet (samples in m/s^2, time of the first sample in ms)."""
    s = np.asarray(samples_ms2, dtype="<f4").reshape(-1, 3)
    return bytes((DATA, ref)) + struct.pack("<I", int(timestamp_ms) & 0xFFFFFFFF) + s.tobytes()


def split_part2(packet: bytes, max_value: int) -> list[bytes]:
    """Split a DATA packet that does not fit ``max_value`` bytes into DATA + DATA_PART2."""
    if len(packet) <= max_value:
        return [packet]
    if max_value < 3:
        raise ValueError("max_value too small")
    head, rest = packet[:max_value], packet[max_value:]
    parts = [head]
    step = max_value - 2
    for i in range(0, len(rest), step):
        parts.append(bytes((DATA_PART2, packet[1])) + rest[i:i + step])
    return parts


@dataclass(frozen=True)
class Result:
    ref: int
    status: int | None  # None for the HELLO answer
    more = False

    @property
    def ok(self) -> bool:
        return self.status is None or self.status < 300

    @property
    def reason(self) -> str:
        return "hello" if self.status is None else f"status {self.status}"


def parse_result(data: bytes) -> Result:
    if len(data) < 2 or data[0] != COMMAND_RESULT:
        raise DecodeError("GSP result must start with 0x01")
    body = bytes(data[2:])
    if body == b"Hello":
        return Result(data[1], None)
    if len(body) != 2:
        raise DecodeError(f"GSP result: {len(body)} status bytes, expected 2")
    return Result(data[1], int.from_bytes(body, "big"))


def check_hello(data: bytes) -> Result:
    """``expect = "movesense_hello"``: the answer to HELLO."""
    return parse_result(data)


class MovesenseDecoder(Decoder):
    """``/Meas/Acc/<rate>`` DATA packets -> (t, acc in g, None); results are noted, not samples."""

    name = "movesense_gsp"
    timestamps = "sensor"

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        super().__init__(rate_hz, range_g, params)
        self.clock = SensorClock()
        self._pending: bytes | None = None
        self.last_result: Result | None = None

    def reset(self) -> None:
        self._pending = None
        self.clock.reset()

    def decode(self, data: bytes, host_t: float) -> Decoded:
        if len(data) < 2:
            raise DecodeError(f"GSP packet: {len(data)} bytes")
        kind = data[0]
        if kind == COMMAND_RESULT:
            self.last_result = parse_result(data)
            self.ignored += 1
            return empty()
        if kind == DATA:
            stale = self._pending is not None
            self._pending = None
            body = bytes(data[2:])
            if len(body) < 4:
                raise DecodeError(f"GSP data: {len(body)} payload bytes, the timestamp alone is 4")
            if (len(body) - 4) % 12:
                self._pending = bytes(data)  # continues in a DATA_PART2 packet
                if stale:
                    raise DecodeError("GSP data: previous packet never completed")
                return empty()
            if stale:
                # The incomplete packet is lost; this one still decodes.
                self.ignored += 1
            return self._samples(body, host_t)
        if kind == DATA_PART2:
            if self._pending is None or self._pending[1] != data[1]:
                self._pending = None
                raise DecodeError("GSP DATA_PART2 without the packet it continues")
            joined = self._pending + bytes(data[2:])
            body = joined[2:]
            if (len(body) - 4) % 12:
                self._pending = joined
                return empty()
            self._pending = None
            return self._samples(body, host_t)
        raise DecodeError(f"GSP packet: unknown type 0x{kind:02X}")

    def _samples(self, body: bytes, host_t: float) -> Decoded:
        ts_ms = struct.unpack_from("<I", body)[0]
        with np.errstate(invalid="ignore"):  # NaN payloads are rejected just below
            vals = np.frombuffer(body[4:], dtype="<f4").astype(np.float64).reshape(-1, 3)
        if len(vals) == 0:
            raise DecodeError("GSP data without samples")
        if not np.isfinite(vals).all():
            raise DecodeError("GSP data: non-finite acceleration")
        n = len(vals)
        sensor_t = (ts_ms + np.arange(n) * 1000.0 / self.rate_hz) / 1000.0
        t = self.clock.map(sensor_t, host_t)
        self.frames += 1
        return t, vals / G, None

