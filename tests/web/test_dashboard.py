"""The PD dashboard: pagu against the ceiling, n against n+1, pagu per program, the checker's verdict."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import User
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from renja.core.numbers import format_persen, format_rupiah
from renja.demo.setup import create_demo_users, load_demo_data
from renja.exchange.loader import load_file
from renja.organizations.models import PaguPlafon
from renja.plans.models import Program, Renja, SubKegiatan
from renja.rules.checker import check_renja
from tests.conftest import CLEAN_PLAN

from .people import make_user, make_world

pytestmark = pytest.mark.django_db

DEMO_TOTAL_N = 8_790_527_321
DEMO_CEILING = 10_922_004_616


@pytest.fixture
def demo():
    renja, _ = load_demo_data()
    create_demo_users(renja)
    client = Client()
    client.force_login(User.objects.get(username="operator"))
    return renja, client


def get(client, renja, **params):
    response = client.get(reverse("web:dashboard", args=[renja.perangkat_daerah_id]), params)
    assert response.status_code == 200
    return response.content.decode()


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_demo_total_against_the_ceiling(demo):
    renja, client = demo
    html = get(client, renja)
    assert re.search(r'id="total-n">Rp 8\.790\.527\.321<', html)
    assert re.search(r'id="plafon">Rp 10\.922\.004\.616<', html)
    assert 'class="meter"' in html  # not "meter over"
    assert "melebihi pagu plafon" not in html
    assert f"sisa Rp {format_rupiah(DEMO_CEILING - DEMO_TOTAL_N)}" in text(html)
    share = (Decimal(DEMO_TOTAL_N) * 100 / DEMO_CEILING).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert "width:80.48%" in html and format_persen(share) == "80,48 %" and "80,48 %" in html


def test_over_the_ceiling_the_excess_is_stated_in_red(demo):
    renja, client = demo
    PaguPlafon.objects.filter(perangkat_daerah=renja.perangkat_daerah, tahun=renja.tahun).update(pagu=8_000_000_000)
    html = get(client, renja)
    assert 'class="meter over"' in html and "width:100.00%" in html
    message = re.search(r'<p class="error" id="melebihi">(.*?)</p>', html, re.S).group(1)
    assert "melebihi pagu plafon sebesar Rp 790.527.321" in text(message)


def test_n_against_n1_and_growth(demo):
    renja, client = demo
    totals = SubKegiatan.objects.filter(kegiatan__program__renja=renja).aggregate(n=Sum("pagu_n"), n1=Sum("pagu_n1"))
    assert totals["n"] == DEMO_TOTAL_N
    html = get(client, renja)
    assert f'id="total-n1">Rp {format_rupiah(totals["n1"])}<' in html
    growth = (Decimal(totals["n1"] - totals["n"]) * 100 / totals["n"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert f'id="pertumbuhan">{format_persen(growth)}<' in html


def test_pagu_per_program_bars_carry_the_computed_totals(demo):
    renja, client = demo
    html = get(client, renja)
    rows = re.findall(r'<tr class="program-bar">(.*?)</tr>', html, re.S)
    programs = list(Program.objects.filter(renja=renja).order_by("urutan"))
    assert len(rows) == len(programs) == 8
    sums = [SubKegiatan.objects.filter(kegiatan__program=p).aggregate(n=Sum("pagu_n"), n1=Sum("pagu_n1"))
            for p in programs]
    amounts = [(s["n"] or 0, s["n1"] or 0) for s in sums]
    largest = max(max(pair) for pair in amounts)  # one scale for every bar, n and n+1
    for row, program, (n, n1) in zip(rows, programs, amounts):
        assert program.nama[:30] in row
        assert re.search(rf'class="num pagu-n">{re.escape(format_rupiah(n))}<', row), program.nama
        assert re.search(rf'class="num pagu-n1">{re.escape(format_rupiah(n1))}<', row), program.nama
        assert f'class="bar" style="width:{Decimal(n) * 100 / largest:.2f}%"' in row
        assert f'class="bar n1" style="width:{Decimal(n1) * 100 / largest:.2f}%"' in row
    assert "width:100.00%" in "".join(rows)
    assert sum(n for n, _ in amounts) == DEMO_TOTAL_N
    assert sum(int(re.sub(r"\D", "", re.search(r'class="num pagu-n">([\d.]*)<', r).group(1)) or 0)
               for r in rows) == DEMO_TOTAL_N



def test_the_summary_totals_are_the_views(demo):
    from renja.plans.view import build_view
    from renja.web.views.dashboard import plan_summary

    renja, _ = demo
    view = build_view(renja)
    summary = plan_summary(renja)
    assert (summary["total_n"], summary["total_n1"]) == (view.total_n, view.total_n1) and view.total_n == DEMO_TOTAL_N
    assert [(b["n"], b["n1"]) for b in summary["bars"]] == [(p.total_n, p.total_n1) for p in view.programs]

def test_checker_status_and_links(demo):
    renja, client = demo
    html = get(client, renja)
    errors = sum(1 for f in check_renja(renja) if f.severity == "error")
    assert errors > 100
    assert f"{errors} kesalahan" in html and "Siap diajukan" not in html
    assert f'<span class="status status-{renja.status}">' in html
    for url in (reverse("web:renja", args=[renja.id]), reverse("web:temuan", args=[renja.id]),
                reverse("web:unduh", args=[renja.id, "xlsx"])):
        assert url in html


def test_a_clean_plan_is_ready_to_submit():
    renja = load_file(CLEAN_PLAN).renja
    pd = renja.perangkat_daerah
    client = Client()
    client.force_login(make_user("op_bersih", "operator_pd", pd.pemda, pd))
    html = get(client, renja)
    assert "Siap diajukan" in html and "0 kesalahan" not in html


def test_years_and_stages():
    """The latest year by default, ?tahun= for another; of one year the latest stage, ?tahap= for another."""
    world = make_world(subs=2)
    a1, a1_final = world.plans["a1"], world.plans["a1_final"]
    client = Client()
    client.force_login(world.users["operator_a1"])
    # same year: the final plan is preferred over the draft stage
    assert f'href="{reverse("web:renja", args=[a1_final.id])}"' in get(client, a1)
    html = get(client, a1, tahun=a1.tahun, tahap="rancangan")
    assert f'href="{reverse("web:renja", args=[a1.id])}"' in html
    # a plan of an earlier year: the latest year is the default, the year list links to the other
    Renja.objects.filter(pk=a1_final.pk).update(tahun=a1.tahun - 1)
    html = get(client, a1)
    assert f'href="{reverse("web:renja", args=[a1.id])}"' in html
    assert f'href="?tahun={a1.tahun - 1}"' in html
    html = get(client, a1, tahun=a1.tahun - 1)
    assert f'href="{reverse("web:renja", args=[a1_final.id])}"' in html
    assert "Tidak ada Renja" in get(client, a1, tahun=1999)


@pytest.mark.parametrize("user_name, pd_plan, status", [
    ("operator_a1", "a1", 200), ("operator_a1", "a2", 404), ("operator_a1", "b", 404),
    ("pimpinan_a1", "a2", 404), ("verifikator_a", "a2", 200), ("verifikator_a", "b", 404),
    ("admin_a", "a1", 200), ("operator_b", "a1", 404), ("tanpa_peran", "a1", 404),
])
def test_only_visible_pds_have_a_dashboard(user_name, pd_plan, status):
    world = make_world(subs=2)
    client = Client()
    client.force_login(world.users[user_name])
    pd = world.plans[pd_plan].perangkat_daerah
    response = client.get(reverse("web:dashboard", args=[pd.id]))
    assert response.status_code == status
    if status == 404:
        assert pd.nama not in response.content.decode()
