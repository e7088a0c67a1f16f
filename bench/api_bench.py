"""How fast is the plan's tree over the API? GET /api/v1/renja/<id>/pohon/ of a synthetic plan of 400 sub
kegiatan (renja.demo.synth), with a personal token, through django.test.Client.

    .venv/bin/python bench/api_bench.py [--runs 11] [--sub 400]

A database of its own (check_bench.setup_database: a temporary SQLite file, or a new database beside the one
RENJA_DATABASE_URL names, dropped afterwards), the test settings. Prints the median wall-clock and CPU time
(time.process_time: steadier on a shared machine) of --runs requests, the number of SQL queries of one, and the
size of the answer; also the summary, findings and the quarter's realisation for comparison. Asserts nothing.
Target: the tree ≤ 150 ms, its query count the same whatever the plan's size.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import check_bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--sub", type=int, default=400)
    args = parser.parse_args()
    hosts = [h for h in os.environ.get("RENJA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
    os.environ["RENJA_ALLOWED_HOSTS"] = ",".join(dict.fromkeys(hosts + ["testserver"]))
    description, clean_up = check_bench.setup_database("renja.settings.test")
    try:
        run(args, description)
    finally:
        clean_up()


def run(args, description):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from renja.api.tokens import create_token
    from renja.plans.models import SubKegiatan
    from tests.web.people import load_plan, make_user

    settings.RENJA_API_RATE = "1000000/min"
    print(f"Renja API bench: {description}")
    sizes = sorted({10, args.sub})
    for index, size in enumerate(sizes):
        plan = load_plan(index, subs=size)
        subs = SubKegiatan.objects.filter(kegiatan__program__renja=plan).count()
        user = make_user(f"operator_{size}", "operator_pd", plan.perangkat_daerah.pemda, plan.perangkat_daerah)
        _, raw = create_token(user)
        client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
        for path in ("pohon/", "ringkasan/", "temuan/", "realisasi/1/"):
            url = f"/api/v1/renja/{plan.pk}/{path}"
            client.get(url)  # warm: the findings are stored on first read, the token's last use written
            walls, cpus = [], []
            for _ in range(args.runs):
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            print(f"  {subs:4d} sub kegiatan  {path:14s} median {statistics.median(walls) * 1000:7.1f} ms wall, "
                  f"{statistics.median(cpus) * 1000:7.1f} ms CPU, {len(queries):3d} queries, "
                  f"{len(response.content) / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
