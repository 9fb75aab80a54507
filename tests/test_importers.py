"""Importers: every format and variant, detected by content, converted to g from t = 0."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from repcount.errors import InputFileError
from repcount.importers import detect, load

DATA = Path(__file__).parent / "data" / "importers"
sys.path.insert(0, str(DATA))
import make_importer_data as gen  # noqa: E402  (the generator knows the true signal)

START = "2024-03-05T06:07:08.250Z"
MB_ACC = "MetaWear_2024-03-05T19.07.08.250_C8E7A6B5_Accelerometer_50.000Hz_1.4.4.csv"
MB_GYRO = "MetaWear_2024-03-05T19.07.08.250_C8E7A6B5_Gyroscope_25.000Hz_1.4.4.csv"
POLAR = "Polar_H10_1A2B3C4D_20240305_060708_ACC.txt"

# name, format, rate, seconds, start_time known, acc tolerance (g; the file's own rounding)
CASES = [
    (MB_ACC, "metabase", 50.0, 2.0, True, 6e-4),
    ("metabase_epoc_12.5Hz.csv", "metabase", 12.5, 4.0, True, 6e-4),
    ("metabase5_full.csv", "metabase5", 100.0, 2.0, True, 6e-5),
    ("metabase5_elapsed.csv", "metabase5", 100.0, 2.0, True, 6e-5),
    ("metabase5_bare.csv", "metabase5", 100.0, 2.0, True, 6e-5),
    (POLAR, "polar-sensor-logger", 200.0, 1.5, True, 6e-4),
    ("phyphox_comma.zip", "phyphox", 100.0, 2.0, True, 1e-8),
    ("phyphox_tab.zip", "phyphox", 100.0, 2.0, True, 1e-8),
    ("phyphox_semicolon.zip", "phyphox", 100.0, 2.0, True, 1e-8),
    ("phyphox_tab_decimal_comma.zip", "phyphox", 100.0, 2.0, True, 1e-8),
    ("phyphox_semicolon_decimal_comma.zip", "phyphox", 100.0, 2.0, True, 1e-8),
    ("phyphox_folder", "phyphox", 100.0, 2.0, True, 1e-8),
    ("sensorlogger_android.zip", "sensor-logger", 50.0, 2.0, True, 1e-6),
    ("sensorlogger_ios", "sensor-logger", 50.0, 2.0, True, 1e-6),
    ("movesense_showcase.csv", "movesense", 52.0, 2.0, False, 6e-5),
    ("repcount_own.csv", "repcount", 100.0, 2.0, True, 6e-5),
    ("renamed_recording.txt", "repcount", 100.0, 2.0, True, 6e-5),
]


@pytest.mark.parametrize("name, fmt, rate, seconds, has_start, tol", CASES, ids=[c[0][:30] for c in CASES])
def test_each_format_loads_to_the_true_signal(name, fmt, rate, seconds, has_start, tol):
    rec = load(DATA / name)
    assert rec.meta["format"] == fmt
    t_true, acc_true, _ = gen.motion(rate, seconds)
    n = len(t_true)
    assert len(rec.block) == n
    assert rec.block.t[0] == 0.0
    # time: exact up to the source's own clock resolution (Movesense: ms counter per packet)
    t_tol = 2e-3 if fmt == "movesense" else 1e-6
    np.testing.assert_allclose(rec.block.t, t_true, atol=t_tol)
    # acc in g, gravity included, in the device frame, within the file's rounding
    np.testing.assert_allclose(rec.block.acc, acc_true, atol=tol + (6e-5 if fmt == "movesense" else 0))
    assert rec.meta["rate_hz"] == pytest.approx(rate, rel=0.002)
    if has_start:
        assert rec.meta["start_time"] == START
    else:
        assert "start_time" not in rec.meta


def test_metabase_gyroscope_file_beside_is_merged():
    rec = load(DATA / MB_ACC)
    assert rec.block.gyro is not None
    assert rec.meta["gyro_source"] == MB_GYRO
    # gyro y is a constant -5 deg/s; x = 10 deg/s per second, resampled onto the acc times
    g = rec.block.gyro
    ok = np.isfinite(g).all(axis=1)
    assert ok.sum() >= 95  # the gyro file ends at 1.96 s: the last acc samples have none
    np.testing.assert_allclose(g[ok, 1], -5.0)
    np.testing.assert_allclose(g[ok, 0], 10 * rec.block.t[ok], atol=1e-3)


def test_metabase_gyroscope_alone_is_refused_clearly():
    with pytest.raises(InputFileError, match="gyroscope file; give the accelerometer file"):
        load(DATA / MB_GYRO)


def test_metabase_utc_offset_kept():
    assert load(DATA / MB_ACC).meta["utc_offset"] == "-13:00"
    assert load(DATA / "metabase5_full.csv").meta["utc_offset"] == "-0800"


def test_phyphox_raw_data_csv_alone(tmp_path):
    with zipfile.ZipFile(DATA / "phyphox_tab_decimal_comma.zip") as z:
        (tmp_path / "Raw Data.csv").write_bytes(z.read("Raw Data.csv"))
    rec = load(tmp_path / "Raw Data.csv")
    assert rec.meta["format"] == "phyphox" and rec.meta["decimal"] == "," and rec.meta["separator"] == "tab"
    assert "start_time" not in rec.meta  # meta/time.csv is not there
    assert len(rec.block) == 200


@pytest.mark.parametrize("key", list(gen.PHYPHOX_VARIANTS))
def test_phyphox_variants_reported(key):
    sep, dec = gen.PHYPHOX_VARIANTS[key]
    rec = load(DATA / f"phyphox_{key}.zip")
    assert rec.meta["separator"] == {"\t": "tab"}.get(sep, sep)
    assert rec.meta["decimal"] == dec


def test_gravity_free_sources_get_nominal_gravity_and_say_so():
    _, acc_true, lin = gen.motion(100.0, 2.0)
    rec = load(DATA / "phyphox_linear.zip")
    assert rec.meta["gravity"] == "added"
    axis = np.array(rec.meta["gravity_axis"])
    # the motion is along GDIR only, so the principal axis is GDIR: the 1 g lands on the true vertical
    np.testing.assert_allclose(axis, gen.GDIR, atol=1e-3)
    np.testing.assert_allclose(rec.block.acc, acc_true, atol=2e-3)
    rec = load(DATA / "Accelerometer.csv")  # Sensor Logger, gravity excluded
    assert rec.meta["format"] == "sensor-logger" and rec.meta["gravity"] == "added"


def test_sensorlogger_prefers_total_then_accelerometer_plus_gravity(tmp_path):
    rec = load(DATA / "sensorlogger_android.zip")
    assert rec.meta["source_files"] == "TotalAcceleration.csv"
    assert "gravity" not in rec.meta
    # without TotalAcceleration.csv: Accelerometer.csv + Gravity.csv
    d = tmp_path / "export"
    d.mkdir()
    with zipfile.ZipFile(DATA / "sensorlogger_android.zip") as z:
        for n in ("Accelerometer.csv", "Gravity.csv", "Metadata.csv"):
            (d / n).write_bytes(z.read(n))
    rec = load(d)
    assert rec.meta["source_files"] == "Accelerometer.csv + Gravity.csv"
    np.testing.assert_allclose(rec.block.acc, gen.motion(50.0, 2.0)[1], atol=1e-6)


def test_sensorlogger_ios_unstandardised_is_negated():
    rec = load(DATA / "sensorlogger_ios")
    assert rec.meta["axes_negated"]
    # at rest the vertical reads +1 g like every other source
    assert float(np.mean(rec.block.acc @ gen.GDIR)) == pytest.approx(1.0, abs=0.01)


def test_sensorlogger_single_total_file_by_content(tmp_path):
    with zipfile.ZipFile(DATA / "sensorlogger_android.zip") as z:
        (tmp_path / "export-1.csv").write_bytes(z.read("TotalAcceleration.csv"))
        (tmp_path / "Gravity.csv").write_bytes(z.read("Gravity.csv"))
    rec = load(tmp_path / "export-1.csv")  # no telling name: the magnitude says gravity is in
    assert "gravity" not in rec.meta
    with pytest.raises(InputFileError, match="gravity only"):
        load(tmp_path / "Gravity.csv")


@pytest.mark.parametrize("name", [MB_ACC, "metabase5_bare.csv", POLAR, "movesense_showcase.csv", "repcount_own.csv", "Accelerometer.csv"])
def test_detection_is_by_content_not_name(tmp_path, name):
    dst = tmp_path / "mystery.txt"
    shutil.copy(DATA / name, dst)
    assert load(dst).meta["format"] == load(DATA / name).meta["format"]


def test_zip_holding_a_single_file_of_any_format(tmp_path):
    zp = tmp_path / "upload.zip"
    with zipfile.ZipFile(zp, "w") as z:
        z.write(DATA / POLAR, "export/" + POLAR)
    rec = load(zp)
    assert rec.meta["format"] == "polar-sensor-logger" and len(rec.block) == 300


def test_crlf_and_bom_tolerated(tmp_path):
    text = (DATA / "metabase5_bare.csv").read_text()
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    rec = load(p)
    assert rec.meta["format"] == "metabase5" and len(rec.block) == 200


def test_detect_names():
    assert detect("# repcount-recording 1\n") == "repcount"
    assert detect("Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n") == "polar-sensor-logger"
    assert detect("epoc (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n") == "metabase"
    assert detect("Epoch,X,Y,Z\n") == "metabase5"
    assert detect('"Time (s)"\t"Acceleration x (m/s^2)"\n') == "phyphox"
    assert detect("time,seconds_elapsed,z,y,x\n") == "sensor-logger"
    assert detect("timestamp,x,y,z\n") == "movesense"
    assert detect("date,weight,reps\n") is None


def test_unsorted_duplicate_and_nan_rows(tmp_path):
    p = tmp_path / "mb5.csv"
    p.write_text("Epoch,X,Y,Z\n100.00,0,0,1\n100.02,0,0,3\n100.01,0,0,2\n100.02,0,0,9\n100.03,nan,0,1\n100.04,0,0,4\n")
    rec = load(p)
    assert rec.block.t.tolist() == pytest.approx([0, 0.01, 0.02, 0.04])
    assert rec.block.acc[:, 2].tolist() == [1, 2, 3, 4]
    assert rec.meta["duplicate_rows"] == 1 and rec.meta["dropped_rows"] == 1


def test_movesense_values_in_g_are_not_rescaled(tmp_path):
    p = tmp_path / "ms.csv"
    p.write_text("timestamp,x,y,z\n1000,0,0,1\n,0,0,1.01\n1040,0,0,0.99\n,0,0,1\n")
    rec = load(p)
    assert rec.meta["source_units"] == "g"
    np.testing.assert_allclose(rec.block.t, [0, 0.02, 0.04, 0.06])
    np.testing.assert_allclose(rec.block.acc[:, 2], [1, 1.01, 0.99, 1])


def test_zip_skips_files_it_cannot_use(tmp_path):
    zp = tmp_path / "metabase.zip"
    with zipfile.ZipFile(zp, "w") as z:
        z.write(DATA / MB_GYRO, "A_" + MB_GYRO)  # listed first, refused on its own
        z.write(DATA / MB_ACC, "B_" + MB_ACC)
    rec = load(zp)
    assert rec.meta["format"] == "metabase" and len(rec.block) == 100
    zp2 = tmp_path / "gyro-only.zip"
    with zipfile.ZipFile(zp2, "w") as z:
        z.write(DATA / MB_GYRO, MB_GYRO)
    with pytest.raises(InputFileError, match="gyroscope file"):
        load(zp2)


def test_folder_of_several_recordings_is_not_silently_one(tmp_path):
    for name in ("repcount_own.csv", "metabase5_bare.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    with pytest.raises(InputFileError, match=r"holds 2 recordings .*name the files instead"):
        load(tmp_path)
    # a MetaBase session folder (accelerometer + its gyroscope file) is one recording
    d = tmp_path / "mb"
    d.mkdir()
    for name in (MB_ACC, MB_GYRO):
        shutil.copy(DATA / name, d / name)
    rec = load(d)
    assert rec.meta["format"] == "metabase" and rec.block.gyro is not None
