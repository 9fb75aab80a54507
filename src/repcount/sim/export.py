"""Write simulated recordings in the formats other apps produce, so the importers are
tested on realistic content: MbientLab MetaBase CSV (classic and v5) and Polar Sensor
Logger ``*_ACC.txt``. Layouts follow shared reference "formats-and-loggers", section 1.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from ..recording import Recording

POLAR_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _start(rec: Recording) -> datetime:
    s = str(rec.meta.get("start_time") or "2026-03-02T18:00:00Z").replace("Z", "+00:00")
    d = datetime.fromisoformat(s)
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def _offset_label(minutes: int, colon: bool) -> str:
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}:{m:02d}" if colon else f"{sign}{h:02d}{m:02d}"


def _stamps(start: datetime, t: np.ndarray, tz_minutes: int) -> list[str]:
    local = start + timedelta(minutes=tz_minutes)
    base = local.replace(tzinfo=None)
    out = []
    for x in t:
        d = base + timedelta(seconds=float(x))
        out.append(d.strftime("%Y-%m-%dT%H.%M.%S.") + f"{d.microsecond // 1000:03d}")
    return out


def write_metabase(path: str | Path, rec: Recording, *, v5: bool = False, tz_minutes: int = -480) -> Path:
    """MetaBase CSV: classic (``epoch (ms),time (-08:00),elapsed (s),x-axis (g),...``) or
    MetaBase 5 (``Epoch,Timestamp (-0800),Elapsed (s),X,Y,Z``, epoch in seconds)."""
    start = _start(rec)
    t, a = rec.block.t, rec.block.acc
    epoch_ms = np.round(start.timestamp() * 1000.0 + t * 1000.0).astype(np.int64)
    stamps = _stamps(start, t, tz_minutes)
    lines = []
    if v5:
        lines.append(f"Epoch,Timestamp ({_offset_label(tz_minutes, False)}),Elapsed (s),X,Y,Z")
        for i in range(len(t)):
            lines.append(f"{epoch_ms[i] / 1000:.3f},{stamps[i]},{t[i]:.3f},{a[i, 0]:.4f},{a[i, 1]:.4f},{a[i, 2]:.4f}")
    else:
        lines.append(f"epoch (ms),time ({_offset_label(tz_minutes, True)}),elapsed (s),x-axis (g),y-axis (g),z-axis (g)")
        for i in range(len(t)):
            lines.append(f"{epoch_ms[i]},{stamps[i]},{t[i]:.3f},{a[i, 0]:.3f},{a[i, 1]:.3f},{a[i, 2]:.3f}")
    p = Path(path)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def write_polar_acc(path: str | Path, rec: Recording, *, tz_minutes: int = 60) -> Path:
    """Polar Sensor Logger ``*_ACC.txt``: ``;``-separated, milli-g integers, sensor
    timestamps in ns since 2000-01-01 UTC, the phone's local time first."""
    start = _start(rec)
    t, a = rec.block.t, rec.block.acc
    ns0 = int(round((start - POLAR_EPOCH).total_seconds() * 1e9))
    ns = ns0 + np.round(t * 1e9).astype(np.int64)
    base = (start + timedelta(minutes=tz_minutes)).replace(tzinfo=None)
    mg = np.round(a * 1000.0).astype(np.int64)
    lines = ["Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]"]
    for i in range(len(t)):
        # the phone stamps packets a few ms after the sensor did
        d = base + timedelta(seconds=float(t[i]) + 0.031)
        phone = d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}"
        lines.append(f"{phone};{ns[i]};{mg[i, 0]};{mg[i, 1]};{mg[i, 2]}")
    p = Path(path)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


EXPORT_FORMATS = {
    "repcount": ".csv",
    "metabase": ".csv",
    "metabase5": ".csv",
    "polar": "_ACC.txt",
}


def export(path: str | Path, rec: Recording, fmt: str) -> Path:
    """Write ``rec`` at ``path`` in ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    if fmt == "repcount":
        from ..recording import write_recording

        write_recording(str(path), rec)
        return Path(path)
    if fmt == "metabase":
        return write_metabase(path, rec)
    if fmt == "metabase5":
        return write_metabase(path, rec, v5=True)
    if fmt == "polar":
        return write_polar_acc(path, rec)
    raise ValueError(f"unknown export format {fmt!r}; choose from {sorted(EXPORT_FORMATS)}")
