"""Set segmentation: a set is a run of reps; it ends when rest begins.

Rest = no rep completed and none in progress for ``set_gap_s``. The set is emitted at
that moment (and at the end of the stream), with the reps it holds.
"""

from __future__ import annotations

from ..events import Rep, SetSummary


class SetTracker:
    def __init__(self, gap_s: float) -> None:
        self.gap_s = gap_s
        self.sets: list[SetSummary] = []
        self.reps: list[Rep] = []       # reps of the open set
        self.best_rom: float | None = None

    @property
    def open(self) -> bool:
        return bool(self.reps)

    def deadline(self) -> float:
        # (a rep found late by the second look may end before the last one counted)
        return max(r.t_end for r in self.reps[-2:]) + self.gap_s if self.reps else float("inf")

    def add(self, rep: Rep) -> None:
        self.reps.append(rep)
        if rep.rom_m is not None:
            self.best_rom = rep.rom_m if self.best_rom is None else max(self.best_rom, rep.rom_m)

    def withdraw(self, rep: Rep) -> None:
        """Take a rep counted but never emitted back out of the open set (pins.py: a
        failed squat's sink); the best ROM is then the best of the reps left."""
        self.reps.remove(rep)
        roms = [r.rom_m for r in self.reps if r.rom_m is not None]
        if roms:
            self.best_rom = max(roms)

    def close(self, emitted_t: float) -> SetSummary | None:
        if not self.reps:
            return None
        r0, r1 = self.reps[0], self.reps[-1]
        s = SetSummary(
            set=len(self.sets) + 1,
            # the lift its last rep was read as: a set re-decided mid-way (setcls.py, the
            # tilt's bent flip) is what its later reps say (as sessions.py rebuilds sets)
            exercise=r1.exercise,
            reps=len(self.reps),
            tut_s=sum(r.tut_s for r in self.reps),
            t_start=r0.t_start,
            t_end=r1.t_end,
            emitted_t=emitted_t,
        )
        self.sets.append(s)
        self.reps = []
        self.best_rom = None
        return s
