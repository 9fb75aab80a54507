"""Physics and determinism of the lifting simulator (repcount.sim)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import cumulative_trapezoid

from repcount.recording import read_recording
from repcount.sim import PLACEMENTS, SessionSpec, Truth, load_truth, simulate_session, simulate_world, write_case
from repcount.sim.sensor import G0
from repcount.sim.timeline import FS


def _clean(ex: str, placement: str = "bar", seed: int = 1, rate: float = 200.0, **kw) -> SessionSpec:
    return SessionSpec(exercise=ex, placement=placement, seed=seed, rate_hz=rate, noise=False, n_sets=1, reps=3, **kw)


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_still_sensor_reads_one_g(placement):
    # no breathing/fidget: before anything happens the lifter and the sensor are still
    rec, truth = simulate_session(_clean("squat", placement, nuisance=["unrack", "rerack"]))
    first = min([truth.reps[0].t_start] + [e["t_start"] for e in truth.events])
    still = rec.block.t < first - 0.1
    assert still.sum() > 100
    norm = np.linalg.norm(rec.block.acc[still], axis=1)
    assert np.allclose(norm, 1.0, atol=1e-6)
    # and the reading is not trivially along one axis: the mounting is random
    assert np.abs(rec.block.acc[still][0]).max() < 0.999


def _world_acc(world, rec):
    """Sensor readings rotated back to the world with the true orientation, minus gravity."""
    t = rec.block.t
    idx = np.clip(np.round(t * FS).astype(int), 0, len(world.t) - 1)
    R = world.R_seg[idx] @ world.mount
    a = np.einsum("nij,nj->ni", R, rec.block.acc) * G0
    a[:, 2] -= G0
    return a


@pytest.mark.parametrize("exercise", ["squat", "deadlift"])
def test_integrating_bar_acceleration_gives_truth_displacement(exercise):
    spec = _clean(exercise, seed=3)
    world, truth = simulate_world(spec)
    rec, _ = simulate_session(spec)
    a = _world_acc(world, rec)
    t = rec.block.t
    for rep in truth.reps:
        i0, i1 = np.searchsorted(t, rep.t_start - 0.05), np.searchsorted(t, rep.t_end + 0.05)
        v = cumulative_trapezoid(a[i0:i1, 2], t[i0:i1], initial=0)
        z = cumulative_trapezoid(v, t[i0:i1], initial=0)
        travel = -z.min() if exercise == "squat" else z.max()
        assert travel == pytest.approx(rep.rom_m, abs=0.01)
        assert abs(v[-1]) < 0.02  # back at rest: velocity integrates to ~0
        # and the integrated bar trajectory matches the true one over the whole rep
        zt = world.bar[np.round(t[i0:i1] * FS).astype(int), 2]
        assert np.max(np.abs((z - z[0]) - (zt - zt[0]))) < 0.01


@pytest.mark.parametrize("exercise,style", [("squat", "bounce"), ("squat", "pause"), ("deadlift", "touch_and_go"), ("deadlift", "dead_stop")])
def test_truth_phases_match_velocity_definition(exercise, style):
    # no breathing: between phases the bar is exactly still, so "leaves zero" is sharp
    world, truth = simulate_world(_clean(exercise, seed=5, style=style, load="heavy", nuisance=[]))
    v = np.gradient(world.bar[:, 2], 1.0 / FS)
    moving = np.abs(v) > 1e-3
    t = world.t

    def edge_near(tb: float, rising: bool) -> float:
        # the nearest sample to tb where `moving` switches on (rising) or off
        d = np.diff(moving.astype(int))
        idx = np.flatnonzero(d == (1 if rising else -1)) + 1
        return float(t[idx[np.argmin(np.abs(t[idx] - tb))]])

    for r in truth.reps:
        if exercise == "squat":
            ecc0, ecc1, con0, con1 = r.t_start, r.t_start + r.eccentric_s, r.lockout_t - r.concentric_s, r.lockout_t
            assert np.all(v[(t > ecc0 + 0.03) & (t < ecc1 - 0.03)] < 0)
            assert np.all(v[(t > con0 + 0.03) & (t < con1 - 0.03)] > 0)
        else:
            con0, con1, ecc0, ecc1 = r.t_start, r.lockout_t, r.t_end - r.eccentric_s, r.t_end
            assert np.all(v[(t > con0 + 0.03) & (t < con1 - 0.03)] > 0)
            assert np.all(v[(t > ecc0 + 0.03) & (t < ecc1 - 0.03)] < 0)
        for tb, rising in ((ecc0, True), (ecc1, False), (con0, True), (con1, False)):
            if abs(ecc1 - con0) < 1e-9 and tb in (ecc1, con0):
                continue  # a bounce: no standstill between eccentric and concentric
            assert abs(edge_near(tb, rising) - tb) < 0.012
        assert r.tut_s == pytest.approx(r.eccentric_s + r.pause_s + r.concentric_s)
        assert r.mcv_mps == pytest.approx(r.rom_m / r.concentric_s)
        # mean of the true velocity over the concentric equals mcv
        sel = (t >= con0) & (t < con1)
        assert np.mean(np.abs(v[sel])) == pytest.approx(r.mcv_mps, rel=0.03)


def test_seeds_are_deterministic_and_distinct():
    spec = SessionSpec(exercise="deadlift", placement="wrist", rate_hz=25, seed=11, gyro=True)
    a, ta = simulate_session(spec)
    b, tb = simulate_session(spec)
    assert np.array_equal(a.block.t, b.block.t) and np.array_equal(a.block.acc, b.block.acc)
    assert np.array_equal(a.block.gyro, b.block.gyro)
    assert ta.to_dict() == tb.to_dict()
    c, _ = simulate_session(SessionSpec(exercise="deadlift", placement="wrist", rate_hz=25, seed=12, gyro=True))
    assert len(c.block) != len(a.block) or not np.array_equal(c.block.acc, a.block.acc)


def test_noise_changes_the_signal_not_the_movement():
    clean, t_clean = simulate_session(SessionSpec(seed=4, noise=False))
    noisy, t_noisy = simulate_session(SessionSpec(seed=4, noise=True, range_g=2.0))
    assert [r.t_start for r in t_clean.reps] == [r.t_start for r in t_noisy.reps]
    assert np.abs(noisy.block.acc).max() <= 2.0
    assert not np.array_equal(clean.block.acc[:100], noisy.block.acc[:100])


def test_rate_and_reps_follow_the_spec():
    rec, truth = simulate_session(SessionSpec(rate_hz=12.5, n_sets=3, reps=[3, 4, 5], seed=2, noise=False))
    dt = np.diff(rec.block.t)
    assert np.allclose(dt, 0.08)
    assert [len(s.reps) for s in truth.sets] == [3, 4, 5]
    for r in truth.reps:
        assert 0.35 <= r.rom_m <= 0.75 and 0.1 <= r.mcv_mps <= 1.1
    assert rec.block.t[0] == 0.0 and rec.meta["sensor"] == "simulated"


def test_nuisance_is_in_truth_and_not_counted():
    spec = SessionSpec(exercise="squat", placement="chest", seed=9, nuisance=["unrack", "walkout", "walkin", "rerack", "partial", "failed", "sit", "walk", "fidget", "breathing"])
    _, truth = simulate_session(spec)
    kinds = {e["type"] for e in truth.events}
    assert {"unrack", "walkout", "walkin", "rerack", "partial_rep", "failed_rep", "sit", "walk", "fidget"} <= kinds
    assert truth.total_reps == 10  # partial and failed attempts are extra, never reps
    for e in truth.events:
        if e["type"] in ("partial_rep", "failed_rep"):
            assert all(e["t_end"] <= r.t_start or e["t_start"] >= r.t_end for r in truth.reps)


def test_write_case_round_trip(tmp_path):
    rec, truth = simulate_session(SessionSpec(placement="thigh", rate_hz=50, seed=1, gyro=True))
    path = write_case(tmp_path, "thigh-squat", rec, truth)
    back = read_recording(str(path))
    assert back.meta["placement"] == "thigh" and back.meta["rate_hz"] == 50
    assert len(back.block) == len(rec.block)
    assert np.allclose(back.block.acc, rec.block.acc, atol=1e-3)
    assert np.allclose(back.block.t, rec.block.t, atol=1e-4)
    t2 = load_truth(tmp_path / "thigh-squat.truth.json")
    assert isinstance(t2, Truth) and t2.total_reps == truth.total_reps
    assert t2.reps[0].lockout_t == pytest.approx(truth.reps[0].lockout_t, abs=1e-4)


def test_truth_spec_regenerates_the_recording():
    from repcount.sim import SessionSpec as S

    rec, truth = simulate_session(SessionSpec(exercise="deadlift", placement="chest", rate_hz=25, seed=21, nuisance=None, range_g=2.0))
    again, _ = simulate_session(S.from_dict(Truth.from_dict(truth.to_dict()).spec))
    assert np.array_equal(rec.block.acc, again.block.acc) and np.array_equal(rec.block.t, again.block.t)
