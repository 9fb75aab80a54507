"""Replay: the live pipeline fed from a file."""

from __future__ import annotations

import time
from typing import Callable, Sequence

from .engine import Engine
from .events import Event
from .pipeline import Pipeline
from .recording import Recording
from .samples import chunks
from .sinks import Sink

# Replays feed the engine in blocks about the size of a few BLE notifications; the
# events do not depend on it (the engine is chunk-invariant), only the pacing does.
BLOCK_SAMPLES = 64


def replay_recording(
    rec: Recording,
    *,
    exercise: str = "auto",
    placement: str | None = None,
    sinks: Sequence[Sink] = (),
    speed: float | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> Pipeline:
    """Run the counting pipeline over a loaded recording.

    ``speed`` paces the replay (1.0 = real time); ``None`` runs as fast as possible.
    """
    engine = Engine(exercise=exercise, placement=placement or rec.meta.get("placement"))
    p = Pipeline(engine, sinks, on_event)
    t0_wall = time.monotonic()
    t0 = float(rec.block.t[0]) if len(rec.block) else 0.0
    for blk in chunks(rec.block, BLOCK_SAMPLES):
        if speed:
            due = t0_wall + (float(blk.t[-1]) - t0) / speed
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        p.push(blk)
    p.finish()
    return p
