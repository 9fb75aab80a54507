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
