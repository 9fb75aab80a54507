"""Simulated MbientLab MetaMotion board (BMI160 or BMI270 accelerometer).

Protocol (sensor-protocols.md section 3), bytes from :mod:`repcount.decoders.metawear`:
``[module][register][payload]`` commands on the command characteristic (written with or
without response), answers and data on the notify characteristic.

- ``03 80`` (module discovery) -> ``03 80 <implementation> <revision>`` (1 = BMI160,
  4 = BMI270); other modules answer ``<m> 80`` (absent).
- ``03 03 <conf> <range>`` configure, ``03 04 01`` / ``03 1C|05 01`` subscribe to single /
  packed data, ``03 02 01 00`` enable sampling, ``03 01 01`` start; the reverse to stop.
- Data: ``03 04`` + int16 xyz (one sample) or the packed register + 3 samples, counts
  at 32768 / range per g. No timestamp on the wire.
- The board has no error replies; a config the chip cannot take (or the ``reject_config``
  fault) is refused with an ATT Application Error (0x80) when written with response.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...decoders import metawear as mw
from .base import SimulatedSensor
from .gatt import APPLICATION_ERROR, att_error, characteristic, service


class MetaMotionSensor(SimulatedSensor):
    profile_name = "metamotion-bmi160"
    default_name = "MetaWear"
    chip = "bmi160"
    adv_uuids128 = (mw.SERVICE_UUID,)

    def __init__(self, *args: Any, chip: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if chip is not None:
            self.chip = chip
            self.profile_name = f"metamotion-{chip}"
        self.cfg_rate = 100.0
        self.cfg_range = 2.0 if self.chip == "bmi160" else 8.0  # SDK defaults
        self.sub_reg: int | None = None
        self.sampling = False
        self.running = False

    def build_services(self) -> list[Any]:
        self._cmd = characteristic(mw.COMMAND_UUID, ["write", "write-without-response"], write=self._write)
        self._notify = characteristic(mw.NOTIFY_UUID, ["notify"])
        return [service(mw.SERVICE_UUID, [self._cmd, self._notify])]

    def data_characteristic(self) -> Any:
        return self._notify

    def _reply(self, packet: bytes) -> None:
        import asyncio

        asyncio.ensure_future(self.device.notify_subscribers(self._notify, packet))

    def _write(self, conn: Any, data: bytes) -> None:
        self.stats.writes.append(data)
        try:
            m = mw.parse_message(data)
        except mw.DecodeError:
            return
        if m.register == 0x80 and not m.payload:
            impl = mw.IMPLEMENTATION[self.chip] if m.module == mw.ACC_MODULE else None
            self._reply(mw.encode_module_info(m.module, impl, 1))
            return
        if m.module != mw.ACC_MODULE:
            return
        reg, p = m.register, m.payload
        if reg == mw.REG_CONFIG:
            try:
                rate, rng = mw.decode_config(p, self.chip)
            except mw.DecodeError:
                self.stats.rejected += 1
                raise att_error(APPLICATION_ERROR) from None
            if self.faults.reject_config:
                self.stats.rejected += 1
                raise att_error(APPLICATION_ERROR)
            self.cfg_rate, self.cfg_range = float(rate), float(rng)
        elif reg in (mw.REG_DATA, mw.PACKED_REG[self.chip]) and len(p) == 1:
            self.sub_reg = reg if p[0] else None
        elif reg == mw.REG_INT_ENABLE and len(p) == 2:
            self.sampling = bool(p[0])
        elif reg == mw.REG_POWER and len(p) == 1:
            self.running = bool(p[0])
        self._update()

    def _update(self) -> None:
        want = self.running and self.sampling and self.sub_reg is not None
        if want and not self._streaming:
            self.start_stream(self.cfg_rate)
        elif not want and self._streaming:
            self.stop_stream()

    def on_disconnected(self) -> None:
        self.sub_reg = None
        self.sampling = self.running = False

    def samples_per_notification(self, mtu: int) -> int:
        return 3 if self.sub_reg == mw.PACKED_REG[self.chip] else 1

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> bytes | list[bytes]:
        if len(acc) == 3 and self.sub_reg == mw.PACKED_REG[self.chip]:
            return mw.encode_packed(acc, self.cfg_range, self.chip)
        # Single samples (and the last one or two of a packed stream's end).
        return [mw.encode_acc(a, self.cfg_range) for a in acc]


class MetaMotionBmi270Sensor(MetaMotionSensor):
    profile_name = "metamotion-bmi270"
    default_name = "MetaWear"
    chip = "bmi270"
