"""MbientLab MetaBase CSV exports: the classic app and MetaBase 5.

Classic: ``epoch (ms),time (-13:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)`` (a
variant spells ``epoc (ms)``; the time header carries the UTC offset). One file per
sensor, named like ``Session_Accelerometer_12.500Hz_1.4.4.csv``; a gyroscope file from
the same session (``x-axis (deg/s)``) beside it is merged in when present.

MetaBase 5: ``Epoch[,Timestamp (-0800)][,Elapsed (s)],X,Y,Z``, epoch in seconds with decimals.
"""

from __future__ import annotations

import os

import numpy as np

from ..errors import InputFileError
from ..recording import Recording
from .common import Table, finish, relative_ticks


def is_classic(fields: list[str]) -> bool:
    low = [f.lower() for f in fields]
    return bool(low) and low[0] in ("epoch (ms)", "epoc (ms)") and any(f.startswith("x-axis") for f in low)


def is_v5(fields: list[str]) -> bool:
    low = [f.lower() for f in fields]
    return bool(low) and low[0] == "epoch" and low[-3:] == ["x", "y", "z"]


def load_classic(path: str, text: str) -> Recording:
    tab = Table(text, path, ",")
    low = [h.lower() for h in tab.header]
    if any("deg/s" in h for h in low):
        raise InputFileError(path, "a MetaBase gyroscope file; give the accelerometer file (the gyroscope file beside it is read too)", 1)
    if not any(h.startswith("x-axis (g)") for h in low):
        raise InputFileError(path, f"MetaBase file without acceleration in g (columns: {', '.join(tab.header)})", 1)
    cols = [0, tab.column("x-axis"), tab.column("y-axis"), tab.column("z-axis")]
    v = tab.numbers_of(cols)
    epoch_ms = v[:, 0]
    rel, t0 = relative_ticks(tab, 0, 1000.0)
    meta = {"sensor": "MbientLab MetaWear", "source_format": "MetaBase classic CSV"}
    tz = next((h for h in tab.header if h.lower().startswith("time (")), None)
    if tz:
        meta["utc_offset"] = tz[tz.index("(") + 1 : tz.rindex(")")] if ")" in tz else None
    gyro = _sibling_gyro(path, epoch_ms)
    if gyro is not None:
        meta["gyro_source"] = os.path.basename(gyro[1])
    return finish(path, "metabase", rel, v[:, 1:4], None if gyro is None else gyro[0],
                  meta=meta, start_unix=t0, truncated=tab.truncated)


def _sibling_gyro(path: str, epoch_ms: np.ndarray) -> tuple[np.ndarray, str] | None:
    """The gyroscope file of the same MetaBase session, resampled onto the accelerometer times."""
    base = os.path.basename(path)
    if "_Accelerometer_" not in base or len(epoch_ms) < 2:
        return None
    prefix = base.split("_Accelerometer_")[0] + "_Gyroscope_"
    folder = os.path.dirname(path) or "."
    try:
        cands = sorted(f for f in os.listdir(folder) if f.startswith(prefix) and f.lower().endswith(".csv"))
    except OSError:
        return None
    if not cands:
        return None
    gpath = os.path.join(folder, cands[0])
    with open(gpath, "rb") as f:
        from .common import decode_text

        gtab = Table(decode_text(f.read(), gpath), gpath, ",")
    if not any("deg/s" in h.lower() for h in gtab.header):
        return None
    g = gtab.numbers_of([0, gtab.column("x-axis"), gtab.column("y-axis"), gtab.column("z-axis")])
    g = g[np.isfinite(g).all(axis=1)]
    g = g[np.argsort(g[:, 0], kind="stable")]
    if len(g) < 2:
        return None
    # Outside the gyroscope's time span there is no gyro: NaN (kept; acc is what counts).
    out = np.column_stack([np.interp(epoch_ms, g[:, 0], g[:, k], left=np.nan, right=np.nan) for k in (1, 2, 3)])
    return out, gpath


def load_v5(path: str, text: str) -> Recording:
    tab = Table(text, path, ",")
    n = len(tab.header)
    v = tab.numbers_of([0, n - 3, n - 2, n - 1])
    finite = v[np.isfinite(v[:, 0]), 0]
    start = float(finite.min()) if len(finite) else None
    meta = {"sensor": "MbientLab MetaWear", "source_format": "MetaBase 5 CSV"}
    ts = next((h for h in tab.header if h.lower().startswith("timestamp (")), None)
    if ts and ")" in ts:
        meta["utc_offset"] = ts[ts.index("(") + 1 : ts.rindex(")")]
    return finish(path, "metabase5", v[:, 0] - (start or 0.0), v[:, 1:4], meta=meta, start_unix=start, truncated=tab.truncated)
