"""Fuzzing every decoder and parser: whatever the bytes, only DecodeError may escape.

Kept fast for the default run (a few hundred inputs per target, derandomized so the
suite is deterministic); benchmarks/fuzz_decoders.py runs many more.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repcount.decoders import DecodeError, parse_response
from repcount.decoders import metawear as MW
from repcount.decoders import movesense as MS
from repcount.decoders import nus as NUS
from repcount.decoders import polar as P
from repcount.decoders import thingy as TH
from repcount.decoders import witmotion as WM
from repcount.decoders.fuzzing import DECODER_CASES, mutations, seeds, check_output

def fast(n: int):
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("case", sorted(DECODER_CASES))
def test_decoder_random_bytes(case):
    @fast(200)
    @given(st.lists(st.binary(max_size=260), min_size=1, max_size=6))
    def run(notifications):
        dec = DECODER_CASES[case]()
        for k, data in enumerate(notifications):
            try:
                out = dec.decode(data, 10.0 + 0.05 * k)
            except DecodeError:
                continue
            check_output(dec, out)

    run()


@pytest.mark.parametrize("case", sorted(DECODER_CASES))
def test_decoder_mutated_valid_frames(case):
    base = seeds(case)

    @fast(100)
    @given(st.data())
    def run(data):
        dec = DECODER_CASES[case]()
        for k in range(data.draw(st.integers(1, 5))):
            frame = data.draw(st.sampled_from(base))
            frame = data.draw(mutations(frame))
            try:
                out = dec.decode(frame, 10.0 + 0.05 * k)
            except DecodeError:
                continue
            check_output(dec, out)

    run()


PARSERS = {
    "pmd_cp_response": P.parse_cp_response,
    "pmd_settings": P.parse_settings,
    "pmd_request": P.parse_request,
    "pmd_features": P.parse_features,
    "pmd_stopped": P.parse_stopped,
    "pmd_frame": lambda b: P.acc_counts(P.parse_frame(b)),
    "pmd_delta": P.decode_delta,
    "movesense_command": MS.parse_command,
    "movesense_result": MS.parse_result,
    "metawear_message": MW.parse_message,
    "metawear_config": lambda b: MW.decode_config(b, "bmi160"),
    "witmotion_command": WM.parse_command,
    "thingy_config": TH.parse_config,
    "nus_command": NUS.parse_command,
    "resp_pmd": lambda b: parse_response("pmd_cp_response", b).settings(),
    "resp_features": lambda b: parse_response("pmd_features", b).reason,
    "resp_metawear": lambda b: parse_response("metawear_module_info", b, implementation=1).reason,
    "resp_hello": lambda b: parse_response("movesense_hello", b).ok,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_parsers_random_bytes(name):
    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(st.binary(max_size=64))
    def run(data):
        try:
            PARSERS[name](data)
        except DecodeError:
            pass

    run()


def test_check_output_catches_bad_shapes():
    dec = DECODER_CASES["polar_pmd"]()
    with pytest.raises(AssertionError):
        check_output(dec, (np.zeros(2), np.zeros((1, 3)), None))
