"""``repcount scan``, ``repcount live``, ``repcount record`` (and the hidden ``sim-sensor``).

Thin layers over :mod:`repcount.ble.scan` and :func:`repcount.live.run_live`; bleak and
bumble are imported inside the commands so ``repcount --help`` stays fast.
"""

from __future__ import annotations

import asyncio
import json
import sys

import click

from ..errors import RepcountError

EXERCISES = click.Choice(["auto", "squat", "deadlift"])
PLACEMENTS = click.Choice(["bar", "wrist", "chest", "thigh"])


def _quiet_logs() -> None:
    """Our warnings as ``repcount: warning: ...`` lines; the BLE stack's internals stay quiet
    (a link going away mid-command is expected here, and handled)."""
    import logging

    log = logging.getLogger("repcount")
    if not log.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("repcount: warning: %(message)s"))
        log.addHandler(h)
        log.setLevel(logging.WARNING)
        log.propagate = False
    for name in ("bumble", "bleak"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _run(coro):
    _quiet_logs()
    try:
        return asyncio.run(coro)
    except KeyboardInterrupt:  # a second Ctrl-C while stopping: give up quietly
        click.echo("repcount: interrupted", err=True)
        sys.exit(130)


@click.command()
@click.option("--timeout", "-t", type=float, default=5.0, show_default=True, help="Seconds to listen.")
@click.option("--all", "include_all", is_flag=True, help="Also list devices that match no firmware profile.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
def scan(timeout, include_all, fmt):
    """List nearby sensors: name, address, signal strength (RSSI) and firmware profile.

    \b
    Examples:
      repcount scan
      repcount scan --timeout 10 --all
    """
    from ..ble.backend import resolve
    from ..ble.scan import scan as do_scan

    backends = resolve()
    cands = _run(do_scan(timeout, include_all=include_all, scanner_backend=backends.scanner))
    if fmt == "jsonl":
        for c in cands:
            click.echo(json.dumps({"name": c.name, "address": c.address, "rssi": c.rssi, "profiles": c.profiles}))
        return
    if not cands:
        what = "devices" if include_all else "sensors matching a firmware profile"
        click.echo(f"no {what} found in {timeout:g} s" + ("" if include_all else " (try --all, and wake the sensor: Polar straps need skin contact)"))
        return
    click.echo(f"{'name':<28} {'address':<38} {'rssi':>5}  profile")
    for c in cands:
        rssi = "-" if c.rssi is None else str(c.rssi)
        click.echo(f"{(c.name or '(no name)'):<28} {c.address:<38} {rssi:>5}  {', '.join(c.profiles) or '-'}")


def _ask(cands):
    click.echo("Sensors in range:", err=True)
    for i, c in enumerate(cands, 1):
        click.echo(f"  {i}. {c.label}  {c.rssi} dBm  ({', '.join(c.profiles)})", err=True)
    n = click.prompt("Which one", type=click.IntRange(1, len(cands)), err=True)
    return n - 1


def _common(f):
    opts = [
        click.option("--sensor", "-s", metavar="NAME|ADDRESS", default=None, help="The sensor (default: the remembered one, or the only one in range)."),
        click.option("--profile", metavar="NAME", default=None, help="Firmware profile (default: from the advertisement)."),
        click.option("--rate", type=float, default=None, metavar="HZ", help="Sample rate to ask the sensor for (default: the profile's)."),
        click.option("--placement", "-p", type=PLACEMENTS, default=None, help="Where the sensor is worn (a hint; not required)."),
        click.option("--simulate", "simulate", type=click.Choice(["squat", "deadlift"]), default=None, is_flag=False, flag_value="squat", help="Use a simulated sensor on a simulated BLE stack (no hardware)."),
        click.option("--sim-reps", type=click.IntRange(1, 30), default=5, show_default=True, help="Reps per simulated set."),
        click.option("--sim-sets", type=click.IntRange(1, 10), default=2, show_default=True, help="Simulated sets."),
        click.option("--sim-placement", type=PLACEMENTS, default="bar", show_default=True),
        click.option("--sim-speed", type=click.FloatRange(0.1, 100), default=None, help="Simulated time runs this many times faster than real time (default 10; 1 = real time)."),
        click.option("--sim-seed", type=int, default=1, show_default=True, hidden=True),
        click.option("--sim-drop-at", type=float, default=None, hidden=True, help="Tests: the simulated sensor drops the link at this stream time (s)."),
        click.option("--sim-corrupt-every", type=int, default=None, hidden=True, help="Tests: every Nth notification is corrupt."),
        click.option("--sim-reject-config", is_flag=True, hidden=True, help="Tests: the simulated sensor refuses the configuration."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _options(count, sensor, profile, rate, placement, simulate, sim_reps, sim_sets, sim_placement, sim_speed, sim_seed, sim_drop_at, sim_corrupt_every, sim_reject_config=False, exercise="auto"):
    from ..live import LiveOptions

    faults = {}
    if sim_drop_at is not None:
        faults["drop_at_s"] = sim_drop_at
    if sim_corrupt_every:
        faults["corrupt_every"] = sim_corrupt_every
    if sim_reject_config:
        faults["reject_config"] = True
    if simulate and exercise == "auto":
        ctx = click.get_current_context(silent=True)
        if ctx is None or ctx.get_parameter_source("exercise") != click.core.ParameterSource.COMMANDLINE:
            # `--simulate squat` says what the lifter is doing, as --exercise would;
            # an explicit `--exercise auto` keeps the engine's own classification.
            exercise = simulate
    return LiveOptions(
        sensor=sensor, profile=profile, exercise=exercise, rate_hz=rate, placement=placement, count=count,
        simulate=simulate, sim_reps=sim_reps, sim_sets=sim_sets, sim_placement=sim_placement,
        sim_speed=sim_speed or 10.0, sim_seed=sim_seed, sim_faults=faults,
        # a simulated sensor in another process (REPCOUNT_BLE_BACKEND=bumble:tcp-client:...)
        clock_speed=1.0 if simulate or not sim_speed else sim_speed,
    )


def _session(opts, display, sinks):
    from ..live import install_stop_signals, run_live

    async def main():
        stop = asyncio.Event()
        install_stop_signals(stop)
        return await run_live(opts, sinks=sinks, display=display, interactive=sys.stdin.isatty(), ask=_ask, stop=stop)

    try:
        return _run(main())
    except RepcountError as exc:
        # What was recorded before the error is kept: say where, then the one-line error.
        result = getattr(exc, "live_result", None)
        if display is not None:
            display.close()
        if result is not None and result.recording is not None:
            _report(result)
        raise


def _report(result, err=True):
    s = result.stats
    if result.recording is not None:
        click.echo(f"repcount: recorded {result.samples} samples ({result.duration_s:.1f} s) to {result.recording}", err=err)
        args = "".join(f" --{k} {v}" for k, v in (("exercise", result.exercise), ("placement", result.placement)) if v and v != "auto")
        click.echo(f"repcount: replay it with: repcount replay {result.recording}{args}", err=err)
    if s.corrupt_frames or s.dropped_samples or s.reconnects:
        click.echo(f"repcount: {s.reconnects} reconnect(s), {s.dropped_samples} dropped sample(s), {s.corrupt_frames} corrupt notification(s) skipped", err=err)
    for r in result.reports:
        click.echo(f"repcount: {r}", err=err)
    sim = result.simulation
    if sim is not None:
        st = sim.sensor.stats
        truth = sum(len(x.reps) for x in sim.truth.sets)
        how = "streamed to its end" if sim.sensor.finished.is_set() else "stopped by repcount's stop command" if st.stops else "interrupted"
        link = "link closed" if sim.sensor.connection is None else "LINK STILL UP"
        click.echo(f"repcount: simulated sensor: {st.samples_sent} samples sent, {how}, {link}; the simulation performed {truth} reps", err=err)


@click.command()
@_common
@click.option("--exercise", "-e", type=EXERCISES, default="auto", show_default=True, help="The lift; auto tells them apart by the first movement.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "jsonl"]), default="auto", show_default=True, help="auto: the live display on a terminal, JSON Lines events otherwise.")
@click.option("--to", "to", multiple=True, metavar="SPEC", help="Also send events to a sink (repeatable): jsonl:FILE, csv:FILE, fit:FILE, mqtt://HOST/PREFIX, http(s)://URL.")
@click.option("--no-bell", is_flag=True, help="No terminal bell per rep.")
def live(sensor, profile, rate, placement, simulate, sim_reps, sim_sets, sim_placement, sim_speed, sim_seed, sim_drop_at, sim_corrupt_every, sim_reject_config, exercise, fmt, to, no_bell):
    """Count reps live from a BLE sensor: connect, configure, stream, count, display, record.

    Every session is recorded as it streams (see `repcount sessions`); Ctrl-C ends it
    cleanly: the sensor's stream is stopped, the recording completed, the summary
    printed. A dropped link is reconnected and the set goes on.

    --simulate runs the whole live path with a simulated sensor (a Polar H10 unless
    --profile says otherwise) on a simulated BLE stack, and ends by itself after the
    last set. Simulated time runs --sim-speed times faster than real time (default 10)
    so the demo is short; --sim-speed 1 shows it at the real pace.

    \b
    Examples:
      repcount live --simulate squat
      repcount live --simulate deadlift --sim-sets 3 --sim-reps 5 --sim-placement wrist
      repcount live --exercise squat
      repcount live --sensor "Polar H10 1A2B3C4D" --rate 200 --to mqtt://localhost/gym
      repcount live --format jsonl > session.jsonl
    """
    from ..live_display import LiveDisplay
    from ..sinks import open_sink
    from ..sinks.jsonl import JsonlSink

    opts = _options(True, sensor, profile, rate, placement, simulate, sim_reps, sim_sets, sim_placement, sim_speed, sim_seed, sim_drop_at, sim_corrupt_every, sim_reject_config, exercise)
    tty = sys.stdout.isatty()
    if fmt == "auto":
        fmt = "text" if tty else "jsonl"
    sinks = []
    if fmt == "text":
        display = LiveDisplay(sys.stdout, bell=not no_bell, tty=tty)
    else:
        # Events on stdout; connection states as plain lines on stderr.
        display = LiveDisplay(sys.stderr, bell=False, tty=False)
        display.emit = lambda ev: None  # events go to the JSON Lines sink, not stderr
        sinks.append(JsonlSink(sys.stdout))
    from ..recording import utc_now_iso

    meta = {"source": "repcount live", "exercise": exercise, "start_time": utc_now_iso(), "simulated": bool(simulate)}
    sinks += [open_sink(spec, meta=meta) for spec in to]
    result = _session(opts, display, sinks)
    display.close()
    _report(result)


@click.command()
@_common
def record(sensor, profile, rate, placement, simulate, sim_reps, sim_sets, sim_placement, sim_speed, sim_seed, sim_drop_at, sim_corrupt_every, sim_reject_config):
    """Capture a session to a recording without counting (for people who only want data).

    The file can be counted later with `repcount replay`. Ctrl-C ends the capture.

    \b
    Examples:
      repcount record --rate 200
      repcount record --simulate deadlift
    """
    from ..live_display import LiveDisplay

    opts = _options(False, sensor, profile, rate, placement, simulate, sim_reps, sim_sets, sim_placement, sim_speed, sim_seed, sim_drop_at, sim_corrupt_every, sim_reject_config)
    display = LiveDisplay(sys.stderr, bell=False, tty=sys.stderr.isatty())
    result = _session(opts, display, [])
    display.close()
    _report(result)


@click.command("sim-sensor", hidden=True)
@click.argument("profile", default="polar-h10")
@click.option("--exercise", type=click.Choice(["squat", "deadlift"]), default="squat", show_default=True)
@click.option("--sets", "n_sets", type=click.IntRange(1, 10), default=1, show_default=True)
@click.option("--reps", type=click.IntRange(1, 30), default=5, show_default=True)
@click.option("--placement", type=PLACEMENTS, default="bar", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--rate", type=float, default=None, help="Rate the lift is simulated at (default: the profile's).")
@click.option("--speed", type=click.FloatRange(0.1, 100), default=1.0, show_default=True)
@click.option("--port", type=int, default=0, show_default=True, help="TCP port for the HCI server (0: any free port).")
@click.option("--drop-at", type=float, multiple=True, help="Drop the link at this stream time (s); repeatable.")
@click.option("--corrupt-every", type=int, default=None)
@click.option("--reject-config", is_flag=True)
def sim_sensor(profile, exercise, n_sets, reps, placement, seed, rate, speed, port, drop_at, corrupt_every, reject_config):
    """Run a simulated sensor in this process, reachable over a bumble TCP HCI transport.

    Prints `READY tcp-client:127.0.0.1:PORT` when the sensor advertises; point another
    process at it with REPCOUNT_BLE_BACKEND=bumble:tcp-client:127.0.0.1:PORT. Exits after
    its simulated session has ended, printing what it sent.

    \b
    Examples:
      repcount sim-sensor polar-h10 --exercise deadlift --speed 5
      REPCOUNT_BLE_BACKEND=bumble:tcp-client:127.0.0.1:PORT repcount live --sensor "Polar H10" --sim-speed 5
    """
    from ..ble.simulate import simulated_lift
    from ..ble.simulated import Faults, make_sensor
    from ..ble.simulated.process import serve_sensor
    from ..live import LiveOptions

    o = LiveOptions(profile=profile, simulate=exercise, sim_sets=n_sets, sim_reps=reps, sim_placement=placement, sim_seed=seed, rate_hz=rate)
    rec, truth = simulated_lift(o)
    faults = Faults(drop_at_s=list(drop_at) or None, corrupt_every=corrupt_every, reject_config=reject_config)
    sensor = make_sensor(profile, rec.block, speed=speed, faults=faults)

    async def main():
        from ..live import install_stop_signals

        stop = asyncio.Event()
        install_stop_signals(stop)
        await serve_sensor(sensor, transport=f"tcp-server:127.0.0.1:{port}", on_ready=lambda spec: click.echo(f"READY {spec}"), stop=stop)

    _run(main())
    st = sensor.stats
    click.echo(json.dumps({"finished": sensor.finished.is_set(), "truth_reps": sum(len(s.reps) for s in truth.sets), "samples_sent": st.samples_sent,
                           "samples_lost": st.samples_lost, "corrupt_sent": st.corrupt_sent, "starts": st.starts, "stops": st.stops, "drops": st.drops}))


COMMANDS = [scan, live, record, sim_sensor]
