"""History pages: the plan's workflow steps with reasons and row comments; every change of a row's fields
(who, when, old → new), of its indicators and of its sumber dana; created and deleted rows."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renja.exchange.loader import load_file
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from renja.reference.models import SumberDana
from renja.workflow.models import KomentarBaris, Transisi
from tests.conftest import CLEAN_PLAN

from .people import make_world

pytestmark = pytest.mark.django_db

NO_PREDECESSOR = "nilai awal tidak tercatat (dimuat dari berkas)"


@pytest.fixture
def plan():
    """The clean plan, its operator (Siti Operator), a verifier, and a client logged in as the operator."""
    from .people import make_user

    renja = load_file(CLEAN_PLAN).renja
    pd = renja.perangkat_daerah
    operator = make_user("siti", "operator_pd", pd.pemda, pd)
    operator.first_name, operator.last_name = "Siti", "Operator"
    operator.save()
    verifier = make_user("budi", "verifikator_bappeda", pd.pemda)
    verifier.first_name, verifier.last_name = "Budi", "Verifikator"
    verifier.save()
    client = Client()
    client.force_login(operator)
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=renja, kode="2.08.01.2.02.0001").get()
    return renja, sub, operator, verifier, client


def save(row, user, **values):
    """An edit as the app makes it: through the model's save, the user recorded by simple-history."""
    for name, value in values.items():
        setattr(row, name, value)
    row._history_user = user
    row.save()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def entries(html):
    return re.findall(r'<tr class="event-(\w+)" id="riwayat-([a-z-]+)-\d+">(.*?)</tr>\s*(?=<tr class="event-|</tbody>)',
                      html, re.S)


def changes(entry_html):
    """(label, old, new) of each change in an entry, tags and the "(kosong)" marker stripped."""
    found = []
    for label, old, new in re.findall(r'<th scope="row">(.*?)</th>\s*<td class="old">(.*?)</td>\s*<td>→</td>\s*'
                                      r'<td class="new">(.*?)</td>', entry_html, re.S):
        found.append(tuple(" ".join(re.sub(r"<[^>]+>", "", x).replace("(kosong)", "").split())
                           for x in (label, old, new)))
    return found


def row_url(renja, level, row):
    return reverse("web:riwayat_baris", args=[renja.id, level, row.id])


def edits(found):
    return [entry for entry in found if entry[0] != "dibuat"]


def test_a_row_loaded_from_a_file_starts_its_history_at_the_load(plan):
    renja, sub, *_, client = plan
    html = get(client, row_url(renja, "sub-kegiatan", sub))
    found = entries(html)
    assert sorted((event, kind) for event, kind, _ in found) == [("dibuat", "indikator"), ("dibuat", "sub-kegiatan")]
    assert all("dimuat dari berkas" in entry for *_, entry in found)
    assert ("pagu indikatif tahun n (Rp)", "", "350.000.000") in changes(found[-1][2]) + changes(found[0][2])
    # the plan's page says how many rows a load created, in one line, instead of listing each
    plan_html = get(client, reverse("web:riwayat", args=[renja.id]))
    rows = (Program.objects.filter(renja=renja).count() + Kegiatan.objects.filter(program__renja=renja).count()
            + SubKegiatan.objects.filter(kegiatan__program__renja=renja).count())
    indicators = (Indikator.objects.filter(program__renja=renja).count()
                  + Indikator.objects.filter(kegiatan__program__renja=renja).count()
                  + Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).count())
    assert entries(plan_html) == []
    assert f"{rows + indicators} baris dan indikator dimuat dari berkas" in plan_html


def test_a_row_stored_before_history_was_kept_shows_unknown_old_values(plan):
    renja, sub, operator, _, client = plan
    sub.history.all().delete()  # as rows stored before this version of Renja
    save(sub, operator, lokasi="Kecamatan Telanaipura")
    (event, _, first), = entries(get(client, row_url(renja, "sub-kegiatan", sub)))[:1]
    assert event == "diubah" and NO_PREDECESSOR in first
    first_changes = dict((label, (old, new)) for label, old, new in changes(first))
    assert first_changes["lokasi"] == (NO_PREDECESSOR, "Kecamatan Telanaipura")
    assert first_changes["pagu indikatif tahun n (Rp)"] == (NO_PREDECESSOR, "350.000.000")


def test_edits_show_who_when_field_old_and_new(plan):
    renja, sub, operator, _, client = plan
    save(sub, operator, lokasi="Kecamatan Telanaipura")  # compared with the values loaded from the file
    save(sub, operator, pagu_n=345_000_000, pagu_n_teks="345.000.000", lokasi="Kecamatan Kota Baru")
    html = get(client, row_url(renja, "sub-kegiatan", sub))
    found = edits(entries(html))
    assert [(event, kind) for event, kind, _ in found] == [("diubah", "sub-kegiatan"), ("diubah", "sub-kegiatan")]
    newest, first = found[0][2], found[1][2]
    assert "Siti Operator" in newest
    assert timezone.localtime(sub.history.latest().history_date).strftime("%H:%M:%S") in newest
    assert changes(newest) == [
        ("lokasi", "Kecamatan Telanaipura", "Kecamatan Kota Baru"),
        ("pagu indikatif tahun n (Rp)", "350.000.000", "345.000.000"),
        ("pagu n seperti tertulis", "350.000.000", "345.000.000"),
    ]
    # the first edit of a loaded row: only what changed, against the loaded value
    assert changes(first) == [("lokasi", "Kota Contoh", "Kecamatan Telanaipura")]


def test_sumber_dana_and_indicator_changes_are_in_the_row_history(plan):
    renja, sub, operator, _, client = plan
    save(sub, operator, catatan="awal")
    dau = SumberDana.objects.create(kode="DAU-UJI", nama="Dana Alokasi Umum")
    sub._history_user = operator
    sub.sumber_dana.add(dau)
    indicator = Indikator.objects.filter(sub_kegiatan=sub).first()
    save(indicator, operator, target_n_teks="40 Orang")
    save(indicator, operator, target_n=45, target_n_teks="45 Orang")
    html = get(client, row_url(renja, "sub-kegiatan", sub))
    found = edits(entries(html))
    assert [kind for _, kind, _ in found] == ["indikator", "indikator", "sub-kegiatan", "sub-kegiatan"]
    assert changes(found[2][2]) == [("sumber dana", "APBD", "APBD, Dana Alokasi Umum")]
    assert changes(found[0][2]) == [("target n seperti tertulis", "40 Orang", "45 Orang"), ("target n", "40", "45")]
    assert indicator.uraian[:40] in found[0][2]


def test_created_and_deleted_rows(plan):
    renja, sub, operator, _, client = plan
    new = SubKegiatan(kegiatan=sub.kegiatan, kode="2.08.01.2.02.0009", nama="Sub kegiatan baru", pagu_n=1_250_000)
    new._history_user = operator
    new.save()
    html = get(client, row_url(renja, "sub-kegiatan", new))
    (event, _, entry), = entries(html)
    assert event == "dibuat" and ("pagu indikatif tahun n (Rp)", "", "1.250.000") in changes(entry)
    url = row_url(renja, "sub-kegiatan", new)
    new._history_user = operator
    new.delete()
    assert Client().get(url).status_code == 302  # login first
    assert client.get(url).status_code == 404  # the row is gone
    html = get(client, reverse("web:riwayat", args=[renja.id]))
    events = [(event, e) for event, _, e in entries(html)]
    assert [event for event, _ in events] == ["dihapus", "dibuat"]
    assert "2.08.01.2.02.0009" in events[0][1] and "href" not in events[0][1].split("</td>")[2]


def test_plan_history_lists_field_changes_newest_first_with_links(plan):
    renja, sub, operator, _, client = plan
    kegiatan = Kegiatan.objects.filter(program__renja=renja).first()
    save(sub, operator, lokasi="A")
    save(kegiatan, operator, nama="Administrasi Keuangan (diperbaiki)")
    save(sub, operator, lokasi="B")
    html = get(client, reverse("web:riwayat", args=[renja.id]))
    found = entries(html)
    assert [kind for _, kind, _ in found] == ["sub-kegiatan", "kegiatan", "sub-kegiatan"]
    assert changes(found[0][2]) == [("lokasi", "A", "B")]
    assert f'href="{row_url(renja, "sub-kegiatan", sub)}"' in found[0][2]
    assert f'href="{row_url(renja, "kegiatan", kegiatan)}"' in found[1][2]
    assert "Siti Operator" in found[0][2]


def test_plan_history_is_paginated_and_its_queries_do_not_grow_with_the_records(plan):
    renja, sub, operator, _, client = plan
    url = reverse("web:riwayat", args=[renja.id])
    subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja))
    for i in range(3):
        save(subs[i % len(subs)], operator, lokasi=f"Lokasi {i}")

    def count(page_url):
        with CaptureQueriesContext(connection) as queries:
            html = get(client, page_url)
        return len(queries), html

    few, _ = count(url)
    for i in range(3, 62):
        save(subs[i % len(subs)], operator, lokasi=f"Lokasi {i}")
    many, html = count(url)
    assert many <= few + 2, (few, many)
    assert len(entries(html)) == 50 and "Halaman 1 dari 2" in html
    page2 = get(client, url + "?halaman=2")
    assert len(entries(page2)) == 12
    # the oldest edit of each row is on the last page; the newest edit is first on page 1
    assert changes(entries(html)[0][2])[0][2] == "Lokasi 61"
    assert NO_PREDECESSOR not in page2 and "Kota Contoh" in page2  # the oldest edits replaced loaded values


def test_workflow_history_with_reasons_and_row_comments(plan):
    renja, sub, operator, verifier, client = plan
    Transisi.objects.create(renja=renja, dari="draft", ke="diajukan", oleh=operator, peran="operator_pd")
    back = Transisi.objects.create(renja=renja, dari="diajukan", ke="dikembalikan", oleh=verifier,
                                   peran="verifikator_bappeda", alasan="Indikator sub kegiatan belum terukur")
    KomentarBaris.objects.create(transisi=back, sub_kegiatan=sub, kode=sub.kode, nama=sub.nama,
                                 teks="Target harus berupa angka dan satuan")
    Renja.objects.filter(pk=renja.pk).update(status="dikembalikan")
    html = get(client, reverse("web:riwayat", args=[renja.id]))
    workflow = re.search(r'<section class="card" id="alur">(.*?)</section>', html, re.S).group(1)
    steps = re.findall(r'<tr id="langkah-(\d+)">(.*?)</tr>', workflow, re.S)
    assert [int(i) for i, _ in steps] == [back.id, back.id - 1]  # newest first
    newest = steps[0][1]
    assert "Budi Verifikator" in newest and "Verifikator Bappeda" in newest
    assert "Indikator sub kegiatan belum terukur" in newest
    assert "Target harus berupa angka dan satuan" in newest and sub.nama in newest
    assert f'{reverse("web:renja", args=[renja.id])}#baris-sub-kegiatan-{sub.id}' in newest
    assert "Siti Operator" in steps[1][1] and "Operator PD" in steps[1][1]


def test_history_of_an_invisible_plan_or_a_row_of_another_plan_is_404():
    world = make_world(subs=2)
    client = Client()
    client.force_login(world.users["operator_a1"])
    a1, a2 = world.plans["a1"], world.plans["a2"]
    sub_a1 = SubKegiatan.objects.filter(kegiatan__program__renja=a1).first()
    sub_a2 = SubKegiatan.objects.filter(kegiatan__program__renja=a2).first()
    assert client.get(reverse("web:riwayat", args=[a1.id])).status_code == 200
    assert client.get(reverse("web:riwayat", args=[a2.id])).status_code == 404
    assert client.get(reverse("web:riwayat_baris", args=[a1.id, "sub-kegiatan", sub_a1.id])).status_code == 200
    assert client.get(reverse("web:riwayat_baris", args=[a2.id, "sub-kegiatan", sub_a2.id])).status_code == 404
    # a row of another plan reached through one's own plan
    assert client.get(reverse("web:riwayat_baris", args=[a1.id, "sub-kegiatan", sub_a2.id])).status_code == 404
    assert client.get(reverse("web:riwayat_baris", args=[a1.id, "indikator", sub_a1.id])).status_code == 404
