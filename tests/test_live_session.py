"""SensorSession's life cycle against a simulated Polar H10 on the bumble backend:
a sensor that never comes back ends the session with one line (what streamed is kept),
and Ctrl-C while reconnecting returns at once."""

from __future__ import annotations

import asyncio
import time

import pytest

from repcount.ble.backoff import Backoff
from repcount.ble.bumble_backend import SimWorld
from repcount.ble.driver import make_driver
from repcount.ble.scan import find
from repcount.ble.session import SensorLost, SensorSession
from repcount.ble.simulate import simulated_lift
from repcount.ble.simulated import Faults, make_sensor
from repcount.live import LiveOptions
from repcount.profiles import load_profile

SPEED = 10.0


def lift():
    rec, _truth = simulated_lift(LiveOptions(simulate="deadlift", sim_sets=1, sim_reps=3, sim_seed=3))
    return rec.block


async def session_with_drop(world, on_reconnecting, backoff):
    sensor = await make_sensor("polar-h10", lift(), speed=SPEED, faults=Faults(drop_at_s=5.0)).attach(world)
    cand = await find(lambda c: c.name == sensor.name, 2.0, scanner_backend=world.scanner)
    got = []
    stop = asyncio.Event()

    def on_state(state):
        if state == "reconnecting":
            asyncio.ensure_future(on_reconnecting(sensor, stop))

    s = SensorSession(cand.device, make_driver(load_profile("polar-h10")), client_backend=world.client, scanner_backend=world.scanner,
                      on_samples=lambda t, acc, gyro: got.append(len(t)), on_state=on_state, clock=lambda: sensor.stream_time,
                      backoff=backoff, nominal_hz=200)
    return s, stop, got, sensor


def test_a_sensor_that_never_comes_back_ends_the_session_with_one_line():
    async def gone(sensor, stop):
        await sensor.close()  # stops advertising: the strap is out of range for good

    async def main():
        world = SimWorld()
        try:
            s, stop, got, _sensor = await session_with_drop(world, gone, Backoff(first_s=0.05, factor=2, max_s=0.2, give_up_s=1.0))
            with pytest.raises(SensorLost) as ei:
                await asyncio.wait_for(s.run(stop), 30)
            return s, got, str(ei.value)
        finally:
            await world.close()

    s, got, msg = asyncio.run(main())
    assert sum(got) > 500  # what streamed before the drop was delivered
    assert "\n" not in msg and "did not come back" in msg
    assert s.stats.state == "stopped" and s.stats.reconnects == 1 and s.client is None


def test_ctrl_c_while_reconnecting_returns_at_once():
    async def ctrl_c(sensor, stop):
        await sensor.close()
        stop.set()

    async def main():
        world = SimWorld()
        try:
            s, stop, got, _sensor = await session_with_drop(world, ctrl_c, Backoff(first_s=5.0, max_s=5.0, give_up_s=60.0))
            t0 = time.monotonic()
            await asyncio.wait_for(s.run(stop), 30)
            return s, time.monotonic() - t0
        finally:
            await world.close()

    s, wall = asyncio.run(main())
    assert s.stats.state == "stopped" and s.client is None
    assert wall < 5.0  # did not sit out the 5 s backoff


def test_a_silent_stream_on_a_live_link_is_restarted():
    """The sensor stops its measurement by itself (a Polar can) but keeps the link:
    after ``stall_s`` of silence the session restarts the stream like after a drop."""

    async def main():
        world = SimWorld()
        try:
            sensor = await make_sensor("polar-h10", lift(), speed=SPEED).attach(world)
            cand = await find(lambda c: c.name == sensor.name, 2.0, scanner_backend=world.scanner)
            got = []
            stop = asyncio.Event()
            sensor.on_finished(lambda _s: stop.set())

            def on_samples(t, acc, gyro):
                got.append(len(t))
                if sum(got) > 1000 and sensor.stats.starts == 1 and sensor.stats.stops == 0:
                    sensor.stop_stream()  # device-initiated stop; the link stays up

            s = SensorSession(cand.device, make_driver(load_profile("polar-h10")), client_backend=world.client, scanner_backend=world.scanner,
                              on_samples=on_samples, clock=lambda: sensor.stream_time, backoff=Backoff(first_s=0.05, give_up_s=5.0),
                              nominal_hz=200, stall_s=0.5)
            await asyncio.wait_for(s.run(stop), 60)
            return s, sensor
        finally:
            await world.close()

    s, sensor = asyncio.run(main())
    assert s.stats.reconnects == 1
    assert sensor.stats.starts == 2 and sensor.finished.is_set()  # restarted and streamed to its end
    assert s.stats.samples == sensor.stats.samples_sent
