"""What to simulate: one session of one lifter with one sensor."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Sequence

EXERCISES = ("squat", "deadlift")
PLACEMENTS = ("bar", "wrist", "chest", "thigh")

# Nuisance motions that must never be counted. The set-framing ones are part of how a
# real set starts and ends; the others are optional extras.
SQUAT_FRAMING = ("unrack", "walkout", "walkin", "rerack")
DEADLIFT_FRAMING = ("setup", "walkaway")
EXTRA_NUISANCE = ("breathing", "fidget", "walk", "sit", "partial", "failed")
ALL_NUISANCE = SQUAT_FRAMING + DEADLIFT_FRAMING + EXTRA_NUISANCE
SQUAT_STYLES = ("normal", "bounce", "pause")
DEADLIFT_STYLES = ("touch_and_go", "dead_stop")


@dataclass
class SessionSpec:
    """A recipe for :func:`repcount.sim.simulate_session`; the same spec and seed give the
    same recording, sample for sample.

    ``reps`` is reps per set (one int for all sets or one per set); it counts only full
    reps: a ``partial`` or ``failed`` attempt comes on top and is not a rep.
    ``style`` is ``"bounce"|"pause"|"normal"`` for a squat, ``"touch_and_go"|"dead_stop"``
    for a deadlift, ``None`` = drawn from the seed. ``load`` is ``"light"|"heavy"|None``.
    ``nuisance`` ``None`` means the framing of the exercise plus breathing
    (squat: unrack, walkout, walkin, rerack; deadlift: setup, walkaway); pass a list to
    choose from :data:`ALL_NUISANCE`. ``noise=False`` gives a "clean theoretical"
    recording: no noise, bias, scale error, quantisation, clipping, jitter or gaps.

    >>> spec = SessionSpec(exercise="squat", placement="wrist", rate_hz=12.5, seed=3)
    """

    exercise: str = "squat"
    placement: str = "bar"
    rate_hz: float = 50.0
    n_sets: int = 2
    reps: int | Sequence[int] = 5
    seed: int = 0
    noise: bool = True
    noise_level: float = 1.0
    nuisance: Sequence[str] | None = None
    gaps: bool = True
    range_g: float | None = None  # +-range of the accelerometer; None = never clips
    gyro: bool = False
    style: str | None = None
    load: str | None = None
    rom_m: float | None = None
    rest_s: tuple[float, float] = (15.0, 30.0)
    start_time: str = "2026-03-02T18:00:00Z"
    name: str | None = None

    def __post_init__(self) -> None:
        if self.exercise not in EXERCISES:
            raise ValueError(f"exercise must be one of {EXERCISES}, not {self.exercise!r}")
        if self.placement not in PLACEMENTS:
            raise ValueError(f"placement must be one of {PLACEMENTS}, not {self.placement!r}")
        if not 1.0 <= float(self.rate_hz) <= 1000.0:
            raise ValueError(f"rate_hz out of range: {self.rate_hz}")
        if self.n_sets < 1:
            raise ValueError("n_sets must be >= 1")
        styles = SQUAT_STYLES if self.exercise == "squat" else DEADLIFT_STYLES
        if self.style is not None and self.style not in styles:
            raise ValueError(f"style for a {self.exercise} must be one of {styles}, not {self.style!r}")
        if self.load not in (None, "light", "heavy"):
            raise ValueError(f"load must be light or heavy, not {self.load!r}")
        if self.nuisance is not None:
            bad = [n for n in self.nuisance if n not in ALL_NUISANCE]
            if bad:
                raise ValueError(f"unknown nuisance {bad}; choose from {ALL_NUISANCE}")

    def reps_per_set(self) -> list[int]:
        if isinstance(self.reps, int):
            return [int(self.reps)] * self.n_sets
        r = [int(x) for x in self.reps]
        if len(r) != self.n_sets:
            raise ValueError(f"reps has {len(r)} entries for {self.n_sets} sets")
        return r

    def nuisance_list(self) -> list[str]:
        if self.nuisance is None:
            base = SQUAT_FRAMING if self.exercise == "squat" else DEADLIFT_FRAMING
            return list(base) + ["breathing"]
        return list(self.nuisance)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["reps"] = self.reps_per_set()
        d["nuisance"] = self.nuisance_list()
        d["rest_s"] = list(self.rest_s)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "SessionSpec":
        known = cls.__dataclass_fields__.keys()
        kw = {k: v for k, v in d.items() if k in known}
        if "rest_s" in kw:
            kw["rest_s"] = tuple(kw["rest_s"])
        return cls(**kw)
