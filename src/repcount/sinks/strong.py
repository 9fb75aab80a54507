"""``csv:FILE``: the session's sets in Strong's CSV export layout.

Strong's export is the workout CSV most other apps import (Hevy, for one), so this is
the lowest common denominator for "put my sets in my logger". One row per set:

    Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE
    2026-11-23 21:15:30,repcount squat,12m,Squat (Barbell),1,0,5,0,0,

``Date`` is the session start (UTC, as recorded), ``Duration`` the whole workout in
Strong's ``1h 5m`` style. Weight is not measured by an accelerometer: 0 unless the
session meta carries ``weight_kg``. ``Seconds`` stays 0 because importers read it as a
timed set; the time under tension lives in the JSON Lines and FIT outputs.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io

from ..events import SetSummary
from .collect import SessionFileSink

COLUMNS = ["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "RPE"]
EXERCISE_NAMES = {"squat": "Squat (Barbell)", "deadlift": "Deadlift (Barbell)"}


def strong_duration(seconds: float) -> str:
    """Strong's workout duration: ``45m``, ``1h 5m`` (at least ``1m``).

    >>> strong_duration(3900), strong_duration(20)
    ('1h 5m', '1m')
    """
    minutes = max(1, round(seconds / 60))
    h, m = divmod(minutes, 60)
    return f"{h}h {m}m" if h else f"{m}m"


def strong_csv(sets: list[SetSummary], start: _dt.datetime, duration_s: float, weight_kg: float | None = None, workout_name: str | None = None) -> str:
    """The CSV text (header + one row per set; ``Set Order`` counts per exercise)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    date = start.strftime("%Y-%m-%d %H:%M:%S")
    exercises = sorted({s.exercise for s in sets}, key=[s.exercise for s in sets].index)
    name = workout_name or ("repcount " + " + ".join(exercises) if exercises else "repcount")
    order: dict[str, int] = {}
    weight = "0" if weight_kg is None else f"{weight_kg:g}"
    for s in sets:
        order[s.exercise] = order.get(s.exercise, 0) + 1
        ex = EXERCISE_NAMES.get(s.exercise, s.exercise.title())
        w.writerow([date, name, strong_duration(duration_s), ex, order[s.exercise], weight, s.reps, 0, 0, ""])
    return buf.getvalue()


class StrongCsvSink(SessionFileSink):
    """Collects the sets; writes the file at close (the Duration column needs the whole
    session)."""

    kind = "csv"

    def render(self) -> bytes:
        c = self.collector
        return strong_csv(c.sets, c.start(), c.duration_s, self.weight_kg(), c.meta.get("workout_name")).encode("utf-8")
