"""Firmware profiles: one TOML data file per sensor (see docs/profiles.md for the schema).

A profile says how to find a sensor (advertised names, service UUIDs), which
characteristics to use (by UUID and properties), what to write to configure, start
and stop it (declarative steps; nothing in a profile is executed), which decoder turns
its notifications into samples, the rates and ranges it supports, the axis convention
and whether timestamps come from the sensor or the host clock.

Built-in profiles ship inside the package (``repcount/data/firmware-profiles``, a copy
of the repository's ``firmware-profiles/``); user profiles in
:func:`repcount.config.user_profiles_dir` override built-ins of the same name.

    >>> p = load_profile("polar-h10")
    >>> p.render(p.start[-1], 200, 8).hex(" ")
    '02 02 00 01 c8 00 01 01 10 00 02 01 08 00'
"""

from __future__ import annotations

import fnmatch
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .config import user_profiles_dir
from .errors import RepcountError

SCHEMA = 1
PROPERTIES = {"read", "write", "write-without-response", "notify", "indicate"}
ACTIONS = ("write", "subscribe", "unsubscribe", "read", "wait_ms")
TIMESTAMPS = ("sensor", "host")
FORMATS = {"u8": "<B", "i8": "<b", "u16le": "<H", "u16be": ">H", "i16le": "<h", "u32le": "<I", "u32be": ">I", "f32le": "<f", "ascii": None}
BUILTIN_NAMES = ("rate", "range", "period_ms")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TOKEN_RE = re.compile(r'"[^"]*"|\{[^}]*\}|\S+')
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class ProfileError(RepcountError):
    """A profile that cannot be used: names the file, the key and the reason."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        self.problem = Problem(str(file), key, reason)
        super().__init__(str(self.problem))


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.reason}"


@dataclass(frozen=True)
class Characteristic:
    uuid: str
    properties: frozenset

    def has(self, *props: str) -> bool:
        return all(p in self.properties for p in props)


@dataclass(frozen=True)
class Step:
    """One declarative command step (see docs/profiles.md).

    ``action`` is write | subscribe | unsubscribe | read | wait; ``role`` names a
    characteristic. A write sends ``hex`` (a template) with (``response=True``) or
    without ATT response; with ``expect`` the driver waits up to ``timeout_s`` for a
    notification/indication on ``expect_on`` (default: the written characteristic)
    and checks it with ``repcount.decoders.parse_response(expect, data, **expect_args)``.
    ``optional`` steps may fail (e.g. a stop sent before start to clear a stale stream).
    ``delay_ms`` is slept after the step.
    """

    action: str
    role: str | None = None
    hex: str | None = None
    response: bool = False
    expect: str | None = None
    expect_on: str | None = None
    expect_args: dict = field(default_factory=dict)
    optional: bool = False
    timeout_s: float = 5.0
    delay_ms: float = 0.0
    wait_ms: float = 0.0


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    path: str
    vendor: str = ""
    notes: str = ""
    name_patterns: tuple = ()
    service_uuids: tuple = ()
    characteristics: dict = field(default_factory=dict)  # role -> Characteristic
    data_role: str = "data"
    decoder: str = ""
    decoder_params: dict = field(default_factory=dict)
    timestamps: str = "host"
    rates_hz: tuple = ()
    ranges_g: tuple = ()
    default_rate_hz: float = 0.0
    default_range_g: float = 0.0
    has_gyro: bool = False
    min_mtu: int = 23
    axes: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)  # name -> {"by": "rate"|"range", "values": {key: int}}
    start: tuple = ()
    stop: tuple = ()
    builtin: bool = False

    @property
    def data_uuid(self) -> str:
        return self.characteristics[self.data_role].uuid

    def characteristic(self, role: str) -> Characteristic:
        return self.characteristics[role]

    def render(self, step_or_template: Step | str, rate_hz: float, range_g: float) -> bytes:
        """The bytes of a write step (or template) for this rate and range."""
        tpl = step_or_template.hex if isinstance(step_or_template, Step) else step_or_template
        return render_template(tpl or "", self.values(rate_hz, range_g), self.codes)

    def values(self, rate_hz: float, range_g: float) -> dict:
        return {"rate": rate_hz, "range": range_g, "period_ms": 1000.0 / rate_hz if rate_hz else 0}

    def check_rate_range(self, rate_hz: float | None, range_g: float | None) -> tuple[float, float]:
        """(rate, range) with defaults filled in; RepcountError when unsupported."""
        rate = self.default_rate_hz if rate_hz is None else float(rate_hz)
        rng = self.default_range_g if range_g is None else float(range_g)
        if rate not in self.rates_hz:
            raise RepcountError(f"{self.name}: rate {rate:g} Hz not supported (choose from {', '.join(f'{r:g}' for r in self.rates_hz)})")
        if self.ranges_g and rng not in self.ranges_g:
            raise RepcountError(f"{self.name}: range {rng:g} g not supported (choose from {', '.join(f'{r:g}' for r in self.ranges_g)})")
        return rate, rng


# -- the placeholder language --------------------------------------------------------
def _key(v: float) -> str:
    return f"{float(v):g}"


def render_template(template: str, values: dict, codes: dict | None = None) -> bytes:
    """Render a command template: whitespace-separated tokens, each one of

    - ``AB``: one byte in hex;
    - ``"text"``: ASCII bytes, no terminator;
    - ``{name}`` or ``{name:fmt}``: a value; name is ``rate``, ``range``, ``period_ms``
      or a lookup table from the profile's ``[codes]`` (keyed by rate or range), fmt is
      one of u8 i8 u16le u16be i16le u32le u32be f32le ascii (default u8).

    Raises ValueError naming the token on anything else. Nothing is evaluated.
    """
    codes = codes or {}
    out = bytearray()
    for tok in _TOKEN_RE.findall(template):
        if tok.startswith('"'):
            try:
                out += tok[1:-1].encode("ascii")
            except UnicodeEncodeError:
                raise ValueError(f"non-ASCII text in {tok}") from None
        elif tok.startswith("{"):
            inner = tok[1:-1]
            name, _, fmt = inner.partition(":")
            fmt = fmt or "u8"
            if fmt not in FORMATS:
                raise ValueError(f"unknown format {fmt!r} in {tok} (known: {', '.join(FORMATS)})")
            if name in BUILTIN_NAMES:
                v = values[name]
            elif name in codes:
                table = codes[name]
                k = _key(values[table["by"]])
                if k not in table["values"]:
                    raise ValueError(f"{tok}: no {name} code for {table['by']} {k}")
                v = table["values"][k]
            else:
                raise ValueError(f"unknown placeholder {tok} (use {', '.join(BUILTIN_NAMES)} or a [codes] table)")
            if fmt == "ascii":
                out += _key(v).encode()
            elif fmt == "f32le":
                out += struct.pack("<f", float(v))
            else:
                if float(v) != int(v):
                    raise ValueError(f"{tok}: {v:g} is not a whole number")
                try:
                    out += struct.pack(FORMATS[fmt], int(v))
                except struct.error:
                    raise ValueError(f"{tok}: {int(v)} does not fit {fmt}") from None
        elif re.fullmatch(r"[0-9A-Fa-f]{2}", tok):
            out.append(int(tok, 16))
        else:
            raise ValueError(f"bad token {tok!r} (expected a hex byte, \"text\" or {{placeholder}})")
    return bytes(out)


# -- loading and validating ------------------------------------------------------------
_TOP = {"schema", "name", "title", "vendor", "notes", "discovery", "characteristics", "stream",
        "decoder_params", "axes", "codes", "start", "stop"}
_STREAM = {"decoder", "data", "timestamps", "rates_hz", "ranges_g", "default_rate_hz", "default_range_g", "gyro", "min_mtu"}
_STEP = {"write", "subscribe", "unsubscribe", "read", "wait_ms", "hex", "response", "expect", "expect_on",
         "expect_args", "optional", "timeout_s", "delay_ms", "comment"}


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, key: str, reason: str) -> None:
        self.problems.append(Problem(self.file, key, reason))

    def get(self, table: dict, key: str, path: str, types: tuple, required: bool = True, default: Any = None) -> Any:
        if key not in table:
            if required:
                self.add(path, "missing")
            return default
        v = table[key]
        if isinstance(v, bool) and bool not in types:
            self.add(path, f"expected {_tname(types)}, got a boolean")
            return default
        if not isinstance(v, types):
            self.add(path, f"expected {_tname(types)}, got {type(v).__name__} {v!r}"[:200])
            return default
        return v

    def unknown(self, table: dict, allowed: set, prefix: str) -> None:
        for k in table:
            if k not in allowed:
                self.add(f"{prefix}{k}", f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _tname(types: tuple) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true/false", list: "a list", dict: "a table"}
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def _parse(path: Path, data: dict, c: _Checker, builtin: bool = False) -> Profile | None:
    num = (int, float)
    c.unknown(data, _TOP, "")
    schema = c.get(data, "schema", "schema", (int,))
    if schema is not None and schema != SCHEMA:
        c.add("schema", f"unsupported schema {schema} (this repcount reads {SCHEMA})")
    name = c.get(data, "name", "name", (str,), default="")
    if name and not _NAME_RE.match(name):
        c.add("name", "use lower-case letters, digits, '.', '_' and '-'")
    if name and path.suffix == ".toml" and path.stem != name:
        c.add("name", f"{name!r} differs from the file name {path.stem!r}")
    title = c.get(data, "title", "title", (str,), default="")

    disc = c.get(data, "discovery", "discovery", (dict,), default={})
    c.unknown(disc, {"name_patterns", "service_uuids"}, "discovery.")
    pats = c.get(disc, "name_patterns", "discovery.name_patterns", (list,), required=False, default=[])
    suuids = c.get(disc, "service_uuids", "discovery.service_uuids", (list,), required=False, default=[])
    for i, p in enumerate(pats):
        if not isinstance(p, str) or not p:
            c.add(f"discovery.name_patterns[{i}]", "expected a non-empty string (a glob such as 'Polar H10 *')")
    for i, u in enumerate(suuids):
        if not isinstance(u, str) or not _UUID_RE.match(u.lower()):
            c.add(f"discovery.service_uuids[{i}]", f"not a 128-bit UUID: {u!r}")
    if disc and not pats and not suuids:
        c.add("discovery", "needs name_patterns or service_uuids, else nothing can match")

    chars_raw = c.get(data, "characteristics", "characteristics", (dict,), default={})
    chars: dict[str, Characteristic] = {}
    for role, ch in chars_raw.items():
        key = f"characteristics.{role}"
        if not isinstance(ch, dict):
            c.add(key, "expected a table with uuid and properties")
            continue
        c.unknown(ch, {"uuid", "properties"}, key + ".")
        uuid = c.get(ch, "uuid", key + ".uuid", (str,), default="")
        if uuid and not _UUID_RE.match(uuid.lower()):
            c.add(key + ".uuid", f"not a 128-bit UUID: {uuid!r}")
        props = c.get(ch, "properties", key + ".properties", (list,), default=[])
        bad = [p for p in props if p not in PROPERTIES]
        if bad:
            c.add(key + ".properties", f"unknown {bad} (known: {', '.join(sorted(PROPERTIES))})")
        if not props and "properties" in ch:
            c.add(key + ".properties", "empty")
        chars[role] = Characteristic(uuid.lower(), frozenset(p for p in props if isinstance(p, str)))

    stream = c.get(data, "stream", "stream", (dict,), default={})
    c.unknown(stream, _STREAM, "stream.")
    decoder = c.get(stream, "decoder", "stream.decoder", (str,), default="")
    from .decoders import REGISTRY

    if decoder and decoder not in REGISTRY:
        c.add("stream.decoder", f"unknown decoder {decoder!r} (known: {', '.join(sorted(REGISTRY))})")
    data_role = c.get(stream, "data", "stream.data", (str,), required=False, default="data")
    if data_role not in chars:
        c.add("stream.data", f"no characteristic with role {data_role!r}")
    elif not (chars[data_role].has("notify") or chars[data_role].has("indicate")):
        c.add(f"characteristics.{data_role}.properties", "the data characteristic must notify or indicate")
    ts = c.get(stream, "timestamps", "stream.timestamps", (str,), default="host")
    if ts not in TIMESTAMPS:
        c.add("stream.timestamps", f"must be one of {', '.join(TIMESTAMPS)}, got {ts!r}")
    rates = c.get(stream, "rates_hz", "stream.rates_hz", (list,), default=[])
    ranges = c.get(stream, "ranges_g", "stream.ranges_g", (list,), required=False, default=[])
    for key, lst in (("stream.rates_hz", rates), ("stream.ranges_g", ranges)):
        for i, v in enumerate(lst):
            if isinstance(v, bool) or not isinstance(v, num) or v <= 0:
                c.add(f"{key}[{i}]", f"expected a positive number, got {v!r}")
    if not rates and "rates_hz" in stream:
        c.add("stream.rates_hz", "empty")
    rates_t = tuple(float(v) for v in rates if isinstance(v, num) and not isinstance(v, bool) and v > 0)
    ranges_t = tuple(float(v) for v in ranges if isinstance(v, num) and not isinstance(v, bool) and v > 0)
    drate = c.get(stream, "default_rate_hz", "stream.default_rate_hz", num, default=None)
    if drate is not None and rates_t and float(drate) not in rates_t:
        c.add("stream.default_rate_hz", f"{drate} is not in rates_hz")
    drange = c.get(stream, "default_range_g", "stream.default_range_g", num, required=bool(ranges_t), default=None)
    if drange is not None and ranges_t and float(drange) not in ranges_t:
        c.add("stream.default_range_g", f"{drange} is not in ranges_g")
    gyro = c.get(stream, "gyro", "stream.gyro", (bool,), required=False, default=False)
    mtu = c.get(stream, "min_mtu", "stream.min_mtu", (int,), required=False, default=23)

    dparams = c.get(data, "decoder_params", "decoder_params", (dict,), required=False, default={})
    axes = c.get(data, "axes", "axes", (dict,), required=False, default={})
    for k, v in axes.items():
        if not isinstance(v, str):
            c.add(f"axes.{k}", "expected a string")

    codes_raw = c.get(data, "codes", "codes", (dict,), required=False, default={})
    codes: dict[str, dict] = {}
    for cname, tbl in codes_raw.items():
        key = f"codes.{cname}"
        if cname in BUILTIN_NAMES:
            c.add(key, f"{cname!r} is a built-in placeholder name")
            continue
        if not isinstance(tbl, dict):
            c.add(key, "expected a table with 'by' and 'values'")
            continue
        c.unknown(tbl, {"by", "values"}, key + ".")
        by = c.get(tbl, "by", key + ".by", (str,), default="rate")
        if by not in ("rate", "range"):
            c.add(key + ".by", f"must be 'rate' or 'range', got {by!r}")
            by = "rate"
        vals = c.get(tbl, "values", key + ".values", (dict,), default={})
        clean = {}
        for k, v in vals.items():
            try:
                kk = _key(float(k))
            except ValueError:
                c.add(f"{key}.values.{k}", "keys are rates or ranges, e.g. \"12.5\"")
                continue
            if isinstance(v, bool) or not isinstance(v, int):
                c.add(f"{key}.values.{k}", f"expected an integer, got {v!r}")
                continue
            clean[kk] = v
        codes[cname] = {"by": by, "values": clean}

    steps = {}
    for seq in ("start", "stop"):
        raw = c.get(data, seq, seq, (list,), default=[])
        steps[seq] = tuple(s for s in (_step(st, f"{seq}[{i}]", chars, c) for i, st in enumerate(raw)) if s is not None)
        if not raw and seq in data:
            c.add(seq, "empty: write at least one step (subscribe to the data characteristic)")
    if steps["start"] and not any(s.action == "subscribe" and s.role == data_role for s in steps["start"]):
        c.add("start", f"never subscribes to the data characteristic {data_role!r}")

    if c.problems:
        return None
    prof = Profile(
        name=name, title=title, path=str(path), vendor=data.get("vendor", ""), notes=data.get("notes", ""),
        name_patterns=tuple(pats), service_uuids=tuple(u.lower() for u in suuids), characteristics=chars,
        data_role=data_role, decoder=decoder, decoder_params=dict(dparams), timestamps=ts,
        rates_hz=rates_t, ranges_g=ranges_t, default_rate_hz=float(drate),
        default_range_g=float(drange) if drange is not None else 0.0, has_gyro=gyro, min_mtu=mtu,
        axes=dict(axes), codes=codes, start=steps["start"], stop=steps["stop"], builtin=builtin,
    )
    # Every write must render for every supported rate x range (catches missing codes).
    for seq in ("start", "stop"):
        for i, st in enumerate(getattr(prof, seq)):
            if st.action != "write":
                continue
            for r in rates_t:
                for g in ranges_t or (0.0,):
                    try:
                        prof.render(st, r, g)
                    except (ValueError, KeyError) as exc:
                        c.add(f"{seq}[{i}].hex", f"at {r:g} Hz, {g:g} g: {exc}")
                        break
                else:
                    continue
                break
    return None if c.problems else prof


def _step(st: Any, key: str, chars: dict, c: _Checker) -> Step | None:
    from .decoders import RESPONSES

    if not isinstance(st, dict):
        c.add(key, "expected a table such as { write = \"control\", hex = \"03 02\" }")
        return None
    n0 = len(c.problems)
    c.unknown(st, _STEP, key + ".")
    acts = [a for a in ACTIONS if a in st]
    if len(acts) != 1:
        c.add(key, f"needs exactly one of {', '.join(ACTIONS)}" + (f", has {', '.join(acts)}" if acts else ""))
        return None
    act = acts[0]
    role = None
    if act != "wait_ms":
        role = st[act]
        if not isinstance(role, str) or role not in chars:
            c.add(f"{key}.{act}", f"no characteristic with role {role!r} (roles: {', '.join(chars) or 'none'})")
            return None
        ch = chars[role]
        need = {"subscribe": ("notify", "indicate"), "unsubscribe": ("notify", "indicate"), "read": ("read",),
                "write": ("write", "write-without-response")}[act]
        if not any(ch.has(p) for p in need):
            c.add(f"{key}.{act}", f"characteristic {role!r} lacks {' or '.join(need)}")
    else:
        w = st["wait_ms"]
        if isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0:
            c.add(f"{key}.wait_ms", "expected milliseconds >= 0")
    hexs = c.get(st, "hex", key + ".hex", (str,), required=(act == "write"), default=None)
    if hexs is not None and act != "write":
        c.add(key + ".hex", "only a write sends bytes")
    response = c.get(st, "response", key + ".response", (bool,), required=False, default=False)
    if act == "write" and role in chars:
        ch = chars[role]
        if response and not ch.has("write"):
            c.add(key + ".response", f"characteristic {role!r} has no 'write' (with response)")
        if not response and not ch.has("write-without-response") and ch.has("write"):
            pass  # a plain write is fine; the driver falls back to a write with response
    expect = c.get(st, "expect", key + ".expect", (str,), required=False, default=None)
    if expect is not None and expect not in RESPONSES:
        c.add(key + ".expect", f"unknown response kind {expect!r} (known: {', '.join(sorted(RESPONSES))})")
    expect_on = c.get(st, "expect_on", key + ".expect_on", (str,), required=False, default=None)
    if expect_on is not None:
        if expect is None:
            c.add(key + ".expect_on", "only meaningful with expect")
        if expect_on not in chars:
            c.add(key + ".expect_on", f"no characteristic with role {expect_on!r}")
        elif not (chars[expect_on].has("notify") or chars[expect_on].has("indicate")):
            c.add(key + ".expect_on", f"characteristic {expect_on!r} neither notifies nor indicates")
    elif expect is not None and act in ("write",) and role in chars and not (chars[role].has("notify") or chars[role].has("indicate")):
        c.add(key + ".expect_on", f"the response cannot come on {role!r} (it neither notifies nor indicates): name expect_on")
    eargs = c.get(st, "expect_args", key + ".expect_args", (dict,), required=False, default={})
    optional = c.get(st, "optional", key + ".optional", (bool,), required=False, default=False)
    timeout = c.get(st, "timeout_s", key + ".timeout_s", (int, float), required=False, default=5.0)
    delay = c.get(st, "delay_ms", key + ".delay_ms", (int, float), required=False, default=0)
    if len(c.problems) != n0:
        return None
    return Step(action="wait" if act == "wait_ms" else act, role=role, hex=hexs, response=response, expect=expect,
                expect_on=expect_on, expect_args=dict(eargs), optional=optional, timeout_s=float(timeout),
                delay_ms=float(delay), wait_ms=float(st.get("wait_ms", 0)))


def _read(path: Path, builtin: bool = False) -> tuple[Profile | None, list[Problem]]:
    c = _Checker(str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        c.add("-", f"cannot read: {exc.strerror or exc}")
        return None, c.problems
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        c.add("-", "not UTF-8 text")
        return None, c.problems
    except tomllib.TOMLDecodeError as exc:
        c.add("-", f"not valid TOML: {exc}")
        return None, c.problems
    prof = _parse(path, data, c, builtin)
    return prof, c.problems


def validate(path: str | Path) -> list[Problem]:
    """Every problem in one profile file (empty list: the profile is fine)."""
    return _read(Path(path))[1]


def load_file(path: str | Path, builtin: bool = False) -> Profile:
    prof, problems = _read(Path(path), builtin)
    if problems or prof is None:
        p = problems[0]
        more = f" (and {len(problems) - 1} more problems; run `repcount profiles check {path}`)" if len(problems) > 1 else ""
        raise ProfileError(p.file, p.key, p.reason + more)
    return prof


def builtin_dir() -> Path:
    """Where the built-in profiles are: package data, else the source checkout."""
    here = Path(__file__).resolve().parent
    pkg = here / "data" / "firmware-profiles"
    if pkg.is_dir():
        return pkg
    return here.parent.parent / "firmware-profiles"  # pragma: no cover - a bare checkout


def _profile_files() -> dict[str, tuple[Path, bool]]:
    files: dict[str, tuple[Path, bool]] = {}
    for p in sorted(builtin_dir().glob("*.toml")):
        files[p.stem] = (p, True)
    udir = user_profiles_dir()
    if udir.is_dir():
        for p in sorted(udir.glob("*.toml")):
            files[p.stem] = (p, False)  # a user profile overrides the built-in of that name
    return files


def list_profiles(problems: list[Problem] | None = None) -> list[Profile]:
    """All usable profiles (built-in and user), by name. Broken files are skipped and
    their problems appended to ``problems`` when given."""
    out = []
    for _name, (path, builtin) in sorted(_profile_files().items()):
        prof, probs = _read(path, builtin)
        if prof is not None:
            out.append(prof)
        elif problems is not None:
            problems.extend(probs)
    return out


def load_profile(name_or_path: str | Path) -> Profile:
    """A profile by name (user dir first, then built-in) or by path to a .toml file."""
    s = str(name_or_path)
    p = Path(s)
    if s.endswith(".toml") or p.is_file():
        if not p.is_file():
            raise ProfileError(s, "-", "no such file")
        return load_file(p)
    files = _profile_files()
    if s not in files:
        raise RepcountError(f"no firmware profile named {s!r} (known: {', '.join(sorted(files)) or 'none'})")
    path, builtin = files[s]
    return load_file(path, builtin)


def _norm_uuid(u: str) -> str:
    u = u.lower()
    if len(u) == 4:  # a 16-bit alias on the Bluetooth SIG base
        return f"0000{u}-0000-1000-8000-00805f9b34fb"
    return u


def match_advertisement(name: str | None, service_uuids: Iterable[str] = (), profiles: list[Profile] | None = None) -> list[Profile]:
    """Profiles whose name patterns (case-insensitive globs) match ``name`` or whose
    service UUIDs appear in the advertisement; name matches first."""
    profs = list_profiles() if profiles is None else profiles
    adv = {_norm_uuid(u) for u in service_uuids}
    by_name, by_uuid = [], []
    for p in profs:
        if name and any(fnmatch.fnmatchcase(name.lower(), pat.lower()) for pat in p.name_patterns):
            by_name.append(p)
        elif adv & set(p.service_uuids):
            by_uuid.append(p)
    return by_name + by_uuid
