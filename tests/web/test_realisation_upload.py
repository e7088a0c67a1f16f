"""Realisation by spreadsheet in the app: the template download and the upload, as every role would use them."""

import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from renja.monitoring.models import RealisasiSubKegiatan
from renja.monitoring.spreadsheet import QUARTER_COLUMNS
from renja.plans.models import Renja, SubKegiatan

from .people import make_world

pytestmark = pytest.mark.django_db
COL = {c.key: i for i, c in enumerate(QUARTER_COLUMNS, start=1)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world():
    world = make_world(subs=3)
    Renja.objects.filter(pk=world.plans["a1_final"].pk).update(status=Renja.Status.DITETAPKAN)
    return world


def client_of(world, name):
    client = Client()
    client.force_login(world.users[name])
    return client


def urls(plan):
    return (reverse("web:realisasi_templat", kwargs={"renja_id": plan.pk}),
            reverse("web:realisasi_unggah", kwargs={"renja_id": plan.pk}))


def first_sub(plan):
    return SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("kegiatan__program__urutan",
                                                                              "kegiatan__urutan", "urutan").first()


def filled(content, sub, **values):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["TW I"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, COL["id"]).value == f"S-{sub.pk}")
    for key, value in values.items():
        ws.cell(row, COL[key]).value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "realisasi-tw1.xlsx"
    return buffer, row


def test_the_operator_downloads_fills_and_uploads(world):
    plan = world.plans["a1_final"]
    template_url, upload_url = urls(plan)
    client = client_of(world, "operator_a1")
    page = client.get(upload_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'enctype="multipart/form-data"' in body and "csrfmiddlewaretoken" in body and template_url in body
    download = client.get(template_url)
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert download["Content-Disposition"] == 'attachment; filename="Realisasi-2026-Disdik-final.xlsx"'
    sub = first_sub(plan)
    upload, _ = filled(download.content, sub, keuangan="1.250.000", fisik="12,5", pendorong="Tim lengkap")
    response = client.post(upload_url, {"berkas": upload})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:realisasi", kwargs={"renja_id": plan.pk, "triwulan": 1})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Realisasi dari 'realisasi-tw1.xlsx' dimuat. TW I: 1 baris baru, 0 diperbarui, 0 tidak berubah; "
        "TW II: 0 baris baru, 0 diperbarui, 0 tidak berubah; TW III: 0 baris baru, 0 diperbarui, 0 tidak berubah; "
        "TW IV: 0 baris baru, 0 diperbarui, 0 tidak berubah; Belanja: 0 baris baru, 0 diperbarui, 0 tidak berubah."]
    stored = RealisasiSubKegiatan.objects.get()
    assert (stored.sub_kegiatan_id, stored.triwulan, stored.keuangan, stored.keuangan_teks, str(stored.fisik),
            stored.faktor_pendorong) == (sub.pk, 1, 1_250_000, "1.250.000", "12.50", "Tim lengkap")
    assert stored.history.get().history_user == world.users["operator_a1"]


def test_a_refused_file_shows_every_error_and_changes_nothing(world):
    plan = world.plans["a1_final"]
    template_url, upload_url = urls(plan)
    client = client_of(world, "operator_a1")
    sub = first_sub(plan)
    upload, row = filled(client.get(template_url).content, sub, keuangan="satu juta", fisik=101)
    response = client.post(upload_url, {"berkas": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Berkas tidak dimuat; tidak ada yang diubah." in body and "2 kesalahan ditemukan" in body
    assert (f"Sheet &#x27;TW I&#x27;, baris {row}, kolom G (Realisasi keuangan): &#x27;satu juta&#x27; bukan "
            "jumlah rupiah yang sah (bukan angka).") in body
    assert f"Sheet &#x27;TW I&#x27;, baris {row}, kolom H (Realisasi fisik): &#x27;101&#x27; di luar 0–100." in body
    assert not RealisasiSubKegiatan.objects.exists()
    empty = client.post(upload_url, {})
    assert empty.status_code == 400 and "Pilih berkas realisasi (.xlsx)" in empty.content.decode()


def test_who_may_download_and_upload(world):
    plan = world.plans["a1_final"]
    template_url, upload_url = urls(plan)
    content = client_of(world, "operator_a1").get(template_url).content
    upload, _ = filled(content, first_sub(plan), keuangan=1000)

    verifier = client_of(world, "verifikator_a")
    assert verifier.get(template_url).status_code == 200  # anyone who sees the plan downloads it
    page = verifier.get(upload_url)  # the page says why, offers the template, has no upload form
    body = page.content.decode()
    assert page.status_code == 200 and "Hanya operator PD ini yang dapat mencatat realisasinya." in body
    assert 'enctype="multipart/form-data"' not in body and template_url in body
    assert verifier.post(upload_url, {"berkas": upload}).status_code == 403
    upload.seek(0)
    assert client_of(world, "pimpinan_a1").post(upload_url, {"berkas": upload}).status_code == 403

    other = client_of(world, "operator_b")
    assert other.get(template_url).status_code == 404
    upload.seek(0)
    assert other.post(upload_url, {"berkas": upload}).status_code == 404
    assert other.get(upload_url).status_code == 404
    assert client_of(world, "operator_a1").post(template_url).status_code == 405
    assert not RealisasiSubKegiatan.objects.exists()


def test_a_draft_plan_takes_no_realisation(world):
    draft = world.plans["a1"]
    template_url, upload_url = urls(draft)
    client = client_of(world, "operator_a1")
    content = client.get(template_url).content
    upload, _ = filled(content, first_sub(draft), keuangan=1000)
    page = client.get(upload_url)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' not in page.content.decode()
    assert ("Renja ini berstatus Draf: realisasi hanya dicatat pada Renja yang telah Ditetapkan."
            in page.content.decode())
    response = client.post(upload_url, {"berkas": upload})
    assert response.status_code == 403
    assert "realisasi hanya dicatat pada Renja yang telah Ditetapkan" in response.content.decode()
    assert not RealisasiSubKegiatan.objects.exists()
