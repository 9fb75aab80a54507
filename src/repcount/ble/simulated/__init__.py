"""Simulated BLE sensors: one bumble GATT server per firmware profile.

Each speaks its sensor's real UUIDs, properties, advertising and byte protocol (through
the encoders in :mod:`repcount.decoders`) and streams the samples of a
:class:`~repcount.samples.SampleBlock`, e.g. from the lift simulator.

Example::

    from repcount.ble.bumble_backend import SimWorld
    from repcount.ble.simulated import make_sensor, Faults

    world = SimWorld()
    sensor = await make_sensor("polar-h10", block, speed=10, faults=Faults(drop_at_s=8)).attach(world)
    ...                                   # BleakScanner/BleakClient with world.scanner/client
    await sensor.finished.wait()          # the session ended by itself
"""

from __future__ import annotations

from typing import Any

from .base import Faults, SensorStats, SimulatedSensor, adv_payload
from .metawear import MetaMotionBmi270Sensor, MetaMotionSensor
from .microbit import MicrobitSensor
from .movesense import MovesenseSensor
from .nus import NusTextSensor
from .polar import PolarH10Sensor, PolarVeritySensor
from .thingy import ThingySensor
from .witmotion import WitMotionSensor

#: profile name (firmware-profiles/NAME.toml) -> simulated sensor class
SENSORS: dict[str, type[SimulatedSensor]] = {
    "polar-h10": PolarH10Sensor,
    "polar-verity-sense": PolarVeritySensor,
    "metamotion-bmi160": MetaMotionSensor,
    "metamotion-bmi270": MetaMotionBmi270Sensor,
    "movesense": MovesenseSensor,
    "witmotion": WitMotionSensor,
    "microbit": MicrobitSensor,
    "thingy52": ThingySensor,
    "nus-text": NusTextSensor,
}


def sensor_class(profile: str) -> type[SimulatedSensor]:
    """The simulated sensor class for a firmware profile name."""
    try:
        return SENSORS[profile]
    except KeyError:
        raise KeyError(f"no simulated sensor for profile {profile!r}; known: {', '.join(sorted(SENSORS))}") from None


def make_sensor(profile: str, block: Any = None, **kwargs: Any) -> SimulatedSensor:
    """A simulated sensor for ``profile`` streaming ``block`` (see :class:`SimulatedSensor`)."""
    return sensor_class(profile)(block, **kwargs)


__all__ = ["Faults", "SENSORS", "SensorStats", "SimulatedSensor", "adv_payload", "make_sensor", "sensor_class"]
