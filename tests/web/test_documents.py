"""Downloads: the plan as XLSX, DOCX and PDF, only for those who may see it; a clear page when LibreOffice fails."""

import io
import os
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from renja.exchange.loader import load_file
from renja.web.views import documents
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
def made_dirs(monkeypatch):
    """The temporary directories the view creates."""
    made = []
    real = documents.tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(documents.tempfile, "mkdtemp", mkdtemp)
    return made


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
    assert len(made_dirs) == 1 and not Path(made_dirs[0]).exists()  # cleaned up once sent


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
    assert not Path(made_dirs[0]).exists()


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
    assert not Path(made_dirs[0]).exists()


def test_without_libreoffice_pdf_is_a_clear_503_page(plan, made_dirs, monkeypatch):
    renja, client, _ = plan
    monkeypatch.setenv("RENJA_SOFFICE", "/tidak/ada/soffice")
    response = download(client, renja, "pdf")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Dokumen PDF tidak dapat dibuat" in html and "LibreOffice tidak ditemukan" in html
    assert reverse("web:unduh", args=[renja.id, "docx"]) in html  # what to do instead
    assert not Path(made_dirs[0]).exists()


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
