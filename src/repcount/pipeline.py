"""One core for live and replay: blocks of samples in, events out to every sink.

A replay is this pipeline fed from a file; a live session is this pipeline fed from
BLE notifications. Nothing here knows where the samples came from.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from .engine import Engine
from .events import Event, SessionSummary
from .samples import SampleBlock
from .sinks import Sink


class Pipeline:
    """Push blocks in with :meth:`push`; call :meth:`finish` once at the end."""

    def __init__(self, engine: Engine, sinks: Sequence[Sink] = (), on_event: Callable[[Event], None] | None = None) -> None:
        self.engine = engine
        self.sinks = list(sinks)
        self.on_event = on_event
        self.events: list[Event] = []
        self.session: SessionSummary | None = None

    def _dispatch(self, events: list[Event]) -> list[Event]:
        for ev in events:
            self.events.append(ev)
            if self.on_event is not None:
                self.on_event(ev)
            for sink in self.sinks:
                sink.emit(ev)
            if isinstance(ev, SessionSummary):
                self.session = ev
        return events

    def push(self, block: SampleBlock) -> list[Event]:
        if len(block) == 0:
            return []
        return self._dispatch(self.engine.feed(block.t, block.acc, block.gyro))

    def finish(self) -> SessionSummary:
        if self.session is None:
            self._dispatch(self.engine.finish())
        assert self.session is not None
        return self.session

    def close_sinks(self) -> list[str]:
        """Close every sink; return their one-line reports (e.g. dropped counts)."""
        reports = []
        for sink in self.sinks:
            r = sink.close()
            if r:
                reports.append(r)
        return reports


def run(blocks: Iterable[SampleBlock], engine: Engine, sinks: Sequence[Sink] = (), on_event: Callable[[Event], None] | None = None) -> Pipeline:
    """Run the pipeline over an iterable of blocks to the end; return it (events, session)."""
    p = Pipeline(engine, sinks, on_event)
    for block in blocks:
        p.push(block)
    p.finish()
    return p
