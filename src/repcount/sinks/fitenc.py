"""A small FIT encoder: just enough of the protocol to write an activity file.

FIT is a header, a stream of records (a *definition* message says which fields a local
message type carries, *data* messages then carry the values) and a CRC. We write each
message with its own definition (local type 0), which costs a few bytes per message and
keeps the encoder free of state; files from a training session are tiny anyway.

Only the base types we need are here. Values of ``None`` are written as the type's
"invalid" value, which is how FIT says "not known".

>>> w = FitWriter()
>>> w.message(0, [(0, ENUM, 4)])        # file_id.type = activity
>>> data = w.to_bytes()
>>> data[8:12]
b'.FIT'
"""

from __future__ import annotations

import datetime as _dt
import struct
from dataclasses import dataclass

# Seconds between the Unix epoch and FIT's (1989-12-31T00:00:00Z).
FIT_EPOCH_OFFSET = 631065600

_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)


def crc16(data: bytes, crc: int = 0) -> int:
    """FIT's CRC-16 (the SDK's nibble-table variant)."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


@dataclass(frozen=True)
class BaseType:
    code: int  # the byte written in field definitions
    fmt: str  # struct format (little endian)
    invalid: int

    @property
    def size(self) -> int:
        return struct.calcsize("<" + self.fmt)


ENUM = BaseType(0x00, "B", 0xFF)
UINT8 = BaseType(0x02, "B", 0xFF)
UINT16 = BaseType(0x84, "H", 0xFFFF)
UINT32 = BaseType(0x86, "I", 0xFFFFFFFF)
UINT32Z = BaseType(0x8C, "I", 0)


def fit_time(t: _dt.datetime | float) -> int:
    """A FIT ``date_time``: whole seconds since FIT's epoch, from a datetime or Unix time."""
    unix = t.timestamp() if isinstance(t, _dt.datetime) else float(t)
    return int(unix) - FIT_EPOCH_OFFSET


Field = tuple  # (field number, BaseType, value | None | list of values for an array)


class FitWriter:
    """Collects messages; :meth:`to_bytes` returns the complete file (header + CRC)."""

    PROTOCOL_VERSION = 0x20  # 2.0
    PROFILE_VERSION = 2132  # 21.32

    def __init__(self) -> None:
        self._records = bytearray()

    def message(self, global_num: int, fields: list[Field]) -> None:
        """Append one message (a definition for local type 0, then its data)."""
        defs = bytearray(struct.pack("<BBBHB", 0x40, 0, 0, global_num, len(fields)))
        data = bytearray(b"\x00")
        for num, bt, value in fields:
            values = value if isinstance(value, (list, tuple)) else [value]
            defs += struct.pack("<BBB", num, bt.size * len(values), bt.code)
            for v in values:
                data += struct.pack("<" + bt.fmt, bt.invalid if v is None else _clamp(int(v), bt))
        self._records += defs + data

    def to_bytes(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, self.PROTOCOL_VERSION, self.PROFILE_VERSION, len(self._records), b".FIT")
        header += struct.pack("<H", crc16(header))
        body = header + bytes(self._records)
        return body + struct.pack("<H", crc16(body))


def _clamp(v: int, bt: BaseType) -> int:
    # A value that does not fit would corrupt the file; the largest valid value is
    # one below "invalid" for unsigned types.
    hi = (1 << (8 * bt.size)) - 2
    return max(0, min(v, hi))
