"""Simulated DIY sensor (ESP32/Arduino) speaking repcount's NUS text line protocol.

Protocol: :mod:`repcount.decoders.nus` (line format v1, documented there and in
docs/profiles.md). RX (write) takes ``rate <hz>``, ``start``, ``stop`` lines; TX
(notify) carries ``a,<t_ms>,ax,ay,az`` lines (``m,...`` with gyro) as a byte stream cut
into notifications of at most MTU - 3 bytes, so lines do get split across
notifications. An unsupported rate (or the ``reject_config`` fault) is answered with a
``# error ...`` comment line and, for a write with response, an ATT Application Error
(0x80).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...decoders import nus
from .base import SimulatedSensor
from .gatt import APPLICATION_ERROR, att_error, characteristic, service

BOOT_MS = 5_000


class NusTextSensor(SimulatedSensor):
    profile_name = "nus-text"
    default_name = "repcount"
    adv_uuids128 = (nus.SERVICE_UUID,)
    rates_hz = (25, 50, 100, 200)

    def __init__(self, *args: Any, gyro: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gyro = gyro
        self.has_gyro = gyro
        self.rate = 100.0
        self._line_buf = b""

    def build_services(self) -> list[Any]:
        self._rx = characteristic(nus.RX_UUID, ["write", "write-without-response"], write=self._write)
        self._tx = characteristic(nus.TX_UUID, ["notify"])
        return [service(nus.SERVICE_UUID, [self._rx, self._tx])]

    def data_characteristic(self) -> Any:
        return self._tx

    def _say(self, text: str) -> None:
        import asyncio

        asyncio.ensure_future(self.device.notify_subscribers(self._tx, f"# {text}\n".encode()))

    def _write(self, conn: Any, data: bytes) -> None:
        self.stats.writes.append(data)
        self._line_buf += data
        *lines, self._line_buf = self._line_buf.split(b"\n")
        for line in lines:
            try:
                cmd, val = nus.parse_command(line)
            except nus.DecodeError as e:
                self._say(f"error {e}")
                continue
            if cmd == "rate":
                if self.faults.reject_config or val not in self.rates_hz:
                    self.stats.rejected += 1
                    self._say(f"error rate {val:g} not supported ({', '.join(str(r) for r in self.rates_hz)})")
                    raise att_error(APPLICATION_ERROR)
                self.rate = float(val)
                if self._streaming:
                    self.start_stream(self.rate)
            elif cmd == "start" and not self._streaming:
                self.start_stream(self.rate)
            elif cmd == "stop" and self._streaming:
                self.stop_stream()

    def samples_per_notification(self, mtu: int) -> int:
        # About one and a half notifications of text per batch: lines get split.
        return max(1, (mtu - 3) * 3 // 2 // 30)

    def corrupt(self, payload: bytes) -> bytes:
        # Garbled text: every character but the line ends, so no line in it parses.
        return bytes(b if b == 0x0A else 0x3F for b in payload)

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> list[bytes]:
        lines = b"".join(
            nus.encode_line(BOOT_MS + int(round((first_index + k) * 1000.0 / self.rate_hz)), acc[k], (gyro[k] if self.gyro and gyro is not None else None))
            for k in range(len(acc))
        )
        return nus.split_notifications(lines, int(self.connection.att_mtu) - 3)
