"""A bleak client backend that connects through the simulated adapter of a :class:`SimWorld`.

Everything goes over bumble's real ATT client: MTU exchange, discovery, CCCD writes,
notifications, indications (bumble confirms them), ATT errors (raised as bleak's
:class:`~bleak.exc.BleakGATTProtocolError`), and peer-initiated disconnects (the
disconnected callback runs, as on BlueZ, for every disconnect).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, ClassVar

from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakError, BleakGATTProtocolError

from .uuids import from_bumble

log = logging.getLogger(__name__)

# What BlueZ asks for; the peripheral answers with its own maximum.
REQUESTED_MTU = 517

_PROPS = [
    (0x01, "broadcast"),
    (0x02, "read"),
    (0x04, "write-without-response"),
    (0x08, "write"),
    (0x10, "notify"),
    (0x20, "indicate"),
    (0x40, "authenticated-signed-writes"),
    (0x80, "extended-properties"),
]


def _prop_names(bits: int) -> list[Any]:
    return [name for bit, name in _PROPS if bits & bit]


class BumbleClient(BaseBleakClient):
    """bleak client backend over a :class:`SimWorld` (bound by subclassing: ``world``)."""

    world: ClassVar[Any]

    def __init__(self, address_or_ble_device: BLEDevice | str, **kwargs: Any) -> None:
        super().__init__(address_or_ble_device, disconnected_callback=kwargs.pop("disconnected_callback", None), timeout=kwargs.pop("timeout", 10.0), **kwargs)
        self._name = address_or_ble_device.name if isinstance(address_or_ble_device, BLEDevice) else None
        self._connection: Any = None
        self._peer: Any = None
        self._proxies: dict[int, Any] = {}  # bleak handle -> bumble proxy
        self._subscribers: dict[int, Any] = {}
        self._disconnected = asyncio.Event()

    # -- properties -----------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name or self.world.names.get(self.address) or self.address

    @property
    def mtu_size(self) -> int:
        return int(self._connection.att_mtu) if self._connection is not None else 23

    @property
    def is_connected(self) -> bool:
        return self._connection is not None and not self._disconnected.is_set()

    # -- connection -----------------------------------------------------------------
    async def connect(self, pair: bool = False, **kwargs: Any) -> None:
        from bumble.core import TimeoutError as CoreTimeoutError
        from bumble.device import Peer
        from bumble.hci import Address

        world = self.world
        await world.start()
        addr_type = world.address_types.get(self.address.upper(), Address.RANDOM_DEVICE_ADDRESS)
        target = Address(self.address.upper(), addr_type)
        timeout = float(kwargs.get("timeout", self._timeout))
        self._disconnected = asyncio.Event()
        try:
            async with world.connect_lock:
                conn = await world.adapter.connect(target, timeout=timeout)
        except (asyncio.TimeoutError, CoreTimeoutError) as e:
            raise BleakError(f"{self.address} did not answer within {timeout:g} s (not advertising, or out of range)") from e
        except Exception as e:  # bumble raises its own errors; bleak callers expect BleakError
            raise BleakError(f"connection to {self.address} failed: {e}") from e
        self._connection = conn
        conn.on("disconnection", self._on_disconnection)
        self._peer = Peer(conn)
        try:
            await self._peer.request_mtu(REQUESTED_MTU)
            self.services = await self._discover()
        except Exception as e:
            if self._disconnected.is_set():
                raise BleakError(f"{self.address} disconnected during service discovery") from e
            raise

    async def _discover(self) -> BleakGATTServiceCollection:
        peer = self._peer
        coll = BleakGATTServiceCollection()
        self._proxies = {}
        await peer.discover_services()
        for sp in peer.services:
            await sp.discover_characteristics()
            service = BleakGATTService(sp, sp.handle, from_bumble(sp.uuid))
            coll.add_service(service)
            for cp in sp.characteristics:
                await cp.discover_descriptors()
                char = BleakGATTCharacteristic(cp, cp.handle, from_bumble(cp.uuid), _prop_names(int(cp.properties)), lambda: self.mtu_size - 3, service)
                coll.add_characteristic(char)
                self._proxies[cp.handle] = cp
                for dp in cp.descriptors:
                    desc = BleakGATTDescriptor(dp, dp.handle, from_bumble(dp.type), char)
                    coll.add_descriptor(desc)
        return coll

    def _on_disconnection(self, reason: int) -> None:
        self._disconnected.set()
        self._subscribers.clear()
        log.debug("%s: disconnected (reason 0x%02X)", self.address, reason)
        if self._disconnected_callback is not None:
            self._disconnected_callback()

    async def disconnect(self) -> None:
        """Disconnect; a no-op when the link is already gone (e.g. the peer dropped it)."""
        conn = self._connection
        if conn is None:
            return
        if not self._disconnected.is_set():
            try:
                await asyncio.wait_for(conn.disconnect(), 5.0)
            except Exception as e:
                # The peer may have dropped the link concurrently; that is a disconnect too.
                if not self._disconnected.is_set():
                    log.debug("disconnect of %s failed: %s", self.address, e)
        self._connection = None
        self._peer = None

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("pairing is not simulated")

    async def unpair(self) -> None:
        raise NotImplementedError("pairing is not simulated")

    # -- I/O ------------------------------------------------------------------------
    def _require(self) -> Any:
        if not self.is_connected:
            raise BleakError("Not connected")
        return self._peer

    async def _att(self, coro: Any) -> Any:
        from bumble.att import ATT_Error

        try:
            return await coro
        except ATT_Error as e:
            raise BleakGATTProtocolError(e.error_code) from e
        except asyncio.TimeoutError as e:
            raise BleakError("ATT request timed out") from e

    async def read_gatt_char(self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any) -> bytearray:
        peer = self._require()
        return bytearray(await self._att(peer.read_value(characteristic.handle)))

    async def read_gatt_descriptor(self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any) -> bytearray:
        peer = self._require()
        return bytearray(await self._att(peer.read_value(descriptor.handle)))

    async def write_gatt_char(self, characteristic: BleakGATTCharacteristic, data: Any, response: bool) -> None:
        peer = self._require()
        await self._att(peer.write_value(characteristic.handle, bytes(data), with_response=response))

    async def write_gatt_descriptor(self, descriptor: BleakGATTDescriptor, data: Any) -> None:
        peer = self._require()
        await self._att(peer.write_value(descriptor.handle, bytes(data), with_response=True))

    async def start_notify(self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any) -> None:
        """Notifications are preferred when a characteristic supports both (as bleak documents)."""
        self._require()
        proxy = self._proxies[characteristic.handle]

        def on_value(value: bytes) -> None:
            callback(bytearray(value))

        await self._att(proxy.subscribe(on_value, prefer_notify=True))
        self._subscribers[characteristic.handle] = on_value

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        self._require()
        proxy = self._proxies[characteristic.handle]
        sub = self._subscribers.pop(characteristic.handle, None)
        await self._att(proxy.unsubscribe(sub, force=True))
