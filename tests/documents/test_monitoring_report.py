"""The Laporan Evaluasi Hasil Renja as files: the workbook read back with openpyxl (live formulas and their cached
values), the DOCX with python-docx, the PDF with pdftotext; `renja document --jenis evaluasi`; the web download.

The plan is the one of tests/documents/test_monitoring_tables.py (its docstring gives the figures). Tests that
need LibreOffice are skipped when it is not installed, and fail instead when RENJA_REQUIRE_LIBREOFFICE=1.
"""

import os
import shutil
import subprocess

import docx
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from renja.cli import app
from renja.documents.builders import build_tables
from renja.documents.builders.monitoring import RATE_NOTE
from renja.documents.produce import evaluation_view, produce
from renja.documents.render.docx import TOC_PLACEHOLDER
from renja.documents.render.libreoffice import find_soffice
from renja.organizations.models import Profil
from renja.plans.models import Renja
from tests.web.people import OTHER_PEMDA, load_plan, make_user

from .test_monitoring_tables import M, make_plan

pytestmark = pytest.mark.django_db

SHEETS = ["Evaluasi Hasil Renja", "Faktor dan Tindak Lanjut", "Realisasi per Program", "Realisasi per Kegiatan",
          "Belanja per Rekening", "T-C.29", "T-C.30"]


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def view(plan):
    return evaluation_view(plan[0])


@pytest.fixture
def workbook_path(view, tmp_path):
    return produce(view, "xlsx", tmp_path / "evaluasi.xlsx", jenis="evaluasi")


class Sheet:
    """One sheet read twice (formulas, cached values), with its columns found by the table's column keys."""

    def __init__(self, path, name, table):
        self.formulas = openpyxl.load_workbook(path)[name]
        self.values = openpyxl.load_workbook(path, data_only=True)[name]
        self.keys = [c.key for c in table.columns]

    def line(self, column_key, text):
        """The sheet row whose cell in `column_key` reads `text`."""
        c = self.keys.index(column_key) + 1
        found = [r for r in range(1, self.formulas.max_row + 1) if self.formulas.cell(r, c).value == text]
        assert len(found) == 1, (column_key, text, found)
        return found[0]

    def formula(self, line, key):
        return self.formulas.cell(line, self.keys.index(key) + 1).value

    def value(self, line, key):
        return self.values.cell(line, self.keys.index(key) + 1).value


def _tables(view):
    return {t.sheet_name: t for t in build_tables(view, jenis="evaluasi")}


# --- XLSX ---------------------------------------------------------------------------------------------------------


def test_workbook_has_one_sheet_per_table_and_no_value_written_instead_of_a_formula(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == SHEETS
    assert book.properties.title == "Laporan Evaluasi Hasil Renja Dinas Uji Tahun 2026, Triwulan I–IV"
    fallbacks = [(ws.title, cell.coordinate) for ws in book for row in ws.iter_rows() for cell in row
                 if cell.comment is not None and "bukan rumus" in cell.comment.text]
    assert fallbacks == []


def test_form_sheet_has_live_formulas_with_renjas_values_cached(view, workbook_path):
    sheet = Sheet(workbook_path, "Evaluasi Hasil Renja", _tables(view)["Evaluasi Hasil Renja"])
    a = sheet.line("kode", "1.01.02.2.01.0001")
    # H, J, L, N: the Rp of TW I–IV; the year is their sum, 10 + 20 + 30 + 30 = 90 juta
    assert sheet.formula(a, "real_rp") == f"=H{a}+J{a}+L{a}+N{a}" and sheet.value(a, "real_rp") == 90 * M
    assert sheet.formula(a, "capaian_rp").startswith("=IF(OR(") and sheet.value(a, "capaian_rp") == 90
    total = sheet.line("uraian", "TOTAL")
    assert sheet.formula(total, "real_rp").startswith("=SUM(") and sheet.value(total, "real_rp") == 760 * M
    assert sheet.value(total, "tw2_rp") == 210 * M and sheet.value(total, "capaian_rp") == 76
    program = sheet.line("kode", "1.01.02")
    assert sheet.formula(program, "target_rp").startswith("=SUM(F") and sheet.value(program, "target_rp") == 600 * M

    p1 = sheet.line("indikator", "Persentase perempuan berdaya (%)")
    assert sheet.formula(p1, "real_k").startswith(f"=IF(M{p1}<>\"\",M{p1},")  # the latest quarter first
    assert sheet.value(p1, "real_k") == 52 and sheet.value(p1, "capaian_k") == 104
    sb = sheet.line("indikator", "Jumlah kasus kekerasan terhadap anak (Kasus)")
    assert "MAX(0,(2*" in sheet.formula(sb, "capaian_k") and sheet.value(sb, "capaian_k") == 120
    assert sheet.formula(sb, "real_k") == f"=G{sb}+I{sb}+K{sb}+M{sb}" and sheet.value(sb, "real_k") == 8
    sd = sheet.line("indikator", "Jumlah kegiatan sosialisasi (Kali)")
    assert sheet.value(sd, "capaian_k") is None  # target 0, higher is better


def test_allocation_sheets_weight_the_summaries_by_pagu(view, workbook_path):
    tables = _tables(view)
    sheet = Sheet(workbook_path, "Realisasi per Program", tables["Realisasi per Program"])
    total = sheet.line("uraian", "TOTAL")
    assert "SUMPRODUCT(" in sheet.formula(total, "fisik") and sheet.value(total, "fisik") == pytest.approx(83)
    assert "SUMPRODUCT(" in sheet.formula(total, "keuangan") and sheet.value(total, "keuangan") == pytest.approx(76)
    sheet = Sheet(workbook_path, "Realisasi per Kegiatan", tables["Realisasi per Kegiatan"])
    program = sheet.line("kode", "1.01.02")
    assert sheet.value(program, "keuangan") == pytest.approx(80)  # never 90 + 60
    assert sheet.value(program, "fisik") == pytest.approx(53000 / 600)


def test_tc29_and_spending_sheets(view, workbook_path):
    tables = _tables(view)
    sheet = Sheet(workbook_path, "T-C.29", tables["T-C.29"])
    k1 = sheet.line("indikator", "Jumlah dokumen perencanaan (Dokumen)")
    assert sheet.formula(k1, "realisasi_n1") == f"=E{k1}+G{k1}+I{k1}" and sheet.value(k1, "realisasi_n1") == 23
    assert sheet.value(k1, "tingkat_capaian") == pytest.approx(2300 / 60)
    assert sheet.value(k1, "tingkat_realisasi") == pytest.approx(1100 / 12)
    rate = sheet.line("indikator", "Rasio kekerasan dalam rumah tangga")
    assert sheet.value(rate, "realisasi_n1") is None and RATE_NOTE in sheet.value(rate, "catatan")

    sheet = Sheet(workbook_path, "Belanja per Rekening", tables["Belanja per Rekening"])
    total = sheet.line("uraian", "TOTAL BELANJA")
    assert sheet.formula(total, "anggaran").startswith("=SUM(") and sheet.value(total, "anggaran") == 500 * M
    assert sheet.value(total, "realisasi") == 460 * M and sheet.value(total, "persen") == 92


# --- DOCX and PDF -------------------------------------------------------------------------------------------------


def _table_text(table):
    return "\n".join(" | ".join(cell.text for cell in row.cells) for row in table.rows)


def test_docx_cover_headings_and_tables(view, tmp_path):
    path = produce(view, "docx", tmp_path / "evaluasi.docx", jenis="evaluasi")
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert "LAPORAN EVALUASI HASIL RENJA" in paragraphs and "TAHUN 2026" in paragraphs
    assert "Laporan Evaluasi Hasil Renja Dinas Uji Tahun 2026, Triwulan I–IV" in paragraphs
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Evaluasi terhadap Hasil Renja Perangkat Daerah",
                        "2. Alokasi dan Realisasi Anggaran per Program dan Kegiatan",
                        "3. Alokasi dan Realisasi Belanja per Kode Rekening",
                        "4. Rekapitulasi Evaluasi Hasil Pelaksanaan Renja dan Pencapaian Renstra",
                        "5. Pencapaian Kinerja Pelayanan Perangkat Daerah"]
    texts = [_table_text(t) for t in document.tables]
    form = next(t for t in texts if "Realisasi Kinerja dan Anggaran Triwulan IV" in t)
    assert "TOTAL" in form and "760.000.000" in form and "1.000.000.000" in form and "104,00" in form
    per_program = next(t for t in texts if "ALOKASI" not in t and "Fisik (%)" in t and "Program Dua" in t)
    assert "83,00" in per_program and "76,00" in per_program  # weighted, not 150,00
    tc29 = next(t for t in texts if "8=(7/6)" in t)
    assert RATE_NOTE in tc29 and "23" in tc29
    header = document.sections[-1].header.paragraphs[0].text
    assert header == "Evaluasi Hasil Renja Tahun 2026 · Dinas Uji"
    assert "Rencana Kerja" not in header


def _need_libreoffice():
    if find_soffice() and shutil.which("pdftotext"):
        return
    if os.environ.get("RENJA_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) dan pdftotext wajib ada (RENJA_REQUIRE_LIBREOFFICE=1)")
    pytest.skip("LibreOffice atau pdftotext tidak terpasang")


def test_pdf_has_the_cover_contents_and_computed_figures(view, tmp_path):
    _need_libreoffice()
    path = produce(view, "pdf", tmp_path / "evaluasi.pdf", jenis="evaluasi")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "LAPORAN EVALUASI HASIL RENJA" in flat and TOC_PLACEHOLDER not in flat
    contents = next(p for p in text.split("\f") if "DAFTAR ISI" in p)
    assert "Evaluasi terhadap Hasil Renja Perangkat Daerah" in " ".join(contents.split())
    assert "760.000.000" in flat and "83,00" in flat and "157,50" in flat


# --- the command ------------------------------------------------------------------------------------------------


runner = CliRunner()


def test_command_writes_the_evaluation_of_the_plan_in_force(plan, tmp_path):
    renja, _ = plan
    # a later draft of the same PD and year: without --stage the plan in force (ditetapkan) is reported
    Renja.objects.create(perangkat_daerah=renja.perangkat_daerah, tahun=2026, tahap=Renja.Tahap.PERUBAHAN)
    out = tmp_path / "evaluasi.xlsx"
    result = runner.invoke(app, ["document", "--jenis", "evaluasi", "--format", "xlsx", "-o", str(out),
                                 "--pd", "DU", "--year", "2026"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, data_only=True)
    assert book.sheetnames == SHEETS
    out = tmp_path / "tc29.xlsx"
    result = runner.invoke(app, ["document", "--jenis", "evaluasi", "--table", "T-C.29", "--format", "xlsx",
                                 "-o", str(out), "--pd", "DU", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames == ["T-C.29"]


def test_command_refuses_a_plan_not_in_force_and_an_unknown_kind(tmp_path):
    make_plan(status=Renja.Status.DRAFT)
    result = runner.invoke(app, ["document", "--jenis", "evaluasi", "--format", "docx", "-o",
                                 str(tmp_path / "x.docx"), "--pd", "DU", "--year", "2026"])
    assert result.exit_code == 2 and "ditetapkan" in result.output
    assert not (tmp_path / "x.docx").exists()
    result = runner.invoke(app, ["document", "--jenis", "laporan", "--format", "xlsx", "-o", str(tmp_path / "y.xlsx"),
                                 "--pd", "DU", "--year", "2026"])
    assert result.exit_code == 2 and "jenis dokumen" in result.output
    result = runner.invoke(app, ["document", "--jenis", "evaluasi", "--table", "T-C.33", "--format", "xlsx", "-o",
                                 str(tmp_path / "z.xlsx"), "--pd", "DU", "--year", "2026"])
    assert result.exit_code == 2 and "Evaluasi Renja" in result.output


# --- the web download ---------------------------------------------------------------------------------------------


def _client(renja):
    pd = renja.perangkat_daerah
    client = Client()
    client.force_login(make_user(f"operator_{pd.kode}", Profil.Peran.OPERATOR_PD, pd.pemda, pd))
    return client


def test_web_download_of_the_evaluation(plan):
    renja, _ = plan
    client = _client(renja)
    response = client.get(reverse("web:unduh_evaluasi", args=[renja.id, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="Evaluasi-Renja-2026-DU-final.xlsx"')
    import io

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == SHEETS
    # the plan's page links to it
    page = client.get(reverse("web:renja", args=[renja.id])).content.decode()
    assert reverse("web:unduh_evaluasi", args=[renja.id, "docx"]) in page


def test_web_plan_not_in_force_is_a_409_page_and_other_plans_are_404(plan):
    renja, _ = plan
    draft, _ = make_plan(status=Renja.Status.DIAJUKAN, pemda_kode="99.03")
    client = _client(draft)
    response = client.get(reverse("web:unduh_evaluasi", args=[draft.id, "pdf"]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "belum dapat disusun" in html and "sudah ditetapkan" in html
    assert reverse("web:unduh_evaluasi", args=[draft.id, "xlsx"]) not in client.get(
        reverse("web:renja", args=[draft.id])).content.decode()
    # a plan of another Pemda, in force or not, and an unknown format: 404, for GET and POST
    other = load_plan(2, subs=2, pemda=OTHER_PEMDA)
    for target in (renja, other):
        for method in (client.get, client.post):
            assert method(reverse("web:unduh_evaluasi", args=[target.id, "xlsx"])).status_code == 404
    assert client.get(reverse("web:unduh_evaluasi", args=[draft.id, "odt"])).status_code == 404
    assert Client().get(reverse("web:unduh_evaluasi", args=[draft.id, "xlsx"])).status_code == 302


def test_web_evaluation_is_kept_until_its_realisation_changes(plan, monkeypatch):
    """Realisation does not raise the data version: the kept report is keyed by a digest of it as well."""
    from renja.monitoring.models import RealisasiSubKegiatan
    from renja.tasks import documents as produced

    renja, _ = plan
    client = _client(renja)
    calls = []
    real = produced.produce
    monkeypatch.setattr(produced, "produce", lambda *a, **k: (calls.append(a[1]), real(*a, **k))[1])
    url = reverse("web:unduh_evaluasi", args=[renja.id, "xlsx"])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert calls == ["xlsx"]
    row = RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).first()
    row.fisik = row.fisik + 1
    row.save()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
    assert calls == ["xlsx", "xlsx"]
    assert client.get(reverse("web:unduh_evaluasi_status", args=[renja.id, "xlsx"])).json()["siap"] is True
