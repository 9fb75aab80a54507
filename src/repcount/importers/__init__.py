"""Importers: detect a recording's format by its content and load it as a Recording.

``load(path)`` accepts a file, a folder or a zip file. Single files are recognised by
their first lines, whatever their name or extension:

- repcount's own format (``# repcount-recording 1``; docs/recording-format.md)
- MbientLab MetaBase CSV, classic (``epoch (ms),...,x-axis (g),...``) and MetaBase 5
  (``Epoch,...,X,Y,Z``)
- Polar Sensor Logger ``*_ACC.txt`` (``...;sensor timestamp [ns];X [mg];...``)
- phyphox ``Raw Data.csv`` (``"Time (s)","Acceleration x (m/s^2)",...``, any of the five
  separator/decimal variants)
- Sensor Logger ``TotalAcceleration.csv`` / ``Accelerometer.csv`` (``time,seconds_elapsed,z,y,x``)
- Movesense Showcase CSV (``timestamp,x,y,z``)

Folders and zips: a phyphox export (``Raw Data.csv`` + ``meta/time.csv``), a Sensor
Logger export, or else exactly one file inside in one of the formats above (several
recordings in one folder are an error naming them, never silently the first).

Every Recording has ``block.t`` in seconds from the first sample, ``acc`` in g with
gravity included (added as a nominal 1 g when the source removed it, see
``meta["gravity"]``), ``meta["format"]``, ``meta["rate_hz"]`` and ``meta["start_time"]``
when the source says when it started. A damaged or unknown file raises
:class:`repcount.errors.InputFileError` naming the file and, where it applies, the line.
"""

from __future__ import annotations

import os

from ..errors import InputFileError
from ..recording import MAGIC, Recording, parse_recording, read_recording
from . import metabase, movesense, phyphox, polar, sensorlogger
from .common import Source, decode_text, first_lines, sniff_sep, split_fields

FORMATS = (
    "repcount recording, MetaBase CSV (classic, v5), Polar Sensor Logger ACC, "
    "phyphox CSV (zip, folder or Raw Data.csv), Sensor Logger (folder, zip or CSV), Movesense CSV"
)


def load(path: str | os.PathLike) -> Recording:
    """Load any supported recording (file, folder or zip), detected by content.

    >>> rec = load("tests/data/importers/polar_ACC.txt")  # doctest: +SKIP
    >>> rec.meta["format"], rec.meta["rate_hz"]  # doctest: +SKIP
    ('polar-sensor-logger', 200.0)
    """
    path = str(path)
    if not os.path.exists(path):
        raise InputFileError(path, "no such file or folder")
    src = Source(path)
    if src.kind == "file":
        try:
            with open(path, "rb") as f:
                if f.read(len(MAGIC) + 3).lstrip(b"\xef\xbb\xbf\r\n ").startswith(MAGIC.encode()):
                    # our own format: read as a stream (memory ~ the arrays, not the text)
                    return read_recording(path)
                f.seek(0)
                raw = f.read()
        except OSError as exc:
            raise InputFileError(path, f"cannot read: {exc.strerror or exc}") from None
        return load_text(path, decode_text(raw, path))
    return _load_container(src)


def detect(text: str) -> str | None:
    """The format name of a file's text, from its first lines; None if unknown."""
    lines = first_lines(text, 3)
    if not lines:
        return None
    head = lines[0]
    if head.startswith(MAGIC):
        return "repcount"
    sep = sniff_sep(head)
    fields = split_fields(head, sep)
    comma = split_fields(head, ",")
    if polar.is_polar(fields):
        return "polar-sensor-logger"
    if metabase.is_classic(comma):
        return "metabase"
    if metabase.is_v5(comma):
        return "metabase5"
    if phyphox.is_phyphox(fields):
        return "phyphox"
    if sensorlogger.is_sensorlogger(comma):
        return "sensor-logger"
    if movesense.is_movesense(comma):
        return "movesense"
    return None


def load_text(path: str, text: str) -> Recording:
    """Load a single file's text (``path`` only names it in messages and in the result)."""
    fmt = detect(text)
    if fmt is None:
        if not text.strip():
            raise InputFileError(path, "empty file")
        first = first_lines(text, 1)[0]
        line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.strip())
        raise InputFileError(path, f"unknown format (first line {first[:50]!r}); repcount reads: {FORMATS}", line)
    if fmt == "repcount":
        return parse_recording(text, path)
    if fmt == "polar-sensor-logger":
        return polar.load_polar(path, text)
    if fmt == "metabase":
        return metabase.load_classic(path, text)
    if fmt == "metabase5":
        return metabase.load_v5(path, text)
    if fmt == "phyphox":
        return phyphox.load_phyphox_text(path, text)
    if fmt == "sensor-logger":
        return sensorlogger.load_single(path, text)
    return movesense.load_movesense(path, text)


def _load_container(src: Source) -> Recording:
    raw = src.find("Raw Data.csv")
    if raw:
        return phyphox.load_phyphox_source(src, raw)
    if src.find("TotalAcceleration.csv") or src.find("Accelerometer.csv"):
        return sensorlogger.load_source(src)
    what = "folder" if src.kind == "dir" else "zip file"
    found = [n for n in src.names() if n.lower().endswith((".csv", ".txt")) and detect(src.head(n))]
    # Files that only accompany a recording (a MetaBase gyroscope file) do not count as one.
    usable = [n for n in found if "deg/s" not in first_lines(src.head(n), 1)[0].lower()]
    if len(usable) > 1:
        shown = ", ".join(os.path.basename(n) for n in usable[:3]) + (", ..." if len(usable) > 3 else "")
        hint = f"; name the files instead, e.g. {os.path.join(src.path, '*.csv')}" if src.kind == "dir" else ""
        raise InputFileError(src.path, f"this {what} holds {len(usable)} recordings ({shown}){hint}")
    if usable or found:
        name = (usable or found)[0]
        return load_text(src.display(name), src.text(name))
    raise InputFileError(src.path, f"no recording found in this {what}; repcount reads: {FORMATS}")


__all__ = ["load", "load_text", "detect", "FORMATS"]
