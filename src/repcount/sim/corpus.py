"""Varied session specs derived from one seed, for large generated corpora."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np

from .spec import EXTRA_NUISANCE, PLACEMENTS, SessionSpec

RATES = (12.5, 25.0, 50.0, 52.0, 100.0, 200.0)
RATE_WEIGHTS = (0.2, 0.2, 0.2, 0.1, 0.15, 0.15)


def random_spec(seed: int, index: int) -> SessionSpec:
    """The ``index``-th spec of the corpus of ``seed``: every exercise, placement, rate,
    style, load and nuisance appear; ~15 % are clean theoretical recordings."""
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, int(index), 7919])
    exercise = str(rng.choice(["squat", "deadlift"]))
    placement = str(rng.choice(PLACEMENTS))
    rate = float(rng.choice(RATES, p=RATE_WEIGHTS))
    n_sets = int(rng.integers(1, 4))
    reps = [int(rng.choice([1, 2, 3, 5, 5, 6, 8, 10])) for _ in range(n_sets)]
    framing = ["unrack", "walkout", "walkin", "rerack"] if exercise == "squat" else ["setup", "walkaway"]
    nuis = (framing if rng.random() < 0.85 else []) + [n for n in EXTRA_NUISANCE if rng.random() < (0.8 if n == "breathing" else 0.25)]
    noise = bool(rng.random() < 0.85)
    return SessionSpec(
        exercise=exercise,
        placement=placement,
        rate_hz=rate,
        n_sets=n_sets,
        reps=reps,
        seed=int(seed) * 100003 + int(index),
        noise=noise,
        noise_level=float(rng.uniform(0.5, 1.5)),
        nuisance=nuis,
        range_g=2.0 if rng.random() < 0.3 else None,
        gyro=bool(rng.random() < 0.3),
        rest_s=(10.0, 25.0),
        name=f"sim-{seed}-{index:04d}",
    )


def case_name(spec: SessionSpec) -> str:
    rate = f"{spec.rate_hz:g}".replace(".", "p")
    return f"{spec.name or 'sim'}-{spec.exercise}-{spec.placement}-{rate}hz"


def iter_specs(seed: int, n: int) -> Iterator[SessionSpec]:
    for i in range(n):
        yield random_spec(seed, i)


def generate(out: str | Path, seed: int, n: int, crop: bool = False, crop_edges: str = "both") -> list[Path]:
    """Write ``n`` recordings with truth sidecars into ``out``; return the csv paths.

    ``crop=True`` cuts each recording to start and end mid-movement
    (:func:`repcount.sim.cropping.random_crop`, seeded by the recording's own seed;
    ``crop_edges`` "start" or "end" cuts only that end): the same sessions as the
    uncropped corpus of ``seed``, under the same names, so the two can be compared
    recording by recording."""
    from .case import write_case
    from .cropping import random_crop
    from .session import simulate_session

    paths = []
    for spec in iter_specs(seed, n):
        rec, truth = simulate_session(spec)
        if crop:
            rec, truth = random_crop(rec, truth, spec.seed, crop_edges)
        paths.append(write_case(out, case_name(spec), rec, truth))
    return paths
