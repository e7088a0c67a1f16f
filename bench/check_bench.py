"""How fast is the checker? Loads the demo and a synthetic city into a database of its own and prints figures.

    .venv/bin/python bench/check_bench.py [--pd 40] [--sub 400] [--runs 3] [--seed 1]

The database is a temporary SQLite file, or, when RENJA_DATABASE_URL is set, a new database beside the one
it names on the same server (created for the run and dropped after it). The script prints figures and
asserts nothing; see bench/README.md for what was measured on the project's machine.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pd", type=int, default=40, help="Perangkat Daerah in the synthetic city (40)")
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan per PD (400)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic city (1)")
    return parser.parse_args()


def setup_database(settings_module="renja.settings.base"):
    """Django on a database of the benchmark's own. Returns (description, clean-up function)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    temporary = None
    if not os.environ.get("RENJA_DATABASE_URL"):
        temporary = tempfile.TemporaryDirectory(prefix="renja-bench-")
        os.environ["RENJA_HOME"] = temporary.name
    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    database = settings.DATABASES["default"]
    if temporary is not None:
        call_command("migrate", interactive=False, verbosity=0)

        def clean_up():
            connection.close()
            temporary.cleanup()

        return f"SQLite, temporary file {database['NAME']}", clean_up
    # A server: a new database next to the configured one, as Django's test runner makes one.
    original = database["NAME"]
    database.setdefault("TEST", {})["NAME"] = f"{original}_bench_{os.getpid()}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def clean_up():
        connection.creation.destroy_test_db(original, verbosity=0)

    version = ""
    if connection.vendor == "postgresql":
        version = f" {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    return f"{connection.vendor}{version}, database {name} (dropped afterwards)", clean_up


def median_time(function, runs):
    """(median seconds, result of the last run)."""
    seconds, result, _ = median_times(function, runs)
    return seconds, result


def median_times(function, runs):
    """(median seconds, result of the last run, median CPU seconds of this process)."""
    times, cpu_times, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    return statistics.median(times), result, statistics.median(cpu_times)


def read_rows(plans):
    """Only read what the checker reads most of: the sub kegiatan and every indicator of the plans."""
    from renja.plans.models import Indikator, SubKegiatan

    rows = 0
    for renja in plans:
        rows += len(list(SubKegiatan.objects.filter(kegiatan__program__renja=renja).values()))
        for owner in ("program__renja", "kegiatan__program__renja", "sub_kegiatan__kegiatan__program__renja"):
            rows += len(list(Indikator.objects.filter(**{owner: renja}).values()))
    return rows


def read_all_rows(plans):
    """Also the other rows build_view reads, as many as the plan's own: the kegiatan, programs and statements,
    and the Renstra's matrix (rows, the pagu of the plan's year, indicators, targets per year) of the plan's PD
    (build_view has the database sum the other years' pagu)."""
    from renja.plans.models import Kegiatan, Pernyataan, Program
    from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

    rows = read_rows(plans)
    for renja in plans:
        rows += len(list(Program.objects.filter(renja=renja).values()))
        rows += len(list(Kegiatan.objects.filter(program__renja=renja).values()))
        rows += len(list(Pernyataan.objects.filter(renja=renja).values()))
        renstra = {"perangkat_daerah": renja.perangkat_daerah_id, "periode_mulai__lte": renja.tahun,
                   "periode_selesai__gte": renja.tahun}
        for model, path in ((BarisRenstra, "renstra__"), (PaguRenstra, "baris__renstra__"),
                            (IndikatorRenstra, "baris__renstra__"), (TargetRenstra, "indikator__baris__renstra__")):
            year = {"tahun": renja.tahun} if model is PaguRenstra else {}
            rows += len(list(model.objects.filter(**{path + k: v for k, v in renstra.items()}, **year).values()))
    return rows


def measure(label, plans, runs):
    from renja.plans.models import SubKegiatan
    from renja.plans.view import build_view
    from renja.rules.engine import run

    subs = SubKegiatan.objects.filter(kegiatan__program__renja__in=plans).count()
    read_s, _, read_cpu = median_times(lambda: read_rows(plans), runs)
    view_s, views, view_cpu = median_times(lambda: [build_view(r) for r in plans], runs)
    rules_s, findings, rules_cpu = median_times(lambda: [f for v in views for f in run(v)], runs)
    all_s, all_rows, all_cpu = median_times(lambda: read_all_rows(plans), runs)
    severities = Counter(f.severity for f in findings)
    return {"label": label, "plans": len(plans), "subs": subs, "read": read_s, "view": view_s, "rules": rules_s,
            "cpu": (read_cpu, view_cpu, rules_cpu), "all": (all_s, all_cpu, all_rows),
            "findings": len(findings), "severities": severities, "views": views}


def slowest_rules(views, top=5):
    """Each rule on every view, as `engine.run` runs it (cycle collector off, the views' rows listed once)."""
    import contextlib

    from renja.core.allocation import without_cycle_collection
    from renja.plans.view import reading
    from renja.rules.engine import all_rules, run_rule

    spent = Counter()
    with without_cycle_collection(), contextlib.ExitStack() as stack:
        for view in views:
            stack.enter_context(reading(view))
        for rule in all_rules():
            start = time.perf_counter()
            for view in views:
                run_rule(rule, view)
            spent[rule.id] = time.perf_counter() - start
    return spent.most_common(top), len(all_rules())


def traced_peak(plans):
    """Peak Python heap while reading, viewing and checking the plans (traced apart: tracing is slow)."""
    from renja.plans.view import build_view
    from renja.rules.engine import run

    tracemalloc.start()
    views = [build_view(r) for r in plans]
    for view in views:
        run(view)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        report(args, description)
    finally:
        clean_up()


def report(args, description):
    from renja.demo.setup import load_demo_data
    from renja.demo.synth import synthesize_city

    print(f"Renja checker benchmark — {description}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {args.runs} runs", flush=True)
    start, cpu = time.perf_counter(), time.process_time()
    demo, _ = load_demo_data()
    demo_load, demo_cpu = time.perf_counter() - start, time.process_time() - cpu

    def progress(done, total):
        print(f"\r  loading the synthetic city: {done}/{total} PD", end="", file=sys.stderr, flush=True)

    start, cpu = time.perf_counter(), time.process_time()
    city = synthesize_city(pd_count=args.pd, sub_per_pd=args.sub, seed=args.seed, progress=progress)
    city_load, city_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(file=sys.stderr)

    rows = [measure("demo (1 PD)", [demo], args.runs), measure(f"city ({args.pd} PD)", city, args.runs)]
    print()
    header = f"{'':<14}{'plans':>6}{'sub keg.':>10}{'read rows':>12}{'build views':>13}{'run rules':>12}" \
             f"{'findings':>10}  error/warning/info"
    print(header)
    print("-" * len(header))
    for r in rows:
        s = r["severities"]
        print(f"{r['label']:<14}{r['plans']:>6}{r['subs']:>10,}{ms(r['read']):>12}{ms(r['view']):>13}"
              f"{ms(r['rules']):>12}{r['findings']:>10,}  {s['error']}/{s['warning']}/{s['info']}")
    print()
    print("CPU time of this process (SQLite answers inside it; a server's share is not counted):")
    for r in rows:
        read_cpu, view_cpu, rules_cpu = r["cpu"]
        print(f"{r['label']:<14}{'':>16}{ms(read_cpu):>12}{ms(view_cpu):>13}{ms(rules_cpu):>12}"
              f"   view + rules = {(view_cpu + rules_cpu) / max(read_cpu, 1e-9):.1f} × read rows")
    city_row = rows[1]
    all_s, all_cpu, all_rows = city_row["all"]
    print(f"city: view + rules = {(city_row['view'] + city_row['rules']) / city_row['read']:.1f} × read rows (wall), "
          f"{(city_row['view'] + city_row['rules']) / all_s:.1f} × reading all {all_rows:,} rows build_view reads "
          f"(plan and Renstra matrix: {ms(all_s)}, CPU {ms(all_cpu)})")
    print()
    print(f"load: demo {ms(demo_load)}; city {ms(city_load)} ({ms(city_load / max(1, args.pd))} per PD of "
          f"{args.sub} sub kegiatan)")
    # CPU time of this process alone (without the database server's): steadier than the clock on a shared machine
    print(f"load CPU time of this process: demo {ms(demo_cpu)}; city {ms(city_cpu)} "
          f"({ms(city_cpu / max(1, args.pd))} per PD)")
    per_plan = (city_row["view"] + city_row["rules"]) / max(1, args.pd)
    print(f"check one PD of the city (view + rules): {ms(per_plan)}")
    # As `renja check --pemda` runs it on the machine's cores: each plan read, checked and its findings stored
    # by one of the worker processes (the storing included, which the in-process figures above leave out).
    from renja.rules.batch import check_plans

    for workers in (1, 2):
        batch = check_plans([plan.pk for plan in city], workers=workers)
        print(f"city checked and stored by {batch.workers} process(es) (rules/batch.py): {ms(batch.seconds)}, "
              f"{batch.seconds / max(city_row['read'], 1e-9):.1f} × read rows; peak RSS of a worker "
              f"{batch.peak_worker_mib:,.0f} MiB")
    for row in rows:
        top, count = slowest_rules(row["views"])
        print(f"slowest of {count} rules on the {row['label'].split()[0]}: "
              + ", ".join(f"{rule_id} {ms(t)}" for rule_id, t in top))
    city_row["views"] = rows[0]["views"] = None
    peak_heap = traced_peak(city)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"memory: peak RSS of the process {max_rss:,.0f} MiB; peak Python heap while viewing and checking "
          f"the whole city (tracemalloc) {peak_heap / 2**20:,.0f} MiB")
    errors = city_row["severities"]["error"]
    if errors:
        print(f"note: the synthetic city is meant to be clean, yet rules found {errors} error(s).")


if __name__ == "__main__":
    main()
