"""One sensor's connection: connect, configure, stream, reconnect, stop.

Only bleak's public API is used (``BleakClient``, ``BleakScanner``); the backend classes
come from :mod:`repcount.ble.backend` through bleak's ``backend=`` seam.

The sensor-specific part (which characteristic to subscribe, which bytes start and stop
the stream, how to decode a notification) is a :class:`Driver` built from the firmware
profile (:mod:`repcount.ble.driver`). This module owns the life cycle:

- a drop that we did not ask for -> reconnect with :class:`~repcount.ble.backoff.Backoff`,
  restart the stream, keep feeding the same decoder and the same session;
- stop (Ctrl-C, the end of a simulated session, an error) -> always send the sensor's
  stop sequence and disconnect: a Polar H10 left streaming drains its battery.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Protocol

import numpy as np

from ..decoders import DecodeError
from ..errors import RepcountError
from .backoff import Backoff
from .stats import StreamStats

log = logging.getLogger(__name__)

# Time allowed for the stop sequence and the disconnect on the way out: bounded, so a
# dead link never hangs Ctrl-C.
STOP_TIMEOUT_S = 3.0
CONNECT_TIMEOUT_S = 10.0
# A link that stays up while no notification arrives (a Polar that stopped its
# measurement by itself, a stack that silently stopped delivering) is restarted like a
# dropped one after this many seconds of wall time.
STALL_S = 10.0


class Driver(Protocol):
    """What the session needs from a firmware profile (see repcount.ble.driver)."""

    name: str
    data_uuid: str

    async def start(self, client: Any, on_data: Callable[[Any, bytearray], None]) -> None:
        """Subscribe (data notifications to ``on_data``), configure, start. Raises ConfigRejected."""

    async def stop(self, client: Any) -> None:
        """Stop streaming; best effort, the link may already be gone."""

    def decode(self, data: bytes, host_t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(t, acc, gyro) of one notification; raises the decoders' DecodeError on junk."""

    def reset(self) -> None:
        """Forget per-stream decoder state after a drop."""


class SensorLost(RepcountError):
    """The sensor stayed away longer than the reconnect policy allows."""


SamplesCallback = Callable[[np.ndarray, np.ndarray, "np.ndarray | None"], None]


class SensorSession:
    """Stream one sensor until ``stop`` is set; reconnect on unexpected drops.

    ``on_samples(t, acc, gyro)`` gets every decoded, time-ordered block;
    ``on_gap(t_last, t_resume)`` is called when samples resume after a reconnect;
    ``on_state(state)`` on every connection state change.
    ``clock`` is the host clock passed to decoders (simulated sessions run it fast).
    """

    def __init__(
        self,
        device: Any,
        driver: Driver,
        *,
        client_backend: type | None = None,
        scanner_backend: type | None = None,
        on_samples: SamplesCallback,
        on_gap: Callable[[float, float], None] | None = None,
        on_state: Callable[[str], None] | None = None,
        stats: StreamStats | None = None,
        clock: Callable[[], float] = time.monotonic,
        backoff: Backoff = Backoff(),
        nominal_hz: float | None = None,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        stall_s: float = STALL_S,
    ) -> None:
        self.device = device
        self.driver = driver
        self.client_backend = client_backend
        self.scanner_backend = scanner_backend
        self.on_samples = on_samples
        self.on_gap = on_gap
        self.on_state = on_state
        self.stats = stats or StreamStats()
        self.clock = clock
        self.backoff = backoff
        self.nominal_hz = nominal_hz
        self.connect_timeout_s = connect_timeout_s
        self.stall_s = stall_s
        self._last_data_wall = time.monotonic()
        self.client: Any = None
        self._lost = asyncio.Event()
        self._closing = False
        self._t_last: float | None = None
        self._gap_from: float | None = None
        self._fatal: Exception | None = None
        self.streaming = False

    # -- state ------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        self.stats.state = state
        if self.on_state is not None:
            self.on_state(state)

    @property
    def address(self) -> str:
        return getattr(self.device, "address", None) or str(self.device)

    # -- notifications ----------------------------------------------------------
    def _on_notify(self, _char: Any, data: bytearray) -> None:
        self._last_data_wall = time.monotonic()
        now = self.clock()
        try:
            t, acc, gyro = self.driver.decode(bytes(data), now)
        except DecodeError as exc:
            self.stats.corrupt_frames += 1
            log.debug("corrupt notification skipped: %s", exc)
            return
        if len(t) == 0:
            return
        t = np.asarray(t, dtype=np.float64)
        # The engine needs a non-decreasing timeline: samples from before the last one
        # (a replayed or duplicated frame) are skipped and counted.
        if self._t_last is not None:
            keep = t > self._t_last
            if not keep.all():
                self.stats.out_of_order += int((~keep).sum())
                t, acc = t[keep], np.asarray(acc)[keep]
                gyro = None if gyro is None else np.asarray(gyro)[keep]
                if len(t) == 0:
                    return
            self._count_dropped(np.diff(t, prepend=self._t_last))
        else:
            self._count_dropped(np.diff(t))
        if self._gap_from is not None:
            if self.on_gap is not None:
                self.on_gap(self._gap_from, float(t[0]))
            self._gap_from = None
        self._t_last = float(t[-1])
        self.stats.add_frame(len(t), now)
        try:
            self.on_samples(t, acc, gyro)
        except Exception as exc:  # e.g. the disk is full: end the session, cleanly
            if self._fatal is None:
                self._fatal = exc
            self._lost.set()

    def _count_dropped(self, dt: np.ndarray) -> None:
        """Samples missing from the timeline: every interval longer than 1.5 periods."""
        if self.nominal_hz and len(dt):
            big = dt[dt > 1.5 / self.nominal_hz]
            if len(big):
                self.stats.dropped_samples += int(np.sum(np.round(big * self.nominal_hz) - 1))

    def _on_disconnect(self, _client: Any) -> None:
        self.streaming = False
        if not self._closing:
            log.info("sensor %s dropped the link", self.address)
            self._lost.set()

    # -- life cycle -----------------------------------------------------------
    async def _open(self) -> None:
        from bleak import BleakClient

        self._set_state("connecting")
        self._lost.clear()
        client = BleakClient(self.device, disconnected_callback=self._on_disconnect, timeout=self.connect_timeout_s, backend=self.client_backend)
        self.client = client
        await client.connect()
        self._set_state("configuring")
        await self.driver.start(client, self._on_notify)
        self._last_data_wall = time.monotonic()
        self.streaming = True
        self._set_state("streaming")

    async def _close_client(self) -> None:
        """Stop the stream (if the link is up) and disconnect; never raises."""
        client, self.client = self.client, None
        if client is None:
            return
        self._closing = True
        try:
            if client.is_connected:
                try:
                    await asyncio.wait_for(self.driver.stop(client), STOP_TIMEOUT_S)
                except Exception as exc:  # the way out must not fail
                    log.warning("could not stop the stream cleanly: %s", exc)
            # Also after a peer drop: on BlueZ the old client's match rules stay live
            # and every notification would then arrive twice (ble-testing.md).
            try:
                await asyncio.wait_for(client.disconnect(), STOP_TIMEOUT_S)
            except Exception as exc:
                log.warning("disconnect failed: %s", exc)
        finally:
            self.streaming = False
            self._closing = False

    async def _reconnect(self, stop: asyncio.Event) -> None:
        self.stats.reconnects += 1
        self._set_state("reconnecting")
        self._gap_from = self._t_last
        await self._close_client()
        self.driver.reset()
        last_exc: Exception | None = None
        loop = asyncio.get_running_loop()
        # The policy's budget is wall time since the drop, connect attempts included.
        deadline = loop.time() + self.backoff.give_up_s
        for delay in self.backoff.delays():
            if stop.is_set():
                return
            if loop.time() + delay >= deadline:
                break
            try:
                await asyncio.wait_for(stop.wait(), delay)
                return  # stopped while waiting
            except asyncio.TimeoutError:
                pass
            try:
                budget = max(0.1, min(self.connect_timeout_s, deadline - loop.time()))
                if not await _unless_stopped(asyncio.wait_for(self._open(), budget), stop):
                    return  # Ctrl-C while reconnecting
                return
            except RepcountError:
                raise  # refused configuration: retrying will not help
            except Exception as exc:
                last_exc = exc
                log.info("reconnect failed: %s", exc)
                await self._close_client()
        raise SensorLost(f"sensor {self.address} did not come back after {self.backoff.give_up_s:.0f} s ({last_exc})")

    async def _watch_stall(self) -> None:
        """Treat a silent stream like a dropped link (see STALL_S)."""
        while True:
            await asyncio.sleep(min(1.0, self.stall_s / 4))
            quiet = time.monotonic() - self._last_data_wall
            if self.streaming and not self._lost.is_set() and quiet > self.stall_s:
                log.warning("no data from %s for %.0f s: restarting the stream", self.address, quiet)
                self.streaming = False
                self._lost.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Connect and stream until ``stop`` is set. Always stops the stream on the way out."""
        try:
            try:
                if not await _unless_stopped(self._open(), stop):
                    return  # stopped while connecting (the finally still cleans up)
            except RepcountError:
                raise
            except Exception as exc:  # BleakError, a timeout, the link lost while configuring
                why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise RepcountError(f"could not connect to {self.driver.label if hasattr(self.driver, 'label') else self.address} [{self.address}]: {why}") from None
            watchdog = asyncio.ensure_future(self._watch_stall())
            try:
                while not stop.is_set():
                    stop_w = asyncio.ensure_future(stop.wait())
                    lost_w = asyncio.ensure_future(self._lost.wait())
                    try:
                        await asyncio.wait({stop_w, lost_w}, return_when=asyncio.FIRST_COMPLETED)
                    finally:
                        stop_w.cancel()
                        lost_w.cancel()
                    if self._fatal is not None:
                        break
                    if self._lost.is_set() and not stop.is_set():
                        await self._reconnect(stop)
            finally:
                watchdog.cancel()
        finally:
            self._set_state("stopping")
            await self._close_client()
            self._set_state("stopped")
        if self._fatal is not None:
            raise self._fatal


async def _unless_stopped(coro: Awaitable[Any], stop: asyncio.Event) -> bool:
    """Run ``coro`` unless ``stop`` is set first (then cancel it). True if it completed.

    Connecting can take the platform's whole timeout; Ctrl-C must not wait for it.
    """
    task = asyncio.ensure_future(coro)
    waiter = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    if task.done():
        task.result()  # re-raise its error
        return True
    task.cancel()
    try:
        await task
    except (asyncio.CancelledError, Exception):  # cancelled, or failed while cancelling: we are stopping anyway
        pass
    return False
