"""Round 12, helper EXCLS: an auto set's exercise from where the lifter rests (posture.py)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from repcount.engine.config import EngineConfig
from repcount.engine.posture import Posture
from repcount.events import Rep, SetSummary

sys.path.insert(0, str(Path(__file__).parent))
from engine_support import corpus_session  # noqa: E402


def _u(deg: float) -> list[float]:
    a = math.radians(deg)
    return [math.sin(a), 0.0, math.cos(a)]


def test_posture_counts_rests_far_from_every_reference() -> None:
    cfg = EngineConfig()
    p = Posture(cfg)
    n, m = p.rest_n, p.ref_n
    p.step(n, _u(90.0), False, True)       # the session's first rest: looking at the watch
    p.step(n + 1, _u(90.0), False, True)   # (the same rest, taken once)
    assert p.refs == [_u(90.0)]
    p.step(n, _u(0.0), False, False)       # a short rest outside a set: no reference
    p.step(m, _u(0.0), False, False)       # a long one is: arms hanging
    assert p.refs == [_u(90.0), _u(0.0)]
    p.step(n, _u(-60.0), True, False)      # a rest in the open set: hands on a squat bar
    p.step(n + 1, _u(-60.0), True, False)  # (the same rest, counted once)
    p.step(n, _u(10.0), True, False)       # a deadlift's hanging hands: near a reference
    p.step(n, _u(80.0), True, False)       # near the first rest
    assert (p.n, p.far) == (3, 1)
    p.new_set()
    assert (p.n, p.far) == (0, 0)
    p.step(n, _u(-60.0), False, False)     # outside a set: hands on a squat bar
    assert p.out_far
    p.step(n, _u(5.0), False, False)       # hands hanging
    assert not p.out_far


@pytest.mark.parametrize("seed, index, set_k, slack, why", [
    # a wrist squat set read as deadlifts (phase-shifted: each ascent a "pull"); at the
    # switch its last "lowering" is re-read as the descent of the squat under way
    (19, 282, 1, 0, "wrist squat 100 Hz, set 2 read as deadlifts, one squat short"),
    # the same, the walkout's drift counted as the set's first "pull": that ghost stays
    # (a rep event is never withdrawn), the two after it are gone
    (18, 34, 2, 1, "wrist squat 12.5 Hz, set 3 read as deadlifts from the walkout, +2"),
    # the walkout's "pull" itself not counted (posture.walkout_pull): the hands rested on
    # the bar before it, the wrist latched rigid by the set before
    (20, 122, 1, 0, "wrist squat 52 Hz, set 2 read as deadlifts from the walkout, +2"),
    (9, 471, 1, 0, "wrist squat 100 Hz, set 2 read as deadlifts from the walkout"),
])
def test_wrist_squat_set_read_as_deadlifts_turns_to_squats(seed: int, index: int, set_k: int, slack: int,
                                                          why: str) -> None:
    events, truth = corpus_session(seed, index)
    got = [s.reps for s in events if isinstance(s, SetSummary)]
    assert 0 <= got[set_k] - len(truth.sets[set_k].reps) <= slack, (got, why)
    t0, t1 = truth.sets[set_k].t_start, truth.sets[set_k].t_end
    ex = [r.exercise for r in events if isinstance(r, Rep) and t0 - 5.0 <= r.t_end <= t1 + 5.0]
    assert ex[-2:] == ["squat", "squat"], (ex, why)
