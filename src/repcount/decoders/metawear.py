"""MbientLab MetaWear / MetaMotion: accelerometer commands and data notifications.

Layouts: sensor-protocols.md section 3. Every message is ``[module][register][payload]``;
the accelerometer is module 0x03. Data carry no time: samples are placed on a
rate-locked host timeline (see :mod:`repcount.decoders.base`). Bosch BMI160 and BMI270
differ in their config bytes and in the register of packed (3-sample) data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Decoded, Decoder, DecodeError, HostClock, empty

SERVICE_UUID = "326a9000-85cb-9195-d9dd-464cfbbae75a"
COMMAND_UUID = "326a9001-85cb-9195-d9dd-464cfbbae75a"
NOTIFY_UUID = "326a9006-85cb-9195-d9dd-464cfbbae75a"

ACC_MODULE = 0x03
REG_POWER, REG_INT_ENABLE, REG_CONFIG, REG_DATA = 0x01, 0x02, 0x03, 0x04
PACKED_REG = {"bmi160": 0x1C, "bmi270": 0x05}
IMPLEMENTATION = {"mma8452q": 0, "bmi160": 1, "bma255": 3, "bmi270": 4}

ODR_CODES = {0.78125: 1, 1.5625: 2, 3.125: 3, 6.25: 4, 12.5: 5, 25: 6, 50: 7, 100: 8, 200: 9, 400: 10, 800: 11, 1600: 12}
RANGE_CODES = {"bmi160": {2: 0x03, 4: 0x05, 8: 0x08, 16: 0x0C}, "bmi270": {2: 0x00, 4: 0x01, 8: 0x02, 16: 0x03}}


def lsb_per_g(range_g: float) -> float:
    return 32768.0 / range_g


def config_bytes(chip: str, rate_hz: float, range_g: float) -> bytes:
    """The 2-byte DATA_CONFIG payload the SDK writes (ODR | bwp << 4 | us << 7, range code)."""
    odr = ODR_CODES[rate_hz]
    if chip == "bmi160":
        us, bwp = (1, 0) if rate_hz < 12.5 else (0, 2)
    elif chip == "bmi270":
        us, bwp = (0, 2) if rate_hz < 12.5 else (1, 2)
    else:
        raise ValueError(f"unknown chip {chip!r}")
    return bytes((odr | bwp << 4 | us << 7, RANGE_CODES[chip][int(range_g)]))


def start_commands(chip: str, rate_hz: float, range_g: float, packed: bool = False) -> list[bytes]:
    """What the C++ SDK writes to stream (after enabling notifications)."""
    reg = PACKED_REG[chip] if packed else REG_DATA
    start = 0x02 if (chip == "bmi270" and rate_hz < 12.5) else 0x01
    return [bytes((3, 3)) + config_bytes(chip, rate_hz, range_g), bytes((3, reg, 1)), bytes((3, 2, 1, 0)), bytes((3, 1, start))]


def stop_commands(packed_reg: int = REG_DATA) -> list[bytes]:
    return [bytes((3, 2, 0, 1)), bytes((3, 1, 0)), bytes((3, packed_reg, 0))]


@dataclass(frozen=True)
class Message:
    module: int
    register: int
    payload: bytes

    @property
    def is_read(self) -> bool:
        return bool(self.register & 0x80)


def parse_message(data: bytes) -> Message:
    """Any command or notification (``[module][register][payload]``)."""
    if len(data) < 2:
        raise DecodeError(f"MetaWear message: {len(data)} bytes, need at least 2")
    return Message(data[0], data[1], bytes(data[2:]))


def decode_config(payload: bytes, chip: str) -> tuple[float, float]:
    """(rate_hz, range_g) from a DATA_CONFIG payload (for the simulated board)."""
    if len(payload) != 2:
        raise DecodeError(f"MetaWear acc config: {len(payload)} bytes, expected 2")
    odr = payload[0] & 0x0F
    rates = {v: k for k, v in ODR_CODES.items()}
    ranges = {v: k for k, v in RANGE_CODES[chip].items()}
    if odr not in rates or payload[1] not in ranges:
        raise DecodeError(f"MetaWear acc config: bad ODR/range bytes {payload.hex(' ')}")
    return rates[odr], float(ranges[payload[1]])


def encode_module_info(module: int, implementation: int | None, revision: int = 0, extra: bytes = b"") -> bytes:
    """The module discovery reply; ``implementation=None`` means the module is absent."""
    if implementation is None:
        return bytes((module, 0x80))
    return bytes((module, 0x80, implementation, revision)) + extra


def _counts(samples_g, range_g: float) -> bytes:
    c = np.round(np.asarray(samples_g, dtype=np.float64).reshape(-1, 3) * lsb_per_g(range_g))
    return np.clip(c, -32768, 32767).astype("<i2").tobytes()


def encode_acc(sample_g, range_g: float) -> bytes:
    """One streamed sample: ``03 04`` + int16 x, y, z."""
    return bytes((ACC_MODULE, REG_DATA)) + _counts(sample_g, range_g)[:6]


def encode_packed(samples_g, range_g: float, chip: str) -> bytes:
    """Three samples in one notification (``03 1C`` BMI160, ``03 05`` BMI270)."""
    s = np.asarray(samples_g, dtype=np.float64).reshape(-1, 3)
    if len(s) != 3:
        raise ValueError("a packed notification holds exactly 3 samples")
    return bytes((ACC_MODULE, PACKED_REG[chip])) + _counts(s, range_g)


@dataclass(frozen=True)
class ModuleInfo:
    module: int
    implementation: int | None
    revision: int | None
    wanted: int | None = None
    more = False

    @property
    def ok(self) -> bool:
        if self.implementation is None:
            return False
        return self.wanted is None or self.implementation == self.wanted

    @property
    def reason(self) -> str:
        if self.implementation is None:
            return f"module 0x{self.module:02X} absent"
        names = {v: k for k, v in IMPLEMENTATION.items()}
        got = names.get(self.implementation, str(self.implementation))
        if self.ok:
            return f"module 0x{self.module:02X}: {got} rev {self.revision}"
        return f"module 0x{self.module:02X} is {got}, this profile is for {names.get(self.wanted, self.wanted)}"


def check_module_info(data: bytes, implementation: int | str | None = None, module: int | None = None) -> ModuleInfo:
    """``expect = "metawear_module_info"`` (``expect_args = { implementation = 1 }``)."""
    m = parse_message(data)
    if not m.is_read or m.register & 0x7F != 0:
        raise DecodeError(f"MetaWear: {bytes(data[:2]).hex(' ')} is not a module-info reply")
    if module is not None and m.module != module:
        raise DecodeError(f"MetaWear: module-info reply for module 0x{m.module:02X}, waiting for 0x{module:02X}")
    if isinstance(implementation, str):
        implementation = IMPLEMENTATION[implementation]
    if len(m.payload) < 2:
        return ModuleInfo(m.module, None, None, implementation)
    return ModuleInfo(m.module, m.payload[0], m.payload[1], implementation)


class MetaWearDecoder(Decoder):
    """``03 04`` (one sample) and packed (three samples) notifications -> (t, acc in g, None).

    params: ``chip`` = "bmi160" | "bmi270" (selects the packed register).
    Other modules' and registers' notifications are ignored, not errors.
    """

    name = "metawear"

    def __init__(self, rate_hz: float, range_g: float, params: dict | None = None) -> None:
        super().__init__(rate_hz, range_g or 16.0, params)
        self.chip = self.params.get("chip", "bmi160")
        if self.chip not in PACKED_REG:
            raise ValueError(f"unknown MetaWear chip {self.chip!r}")
        self.packed_reg = PACKED_REG[self.chip]
        self.scale = 1.0 / lsb_per_g(self.range_g)
        self.clock = HostClock(rate_hz)

    def reset(self) -> None:
        self.clock.reset()

    def decode(self, data: bytes, host_t: float) -> Decoded:
        m = parse_message(data)
        if m.module != ACC_MODULE or m.register not in (REG_DATA, self.packed_reg):
            self.ignored += 1
            return empty()
        want = 6 if m.register == REG_DATA else 18
        if len(m.payload) != want:
            raise DecodeError(f"MetaWear acc data 03 {m.register:02X}: {len(m.payload)} payload bytes, expected {want}")
        acc = np.frombuffer(m.payload, dtype="<i2").astype(np.float64).reshape(-1, 3) * self.scale
        self.frames += 1
        return self.clock.place(len(acc), host_t), acc, None
