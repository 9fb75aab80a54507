"""Two processes: a simulated Polar H10 in a child process serves HCI over TCP; this
process scans, connects and streams through bleak with the ``bumble:tcp-client`` backend."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import numpy as np
from bleak import BleakClient, BleakScanner

from repcount.ble.bumble_backend import get_backend
from repcount.ble.driver import make_driver
from repcount.decoders import polar as pmd
from repcount.importers import load
from repcount.profiles import load_profile
from repcount.recording import Recording, write_recording
from repcount.samples import SampleBlock


def _recording(path: str, rate: float = 100.0, seconds: float = 2.0) -> SampleBlock:
    t = np.arange(0, seconds, 1 / rate)
    acc = np.column_stack([0.3 * np.sin(2 * np.pi * 0.5 * t), -0.2 * np.cos(t), 1.0 + 0.5 * np.sin(2 * np.pi * 0.4 * t)])
    write_recording(path, Recording(path, SampleBlock(t, acc), {"rate_hz": rate, "sensor": "test"}, []))
    return load(path).block  # what the child reads back


def test_sensor_in_another_process(tmp_path):
    block = _recording(str(tmp_path / "lift.csv"))
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-m", "repcount.ble.simulated.process", "polar-h10", str(tmp_path / "lift.csv"), "--speed", "10", "--tail", "0.5", "--linger", "0.3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        line = child.stdout.readline()
        assert line.startswith("READY tcp-client:127.0.0.1:"), (line, child.stderr.read() if child.poll() is not None else "")
        spec = "bumble:" + line.split()[1]

        async def app():
            be = get_backend(spec)
            try:
                dev = await BleakScanner.find_device_by_filter(lambda d, ad: (ad.local_name or "").startswith("Polar H10"), timeout=5.0, backend=be.scanner)
                assert dev is not None
                prof = load_profile("polar-h10")
                drv = make_driver(prof, rate_hz=100)
                got: list[bytes] = []
                ended = asyncio.Event()
                cp: list[bytes] = []
                async with BleakClient(dev, disconnected_callback=lambda c: ended.set(), backend=be.client) as client:
                    assert client.mtu_size == 232
                    await drv.start(client, lambda c, d: got.append(bytes(d)))
                    await client.start_notify(pmd.CP_UUID, lambda c, d: cp.append(bytes(d)))
                    # The sensor ends its session: stop indication, then the child drops the link.
                    await asyncio.wait_for(ended.wait(), 10)
                return drv, got, cp
            finally:
                await be.world.close()

        drv, got, cp = asyncio.run(app())
        assert child.wait(10) == 0
        out = child.stdout.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    acc = np.vstack([drv.decode(d, 0.0)[1] for d in got])
    n = len(block.t)
    assert len(acc) == n + 50
    np.testing.assert_allclose(acc[:n], np.rint(block.acc * 1000) / 1000, atol=1e-9)
    assert bytes((pmd.MEASUREMENT_STOPPED, pmd.ACC)) in cp
    assert f"samples={n + 50}" in out


def test_peer_drop_and_reconnect_across_processes(tmp_path):
    _recording(str(tmp_path / "lift.csv"), seconds=6.0)
    child = subprocess.Popen(
        [sys.executable, "-m", "repcount.ble.simulated.process", "polar-h10", str(tmp_path / "lift.csv"), "--speed", "5", "--tail", "0", "--linger", "0.2", "--drop-at", "1.0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.startswith("READY "), child.stderr.read() if child.poll() is not None else line
        spec = "bumble:" + line.split()[1]

        async def app():
            be = get_backend(spec)
            try:
                prof = load_profile("polar-h10")
                dropped = asyncio.Event()
                first: list[bytes] = []
                found = await BleakScanner.discover(1.0, backend=be.scanner)
                assert len(found) == 1
                dev = found[0]
                old = BleakClient(dev, disconnected_callback=lambda c: dropped.set(), backend=be.client)
                await old.connect()
                await make_driver(prof, rate_hz=100).start(old, lambda c, d: first.append(bytes(d)))
                await asyncio.wait_for(dropped.wait(), 10)
                await old.disconnect()
                second: list[bytes] = []
                ended = asyncio.Event()
                dev = await BleakScanner.find_device_by_address(dev.address, 5.0, backend=be.scanner)
                async with BleakClient(dev, disconnected_callback=lambda c: ended.set(), backend=be.client) as new:
                    await make_driver(prof, rate_hz=100).start(new, lambda c, d: second.append(bytes(d)))
                    await asyncio.wait_for(ended.wait(), 10)  # the child ends its session and the link
                return first, second
            finally:
                await be.world.close()

        first, second = asyncio.run(app())
        assert child.wait(10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    dec = make_driver(load_profile("polar-h10"), rate_hz=100)
    n_first = sum(len(dec.decode(d, 0.0)[1]) for d in first)
    # The strap dropped the link 1 s (100 samples) into the stream, between two frames of 36.
    assert 100 - 36 < n_first <= 100
    assert second
