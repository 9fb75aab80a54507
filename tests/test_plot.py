"""Session pictures: the vertical signal, reps, phases; written as PNG with Agg."""

from __future__ import annotations

import numpy as np
import pytest

from repcount.events import Rep
from repcount.plot import plot_session, rep_phases, vertical_acceleration
from repcount.recording import Recording
from repcount.samples import SampleBlock
from sinks_support import synthetic_session


def _png_size(path) -> tuple[int, int]:
    data = open(path, "rb").read(24)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_vertical_acceleration_recovers_the_lift_from_a_tilted_sensor():
    rec, _ = synthetic_session(sets=((3, 5.0),))
    t, acc = rec.block.t, rec.block.acc
    true = acc[:, 2] / np.cos(np.deg2rad(8.0)) - 1.0  # what the sensor made along gravity
    v = vertical_acceleration(t, acc)
    assert np.corrcoef(v, true)[0, 1] > 0.95
    assert abs(np.median(v)) < 0.01  # gravity removed


def test_phases_follow_the_lift():
    kw = dict(set=1, rep=1, t_start=10.0, t_end=13.0, eccentric_s=1.0, pause_s=0.5, concentric_s=1.5, tut_s=3.0, mcv_mps=None, rom_m=None, emitted_t=13.1)
    assert rep_phases(Rep(exercise="squat", **kw)) == [("eccentric", 10.0, 11.0), ("pause", 11.0, 11.5), ("concentric", 11.5, 13.0)]
    assert rep_phases(Rep(exercise="deadlift", **kw)) == [("concentric", 10.0, 11.5), ("pause", 11.5, 12.0), ("eccentric", 12.0, 13.0)]
    assert [p for p, _, _ in rep_phases(Rep(exercise="squat", **{**kw, "pause_s": 0.0}))] == ["eccentric", "concentric"]


@pytest.mark.parametrize("sets,rows", [(((5, 10.0), (4, 60.0), (3, 110.0)), 1), (((5, 10.0),), 1), (tuple((3, 10.0 + 30 * i) for i in range(5)), 2)])
def test_plot_writes_a_png_with_one_panel_row_per_three_sets(tmp_path, sets, rows):
    rec, events = synthetic_session(sets=sets)
    out = tmp_path / "s.png"
    assert plot_session(rec, events, str(out)) == str(out)
    w, h = _png_size(out)
    assert w == 1300 and h == round(100 * (3.2 + 3.0 * rows))
    assert out.stat().st_size < 300_000


def test_plot_without_reps_or_samples(tmp_path):
    rec, _ = synthetic_session(sets=((2, 5.0),))
    plot_session(rec, [], str(tmp_path / "none.png"))
    assert _png_size(tmp_path / "none.png") == (1300, 320)
    empty = Recording(path="e.csv", block=SampleBlock(np.zeros(0), np.zeros((0, 3))))
    plot_session(empty, [], str(tmp_path / "empty.png"))
    assert (tmp_path / "empty.png").stat().st_size > 0
