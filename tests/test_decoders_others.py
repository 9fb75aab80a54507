"""Movesense, MetaWear, WitMotion, micro:bit, Thingy:52 and NUS text: the reference's
worked examples byte for byte, and encode -> decode round trips."""

from __future__ import annotations

import numpy as np
import pytest

from repcount.decoders import DecodeError, make_decoder, parse_response
from repcount.decoders import metawear as MW
from repcount.decoders import microbit as MB
from repcount.decoders import movesense as MS
from repcount.decoders import nus as NUS
from repcount.decoders import thingy as TH
from repcount.decoders import witmotion as WM
from repcount.profiles import load_profile


def hx(s: str) -> bytes:
    return bytes.fromhex(s)


# -- Movesense ------------------------------------------------------------------------
MS_FRAME = "02 63 40 E2 01 00 00 00 00 00 00 00 00 00 0A E8 1C 41 00 00 00 3F 00 00 80 BE 00 00 1C 41"


def test_movesense_commands():
    sub = MS.build_subscribe(0x63, "/Meas/Acc/52")
    assert sub == hx("01 63 2F 4D 65 61 73 2F 41 63 63 2F 35 32")
    assert MS.build_unsubscribe(0x63) == hx("02 63")
    c = MS.parse_command(sub)
    assert (c.command, c.ref, c.path) == (MS.SUBSCRIBE, 0x63, "/Meas/Acc/52") and MS.acc_rate_of(c.path) == 52
    p = load_profile("movesense")
    assert p.render(p.start[1], 52, 0) == sub
    with pytest.raises(DecodeError):
        MS.parse_command(hx("01 00 2F"))


def test_movesense_worked_notification():
    data = hx(MS_FRAME)
    assert len(data) == 30
    assert MS.encode_acc(0x63, 123456, [[0, 0, 9.80665], [0.5, -0.25, 9.75]]) == data
    dec = make_decoder("movesense", 52, None)
    t, acc, gyro = dec.decode(data, host_t=100.0)
    assert gyro is None
    np.testing.assert_allclose(acc * MS.G, [[0, 0, 9.80665], [0.5, -0.25, 9.75]], rtol=1e-6)
    np.testing.assert_allclose(acc[0], [0, 0, 1.0], atol=1e-6)
    # The timestamp is the FIRST sample: the second one follows 1/52 s later.
    assert abs(t[1] - t[0] - 1 / 52) < 1e-9


def test_movesense_results_and_part2():
    assert MS.parse_result(hx("01 63 01 FB")).status == 507  # big-endian, as the sample firmware
    assert not MS.parse_result(hx("01 63 01 FB")).ok
    assert parse_response("movesense_hello", MS.encode_hello_result(0x63)).ok
    dec = make_decoder("movesense", 104, None)
    t, _, _ = dec.decode(hx("01 63 01 FB"), 1.0)
    assert len(t) == 0 and dec.last_result.status == 507
    rng = np.random.default_rng(0)
    samples = rng.normal(0, 5, size=(20, 3)).astype(np.float32)
    parts = MS.split_part2(MS.encode_acc(0x63, 5000, samples), 155)
    assert len(parts) == 2 and parts[1][0] == 3
    t1, a1, _ = dec.decode(parts[0], 2.0)
    assert len(t1) == 0
    t2, a2, _ = dec.decode(parts[1], 2.0)
    np.testing.assert_allclose(a2 * MS.G, samples, rtol=1e-6)
    with pytest.raises(DecodeError):
        dec.decode(parts[1], 2.1)  # a continuation without its first part


# -- MetaWear -------------------------------------------------------------------------
def test_metawear_commands_match_reference():
    assert [c.hex(" ") for c in MW.start_commands("bmi160", 100, 16)] == ["03 03 28 0c", "03 04 01", "03 02 01 00", "03 01 01"]
    assert MW.start_commands("bmi270", 100, 16)[0] == hx("03 03 A8 03")
    assert [c.hex(" ") for c in MW.stop_commands()] == ["03 02 00 01", "03 01 00", "03 04 00"]
    assert MW.config_bytes("bmi160", 100, 2) == hx("28 03")   # SDK default
    assert MW.config_bytes("bmi270", 100, 8) == hx("A8 02")   # SDK default
    for rate, b in ((25, "26 0C"), (50, "27 0C"), (200, "29 0C"), (400, "2A 0C")):
        assert MW.config_bytes("bmi160", rate, 16) == hx(b)
        assert MW.config_bytes("bmi270", rate, 16) == hx("A" + b[1:-2] + "03")
    assert MW.decode_config(hx("28 0C"), "bmi160") == (100, 16.0)
    for chip in ("bmi160", "bmi270"):
        p = load_profile(f"metamotion-{chip}")
        writes = [p.render(s, 100, 16) for s in p.start if s.action == "write"][1:]
        assert writes == MW.start_commands(chip, 100, 16)
        assert [p.render(s, 100, 16) for s in p.stop if s.action == "write"] == MW.stop_commands()


def test_metawear_worked_notifications():
    assert MW.encode_acc([0, 0, 1], 16) == hx("03 04 00 00 00 00 00 08")
    assert MW.encode_acc([-0.5, 0.25, 1], 2) == hx("03 04 00 E0 00 10 00 40")
    dec = make_decoder("metamotion-bmi160", 100, 2)
    _, acc, _ = dec.decode(hx("03 04 00 E0 00 10 00 40"), 1.0)
    np.testing.assert_allclose(acc, [[-0.5, 0.25, 1.0]])
    dec16 = make_decoder("metamotion-bmi270", 100, 16)
    _, acc, _ = dec16.decode(hx("03 04 00 00 00 00 00 08"), 1.0)
    np.testing.assert_allclose(acc, [[0, 0, 1.0]])


def test_metawear_packed_and_module_info():
    s = [[0.1, 0.2, 1.0], [0.0, -0.3, 0.9], [1.5, 0, -2]]
    for chip, reg in (("bmi160", 0x1C), ("bmi270", 0x05)):
        data = MW.encode_packed(s, 8, chip)
        assert data[:2] == bytes((3, reg)) and len(data) == 20
        t, acc, _ = make_decoder(f"metamotion-{chip}", 100, 8).decode(data, 3.0)
        assert len(t) == 3 and np.allclose(np.diff(t), 0.01)
        np.testing.assert_allclose(acc, s, atol=1 / 4096)
    info = MW.encode_module_info(3, 1, 2)
    assert info == hx("03 80 01 02")
    assert parse_response("metawear_module_info", info, module=3, implementation=1).ok
    r = parse_response("metawear_module_info", info, module=3, implementation=4)
    assert not r.ok and "bmi160" in r.reason
    assert not parse_response("metawear_module_info", hx("03 80")).ok  # absent
    with pytest.raises(DecodeError):
        parse_response("metawear_module_info", hx("03 04 00 00"))
    dec = make_decoder("metamotion-bmi160", 100, 16)
    assert len(dec.decode(info, 1.0)[0]) == 0  # discovery reply on the data char: ignored
    with pytest.raises(DecodeError):
        dec.decode(hx("03 04 00 00 00"), 1.0)


# -- WitMotion ------------------------------------------------------------------------
WM1 = "55 61 00 00 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00"
WM2 = "55 61 00 04 00 FE 00 08 00 00 00 00 C3 05 1C 07 00 00 00 00"


def test_witmotion_worked_frames():
    assert WM.encode_frame([0, 0, 1]) == hx(WM1)
    assert WM.encode_frame([0.5, -0.25, 1], [0, 0, 90], [10, 0, 0]) == hx(WM2)
    acc, gyro, ang = WM.parse_frame(hx(WM2))
    np.testing.assert_allclose(acc, [0.5, -0.25, 1])
    assert abs(gyro[2] - 90) < 2000 / 32768 and abs(ang[0] - 10) < 180 / 32768


def test_witmotion_commands():
    assert [c.hex(" ") for c in WM.rate_commands(50)] == ["ff aa 69 88 b5", "ff aa 03 08 00", "ff aa 00 00 00"]
    p = load_profile("witmotion")
    assert [p.render(s, 50, 16) for s in p.start if s.action == "write"] == WM.rate_commands(50)
    assert WM.parse_command(hx("FF AA 03 08 00")) == WM.Command(3, 8)


def test_witmotion_stream_resync():
    dec = make_decoder("witmotion", 50, 16)
    f1, f2 = hx(WM1), hx(WM2)
    reg = WM.encode_register_reply(0x03, [8, 0, 0, 0, 0, 0, 0, 0])
    stream = f1 + reg + f2 + f2
    got = []
    for i in range(0, len(stream), 7):  # frames split across notifications
        t, acc, gyro = dec.decode(stream[i:i + 7], host_t=1 + i / 1000)
        got.extend(acc.tolist())
        assert gyro.shape == acc.shape
    assert len(got) == 3
    # junk then a frame: the frame survives, junk is counted
    t, acc, _ = dec.decode(hx("00 55 13 37") + f2, 2.0)
    assert len(t) == 1 and dec.junk_bytes == 4
    with pytest.raises(DecodeError):
        dec.decode(hx("01 02 03"), 2.1)


def test_witmotion_payload_byte_0x55_is_not_a_header():
    frame = WM.encode_frame([0x55 * 16 / 32768, 0, 1])  # ax low byte is 0x55
    assert frame[2] == 0x55
    _, acc, _ = make_decoder("witmotion", 50, 16).decode(frame + frame, 1.0)
    assert len(acc) == 2


# -- micro:bit ------------------------------------------------------------------------
def test_microbit():
    assert MB.encode_sample([0, 0, -1]) == hx("00 00 00 00 18 FC")
    p = load_profile("microbit")
    assert p.render(p.start[0], 50, 2) == hx("14 00") == MB.encode_period(20)
    dec = make_decoder("microbit", 50, 2)
    _, acc, _ = dec.decode(hx("00 00 00 00 18 FC"), 1.0)
    np.testing.assert_allclose(acc, [[0, 0, -1]])
    with pytest.raises(DecodeError):
        dec.decode(hx("00 00 00 00 00"), 1.0)


def test_microbit_reference_bytes_for_minus_one_g():
    # The reference writes z = -1 g as "00 00 00 00 00 FC" (int16 -1024): that is the
    # int16 of -1024 mg, i.e. -1.024 g with the profile's /1000; -1000 mg is 18 FC.
    _, acc, _ = make_decoder("microbit", 50, 2).decode(hx("00 00 00 00 00 FC"), 1.0)
    np.testing.assert_allclose(acc, [[0, 0, -1.024]])


# -- Thingy:52 ------------------------------------------------------------------------
def test_thingy():
    raw = hx("00 00 00 00 00 04 00 00 00 00 40 01 00 01 00 00 00 00")
    assert TH.encode_raw([0, 0, 1], [0, 0, 10], [16, 0, 0]) == raw
    t, acc, gyro = make_decoder("thingy52", 100, None).decode(raw, 1.0)
    np.testing.assert_allclose(acc, [[0, 0, 1]])
    np.testing.assert_allclose(gyro, [[0, 0, 10]])
    cfg = hx("E8 03 F4 01 F4 01 64 00 01")
    assert TH.encode_config(TH.MotionConfig(motion_freq_hz=100)) == cfg
    assert TH.parse_config(cfg).motion_freq_hz == 100
    p = load_profile("thingy52")
    assert p.render(p.start[0], 100, 0) == cfg
    with pytest.raises(DecodeError):
        TH.parse_config(hx("E8 03 F4 01 F4 01 C8 01 01"))  # 456 Hz


# -- NUS text -------------------------------------------------------------------------
def test_nus_lines_split_and_joined():
    lines = b"".join(NUS.encode_line(1000 + 10 * i, [0.01 * i, -0.5, 1.0]) for i in range(10))
    dec = make_decoder("nus-text", 100, None)
    ts, accs = [], []
    for chunk in NUS.split_notifications(b"# fw 1.0\n" + lines, 20):
        t, acc, gyro = dec.decode(chunk, host_t=5.0)
        assert gyro is None
        ts.extend(t)
        accs.extend(acc.tolist())
    assert len(ts) == 10
    np.testing.assert_allclose(np.diff(ts), 0.01, atol=1e-9)
    np.testing.assert_allclose(accs, [[0.01 * i, -0.5, 1.0] for i in range(10)], atol=1e-9)


def test_nus_gyro_lines_and_wrap():
    dec = NUS.NusTextDecoder(100, 0, {"gyro": True})
    line1 = NUS.encode_line(2**32 - 5, [0, 0, 1], [1, 2, 3])
    line2 = NUS.encode_line(5, [0, 0, 1], [1, 2, 3])  # millis() wrapped
    assert line1 == b"m,4294967291,0,0,1,1,2,3\n"
    t, acc, gyro = dec.decode(line1 + line2, 1.0)
    assert len(t) == 2 and abs(t[1] - t[0] - 0.010) < 1e-9
    np.testing.assert_allclose(gyro, [[1, 2, 3]] * 2)
    with pytest.raises(DecodeError):
        dec.decode(b"a,20,0,0,1\n", 1.1)  # no gyro in a gyro profile


@pytest.mark.parametrize("bad", [b"x,1,2,3,4\n", b"a,1,2,3\n", b"a,-5,0,0,1\n", b"a,1,nan,0,1\n",
                                 b"a,1,0,0,zz\n", b"\xff\xfe\n", b"a," + b"1" * 200 + b"\n"])
def test_nus_bad_lines(bad):
    dec = make_decoder("nus-text", 100, None)
    with pytest.raises(DecodeError):
        dec.decode(bad, 1.0)
    # the next good line still decodes
    t, _, _ = dec.decode(b"a,1000,0,0,1\n", 1.1)
    assert len(t) == 1


def test_nus_good_and_bad_lines_together():
    dec = make_decoder("nus-text", 100, None)
    t, _, _ = dec.decode(b"a,10,0,0,1\ngarbage\na,20,0,0,1\na,15,0,0,1\n", 1.0)
    assert len(t) == 2 and dec.bad_lines == 2


def test_nus_commands():
    p = load_profile("nus-text")
    writes = [p.render(s, 50, 0) for s in p.start if s.action == "write"]
    assert writes == [b"rate 50\n", b"start\n"]
    assert [NUS.parse_command(w) for w in writes] == [("rate", 50.0), ("start", None)]
    assert NUS.parse_command(b"stop\n") == ("stop", None)


# -- host timeline ---------------------------------------------------------------------
def test_host_clock_jitter_gap_and_drift():
    from repcount.decoders import HostClock

    rng = np.random.default_rng(3)
    clk = HostClock(100.0)
    out = []
    real = 0.0
    for k in range(1200):  # 12 s at a true 98 Hz, received with up to 30 ms jitter
        real += 1 / 98.0
        if 400 <= k < 500:
            continue  # one second of notifications lost
        out.append(clk.place(1, real + rng.uniform(0, 0.03))[0])
    t = np.asarray(out)
    assert np.all(np.diff(t) > 0)
    assert clk.reanchors == 1
    # After the drift estimate, the timeline tracks the host within the jitter.
    assert abs(t[-1] - real) < 0.1
    big = np.diff(t) > 0.5
    assert big.sum() == 1  # the gap shows as one gap


def test_sensor_clock_reanchors_on_reboot():
    from repcount.decoders import SensorClock

    clk = SensorClock()
    a = clk.map(np.array([100.0, 100.01]), 5.0)
    b = clk.map(np.array([100.02, 100.03]), 5.02)
    assert abs(b[0] - a[1] - 0.01) < 1e-9
    c = clk.map(np.array([0.5, 0.51]), 6.0)  # sensor rebooted: its clock restarted
    assert c[0] > b[1] and abs(c[1] - 6.0) < 1e-6 and clk.reanchors == 1


def test_host_clock_reset_reanchors_forward():
    from repcount.decoders import HostClock

    clk = HostClock(50.0)
    a = clk.place(5, 1.0)
    np.testing.assert_allclose(np.diff(a), 0.02)
    assert abs(a[-1] - 1.0) < 1e-12
    clk.reset()
    b = clk.place(2, 1.01)  # a reconnect: re-anchored, but never before the last sample
    assert b[0] > a[-1] and clk.reanchors == 1
    c = clk.place(1, 30.0)  # a long silence: re-anchored at the receipt time
    assert abs(c[0] - 30.0) < 1e-12 and clk.reanchors == 2


def test_profiles_doctest():
    import doctest

    import repcount.profiles

    assert doctest.testmod(repcount.profiles).failed == 0
