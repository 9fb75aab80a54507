"""Simulated BBC micro:bit running a program with the Bluetooth accelerometer service.

Protocol (sensor-protocols.md section 5), bytes from :mod:`repcount.decoders.microbit`:

- Accelerometer Data (read, notify): int16 xyz milli-g, one sample per notification,
  every period while notifications are on.
- Accelerometer Period (read, write): u16 ms. As the DAL does, a value that is not one
  of 1, 2, 5, 10, 20, 80, 160, 640 is replaced by the nearest supported period (read it
  back to see). Default 20 ms.
- The ``reject_config`` fault models a micro:bit whose profile requires pairing: the
  period write fails with Insufficient Authentication (0x05).
- ATT MTU 23 (nRF51).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...decoders import microbit as mb
from .base import SimulatedSensor
from .gatt import INVALID_ATTRIBUTE_VALUE_LENGTH, att_error, characteristic, service

INSUFFICIENT_AUTHENTICATION = 0x05


class MicrobitSensor(SimulatedSensor):
    profile_name = "microbit"
    default_name = "BBC micro:bit [zuvat]"
    max_mtu = 23

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period_ms = 20

    def build_services(self) -> list[Any]:
        self._data = characteristic(mb.DATA_UUID, ["read", "notify"], read=self._read_sample)
        self._period = characteristic(mb.PERIOD_UUID, ["read", "write"], read=lambda c: mb.encode_period(self.period_ms), write=self._write_period)
        return [service(mb.SERVICE_UUID, [self._data, self._period])]

    def data_characteristic(self) -> Any:
        return self._data

    def _read_sample(self, conn: Any) -> bytes:
        if self._acc is not None and len(self._acc):
            return mb.encode_sample(self._acc[min(self._pos, len(self._acc) - 1)])
        return mb.encode_sample((0.0, 0.0, -1.0))

    def _write_period(self, conn: Any, data: bytes) -> None:
        self.stats.writes.append(data)
        if self.faults.reject_config:
            self.stats.rejected += 1
            raise att_error(INSUFFICIENT_AUTHENTICATION)
        try:
            want = mb.parse_period(data)
        except mb.DecodeError:
            raise att_error(INVALID_ATTRIBUTE_VALUE_LENGTH) from None
        self.period_ms = min(mb.PERIODS_MS, key=lambda p: (abs(p - want), p))
        if self._streaming:
            self.start_stream(1000.0 / self.period_ms)

    def on_subscription(self, characteristic: Any, enabled: bool) -> None:
        if characteristic is not self._data:
            return
        if enabled and not self._streaming:
            self.start_stream(1000.0 / self.period_ms)
        elif not enabled and self._streaming:
            self.stop_stream()

    def samples_per_notification(self, mtu: int) -> int:
        return 1

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> bytes:
        return mb.encode_sample(acc[0])
