"""A squat whose ascent integrated as more descent, told from a failed rep's sink by the
rest that ends the movement that went too deep (engine/deep.py)."""

from repcount.engine.config import DEFAULT
from repcount.engine.deep import Deep

DT = 1.0 / DEFAULT.grid_hz
CAND = (10.0, 11.0, 11.3, 0.6)  # (t_out0, t_out1, t_ret0, descent in m)
Y_BOT = 0.6  # the bottom's height, down positive


def _feed(d: Deep, stretches, t0: float = 12.0, n_reps: int = 5):
    """Feed (seconds, velocity profile or None for a rest) stretches; the height follows
    the velocity (up positive, height down positive). Returns the first lockout or None."""
    t, y = t0, Y_BOT
    for dur, f in stretches:
        n = int(round(dur / DT))
        for k in range(n):
            v = 0.0 if f is None else f(k / n)
            y -= v * DT
            out = d.step(t, y, v, k + 18 if f is None else 0, n_reps, False)
            if out is not None:
                return out
            t += DT
    return None


def test_a_phantom_descent_ending_at_a_plateau_counts():
    d = Deep(DEFAULT, DT)
    d.hold(12.0, CAND, Y_BOT, 5, None, 1.0)
    # the ascent read as a ramp down into a 0.4 m/s plateau, 0.5 m below the bottom,
    # then standing still: the reset removes the whole plateau
    out = _feed(d, [(1.0, lambda x: -0.4 * x), (0.8, lambda x: -0.4), (0.5, None)])
    assert out is not None
    # the rest begins at 13.8 s, its onset sample reports 18 still samples
    assert abs(out - (13.8 - 18 * DT)) < 1e-6


def test_a_sink_onto_the_pins_decelerates_and_is_forgotten():
    d = Deep(DEFAULT, DT)
    d.hold(12.0, CAND, Y_BOT, 5, None, 1.0)
    # a fast drop (0.8 m/s peak) that stops: only the drift (0.2 m/s) is left at the rest
    out = _feed(d, [(1.2, lambda x: -0.8 * (2 * x) if x < 0.5 else -0.8 + 0.6 * (2 * x - 1)), (0.5, None)])
    assert out is None and d.cand is None


def test_not_deep_enough_a_rep_meanwhile_or_a_gap_decides_nothing():
    d = Deep(DEFAULT, DT)
    d.hold(12.0, CAND, Y_BOT, 5, None, 1.0)
    # a few cm below the bottom (the pins), still "moving" at the rest: no squat goes
    # there, but nor is this deeper than the pins
    assert _feed(d, [(0.4, lambda x: -0.2), (0.5, None)]) is None and d.cand is not None
    assert _feed(d, [(0.5, lambda x: -0.1)], n_reps=6) is None and d.cand is None
    d.hold(12.0, CAND, Y_BOT, 5, None, 1.0)
    assert d.step(12.1, Y_BOT, -0.1, 0, 5, True) is None and d.cand is None
