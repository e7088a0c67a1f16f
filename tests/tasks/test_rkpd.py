"""The compiled RKPD's files made by a background task (renja/tasks/rkpd.py), as a plan's documents are: one row per
Pemda, year, stage, format and data; a change of any PD's plan of the year makes a new one and the old file goes; a
task not run yet shows a progress page and its status; a failure is said, with a retry that works."""

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from renja.plans import versions
from renja.plans.models import SubKegiatan
from renja.tasks import rkpd as produced
from renja.tasks.models import ProducedRkpd
from tests.workflow.cycle_world import make_city
from tests.workflow.people_and_plans import Peran, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return make_city()


@pytest.fixture
def client(city):
    pemda, _ = city
    client = Client()
    client.force_login(make_user("bappeda_uji", Peran.VERIFIKATOR_BAPPEDA, pemda))
    return client


def test_the_workbook_is_made_once_per_data_and_made_again_after_a_change(city, client):
    pemda, plans = city
    url = reverse("web:unduh_rkpd", args=[pemda.pk, 2025, "xlsx"])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Disposition"].endswith('-2025.xlsx"')
    row = ProducedRkpd.objects.get()
    assert row.status == "selesai" and produced.is_ready(row)
    path = produced.file_of(row)
    sheet = load_workbook(path, data_only=False).worksheets[0]
    assert any(isinstance(c.value, str) and c.value.startswith("=SUM(") for r in sheet.iter_rows() for c in r)
    client.get(url)
    assert ProducedRkpd.objects.count() == 1  # the kept file served again
    status = client.get(reverse("web:rkpd_status", args=[pemda.pk, 2025, "xlsx"])).json()
    assert status["siap"] is True and status["status"] == "selesai"
    # a PD's plan changes: the kept file is stale, the status says there is none for the current data
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plans["dp3a"]).first()
    SubKegiatan.objects.filter(pk=sub.pk).update(pagu_n=sub.pagu_n + 1_000_000)
    versions.changed(plans["dp3a"].perangkat_daerah_id, 2025)
    assert client.get(reverse("web:rkpd_status", args=[pemda.pk, 2025, "xlsx"])).json()["status"] == "tidak_ada"
    assert client.get(url).status_code == 200
    newer = ProducedRkpd.objects.get()  # the older row and its file went
    assert newer.pk != row.pk and not path.exists() and produced.is_ready(newer)
    # a stage chosen is a download of its own
    assert client.get(url + "?tahap=final").status_code == 200
    assert set(ProducedRkpd.objects.values_list("tahap", flat=True)) == {"", "final"}


def test_a_task_not_run_yet_shows_its_progress(city, client, monkeypatch):
    pemda, _ = city
    monkeypatch.setattr(produced, "_enqueue", lambda document: None)  # no worker has taken it yet
    url = reverse("web:unduh_rkpd", args=[pemda.pk, 2025, "pdf"])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "RKPD sedang disusun" in body
    status_url = reverse("web:rkpd_status", args=[pemda.pk, 2025, "pdf"])
    assert f'data-status-url="{status_url}"' in body
    status = client.get(status_url).json()
    assert (status["status"], status["siap"]) == ("menunggu", False)
    client.get(url)
    assert ProducedRkpd.objects.count() == 1  # a second click finds the waiting one


def test_a_failed_pdf_is_said_and_tried_again(city, client, monkeypatch):
    from renja.documents import rkpd as rkpd_documents
    from renja.documents.render.libreoffice import LibreOfficeError

    pemda, _ = city

    def missing(compiled, path):
        raise LibreOfficeError("LibreOffice (soffice) tidak ditemukan di server")

    monkeypatch.setattr(rkpd_documents, "write_pdf", missing)
    url = reverse("web:unduh_rkpd", args=[pemda.pk, 2025, "pdf"])
    failed = client.get(url)
    body = failed.content.decode()
    assert failed.status_code == 503 and "tidak ditemukan di server" in body and 'id="coba-lagi"' in body
    assert ProducedRkpd.objects.get().status == "gagal"

    def fake_pdf(compiled, path):  # LibreOffice itself is tested in tests/workflow/test_cycle_figures.py
        path.write_bytes(b"%PDF-1.4 RKPD " + compiled.pemda.nama.encode())
        return path

    monkeypatch.setattr(rkpd_documents, "write_pdf", fake_pdf)
    assert client.post(url).status_code == 302
    again = client.get(url)
    assert again.status_code == 200 and b"".join(again.streaming_content).startswith(b"%PDF")
    assert ProducedRkpd.objects.get().status == "selesai"


def test_an_unknown_format_is_404(city, client):
    pemda, _ = city
    assert client.get(reverse("web:unduh_rkpd", args=[pemda.pk, 2025, "docx"])).status_code == 404
    assert client.get(reverse("web:rkpd_status", args=[pemda.pk, 2025, "docx"])).status_code == 404


def test_an_rkpd_file_no_row_names_is_swept_and_a_kept_one_stays(city):
    import os
    import time

    from renja.tasks import housekeeping

    pemda, _ = city
    kept = produced.file_of(produced.request(pemda, 2025, None, "xlsx"))
    orphan = kept.parent / "rkpd-2025-terakhir-lama-999.xlsx"
    orphan.write_bytes(b"left behind")
    old = time.time() - 2 * 3600
    for path in (kept, orphan):
        os.utime(path, (old, old))
    assert housekeeping.sweep_orphan_files() == 1
    assert kept.exists() and not orphan.exists()
