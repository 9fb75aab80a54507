"""Sessions that once crashed the engine, replayed whole (auto exercise, no placement).

Each was found by running the engine over a generated corpus; an engine exception loses
the user's whole replay, so each stays here as a regression test."""

from __future__ import annotations

import pytest

from repcount.engine.core import Engine
from repcount.events import Rep, SetSummary

sim = pytest.importorskip("repcount.sim")
from repcount.sim import simulate_session  # noqa: E402
from repcount.sim.corpus import random_spec  # noqa: E402


@pytest.mark.parametrize("seed, index", [
    # thigh squats whose set the tilt counter opened: a descent dropped in that set was
    # reported with an outward-phase end the detector had never set (AttributeError)
    (4, 343), (4, 462),
])
def test_session_runs_and_counts(seed: int, index: int) -> None:
    spec = random_spec(seed, index)
    rec, truth = simulate_session(spec)
    e = Engine("auto", None)
    events = e.feed(rec.block.t, rec.block.acc) + e.finish()
    reps = [x for x in events if isinstance(x, Rep)]
    true_reps = sum(len(s.reps) for s in truth.sets)
    # it ran to the end and counted the session (not necessarily exactly)
    assert abs(len(reps) - true_reps) <= 2
    assert any(isinstance(x, SetSummary) for x in events)
