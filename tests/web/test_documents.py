"""Downloads: the plan as XLSX, DOCX and PDF, only for those who may see it; a clear page when LibreOffice fails.

The tests' task backend is django-tasks' immediate one (renja/settings/test.py): the task runs inside the
request that enqueues it, so the first request already answers the file."""

import io
import os
import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from renja.exchange.loader import load_file
from renja.organizations.models import PerangkatDaerah
from renja.plans.models import SubKegiatan
from renja.tasks import documents as produced
from renja.tasks.models import ProducedDocument
from tests.conftest import CLEAN_PLAN

from .people import OTHER_PEMDA, load_plan, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """The clean plan (DP3A Kota Contoh, 2025, rancangan), its operator, and a plan of another Pemda."""
    renja = load_file(CLEAN_PLAN).renja
    pd = renja.perangkat_daerah
    client = Client()
    client.force_login(make_user("operator_contoh", "operator_pd", pd.pemda, pd))
    return renja, client, load_plan(2, subs=2, pemda=OTHER_PEMDA)


@pytest.fixture
def made_dirs(produced_documents_dir):
    """The files the download tasks produced (kept for the next download), read when asked."""

    class Made:
        def files(self):
            return sorted(p for p in Path(produced_documents_dir).rglob("*") if p.is_file())

        def __eq__(self, other):  # `made_dirs == []`: nothing was produced
            return self.files() == other

    return Made()


@pytest.fixture
def produce_calls(monkeypatch):
    """Every call of the render entry point the task uses."""
    calls = []
    real = produced.produce

    def counting(view, fmt, path, **kwargs):
        calls.append(fmt)
        return real(view, fmt, path, **kwargs)

    monkeypatch.setattr(produced, "produce", counting)
    return calls


def download(client, renja, fmt):
    return client.get(reverse("web:unduh", args=[renja.id, fmt]))


def body(response):
    return b"".join(response.streaming_content)  # the test client closes the file after the last chunk


def test_xlsx_is_the_workbook_of_the_plan(plan, made_dirs):
    renja, client, _ = plan
    response = download(client, renja, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="Renja-2025-DP3A-rancangan.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert "T-C.33" in " ".join(workbook.sheetnames)
    cells = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Penyediaan Gaji dan Tunjangan ASN" in cells
    assert len(made_dirs.files()) == 1  # kept for the next download


def test_docx_is_the_whole_renja(plan, made_dirs):
    renja, client, _ = plan
    response = download(client, renja, "docx")
    assert response.status_code == 200
    assert response["Content-Type"] == ("application/vnd.openxmlformats-officedocument.wordprocessingml"
                                        ".document")
    assert 'filename="Renja-2025-DP3A-rancangan.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(body(response)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Contoh" in text + cells
    assert "Penyediaan Gaji dan Tunjangan ASN" in cells


def test_pdf_when_libreoffice_is_installed(plan, made_dirs):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        if os.environ.get("RENJA_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) tidak terpasang, padahal RENJA_REQUIRE_LIBREOFFICE=1")
        pytest.skip("LibreOffice tidak terpasang")
    renja, client, _ = plan
    response = download(client, renja, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="Renja-2025-DP3A-rancangan.pdf"' in response["Content-Disposition"]
    assert body(response).startswith(b"%PDF")


def test_without_libreoffice_pdf_is_a_clear_503_page(plan, made_dirs, monkeypatch):
    renja, client, _ = plan
    monkeypatch.setenv("RENJA_SOFFICE", "/tidak/ada/soffice")
    response = download(client, renja, "pdf")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Dokumen PDF tidak dapat dibuat" in html and "LibreOffice tidak ditemukan" in html
    assert reverse("web:unduh", args=[renja.id, "docx"]) in html  # what to do instead
    assert 'id="coba-lagi"' in html and "csrfmiddlewaretoken" in html  # a button to try again (a POST)
    assert made_dirs == []  # no half-made file left behind


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_another_pemdas_plan_is_404(plan, made_dirs, fmt):
    renja, client, other = plan
    assert download(client, other, fmt).status_code == 404
    assert made_dirs == []  # nothing was produced


def test_an_unknown_format_is_404(plan, made_dirs):
    renja, client, _ = plan
    for fmt in ("odt", "XLSX", "csv"):
        assert download(client, renja, fmt).status_code == 404
    assert made_dirs == []


def test_downloads_need_a_login(plan):
    renja, _, _ = plan
    response = Client().get(reverse("web:unduh", args=[renja.id, "xlsx"]))
    assert response.status_code == 302


# --- produced in the background, kept until the plan changes ----------------------------------------------------


def test_the_second_download_is_served_from_the_kept_file_without_producing_again(plan, made_dirs, produce_calls):
    renja, client, _ = plan
    first = body(download(client, renja, "xlsx"))
    assert produce_calls == ["xlsx"]
    second = download(client, renja, "xlsx")
    assert second.status_code == 200
    assert second["Content-Disposition"] == 'attachment; filename="Renja-2025-DP3A-rancangan.xlsx"'
    assert body(second) == first
    assert produce_calls == ["xlsx"]  # not produced again
    document = ProducedDocument.objects.get(renja=renja, format="xlsx")
    assert (document.status, document.kemajuan, document.langkah) == ("selesai", 100, "Selesai")


def test_a_change_to_the_plan_makes_the_next_download_anew_and_removes_the_old_file(plan, made_dirs, produce_calls):
    renja, client, _ = plan
    body(download(client, renja, "docx"))
    [old_file] = made_dirs.files()
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=renja).first()
    sub.lokasi = "Kecamatan Baru"
    sub.save()
    response = download(client, renja, "docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(body(response)))
    assert "Kecamatan Baru" in " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert produce_calls == ["docx", "docx"]
    [new_file] = made_dirs.files()
    assert new_file != old_file and not old_file.exists()
    assert ProducedDocument.objects.filter(renja=renja, format="docx").count() == 1


def test_the_task_reports_its_steps(plan, monkeypatch):
    renja, client, _ = plan
    steps = []
    real = produced._report
    monkeypatch.setattr(produced, "_report", lambda pk, percent, step, **f: (steps.append((percent, step)),
                                                                            real(pk, percent, step, **f)))
    body(download(client, renja, "xlsx"))
    assert [s for _, s in steps] == ["Membaca data Renja", "Menyusun tabel", "Menulis berkas XLSX", "Selesai"]
    assert [p for p, _ in steps] == sorted(p for p, _ in steps)


def test_a_failed_render_says_why_in_indonesian_and_can_be_tried_again(plan, made_dirs, monkeypatch):
    renja, client, _ = plan
    real = produced.produce
    monkeypatch.setattr(produced, "produce", lambda *a, **k: (_ for _ in ()).throw(
        produced.DocumentError("Berkas DOCX tidak dapat ditulis: ruang disk penuh.")))
    url = reverse("web:unduh", args=[renja.id, "docx"])
    response = client.get(url)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Berkas DOCX tidak dapat ditulis: ruang disk penuh." in html
    assert re.search(rf'<form method="post" action="{url}".*?id="coba-lagi"', html, re.S)
    # a second look does not try again by itself: the failure stays until the button is pressed
    assert client.get(url).status_code == 503
    status = client.get(reverse("web:unduh_status", args=[renja.id, "docx"])).json()
    assert status["status"] == "gagal" and "ruang disk penuh" in status["galat"] and not status["siap"]
    monkeypatch.setattr(produced, "produce", real)  # the disk has room again
    retried = client.post(url)
    assert retried.status_code == 302 and retried["Location"] == url
    response = client.get(url)
    assert response.status_code == 200 and body(response).startswith(b"PK")
    assert client.get(reverse("web:unduh_status", args=[renja.id, "docx"])).json()["siap"] is True


def test_an_unexpected_error_is_logged_and_shown_without_its_details(plan, monkeypatch):
    renja, client, _ = plan
    monkeypatch.setattr("renja.plans.view.build_view", lambda renja: 1 / 0)
    response = download(client, renja, "xlsx")
    assert response.status_code == 503
    html = response.content.decode()
    assert "kesalahan tak terduga" in html and "ZeroDivisionError" not in html


def test_while_the_task_waits_a_progress_page_follows_it_and_a_second_click_reuses_it(plan, settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # enqueued, never run
    renja, client, _ = plan
    response = download(client, renja, "pdf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    status_url = reverse("web:unduh_status", args=[renja.id, "pdf"])
    assert "Dokumen sedang disusun" in html and status_url in html
    assert '<meta http-equiv="refresh"' in html and 'id="muat-ulang"' in html  # without JavaScript
    assert download(client, renja, "pdf").status_code == 200
    assert len(default_task_backend.results) == 1  # the second click found the waiting task
    status = client.get(status_url).json()
    assert status == {"status": "menunggu", "kemajuan": 0, "langkah": "", "galat": "", "siap": False,
                      "tanpa_pekerja": False}
    # the task then runs (as a worker would) and the next look serves the file
    result = default_task_backend.results[0]
    produced.produce_document.call(type("Context", (), {"task_result": result})(), *result.args)
    status = client.get(status_url).json()
    assert status["status"] in ("selesai", "gagal")  # the PDF needs LibreOffice
    assert download(client, renja, "pdf").status_code == (200 if status["siap"] else 503)


def test_status_urls_are_scoped_like_the_downloads(plan):
    renja, client, other = plan
    for name in ("web:unduh_status", "web:unduh_evaluasi_status"):
        assert client.get(reverse(name, args=[other.id, "xlsx"])).status_code == 404
        assert client.get(reverse(name, args=[renja.id, "odt"])).status_code == 404
        assert Client().get(reverse(name, args=[renja.id, "xlsx"])).status_code == 302
    # a user of another PD of the same Pemda
    pemda = renja.perangkat_daerah.pemda
    neighbour = PerangkatDaerah.objects.create(pemda=pemda, kode="9.99.9.99.0.00.01.0000", nama="Dinas Tetangga")
    stranger = Client()
    stranger.force_login(make_user("operator_tetangga", "operator_pd", pemda, neighbour))
    body(download(client, renja, "xlsx"))  # there is something to see
    for name in ("web:unduh_status", "web:unduh_evaluasi_status", "web:unduh"):
        assert stranger.get(reverse(name, args=[renja.id, "xlsx"])).status_code == 404
