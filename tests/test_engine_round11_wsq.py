"""Whole simulated wrist/bar squat sessions that round 11's helper WSQ made exact (auto
exercise, no placement hint, as `repcount eval` runs them), regenerated from their spec
(`repcount sim --seed N --n 500`). The engine before round 11 (cdba244) missed one grind
in each; the comment names the change (docs/algorithm.md, deep.py section, "round 11,
helper WSQ")."""

from __future__ import annotations

import pytest

from repcount.engine.core import Engine
from repcount.events import SetSummary

sim = pytest.importorskip("repcount.sim")
from repcount.sim import simulate_session  # noqa: E402
from repcount.sim.corpus import random_spec  # noqa: E402


def _counts(seed: int, index: int) -> tuple[list[int], list[int]]:
    rec, truth = simulate_session(random_spec(seed, index))
    e = Engine("auto", None)
    events = e.feed(rec.block.t, rec.block.acc) + e.finish()
    return [s.reps for s in events if isinstance(s, SetSummary)], [len(s.reps) for s in truth.sets]


@pytest.mark.parametrize("seed, index, why", [
    # deep_back_deg 6: the squat "began" on the last rep's lockout deceleration
    (15, 109, "wrist squat 25 Hz, bounce set, last rep a 1.9 s grind"),
    (16, 363, "bar squat 25 Hz, 2.8 s grind"),
])
def test_round11_wsq_fix_counts_every_set_exactly(seed: int, index: int, why: str) -> None:
    counted, truth = _counts(seed, index)
    assert counted == truth, why

