"""Whole simulated sessions that round 11 made exact, regenerated from their specs (fresh
tuning seeds 15-17, `repcount sim --seed N --n 500`), auto exercise, no placement hint,
as `repcount eval` runs them. The engine before round 11 (cdba244) miscounted each; the
comments name the change (docs/algorithm.md, "round 11, helper NAME").
- AFTER: ghosts after a deadlift set's last rep (the lifter letting go at the floor,
  standing up, walking off and sitting down) counted into the set (the tilt counter,
  "Eighth" and "Ninth").
- WSQ: a grind whose squat "began" on the last rep's lockout deceleration (deep.py)."""

from __future__ import annotations

import pytest

from repcount.events import SetSummary

sim = pytest.importorskip("repcount.sim")
from engine_support import corpus_session  # noqa: E402


def _counts(seed: int, index: int) -> tuple[list[int], list[int]]:
    events, truth = corpus_session(seed, index)
    return [s.reps for s in events if isinstance(s, SetSummary)], [len(s.reps) for s in truth.sets]


@pytest.mark.parametrize("seed, index, why", [
    # tiltreps.swing_unlike_set after a one-rep deadlift set: the wrist swung 41 deg
    (16, 230, "wrist deadlift 200 Hz, walk-off after a one-rep set"),
    (17, 216, "wrist deadlift 200 Hz, walk-off after a one-rep set"),
    # Walking.hold_walked: steps in the "hold" between a stand-up and a sit
    (15, 286, "chest deadlift 50 Hz, stand-up + walk + sit after the set"),
    (17, 256, "chest deadlift 25 Hz, stand-up + walk + sit after the set"),
    (16, 382, "thigh deadlift 50 Hz, approach + setup before a set"),
])
def test_round11_after_fix_counts_every_set_exactly(seed: int, index: int, why: str) -> None:
    got, want = _counts(seed, index)
    assert got == want, why


@pytest.mark.parametrize("seed, index, why", [
    # deep_back_deg 6: the squat "began" on the last rep's lockout deceleration
    (15, 109, "wrist squat 25 Hz, bounce set, last rep a 1.9 s grind"),
    (16, 363, "bar squat 25 Hz, 2.8 s grind"),
])
def test_round11_wsq_fix_counts_every_set_exactly(seed: int, index: int, why: str) -> None:
    counted, truth = _counts(seed, index)
    assert counted == truth, why
