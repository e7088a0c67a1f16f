"""The demo's three documents, written by `renja document`, open in LibreOffice and say what the data says."""

import os
import shutil
import subprocess

import pytest
from django.db import transaction
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from renja.cli import app
from renja.core.numbers import format_rupiah
from renja.demo.setup import DATA
from renja.documents.render.libreoffice import convert_with_libreoffice
from renja.exchange.loader import load_file
from renja.plans.view import build_view

runner = CliRunner()


def need_libreoffice():
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if os.environ.get("RENJA_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) tidak terpasang, padahal RENJA_REQUIRE_LIBREOFFICE=1")
    pytest.skip("LibreOffice tidak terpasang")


@pytest.fixture(scope="module")
def demo_documents(tmp_path_factory, django_db_setup, django_db_blocker):
    """xlsx, docx and pdf of the demo, written by the command, and the plan's view."""
    need_libreoffice()
    out = tmp_path_factory.mktemp("dokumen")
    with django_db_blocker.unblock(), transaction.atomic():
        view = build_view(load_file(DATA, replace=True).renja)
        for fmt in ("xlsx", "docx", "pdf"):
            result = runner.invoke(app, ["document", "--format", fmt, "-o", str(out / f"renja.{fmt}")])
            assert result.exit_code == 0, result.output
        transaction.set_rollback(True)
    return out, view


@pytest.mark.parametrize("fmt, target", [("xlsx", "pdf"), ("docx", "pdf"), ("pdf", "odg")])
def test_each_format_opens_in_libreoffice(demo_documents, fmt, target, tmp_path):
    out, _ = demo_documents
    converted = convert_with_libreoffice(out / f"renja.{fmt}", target, tmp_path)
    assert converted.stat().st_size > 1000


def test_workbook_total_of_tc33_is_the_computed_total(demo_documents):
    out, view = demo_documents
    sheets = load_workbook(out / "renja.xlsx", data_only=True)
    sheet = next(ws for ws in sheets.worksheets if ws.title.startswith("T-C.33"))
    total_row = next(row for row in sheet.iter_rows(values_only=True) if "TOTAL" in [str(v).strip() for v in row if v])
    assert view.total_n in total_row and view.total_n1 in total_row
    formulas = load_workbook(out / "renja.xlsx")[sheet.title]
    assert any(str(c.value).startswith("=SUM(") for row in formulas.iter_rows() for c in row)


def test_document_has_every_chapter_and_the_computed_total(demo_documents):
    out, view = demo_documents
    text = "\n".join(p.text for p in Document(out / "renja.docx").paragraphs)
    for bab in ("BAB I", "BAB II", "BAB III", "BAB IV", "BAB V"):
        assert bab in text
    pdf_text = subprocess.run(["pdftotext", str(out / "renja.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
    assert format_rupiah(view.total_n) in pdf_text and "Lampiran" in pdf_text
    assert "kesalahan pemeriksa" in pdf_text  # a broken plan is never mistaken for a clean one
