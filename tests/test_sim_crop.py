"""Recordings that start and end mid-movement (repcount.sim.cropping) and how eval scores them."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from repcount.cli import cli
from repcount.eval import build_report, score_engine
from repcount.recording import read_recording
from repcount.sim import RepTruth, SessionSpec, SetTruth, Truth, load_truth, simulate_session, write_case
from repcount.sim.cropping import END_EVENTS, START_EVENTS, crop, random_crop, random_crop_window


def _session(**kw):
    base = dict(exercise="squat", placement="wrist", rate_hz=50.0, n_sets=2, reps=4, seed=11, gyro=True)
    base.update(kw)
    return simulate_session(SessionSpec(**base))


def test_crop_keeps_samples_bit_identical_and_restarts_the_clock():
    rec, truth = _session()
    r = truth.sets[0].reps[1]
    t0, t1 = (r.t_start + r.t_end) / 2, truth.sets[1].reps[2].t_start + 0.3
    crec, ctruth = crop(rec, truth, t0, t1)
    t = rec.block.t
    lo = int(np.searchsorted(t, t0))
    hi = int(np.searchsorted(t, t1, side="right"))
    assert crec.block.t[0] == 0.0 and len(crec.block) == hi - lo
    assert np.array_equal(crec.block.acc, rec.block.acc[lo:hi])  # bit for bit
    assert np.array_equal(crec.block.gyro, rec.block.gyro[lo:hi])
    assert np.array_equal(crec.block.t, t[lo:hi] - t[lo])
    # start_time moved to the first kept sample
    assert crec.meta["start_time"] != rec.meta["start_time"]
    assert ctruth.extra["crop"]["t0_s"] == pytest.approx(t[lo]) and ctruth.extra["crop"]["t1_s"] == pytest.approx(t[hi - 1])


def test_crop_shifts_truth_and_marks_cut_reps_dont_care():
    rec, truth = _session()
    s1, s2 = truth.sets
    t0 = (s1.reps[1].t_start + s1.reps[1].t_end) / 2  # inside set 1 rep 2
    t1 = (s2.reps[2].t_start + s2.reps[2].t_end) / 2  # inside set 2 rep 3
    crec, ct = crop(rec, truth, t0, t1)
    shift = float(rec.block.t[np.searchsorted(rec.block.t, t0)])
    # set 1 keeps reps 3-4, set 2 keeps reps 1-2; reps 1 (outside) and 2, 3 (cut) are gone
    assert [len(s.reps) for s in ct.sets] == [2, 2]
    for new, old in zip(ct.sets[0].reps + ct.sets[1].reps, s1.reps[2:] + s2.reps[:2]):
        assert new.t_start == pytest.approx(old.t_start - shift) and new.lockout_t == pytest.approx(old.lockout_t - shift)
        assert new.tut_s == old.tut_s and new.rom_m == old.rom_m
    assert ct.sets[0].t_start == ct.sets[0].reps[0].t_start and ct.sets[1].t_end == ct.sets[1].reps[-1].t_end
    assert [d["why"] for d in ct.dont_care] == ["rep cut by the crop"] * 2
    a, b = ct.dont_care
    assert a["t_start"] == 0.0 and a["t_end"] == pytest.approx(s1.reps[1].t_end - shift)
    assert b["t_start"] == pytest.approx(s2.reps[2].t_start - shift) and b["t_end"] == pytest.approx(crec.block.t[-1])
    assert b["lockout_t"] is None  # its lockout is after the end of the recording
    assert ct.extra["crop"]["reps_cut"] == 2
    # events shifted and clipped to the recording; a cut one says so
    dur = float(crec.block.t[-1])
    assert all(0.0 <= e["t_start"] <= e["t_end"] <= dur for e in ct.events)
    # the sidecar keeps the don't-care list; the original truth is untouched
    assert truth.total_reps == 8 and truth.dont_care == []
    assert Truth.from_dict(json.loads(json.dumps(ct.to_dict()))).dont_care == ct.to_dict()["dont_care"]


def test_uncropped_sidecar_has_no_dont_care_key(tmp_path):
    rec, truth = _session(n_sets=1, reps=2)
    assert "dont_care" not in truth.to_dict()
    p = write_case(tmp_path, "plain", rec, truth)
    assert "dont_care" not in json.loads((tmp_path / "plain.truth.json").read_text())
    assert load_truth(tmp_path / "plain.truth.json").dont_care == []
    assert read_recording(p).block.t[0] == 0.0


def test_a_set_cut_at_its_start_keeps_the_reps_that_remain():
    rec, truth = _session(n_sets=1, reps=5)
    r = truth.reps[2]
    _, ct = crop(rec, truth, r.t_start + 0.2)
    assert len(ct.sets) == 1 and len(ct.sets[0].reps) == 2 and len(ct.dont_care) == 1
    # a crop that keeps no whole rep of the set drops the set
    _, ct2 = crop(rec, truth, truth.reps[-1].t_start + 0.2)
    assert ct2.sets == [] and len(ct2.dont_care) == 1


def _rep(t0, t1, lock=None):
    lock = t1 if lock is None else lock
    return RepTruth(t_start=t0, t_end=t1, lockout_t=lock, eccentric_s=1.0, pause_s=0.2, concentric_s=1.0, tut_s=2.2, mcv_mps=0.5, rom_m=0.5)


def _det(t0, t1):
    return {"t_start": t0, "t_end": t1, "lockout_t": t1, "emitted_t": t1 + 0.2, "exercise": "squat", "tut_s": t1 - t0,
            "eccentric_s": 1.0, "pause_s": 0.2, "concentric_s": 1.0, "mcv_mps": 0.5, "rom_m": 0.5}


def test_a_cut_rep_is_neither_a_miss_nor_a_ghost():
    # a recording that starts 1 s into a rep (0-1.8 s left of it), then 2 whole reps
    dc = [{"t_start": 0.0, "t_end": 1.8, "lockout_t": 1.8, "why": "rep cut by the crop"}]
    truth = Truth("squat", "bar", 50.0, [SetTruth(3.0, 9.0, [_rep(3.0, 5.5), _rep(6.5, 9.0)])], dont_care=dc)
    whole = [_det(3.0, 5.5), _det(6.5, 9.0)]
    # the engine counts the cut rep too: not a ghost, and not counted in the set
    s = score_engine(truth, [_det(0.2, 1.8)] + whole)
    assert (s["tp"], s["fp"], s["fn"], s["set_errors"], s["dont_care_hits"]) == (2, 0, 0, [0], 1)
    assert s["failures"] == [] and len(s["latency_s"]) == 2
    # ... or it does not: not a miss either
    s = score_engine(truth, whole)
    assert (s["tp"], s["fp"], s["fn"], s["set_errors"], s["dont_care_hits"]) == (2, 0, 0, [0], 0)
    # a ghost elsewhere is still a ghost, a whole rep missed still a miss
    s = score_engine(truth, [_det(0.2, 1.8), _det(3.0, 5.5), _det(11.0, 12.0)])
    assert (s["tp"], s["fp"], s["fn"], s["set_errors"]) == (1, 1, 1, [0])


def test_no_dont_care_scores_as_before():
    truth = Truth("squat", "bar", 50.0, [SetTruth(3.0, 9.0, [_rep(3.0, 5.5), _rep(6.5, 9.0)])])
    s = score_engine(truth, [_det(0.2, 1.8), _det(3.0, 5.5)])
    assert (s["tp"], s["fp"], s["fn"], s["set_errors"], s["dont_care_hits"]) == (1, 1, 1, [0], 0)
    rep = build_report([{"name": "x", "exercise": "squat", "placement": "bar", "rate_hz": 50.0, "nuisance": [], "noise": True,
                         "true_reps": 2, "counted": 2, "engine": s}])
    assert "crop" not in rep["by"]


@pytest.mark.parametrize("exercise,seed", [("squat", 1), ("squat", 2), ("deadlift", 3), ("deadlift", 4)])
def test_random_crop_starts_and_ends_inside_a_movement(exercise, seed):
    rec, truth = _session(exercise=exercise, seed=seed, n_sets=2, reps=3)
    for k in range(6):
        t0, t1, info = random_crop_window(truth, np.random.default_rng(k))
        assert t0 is not None and t1 is not None and t0 < t1
        moves = {"rep": [(r.t_start, r.t_end) for r in truth.reps]}
        for e in truth.events:
            moves.setdefault(e["type"], []).append((e["t_start"], e["t_end"]))
        assert info["start_in"] in ("rep",) + START_EVENTS and info["end_in"] in ("rep",) + END_EVENTS
        assert any(a < t0 < b for a, b in moves[info["start_in"]])
        assert any(a < t1 < b for a, b in moves[info["end_in"]])
        assert any(t0 <= r.t_start and r.t_end <= t1 for r in truth.reps)  # a whole rep is left
    a = random_crop(rec, truth, 5)
    b = random_crop(rec, truth, 5)
    assert np.array_equal(a[0].block.acc, b[0].block.acc) and a[1].to_dict() == b[1].to_dict()


def test_sim_crop_corpus_and_eval_cli(tmp_path):
    out = tmp_path / "cc"
    r = CliRunner().invoke(cli, ["sim", "--seed", "3", "--n", "3", "--crop", "--out", str(out)])
    assert r.exit_code == 0, r.output
    truths = sorted(out.glob("*.truth.json"))
    assert len(truths) == 3
    for tp in truths:
        d = json.loads(tp.read_text())
        assert "crop" in d["extra"] and d["extra"]["crop"]["t0_s"] > 0
    r = CliRunner().invoke(cli, ["eval", str(out), "--format", "json", "-j", "1"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["scored"] == 3 and "crop" in rep["by"]
    txt = CliRunner().invoke(cli, ["eval", str(out), "-j", "1"])
    assert txt.exit_code == 0 and "by crop:" in txt.output and "don't-care" in txt.output
    one = tmp_path / "one.csv"
    r = CliRunner().invoke(cli, ["sim", "-e", "deadlift", "--seed", "4", "--crop", "-o", str(one)])
    assert r.exit_code == 0, r.output
    assert load_truth(tmp_path / "one.truth.json").extra["crop"]["start_in"] in ("rep",) + START_EVENTS


def test_random_crop_one_edge_only():
    rec, truth = _session(exercise="deadlift", seed=3, n_sets=2, reps=3)
    s_rec, s_truth = random_crop(rec, truth, 9, "start")
    b_rec, b_truth = random_crop(rec, truth, 9, "both")
    e_rec, e_truth = random_crop(rec, truth, 9, "end")
    assert s_truth.extra["crop"]["t0_s"] == b_truth.extra["crop"]["t0_s"] > 0  # same start as "both"
    assert s_rec.block.t[-1] == rec.block.t[-1] - s_truth.extra["crop"]["t0_s"]  # ends where the session ends
    assert e_truth.extra["crop"]["t0_s"] == 0.0 and e_rec.block.t[-1] < rec.block.t[-1]
    assert e_truth.extra["crop"]["start_in"] is None and e_truth.extra["crop"]["end_in"] is not None
    with pytest.raises(ValueError):
        random_crop(rec, truth, 9, "middle")


def test_baseline_ignores_maxima_inside_cut_reps():
    from repcount.eval import score_baseline

    dc = [{"t_start": 0.0, "t_end": 1.8, "lockout_t": 1.8, "why": "rep cut by the crop"}]
    truth = Truth("squat", "bar", 50.0, [SetTruth(2.0, 9.0, [_rep(2.0, 5.5), _rep(6.5, 9.0)])], dont_care=dc)
    b = score_baseline(truth, [1.7, 4.0, 7.5])  # 1.7 s: inside the cut rep and the padded set window
    assert b["set_errors"] == [0] and (b["tp"], b["fp"], b["fn"]) == (2, 0, 0)
    truth.dont_care = []
    assert score_baseline(truth, [1.7, 4.0, 7.5])["set_errors"] == [1]
