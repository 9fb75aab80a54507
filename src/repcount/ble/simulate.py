"""``--simulate``: a simulated sensor on a simulated BLE stack, for the whole live path.

The lift simulator (:mod:`repcount.sim`) produces a session; a simulated peripheral
(:mod:`repcount.ble.simulated`, a bumble GATT server speaking the profile's real byte
protocol) streams it on an in-process bumble link; the app side gets the bleak backend
classes of that link. From there on, live runs exactly as with a real sensor: scan,
connect, configure, stream, count, record. The session ends by itself when the sensor
signals that its last set (plus a few seconds of rest) has been sent.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from .backend import Backends

DEFAULT_PROFILE = "polar-h10"
# Rests between simulated sets: short, so the demo is short (the engine still sees a
# real rest: several seconds of standing still between sets).
SIM_REST_S = (8.0, 12.0)


@dataclass
class Simulation:
    world: Any
    sensor: Any
    truth: Any
    backends: Backends
    speed: float
    scan_timeout_s: float = 2.0

    def clock(self) -> float:
        """The host clock of a simulated session: the simulation's own time line.

        The sensor sends each notification when simulated time reaches its samples; the
        app reads this clock when the notification arrives. Reading the wall clock
        (times ``speed``) instead would multiply the event loop's scheduling delays by
        the speed-up, and host-clock decoders would see jitter no real link has.
        """
        return float(self.sensor.stream_time)

    def attach(self, stop: asyncio.Event) -> None:
        """End the live session (set ``stop``) when the simulated session has ended."""
        self.sensor.on_finished(lambda _s: stop.set())

    async def close(self) -> None:
        await self.world.close()


def sim_profile(opts: Any) -> str:
    return opts.profile or DEFAULT_PROFILE


def simulated_lift(opts: Any) -> tuple[Any, Any]:
    """(Recording, Truth) of the lifts ``opts`` asks for; deterministic per ``sim_seed``."""
    from ..profiles import load_profile
    from ..sim import SessionSpec, simulate_session

    profile = load_profile(sim_profile(opts))
    rate, rng = profile.check_rate_range(opts.rate_hz, opts.range_g)
    spec = SessionSpec(
        exercise=opts.simulate,
        placement=opts.sim_placement,
        rate_hz=rate,
        n_sets=opts.sim_sets,
        reps=opts.sim_reps,
        seed=opts.sim_seed,
        rest_s=SIM_REST_S,
        range_g=rng or None,
        gyro=profile.has_gyro,
    )
    return simulate_session(spec)


def _saved_rate(profile: Any, opts: Any) -> dict[str, float]:
    """A sensor that keeps its output rate in flash (WitMotion) is simulated as already
    set to the session's rate, as it is after its first use. A factory-fresh one would
    stream at 10 Hz during the configuration steps, which run in wall time while the
    simulated clock runs ``--sim-speed`` times faster, and show as dropped samples."""
    import inspect

    from .simulated import sensor_class

    if "rate" not in inspect.signature(sensor_class(profile.name).__init__).parameters:
        return {}
    rate, _ = profile.check_rate_range(opts.rate_hz, opts.range_g)
    return {"rate": float(rate)}


async def start_simulation(opts: Any) -> Simulation:
    """Build the simulated world and sensor for ``opts`` (a LiveOptions) and power it on."""
    from ..profiles import load_profile
    from .bumble_backend import SimWorld
    from .simulated import Faults, make_sensor

    profile = load_profile(sim_profile(opts))
    rec, truth = simulated_lift(opts)
    faults = Faults(**opts.sim_faults) if opts.sim_faults else Faults()
    world = SimWorld()
    try:
        sensor = make_sensor(profile.name, rec.block, speed=opts.sim_speed, faults=faults, **_saved_rate(profile, opts))
        await sensor.attach(world)
    except BaseException:
        await world.close()
        raise
    backends = Backends(scanner=world.scanner, client=world.client, spec="bumble (simulated)", handle=world)
    return Simulation(world=world, sensor=sensor, truth=truth, backends=backends, speed=float(opts.sim_speed))
