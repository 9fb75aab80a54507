"""repcount's own recording format, version 1 (full spec: docs/recording-format.md).

A recording is a UTF-8 text file that can be appended to while a session streams and
read back after a crash::

    # repcount-recording 1
    # meta {"sensor": "Polar H10 1234ABCD", "rate_hz": 200, "start_time": "...", ...}
    t,ax,ay,az
    0.0,0.0123,-0.9876,0.1
    0.005,0.0121,-0.9871,0.1002
    # mark {"type": "gap", "t": 0.005, "duration_s": 3.2}
    3.21,0.0119,-0.9869,0.1003
    # end {"samples": 3, "duration_s": 3.21}

- ``RecordingWriter(path, meta, gyro=False)``: ``.write(t, acc, gyro)`` appends a block
  (and returns it exactly as it will be read back), ``.mark(event)``, ``.close()``.
- ``read_recording(path) -> Recording``: tolerant of a crash (an unfinished last row is
  dropped); any other damage raises :class:`repcount.errors.InputFileError` with the line.
- ``write_recording(path, rec)``: a whole Recording in one call.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

import numpy as np

from .errors import InputFileError, RepcountError
from .samples import SampleBlock

MAGIC = "# repcount-recording"
FORMAT_VERSION = 1
ACC_COLUMNS = ["t", "ax", "ay", "az"]
GYRO_COLUMNS = ["gx", "gy", "gz"]
# Decimals written per column. 0.1 ms for time is well below one sample period at the
# fastest supported rate (400 Hz = 2.5 ms); 0.1 mg is finer than any commodity sensor's
# least significant bit (Polar H10: 1 mg; 16-bit at +-16 g: 0.5 mg); 0.001 deg/s is
# finer than a 16-bit gyro at +-125 deg/s (0.004 deg/s). So rounding loses nothing real.
T_DECIMALS = 4
ACC_DECIMALS = 4
GYRO_DECIMALS = 3
# The writer flushes on its own at least this often (wall time) while being written
# to, so a killed process loses at most this much of the stream.
FLUSH_INTERVAL_S = 0.5

# "0.9800" -> "0.98", "1.0000" -> "1", "-0.0000" -> "-0" (fixed below): smaller files.
_TRAILING_ZEROS = re.compile(r"\.?0+(?=[,\n])")
_NEG_ZERO = re.compile(r"(?<![0-9.])-0(?=[,\n])")


@dataclass
class Recording:
    """A recording loaded into memory, whatever file format it came from.

    ``block.t`` is seconds from the first sample. ``meta`` holds at least ``format``
    (the source format name), and where known ``sensor``, ``profile``, ``rate_hz``,
    ``placement``, ``start_time`` (ISO 8601 UTC of t=0), ``units``
    (``{"t": "s", "acc": "g", "gyro": "deg/s"}``; always these once loaded).
    ``markers`` are dicts such as ``{"type": "gap", "t": 12.3, "duration_s": 4.0}``.
    """

    path: str
    block: SampleBlock
    meta: dict[str, Any] = field(default_factory=dict)
    markers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return float(self.block.t[-1] - self.block.t[0]) if len(self.block) else 0.0


def utc_now_iso() -> str:
    """The current time as ISO 8601 UTC with milliseconds, e.g. ``2026-11-23T21:16:36.123Z``."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _format_rows(t: np.ndarray, acc: np.ndarray, gyro: np.ndarray | None) -> str:
    fmt = f"%.{T_DECIMALS}f" + f",%.{ACC_DECIMALS}f" * 3
    cols = [t[:, None], acc]
    if gyro is not None:
        fmt += f",%.{GYRO_DECIMALS}f" * 3
        cols.append(gyro)
    # One %-format over the whole block: several times faster than formatting per value.
    text = ((fmt + "\n") * len(t)) % tuple(np.hstack(cols).ravel().tolist())
    text = _TRAILING_ZEROS.sub("", text)
    return _NEG_ZERO.sub("0", text)


def _json_line(kind: str, obj: dict[str, Any]) -> str:
    # allow_nan=False: NaN is not JSON; a marker or meta must stay readable everywhere.
    return f"# {kind} " + json.dumps(obj, separators=(", ", ": "), allow_nan=False, default=str) + "\n"


class RecordingWriter:
    """Append samples to a repcount recording as they stream.

    The header (magic line, ``# meta`` JSON, CSV column header) is written at once. Every
    :meth:`write` appends rows; the file is flushed to the OS whenever ``FLUSH_INTERVAL_S``
    of wall time or of stream time has passed since the last flush, and at every
    :meth:`mark`, so ``kill -9`` loses at most the last half second of the stream. ``fsync=True`` also survives a
    power cut, at the cost of a disk sync per flush.

    >>> with RecordingWriter("s.csv", {"sensor": "Polar H10", "rate_hz": 200}) as w:  # doctest: +SKIP
    ...     w.write(t, acc)
    ...     w.mark({"type": "reconnect", "t": 12.5})
    """

    def __init__(
        self,
        path: str | os.PathLike,
        meta: dict[str, Any] | None = None,
        gyro: bool = False,
        *,
        overwrite: bool = False,
        fsync: bool = False,
        flush_interval_s: float = FLUSH_INTERVAL_S,
    ) -> None:
        self.path = str(path)
        self.gyro = bool(gyro)
        self.fsync = fsync
        self.flush_interval_s = flush_interval_s
        self.samples = 0
        self.last_t: float | None = None
        self.first_t: float | None = None
        self._t_flushed: float | None = None
        self.closed = False
        from . import __version__

        self.columns = ACC_COLUMNS + (GYRO_COLUMNS if self.gyro else [])
        full = {
            "format_version": FORMAT_VERSION,
            "start_time": utc_now_iso(),
            "app": f"repcount {__version__}",
        }
        full.update(_clean(dict(meta or {})))
        # always the truth about the rows below, whatever the caller's meta said
        full["units"] = {"t": "s", "acc": "g", **({"gyro": "deg/s"} if self.gyro else {})}
        full["columns"] = self.columns
        self.meta = full
        try:
            parent = os.path.dirname(self.path)
            if parent:
                os.makedirs(parent, exist_ok=True)  # e.g. a first session in a new sessions dir
            self._f = open(self.path, "w" if overwrite else "x", encoding="utf-8", newline="\n")
        except FileExistsError:
            raise RepcountError(f"{self.path}: already exists; not overwriting a recording") from None
        except OSError as exc:
            raise RepcountError(f"{self.path}: cannot create recording: {exc.strerror or exc}") from None
        self._f.write(f"{MAGIC} {FORMAT_VERSION}\n")
        self._f.write(_json_line("meta", full))
        self._f.write(",".join(self.columns) + "\n")
        self.flush()

    def write(self, t: Any, acc: Any, gyro: Any = None) -> SampleBlock:
        """Append a block; return it exactly as :func:`read_recording` will give it back.

        Feeding the returned block to the engine makes a live session and a later replay
        of its recording see bit-identical numbers.
        """
        if self.closed:
            raise RepcountError(f"{self.path}: recording already closed")
        t = np.asarray(t, dtype=np.float64).reshape(-1)
        acc = np.asarray(acc, dtype=np.float64).reshape(-1, 3)
        if len(acc) != len(t):
            raise ValueError(f"t has {len(t)} samples but acc has {len(acc)}")
        g = None
        if self.gyro:
            if gyro is None:
                # A block without gyro in a gyro recording (e.g. a dropped gyro packet).
                g = np.full((len(t), 3), np.nan)
            else:
                g = np.asarray(gyro, dtype=np.float64).reshape(-1, 3)
                if len(g) != len(t):
                    raise ValueError(f"t has {len(t)} samples but gyro has {len(g)}")
        if len(t) == 0:
            return SampleBlock(t, acc, g)
        text = self._append(t, acc, g)
        vals = np.array(text.replace("\n", ",").split(",")[:-1], dtype=np.float64).reshape(len(t), -1)
        return SampleBlock(vals[:, 0], vals[:, 1:4], vals[:, 4:7] if self.gyro else None)

    def _append(self, t: np.ndarray, acc: np.ndarray, g: np.ndarray | None, keep_text: bool = True) -> str:
        if keep_text or len(t) <= _CHUNK_ROWS:
            text = _format_rows(t, acc, g)
            self._f.write(text)
        else:  # a whole recording at once: format it a chunk at a time (flat memory)
            text = ""
            for a in range(0, len(t), _CHUNK_ROWS):
                b = a + _CHUNK_ROWS
                self._f.write(_format_rows(t[a:b], acc[a:b], None if g is None else g[a:b]))
        self.samples += len(t)
        if self.first_t is None:
            self.first_t = float(t[0])
        self.last_t = float(t[-1])
        self._maybe_flush()
        return text

    def mark(self, event: dict[str, Any]) -> None:
        """Append a marker line (gap, reconnect, set boundary...); flushed at once.

        ``event`` should carry ``type`` and ``t`` (seconds, the recording's clock).
        """
        if self.closed:
            raise RepcountError(f"{self.path}: recording already closed")
        self._f.write(_json_line("mark", _clean(event)))
        self.flush()

    def _maybe_flush(self) -> None:
        # By wall time, and by stream time too: a stream that catches up after a stall
        # (a burst of queued BLE notifications) must not pile up unflushed seconds.
        ref = self._t_flushed if self._t_flushed is not None else self.first_t
        t_unflushed = self.last_t - ref
        if time.monotonic() - self._last_flush >= self.flush_interval_s or t_unflushed >= self.flush_interval_s:
            self.flush()

    def flush(self) -> None:
        self._f.flush()
        if self.fsync:
            os.fsync(self._f.fileno())
        self._last_flush = time.monotonic()
        self._t_flushed = self.last_t

    def close(self) -> str:
        """Write the ``# end`` line (marks a cleanly closed recording) and close. Returns the path."""
        if not self.closed:
            dur = (self.last_t - self.first_t) if self.samples else 0.0
            self._f.write(_json_line("end", {"samples": self.samples, "duration_s": round(dur, 4)}))
            self.flush()
            self._f.close()
            self.closed = True
        return self.path

    def __enter__(self) -> "RecordingWriter":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _clean(obj: Any) -> Any:
    """Make a marker JSON-safe: numpy scalars to Python, NaN/inf to None."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def write_recording(path: str | os.PathLike, rec: Recording, *, overwrite: bool = True) -> str:
    """Write a whole :class:`Recording` (samples, meta and markers) in repcount's format.

    Markers are placed between the rows at their ``t``. Keys describing the file it was
    read from (``dropped_rows``, ``complete``...) are not copied as they no longer apply;
    a foreign ``format`` is kept as ``source_format``.
    """
    meta = {k: v for k, v in rec.meta.items() if k not in _READ_ONLY_META}
    if rec.meta.get("format") not in (None, "repcount"):
        meta.setdefault("source_format", rec.meta["format"])  # provenance of a converted file
    blk = rec.block
    gyro = blk.gyro is not None
    markers = sorted(rec.markers, key=lambda m: float(m.get("t", 0.0) or 0.0))
    with RecordingWriter(path, meta, gyro=gyro, overwrite=overwrite) as w:
        start = 0
        for m in markers:
            stop = int(np.searchsorted(blk.t, float(m.get("t", 0.0) or 0.0), side="right"))
            if stop > start:
                w._append(blk.t[start:stop], blk.acc[start:stop], None if not gyro else blk.gyro[start:stop], keep_text=False)
                start = stop
            w.mark(m)
        if start < len(blk):
            w._append(blk.t[start:], blk.acc[start:], None if not gyro else blk.gyro[start:], keep_text=False)
    return str(path)


# Keys that read_recording/importers add to describe the file they read.
_READ_ONLY_META = {"format", "dropped_rows", "duplicate_rows", "complete", "truncated", "columns", "format_version", "source"}


def read_recording(path: str | os.PathLike) -> Recording:
    """Read a repcount recording.

    A last row without its newline is a write cut short by a crash: it is dropped
    (``meta["truncated"] = True``). ``meta["complete"]`` tells whether
    the writer closed the file cleanly. Rows with NaN are dropped and counted in
    ``meta["dropped_rows"]``. Anything else wrong raises InputFileError with the line.
    """
    path = str(path)
    try:
        f = open(path, encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(path, "no such file") from None
    except IsADirectoryError:
        raise InputFileError(path, "is a directory, not a recording") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror or exc}") from None
    with f:
        return _parse_lines(f, path)


def parse_recording(text: str, path: str = "<recording>") -> Recording:
    """Parse the text of a repcount recording (see :func:`read_recording`)."""
    return _parse_lines(io.StringIO(text), path)


# Rows are converted to numbers this many at a time: memory stays near the size of the
# final arrays (a 2-hour 100 Hz file: ~25 MB) instead of a Python object per number.
_CHUNK_ROWS = 32768


def _parse_lines(lines: Iterable[str], path: str) -> Recording:
    meta: dict[str, Any] = {}
    markers: list[dict[str, Any]] = []
    end: dict[str, Any] | None = None
    columns: list[str] | None = None
    version: int | None = None
    parts: list[np.ndarray] = []
    buf: list[str] = []
    nums: list[int] = []
    truncated = False
    i = 0
    try:
        for i, ln in enumerate(lines, 1):
            complete = ln.endswith("\n")
            ln = ln.rstrip("\r\n")
            if version is None:
                if not ln.strip():
                    continue
                version = _version(ln.strip(), path, i)
                continue
            if ln.startswith("#"):
                kind, _, payload = ln[1:].strip().partition(" ")
                if kind in ("meta", "mark", "end"):
                    try:
                        obj = json.loads(payload)
                        if not isinstance(obj, dict):
                            raise ValueError
                    except ValueError:
                        if not complete:
                            continue  # a marker cut short by a crash
                        raise InputFileError(path, f"'# {kind}' line is not a JSON object", i) from None
                    if kind == "meta":
                        meta.update(obj)
                    elif kind == "mark":
                        markers.append(obj)
                    else:
                        end = obj
                continue  # other comments: ignored, so later versions can add kinds
            if not ln.strip():
                continue
            if columns is None:
                columns = [c.strip() for c in ln.split(",")]
                if columns[:4] != ACC_COLUMNS or len(columns) not in (4, 7):
                    raise InputFileError(path, f"column header should be t,ax,ay,az[,gx,gy,gz], got {ln.strip()[:60]!r}", i)
                continue
            if not complete:
                # The file ends inside a row: the writer ends every row with a newline, so
                # this row was cut mid-write by a crash. Even when it parses, its last
                # number may be cut short ("0.9876" -> "0.9"), so it is not trusted.
                truncated = True
                continue
            buf.append(ln)
            nums.append(i)
            if len(buf) >= _CHUNK_ROWS:
                parts.append(_parse_rows(path, buf, nums, len(columns)))
                buf, nums = [], []
    except UnicodeDecodeError:
        raise InputFileError(path, "not a text file (invalid UTF-8)", i + 1) from None
    if version is None:
        raise InputFileError(path, "empty file")
    if columns is None:
        raise InputFileError(path, "no column header (t,ax,ay,az) after the meta line")
    ncol = len(columns)
    parts.append(_parse_rows(path, buf, nums, ncol))
    vals = np.concatenate(parts) if len(parts) > 1 else parts[0]
    t = vals[:, 0]
    data = vals[:, 1:]
    # NaN in gyro alone (a block without gyro) is kept: acc is what counts.
    bad = ~np.isfinite(t) | ~np.isfinite(data[:, :3]).all(axis=1)
    dropped = int(bad.sum())
    if dropped:
        t, data = t[~bad], data[~bad]
    dup = 0
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        order = np.argsort(t, kind="stable")
        t, data = t[order], data[order]
        keep = np.concatenate(([True], np.diff(t) > 0))
        dup = int((~keep).sum())
        t, data = t[keep], data[keep]
    block = SampleBlock(t, data[:, :3], data[:, 3:6] if ncol == 7 else None)

    meta["format"] = "repcount"
    meta["format_version"] = version
    meta["columns"] = columns
    meta["complete"] = end is not None
    if truncated:
        meta["truncated"] = True
    if dropped:
        meta["dropped_rows"] = dropped
    if dup:
        meta["duplicate_rows"] = dup
    if "rate_hz" not in meta:
        rate = estimate_rate(t)
        if rate:
            meta["rate_hz"] = rate
    return Recording(path, block, meta, markers)


def _version(first: str, path: str, line: int) -> int:
    if not first.startswith(MAGIC):
        raise InputFileError(path, f"not a repcount recording (first line should be '{MAGIC} {FORMAT_VERSION}')", line)
    try:
        version = int(first[len(MAGIC):].split()[0])
    except (ValueError, IndexError):
        raise InputFileError(path, "bad format version on the first line", line) from None
    if version > FORMAT_VERSION:
        raise InputFileError(path, f"recording format version {version} is newer than this repcount reads ({FORMAT_VERSION}); upgrade repcount", line)
    return version


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return bool(s.strip())


def _parse_rows(path: str, rows: list[str], numbers: list[int], ncol: int) -> np.ndarray:
    if not rows:
        return np.empty((0, ncol))
    counts = [r.count(",") for r in rows]
    for r, c, n in zip(rows, counts, numbers):
        if c != ncol - 1:
            raise InputFileError(path, f"expected {ncol} numeric columns, got {c + 1}", n)
    tokens = ",".join(rows).split(",")
    try:
        vals = np.array(tokens, dtype=np.float64)
    except ValueError:
        for r, n in zip(rows, numbers):
            for x in r.split(","):
                if not _is_number(x):
                    raise InputFileError(path, f"not a number: {x.strip()[:30]!r}", n) from None
        raise
    return vals.reshape(len(rows), ncol)


def estimate_rate(t: np.ndarray) -> float | None:
    """Sample rate in Hz from the median interval (robust to gaps), 3 significant decimals."""
    if len(t) < 2:
        return None
    dt = np.diff(np.asarray(t, dtype=np.float64))
    dt = dt[dt > 0]
    if not len(dt):
        return None
    return round(float(1.0 / np.median(dt)), 3)
