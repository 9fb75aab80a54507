"""repcount's own recording format (docs/recording-format.md).

PLACEHOLDER API, implemented by the recording/importers work:

- ``Recording``: samples plus metadata and markers (gaps, reconnects).
- ``RecordingWriter(path, meta)``: append while streaming, flushed at least once a second.
- ``read_recording(path) -> Recording``: tolerant of a crash (last partial row dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .samples import SampleBlock


@dataclass
class Recording:
    """A recording loaded into memory, whatever file format it came from.

    ``block.t`` is seconds from the first sample. ``meta`` holds at least ``format``
    (the source format name), and where known ``sensor``, ``profile``, ``rate_hz``,
    ``placement``, ``start_time`` (ISO 8601 UTC of t=0), ``units`` ("g").
    ``markers`` are dicts such as ``{"type": "gap", "t": 12.3, "duration_s": 4.0}``.
    """

    path: str
    block: SampleBlock
    meta: dict[str, Any] = field(default_factory=dict)
    markers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return float(self.block.t[-1] - self.block.t[0]) if len(self.block) else 0.0
