"""Per-rep CSV table (``replay --format csv``): one row per rep, a header first."""

from __future__ import annotations

import csv
from typing import IO

from ..events import Event, Rep

COLUMNS = ["set", "rep", "exercise", "t_start", "t_end", "eccentric_s", "pause_s", "concentric_s", "tut_s", "mcv_mps", "rom_m", "emitted_t"]


class RepCsvSink:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.w = csv.writer(out, lineterminator="\n")
        self.w.writerow(COLUMNS)

    def emit(self, event: Event) -> None:
        if isinstance(event, Rep):
            d = event.to_dict()
            self.w.writerow(["" if d[c] is None else d[c] for c in COLUMNS])
            self.out.flush()

    def close(self) -> str | None:
        return None
