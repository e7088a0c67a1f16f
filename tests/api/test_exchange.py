"""GET /api/v1/renja/<id>/exchange: the document `renja export` writes; loaded into a fresh installation with
`renja load`, it gives the same totals."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

from renja.api.tokens import create_token
from renja.exchange.export import dump_json, export_document
from renja.plans.summary import build_summary
from tests.web.people import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def run_renja(home, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"RENJA_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(RENJA_HOME=str(home), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "renja.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_exchange_over_the_api_loads_into_a_fresh_database_with_the_same_totals(tmp_path):
    world = make_world(subs=6)
    plan = world.plans["a2"]
    _, raw = create_token(world.users["verifikator_a"])
    response = Client(HTTP_AUTHORIZATION=f"Token {raw}").get(f"/api/v1/renja/{plan.pk}/exchange")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response.content.decode() == dump_json(export_document(plan))  # what `renja export` writes
    path = tmp_path / "renja.json"
    path.write_bytes(response.content)
    loaded = run_renja(tmp_path / "fresh", "load", str(path))
    assert loaded.returncode == 0, loaded.stderr + loaded.stdout
    summary = run_renja(tmp_path / "fresh", "summary", "--json", "--pd", plan.perangkat_daerah.kode,
                        "--year", str(plan.tahun))
    assert summary.returncode == 0, summary.stderr
    there, here = json.loads(summary.stdout), build_summary(plan)
    assert there["total"]["pagu_n"] == here["total"]["pagu_n"] > 0
    assert there["total"]["pagu_n1"] == here["total"]["pagu_n1"]
    assert [(p["kode"], p["pagu_n"], p["jumlah_sub_kegiatan"]) for p in there["program"]] == \
        [(p["kode"], p["pagu_n"], p["jumlah_sub_kegiatan"]) for p in here["program"]]
    # another PD's plan: not there for a PD operator
    _, raw_b = create_token(world.users["operator_b"])
    assert Client(HTTP_AUTHORIZATION=f"Token {raw_b}").get(f"/api/v1/renja/{plan.pk}/exchange").status_code == 404
