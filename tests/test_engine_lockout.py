"""Deadlift reps announced at lockout: the ``lockout`` event and its consumers.

A deadlift rep is committed (a ``lockout`` event) before its lowering ends; the ``rep``
event with the same set/rep always follows. Displays and the MQTT state count it once.
"""

from __future__ import annotations

import io
import json
import types

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repcount.engine import Engine
from repcount.eval.runner import score_engine
from repcount.events import Rep, RepLockout, SessionSummary, SetSummary, event_from_dict
from repcount.live_display import BELL, LiveDisplay
from repcount.sim.truth import RepTruth, SetTruth, Truth
from repcount.sinks.mqtt import MqttSink
from repcount.sinks.text import TextSink
from engine_support import events_in_chunks
from test_engine_synth import make, run_engine


def check_pairing(events):
    """Every lockout is followed by the rep with the same set/rep and lockout_t, before
    the set closes; returns (lockouts, reps)."""
    reps = [e for e in events if isinstance(e, Rep)]
    locks = [e for e in events if isinstance(e, RepLockout)]
    pos = {id(e): k for k, e in enumerate(events)}
    for lo in locks:
        match = [r for r in reps if (r.set, r.rep) == (lo.set, lo.rep)]
        assert len(match) == 1, f"lockout {lo} without its rep"
        r = match[0]
        assert pos[id(lo)] < pos[id(r)]
        assert r.lockout_t == lo.lockout_t and r.t_start == lo.t_start and r.exercise == lo.exercise == "deadlift"
        assert lo.lockout_t <= lo.emitted_t <= r.emitted_t
        closing = [e for e in events[pos[id(lo)]:] if isinstance(e, SetSummary)]
        assert closing and pos[id(closing[0])] > pos[id(r)] and closing[0].set == lo.set
    assert len({(lo.set, lo.rep) for lo in locks}) == len(locks)
    return locks, reps


def test_bar_deadlift_is_announced_at_lockout_and_completed_after_the_lowering():
    s = make("deadlift", sets=(5, 3), rate=100, seed=200, pause=1.0)
    ev = run_engine(s, "deadlift", "bar")
    locks, reps = check_pairing(ev)
    assert [x.reps for x in ev if isinstance(x, SetSummary)] == [5, 3]
    assert len(locks) == len(reps) == 8  # exercise given + bar: every rep committed at the pull's end
    for lo, t in zip(locks, s.reps):
        assert abs(lo.lockout_t - t.lockout_t) < 0.12
        assert lo.emitted_t - t.lockout_t < 0.25  # before the 1 s top hold ends
    for r in reps:
        assert r.tut_s == pytest.approx(r.eccentric_s + r.pause_s + r.concentric_s)
        assert r.pause_s > 0.5 and r.eccentric_s > 0.5  # the rep still has its hold and lowering


def test_unknown_placement_deadlift_is_announced_once_the_lowering_is_under_way():
    s = make("deadlift", sets=(4,), rate=50, seed=201, pause=1.0)
    ev = run_engine(s, "auto")
    locks, reps = check_pairing(ev)
    assert len(reps) == 4 and len(locks) >= 3
    for lo in locks:
        r = next(r for r in reps if r.rep == lo.rep)
        assert lo.lockout_t + 0.9 < lo.emitted_t < r.emitted_t  # after the hold, before the floor


def test_squat_reps_have_no_lockout_event():
    ev = run_engine(make("squat", sets=(3,), seed=202), "auto", "bar")
    assert not [e for e in ev if isinstance(e, RepLockout)]
    assert len([e for e in ev if isinstance(e, Rep)]) == 3


def test_a_committed_rep_is_emitted_even_when_the_lowering_never_comes():
    s = make("deadlift", sets=(2,), rate=100, seed=203, pause=1.0, nuisance=False)
    r = s.reps[1]
    # the stream ends during the top hold of the last rep
    cut = np.searchsorted(s.t, r.lockout_t + 0.5)
    ev = run_engine(type(s)(s.t[:cut], s.acc[:cut], s.reps), "deadlift", "bar")
    locks, reps = check_pairing(ev)
    assert [x.rep for x in locks] == [1, 2] and [x.rep for x in reps] == [1, 2]
    assert isinstance(ev[-1], SessionSummary) and ev[-1].total_reps == 2
    for x in reps:
        assert x.lockout_t <= x.t_end and x.tut_s == pytest.approx(x.eccentric_s + x.pause_s + x.concentric_s)
    # and a long gap (a reset) during the hold: the rep is emitted after it, not lost
    s = make("deadlift", sets=(2, 2), rate=100, seed=203, pause=1.0, nuisance=False, rest=40.0)
    r = s.reps[1]
    keep = (s.t < r.lockout_t + 0.5) | (s.t > r.lockout_t + 20.0)
    ev = run_engine(type(s)(s.t[keep], s.acc[keep], s.reps), "deadlift", "bar")
    locks, reps = check_pairing(ev)
    r12 = [x for x in reps if (x.set, x.rep) == (1, 2)]
    assert (1, 2) in {(x.set, x.rep) for x in locks} and r12[0].emitted_t > r.lockout_t + 20.0
    assert [x.reps for x in ev if isinstance(x, SetSummary)] == [2, 2]


_SYN = make("deadlift", sets=(3, 2), rate=50, seed=21, rest=14.0, pause=0.8)
_REF = {p: events_in_chunks(_SYN, [len(_SYN.t)], p) for p in (None, "bar")}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=12), st.sampled_from([None, "bar"]))
def test_chunk_invariance_with_lockout_events(sizes, placement):
    assert events_in_chunks(_SYN, sizes, placement) == _REF[placement]


def test_chunk_invariance_reference_has_lockouts():
    for p, ref in _REF.items():
        assert sum(1 for d in ref if d["type"] == "lockout") >= 3, p
        assert events_in_chunks(_SYN, [1], p) == ref


def _lockout(n=2):
    return RepLockout(set=1, rep=n, exercise="deadlift", t_start=10.0, lockout_t=11.2, concentric_s=1.2,
                      mcv_mps=0.45, rom_m=0.54, emitted_t=11.25)


def _rep(n=2):
    return Rep(set=1, rep=n, exercise="deadlift", t_start=10.0, t_end=14.0, eccentric_s=1.5, pause_s=1.3,
               concentric_s=1.2, tut_s=4.0, mcv_mps=0.45, rom_m=0.54, emitted_t=14.1, lockout_t=11.2)


def test_lockout_event_round_trips_and_keeps_the_contract():
    d = _lockout().to_dict()
    assert d == {"type": "lockout", "set": 1, "rep": 2, "exercise": "deadlift", "t_start": 10.0, "lockout_t": 11.2,
                 "concentric_s": 1.2, "mcv_mps": 0.45, "rom_m": 0.54, "emitted_t": 11.25}
    back = event_from_dict(json.loads(json.dumps(d)))
    assert isinstance(back, RepLockout) and back == _lockout()
    assert isinstance(event_from_dict(_rep().to_dict()), Rep)


def test_display_counts_and_rings_once_per_rep():
    out = io.StringIO()
    d = LiveDisplay(out, bell=True, tty=False)
    d.emit(_lockout(2))
    at_lockout = out.getvalue()
    assert at_lockout.count(BELL) == 1 and "█" in at_lockout
    d.emit(_rep(2))
    after = out.getvalue()[len(at_lockout):]
    assert BELL not in after and "█" not in after  # no second count, no second bell
    assert "TUT 4.00 s" in after and "rep 2" in after
    d.emit(_rep(3))  # a rep without a lockout event (squat): counted at the rep
    last = out.getvalue()[len(at_lockout) + len(after):]
    assert last.count(BELL) == 1 and "█" in last


def test_text_sink_prints_one_line_per_rep():
    out = io.StringIO()
    t = TextSink(out)
    for e in (_lockout(2), _rep(2)):
        t.emit(e)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[1].split()[:3] == ["1", "2", "deadlift"]  # header + the rep


def test_mqtt_state_counts_a_rep_once():
    ns = types.SimpleNamespace(_state={"exercise": None, "set": 0, "reps": 0, "total_reps": 0, "last_tut_s": None,
                                       "last_mcv_mps": None, "status": "waiting"}, _announced=set())
    for e in (_lockout(1), _rep(1), _rep(2)):
        MqttSink._update_state(ns, e.to_dict())
        if isinstance(e, RepLockout):
            assert ns._state["total_reps"] == 1 and ns._state["reps"] == 1
    assert ns._state["total_reps"] == 2 and ns._state["reps"] == 2 and ns._state["last_tut_s"] == 4.0


def test_eval_latency_is_that_of_the_first_announcement():
    tr = RepTruth(t_start=10.0, t_end=14.0, lockout_t=11.2, eccentric_s=1.5, pause_s=1.3, concentric_s=1.2,
                  tut_s=4.0, mcv_mps=0.45, rom_m=0.54)
    truth = Truth("deadlift", "bar", 50.0, [SetTruth(9.0, 15.0, [tr])])
    rep = _rep(1)
    assert score_engine(truth, [rep])["latency_s"] == [pytest.approx(14.1 - 11.2)]
    assert score_engine(truth, [rep], {(1, 1): 11.25})["latency_s"] == [pytest.approx(0.05)]


def _recording(name):
    from pathlib import Path

    from repcount.importers import load
    from repcount.sim.truth import load_truth

    root = Path(__file__).resolve().parents[1] / "recordings"
    rec = load(str(root / f"{name}.csv"))
    rec.meta.pop("placement", None)
    return rec, load_truth(root / f"{name}.truth.json")


def test_chest_touch_and_go_deadlift_is_announced_at_the_top_of_the_pull():
    """A chest or thigh pull that follows the previous rep's floor touch at once is
    committed at its top. The stand-up after the set's last rep looks the same to the
    sensor but comes later after the floor touch: not committed (the set counts stay
    exact), nor is the set's first pull (no rep before it)."""
    rec, truth = _recording("deadlift-chest-25hz-clean")
    e = Engine("auto", None)
    ev = e.feed(rec.block.t, rec.block.acc) + e.finish()
    locks, reps = check_pairing(ev)
    assert [x.reps for x in ev if isinstance(x, SetSummary)] == [4, 4]
    assert locks, "no touch-and-go pull committed at its top"
    for lo in locks:
        t = truth.sets[lo.set - 1].reps[lo.rep - 1]
        assert lo.rep > 1
        assert abs(lo.emitted_t - t.lockout_t) < 0.25  # at the top, not ~2 s later at the floor
    ref = [x.to_dict() for x in ev]
    s = types.SimpleNamespace(t=rec.block.t, acc=rec.block.acc)
    for sizes in ([1], [7, 300, 2], [64]):
        assert events_in_chunks(s, sizes) == ref
