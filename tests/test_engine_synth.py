"""A small synthetic lift generator for the engine's own tests (independent of the
simulator in repcount.sim), and tests of the generator itself.

Bar displacement is built from smooth half-cosine moves; the specific force
f = R^T (a - g) is rotated into a random sensor frame (optionally rotating with depth,
like a thigh or chest sensor), with noise and irregular sampling.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

G = 9.80665
FS_SIM = 1000.0


@dataclass
class TruthRep:
    t_start: float
    t_end: float
    lockout_t: float
    eccentric_s: float
    pause_s: float
    concentric_s: float
    rom_m: float

    @property
    def tut_s(self) -> float:
        return self.eccentric_s + self.pause_s + self.concentric_s


@dataclass
class Synth:
    t: np.ndarray
    acc: np.ndarray
    reps: list[TruthRep] = field(default_factory=list)
    sets: list[list[TruthRep]] = field(default_factory=list)


class _Track:
    """Piecewise displacement z(t) on a 1 kHz grid."""

    def __init__(self, z0: float = 0.0) -> None:
        self.z: list[np.ndarray] = [np.array([z0])]
        self.t = 0.0

    @property
    def cur(self) -> float:
        return float(self.z[-1][-1])

    def hold(self, d: float) -> None:
        n = max(1, int(round(d * FS_SIM)))
        self.z.append(np.full(n, self.cur))
        self.t += n / FS_SIM

    def move(self, dz: float, d: float, stick: float = 0.0) -> None:
        """Smooth move by dz over d seconds; ``stick`` in (0,1) adds a near-stop midway."""
        n = max(2, int(round(d * FS_SIM)))
        u = np.arange(1, n + 1) / n
        if stick:
            # progress with a slow stretch in the middle: velocity dips to ~10 %
            p = u - stick * np.sin(2 * np.pi * u) / (2 * np.pi)
            prog = 0.5 - 0.5 * np.cos(np.pi * p)
        else:
            prog = 0.5 - 0.5 * np.cos(np.pi * u)
        self.z.append(self.cur + dz * prog)
        self.t += n / FS_SIM

    def array(self) -> np.ndarray:
        return np.concatenate(self.z)


def _rot(rng: np.random.Generator) -> np.ndarray:
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


def make(exercise: str = "squat", sets: tuple[int, ...] = (5,), rate: float = 100.0, seed: int = 0,
         noise_g: float = 0.005, rom: float = 0.55, ecc: float = 1.2, conc: float = 1.0,
         pause: float = 0.3, top: float = 1.5, rest: float = 40.0, stick: float = 0.0,
         tilt_deg: float = 0.0, nuisance: bool = True, jitter: float = 0.1,
         lead: float = 4.0, setup: bool = False, brace: float = 2.0) -> Synth:
    """Generate one session. ``tilt_deg`` rotates the sensor with depth (0 = bar).

    ``setup`` (deadlift): the lifter stands before each set, bends down to the bar and
    braces, and stands up after it (the session then starts standing)."""
    rng = np.random.default_rng(seed)
    tr = _Track(rom if (setup and exercise == "deadlift") else 0.0)
    truth_sets: list[list[TruthRep]] = []
    tr.hold(lead)
    for si, n in enumerate(sets):
        reps: list[TruthRep] = []
        if exercise == "squat":
            if nuisance:
                tr.move(0.05, 0.6); tr.hold(0.8)           # unrack
                for _ in range(3):                          # walkout steps (bob)
                    tr.move(-0.02, 0.25); tr.move(0.02, 0.25)
                tr.hold(1.5)
            for r in range(n):
                t0 = tr.t
                e = ecc * rng.uniform(0.9, 1.1)
                c = conc * rng.uniform(0.9, 1.1) * (1 + 0.15 * r)
                p = pause * rng.uniform(0.8, 1.2)
                rr = rom * rng.uniform(0.95, 1.05)
                tr.move(-rr, e); tr.hold(p); tr.move(rr, c, stick)
                reps.append(TruthRep(t0, tr.t, tr.t, e, p, c, rr))
                tr.hold(top * rng.uniform(0.8, 1.2))
            if nuisance:
                for _ in range(2):
                    tr.move(-0.02, 0.25); tr.move(0.02, 0.25)
                tr.move(-0.05, 0.6)                         # re-rack
        else:
            if setup:
                tr.move(-rom, 1.5); tr.hold(brace)          # bend to the bar, brace
            for r in range(n):
                t0 = tr.t
                c = conc * rng.uniform(0.9, 1.1) * (1 + 0.15 * r)
                p = pause * rng.uniform(0.8, 1.2)
                e = ecc * rng.uniform(0.9, 1.1)
                rr = rom * rng.uniform(0.95, 1.05)
                tr.move(rr, c, stick); lock = tr.t; tr.hold(p); tr.move(-rr, e)
                reps.append(TruthRep(t0, tr.t, lock, e, p, c, rr))
                tr.hold(top * rng.uniform(0.8, 1.2))
            if setup:
                tr.move(rom, 1.0)                           # stand up after the set
        truth_sets.append(reps)
        tr.hold(rest if si < len(sets) - 1 else 5.0)
    z = tr.array()
    ts = np.arange(len(z)) / FS_SIM
    a = np.gradient(np.gradient(z, 1 / FS_SIM), 1 / FS_SIM)
    depth = (z.max() - z) / max(rom, 1e-9) if exercise == "squat" else (z - z.min()) / max(rom, 1e-9)
    depth = np.clip(depth, 0, 1)
    R0 = _rot(rng)
    ang = np.deg2rad(tilt_deg) * (depth if exercise == "squat" else 1 - depth)
    # world-frame specific force in g: (0, 0, 1 + a/g); tilt rotates about world x
    fw = np.stack([np.zeros_like(a), np.zeros_like(a), 1.0 + a / G], axis=1)
    c, s = np.cos(ang), np.sin(ang)
    fy = c * fw[:, 1] + s * fw[:, 2]
    fz = -s * fw[:, 1] + c * fw[:, 2]
    fb = np.stack([fw[:, 0], fy, fz], axis=1)
    fs = fb @ R0  # = (R0^T f)^T per row
    # sample at `rate` with jitter
    n = int(ts[-1] * rate)
    tk = np.arange(n) / rate + rng.uniform(0, jitter / rate, n)
    tk = np.sort(np.clip(tk, 0, ts[-1]))
    acc = np.stack([np.interp(tk, ts, fs[:, j]) for j in range(3)], axis=1)
    acc += rng.normal(0, noise_g, acc.shape)
    acc = np.clip(acc, -2, 2)
    flat = [r for s_ in truth_sets for r in s_]
    return Synth(tk, acc, flat, truth_sets)


def run_engine(s: Synth, exercise: str = "auto", placement: str | None = None, block: int = 64, **kw):
    from repcount.engine import Engine
    e = Engine(exercise, placement, **kw)
    out = []
    for i in range(0, len(s.t), block):
        out += e.feed(s.t[i:i + block], s.acc[i:i + block])
    out += e.finish()
    return out


def test_still_sensor_reads_one_g():
    s = make(sets=(1,), noise_g=0.0, seed=3)
    m = np.linalg.norm(s.acc[:100], axis=1)
    assert np.allclose(m, 1.0, atol=1e-6)


def test_truth_counts():
    s = make(sets=(3, 4))
    assert [len(x) for x in s.sets] == [3, 4]
