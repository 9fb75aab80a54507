"""A bar squat's grind dropped in STALL, told from a failed rep by what follows (engine/grind.py)."""

from repcount.engine.config import DEFAULT
from repcount.engine.grind import Grind

DT = 1.0 / DEFAULT.grid_hz
CAND = (10.0, 11.0, 11.2, 0.6)


def _feed(g: Grind, stretches, t0: float = 12.0, n_reps: int = 5):
    """Feed (seconds, velocity profile or None for a rest) stretches; velocities are
    sampled per grid step. Returns the first proof (candidate, lockout) or None."""
    t = t0
    for dur, f in stretches:
        n = int(round(dur / DT))
        for k in range(n):
            if f is None:
                out = g.step(t, 0.0, k + 5, n_reps, False)  # a rest (5 still samples at its onset)
            else:
                out = g.step(t, f(k / n), 0, n_reps, False)
            if out is not None:
                return out
            t += DT
    return None


def _lobe(peak: float, back: float = 0.0):
    """A velocity that falls to -peak at mid-stretch and ends at -back (a tail:
    back = peak; a rebound: back ~ 0)."""
    return lambda x: -peak * (2 * x) if x < 0.5 else -peak + (peak - back) * (2 * x - 1)


def test_a_grind_tail_then_a_walk_in_counts():
    g = Grind(DEFAULT, DT)
    g.start(12.0, CAND, 0.3, 5)
    out = _feed(g, [(1.0, _lobe(0.22, 0.0)), (0.2, None),      # a second sticking region
                    (1.2, lambda x: -0.28 * min(1.0, 3 * x)), (0.6, None),  # the tail: lockout
                    (0.5, lambda x: 0.08 if x < 0.5 else -0.06), (0.5, None)])  # the walk-in
    assert out is not None and out[0] == CAND
    # the stillness after the tail began: the rest starts at 14.4 s, 5 still samples in
    assert abs(out[1] - (14.4 - 5 * DT)) < 1e-6


def test_a_failed_rep_sinking_onto_the_pins_is_forgotten():
    g = Grind(DEFAULT, DT)
    g.start(12.0, CAND, 0.3, 5)
    out = _feed(g, [(0.9, lambda x: -0.15 * min(1.0, 3 * x)), (0.3, None),  # into the stall
                    (1.0, _lobe(0.35, 0.0)), (0.4, None),                  # sinks onto the pins
                    (6.0, None)])                                          # the bar lies there
    assert out is None and g.cand is None


def test_a_rep_counted_meanwhile_or_a_gap_forgets_it():
    g = Grind(DEFAULT, DT)
    g.start(12.0, CAND, 0.3, 5)
    assert _feed(g, [(0.5, lambda x: -0.1)], n_reps=6) is None and g.cand is None
    g.start(12.0, CAND, 0.3, 5)
    assert g.step(12.1, -0.1, 0, 5, True) is None and g.cand is None
