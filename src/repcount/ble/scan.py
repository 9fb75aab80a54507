"""Find sensors: scan, match advertisements to firmware profiles, choose one.

Uses only ``BleakScanner`` (public API); the backend class is passed through bleak's
``backend=`` seam.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..errors import RepcountError
from .remember import RememberedSensor


@dataclass
class Candidate:
    """A device seen while scanning."""

    name: str | None
    address: str
    rssi: int | None
    profiles: list[str] = field(default_factory=list)  # names of the matching firmware profiles
    device: Any = None  # bleak's BLEDevice, for connecting without another scan

    @property
    def label(self) -> str:
        return f"{self.name or '(no name)'} [{self.address}]"


def _match(name: str | None, uuids: Sequence[str]) -> list[str]:
    from ..profiles import match_advertisement

    return [p.name for p in match_advertisement(name, list(uuids))]


def _candidate(device: Any, adv: Any) -> Candidate:
    name = adv.local_name or device.name
    return Candidate(name=name, address=device.address, rssi=adv.rssi, profiles=_match(name, adv.service_uuids or []), device=device)


def no_radio(exc: BaseException) -> RepcountError:
    """The platform's Bluetooth stack is missing or off: one line, with what to try."""
    why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return RepcountError(
        f"Bluetooth is not available ({why}): is an adapter present and switched on (Linux: is bluetoothd running)? "
        "`repcount live --simulate` runs without one"
    )


async def scan(timeout: float = 5.0, *, include_all: bool = False, scanner_backend: type | None = None) -> list[Candidate]:
    """Scan for ``timeout`` seconds; the matching sensors (all devices with ``include_all``),
    strongest signal first."""
    from bleak import BleakScanner

    try:
        found = await BleakScanner.discover(timeout=timeout, return_adv=True, backend=scanner_backend)
    except RepcountError:
        raise
    except Exception as exc:  # BleakError, no D-Bus socket (OSError): no adapter, adapter off
        raise no_radio(exc) from None
    cands = [_candidate(dev, adv) for dev, adv in found.values()]
    if not include_all:
        cands = [c for c in cands if c.profiles]
    cands.sort(key=lambda c: (not c.profiles, -(c.rssi if c.rssi is not None else -999), c.name or "", c.address))
    return cands


async def find(predicate: Callable[[Candidate], bool], timeout: float, *, scanner_backend: type | None = None) -> Candidate | None:
    """Scan until a device satisfies ``predicate`` (returns at once when it is seen)."""
    from bleak import BleakScanner

    hit: list[Candidate] = []

    def _filter(device: Any, adv: Any) -> bool:
        c = _candidate(device, adv)
        if predicate(c):
            hit.append(c)
            return True
        return False

    try:
        dev = await BleakScanner.find_device_by_filter(_filter, timeout=timeout, backend=scanner_backend)
    except RepcountError:
        raise
    except Exception as exc:
        raise no_radio(exc) from None
    return hit[-1] if dev is not None and hit else None


def sensor_predicate(sensor: str) -> Callable[[Candidate], bool]:
    """``--sensor`` matches an address (any case) or a name (exact, else a case-insensitive part)."""
    s = sensor.strip()

    def pred(c: Candidate) -> bool:
        if c.address.upper() == s.upper():
            return True
        return bool(c.name) and (c.name == s or s.lower() in c.name.lower())

    return pred


def describe(cands: Sequence[Candidate]) -> str:
    return "; ".join(f"{c.label} ({', '.join(c.profiles) or 'no profile'})" for c in cands)


def choose(
    cands: Sequence[Candidate],
    *,
    remembered: RememberedSensor | None = None,
    interactive: bool = False,
    ask: Callable[[Sequence[Candidate]], int] | None = None,
) -> Candidate:
    """Pick the sensor: the remembered one if in range, else the only match, else ask.

    Without a terminal to ask on, a one-line error lists the candidates.
    """
    matching = [c for c in cands if c.profiles]
    if remembered is not None:
        for c in matching:
            if remembered.matches(c.name, c.address):
                return c
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise RepcountError("no sensor in range matches a firmware profile: is it switched on and awake (Polar straps need skin contact)? `repcount scan --all` lists every device")
    if not interactive or ask is None:
        raise RepcountError(f"{len(matching)} sensors in range, choose one with --sensor NAME|ADDRESS: {describe(matching)}")
    return matching[ask(matching)]

