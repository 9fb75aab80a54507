"""Small helpers to declare bumble GATT characteristics that behave like real firmware.

bumble's GATT server does not enforce characteristic properties or permissions, so a
characteristic declared "notify" would still accept writes. Real devices answer such
requests with an ATT error; these helpers make every characteristic do the same.
"""

from __future__ import annotations

import inspect
from typing import Any, Awaitable, Callable

# ATT error codes (Core Vol 3, Part F, 3.4.1.1)
READ_NOT_PERMITTED = 0x02
WRITE_NOT_PERMITTED = 0x03
INVALID_ATTRIBUTE_VALUE_LENGTH = 0x0D
UNLIKELY_ERROR = 0x0E
VALUE_NOT_ALLOWED = 0x13  # "Value Not Allowed" (Core 5.x; also used as an application error)
APPLICATION_ERROR = 0x80

Reader = Callable[[Any], bytes]
Writer = Callable[[Any, bytes], "None | Awaitable[None]"]


def att_error(code: int) -> Exception:
    from bumble.att import ATT_Error

    return ATT_Error(error_code=code)


def characteristic(uuid: str, properties: list[str], *, read: Reader | None = None, write: Writer | None = None, value: bytes = b"") -> Any:
    """A bumble ``Characteristic`` that refuses what its properties do not allow.

    ``properties`` use bleak's names: read, write, write-without-response, notify, indicate.
    """
    from bumble.att import AttributeValue
    from bumble.gatt import Characteristic

    flags = 0
    names = {"read": Characteristic.Properties.READ, "write": Characteristic.Properties.WRITE,
             "write-without-response": Characteristic.Properties.WRITE_WITHOUT_RESPONSE,
             "notify": Characteristic.Properties.NOTIFY, "indicate": Characteristic.Properties.INDICATE}
    for p in properties:
        flags |= names[p]
    can_read = "read" in properties
    can_write = "write" in properties or "write-without-response" in properties
    state = {"value": bytes(value)}

    def _read(conn: Any) -> bytes:
        if not can_read:
            raise att_error(READ_NOT_PERMITTED)
        return read(conn) if read is not None else state["value"]

    async def _write(conn: Any, data: bytes) -> None:
        if not can_write:
            raise att_error(WRITE_NOT_PERMITTED)
        if write is None:
            state["value"] = bytes(data)
            return
        r = write(conn, bytes(data))
        if inspect.isawaitable(r):
            await r

    # Permissions are left open on purpose: the checks above answer like the device would
    # (bumble would not check them anyway, see the module docstring).
    perms = Characteristic.Permissions.READABLE | Characteristic.Permissions.WRITEABLE
    return Characteristic(uuid, Characteristic.Properties(flags), perms, AttributeValue(read=_read, write=_write))


def service(uuid: str, characteristics: list[Any]) -> Any:
    from bumble.gatt import Service

    return Service(uuid, characteristics)
