"""Simulated Polar H10 and Verity Sense: the PMD service and its control point.

Protocol (sensor-protocols.md section 1), byte formats from :mod:`repcount.decoders.polar`:

- CP read -> the ``0F`` feature bitmap (H10: ECG + ACC; Verity: PPG, ACC, PPI, gyro,
  magnetometer, SDK mode).
- CP write (with response) -> an ATT write response, then the answer as a CP
  indication ``F0 <op> <type> <status> <more> [params]``:
  ``01`` get settings (ACC settings, split across packets with "more" when they exceed
  the MTU), ``02`` start (validated: ALREADY_IN_STATE, INVALID_SAMPLE_RATE,
  INVALID_RESOLUTION, INVALID_RANGE, INVALID_NUMBER_OF_CHANNELS, INVALID_MTU), ``03``
  stop; unknown op codes get INVALID_OP_CODE, other measurement types
  INVALID_MEASUREMENT_TYPE / NOT_SUPPORTED.
- Data notifications: H10 raw int16 mG frames (type ``0x01``); Verity delta-compressed
  frames (``0x80`` counts with the factor in the start response, or ``0x81`` mG), both
  timestamped with the sensor clock (ns since 2000, time of the last sample).
- The stream stops when the link drops (start it again after reconnecting).
- When the simulated session ends the strap says so: a device-initiated stop
  indication ``01 02`` (ONLINE_MEASUREMENT_STOPPED, ACC) on the CP.
"""

from __future__ import annotations

import asyncio
import logging
import math
import struct
from typing import Any

import numpy as np

from ...decoders import polar as pmd
from .base import SimulatedSensor
from .gatt import characteristic, service

log = logging.getLogger(__name__)

HR_SERVICE = "0000180d-0000-1000-8000-00805f9b34fb"
HR_MEASUREMENT = "00002a37-0000-1000-8000-00805f9b34fb"


class PolarPmdSensor(SimulatedSensor):
    """Shared PMD behaviour; :class:`PolarH10Sensor` and :class:`PolarVeritySensor` set the numbers."""

    max_mtu = 232
    adv_uuids16 = (0x180D,)
    features: tuple[int, ...] = (pmd.ACC,)
    rates_hz: tuple[int, ...] = (25, 50, 100, 200)
    sdk_rates_hz: tuple[int, ...] = ()
    ranges_g: tuple[int, ...] = (2, 4, 8)
    sdk_ranges_g: tuple[int, ...] = ()
    channels: int | None = None  # Verity reports/accepts a CHANNELS setting
    frame_type = 0x01
    start_params = b"\x01"  # H10: one reserved byte after "more" (clients must tolerate it)
    clock0_ns = pmd.H10_DEFAULT_CLOCK_NS
    min_mtu = 232

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sdk_mode = False
        self.range_g = 8
        self.acc_on = False
        self.cp_requests: list[bytes] = []
        self.cp_responses: list[bytes] = []

    # -- GATT -----------------------------------------------------------------------------
    def build_services(self) -> list[Any]:
        self._cp = characteristic(pmd.CP_UUID, ["read", "write", "indicate"], read=self._read_features, write=self._write_cp)
        self._data = characteristic(pmd.DATA_UUID, ["notify"])
        hr = characteristic(HR_MEASUREMENT, ["notify"])
        return [service(HR_SERVICE, [hr]), service(pmd.SERVICE_UUID, [self._cp, self._data])]

    def data_characteristic(self) -> Any:
        return self._data

    def _read_features(self, conn: Any) -> bytes:
        return pmd.encode_features(self.features)

    def _write_cp(self, conn: Any, data: bytes) -> None:
        self.stats.writes.append(data)
        self.cp_requests.append(data)
        # Answer after the ATT write response has gone out, as the device does.
        asyncio.ensure_future(self._answer(conn, data))

    async def _indicate(self, conn: Any, data: bytes) -> None:
        self.cp_responses.append(data)
        try:
            await self.device.indicate_subscriber(conn, self._cp, data)
        except Exception:
            log.debug("CP indication lost (link down?)", exc_info=True)

    # -- the control point ----------------------------------------------------------------
    def _allowed(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if self.sdk_mode and self.sdk_rates_hz:
            return self.sdk_rates_hz, self.sdk_ranges_g
        return self.rates_hz, self.ranges_g

    def _acc_settings(self) -> dict[int, list]:
        rates, ranges = self._allowed()
        s: dict[int, list] = {pmd.SET_RATE: list(rates), pmd.SET_RESOLUTION: [16], pmd.SET_RANGE: list(ranges)}
        if self.channels is not None:
            s[pmd.SET_CHANNELS] = [self.channels]
        return s

    async def _answer(self, conn: Any, data: bytes) -> None:
        op = data[0] if data else 0
        mtype = data[1] & 0x7F if len(data) > 1 else 0
        try:
            req = pmd.parse_request(data)
        except pmd.DecodeError:
            status = pmd.ERROR_CODES["INVALID_LENGTH"] if len(data) < 2 else pmd.ERROR_CODES["INVALID_OP_CODE"]
            await self._indicate(conn, pmd.encode_cp_response(op, mtype, status))
            return
        for packet in self._handle(req, int(conn.att_mtu)):
            await self._indicate(conn, packet)

    def _handle(self, req: Any, mtu: int) -> list[bytes]:
        E = pmd.ERROR_CODES
        op, m = req.op, req.measurement
        if req.recording:
            return [pmd.encode_cp_response(op, m, E["NOT_SUPPORTED"])]
        if m == pmd.SDK_MODE and pmd.SDK_MODE in self.features and op in (pmd.OP_START, pmd.OP_STOP):
            want = op == pmd.OP_START
            if self.sdk_mode == want:
                return [pmd.encode_cp_response(op, m, E["ALREADY_IN_STATE"])]
            if self.acc_on:
                return [pmd.encode_cp_response(op, m, E["INVALID_STATE"])]
            self.sdk_mode = want
            return [pmd.encode_cp_response(op, m, 0)]
        if m not in self.features:
            return [pmd.encode_cp_response(op, m, E["INVALID_MEASUREMENT_TYPE"])]
        if m != pmd.ACC:
            return [pmd.encode_cp_response(op, m, E["NOT_SUPPORTED"])]
        if op in (pmd.OP_GET_SETTINGS, pmd.OP_GET_SDK_SETTINGS):
            # Parameters that do not fit one indication go out in several, with "more".
            return pmd.encode_settings_response(m, self._acc_settings(), op=op, chunk=max(8, mtu - 3 - 5))
        if op == pmd.OP_START:
            return [self._start(req, mtu)]
        if op == pmd.OP_STOP:
            if not self.acc_on:
                return [pmd.encode_cp_response(op, m, E["ALREADY_IN_STATE"])]
            self.acc_on = False
            self.stop_stream()
            return [pmd.encode_cp_response(op, m, 0)]
        return [pmd.encode_cp_response(op, m, E["INVALID_OP_CODE"])]

    def _start(self, req: Any, mtu: int) -> bytes:
        E = pmd.ERROR_CODES
        op, m, s = req.op, req.measurement, req.settings
        rates, ranges = self._allowed()
        rate = s.get(pmd.SET_RATE, [None])[0]
        res = s.get(pmd.SET_RESOLUTION, [16])[0]
        rng = s.get(pmd.SET_RANGE, [None])[0]
        ch = s.get(pmd.SET_CHANNELS, [self.channels])[0] if self.channels is not None else None
        code = 0
        if self.acc_on:
            code = E["ALREADY_IN_STATE"]
        elif self.faults.reject_config:
            code = self.faults.reject_config if type(self.faults.reject_config) is int else E["DEVICE_IN_CHARGER"]
        elif mtu < self.min_mtu:
            code = E["INVALID_MTU"]
        elif rate is None or rate not in rates:
            code = E["INVALID_SAMPLE_RATE"]
        elif res != 16:
            code = E["INVALID_RESOLUTION"]
        elif rng is None or rng not in ranges:
            code = E["INVALID_RANGE"]
        elif self.channels is not None and ch != self.channels:
            code = E["INVALID_NUMBER_OF_CHANNELS"]
        if code:
            self.stats.rejected += 1
            return pmd.encode_cp_response(op, m, code)
        self.range_g = int(rng)
        self.acc_on = True
        self.start_stream(float(rate))
        return pmd.encode_cp_response(op, m, 0, False, self.start_params)

    def on_session_end(self) -> None:
        # Device-initiated stop: "01 <types>" on the control point (ONLINE_MEASUREMENT_STOPPED).
        self.acc_on = False
        if self.connection is not None:
            asyncio.ensure_future(self._indicate(self.connection, bytes((pmd.MEASUREMENT_STOPPED, pmd.ACC))))

    def on_disconnected(self) -> None:
        # The strap stops measuring when the link goes; SDK mode is not remembered.
        self.acc_on = False
        self.sdk_mode = False

    # -- frames -----------------------------------------------------------------------------
    def _counts(self, acc_g: np.ndarray) -> np.ndarray:
        lim = self.range_g * 1000
        return np.clip(np.rint(acc_g * 1000.0), -lim, lim - 1).astype(np.int64)

    def _timestamp(self, first_index: int, n: int) -> int:
        return int(self.clock0_ns + round((first_index + n - 1) * 1e9 / self.rate_hz))

    def samples_per_notification(self, mtu: int) -> int:
        return max(1, (mtu - 3 - 10) // 6)

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> bytes:
        return pmd.encode_acc_frame(self._timestamp(first_index, len(acc)), self._counts(acc), self.frame_type)


class PolarH10Sensor(PolarPmdSensor):
    """Polar H10 chest strap: ACC 25/50/100/200 Hz, +-2/4/8 G, raw int16 mG frames."""

    profile_name = "polar-h10"
    default_name = "Polar H10 5E1A2B3C"
    features = (0, pmd.ACC)  # ECG + ACC, as in the 2019 worked example (0F 05 ...)


class PolarVeritySensor(PolarPmdSensor):
    """Polar Verity Sense: ACC 52 Hz (SDK mode 26..416 Hz), delta-compressed frames.

    ``frame_type=0x80`` (default: older firmware) sends sensor counts and returns the
    factor (G per count) in the start response; ``0x81`` sends mG and no factor.
    """

    profile_name = "polar-verity-sense"
    default_name = "Polar Sense 5E1A2B3C"
    features = (1, pmd.ACC, 3, 5, 6, pmd.SDK_MODE)
    rates_hz = (52,)
    ranges_g = (8,)
    sdk_rates_hz = (26, 52, 104, 208, 416)
    sdk_ranges_g = (2, 4, 8, 16)
    channels = 3
    clock0_ns = 681_000_000_000_000_000  # a Verity keeps real time (here: 2021-07-30)
    FACTOR = 2.44e-4

    def __init__(self, *args: Any, frame_type: int = 0x80, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frame_type = frame_type
        # F0 02 02 00 00 [05 01 <float32 factor>] for 0x80; nothing after "more" for 0x81.
        self.start_params = bytes((pmd.SET_FACTOR, 1)) + struct.pack("<f", self.FACTOR) if frame_type == 0x80 else b""

    def _counts(self, acc_g: np.ndarray) -> np.ndarray:
        if self.frame_type == 0x80:
            lim = 32767
            return np.clip(np.rint(acc_g / self.FACTOR), -lim, lim).astype(np.int64)
        return super()._counts(acc_g)

    def samples_per_notification(self, mtu: int) -> int:
        # Worst case one 29-sample block of 17-bit deltas: 10 + 6 + 2 + ceil(17*3*29/8).
        # Keep a notification within the MTU whatever the motion.
        per = 30
        while per > 2 and 10 + 6 + 2 * math.ceil((per - 1) / 29) + math.ceil(17 * 3 * (per - 1) / 8) > mtu - 3:
            per -= 1
        return per
