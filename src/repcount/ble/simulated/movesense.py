"""Simulated Movesense running the GATT SensorData Protocol (GSP) sample app.

Protocol (sensor-protocols.md section 2), bytes from :mod:`repcount.decoders.movesense`:

- Command characteristic (write): ``00 <ref>`` HELLO -> ``01 <ref> "Hello"``;
  ``01 <ref> "/Meas/Acc/<rate>"`` SUBSCRIBE -> DATA notifications; ``02 <ref>`` UNSUBSCRIBE.
- As the sample firmware, a successful SUBSCRIBE gets no COMMAND_RESULT: the first DATA
  packet is the acknowledgement. Errors are ``01 <ref> <status u16 big-endian>``: 507
  (no free subscription slot, the one error the sample hand-codes; also what the
  ``reject_config`` fault answers), 501 for an unsupported rate (assumed forwarded: the
  real sample may stay silent), 404 for other resources.
- DATA: ``02 <ref>`` + u32 ms (sensor uptime, first sample) + N x float32 xyz m/s^2,
  with N = rate / 13 (13 Hz: 1, 104 Hz: 8, 208 Hz: 16); a packet longer than the MTU
  allows continues in ``03 <ref>`` DATA_PART2 notifications. MTU at most 158.
- The firmware unsubscribes everything when the link drops.
"""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np

from ...decoders import movesense as gsp
from .base import SimulatedSensor
from .gatt import characteristic, service

BOOT_MS = 123_456  # sensor uptime when the simulated session starts


class MovesenseSensor(SimulatedSensor):
    profile_name = "movesense"
    default_name = "Movesense 174630000192"
    max_mtu = 158
    rates_hz = gsp.RATES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ref: int | None = None

    def build_services(self) -> list[Any]:
        self._cmd = characteristic(gsp.COMMAND_UUID, ["write"], write=self._write)
        self._data = characteristic(gsp.DATA_UUID, ["notify"])
        return [service(gsp.SERVICE_UUID, [self._cmd, self._data])]

    def data_characteristic(self) -> Any:
        return self._data

    def _write(self, conn: Any, data: bytes) -> None:
        self.stats.writes.append(data)
        try:
            cmd = gsp.parse_command(data)
        except gsp.DecodeError:
            return  # the sample firmware ignores what it cannot parse
        if cmd.command == gsp.HELLO:
            self._send(gsp.encode_hello_result(cmd.ref))
        elif cmd.command == gsp.SUBSCRIBE:
            rate = gsp.acc_rate_of(cmd.path)
            if self.faults.reject_config or (self.ref is not None and self.ref != cmd.ref):
                self.stats.rejected += 1
                self._send(gsp.encode_result(cmd.ref, 507))
            elif rate is None:
                self.stats.rejected += 1
                self._send(gsp.encode_result(cmd.ref, 404))
            elif rate not in self.rates_hz:
                self.stats.rejected += 1
                self._send(gsp.encode_result(cmd.ref, 501))
            else:
                self.ref = cmd.ref
                self.start_stream(float(rate))
        elif cmd.command == gsp.UNSUBSCRIBE and cmd.ref == self.ref:
            self.ref = None
            self.stop_stream()

    def _send(self, packet: bytes) -> None:
        asyncio.ensure_future(self.device.notify_subscribers(self._data, packet))

    def on_disconnected(self) -> None:
        self.ref = None

    def samples_per_notification(self, mtu: int) -> int:
        return max(1, int(round(self.rate_hz / 13)))

    def corrupt(self, payload: bytes) -> bytes:
        # Flipped bits in the first sample: x becomes a NaN.
        return payload[:6] + b"\x00\x00\xc0\x7f" + payload[10:] if len(payload) >= 10 else b"\x7f"

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> list[bytes]:
        ts = BOOT_MS + int(round(first_index * 1000.0 / self.rate_hz))
        packet = gsp.encode_acc(self.ref or 1, ts, acc * gsp.G)
        return gsp.split_part2(packet, int(self.connection.att_mtu) - 3)
