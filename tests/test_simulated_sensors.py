"""Every simulated sensor, end to end through bleak's public API on the bumble backend:
scan -> match the profile -> connect -> the profile's own start steps (the live client's
ProfileDriver) -> notifications that the profile's decoder turns back into exactly the
simulated samples (to the wire format's resolution) -> the session ends by itself."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from bleak import BleakClient, BleakScanner
from bleak.exc import BleakGATTProtocolError

from repcount.ble.bumble_backend import SimWorld
from repcount.ble.driver import ConfigRejected, make_driver
from repcount.ble.simulated import SENSORS, Faults, adv_payload, make_sensor
from repcount.decoders import DecodeError
from repcount.profiles import list_profiles, load_profile, match_advertisement
from repcount.samples import SampleBlock

SPEED = 20.0
TAIL_S = 0.5

# Wire resolution per profile (g): the decoded samples must match within half of it.
QUANTUM = {
    "polar-h10": 1e-3,
    "polar-verity-sense": 2.44e-4,
    "metamotion-bmi160": 16 / 32768,
    "metamotion-bmi270": 16 / 32768,
    "movesense": 1e-6,
    "witmotion": 16 / 32768,
    "microbit": 1e-3,
    "thingy52": 1 / 1024,
    "nus-text": 1e-4,
}


def lift(rate: float, seconds: float = 2.0, gyro: bool = False) -> SampleBlock:
    t = np.arange(0, seconds, 1 / rate)
    acc = np.column_stack([0.3 * np.sin(2 * np.pi * 0.5 * t), -0.2 * np.cos(2 * np.pi * 0.7 * t), 1.0 + 0.5 * np.sin(2 * np.pi * 0.4 * t)])
    g = np.column_stack([20 * np.sin(t), 10 * np.cos(t), -5 * t]) if gyro else None
    return SampleBlock(t, acc, g)


def run(coro_fn):
    async def main():
        world = SimWorld()
        try:
            return await asyncio.wait_for(coro_fn(world), 20)
        finally:
            await world.close()

    return asyncio.run(main())


def test_every_builtin_profile_has_a_simulated_sensor():
    names = {p.name for p in list_profiles()}
    assert names <= set(SENSORS), f"profiles without a simulated sensor: {names - set(SENSORS)}"
    for name, cls in SENSORS.items():
        assert len(cls().advertisement) <= 31
        prof = load_profile(name)
        # What the sensor advertises is what the app matches on.
        assert prof.name in [p.name for p in match_advertisement(cls.default_name, [])]


@pytest.mark.parametrize("profile_name", sorted(SENSORS))
def test_profile_end_to_end(profile_name):
    prof = load_profile(profile_name)
    rate = prof.default_rate_hz
    block = lift(rate, gyro=prof.has_gyro)
    kwargs = {"rate": rate} if profile_name == "witmotion" else {}  # a WT901 set to 50 Hz and saved earlier

    async def body(world):
        sensor = await make_sensor(profile_name, block, speed=SPEED, tail_s=TAIL_S, **kwargs).attach(world)
        loop = asyncio.get_running_loop()
        found = await BleakScanner.discover(0.2, return_adv=True, backend=world.scanner)
        dev, ad = found[sensor.address]
        assert len(ad.platform_data[0]) <= 31
        assert prof.name in [p.name for p in match_advertisement(ad.local_name, ad.service_uuids)]
        driver = make_driver(prof, rate_hz=rate)
        got: list[tuple[bytes, float]] = []
        async with BleakClient(dev, backend=world.client) as client:
            assert client.mtu_size >= prof.min_mtu
            await driver.start(client, lambda c, d: got.append((bytes(d), loop.time() * SPEED)))
            await asyncio.wait_for(sensor.finished.wait(), 10)
            n = len(got)
            await asyncio.sleep(0.05)
            assert len(got) == n, "notifications after the session finished"
            await driver.stop(client)
        return sensor, driver, got

    sensor, driver, got = run(body)
    ts, accs, gyros = [], [], []
    for data, host_t in got:
        t, a, g = driver.decode(data, host_t)
        ts.append(t)
        accs.append(a)
        if g is not None:
            gyros.append(g)
    acc = np.vstack(accs)
    t = np.concatenate(ts)
    n_block = len(block.t)
    assert len(acc) == n_block + int(round(TAIL_S * rate)) == sensor.stats.samples_sent
    assert sensor.stats.corrupt_sent == 0 and sensor.stats.samples_lost == 0
    err = np.abs(acc[:n_block] - block.acc).max()
    assert err <= QUANTUM[profile_name] / 2 + 1e-9, f"{profile_name}: decoded samples off by {err}"
    assert np.all(np.diff(t) > 0)
    assert abs(np.median(np.diff(t)) - 1 / rate) < 0.05 / rate
    if prof.has_gyro and profile_name != "nus-text":
        gyro = np.vstack(gyros)
        assert np.abs(gyro[:n_block] - block.gyro).max() < 0.1  # Q11.5 / 2000/32768 resolution


# -- refused configuration, per protocol ---------------------------------------------------
async def _first(world, profile_name, **kw):
    sensor = await make_sensor(profile_name, lift(100), speed=SPEED, **kw).attach(world)
    dev = await BleakScanner.find_device_by_address(sensor.address, timeout=2.0, backend=world.scanner)
    return sensor, dev


@pytest.mark.parametrize("profile_name", ["polar-h10", "polar-verity-sense", "microbit", "thingy52"])
def test_refused_configuration_reaches_the_driver(profile_name):
    prof = load_profile(profile_name)

    async def body(world):
        sensor, dev = await _first(world, profile_name, faults=Faults(reject_config=True))
        async with BleakClient(dev, backend=world.client) as client:
            with pytest.raises(ConfigRejected) as e:
                await make_driver(prof).start(client, lambda c, d: None)
            return sensor, str(e.value)

    sensor, msg = run(body)
    assert sensor.stats.rejected >= 1
    assert "supported rates" in msg


def test_protocol_level_rejections():
    """What each device answers when it refuses, seen through bleak."""
    from repcount.decoders import metawear as mw
    from repcount.decoders import movesense as gsp
    from repcount.decoders import nus
    from repcount.decoders import thingy as th
    from repcount.decoders import witmotion as wit

    async def body(world):
        out = {}
        # Movesense: an unsupported rate -> COMMAND_RESULT 501; reject fault -> 507.
        s, dev = await _first(world, "movesense")
        async with BleakClient(dev, backend=world.client) as c:
            q: asyncio.Queue = asyncio.Queue()
            await c.start_notify(gsp.DATA_UUID, lambda ch, d: q.put_nowait(bytes(d)))
            await c.write_gatt_char(gsp.COMMAND_UUID, gsp.build_hello(7), response=True)
            out["hello"] = await asyncio.wait_for(q.get(), 2)
            await c.write_gatt_char(gsp.COMMAND_UUID, gsp.build_subscribe(7, "/Meas/Acc/100"), response=True)
            out["ms_rate"] = gsp.parse_result(await asyncio.wait_for(q.get(), 2)).status
            s.faults.reject_config = True
            await c.write_gatt_char(gsp.COMMAND_UUID, gsp.build_subscribe(7, "/Meas/Acc/52"), response=True)
            out["ms_full"] = await asyncio.wait_for(q.get(), 2)
        # MetaWear: a config byte the chip cannot take -> ATT Application Error (with response).
        s, dev = await _first(world, "metamotion-bmi160")
        async with BleakClient(dev, backend=world.client) as c:
            q = asyncio.Queue()
            await c.start_notify(mw.NOTIFY_UUID, lambda ch, d: q.put_nowait(bytes(d)))
            await c.write_gatt_char(mw.COMMAND_UUID, b"\x03\x80", response=False)
            out["mw_info"] = await asyncio.wait_for(q.get(), 2)
            await c.write_gatt_char(mw.COMMAND_UUID, b"\x01\x80", response=False)
            out["mw_absent"] = await asyncio.wait_for(q.get(), 2)
            with pytest.raises(BleakGATTProtocolError) as e:
                await c.write_gatt_char(mw.COMMAND_UUID, b"\x03\x03\x28\x07", response=True)
            out["mw_bad"] = e.value.code
        # WitMotion: the reject fault refuses the rate write.
        s, dev = await _first(world, "witmotion", faults=Faults(reject_config=True))
        async with BleakClient(dev, backend=world.client) as c:
            await c.write_gatt_char(wit.WRITE_UUID, wit.UNLOCK, response=True)
            with pytest.raises(BleakGATTProtocolError) as e:
                await c.write_gatt_char(wit.WRITE_UUID, wit.build_command(wit.REG_RATE, 8), response=True)
            out["wit"] = e.value.code
        # Thingy: wrong length and out-of-range frequency.
        s, dev = await _first(world, "thingy52")
        async with BleakClient(dev, backend=world.client) as c:
            with pytest.raises(BleakGATTProtocolError) as e:
                await c.write_gatt_char(th.CONFIG_UUID, b"\x00" * 4, response=True)
            out["th_len"] = e.value.code
            with pytest.raises(BleakGATTProtocolError) as e:
                await c.write_gatt_char(th.CONFIG_UUID, th.encode_config(th.MotionConfig(motion_freq_hz=400)), response=True)
            out["th_freq"] = e.value.code
            assert th.parse_config(bytes(await c.read_gatt_char(th.CONFIG_UUID))).motion_freq_hz == 10  # unchanged
        # NUS: an unsupported rate -> "# error" line + ATT error.
        s, dev = await _first(world, "nus-text")
        async with BleakClient(dev, backend=world.client) as c:
            q = asyncio.Queue()
            await c.start_notify(nus.TX_UUID, lambda ch, d: q.put_nowait(bytes(d)))
            with pytest.raises(BleakGATTProtocolError) as e:
                await c.write_gatt_char(nus.RX_UUID, b"rate 150\n", response=True)
            out["nus"] = e.value.code
            out["nus_line"] = await asyncio.wait_for(q.get(), 2)
        return out

    out = run(body)
    assert out["hello"] == b"\x01\x07Hello"
    assert out["ms_rate"] == 501
    assert out["ms_full"] == bytes.fromhex("01 07 01 FB")  # 507, big-endian as the sample firmware
    assert out["mw_info"] == bytes.fromhex("03 80 01 01")  # BMI160, revision 1
    assert out["mw_absent"] == bytes.fromhex("01 80")
    assert out["mw_bad"] == 0x80
    assert out["wit"] == 0x80
    assert (out["th_len"], out["th_freq"]) == (0x0D, 0x13)
    assert out["nus"] == 0x80 and out["nus_line"].startswith(b"# error rate 150")


# -- device behaviour details ------------------------------------------------------------
def test_microbit_period_snaps_to_supported_and_mtu_is_23():
    from repcount.decoders import microbit as mb

    async def body(world):
        s, dev = await _first(world, "microbit")
        async with BleakClient(dev, backend=world.client) as c:
            assert c.mtu_size == 23
            await c.write_gatt_char(mb.PERIOD_UUID, mb.encode_period(8), response=True)
            p = mb.parse_period(bytes(await c.read_gatt_char(mb.PERIOD_UUID)))
            sample = bytes(await c.read_gatt_char(mb.DATA_UUID))
        return p, sample

    p, sample = run(body)
    assert p == 10
    assert len(sample) == 6


def test_witmotion_rate_needs_unlock_and_streams_without_a_start():
    from repcount.decoders import witmotion as wit

    async def body(world):
        s, dev = await _first(world, "witmotion")
        got = []
        async with BleakClient(dev, backend=world.client) as c:
            await c.write_gatt_char(wit.WRITE_UUID, wit.build_command(wit.REG_RATE, 8), response=True)  # locked: ignored
            assert s.rate == 10
            await c.start_notify(wit.NOTIFY_UUID, lambda ch, d: got.append(bytes(d)))
            await asyncio.sleep(0.1)
            assert got, "streams as soon as notifications are on"
            for cmd in wit.rate_commands(50):
                await c.write_gatt_char(wit.WRITE_UUID, cmd, response=False)
            await asyncio.sleep(0.05)
        return s, got

    s, got = run(body)
    assert s.rate == 50 and s.saved_rate == 50
    assert all(len(f) == 20 and f[:2] == b"\x55\x61" for f in got)


def test_movesense_packet_splits_into_data_part2():
    """208 Hz: 16 samples = 198 bytes > MTU 158 - 3, so DATA + DATA_PART2, reassembled by the decoder."""
    prof = load_profile("movesense")

    async def body(world):
        block = lift(208, 1.0)
        s = await make_sensor("movesense", block, speed=SPEED, tail_s=0).attach(world)
        dev = await BleakScanner.find_device_by_address(s.address, timeout=2.0, backend=world.scanner)
        got = []
        drv = make_driver(prof, rate_hz=208)
        async with BleakClient(dev, backend=world.client) as c:
            assert c.mtu_size == 158
            await drv.start(c, lambda ch, d: got.append(bytes(d)))
            await asyncio.wait_for(s.finished.wait(), 5)
        return block, drv, got

    block, drv, got = run(body)
    assert any(p[0] == 3 for p in got) and max(len(p) for p in got) <= 155
    acc = np.vstack([drv.decode(p, 0.0)[1] for p in got])
    n = len(block.t) // 16 * 16
    np.testing.assert_allclose(acc[:n], block.acc[:n], atol=1e-6)


def test_corrupt_notifications_raise_decode_error_for_every_decoder():
    """The corrupt variant of each sensor's notification is rejected by its decoder."""
    for name, cls in SENSORS.items():
        prof = load_profile(name)
        rate = prof.default_rate_hz
        sensor = cls(lift(rate))
        sensor._prepare(rate)

        class Conn:
            att_mtu = max(sensor.max_mtu, 23)

        sensor.connection = Conn()
        if name == "metamotion-bmi160" or name == "metamotion-bmi270":
            sensor.sub_reg = 0x04
        if name == "movesense":
            sensor.ref = 0x63
        per = sensor.samples_per_notification(Conn.att_mtu)
        payload = sensor.encode(0, sensor._acc[:per], None if sensor._gyro is None else sensor._gyro[:per])
        packets = [payload] if isinstance(payload, bytes) else payload
        from repcount.decoders import make_decoder

        dec = make_decoder(prof, rate, prof.default_range_g)
        bad = sensor.corrupt(packets[0])
        with pytest.raises(DecodeError):
            dec.decode(bad, 0.0)
            for k, more in enumerate(packets[1:]):  # a split payload fails when it is complete
                dec.decode(more, 0.001 * (k + 1))
            pytest.fail(f"{name}: corrupt notification {bad.hex(' ')} decoded")


@pytest.mark.parametrize("profile_name", ["thingy52", "movesense"])
def test_peer_drop_and_reconnect_for_other_protocols(profile_name):
    prof = load_profile(profile_name)
    rate = prof.default_rate_hz

    async def body(world):
        # Slower than SPEED: the lift must outlast the reconnect (it goes on meanwhile).
        s = await make_sensor(profile_name, lift(rate, 6.0, gyro=prof.has_gyro), speed=8, tail_s=0, faults=Faults(drop_at_s=1.0)).attach(world)
        gone = asyncio.Event()
        n1, n2 = [], []
        t0 = asyncio.get_running_loop().time()
        c1 = BleakClient(await BleakScanner.find_device_by_address(s.address, 2.0, backend=world.scanner), disconnected_callback=lambda c: gone.set(), backend=world.client)
        await c1.connect()
        await make_driver(prof).start(c1, lambda ch, d: n1.append(d))
        await asyncio.wait_for(gone.wait(), 5)
        t_gone = asyncio.get_running_loop().time()
        await c1.disconnect()
        c2 = BleakClient(await BleakScanner.find_device_by_address(s.address, 2.0, backend=world.scanner), backend=world.client)
        await c2.connect()
        t_back = asyncio.get_running_loop().time()
        await make_driver(prof).start(c2, lambda ch, d: n2.append(d))
        await asyncio.wait_for(s.finished.wait(), 5)
        await c2.disconnect()
        print(f"drop after {t_gone - t0:.3f} s, back after {t_back - t_gone:.3f} s")
        return s, n1, n2

    s, n1, n2 = run(body)
    assert s.stats.drops == 1 and n1 and n2
    assert s.stats.samples_sent + s.stats.samples_lost == int(6.0 * rate)


def test_adv_payload_limits():
    assert len(adv_payload("x" * 26)) == 31
    with pytest.raises(ValueError):
        adv_payload("x" * 27)
    # UUID lists that do not fit are left out rather than overflowing.
    assert len(adv_payload("Movesense 174630000192", uuids128=["34802252-7185-4d5d-b431-630e7050e8f0"])) == 27


def test_verity_mg_frames_and_sdk_mode_rates():
    """Newer Verity firmware: 0x81 delta frames already in mG, no factor; 208 Hz needs SDK mode."""
    from repcount.decoders import polar as pmd

    prof = load_profile("polar-verity-sense")
    block = lift(208, 1.0)

    async def body(world):
        s = await make_sensor("polar-verity-sense", block, speed=SPEED, tail_s=0, frame_type=0x81).attach(world)
        dev = await BleakScanner.find_device_by_address(s.address, 2.0, backend=world.scanner)
        got = []
        async with BleakClient(dev, backend=world.client) as c:
            drv = make_driver(prof, rate_hz=208)
            await drv.start(c, lambda ch, d: got.append(bytes(d)))
            assert s.sdk_mode
            await asyncio.wait_for(s.finished.wait(), 5)
        # Without SDK mode the same rate is refused with INVALID_SAMPLE_RATE.
        s2 = await make_sensor("polar-verity-sense", block).attach(world)
        dev2 = await BleakScanner.find_device_by_address(s2.address, 2.0, backend=world.scanner)
        async with BleakClient(dev2, backend=world.client) as c:
            q: asyncio.Queue = asyncio.Queue()
            await c.start_notify(pmd.CP_UUID, lambda ch, d: q.put_nowait(bytes(d)))
            await c.write_gatt_char(pmd.CP_UUID, pmd.build_start_acc(208, 8, channels=3), response=True)
            refused = pmd.parse_cp_response(await asyncio.wait_for(q.get(), 2))
        return drv, got, refused

    drv, got, refused = run(body)
    assert all(f[9] == 0x81 for f in got)
    acc = np.vstack([drv.decode(f, 0.0)[1] for f in got])
    np.testing.assert_allclose(acc, np.rint(block.acc * 1000) / 1000, atol=1e-9)
    assert refused.status_name == "INVALID_SAMPLE_RATE"
