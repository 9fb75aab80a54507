"""Simulated WitMotion BLE 5.0 IMU (WT901BLECL / BWT901BLE5.0).

Protocol (sensor-protocols.md section 4), bytes from :mod:`repcount.decoders.witmotion`:

- Streams ``55 61`` frames (20 bytes: acc +-16 g, gyro +-2000 deg/s, angles) as soon as
  notifications are on, at 10 Hz by default: there is no start command.
- ``FF AA <reg> <lo> <hi>`` commands: unlock ``FF AA 69 88 B5`` (valid about 10 s of
  sensor time), rate ``FF AA 03 <code> 00`` (only while unlocked), save ``FF AA 00 00 00``.
  Rate codes up to ``08`` (50 Hz) are accepted; higher codes are ignored (BLE output
  above 50 Hz is unconfirmed). A locked or ignored command changes nothing, as on the
  device (no error reply); the ``reject_config`` fault instead refuses the rate write
  with an ATT Application Error (0x80).
- Roll and pitch are computed from the acceleration; yaw stays 0.
"""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np

from ...decoders import witmotion as wit
from .base import SimulatedSensor
from .gatt import APPLICATION_ERROR, att_error, characteristic, service

CODE_TO_HZ = {v: k for k, v in wit.RATE_CODES.items()}
UNLOCK_S = 10.0


class WitMotionSensor(SimulatedSensor):
    profile_name = "witmotion"
    default_name = "WT901BLE68"
    has_gyro = True
    max_code = 0x08  # 50 Hz

    def __init__(self, *args: Any, rate: float = 10.0, **kwargs: Any) -> None:
        """``rate``: the output rate saved in the device's flash (10 Hz from the factory)."""
        super().__init__(*args, **kwargs)
        self.rate = float(rate)
        self.unlocked_until = -1.0
        self.saved_rate = float(rate)

    def build_services(self) -> list[Any]:
        self._notify = characteristic(wit.NOTIFY_UUID, ["notify"])
        self._write_char = characteristic(wit.WRITE_UUID, ["write", "write-without-response"], write=self._write)
        return [service(wit.SERVICE_UUID, [self._notify, self._write_char])]

    def data_characteristic(self) -> Any:
        return self._notify

    def on_subscription(self, characteristic: Any, enabled: bool) -> None:
        if characteristic is not self._notify:
            return
        if enabled and not self._streaming:
            self.start_stream(self.rate)
        elif not enabled and self._streaming:
            self.stop_stream()

    def _write(self, conn: Any, data: bytes) -> None:
        self.stats.writes.append(data)
        try:
            cmd = wit.parse_command(data)
        except wit.DecodeError:
            return
        now = asyncio.get_running_loop().time() * self.speed
        if bytes(data) == wit.UNLOCK:
            self.unlocked_until = now + UNLOCK_S
        elif cmd.register == wit.REG_RATE:
            if self.faults.reject_config:
                self.stats.rejected += 1
                raise att_error(APPLICATION_ERROR)
            if now <= self.unlocked_until and cmd.value in CODE_TO_HZ and cmd.value <= self.max_code:
                self.rate = float(CODE_TO_HZ[cmd.value])
                if self._streaming:
                    self.start_stream(self.rate)
            else:
                self.stats.rejected += 1
        elif bytes(data) == wit.SAVE:
            self.saved_rate = self.rate

    def on_disconnected(self) -> None:
        self.rate = self.saved_rate  # an unsaved rate does not survive (a power cycle, really)

    def samples_per_notification(self, mtu: int) -> int:
        return 1

    def corrupt(self, payload: bytes) -> bytes:
        # A damaged header: the bytes no longer start a frame (the decoder's resync skips them).
        return b"\xaa\x00" + payload[2:]

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> bytes:
        a = acc[0]
        g = gyro[0] if gyro is not None else np.zeros(3)
        roll = np.degrees(np.arctan2(a[1], a[2]))
        pitch = np.degrees(np.arctan2(-a[0], np.hypot(a[1], a[2])))
        return wit.encode_frame(np.clip(a, -16, 16 - 1 / 2048), g, (roll, pitch, 0.0))
