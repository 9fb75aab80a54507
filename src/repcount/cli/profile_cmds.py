"""``repcount profiles list|show|check|decode``: the firmware profiles, for users and authors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from ..errors import RepcountError

_HEX_SEP = re.compile(r"[\s:,\-]+")


def _num(v: float) -> str:
    return f"{v:g}"


def _profile_dict(p) -> dict:
    def steps(seq):
        out = []
        for s in seq:
            d = {"action": s.action}
            if s.role:
                d["characteristic"] = s.role
            if s.action == "write":
                d["template"] = s.hex
                d["bytes"] = p.render(s, p.default_rate_hz, p.default_range_g).hex(" ")
                d["response"] = s.response
            if s.expect:
                d["expect"] = s.expect
                d["expect_on"] = s.expect_on or s.role
                if s.expect_args:
                    d["expect_args"] = s.expect_args
            if s.optional:
                d["optional"] = True
            if s.delay_ms:
                d["delay_ms"] = s.delay_ms
            if s.action == "wait":
                d["wait_ms"] = s.wait_ms
            out.append(d)
        return out

    return {
        "name": p.name, "title": p.title, "vendor": p.vendor, "source": "built-in" if p.builtin else "user",
        "path": p.path, "name_patterns": list(p.name_patterns), "service_uuids": list(p.service_uuids),
        "characteristics": {r: {"uuid": c.uuid, "properties": sorted(c.properties)} for r, c in p.characteristics.items()},
        "data": p.data_role, "decoder": p.decoder, "decoder_params": p.decoder_params, "timestamps": p.timestamps,
        "rates_hz": list(p.rates_hz), "ranges_g": list(p.ranges_g), "default_rate_hz": p.default_rate_hz,
        "default_range_g": p.default_range_g or None, "gyro": p.has_gyro, "min_mtu": p.min_mtu, "axes": p.axes,
        "start": steps(p.start), "stop": steps(p.stop), "notes": p.notes.strip(),
    }


@click.group("profiles")
def profiles() -> None:
    """Firmware profiles: which sensors repcount can talk to, and how.

    \b
    A profile is a TOML data file (see docs/profiles.md). Built-in profiles ship with
    repcount; your own go in the user profile directory (`repcount profiles list`
    prints it) and override a built-in of the same name.

    \b
    Examples:
      repcount profiles list
      repcount profiles show polar-h10
      repcount profiles check my-sensor.toml
      repcount profiles decode polar-h10 "02 EA 54 A2 42 8B 45 52 08 01 45 FF E4 FF B5 03"
    """


@profiles.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per profile.")
def list_cmd(as_json: bool) -> None:
    """List the usable profiles (built-in and user).

    \b
    Examples:
      repcount profiles list
      repcount profiles list --json
    """
    from ..config import user_profiles_dir
    from ..profiles import list_profiles

    problems: list = []
    profs = list_profiles(problems)
    if as_json:
        for p in profs:
            click.echo(json.dumps({k: v for k, v in _profile_dict(p).items() if k not in ("start", "stop", "notes")}))
    else:
        for p in profs:
            rates = "/".join(_num(r) for r in p.rates_hz)
            src = "" if p.builtin else "  [user]"
            click.echo(f"{p.name:<20} {p.title}  ({rates} Hz, {p.timestamps} clock{', gyro' if p.has_gyro else ''}){src}")
        click.echo(f"user profiles: {user_profiles_dir()}", err=True)
    seen = set()
    for pr in problems:
        if pr.file not in seen:
            seen.add(pr.file)
            click.echo(f"skipped {pr.file}: {pr.key}: {pr.reason} (see `repcount profiles check`)", err=True)


@profiles.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="The profile as JSON.")
@click.option("--rate", type=float, default=None, help="Render the command bytes at this rate (Hz).")
@click.option("--range", "range_g", type=float, default=None, help="... and this range (g).")
def show_cmd(name: str, as_json: bool, rate: float | None, range_g: float | None) -> None:
    """Show one profile: discovery, characteristics, commands (with their bytes), decoder.

    NAME is a profile name or a path to a .toml file.

    \b
    Examples:
      repcount profiles show polar-h10
      repcount profiles show metamotion-bmi160 --rate 50 --range 8
      repcount profiles show ./my-sensor.toml --json
    """
    from ..profiles import load_profile

    p = load_profile(name)
    rate, range_g = p.check_rate_range(rate, range_g)
    d = _profile_dict(p)
    if as_json:
        click.echo(json.dumps(d, indent=2))
        return
    out = [f"{p.name}: {p.title}", f"  source       {d['source']} ({p.path})"]
    if p.vendor:
        out.append(f"  vendor       {p.vendor}")
    out.append(f"  names        {', '.join(p.name_patterns) or '-'}")
    out.append(f"  services     {', '.join(p.service_uuids) or '-'}")
    for role, c in p.characteristics.items():
        mark = "  (data)" if role == p.data_role else ""
        out.append(f"  char {role:<8} {c.uuid}  {', '.join(sorted(c.properties))}{mark}")
    out.append(f"  decoder      {p.decoder}" + (f"  {json.dumps(p.decoder_params)}" if p.decoder_params else ""))
    out.append(f"  timestamps   {p.timestamps} clock")
    out.append(f"  rates        {', '.join(_num(r) for r in p.rates_hz)} Hz (default {_num(p.default_rate_hz)})")
    if p.ranges_g:
        out.append(f"  ranges       {', '.join(_num(r) for r in p.ranges_g)} g (default {_num(p.default_range_g)})")
    out.append(f"  gyro         {'yes' if p.has_gyro else 'no'}")
    for k, v in p.axes.items():
        out.append(f"  axes.{k:<7} {v}")
    for seq_name, seq in (("start", p.start), ("stop", p.stop)):
        out.append(f"  {seq_name} (at {_num(rate)} Hz" + (f", {_num(range_g)} g):" if p.ranges_g else "):"))
        for i, s in enumerate(seq, 1):
            if s.action == "write":
                b = p.render(s, rate, range_g).hex(" ").upper()
                line = f"    {i}. write {s.role}{' (with response)' if s.response else ''}: {b}"
            elif s.action == "wait":
                line = f"    {i}. wait {_num(s.wait_ms)} ms"
            else:
                line = f"    {i}. {s.action} {s.role}"
            if s.expect:
                line += f"; expect {s.expect} on {s.expect_on or s.role}"
            if s.optional:
                line += "; may fail"
            if s.delay_ms:
                line += f"; then wait {_num(s.delay_ms)} ms"
            out.append(line)
    if p.notes.strip():
        out.append("  notes")
        out.extend(f"    {ln}" for ln in p.notes.strip().splitlines())
    click.echo("\n".join(out))


@profiles.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
def check_cmd(paths: tuple) -> None:
    """Validate profile files: every problem as FILE: KEY: REASON.

    PATH is a .toml file or a directory of them; without PATH, the built-in and user
    profiles are checked. Exit status 1 when anything is wrong.

    \b
    Examples:
      repcount profiles check
      repcount profiles check ~/.config/repcount/profiles/my-sensor.toml
      repcount profiles check firmware-profiles/
    """
    from ..config import user_profiles_dir
    from ..profiles import builtin_dir, validate

    files: list[Path] = []
    targets = [Path(p) for p in paths] or [builtin_dir(), user_profiles_dir()]
    for t in targets:
        if t.is_dir():
            files.extend(sorted(t.glob("*.toml")))
        elif t.exists() or paths:
            files.append(t)
    bad = 0
    for f in files:
        problems = validate(f)
        for pr in problems:
            click.echo(str(pr))
        bad += bool(problems)
    if not files:
        raise RepcountError("no profile files to check")
    click.echo(f"{len(files) - bad} of {len(files)} profiles OK", err=True)
    if bad:
        raise SystemExit(1)


def _parse_hex(s: str) -> bytes:
    h = _HEX_SEP.sub("", s)
    if h.lower().startswith("0x"):
        h = h[2:]
    try:
        return bytes.fromhex(h)
    except ValueError:
        raise RepcountError(f"not hex bytes: {s!r} (write them like \"02 EA 54\" or 02ea54)") from None


@profiles.command("decode")
@click.argument("name")
@click.argument("notifications", nargs=-1, required=True, metavar="HEX...")
@click.option("--rate", type=float, default=None, help="Sample rate (Hz); the profile's default otherwise.")
@click.option("--range", "range_g", type=float, default=None, help="Range (g); the profile's default otherwise.")
@click.option("--control", multiple=True, metavar="HEX", help="A control response to hand the decoder first (e.g. a Polar start response with a factor).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per sample.")
def decode_cmd(name: str, notifications: tuple, rate, range_g, control: tuple, as_json: bool) -> None:
    """Print the samples that notification bytes decode to (for profile authors).

    Each HEX argument is one notification, in order (spaces, colons or nothing between
    bytes). Times are seconds from the first sample; host-clock sensors get the
    rate-locked timeline, with notifications assumed to arrive on time. A malformed
    notification is reported and the rest still decode; the exit status is then 1.

    \b
    Examples:
      repcount profiles decode polar-h10 "02 EA 54 A2 42 8B 45 52 08 01 45 FF E4 FF B5 03 45 FF E4 FF B8 03"
      repcount profiles decode metamotion-bmi160 --range 2 "03 04 00 E0 00 10 00 40"
      repcount profiles decode witmotion 556100000000000800000000000000000000000000
    """
    from ..decoders import DecodeError, make_decoder
    from ..profiles import load_profile

    p = load_profile(name)
    rate, range_g = p.check_rate_range(rate, range_g)
    dec = make_decoder(p, rate, range_g)
    for c in control:
        dec.on_control(_parse_hex(c))
    datas = [_parse_hex(n) for n in notifications]
    errors = 0
    t0 = None
    count = 0
    if not as_json:
        cols = "t_s         ax_g      ay_g      az_g" + ("      gx_dps    gy_dps    gz_dps" if p.has_gyro else "")
        click.echo(f"{'#':>3} {cols}")
    for k, data in enumerate(datas, 1):
        host_t = 1000.0 + count / rate
        try:
            t, acc, gyro = dec.decode(data, host_t)
        except DecodeError as exc:
            errors += 1
            click.echo(f"notification {k}: error: {exc}", err=True)
            continue
        if len(t) == 0:
            click.echo(f"notification {k}: no samples ({len(data)} bytes)", err=True)
            continue
        for i in range(len(t)):
            if t0 is None:
                t0 = float(t[i])
            rel = float(t[i]) - t0
            if as_json:
                d = {"notification": k, "t": round(rel, 9), "acc_g": [float(v) for v in acc[i]]}
                if gyro is not None:
                    d["gyro_dps"] = [float(v) for v in gyro[i]]
                click.echo(json.dumps(d))
            else:
                row = f"{k:>3} {rel:<10.6f}" + "".join(f"{v:>10.5f}" for v in acc[i])
                if gyro is not None:
                    row += "".join(f"{v:>10.3f}" for v in gyro[i])
                click.echo(row)
        count += len(t)
    if errors:
        raise SystemExit(1)


COMMANDS = [profiles]
