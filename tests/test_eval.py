"""Eval metric code on hand-made cases, the peer baseline, and the command end to end."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from repcount.cli import cli
from repcount.eval import (
    Interval, assign_to_sets, baseline_counts, baseline_peaks, build_report, count_rates, error_stats, match_reps, prf,
    score_baseline, score_engine,
)
from repcount.sim import RepTruth, SessionSpec, SetTruth, Truth, simulate_session, write_case


def _rep(t0, t1, lock=None):
    lock = t1 if lock is None else lock
    return RepTruth(t_start=t0, t_end=t1, lockout_t=lock, eccentric_s=1.0, pause_s=0.2, concentric_s=1.0, tut_s=2.2, mcv_mps=0.5, rom_m=0.5)


def _truth():
    # two sets: 3 reps at 10-22 s, 2 reps at 60-68 s; an unrack event before set 1
    s1 = SetTruth(10, 22, [_rep(10, 13), _rep(14, 17), _rep(19, 22)])
    s2 = SetTruth(60, 68, [_rep(60, 63), _rep(65, 68)])
    return Truth("squat", "bar", 50.0, [s1, s2], events=[{"type": "unrack", "t_start": 5.0, "t_end": 7.0}], nuisance=["unrack"])


def _det(t0, t1, **kw):
    d = {"t_start": t0, "t_end": t1, "lockout_t": t1, "emitted_t": t1 + 0.2, "exercise": "squat", "tut_s": t1 - t0, "eccentric_s": 1.1,
         "pause_s": 0.2, "concentric_s": 0.9, "mcv_mps": 0.55, "rom_m": 0.5}
    d.update(kw)
    return d


def test_match_is_one_to_one_by_overlap():
    truth = [Interval(0, 2, 2), Interval(3, 5, 5)]
    det = [Interval(0.2, 2.1, 2.1), Interval(0.1, 1.0, 1.0), Interval(3.1, 5.2, 5.2), Interval(9, 10, 10)]
    pairs, fn, fp = match_reps(truth, det)
    assert pairs == [(0, 0), (1, 2)]
    assert fn == [] and fp == [1, 3]
    # nothing detected: every true rep is missed
    assert match_reps(truth, []) == ([], [0, 1], [])


def test_match_by_lockout_proximity_without_overlap():
    pairs, fn, fp = match_reps([Interval(0, 2, 2)], [Interval(2.3, 2.5, 2.4)])
    assert pairs == [(0, 0)]
    pairs, fn, fp = match_reps([Interval(0, 2, 2)], [Interval(2.7, 3.0, 2.9)])
    assert pairs == [] and fn == [0] and fp == [0]


def test_assign_to_nearest_set():
    assert assign_to_sets([12, 40, 45, 61, 100], [(10, 22), (60, 68)]) == [0, 0, 1, 1, 1]


def test_count_rates_prf_and_error_stats():
    assert count_rates([0, 0, 1, -1, 2]) == {"sets": 5, "exact": 0.4, "within1": 0.8, "mae": 0.8, "bias": 0.4}
    assert count_rates([])["exact"] is None
    assert prf(0, 0, 0)["f1"] is None
    assert prf(0, 3, 0)["precision"] == 0.0 and prf(0, 3, 0)["f1"] == 0.0
    assert prf(3, 0, 1) == {"tp": 3, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.75, "f1": 0.857}
    s = error_stats([0.1, -0.1, 0.2, None, float("nan")], scale=1000)
    assert s["n"] == 3 and s["median_abs"] == 100.0 and s["bias"] == 100.0
    assert s["p95_abs"] == pytest.approx(190.0)


def test_score_engine_counts_ghosts_misses_and_errors():
    truth = _truth()
    det = [_det(5.2, 6.8),  # a ghost during the unrack
           _det(10.1, 13.05), _det(14.0, 17.1),  # set 1 rep 3 missed
           _det(60.0, 63.0), _det(65.0, 68.2, exercise="deadlift")]
    s = score_engine(truth, det)
    assert s["tp"] == 4 and s["fp"] == 1 and s["fn"] == 1
    assert s["set_errors"] == [0, 0]  # ghost + miss cancel in set 1: exact count, wrong reps
    assert s["latency_s"] == pytest.approx([0.25, 0.3, 0.2, 0.4])
    assert s["errors"]["eccentric_ms"] == pytest.approx([100.0] * 4)
    assert s["errors"]["mcv_mps"] == pytest.approx([0.05] * 4)
    assert s["exercise_ok"] is True  # majority vote over the reps
    joined = " ".join(s["failures"])
    assert "ghost rep 5.2-6.8 s, during unrack" in joined and "missed set 1 rep 3" in joined


def test_score_engine_none_detected():
    s = score_engine(_truth(), [])
    assert s["set_errors"] == [-3, -2] and s["fn"] == 5 and s["exercise_ok"] is None


def test_baseline_counts_per_true_set_window():
    assert baseline_counts(np.array([9.7, 12, 15, 22.4, 40, 61, 66]), [(10, 22), (60, 68)]) == [[9.7, 12.0, 15.0, 22.4], [61.0, 66.0]]
    b = score_baseline(_truth(), [11.0, 15.0, 20.0, 21.0, 62.0, 66.0])
    assert b["set_errors"] == [1, 0] and b["tp"] == 5 and b["fp"] == 1 and b["fn"] == 0


def test_baseline_counts_sinusoidal_reps():
    # five clean 3-s reps: magnitude 1 g + 0.2 g sin, at 50 Hz, then rest
    t = np.arange(0, 30, 0.02)
    mag = 1 + 0.2 * np.where((t > 5) & (t < 20), np.sin(2 * np.pi * (t - 5) / 3.0), 0.0)
    acc = np.stack([np.zeros_like(t), np.zeros_like(t), mag], axis=1)
    peaks = baseline_peaks(t, acc, "squat")
    inside = [p for p in peaks if 5 <= p <= 20]
    assert len(inside) == 5


def test_report_breakdowns_and_cli(tmp_path):
    for i, (ex, pl) in enumerate([("squat", "bar"), ("deadlift", "wrist")]):
        rec, truth = simulate_session(SessionSpec(exercise=ex, placement=pl, rate_hz=25, n_sets=1, reps=3, seed=i, noise=False))
        write_case(tmp_path, f"case{i}", rec, truth)
    r = CliRunner().invoke(cli, ["eval", str(tmp_path), "--baseline", "--format", "json", "-j", "1"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["recordings"] == 2 and rep["scored"] == 2
    assert set(rep["by"]["placement"]) == {"bar", "wrist"}
    assert "baseline" in rep["overall"] and rep["overall"]["engine"]["counts"]["sets"] == 2
    assert sorted(x["name"] for x in rep["results"]) == ["case0.csv", "case1.csv"]
    assert all(len(x["set_errors"]) == 1 and len(x["baseline_set_errors"]) == 1 for x in rep["results"])
    txt = CliRunner().invoke(cli, ["eval", str(tmp_path), "-j", "1"])
    assert txt.exit_code == 0 and "by placement:" in txt.output
    empty = CliRunner().invoke(cli, ["eval", str(tmp_path / "none")])
    assert empty.exit_code != 0


def test_eval_reports_unreadable_recording(tmp_path):
    rec, truth = simulate_session(SessionSpec(n_sets=1, reps=2, seed=1, noise=False))
    write_case(tmp_path, "good", rec, truth)
    (tmp_path / "bad.csv").write_text("garbage\n1,2\n")
    (tmp_path / "bad.truth.json").write_text(json.dumps(truth.to_dict()))
    r = CliRunner().invoke(cli, ["eval", str(tmp_path), "-j", "1"])
    assert r.exit_code == 0 and "errors (1)" in r.output and "bad.csv" in r.output
    rep = build_report([], baseline=True)
    assert rep["scored"] == 0 and rep["overall"]["engine"]["counts"]["exact"] is None


def test_find_cases_pairs_other_formats(tmp_path):
    from repcount.eval import find_cases

    for name in ("a.csv", "b_ACC.txt", "c_Accelerometer_50.000Hz_1.4.4.csv"):
        (tmp_path / name).write_text("x")
    for stem in ("a", "b", "c_Accelerometer_50.000Hz_1.4.4", "orphan"):
        (tmp_path / f"{stem}.truth.json").write_text("{}")
    found = sorted(p.name for p, _ in find_cases(tmp_path))
    assert found == ["a.csv", "b_ACC.txt", "c_Accelerometer_50.000Hz_1.4.4.csv"]
    assert find_cases(tmp_path / "a.csv")[0][1].name == "a.truth.json"
    assert find_cases(tmp_path / "b_ACC.txt")[0][1].name == "b.truth.json"


from hypothesis import given, settings, strategies as st  # noqa: E402

_iv = st.tuples(st.floats(0, 100), st.floats(0.2, 5)).map(lambda a: Interval(a[0], a[0] + a[1], a[0] + a[1]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_iv, max_size=12), st.lists(_iv, max_size=12))
def test_match_invariants(truth, det):
    pairs, fn, fp = match_reps(truth, det)
    ti = [i for i, _ in pairs]
    dj = [j for _, j in pairs]
    assert len(set(ti)) == len(ti) and len(set(dj)) == len(dj)  # one-to-one
    assert len(pairs) + len(fn) == len(truth) and len(pairs) + len(fp) == len(det)
    assert match_reps(truth, truth)[0] == [(i, i) for i in range(len(truth))] or len({(t.t_start, t.t_end) for t in truth}) < len(truth)
