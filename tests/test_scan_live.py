"""Scanning and choosing the sensor, through bleak's public API on the bumble backend
(``REPCOUNT_BLE_BACKEND=bumble``: the in-process simulated world), without --simulate:
the path a real sensor takes."""

from __future__ import annotations

import asyncio

import pytest

from repcount.ble.backend import resolve
from repcount.ble.bumble_backend import SimWorld
from repcount.ble.remember import RememberedSensor, load_last, save_last
from repcount.ble.scan import Candidate, choose, scan, sensor_predicate
from repcount.ble.simulate import simulated_lift
from repcount.ble.simulated import make_sensor
from repcount.errors import RepcountError
from repcount.live import LiveOptions, run_live


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REPCOUNT_BLE_BACKEND", "bumble")


def in_default_world(fn):
    async def main():
        try:
            return await asyncio.wait_for(fn(SimWorld.default()), 60)
        finally:
            await SimWorld.reset_default()

    return asyncio.run(main())


def lift(seed=1):
    rec, _truth = simulated_lift(LiveOptions(simulate="deadlift", sim_sets=1, sim_reps=3, sim_seed=seed))
    return rec.block


def test_scan_lists_matching_sensors_with_profile_and_rssi():
    async def body(world):
        await make_sensor("polar-h10", lift(), name="Polar H10 0A0B0C0D").attach(world)
        await make_sensor("metamotion-bmi160", lift(), name="MetaWear").attach(world)
        return await scan(1.0, scanner_backend=resolve().scanner)

    found = in_default_world(body)
    by_name = {c.name: c for c in found}
    assert by_name["Polar H10 0A0B0C0D"].profiles[0] == "polar-h10"
    assert by_name["MetaWear"].profiles[0].startswith("metamotion")
    assert all(isinstance(c.rssi, int) for c in found)


def test_choose_only_remembered_or_ask():
    a = Candidate("Polar H10 1", "AA:00:00:00:00:01", -50, ["polar-h10"])
    b = Candidate("Polar H10 2", "AA:00:00:00:00:02", -60, ["polar-h10"])
    other = Candidate("Speaker", "AA:00:00:00:00:03", -40, [])
    assert choose([a, other]) is a  # the only matching one
    with pytest.raises(RepcountError) as ei:
        choose([a, b, other], interactive=False)
    assert "2 sensors in range" in str(ei.value) and "Polar H10 1 [AA:00:00:00:00:01]" in str(ei.value) and "Polar H10 2" in str(ei.value)
    assert choose([a, b], remembered=RememberedSensor("Polar H10 2", "11:22:33:44:55:66")) is b  # by name (macOS)
    assert choose([a, b], interactive=True, ask=lambda cands: 1) is b
    with pytest.raises(RepcountError, match="no sensor in range"):
        choose([other])
    assert sensor_predicate("h10 2")(b) and sensor_predicate("aa:00:00:00:00:01")(a) and not sensor_predicate("H10 2")(a)


def _live_until_finished(world, sensor, **kw):
    """A live session on the real (non-simulated) path that the test ends when the
    sensor's session is over, as a lifter would with Ctrl-C."""
    stop = asyncio.Event()
    sensor.on_finished(lambda _s: stop.set())
    return run_live(LiveOptions(exercise="deadlift", scan_timeout_s=3.0, clock_speed=20, **kw), stop=stop)


def test_live_without_sensor_uses_the_only_one_then_remembers_it():
    async def body(world):
        s = await make_sensor("polar-h10", lift(), name="Polar H10 0A0B0C0D", speed=20).attach(world)
        return await _live_until_finished(world, s), s

    r, s = in_default_world(body)
    assert r.samples == s.stats.samples_sent > 0
    assert load_last() == RememberedSensor("Polar H10 0A0B0C0D", s.address, "polar-h10")


def test_live_prefers_the_remembered_sensor_among_several():
    async def body(world):
        a = await make_sensor("polar-h10", lift(), name="Polar H10 AAAAAAAA", speed=20).attach(world)
        b = await make_sensor("polar-h10", lift(2), name="Polar H10 BBBBBBBB", speed=20).attach(world)
        # remembered by name only (another Mac saw another address for it)
        save_last(RememberedSensor("Polar H10 BBBBBBBB", "5F0C0E8A-0000-0000-0000-000000000000", "polar-h10"))
        r = await _live_until_finished(world, b)
        return r, a, b

    r, a, b = in_default_world(body)
    assert r.sensor == "Polar H10 BBBBBBBB"
    assert b.stats.samples_sent == r.samples and a.stats.samples_sent == 0
    assert load_last().address == b.address  # updated to this host's address


def test_several_sensors_and_no_terminal_is_a_one_line_error_listing_them():
    async def body(world):
        await make_sensor("polar-h10", lift(), name="Polar H10 AAAAAAAA").attach(world)
        await make_sensor("polar-h10", lift(), name="Polar H10 BBBBBBBB").attach(world)
        with pytest.raises(RepcountError) as ei:
            await run_live(LiveOptions(scan_timeout_s=1.0))
        return str(ei.value)

    msg = in_default_world(body)
    assert "\n" not in msg and "Polar H10 AAAAAAAA" in msg and "Polar H10 BBBBBBBB" in msg and "--sensor" in msg


def test_no_bluetooth_is_one_line_pointing_at_simulate():
    """A machine without an adapter: bleak's platform backend fails to start scanning.
    (A backend class that fails the way BlueZ/WinRT do stands in for it: whether this
    machine has a radio must not decide the test.)"""
    from bleak.backends.scanner import BaseBleakScanner
    from bleak.exc import BleakError

    class NoAdapter(BaseBleakScanner):
        def __init__(self, detection_callback, service_uuids, scanning_mode="active", **kwargs):
            super().__init__(detection_callback, service_uuids)

        async def start(self):
            raise BleakError("No Bluetooth adapters found.")

        async def stop(self):
            pass

    with pytest.raises(RepcountError) as ei:
        asyncio.run(scan(0.5, scanner_backend=NoAdapter))
    msg = str(ei.value)
    assert "\n" not in msg and "No Bluetooth adapters found" in msg and "--simulate" in msg
