"""The one place that decides which backend classes bleak uses.

- nothing set: ``None`` for both, i.e. bleak's real platform backend (BlueZ, CoreBluetooth,
  WinRT);
- ``REPCOUNT_BLE_BACKEND`` (or ``--backend`` in tests), e.g. ``bumble`` (the in-process
  simulated world) or ``bumble:tcp-client:127.0.0.1:PORT`` (HCI over a socket to a
  simulated sensor running in another process, see ``repcount sim-sensor``).

Product code passes the result to ``BleakScanner(..., backend=)`` and
``BleakClient(..., backend=)``: bleak's own seam, nothing else changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..errors import RepcountError

ENV = "REPCOUNT_BLE_BACKEND"


@dataclass(frozen=True)
class Backends:
    scanner: type | None = None
    client: type | None = None
    spec: str | None = None
    handle: Any = None  # whatever the backend needs to keep alive (a bumble world)


def resolve(spec: str | None = None) -> Backends:
    """Backend classes for ``spec`` (default: the ``REPCOUNT_BLE_BACKEND`` environment variable)."""
    spec = spec or os.environ.get(ENV) or None
    if spec in (None, "", "platform"):
        return Backends()
    if spec.split(":", 1)[0] == "bumble":
        from .bumble_backend import get_backend  # the simulated stack (helper E1)

        got = get_backend(spec)
        scanner, client = _classes(got)
        return Backends(scanner=scanner, client=client, spec=spec, handle=got)
    raise RepcountError(f"unknown BLE backend {spec!r} in {ENV}: expected 'platform', 'bumble' or 'bumble:tcp-client:HOST:PORT'")


def _classes(got: Any) -> tuple[type, type]:
    if isinstance(got, tuple):
        return got[0], got[1]
    return got.scanner, got.client
