"""Deadlift reps committed before they end: the lockout events.

The Detector (detector.py) counts a deadlift rep when the bar is back on the floor (the
lowering is part of the rep, and a pull without one is the lifter standing up after the
set), a second or more after the lockout. Where a rep can be trusted earlier it is
committed then: it becomes a rep of the set at once, announced by a ``RepLockout``, is
never withdrawn, and its ``Rep`` follows with its phases filled in once the detector sees
the rep end (``settle``, ``tilt_settle``) or gives up on it (``ready``). Two paths:

- displacement (``pull``): at the end of the pull for a sensor on the bar, where nothing
  rises like a pull without being one (the detector asks ``pull_rom_min``), else once the
  lowering is under way and the sensor has not turned like a body bending to the bar
  (``upright``);
- tilt (``tilt_lockout``): a chest or thigh rep at the top of a touch-and-go pull.

It is its own concern: when a rep is announced, not whether the movement is one. The
Detector owns the candidate's phases, the set and the timeline of recent reps; it passes
what a commit needs as arguments and records the reps returned here in its timeline.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..events import Event, Rep, RepLockout
from .config import EngineConfig
from .sets import SetTracker
from .tilt import TiltCandidate, TiltCounter


class Commit:
    def __init__(self, cfg: EngineConfig, placement: str | None) -> None:
        self.cfg = cfg
        # at the end of the pull where nothing can look like a pull without being one (a
        # bar sensor), else once the lowering is under way
        self.at_pull = placement in cfg.commit_pull_placements
        self._cos_turn = float(np.cos(np.deg2rad(cfg.commit_turn_deg)))
        self.rep: Rep | None = None  # the displacement rep committed, not yet ended
        self.tried = False  # the candidate under way was judged for a commit already
        self.ready: list[Rep] = []  # committed reps given up on, to be emitted
        # chest or thigh deadlift reps committed at the top of a touch-and-go pull: the
        # rep under way, the last tilt rep counted, and the pull being watched (None:
        # not yet judged, False: not to be committed)
        self.tilt: Rep | None = None
        self.tilt_last: Rep | None = None
        self.tilt_chain = False
        self.arm: tuple[float, float] | bool | None = None

    def flush(self, emitted_t: float, events: list[Event]) -> bool:
        """Emit the committed reps given up on (at emitted_t). Returns whether any were."""
        if not self.ready:
            return False
        for ev in self.ready:
            ev.emitted_t = emitted_t
        events.extend(self.ready)
        self.ready.clear()
        return True

    # -- displacement ---------------------------------------------------------------
    def upright(self, tc: TiltCounter | None, u: np.ndarray | None, u0: np.ndarray | None) -> bool:
        """May a lowering under way be trusted as one? Not from a sensor that turns with
        the body (a chest or thigh hint; placement unknown and the sensor has turned since
        the pull began, u0 -> u): bending over to the bar or sitting down after a stand-up
        look the same until their end, where the tilt counter can tell them apart."""
        if tc is None:
            return True  # bar or wrist
        if u is None or u0 is None or tc.bent:
            return False  # chest or thigh (or 'standing' is bent over: theta means little)
        return float(u @ u0) >= self._cos_turn and tc.theta < self.cfg.commit_turn_deg

    def pull_rom_min(self, known: bool, sets: SetTracker, rom_min: float) -> float:
        """ROM a pull must have covered to be committed at its end: only once the exercise
        is known (``known``; auto: an unrack or a re-rack lifts a squat bar too), and close
        to the set's best (a failed pull stalls short of lockout and is lowered)."""
        if not known:
            return float("inf")
        best = sets.best_rom
        return rom_min if best is None else max(rom_min, self.cfg.commit_pull_rom_frac * best)

    def pull(self, lockout: float, t_out0: float, rom: float, vetoed: bool, sets: SetTracker,
             reports_bar: bool, emitted_t: float, events: list[Event]) -> Rep | None:
        """Count the deadlift rep under way (pull from t_out0 to lockout, rom) before its
        lowering ends: it becomes a rep of the set now (announced by a lockout event) and
        is never withdrawn; ``settle`` fills in its phases. Not when the detector would
        reject it at its end anyway (``vetoed``: cut short by a reset, covered by a rep,
        owned by the tilt) or it is a partial. Returns the rep committed."""
        self.tried = True
        best = sets.best_rom
        if (vetoed or lockout - t_out0 < self.cfg.commit_min_pull_s
                or (best is not None and rom < self.cfg.partial_frac * best)):
            return None  # as the detector's _complete would decide; left to the lowering's end
        if sets.reps and best is not None and rom < self.cfg.commit_lower_rom_frac * best:
            # short of the set's reps: perhaps the lifter standing up after letting go
            # of the bar (an unloaded wrist rises like a short pull, and walking off
            # reads as its lowering). Judged at its end, where the hand's turn as it let
            # go (Placement.turned) and the walking checks can still reject it.
            return None
        conc = lockout - t_out0
        mcv = (rom / conc if conc > 0 else None) if reports_bar else None
        rep = Rep(set=len(sets.sets) + 1, rep=len(sets.reps) + 1, exercise="deadlift",
                  t_start=t_out0, t_end=lockout, eccentric_s=0.0, pause_s=0.0,
                  concentric_s=conc, tut_s=conc, mcv_mps=mcv, rom_m=rom if reports_bar else None,
                  emitted_t=emitted_t, lockout_t=lockout)
        sets.add(rep)
        if not reports_bar:
            sets.best_rom = rom if best is None else max(best, rom)
        self.rep = rep
        events.append(RepLockout(set=rep.set, rep=rep.rep, exercise=rep.exercise, t_start=rep.t_start,
                                 lockout_t=lockout, concentric_s=conc, mcv_mps=mcv,
                                 rom_m=rep.rom_m, emitted_t=emitted_t))
        return rep

    def settle(self, t_end: float, pause_d: float, ecc: float, t_out1: float | None, rom: float,
               sets: SetTracker, reports_bar: bool, emitted_t: float) -> Rep:
        """The committed rep with its final phases (its lockout_t stays as announced; the
        pull ended at t_out1, None: still pulling)."""
        rep, self.rep = self.rep, None
        assert rep is not None
        conc = t_out1 - rep.t_start if t_out1 is not None else rep.concentric_s
        rep.t_end, rep.eccentric_s, rep.pause_s, rep.concentric_s = t_end, ecc, pause_d, conc
        rep.tut_s = ecc + pause_d + conc
        if reports_bar:
            rep.rom_m, rep.mcv_mps = rom, (rom / conc if conc > 0 else None)
            sets.best_rom = max(sets.best_rom or 0.0, rom)
        rep.emitted_t = emitted_t
        return rep

    # -- tilt -----------------------------------------------------------------------
    def tilt_lockout(self, tc: TiltCounter, t: float, emitted_t: float, s: int | None,
                     sets: SetTracker, pending: bool, covered: Callable[[float, float], bool],
                     events: list[Event]) -> Rep | None:
        """Commit a chest or thigh deadlift rep at the top of its pull (a lockout event;
        the tilt candidate completes it after the lowering, tilt_settle). A body-worn
        sensor rises exactly so when the lifter stands up after the set, so only a pull
        that began right after the previous rep of the set reached the floor: it reached
        near standing (tilt_lo_deg) within commit_tilt_gap_s of that rep's floor
        arrival, from bent over at the bar (>= tilt_hi_deg). Letting go of the bar and
        standing up takes longer (seed 2 stand-ups after a set: >= 1.27 s). ``pending``:
        a tilt candidate awaits its grace; ``covered``: the detector's overlap test.
        Returns the rep committed."""
        if tc.state != tc.OUT or tc.gsign > 0 or tc.bent:
            self.arm = None
            return None
        if self.tilt is not None or self.arm is False or len(tc.hist) < 2:
            return None
        cfg = self.cfg
        if self.arm is None:  # the pull just came within tilt_lo_deg of standing
            self.arm = False
            last = self.tilt_last
            if (s != 1 or not sets.reps or sets.reps[-1] is not last
                    or not self.tilt_chain or pending or self.rep is not None
                    or tc.pol > cfg.tilt_flip_evidence):
                # (pol: evidence that 'standing' is bent over at the bar, a recording that
                # began there; then "near standing" may be the floor: seed 2, exercise
                # given, a chest lowering was committed as a pull)
                return None
            t0, th0 = tc.hist[0]
            if t - last.t_end > cfg.commit_tilt_gap_s or th0 < cfg.tilt_hi_deg:
                return None
            pk, prev = 0.0, th0
            for _, th in tc.hist:
                if prev - th > pk:
                    pk = prev - th
                prev = th
            self.arm = (pk, t0)
        pk, t0 = self.arm
        if tc.hist[-2][1] - tc.hist[-1][1] > cfg.commit_tilt_end_frac * pk:
            return None  # still rising towards standing
        if t - t0 < cfg.commit_min_pull_s or covered(t0, t):
            return None
        conc = t - t0
        rep = Rep(set=len(sets.sets) + 1, rep=len(sets.reps) + 1, exercise="deadlift",
                  t_start=t0, t_end=t, eccentric_s=0.0, pause_s=0.0, concentric_s=conc, tut_s=conc,
                  mcv_mps=None, rom_m=None, emitted_t=emitted_t, lockout_t=t)
        sets.add(rep)
        self.tilt = rep
        events.append(RepLockout(set=rep.set, rep=rep.rep, exercise=rep.exercise, t_start=t0,
                                 lockout_t=t, concentric_s=conc, mcv_mps=None, rom_m=None,
                                 emitted_t=emitted_t))
        return rep

    def tilt_settle(self, c: TiltCandidate, emitted_t: float) -> Rep:
        """The committed tilt rep with the phases of its candidate (start and lockout as
        announced)."""
        rep, self.tilt = self.tilt, None
        lock = rep.lockout_t
        t_end = max(c.t3, lock)
        t2 = min(max(c.t2, lock), t_end)
        rep.t_end, rep.pause_s, rep.eccentric_s = t_end, t2 - lock, t_end - t2
        rep.tut_s = rep.concentric_s + rep.pause_s + rep.eccentric_s
        rep.emitted_t = emitted_t
        self.tilt_last, self.tilt_chain = rep, True
        return rep

    def tilt_give_up(self) -> Rep:
        """The swing ended without a rep the tilt would count: the committed rep is
        emitted as it was announced (never withdrawn), once the detector has it in
        ``ready``."""
        rep, self.tilt = self.tilt, None
        self.tilt_last, self.tilt_chain = rep, False
        return rep
