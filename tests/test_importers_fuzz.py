"""Damaged files of every format: a Recording or a one-line InputFileError, never anything else.

Deterministic in CI (derandomize); for a deeper search: FUZZ_EXAMPLES=5000 python -m pytest tests/test_importers_fuzz.py
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st

from repcount.errors import InputFileError
from repcount.importers import load

DATA = Path(__file__).parent / "data" / "importers"
TEXT_FILES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".csv", ".txt") and "Gyroscope" not in p.name)
ZIP_FILES = sorted(p.name for p in DATA.iterdir() if p.suffix == ".zip")
JUNK = st.sampled_from([",", ";", "\t", "\n", "\r\n", '"', "nan", "inf", "-", "e", "E9", "", " ", "x", "\x00", "é", "1e400", "#"])


def must_load_or_refuse(path: Path) -> None:
    try:
        rec = load(path)
    except InputFileError as exc:
        msg = str(exc)
        assert "\n" not in msg and str(path) in msg, msg
        return
    t = rec.block.t
    assert len(t) >= 1 and t[0] == 0.0
    assert np.all(np.diff(t) > 0)
    assert np.isfinite(rec.block.acc).all()


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(TEXT_FILES),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), JUNK), max_size=6),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_mutated_text_files(tmp_path, name, edits, cut):
    text = (DATA / name).read_text()
    text = text[: 4000]  # a few dozen rows are enough and keep it fast
    for where, delete, junk in edits:
        i = int(where * len(text))
        text = text[:i] + junk + text[i + delete:]
    if cut is not None:
        text = text[: int(cut * len(text))]
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    must_load_or_refuse(p)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)), derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(ZIP_FILES), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=4),
       cut=st.one_of(st.none(), st.floats(0.1, 1)))
def test_damaged_zip_files(tmp_path, name, flips, cut):
    data = bytearray((DATA / name).read_bytes())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    if cut is not None:
        data = data[: int(cut * len(data))]
    p = tmp_path / name
    p.write_bytes(bytes(data))
    must_load_or_refuse(p)
