"""Ground truth of a simulated session, and its sidecar file ``NAME.truth.json``.

Phase boundaries are defined by the bar's vertical velocity ``v`` (see docs/simulator.md):
a phase starts when ``v`` leaves zero and ends when it returns to zero; the simulator's
bar is exactly still between phases, and ``v`` passes 0.02 m/s within ~10 ms of each
boundary. Squat: eccentric (down) -> pause (still at the bottom) -> concentric (up),
lockout = end of concentric, rep = eccentric start .. lockout. Deadlift: concentric (up
from the floor) -> hold (still at the top, ``pause_s``) -> eccentric (down to the floor),
lockout = end of concentric, rep = concentric start .. bar back on the floor.
``tut_s`` = eccentric + pause + concentric; ``mcv_mps`` = ``rom_m / concentric_s`` (mean
upward bar velocity over the concentric); ``rom_m`` = vertical bar travel of the rep.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

TRUTH_VERSION = 1
TRUTH_SUFFIX = ".truth.json"


@dataclass
class RepTruth:
    t_start: float
    t_end: float
    lockout_t: float
    eccentric_s: float
    pause_s: float
    concentric_s: float
    tut_s: float
    mcv_mps: float
    rom_m: float


@dataclass
class SetTruth:
    t_start: float
    t_end: float
    reps: list[RepTruth] = field(default_factory=list)


@dataclass
class Truth:
    """What really happened in a recording.

    ``events`` are the non-rep happenings with ``type`` and ``t_start``/``t_end``
    (unrack, walkout, walkin, rerack, setup, brace, stand_up, walkaway, walk, sit,
    fidget, partial_rep, failed_rep, gap...). ``nuisance`` is the list of nuisance kinds
    present, used to break results down. ``dont_care`` lists intervals
    (``t_start``, ``t_end``, ``lockout_t`` or null, ``why``) where a rep happened that
    the recording does not show whole (cut by a crop, see :mod:`repcount.sim.cropping`): the
    scorer neither demands a rep there nor calls a detection there a ghost. It is left
    out of the sidecar when empty, so uncropped sidecars are unchanged.
    """

    exercise: str
    placement: str
    rate_hz: float
    sets: list[SetTruth] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    nuisance: list[str] = field(default_factory=list)
    noise: bool = True
    seed: int | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    dont_care: list[dict[str, Any]] = field(default_factory=list)

    @property
    def reps(self) -> list[RepTruth]:
        return [r for s in self.sets for r in s.reps]

    @property
    def total_reps(self) -> int:
        return sum(len(s.reps) for s in self.sets)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if not d["dont_care"]:
            del d["dont_care"]  # optional key: readers that predate it see the same sidecar
        d = {"version": TRUTH_VERSION, **d}
        return _round(d)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Truth":
        sets = [
            SetTruth(
                t_start=float(s["t_start"]),
                t_end=float(s["t_end"]),
                reps=[RepTruth(**{k: r[k] for k in RepTruth.__dataclass_fields__}) for r in s.get("reps", [])],
            )
            for s in d.get("sets", [])
        ]
        return cls(
            exercise=d["exercise"],
            placement=d["placement"],
            rate_hz=float(d["rate_hz"]),
            sets=sets,
            events=list(d.get("events", [])),
            nuisance=list(d.get("nuisance", [])),
            noise=bool(d.get("noise", True)),
            seed=d.get("seed"),
            spec=dict(d.get("spec", {})),
            extra=dict(d.get("extra", {})),
            dont_care=[dict(x) for x in d.get("dont_care", [])],
        )


def _round(x: Any) -> Any:
    # 4 decimals = 0.1 ms / 0.1 mm: far below any error we measure, keeps sidecars small.
    if isinstance(x, float):
        return round(x, 4)
    if isinstance(x, dict):
        return {k: _round(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_round(v) for v in x]
    return x


def truth_path_for(recording_path: str | Path) -> Path:
    """``dir/NAME.csv`` (or ``NAME_ACC.txt``, ``NAME.txt``, ``NAME.zip``) -> ``dir/NAME.truth.json``.

    >>> truth_path_for("rec/h10_ACC.txt").name
    'h10.truth.json'
    """
    p = Path(recording_path)
    name = p.name
    for ext in ("_ACC.txt", ".csv", ".txt", ".zip"):
        if name.endswith(ext):
            name = name[: -len(ext)]
            break
    return p.with_name(name + TRUTH_SUFFIX)


def save_truth(path: str | Path, truth: Truth) -> Path:
    p = Path(path)
    p.write_text(json.dumps(truth.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
    return p


def load_truth(path: str | Path) -> Truth:
    from ..errors import InputFileError

    try:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        return Truth.from_dict(d)
    except FileNotFoundError:
        raise InputFileError(str(path), "no such file") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputFileError(str(path), f"not a truth sidecar ({exc})") from None
