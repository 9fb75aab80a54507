"""Simulated recordings written in other apps' formats load back through the importers."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from repcount.cli import cli
from repcount.importers import load
from repcount.sim import SessionSpec, load_truth, simulate_session
from repcount.sim.corpus import random_spec
from repcount.sim.export import export


@pytest.mark.parametrize("fmt,name,tol", [("metabase", "s_Accelerometer_50.000Hz_1.4.4.csv", 1e-3), ("metabase5", "mb5.csv", 1e-4), ("polar", "h10_ACC.txt", 1e-3)])
def test_exports_load_back(tmp_path, fmt, name, tol):
    rec, _ = simulate_session(SessionSpec(rate_hz=50, n_sets=1, reps=2, seed=3))
    path = export(tmp_path / name, rec, fmt)
    back = load(str(path))
    assert len(back.block) == len(rec.block)
    assert np.allclose(back.block.acc, rec.block.acc, atol=tol + 1e-9)
    # timestamps keep their jitter to the ms (MetaBase) or ns (Polar)
    assert np.allclose(back.block.t - back.block.t[0], rec.block.t, atol=1.1e-3)
    assert back.meta.get("start_time", "").startswith("2026-03-02T18:00")


def test_cli_sim_one_and_corpus(tmp_path):
    r = CliRunner().invoke(cli, ["sim", "-e", "deadlift", "-p", "thigh", "--rate", "12.5", "--reps", "3,2", "--clean", "-o", str(tmp_path / "dl.csv")])
    assert r.exit_code == 0, r.output
    truth = load_truth(tmp_path / "dl.truth.json")
    assert [len(s.reps) for s in truth.sets] == [3, 2] and truth.rate_hz == 12.5 and not truth.noise
    assert load(str(tmp_path / "dl.csv")).meta["placement"] == "thigh"
    r = CliRunner().invoke(cli, ["sim", "--seed", "7", "--n", "3", "--out", str(tmp_path / "c")])
    assert r.exit_code == 0 and len(list((tmp_path / "c").glob("*.truth.json"))) == 3
    bad = CliRunner().invoke(cli, ["sim", "--reps", "x", "-o", str(tmp_path / "x.csv")])
    assert bad.exit_code == 1 and "--reps" in bad.output and "Traceback" not in bad.output


def test_corpus_specs_cover_the_space():
    specs = [random_spec(7, i) for i in range(200)]
    assert {s.placement for s in specs} == {"bar", "wrist", "chest", "thigh"}
    assert {s.exercise for s in specs} == {"squat", "deadlift"}
    assert {s.rate_hz for s in specs} >= {12.5, 25.0, 50.0, 100.0, 200.0}
    assert any(not s.noise for s in specs) and any(s.range_g == 2.0 for s in specs)
    nuis = {n for s in specs for n in s.nuisance_list()}
    assert {"unrack", "walkout", "walkin", "rerack", "setup", "walkaway", "fidget", "walk", "sit", "partial", "failed", "breathing"} <= nuis
    assert random_spec(7, 5) == random_spec(7, 5) and random_spec(7, 5) != random_spec(8, 5)
