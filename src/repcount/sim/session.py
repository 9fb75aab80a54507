"""simulate_session: a spec in, a Recording and its Truth out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..recording import Recording
from ..samples import SampleBlock
from . import body, choreo, sensor
from .spec import SessionSpec
from .truth import Truth

# Independent random streams, so that e.g. switching noise off keeps the same movement.
_STREAM_CHOREO, _STREAM_BODY, _STREAM_MOUNT, _STREAM_NOISE, _STREAM_GAPS = range(5)


@dataclass
class World:
    """The session on the internal grid: for tests and for anyone who wants the physics."""

    t: np.ndarray
    state: dict[str, np.ndarray]
    pos: np.ndarray  # sensor position, m, world frame
    R_seg: np.ndarray
    mount: np.ndarray
    bar: np.ndarray  # bar position, m, world frame
    f: np.ndarray  # ideal specific force, g, sensor frame
    gyro: np.ndarray  # ideal angular rate, deg/s, sensor frame


def _rng(spec: SessionSpec, stream: int) -> np.random.Generator:
    return np.random.default_rng([int(spec.seed) & 0xFFFFFFFF, stream])


def simulate_world(spec: SessionSpec) -> tuple[World, Truth]:
    tl, plan, sets = choreo.build(spec, _rng(spec, _STREAM_CHOREO))
    w = tl.arrays()
    params = body.draw_params(_rng(spec, _STREAM_BODY))
    mount = sensor.random_mount(_rng(spec, _STREAM_MOUNT))
    pos, R_seg = body.pose(w, spec.exercise, spec.placement, plan.rom, params)
    bar = body._ffill(body.bar_candidate(w, spec.exercise, plan.rom), w["loaded"])
    f, gyro = sensor.specific_force(pos, R_seg, mount)
    # the nuisance that actually happened (e.g. no "sit" in a one-set session)
    happened = {e["type"] for e in tl.events}
    event_of = {"partial": "partial_rep", "failed": "failed_rep"}
    nuis = [n for n in spec.nuisance_list() if n == "breathing" or event_of.get(n, n) in happened]
    truth = Truth(
        exercise=spec.exercise,
        placement=spec.placement,
        rate_hz=float(spec.rate_hz),
        sets=sets,
        events=sorted(tl.events, key=lambda e: e["t_start"]),
        nuisance=nuis,
        noise=bool(spec.noise),
        seed=int(spec.seed),
        spec=spec.to_dict(),
        extra={"rom_m": plan.rom, "style": plan.style, "load": plan.load, "mount": mount.round(5).tolist()},
    )
    world = World(t=w["t"], state=w, pos=pos, R_seg=R_seg, mount=mount, bar=bar, f=f, gyro=gyro)
    return world, truth


def _gap_windows(truth: Truth, duration: float, rng: np.random.Generator) -> list[tuple[float, float]]:
    """Dropped-packet windows. Short losses (a few BLE packets, <= 0.5 s) may fall inside
    a rep; longer drop-outs (up to 2.5 s) fall outside reps, because no counter could
    know what happened during a rep it did not see, and the truth would still count it."""
    wins: list[tuple[float, float]] = []
    reps = truth.reps
    if reps and rng.random() < 0.5:
        r = reps[int(rng.integers(len(reps)))]
        t0 = rng.uniform(r.t_start, r.t_end)
        wins.append((t0, t0 + rng.uniform(0.1, 0.5)))
    for _ in range(int(rng.integers(0, 3))):
        for _try in range(20):
            t0 = rng.uniform(2.0, max(2.5, duration - 2.0))
            t1 = t0 + rng.uniform(0.3, 2.5)
            if all(t1 <= r.t_start - 0.3 or t0 >= r.t_end + 0.3 for r in reps):
                wins.append((t0, t1))
                break
    return [(a, min(b, duration - 1.0)) for a, b in wins if a < duration - 1.5]


def simulate_session(spec: SessionSpec) -> tuple[Recording, Truth]:
    """Simulate one session: the recording a sensor would have streamed, and the truth.

    Deterministic per ``spec`` (seed included). The recording's ``block.t`` starts at 0,
    ``acc`` is specific force in g with gravity, ``gyro`` (if ``spec.gyro``) in deg/s.

    >>> rec, truth = simulate_session(SessionSpec(exercise="deadlift", placement="chest", seed=1))
    >>> truth.total_reps
    10
    """
    world, truth = simulate_world(spec)
    t, acc, gyro = sensor.sample(world.t, world.f, world.gyro, float(spec.rate_hz))
    if spec.noise:
        t, acc, gyro, draws = sensor.imperfect(t, acc, gyro, float(spec.rate_hz), _rng(spec, _STREAM_NOISE), spec.noise_level, spec.range_g)
        truth.extra["imperfections"] = draws
        if spec.gaps:
            wins = _gap_windows(truth, float(t[-1]), _rng(spec, _STREAM_GAPS))
            keep = sensor.drop_gaps(t, wins)
            keep[0] = True
            t, acc, gyro = t[keep], acc[keep], gyro[keep]
            truth.events.extend({"type": "gap", "t_start": a, "t_end": b} for a, b in wins)
            truth.events.sort(key=lambda e: e["t_start"])
    elif spec.range_g:
        acc = np.clip(acc, -spec.range_g, spec.range_g)
    meta: dict[str, Any] = {
        "sensor": "simulated",
        "format": "simulated",
        "rate_hz": float(spec.rate_hz),
        "placement": spec.placement,
        "exercise": spec.exercise,
        "start_time": spec.start_time,
        "units": "g",
        "seed": int(spec.seed),
    }
    if spec.gyro:
        meta["gyro_units"] = "deg/s"
    if spec.name:
        meta["name"] = spec.name
    rec = Recording(path=f"<sim seed={spec.seed}>", block=SampleBlock(t, acc, gyro if spec.gyro else None), meta=meta)
    return rec, truth
