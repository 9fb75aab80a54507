"""Profiles: loading, discovery matching, user overrides, the validator on broken files,
and the ``repcount profiles`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from repcount.cli import cli
from repcount.errors import RepcountError
from repcount.profiles import (ProfileError, builtin_dir, list_profiles, load_profile,
                               match_advertisement, render_template, validate)

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {"polar-h10", "polar-verity-sense", "metamotion-bmi160", "metamotion-bmi270", "movesense",
            "witmotion", "microbit", "thingy52", "nus-text"}
H10 = (REPO / "firmware-profiles" / "polar-h10.toml").read_text()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("REPCOUNT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def user_dir(home: Path) -> Path:
    d = home / "config" / "profiles"
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_every_builtin_profile_is_valid_and_listed():
    names = {p.name for p in list_profiles()}
    assert names == EXPECTED
    for f in sorted((REPO / "firmware-profiles").glob("*.toml")):
        assert validate(f) == [], f


def test_package_data_is_the_repository_copy():
    # Built-ins ship as package data; the repo's firmware-profiles/ is the source.
    src = {f.name: f.read_bytes() for f in (REPO / "firmware-profiles").glob("*.toml")}
    pkg = {f.name: f.read_bytes() for f in builtin_dir().glob("*.toml")}
    assert src == pkg, "copy firmware-profiles/*.toml to src/repcount/data/firmware-profiles/"


def test_profile_fields():
    p = load_profile("polar-h10")
    assert p.decoder == "polar_pmd" and p.timestamps == "sensor" and p.builtin
    assert p.data_uuid == "fb005c82-02e7-f387-1cad-8acd2d8df0c8"
    assert p.characteristic("control").has("write", "indicate")
    assert p.rates_hz == (25, 50, 100, 200) and p.default_range_g == 8
    assert [s.action for s in p.start] == ["subscribe", "subscribe", "write", "write"]
    assert p.start[2].optional and p.start[3].expect == "pmd_cp_response"
    assert p.render(p.start[3], 50, 2).hex(" ") == "02 02 00 01 32 00 01 01 10 00 02 01 02 00"
    assert p.check_rate_range(None, None) == (200.0, 8.0)
    with pytest.raises(RepcountError, match="rate 30 Hz not supported"):
        p.check_rate_range(30, 8)
    assert load_profile(REPO / "firmware-profiles" / "microbit.toml").name == "microbit"


def test_unknown_profile_is_a_one_line_error():
    with pytest.raises(RepcountError, match="no firmware profile named 'nope'"):
        load_profile("nope")
    with pytest.raises(ProfileError, match="no such file"):
        load_profile("/nowhere/x.toml")


@pytest.mark.parametrize("name,uuids,want", [
    ("Polar H10 A1B2C3D4", [], ["polar-h10"]),
    ("polar h10 1234", [], ["polar-h10"]),
    ("Polar Sense B36B1F2A", ["0000180d-0000-1000-8000-00805f9b34fb"], ["polar-verity-sense"]),
    ("BBC micro:bit [zugiz]", [], ["microbit"]),
    ("MetaWear", [], ["metamotion-bmi160", "metamotion-bmi270"]),
    ("Movesense 174630000192", [], ["movesense"]),
    ("WT901BLE67", [], ["witmotion"]),
    ("Thingy", [], ["thingy52"]),
    ("my-esp32", ["6E400001-B5A3-F393-E0A9-E50E24DCCA9E"], ["nus-text"]),
    ("Headphones", ["180d"], []),
    (None, [], []),
])
def test_match_advertisement(name, uuids, want):
    assert [p.name for p in match_advertisement(name, uuids)] == want


def test_name_match_comes_before_uuid_match():
    got = [p.name for p in match_advertisement("Polar H10 1", ["fb005c80-02e7-f387-1cad-8acd2d8df0c8"])]
    assert got == ["polar-h10", "polar-verity-sense"]


def test_user_profile_overrides_and_adds(home):
    d = user_dir(home)
    (d / "polar-h10.toml").write_text(H10.replace('title = "Polar H10 chest strap (PMD accelerometer)"', 'title = "My H10"'))
    (d / "my-h10.toml").write_text(H10.replace('name = "polar-h10"', 'name = "my-h10"'))
    (d / "broken.toml").write_text("this is not toml = = =")
    problems: list = []
    profs = {p.name: p for p in list_profiles(problems)}
    assert profs["polar-h10"].title == "My H10" and not profs["polar-h10"].builtin
    assert "my-h10" in profs and "broken" not in profs
    assert problems and problems[0].file.endswith("broken.toml")
    assert load_profile("my-h10").name == "my-h10"


# -- the validator: each broken profile names file, key, reason ----------------------
BROKEN = [
    ("schema = 1\n", "schema = 2\n", "schema", "unsupported schema 2"),
    ('name = "polar-h10"', 'name = "Polar H10!"', "name", "lower-case"),
    ('name = "polar-h10"', 'name = "other"', "name", "differs from the file name"),
    ('title = "Polar H10 chest strap (PMD accelerometer)"\n', "", "title", "missing"),
    ('uuid = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"', 'uuid = "fb005c82"', "characteristics.data.uuid", "not a 128-bit UUID"),
    ('properties = ["notify"]', 'properties = ["notifi"]', "characteristics.data.properties", "unknown ['notifi']"),
    ('properties = ["notify"]', 'properties = ["read"]', "characteristics.data.properties", "must notify or indicate"),
    ('decoder = "polar_pmd"', 'decoder = "polar"', "stream.decoder", "unknown decoder 'polar'"),
    ('timestamps = "sensor"', 'timestamps = "device"', "stream.timestamps", "must be one of sensor, host"),
    ("rates_hz = [25, 50, 100, 200]", "rates_hz = [25, -50]", "stream.rates_hz[1]", "positive number"),
    ("default_rate_hz = 200", "default_rate_hz = 300", "stream.default_rate_hz", "not in rates_hz"),
    ("default_range_g = 8", 'default_range_g = "8"', "stream.default_range_g", "expected an integer or a number"),
    ("gyro = false", "gyro = 0", "stream.gyro", "expected true/false"),
    ('data = "data"', 'data = "dta"', "stream.data", "no characteristic with role 'dta'"),
    ("min_mtu = 232", "min_mtu = 232\nbogus = 1", "stream.bogus", "unknown key"),
    ('service_uuids = ["fb005c80-02e7-f387-1cad-8acd2d8df0c8"]', 'service_uuids = ["zz"]', "discovery.service_uuids[0]", "not a 128-bit UUID"),
    ('hex = "02 02 00 01 {rate:u16le} 01 01 10 00 02 01 {range:u16le}"', 'hex = "02 02 {rate:u17}"', "start[3].hex", "unknown format 'u17'"),
    ('hex = "02 02 00 01 {rate:u16le} 01 01 10 00 02 01 {range:u16le}"', 'hex = "02 02 {speed}"', "start[3].hex", "unknown placeholder {speed}"),
    ('hex = "02 02 00 01 {rate:u16le} 01 01 10 00 02 01 {range:u16le}"', 'hex = "02 0G"', "start[3].hex", "bad token '0G'"),
    ('hex = "02 02 00 01 {rate:u16le} 01 01 10 00 02 01 {range:u16le}"', 'hex = "02 {rate:u8} {range:i8} 2"', "start[3].hex", "bad token '2'"),
    ('expect = "pmd_cp_response"\n\n[[stop]]', 'expect = "pmd_cp_responses"\n\n[[stop]]', "start[3].expect", "unknown response kind"),
    ('[[start]]\nsubscribe = "control"\n', '[[start]]\nsubscribe = "control"\nwrite = "control"\n', "start[0]", "exactly one of"),
    ('[[start]]\nsubscribe = "control"\n', '[[start]]\nsubscribe = "ctrl"\n', "start[0].subscribe", "no characteristic with role 'ctrl'"),
    ('[[start]]\nsubscribe = "data"\n', '[[start]]\nread = "data"\n', "start[1].read", "lacks read"),
    ('[[start]]\nsubscribe = "data"\n', '[[start]]\nwait_ms = 10\n', "start", "never subscribes to the data characteristic"),
    ('response = true\nexpect = "pmd_cp_response"\noptional = true\ncomment', 'response = "yes"\nexpect = "pmd_cp_response"\noptional = true\ncomment', "start[2].response", "expected true/false"),
]


@pytest.mark.parametrize("old,new,key,reason", BROKEN, ids=[b[2] + ":" + b[3][:20] for b in BROKEN])
def test_validator_names_file_key_reason(tmp_path, old, new, key, reason):
    assert old in H10, old
    f = tmp_path / "polar-h10.toml"
    f.write_text(H10.replace(old, new, 1))
    problems = validate(f)
    assert any(p.file == str(f) and p.key == key and reason in p.reason for p in problems), problems
    with pytest.raises(ProfileError):
        load_profile(f)


def test_validator_syntax_and_missing_tables(tmp_path):
    f = tmp_path / "x.toml"
    f.write_text('name = "x"\n[stream\n')
    [p] = validate(f)
    assert p.file == str(f) and p.key == "-" and "not valid TOML" in p.reason
    f.write_text('schema = 1\nname = "x"\ntitle = "X"\n')
    keys = {p.key for p in validate(f)}
    assert {"discovery", "characteristics", "stream", "start", "stop"} <= keys
    f.write_bytes(b"\xff\xfe")
    assert validate(f)[0].reason == "not UTF-8 text"
    assert validate(tmp_path / "none.toml")[0].reason.startswith("cannot read")


def test_codes_table_must_cover_every_rate(tmp_path):
    src = (REPO / "firmware-profiles" / "witmotion.toml").read_text()
    f = tmp_path / "witmotion.toml"
    f.write_text(src.replace(', "50" = 0x08 }', " }"))
    problems = validate(f)
    assert any(p.key == "start[2].hex" and "no rate_code code for rate 50" in p.reason for p in problems), problems


def test_render_template_language():
    codes = {"odr": {"by": "rate", "values": {"12.5": 5}}}
    v = {"rate": 12.5, "range": 16, "period_ms": 80}
    assert render_template('01 "ab" {odr} {range:u16be} {period_ms:u16le} {range:ascii}', v, codes) == bytes.fromhex("01 61 62 05 00 10 50 00") + b"16"
    assert render_template("{range:f32le}", v) == bytes.fromhex("00 00 80 41")
    with pytest.raises(ValueError, match="does not fit"):
        render_template("{period_ms:i8}", {**v, "period_ms": 300})
    with pytest.raises(ValueError, match="not a whole number"):
        render_template("{rate:u8}", v)
    with pytest.raises(ValueError):
        render_template("__import__('os')", v)


# -- CLI --------------------------------------------------------------------------------
def run(*args):
    return CliRunner().invoke(cli, ["profiles", *args])


def test_cli_list():
    r = run("list")
    assert r.exit_code == 0, r.output
    for n in EXPECTED:
        assert n in r.output
    r = run("list", "--json")
    rows = [json.loads(x) for x in r.output.splitlines() if x.startswith("{")]
    assert {x["name"] for x in rows} == EXPECTED


def test_cli_show():
    r = run("show", "polar-h10", "--rate", "100", "--range", "4")
    assert r.exit_code == 0, r.output
    assert "02 02 00 01 64 00 01 01 10 00 02 01 04 00" in r.output and "fb005c82" in r.output
    r = run("show", "witmotion", "--json")
    d = json.loads(r.output)
    assert d["start"][2]["bytes"] == "ff aa 03 08 00" and d["gyro"] is True
    r = run("show", "polar-h10", "--rate", "33")
    assert r.exit_code == 1 and "not supported" in r.output and "Traceback" not in r.output
    r = run("show", "nope")
    assert r.exit_code == 1 and "no firmware profile named" in r.output


def test_cli_check(tmp_path):
    r = run("check")
    assert r.exit_code == 0 and "9 of 9 profiles OK" in r.output
    bad = tmp_path / "polar-h10.toml"
    bad.write_text(H10.replace('decoder = "polar_pmd"', 'decoder = "nope"'))
    good = tmp_path / "good"
    good.mkdir()
    (good / "polar-h10.toml").write_text(H10)
    r = run("check", str(bad), str(good))
    assert r.exit_code == 1
    assert f"{bad}: stream.decoder: unknown decoder 'nope'" in r.output
    assert "1 of 2 profiles OK" in r.output


def test_cli_decode():
    frame = "02 EA 54 A2 42 8B 45 52 08 01 45 FF E4 FF B5 03 45 FF E4 FF B8 03"
    r = run("decode", "polar-h10", frame)
    assert r.exit_code == 0, r.output
    assert "-0.18700" in r.output and "0.95200" in r.output and "0.005000" in r.output
    r = run("decode", "metamotion-bmi160", "--range", "2", "--json", "03:04:00:E0:00:10:00:40")
    assert json.loads(r.output.splitlines()[0])["acc_g"] == [-0.5, 0.25, 1.0]
    r = run("decode", "witmotion", "55 61 00 04 00 FE 00 08 00 00 00 00 C3 05 1C 07 00 00 00 00", "ff")
    assert r.exit_code == 1 and "notification 2: error" in r.output and "0.50000" in r.output
    r = run("decode", "polar-h10", "zz")
    assert r.exit_code == 1 and "not hex bytes" in r.output
    r = run("decode", "polar-verity-sense", "--control", "F0 02 02 00 00 05 01 00 00 80 3F",
            "02 00 00 00 00 00 00 00 00 80 E8 03 00 00 00 00")
    assert r.exit_code == 0 and "1000.00000" in r.output  # factor 1.0 G/count
