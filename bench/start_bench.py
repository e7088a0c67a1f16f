"""How fast is starting a Renja from the Renstra? `start_from_renstra` for a PD of 400 sub kegiatan.

    .venv/bin/python bench/start_bench.py [--sub 400] [--runs 5] [--realisasi 2]

Uses a database of its own like check_bench.py (a temporary SQLite file, or a new database beside the one
RENJA_DATABASE_URL names, dropped afterwards). Loads one PD of the synthetic city (`renja.demo.synth`: its plan of
2026 and its Renstra 2025–2029 with a matrix consistent with the plan), sets that plan in force with `--realisasi`
quarters of synthetic realisation (so the start reads the expected achievement of n-1 and its sumber dana), then
measures:

- **start** (`renstra.start.start_from_renstra`, the Rancangan Awal of 2027): median time and queries, each run
  rolled back;
- **Susun Renja** as the PD's operator (`POST /pd/<id>/susun-renja/`): one request, committed, with what the app does
  after the commit (the new plan's findings computed and stored).

Prints figures; asserts nothing. The target (issue 14): starting a Renja for a PD of 400 sub kegiatan ≤ 1 s.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web_bench import client_for, make_user, progress, setup_database  # noqa: E402

YEAR = 2026


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan of the PD (400)")
    parser.add_argument("--runs", type=int, default=5, help="runs of the start; the median is shown (5)")
    parser.add_argument("--realisasi", type=int, default=2, choices=range(5),
                        help="quarters of realisation on the plan of n-1 (2; 0: the plan stays a draft)")
    return parser.parse_args()


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        run(args, description)
    finally:
        clean_up()


def run(args, description):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from renja.demo.realisation import synthesize_realisation
    from renja.demo.synth import synthesize_city
    from renja.organizations.models import Profil
    from renja.plans.models import Renja, SubKegiatan
    from renja.renstra.models import BarisRenstra
    from renja.renstra.start import start_from_renstra

    print(f"Database: {description}")
    start = time.perf_counter()
    (plan,) = synthesize_city(pd_count=1, sub_per_pd=args.sub, year=YEAR,
                              progress=lambda done, total: progress("synthetic PD loaded"))
    loaded = time.perf_counter() - start
    if args.realisasi:
        synthesize_realisation(plan, quarters=args.realisasi)
    pd = plan.perangkat_daerah
    print(f"PD: {pd.nama}, {SubKegiatan.objects.filter(kegiatan__program__renja=plan).count()} sub kegiatan in "
          f"{YEAR}, {BarisRenstra.objects.filter(renstra__perangkat_daerah=pd).count()} Renstra matrix rows; loaded "
          f"(plan, Renstra and matrix) in {loaded:.2f} s; plan of {YEAR} "
          f"{'in force, ' + str(args.realisasi) + ' quarter(s) realised' if args.realisasi else 'a draft'}")

    def once():
        with transaction.atomic():
            report = start_from_renstra(pd, YEAR + 1)
            transaction.set_rollback(True)  # the next run starts the same plan again
        return report

    with CaptureQueriesContext(connection) as queries:
        report = once()
    query_count = len(queries)  # now: a request clears the log the context reads
    times = []
    for _ in range(args.runs):
        begin = time.perf_counter()
        once()
        times.append(time.perf_counter() - begin)
    counts = report.counts

    operator = make_user("operator_bench", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    client = client_for(operator)
    begin = time.perf_counter()
    response = client.post(reverse("web:susun_renja", args=[pd.pk]), {"tahun": YEAR + 1})
    request_ms = (time.perf_counter() - begin) * 1000
    made = Renja.objects.filter(perangkat_daerah=pd, tahun=YEAR + 1).count()

    print(f"\nStarted: {counts.get('program', 0)} program, {counts.get('kegiatan', 0)} kegiatan, "
          f"{counts.get('sub_kegiatan', 0)} sub kegiatan, {counts.get('indikator', 0)} indikator; "
          f"{len(report.unfilled)} line(s) of what could not be filled (no plan of {YEAR - 1}: no realisation n-2).")
    print(f"{'measure':<48} {'ms':>9} {'queries':>8}")
    print("-" * 67)
    print(f"{f'start_from_renstra (median of {args.runs}, rolled back)':<48} "
          f"{statistics.median(times) * 1000:>9,.1f} {query_count:>8}")
    print(f"{'  fastest / slowest':<48} {min(times) * 1000:>9,.1f} / {max(times) * 1000:,.1f}")
    status = "" if response.status_code == 302 and made == 1 else f" !{response.status_code}"
    print(f"{'POST susun-renja (committed, findings stored)' + status:<48} {request_ms:>9,.1f}")


if __name__ == "__main__":
    main()
