"""What do kept pages cost? The tree, findings and dashboard pages on the first view of a data version and again.

    .venv/bin/python bench/kept_bench.py [--runs 5] [--sizes 10,400]

The pages keep what they make of a plan per data version in Django's cache (renja/web/kept.py). web_bench.py
times a page after a warm-up request, so it measures the kept page; this prints both: the first view of a
version (the cache emptied before each request: what the first page after an edit costs) and a view of a kept
one. Same database and plans as web_bench.py (the demo and one synthetic plan per size). Cells: median
wall-clock time, and the process's CPU time (less disturbed when other processes share the machine). Prints
figures; asserts nothing.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web_bench  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per measurement; the median is shown (5)")
    parser.add_argument("--sizes", default="10,400", help="sub kegiatan of the synthetic plans (10,400)")
    return parser.parse_args()


def timed(request, runs, empty_first):
    from django.core.cache import cache

    walls, cpus = [], []
    for _ in range(runs):
        if empty_first:
            cache.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        response = request()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, response.status_code
    return f"{statistics.median(walls) * 1000:,.0f} / {statistics.median(cpus) * 1000:,.0f} ms"


def main():
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    description, clean_up = web_bench.setup_database()
    try:
        from django.urls import reverse

        plans, _ = web_bench.load_plans(sizes)
        print(f"Renja kept pages — {description}")
        print(f"median of {args.runs} requests; cells: wall-clock / CPU time of the process, in ms")
        header = f"{'page':<22}{'plan':>16}{'first view of a version':>26}{'kept':>18}"
        print(header)
        print("-" * len(header))
        for plan in plans:
            pages = [("renja (operator)", plan.operator, reverse("web:renja", args=[plan.renja.pk])),
                     ("renja (verifikator)", plan.verifier, reverse("web:renja", args=[plan.renja.pk])),
                     ("temuan", plan.operator, reverse("web:temuan", args=[plan.renja.pk])),
                     ("dashboard", plan.operator,
                      reverse("web:dashboard", args=[plan.renja.perangkat_daerah_id]) + f"?tahun={plan.renja.tahun}")]
            for name, user, url in pages:
                client = web_bench.client_for(user)
                client.get(url)  # sessions, templates and the stored findings warmed up
                first = timed(lambda: client.get(url), args.runs, empty_first=True)
                kept = timed(lambda: client.get(url), args.runs, empty_first=False)
                print(f"{name:<22}{plan.label:>16}{first:>26}{kept:>18}")
    finally:
        clean_up()


if __name__ == "__main__":
    main()
