"""The plan tree keeps its rendered rows per data version (web.views.plan.tree_body): a kept page is served
only while nothing it shows has changed, and never to someone with other rights than the one it was made for."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from renja.organizations.models import Profil
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.web.views import plan as plan_views

from .people import load_plan, make_user
from .test_rows import page_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return load_plan(0, subs=10)


@pytest.fixture
def people(plan):
    pd = plan.perangkat_daerah
    role = Profil.Peran
    return {
        "operator": make_user("operator_satu", role.OPERATOR_PD, pd.pemda, pd),
        "verifier": make_user("verifikator", role.VERIFIKATOR_BAPPEDA, pd.pemda),
        "pimpinan": make_user("pimpinan_satu", role.PIMPINAN_PD, pd.pemda, pd),
    }


@pytest.fixture
def builds(monkeypatch):
    """How many times the tree read the plan from the database (a kept page reads nothing of it)."""
    calls = []
    real = plan_views.build_view

    def counting(renja):
        calls.append(renja.pk)
        return real(renja)

    monkeypatch.setattr(plan_views, "build_view", counting)
    return calls


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def tree(client, renja):
    response = client.get(reverse("web:renja", args=[renja.id]))
    assert response.status_code == 200
    return response.content.decode()


def rows_part(html):
    return html[html.index("<tbody>"):html.index("</tbody>")]


def edit_links(html, renja):
    return re.findall(rf'href="/renja/{renja.id}/baris/[a-z-]+/\d+/"', html)


def first_sub(renja):
    return SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id").first()


def test_a_second_view_of_an_unchanged_plan_is_the_kept_one(plan, people, builds):
    client = client_for(people["operator"])
    first = tree(client, plan)
    second = tree(client, plan)
    assert builds == [plan.pk]  # the second page did not read the plan again
    assert rows_part(second) == rows_part(first) and len(edit_links(second, plan)) > 10


def test_an_edit_through_the_app_shows_at_once_on_the_next_get(plan, people, builds):
    client = client_for(people["operator"])
    sub = first_sub(plan)
    assert "Kecamatan Sukamaju" not in tree(client, plan)
    url = reverse("web:baris", args=[plan.id, "sub-kegiatan", sub.id])
    data = page_form(client.get(url), url)
    data.update(pagu_n=["1.250.000.000"], lokasi=["Kecamatan Sukamaju"])
    response = client.post(url, data)
    assert response.status_code == 302

    html = tree(client, plan)
    row = re.search(rf'<tr id="baris-sub-kegiatan-{sub.id}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "Kecamatan Sukamaju" in row and "1.250.000.000" in row
    assert len(builds) == 2


def test_a_new_checker_error_is_marked_on_the_next_get(plan, people):
    client = client_for(people["operator"])
    sub = first_sub(plan)
    anchor = f'<tr id="baris-sub-kegiatan-{sub.id}" class="'
    assert anchor + "level-sub_kegiatan\"" in tree(client, plan)
    for indikator in Indikator.objects.filter(sub_kegiatan=sub):
        indikator.target_n_teks, indikator.target_n = "", None
        indikator.save()
    html = tree(client, plan)
    assert anchor + "level-sub_kegiatan has-error\"" in html and "1 kesalahan" in html


@pytest.mark.parametrize("reader", ["verifier", "pimpinan"])
def test_a_reader_never_gets_the_editors_links_from_the_kept_page(plan, people, reader):
    editor_html = tree(client_for(people["operator"]), plan)
    assert len(edit_links(editor_html, plan)) > 10
    reader_html = tree(client_for(people[reader]), plan)
    assert edit_links(reader_html, plan) == [] and "Tambah sub kegiatan" not in reader_html
    # and the other way round: the reader's kept page does not take the editor's links away
    assert len(edit_links(tree(client_for(people["operator"]), plan), plan)) == len(edit_links(editor_html, plan))


def test_a_plan_that_becomes_read_only_loses_its_edit_links_at_once(plan, people):
    client = client_for(people["operator"])
    assert edit_links(tree(client, plan), plan)
    # a bulk update sends no signal, so the data version stays: the right to edit is part of the key all the same
    Renja.objects.filter(pk=plan.pk).update(status=Renja.Status.DITETAPKAN)
    html = tree(client, plan)
    assert edit_links(html, plan) == [] and "hanya baca" in html


def test_two_plans_never_share_a_kept_page(plan, people):
    other = load_plan(0, subs=3, tahap="final")  # same PD and year: the same data version
    client = client_for(people["operator"])
    first, second = tree(client, plan), tree(client, other)
    assert f"/renja/{plan.id}/baris/" in first and f"/renja/{plan.id}/baris/" not in second
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=other).count()
    assert subs != SubKegiatan.objects.filter(kegiatan__program__renja=plan).count()
    assert rows_part(second).count('<tr id="baris-sub-kegiatan-') == subs
