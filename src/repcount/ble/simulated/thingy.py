"""Simulated Nordic Thingy:52 (Motion Service raw data).

Protocol (sensor-protocols.md section 6), bytes from :mod:`repcount.decoders.thingy`:

- Motion config (read, write, 9 bytes): pedometer/temperature/compass intervals,
  ``motion_freq_hz`` (5..200, default 10), wake-on-motion. A write of the wrong length
  is refused with Invalid Attribute Value Length (0x0D); a frequency outside 5..200
  (or the ``reject_config`` fault) with Value Not Allowed (0x13).
- Raw data (notify, 18 bytes): acc Q6.10 g, gyro Q11.5 deg/s, compass Q12.4 uT, one
  sample per notification at ``motion_freq_hz`` while notifications are on.
- Other motion characteristics (quaternion, Euler, gravity) exist but stay quiet.
- Advertises the Thingy configuration service UUID, as the firmware does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...decoders import thingy as th
from .base import SimulatedSensor
from .gatt import INVALID_ATTRIBUTE_VALUE_LENGTH, VALUE_NOT_ALLOWED, att_error, characteristic, service

CONFIG_SERVICE = th.BASE.format(0x0100)
DEVICE_NAME_CHAR = th.BASE.format(0x0101)


class ThingySensor(SimulatedSensor):
    profile_name = "thingy52"
    default_name = "Thingy"
    has_gyro = True
    adv_uuids128 = (CONFIG_SERVICE,)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = th.MotionConfig()

    def build_services(self) -> list[Any]:
        self._config = characteristic(th.CONFIG_UUID, ["read", "write"], read=lambda c: th.encode_config(self.config), write=self._write_config)
        self._raw = characteristic(th.RAW_UUID, ["notify"])
        quiet = [characteristic(th.BASE.format(u), ["notify"]) for u in (0x0402, 0x0403, 0x0404, 0x0405, 0x0407, 0x0409, 0x040A)]
        name = characteristic(DEVICE_NAME_CHAR, ["read", "write"], value=self.name.encode())
        return [service(CONFIG_SERVICE, [name]), service(th.SERVICE_UUID, [self._config, self._raw, *quiet])]

    def data_characteristic(self) -> Any:
        return self._raw

    def _write_config(self, conn: Any, data: bytes) -> None:
        self.stats.writes.append(data)
        if len(data) != 9:
            raise att_error(INVALID_ATTRIBUTE_VALUE_LENGTH)
        try:
            cfg = th.parse_config(data)
        except th.DecodeError:
            self.stats.rejected += 1
            raise att_error(VALUE_NOT_ALLOWED) from None
        if self.faults.reject_config:
            self.stats.rejected += 1
            raise att_error(VALUE_NOT_ALLOWED)
        self.config = cfg
        if self._streaming:
            self.start_stream(float(cfg.motion_freq_hz))

    def on_subscription(self, characteristic: Any, enabled: bool) -> None:
        if characteristic is not self._raw:
            return
        if enabled and not self._streaming:
            self.start_stream(float(self.config.motion_freq_hz))
        elif not enabled and self._streaming:
            self.stop_stream()

    def samples_per_notification(self, mtu: int) -> int:
        return 1

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> bytes:
        g = gyro[0] if gyro is not None else (0.0, 0.0, 0.0)
        return th.encode_raw(acc[0], g, (0.0, 0.0, 0.0))
