"""Round 12, helper GAPREP: a dropout's hidden stop (engine/dropout.py).

A pull that decelerates into its lockout inside a dropped-packet gap loses its braking
to the bridge line; the calm right after the gap (the top hold) at a constant upward
"speed" is that step, taken off at once, and put back if the next stop says the calm
was a movement coasting through it (then a rep spanning it is withdrawn)."""

from __future__ import annotations

import pytest

from repcount.engine.config import DEFAULT
from repcount.engine.dropout import GapHold
from repcount.events import SetSummary

DT = 1.0 / DEFAULT.grid_hz


def _feed(gh: GapHold, rows):
    """rows: (bridged, calm, v); returns the non-None results with their row index."""
    out = []
    for i, (br, calm, v) in enumerate(rows):
        r = gh.step(i * DT, br, 0.3 if br else 0.05, calm, v, 0.5, 0.3)
        if r is not None:
            out.append((i, r))
    return out


def test_calm_after_a_dropout_is_a_hold_and_its_speed_is_taken_off() -> None:
    gh = GapHold(DEFAULT, DT)
    rows = [(True, False, 0.9)] * 8 + [(False, False, 0.95)] * 2 + [(False, True, 0.9)] * 12
    got = _feed(gh, rows)
    assert len(got) == 1 and got[0][1] == pytest.approx(0.9)
    assert gh.log and not gh.log[-1][2]


def test_no_step_without_a_dropout_or_when_the_rise_began_in_it() -> None:
    gh = GapHold(DEFAULT, DT)
    # no dropout: never called active
    assert _feed(gh, [(False, True, 0.9)] * 20) == []
    # a dropout over a squat's bottom: descending when the data stopped (a reversal,
    # the calm after it is the ascent coasting)
    gh = GapHold(DEFAULT, DT)
    rows = [(True, False, -0.3)] * 8 + [(False, False, 0.6)] * 2 + [(False, True, 0.7)] * 12
    assert _feed(gh, rows) == []


def test_coasting_calm_is_put_back_at_the_next_stop() -> None:
    gh = GapHold(DEFAULT, DT)
    rows = ([(True, False, 0.7)] * 6 + [(False, True, 0.7)] * 10       # the "hold"
            + [(False, False, 0.3), (False, False, -0.3), (False, False, -0.6)]  # braking
            + [(False, True, -0.7)] * 6)                                 # stopped at -vc
    got = _feed(gh, rows)
    assert [r for _, r in got] == [pytest.approx(0.7), pytest.approx(-0.7)]
    assert gh.log[-1][2]  # put back: the detector withdraws a rep spanning it


sim = pytest.importorskip("repcount.sim")
from engine_support import corpus_session  # noqa: E402


def _counts(seed: int, index: int):
    events, truth = corpus_session(seed, index)
    return [s.reps for s in events if isinstance(s, SetSummary)], [len(s.reps) for s in truth.sets]


@pytest.mark.parametrize("seed, index, why", [
    (18, 69, "wrist deadlift 200 Hz, touch-and-go: lockout inside a 0.47 s dropout"),
    (20, 43, "wrist deadlift 12.5 Hz, touch-and-go: lockout inside a 0.27 s dropout"),
])
def test_lockout_in_a_dropout_counts_every_set_exactly(seed: int, index: int, why: str) -> None:
    got, want = _counts(seed, index)
    assert got == want, why


def test_squat_bottom_in_a_dropout_judged_by_the_second_look() -> None:
    # Detector._late_reps: the dropout's step the next rest measured (Relook._drop_step)
    # lies inside the candidate the live pass still waits on at the squat's bottom
    got, want = _counts(18, 277)
    assert got == want, "wrist squat 12.5 Hz: bottom inside a 0.30 s dropout"
