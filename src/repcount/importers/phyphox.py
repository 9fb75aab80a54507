"""phyphox CSV export: a zip (or the unpacked folder, or just ``Raw Data.csv``).

``Raw Data.csv`` has quoted headers ``"Time (s)","Acceleration x (m/s^2)",...`` (the
"with g" experiment: gravity included) or ``"Linear Acceleration x (m/s^2)"`` (the
"without g" experiment: gravity removed by the phone). Five variants: ``,`` with ``.``
decimals; tab or ``;`` with ``.``; tab or ``;`` with ``,`` decimals. ``meta/time.csv``
maps the START event to Unix time.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputFileError
from ..recording import Recording
from .common import G, Source, Table, finish, first_lines, linear_to_total, sniff_sep, split_fields


def is_phyphox(fields: list[str]) -> bool:
    low = [f.lower() for f in fields]
    return bool(low) and low[0].startswith("time (s)")


def _decimal(tab: Table) -> str:
    if tab.sep == ",":
        return "."
    for ln in tab.rows[:20]:
        if "," in ln:
            return ","
    return "."


def load_phyphox_text(path: str, text: str, time_csv: str | None = None) -> Recording:
    lines = first_lines(text, 1)
    if not lines:
        raise InputFileError(path, "empty file")
    sep = sniff_sep(lines[0])
    tab = Table(text, path, sep)
    dec = _decimal(tab)
    low = [h.lower() for h in tab.header]
    meta: dict[str, Any] = {"source_format": "phyphox CSV", "sensor": "phone (phyphox)",
                            "separator": {"\t": "tab"}.get(sep, sep), "decimal": dec}
    if any(h.startswith("acceleration x") for h in low):
        names, linear = ("acceleration x", "acceleration y", "acceleration z"), False
    elif any(h.startswith("linear acceleration x") for h in low):
        names, linear = ("linear acceleration x", "linear acceleration y", "linear acceleration z"), True
    else:
        raise InputFileError(path, f"phyphox file without acceleration (columns: {', '.join(tab.header)})", 1)
    cols = [tab.column("time (s)")] + [tab.column(n) for n in names]
    # phyphox leaves a cell empty where one sensor has fewer samples than another
    v = tab.numbers_of(cols, decimal=dec, empty_ok=cols)
    unit = tab.header[cols[1]]
    acc = v[:, 1:4]
    if "m/s" in unit:
        acc = acc / G
    t = v[:, 0]
    if linear:
        ok = np.isfinite(acc).all(axis=1)
        acc_ok, axis = linear_to_total(acc[ok])
        acc[ok] = acc_ok
        meta["gravity"] = "added"
        meta["gravity_axis"] = axis
    start = _start_unix(time_csv, dec) if time_csv else None
    return finish(path, "phyphox", t, acc, meta=meta, start_unix=start, truncated=tab.truncated)


def _start_unix(text: str, dec: str) -> float | None:
    """Unix time of experiment time 0 from meta/time.csv (START row), or None."""
    lines = first_lines(text, 50)
    if not lines:
        return None
    sep = sniff_sep(lines[0])
    head = [h.lower() for h in split_fields(lines[0], sep)]
    try:
        i_exp = next(i for i, h in enumerate(head) if h.startswith("experiment time"))
        i_sys = next(i for i, h in enumerate(head) if h.startswith("system time") and "text" not in h)
    except StopIteration:
        return None
    for ln in lines[1:]:
        f = split_fields(ln, sep)
        if f and f[0].upper() == "START" and len(f) > max(i_exp, i_sys):
            try:
                exp = float(f[i_exp].replace(dec, ".") if dec != "." else f[i_exp])
                sys_t = float(f[i_sys].replace(dec, ".") if dec != "." else f[i_sys])
            except ValueError:
                return None
            return sys_t - exp
    return None


def load_phyphox_source(src: Source, raw_name: str) -> Recording:
    time_name = None
    for n in src.names():
        if n.replace("\\", "/").lower().endswith("meta/time.csv"):
            time_name = n
            break
    time_csv = src.text(time_name) if time_name else None
    rec = load_phyphox_text(src.display(raw_name), src.text(raw_name), time_csv)
    rec.path = src.path
    return rec
