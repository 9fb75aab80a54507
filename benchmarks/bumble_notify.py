"""Throughput of the simulated BLE stack (bleak -> bumble backend -> bumble link -> sensor).

Three measurements, printed as a Markdown table (copied into docs/ble-simulation.md):

1. ``raw``: a bare bumble GATT server notifying as fast as it can, payloads of 20 and
   244 bytes, received through bleak's ``start_notify`` (the stack's ceiling).
2. ``sensor``: every simulated sensor streaming a lift as fast as it can (speed 1e6):
   notifications/s and decoded samples/s (encoder + stack + the profile's decoder).
3. ``fleet``: N simulated Polar H10 at 200 Hz in real time in one process for S seconds:
   samples received vs. sent (dropped samples) and the process CPU share.

    python benchmarks/bumble_notify.py            # all three
    python benchmarks/bumble_notify.py --fleet 8 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import time

import numpy as np


async def raw(size: int, count: int) -> float:
    from bleak import BleakClient, BleakScanner

    from repcount.ble.bumble_backend import SimWorld
    from repcount.ble.simulated.gatt import characteristic, service

    world = SimWorld()
    try:
        dev = await world.new_peripheral_device("Bench", "C0:BE:00:00:00:01")
        dev.gatt_server.max_mtu = 247
        ch = characteristic("0000aaaa-0000-1000-8000-00805f9b34fb", ["notify"])
        dev.add_services([service("0000aaa0-0000-1000-8000-00805f9b34fb", [ch])])
        from repcount.ble.simulated.base import adv_payload

        await dev.start_advertising(advertising_data=adv_payload("Bench"), auto_restart=False, advertising_interval_min=20.0, advertising_interval_max=20.0)
        bd = await BleakScanner.find_device_by_address("C0:BE:00:00:00:01", 5.0, backend=world.scanner)
        got = 0
        done = asyncio.Event()

        def on(_c, d):
            nonlocal got
            got += 1
            if got == count:
                done.set()

        async with BleakClient(bd, backend=world.client) as c:
            await c.start_notify("0000aaaa-0000-1000-8000-00805f9b34fb", on)
            payload = bytes(size)
            t0 = time.perf_counter()
            for _ in range(count):
                await dev.notify_subscribers(ch, payload)
            await asyncio.wait_for(done.wait(), 60)
            return count / (time.perf_counter() - t0)
    finally:
        await world.close()


def lift(rate: float, seconds: float, gyro: bool):
    from repcount.samples import SampleBlock

    t = np.arange(0, seconds, 1 / rate)
    acc = np.column_stack([0.3 * np.sin(t), -0.2 * np.cos(t), 1.0 + 0.5 * np.sin(2 * t)])
    return SampleBlock(t, acc, np.zeros_like(acc) if gyro else None)


async def one_sensor(name: str, seconds: float) -> tuple[float, float, int]:
    from bleak import BleakClient, BleakScanner

    from repcount.ble.bumble_backend import SimWorld
    from repcount.ble.driver import make_driver
    from repcount.ble.simulated import make_sensor
    from repcount.profiles import load_profile

    prof = load_profile(name)
    rate = prof.default_rate_hz
    world = SimWorld()
    try:
        s = await make_sensor(name, lift(rate, seconds, prof.has_gyro), speed=1e6, tail_s=0).attach(world)
        bd = await BleakScanner.find_device_by_address(s.address, 5.0, backend=world.scanner)
        drv = make_driver(prof, rate_hz=rate)
        n = {"notes": 0, "samples": 0}

        def on(_c, d):
            n["notes"] += 1
            n["samples"] += len(drv.decode(bytes(d), 0.0)[1])

        async with BleakClient(bd, backend=world.client) as c:
            t0 = time.perf_counter()
            await drv.start(c, on)
            await asyncio.wait_for(s.finished.wait(), 120)
            await asyncio.sleep(0.05)
            dt = time.perf_counter() - t0
        return n["notes"] / dt, n["samples"] / dt, int(rate)
    finally:
        await world.close()


async def fleet(n: int, seconds: float) -> tuple[int, int, float]:
    from bleak import BleakClient, BleakScanner

    from repcount.ble.bumble_backend import SimWorld
    from repcount.ble.driver import make_driver
    from repcount.ble.simulated import make_sensor
    from repcount.profiles import load_profile

    prof = load_profile("polar-h10")
    world = SimWorld()
    try:
        sensors = [await make_sensor("polar-h10", lift(200, seconds, False), name=f"Polar H10 0000000{i}", speed=1.0, tail_s=0).attach(world) for i in range(n)]
        clients, counts = [], [0] * n
        for i, s in enumerate(sensors):
            bd = await BleakScanner.find_device_by_address(s.address, 5.0, backend=world.scanner)
            c = BleakClient(bd, backend=world.client)
            await c.connect()
            drv = make_driver(prof, rate_hz=200)

            def on(_c, d, i=i, drv=drv):
                counts[i] += len(drv.decode(bytes(d), time.monotonic())[1])

            clients.append((c, drv, on))
        cpu0, t0 = time.process_time(), time.perf_counter()
        for c, drv, on in clients:
            await drv.start(c, on)
        await asyncio.wait_for(asyncio.gather(*(s.finished.wait() for s in sensors)), seconds * 3 + 10)
        await asyncio.sleep(0.1)
        cpu = (time.process_time() - cpu0) / (time.perf_counter() - t0)
        for c, drv, on in clients:
            await drv.stop(c)
            await c.disconnect()
        return sum(counts), sum(s.stats.samples_sent for s in sensors), cpu
    finally:
        await world.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--fleet", type=int, default=8)
    ap.add_argument("--skip", nargs="*", default=[])
    a = ap.parse_args()
    if "raw" not in a.skip:
        print("| payload | notifications/s |\n|---|---|")
        for size in (20, 244):
            print(f"| {size} B | {asyncio.run(raw(size, a.count)):,.0f} |")
    if "sensor" not in a.skip:
        from repcount.ble.simulated import SENSORS

        print("\n| simulated sensor | rate (Hz) | notifications/s | decoded samples/s | x real time |\n|---|---|---|---|---|")
        for name in SENSORS:
            nps, sps, rate = asyncio.run(one_sensor(name, 60.0))
            print(f"| {name} | {rate} | {nps:,.0f} | {sps:,.0f} | {sps / rate:,.0f} |")
    if "fleet" not in a.skip:
        got, sent, cpu = asyncio.run(fleet(a.fleet, a.seconds))
        print(f"\nfleet: {a.fleet} x Polar H10 at 200 Hz for {a.seconds:g} s: received {got} of {sent} samples ({sent - got} dropped), process CPU {100 * cpu:.0f} % of one core")


if __name__ == "__main__":
    main()
