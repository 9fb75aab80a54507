"""Shared pieces of the importers: reading text, parsing delimited tables, finishing a Recording."""

from __future__ import annotations

import os
import zipfile
import zlib
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

import numpy as np

from ..errors import InputFileError
from ..recording import Recording, estimate_rate
from ..samples import SampleBlock

G = 9.80665  # standard gravity, m/s^2 per g
_CHUNK = 32768  # rows parsed at a time: bounded temporary memory


def decode_text(raw: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Latin-1 for old Windows exports."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:4096]:
        raise InputFileError(path, "binary file, not a text recording")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def iso_utc(unix_s: float) -> str:
    """Unix seconds to ISO 8601 UTC with milliseconds, e.g. ``2021-12-16T20:27:48.244Z``."""
    dt = datetime.fromtimestamp(float(unix_s), tz=timezone.utc)
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def split_fields(line: str, sep: str) -> list[str]:
    """Split one delimited line, removing surrounding quotes and blanks from each field."""
    return [f.strip().strip('"').strip() for f in line.rstrip("\r").split(sep)]


class Table:
    """The data lines of a delimited text file, with their 1-based line numbers.

    ``header`` is the list of column names; ``rows`` the data lines (raw text) after it.
    A last line without a newline that does not have every column is a file cut short:
    it is dropped and ``truncated`` is set.
    """

    def __init__(self, text: str, path: str, sep: str, header_line: int = 0) -> None:
        self.path = path
        self.sep = sep
        lines = text.split("\n")
        self.ends_clean = lines[-1] == ""
        if self.ends_clean:
            lines.pop()
        while header_line < len(lines) - 1 and not lines[header_line].strip():
            header_line += 1  # blank lines before the header
        self.header = split_fields(lines[header_line], sep)
        self.rows: list[str] = []
        self.numbers: list[int] = []
        for i in range(header_line + 1, len(lines)):
            ln = lines[i].rstrip("\r")
            if ln.strip():
                self.rows.append(ln)
                self.numbers.append(i + 1)
        self.truncated = False
        if self.rows and not self.ends_clean and self.numbers[-1] == len(lines):
            if len(self.rows[-1].split(sep)) < len(self.header):
                self.rows.pop()
                self.numbers.pop()
                self.truncated = True

    def column(self, *names: str, required: bool = True) -> int | None:
        """Index of the first column whose name (case-insensitive) starts with one of ``names``."""
        low = [h.lower() for h in self.header]
        for name in names:
            for i, h in enumerate(low):
                if h == name.lower():
                    return i
        for name in names:
            for i, h in enumerate(low):
                if h.startswith(name.lower()):
                    return i
        if required:
            raise InputFileError(self.path, f"no column {names[0]!r} in the header ({', '.join(self.header)})", 1)
        return None

    def numbers_of(self, cols: Sequence[int], decimal: str = ".", empty_ok: Sequence[int] = ()) -> np.ndarray:
        """Parse the given columns of every row as float64 (NaN for empty fields in ``empty_ok``).

        Raises InputFileError naming the line for a short row or a field that is not a number.
        """
        out = np.empty((len(self.rows), len(cols)))
        # Fast path, a chunk at a time: numpy converts a whole column of strings at once.
        # Any chunk it refuses is redone row by row to find the line and the reason.
        for a in range(0, len(self.rows), _CHUNK):
            b = min(a + _CHUNK, len(self.rows))
            try:
                out[a:b] = self._fast(self.rows[a:b], cols, decimal)
            except (ValueError, IndexError):
                out[a:b] = self._slow(a, b, cols, decimal, empty_ok)
        return out

    def _fast(self, rows: list[str], cols: Sequence[int], decimal: str) -> np.ndarray:
        need = max(cols) + 1
        # maxsplit: columns past the last one needed are not split (that is most of the cost)
        fields = [ln.split(self.sep, need) for ln in rows]
        res = np.empty((len(rows), len(cols)))
        for j, c in enumerate(cols):
            col = [f[c] for f in fields]
            if '"' in col[0]:
                col = [x.strip().strip('"') for x in col]
            if decimal != ".":
                col = [x.replace(decimal, ".") for x in col]
            res[:, j] = np.array(col, dtype=np.float64)
        return res

    def _slow(self, a: int, b: int, cols: Sequence[int], decimal: str, empty_ok: Sequence[int]) -> np.ndarray:
        ncol = len(self.header)
        need = max(cols) + 1
        out = np.empty((b - a, len(cols)))
        empty_ok = set(empty_ok)
        for k, (ln, n) in enumerate(zip(self.rows[a:b], self.numbers[a:b])):
            f = ln.split(self.sep)
            if len(f) < need:
                raise InputFileError(self.path, f"expected {ncol} numeric columns, got {len(f)}", n)
            for j, c in enumerate(cols):
                s = f[c].strip().strip('"')
                if decimal != ".":
                    s = s.replace(decimal, ".")
                if not s:
                    if c in empty_ok:
                        out[k, j] = np.nan
                        continue
                    raise InputFileError(self.path, f"empty field in column {self.header[c]!r}", n)
                try:
                    out[k, j] = float(s)
                except ValueError:
                    raise InputFileError(self.path, f"not a number in column {self.header[c]!r}: {s[:30]!r}", n) from None
        return out


def relative_ticks(tab: "Table", col: int, per_second: float) -> tuple[np.ndarray, float | None]:
    """Seconds from the first (smallest) tick of an integer time column, and that tick in seconds.

    Nanosecond stamps (~1e18) do not fit a float64 exactly; subtracting as integers first
    keeps every interval exact. Non-integer or empty fields give NaN (the row is dropped).
    """
    sep = tab.sep
    parts: list[np.ndarray] = []
    for a in range(0, len(tab.rows), _CHUNK):
        rows = tab.rows[a : a + _CHUNK]
        try:
            parts.append(np.array([ln.split(sep, col + 1)[col].strip().strip('"') for ln in rows], dtype=np.int64))
        except (ValueError, IndexError, OverflowError):
            parts.append(_ticks_slow(rows, sep, col))
    ticks = np.concatenate(parts) if parts else np.empty(0, np.int64)
    valid = ticks != _NO_TICK
    if not valid.any():
        return np.full(len(ticks), np.nan), None
    t0 = int(ticks[valid].min())
    # integer subtraction first: exact; only then to float seconds
    rel = (ticks - t0).astype(np.float64) / per_second
    rel[~valid] = np.nan
    return rel, t0 / per_second


_NO_TICK = np.iinfo(np.int64).min


def _ticks_slow(rows: list[str], sep: str, col: int) -> np.ndarray:
    out = np.full(len(rows), _NO_TICK, dtype=np.int64)
    for k, ln in enumerate(rows):
        f = ln.split(sep)
        s = f[col].strip().strip('"') if len(f) > col else ""
        try:
            out[k] = int(s)
        except ValueError:
            try:
                out[k] = int(float(s))  # "1.7e12" written by a spreadsheet
            except (ValueError, OverflowError):
                pass
        except OverflowError:
            pass
    return out


def finish(
    path: str,
    fmt: str,
    t: np.ndarray,
    acc: np.ndarray,
    gyro: np.ndarray | None = None,
    *,
    meta: dict[str, Any] | None = None,
    start_unix: float | None = None,
    truncated: bool = False,
) -> Recording:
    """Build the Recording every importer returns.

    Drops rows with NaN/inf (counted in ``dropped_rows``), sorts by time (stable) and drops
    repeated timestamps (``duplicate_rows``), shifts ``t`` so the first sample is 0 and
    fills ``start_time`` (``start_unix`` is the Unix time of raw ``t == 0``; the start is
    that plus the first kept sample's ``t``) and ``rate_hz`` (median interval).
    """
    t = np.asarray(t, dtype=np.float64).reshape(-1)
    acc = np.asarray(acc, dtype=np.float64).reshape(-1, 3)
    meta = dict(meta or {})
    meta["format"] = fmt
    bad = ~np.isfinite(t) | ~np.isfinite(acc).all(axis=1)
    if bad.any():
        meta["dropped_rows"] = int(bad.sum())
        t, acc = t[~bad], acc[~bad]
        gyro = None if gyro is None else gyro[~bad]
    if len(t) == 0:
        why = "no samples" if not bad.any() else f"no valid samples ({int(bad.sum())} rows with NaN)"
        raise InputFileError(path, why)
    if len(t) > 1 and np.any(np.diff(t) <= 0):
        order = np.argsort(t, kind="stable")
        t, acc = t[order], acc[order]
        gyro = None if gyro is None else gyro[order]
        keep = np.concatenate(([True], np.diff(t) > 0))
        if not keep.all():
            meta["duplicate_rows"] = int((~keep).sum())
            t, acc = t[keep], acc[keep]
            gyro = None if gyro is None else gyro[keep]
        meta["unsorted"] = True
    t0 = float(t[0])
    if start_unix is not None and np.isfinite(start_unix):
        meta.setdefault("start_time", iso_utc(start_unix + t0))
    meta.setdefault("units", {"t": "s", "acc": "g", **({"gyro": "deg/s"} if gyro is not None else {})})
    rate = estimate_rate(t)
    if rate:
        meta["rate_hz"] = rate
    if truncated:
        meta["truncated"] = True
    return Recording(path, SampleBlock(t - t0, acc, gyro), meta, [])


def linear_to_total(acc_g: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """Give gravity-free ("linear") acceleration a nominal 1 g so the engine can run.

    Without gravity the vertical is unknown. For a squat or deadlift the largest motion
    is vertical, so the nominal 1 g goes along the principal axis of the motion (the
    eigenvector of the largest variance), signed towards the device axis it is closest
    to. Up and down remain a guess: the caller warns and the user should give
    ``--exercise``.
    """
    a = acc_g - acc_g.mean(axis=0)
    cov = a.T @ a / max(len(a), 1)
    w, v = np.linalg.eigh(cov)
    axis = v[:, int(np.argmax(w))]
    if not np.isfinite(axis).all() or w.max() <= 0:
        axis = np.array([0.0, 0.0, 1.0])
    k = int(np.argmax(np.abs(axis)))
    if axis[k] < 0:
        axis = -axis
    return acc_g + axis, [round(float(x), 4) for x in axis]


# What reading a damaged zip can raise (zlib: corrupt deflate data; EOFError: cut short;
# NotImplementedError: an unknown compression method; RuntimeError: encrypted).
_ZIP_ERRORS = (OSError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, ValueError, NotImplementedError)


class Source:
    """A file, a folder or a zip file: what an importer may look inside."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.kind = "file"
        self._zip: zipfile.ZipFile | None = None
        if os.path.isdir(path):
            self.kind = "dir"
        elif zipfile.is_zipfile(path):
            self.kind = "zip"
            try:
                self._zip = zipfile.ZipFile(path)
            except _ZIP_ERRORS as exc:
                raise InputFileError(path, f"damaged zip file: {exc}") from None

    def names(self) -> list[str]:
        """Relative names of the files inside (folders and zips), shortest paths first."""
        if self.kind == "zip":
            assert self._zip is not None
            names = [n for n in self._zip.namelist() if not n.endswith("/")]
        elif self.kind == "dir":
            names = []
            for root, _dirs, files in os.walk(self.path):
                for f in files:
                    names.append(os.path.relpath(os.path.join(root, f), self.path))
        else:
            return []
        names = [n for n in names if not os.path.basename(n).startswith(".") and "__MACOSX" not in n]
        return sorted(names, key=lambda n: (n.count("/") + n.count(os.sep), n))

    def find(self, basename: str) -> str | None:
        """The first inner file with this base name (case-insensitive)."""
        for n in self.names():
            if os.path.basename(n).lower() == basename.lower():
                return n
        return None

    def display(self, name: str) -> str:
        """How to name an inner file in messages: ``session.zip/Raw Data.csv``."""
        return os.path.join(self.path, name)

    def read(self, name: str) -> bytes:
        try:
            if self.kind == "zip":
                assert self._zip is not None
                return self._zip.read(name)
            with open(os.path.join(self.path, name), "rb") as f:
                return f.read()
        except _ZIP_ERRORS as exc:
            what = "damaged zip file" if self.kind == "zip" else "cannot read"
            raise InputFileError(self.display(name), f"{what}: {exc}") from None

    def head(self, name: str, n: int = 4096) -> str:
        """The first ``n`` bytes of an inner file as text (enough to detect its format)."""
        try:
            if self.kind == "zip":
                assert self._zip is not None
                with self._zip.open(name) as f:
                    raw = f.read(n)
            else:
                with open(os.path.join(self.path, name), "rb") as f:
                    raw = f.read(n)
        except _ZIP_ERRORS as exc:
            what = "damaged zip file" if self.kind == "zip" else "cannot read"
            raise InputFileError(self.display(name), f"{what}: {exc}") from None
        if b"\x00" in raw:
            return ""
        return raw.decode("utf-8", errors="replace").lstrip("\ufeff")

    def text(self, name: str) -> str:
        return decode_text(self.read(name), self.display(name))


def first_lines(text: str, n: int = 5) -> list[str]:
    out: list[str] = []
    for ln in text.splitlines():
        if ln.strip():
            out.append(ln.strip())
        if len(out) >= n:
            break
    return out


def sniff_sep(header: str, candidates: Iterable[str] = (",", "\t", ";")) -> str:
    """The separator that occurs most in a header line (outside quotes)."""
    bare, q = [], False
    for ch in header:
        if ch == '"':
            q = not q
        elif not q:
            bare.append(ch)
    s = "".join(bare)
    return max(candidates, key=lambda c: s.count(c))
