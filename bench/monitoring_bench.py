"""How fast is monitoring? The progress of one plan and the city's ranking, over a synthetic city with four
quarters of realisation.

    .venv/bin/python bench/monitoring_bench.py [--pd 40] [--sub 400] [--runs 3] [--quarters 4]

Uses a database of its own like check_bench.py (a temporary SQLite file, or a new database beside the one
RENJA_DATABASE_URL names, dropped afterwards). Loads a synthetic city (`renja.demo.synth`), sets every plan in
force and gives it synthetic realisation (`renja.demo.realisation`; every fifth PD lags), then measures:

- **progress of one plan** (`monitoring.progress.build_progress`) for the first PD: median time and queries;
- **city ranking** (`monitoring.progress.city_ranking`) of every PD: median time and queries;
- the monitoring pages (`pemantauan`, `peringkat`, `realisasi` of the quarter) as the first PD's operator,
  when those URLs exist: median time and queries;
- the peak RSS of the process.

Times are the median wall clock and the median CPU time of this process (SQLite's work included; a fairer
figure when other processes share the machine). Prints figures; asserts nothing.
"""

import argparse
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web_bench import client_for, make_user, progress, setup_database  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pd", type=int, default=40, help="Perangkat Daerah in the city (40)")
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan per PD (400)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (3)")
    parser.add_argument("--quarters", type=int, default=4, help="quarters of realisation (4)")
    return parser.parse_args()


def timed(call, runs):
    """(median ms, median CPU ms of this process, queries of one call, the last result). The CPU time counts
    SQLite's work too (it runs in this process) and little of what other processes on the machine do."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = call()
    count = len(queries)  # now: a later request clears the query log (request_started → reset_queries)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000, count, result


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        run(args, description)
    finally:
        clean_up()


def run(args, description):
    from django.urls import NoReverseMatch, reverse

    from renja.demo.realisation import synthesize_realisation
    from renja.demo.synth import synthesize_city
    from renja.monitoring.models import RealisasiSubKegiatan
    from renja.monitoring.progress import build_progress, city_ranking
    from renja.organizations.models import Profil

    print(f"Database: {description}")
    start = time.perf_counter()
    plans = synthesize_city(pd_count=args.pd, sub_per_pd=args.sub,
                            progress=lambda done, total: progress(f"city: {done}/{total} PD loaded"))
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    for index, renja in enumerate(plans):
        synthesize_realisation(renja, quarters=args.quarters, seed=1,
                               lag=Decimal("0.5") if index % 5 == 4 else Decimal(0))
    realisation_s = time.perf_counter() - start
    rows = RealisasiSubKegiatan.objects.count()
    print(f"City: {args.pd} PD × ~{args.sub} sub kegiatan loaded in {load_s:.1f} s; "
          f"{rows:,} quarterly realisation rows written in {realisation_s:.1f} s")

    first = plans[0]
    figures = []
    ms, cpu, queries, plan_progress = timed(lambda: build_progress(first), args.runs)
    figures.append(("progress of one plan", ms, cpu, queries))
    pemda = first.perangkat_daerah.pemda
    ms, cpu, queries, ranking = timed(lambda: city_ranking(pemda, first.tahun), args.runs)
    figures.append((f"city ranking ({len(ranking)} PD)", ms, cpu, queries))
    lagging = sum(1 for p in ranking if p.peringatan and p.peringatan.terlambat)

    operator = make_user("operator_bench", Profil.Peran.OPERATOR_PD, pemda, first.perangkat_daerah)
    client = client_for(operator)
    pages = {"pemantauan": {"renja_id": first.pk}, "peringkat": {},
             "realisasi": {"renja_id": first.pk, "triwulan": args.quarters}}
    for name, kwargs in pages.items():
        try:
            url = reverse(f"web:{name}", kwargs=kwargs)
        except NoReverseMatch:
            print(f"(page {name} not in this version)")
            continue
        ms, cpu, queries, response = timed(lambda url=url: client.get(url), args.runs)
        status = "" if response.status_code == 200 else f" !{response.status_code}"
        figures.append((f"page {name}{status}", ms, cpu, queries))

    print(f"\nMedian of {args.runs} runs; the first plan has {plan_progress.pagu:,} Rp pagu, "
          f"last quarter {plan_progress.triwulan_terakhir}; {lagging} of {len(ranking)} PD flagged as lagging.")
    print(f"{'measure':<32} {'ms':>9} {'CPU ms':>9} {'queries':>8}")
    print("-" * 61)
    for label, ms, cpu, queries in figures:
        print(f"{label:<32} {ms:>9,.1f} {cpu:>9,.1f} {queries:>8}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak RSS: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
