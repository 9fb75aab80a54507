"""Movesense Showcase app (iOS) CSV: ``timestamp,x,y,z``.

Only the first row of each BLE packet carries the sensor's millisecond counter; the
following rows of the packet start with an empty field. Their times are spread evenly up
to the next packet's stamp. Values are taken as m/s^2, unless they already look like g
(median magnitude near 1).
"""

from __future__ import annotations

import numpy as np

from ..errors import InputFileError
from ..recording import Recording
from .common import G, Table, finish


def is_movesense(fields: list[str]) -> bool:
    return [f.lower() for f in fields[:4]] == ["timestamp", "x", "y", "z"]


def load_movesense(path: str, text: str) -> Recording:
    tab = Table(text, path, ",")
    v = tab.numbers_of([0, 1, 2, 3], empty_ok=[0])
    stamp = v[:, 0]
    has = np.flatnonzero(np.isfinite(stamp))
    if not len(has):
        raise InputFileError(path, "no timestamps in the timestamp column")
    t = np.full(len(v), np.nan)
    for k, i in enumerate(has):
        j = has[k + 1] if k + 1 < len(has) else len(v)
        n = j - i
        if k + 1 < len(has):
            dt = (stamp[j] - stamp[i]) / n
        else:  # last packet: the interval of the one before it
            dt = (stamp[i] - stamp[has[k - 1]]) / (i - has[k - 1]) if k > 0 else 0.0
        t[i:j] = stamp[i] + dt * np.arange(n)
    # rows before the first stamp have no time: dropped (counted)
    acc = v[:, 1:4]
    mag = np.nanmedian(np.linalg.norm(acc, axis=1)) if len(acc) else 0.0
    unit = "g" if 0.5 < mag < 2.0 else "m/s^2"
    if unit != "g":
        acc = acc / G
    meta = {"sensor": "Movesense", "source_format": "Movesense Showcase CSV", "source_units": unit}
    return finish(path, "movesense", t / 1000.0, acc, meta=meta, truncated=tab.truncated)
