"""Polar Measurement Data (PMD): H10, Verity Sense, OH1. Requests, responses, ACC frames.

Byte layouts follow sensor-protocols.md section 1 (Polar's SDK and PMD specification).
Decoding and encoding live side by side so the simulated sensors speak exactly what
the decoder accepts, and the round-trip tests check one against the other.

Sample times follow Polar's SDK (``PmdTimeStampUtils``): the frame timestamp is the
time of the LAST sample; the first frame spaces samples one nominal period apart,
later frames spread the time since the previous frame evenly over their samples.
One deliberate difference: when the spacing would exceed twice the nominal period
(frames were lost in between), the frame is timed like a first frame instead of
stretching its samples over the gap.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from .base import Decoded, Decoder, DecodeError, SensorClock, empty

SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
CP_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"

# Nanoseconds from the Unix epoch to Polar's epoch, 2000-01-01T00:00:00Z.
EPOCH_2000_NS = 946_684_800_000_000_000
# An H10 that lost power restarts its clock at 2019-01-01T00:00:00 (Polar epoch ns).
H10_DEFAULT_CLOCK_NS = 599_616_000_000_000_000

# Control-point op codes.
OP_GET_SETTINGS = 0x01
OP_START = 0x02
OP_STOP = 0x03
OP_GET_SDK_SETTINGS = 0x04
OP_GET_STATUS = 0x05

CP_RESPONSE = 0xF0
FEATURES = 0x0F
MEASUREMENT_STOPPED = 0x01  # device-initiated stop indication

MEAS_TYPES = {
    0: "ECG", 1: "PPG", 2: "ACC", 3: "PPI", 5: "GYRO", 6: "MAG", 7: "SKIN_TEMP",
    9: "SDK_MODE", 10: "LOCATION", 11: "PRESSURE", 12: "TEMPERATURE",
    13: "OFFLINE_RECORDING", 14: "OFFLINE_HR",
}
ACC = 2
SDK_MODE = 9

# Feature-read bitmap: byte 1 bits -> measurement type (byte 2 bits: see FEATURE_BITS_2).
FEATURE_BITS_1 = {0: 0, 1: 1, 2: 2, 3: 3, 5: 5, 6: 6, 7: 7}
FEATURE_BITS_2 = {1: 9, 2: 10, 3: 11, 4: 12, 5: 13, 6: 14}

# Status codes, numbered as in Polar's SDK (the 2019 PDF numbers them differently after 5).
ERRORS = {
    0: "SUCCESS", 1: "INVALID_OP_CODE", 2: "INVALID_MEASUREMENT_TYPE", 3: "NOT_SUPPORTED",
    4: "INVALID_LENGTH", 5: "INVALID_PARAMETER", 6: "ALREADY_IN_STATE",
    7: "INVALID_RESOLUTION", 8: "INVALID_SAMPLE_RATE", 9: "INVALID_RANGE",
    10: "INVALID_MTU", 11: "INVALID_NUMBER_OF_CHANNELS", 12: "INVALID_STATE",
    13: "DEVICE_IN_CHARGER", 14: "DISK_FULL",
}
ERROR_CODES = {v: k for k, v in ERRORS.items()}

# Setting types and the byte size of one value of each.
SET_RATE, SET_RESOLUTION, SET_RANGE, SET_RANGE_MILLI, SET_CHANNELS, SET_FACTOR, SET_SECURITY = range(7)
SETTING_NAMES = {0: "sample_rate", 1: "resolution", 2: "range", 3: "range_milli", 4: "channels", 5: "factor", 6: "security"}
SETTING_SIZE = {0: 2, 1: 2, 2: 2, 3: 4, 4: 1, 5: 4, 6: 16}

# ACC frame types: bytes per axis of the uncompressed ones.
RAW_AXIS_BYTES = {0x00: 1, 0x01: 2, 0x02: 3}


def to_unix_ns(polar_ns: int) -> int:
    """Polar time (ns since 2000-01-01, the device's own clock) -> Unix ns."""
    return int(polar_ns) + EPOCH_2000_NS


# -- settings -------------------------------------------------------------------------
def encode_settings(settings: dict[int, Sequence[float]] | Iterable[tuple[int, Sequence[float]]]) -> bytes:
    """``{setting_type: [values]}`` -> ``[type][count][values...]`` groups (in the given order)."""
    out = bytearray()
    items = settings.items() if isinstance(settings, dict) else settings
    for st, values in items:
        if st not in SETTING_SIZE:
            raise ValueError(f"unknown PMD setting type {st}")
        values = list(values)
        out += bytes((st, len(values)))
        for v in values:
            out += _pack_setting(st, v)
    return bytes(out)


def _pack_setting(st: int, v) -> bytes:
    if st == SET_FACTOR:
        return struct.pack("<f", float(v))
    if st == SET_SECURITY:
        b = bytes(v)
        if len(b) != 16:
            raise ValueError("a security setting is 16 bytes")
        return b
    return int(v).to_bytes(SETTING_SIZE[st], "little")


def parse_settings(data: bytes) -> dict[int, list]:
    """Setting groups -> ``{setting_type: [values]}``; raises DecodeError on a bad layout."""
    out: dict[int, list] = {}
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            raise DecodeError(f"PMD settings: truncated group header at byte {i}")
        st, count = data[i], data[i + 1]
        if st not in SETTING_SIZE:
            raise DecodeError(f"PMD settings: unknown setting type {st} at byte {i}")
        size = SETTING_SIZE[st]
        i += 2
        if i + size * count > len(data):
            raise DecodeError(f"PMD settings: setting {st} needs {size * count} bytes, {len(data) - i} left")
        vals = out.setdefault(st, [])
        for _ in range(count):
            chunk = data[i:i + size]
            if st == SET_FACTOR:
                vals.append(struct.unpack("<f", chunk)[0])
            elif st == SET_SECURITY:
                vals.append(bytes(chunk))
            else:
                vals.append(int.from_bytes(chunk, "little"))
            i += size
    return out


# -- requests (client -> device) -----------------------------------------------------
@dataclass(frozen=True)
class PmdRequest:
    op: int
    measurement: int
    recording: int = 0   # 0 online streaming, 1 offline recording
    settings: dict = field(default_factory=dict)


def build_request(op: int, measurement: int, settings: dict | None = None, recording: int = 0) -> bytes:
    """``[op][(recording << 7) | type][settings...]``."""
    return bytes((op, ((recording & 1) << 7) | (measurement & 0x7F))) + encode_settings(settings or {})


def build_start_acc(rate_hz: int, range_g: int, resolution: int = 16, channels: int | None = None) -> bytes:
    """The ACC start request (channels as the 1-byte setting the Verity needs)."""
    s: dict[int, list] = {SET_RATE: [rate_hz], SET_RESOLUTION: [resolution], SET_RANGE: [range_g]}
    if channels is not None:
        s[SET_CHANNELS] = [channels]
    return build_request(OP_START, ACC, s)


def parse_request(data: bytes) -> PmdRequest:
    """What a simulated sensor needs to understand a CP write."""
    if len(data) < 2:
        raise DecodeError(f"PMD request: {len(data)} bytes, need at least 2")
    if data[0] not in (1, 2, 3, 4, 5, 6, 7, 8, 9):
        raise DecodeError(f"PMD request: unknown op code 0x{data[0]:02X}")
    settings = parse_settings(data[2:]) if data[0] == OP_START else {}
    return PmdRequest(data[0], data[1] & 0x7F, data[1] >> 7, settings)


# -- responses (device -> client, CP indications) -----------------------------------
@dataclass(frozen=True)
class CpResponse:
    """A parsed ``F0`` control-point response."""

    op: int
    measurement: int
    status: int
    more: bool
    params: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def status_name(self) -> str:
        return ERRORS.get(self.status, f"UNKNOWN_ERROR_{self.status}")

    @property
    def reason(self) -> str:
        return f"{self.status_name} ({self.status})"

    def settings(self) -> dict[int, list]:
        """Setting groups in the parameters (op 01/04, and the factor after op 02).

        A parameter blob shorter than one group header (the H10's trailing "reserved"
        ``01`` after a start) carries no settings, as in Polar's SDK.
        """
        if len(self.params) < 2:
            return {}
        return parse_settings(self.params)

    def factor(self) -> float | None:
        vals = self.settings().get(SET_FACTOR) if self.ok else None
        return float(vals[0]) if vals else None


def parse_cp_response(data: bytes) -> CpResponse:
    """Parse one ``F0`` CP response packet (status, "more" flag, parameters)."""
    if len(data) < 4:
        raise DecodeError(f"PMD CP response: {len(data)} bytes, need at least 4")
    if data[0] != CP_RESPONSE:
        raise DecodeError(f"PMD CP response: first byte 0x{data[0]:02X}, expected 0xF0")
    status = data[3]
    # "More" and the parameters only mean something on success (SDK behaviour).
    more = bool(len(data) > 4 and data[4]) if status == 0 else False
    params = bytes(data[5:]) if status == 0 else b""
    return CpResponse(data[1], data[2] & 0x7F, status, more, params)


def check_cp_response(data: bytes) -> CpResponse:
    """``expect = "pmd_cp_response"``: parse a CP indication; ``.ok``, ``.reason``, ``.more``.

    While waiting for a response the driver skips indications for which
    :func:`cp_kind` is not ``"response"`` (BlueZ delivers the 0x0F feature read there).
    """
    return parse_cp_response(data)


@dataclass(frozen=True)
class Features:
    types: frozenset

    @property
    def ok(self) -> bool:
        return ACC in self.types

    @property
    def reason(self) -> str:
        names = ", ".join(MEAS_TYPES.get(t, str(t)) for t in sorted(self.types)) or "nothing"
        return f"offers {names}" + ("" if self.ok else " (no ACC)")

    more = False


def check_features(data: bytes) -> Features:
    """``expect = "pmd_features"``: the feature read; ``.ok`` when the device offers ACC."""
    return Features(frozenset(parse_features(data)))


def join_cp_responses(parts: Sequence[CpResponse]) -> CpResponse:
    """Join a response split with the "more" flag: parameters appended in order."""
    if not parts:
        raise DecodeError("PMD CP response: nothing to join")
    first = parts[0]
    for p in parts[1:]:
        if p.op != first.op:
            raise DecodeError(f"PMD CP response: op 0x{p.op:02X} inside a 0x{first.op:02X} response")
    return CpResponse(first.op, first.measurement, first.status, parts[-1].more, b"".join(p.params for p in parts))


def encode_cp_response(op: int, measurement: int, status: int = 0, more: bool = False, params: bytes = b"") -> bytes:
    """The indication a device sends back (``params`` only follow a success)."""
    head = bytes((CP_RESPONSE, op, measurement & 0xFF, status & 0xFF))
    if status != 0:
        return head
    return head + bytes((1 if more else 0,)) + bytes(params)


def encode_settings_response(measurement: int, settings: dict, op: int = OP_GET_SETTINGS, chunk: int | None = None) -> list[bytes]:
    """A settings response, split into packets of at most ``chunk`` parameter bytes."""
    params = encode_settings(settings)
    if not chunk or len(params) <= chunk:
        return [encode_cp_response(op, measurement, 0, False, params)]
    parts = [params[i:i + chunk] for i in range(0, len(params), chunk)]
    return [encode_cp_response(op, measurement, 0, i < len(parts) - 1, p) for i, p in enumerate(parts)]


def cp_kind(data: bytes) -> str:
    """Route a CP indication: ``response`` (F0), ``features`` (0F, BlueZ quirk),
    ``stopped`` (device-initiated stop) or ``unknown``."""
    if not data:
        return "unknown"
    return {CP_RESPONSE: "response", FEATURES: "features", MEASUREMENT_STOPPED: "stopped"}.get(data[0], "unknown")


def parse_stopped(data: bytes) -> list[int]:
    """Measurement types a device-initiated stop indication lists."""
    if not data or data[0] != MEASUREMENT_STOPPED:
        raise DecodeError("PMD stop indication must start with 0x01")
    return [b & 0x3F for b in data[1:]]


def parse_features(data: bytes) -> set[int]:
    """The ``0F`` feature read -> the set of measurement types the device offers."""
    if len(data) < 2 or data[0] != FEATURES:
        raise DecodeError("PMD feature read must start with 0x0F and carry a bitmap")
    out = {t for bit, t in FEATURE_BITS_1.items() if data[1] >> bit & 1}
    if len(data) > 2:
        out |= {t for bit, t in FEATURE_BITS_2.items() if data[2] >> bit & 1}
    return out


def encode_features(types: Iterable[int], length: int = 17) -> bytes:
    b1 = b2 = 0
    for t in types:
        for bit, tt in FEATURE_BITS_1.items():
            if tt == t:
                b1 |= 1 << bit
        for bit, tt in FEATURE_BITS_2.items():
            if tt == t:
                b2 |= 1 << bit
    out = bytes((FEATURES, b1, b2))
    return out + bytes(max(0, length - len(out)))


# -- data frames ---------------------------------------------------------------------
@dataclass(frozen=True)
class PmdFrame:
    measurement: int
    timestamp_ns: int     # Polar epoch (2000-01-01), time of the LAST sample
    frame_type: int       # bits 0-6
    compressed: bool      # bit 7
    content: bytes

    @property
    def type_byte(self) -> int:
        return self.frame_type | (0x80 if self.compressed else 0)


def parse_frame(data: bytes) -> PmdFrame:
    if len(data) < 10:
        raise DecodeError(f"PMD frame: {len(data)} bytes, the header alone is 10")
    ts = int.from_bytes(data[1:9], "little")
    return PmdFrame(data[0] & 0x3F, ts, data[9] & 0x7F, bool(data[9] & 0x80), bytes(data[10:]))


def encode_frame(measurement: int, timestamp_ns: int, type_byte: int, content: bytes) -> bytes:
    return bytes((measurement,)) + int(timestamp_ns).to_bytes(8, "little") + bytes((type_byte,)) + bytes(content)


def _signed(v: int, bits: int) -> int:
    return v - (1 << bits) if v >> (bits - 1) & 1 else v


def decode_raw(content: bytes, type_byte: int) -> np.ndarray:
    """Uncompressed ACC content (types 0x00/0x01/0x02) -> (N, 3) int64 counts."""
    nb = RAW_AXIS_BYTES.get(type_byte)
    if nb is None:
        raise DecodeError(f"PMD ACC: 0x{type_byte:02X} is not an uncompressed frame type")
    step = 3 * nb
    if len(content) % step:
        raise DecodeError(f"PMD ACC type 0x{type_byte:02X}: {len(content)} content bytes is not a whole number of {step}-byte samples")
    if nb == 1:
        return np.frombuffer(content, dtype=np.int8).astype(np.int64).reshape(-1, 3)
    if nb == 2:
        return np.frombuffer(content, dtype="<i2").astype(np.int64).reshape(-1, 3)
    b = np.frombuffer(content, dtype=np.uint8).reshape(-1, 3).astype(np.int64)
    v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
    v = np.where(v & 0x800000, v - (1 << 24), v)
    return v.reshape(-1, 3)


def decode_delta(content: bytes, channels: int = 3, resolution: int = 16) -> np.ndarray:
    """Delta-compressed content -> (N, channels) int64: reference sample, then blocks of
    ``[bit_width][count][LSB-first packed two's-complement deltas]``."""
    ref_bytes = (resolution + 7) // 8
    head = channels * ref_bytes
    if len(content) < head:
        raise DecodeError(f"PMD delta frame: {len(content)} bytes, the reference sample alone is {head}")
    ref = [_signed(int.from_bytes(content[i * ref_bytes:(i + 1) * ref_bytes], "little") & ((1 << resolution) - 1), resolution)
           for i in range(channels)]
    rows = [ref]
    i = head
    prev = list(ref)
    while i < len(content):
        if i + 2 > len(content):
            raise DecodeError(f"PMD delta frame: truncated block header at byte {i}")
        width, count = content[i], content[i + 1]
        i += 2
        if width == 0 or width > 32:
            raise DecodeError(f"PMD delta frame: bit width {width} at byte {i - 2}")
        if count == 0:
            raise DecodeError(f"PMD delta frame: empty block at byte {i - 2}")
        nbytes = (width * count * channels + 7) // 8
        if i + nbytes > len(content):
            raise DecodeError(f"PMD delta frame: block needs {nbytes} bytes, {len(content) - i} left")
        bits = int.from_bytes(content[i:i + nbytes], "little")
        i += nbytes
        mask = (1 << width) - 1
        for _ in range(count):
            cur = []
            for c in range(channels):
                d = _signed(bits & mask, width)
                bits >>= width
                cur.append(prev[c] + d)
            rows.append(cur)
            prev = cur
    return np.asarray(rows, dtype=np.int64)


def _width_for(values: Iterable[int]) -> int:
    w = 1
    for v in values:
        need = (v.bit_length() + 1) if v >= 0 else ((-v - 1).bit_length() + 1)
        w = max(w, need)
    return w


def encode_delta(samples: np.ndarray | Sequence[Sequence[int]], block: int = 29, resolution: int = 16, min_width: int = 1) -> bytes:
    """Integer samples -> delta-compressed content (the inverse of :func:`decode_delta`).

    Each block of up to ``block`` samples uses the smallest bit width (at least
    ``min_width``) that holds its deltas.
    """
    s = np.asarray(samples, dtype=np.int64)
    if s.ndim != 2:
        s = s.reshape(-1, 3)
    if len(s) == 0:
        raise ValueError("a delta frame needs at least the reference sample")
    if not 1 <= block <= 255:
        raise ValueError("block size must be 1..255")
    ref_bytes = (resolution + 7) // 8
    lim = 1 << (resolution - 1)
    if (s < -lim).any() or (s >= lim).any():
        raise ValueError(f"sample outside {resolution}-bit range")
    out = bytearray()
    for v in s[0]:
        out += (int(v) & ((1 << (8 * ref_bytes)) - 1)).to_bytes(ref_bytes, "little")
    d = np.diff(s, axis=0)
    for b0 in range(0, len(d), block):
        blk = d[b0:b0 + block]
        width = max(min_width, _width_for(int(x) for x in blk.ravel()))
        if width > 32:
            raise ValueError("delta too large for a 32-bit field")
        acc = 0
        pos = 0
        for row in blk:
            for v in row:
                acc |= (int(v) & ((1 << width) - 1)) << pos
                pos += width
        out += bytes((width, len(blk))) + acc.to_bytes((pos + 7) // 8, "little")
    return bytes(out)


def encode_acc_frame(timestamp_ns: int, samples: np.ndarray | Sequence[Sequence[int]], type_byte: int = 0x01, block: int = 29, min_width: int = 1) -> bytes:
    """An ACC data notification from integer samples (mG for 0x00-0x02/0x81, counts for 0x80)."""
    s = np.asarray(samples, dtype=np.int64).reshape(-1, 3)
    if type_byte in RAW_AXIS_BYTES:
        nb = RAW_AXIS_BYTES[type_byte]
        lim = 1 << (8 * nb - 1)
        if (s < -lim).any() or (s >= lim).any():
            raise ValueError(f"sample outside the {8 * nb}-bit range of frame type 0x{type_byte:02X}")
        content = b"".join((int(v) & ((1 << (8 * nb)) - 1)).to_bytes(nb, "little") for v in s.ravel())
    elif type_byte in (0x80, 0x81):
        content = encode_delta(s, block=block, min_width=min_width)
    else:
        raise ValueError(f"unsupported ACC frame type 0x{type_byte:02X}")
    return encode_frame(ACC, timestamp_ns, type_byte, content)


def acc_counts(frame: PmdFrame) -> np.ndarray:
    """(N, 3) integer values of an ACC frame (mG, or sensor counts for type 0x80)."""
    if frame.compressed:
        if frame.frame_type not in (0, 1):
            raise DecodeError(f"PMD ACC: unknown compressed frame type 0x{frame.type_byte:02X}")
        # Polar's SDK hard-codes 16-bit resolution for both compressed ACC types.
        return decode_delta(frame.content, 3, 16)
    return decode_raw(frame.content, frame.frame_type)


def sample_times_ns(t_last: int, n: int, t_prev: int | None, rate_hz: float) -> list[int]:
    """Per-sample times, as Polar's SDK derives them (see module doc)."""
    if n <= 0:
        return []
    if t_prev is None:
        delta = 1e9 / rate_hz
        out = [t_last - int(math.floor(delta * (n - 1 - i) + 0.5)) for i in range(n)]
    else:
        if t_last <= t_prev:
            raise DecodeError(f"PMD frame time {t_last} ns is not after the previous frame ({t_prev} ns)")
        span = t_last - t_prev
        # round(t_prev + span * (i + 1) / n) in exact integer arithmetic.
        out = [t_prev + (2 * span * (i + 1) + n) // (2 * n) for i in range(n)]
    if out[0] < 0:
        raise DecodeError("PMD frame: sample times before the Polar epoch")
    return out


class PolarPmdDecoder(Decoder):
    """ACC frames from the PMD data characteristic -> (t, acc in g, None).

    params: ``compressed0_factor`` (G per count for type 0x80 when the start response
    carries no factor, default 2.44e-4), ``type0_unit_g`` (g per count of type 0x00,
    default 0.001: the SDK treats it as mG).
    """

    name = "polar_pmd"
    timestamps = "sensor"

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        super().__init__(rate_hz, range_g, params)
        self.factor: float | None = None  # from the start response
        self.default_factor0 = float(self.params.get("compressed0_factor", 2.44e-4))
        self.type0_unit = float(self.params.get("type0_unit_g", 0.001))
        self._prev: dict[int, int] = {}
        self._base_ns: int | None = None
        self.clock = SensorClock()

    def on_control(self, data: bytes) -> None:
        if cp_kind(data) != "response":
            return
        try:
            r = parse_cp_response(data)
            if r.op == OP_START and r.measurement == ACC:
                f = r.factor()
                if f is not None and math.isfinite(f) and f > 0:
                    self.factor = f
        except DecodeError:
            pass

    def reset(self) -> None:
        self._prev.clear()
        self.clock.reset()

    def scale_g(self, type_byte: int) -> float:
        if type_byte == 0x80:
            return self.factor if self.factor is not None else self.default_factor0
        if type_byte == 0x81:
            return (self.factor if self.factor is not None else 1.0) / 1000.0
        if type_byte == 0x00:
            return self.type0_unit
        return 0.001

    def decode(self, data: bytes, host_t: float) -> Decoded:
        frame = parse_frame(data)
        if frame.measurement != ACC or frame.type_byte not in (0x00, 0x01, 0x02, 0x80, 0x81):
            self.ignored += 1  # other streams and new frame types are skipped, not errors
            return empty()
        counts = acc_counts(frame)
        n = len(counts)
        if n == 0:
            raise DecodeError("PMD ACC frame without samples")
        prev = self._prev.get(frame.type_byte)
        period_ns = 1e9 / self.rate_hz
        if prev is not None:
            per = (frame.timestamp_ns - prev) / n
            if frame.timestamp_ns <= prev - 1_000_000_000:
                prev = None  # the sensor clock went back (reset or set): start afresh
            elif per < 0.5 * period_ns:
                # A replayed or duplicated frame, or a corrupt time: its samples would
                # pile up on (or before) the previous frame's.
                raise DecodeError(f"PMD frame time {frame.timestamp_ns} ns leaves {per:.0f} ns per sample after the previous frame")
            elif per > 1.5 * period_ns:
                prev = None  # frames were lost: do not stretch this frame over the gap
        ts = sample_times_ns(frame.timestamp_ns, n, prev, self.rate_hz)
        self._prev[frame.type_byte] = frame.timestamp_ns
        if self._base_ns is None:
            self._base_ns = ts[0]
        # Relative to the first sample in integer ns before going to float seconds, so
        # ns-since-2000 values (~6e17) keep sub-microsecond precision.
        t = self.clock.map(np.asarray([x - self._base_ns for x in ts], dtype=np.float64) / 1e9, host_t)
        self.frames += 1
        return t, counts.astype(np.float64) * self.scale_g(frame.type_byte), None
