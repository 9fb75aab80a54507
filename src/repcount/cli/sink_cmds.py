"""``repcount sessions``, ``repcount export``, ``repcount plot``: thin layers over
repcount.sessions and repcount.plot."""

from __future__ import annotations

import json

import click

from ..errors import RepcountError


def _when(start: str | None) -> str:
    if not start:
        return "-"
    from ..sinks.collect import parse_start_time

    t = parse_start_time(start)
    return t.strftime("%Y-%m-%d %H:%M") if t else "-"


@click.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None, help="Sessions directory (default: repcount's own).")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
def sessions(directory, fmt):
    """List recorded sessions with their sets, reps and time under tension.

    Sessions are what `repcount live` recorded: STEM.csv plus STEM.events.jsonl. A
    session without its events file is replayed to count it. The number in the first
    column is what `repcount export` and `repcount plot` accept.

    \b
    Examples:
      repcount sessions
      repcount sessions --format jsonl | jq -c '{stem, total_reps}'
    """
    from ..config import sessions_dir
    from ..sessions import list_sessions

    found = list_sessions(directory)
    if not found:
        if fmt == "text":
            click.echo(f"no sessions in {directory or sessions_dir()}", err=True)
        return
    if fmt == "text":
        click.echo(f"{'#':>3}  {'session':<28} {'date (UTC)':<16}  {'exercise':<16} {'sets':>4} {'reps':>4} {'TUT':>7}  per set")
    for i, s in enumerate(found, start=1):
        try:
            summ = s.summary
        except RepcountError as exc:
            if fmt == "text":
                click.echo(f"{i:>3}  {s.stem:<28} unreadable: {exc}")
            continue
        tut = sum(x.tut_s for x in summ.sets)
        if fmt == "jsonl":
            click.echo(json.dumps({"index": i, "stem": s.stem, "start_time": s.start_time, "sensor": s.meta.get("sensor"), "exercises": s.exercises, "sets": len(summ.sets), "total_reps": summ.total_reps, "tut_s": round(tut, 3), "reps_per_set": [x.reps for x in summ.sets], "recording": str(s.recording) if s.recording else None, "replayed": s.replayed}))
        else:
            per_set = " ".join(str(x.reps) for x in summ.sets) or "-"
            flag = " (replayed)" if s.replayed else ""
            click.echo(f"{i:>3}  {s.stem:<28} {_when(s.start_time):<16}  {'+'.join(s.exercises) or '-':<16} {len(summ.sets):>4} {summ.total_reps:>4} {tut:>6.1f}s  {per_set}{flag}")


@click.command()
@click.argument("session")
@click.option("--to", "to", multiple=True, required=True, metavar="SPEC", help="Where to (repeatable): fit:FILE, csv:FILE (Strong), jsonl:FILE, or any live sink.")
@click.option("--recount", is_flag=True, help="Replay the recording instead of using the stored events.")
def export(session, to, recount):
    """Re-export a recorded session without streaming it again.

    SESSION is a number from `repcount sessions` (`last` = the newest), a session name, or a
    recording file (any format `repcount replay` reads).

    \b
    Examples:
      repcount export last --to fit:today.fit
      repcount export 20261123-211530-squat --to csv:strong.csv --to jsonl:events.jsonl
      repcount export recordings/squat_bar_100hz.csv --to fit:squat.fit
    """
    from ..sessions import export_session, resolve_session

    s = resolve_session(session)
    for report in export_session(s, list(to), recount=recount):
        click.echo(f"repcount: {report}", err=True)
    summ = s.summary
    click.echo(f"{s.stem}: {len(summ.sets)} sets, {summ.total_reps} reps -> {', '.join(to)}", err=True)


@click.command()
@click.argument("recording")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), required=True, help="The PNG to write.")
@click.option("--exercise", "-e", type=click.Choice(["auto", "squat", "deadlift"]), default=None, help="Count as this lift (default: as recorded, else auto).")
@click.option("--recount", is_flag=True, help="Count again instead of using a session's stored events.")
def plot(recording, out, exercise, recount):
    """Draw a session: vertical signal, each rep marked, phases shaded, TUT and velocity.

    RECORDING is a recording file (any format `repcount replay` reads), or a session
    number or name from `repcount sessions`.

    \b
    Examples:
      repcount plot recordings/squat_bar_100hz.csv -o squat.png
      repcount plot last -o last-session.png
    """
    from ..importers import load
    from ..plot import plot_session
    from ..sessions import load_events, resolve_session

    s = resolve_session(recording)
    if s.recording is None:
        raise RepcountError(f"{recording}: no recording to draw (only events)")
    load_events(s, recount=recount or exercise is not None, exercise=exercise)
    rec = load(str(s.recording))
    plot_session(rec, s.events, out)
    click.echo(f"wrote {out}", err=True)


COMMANDS = [sessions, export, plot]
