"""Fuzz every parser of user input with hypothesis: the drivers of tests/fuzz/targets.py, N inputs each.

    .venv/bin/python bench/fuzz_bench.py [--examples 10000] [--only NAME ...] [--seed 1]

For each driver: inputs fed, outcomes (accepted; refused with the parser's message; for the login form every
input is a refusal), uncaught exceptions (crashes: must be 0), partial writes (a refused input that changed a
table: must be 0), CPU and wall seconds; the counts so far every `--every` inputs. Each kind of crash (its
exception and the line raising it) is counted, and its first input printed with the traceback. The database is a
temporary SQLite file (under TMPDIR), or a database of its own beside RENJA_DATABASE_URL's (dropped afterwards);
the drivers that write run in a transaction that is rolled back. Exits 1 when anything crashed or half-wrote.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.check_bench import setup_database  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="inputs per driver (10000)")
    parser.add_argument("--only", action="append", default=[],
                        help="a driver whose name contains this (repeatable); default: every driver")
    parser.add_argument("--seed", type=int, default=1, help="hypothesis seed (1)")
    parser.add_argument("--every", type=int, default=1000, help="print the counts so far every N inputs (1000)")
    return parser.parse_args()


def report(tally):
    """The counts so far: what a run stopped before its end has reached."""
    print(f"    … {tally.inputs} inputs: {tally.accepted} accepted, {tally.refused} refused, {tally.crashes} crashes, "
          f"{tally.partial} partial writes, {tally.seconds:.1f} CPU s", flush=True)


def main():
    args = parse_args()
    described, clean_up = setup_database("renja.settings.test")
    from django.test.utils import setup_test_environment

    setup_test_environment()  # as under pytest: the test client's host allowed, mail kept in memory
    try:
        from tests.fuzz.targets import DRIVERS, TABLE_HEADER, drive

        chosen = [d for d in DRIVERS if not args.only or any(o.lower() in d.name.lower() for o in args.only)]
        if not chosen:
            sys.exit(f"no driver matches {args.only}; drivers: {', '.join(d.name for d in DRIVERS)}")
        print(f"fuzz: {len(chosen)} drivers × {args.examples} inputs, seed {args.seed}; {described}", flush=True)
        rows, failed = [], False
        for driver in chosen:
            started = time.monotonic()
            tally = drive(driver, args.examples, seed=args.seed, progress=report, every=args.every)
            wall = time.monotonic() - started
            rows.append((tally.name, tally.inputs, tally.accepted, tally.refused, tally.crashes, tally.partial,
                         f"{tally.seconds:.1f}", f"{wall:.1f}"))
            print("  " + " | ".join(str(c) for c in rows[-1]), flush=True)
            for kind, count in tally.kinds.items():
                print(f"    {count} × {kind}", flush=True)
            for value, text in tally.samples:
                print(f"    input: {value}\n    {text}", flush=True)
            failed |= bool(tally.crashes or tally.partial)
        header = TABLE_HEADER + ("wall s",)
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
                 for r in [header, *rows]]
        lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
        print("\n".join(lines))
    finally:
        clean_up()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
