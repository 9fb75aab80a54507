"""THE rep state machine: where a rep is detected, in one place.

It runs on the vertical velocity ``v`` and displacement ``z`` of every grid sample.
Squat and deadlift are the same machine mirrored: with ``s = -1`` (squat) or ``+1``
(deadlift), ``w = s*v`` is positive in the *outward* phase (squat descent, deadlift
pull) and negative in the *return* phase (squat ascent, deadlift lowering)::

    IDLE --w>vp--> OUT --w<vp--> PAUSE --w<-vp--> RET --w>-vp--> (return >= frac?) rep!
                    ^--w>vp------'                 ^              |no
                                                   '---w<-vp-- STALL --w>vp--> abort

A rep is counted when the return phase ends (|v| falls below ``v_phase``) having
covered ``return_frac`` of an outward phase of at least ``rom_min``, with peak speeds of
at least ``v_move`` both ways. For a squat that moment is the lockout, so the count
comes with only the filter delay. For a deadlift it is the bar back on the floor (the
lowering is part of the rep's TUT and a pull without lowering is the lifter standing up
after the set, with a wrist or chest sensor); ``lockout_t`` still reports the top. Where
the engine can commit to a deadlift rep earlier (a bar sensor: when the pull ends; else
once the lowering is under way, _commit; a chest or thigh tilt rep at the top of a
touch-and-go pull, _tilt_lockout), it emits a ``RepLockout`` then (commit.py: when to
commit, and the committed reps' state); the rep is never withdrawn, and its ``Rep``
always follows.
A rep ends turned as it started: a return that ends with a sensor that turned with
depth (wrist, trunk) still turned towards the bottom waits in STALL (``_end_rep``,
``_not_back``) and is counted from there once the sensor has turned back, or dropped
if it sinks (a failed squat) or times out.
Each state has its method (``_on_idle``, ``_on_out``, ``_on_pause``, ``_on_ret``,
``_on_stall``), which run() calls once per sample; a rep is counted in ``_on_ret``
or ``_on_stall`` (via ``_end_rep``, checked in ``_complete``; in auto mode a set's
first rep also decides its exercise: firstrep.py judges whether that first movement
was read the wrong way round (a deadlift setup and pull, a walkout's drift and a
squat's descent: ``_complete`` and ``_reread_as_descent`` re-read it), was measured
too poorly to decide, or was too short to be a rep), from the tilt
(``_tilt_rep``, tilt.py; tiltreps.py decides whether a swing is a rep, whether the
tilt owns or vetoes a displacement candidate, and whether either is unlike the open
set's reps), or late, at a rest, when that rest shows a zero-velocity
update inside the rep was false (``_late_reps``, relook.py), or late when what follows
a bar squat dropped in STALL shows it was a grind (``_grind_wait``, grind.py), or when
a squat dropped after a full descent goes deeper than a squat can, its ascent read as
descent (``_deep_hold``, deep.py), or, for
a deadlift pull the machine dropped (cut by a false reset, or ended short), at the end
of the lowering that proves it (``_on_cut``, lowering.py). Where the sensor sits when
no placement is given (wrist or body) is judged in placement.py; whether a candidate
was steps (a walkout, a re-rack, walking off), not a lift, in walking.py.
Near-stops inside a phase (a grinding rep's sticking point) are absorbed by the
PAUSE->OUT and STALL->RET edges and counted in the phase. Time limits abort anything
that is not a rep (walking away, holding the bottom, a dumped squat).
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from ..events import Event, Rep
from .commit import Commit
from .config import G, EngineConfig
from .deep import Deep
from .pins import Pins
from .grind import Grind
from .lowering import CutPull
from .placement import Placement
from .relook import Relook
from .rhythm import Rhythm
from .sets import SetTracker
from . import firstrep, posture, setcls, tiltreps
from .tilt import TiltCandidate, TiltCounter
from .walking import Walking

IDLE, OUT, PAUSE, RET, STALL = range(5)


class Detector:
    # The tilt path's decisions (tiltreps.py), bound as methods: no extra call.
    _tilt_owns = tiltreps.tilt_owns
    _tilt_vetoes = tiltreps.tilt_vetoes
    _starts_inside = tiltreps.starts_inside
    _first_pull = tiltreps.first_pull
    _turn_unlike_set = tiltreps.turn_unlike_set
    _sitting = tiltreps.sitting
    # The first-rep rules that decide a set's exercise (firstrep.py), bound likewise.
    _braced = firstrep.braced
    _rose_past = firstrep.rose_past
    _sank_past = firstrep.sank_past
    _gap_undecided = firstrep.gap_undecided
    _gap_blind_first = firstrep.gap_blind_first
    _first_flat = firstrep.first_flat
    # An auto set's exercise re-decided from its reps' turn (setcls.py, round 10 CLS).
    _squat_by_turn = setcls.squat_by_turn
    _squat_by_posture = posture.squat_by_posture
    _walkout_pull = posture.walkout_pull

    def __init__(self, cfg: EngineConfig, exercise: str, placement: str | None,
                 tilt_offset_s: float = 0.0) -> None:
        self.cfg = cfg
        # Body-worn (or unknown) sensors also count from their tilt (tilt.py); a bar or a
        # wrist does not swing with the rep the way a thigh or a trunk does.
        self.tc = TiltCounter(cfg, cfg.grid_hz) if placement in (None, "chest", "thigh") else None
        self.tilt_offset = tilt_offset_s
        self.pending: TiltCandidate | None = None
        self.pending_t = 0.0
        self.recent: list[tuple[float, float]] = []  # (t_start, t_end) of the last reps
        self.exercise = exercise
        self.fixed_sign = {"squat": -1, "deadlift": 1}.get(exercise)
        self.s = self.fixed_sign  # None = undecided (auto, between sets)
        self.rom_min = cfg.rom_min_m.get(placement, cfg.rom_min_m[None])
        self.placement_unknown = placement is None
        self._cos_rot = float(np.cos(np.deg2rad(cfg.rotated_deg)))
        # Wrist or body? The rigid-with-the-bar latch, hands to the bar and the |f|
        # integral that tells a tilt from an acceleration (placement.py).
        self.place = Placement(cfg)
        self.u0: np.ndarray | None = None
        self.v_move_cur = cfg.v_move
        # ROM and MCV mean bar quantities only where the sensor travels with the bar.
        self.reports_bar = placement in (None, "bar", "wrist")
        self.on_bar = placement == "bar"  # told it rides with the bar (else: the rigid latch)
        self.sets = SetTracker(cfg.set_gap_s)
        self.max_pause = cfg.max_hold_s
        # Deadlift reps committed before their lowering ends, announced by a lockout
        # event (commit.py; the rep event follows)
        self.commits = Commit(cfg, placement)
        self._idle()
        # the outward phase's start and end (set as it starts and ends). A set opened by
        # tilt reps alone has never run a displacement phase, yet a descent dropped in it
        # is reported with the last phase's end (run: cut.dropped_after).
        self.t_out0 = self.t_out1 = 0.0
        self.prev_t: float | None = None
        self.prev_v = 0.0
        self._t_still: float | None = None
        # gravity direction when the outward phase began, and when the last counted
        # displacement rep of the open set began (see the squat start check in run)
        self.u_out0: list[float] | None = None
        self.u_last0: list[float] | None = None
        self.th_min = 180.0   # least tilt from standing during the outward phase
        self.set_tilt_n = 0   # tilt reps counted in the open set
        self.set_disp_n = 0   # displacement reps counted in the open set (_evidence)...
        self.set_disp_cos = 1.0  # ...and the least cosine of their turn (Placement.rc_min)
        self.set_disp_cos_hi = -1.0  # ...and the greatest (the least turn)
        self.set_tilt_amp = 0.0  # ...and their mean swing (deg)
        # (round 10, CLS) displacement reps in a row, in the open set, that turned the
        # sensor like a trunk in a squat (setcls.squat_by_turn)
        self.cls_run = 0
        self.cls_turn_min = 180.0  # ...and the least of their turns (deg)
        # reps of the whole session counted from the tilt and from displacement: more of
        # the former says the sensor turns with the body (chest, thigh; _body_first)
        self.tilt_reps = 0
        self.disp_reps = 0
        self.th_max = 0.0     # most tilt from standing during the outward phase
        self.pause_rested = False  # the sensor came to rest in this PAUSE
        self.ret_rested = False  # ...and in this return (RET or STALL)
        self.ret_rest_n = 0  # ...the longest of those rests (grid samples)
        self.ret_rest_t = self.ret_rest_z = 0.0  # ...the last rest sample's time and height
        self.ret_still0 = self.ret_still_s = 0.0  # ...the longest stillness in it (s)
        self._rose_turned = False  # _end_rep -> _complete: a turned first "squat" rose past its start
        self.still_short = False  # ...and ended at a rest short of still_return_frac (_on_ret)
        self._restart = False  # run(): an outward phase restarts at this sample
        # a pull went on up after a rest in its PAUSE: where it set off again (t, y, gravity
        # direction, tilt, travel) and its peak height and speed since (_rerest_out)
        self._rerest: tuple | None = None
        self._rr_ypk = 0.0
        self._rr_wpk = 0.0
        self._rest_t = -1.0  # the last rest seen in a PAUSE
        self.out_cut = False  # the outward phase was ended by a velocity reset while moving
        self.out_plateau = False  # ...and removed most of the phase's peak speed (_plateau_cut)
        self.out_ramp = False  # ...the same, whatever the phase's travel (_too_small)
        self.out_short = False  # ...and looked too small, judged on the mean travel instead
        self.rom_min_cur = self.rom_min
        self._cos_start = float(np.cos(np.deg2rad(cfg.squat_start_deg)))
        self.cand_gap = False  # the candidate under way crossed a bridged gap
        self.cand_gap_s = 0.0  # ...the longest such dropout (first bridged sample to the data resuming)
        self.cand_drop = False  # ...any dropout (drop_mark_s), in any of its phases
        self._commit_ypk = None
        self._top = None  # (lockout time, height) of a pull that rested at its top: _on_pause
        self.t_slow = None  # when the outward phase's measured speed fell to end_frac of its peak
        self.pause_gap: float | None = None  # a bridged gap began in PAUSE here (_hidden_return)
        self.pause_gap1 = 0.0  # ...and the data resumed here
        self.drop_t0 = 0.0  # the first bridged sample of the last dropout (lag > drop_mark_s)
        self.drop_src = -1.0  # ...and when the data resumed after it
        self.stall_turned = False  # STALL entered because the sensor had not turned back
        self._stall_c = 1.0  # ...and its cosine to where the outward phase began, the most back since
        self._stall_c0 = 1.0  # ...and when it entered STALL
        self._stall_back = False  # ...and it has only turned back since
        self._cos_back_min = float(np.cos(np.deg2rad(cfg.squat_back_min_deg)))
        self._back_tol = float(np.deg2rad(cfg.squat_back_tol_deg))
        self._cos_back_max = float(np.cos(np.deg2rad(cfg.tilt_thigh_deg)))
        self._cos_back_min_dl = float(np.cos(np.deg2rad(cfg.dl_back_min_deg)))
        self._cos_first_flat = float(np.cos(np.deg2rad(cfg.first_flat_deg)))
        # (round 12, EXCLS) where the lifter rests (posture.py)
        self.posture = posture.Posture(cfg)
        self._cos_cls_lo = float(np.cos(np.deg2rad(cfg.cls_sq_turn_lo_deg)))
        self.walk = Walking(cfg)  # steps, not a lift: their counts (walking.py)
        self.v_blind = False  # the velocity was integrated across a bridged gap since the last rest
        self.relook = Relook(cfg, 1.0 / cfg.grid_hz)  # second look at each rest (_late_reps)
        # a bar squat's grind dropped as a failed rep, until what follows tells (grind.py)
        self.grind = Grind(cfg, 1.0 / cfg.grid_hz)
        # a squat dropped after a full descent, until its ascent, integrated as more
        # descent, goes deeper than a squat can (deep.py)
        self.deep = Deep(cfg, 1.0 / cfg.grid_hz)
        # a slow bar squat rep held back until the bar's next move (pins.py, FAILSQ)
        self.pins = Pins(cfg, 1.0 / cfg.grid_hz)
        # (round 12, helper GAPREP) the kinematics' log of velocity steps taken off after a
        # dropout (dropout.GapHold.log; core shares it), and a rep held until its step
        # is decided (_gap_held), with the current row's time
        self.gap_log: list[list] = []
        self.gap_rep: Rep | None = None
        self.t_row = 0.0
        # movements the live pass saw whole and rejected for what they are, not for their
        # travel (covered by a rep, owned or vetoed by the tilt, a sensor on the bar that
        # turned, hands taking a bar): the second look does not overrule those. (Not the
        # rejections a false reset causes: a partial, a descent that rested and went on.)
        self.vetoed: deque = deque(maxlen=4)
        # a squat descent refused because the sensor was seated here (_sitting), until
        # it stands again (its entry in vetoed is open-ended meanwhile)
        self.sat0: float | None = None
        # a deadlift pull cut by a false reset, proven by its lowering (lowering.py)
        self.cut = CutPull(cfg)
        self._gdl_last = None  # (helper GDL) the last rep whose unseen pull was re-armed once
        # (round 12, RHYTHM) a hole of one rep in the open set's rhythm looked at again
        self.rhythm = Rhythm(cfg, 1.0 / cfg.grid_hz)

    # -- state helpers ----------------------------------------------------------------
    def _idle(self) -> None:
        if self.commits.rep is not None:
            self._give_up()
        self.state = IDLE
        if not self.sets.open:
            self.s = self.fixed_sign

    def reset_motion(self) -> None:
        """An unbridged gap: whatever was in progress is dropped, never counted."""
        self._idle()
        self.prev_t = None
        self.place.stream_cut()
        self.relook.reset()
        self.rhythm.reset()
        if self.tc is not None:
            self.tc.reset_motion()

    def _extrap(self, t: float, w: float, pw: float) -> float:
        """How long until a decelerating phase (speed w > 0 falling) reaches zero speed,
        from the current deceleration, capped at ``end_extrap_s``. Phase ends are detected
        at a speed threshold; the truth (and a coach) dates them at zero speed."""
        if self._t_still is not None or self.prev_t is None or not (w < pw) or w <= 0.0:
            return 0.0
        ext = w / ((pw - w) / (t - self.prev_t))
        return ext if ext < self.cfg.end_extrap_s else self.cfg.end_extrap_s

    def _lead(self, t: float, w: float, pw: float) -> float:
        """How long before crossing ``v_phase`` an accelerating phase (speed w > 0
        rising) left zero speed, at the current acceleration, capped at ``end_extrap_s``:
        the phase start is detected at a speed threshold, the truth dates it at v = 0."""
        if self.prev_t is None or not (w > pw):
            return 0.0
        ext = self.cfg.v_phase / ((w - pw) / (t - self.prev_t))
        return ext if ext < self.cfg.end_extrap_s else self.cfg.end_extrap_s

    def _cross(self, t: float, w: float, pw: float, level: float) -> float:
        """Time at which w crossed ``level`` between the previous sample and this one."""
        if self._t_still is not None:
            return self._t_still
        if self.prev_t is None or w == pw:
            return t
        f = (level - pw) / (w - pw)
        f = 0.0 if f < 0.0 else 1.0 if f > 1.0 else f
        return self.prev_t + f * (t - self.prev_t)

    # -- main loop ------------------------------------------------------------------
    def run(self, t: np.ndarray, v: np.ndarray, z: np.ndarray, rest: np.ndarray, calm: np.ndarray,
            gate: np.ndarray, src: np.ndarray,
            tilt: np.ndarray | None = None, tilt_all: np.ndarray | None = None,
            gmag: np.ndarray | None = None,
            horiz: tuple[np.ndarray, np.ndarray] | None = None,
            band: tuple[np.ndarray, np.ndarray] | None = None) -> list[Event]:
        """Run one block of grid rows through the rep state machine; return its events.

        Per row, in this order: date a phase's end at the stillness or calm under it;
        close the set once its rest passes the deadline (``_close_set``); step the state
        machine (``_on_idle`` / ``_on_out`` / ``_on_pause`` / ``_on_ret`` / ``_on_stall``:
        this is where a displacement rep is detected, in ``_end_rep``); feed the second
        look (``relook.py``) at rests; step the candidates held for what follows them
        (``_held_step``); count the walking evidence; note dropouts (``_mark_dropout``);
        step the tilt counter (``_tilt_step``); flush committed deadlift reps; look for a
        hole in the set's rhythm (``_rhythm_rep``).
        """
        cfg = self.cfg
        events: list[Event] = []
        self.commits.flush(float(src[0]), events)  # a committed rep given up on at a gap (reset_motion)
        deadline = self.sets.deadline()
        dt = 1.0 / cfg.grid_hz
        calm_need = int(round(cfg.calm_s * cfg.grid_hz))
        tl = tilt_all.tolist() if tilt_all is not None else None
        gl = gmag.tolist() if (gmag is not None and self.tc is not None) else None
        # Python floats and ints: indexing a numpy array per sample, and arithmetic on
        # the numpy scalars it returns, cost several times more (all are float64/int64,
        # so the values, and the events, are the same).
        t, v, z, rest, calm, gate, src = (t.tolist(), v.tolist(), z.tolist(), rest.tolist(),
                                          calm.tolist(), gate.tolist(), src.tolist())
        pl = self.place
        relook = self.relook
        relook_buf = relook.buf
        cut = self.cut
        hl, vl = (horiz[0].tolist(), horiz[1].tolist()) if horiz is not None else (None, None)
        bh, bl = (band[0].tolist(), band[1].tolist()) if band is not None else (None, None)
        walk = self.walk
        rhythm = self.rhythm
        rhythm_buf = rhythm.buf
        pst = self.posture
        for i in range(len(t)):
            ti = t[i]
            vi = v[i]
            st = self.state
            # A zero-velocity update means the bar has been still for rest[i] samples:
            # a phase that was running ended when the stillness began (integration drift
            # can keep |v| above v_phase until the update), so date its end then.
            self._t_still = ti - rest[i] * dt if rest[i] else None
            if st != IDLE and self._t_still is None and calm[i] >= calm_need and -gate[i] < vi < gate[i]:
                # No vertical acceleration for calm_s at a modest speed: the bar is
                # still and |v| is integration drift. End the phase when the calm began
                # (the state checks below still demand the rep's geometry).
                self._t_still = ti - calm[i] * dt
                vi = 0.0
            pl.trav += (vi if vi > 0.0 else -vi) * dt  # (did it move between lifts? Placement.moving)
            if rest[i] and (st == RET or st == STALL):
                self.ret_rested = True
                if rest[i] > self.ret_rest_n:
                    self.ret_rest_n = rest[i]
                # (the stillness in this return, bridging a flicker of <= 0.2 s: _braced)
                r0 = ti - rest[i] * dt
                if self.ret_rest_t <= 0.0 or r0 - self.ret_rest_t > 0.2:
                    self.ret_still0 = r0
                self.ret_still_s = max(self.ret_still_s, ti - self.ret_still0)
                self.ret_rest_t, self.ret_rest_z = ti, z[i]
            if rest[i] and pl.t_end is None:
                pl.first_rest(ti)
            if (rest[i] and (rest[i] == pst.rest_n or rest[i] == pst.ref_n)
                    and tl is not None and self.fixed_sign is None):
                # (round 12, EXCLS) the postures of the rests outside sets and in the open
                # set, each taken once at one of its two ages (posture.py)
                pst.step(rest[i], tl[i], self.sets.open, not self.sets.sets and not self.sets.reps)
            if st == IDLE:
                if ti > deadline:
                    events.append(self._close_set(src[i], rest[i] > 0))
                    deadline = self.sets.deadline()
                self._on_idle(i, ti, vi, z, tl, tilt)
                if cut.t0 is None and rest[i] and self.state == IDLE:
                    self._unseen_pull(ti - rest[i] / cfg.grid_hz, ti)
                if cut.t0 is not None and self.state == IDLE and self._on_cut(i, ti, vi, z, rest, src, events):
                    deadline = self.sets.deadline()
            else:
                s = self.s
                w = s * vi
                y = s * z[i]
                pw = s * self.prev_v
                n_reps = len(self.sets.reps)
                if cut.t0 is not None and not cut.low:
                    cut.waiting(y)  # (a movement the machine follows while a cut pull waits)
                if st == OUT:
                    self._on_out(i, ti, w, pw, y, tl, tilt, src, events)
                elif st == PAUSE:
                    if self._on_pause(i, ti, w, pw, y, rest, tilt, src, events, tl):
                        deadline = self.sets.deadline()
                    if self.state == IDLE and self._restart:
                        # the outward phase begins afresh from the rest (see _on_pause)
                        self._restart = False
                        self._on_idle(i, ti, vi, z, tl, tilt)
                elif st == RET:
                    if self._on_ret(i, ti, w, pw, y, tl, tilt, src, events):
                        deadline = self.sets.deadline()
                elif st == STALL:
                    if self._on_stall(i, ti, w, tl, src, events):
                        deadline = self.sets.deadline()
                if (self.state == IDLE and self.sets.open and (self.out_cut or (s < 0 and st == OUT) or (
                        st != OUT and self.t_out1 - self.t_out0 >= cfg.commit_min_pull_s))):
                    # a pull dropped in an open deadlift set: a reset cut it, or it ended
                    # short of the set's reps (a grind integrated low): its lowering may
                    # still prove it (lowering.py). The squat mirror: a descent a reset cut,
                    # or dropped while going out (the rest test froze a gentle descent
                    # into a "wobble" of a few cm), may be proven by its ascent.
                    cut.dropped_after(self.sets.reps[-1], self.t_out0, self.t_out1, self.ypk - self.y0,
                                      self.prev_t, self.s < 0)
                if (self.state == IDLE and st != OUT and s < 0 and self.sets.open
                        and len(self.sets.reps) == n_reps):
                    self._deep_hold(ti)
            if rest[i] or relook.prev_rest:
                if rest[i] and not relook.prev_rest:
                    # a rest's onset, where the second look reads them (Relook._drop_step)
                    relook.squat = self.s == -1 and self.sets.open
                    relook.deadlift = self.s == 1 and self.sets.open
                    relook.first = self.fixed_sign is None and not self.sets.open
                    relook.first_look = False
                    relook.u = tl[i] if tl is not None else None
                    reps = self.sets.reps
                    if (reps and reps[-1] is not relook.floor_rep and relook.u is not None
                            and 0.0 <= ti - reps[-1].t_end <= cfg.relook_floor_rest_s):
                        # the first rest right after a rep ended: a deadlift's floor
                        relook.floor_rep = reps[-1]
                        relook.u_floor = relook.u
                look = relook.push(ti, v[i], rest[i])
                if look is not None and self._late_reps(look, src[i], events):
                    deadline = self.sets.deadline()
            else:
                relook_buf.append((ti, v[i]))  # Relook.push's whole work while moving
            # how late this row's data came: a row bridged across a dropout comes with the
            # first sample after it (drop_mark_s marks a dropout; past gap_blind_s the row
            # is too interpolated to judge a movement by)
            lag = src[i] - ti
            blind = lag > cfg.gap_blind_s
            if (self.grind.cand is not None or self.gap_rep is not None or self.pins.rep is not None
                    or self.deep.run is not None or self.deep.cand is not None):
                if self._held_step(i, ti, v, z, rest, src, blind, tl, events):
                    deadline = self.sets.deadline()
            else:
                self.t_row = ti  # (as _held_step sets it: most rows hold nothing)
            rhythm_buf.append((ti, v[i]))  # (Rhythm.look's velocity)
            self.prev_t = ti
            self.prev_v = vi
            sn = self.state
            # (the turns are counted on the integrated velocity: where a calm zeroed vi
            # above, a drifting hold would flicker between its drift and 0 and read as
            # a bob at every flicker)
            vi = v[i]
            if sn == OUT or sn == RET:
                # turns of the velocity in the phase (Walking.phase_walked), inline: per sample
                pd = walk.ph_dir
                if pd >= 0 and vi < walk.ph_v - cfg.walk_dv:
                    walk.ph_n += pd > 0
                    walk.ph_dir, walk.ph_v = -1, vi
                elif pd <= 0 and vi > walk.ph_v + cfg.walk_dv:
                    walk.ph_n += pd < 0
                    walk.ph_dir, walk.ph_v = 1, vi
                elif (pd > 0 and vi > walk.ph_v) or (pd < 0 and vi < walk.ph_v):
                    walk.ph_v = vi
            if self.s == 1 and self.fixed_sign is None and not self.sets.open and (sn == OUT or sn == PAUSE):
                walk.count_steps(vi)
                if hl is not None and not blind:
                    # (measured samples only: one interpolated across a dropout has no
                    # acceleration either way)
                    walk.steps_h += hl[i]
                    walk.steps_ve += vl[i]
            if lag > cfg.drop_mark_s or blind or (rest[i] and self.v_blind):
                self._mark_dropout(ti, src[i], lag, blind, rest[i])
            if st != RET and self.state == RET and tl is not None:
                pl.ru_ret = tl[i]  # orientation when the return began
            if self.state != IDLE and pl.ru0 is not None and tl is not None:
                pl.track(tl[i])
            if self.tc is not None and tilt_all is not None and not pl.rigid:
                # (a sensor found to ride with the bar no longer needs the tilt counter)
                if self._tilt_step(i, ti, vi, tl, gl, bh, bl, rest, src, events):
                    deadline = self.sets.deadline()
            if self.commits.ready and self.commits.flush(src[i], events):
                # committed reps given up on at this sample
                deadline = self.sets.deadline()
            if len(self.sets.reps) != rhythm.n_seen and self._rhythm_rep(src[i], events):
                deadline = self.sets.deadline()
        return events

    def _tilt_step(self, i: int, ti: float, vi: float, tl: list, gl: list | None,
                   bh: list | None, bl: list | None, rest: list[int], src: list[float],
                   events: list[Event]) -> bool:
        """One sample of the tilt counter (thigh, chest, a wrist not yet found rigid):
        its hints from the detector's state, its step, and a swing counted as a rep once
        the grace period has passed. True when a rep was counted (the set's deadline
        moves)."""
        cfg = self.cfg
        pl = self.place
        walk = self.walk
        new_set_end = False
        if self.fixed_sign is not None:
            hint = -self.fixed_sign
        elif self.sets.open and self.s is not None:
            hint = -self.s
        else:
            hint = None
        if bh is not None:
            # running sums of |f|'s energy in the step and lifting bands
            walk.band_h += bh[i]
            walk.band_l += bl[i]
            walk.bands.append((ti, walk.band_h, walk.band_l))
        if gl is not None:
            # |f| against its level at rest (Placement.accelerated)
            pl.force(ti - self.tilt_offset, gl[i], rest[i] > 0)
        # a deadlift may be read from a bent-over 'standing' (TiltCounter.bent)
        # only in auto mode, once a set is open (before it, a wrist raising the
        # hands to a squat bar turns the same way) whose tilt reps swung as a
        # deadlift does between the bar and standing (45-65 deg; a thigh squat
        # turns 80-100 deg: tilt_bent_max_deg), not in a set the tilt did not count
        self.tc.may_bend = (self.fixed_sign is None and self.sets.open and self.set_tilt_n > 0
                            and self.set_tilt_amp < cfg.tilt_bent_max_deg)
        # (a velocity integrated across a bridged gap is no evidence of which
        # way the sensor moves: the tilt's polarity check gets none until a rest)
        self.tc.auto = self.fixed_sign is None
        # (an open squat set lowers the tilt's threshold once it holds
        # tilt_hi_set_reps reps or a measured one: one walking swing does not)
        self.tc.in_set = self.sets.open and (len(self.sets.reps) >= cfg.tilt_hi_set_reps
                                             or self.sets.best_rom is not None)
        self.tc.set_amp = self.set_tilt_amp if self.sets.open else 0.0
        self.tc.open_set = self.sets.open
        # vertical acceleration (m/s^2): the 1 Hz |f| against its level at rest
        acc = (gl[i] - pl.gm_level) * G if (gl is not None and pl.gm_level is not None) else 0.0
        cand = self.tc.step(ti - self.tilt_offset, tl[i], rest[i] > 0, hint, 0.0 if self.v_blind else vi, acc)
        if self.tc.flipped:
            # the tilt found that this recording started bent over at the bar:
            # a deadlift, whatever the open set was taken for. Only once a set
            # is open: before it, a wrist raising the hands to a squat bar
            # turns the same way (and the first movement still decides).
            self.tc.flipped = False
            if self.fixed_sign is None and self.s != 1 and self.sets.open:
                self.s = 1
                self.state = IDLE
        if cand is not None and (cand.rested or self.sets.open):
            # the first rep of a set starts from a stand (or brace): swings
            # while walking never rest
            self.pending, self.pending_t = cand, ti
        elif (self.pending is not None and not self._first_pull(self.pending)
              and self.pending.sign * self.tc.theta > self.pending.base + cfg.tilt_swing_back * self.pending.amp):
            # swung straight back out: a walking swing, not a rep that ended
            self.pending = None
        if self.tc.state == TiltCounter.OUT or self.commits.arm is not None:
            self._tilt_lockout(ti - self.tilt_offset, src[i], events)
        if self.pending is not None and ti - self.pending_t >= cfg.tilt_grace_s:
            c, self.pending = self.pending, None
            if self.commits.tilt is not None:
                if not pl.rigid and not pl.accelerated(c):
                    events.append(self._tilt_settle(c, src[i]))
                    new_set_end = True
            elif (not pl.rigid and not self._covered(c.t0, c.t3) and not pl.accelerated(c)
                  and not walk.band_walked(c.t0 + self.tilt_offset, c.t3 + self.tilt_offset)):
                rep = self._tilt_rep(c, src[i])
                if rep is not None:
                    events.append(rep)
                    new_set_end = True
        if self.commits.tilt is not None and self.pending is None and self.tc.state == self.tc.HOME:
            # the swing ended without a rep the tilt would count: the committed
            # rep is emitted as it was announced (never withdrawn)
            self._tilt_give_up()
        return new_set_end

    def _held_step(self, i: int, ti: float, v: list[float], z: list[float], rest: list[int],
                   src: list[float], blind: bool, tl: list | None, events: list[Event]) -> bool:
        """One sample of the candidates held aside for what follows them: a grind
        (grind.py), a rep across a dropout's step (dropout.py), a squat that may have
        sunk onto the pins (pins.py), a squat read as more descent (deep.py). True when
        one of them counted or withdrew a rep (the set's deadline moves)."""
        moved = False
        if self.grind.cand is not None:
            g = self.grind.step(ti, v[i], rest[i], len(self.sets.reps), blind)
            if g is not None and self._grind_rep(g[0], g[1], src[i], events):
                moved = True
        self.t_row = ti
        if self.gap_rep is not None and self._gap_decided(src[i], events):
            moved = True
        if self.pins.rep is not None:
            p = self.pins.rep
            if not self.sets.reps or self.sets.reps[-1] is not p:
                res = "stand"  # a rep counted since: the lifter stood with the bar
            else:
                res = self.pins.step(ti, v[i], z[i], rest[i], blind)
            if res is not None:
                self._pins_done(res, src[i], events)
                moved = True
        if self.deep.run is not None:
            self.deep.run_step(ti, -z[i], v[i], rest[i], len(self.sets.reps), blind)
        if self.deep.cand is not None:
            t_end = self.deep.step(ti, -z[i], v[i], rest[i], len(self.sets.reps), blind,
                                   None if tl is None else tl[i])
            if t_end is not None and self._deep_rep(t_end, self.deep.u_lock, src[i], events):
                moved = True
        return moved

    def _mark_dropout(self, ti: float, src_i: float, lag: float, blind: bool, rest_i: int) -> None:
        """Note a row bridged across a dropout: where the dropout began, and whether the
        candidate under way (or its pause) was interpolated across it."""
        cfg = self.cfg
        if lag > cfg.drop_mark_s:
            if src_i != self.drop_src:
                # (a dropout's bridged samples all come with its first sample after)
                self.drop_src, self.drop_t0 = src_i, ti
            self.relook.bridged(ti, self.drop_t0)  # (the second look may find its velocity step)
            if self.state != IDLE:
                self.cand_drop = True
        if blind:
            self.v_blind = True
            if self.state == OUT:
                self.cand_gap = True  # the outward phase was interpolated across a gap
                if src_i - self.drop_t0 > self.cand_gap_s:
                    self.cand_gap_s = src_i - self.drop_t0
            elif self.state == PAUSE:
                if self.pause_gap is None:
                    self.pause_gap = self.drop_t0
                self.pause_gap1 = src_i
        elif rest_i:
            self.v_blind = False

    def _close_set(self, src_i: float, resting: bool) -> Event:
        """The rest has lasted past the set's deadline: close the set and forget what
        the detector kept about it. Returns the set event."""
        ev = self.sets.close(src_i)
        if self.tc is not None and self.fixed_sign is None:
            self.tc.new_set(resting)  # next set: decide the exercise afresh
        self._idle()
        self.u_last0 = None
        self.set_tilt_n = 0
        self.set_disp_n = 0
        self.set_disp_cos = 1.0
        self.set_disp_cos_hi = -1.0
        self.set_tilt_amp = 0.0
        self.cls_run = 0
        self.posture.new_set()
        return ev

    def _rhythm_rep(self, emitted_t: float, events: list[Event]) -> bool:
        """(Round 12, RHYTHM.) The open set's count changed: if the rep just counted
        closed a hole of one rep in the set's rhythm, look again at the velocity in the
        hole for the rep the live pass missed (rhythm.py). Returns whether one was counted."""
        rh = self.rhythm
        n = len(self.sets.reps)
        grew = n > rh.n_seen
        rh.n_seen = n
        if not grew or self.s is None:
            return False
        look = rh.look(self.sets, self.s)
        if look is None:
            return False
        found = self.relook.find(look[0], look[1], self.s)
        rep = rh.judge(found, self.s, self.sets, self.rom_min, self.vetoed, self.reports_bar, emitted_t)
        if rep is None and (vr := rh.ramped(look[0], look[1])) is not None:
            # (the velocity as it was held none: with each stretch's drift ramp taken off)
            found = self.relook.find(look[0], vr, self.s)
            rep = rh.judge(found, self.s, self.sets, self.rom_min, self.vetoed, self.reports_bar, emitted_t)
        rh.hole = None
        rh.n_seen = len(self.sets.reps)
        if rep is None:
            return False
        self._remember(rep)
        events.append(rep)
        return True

    # -- the states: run() calls the one the machine is in, once per sample ----------
    def _on_idle(self, i: int, ti: float, vi: float, z: list[float], tl: list | None,
                 tilt: np.ndarray | None) -> None:
        """IDLE: does an outward phase start here (and which way: squat or deadlift)?"""
        vp = self.cfg.v_phase
        pl = self.place
        s = self.s
        if s is None and pl.up_bar is not None:
            # the hands are on a bar above them: the set is a squat, and it
            # starts going down; drift upwards is not a pull. Forgotten when
            # the hands come back down (the sensor turns back) or a set opens.
            if pl.on_bar(tl[i], self.sets.open) and vi < -vp:
                s = -1
        elif s is None:
            if vi > vp:
                s = 1
            elif vi < -vp:
                s = -1
        if self.sat0 is not None and not (self.sets.open and self._sitting()):
            # standing again (or the set closed): the seated stretch ends here
            if (self.sat0, float("inf")) in self.vetoed:
                self.vetoed[self.vetoed.index((self.sat0, float("inf")))] = (self.sat0, ti)
            self.sat0 = None
        if (s is not None and s < 0 and self.sets.open and tl is not None and self.set_tilt_n
                and (self._sitting() if self.u_last0 is None else
                     (tl[i][0] * self.u_last0[0] + tl[i][1] * self.u_last0[1]
                      + tl[i][2] * self.u_last0[2]) < self._cos_start)):
            # a squat starts standing, as the set's reps did: the sensor is
            # turned away from that (bent over, sunk onto the pins after a
            # failed rep, sitting), so going down from here is no new rep.
            # Only in a set the tilt counted (thigh, trunk): a wrist's posture
            # at the start of a squat varies with the forearm's roll on the bar
            # (seed 7 wrist exact 86.9 % with this gate, 82.3 % without).
            if self.u_last0 is None and -vi > vp and self.sat0 is None:
                # ...nor is anything the second look finds in it (_late_reps): the
                # stand-up from the seat ends turned as a rep does. Vetoed from here
                # until the sensor is back within squat_start_deg of standing.
                self.sat0 = ti
                self.vetoed.append((ti, float("inf")))
            s = None
        if s is not None and s * vi > vp:
            self.s = s
            t0 = self._cross(ti, s * vi, s * self.prev_v, vp)
            if s < 0:
                t0 -= self._lead(ti, -vi, -self.prev_v)
            self._start_out(ti, t0, s * z[i] - s * vi * (ti - t0), None if tl is None else tl[i],
                            None if tilt is None else tilt[i], pl.trav)
            self.th_min = 180.0
            self.th_max = 0.0
            self.cand_gap = False
            self.cand_gap_s = 0.0
            self.cand_drop = False
            self._rerest = None
            self.walk.out_began(vi)
            self.ypk = s * z[i]
            self.wpk = s * vi

    def _on_out(self, i: int, ti: float, w: float, pw: float, y: float, tl: list | None,
                tilt: np.ndarray | None, src: list[float], events: list[Event]) -> None:
        """OUT: the outward phase (squat descent, deadlift pull) runs; it ends below
        v_phase (-> PAUSE, or straight into the return). A pull may commit its rep here."""
        cfg = self.cfg
        vp = cfg.v_phase
        pl = self.place
        s = self.s
        if self.tc is not None:
            if self.tc.theta < self.th_min:
                self.th_min = self.tc.theta
            if self.tc.theta > self.th_max:
                self.th_max = self.tc.theta
        if y > self.ypk:
            self.ypk = y
        if w > self.wpk:
            self.wpk = w
        if self.t_slow is None and self.wpk >= cfg.v_move and w < cfg.end_frac * self.wpk:
            self.t_slow = ti  # (the pull decelerated as into lockout: _on_pause)
        if self._rerest is not None:
            if y > self._rr_ypk:
                self._rr_ypk = y
            if w > self._rr_wpk:
                self._rr_wpk = w
        if self.ypk - self.y0 > cfg.rom_max_m or self.wpk > cfg.v_max:
            if s > 0 and self.fixed_sign is None and not self.sets.open and tl is not None:
                # auto, before a set: the hands may have taken a bar above them
                pl.ran_away(tl[i], None if self.tc is None else self.tc.u_stand)
            if (self._top is not None and self.commits.rep is None
                    and pl.ru0 is not None and pl.rc_min >= pl.cos_body):
                # the pull rested at its top before this run (_on_pause): count it, at
                # that top (_give_up settles it there when the run is dropped). Only if
                # the sensor turned no more than one riding with the bar does in a rep
                # (body_rot_deg; a wrist on the bar turns 5-17 deg): its lowering is never
                # seen, so no later check can tell it from the lifter letting go of the
                # bar and standing up after the set (a wrist turns 24-32 deg then; the
                # metabase wrist recording: 28.6 deg at 62.6 s, against 12 deg for the
                # deadstop's last pull). A thigh or trunk's reps are the tilt counter's.
                run_ypk, self.ypk = self.ypk, self._top[1]
                self._commit(self._top[0], src[i], events)
                self.ypk = run_ypk
            if not self._rerest_out():
                if s < 0 and self.wpk <= cfg.v_max:
                    self._deep_run(ti)
                self._idle()  # farther or faster than any lift: drift, walking
        elif w < vp and self.ypk - self.y0 < cfg.false_start_m:
            self._idle()  # a wobble (drift, sway), not the start of a rep
        elif w < vp:
            self.t_out1 = self._cross(ti, w, pw, vp) + self._extrap(ti, w, pw)
            if self._t_still is not None and pw > vp:
                # a zero-velocity update (or a calm) ended this phase while
                # the integrated speed was still above v_phase (a bar
                # decelerates through it before it rests): the outward
                # travel is short by what the reset removed (_complete)
                self.out_cut = True
                self.out_plateau = self.out_plateau or self._plateau_cut(pw)
                # (whatever its travel: _too_small's first-rep test, round 12 D2)
                self.out_ramp = self.out_ramp or pw > cfg.plateau_cut_frac * self.wpk
            self.state = PAUSE
            if w < -vp:
                self._begin_return(ti, w, pw, y, None if tilt is None else tilt[i])
        elif ti - self.t_out0 > cfg.max_rep_s:
            self._idle()
        if ((self.commits.at_pull or (self.placement_unknown and pl.bar_like()))
                and s > 0 and not self.commits.tried and self.state != IDLE
                and not (self.out_cut and (self.cand_drop or self.out_plateau))
                and w < (ve := max(vp, cfg.end_frac * self.wpk))
                and self.ypk - self.y0 >= self._pull_rom_min() and self.wpk >= cfg.v_move):
            # the pull ends (the squat ascent's end test): lockout. Not when a reset cut
            # it while it still moved (out_cut) after a dropout in the candidate
            # (cand_drop): a bar decelerates into lockout, while a bridged dropout's
            # velocity step carries on at a constant "speed" until the next rest zeroes
            # it (t5 sim-5-0327: a 0.7 m/s plateau from a dropout at the floor, committed
            # as a ghost, which then kept _rerest_out from restarting the real pull at its
            # rest). Such a phase is judged at its end instead (_complete). Nor when the
            # reset removed most of the pull's peak speed (_plateau_cut), even if the
            # phase then goes on (a PAUSE -> OUT edge).
            self._commit(self._cross(ti, w, pw, ve) + self._extrap(ti, w, pw), src[i], events)

    def _on_pause(self, i: int, ti: float, w: float, pw: float, y: float, rest: list[int],
                  tilt: np.ndarray | None, src: list[float], events: list[Event],
                  tl: list | None = None) -> bool:
        """PAUSE: between the phases (the bottom of a squat, the top of a pull).
        Returns whether a rep was emitted (_hidden_return)."""
        cfg = self.cfg
        vp = cfg.v_phase
        s = self.s
        if rest[i]:
            self.pause_rested = True
            self._rest_t = ti
            if (s > 0 and self.sets.open and self.sets.best_rom is not None and self._top is None
                    and self.commits.rep is None and not self.commits.tried
                    and not self.out_plateau
                    and not (self.out_cut and self.cand_drop
                             and (self.t_slow is None or self.t_slow > self.drop_t0))
                    and self.wpk >= cfg.v_move and self.ypk - self.y0 >= self._pull_rom_min()):
                # (round 12, helper D3) a pull of the open deadlift set that comes to
                # rest at its top after rising the set's ROM is at lockout, wherever the
                # sensor sits: a pull does not rest in mid-air short of it (_rerest_out).
                # Noted here; if what goes on up from this rest runs away (rom_max_m,
                # v_max: the walk-off after the set's last rep), the pull is counted
                # then (_on_out) instead of being dropped with the run. (The deadstop
                # wrist recording: a truer rest level finds this rest at 27.0 s; the old
                # level's drift carried the pull into the walk-off instead.) A dropout in
                # the candidate (cand_drop) vetoes it as at _on_out (its bridge line's
                # velocity step reads as a plateau), unless the measured speed had
                # already fallen into lockout (t_slow) before the dropout began.
                self._top = (self.t_out1, self.ypk)
        if (self.pause_rested and (w > vp or w < -vp) and self._gap_blind_first()):
            # before a set, the outward phase was a long dropout's bridge line (it cannot
            # decide the set: firstrep.gap_undecided) and the sensor came to rest after
            # it: the rest zeroed the velocity, so the movement now beginning is measured
            # afresh. Start it as a new outward phase instead of the candidate's second
            # half (a deadlift setup hidden by a dropout, then the brace and the pull).
            self._idle()
            self._restart = True
        elif (s > 0 and self.fixed_sign is None and not self.sets.open
                and ti - self.t_out0 > cfg.tentative_up_s):
            # auto, first movement was up: a deadlift pull and its hold are
            # over by now; hands raised to a squat bar, then unrack and
            # walkout, are not. Forget it and decide on the next movement.
            self._idle()
        elif (w > vp and s > 0 and self.pause_rested and not self.sets.open
              and ti - self.t_out1 >= cfg.setup_rest_s):
            # before a set, a movement up came to rest (for a brace's length) and now
            # goes up again: a pull starts from the floor at rest, so the first movement
            # (the bar moved in the setup, drift) was not this pull's start. Start the
            # outward phase afresh here (its start time, height and the tentative_up_s
            # clock), instead of merging setup and pull. Hands raised to a squat bar
            # rest on it for less than a brace before the unrack goes up.
            self._idle()
            self._restart = True
        elif w > vp and s < 0 and self.pause_rested:
            # a squat's descent does not stop dead and go on down: after a
            # rest at the "bottom" this is a failed rep sinking onto the
            # pins (or a lifter settling), and no rep; unless a dropout hid the
            # ascent between (_hidden_return)
            if self._hid():
                return self._hidden_return(src[i], events)
            self._idle()
        elif w > vp:
            self.state = OUT
            if s > 0 and self._rest_t >= self.t_out1:  # (a rest in this PAUSE)
                # going on up from a rest: the velocity was zeroed there, so what
                # follows is measured afresh (_rerest_out)
                t0 = self._cross(ti, w, pw, vp)
                self._rerest = (t0, y - w * (ti - t0), None if tl is None else tl[i],
                                None if tilt is None else tilt[i], self.place.trav, self.drop_t0)
                self._rr_ypk, self._rr_wpk = y, w
        elif w < -vp:
            self._begin_return(ti, w, pw, y, None if tilt is None else tilt[i])
        elif ti - self.t_out1 > self.max_pause:
            self._idle()
        return False

    def _rerest_out(self) -> bool:
        """OUT ran farther or faster than any lift (rom_max_m, v_max) and is dropped,
        but it went on up from a rest in its PAUSE (a pull does not rest in mid-air and
        go on): a zero-velocity update there zeroed the velocity, so the movement since
        is measured afresh, free of the drift that made the whole run away (a dropout's
        velocity step carried through a lowering until the next rest, sim-5-0180). If
        that movement alone is within a lift's limits, the outward phase restarts at
        the rest instead of mid-movement (where the next sample would start it, short
        of its start and its travel). Returns whether it restarted."""
        rr = self._rerest
        cfg = self.cfg
        if (rr is None or self.commits.rep is not None or self.place.up_bar is not None
                or self._rr_ypk - rr[1] > cfg.rom_max_m or self._rr_wpk > cfg.v_max):
            return False
        if self.place.rc_min < self._cos_rot:
            # only for a sensor that rides with the bar (it turned less than rotated_deg:
            # a bar, a wrist): a trunk or a thigh goes up from rests when the lifter stands
            # up, and its reps are the tilt counter's
            return False
        if self.sets.open:
            if self.sets.reps[-1].exercise != "deadlift" or self.set_tilt_n:
                # (a squat set's reps do not go up twice; and where the tilt counts the
                # set (a trunk, a thigh), the lifter standing up and walking off after
                # it goes up from rests too)
                return False
        elif self.walk.steps_h > cfg.rerest_h_ratio * self.walk.steps_ve:
            # before a set, it would decide the exercise: only a movement accelerated
            # mostly up and down (a pull), not a squat bar's unrack and walkout, which
            # the hands on the bar rest on before it goes up
            return False
        t0, y0, u, th, trav, drop_t0 = rr
        self._rerest = None
        self._start_out(t0, t0, y0, u, th, trav)
        if self.tc is not None:
            self.th_min = self.th_max = self.tc.theta
        if self.drop_t0 == drop_t0:  # (no dropout since the rest)
            self.cand_gap = False
            self.cand_gap_s = 0.0
            self.cand_drop = False
        # (the walking counts go on over the whole movement: the steps of a walkout
        # after a squat bar's unrack, which rests on the bar first, are since the rest)
        self.ypk, self.wpk = self._rr_ypk, self._rr_wpk
        return True

    def _start_out(self, t_move: float, t0: float, y0: float, u: list[float] | None,
                   th: float | None, trav: float) -> None:
        """An outward phase starts (OUT) at t0 from height y0, with gravity direction u
        and tilt th there, the placement's travel being trav; its per-candidate flags
        start afresh (t_move: when the movement was seen, for Placement.moving). The
        callers set what differs: _on_idle starts a candidate, _rerest_out restarts
        one at a rest inside it and keeps what the rest did not change."""
        self.t_slow = None
        self._top = None
        pl = self.place
        self.state = OUT
        self.u_out0 = u
        self.pause_rested = False
        self.out_cut = False
        self.out_plateau = False
        self.out_ramp = False
        self.out_short = False
        pl.trav_out0 = trav
        pl.moving(t_move, not (self.sets.sets or self.sets.open))
        self.commits.tried = False
        self.pause_gap = None
        self.t_out0, self.y0, self.u0 = t0, y0, th
        if u is not None:
            pl.out_began(u)

    def _hid(self) -> bool:
        """Could a dropout that began at the bottom (PAUSE) of this squat, in an open
        set, have hidden its ascent? Only one that began after the descent did, and a
        short one (hidden_gap_max_s): a longer one can hide a failed attempt and its
        sink onto the pins."""
        return (self.pause_gap is not None and self.sets.open and self.pause_gap > self.t_out0
                and self.pause_gap1 - self.pause_gap <= self.cfg.hidden_gap_max_s)

    def _hidden_return(self, emitted_t: float, events: list[Event]) -> bool:
        """PAUSE at a squat's bottom, at rest, in an open set; a dropout was bridged
        (pause_gap .. pause_gap1) and now the sensor goes down again (from PAUSE, or
        from STALL after a few cm of "return" the bridge line made). A squat cannot
        descend twice without rising between: the ascent happened inside the dropout
        (0.4-0.6 s fast ascents fit in one), where the straight bridge line shows no
        acceleration. Count the rep (the usual vetoes and partial test in _end_rep and
        _complete) with its ascent = the dropout and a full return, and start this
        new descent afresh. (A failed attempt and its sink onto the pins take longer
        than the dropouts _hid accepts.)"""
        restart = self.state == PAUSE  # (run() restarts only after PAUSE; from STALL the
        # descent begins at the next sample)
        if restart:
            # no return was begun (ymin, wrpk are a previous candidate's, or unset)
            self.t_ret0, self.ymin, self.wrpk = self.pause_gap, self.y0, self.wpk
        else:
            self.t_ret0 = min(self.t_ret0, self.pause_gap)
            self.ymin = min(self.ymin, self.y0)
            self.wrpk = max(self.wrpk, self.wpk)
        self.state = RET
        counted = self._end_rep(self.pause_gap1, emitted_t, events, None)
        self._idle()
        self._restart = restart
        return counted

    def _on_ret(self, i: int, ti: float, w: float, pw: float, y: float, tl: list | None,
                tilt: np.ndarray | None, src: list[float], events: list[Event]) -> bool:
        """RET: the return phase (squat ascent, deadlift lowering). HERE a rep is
        counted: when the return ends having covered return_frac of the outward
        phase (and passes the checks in _complete). Returns whether one was emitted."""
        cfg = self.cfg
        vp = cfg.v_phase
        pl = self.place
        s = self.s
        counted = False
        if y < self.ymin:
            self.ymin = y
        if -w > self.wrpk:
            self.wrpk = -w
        if (s > 0 and not self.commits.tried and not (self.sets.open and (self.cand_gap or self.v_blind))
                and self.wrpk >= cfg.commit_lower_v
                and self.ypk - self.ymin >= cfg.commit_lower_frac * (self.ypk - self.y0)
                and self.commits.upright(self.tc, None if tilt is None else tilt[i], self.u0)
                and not self._body_first()
                and not (self.sets.open and not pl.rigid and self.walk.band_walked(self.t_out0, ti))):
            # The lowering is under way: commit. Not, within a set, when the pull or the
            # lowering so far was interpolated across a bridged gap (cand_gap, v_blind):
            # that "lowering" is not measured, and after the set's last rep it is the
            # lifter standing up in a dropout and walking off (a committed rep is never
            # withdrawn). The rep is then judged at its end, like any other (seed 2 and 7:
            # one such wrist / thigh ghost each, no rep lost; the first rep of a set keeps
            # its commit: _complete cannot count a first rep bridged across a gap).
            # Nor, within a set, on a body-worn sensor whose "pull" so far jolted |f| at
            # the step rate (Walking.band_walked): a chest strap walking off after the
            # set bobs up and down like a short pull and lowering, upright throughout
            # (t5 sim-5-0019, -0076); judged at its end instead, where the set's tilt
            # swing rejects it. (A lift moves the body below ~1 Hz.)
            self._commit(self.t_out1, src[i], events)
        if w > -vp and self.ypk - self.ymin < cfg.false_start_m:
            self.state = PAUSE  # a wobble of drift, not the return: still paused
        elif w > -(ve := max(vp, cfg.end_frac * self.wrpk)):
            # The return ends when the speed falls below a fraction of its
            # peak: counted before the last, slow centimetres of a lockout.
            # Its time is extrapolated to v = 0 with the current deceleration.
            tc = self._cross(ti, w, pw, -ve) + self._extrap(ti, -w, -pw)
            rom_out = self.ypk - self.y0
            if (self.commits.rep is None and s > 0 and self.ypk - self.ymin >= cfg.return_frac * rom_out
                    and self.wrpk >= self.v_move_cur and pl.regripped(None if tl is None else tl[i])):
                if self.fixed_sign is None and not self.sets.open:
                    # auto, before a set: the hands went up to a bar and stayed
                    # on it; the set is a squat and this was its first descent
                    self._reread_as_descent(tc, tl[i])
                else:
                    self.vetoed.append((self.t_out0, tc))
                    self._idle()
            elif (self.ypk - self.ymin >= cfg.return_frac * rom_out and self.wrpk >= self.v_move_cur
                  and not (s < 0 and self.ypk - self.ymin < cfg.still_return_frac * rom_out
                           and (self.still_short or (self._t_still is not None and -pw <= cfg.still_return_max_cut
                                                     and self._no_turn())))
                  and not (s < 0 and self._t_still is not None and self._drift_short(-pw, rom_out))):
                counted = self._end_rep(tc, src[i], events, None if tl is None else tl[i])
            else:
                if self.ypk - self.ymin >= cfg.return_frac * rom_out and self.wrpk >= self.v_move_cur:
                    # A bar squat's ascent came to rest short of still_return_frac of the
                    # descent: a failed rep stalled on its way up (it sinks onto the pins
                    # next). A sticking point goes on up from STALL and is counted at its
                    # end if that covers still_return_frac (still_short).
                    self.still_short = True
                self.state = STALL
                self.t_stall = tc
                self.stall_turned = False
                if (s < 0 and self.sets.open and tl is not None and not self.out_cut
                        and self._turns_with_depth()):
                    # A squat's return stopped short of return_frac: a failed rep, or a
                    # grind whose ascent a false reset cut (the bar decelerating into
                    # lockout then reads as going back down). A sensor that turned with
                    # depth (wrist, trunk) tells them apart: wait as for a return that
                    # ended turned (_end_rep): counted once it is back, dropped once it
                    # turns away again and goes down (the failed rep sinking). Not after
                    # a descent that a reset ended while moving (out_cut): walking in to
                    # the rack after the set integrates into such slow, cut "descents"
                    # with a few cm of "return" (seed 7: 3 ghosts).
                    u = tl[i]
                    a = pl.ru0
                    self.stall_turned = True
                    self._stall_c = self._stall_c0 = a[0] * u[0] + a[1] * u[1] + a[2] * u[2]
                    self._stall_back = True
        return counted

    def _end_rep(self, tc: float, emitted_t: float, events: list[Event], u: list[float] | None) -> bool:
        """The return ended at tc having covered return_frac: count the rep, unless
        another check vetoes it or a squat's sensor has not turned back yet (then wait
        in STALL, see _not_back). Returns whether a rep was emitted."""
        # A first "squat" whose bottom held still for a brace (_braced) is re-read as a
        # deadlift setup and first pull (_complete): a turn in its "descent" was the
        # setup (the bar rolled to the shins, the hands taking it), not this pull.
        braced = self.s < 0 and self.commits.rep is None and self._braced()
        if self.commits.rep is None and (self._covered(self.t_out0, tc) or self._tilt_owns()
                                    or (self.place.turned() and not braced) or self._turn_unlike_set()
                                    or self._tilt_vetoes(self.t_out0, tc)
                                    or self._starts_inside(self.t_out0)
                                    or self.walk.phase_walked(self.t_out0, self.t_out1, self.t_ret0, self.prev_t)
                                    or (self.tc is not None and self.walk.band_walked(self.t_out0, tc))):
            self.vetoed.append((self.t_out0, tc))  # (for the second look, _late_reps)
            rep = None
        elif (u is not None and self.commits.rep is None and self._not_back(u)
              and not self._braced() and not self._rose_past()):
            # A rep ends turned as it started. A squat whose sensor turned with depth
            # and is still turned towards the bottom stopped mid-ascent: a failed rep
            # stalling before it sinks onto the pins, a sticking point, or a return the
            # integration ended early (a deadlift "lowering" that ends turned away was
            # sitting down or walking). Wait (STALL) for it to turn back or go on.
            # (Not for a first "squat" with a brace-long bottom: _complete re-reads it
            # as a deadlift setup and first pull, which ends bent over at the bar.)
            self.state = STALL
            self.t_stall = tc
            self.stall_turned = True
            a = self.place.ru0
            self._stall_c = self._stall_c0 = a[0] * u[0] + a[1] * u[1] + a[2] * u[2]
            self._stall_back = True
            return False
        elif u is not None and self.commits.rep is None and (self._sank_past() or self._walkout_pull()):
            # auto, before a set: the "lowering" sank past where the "pull" began, so
            # that began standing with the bar: the set is a squat, this its descent
            self._reread_as_descent(tc, u)
            return False
        else:
            # (a first "squat" still turned whose ascent rose past its start by a pull's
            # travel: _complete re-reads it as a deadlift setup and first pull, _rose_past)
            self._rose_turned = (u is not None and self.commits.rep is None
                                 and self._rose_past() and self._not_back(u))
            rep = self._complete(tc, emitted_t)
            if braced and self.s > 0 and u is not None and self.place.rigid and self.place.ru_ret is not None:
                # re-read as a pull (_complete): a sensor riding with the bar turns
                # < 3 deg in it, so its turn is measured from the pull's start
                self.place.reread(u)
            self._rose_turned = False
        if rep is not None and self._gap_held(rep):
            rep = None  # (held, or put back: its return was a coasting movement's braking)
        elif rep is not None and not self._pins_hold(rep):
            events.append(rep)
            by_turn = self._squat_by_turn(rep)
            if by_turn or self._squat_by_posture(rep):
                # (round 10, helper CLS) the set's reps turned the sensor like a trunk
                # in a squat, or (round 12, EXCLS) rested it where hands on a squat bar
                # do (posture.py): it is a squat set read phase-shifted as deadlifts.
                # This "lowering" was a squat's descent and is counted; from here the set
                # counts squats (for the turn rule the ascent under way is no outward
                # phase of one; the posture rule re-reads it, below).
                self.s = -1
                self.state = IDLE
                # the set so far was read whole (as deadlifts): the second look does not
                # find squats in it afresh (they would double the phase-shifted reps)
                self.vetoed.append((self.sets.reps[0].t_start, rep.t_end))
                if by_turn and self.tc is not None:
                    # the trunk's lean those reps measured sets the tilt's in-set threshold
                    self.tc.hi_set_cls = max(self.cfg.cls_sq_tilt_min_deg,
                                             self.cfg.cls_sq_tilt_frac * self.cls_turn_min)
                elif not by_turn and u is not None and self.recent and self.recent[-1] == (rep.t_start, rep.t_end):
                    # (posture) the "lowering" just counted was also the descent of the
                    # squat whose ascent is under way: re-read it so (as _sank_past does)
                    # and count that squat at its lockout. In the timeline the counted rep
                    # ends where its lowering began (else it covers the squat, _covered).
                    self.recent[-1] = (rep.t_start, self.t_ret0)
                    self._reread_as_descent(tc, u)
        if self.state in (RET, STALL):
            self._idle()
        return rep is not None

    def _not_back(self, u: list[float]) -> bool:
        """Is the sensor still turned away from where it was when the outward phase
        began, by more than squat_back_frac of the most it turned in this candidate?
        A squat ends standing, a deadlift bent over at the bar, as they began. Only for
        a sensor that turned with depth like a wrist or a trunk (squat: wrist 15-35,
        chest 20-40 deg; deadlift: dl_back_min_deg, a trunk; a bar turns < 3): not for
        a thigh (80-100 deg), whose displacement phases do not line up with its turn
        (the tilt counter's job). Also for a tentative first "pull" in auto mode (round
        8, helper GH): a chest strap standing up from a bench after a squat set rises
        like a pull and its "lowering" (drift) ends upright, not bent over at a bar
        (t5 sim-5-0038, -0093: one-rep deadlift sets). Round 3 had kept the first pull
        out because a chest squat set's unrack read as one (seed 7 fn +5); with the
        tests added since, it costs no rep on t2-t5 or c7 (c7 sim-7-0072 gains one)."""
        pl = self.place
        a = pl.ru0
        if (a is None or pl.rc_min > (self._cos_back_min if self.s < 0 else self._cos_back_min_dl)
                or pl.rc_min < self._cos_back_max):
            return False
        c = a[0] * u[0] + a[1] * u[1] + a[2] * u[2]
        return c < math.cos(self.cfg.squat_back_frac * math.acos(max(-1.0, pl.rc_min)))

    def _drift_short(self, r: float, rom_out: float) -> bool:
        """A squat return that a rest ended with upward speed r still integrated: is it
        short of still_drift_frac of the descent once r is taken for drift? Only for a
        sensor that does not turn (a bar) and an r below still_drift_q of the ascent's
        peak speed (a plateau the bar stalled on, not an ascent a reset cut while it
        moved). Drift grows about linearly from the reset before the descent (t_out0)
        to this rest: the ramp is taken off both travels."""
        cfg = self.cfg
        if not (0.0 < r < cfg.still_drift_q * self.wrpk) or not self._no_turn():
            return False
        ta = self.t_out0
        span = self._t_still - ta
        if span <= 0.0:
            return False
        k = r / (2.0 * span)
        ret = self.ypk - self.ymin - k * (span * span - (self.t_ret0 - ta) ** 2)
        out = rom_out + k * (self.t_out1 - ta) ** 2
        return ret < cfg.still_drift_frac * out

    def _no_turn(self) -> bool:
        """Did the sensor turn less than squat_back_min_deg in this candidate, like a
        bar (whose failed squats the turn-back wait cannot see)?"""
        pl = self.place
        return pl.ru0 is not None and pl.rc_min > self._cos_back_min

    def _turns_with_depth(self) -> bool:
        """Did the sensor turn with depth in this candidate like a wrist or a trunk
        (squat_back_min_deg .. tilt_thigh_deg; not a bar, not a thigh)? (_not_back)"""
        pl = self.place
        return pl.ru0 is not None and self._cos_back_max <= pl.rc_min <= self._cos_back_min

    def _on_stall(self, i: int, ti: float, w: float, tl: list | None, src: list[float],
                  events: list[Event]) -> bool:
        """STALL: the return stopped short of return_frac (a sticking point, a failed
        rep), or a squat's return ended with the sensor not turned back (_end_rep).
        (A squat return short of return_frac from a sensor that turned with depth
        waits like the latter: _on_ret sets stall_turned.)
        Returns whether a rep was emitted."""
        vp = self.cfg.v_phase
        turning_back = False
        if self.stall_turned and tl is not None:
            if not self._not_back(tl[i]):
                # it has turned back (the 1 Hz direction lags the body by ~0.16 s):
                # the return did end standing, at t_stall
                return self._end_rep(self.t_stall, src[i], events, None)
            a, u = self.place.ru0, tl[i]
            c = a[0] * u[0] + a[1] * u[1] + a[2] * u[2]
            if c > self._stall_c:
                self._stall_c = c  # the most it has turned back
            elif c < self._stall_c and (self.s > 0 or self._turned_away(c)):
                self._stall_back = False  # it turned away again: no ascent under way
            turning_back = self._stall_back
        if w < -vp:
            self.state = RET
        elif ((w > vp and not (self.stall_turned and (ti - self.t_stall < self.cfg.squat_back_wait_s
                                                      or turning_back)))
              or ti - self.t_stall > self.max_pause):
            # sank back (failed rep) or never finished. (Right after a fast ascent
            # the integrated speed can overshoot downwards while the lagging
            # direction is still turning back, and a grind slower than v_phase goes
            # on turning back whatever the drifting speed says: not yet a sink, as long
            # as the sensor has turned only back since the return ended.)
            if w > vp and self.s < 0 and self._hid():
                # (a dropout began at the bottom: the ascent it hid left a few cm of
                # "return" and then a sink, the next descent: _hidden_return)
                return self._hidden_return(src[i], events)
            if w > vp and not self.stall_turned:
                self._grind_wait(ti)
            self._idle()
        return False

    def _grind_wait(self, ti: float) -> None:
        """A squat's return stopped short and now goes down: a failed rep sinking onto
        the pins, or (on a sensor that does not turn) a grind whose ascent a false reset
        cut, its deceleration into lockout read as a sink. Keep the candidate aside until
        what follows tells (grind.py), if it is a full rep whose ascent a reset that
        removed at least relook_min_cut of upward speed cut."""
        pl = self.place
        cfg = self.cfg
        if (self.s > 0 or not self.sets.open or self.out_cut or self.out_short or self.commits.rep is not None
                or (pl.ru0 is not None and pl.rc_min < self._cos_back_min)):
            return
        rom = self.ypk - self.y0
        best = self.sets.best_rom
        if best is not None and rom < cfg.partial_frac * min(best, cfg.partial_ref_max_m):
            return
        self.grind.consider(ti, (self.t_out0, self.t_out1, self.t_ret0, rom), self.relook.onsets, self.s,
                            len(self.sets.reps))

    def _grind_rep(self, cand: tuple, t_end: float, emitted_t: float, events: list[Event]) -> bool:
        """The grind kept aside by _grind_wait is proven (grind.py), or the squat kept
        aside by _deep_hold (deep.py): count it, ending at the lockout found, unless a
        rep already counted covers it."""
        t_out0, t_out1, t_ret0, rom = cand
        if not self.sets.open or self._covered(t_out0, t_end):
            return False
        ecc, pause_d, conc = t_out1 - t_out0, t_ret0 - t_out1, t_end - t_ret0
        rep = Rep(
            set=len(self.sets.sets) + 1,
            rep=len(self.sets.reps) + 1,
            exercise="squat",
            t_start=t_out0, t_end=t_end,
            eccentric_s=ecc, pause_s=pause_d, concentric_s=conc,
            tut_s=ecc + pause_d + conc,
            # (the ascent is known to reach lockout, its integrated travel is not)
            mcv_mps=(rom / conc if conc > 0 else None) if self.reports_bar else None,
            rom_m=rom if self.reports_bar else None,
            emitted_t=emitted_t,
            lockout_t=t_end,
        )
        self.sets.add(rep)
        self._remember(rep)
        self._evidence(rom)
        self._ended(t_end, True, rom)
        events.append(rep)
        return True

    def _pins_hold(self, rep: Rep) -> bool:
        """A squat rep just counted (in the set, not yet emitted): hold its event back if
        it is a bar's (no turn) and its ascent's peak speed was far below the set's
        (pins.py: a failed rep's stall, decided by what the bar does next). Returns
        whether it is held."""
        if self.s > 0 or rep.exercise != "squat" or self.pins.rep is not None:
            return False
        slow = self.pins.slow(len(self.sets.sets), self.wrpk)
        if not slow or not self._no_turn() or len(self.sets.reps) < 2:
            return False
        best = self.sets.best_rom if self.sets.best_rom is not None else (rep.rom_m or 0.0)
        self.pins.hold(self.prev_t, rep, min(best, self.cfg.partial_ref_max_m))
        return True

    def _gap_step(self, rep: Rep):
        """The entry of gap_log (a velocity step taken off right after a dropout) inside
        this rep, or None."""
        for e in self.gap_log:
            if rep.t_start <= e[0] <= rep.t_end:
                return e
        return None

    def _gap_held(self, rep: Rep) -> bool:
        """(Round 12, helper GAPREP.) A rep just counted (in the set, not yet emitted)
        whose top was a calm right after a dropout, read as a hold and its speed taken
        off (dropout.GapHold): until what follows decides it (a stop near zero: it was a
        hold; a stop at minus that speed: the calm was a movement coasting through it,
        whose braking this rep took for a lowering) the rep is held; if the step was
        put back, it is withdrawn. Returns whether it was held or withdrawn."""
        e = self._gap_step(rep) if self.gap_log else None
        if e is None or self.gap_rep is not None or len(self.sets.reps) < 2:
            return False
        if e[1] is not None and e[1] <= self.t_row:
            if e[2]:
                self.sets.withdraw(rep)
                return True
            return False
        self.gap_rep = rep
        return True

    def _gap_decided(self, emitted_t: float, events: list[Event]) -> bool:
        """Per row while a rep is held (_gap_held): emit or withdraw it once its step
        is decided, or emit it when a rep was counted since. Returns whether decided."""
        rep = self.gap_rep
        e = self._gap_step(rep)
        later = not self.sets.reps or self.sets.reps[-1] is not rep
        if not later and e is not None and (e[1] is None or e[1] > self.t_row):
            return False
        self.gap_rep = None
        if not later and e is not None and e[2]:
            self.sets.withdraw(rep)
        else:
            rep.emitted_t = max(rep.emitted_t, emitted_t)
            events.append(rep)
        return True

    def _pins_done(self, res: str, emitted_t: float, events: list[Event]) -> None:
        """The held rep is decided: emit it (the lifter stood with the bar), or withdraw
        it from the set (the bar sank onto the pins and lies there: a failed rep)."""
        rep, self.pins.rep = self.pins.rep, None
        if res == "stand" or rep not in self.sets.reps:
            rep.emitted_t = max(rep.emitted_t, emitted_t)
            events.append(rep)
            return
        self.sets.withdraw(rep)

    def _deep_hold(self, ti: float) -> None:
        """A squat candidate of an open set was dropped at ti after its descent (not
        counted): keep it aside if the descent was full (the partial test), in case what
        follows goes deeper than a squat can (deep.py)."""
        if self.set_tilt_n:
            # (a set the tilt counts, a thigh or a trunk: its reps come from the
            # turn, which a wrong rest level does not touch)
            return
        rom = self.ypk - self.y0
        best = self.sets.best_rom
        ref = self.rom_min if best is None else self.cfg.partial_frac * min(best, self.cfg.partial_ref_max_m)
        # (only once its return began: the lifter started up from that bottom. A
        # "descent" dropped at its bottom can be the phantom of the last rep's own
        # ascent, and the next rep's real descent then goes below it. A candidate that
        # never reached RET has no t_ret0 of its own: an earlier one's, or none yet.
        # Since round 10 (GRIND) such a candidate is held too when its descent lasted
        # deep_bottom_min_s, a loaded squat's pace, not a walk-in step's.)
        t_ret0 = getattr(self, "t_ret0", -1.0)
        if (t_ret0 < self.t_out1 and self.cfg.deep_hold_bottom
                and self.t_out1 - self.t_out0 >= self.cfg.deep_bottom_min_s):
            t_ret0 = self.t_out1  # (GRIND) dropped at its bottom: no pause measured
        if rom < ref or t_ret0 < self.t_out1:
            return
        pl = self.place
        # (where it began, standing with the bar, and the most it turned since)
        self.deep.hold(ti, (self.t_out0, self.t_out1, t_ret0, rom), self.ypk, len(self.sets.reps),
                       pl.ru0, pl.rc_min if pl.ru0 is not None else 1.0)

    def _deep_run(self, ti: float) -> None:
        """A squat descent of an open squat set ran past rom_max_m at ti: a descent and
        the phantom of its own ascent read as one run, no return between (deep.py
        hold_run). Held with the set's ROM as its depth, from after the last rep."""
        if not self.sets.open or self.set_tilt_n or self.sets.best_rom is None:
            return
        last = self.sets.reps[-1]
        if last.exercise != "squat":
            return
        pl = self.place
        self.deep.hold_run(ti, max(self.t_out0, last.t_end), self.sets.best_rom, len(self.sets.reps),
                           pl.ru0, pl.rc_min if pl.ru0 is not None else 1.0)

    def _deep_rep(self, t_end: float, u: list[float] | None, emitted_t: float, events: list[Event]) -> bool:
        """The squat kept aside by _deep_hold went deeper than a squat can, and the rest
        that ended it found that "descent" still going (deep.py): its ascent integrated
        as descent. Count it, its lockout where that rest's stillness began, and drop
        the phantom itself, if the sensor (gravity direction u there) rests turned as
        the squat began: standing with the bar (deep_back_deg, or squat_back_frac of
        the most it turned; a wrist putting the bar back in the hooks and sitting down
        ends turned away, as a failed rep's sensor left at the pins). Returns whether a
        rep was emitted."""
        deep = self.deep
        cand, deep.cand = deep.cand, None
        if u is not None and deep.u0 is not None:
            a = deep.u0
            c = a[0] * u[0] + a[1] * u[1] + a[2] * u[2]
            lim = max(math.radians(self.cfg.deep_back_deg),
                      self.cfg.squat_back_frac * math.acos(max(-1.0, min(1.0, deep.c_turn))))
            if c < math.cos(lim):
                return False
        self.deep.after = t_end
        if self.state != IDLE and self.t_out0 < t_end:
            self._idle()  # the phantom: the ascent itself
        return self._grind_rep(cand, t_end, emitted_t, events)

    def _turned_away(self, c: float) -> bool:
        """A squat waiting in STALL, its sensor now at cosine c to where the descent began:
        has it turned away again from the most it had turned back? A grind holds its
        angle at a sticking point while the 1 Hz direction jitters: once it has turned
        back, up to squat_back_tol_deg (at most half of what it turned back since the
        return ended: a failed rep that never turned back, its sink read as a
        turn-back, is not spared) is no turn away."""
        acos = math.acos
        best = acos(min(1.0, self._stall_c))
        tol = 0.5 * (acos(min(1.0, self._stall_c0)) - best)
        if tol > self._back_tol:
            tol = self._back_tol
        return acos(min(1.0, c)) - best > tol
    def _unseen_pull(self, t_rest0: float, t: float) -> None:
        """IDLE, at rest, shortly after the open deadlift set's last rep ended, with no
        pull seen since: a touch-and-go pull can integrate flat or downwards (the rest
        level off for a turning wrist, or learned in a grind's sticking region, with no
        rest in the set to correct it), and this rest is then its top hold. Arm CutPull
        as for a pull of zero travel that began as the last rep touched the floor; only
        a lowering that begins within max_hold_s and covers unseen_lower_frac of the
        set's ROM makes it a rep (a bar cannot come down that far unless it went up)."""
        reps = self.sets.reps
        if self.s != 1 or not self.sets.open or not reps or reps[-1] is self.cut.unseen_last:
            return
        self.cut.unseen_after(reps[-1], t_rest0, t, self.on_bar or self.place.rigid)

    def _on_cut(self, i: int, ti: float, vi: float, z: list[float], rest: list[int],
                src: list[float], events: list[Event]) -> bool:
        """IDLE after a cut pull was dropped (CutPull): track the lowering that follows
        it, and count the rep at its end if the lowering proves the lift. Returns whether
        a rep was emitted."""
        cp = self.cut
        cfg = self.cfg
        s = self.s
        if not self.sets.open or s is None or (s < 0 and not (self.on_bar or self.place.rigid)):
            # (a squat's ascent proves its descent only on a sensor riding with the bar:
            # a trunk or thigh rises when the lifter stands up from a failed rep sunk onto
            # the pins, or out of the rack, while the bar stays put)
            cp.clear()
            return False
        vp = cfg.v_phase
        w, pw, y = s * vi, s * self.prev_v, s * z[i]
        if not cp.low:
            cp.waiting(y)
            if rest[i]:
                cp.rest(ti - rest[i] / cfg.grid_hz)
            if cp.expired(ti):
                cp.clear()
            elif w < -vp and (cp.rest0 is not None or s < 0):
                # (a deadlift's lowering starts from the top hold: a "lowering" before any
                # rest is the pull itself integrating downwards, a wrist's rest level off
                # with its orientation; the lowering after the hold may still prove it)
                cp.low = True
                cp.l0 = self._cross(ti, w, pw, -vp)
                cp.y0 = y - w * (ti - cp.l0)
                cp.ymin, cp.wpk = y, -w
            return False
        if y < cp.ymin:
            cp.ymin = y
        if -w > cp.wpk:
            cp.wpk = -w
        ve = max(vp, cfg.end_frac * cp.wpk)
        if w <= -ve:
            return False
        if cp.y0 - cp.ymin < cfg.false_start_m:
            cp.low = False  # a wobble of drift: still waiting for the lowering
            return False
        tc = self._cross(ti, w, pw, -ve) + self._extrap(ti, -w, -pw)
        # the set's ROM: the median of its reps' (a best is often drift or two reps run
        # together); only where the sensor reports the bar's travel (bar, wrist, unknown)
        roms = sorted(r.rom_m for r in self.sets.reps if r.rom_m is not None)
        ok = (bool(roms) and cp.judge(min(roms[len(roms) // 2], cfg.partial_ref_max_m), s < 0, tc)
              and not self._covered(cp.t0, tc))
        rep = self._cut_rep(tc, src[i]) if ok else None
        if rep is None:
            self._gdl_rearm(cp)
        cp.clear()
        if rep is None:
            return False
        events.append(rep)
        return True

    def _gdl_rearm(self, cp) -> None:
        """(round 10, helper GDL) An unseen pull's "lowering" rejected as short and slow
        (peak under gdl_drift_v, less than unseen_lower_frac of the set's ROM) is no
        lowering from lockout: a grinding pull integrating downwards through its sticking
        region, the rest taken for its hold a sticking point. Let the next rest arm the
        unseen pull once more (still within unseen_pull_s of the last rep): the true top
        hold, whose lowering to the floor proves the rep."""
        reps = self.sets.reps
        if (cp.unseen and cp.wpk < self.cfg.gdl_drift_v and reps
                and cp.unseen_last is reps[-1] and self._gdl_last is not reps[-1]):
            self._gdl_last = reps[-1]
            cp.unseen_last = None

    def _cut_rep(self, t_end: float, emitted_t: float) -> Rep:
        """The rep of a cut pull proven by its lowering (CutPull): the pull from its
        start, the hold from the last rest bout before the lowering (the top of a grind
        is as still as the hold), the lowering as measured; ROM = the lowering."""
        cp = self.cut
        t_hold, out, pause_d, ret, rom = cp.phases(t_end)
        squat = self.s < 0
        # (a squat's outward phase is its descent, its return the ascent: lockout at the end)
        ecc, conc = (out, ret) if squat else (ret, out)
        rep = Rep(set=len(self.sets.sets) + 1, rep=len(self.sets.reps) + 1,
                  exercise="squat" if squat else "deadlift",
                  t_start=cp.t0, t_end=t_end, eccentric_s=ecc, pause_s=pause_d,
                  concentric_s=conc, tut_s=ecc + pause_d + conc,
                  mcv_mps=(rom / conc if conc > 0 else None) if self.reports_bar else None,
                  rom_m=rom if self.reports_bar else None,
                  emitted_t=emitted_t, lockout_t=t_end if squat else t_hold)
        self.sets.add(rep)
        self._remember(rep)
        self._ended(t_end, squat, rom)
        return rep

    def _late_reps(self, look, emitted_t: float, events: list[Event]) -> bool:
        """The second look (relook.py) at a rest: the reps of the open set that span a
        reset found false, that the live pass did not count (Relook.late_reps). Returns
        whether a rep was counted."""
        if not self.sets.open and self.relook.first_look:
            return self._first_late(look, emitted_t, events)
        if not self.sets.open or self.s is None:
            return False
        if self.s < 0 and self.set_tilt_n and self._sitting():
            # A squat ends standing: at a rest where a sensor the tilt counts (thigh,
            # trunk) is turned from standing (a rep's bottom pause, seated), whatever
            # the second look finds ending here is no rep of the set. (t5 sim-5-0146:
            # the end of rep 2's ascent plus rep 3's descent, found at rep 3's bottom
            # and counted beside it.)
            return False
        live_t0 = None if self.state == IDLE else self.t_out0
        waiting = (self.state in (PAUSE, STALL) and live_t0 is not None and live_t0 < look[0]
                   and any(d[0] == look[0] for d in self.relook.drops))
        if waiting:
            # (round 12, helper GAPREP) the correction is a dropout's step (_drop_step)
            # inside the candidate the live pass still waits on between its phases: the
            # live pass reads that wait from the uncorrected velocity (the bridge line
            # over a squat's bottom left the ascent reading flat, t18 sim-18-0277), so
            # the corrected reading judges it instead
            live_t0 = None
        reps = self.relook.late_reps(look, self.s, self.sets, live_t0,
                                     self.vetoed, self.rom_min, self.reports_bar, emitted_t)
        if reps and waiting:
            self._idle()
        for rep in reps:
            self._remember(rep)
            events.append(rep)
        return bool(reps)

    def _first_late(self, look, emitted_t: float, events: list[Event]) -> bool:
        """Auto, before a set: a short dropout inside the first rep left a velocity
        step that the rest after it measures (Relook._drop_step). The corrected stretch
        from the rest before is looked at as the first rep, its exercise taken from
        its own first movement."""
        rl = self.relook
        s = rl.first_s(look[1], look[2], rl.keep_from)
        if s is None:
            return False
        reps = rl.late_reps(look, s, self.sets, None, self.vetoed, self.rom_min, self.reports_bar, emitted_t,
                           rl.still_t - self.cfg.relook_first_settle_s)
        if not reps:
            return False
        if self.state != IDLE:
            self._idle()  # the live candidate was the step's drift
        self.s = s
        for rep in reps:
            self._remember(rep)
            events.append(rep)
        return True

    def _covered(self, t0: float, t1: float) -> bool:
        """Was a rep overlapping [t0, t1] by more than half of the shorter already counted?"""
        for a, b in self.recent:
            ov = min(b, t1) - max(a, t0)
            if ov > 0.5 * min(b - a, t1 - t0):
                return True
        return False

    def _tilt_rep(self, c: TiltCandidate, emitted_t: float) -> Rep | None:
        squat = c.sign > 0 and not c.dl
        if tiltreps.refuses(self, c, squat):
            return None
        if self.fixed_sign is None and (not self.sets.open or self.s is None):
            if self.state != IDLE:
                self._idle()
            self.s = -1 if squat else 1
        out_d, pause_d, ret_d = c.t1 - c.t0, c.t2 - c.t1, c.t3 - c.t2
        ecc, conc = (out_d, ret_d) if squat else (ret_d, out_d)
        rep = Rep(
            set=len(self.sets.sets) + 1,
            rep=len(self.sets.reps) + 1,
            exercise="squat" if squat else "deadlift",
            t_start=c.t0, t_end=c.t3,
            eccentric_s=ecc, pause_s=pause_d, concentric_s=conc,
            tut_s=ecc + pause_d + conc,
            mcv_mps=None, rom_m=None,
            emitted_t=emitted_t,
            lockout_t=c.t3 if squat else c.t1,
        )
        self.sets.add(rep)
        self._remember(rep)
        self.set_tilt_n += 1
        self.tilt_reps += 1
        self.set_tilt_amp += (c.amp - self.set_tilt_amp) / self.set_tilt_n
        # a rep may lead to a commit of the next pull if it opened the set or was itself
        # a touch-and-go rep: a stand-up counted as a rep (after a hold at the floor) is
        # followed by walking, whose swings are no pulls
        self.commits.tilt_last, self.commits.tilt_chain = rep, len(self.sets.reps) == 1
        self._ended(c.t3, squat, None)
        return rep

    def _tilt_lockout(self, t: float, emitted_t: float, events: list[Event]) -> None:
        """Commit a chest or thigh deadlift rep at the top of a touch-and-go pull
        (Commit.tilt_lockout); open-ended in the timeline until the lowering completes
        it: a displacement rep starting inside it is this rep read again (_covered,
        _starts_inside)."""
        rep = self.commits.tilt_lockout(self.tc, t, emitted_t, self.s, self.sets, self.pending is not None,
                                        self._covered, events)
        if rep is not None:
            self._remember(rep)
            self.recent[-1] = (rep.t_start, float("inf"))
    def _tilt_settle(self, c: TiltCandidate, emitted_t: float) -> Rep:
        """The committed tilt rep, completed by its candidate (Commit.tilt_settle)."""
        rep = self.commits.tilt_settle(c, emitted_t)
        self._stretch(rep)
        self.set_tilt_n += 1
        self.tilt_reps += 1
        self.set_tilt_amp += (c.amp - self.set_tilt_amp) / self.set_tilt_n
        self._ended(rep.t_end, False, None)
        return rep
    def _tilt_give_up(self) -> None:
        rep = self.commits.tilt_give_up()
        self._stretch(rep)
        self._ended(rep.t_end, False, None)
        self.commits.ready.append(rep)
    def _body_first(self) -> bool:
        """Is this a set's first "pull" on a sensor this session has shown turns with the
        body (most reps so far counted from its tilt)? Walking to the bar reads as a rise
        (steps) and bending to grip it as the start of a lowering, before the trunk or
        thigh has turned much (Commit.upright cannot see it yet); a committed rep is never
        withdrawn, so such a lowering is judged at its end, where the tilt and walking
        checks see the bend (t4 sim-4-0394: chest, approach + setup)."""
        return self.tc is not None and not self.sets.open and self.tilt_reps > self.disp_reps

    def _remember(self, rep: Rep) -> None:
        self.recent.append((rep.t_start, rep.t_end))
        if len(self.recent) > 4:
            del self.recent[0]

    def _stretch(self, rep: Rep) -> None:
        """A committed rep ended: its span in the timeline now ends where it did."""
        self.recent = [(a, rep.t_end if a == rep.t_start else b) for a, b in self.recent]
    def _begin_return(self, ti: float, w: float, pw: float, y: float, u: np.ndarray | None) -> None:
        if self.s > 0 and self.fixed_sign is None and not self.sets.open and self.walk.steps_n >= self.cfg.walk_turns:
            # auto, before a set: the "pull" and "hold" were steps (a squat bar's
            # walkout after the unrack), and must not decide the set as deadlifts
            self._idle()
            return
        if self.s > 0 and self.fixed_sign is None and not self.sets.open and self._walked(u):
            self._idle()
            return
        rom_out = self.ypk - self.y0
        rom_min = self.rom_min
        v_move = self.cfg.v_move
        if self.placement_unknown and u is not None and self.u0 is not None:
            # A sensor that turned a lot during the outward phase is body-worn (thigh,
            # trunk): it travels much less, and more slowly, than the bar. (Not one
            # latched rigid, which rides with the bar: its first pull is held to the
            # bar's travel below whatever it turned, as _pull_rom_min and _first_flat
            # hold it. A wrist latched rigid in the last set rose 0.13 m standing up
            # from a bench and its "lowering" was committed as a set's first pull, t6
            # sim-6-0004: a commit does not pass _complete's _first_flat.)
            c = float(u @ self.u0)
            if c < self._cos_rot and not self.place.rigid:
                rom_min = self.cfg.rom_min_m["thigh"]
                v_move = self.cfg.v_move_rotated
            elif self.s > 0 and self.fixed_sign is None and not self.sets.open:
                # auto, a first pull that did not turn the sensor: a trunk or thigh
                # turns 45-65 deg in a deadlift, so this sensor rides with the bar (bar,
                # wrist) and a pull moves it as far as the bar (0.35-0.75 m). Less is a
                # squat bar's unrack (4-7 cm) and the drift of the walkout after it,
                # and must not decide the set as deadlifts.
                rom_min = max(rom_min, self.cfg.rom_min_m["bar"])
        self.v_move_cur = v_move
        self.rom_min_cur = rom_min
        if rom_out < rom_min or self.wpk < v_move:
            if not (self.out_cut and self.sets.open):
                self._idle()  # too small to be a rep: unrack, step, fidget, setup shrug
                return
            # Within a set, a reset cut the outward phase short: its travel and speed
            # are short by what the reset removed, which the return will carry. Judged
            # at the end of the return on the mean travel (_complete), like the partial
            # test. (Not before a set: the unrack, the walkout and a deadlift setup.)
            self.out_short = True
        self.state = RET
        self.ret_rested = False
        self.ret_rest_n = 0
        self.ret_rest_t = self.ret_still_s = 0.0
        self.walk.ret_began(self.prev_v)
        self.still_short = False  # a bar squat's ascent came to rest short (_on_ret)
        self.place.trav_ret0 = self.place.trav
        self.commits.tried = self.commits.rep is not None
        self.t_ret0 = self._cross(ti, w, pw, -self.cfg.v_phase)
        self.ymin = y
        self.wrpk = -w

    def _walked(self, u: np.ndarray | None) -> bool:
        """Auto, before a set: was the first movement up (its outward phase and hold)
        walking rather than a pull? Accelerated mostly horizontally (Walking.carried),
        for a sensor that rides with the bar (the rigid latch, a bar hint, or no turn
        over the movement): a trunk or thigh that turns puts the turn itself across
        gravity."""
        if not self.walk.carried():
            return False
        if self.place.rigid or self.rom_min >= self.cfg.rom_min_m["bar"]:
            return True
        # (and the tilt, where it runs, did not swing during it either: a thigh or a
        # trunk can end a pull or a setup turned as it began)
        return (self.placement_unknown and u is not None and self.u0 is not None
                and float(u @ self.u0) >= self._cos_rot
                and (self.tc is None or self.th_max - self.th_min < self.cfg.rotated_deg))

    def _plateau_cut(self, pw: float) -> bool:
        """Did the reset that ended this outward phase (the speed before it pw) remove
        more than plateau_cut_frac of its peak speed so far, once the phase had covered
        a pull's travel (before that, a reset is a near-stop inside the pull, which goes
        on: PAUSE -> OUT)? A bar decelerates into lockout (a pull's speed falls to a
        fraction of its peak before the bar holds still), so a reset that finds it still
        moving at about its peak speed ended no pull: the velocity had ramped up or held
        a plateau with nothing decelerating it, the signature of a velocity error (a wrong
        gravity estimate or a bridged dropout's step, e.g. just before the candidate
        began, where cand_drop does not see it). Not committed at the pull's end; judged
        at its end (_complete), where such a "pull" is never lowered."""
        return (pw > self.cfg.plateau_cut_frac * self.wpk
                and self.ypk - self.y0 >= self._pull_rom_min())

    def _pull_rom_min(self) -> float:
        """ROM a pull must have covered to be committed at its end (Commit.pull_rom_min):
        the exercise must be known (a bar that has not moved since a deadlift set is
        still on the floor)."""
        known = not (self.fixed_sign is None and not self.sets.open and not (
            self.place.still_bar and self.sets.sets and self.sets.sets[-1].exercise == "deadlift"))
        rom_min = self.rom_min
        if self.placement_unknown and self.fixed_sign is None and not self.sets.open:
            # as _begin_return: an auto first pull moves a bar-like sensor as far as the bar
            rom_min = max(rom_min, self.cfg.rom_min_m["bar"])
        return self.commits.pull_rom_min(known, self.sets, rom_min)
    def _commit(self, lockout: float, emitted_t: float, events: list[Event]) -> None:
        """Commit the deadlift rep under way at lockout (Commit.pull), unless _complete
        would reject it: cut short by a reset, covered by a rep, owned by the tilt."""
        vetoed = self.out_short or self._covered(self.t_out0, lockout) or self._tilt_owns()
        rep = self.commits.pull(lockout, self.t_out0, self.ypk - self.y0, vetoed, self.sets,
                                self.reports_bar, emitted_t, events)
        if rep is not None:
            self._commit_ypk = self.ypk  # (the top it was committed at: _give_up)
            self._remember(rep)
    def _settle(self, t_end: float, pause_d: float, ecc: float, emitted_t: float,
                ypk: float | None = None) -> Rep:
        """The committed rep with its final phases (Commit.settle)."""
        rom = (self.ypk if ypk is None else ypk) - self.y0
        rep = self.commits.settle(t_end, pause_d, ecc, self.t_out1 if self.state != OUT else None, rom,
                                  self.sets, self.reports_bar, emitted_t)
        self._stretch(rep)
        self._evidence(rom)  # as _complete does for the reps it counts
        self._ended(t_end, False, rom)
        return rep
    def _give_up(self) -> None:
        """The state machine abandons a committed rep (the lowering never ended, a gap):
        it is still emitted, with the phases seen so far (run() or finish() emit it and
        set its emitted_t)."""
        st = self.state
        if st in (RET, STALL):
            t_end = self.t_stall if st == STALL else self.prev_t
            pause_d, ecc = self.t_ret0 - self.t_out1, t_end - self.t_ret0
        else:  # still at the top (or pulling again)
            t_end, pause_d, ecc = max(self.t_out1 if st == PAUSE else 0.0, self.commits.rep.lockout_t), 0.0, 0.0
        # going on up from a rest at the top after the commit (_on_pause: the walk-off
        # that ran away), the rep's height is the top it rested at, not the run's
        top = self._commit_ypk if (st == OUT and self._rerest is not None) else None
        self.commits.ready.append(self._settle(t_end, pause_d, ecc, 0.0, top))

    def _complete(self, t_end: float, emitted_t: float) -> Rep | None:
        """A displacement candidate has returned to rest at ``t_end``: THE decision
        whether it is a rep. None when it is too small (``_too_small``), unlike the
        set's turn (``_tilt_unlike``), a braced setup re-read as a pull, or a walked
        hold; else the Rep, added to the open set."""
        if self.commits.rep is not None:
            return self._settle(t_end, self.t_ret0 - self.t_out1, t_end - self.t_ret0, emitted_t)
        if (self.fixed_sign is None and not self.sets.open and self.cand_gap and self._gap_undecided()
                and not (self.s < 0 and self._braced())):
            # auto, first rep of a set: part of this movement was bridged across a gap
            # (interpolated, not measured), so it cannot decide the exercise
            return None
        rom = self.ypk - self.y0
        best = self.sets.best_rom
        if self._too_small(t_end, rom):
            return None
        out_d = self.t_out1 - self.t_out0
        pause_d = self.t_ret0 - self.t_out1
        ret_d = t_end - self.t_ret0
        squat = self.s < 0
        if self._tilt_unlike(squat):
            return None
        if squat and self._braced():
            # Auto mode, first "squat" of a set with a long still bottom: that was a
            # body-worn sensor bending to the bar and bracing, then the first pull of a
            # deadlift. Re-read the up phase as the pull; the rep ends after the lowering.
            self.s = 1
            self.state = PAUSE
            self.t_out0, self.t_out1 = self.t_ret0, t_end
            self.place.trav_out0 = self.place.trav_ret0
            self.y0, self.ypk = -self.ypk, -self.ymin
            if pause_d < self.cfg.brace_s and self.ret_still_s >= self.cfg.brace_s:
                # (the brace was a rest inside the "return": the pull starts where it ended)
                self.t_out0, self.y0 = self.ret_rest_t, self.ret_rest_z
            self.wpk = self.wrpk
            # A dropout in the "descent" (cand_gap) bridged the setup, not this pull:
            # the brace's zero-velocity update measures the pull afresh.
            self.cand_gap = False
            self.cand_gap_s = 0.0
            return None
        if squat:
            ecc, conc = out_d, ret_d
            lockout = t_end
            conc_dist = self.ypk - self.ymin
        else:
            if self.walk.hold_walked(self.t_out1, self.t_ret0):
                # (round 11, helper AFTER) a lockout is held still: steps between this
                # "pull" and its "lowering" were the lifter standing up from the bar after
                # the set, walking off and sitting down (Walking.hold_walked)
                return None
            ecc, conc = ret_d, out_d
            lockout = self.t_out1
            conc_dist = rom
        rep = Rep(
            set=len(self.sets.sets) + 1,
            rep=len(self.sets.reps) + 1,
            exercise="squat" if squat else "deadlift",
            t_start=self.t_out0,
            t_end=t_end,
            eccentric_s=ecc,
            pause_s=pause_d,
            concentric_s=conc,
            tut_s=ecc + pause_d + conc,
            mcv_mps=(conc_dist / conc if conc > 0 else None) if self.reports_bar else None,
            rom_m=rom if self.reports_bar else None,
            emitted_t=emitted_t,
            lockout_t=lockout,
        )
        self.sets.add(rep)
        self._remember(rep)
        self._evidence(rom)
        self._ended(t_end, squat, rom)
        self.u_last0 = self.u_out0
        if not self.reports_bar:
            # partial-rep check still needs a ROM even when it is not reported
            self.sets.best_rom = rom if best is None else max(best, rom)
        return rep

    def _too_small(self, t_end: float, rom: float) -> bool:
        """Is this displacement candidate too small to be a rep (a partial, a failed pull,
        a fidget before the set)? ``rom`` is its outward travel."""
        best = self.sets.best_rom
        # A rep starts and ends at the same height, so its outward and return travels
        # measure the same range. A velocity reset that cut the outward phase short (a
        # slow, gentle descent that the rest test took for stillness) shortens it and
        # lengthens the return by about as much (the speed removed reappears in the
        # other direction), so the partial test then uses their mean. Not otherwise: a
        # failed squat's "return" is the lifter standing up from the pins.
        # Likewise a dropout inside the rep, within an open set: the straight line
        # bridging it over a squat's bounce or a pull's drive leaves a velocity step
        # that moves travel from one phase into the other (the phases
        # together still measure the rep; docs/algorithm.md, Limits, gaps inside a rep).
        span = (max(rom, 0.5 * (rom + (self.ypk - self.ymin)))
                if (self.out_cut and not self._sagged(t_end)) or (self.cand_drop and self.sets.open)
                or self._out_underseen(rom) else rom)
        if self.out_short and span < self.rom_min_cur:
            return True  # too small to be a rep, even with what the reset removed
        if (self.out_short and self.s > 0 and best is not None
                and self.t_out1 - self.t_out0 >= self.cfg.cut_pull_seen_s
                and rom < self.cfg.cut_pull_min_frac * min(best, self.cfg.partial_ref_max_m)):
            # a pull seen rising that hardly left the floor (a failed pull): its long
            # return was drift, not travel the reset removed (config: cut_pull_min_frac)
            return True
        if self.s > 0 and self.ret_rested and not self.sets.open and self.place.rigid:
            # A bar lowered under load does not come to rest in mid-air and then go on
            # down (as a squat's descent does not: _on_pause). A sensor riding with the
            # bar whose "lowering" rested and went on, before a set, was a hand
            # fidgeting (seated after the last set) or reaching, not a first pull.
            return True
        if best is None and self._first_flat(
                min(rom, self.ypk - self.ymin) if self.out_ramp else span):
            # a partial (or a shrug) before the set: a bar-like sensor's ROM is short.
            # (Round 12, helper D2.) An outward phase that a reset ended at about its
            # peak speed (out_ramp, as _plateau_cut) was a velocity ramp, not a pull: its
            # integrated travel is the velocity error's, so the rep's travel is what its
            # return measured (a rep starts and ends at one height)
            return True
        if best is not None and span < self.cfg.partial_frac * min(best, self.cfg.partial_ref_max_m):
            # a partial: much shallower than this set's reps (against at most a full
            # bar ROM: a "best" beyond it was two reps run together or drift)
            return True
        return False

    def _tilt_unlike(self, squat: bool) -> bool:
        """Does the sensor's turn say this candidate is not one of the open set's reps
        (a thigh or trunk whose reps the tilt counted: a lowering that ends standing, a
        pull that never came upright, a descent that hardly turned)?"""
        if not squat and self.set_tilt_n and self.tc.bent:
            # the same two checks when 'standing' is known to be bent over at the bar
            # (TiltCounter.bent): theta then measures the turn away from the bar
            if (self.tc.theta > (1.0 - self.cfg.partial_frac) * self.set_tilt_amp
                    or self.th_max < self.cfg.partial_frac * self.set_tilt_amp):
                return True
        elif (not squat and self.set_tilt_n
                and self.tc.theta < self.cfg.partial_frac * self.set_tilt_amp):
            # This set's reps turned the sensor (thigh, trunk) from the bar to standing
            # and the tilt counted them. A deadlift rep ends with the bar back on the
            # floor, bent over as they were: a "lowering" that leaves the sensor near
            # standing was the lifter standing up and walking off after the set.
            return True
        upright = self.cfg.tilt_hi_deg  # the least tilt a finished pull comes within
        if self.set_tilt_n >= 2:
            upright = min(upright, self.cfg.failed_pull_frac * self.set_tilt_amp)
        if not squat and self.set_tilt_n and not self.tc.bent and self.th_min > upright:
            # ...and a pull ends standing: one that never brought the sensor out of the
            # bent zone is a partial, and one that stayed turned by half the set's swing
            # (its mean over two reps or more) is a failed pull, lowered before lockout:
            # the trunk never came upright.
            return True
        if (squat and (self.set_tilt_amp >= self.cfg.tilt_thigh_deg or self.set_tilt_n >= 2)
                and self.th_max < self.cfg.partial_frac * self.set_tilt_amp):
            # Likewise a thigh squat: this set's reps turned the sensor by set_tilt_amp
            # on the way down; a "descent" that turned it by less than partial_frac of
            # that was no squat (a step of the walk-in, a shrug under the bar). Also a
            # trunk's, once the tilt counted two reps of the set: a chest strap standing
            # between reps (within 5 deg of upright) integrated a 0.13 m "rep" while the
            # tilt counted the true one (sim-5-0358; round 8, helper SQ).
            return True
        return False

    def _sagged(self, t_end: float) -> bool:
        """Was this pull's lowering (the return, ending at t_end) long and slow, as
        CutPull.judge refuses it (config cut_lower_max_s, cut_lower_slow_v)? Then the
        reset that cut the pull found the bar truly still, at a stall: a failed pull
        sagging back, whose return integrated drift, not the travel the reset removed,
        so the partial test does not take the mean of both travels (round 10, FAILDL)."""
        cfg = self.cfg
        return (self.s > 0 and t_end - self.t_ret0 > cfg.cut_lower_max_s
                and self.wrpk < cfg.cut_lower_slow_v)

    def _out_underseen(self, rom: float) -> bool:
        """A squat in an open set whose ascent measured at least short_out_ratio times
        its descent: the descent was under-integrated (the rest level followed it), not
        a partial (_complete uses the mean of both travels). Only within
        cut_squat_gap_s of the set's last rep, as for the squat mirror (lowering.py): a
        sit-down after the re-rack comes later and can read the same (seed 3: a wrist,
        5.0 s after the set's last rep)."""
        reps = self.sets.reps
        return (self.s < 0 and self.sets.open and rom > 0.0 and bool(reps)
                and self.t_out0 - reps[-1].t_end <= self.cfg.cut_squat_gap_s
                and self.ypk - self.ymin >= self.cfg.short_out_ratio * rom)

    def _reread_as_descent(self, t_end: float, u: list[float]) -> None:
        """Auto mode, before a set: the first movement went up to a bar and the hands
        stayed on it (Placement.regripped), so the set is a squat and the "lowering" was its
        first descent. Re-read the return as the outward phase of a squat, now paused
        at the bottom."""
        self.s = -1
        self.state = PAUSE
        self.t_out0, self.t_out1 = self.t_ret0, t_end
        self.place.trav_out0 = self.place.trav_ret0
        self.y0, self.ypk = -self.ypk, -self.ymin
        self.wpk = self.wrpk
        ru0 = self.place.reread(u)
        if self.u0 is not None:
            self.u0 = np.array(ru0)

    @property
    def rigid(self) -> bool:
        """Placement unknown: the sensor is known to ride with the bar (Placement)."""
        return self.place.rigid

    def _evidence(self, rom: float) -> None:
        """A displacement rep was counted: evidence for the rigid-with-the-bar latch
        (Placement.evidence). When it lets go, the tilt counter, not stepped while rigid,
        starts afresh."""
        self.set_disp_n += 1
        self.disp_reps += 1
        if self.place.rc_min < self.set_disp_cos:
            self.set_disp_cos = self.place.rc_min
        if self.place.rc_min > self.set_disp_cos_hi:
            self.set_disp_cos_hi = self.place.rc_min
        if self.place.evidence(rom) and self.tc is not None:
            self.tc.reset_motion()
            self.pending = None

    def _ended(self, t_end: float, squat: bool, rom: float | None) -> None:
        """A counted rep ended (Placement.rep_ended: did the sensor move between lifts?).
        A cut pull waiting for its lowering (CutPull) is no longer the set's last pull."""
        self.cut.clear()
        self.place.rep_ended(t_end, squat, rom, not self.sets.sets and len(self.sets.reps) == 1)

    def finish(self, t_last: float) -> list[Event]:
        if self.commits.rep is not None:
            self._give_up()
        if self.commits.tilt is not None:
            self._tilt_give_up()
        out: list[Event] = []
        if self.pins.rep is not None:
            self._pins_done("stand", t_last, out)
        if self.gap_rep is not None:
            rep, self.gap_rep = self.gap_rep, None
            if rep in self.sets.reps:
                out.append(rep)
        self.commits.flush(t_last, out)
        ev = self.sets.close(t_last)
        return out + ([ev] if ev is not None else [])
