"""The common machinery of every simulated sensor: a bumble GATT server on a
:class:`~repcount.ble.bumble_backend.SimWorld`, honest advertising, a sample clock,
notification pacing, fault injection and the "finished" signal.

A subclass describes only its protocol: the GATT services it exposes
(:meth:`SimulatedSensor.build_services`), how it reacts to writes (by starting or
stopping the stream and answering like the real device), how many samples go in one
notification and the bytes of a notification (always through the encoders in
:mod:`repcount.decoders`, never a second copy of the byte format).

Time: the sensor streams samples of a :class:`~repcount.samples.SampleBlock` (from the
lift simulator, or anything else) against the event loop's clock, ``speed`` times
faster than real time. The lift goes on while the link is down: samples that fall in a
gap are lost, as on a real strap (``Faults.keep_samples_on_drop`` buffers them instead).
After the last sample the sensor streams ``tail_s`` of quiet rest, then sets
:attr:`SimulatedSensor.finished` and stops sending.
"""

from __future__ import annotations

import asyncio
import logging
import struct
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from ...samples import SampleBlock
from ..bumble_backend.uuids import normalize
from ..bumble_backend.world import SimWorld, next_sensor_address

log = logging.getLogger(__name__)

LEGACY_ADV_MAX = 31  # bytes: the legacy advertising payload limit a real controller enforces


@dataclass
class Faults:
    """Fault injection knobs (all off by default).

    - ``drop_at_s``: stream times (s, on the sample timeline) at which the sensor drops the
      link itself (peer-initiated disconnect, reason "remote user terminated").
    - ``corrupt_every``: every Nth data notification is replaced by a corrupt one.
    - ``reject_config``: refuse the configuration/start request with the device's own
      error (Polar: an error status in the control-point response, DEVICE_IN_CHARGER or
      the given int; Movesense: result 507; others: an ATT error, see each sensor).
    - ``keep_samples_on_drop``: after a drop, resume where the stream stopped instead of
      losing the samples that fell in the gap.
    """

    drop_at_s: float | list[float] | None = None
    corrupt_every: int | None = None
    reject_config: bool | int = False
    keep_samples_on_drop: bool = False

    def drop_times(self) -> list[float]:
        if self.drop_at_s is None:
            return []
        if isinstance(self.drop_at_s, (int, float)):
            return [float(self.drop_at_s)]
        return sorted(float(x) for x in self.drop_at_s)


@dataclass
class SensorStats:
    """What the sensor did (tests compare against it)."""

    notifications: int = 0
    samples_sent: int = 0
    samples_lost: int = 0
    corrupt_sent: int = 0
    drops: int = 0
    starts: int = 0
    stops: int = 0
    rejected: int = 0
    writes: list[bytes] = field(default_factory=list)


def adv_payload(name: str, uuids16: Iterable[int] = (), uuids128: Iterable[str] = ()) -> bytes:
    """Flags + complete local name + service UUID lists, within the 31-byte legacy limit.

    UUID lists that do not fit are left out (as real firmware does); a name that does not
    fit is an error in the sensor definition.

    >>> len(adv_payload("Polar H10 A1B2C3D4", [0x180D]))
    27
    """
    import uuid as _uuid

    out = bytearray(b"\x02\x01\x06")
    nb = name.encode()
    out += bytes([len(nb) + 1, 0x09]) + nb
    u16 = list(uuids16)
    if u16:
        part = bytes([2 * len(u16) + 1, 0x03]) + b"".join(struct.pack("<H", u) for u in u16)
        if len(out) + len(part) <= LEGACY_ADV_MAX:
            out += part
    u128 = list(uuids128)
    if u128:
        part = bytes([16 * len(u128) + 1, 0x07]) + b"".join(_uuid.UUID(normalize(u)).bytes[::-1] for u in u128)
        if len(out) + len(part) <= LEGACY_ADV_MAX:
            out += part
    if len(out) > LEGACY_ADV_MAX:
        raise ValueError(f"advertisement for {name!r} is {len(out)} bytes, over the {LEGACY_ADV_MAX}-byte legacy limit")
    return bytes(out)


def resample(block: SampleBlock, rate_hz: float) -> tuple[np.ndarray, np.ndarray | None]:
    """The block's acc (and gyro) on a uniform grid at ``rate_hz`` (linear interpolation)."""
    t = np.asarray(block.t, dtype=float)
    acc = np.asarray(block.acc, dtype=float)
    gyro = None if block.gyro is None else np.asarray(block.gyro, dtype=float)
    if len(t) < 2:
        return acc.copy(), gyro
    dt = np.median(np.diff(t))
    if abs(1.0 / dt - rate_hz) < 1e-6 * rate_hz:
        return acc.copy(), None if gyro is None else gyro.copy()
    n = int(np.floor((t[-1] - t[0]) * rate_hz)) + 1
    tg = t[0] + np.arange(n) / rate_hz
    a = np.column_stack([np.interp(tg, t, acc[:, k]) for k in range(3)])
    g = None if gyro is None else np.column_stack([np.interp(tg, t, gyro[:, k]) for k in range(3)])
    return a, g


class SimulatedSensor:
    """Base class: one simulated peripheral. Subclasses set the class attributes and hooks.

    Usage::

        sensor = PolarH10Sensor(block, speed=10, faults=Faults(drop_at_s=12.0))
        await sensor.attach(world)
        ...                     # the app scans, connects, configures, streams
        await sensor.finished.wait()
    """

    profile_name: str = ""
    default_name: str = "Sensor"
    max_mtu: int = 247
    adv_uuids16: tuple[int, ...] = ()
    adv_uuids128: tuple[str, ...] = ()
    has_gyro: bool = False

    def __init__(
        self,
        block: SampleBlock | None = None,
        *,
        name: str | None = None,
        address: str | None = None,
        speed: float = 1.0,
        faults: Faults | None = None,
        tail_s: float = 3.0,
        rest_g: tuple[float, float, float] | None = None,
    ) -> None:
        """
        ``block``: the samples to stream (acc in g incl. gravity, gyro in deg/s), resampled
        to the rate the client configures. ``name``/``address``: what it advertises (a
        fresh random static address by default). ``speed``: simulated time runs this many
        times faster than real time. ``faults``: see :class:`Faults`. ``tail_s``: seconds
        of quiet rest (the block's last half second, averaged, or ``rest_g``) streamed
        after the block before the session counts as finished.
        """
        self.block = block
        self.name = name or self.default_name
        self.address = address or next_sensor_address()
        self.speed = float(speed)
        self.faults = faults or Faults()
        self.tail_s = float(tail_s)
        self._rest_g = rest_g
        self.stats = SensorStats()
        self.finished = asyncio.Event()
        self._finished_callbacks: list[Callable[[SimulatedSensor], None]] = []
        self.device: Any = None
        self.world: SimWorld | None = None
        # stream state
        self.rate_hz: float | None = None
        self._acc: np.ndarray | None = None
        self._gyro: np.ndarray | None = None
        self._n_data = 0  # samples of the block proper (before the quiet tail)
        self._pos = 0  # next sample index to send
        self._t0: float | None = None  # loop time of sample 0 (first start)
        self._task: asyncio.Task | None = None
        self._streaming = False
        self._drops = self.faults.drop_times()
        self._notify_count = 0
        self.connection: Any = None

    # -- hooks for subclasses ----------------------------------------------------------
    def build_services(self) -> list[Any]:
        """The bumble ``gatt.Service`` objects of this sensor."""
        raise NotImplementedError

    def data_characteristic(self) -> Any:
        """The characteristic that carries the sample notifications."""
        raise NotImplementedError

    def samples_per_notification(self, mtu: int) -> int:
        raise NotImplementedError

    def encode(self, first_index: int, acc: np.ndarray, gyro: np.ndarray | None) -> bytes | list[bytes]:
        """The notification bytes for samples ``first_index ..`` (via repcount.decoders).

        A list is sent as consecutive notifications (a payload split over several, as
        Movesense's DATA_PART2 or a text line stream); corruption hits the first.
        """
        raise NotImplementedError

    def corrupt(self, payload: bytes) -> bytes:
        """A notification the decoder must reject: by default the frame cut short by one byte."""
        return payload[:-1] if len(payload) > 1 else b"\xff"

    def on_disconnected(self) -> None:
        """Device state reset on disconnect (most sensors stop streaming)."""

    def on_subscription(self, characteristic: Any, enabled: bool) -> None:
        """A client turned notifications/indications of ``characteristic`` on or off."""

    def on_session_end(self) -> None:
        """The last sample went out (a device may tell the client, e.g. Polar's stop indication)."""

    # -- life cycle ----------------------------------------------------------------------
    @property
    def advertisement(self) -> bytes:
        return adv_payload(self.name, self.adv_uuids16, self.adv_uuids128)

    async def attach(self, world: SimWorld) -> SimulatedSensor:
        """Power the sensor on in ``world`` and start advertising."""
        self.world = world
        self.device = await world.new_peripheral_device(self.name, self.address)
        self.device.gatt_server.max_mtu = self.max_mtu
        self.device.add_services(self.build_services())
        self.device.on("connection", self._on_connection)
        self.device.on("characteristic_subscription", self._on_subscription)
        world.peripherals.append(self)
        await self._advertise()
        return self

    async def _advertise(self) -> None:
        # The emulated controller never sends a separate scan response (it reports the
        # advertising data again), so everything a scanner should see is in the payload.
        await self.device.start_advertising(
            advertising_data=self.advertisement,
            scan_response_data=b"",
            auto_restart=True,
            advertising_interval_min=20.0,
            advertising_interval_max=20.0,
        )

    def on_finished(self, cb: Callable[[SimulatedSensor], None]) -> None:
        """Call ``cb(sensor)`` when the simulated session has ended (see :attr:`finished`)."""
        self._finished_callbacks.append(cb)
        if self.finished.is_set():
            cb(self)

    async def close(self) -> None:
        self._stop_task()
        if self.device is not None:
            try:
                await self.device.stop_advertising()
            except Exception:
                pass
            for conn in list(self.device.connections.values()):
                try:
                    await asyncio.wait_for(conn.disconnect(), 1.0)
                except Exception:
                    pass

    def _on_connection(self, connection: Any) -> None:
        self.connection = connection
        connection.on("disconnection", lambda reason: self._on_disconnection(connection))

    def _on_subscription(self, connection: Any, characteristic: Any, notify: bool, indicate: bool) -> None:
        self.on_subscription(characteristic, bool(notify or indicate))

    def _on_disconnection(self, connection: Any) -> None:
        if self.connection is connection:
            self.connection = None
        self._streaming = False
        self._stop_task()
        self.on_disconnected()

    async def drop_link(self) -> None:
        """Peer-initiated disconnect (the sensor ends the link itself)."""
        self.stats.drops += 1
        for conn in list(self.device.connections.values()):
            await conn.disconnect()

    # -- the stream ------------------------------------------------------------------------
    def _prepare(self, rate_hz: float) -> None:
        if self._acc is not None and self.rate_hz == rate_hz:
            return
        if self._acc is not None and self.rate_hz != rate_hz:
            # A new rate mid-session: keep the same point in the lift.
            t_now = self._pos / self.rate_hz
        else:
            t_now = 0.0
        self.rate_hz = float(rate_hz)
        if self.block is None or len(self.block.t) == 0:
            acc = np.zeros((0, 3))
            gyro = np.zeros((0, 3)) if self.has_gyro else None
        else:
            acc, gyro = resample(self.block, self.rate_hz)
            if self.has_gyro and gyro is None:
                gyro = np.zeros_like(acc)
        self._n_data = len(acc)
        n_tail = int(round(self.tail_s * self.rate_hz))
        if self._rest_g is not None:
            rest = np.asarray(self._rest_g, dtype=float)
        elif len(acc):
            rest = acc[-max(1, int(0.5 * self.rate_hz)) :].mean(axis=0)
        else:
            rest = np.array([0.0, 0.0, 1.0])
        self._acc = np.vstack([acc, np.tile(rest, (n_tail, 1))]) if n_tail else acc
        if gyro is not None:
            self._gyro = np.vstack([gyro, np.zeros((n_tail, 3))]) if n_tail else gyro
        else:
            self._gyro = None
        self._pos = int(round(t_now * self.rate_hz))

    def start_stream(self, rate_hz: float) -> None:
        """Begin (or resume) notifying at ``rate_hz``. Subclasses call this on a valid start."""
        loop = asyncio.get_running_loop()
        if self._streaming:
            # Already streaming: a new rate goes on from the same point of the lift.
            if rate_hz != self.rate_hz:
                self._prepare(rate_hz)
                self._t0 = loop.time() - self._pos / (self.rate_hz * self.speed)
            return
        self._prepare(rate_hz)
        self.stats.starts += 1
        if self._t0 is None:
            self._t0 = loop.time() - self._pos / (self.rate_hz * self.speed)
        elif self.faults.keep_samples_on_drop:
            self._t0 = loop.time() - self._pos / (self.rate_hz * self.speed)
        else:
            due = self._due(loop.time())
            if due > self._pos:
                self.stats.samples_lost += min(due, len(self._acc)) - self._pos
                self._pos = min(due, len(self._acc))
        self._streaming = True
        self._stop_task()
        self._task = asyncio.ensure_future(self._run())

    def stop_stream(self) -> None:
        self.stats.stops += 1
        self._streaming = False
        self._stop_task()

    def _stop_task(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()

    def _due(self, now: float) -> int:
        assert self._t0 is not None and self.rate_hz is not None
        return int((now - self._t0) * self.rate_hz * self.speed)

    @property
    def stream_time(self) -> float:
        """Where the sensor is on the sample timeline (s)."""
        return 0.0 if not self.rate_hz else self._pos / self.rate_hz

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        char = self.data_characteristic()
        try:
            while self._streaming and self.connection is not None:
                total = len(self._acc)
                mtu = int(self.connection.att_mtu)
                per = max(1, self.samples_per_notification(mtu))
                due = min(self._due(loop.time()), total)
                while self._streaming and self.connection is not None and due - self._pos >= min(per, total - self._pos) > 0:
                    n = min(per, total - self._pos)
                    if self._drops and (self._pos + n) / self.rate_hz > self._drops[0]:
                        self._drops.pop(0)
                        await self.drop_link()
                        return
                    i0 = self._pos
                    gy = None if self._gyro is None else self._gyro[i0 : i0 + n]
                    payload = self.encode(i0, self._acc[i0 : i0 + n], gy)
                    packets = [payload] if isinstance(payload, (bytes, bytearray)) else list(payload)
                    self._notify_count += 1
                    if self.faults.corrupt_every and self._notify_count % self.faults.corrupt_every == 0:
                        packets[0] = self.corrupt(bytes(packets[0]))
                        self.stats.corrupt_sent += 1
                    else:
                        self.stats.samples_sent += n
                    self._pos += n
                    for packet in packets:
                        await self.device.notify_subscribers(char, bytes(packet))
                        self.stats.notifications += 1
                    # Catching up after a stall: let the receiving side run between packets.
                    await asyncio.sleep(0)
                if self._pos >= total:
                    self._finish()
                    return
                # Sleep until the next notification is due.
                next_at = self._t0 + (self._pos + min(per, total - self._pos)) / (self.rate_hz * self.speed)
                await asyncio.sleep(max(0.0, next_at - loop.time()))
        except asyncio.CancelledError:
            raise
        except Exception:
            # A disconnect racing a notification is normal; anything else is logged.
            if self.connection is not None:
                log.exception("%s: stream failed", self.name)

    def _finish(self) -> None:
        self._streaming = False
        if not self.finished.is_set():
            self.on_session_end()
            self.finished.set()
            for cb in list(self._finished_callbacks):
                try:
                    cb(self)
                except Exception:
                    log.exception("finished callback failed")
