"""``repcount replay``."""

from __future__ import annotations

import sys

import click

from ..errors import RepcountError

EXERCISES = click.Choice(["auto", "squat", "deadlift"])
PLACEMENTS = click.Choice(["bar", "wrist", "chest", "thigh"])


def stdout_sink(fmt: str, title: str | None = None):
    """The sink that renders ``--format`` on stdout."""
    if fmt == "jsonl":
        from ..sinks.jsonl import JsonlSink

        return JsonlSink(sys.stdout)
    if fmt == "csv":
        from ..sinks.repcsv import RepCsvSink

        return RepCsvSink(sys.stdout)
    from ..sinks.text import TextSink

    return TextSink(sys.stdout, title=title)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--exercise", "-e", type=EXERCISES, default="auto", show_default=True, help="The lift; auto tells them apart by the first movement.")
@click.option("--placement", "-p", type=PLACEMENTS, default=None, help="Where the sensor was worn (a hint; not required).")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl", "csv"]), default="text", show_default=True, help="Output on stdout.")
@click.option("--realtime", is_flag=True, help="Replay at the recording's own pace.")
@click.option("--speed", type=float, default=None, help="Replay N times faster than real time.")
@click.option("--to", "to", multiple=True, metavar="SPEC", help="Also send events to a sink (repeatable): jsonl:FILE, csv:FILE, fit:FILE, mqtt://HOST/PREFIX, http(s)://URL.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None, help="Draw the session to a PNG file.")
def replay(paths, exercise, placement, fmt, realtime, speed, to, plot_path):
    """Count reps in recorded sessions, exactly as the live path would.

    PATH is a repcount recording or a file exported by another app (MetaBase CSV,
    Polar Sensor Logger ACC, phyphox CSV zip or folder, Sensor Logger); the format is
    detected from the content.

    \b
    Examples:
      repcount replay recordings/squat_bar_100hz.csv
      repcount replay session.zip --exercise deadlift --format jsonl
      repcount replay rec.csv --to fit:session.fit --to csv:strong.csv --plot rec.png
    """
    from ..checks import check_signal
    from ..importers import load
    from ..replay import replay_recording
    from ..sinks import open_sink

    if realtime and speed is None:
        speed = 1.0
    failed = False
    for i, path in enumerate(paths):
        try:
            rec = load(path)
        except RepcountError as exc:
            click.echo(f"repcount: error: {exc}", err=True)
            failed = True
            continue
        for warning in check_signal(rec):
            click.echo(f"repcount: warning: {path}: {warning}", err=True)
        sinks = [stdout_sink(fmt, title=path if len(paths) > 1 else None)]
        meta = dict(rec.meta, source=path)
        many = len(paths) > 1
        sinks += [open_sink(_per_file_spec(spec, i) if many else spec, meta=meta) for spec in to]
        p = replay_recording(rec, exercise=exercise, placement=placement, sinks=sinks, speed=speed)
        for report in p.close_sinks():
            click.echo(f"repcount: {report}", err=True)
        if plot_path:
            from ..plot import plot_session

            out = plot_path if len(paths) == 1 else _numbered(plot_path, i)
            plot_session(rec, p.events, out)
    if failed:
        sys.exit(1)


def _per_file_spec(spec: str, i: int) -> str:
    """With several PATHs, each recording is its own session: number file targets
    (``fit:out.fit`` -> ``fit:out-2.fit``) so one does not overwrite another."""
    kind, sep, target = spec.partition(":")
    if kind in ("jsonl", "csv", "fit") and sep and target not in ("", "-"):
        return f"{kind}:{_numbered(target, i)}"
    return spec


def _numbered(path: str, i: int) -> str:
    stem, dot, ext = path.rpartition(".")
    return f"{stem}-{i + 1}.{ext}" if dot else f"{path}-{i + 1}"


COMMANDS = [replay]
