"""Shared helpers for the engine tests."""

from __future__ import annotations

from repcount.engine import Engine


def events_in_chunks(s, sizes, placement=None):
    """Feed the synthetic session ``s`` (``.t``, ``.acc``) to a fresh auto Engine in
    blocks cycling through ``sizes``; return the events as JSON-contract dicts."""
    e = Engine("auto", placement)
    out = []
    i = k = 0
    while i < len(s.t):
        n = sizes[k % len(sizes)]
        out += e.feed(s.t[i:i + n], s.acc[i:i + n])
        i += n
        k += 1
    out += e.finish()
    return [x.to_dict() for x in out]


def corpus_session(seed: int, index: int):
    """Session ``index`` of the corpus ``repcount sim --seed seed`` (regenerated from its
    spec), run through a fresh Engine as ``repcount eval`` runs it (auto exercise, no
    placement hint); return (events, truth)."""
    from repcount.sim import simulate_session
    from repcount.sim.corpus import random_spec

    rec, truth = simulate_session(random_spec(seed, index))
    e = Engine("auto", None)
    return e.feed(rec.block.t, rec.block.acc) + e.finish(), truth
