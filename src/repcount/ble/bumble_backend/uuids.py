"""UUID spelling shared by the backend and the simulated sensors."""

from __future__ import annotations

import uuid as _uuid
from typing import Any

BT_BASE_SUFFIX = "-0000-1000-8000-00805f9b34fb"


def normalize(u: str | int) -> str:
    """Full lower-case 128-bit form, as bleak reports UUIDs.

    >>> normalize("180d")
    '0000180d-0000-1000-8000-00805f9b34fb'
    >>> normalize("FB005C81-02E7-F387-1CAD-8ACD2D8DF0C8")
    'fb005c81-02e7-f387-1cad-8acd2d8df0c8'
    """
    if isinstance(u, int):
        return f"{u:08x}{BT_BASE_SUFFIX}"
    s = u.strip().lower()
    if len(s) == 4:
        return f"0000{s}{BT_BASE_SUFFIX}"
    if len(s) == 8:
        return f"{s}{BT_BASE_SUFFIX}"
    return str(_uuid.UUID(s))


def from_bumble(u: Any) -> str:
    """A bumble ``core.UUID`` as bleak's string form."""
    return str(_uuid.UUID(bytes=bytes(u.to_bytes(force_128=True))[::-1]))
