"""Run a firmware profile's declarative steps against a connected ``BleakClient``.

A profile (``firmware-profiles/*.toml``, :mod:`repcount.profiles`) lists what to do to
start and stop a sensor: subscribe, write bytes (rendered from a template for the
chosen rate and range), read, wait, and which response to expect. This module is the
only code that executes those steps; nothing in a profile is code.

    driver = make_driver(load_profile("polar-h10"), rate_hz=200)
    await driver.start(client, on_data)   # subscriptions + configure + start
    t, acc, gyro = driver.decode(notification, host_t)
    await driver.stop(client)             # best effort: every stop step is tried
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

import numpy as np

from ..errors import RepcountError

log = logging.getLogger(__name__)


class ConfigRejected(RepcountError):
    """The sensor refused a configuration step: the message names the supported values."""


class ProfileDriver:
    """The sensor-specific half of a live session, built from a profile."""

    def __init__(self, profile: Any, rate_hz: float | None = None, range_g: float | None = None, *, label: str | None = None) -> None:
        from ..decoders import make_decoder

        self.profile = profile
        # Unsupported --rate/--range: one line naming the supported values, before connecting.
        self.rate_hz, self.range_g = profile.check_rate_range(rate_hz, range_g)
        self.decoder = make_decoder(profile, self.rate_hz, self.range_g)
        self.has_gyro = bool(profile.has_gyro)
        self.name = profile.name
        self.label = label or profile.title or profile.name
        self.data_uuid = profile.data_uuid
        self._queues: dict[str, asyncio.Queue] = {}
        self._on_data: Callable[[Any, bytearray], None] | None = None
        self.subscribed: set[str] = set()

    # -- notifications ------------------------------------------------------------
    def _queue(self, role: str) -> asyncio.Queue:
        q = self._queues.get(role)
        if q is None:
            q = self._queues[role] = asyncio.Queue()
        return q

    def _handler(self, role: str) -> Callable[[Any, bytearray], None]:
        if role == self.profile.data_role:

            def on_data(char: Any, data: bytearray) -> None:
                if role in self._queues:  # a step is waiting for a response on the data characteristic
                    self._queues[role].put_nowait(bytes(data))
                if self._on_data is not None:
                    self._on_data(char, data)

            return on_data

        def on_control(_char: Any, data: bytearray) -> None:
            b = bytes(data)
            self.decoder.on_control(b)  # e.g. the Polar start response carries a scale factor
            self._queue(role).put_nowait(b)

        return on_control

    def decode(self, data: bytes, host_t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        return self.decoder.decode(data, host_t)

    def reset(self) -> None:
        """After a reconnect: forget per-stream decoder state (the timeline goes on)."""
        self.decoder.reset()

    # -- steps ------------------------------------------------------------------------
    def _uuid(self, role: str) -> str:
        return self.profile.characteristic(role).uuid

    def _describe(self) -> str:
        p = self.profile
        rates = ", ".join(f"{r:g}" for r in p.rates_hz)
        ranges = ", ".join(f"{r:g}" for r in p.ranges_g)
        return f"supported rates: {rates} Hz" + (f"; ranges: {ranges} g" if ranges else "")

    async def _expect(self, step: Any, role: str) -> Any:
        from ..decoders import DecodeError, parse_response

        q = self._queue(role)
        parts = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + step.timeout_s
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise asyncio.TimeoutError
            data = await asyncio.wait_for(q.get(), remaining)
            try:
                r = parse_response(step.expect, data, **step.expect_args)
            except DecodeError:
                continue  # not the response (a feature packet, a data frame): keep waiting
            parts.append(r)
            if not getattr(r, "ok", True) or not getattr(r, "more", False):
                return r

    async def _step(self, client: Any, step: Any) -> None:
        p = self.profile
        if step.action == "subscribe":
            await client.start_notify(self._uuid(step.role), self._handler(step.role))
            self.subscribed.add(step.role)
        elif step.action == "unsubscribe":
            if step.role in self.subscribed:
                self.subscribed.discard(step.role)
                await client.stop_notify(self._uuid(step.role))
        elif step.action == "wait":
            await asyncio.sleep(step.wait_ms / 1000.0)
        elif step.action in ("write", "read"):
            resp_role = step.expect_on or step.role
            if step.expect:
                q = self._queue(resp_role)
                while not q.empty():  # stale responses must not answer this step
                    q.get_nowait()
            if step.action == "write":
                data = p.render(step, self.rate_hz, self.range_g)
                ch = p.characteristic(step.role)
                with_response = step.response or not ch.has("write-without-response")
                await client.write_gatt_char(self._uuid(step.role), data, response=with_response)
                if step.expect:
                    try:
                        r = await self._expect(step, resp_role)
                    except asyncio.TimeoutError:
                        raise RepcountError(f"{self.label}: no answer to {data.hex(' ')} within {step.timeout_s:g} s") from None
                    if not getattr(r, "ok", True):
                        raise ConfigRejected(f"{self.label} refused {self.rate_hz:g} Hz" + (f", {self.range_g:g} g" if self.range_g else "") + f" ({r.reason}); {self._describe()}")
            else:
                data = bytes(await client.read_gatt_char(self._uuid(step.role)))
                if step.expect:
                    from ..decoders import parse_response

                    r = parse_response(step.expect, data, **step.expect_args)
                    if not getattr(r, "ok", True):
                        raise ConfigRejected(f"{self.label}: {r.reason}")
        if step.delay_ms:
            await asyncio.sleep(step.delay_ms / 1000.0)

    async def start(self, client: Any, on_data: Callable[[Any, bytearray], None]) -> None:
        """Subscribe, configure and start. Raises ConfigRejected / RepcountError."""
        self._on_data = on_data
        self.subscribed.clear()
        self._queues.clear()
        for step in self.profile.start:
            try:
                await self._step(client, step)
            except RepcountError:
                if step.optional:
                    continue
                raise
            except Exception as exc:  # ATT errors, a refused write
                if step.optional:
                    log.debug("optional step %s failed: %s", step, exc)
                    continue
                raise ConfigRejected(f"{self.label} refused the configuration at {self.rate_hz:g} Hz ({_why(exc)}); {self._describe()}") from None

    async def stop(self, client: Any) -> None:
        """Every stop step is attempted, whatever the previous one did."""
        for step in self.profile.stop:
            try:
                await self._step(client, step)
            except Exception as exc:
                log.debug("stop step %s failed: %s", step, exc)
        self._on_data = None


def _why(exc: Exception) -> str:
    s = str(exc).strip()
    return s.splitlines()[0] if s else type(exc).__name__


def make_driver(profile: Any, rate_hz: float | None = None, range_g: float | None = None, label: str | None = None) -> ProfileDriver:
    return ProfileDriver(profile, rate_hz, range_g, label=label)
