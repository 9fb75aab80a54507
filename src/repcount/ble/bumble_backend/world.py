"""The simulated radio: one bumble ``LocalLink`` plus the app's "adapter" device.

A :class:`SimWorld` is what the bleak backend classes drive. In process it owns a
``LocalLink``; the adapter is a bumble ``Device`` whose host talks HCI to an emulated
``Controller`` on that link, and every simulated sensor is another ``Device`` +
``Controller`` on the same link. So scanning, connecting, ATT, notifications and
disconnects all go through bumble's real HCI -> LL -> L2CAP -> ATT stack.

For two processes the adapter's host instead speaks HCI over a bumble transport
(``tcp-client:HOST:PORT``) to a controller that lives in the sensor's process
(see :mod:`repcount.ble.simulated.process`).

A world is bound to the event loop that first starts it (bumble schedules on the
running loop); tests call :meth:`SimWorld.close` between tests.

Example::

    world = SimWorld()
    sensor = PolarH10Sensor(samples)
    await sensor.attach(world)
    scanner_cls, client_cls = world.scanner_class, world.client_class
    devices = await BleakScanner.discover(1.0, backend=scanner_cls)
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # bumble is imported lazily so `repcount --help` stays fast
    from bumble.device import Advertisement, Device

log = logging.getLogger(__name__)

ADAPTER_ADDRESS = "F0:F0:F0:F0:F0:F0"  # random static (top bits 11)

_addr_counter = itertools.count(1)


def next_sensor_address() -> str:
    """A fresh random static address for a simulated sensor (unique per process)."""
    n = next(_addr_counter)
    return "C0:%02X:%02X:%02X:%02X:%02X" % (0x5E, (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF)


class SimWorld:
    """One simulated radio environment bound to one asyncio loop.

    ``transport`` is ``None`` for the in-process link, or a bumble transport spec
    such as ``"tcp-client:127.0.0.1:7000"`` for an adapter whose controller lives in
    another process.
    """

    _default: SimWorld | None = None

    def __init__(self, transport: str | None = None) -> None:
        self.transport_spec = transport
        self.loop: asyncio.AbstractEventLoop | None = None
        self.link: Any = None
        self.adapter: Device | None = None
        self._transport: Any = None
        self._start_lock: asyncio.Lock | None = None
        self.connect_lock: asyncio.Lock | None = None
        self._adv_listeners: set[Callable[[Advertisement], None]] = set()
        self._scan_users = 0
        self._scan_lock: asyncio.Lock | None = None
        self.peripherals: list[Any] = []
        self.names: dict[str, str] = {}  # address -> advertised name
        self.address_types: dict[str, int] = {}  # address -> bumble address type
        self.closed = False
        # The scanner/client classes bound to this world (bleak instantiates classes).
        from .scanner import BumbleScanner
        from .client import BumbleClient

        self.scanner_class: type = type("BumbleScanner", (BumbleScanner,), {"world": self})
        self.client_class: type = type("BumbleClient", (BumbleClient,), {"world": self})

    # -- the process-wide default world (spec "bumble") ----------------------------
    @classmethod
    def default(cls) -> SimWorld:
        """The in-process world that ``get_backend("bumble")`` and sensors share."""
        if cls._default is None or cls._default.stale:
            cls._default = SimWorld()
        return cls._default

    @property
    def stale(self) -> bool:
        """Closed, or bound to an event loop that has ended (a finished ``asyncio.run``)."""
        return self.closed or (self.loop is not None and self.loop.is_closed())

    @classmethod
    async def reset_default(cls) -> None:
        """Close the default world (tests: between tests)."""
        if cls._default is not None:
            await cls._default.close()
        cls._default = None

    # -- life cycle ----------------------------------------------------------------
    def _bind_loop(self) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is None:
            self.loop = loop
            self._start_lock = asyncio.Lock()
            self.connect_lock = asyncio.Lock()
            self._scan_lock = asyncio.Lock()
        elif self.loop is not loop:
            raise RuntimeError("this SimWorld is bound to another event loop: close it and make a new one")

    def _ensure_link(self) -> Any:
        if self.link is None:
            from bumble.link import LocalLink

            self.link = LocalLink()
        return self.link

    async def start(self) -> None:
        """Power on the adapter (idempotent)."""
        if self.closed:
            raise RuntimeError("SimWorld is closed")
        self._bind_loop()
        assert self._start_lock is not None
        async with self._start_lock:
            if self.adapter is not None:
                return
            from bumble.device import Device
            from bumble.hci import Address

            if self.transport_spec is None:
                from bumble.transport.common import AsyncPipeSink

                from .controller import SimController, SimHost

                controller = SimController("adapter", link=self._ensure_link())
                device = Device(name="repcount", address=Address(ADAPTER_ADDRESS), host=SimHost(controller, AsyncPipeSink(controller)))
            else:
                from bumble.transport import open_transport

                from .controller import SimHost

                self._transport = await open_transport(self.transport_spec)
                host = SimHost(controller_source=self._transport.source, controller_sink=self._transport.sink)
                device = Device(name="repcount", address=Address(ADAPTER_ADDRESS), host=host)
            device.on("advertisement", self._on_advertisement)
            await device.power_on()
            self.adapter = device

    async def new_peripheral_device(self, name: str, address: str) -> Device:
        """A powered-on bumble Device with its own controller on this world's link."""
        if self.transport_spec is not None:
            raise RuntimeError("sensors live in the other process for a tcp-client world")
        self._bind_loop()
        from bumble.device import Device
        from bumble.hci import Address
        from bumble.transport.common import AsyncPipeSink

        from .controller import SimController, SimHost

        controller = SimController(f"sensor-{address}", link=self._ensure_link())
        device = Device(name=name, address=Address(address), host=SimHost(controller, AsyncPipeSink(controller)))
        await device.power_on()
        return device

    async def close(self) -> None:
        """Stop every sensor, drop every connection, release the transport."""
        if self.closed:
            return
        self.closed = True
        for p in list(self.peripherals):
            try:
                await p.close()
            except Exception:  # closing must not mask the test's own failure
                log.debug("closing peripheral failed", exc_info=True)
        self.peripherals.clear()
        if self.adapter is not None:
            for conn in list(self.adapter.connections.values()):
                try:
                    await asyncio.wait_for(conn.disconnect(), 1.0)
                except Exception:
                    pass
            try:
                if self._scan_users:
                    await self.adapter.stop_scanning()
            except Exception:
                pass
        if self._transport is not None:
            try:
                await self._transport.close()
            except Exception:
                pass
        self.adapter = None
        self._adv_listeners.clear()
        if SimWorld._default is self:
            SimWorld._default = None

    # -- scanning (shared by every BleakScanner using this world) -------------------
    def _on_advertisement(self, adv: Advertisement) -> None:
        addr = adv.address.to_string(False)
        self.address_types[addr] = adv.address.address_type
        for cb in list(self._adv_listeners):
            cb(adv)

    async def scan_acquire(self, listener: Callable[[Advertisement], None]) -> None:
        await self.start()
        assert self._scan_lock is not None and self.adapter is not None
        async with self._scan_lock:
            self._adv_listeners.add(listener)
            self._scan_users += 1
            if self._scan_users == 1:
                await self.adapter.start_scanning(active=True, filter_duplicates=False)

    async def scan_release(self, listener: Callable[[Advertisement], None]) -> None:
        if self._scan_lock is None or self.adapter is None:
            return
        async with self._scan_lock:
            if listener in self._adv_listeners:
                self._adv_listeners.discard(listener)
                self._scan_users -= 1
                if self._scan_users == 0:
                    await self.adapter.stop_scanning()

    # -- backends -------------------------------------------------------------------
    @property
    def scanner(self) -> type:
        return self.scanner_class

    @property
    def client(self) -> type:
        return self.client_class
