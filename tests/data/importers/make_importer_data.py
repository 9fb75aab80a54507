"""Write the small importer test files in this folder (deterministic; run from anywhere).

Each file holds a few seconds of a squat-like movement: 1 g of gravity along a fixed
device direction plus a vertical oscillation, laid out exactly as the app in question
writes it (docs: ../../../docs/recording-format.md and the importers' docstrings).

    python tests/data/importers/make_importer_data.py
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timedelta, timezone

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
G = 9.80665
# The Unix time of the first sample in every file (2024-03-05T06:07:08.250Z).
START_UNIX = 1709618828.25
GDIR = np.array([0.2, -0.3, 0.932737905308882])  # unit vector: "up" in the device frame


def motion(rate: float, seconds: float = 4.0):
    """t (s from 0) and specific force in g, gravity included, and the gravity-free part."""
    n = int(round(seconds * rate))
    t = np.arange(n) / rate
    lin = 0.3 * np.sin(2 * np.pi * t / 2.0)[:, None] * GDIR
    return t, lin + GDIR, lin


def _w(name: str, text: str) -> None:
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def metabase_classic() -> None:
    t, a, _ = motion(50.0, 2.0)
    rows = ["epoch (ms),time (-13:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)"]
    off = timedelta(hours=-13)
    for ti, (x, y, z) in zip(t, a):
        ms = int(round(START_UNIX * 1000 + ti * 1000))
        local = datetime.fromtimestamp(ms / 1000, tz=timezone.utc) + off
        rows.append(f"{ms},{local.strftime('%Y-%m-%dT%H.%M.%S.')}{local.microsecond // 1000:03d},{ti:.3f},{x:.3f},{y:.3f},{z:.3f}")
    _w("MetaWear_2024-03-05T19.07.08.250_C8E7A6B5_Accelerometer_50.000Hz_1.4.4.csv", "\r\n".join(rows) + "\r\n")
    # the gyroscope of the same session, at its own rate (25 Hz)
    tg = np.arange(50) / 25.0
    rows = ["epoch (ms),time (-13:00),elapsed (s),x-axis (deg/s),y-axis (deg/s),z-axis (deg/s)"]
    for ti in tg:
        ms = int(round(START_UNIX * 1000 + ti * 1000))
        rows.append(f"{ms},2024-03-04T17.07.08.250,{ti:.3f},{10 * ti:.3f},-5.000,{100 * np.sin(ti):.3f}")
    _w("MetaWear_2024-03-05T19.07.08.250_C8E7A6B5_Gyroscope_25.000Hz_1.4.4.csv", "\r\n".join(rows) + "\r\n")
    # the "epoc (ms)" spelling, 12.5 Hz, no gyroscope beside it; a UTC+01:00 header
    t, a, _ = motion(12.5, 4.0)
    rows = ["epoc (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)"]
    for ti, (x, y, z) in zip(t, a):
        ms = int(round(START_UNIX * 1000 + ti * 1000))
        rows.append(f"{ms},2024-03-05T07.07.08.250,{ti:.3f},{x:.3f},{y:.3f},{z:.3f}")
    _w("metabase_epoc_12.5Hz.csv", "\n".join(rows) + "\n")


def metabase5() -> None:
    t, a, _ = motion(100.0, 2.0)
    variants = {
        "metabase5_full.csv": ("Epoch,Timestamp (-0800),Elapsed (s),X,Y,Z", True, True),
        "metabase5_elapsed.csv": ("Epoch,Elapsed (s),X,Y,Z", False, True),
        "metabase5_bare.csv": ("Epoch,X,Y,Z", False, False),
    }
    for name, (head, ts, el) in variants.items():
        rows = [head]
        for ti, (x, y, z) in zip(t, a):
            f = [f"{START_UNIX + ti:.3f}"]
            if ts:
                local = datetime.fromtimestamp(START_UNIX + ti, tz=timezone.utc) - timedelta(hours=8)
                f.append(local.strftime("%Y-%m-%dT%H.%M.%S.") + f"{local.microsecond // 1000:03d}")
            if el:
                f.append(f"{ti:.3f}")
            f += [f"{x:.4f}", f"{y:.4f}", f"{z:.4f}"]
            rows.append(",".join(f))
        _w(name, "\n".join(rows) + "\n")


def polar() -> None:
    t, a, _ = motion(200.0, 1.5)
    polar_epoch = 946684800
    ns0 = int(round((START_UNIX - polar_epoch) * 1e9))
    rows = ["Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]"]
    for ti, (x, y, z) in zip(t, a):
        ns = ns0 + int(round(ti * 1e9))
        phone = datetime.fromtimestamp(START_UNIX + ti + 0.031, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        rows.append(f"{phone};{ns};{int(round(x * 1000))};{int(round(y * 1000))};{int(round(z * 1000))}")
    _w("Polar_H10_1A2B3C4D_20240305_060708_ACC.txt", "\n".join(rows) + "\n")


PHYPHOX_VARIANTS = {
    # name: (separator, decimal)
    "comma": (",", "."),
    "tab": ("\t", "."),
    "semicolon": (";", "."),
    "tab_decimal_comma": ("\t", ","),
    "semicolon_decimal_comma": (";", ","),
}


def _num(x: float, dec: str, digits: int = 9) -> str:
    s = f"{x:.{digits}E}"  # phyphox: 9.810000000E0
    mant, exp = s.split("E")
    s = f"{mant}E{int(exp)}"
    return s.replace(".", dec)


def phyphox_files(sep: str, dec: str, linear: bool = False) -> dict[str, str]:
    t, a, lin = motion(100.0, 2.0)
    v = (lin if linear else a) * G
    pre = "Linear Acceleration" if linear else "Acceleration"
    head = ['"Time (s)"'] + [f'"{pre} {c} (m/s^2)"' for c in "xyz"]
    if not linear:
        head.append('"Absolute acceleration (m/s^2)"')
    rows = [sep.join(head)]
    for ti, row in zip(t, v):
        f = [_num(ti, dec)] + [_num(x, dec) for x in row]
        if not linear:
            f.append(_num(float(np.linalg.norm(row)), dec))
        rows.append(sep.join(f))
    raw = "\n".join(rows) + "\n"
    q = lambda s: f'"{s}"'  # noqa: E731
    time_rows = [sep.join(q(h) for h in ("event", "experiment time", "system time", "system time text"))]
    time_rows.append(sep.join([q("START"), _num(0.0, dec), _num(START_UNIX, dec, 12), q("2024-03-05 07:07:08.250 UTC+01:00")]))
    time_rows.append(sep.join([q("PAUSE"), _num(2.0, dec), _num(START_UNIX + 2.0, dec, 12), q("2024-03-05 07:07:10.250 UTC+01:00")]))
    device = sep.join(q(x) for x in ("property", "value")) + "\n" + sep.join(q(x) for x in ("deviceModel", "Pixel 7")) + "\n"
    return {"Raw Data.csv": raw, "meta/time.csv": "\n".join(time_rows) + "\n", "meta/device.csv": device}


def _zip(name: str, files: dict[str, str]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, text in files.items():
            info = zipfile.ZipInfo(n, date_time=(2024, 3, 5, 7, 7, 8))  # fixed: reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(buf.getvalue())


def phyphox() -> None:
    for key, (sep, dec) in PHYPHOX_VARIANTS.items():
        _zip(f"phyphox_{key}.zip", phyphox_files(sep, dec))
    _zip("phyphox_linear.zip", phyphox_files(",", ".", linear=True))
    # an unpacked export (folder)
    d = os.path.join(HERE, "phyphox_folder")
    for n, text in phyphox_files(";", ",").items():
        os.makedirs(os.path.dirname(os.path.join(d, n)), exist_ok=True)
        _w(os.path.join("phyphox_folder", n), text)


def _sl_csv(t, v, ns0: int) -> str:
    rows = ["time,seconds_elapsed,z,y,x"]
    for ti, (x, y, z) in zip(t, v):
        rows.append(f"{ns0 + int(round(ti * 1e9))},{ti:.6f},{z:.6f},{y:.6f},{x:.6f}")
    return "\n".join(rows) + "\n"


def sensorlogger() -> None:
    t, a, lin = motion(50.0, 2.0)
    ns0 = int(round(START_UNIX * 1e9))
    grav = np.tile(GDIR, (len(t), 1))
    android = {
        "TotalAcceleration.csv": _sl_csv(t, a * G, ns0),
        "Accelerometer.csv": _sl_csv(t, lin * G, ns0),
        "Gravity.csv": _sl_csv(t, grav * G, ns0),
        "Metadata.csv": "version,device name,recording time,platform,appVersion,standardisation\n"
                        "3,Pixel 7,2024-03-05_06-07-08,android,1.30.0,false\n",
    }
    _zip("sensorlogger_android.zip", android)
    # iOS without "Standardise": axes negated; no TotalAcceleration.csv
    d = os.path.join(HERE, "sensorlogger_ios")
    os.makedirs(d, exist_ok=True)
    _w("sensorlogger_ios/Accelerometer.csv", _sl_csv(t, -lin * G, ns0))
    _w("sensorlogger_ios/Gravity.csv", _sl_csv(t, -grav * G, ns0))
    _w("sensorlogger_ios/Metadata.csv", "version,device name,recording time,platform,appVersion,standardisation\n"
                                          "3,iPhone 15,2024-03-05_06-07-08,ios,1.30.0,false\n")
    # a lone Accelerometer.csv: gravity-free
    _w("Accelerometer.csv", _sl_csv(t, lin * G, ns0))


def movesense() -> None:
    t, a, _ = motion(52.0, 2.0)
    rows = ["timestamp,x,y,z"]
    counter0 = 123456
    for i, (ti, row) in enumerate(zip(t, a * G)):
        stamp = str(counter0 + int(round(ti * 1000))) if i % 4 == 0 else ""  # 4 samples per packet
        rows.append(",".join([stamp] + [f"{x:.3f}" for x in row]))
    _w("movesense_showcase.csv", "\n".join(rows) + "\n")


def repcount_own() -> None:
    import sys

    sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "src"))
    from repcount.recording import Recording, write_recording
    from repcount.samples import SampleBlock

    t, a, _ = motion(100.0, 2.0)
    rec = Recording("mem", SampleBlock(t, a), {"sensor": "test", "start_time": "2024-03-05T06:07:08.250Z", "rate_hz": 100},
                    [{"type": "gap", "t": 1.0, "duration_s": 0.0}])
    write_recording(os.path.join(HERE, "repcount_own.csv"), rec)
    # the same content, named like something else: detection is by content
    with open(os.path.join(HERE, "repcount_own.csv")) as f:
        _w("renamed_recording.txt", f.read())


if __name__ == "__main__":
    metabase_classic()
    metabase5()
    polar()
    phyphox()
    sensorlogger()
    movesense()
    repcount_own()
    print("written to", HERE)
