"""The bleak backend over bumble, exercised ONLY through bleak's public API, against the
simulated Polar H10 (a real bumble HCI -> LL -> L2CAP -> ATT stack in process)."""

from __future__ import annotations

import asyncio
import numpy as np
import pytest
from bleak import BleakClient, BleakScanner
from bleak.exc import BleakError, BleakGATTProtocolError

from repcount.ble.bumble_backend import SimWorld, get_backend
from repcount.ble.simulated import Faults, make_sensor
from repcount.decoders import DecodeError
from repcount.decoders import polar as pmd
from repcount.samples import SampleBlock

RATE = 200


def lift_block(seconds: float = 4.0, rate: float = RATE) -> SampleBlock:
    """Something that is not constant, so a wrong sample shows."""
    t = np.arange(0, seconds, 1 / rate)
    acc = np.column_stack([0.3 * np.sin(2 * np.pi * 0.5 * t), -0.2 * np.cos(2 * np.pi * 0.7 * t), 1.0 + 0.5 * np.sin(2 * np.pi * 0.4 * t)])
    return SampleBlock(t, acc)


def in_world(fn):
    """Run an async test in a fresh loop with a fresh SimWorld, closed afterwards."""

    def wrapper(*args, **kwargs):
        async def main():
            world = SimWorld()
            try:
                await asyncio.wait_for(fn(world, *args, **kwargs), 20)
            finally:
                await world.close()

        asyncio.run(main())

    # Not functools.wraps: pytest would then see the inner signature and want a fixture.
    wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
    return wrapper


async def find(world, name_prefix="Polar H10"):
    dev = await BleakScanner.find_device_by_filter(lambda d, ad: (ad.local_name or "").startswith(name_prefix), timeout=2.0, backend=world.scanner)
    assert dev is not None, "simulated sensor not found by scanning"
    return dev


class Collector:
    def __init__(self):
        self.cp: list[bytes] = []
        self.data: list[bytes] = []
        self.cp_event = asyncio.Event()

    def on_cp(self, _c, d):
        self.cp.append(bytes(d))
        self.cp_event.set()

    def on_data(self, _c, d):
        self.data.append(bytes(d))

    async def next_cp(self, timeout=2.0) -> bytes:
        while not self.cp:
            self.cp_event.clear()
            await asyncio.wait_for(self.cp_event.wait(), timeout)
        return self.cp.pop(0)


async def start_acc(client, col: Collector, rate=RATE, rng=8) -> pmd.CpResponse:
    await client.start_notify(pmd.CP_UUID, col.on_cp)
    await client.start_notify(pmd.DATA_UUID, col.on_data)
    await client.write_gatt_char(pmd.CP_UUID, pmd.build_start_acc(rate, rng), response=True)
    return pmd.parse_cp_response(await col.next_cp())


def decode_all(frames: list[bytes], rate=RATE) -> tuple[np.ndarray, np.ndarray, int]:
    dec = pmd.PolarPmdDecoder(rate, 8)
    ts, accs, bad = [], [], 0
    for i, f in enumerate(frames):
        try:
            t, a, _ = dec.decode(f, host_t=i * 0.01)
        except DecodeError:
            bad += 1
            continue
        ts.append(t)
        accs.append(a)
    return (np.concatenate(ts) if ts else np.zeros(0)), (np.vstack(accs) if accs else np.zeros((0, 3))), bad


# -- scanning -----------------------------------------------------------------------------
@in_world
async def test_scan_sees_the_sensor_with_an_honest_advertisement(world):
    sensor = await make_sensor("polar-h10", lift_block()).attach(world)
    found = await BleakScanner.discover(0.3, return_adv=True, backend=world.scanner)
    assert sensor.address in found
    dev, ad = found[sensor.address]
    assert dev.name == ad.local_name == "Polar H10 5E1A2B3C"
    assert ad.service_uuids == ["0000180d-0000-1000-8000-00805f9b34fb"]
    raw = ad.platform_data[0]
    assert len(raw) <= 31  # the legacy limit a real controller enforces


@in_world
async def test_scan_service_filter_and_two_sensors(world):
    await make_sensor("polar-h10", lift_block()).attach(world)
    other = await make_sensor("polar-h10", lift_block(), name="Polar H10 0000AAAA").attach(world)
    found = await BleakScanner.discover(0.3, return_adv=True, backend=world.scanner)
    assert len(found) == 2
    none = await BleakScanner.discover(0.2, service_uuids=["0000180f-0000-1000-8000-00805f9b34fb"], backend=world.scanner)
    assert none == []
    dev = await find(world, "Polar H10 0000AAAA")
    assert dev.address == other.address


# -- connect, discover, read, write, indicate, notify -------------------------------------
@in_world
async def test_connect_services_mtu_and_feature_read(world):
    await make_sensor("polar-h10", lift_block()).attach(world)
    dev = await find(world)
    async with BleakClient(dev, backend=world.client) as client:
        assert client.is_connected
        assert client.mtu_size == 232  # the H10's own maximum, negotiated by ATT
        svc = client.services.get_service(pmd.SERVICE_UUID)
        assert svc is not None
        cp = svc.get_characteristic(pmd.CP_UUID)
        assert sorted(cp.properties) == ["indicate", "read", "write"]
        assert cp.get_descriptor("00002902-0000-1000-8000-00805f9b34fb") is not None
        assert svc.get_characteristic(pmd.DATA_UUID).properties == ["notify"]
        feats = await client.read_gatt_char(pmd.CP_UUID)
        assert bytes(feats) == bytes.fromhex("0F05" + "00" * 15)  # the 2019 worked example
        assert pmd.ACC in pmd.parse_features(bytes(feats))
    assert not client.is_connected


@in_world
async def test_settings_and_start_over_indications(world):
    await make_sensor("polar-h10", lift_block()).attach(world)
    col = Collector()
    async with BleakClient(await find(world), backend=world.client) as client:
        await client.start_notify(pmd.CP_UUID, col.on_cp)
        await client.write_gatt_char(pmd.CP_UUID, bytes.fromhex("01 02"), response=True)
        # Byte for byte the settings answer of the PMD specification's H10 example.
        assert await col.next_cp() == bytes.fromhex("F0 01 02 00 00 00 04 19 00 32 00 64 00 C8 00 01 01 10 00 02 03 02 00 04 00 08 00")
        await client.start_notify(pmd.DATA_UUID, col.on_data)
        await client.write_gatt_char(pmd.CP_UUID, bytes.fromhex("02 02 00 01 C8 00 01 01 10 00 02 01 08 00"), response=True)
        assert await col.next_cp() == bytes.fromhex("F0 02 02 00 00 01")
        await client.write_gatt_char(pmd.CP_UUID, bytes.fromhex("03 02"), response=True)
        assert await col.next_cp() == bytes.fromhex("F0 03 02 00 00")
        # A second stop: the stream is not running any more.
        await client.write_gatt_char(pmd.CP_UUID, bytes.fromhex("03 02"), response=True)
        assert pmd.parse_cp_response(await col.next_cp()).status_name == "ALREADY_IN_STATE"


@in_world
async def test_stream_decodes_to_the_simulated_samples(world):
    block = lift_block(3.0)
    sensor = await make_sensor("polar-h10", block, speed=20, tail_s=0.5).attach(world)
    col = Collector()
    async with BleakClient(await find(world), backend=world.client) as client:
        r = await start_acc(client, col)
        assert r.ok
        await asyncio.wait_for(sensor.finished.wait(), 5)
        n_at_finish = len(col.data)
        await asyncio.sleep(0.05)
        assert len(col.data) == n_at_finish  # nothing after the end
    t, acc, bad = decode_all(col.data)
    assert bad == 0
    n_block = len(block.t)
    assert len(acc) == n_block + int(0.5 * RATE)  # the lift, then the quiet tail
    # int16 mG on the wire: the decoded samples are the simulated ones to the mG.
    np.testing.assert_allclose(acc[:n_block], np.rint(block.acc * 1000) / 1000, atol=1e-9)
    # Sensor-clock timestamps: exactly one period apart.
    np.testing.assert_allclose(np.diff(t), 1 / RATE, atol=2e-6)
    assert all(len(f) <= client_mtu_payload for f in col.data for client_mtu_payload in [229])
    assert sensor.stats.samples_sent == len(acc)


@in_world
async def test_stop_notify_stops_delivery(world):
    sensor = await make_sensor("polar-h10", lift_block(), speed=5).attach(world)
    col = Collector()
    async with BleakClient(await find(world), backend=world.client) as client:
        await start_acc(client, col)
        await asyncio.sleep(0.15)
        await client.stop_notify(pmd.DATA_UUID)
        n = len(col.data)
        assert n > 0
        await asyncio.sleep(0.15)
        assert len(col.data) == n
        assert sensor.stats.notifications > n  # the sensor kept sending, nobody listened


# -- errors --------------------------------------------------------------------------------
@in_world
async def test_unsupported_rate_is_rejected_with_the_polar_code(world):
    sensor = await make_sensor("polar-h10", lift_block()).attach(world)
    col = Collector()
    async with BleakClient(await find(world), backend=world.client) as client:
        r = await start_acc(client, col, rate=150)
        assert not r.ok and r.status == 8 and r.status_name == "INVALID_SAMPLE_RATE"
        await client.write_gatt_char(pmd.CP_UUID, pmd.build_start_acc(200, 16), response=True)
        assert pmd.parse_cp_response(await col.next_cp()).status_name == "INVALID_RANGE"
        # Starting twice: ALREADY_IN_STATE (code 6), as a real strap answers.
        await client.write_gatt_char(pmd.CP_UUID, pmd.build_start_acc(200, 8), response=True)
        assert (await col.next_cp())[3] == 0
        await client.write_gatt_char(pmd.CP_UUID, pmd.build_start_acc(200, 8), response=True)
        assert (await col.next_cp())[3] == 6
        await client.write_gatt_char(pmd.CP_UUID, b"\x07\x02", response=True)  # an op it does not do
        assert (await col.next_cp())[3] in (1, 3)
    assert sensor.stats.rejected == 3


@in_world
async def test_reject_config_fault(world):
    await make_sensor("polar-h10", lift_block(), faults=Faults(reject_config=True)).attach(world)
    col = Collector()
    async with BleakClient(await find(world), backend=world.client) as client:
        r = await start_acc(client, col)
        assert r.status_name == "DEVICE_IN_CHARGER"
        assert col.data == []


@in_world
async def test_unsupported_writes_and_reads_get_att_errors(world):
    await make_sensor("polar-h10", lift_block()).attach(world)
    async with BleakClient(await find(world), backend=world.client) as client:
        with pytest.raises(BleakGATTProtocolError) as e:
            await client.write_gatt_char(pmd.DATA_UUID, b"\x00", response=True)
        assert e.value.code == 0x03  # Write Not Permitted
        with pytest.raises(BleakGATTProtocolError) as e:
            await client.read_gatt_char(pmd.DATA_UUID)
        assert e.value.code == 0x02  # Read Not Permitted
        # Descriptors: the CCCD reads back what the client wrote.
        cccd = client.services.get_characteristic(pmd.DATA_UUID).get_descriptor("00002902-0000-1000-8000-00805f9b34fb")
        assert bytes(await client.read_gatt_descriptor(cccd.handle)) == b"\x00\x00"
        await client.start_notify(pmd.DATA_UUID, lambda c, d: None)
        assert bytes(await client.read_gatt_descriptor(cccd.handle)) == b"\x01\x00"


@in_world
async def test_connect_to_an_absent_address_fails_cleanly(world):
    await world.start()
    client = BleakClient("C0:11:22:33:44:55", backend=world.client, timeout=0.3)
    with pytest.raises(BleakError):
        await client.connect()
    assert not client.is_connected


# -- faults: peer drop, reconnect, corruption ----------------------------------------------
@in_world
async def test_peer_drop_calls_back_and_reconnect_resumes(world):
    block = lift_block(6.0)
    # Speed 5: about 0.8 s of real time after the drop, far more than a reconnect takes.
    sensor = await make_sensor("polar-h10", block, speed=5, tail_s=0.2, faults=Faults(drop_at_s=2.0)).attach(world)
    dev = await find(world)
    dropped = asyncio.Event()
    col = Collector()
    old = BleakClient(dev, disconnected_callback=lambda c: dropped.set(), backend=world.client)
    await old.connect()
    await start_acc(old, col)
    await asyncio.wait_for(dropped.wait(), 5)
    assert not old.is_connected
    before = list(col.data)
    await old.disconnect()  # always, before the replacement client (see ble-testing.md)
    await old.disconnect()  # idempotent
    new = BleakClient(await find(world), backend=world.client)
    await new.connect()
    col2 = Collector()
    r = await start_acc(new, col2)
    assert r.ok  # the strap stopped measuring when the link dropped: a fresh start works
    await asyncio.wait_for(sensor.finished.wait(), 5)
    await new.disconnect()
    assert sensor.stats.drops == 1 and sensor.stats.starts == 2
    _, a1, _ = decode_all(before)
    _, a2, _ = decode_all(col2.data)
    assert len(a1) <= int(2.0 * RATE) and len(a1) >= int(2.0 * RATE) - pmd_frame_samples()
    # The lift went on while the link was down: what arrives after the gap is the lift at
    # that later point, and the samples in the gap are lost (as on a real strap).
    total = len(block.t) + int(0.2 * RATE)
    assert len(a1) + sensor.stats.samples_lost + len(a2) == total
    assert sensor.stats.samples_lost > 0
    k = len(a1) + sensor.stats.samples_lost
    assert len(block.t) - k > RATE  # more than a second of the lift came after the reconnect
    np.testing.assert_allclose(a2[: len(block.t) - k], np.rint(block.acc[k:] * 1000) / 1000, atol=1e-9)
    # Only one set of notifications reached the new client (no duplicate subscriptions).
    assert len(col2.data) == sensor.stats.notifications - len(before)


def pmd_frame_samples() -> int:
    return (232 - 3 - 10) // 6


@in_world
async def test_keep_samples_on_drop(world):
    block = lift_block(3.0)
    sensor = await make_sensor("polar-h10", block, speed=20, tail_s=0.0, faults=Faults(drop_at_s=1.0, keep_samples_on_drop=True)).attach(world)
    gone = asyncio.Event()
    col = Collector()
    c1 = BleakClient(await find(world), disconnected_callback=lambda c: gone.set(), backend=world.client)
    await c1.connect()
    await start_acc(c1, col)
    await asyncio.wait_for(gone.wait(), 5)
    await c1.disconnect()
    await asyncio.sleep(0.1)  # time passes while disconnected
    async with BleakClient(await find(world), backend=world.client) as c2:
        col2 = Collector()
        await start_acc(c2, col2)
        await asyncio.wait_for(sensor.finished.wait(), 5)
    _, a, _ = decode_all(col.data + col2.data)
    assert sensor.stats.samples_lost == 0
    np.testing.assert_allclose(a, np.rint(block.acc * 1000) / 1000, atol=1e-9)


@in_world
async def test_corrupt_notifications_are_rejected_by_the_decoder(world):
    sensor = await make_sensor("polar-h10", lift_block(2.0), speed=20, tail_s=0.0, faults=Faults(corrupt_every=5)).attach(world)
    col = Collector()
    async with BleakClient(await find(world), backend=world.client) as client:
        await start_acc(client, col)
        await asyncio.wait_for(sensor.finished.wait(), 5)
    _, acc, bad = decode_all(col.data)
    assert bad == sensor.stats.corrupt_sent == len(col.data) // 5 > 0
    assert len(acc) == sensor.stats.samples_sent


# -- world life cycle ----------------------------------------------------------------------
def test_get_backend_specs_and_world_reset():
    be = get_backend("bumble")
    assert be.world is SimWorld.default()
    scanner, client = be
    assert scanner is be.world.scanner and client is be.world.client
    tcp = get_backend("bumble:tcp-client:127.0.0.1:1")
    assert tcp.world.transport_spec == "tcp-client:127.0.0.1:1"
    with pytest.raises(ValueError):
        get_backend("bumble:serial:/dev/ttyS0")

    async def use():
        await be.world.start()
        await SimWorld.reset_default()

    asyncio.run(use())
    assert SimWorld.default() is not be.world  # a fresh world for the next test / loop


def test_a_world_is_bound_to_one_loop():
    world = SimWorld()
    asyncio.run(world.start())
    with pytest.raises(RuntimeError):
        asyncio.run(world.start())


def test_default_world_survives_a_finished_event_loop():
    """Each asyncio.run gets a usable default world (the CLI and tests run several)."""

    async def use():
        be = get_backend("bumble")
        await be.world.start()
        return be.world

    w1 = asyncio.run(use())
    w2 = asyncio.run(use())
    assert w1 is not w2
    asyncio.run(w2.close())
