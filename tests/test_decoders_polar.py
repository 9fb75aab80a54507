"""Polar PMD: every worked example of sensor-protocols.md section 1, byte for byte,
plus encode -> decode round trips."""

from __future__ import annotations


import numpy as np
import pytest

from repcount.decoders import DecodeError, make_decoder, parse_response
from repcount.decoders import polar as P


def hx(s: str) -> bytes:
    return bytes.fromhex(s)


# -- control point ---------------------------------------------------------------------
def test_feature_read_h10():
    data = hx("0F 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")
    assert P.parse_features(data) == {0, 2}  # ECG and ACC
    assert P.encode_features({0, 2}) == data
    assert P.cp_kind(data) == "features"
    assert parse_response("pmd_features", data).ok


def test_get_settings_exchange():
    assert P.build_request(P.OP_GET_SETTINGS, P.ACC) == hx("01 02")
    resp = hx("F0 01 02 00 00 00 04 19 00 32 00 64 00 C8 00 01 01 10 00 02 03 02 00 04 00 08 00")
    r = P.parse_cp_response(resp)
    assert (r.op, r.measurement, r.status, r.more, r.ok) == (1, 2, 0, False, True)
    s = r.settings()
    assert s == {0: [25, 50, 100, 200], 1: [16], 2: [2, 4, 8]}
    settings = {0: [25, 50, 100, 200], 1: [16], 2: [2, 4, 8]}
    assert P.encode_settings_response(P.ACC, settings) == [resp]


def test_start_stop_h10():
    req = P.build_start_acc(200, 8)
    assert req == hx("02 02 00 01 C8 00 01 01 10 00 02 01 08 00")
    parsed = P.parse_request(req)
    assert (parsed.op, parsed.measurement, parsed.recording) == (2, 2, 0)
    assert parsed.settings == {0: [200], 1: [16], 2: [8]}
    r = P.parse_cp_response(hx("F0 02 02 00 00 01"))
    # The trailing "reserved" 01 is tolerated and carries no settings.
    assert r.ok and r.params == b"\x01" and r.settings() == {} and r.factor() is None
    assert P.encode_cp_response(2, 2, 0, False, b"\x01") == hx("F0 02 02 00 00 01")
    assert P.build_request(P.OP_STOP, P.ACC) == hx("03 02")
    assert P.encode_cp_response(3, 2) == hx("F0 03 02 00 00")
    assert P.parse_cp_response(hx("F0 03 02 00 00")).ok


def test_verity_start_and_factor():
    req = P.build_start_acc(52, 8, channels=3)
    assert req == hx("02 02 00 01 34 00 01 01 10 00 02 01 08 00 04 01 03")
    assert P.parse_request(req).settings[P.SET_CHANNELS] == [3]
    assert P.parse_cp_response(hx("F0 02 02 00 00")).factor() is None
    ppg = P.parse_cp_response(hx("F0 02 01 00 00 05 01 00 00 80 3F"))
    assert ppg.measurement == 1 and ppg.factor() == 1.0
    assert P.encode_cp_response(2, 1, params=P.encode_settings({5: [1.0]})) == hx("F0 02 01 00 00 05 01 00 00 80 3F")


@pytest.mark.parametrize("code,name", [(0, "SUCCESS"), (5, "INVALID_PARAMETER"), (6, "ALREADY_IN_STATE"),
                                       (8, "INVALID_SAMPLE_RATE"), (9, "INVALID_RANGE"), (12, "INVALID_STATE"),
                                       (13, "DEVICE_IN_CHARGER"), (14, "DISK_FULL")])
def test_error_codes(code, name):
    data = P.encode_cp_response(2, 2, code)
    r = parse_response("pmd_cp_response", data)
    assert r.status == code and r.status_name == name and r.ok == (code == 0)
    assert name in r.reason
    if code:
        assert data == bytes((0xF0, 2, 2, code)) and r.more is False


def test_more_flag_joins_parameters():
    settings = {0: [26, 52, 104, 208, 416], 1: [16], 2: [2, 4, 8, 16], 4: [3]}
    parts = P.encode_settings_response(P.ACC, settings, chunk=7)
    assert len(parts) > 1
    parsed = [P.parse_cp_response(p) for p in parts]
    assert [r.more for r in parsed] == [True] * (len(parts) - 1) + [False]
    joined = P.join_cp_responses(parsed)
    assert joined.settings() == settings and not joined.more


def test_more_flag_ignored_on_error():
    r = P.parse_cp_response(hx("F0 02 02 06 01 AA"))
    assert r.status_name == "ALREADY_IN_STATE" and r.more is False and r.params == b""


def test_device_initiated_stop():
    assert P.cp_kind(hx("01 02")) == "stopped"
    assert P.parse_stopped(hx("01 02")) == [2]


@pytest.mark.parametrize("bad", ["", "F0", "F0 02 02", "0F 05 00 00", "F1 02 02 00 00"])
def test_bad_cp_response(bad):
    with pytest.raises(DecodeError):
        P.parse_cp_response(hx(bad))


# -- frames ---------------------------------------------------------------------------
H10_FRAME = "02 EA 54 A2 42 8B 45 52 08 01 45 FF E4 FF B5 03 45 FF E4 FF B8 03"


def test_h10_spec_frame():
    f = P.parse_frame(hx(H10_FRAME))
    assert f.measurement == 2 and f.frame_type == 1 and not f.compressed
    assert f.timestamp_ns == 0x0852458B42A254EA == 599_618_164_814_402_794
    # 2019-01-01 00:36:04.814 on the strap clock (it restarts at 2019-01-01).
    assert f.timestamp_ns - P.H10_DEFAULT_CLOCK_NS == 2_164_814_402_794
    counts = P.acc_counts(f)
    assert counts.tolist() == [[-187, -28, 949], [-187, -28, 952]]  # not -184 (spec erratum)
    assert P.encode_acc_frame(f.timestamp_ns, counts, 0x01) == hx(H10_FRAME)


def test_sdk_raw_type1_frame():
    head = hx("02 00 94 35 77 00 00 00 00 01")
    content = hx("F7 FF FF FF E7 03 F8 FF FE FF E5 03")
    f = P.parse_frame(head + content)
    assert f.timestamp_ns == 2_000_000_000
    assert P.acc_counts(f).tolist() == [[-9, -1, 999], [-8, -2, 997]]


def test_sdk_compressed_type1():
    data = hx("02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08")
    f = P.parse_frame(data)
    assert f.type_byte == 0x81 and f.timestamp_ns == 0x65
    assert P.acc_counts(f).tolist() == [[-15, 20, 1008], [-20, 17, 1008]]
    enc = P.encode_acc_frame(0x65, [[-15, 20, 1008], [-20, 17, 1008]], 0x81, min_width=6)
    # The SDK vector has a stray bit in the 6 padding bits of the block (0x08); a
    # decoder ignores padding, our encoder writes zeros there.
    assert enc[:-1] == data[:-1] and enc[-1] == data[-1] & 0x03


def test_sdk_compressed_type0_prefix():
    # The first block (width 10, count 56) truncated to the bytes of its first sample:
    # the reference and sample 1 are fixed by the first 6 + 2 + 4 bytes.
    content = hx("71 07 F0 6A 9E 8D 0A 38 BE 5C BE BA")
    ref = P.decode_delta(content[:6])
    assert ref.tolist() == [[1905, 27376, -29282]]
    assert content[6:8] == bytes((10, 56))
    bits = int.from_bytes(content[8:12], "little")
    d = [P._signed((bits >> (10 * i)) & 0x3FF, 10) for i in range(3)]
    assert [1905 + d[0], 27376 + d[1], -29282 + d[2]] == [2095, 27271, -29367]
    with pytest.raises(DecodeError):
        P.decode_delta(content)  # the block is cut short


def test_verity_2021_spec_example():
    content = hx("D0 FF 65 01 E4 0F 08 1D FC 07 FF 0C 13 F2") + bytes(29 * 3 - 6)
    s = P.decode_delta(content)
    assert len(s) == 30
    assert s[:3].tolist() == [[-48, 357, 4068], [-52, 364, 4067], [-40, 383, 4053]]


def _utc(polar_ns: int):
    import datetime as dt

    return dt.datetime.fromtimestamp(P.to_unix_ns(polar_ns) / 1e9, dt.timezone.utc)


def test_h10_frame_time_is_2019_default_clock():
    t = _utc(P.parse_frame(hx(H10_FRAME)).timestamp_ns)
    assert t.strftime("%Y-%m-%d %H:%M:%S.%f")[:23] == "2019-01-01 00:36:04.814"


def test_real_verity_frame_issue_186_prefix():
    # Only the first bytes are quoted in the reference: header, reference sample, first block header.
    data = hx("02 96 5B 06 5D EE AB 7F 09 80 8E F1 B9 FB 34 FB 08 1D")
    f = P.parse_frame(data)
    assert f.type_byte == 0x80 and f.measurement == P.ACC
    assert _utc(f.timestamp_ns).strftime("%Y-%m-%d %H:%M:%S.%f")[:21] == "2021-09-08 22:18:28.6"
    ref = P.decode_delta(f.content[:6])
    assert ref.tolist() == [[-3698, -1095, -1228]]
    np.testing.assert_allclose(ref[0] * 2.44e-4 * 1000, [-902, -267, -300], atol=0.5)
    assert tuple(f.content[6:8]) == (8, 29)
    with pytest.raises(DecodeError):
        P.acc_counts(f)  # the block is cut short here


def test_real_verity_type81_issue_443_prefix():
    data = hx("02 00 41 6F C4 12 45 93 0A 81 EE 02 1F FE 82 FF 08 0A")
    f = P.parse_frame(data)
    assert f.type_byte == 0x81
    assert P.decode_delta(f.content[:6]).tolist() == [[750, -481, -126]]
    assert tuple(f.content[6:8]) == (8, 10)


def test_multi_block_frame_round_trip():
    # Like the issue #186 frame: several blocks of different widths in one notification.
    rng = np.random.default_rng(5)
    steps = np.concatenate([rng.integers(-100, 100, (29, 3)), rng.integers(-500, 500, (10, 3)),
                            rng.integers(-100, 100, (10, 3)), rng.integers(-500, 500, (13, 3))])
    s = np.cumsum(np.vstack([[[-3698, -1095, -1228]], steps]), axis=0)
    content = P.encode_delta(s, block=29)
    widths = []
    i = 6
    while i < len(content):
        w, n = content[i], content[i + 1]
        widths.append((w, n))
        i += 2 + (w * n * 3 + 7) // 8
    assert len(widths) == 3 and i == len(content)
    assert P.decode_delta(content).tolist() == s.tolist()
    assert len(P.decode_delta(content)) == 63


def test_type0_and_type2_frames():
    for tb, samples in ((0x00, [[1, -2, 127], [-128, 0, 5]]), (0x02, [[-8_000_000, 1, 8_388_607], [0, -1, 2]])):
        data = P.encode_acc_frame(5_000_000_000, samples, tb)
        assert P.acc_counts(P.parse_frame(data)).tolist() == samples


def test_sample_times_like_the_sdk():
    # First frame: nominal spacing back from the last sample.
    assert P.sample_times_ns(1_000_000_000, 4, None, 200) == [985_000_000, 990_000_000, 995_000_000, 1_000_000_000]
    # Later frame: the interval since the previous frame spread evenly, last = T.
    assert P.sample_times_ns(1_030_000_000, 3, 1_000_000_000, 200) == [1_010_000_000, 1_020_000_000, 1_030_000_000]
    assert P.sample_times_ns(1_000_000_010, 3, 1_000_000_000, 200) == [1_000_000_003, 1_000_000_007, 1_000_000_010]
    with pytest.raises(DecodeError):
        P.sample_times_ns(1_000, 2, 1_000, 200)
    with pytest.raises(DecodeError):
        P.sample_times_ns(1_000, 5, None, 1)


# -- the decoder ------------------------------------------------------------------------
def _stream(type_byte, rate, frames=5, n=10, factor_counts=1):
    rng = np.random.default_rng(1)
    t0 = 600_000_000_000_000_000
    out, truth = [], []
    for k in range(frames):
        s = rng.integers(-2000, 2000, size=(n, 3)) * factor_counts
        ts = t0 + int((k + 1) * n * 1e9 / rate)
        out.append((P.encode_acc_frame(ts, s, type_byte), ts))
        truth.append(s)
    return out, np.concatenate(truth)


@pytest.mark.parametrize("type_byte", [0x00, 0x01, 0x02, 0x81])
def test_decoder_round_trip(type_byte):
    dec = make_decoder("polar-h10", 200, 8)
    lim = 120 if type_byte == 0x00 else 2000
    rng = np.random.default_rng(2)
    t0 = 600_000_000_000_000_000
    ts_all, acc_all, want = [], [], []
    for k in range(6):
        s = rng.integers(-lim, lim, size=(20, 3))
        ts = t0 + (k + 1) * 100_000_000
        t, acc, gyro = dec.decode(P.encode_acc_frame(ts, s, type_byte), host_t=10.0 + k * 0.1)
        assert gyro is None
        ts_all.append(t)
        acc_all.append(acc)
        want.append(s / 1000.0)
    t = np.concatenate(ts_all)
    np.testing.assert_allclose(np.concatenate(acc_all), np.concatenate(want))
    assert np.all(np.diff(t) > 0)
    np.testing.assert_allclose(np.diff(t), 0.005, atol=1e-6)
    assert abs(t[19] - 10.0) < 1e-9  # first frame anchored at its host time


def test_decoder_type80_uses_factor_from_start_response():
    dec = make_decoder("polar-verity-sense", 52, 8)
    s = [[4068, 0, -4068], [4000, 10, -4100]]
    frame = P.encode_acc_frame(600_000_000_000_000_000, s, 0x80)
    _, acc, _ = dec.decode(frame, 1.0)
    np.testing.assert_allclose(acc, np.asarray(s) * 2.44e-4)
    dec.on_control(P.encode_cp_response(2, 2, params=P.encode_settings({5: [0.5e-3]})))
    dec.reset()
    _, acc, _ = dec.decode(frame, 2.0)
    np.testing.assert_allclose(acc, np.asarray(s) * np.float32(0.5e-3))


def test_decoder_ignores_other_streams_and_types():
    dec = make_decoder("polar-h10", 200, 8)
    ecg = P.encode_frame(0, 1000, 0x00, bytes(9))
    t, acc, _ = dec.decode(ecg, 1.0)
    assert len(t) == 0 and acc.shape == (0, 3)
    t, _, _ = dec.decode(P.encode_frame(2, 1000, 0x8A, bytes(9)), 1.0)
    assert len(t) == 0


def test_decoder_gap_is_not_stretched():
    dec = make_decoder("polar-h10", 100, 8)
    s = np.zeros((10, 3), dtype=int)
    t0 = 600_000_000_000_000_000
    t1, _, _ = dec.decode(P.encode_acc_frame(t0, s), 5.0)
    t2, _, _ = dec.decode(P.encode_acc_frame(t0 + 2_000_000_000, s), 7.0)  # 1.9 s lost
    np.testing.assert_allclose(np.diff(t2), 0.01, atol=1e-6)
    assert abs((t2[-1] - t1[-1]) - 2.0) < 1e-6


def test_decoder_rejects_replayed_frame():
    dec = make_decoder("polar-h10", 200, 8)
    f = P.encode_acc_frame(600_000_000_000_000_000, [[0, 0, 1000]] * 4)
    dec.decode(f, 1.0)
    with pytest.raises(DecodeError):
        dec.decode(f, 1.1)


@pytest.mark.parametrize("bad", ["02 00 00", H10_FRAME[:-3], "02 00 00 00 00 00 00 00 00 81 01 02 03",
                                 "02 00 00 00 00 00 00 00 00 81 00 00 00 00 00 00 00 05",
                                 "02 00 00 00 00 00 00 00 00 01"])
def test_decoder_malformed(bad):
    dec = make_decoder("polar-h10", 200, 8)
    with pytest.raises(DecodeError):
        dec.decode(hx(bad), 1.0)


def test_one_lost_frame_does_not_stretch_the_next_over_the_gap():
    # At exactly twice the frame span (one frame lost) the next frame keeps the
    # nominal 5 ms spacing instead of being spread over 10 ms per sample.
    import numpy as np

    from repcount.decoders.polar import PolarPmdDecoder, encode_acc_frame

    dec = PolarPmdDecoder(rate_hz=200, range_g=8)
    n, period = 36, 5_000_000
    samples = np.zeros((n, 3), dtype=int)
    t0 = 10 * 1_000_000_000
    dec.decode(encode_acc_frame(t0, samples), 0.0)
    t, _, _ = dec.decode(encode_acc_frame(t0 + 2 * n * period, samples), 0.4)  # frame 2 lost
    assert np.allclose(np.diff(t), period / 1e9, atol=1e-6)
