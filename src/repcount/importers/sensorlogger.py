"""Sensor Logger (Android/iOS) exports: a folder or zip, or one of its CSV files.

Every file has ``time,seconds_elapsed,z,y,x`` (note the order); ``time`` is Unix
nanoseconds UTC, values in m/s^2. ``TotalAcceleration.csv`` includes gravity (Android);
``Accelerometer.csv`` excludes it, and ``Gravity.csv`` holds the gravity the phone
removed. Preference: TotalAcceleration; else Accelerometer + Gravity; else Accelerometer
alone with a nominal 1 g added (see :func:`.common.linear_to_total`), with a warning.

iOS reports axes with the opposite sign to Android unless the app's "Standardise" option
was on; when ``Metadata.csv`` says the platform is iOS and standardisation was off, the
values are negated so that at rest the vertical reads +1 g as everywhere else.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..errors import InputFileError
from ..recording import Recording
from .common import G, Source, Table, finish, relative_ticks, first_lines, linear_to_total, split_fields


def is_sensorlogger(fields: list[str]) -> bool:
    low = [f.lower() for f in fields]
    return len(low) >= 5 and low[0] == "time" and low[1] == "seconds_elapsed" and {"x", "y", "z"} <= set(low)


def _read(path: str, text: str) -> tuple[np.ndarray, float, np.ndarray, bool]:
    """(seconds from the file's first stamp, that stamp as Unix seconds, acc in g, truncated)."""
    tab = Table(text, path, ",")
    cols = [tab.column("time"), tab.column("x"), tab.column("y"), tab.column("z")]
    v = tab.numbers_of(cols)
    # ns since 1970 do not fit a float64 exactly: intervals are taken as integers first
    rel, t0 = relative_ticks(tab, cols[0], 1e9)
    return rel, (t0 or 0.0), v[:, 1:4] / G, tab.truncated


def _ios_unstandardised(meta_csv: str | None) -> bool:
    if not meta_csv:
        return False
    lines = first_lines(meta_csv, 2)
    if len(lines) < 2:
        return False
    head = [h.lower() for h in split_fields(lines[0], ",")]
    vals = [v.lower() for v in split_fields(lines[1], ",")]
    row = dict(zip(head, vals))
    platform = next((v for k, v in row.items() if "platform" in k), "")
    std = next((v for k, v in row.items() if "standardi" in k), None)
    return platform.startswith("ios") and std is not None and std in ("false", "0", "no", "off")


def load_single(path: str, text: str) -> Recording:
    """One CSV on its own; which kind it is comes from the name, else from the magnitude."""
    name = os.path.basename(path).lower()
    rel, off, acc, trunc = _read(path, text)
    if name.startswith("gravity"):
        raise InputFileError(path, "Sensor Logger Gravity.csv holds gravity only; give TotalAcceleration.csv or the session folder/zip")
    if name.startswith("totalacceleration"):
        total = True
    elif name.startswith("accelerometer"):
        total = False
    else:
        mag = np.nanmedian(np.linalg.norm(acc, axis=1)) if len(acc) else 0.0
        total = bool(mag > 0.4)
    return _finish(path, rel, off, acc, total, trunc, None)


def load_source(src: Source) -> Recording:
    total_n = src.find("TotalAcceleration.csv")
    acc_n = src.find("Accelerometer.csv")
    grav_n = src.find("Gravity.csv")
    meta_n = src.find("Metadata.csv")
    meta_csv = src.text(meta_n) if meta_n else None
    if total_n:
        rel, off, acc, trunc = _read(src.display(total_n), src.text(total_n))
        rec = _finish(src.path, rel, off, acc, True, trunc, meta_csv, used=total_n)
    elif acc_n:
        rel, off, acc, trunc = _read(src.display(acc_n), src.text(acc_n))
        if grav_n:
            grel, goff, grav, _ = _read(src.display(grav_n), src.text(grav_n))
            gns = grel + (goff - off)  # on the accelerometer file's clock
            ok = np.isfinite(gns) & np.isfinite(grav).all(axis=1)
            gns, grav = gns[ok], grav[ok]
            order = np.argsort(gns, kind="stable")
            gns, grav = gns[order], grav[order]
            if len(gns) >= 2:
                # gravity is slow: linear interpolation onto the accelerometer's times is exact enough
                gi = np.column_stack([np.interp(rel, gns, grav[:, k]) for k in range(3)])
                rec = _finish(src.path, rel, off, acc + gi, True, trunc, meta_csv, used=f"{acc_n} + {grav_n}")
                return rec
        rec = _finish(src.path, rel, off, acc, False, trunc, meta_csv, used=acc_n)
    else:
        raise InputFileError(src.path, "Sensor Logger export without TotalAcceleration.csv or Accelerometer.csv")
    return rec


def _finish(path: str, rel: np.ndarray, off: float, acc: np.ndarray, total: bool, trunc: bool, meta_csv: str | None, used: str | None = None) -> Recording:
    meta: dict[str, Any] = {"source_format": "Sensor Logger CSV", "sensor": "phone (Sensor Logger)"}
    if used:
        meta["source_files"] = used
    if _ios_unstandardised(meta_csv):
        acc = -acc
        meta["axes_negated"] = "iOS export without standardisation"
    if not total:
        ok = np.isfinite(acc).all(axis=1)
        acc = acc.copy()
        acc[ok], axis = linear_to_total(acc[ok])
        meta["gravity"] = "added"
        meta["gravity_axis"] = axis
    return finish(path, "sensor-logger", rel, acc, meta=meta, start_unix=off, truncated=trunc)
