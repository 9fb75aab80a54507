"""(Round 12, helper RHYTHM.) A set's own regularity finds a rep the live pass missed.

Reps within a set are alike: the same lift at a steady rhythm (the time between
lockouts), with a similar range of motion. The live machine (detector.py) judges each
candidate alone as it comes, and a rep whose candidate one test dropped (a descent that
rested at the bottom and went on, a grind waited on, a return a reset cut short) leaves
a hole in the set: the lockouts around it are two periods apart instead of one.

That hole is what this module looks for. Each time the open set counts a rep, the gap
from the rep before it is compared with the set's period (the median of its other
lockout gaps). About two periods (rhythm_pair_frac) says a rep is missing there: the
velocity of that stretch, from the end of the rep before to the start of the rep that
closed it, is looked at again (Relook.find: the live machine's tests of geometry and
speed, on the velocity as it was). A rep found there is counted, late, if it is the
set's movement: its lockout about one period from each neighbour (rhythm_gap_frac) and
its travel, the mean of its outward and return travels (a false reset moves travel
between the phases, not out of the rep), near the set's median ROM (rhythm_rom_frac).
A half-height candidate in a set of full reps is a partial rep: still refused. A failed
rep, a re-rack or a walk-off come after a set's last rep: no rep follows them at the
set's period, so no hole is ever closed around them. A movement the live pass saw whole
and rejected for what it is (Detector.vetoed) is not overruled. Only the found rep pays
latency: it is emitted with the rep that closed the hole.

The velocity buffer holds the last rhythm_buf_s of grid samples (flat memory), plain
per-sample state: the engine stays chunk-invariant.
"""

from __future__ import annotations

from collections import deque

from ..events import Rep
from .config import EngineConfig
from .relook import Found
from .sets import SetTracker


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


class Rhythm:
    def __init__(self, cfg: EngineConfig, dt: float) -> None:
        self.cfg = cfg
        self.buf: deque = deque(maxlen=int(round(cfg.rhythm_buf_s / dt)) + 1)  # (t, v) per grid sample
        self.n_seen = 0  # reps of the open set at the last look (run() watches it)
        self.hole: tuple | None = None  # (lockout before, lockout after, period, median ROM)

    def reset(self) -> None:
        """An unbridged gap: the velocity before it is unknown."""
        self.buf.clear()

    def look(self, sets: SetTracker, s: int | None) -> tuple[list, list] | None:
        """The open set has just counted a rep: is the gap to the rep before it a hole
        of one rep in the set's rhythm? Returns the stretch's (ts, vs) to look at."""
        cfg = self.cfg
        self.hole = None
        reps = sets.reps
        if not cfg.rhythm_on or s is None or len(reps) < cfg.rhythm_min_reps:
            return None
        nxt = reps[-1]
        if (nxt.exercise == "squat") != (s < 0):
            return None
        locks = [r.lockout_t for r in reps]
        if any(x is None for x in locks):
            return None
        ls = sorted(locks)
        if ls[-1] != nxt.lockout_t:
            return None  # (a rep found late, inside the set: not the set's latest)
        prev = max((r for r in reps[:-1]), key=lambda r: r.lockout_t)
        gaps = [ls[j + 1] - ls[j] for j in range(len(ls) - 2)]
        p = _median(gaps)
        g = ls[-1] - ls[-2]
        if p <= 0.0 or not cfg.rhythm_pair_frac[0] * p <= g <= cfg.rhythm_pair_frac[1] * p:
            return None
        roms = [r.rom_m for r in reps if r.rom_m is not None]
        if len(roms) < 2:
            return None  # no ROM to tell a rep from a partial by (tilt reps: a trunk's
            # partial dips into a hole of the rhythm as often as a missed rep does)
        m = _median(roms)
        t0, t1 = prev.t_end, nxt.t_start
        if t1 - t0 < cfg.rhythm_min_span_s or not self.buf or self.buf[0][0] > t0:
            return None  # (no room for a rep between them; or the buffer does not reach back)
        ts = [b[0] for b in self.buf if t0 <= b[0] <= t1]
        vs = [b[1] for b in self.buf if t0 <= b[0] <= t1]
        self.hole = (ls[-2], ls[-1], p, m)
        return ts, vs

    def ramped(self, ts: list, vs: list) -> list | None:
        """The hole's velocity with each stretch between two rests put right: the rest
        at its end found the sensor still, so what the integrator carried there was error;
        a rest level a little off for the sensor's orientation in the rep (0.01-0.03 g)
        grows it linearly from the rest before, where it was zero (as Relook._drift_ramp,
        in a deadlift set at the next rest). That ramp is taken off each stretch. None if
        no stretch carried rhythm_ramp_min_err or more into its rest."""
        cfg = self.cfg
        out = list(vs)
        n = len(vs)
        j = 0
        done = False
        while j < n:
            if vs[j] != 0.0:
                j += 1
                continue
            # a rest sample (zero-velocity update): the stretch before it ends here
            k = j - 1
            while k >= 0 and vs[k] != 0.0:
                k -= 1
            a, b = k, j - 1  # (a: the rest sample before the stretch, or -1)
            if b > a and (vs[b] >= cfg.rhythm_ramp_min_err or vs[b] <= -cfg.rhythm_ramp_min_err) and a >= 0:
                ta, span, e = ts[a], ts[b] - ts[a], vs[b]
                for q in range(a + 1, b + 1):
                    out[q] = vs[q] - e * (ts[q] - ta) / span
                done = True
            j += 1
        return out if done else None

    def judge(self, found: list[Found], s: int, sets: SetTracker, rom_min: float, vetoed,
              reports_bar: bool, emitted_t: float) -> Rep | None:
        """The reps found in the hole (Relook.find): the one that is the set's movement
        where the rhythm expects it, as a late rep of the set (None if none is)."""
        cfg = self.cfg
        hole = self.hole
        if hole is None:
            return None
        la, lb, p, m = hole
        squat = s < 0
        best = None
        for f in found:
            lock = f.t_end if squat else f.t_out1
            g1, g2 = lock - la, lb - lock
            lo, hi = cfg.rhythm_gap_frac
            if not (lo * p <= g1 <= hi * p and lo * p <= g2 <= hi * p):
                continue
            travel = 0.5 * (f.rom + f.ret)
            if not cfg.rhythm_rom_frac[0] * m <= travel <= cfg.rhythm_rom_frac[1] * m:
                continue  # a partial (or more than a rep): not the set's movement
            if f.rom < rom_min or f.ret < rom_min:
                continue
            if any(min(b, f.t_end) - max(a, f.t_out0) > 0.5 * min(b - a, f.t_end - f.t_out0)
                   for a, b in vetoed):
                continue  # the live pass saw it whole and rejected it for what it is
            d = abs(g1 - g2)
            if best is None or d < best[0]:
                best = (d, f, lock)
        if best is None:
            return None
        self.hole = None
        _, f, lock = best
        out_d, pause_d, ret_d = f.t_out1 - f.t_out0, f.t_ret0 - f.t_out1, f.t_end - f.t_ret0
        ecc, conc = (out_d, ret_d) if squat else (ret_d, out_d)
        conc_dist = f.ret if squat else f.rom
        reps = sets.reps
        rep = Rep(set=len(sets.sets) + 1, rep=len(reps) + 1,
                  exercise="squat" if squat else "deadlift",
                  t_start=f.t_out0, t_end=f.t_end, eccentric_s=ecc, pause_s=pause_d,
                  concentric_s=conc, tut_s=ecc + pause_d + conc,
                  mcv_mps=(conc_dist / conc if conc > 0 else None) if reports_bar else None,
                  rom_m=f.rom if reports_bar else None,
                  emitted_t=emitted_t, lockout_t=lock)
        # before the rep that closed the hole (reps[-1] stays the set's last counted;
        # its ROM does not raise the set's best: the partial test's reference)
        reps.insert(len(reps) - 1, rep)
        return rep
