"""Engine peak memory over 30 min vs 2 h of 100 Hz samples (must be flat).

    python benchmarks/engine_memory.py

Uses tracemalloc around the engine only; the input is generated block by block, so the
stream itself is never held in memory. Events are counted and dropped (a sink's job).
"""

from __future__ import annotations

import os
import sys
import tracemalloc

sys.path.insert(0, os.path.dirname(__file__))
from _engine_source import base_session, stream  # noqa: E402

from repcount.engine import Engine  # noqa: E402


def peak_kib(duration_s: float) -> tuple[float, int]:
    base = base_session()  # generated outside the measurement
    gen = stream(duration_s, base=base)
    e = Engine("auto", None)
    tracemalloc.start()
    tracemalloc.reset_peak()
    n_events = 0
    for t, acc in gen:
        n_events += len(e.feed(t, acc))
    # finish() returns the session summary, which holds one object per set: that part is
    # O(sets), not O(samples), and is reported separately.
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n_events += len(e.finish())
    return peak / 1024, n_events


def main() -> None:
    for label, dur in (("30 min", 1800.0), ("2 h", 7200.0)):
        kib, n = peak_kib(dur)
        print(f"{label:>6}: peak {kib:8.1f} KiB traced during feed ({n} events)")


if __name__ == "__main__":
    main()
