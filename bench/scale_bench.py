"""A synthetic province on one database: load time, every `renja rollup` against a plain aggregate, the
province's check.

    .venv/bin/python bench/scale_bench.py [--pemda 10] [--pd 40] [--sub 400] [--realisasi 1] [--runs 3]
                                          [--workers N] [--no-check]

The database is a temporary SQLite file, or, when RENJA_DATABASE_URL is set, a new database beside the one it
names (created for the run and dropped after it), as bench/check_bench.py makes it. The province is loaded
with `synthesize_province` (the exchange loader's bulk path: COPY on PostgreSQL; on PostgreSQL by `--workers`
processes, a Pemda each, the core count by default), realisation is added for `--realisasi` quarters, then
each roll-up of renja/plans/rollups_sql.py is timed over the whole province (median of --runs, wall and CPU of
this process) beside `SELECT sum(pagu_n), sum(pagu_n1)` over the same sub kegiatan (joined to the chosen
plans), that plus the sum of their realisation, and the bare table; then every plan is checked and its findings
stored (`rules/batch.check_plans`, as `renja check --pemda`). The CPU of the loading workers and of a local
PostgreSQL server are printed beside the wall clock. Prints figures, asserts nothing.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from check_bench import median_times, ms, setup_database  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pemda", type=int, default=10, help="kabupaten/kota in the province (10)")
    parser.add_argument("--pd", type=int, default=40, help="Perangkat Daerah per Pemda (40)")
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan per PD (400)")
    parser.add_argument("--realisasi", type=int, default=1, help="quarters of synthetic realisation (1)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-check", dest="check", action="store_false",
                        help="leave out the province's check (`renja check --pemda`)")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes loading Pemdas at once (PostgreSQL; the core count by default)")
    return parser.parse_args()


def server_cpu():
    """CPU seconds the local PostgreSQL server has used so far (its processes and the backends that have
    ended), or None when the database is not a PostgreSQL server on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    import psutil

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        postmaster = psutil.Process(backend).parent()
        total = postmaster.cpu_times()
        seconds = total.user + total.system + total.children_user + total.children_system
        for child in postmaster.children():
            try:
                times = child.cpu_times()
            except psutil.Error:
                continue
            seconds += times.user + times.system
        return seconds
    except psutil.Error:  # another user's server, or not on this machine
        return None


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        report(args, description)
    finally:
        clean_up()


def report(args, description):
    from django.db import connection
    from django.db.models import Sum

    from renja.demo.realisation import synthesize_realisation_of
    from renja.demo.synth import synthesize_province
    from renja.monitoring.models import RealisasiSubKegiatan
    from renja.plans import rollups_sql
    from renja.plans.models import SubKegiatan

    print(f"database: {description}")
    print(f"province: {args.pemda} Pemda × {args.pd} PD × ~{args.sub} sub kegiatan, realisation {args.realisasi} "
          "quarter(s)")
    started, cpu = time.perf_counter(), time.process_time()
    last = [started]

    def progress(done, total):
        if done % max(1, total // 10) == 0 or done == total:
            now = time.perf_counter()
            print(f"  loaded {done}/{total} plans, {now - started:,.1f} s", flush=True)
            last[0] = now

    children, server = resource.getrusage(resource.RUSAGE_CHILDREN), server_cpu()
    plans = synthesize_province(args.pemda, args.pd, args.sub, seed=args.seed, progress=progress,
                                workers=args.workers)
    load_wall, load_cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the loading workers, once they have ended
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    server = server_cpu() - server if server is not None else None
    subs = SubKegiatan.objects.count()
    print(f"load: {subs:,} sub kegiatan in {len(plans)} plans: {load_wall:,.1f} s wall ({subs / load_wall:,.0f} "
          f"sub kegiatan/s); CPU: this process {load_cpu:,.1f} s, its loading workers {workers_cpu:,.1f} s, "
          + (f"the database server {server:,.1f} s" if server is not None else "the database server's not known"))
    if args.realisasi:
        started, cpu = time.perf_counter(), time.process_time()
        children, server = resource.getrusage(resource.RUSAGE_CHILDREN), server_cpu()
        synthesize_realisation_of(plans, quarters=args.realisasi, seed=args.seed, workers=args.workers)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        server = server_cpu() - server if server is not None else None
        print(f"realisation: {time.perf_counter() - started:,.1f} s wall; CPU: this process "
              f"{time.process_time() - cpu:,.1f} s, its workers {workers_cpu:,.1f} s"
              + (f", the database server {server:,.1f} s" if server is not None else ""))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    _, ids = rollups_sql.chosen_plans(rollups_sql.scope_pemda(None))

    def plain():
        return SubKegiatan.objects.filter(kegiatan__program__renja__in=ids).aggregate(
            n=Sum("pagu_n"), n1=Sum("pagu_n1"))

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT sum(pagu_n), sum(pagu_n1) FROM {SubKegiatan._meta.db_table}")
            return cursor.fetchone()

    def plain_both():  # the rows a roll-up reads: the sub kegiatan and their realisation
        return plain(), RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja__in=ids).aggregate(
            r=Sum("keuangan"))

    base, _, base_cpu = median_times(plain, args.runs)
    both, _, both_cpu = median_times(plain_both, args.runs)
    table, _, _ = median_times(bare, args.runs)
    print(f"plain aggregate of pagu over the same rows (joined to the plans): {ms(base)} wall, {ms(base_cpu)} CPU; "
          f"with the plain sum of their realisation: {ms(both)} wall, {ms(both_cpu)} CPU; bare table: {ms(table)}")
    for by in rollups_sql.BY:
        wall, result, cpu = median_times(lambda: rollups_sql.rollup(by), args.runs)
        print(f"rollup --by {by:<12} {ms(wall):>9} wall, {ms(cpu):>8} CPU, {wall / base:4.1f}× the plain pagu "
              f"aggregate, {wall / both:4.1f}× pagu + realisation, {len(result.rows):,} rows")
    one = next(p.kode for p in rollups_sql.scope_pemda(None) if p.jenis != "provinsi")  # a kabupaten/kota
    wall, result, cpu = median_times(lambda: rollups_sql.rollup("urusan", pemda=one), args.runs)
    print(f"rollup --pemda {one} --by urusan: {ms(wall)} wall, {ms(cpu)} CPU")
    # the province dashboard's figures (web:ringkasan): per Pemda, and per PD of one Pemda, with a breakdown
    province = rollups_sql.scope_pemda("99")
    single = rollups_sql.scope_pemda(one)
    for label, pemdas, by in (("province, per urusan", province, "urusan"),
                              ("province, per sumber dana", province, "sumber_dana"),
                              (f"Pemda {one} per PD, per urusan", single, "urusan")):
        wall, result, cpu = median_times(lambda: rollups_sql.overview(pemdas, by=by), args.runs)
        print(f"dashboard ({label}): {ms(wall)} wall, {ms(cpu)} CPU, {len(result.lines)} lines")
    if args.check:  # the province's check, as `renja check --pemda 99` runs it
        from renja.rules.batch import check_plans

        server = server_cpu()
        checked = check_plans(ids, workers=args.workers)
        server = server_cpu() - server if server is not None else None
        print(f"check of the province ({len(ids)} plans, {checked.workers} process(es)): {checked.seconds:,.1f} s wall"
              + (f", the database server {server:,.1f} s CPU" if server is not None else "")
              + f"; {checked.errors} error finding(s), {len(checked.failed)} plan(s) failed; peak RSS of a worker "
              f"{checked.peak_worker_mib:,.0f} MiB, of this process {checked.peak_caller_mib:,.0f} MiB")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"memory: peak RSS of the process {max_rss:,.0f} MiB")


if __name__ == "__main__":
    main()
