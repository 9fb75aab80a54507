"""bumble's emulated controller, with the one HCI behaviour the simulation needs fixed.

bumble 0.0.236's ``Controller`` acknowledges *LE Create Connection Cancel* but neither
clears the pending connection nor reports it as cancelled. A real controller answers
with an *LE Connection Complete* event carrying "Unknown Connection Identifier" (Core
Vol 4, Part E, 7.8.13), which is how the host learns that its connect attempt (e.g. to
a sensor that is out of range) has ended. Without it a timed-out connect hangs and every
later connect is refused as "command disallowed".
"""

from __future__ import annotations

import asyncio
from typing import Any

from bumble import hci
from bumble.controller import Controller


class SimController(Controller):
    """An emulated controller whose connect-cancel behaves like a real one."""

    def on_hci_le_create_connection_cancel_command(self, command: Any) -> Any:
        pending = self.pending_le_connection
        if pending is None:
            return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.COMMAND_DISALLOWED_ERROR)
        self.pending_le_connection = None

        def report() -> None:
            self.send_hci_packet(
                hci.HCI_LE_Connection_Complete_Event(
                    status=hci.HCI_ErrorCode.UNKNOWN_CONNECTION_IDENTIFIER_ERROR,
                    connection_handle=0,
                    role=hci.Role.CENTRAL,
                    peer_address_type=pending.peer_address_type,
                    peer_address=pending.peer_address,
                    connection_interval=0,
                    peripheral_latency=0,
                    supervision_timeout=0,
                    central_clock_accuracy=0,
                )
            )

        # After the command's own Command Complete, as the spec orders them.
        asyncio.get_running_loop().call_soon(report)
        return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.SUCCESS)
