"""The tree, findings and dashboard pages keep what they make of a plan per data version (renja/web/kept.py): a
kept result is served only while nothing it shows has changed, and the tree's rows never to someone with other
rights than those they were made for."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from renja.core.numbers import format_rupiah
from renja.organizations.models import Profil
from renja.plans import versions
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.web.views import dashboard as dashboard_views
from renja.web.views import findings as findings_views
from renja.web.views import plan as plan_views

from .people import load_plan, make_user
from .test_rows import page_form

# Committed, as in a server: a page is kept only once its transaction commits (a test's is rolled back).
pytestmark = pytest.mark.django_db(transaction=True)


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
    """Which plans the pages read (shared_view), in order: a kept result reads nothing."""
    calls = []
    real = plan_views.shared_view

    def counting(renja, *args):
        calls.append(renja.pk)
        return real(renja, *args)

    for module in (plan_views, findings_views, dashboard_views):
        monkeypatch.setattr(module, "shared_view", counting)
    return calls


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def tree(client, renja):
    response = client.get(reverse("web:renja", args=[renja.id]))
    assert response.status_code == 200
    return response.content.decode()


def page(client, url):
    """The page's HTML without its CSRF tokens (masked anew on every response)."""
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


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
    anchor = f'<tr id="baris-sub-kegiatan-{first_sub(plan).id}" class="'
    assert anchor + "level-sub_kegiatan\"" in tree(client, plan)
    break_first_indicator(plan)
    html = tree(client, plan)
    assert anchor + "level-sub_kegiatan has-error\"" in html and "1 kesalahan" in html


@pytest.mark.parametrize("reader", ["verifier", "pimpinan"])
def test_a_reader_never_gets_the_editors_links_from_the_kept_page(plan, people, reader, builds):
    editor_html = tree(client_for(people["operator"]), plan)
    assert len(edit_links(editor_html, plan)) > 10
    reader_html = tree(client_for(people[reader]), plan)
    assert builds == [plan.pk]  # the reader's page came from what the editor's made
    assert edit_links(reader_html, plan) == [] and "Tambah sub kegiatan" not in reader_html
    assert reader_html.count(">Riwayat</a>") == editor_html.count(">Riwayat</a>")  # the history links stay
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


def break_first_indicator(renja):
    """Blank the targets of the first sub kegiatan's indicators (saved as the row editor saves them): an error."""
    sub = first_sub(renja)
    for indikator in Indikator.objects.filter(sub_kegiatan=sub):
        indikator.target_n_teks, indikator.target_n = "", None
        indikator.save()
    return sub


def test_the_findings_page_is_kept_and_shows_a_new_error_with_its_row_at_once(plan, people, builds):
    client = client_for(people["operator"])
    url = reverse("web:temuan", args=[plan.id])
    first = page(client, url)
    assert page(client, url) == first and builds == [plan.pk]
    sub = break_first_indicator(plan)
    html = page(client, url)
    assert len(builds) == 2 and html != first
    assert f'href="/renja/{plan.id}/#baris-sub-kegiatan-{sub.id}"' in html


def test_the_dashboard_is_kept_and_counts_a_new_error_at_once(plan, people, builds):
    client = client_for(people["operator"])
    url = reverse("web:dashboard", args=[plan.perangkat_daerah_id]) + f"?tahun={plan.tahun}"
    first = page(client, url)
    assert page(client, url) == first and builds == [plan.pk]
    sub = first_sub(plan)
    sub.pagu_n += 1_000_000
    sub.save()
    break_first_indicator(plan)
    html = page(client, url)
    assert len(builds) == 2 and html != first
    total = sum(s.pagu_n or 0 for s in SubKegiatan.objects.filter(kegiatan__program__renja=plan))
    assert format_rupiah(total) in html and format_rupiah(total - 1_000_000) not in html


def test_nothing_made_inside_a_transaction_that_rolls_back_is_kept(plan, people):
    with transaction.atomic():
        sub = first_sub(plan)
        sub.lokasi = "Kecamatan Batal"
        sub.save()
        number = versions.current(plan)
        assert "Kecamatan Batal" in plan_views.tree_body(plan).rows_html(editable=True)
        transaction.set_rollback(True)
    sub = first_sub(plan)
    sub.lokasi = "Kecamatan Jadi"
    sub.save()
    assert versions.current(plan) == number  # the number given back is taken by other data
    html = tree(client_for(people["operator"]), plan)
    assert "Kecamatan Jadi" in html and "Kecamatan Batal" not in html


def test_the_pemantauan_charts_are_kept_per_quarter_and_axis_and_a_saved_realisation_shows_at_once(monkeypatch):
    from renja.monitoring import entry, progress
    from renja.web.views import monitoring as monitoring_views

    from .test_query_counts import _in_force_with_realisation

    plan = _in_force_with_realisation(load_plan(0, subs=10))
    pd = plan.perangkat_daerah
    client = client_for(make_user("operator_pantau", Profil.Peran.OPERATOR_PD, pd.pemda, pd))
    made = []
    real = monitoring_views.progress_body
    monkeypatch.setattr(monitoring_views, "progress_body", lambda *args: made.append(args[1:]) or real(*args))
    url = reverse("web:pemantauan", args=[plan.id])
    first = page(client, url)
    assert page(client, url) == first and len(made) == 1  # the second view made nothing
    by_percent = page(client, url + "?sumbu=persen")
    assert by_percent != first and len(made) == 2  # another axis is another body
    sub = first_sub(plan)
    entry.save_realisation(sub, 3, {"keuangan": "1.234.567", "fisik": "70"}, versi=0)
    total = format_rupiah(progress.build_progress(plan).triwulan[2].realisasi)
    assert total not in first and f"Rp {total}" in page(client, url)
    assert len(made) == 3


def test_the_realisation_table_is_kept_apart_for_editors_and_readers_and_shows_a_save_at_once(monkeypatch):
    from renja.monitoring import entry
    from renja.web.views import realisation as realisation_views

    from .test_query_counts import _in_force_with_realisation

    plan = _in_force_with_realisation(load_plan(0, subs=10))
    pd = plan.perangkat_daerah
    operator = client_for(make_user("operator_realisasi", Profil.Peran.OPERATOR_PD, pd.pemda, pd))
    reader = client_for(make_user("verifikator_realisasi", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda))
    made = []
    real = realisation_views.quarter_body
    monkeypatch.setattr(realisation_views, "quarter_body", lambda *args: made.append(args[1:]) or real(*args))
    url = reverse("web:realisasi", args=[plan.id, 3])
    first = page(operator, url)
    assert page(operator, url) == first and len(made) == 1
    read = page(reader, url)
    assert len(made) == 2 and "Isi realisasi" in first and "Isi realisasi" not in read and "Rincian" in read
    entry.save_realisation(first_sub(plan), 3, {"keuangan": "7.654.321", "fisik": "70"}, versi=0)
    assert "7.654.321" not in first and "7.654.321" in page(operator, url) and len(made) == 3
