"""bumble's emulated controller and host, with what the simulation needs fixed.

Speed: bumble 0.0.236 builds a coloured debug string of every HCI packet (four per
notification: host out, controller in, controller out, host in) even when debug logging
is off; that formatting is most of the cost of a notification. :class:`SimController`
and :class:`SimHost` skip it unless ``bumble`` debug logging is on, and otherwise
dispatch exactly as bumble does.

Correctness:

bumble 0.0.236's ``Controller`` acknowledges *LE Create Connection Cancel* but neither
clears the pending connection nor reports it as cancelled. A real controller answers
with an *LE Connection Complete* event carrying "Unknown Connection Identifier" (Core
Vol 4, Part E, 7.8.13), which is how the host learns that its connect attempt (e.g. to
a sensor that is out of range) has ended. Without it a timed-out connect hangs and every
later connect is refused as "command disallowed".
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bumble import hci
from bumble.controller import Controller
from bumble.host import Host

_bumble_log = logging.getLogger("bumble")


def _debug() -> bool:
    return _bumble_log.isEnabledFor(logging.DEBUG)


class SimController(Controller):
    """An emulated controller: connect-cancel as a real one, no per-packet log formatting.

    LE ACL buffers of 251 bytes model the Data Length Extension every current adapter and
    sensor (Bluetooth 4.2+) uses; bumble's default of 27 splits each 244-byte
    notification into ten HCI packets.
    """

    le_acl_data_packet_length = 251

    def on_hci_packet(self, packet: Any) -> None:
        if _debug():
            return super().on_hci_packet(packet)
        if isinstance(packet, hci.HCI_Command):
            self.on_hci_command_packet(packet)
        elif isinstance(packet, hci.HCI_AclDataPacket):
            self.on_hci_acl_data_packet(packet)
        elif isinstance(packet, hci.HCI_Event):
            self.on_hci_event_packet(packet)
        else:
            super().on_hci_packet(packet)

    def send_hci_packet(self, packet: Any) -> None:
        if _debug():
            return super().send_hci_packet(packet)
        if self.host:
            asyncio.get_running_loop().call_soon(self.host.on_packet, bytes(packet))

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


class SimHost(Host):
    """bumble's Host without the per-packet debug formatting (see the module docstring)."""

    def send_hci_packet(self, packet: Any) -> None:
        if _debug() or self.snooper:
            return super().send_hci_packet(packet)
        if self.hci_sink:
            self.hci_sink.on_packet(bytes(packet))

    def on_hci_packet(self, packet: Any) -> None:
        if _debug() or self.snooper:
            return super().on_hci_packet(packet)
        if isinstance(packet, hci.HCI_Event):
            self.on_hci_event_packet(packet)
        elif isinstance(packet, hci.HCI_AclDataPacket):
            self.on_hci_acl_data_packet(packet)
        else:
            super().on_hci_packet(packet)
