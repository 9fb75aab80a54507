"""``wger:https://HOST[/PREFIX]``: each set logged in a self-hosted wger.

One ``POST /api/v2/workoutlog/`` per set (``Authorization: Token <key>``) with
``exercise``, ``repetitions`` (``repetitions_unit`` 1 = reps), ``date`` and, when
known, ``weight`` (kg) and ``rest`` (seconds since the previous set). wger has no
duration field, so TUT stays with repcount's own outputs.

Exercise ids differ per wger instance: set ``squat_exercise`` / ``deadlift_exercise``
in ``[wger]`` of sinks.toml (or ``REPCOUNT_WGER_SQUAT_EXERCISE``...), else they are
looked up once with ``GET /api/v2/exercise/search/?term=...``. The token comes from
``REPCOUNT_WGER_TOKEN`` or ``token`` in sinks.toml. Posting runs in the webhook sink's
worker thread, with its bounded queue, timeout and retries.
"""

from __future__ import annotations

import datetime as _dt
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from ..errors import RepcountError
from ..events import Event, SetSummary
from .collect import parse_start_time
from .settings import sink_settings
from .webhook import WebhookSink

SEARCH_TERMS = {"squat": "Squats", "deadlift": "Deadlifts"}
REPS_UNIT, KG_UNIT = 1, 1


class WgerSink(WebhookSink):
    def __init__(self, base_url: str, *, token: str | None, settings: dict[str, Any] | None = None, meta: dict | None = None, **kw: Any) -> None:
        self.base = base_url.rstrip("/")
        self.settings = dict(settings or {})
        self.meta = dict(meta or {})
        self._ids: dict[str, int] = {}
        for ex in SEARCH_TERMS:
            if self.settings.get(f"{ex}_exercise") not in (None, ""):
                try:
                    self._ids[ex] = int(self.settings[f"{ex}_exercise"])
                except (TypeError, ValueError):
                    raise RepcountError(f"[wger] {ex}_exercise must be a number (the exercise id in your wger)") from None
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        self._prev_end: float | None = None
        self._start = parse_start_time(self.meta.get("start_time"))
        super().__init__(f"{self.base}/api/v2/workoutlog/", headers=headers, **kw)
        self.label = "wger " + self.label.split(" ", 1)[1]

    @classmethod
    def from_spec(cls, spec: str, meta: dict | None = None, **kw: Any) -> "WgerSink":
        url = spec.partition(":")[2]
        u = urllib.parse.urlsplit(url)
        if u.scheme not in ("http", "https") or not u.hostname:
            raise RepcountError(f"sink {spec!r}: expected wger:https://HOST[:PORT][/PREFIX]")
        if u.username or u.password:
            raise RepcountError("wger sink: put the token in REPCOUNT_WGER_TOKEN or sinks.toml, not in the URL (it shows in ps)")
        s = sink_settings("wger")
        return cls(url, token=s.get("token"), settings=s, meta=meta, ca=s.get("ca") or None, **kw)

    def wants(self, event: Any) -> bool:
        return isinstance(event, _WithRest)

    def emit(self, event: Event) -> None:
        if isinstance(event, SetSummary):
            # The rest before this set, in stream order (known now, not in the worker).
            event = _WithRest(event, None if self._prev_end is None else max(0.0, event.t_start - self._prev_end))
            self._prev_end = event.set_summary.t_end
        super().emit(event)  # type: ignore[arg-type]

    def request_for(self, item: Any) -> tuple[str, bytes] | None:
        s: SetSummary = item.set_summary
        ex_id = self.exercise_id(s.exercise)
        when = (self._start or _dt.datetime.now(_dt.timezone.utc)) + _dt.timedelta(seconds=s.t_end if self._start else 0)
        body: dict[str, Any] = {
            "exercise": ex_id,
            "repetitions": s.reps,
            "repetitions_unit": REPS_UNIT,
            "date": when.isoformat(timespec="seconds").replace("+00:00", "Z"),
        }
        if self.meta.get("weight_kg") is not None:
            body.update(weight=float(self.meta["weight_kg"]), weight_unit=KG_UNIT)
        if item.rest_s is not None:
            body["rest"] = round(item.rest_s)
        if self.settings.get("routine") not in (None, ""):
            body["routine"] = int(self.settings["routine"])
        return self.url, json.dumps(body).encode()

    def exercise_id(self, exercise: str) -> int:
        """The wger exercise id for ``exercise``: configured, else searched once."""
        if exercise in self._ids:
            return self._ids[exercise]
        term = str(self.settings.get(f"{exercise}_term") or SEARCH_TERMS.get(exercise, exercise))
        lang = str(self.settings.get("language", "en"))
        q = urllib.parse.urlencode({"term": term, "language": lang})
        req = urllib.request.Request(f"{self.base}/api/v2/exercise/search/?{q}", headers=self.headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s, context=self._ssl) as resp:
                data = json.loads(resp.read())
            sugg = data.get("suggestions") or []
            d = sugg[0]["data"]
            ex_id = int(d.get("base_id") or d["id"])
        except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise RepcountError(f"could not look up the {exercise} exercise id ({exc}); set {exercise}_exercise in [wger] of sinks.toml") from None
        self._ids[exercise] = ex_id
        return ex_id


class _WithRest:
    """A set summary on its way to the worker, with the rest that preceded it."""

    def __init__(self, set_summary: SetSummary, rest_s: float | None) -> None:
        self.set_summary = set_summary
        self.rest_s = rest_s
