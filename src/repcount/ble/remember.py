"""The remembered last sensor (``last_sensor.json`` in the user config directory).

Stored by name AND address: on macOS CoreBluetooth gives each Mac its own UUID for a
device instead of its MAC address, so the same strap has a different "address" on
another computer, while its advertised name (``Polar H10 1A2B3C4D``) stays the same.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..config import config_dir

FILENAME = "last_sensor.json"


@dataclass(frozen=True)
class RememberedSensor:
    name: str | None
    address: str
    profile: str | None = None

    def matches(self, name: str | None, address: str) -> bool:
        """Same device: same address, or (addresses differ per host) the same full name."""
        if address and address.upper() == self.address.upper():
            return True
        return bool(self.name) and name == self.name


def _path() -> Path:
    return config_dir() / FILENAME


def load_last() -> RememberedSensor | None:
    """The remembered sensor, or None (also when the file is unreadable: it is only a hint)."""
    try:
        d = json.loads(_path().read_text(encoding="utf-8"))
        return RememberedSensor(name=d.get("name"), address=str(d["address"]), profile=d.get("profile"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_last(sensor: RememberedSensor) -> None:
    """Write atomically, so a crash never leaves a half-written file behind."""
    p = _path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(sensor), indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, p)
