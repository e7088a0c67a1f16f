"""How fast is the open data of a whole city? The Pemda-year package (ZIP: datapackage.json and every CSV) of the
synthetic city, its plans set (Ditetapkan), through the real URL, and its parts.

    .venv/bin/python bench/opendata_bench.py [--pd 40] [--sub 400] [--runs 3] [--seed 1]

The database is a temporary SQLite file, or, when RENJA_DATABASE_URL is set, a new database beside the one it
names (created for the run and dropped after it), as in check_bench.py. Prints wall clock and CPU time of this
process (with PostgreSQL the server's share is not in the CPU figure); asserts nothing; see bench/README.md.
Target (issue 17): the city's package (16,000 sub kegiatan) ≤ 3 s.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from check_bench import median_times, ms, setup_database  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pd", type=int, default=40, help="Perangkat Daerah in the synthetic city (40)")
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan per PD (400)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic city (1)")
    parser.add_argument("--quarters", type=int, default=2, help="quarters of synthetic realisation per plan (2)")
    return parser.parse_args()


def server_cpu():
    """CPU seconds the PostgreSQL backend of this connection has used, when the server runs on this machine
    (its /proc entry readable); None otherwise (SQLite runs inside the process: its share is in the CPU column)."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    args = parse_args()
    description, clean_up = setup_database("renja.settings.test")  # the index page needs no collected static files
    try:
        report(args, description)
    finally:
        clean_up()


def report(args, description):
    from django.test import Client
    from django.urls import reverse

    from renja.demo.realisation import synthesize_realisation
    from renja.demo.synth import synthesize_city
    from renja.opendata import export
    from renja.plans.models import Renja, SubKegiatan

    print(f"Open data benchmark — {description}; median of {args.runs} runs", flush=True)
    start, cpu = time.perf_counter(), time.process_time()
    plans = synthesize_city(pd_count=args.pd, sub_per_pd=args.sub, seed=args.seed)
    Renja.objects.filter(pk__in=[p.pk for p in plans]).update(status=Renja.Status.DITETAPKAN)
    for renja in plans:  # the realisation tables filled, as a city's would be mid-year
        if args.quarters:
            synthesize_realisation(renja, quarters=args.quarters, seed=args.seed)
    print(f"city loaded: {args.pd} PD, {SubKegiatan.objects.count():,} sub kegiatan, {args.quarters} quarters of "
          f"realisation, in "
          f"{ms(time.perf_counter() - start)} (CPU {ms(time.process_time() - cpu)})\n")
    pemda_id, tahun = plans[0].perangkat_daerah.pemda_id, plans[0].tahun
    client = Client(HTTP_HOST="localhost")
    # one connection for the whole run (as Django's test runner keeps it), so the server's CPU is that backend's
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    year_plans = export.open_plans().filter(perangkat_daerah__pemda_id=pemda_id, tahun=tahun)

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)
        return run

    def build():
        return export.tables(year_plans)

    measurements = [
        ("tables (all rows, 5 tables)", lambda: sum(len(t.rows) for t in build())),
        ("CSV of every table", lambda: sum(len(export.csv_bytes(t)) for t in build())),
        ("GET Pemda-year paket.zip (package + CSVs)", get(reverse("data:pemda_zip", args=[pemda_id, tahun]))),
        ("GET Pemda-year sub_kegiatan.csv", get(reverse("data:pemda_csv", args=[pemda_id, tahun, "sub_kegiatan"]))),
        ("GET Pemda-year renja.json", get(reverse("data:pemda_json", args=[pemda_id, tahun]))),
        ("GET one plan's paket.zip", get(reverse("data:renja_zip", args=[plans[0].pk]))),
        ("GET /data/ (the index)", get(reverse("data:index"))),
    ]
    server = server_cpu() is not None
    print(f"{'measurement':<46}{'wall':>10}{'CPU':>10}" + (f"{'PG CPU':>10}" if server else "") + f"{'result':>18}")
    print("-" * (94 if server else 84))
    for what, function in measurements:
        before = server_cpu()
        seconds, result, cpu_seconds = median_times(function, args.runs)
        pg = f"{ms((server_cpu() - before) / args.runs):>10}" if server else ""  # the mean of the runs
        unit = "rows" if what.startswith("tables") else "bytes"
        print(f"{what:<46}{ms(seconds):>10}{ms(cpu_seconds):>10}{pg}{result:>12,} {unit}", flush=True)


if __name__ == "__main__":
    main()
