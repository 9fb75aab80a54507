"""The body model and the published ranges the simulator is built to (docs/simulator.md)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from repcount.sim import SessionSpec, simulate_session, simulate_world
from repcount.sim.corpus import random_spec
from repcount.sim.timeline import FS


def _tilt_deg(R: np.ndarray) -> np.ndarray:
    """Angle between the segment's z axis and the vertical, degrees."""
    return np.degrees(np.arccos(np.clip(R[:, 2, 2], -1, 1)))


def _rep_slice(world, rep):
    return slice(int(rep.t_start * FS), int(rep.t_end * FS))


@pytest.mark.parametrize("exercise", ["squat", "deadlift"])
def test_chest_tilts_tens_of_degrees_and_travels_less_than_the_bar(exercise):
    world, truth = simulate_world(SessionSpec(exercise=exercise, placement="chest", seed=2, noise=False, n_sets=1, reps=3))
    for rep in truth.reps:
        sl = _rep_slice(world, rep)
        tilt = _tilt_deg(world.R_seg[sl])
        assert 15 <= tilt.max() - tilt.min() <= 70
        chest_travel = np.ptp(world.pos[sl, 2])
        bar_travel = np.ptp(world.bar[sl, 2])
        assert 0.3 * bar_travel < chest_travel < bar_travel


def test_thigh_rotates_from_vertical_towards_horizontal_in_a_squat():
    world, truth = simulate_world(SessionSpec(exercise="squat", placement="thigh", seed=3, noise=False, n_sets=1, reps=3))
    for rep in truth.reps:
        tilt = _tilt_deg(world.R_seg[_rep_slice(world, rep)])
        assert tilt.min() < 5 and 75 <= tilt.max() <= 105
        assert np.ptp(world.pos[_rep_slice(world, rep), 2]) < 0.6 * rep.rom_m


def test_wrist_follows_the_bar_with_forearm_rotation():
    world, truth = simulate_world(SessionSpec(exercise="squat", placement="wrist", seed=4, noise=False, n_sets=1, reps=3))
    for rep in truth.reps:
        sl = _rep_slice(world, rep)
        assert np.ptp(world.pos[sl, 2]) == pytest.approx(np.ptp(world.bar[sl, 2]), abs=0.01)
        rel = Rotation.from_matrix(world.R_seg[sl][0].T @ world.R_seg[sl])  # rotation over the rep
        assert np.degrees(rel.magnitude()).max() > 10


def test_gyro_integrates_to_the_true_rotation():
    # from hands at the sides, through gripping the bar, to the first lockout
    spec = SessionSpec(exercise="squat", placement="wrist", rate_hz=200, seed=6, noise=False, n_sets=1, reps=2, gyro=True, nuisance=["unrack", "walkout", "rerack"])
    world, truth = simulate_world(spec)
    rec, _ = simulate_session(spec)
    t, w = rec.block.t, np.radians(rec.block.gyro)
    i0, i1 = np.searchsorted(t, truth.events[0]["t_start"]), np.searchsorted(t, truth.reps[0].t_start + truth.reps[0].eccentric_s)
    R = Rotation.identity()
    for k in range(i0, i1):
        R = R * Rotation.from_rotvec(0.5 * (w[k] + w[k + 1]) * (t[k + 1] - t[k]))  # body-frame rates compose on the right
    Rs = lambda k: world.R_seg[int(round(t[k] * FS))] @ world.mount  # noqa: E731
    true_rel = Rotation.from_matrix(Rs(i0).T @ Rs(i1))
    assert (true_rel.inv() * R).magnitude() < np.radians(3)
    assert true_rel.magnitude() > np.radians(20)  # it did rotate


def test_published_ranges_over_a_corpus():
    roms, mcvs, concs, eccs = [], [], [], []
    from repcount.sim import choreo
    from repcount.sim.session import _STREAM_CHOREO, _rng

    for i in range(40):
        spec = random_spec(11, i)
        _, _, sets = choreo.build(spec, _rng(spec, _STREAM_CHOREO))  # the truth, without the signal
        for r in (r for s in sets for r in s.reps):
            roms.append(r.rom_m)
            mcvs.append(r.mcv_mps)
            concs.append(r.concentric_s)
            eccs.append(r.eccentric_s)
    assert 0.35 <= min(roms) and max(roms) <= 0.75
    assert 0.12 <= min(mcvs) and max(mcvs) <= 1.05
    assert min(mcvs) < 0.35 and max(mcvs) > 0.6  # both grinding reps and light ones occur
    assert max(concs) <= 6.0 and max(concs) > 2.5
    assert 0.5 <= min(eccs) and max(eccs) <= 3.0
