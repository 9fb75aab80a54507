"""The lifting simulator: physically grounded squats and deadlifts as a body- or
bar-worn accelerometer sees them, with ground truth for every rep.

Public API (stable; other parts of repcount and the tests build on it)::

    from repcount.sim import SessionSpec, simulate_session, write_case, load_truth
    rec, truth = simulate_session(SessionSpec(exercise="squat", placement="wrist",
                                              rate_hz=12.5, seed=7))
    write_case("out/", "squat-wrist", rec, truth)   # out/squat-wrist.csv + .truth.json

See docs/simulator.md for the model, its assumptions and how it was checked.
"""

from __future__ import annotations

from .case import write_case
from .cropping import crop, random_crop, random_crop_window
from .session import World, simulate_session, simulate_world
from .spec import ALL_NUISANCE, EXERCISES, PLACEMENTS, SessionSpec
from .truth import RepTruth, SetTruth, Truth, load_truth, save_truth, truth_path_for

__all__ = [
    "ALL_NUISANCE",
    "EXERCISES",
    "PLACEMENTS",
    "RepTruth",
    "SessionSpec",
    "SetTruth",
    "Truth",
    "World",
    "crop",
    "load_truth",
    "random_crop",
    "random_crop_window",
    "save_truth",
    "simulate_session",
    "simulate_world",
    "truth_path_for",
    "write_case",
]
