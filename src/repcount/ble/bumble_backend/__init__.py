"""A bleak backend over bumble: product BLE code runs unchanged against simulated sensors.

Product code never imports this package directly; it passes the classes to bleak's
own seam (``BleakScanner(..., backend=cls)``, ``BleakClient(..., backend=cls)``), and
:mod:`repcount.ble.backend` picks them from a spec:

- ``"bumble"``: the in-process :class:`SimWorld` (sensors attached to
  ``SimWorld.default()`` are what the app sees);
- ``"bumble:tcp-client:HOST:PORT"``: the adapter's HCI goes over TCP to a simulated
  sensor process started with :func:`repcount.ble.simulated.process.serve_sensor`.

Example::

    be = get_backend("bumble")
    await PolarH10Sensor(block).attach(be.world)
    dev = await BleakScanner.find_device_by_filter(lambda d, ad: True, backend=be.scanner)
    async with BleakClient(dev, backend=be.client) as client:
        ...
"""

from __future__ import annotations

from dataclasses import dataclass

from .world import SimWorld, next_sensor_address


@dataclass(frozen=True)
class BumbleBackend:
    """The two backend classes bound to one world (unpacks like a tuple)."""

    scanner: type
    client: type
    world: SimWorld

    def __iter__(self):  # so `scanner, client = get_backend(...)` works
        return iter((self.scanner, self.client))


_tcp_worlds: dict[str, SimWorld] = {}


def get_backend(spec: str = "bumble") -> BumbleBackend:
    """Backend classes for ``spec``: ``"bumble"`` or ``"bumble:tcp-client:HOST:PORT"``.

    >>> be = get_backend("bumble")
    >>> be.scanner.__name__, be.client.__name__
    ('BumbleScanner', 'BumbleClient')
    """
    kind, _, rest = spec.partition(":")
    if kind != "bumble":
        raise ValueError(f"not a bumble backend spec: {spec!r}")
    if not rest:
        world = SimWorld.default()
    else:
        if not rest.startswith(("tcp-client:", "unix:", "ws-client:")):
            raise ValueError(f"unsupported bumble transport in {spec!r}: expected tcp-client:HOST:PORT")
        world = _tcp_worlds.get(rest)
        if world is None or world.stale:
            world = _tcp_worlds[rest] = SimWorld(transport=rest)
    return BumbleBackend(world.scanner_class, world.client_class, world)


__all__ = ["BumbleBackend", "SimWorld", "get_backend", "next_sensor_address"]
