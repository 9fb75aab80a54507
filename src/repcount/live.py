"""The library function behind ``repcount live`` and ``repcount record``.

    sensor (bleak) -> driver.decode -> [recording CSV]  -> Pipeline(Engine) -> sinks
                                                         (the same core replay uses)

Every session is recorded as it streams into ``sessions_dir()/STEM.csv`` (flushed at
least once a second by :class:`repcount.recording.RecordingWriter`) with its events in
``STEM.events.jsonl``; ``repcount replay STEM.csv`` gives the counts live showed, because
the engine is fed exactly the values that are written to the file.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .ble.backoff import Backoff
from .ble.stats import StreamStats
from .config import sessions_dir
from .errors import RepcountError
from .events import SessionSummary
from .samples import SampleBlock
from .sinks import Sink

log = logging.getLogger(__name__)

STATUS_EVERY_S = 0.5
# Decoded samples are handed to the recording and the engine in blocks of at least this
# much stream time (one Polar frame is already longer; one-sample notifications are not).
BATCH_S = 0.05


@dataclass
class LiveOptions:
    """What ``repcount live`` / ``record`` was asked to do."""

    sensor: str | None = None  # NAME or ADDRESS
    profile: str | None = None
    exercise: str = "auto"
    rate_hz: float | None = None
    range_g: float | None = None
    placement: str | None = None
    count: bool = True  # False: ``record`` (capture only)
    scan_timeout_s: float = 8.0
    backend: str | None = None  # e.g. "bumble:tcp-client:127.0.0.1:PORT"; None: env or platform
    stem: str | None = None
    # --simulate
    simulate: str | None = None  # "squat" | "deadlift"
    sim_reps: int = 5
    sim_sets: int = 2
    sim_placement: str = "bar"
    sim_speed: float = 10.0
    # Without --simulate: the sensor is simulated in another process and runs this many
    # times faster than real time (the two-process test); 1 for every real sensor.
    clock_speed: float = 1.0
    sim_seed: int = 1
    sim_faults: dict[str, Any] = field(default_factory=dict)  # tests: drop_at_s, corrupt_every, ...
    remember: bool = True


@dataclass
class LiveResult:
    summary: SessionSummary | None
    recording: Path | None
    events: Path | None
    stats: StreamStats
    sensor: str | None = None
    samples: int = 0
    duration_s: float = 0.0
    reports: list[str] = field(default_factory=list)
    simulation: Any = None  # --simulate: the Simulation (its sensor's stats, the truth)
    exercise: str | None = None  # what the engine was told (replay needs the same)
    placement: str | None = None


def new_stem(directory: Path, label: str) -> str:
    """``20261123-211530-squat``; a suffix keeps two sessions in one second apart."""
    base = time.strftime("%Y%m%d-%H%M%S") + f"-{label}"
    stem, i = base, 2
    while (directory / f"{stem}.csv").exists():
        stem, i = f"{base}-{i}", i + 1
    return stem


class _Recorder:
    """Glue between the BLE session and the writer + pipeline: shared by live and record.

    The recording file is created when the first samples arrive, so its ``start_time``
    is the time of t = 0 and a sensor that never streams leaves no empty file behind.
    """

    def __init__(self, path: Path, meta: dict[str, Any], gyro: bool, pipeline: Any | None) -> None:
        self.path = path
        self.meta = meta
        self.gyro = gyro
        self.writer: Any = None
        self.pipeline = pipeline
        self.t0: float | None = None
        self.samples = 0
        self.t_last = 0.0
        self.on_block: Callable[[SampleBlock], None] | None = None  # benchmarks hook
        self._buf: list = []
        self._buf_n = 0

    def samples_in(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray | None) -> None:
        """Buffer decoded samples; hand them on once they span ``BATCH_S`` of stream time.

        Sensors that send one sample per notification (MetaWear, micro:bit...) would
        otherwise cost one engine call and one file write per sample. The engine's
        events do not depend on block sizes, so this only bounds the added latency.
        """
        self._buf.append((t, acc, gyro))
        self._buf_n += len(t)
        if float(t[-1]) - float(self._buf[0][0][0]) >= BATCH_S:
            self.flush()

    def flush(self) -> None:
        from .recording import RecordingWriter, utc_now_iso

        if not self._buf:
            return
        parts, self._buf, self._buf_n = self._buf, [], 0
        t = np.concatenate([p[0] for p in parts])
        acc = np.concatenate([np.asarray(p[1], dtype=np.float64).reshape(-1, 3) for p in parts])
        gyro = None
        if self.gyro:
            gyro = np.concatenate([np.full((len(p[0]), 3), np.nan) if p[2] is None else np.asarray(p[2], dtype=np.float64).reshape(-1, 3) for p in parts])
        if self.writer is None:
            self.writer = RecordingWriter(self.path, {**self.meta, "start_time": utc_now_iso()}, gyro=self.gyro)
            self.t0 = float(t[0])
        # Feed the engine exactly what the file holds (the writer returns the block as
        # it will be read back), so a replay gives the same events the lifter saw live.
        block = self.writer.write(t - self.t0, acc, gyro)
        self.samples += len(block)
        self.t_last = float(block.t[-1])
        if self.pipeline is not None:
            self.pipeline.push(block)
        if self.on_block is not None:
            self.on_block(block)

    def gap(self, t_from: float, t_to: float) -> None:
        self.flush()  # the marker goes between the rows before and after the gap
        if self.writer is None or self.t0 is None:
            return
        a, b = t_from - self.t0, t_to - self.t0
        self.writer.mark({"type": "gap", "t": round(a, 4), "duration_s": round(b - a, 4), "reason": "reconnect"})

    def close(self) -> Path | None:
        self.flush()
        if self.writer is None:
            return None
        self.writer.close()
        return self.path


async def run_live(
    opts: LiveOptions,
    *,
    sinks: Sequence[Sink] = (),
    display: Any | None = None,
    interactive: bool = False,
    ask: Callable[[Sequence[Any]], int] | None = None,
    stop: asyncio.Event | None = None,
    on_recorder: Callable[[_Recorder], None] | None = None,
) -> LiveResult:
    """Run one live (or record-only) session to its end and return what happened.

    The session ends on ``stop`` (Ctrl-C / SIGTERM set it), at the end of a simulated
    session, or on an error; in every case the stream is stopped, the sensor
    disconnected, the recording closed and the summary computed. Errors are re-raised
    after that (a :class:`RepcountError` is a one-line message for the user).
    """
    from .ble import backend as _backend
    from .ble.driver import make_driver
    from .ble.remember import RememberedSensor, load_last, save_last
    from .ble.scan import choose, find, scan, sensor_predicate
    from .ble.session import SensorSession
    from .engine import Engine
    from .pipeline import Pipeline
    from .profiles import load_profile

    stop = stop or asyncio.Event()
    stats = StreamStats(state="scanning")
    sim = None
    speed = 1.0

    def state_changed(state: str) -> None:
        if display is not None:
            display.status(stats.status_line(clock(), nominal, sensor_name), state=state)

    t_wall0 = time.monotonic()

    def clock() -> float:
        if sim is not None:
            return sim.clock()
        return (time.monotonic() - t_wall0) * speed

    nominal: float | None = None
    sensor_name: str | None = None

    # -- the radio: real, or the simulated world ---------------------------------
    if opts.simulate:
        from .ble.simulate import start_simulation

        sim = await start_simulation(opts)
        backends = sim.backends
        speed = sim.speed
    else:
        backends = _backend.resolve(opts.backend)
        speed = float(opts.clock_speed or 1.0)

    rec = None
    session = None
    pipeline = None
    status_task = None
    try:
        # -- choose the sensor ----------------------------------------------------
        state_changed("scanning")
        remembered = load_last() if (opts.remember and not opts.simulate) else None
        cand = None
        if opts.sensor:
            cand = await find(sensor_predicate(opts.sensor), opts.scan_timeout_s, scanner_backend=backends.scanner)
            if cand is None:
                raise RepcountError(f"sensor {opts.sensor!r} not found within {opts.scan_timeout_s:g} s: is it on and in range? `repcount scan` lists what is around")
        elif sim is not None:
            # The simulated sensor is known by name: connect as soon as it is seen.
            cand = await find(lambda c: c.name == sim.sensor.name, sim.scan_timeout_s, scanner_backend=backends.scanner)
            if cand is None:
                raise RepcountError("the simulated sensor did not show up in the scan")
        elif remembered is not None:
            cand = await find(lambda c: remembered.matches(c.name, c.address), min(opts.scan_timeout_s, 5.0), scanner_backend=backends.scanner)
        if cand is None and not opts.sensor:
            cands = await scan(min(opts.scan_timeout_s, 5.0) if not sim else sim.scan_timeout_s, scanner_backend=backends.scanner)
            cand = choose(cands, remembered=remembered, interactive=interactive, ask=ask)
        profile_name = opts.profile or (cand.profiles[0] if cand.profiles else None)
        if profile_name is None:
            raise RepcountError(f"{cand.label} matches no firmware profile: name one with --profile (see `repcount profiles list`)")
        profile = load_profile(profile_name)
        driver = make_driver(profile, rate_hz=opts.rate_hz, range_g=opts.range_g, label=cand.name or profile.title)
        nominal = driver.rate_hz
        sensor_name = cand.name or cand.address

        # -- where the recording goes -------------------------------------------
        sdir = sessions_dir()
        try:
            sdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RepcountError(f"cannot create the sessions directory {sdir}: {exc.strerror or exc}") from None
        label = (opts.exercise if opts.count else "record") if not opts.simulate else f"sim-{opts.simulate}"
        stem = opts.stem or new_stem(sdir, label)
        csv_path = sdir / f"{stem}.csv"
        meta = {
            "sensor": sensor_name,
            "address": cand.address,
            "profile": profile.name,
            "rate_hz": driver.rate_hz,
            "range_g": driver.range_g,
            "placement": opts.placement or (opts.sim_placement if opts.simulate else None),
            "exercise": opts.exercise,
            "source": "repcount live" if opts.count else "repcount record",
            "simulated": bool(opts.simulate),
        }
        events_path = None
        if opts.count:
            from .sinks.jsonl import JsonlSink

            events_path = sdir / f"{stem}.events.jsonl"
            engine = Engine(exercise=opts.exercise, placement=meta["placement"])
            all_sinks = ([display] if display is not None and hasattr(display, "emit") else []) + list(sinks) + [JsonlSink(str(events_path))]
            pipeline = Pipeline(engine, all_sinks)
        rec = _Recorder(csv_path, meta, driver.has_gyro, pipeline)
        if on_recorder is not None:
            on_recorder(rec)

        backoff = Backoff().scaled(speed) if speed != 1.0 else Backoff()
        session = SensorSession(
            cand.device if cand.device is not None else cand.address,
            driver,
            client_backend=backends.client,
            scanner_backend=backends.scanner,
            on_samples=rec.samples_in,
            on_gap=rec.gap,
            on_state=state_changed,
            stats=stats,
            clock=clock,
            backoff=backoff,
            nominal_hz=driver.rate_hz,
        )
        if opts.remember and not opts.simulate:
            # Remembered once it streams: a sensor that refused us is not "the last sensor".
            remember_it = RememberedSensor(name=cand.name, address=cand.address, profile=profile.name)
            remember_state = state_changed

            def state_changed_and_remember(state: str) -> None:
                remember_state(state)
                if state == "streaming" and load_last() != remember_it:
                    save_last(remember_it)

            session.on_state = state_changed_and_remember

        async def status_loop() -> None:
            while True:
                await asyncio.sleep(STATUS_EVERY_S)
                if display is not None:
                    display.status(stats.status_line(clock(), nominal, sensor_name))

        status_task = asyncio.ensure_future(status_loop())
        if sim is not None:
            sim.attach(stop)
        await session.run(stop)
    except BaseException as exc:
        # Whatever happened, what was streamed is kept and summarised; the caller gets
        # the partial result on the exception (``exc.live_result``).
        result = await _finish(stats, sensor_name, pipeline, rec, sim, status_task)
        try:
            exc.live_result = result  # type: ignore[attr-defined]
        except AttributeError:
            pass
        raise
    return await _finish(stats, sensor_name, pipeline, rec, sim, status_task)


async def _finish(stats: StreamStats, sensor_name: str | None, pipeline: Any, rec: _Recorder | None, sim: Any, status_task: Any) -> LiveResult:
    """Close the open set, the sinks, the recording and the simulated world."""
    if status_task is not None:
        status_task.cancel()
    result = LiveResult(summary=None, recording=None, events=None, stats=stats, sensor=sensor_name)
    if rec is not None:
        result.exercise = rec.meta.get("exercise")
        result.placement = rec.meta.get("placement")
    try:
        if rec is not None:
            rec.flush()  # the last buffered samples reach the file and the engine first
        if pipeline is not None:
            if rec is not None and rec.samples:
                result.summary = pipeline.finish()
            # else nothing streamed (refused configuration, Ctrl-C while connecting):
            # no session to summarise, and no empty summary sent to the sinks.
            result.reports = pipeline.close_sinks()
        if rec is not None:
            result.recording = rec.close()
            result.samples = rec.samples
            result.duration_s = rec.t_last
            if pipeline is not None:
                result.events = rec.path.with_name(rec.path.stem + ".events.jsonl")
                if result.recording is None:  # nothing streamed: no empty session left behind
                    result.events.unlink(missing_ok=True)
                    result.events = None
    finally:
        if sim is not None:
            result.simulation = sim
            await sim.close()
    return result


def install_stop_signals(stop: asyncio.Event) -> None:
    """Ctrl-C and SIGTERM end the session cleanly (stream stopped, file complete).

    A second Ctrl-C while stopping falls back to the default (raises KeyboardInterrupt).
    """
    loop = asyncio.get_running_loop()

    def _first(sig: int) -> None:
        stop.set()
        try:
            loop.remove_signal_handler(sig)
        except (NotImplementedError, RuntimeError):
            pass

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, _first, sig)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            pass
