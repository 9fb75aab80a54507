"""Shared by the fuzz tests and benchmarks/fuzz_decoders.py: one decoder factory per
protocol, valid seed notifications built with the encoders, a mutation strategy, and
the output contract every decoder must keep."""

from __future__ import annotations

from typing import Callable

import numpy as np

from . import Decoder
from . import metawear as MW
from . import microbit as MB
from . import movesense as MS
from . import nus as NUS
from . import polar as P
from . import thingy as TH
from . import witmotion as WM

DECODER_CASES: dict[str, Callable[[], Decoder]] = {
    "polar_pmd": lambda: P.PolarPmdDecoder(200, 8),
    "movesense_gsp": lambda: MS.MovesenseDecoder(104, 0),
    "metawear_bmi160": lambda: MW.MetaWearDecoder(100, 16, {"chip": "bmi160"}),
    "metawear_bmi270": lambda: MW.MetaWearDecoder(100, 16, {"chip": "bmi270"}),
    "witmotion": lambda: WM.WitMotionDecoder(50, 16),
    "microbit": lambda: MB.MicrobitDecoder(50, 2),
    "thingy52": lambda: TH.ThingyDecoder(100, 0),
    "nus_text": lambda: NUS.NusTextDecoder(100, 0),
    "nus_text_gyro": lambda: NUS.NusTextDecoder(100, 0, {"gyro": True}),
}


def seeds(case: str) -> list[bytes]:
    """Valid notifications for ``case`` (the fuzzers mutate these)."""
    rng = np.random.default_rng(7)
    acc = rng.normal(0, 0.5, size=(12, 3))
    ts = 600_000_000_000_000_000
    if case == "polar_pmd":
        mg = np.round(acc * 1000).astype(int)
        return [P.encode_acc_frame(ts, mg, 0x01), P.encode_acc_frame(ts + 10**8, mg, 0x81),
                P.encode_acc_frame(ts + 2 * 10**8, mg * 4, 0x80), P.encode_acc_frame(ts, np.clip(mg // 10, -128, 127), 0x00),
                P.encode_acc_frame(ts, mg, 0x02)]
    if case == "movesense_gsp":
        return [MS.encode_acc(0x63, 1000, acc * 9.8), MS.encode_result(0x63, 507), MS.encode_hello_result(0x63)] + \
            MS.split_part2(MS.encode_acc(0x63, 2000, acc * 9.8), 100)
    if case.startswith("metawear"):
        chip = case.split("_")[1]
        return [MW.encode_acc(acc[0], 16), MW.encode_packed(acc[:3], 16, chip), MW.encode_module_info(3, 1, 2)]
    if case == "witmotion":
        f = WM.encode_frame(acc[0], [10, 20, 30], [1, 2, 3])
        return [f, f + f, f[:7], f[7:], WM.encode_register_reply(3)]
    if case == "microbit":
        return [MB.encode_sample(a) for a in acc[:3]]
    if case == "thingy52":
        return [TH.encode_raw(a, [1, 2, 3]) for a in acc[:3]]
    if case.startswith("nus_text"):
        gyro = case.endswith("gyro")
        lines = b"".join(NUS.encode_line(100 + 10 * i, a, [1, 2, 3] if gyro else None) for i, a in enumerate(acc))
        return NUS.split_notifications(lines, 20) + [lines, b"# hello\n"]
    raise KeyError(case)


def mutations(frame: bytes):
    """A hypothesis strategy: ``frame`` with bit flips, byte changes, cuts or insertions."""
    from hypothesis import strategies as st

    n = len(frame)

    @st.composite
    def flip(draw):
        b = bytearray(frame)
        for _ in range(draw(st.integers(1, 4))):
            if not b:
                break
            i = draw(st.integers(0, len(b) - 1))
            if draw(st.booleans()):
                b[i] ^= 1 << draw(st.integers(0, 7))
            else:
                b[i] = draw(st.integers(0, 255))
        return bytes(b)

    return st.one_of(
        st.just(frame),
        flip(),
        st.integers(0, n).map(lambda k: frame[:k]),
        st.tuples(st.integers(0, n), st.binary(min_size=1, max_size=8)).map(lambda t: frame[:t[0]] + t[1] + frame[t[0]:]),
    )


def check_output(dec: Decoder, out) -> None:
    """The decoder contract: (t, acc (N,3), gyro (N,3) | None), finite, t increasing."""
    t, acc, gyro = out
    assert isinstance(t, np.ndarray) and isinstance(acc, np.ndarray)
    assert t.ndim == 1 and acc.shape == (len(t), 3), (t.shape, acc.shape)
    if dec.has_gyro:
        assert gyro is not None and gyro.shape == (len(t), 3)
    else:
        assert gyro is None
    assert np.isfinite(t).all() and np.isfinite(acc).all()
    if gyro is not None:
        assert np.isfinite(gyro).all()
    if len(t) > 1:
        assert (np.diff(t) > 0).all()
    last = getattr(dec, "_fuzz_last_t", None)
    if len(t):
        if last is not None:
            assert t[0] > last, (t[0], last)
        dec._fuzz_last_t = float(t[-1])
