"""``fit:FILE``: a Garmin FIT strength-training activity (Garmin Connect, Strava, ...).

One ``set`` message per set (repetitions, duration, exercise category), with ``rest``
sets between them, inside the messages every activity file carries: file_id, timer
events, record, lap, session, activity. FIT has no time-under-tension field; the active
set's ``duration`` is the set's extent (first rep start to last rep end).
"""

from __future__ import annotations

import datetime as _dt

from ..events import SetSummary
from .collect import SessionFileSink
from .fitenc import ENUM, UINT8, UINT16, UINT32, UINT32Z, FitWriter, fit_time

# Profile numbers (FIT SDK Profile.xlsx).
MESG_FILE_ID, MESG_EVENT, MESG_RECORD, MESG_LAP, MESG_SESSION, MESG_ACTIVITY, MESG_SET = 0, 21, 20, 19, 18, 34, 225
FILE_ACTIVITY = 4
MANUFACTURER_DEVELOPMENT = 255
SPORT_TRAINING, SUB_SPORT_STRENGTH = 10, 20
EVENT_TIMER, EVENT_LAP, EVENT_SESSION, EVENT_ACTIVITY = 0, 9, 8, 26
EVENT_TYPE_START, EVENT_TYPE_STOP, EVENT_TYPE_STOP_ALL = 0, 1, 4
SET_REST, SET_ACTIVE = 0, 1
KILOGRAM = 1
# exercise_category and its subtype (barbell back squat, barbell deadlift).
CATEGORY = {"squat": (28, 6), "deadlift": (8, 0)}


def fit_activity(sets: list[SetSummary], start: _dt.datetime, duration_s: float, weight_kg: float | None = None) -> bytes:
    """Encode a strength-training activity: ``sets`` at times relative to ``start``.

    >>> import datetime as dt
    >>> s = SetSummary(set=1, exercise="squat", reps=5, tut_s=14.0, t_start=10.0, t_end=30.0)
    >>> data = fit_activity([s], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), 60.0)
    >>> data[8:12]
    b'.FIT'
    """
    t0 = start.timestamp()
    end_s = max([duration_s] + [s.t_end for s in sets])
    ts = lambda rel: fit_time(t0 + rel)  # noqa: E731
    w = FitWriter()
    w.message(MESG_FILE_ID, [(0, ENUM, FILE_ACTIVITY), (1, UINT16, MANUFACTURER_DEVELOPMENT), (2, UINT16, 1), (3, UINT32Z, 1), (4, UINT32, ts(0))])
    w.message(MESG_EVENT, [(253, UINT32, ts(0)), (0, ENUM, EVENT_TIMER), (1, ENUM, EVENT_TYPE_START)])
    w.message(MESG_RECORD, [(253, UINT32, ts(0))])
    weight = None if weight_kg is None else round(weight_kg * 16)
    unit = None if weight_kg is None else KILOGRAM
    index = 0
    prev_end = None
    for s in sets:
        if prev_end is not None and s.t_start > prev_end:
            w.message(MESG_SET, [
                (254, UINT32, ts(s.t_start)), (6, UINT32, ts(prev_end)), (0, UINT32, round((s.t_start - prev_end) * 1000)),
                (5, UINT8, SET_REST), (10, UINT16, index),
            ])  # fmt: skip
            index += 1
        cat, sub = CATEGORY.get(s.exercise, (None, None))
        w.message(MESG_RECORD, [(253, UINT32, ts(s.t_start))])
        w.message(MESG_RECORD, [(253, UINT32, ts(s.t_end))])
        w.message(MESG_SET, [
            (254, UINT32, ts(s.t_end)), (6, UINT32, ts(s.t_start)), (0, UINT32, round((s.t_end - s.t_start) * 1000)),
            (3, UINT16, s.reps), (4, UINT16, weight), (5, UINT8, SET_ACTIVE), (7, UINT16, [cat]), (8, UINT16, [sub]),
            (9, UINT16, unit), (10, UINT16, index), (11, UINT16, None),
        ])  # fmt: skip
        index += 1
        prev_end = s.t_end
    ms = round(end_s * 1000)
    w.message(MESG_RECORD, [(253, UINT32, ts(end_s))])
    w.message(MESG_EVENT, [(253, UINT32, ts(end_s)), (0, ENUM, EVENT_TIMER), (1, ENUM, EVENT_TYPE_STOP_ALL)])
    common = [(253, UINT32, ts(end_s)), (2, UINT32, ts(0)), (7, UINT32, ms), (8, UINT32, ms)]
    w.message(MESG_LAP, common + [(0, ENUM, EVENT_LAP), (1, ENUM, EVENT_TYPE_STOP), (25, ENUM, SPORT_TRAINING), (39, ENUM, SUB_SPORT_STRENGTH), (254, UINT16, 0)])
    w.message(MESG_SESSION, common + [
        (0, ENUM, EVENT_SESSION), (1, ENUM, EVENT_TYPE_STOP), (5, ENUM, SPORT_TRAINING), (6, ENUM, SUB_SPORT_STRENGTH),
        (25, UINT16, 0), (26, UINT16, 1), (254, UINT16, 0),
    ])  # fmt: skip
    w.message(MESG_ACTIVITY, [(253, UINT32, ts(end_s)), (0, UINT32, ms), (1, UINT16, 1), (2, ENUM, 0), (3, ENUM, EVENT_ACTIVITY), (4, ENUM, EVENT_TYPE_STOP)])
    return w.to_bytes()


class FitSink(SessionFileSink):
    """Collects the sets; writes the activity file at close (FIT's header holds the data
    size, so it cannot be streamed)."""

    kind = "fit"

    def render(self) -> bytes:
        c = self.collector
        return fit_activity(c.sets, c.start(), c.duration_s, self.weight_kg())
