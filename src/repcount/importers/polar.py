"""Polar Sensor Logger ``*_ACC.txt``.

``Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]``: ``;``-separated, milli-g,
gravity included; the sensor timestamp counts nanoseconds since 2000-01-01T00:00:00 UTC
(the Polar epoch).
"""

from __future__ import annotations

from ..errors import InputFileError
from ..recording import Recording
from .common import Table, finish, relative_ticks

POLAR_EPOCH_UNIX = 946684800  # 2000-01-01T00:00:00Z in Unix seconds


def is_polar(fields: list[str]) -> bool:
    return any(f.lower().startswith("sensor timestamp") for f in fields)


def load_polar(path: str, text: str) -> Recording:
    tab = Table(text, path, ";")
    low = [h.lower() for h in tab.header]
    if not any(h.startswith("x [mg]") for h in low):
        kind = "ECG" if any("ecg" in h for h in low) else "this"
        raise InputFileError(path, f"Polar Sensor Logger {kind} file has no acceleration (X [mg]); give the *_ACC.txt file", 1)
    ts = tab.column("sensor timestamp")
    cols = [tab.column("x [mg]"), tab.column("y [mg]"), tab.column("z [mg]")]
    v = tab.numbers_of([ts] + cols)
    # ~7e17 ns does not fit a float64 exactly: intervals are taken as integers first.
    t, t0 = relative_ticks(tab, ts, 1e9)
    meta = {"sensor": "Polar (Polar Sensor Logger)", "source_format": "Polar Sensor Logger ACC"}
    return finish(path, "polar-sensor-logger", t, v[:, 1:4] / 1000.0, meta=meta,
                  start_unix=None if t0 is None else POLAR_EPOCH_UNIX + t0, truncated=tab.truncated)
