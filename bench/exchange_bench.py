"""How fast is `renja export`? Exports one synthetic PD (and the demo) as YAML, JSON and the workbook, reads each back.

    .venv/bin/python bench/exchange_bench.py [--sub 400] [--runs 3] [--seed 1] [--city 40]

The database is a temporary SQLite file, or, when RENJA_DATABASE_URL is set, a new database beside the one
it names (created for the run and dropped after it), as in check_bench.py. Figures beside them: reading the
same rows from the database with `.values()`, and `build_view` (the checker's read of the plan). The script
prints figures and asserts nothing; see bench/README.md.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from check_bench import median_time, ms, read_rows, setup_database  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan of the synthetic PD (400)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic PD (1)")
    parser.add_argument("--city", type=int, default=0, metavar="PD",
                        help="first load a synthetic city of PD plans (as `renja synth --pd PD`) and print its load "
                             "time, wall clock and CPU of this process, per stage of the loader (0: not)")
    return parser.parse_args()


def load_city(pd_count, sub, seed):
    """Load the synthetic city as `renja synth` does, timing each stage of the loader (CPU of this process)."""
    import time
    from collections import Counter

    from renja.demo.synth import pd_document
    from renja.exchange import loader

    spent = Counter()

    def timed(owner, name):
        function = getattr(owner, name)

        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started
        setattr(owner, name, wrapper)
        return function

    originals = [(loader, "validate", timed(loader, "validate"))] + [
        (loader._Loader, name, timed(loader._Loader, name))
        for name in ("load_organization", "load_renstra", "load_renja", "load_plan_tree", "load_tables",
                     "load_statements", "load_evaluations")]
    documents = [pd_document(index, sub_per_pd=sub, seed=seed) for index in range(pd_count)]  # as synth makes them
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        for document in documents:
            loader.load_document(document, replace=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)
    print(f"city load, {pd_count} PD × {sub} sub kegiatan (documents made beforehand): wall {ms(wall)} "
          f"({ms(wall / pd_count)} per PD); CPU of this process {ms(cpu)} ({ms(cpu / pd_count)} per PD)")
    for name, seconds in spent.most_common():
        print(f"  {name:<24}{ms(seconds / pd_count):>10} CPU per PD")
    print()


def measure(label, renja, runs, folder):
    import yaml

    from renja.exchange.export import dump_json, dump_yaml, export_document, write_document
    from renja.exchange.workbook.own import read_own
    from renja.plans.models import SubKegiatan
    from renja.plans.view import build_view

    subs = SubKegiatan.objects.filter(kegiatan__program__renja=renja).count()
    read_s, _ = median_time(lambda: read_rows([renja]), runs)
    view_s, _ = median_time(lambda: build_view(renja), runs)
    export_s, document = median_time(lambda: export_document(renja), runs)
    rows = [(label, subs, "rows from the database (.values())", read_s, None),
            (label, subs, "build_view (the checker's read)", view_s, None),
            (label, subs, "export_document (database → dict)", export_s, None)]
    readers = {
        "yaml": [("yaml.safe_load, as renja load", lambda p: yaml.safe_load(p.read_text(encoding="utf-8"))),
                 ("libyaml (CSafeLoader)", lambda p: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))],
        "json": [("json.loads", lambda p: json.loads(p.read_text(encoding="utf-8")))],
        "xlsx": [("read_own", lambda p: read_own(p)[0])],
    }
    for fmt, ways in readers.items():
        path = folder / f"{label}.{fmt}"
        write_s, _ = median_time(lambda fmt=fmt, path=path: write_document(export_document(renja), path, fmt), runs)
        rows.append((label, subs, f"export to {fmt} (database → file)", write_s, path.stat().st_size))
        for how, read in ways:
            reread_s, again = median_time(lambda read=read, path=path: read(path), runs)
            assert again == document, f"{fmt} read back differs"
            rows.append((label, subs, f"read the {fmt} back: {how}", reread_s, None))
    dump_s = {"yaml": median_time(lambda: dump_yaml(document), runs)[0],
              "json": median_time(lambda: dump_json(document), runs)[0]}
    rows.append((label, subs, "of which YAML text alone (dict → text)", dump_s["yaml"], None))
    rows.append((label, subs, "of which JSON text alone (dict → text)", dump_s["json"], None))
    return rows


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        from renja.demo.setup import DATA
        from renja.demo.synth import pd_document
        from renja.exchange.loader import load_document, load_file

        if args.city:
            print(f"Database: {description}")
            load_city(args.city, args.sub, args.seed)
        demo = load_file(DATA).renja
        synthetic = load_document(pd_document(0, sub_per_pd=args.sub, seed=args.seed), replace=True).renja
        print(f"Database: {description}; median of {args.runs} runs\n")
        print(f"{'plan':<10}{'sub keg.':>9}  {'measurement':<46}{'time':>10}{'size':>12}")
        print("-" * 87)
        with tempfile.TemporaryDirectory(prefix="renja-export-bench-") as folder:
            for label, renja in (("demo", demo), (f"synth {args.sub}", synthetic)):
                for plan, subs, what, seconds, size in measure(label.replace(" ", "-"), renja, args.runs,
                                                              Path(folder)):
                    size_text = f"{size / 1024:,.0f} KiB" if size else ""
                    print(f"{plan:<10}{subs:>9}  {what:<46}{ms(seconds):>10}{size_text:>12}")
                print()
    finally:
        clean_up()


if __name__ == "__main__":
    main()
