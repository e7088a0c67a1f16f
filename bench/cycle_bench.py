"""How fast is Bappeda's side of the cycle? The status board and the compiled RKPD of a synthetic city.

    .venv/bin/python bench/cycle_bench.py [--pd 20] [--sub 100] [--runs 3]

Uses a database of its own like check_bench.py (a temporary SQLite file, or a new database beside the one
RENJA_DATABASE_URL names, dropped afterwards). Loads a synthetic city (`renja.demo.synth`), stores every plan's
findings (as the app does after each change), gives every PD a stage ceiling, then measures:

- **status board** (`workflow.board.status_board`) and **compiled RKPD** (`plans.rkpd.compile_rkpd`): median
  time and queries;
- the pages `papan`, `rkpd`, `plafon` and `jadwal` as the Pemda's verifier, and the RKPD workbook download
  (`unduh_rkpd` xlsx: the request, which finds or enqueues the background task and answers with its progress
  page, and `rkpd_status`): median time and queries;
- the RKPD workbook as the background task makes it (`tasks/rkpd.py`: compile and write the XLSX).

Prints figures; asserts nothing. The target (issue 14): board and RKPD ≤ 300 ms for the city.
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


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pd", type=int, default=20, help="Perangkat Daerah in the city (20)")
    parser.add_argument("--sub", type=int, default=100, help="sub kegiatan per PD (100)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (3)")
    return parser.parse_args()


def timed(call, runs):
    """(median ms, queries of one call, the last result)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = call()
    count = len(queries)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, count, result


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        run(args, description)
    finally:
        clean_up()


def run(args, description):
    from django.urls import reverse

    from renja.demo.synth import synthesize_city
    from renja.organizations.models import PaguPlafon, Profil
    from renja.plans.models import SubKegiatan
    from renja.plans.rkpd import compile_rkpd
    from renja.rules import stored
    from renja.workflow.board import status_board

    print(f"Database: {description}")
    start = time.perf_counter()
    plans = synthesize_city(pd_count=args.pd, sub_per_pd=args.sub,
                            progress=lambda done, total: progress(f"city: {done}/{total} PD loaded"))
    for renja in plans:
        stored.refresh(renja)
    PaguPlafon.objects.bulk_create([PaguPlafon(perangkat_daerah=r.perangkat_daerah, tahun=r.tahun, tahap=r.tahap,
                                               pagu=1_000_000_000) for r in plans])
    subs = SubKegiatan.objects.count()
    print(f"City: {args.pd} PD, {subs:,} sub kegiatan, loaded and checked in {time.perf_counter() - start:.1f} s")

    first = plans[0]
    pemda, tahun = first.perangkat_daerah.pemda, first.tahun
    figures = []
    ms, queries, board = timed(lambda: status_board(pemda, tahun), args.runs)
    figures.append((f"status board ({len(board.lines)} PD)", ms, queries))
    ms, queries, rkpd = timed(lambda: compile_rkpd(pemda, tahun), args.runs)
    figures.append((f"compiled RKPD ({len(rkpd.pds)} PD)", ms, queries))

    verifier = make_user("verifikator_bench", Profil.Peran.VERIFIKATOR_BAPPEDA, pemda)
    client = client_for(verifier)
    pages = {"papan": [pemda.pk, tahun], "rkpd": [pemda.pk, tahun], "plafon": [pemda.pk, tahun, first.tahap],
             "jadwal": [pemda.pk, tahun], "unduh_rkpd": [pemda.pk, tahun, "xlsx"],
             "rkpd_status": [pemda.pk, tahun, "xlsx"]}
    for name, args_ in pages.items():
        url = reverse(f"web:{name}", args=args_)
        ms, queries, response = timed(lambda url=url: client.get(url), args.runs)
        status = "" if response.status_code == 200 else f" !{response.status_code}"
        figures.append((f"page {name}{status}", ms, queries))

    import tempfile

    from renja.documents.rkpd import write_xlsx

    with tempfile.TemporaryDirectory(prefix="renja-bench-rkpd-") as work:
        ms, queries, _ = timed(lambda: write_xlsx(compile_rkpd(pemda, tahun), Path(work) / "rkpd.xlsx"), args.runs)
    figures.append(("RKPD xlsx made by the task", ms, queries))

    print(f"\nMedian of {args.runs} runs; the city's pagu: {rkpd.total_n:,} Rp.")
    print(f"{'measure':<34} {'ms':>9} {'queries':>8}")
    print("-" * 53)
    for label, ms, queries in figures:
        print(f"{label:<34} {ms:>9,.1f} {queries:>8}")


if __name__ == "__main__":
    main()
