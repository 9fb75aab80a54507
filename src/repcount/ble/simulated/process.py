"""A simulated sensor in its own process, reachable over a bumble HCI transport.

The sensor process owns the radio environment: a bumble ``LocalLink`` with the
simulated sensor on it, plus a second emulated controller (the app's adapter) whose HCI
is served on a TCP socket (``tcp-server:HOST:PORT``). The app process opens the other end
with ``REPCOUNT_BLE_BACKEND=bumble:tcp-client:HOST:PORT``: its bumble host then sends
real HCI commands and receives real HCI events and ACL data over the socket, so
scanning, connecting, ATT and disconnects cross the process boundary as bytes.

Library use (E2's hidden ``repcount sim-sensor`` command wraps this)::

    sensor = make_sensor("polar-h10", block, speed=10)
    await serve_sensor(sensor, on_ready=lambda spec: print("READY", spec, flush=True))

Command line (used by the two-process test)::

    python -m repcount.ble.simulated.process polar-h10 RECORDING.csv --port 0 --speed 10

prints ``READY tcp-client:127.0.0.1:PORT`` once the sensor advertises, streams when
configured, and exits 0 a little after its simulated session has finished (the app sees
the link drop: a Polar first sends its "measurement stopped" indication).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from typing import Any, Callable

from ..bumble_backend.world import SimWorld
from .base import Faults, SimulatedSensor


async def _open_server(transport: str) -> tuple[Any, str]:
    """Open ``tcp-server:HOST:PORT`` (PORT 0 = any free port); return it and the client spec."""
    from bumble.transport.tcp_server import open_tcp_server_transport_with_socket

    kind, _, rest = transport.partition(":")
    if kind != "tcp-server":
        raise ValueError(f"expected tcp-server:HOST:PORT, got {transport!r}")
    host, _, port = rest.rpartition(":")
    host = host or "127.0.0.1"
    # proto=IPPROTO_TCP matters: asyncio only turns Nagle off (TCP_NODELAY) on sockets that
    # say they are TCP, and with Nagle every ATT round trip waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, int(port or 0)))
    t = await open_tcp_server_transport_with_socket(sock)
    return t, f"tcp-client:{host}:{sock.getsockname()[1]}"


async def serve_sensor(
    sensor: SimulatedSensor,
    *,
    transport: str = "tcp-server:127.0.0.1:0",
    on_ready: Callable[[str], None] | None = None,
    exit_when_finished: bool = True,
    linger_s: float = 1.0,
    stop: asyncio.Event | None = None,
) -> SimulatedSensor:
    """Run ``sensor`` behind an HCI server until its session finished (+ ``linger_s`` real
    seconds), or until ``stop`` is set. ``on_ready(spec)`` gets the app-side transport
    spec (``tcp-client:HOST:PORT``) once the sensor advertises."""
    from ..bumble_backend.controller import SimController

    world = SimWorld()
    hci, client_spec = await _open_server(transport)
    try:
        # The app's adapter: an emulated controller on our link, driven over the socket.
        SimController("app-adapter", host_source=hci.source, host_sink=hci.sink, link=world._ensure_link())
        await sensor.attach(world)
        if on_ready is not None:
            on_ready(client_spec)
        stop = stop or asyncio.Event()
        waits = [asyncio.ensure_future(stop.wait())]
        if exit_when_finished:
            waits.append(asyncio.ensure_future(sensor.finished.wait()))
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()
        if sensor.finished.is_set():
            await asyncio.sleep(linger_s)
    finally:
        await world.close()
        await hci.close()
    return sensor


def main(argv: list[str] | None = None) -> int:
    from ...importers import load
    from . import make_sensor

    ap = argparse.ArgumentParser(prog="python -m repcount.ble.simulated.process", description="Serve a simulated BLE sensor over a bumble TCP HCI transport.")
    ap.add_argument("profile")
    ap.add_argument("recording", help="samples to stream (any format repcount imports)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--speed", type=float, default=1.0)
    ap.add_argument("--tail", type=float, default=3.0, help="seconds of quiet rest after the recording")
    ap.add_argument("--drop-at", type=float, action="append", default=None)
    ap.add_argument("--corrupt-every", type=int, default=None)
    ap.add_argument("--reject-config", action="store_true")
    ap.add_argument("--linger", type=float, default=1.0)
    a = ap.parse_args(argv)
    block = load(a.recording).block
    faults = Faults(drop_at_s=a.drop_at, corrupt_every=a.corrupt_every, reject_config=a.reject_config)
    sensor = make_sensor(a.profile, block, speed=a.speed, tail_s=a.tail, faults=faults)
    asyncio.run(serve_sensor(sensor, transport=f"tcp-server:{a.host}:{a.port}", on_ready=lambda spec: print("READY", spec, flush=True), linger_s=a.linger))
    print(f"FINISHED notifications={sensor.stats.notifications} samples={sensor.stats.samples_sent} lost={sensor.stats.samples_lost}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
