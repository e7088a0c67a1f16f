"""The home page per role: exactly the plans a user may see, and exactly the ones waiting for them."""

import re

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renja.core.numbers import format_rupiah
from renja.plans.models import Renja, SubKegiatan
from renja.workflow.models import Transisi

from .people import load_plan, make_world

pytestmark = pytest.mark.django_db

S = Renja.Status


@pytest.fixture
def world():
    """a1 verified, a1_final returned twice, a2 submitted (Pemda A); b a draft (Pemda B)."""
    world = make_world(subs=3)
    plans = world.plans
    for name, status in {"a1": S.DIVERIFIKASI, "a1_final": S.DIKEMBALIKAN, "a2": S.DIAJUKAN, "b": S.DRAFT}.items():
        Renja.objects.filter(pk=plans[name].pk).update(status=status)
    verifier = world.users["verifikator_a"]
    Transisi.objects.create(renja=plans["a1_final"], dari=S.DIAJUKAN, ke=S.DIKEMBALIKAN, oleh=verifier,
                            peran="verifikator_bappeda", alasan="Alasan lama yang sudah diperbaiki")
    Transisi.objects.create(renja=plans["a1_final"], dari=S.DIAJUKAN, ke=S.DIKEMBALIKAN, oleh=verifier,
                            peran="verifikator_bappeda", alasan="Pagu sub kegiatan melebihi plafon")
    return world


def page(world, user_name):
    client = Client()
    client.force_login(world.users[user_name])
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html, section_id):
    """The HTML of <section id=…>, or None when the page has no such section."""
    match = re.search(rf'<section[^>]*id="{section_id}"[^>]*>(.*?)</section>', html, re.S)
    return match.group(1) if match else None


def listed(html, section_id):
    return {int(i) for i in re.findall(r'id="renja-(\d+)"', section(html, section_id) or "")}


def ids(world, *names):
    return {world.plans[n].id for n in names}


@pytest.mark.parametrize("user_name, mine, waiting", [
    ("operator_a1", ("a1", "a1_final"), ("a1_final",)),  # draft or returned
    ("pimpinan_a1", ("a1", "a1_final"), ("a1",)),  # verified, to be set
    ("operator_a2", ("a2",), ()),  # submitted: nothing to do
    ("verifikator_a", ("a1", "a1_final", "a2"), ("a2",)),  # submitted: to verify
    ("operator_b", ("b",), ("b",)),
    ("verifikator_b", ("b",), ()),
])
def test_each_role_sees_its_plans_and_what_waits_for_it(world, user_name, mine, waiting):
    html = page(world, user_name)
    assert listed(html, "renja-saya") == ids(world, *mine)
    assert listed(html, "menunggu") == ids(world, *waiting)
    if not waiting:
        assert "Tidak ada Renja yang menunggu tindakan Anda" in section(html, "menunggu")


def test_pd_roles_see_their_pd_plans_with_status_and_computed_total(world):
    html = page(world, "operator_a1")
    assert "Renja PD saya" in html
    for name in ("a1", "a1_final"):
        plan = world.plans[name]
        row = re.search(rf'<tr id="renja-{plan.id}">(.*?)</tr>', section(html, "renja-saya"), re.S).group(1)
        total = SubKegiatan.objects.filter(kegiatan__program__renja=plan).aggregate(t=Sum("pagu_n"))["t"]
        assert total > 0 and format_rupiah(total) in row
        assert str(plan.tahun) in row  # written as a year, not as 2.025
        plan.refresh_from_db()
        assert f'<span class="status status-{plan.status}">' in row
        assert reverse("web:renja", args=[plan.id]) in row
        assert reverse("web:dashboard", args=[plan.perangkat_daerah_id]) in row
    # newest year first, then the latest stage: the final plan before the draft of the same year
    mine = section(html, "renja-saya")
    assert mine.index(f'id="renja-{world.plans["a1_final"].id}"') < mine.index(f'id="renja-{world.plans["a1"].id}"')


def test_a_returned_plan_shows_its_latest_return_reason(world):
    waiting = section(page(world, "operator_a1"), "menunggu")
    assert "Pagu sub kegiatan melebihi plafon" in waiting
    assert "Alasan lama" not in waiting
    assert "Verifikator A" in waiting  # who returned it


def test_verifier_sees_pd_names_and_a_dashboard_link_per_pd(world):
    html = page(world, "verifikator_a")
    pd_a1, pd_a2 = world.plans["a1"].perangkat_daerah, world.plans["a2"].perangkat_daerah
    pd_b = world.plans["b"].perangkat_daerah
    assert "Menunggu verifikasi" in html
    pds = section(html, "perangkat-daerah")
    assert reverse("web:dashboard", args=[pd_a1.id]) in pds and reverse("web:dashboard", args=[pd_a2.id]) in pds
    assert reverse("web:dashboard", args=[pd_b.id]) not in html
    assert pd_a1.nama in section(html, "renja-saya") and pd_b.nama not in html


def test_admin_sees_every_plan_of_the_pemda_and_the_admin_link(world):
    html = page(world, "admin_a")
    assert listed(html, "renja-saya") == ids(world, "a1", "a1_final", "a2")
    assert section(html, "menunggu") is None
    assert 'href="/admin/"' in section(html, "akun")


def test_a_user_without_a_profile_is_told_to_ask_the_admin(world):
    html = page(world, "tanpa_peran")
    assert "belum memiliki peran" in html and "Admin Pemda" in html
    assert 'id="renja-' not in html


def test_the_home_page_needs_a_login():
    response = Client().get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_totals_take_one_query_whatever_the_number_of_plans(world):
    client = Client()
    client.force_login(world.users["verifikator_a"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("web:home")).status_code == 200
        return len(queries)

    before = count()
    load_plan(1, subs=3, tahap="final")
    load_plan(1, subs=3, tahap="rancangan_awal")
    assert Renja.objects.filter(perangkat_daerah=world.plans["a2"].perangkat_daerah).count() == 3
    assert count() == before
