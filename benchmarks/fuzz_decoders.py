"""Fuzz every repcount decoder far longer than the test suite does.

Two engines per decoder:
  1. hypothesis (coverage-guided-ish shrinking search): random notification sequences
     and mutated valid frames, ``--hypothesis N`` examples each;
  2. a plain random mutator (fast, many more inputs): valid seed frames from the
     encoders, bit flips, byte overwrites, cuts, insertions, splices, random bytes,
     fed as streams to one decoder instance for ``--seconds`` per decoder.

Anything other than DecodeError escaping, or a decoder output that breaks the
contract (shapes, finite values, strictly increasing time), is a failure.

    python benchmarks/fuzz_decoders.py                      # defaults, ~2 min
    python benchmarks/fuzz_decoders.py --seconds 60 --hypothesis 5000 --write docs/bench-decoders.md
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
import traceback

from repcount.decoders import DecodeError
from repcount.decoders.fuzzing import DECODER_CASES, check_output, mutations, seeds


def mutate(rng: random.Random, pool: list[bytes]) -> bytes:
    f = bytearray(rng.choice(pool))
    op = rng.randrange(7)
    if op == 0 or not f:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 64)))
    if op == 1:
        for _ in range(rng.randint(1, 4)):
            f[rng.randrange(len(f))] ^= 1 << rng.randrange(8)
    elif op == 2:
        for _ in range(rng.randint(1, 4)):
            f[rng.randrange(len(f))] = rng.getrandbits(8)
    elif op == 3:
        f = f[:rng.randrange(len(f) + 1)]
    elif op == 4:
        i = rng.randrange(len(f) + 1)
        f[i:i] = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 8)))
    elif op == 5:
        g = rng.choice(pool)
        f = f[:rng.randrange(len(f) + 1)] + g[rng.randrange(len(g) + 1):]
    return bytes(f)  # op 6: unchanged, keeps decoders in a valid state now and then


def random_engine(case: str, seconds: float, seed: int) -> tuple[int, list[str]]:
    rng = random.Random(seed)
    pool = seeds(case)
    tried, failures = 0, []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        dec = DECODER_CASES[case]()
        host = 10.0
        for _ in range(rng.randint(1, 50)):
            data = mutate(rng, pool)
            host += rng.choice((0.0, 0.01, 0.05, 1.0, 30.0))
            tried += 1
            try:
                out = dec.decode(data, host)
            except DecodeError:
                continue
            except Exception:  # noqa: BLE001 - the point: report anything else
                failures.append(f"{case}: {data.hex()} -> {traceback.format_exc(limit=2)}")
                break
            try:
                check_output(dec, out)
            except AssertionError:
                failures.append(f"{case}: {data.hex()} -> contract broken")
                break
            if rng.random() < 0.02:
                dec.reset()
    return tried, failures


def hypothesis_engine(case: str, examples: int) -> tuple[int, list[str]]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    counter = {"n": 0}
    failures: list[str] = []
    cfg = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                   suppress_health_check=list(HealthCheck))

    def feed(dec, frames):
        for k, data in enumerate(frames):
            counter["n"] += 1
            try:
                out = dec.decode(data, 10.0 + 0.05 * k)
            except DecodeError:
                continue
            check_output(dec, out)

    @cfg
    @given(st.lists(st.binary(max_size=300), min_size=1, max_size=8))
    def random_bytes(frames):
        feed(DECODER_CASES[case](), frames)

    pool = seeds(case)

    @cfg
    @given(st.data())
    def mutated(data):
        frames = [data.draw(mutations(data.draw(st.sampled_from(pool)))) for _ in range(data.draw(st.integers(1, 6)))]
        feed(DECODER_CASES[case](), frames)

    for fn in (random_bytes, mutated):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{case}: hypothesis {fn.__name__}: {exc!r}"[:500])
    return counter["n"], failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0, help="random-mutator time per decoder")
    ap.add_argument("--hypothesis", type=int, default=1000, help="hypothesis examples per strategy per decoder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write", metavar="MD", help="write the results table to this Markdown file")
    args = ap.parse_args()

    rows, all_failures = [], []
    t_start = time.perf_counter()
    for case in sorted(DECODER_CASES):
        t0 = time.perf_counter()
        n_h, f_h = hypothesis_engine(case, args.hypothesis) if args.hypothesis else (0, [])
        t1 = time.perf_counter()
        n_r, f_r = random_engine(case, args.seconds, args.seed)
        t2 = time.perf_counter()
        rows.append((case, n_h, t1 - t0, n_r, t2 - t1, len(f_h) + len(f_r)))
        all_failures += f_h + f_r
        print(f"{case:<18} hypothesis {n_h:>8} inputs {t1 - t0:6.1f} s   random {n_r:>9} inputs {t2 - t1:6.1f} s   failures {len(f_h) + len(f_r)}", flush=True)
    total = sum(r[1] + r[3] for r in rows)
    print(f"total inputs: {total}  failures: {len(all_failures)}  ({time.perf_counter() - t_start:.0f} s)")
    for f in all_failures[:20]:
        print("FAIL", f)
    if args.write:
        cmd = " ".join(["python", "benchmarks/fuzz_decoders.py"] + sys.argv[1:])
        lines = [
            "# Decoder fuzzing", "",
            "Every decoder is fed malformed notifications; anything but `DecodeError` escaping, or",
            "an output breaking the decoder contract (shapes, finite values, strictly increasing",
            "time), counts as a failure. Inputs are notifications handed to `decode()`, as streams",
            "to one decoder instance (so buffering and timestamp state are exercised too).", "",
            f"Command: `{cmd}`  ",
            f"Machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
            "| decoder | hypothesis inputs | s | random-mutator inputs | s | failures |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [f"| {c} | {nh} | {th:.1f} | {nr} | {tr:.1f} | {nf} |" for c, nh, th, nr, tr, nf in rows]
        lines += [f"| **total** | {sum(r[1] for r in rows)} | | {sum(r[3] for r in rows)} | | {len(all_failures)} |", "",
                  f"Total inputs tried: **{total}**; failures: **{len(all_failures)}**.", "",
                  "The default test run (`tests/test_fuzz_decoders.py`) tries 200 random and 100",
                  "mutated sequences per decoder plus 200 inputs per parser, derandomized.", ""]
        with open(args.write, "w") as fh:
            fh.write("\n".join(lines))
    return 1 if all_failures else 0


if __name__ == "__main__":
    sys.exit(main())
