"""A bleak scanner backend that listens on the simulated adapter of a :class:`SimWorld`."""

from __future__ import annotations

import struct
import uuid as _uuid
from typing import Any, ClassVar

from bleak.backends.scanner import AdvertisementData, BaseBleakScanner

from .uuids import BT_BASE_SUFFIX

# AD types (Core Supplement, Part A, 1.x)
_AD_FLAGS = 0x01
_AD_UUID16 = (0x02, 0x03)
_AD_UUID32 = (0x04, 0x05)
_AD_UUID128 = (0x06, 0x07)
_AD_SHORT_NAME = 0x08
_AD_NAME = 0x09
_AD_TX_POWER = 0x0A
_AD_SERVICE_DATA16 = 0x16
_AD_SERVICE_DATA32 = 0x20
_AD_SERVICE_DATA128 = 0x21
_AD_MANUFACTURER = 0xFF


def parse_advertising_data(data: bytes, rssi: int) -> tuple[AdvertisementData, list[tuple[int, bytes]]]:
    """Decode raw legacy advertising bytes the way an OS stack would report them.

    Malformed trailing structures are ignored (a real stack drops them too).

    >>> ad, _ = parse_advertising_data(bytes.fromhex("020106") + b"\\x04\\x09H10", -50)
    >>> ad.local_name
    'H10'
    """
    structs: list[tuple[int, bytes]] = []
    i = 0
    while i < len(data):
        n = data[i]
        if n == 0 or i + 1 + n > len(data):
            break
        structs.append((data[i + 1], bytes(data[i + 2 : i + 1 + n])))
        i += 1 + n
    name: str | None = None
    uuids: list[str] = []
    mfr: dict[int, bytes] = {}
    sdata: dict[str, bytes] = {}
    tx: int | None = None
    for t, v in structs:
        if t in (_AD_NAME, _AD_SHORT_NAME):
            if t == _AD_NAME or name is None:
                name = v.decode("utf-8", "replace")
        elif t in _AD_UUID16:
            uuids += [f"0000{u:04x}{BT_BASE_SUFFIX}" for (u,) in struct.iter_unpack("<H", v[: len(v) // 2 * 2])]
        elif t in _AD_UUID32:
            uuids += [f"{u:08x}{BT_BASE_SUFFIX}" for (u,) in struct.iter_unpack("<I", v[: len(v) // 4 * 4])]
        elif t in _AD_UUID128:
            uuids += [str(_uuid.UUID(bytes=v[k : k + 16][::-1])) for k in range(0, len(v) // 16 * 16, 16)]
        elif t == _AD_TX_POWER and v:
            tx = struct.unpack("<b", v[:1])[0]
        elif t == _AD_MANUFACTURER and len(v) >= 2:
            mfr[struct.unpack("<H", v[:2])[0]] = v[2:]
        elif t == _AD_SERVICE_DATA16 and len(v) >= 2:
            sdata[f"0000{struct.unpack('<H', v[:2])[0]:04x}{BT_BASE_SUFFIX}"] = v[2:]
        elif t == _AD_SERVICE_DATA32 and len(v) >= 4:
            sdata[f"{struct.unpack('<I', v[:4])[0]:08x}{BT_BASE_SUFFIX}"] = v[4:]
        elif t == _AD_SERVICE_DATA128 and len(v) >= 16:
            sdata[str(_uuid.UUID(bytes=v[:16][::-1]))] = v[16:]
    ad = AdvertisementData(
        local_name=name,
        manufacturer_data=mfr,
        service_data=sdata,
        service_uuids=uuids,
        tx_power=tx,
        rssi=rssi,
        platform_data=(data,),
    )
    return ad, structs


class BumbleScanner(BaseBleakScanner):
    """bleak scanner backend over a :class:`SimWorld` (bound by subclassing: ``world``)."""

    world: ClassVar[Any]

    def __init__(self, detection_callback: Any, service_uuids: list[str] | None, scanning_mode: str = "active", **kwargs: Any) -> None:
        super().__init__(detection_callback, service_uuids)
        self._scanning = False

    def _on_adv(self, adv: Any) -> None:
        ad, _ = parse_advertising_data(bytes(adv.data_bytes), int(adv.rssi))
        if not self.is_allowed_uuid(ad.service_uuids):
            return
        address = adv.address.to_string(False)
        if ad.local_name:
            self.world.names[address] = ad.local_name
        device = self.create_or_update_device(address, address, ad.local_name, {"address_type": adv.address.address_type}, ad)
        self.call_detection_callbacks(device, ad)

    async def start(self) -> None:
        self.seen_devices = {}
        if not self._scanning:
            self._scanning = True
            await self.world.scan_acquire(self._on_adv)

    async def stop(self) -> None:
        if self._scanning:
            self._scanning = False
            await self.world.scan_release(self._on_adv)
