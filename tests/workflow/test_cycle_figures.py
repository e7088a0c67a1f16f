"""The status board, the ceilings and the compiled RKPD against figures worked out by hand (tests/workflow/
cycle_world.py), and their query counts constant in the number of PDs."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from renja.demo.synth import pd_document
from renja.exchange.loader import load_document
from renja.organizations.models import PaguPlafon
from renja.plans.models import SubKegiatan
from renja.plans.rkpd import compile_rkpd
from renja.plans.view import build_view
from renja.rules import stored
from renja.workflow import ceilings
from renja.workflow.board import status_board
from tests.workflow.cycle_world import make_city
from tests.workflow.people_and_plans import Peran, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return make_city()


@pytest.fixture
def bappeda(city):
    pemda, _ = city
    return make_user("bappeda_uji", Peran.VERIFIKATOR_BAPPEDA, pemda)


def test_a_plan_reads_its_stage_ceiling_first_then_the_year(city):
    _, plans = city
    assert build_view(plans["dinkes"]).ceiling == 280_000_000  # final's own
    assert build_view(plans["dinkes_awal"]).ceiling == 500_000_000  # no rancangan awal row: the year's
    assert build_view(plans["dp3a"]).ceiling == 1_000_000_000  # the exchange file's stage-less row


def test_the_board_shows_every_pd_with_pagu_ceiling_errors_and_last_change(city):
    pemda, plans = city
    stored.refresh(plans["dp3a"])
    stored.refresh(plans["dinkes"])
    board = status_board(pemda, 2025)
    lines = {line.pd.singkatan: line for line in board.lines}
    assert list(lines) == ["DINKES", "DP3A", "DISHUB"]  # by code: 1.02, 2.08, 2.15
    assert lines["DP3A"].renja == plans["dp3a"] and lines["DINKES"].renja == plans["dinkes"]  # the latest stage
    assert (lines["DP3A"].pagu_n, lines["DP3A"].plafon, lines["DP3A"].selisih) == (900_000_000, 1_000_000_000,
                                                                                   100_000_000)
    assert (lines["DINKES"].pagu_n, lines["DINKES"].plafon, lines["DINKES"].lebih) == (300_000_000, 280_000_000,
                                                                                       20_000_000)
    assert lines["DISHUB"].renja is None and lines["DISHUB"].pagu_n is None
    assert lines["DP3A"].errors == 0 and not lines["DP3A"].stale
    expected = sum(1 for f in stored.findings(plans["dinkes"]) if f.severity == "error")
    assert lines["DINKES"].errors == expected
    assert (board.total_pagu, board.total_plafon, board.over) == (1_200_000_000, 1_280_000_000, 1)
    assert board.per_status == {"Draf": 2, "Belum ada Renja": 1}
    assert lines["DP3A"].last is not None  # the loader's saves are in the history

    # a change stales the stored findings and becomes the last change, by who made it
    operator = make_user("operator_dp3a", Peran.OPERATOR_PD, pemda, plans["dp3a"].perangkat_daerah)
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plans["dp3a"]).order_by("id").first()
    sub.pagu_n += 1_000
    sub._history_user = operator
    sub.save()
    line = next(x for x in status_board(pemda, 2025).lines if x.pd.singkatan == "DP3A")
    assert line.pagu_n == 900_001_000 and line.stale
    assert line.last.oleh == "Operator Dp3A" and sub.nama[:20] in line.last.apa

    # one stage asked for: the rancangan awal of DINKES, the year's ceiling; DP3A has no such plan
    early = {x.pd.singkatan: x for x in status_board(pemda, 2025, "rancangan_awal").lines}
    assert (early["DINKES"].pagu_n, early["DINKES"].plafon) == (250_000_000, 500_000_000)
    assert early["DP3A"].renja is None


def test_the_compiled_rkpd_adds_up_by_pd_urusan_sumber_dana_and_prioritas(city):
    pemda, plans = city
    rkpd = compile_rkpd(pemda, 2025)
    assert (rkpd.total_n, rkpd.total_n1, rkpd.total_plafon) == (1_200_000_000, 1_310_000_000, 1_280_000_000)
    by_pd = {p.pd.singkatan: p for p in rkpd.pds}
    assert [(p.kode, p.pagu_n, p.pagu_n1) for p in by_pd["DP3A"].programs] == [
        ("2.08.01", 400_000_000, 440_000_000), ("2.08.07", 500_000_000, 550_000_000)]
    assert [(k.kode, k.pagu_n) for k in by_pd["DINKES"].programs[0].children] == [("1.02.02.2.02", 300_000_000)]
    assert by_pd["DISHUB"].renja is None and [pd.singkatan for pd in rkpd.without_plan] == ["DISHUB"]
    urusan = {u.kode: (u.pagu_n, [(b.kode, b.pagu_n) for b in u.children]) for u in rkpd.urusan}
    assert urusan == {"1": (300_000_000, [("1.02", 300_000_000)]), "2": (900_000_000, [("2.08", 900_000_000)])}
    sources = {s.nama: s.pagu_n for s in rkpd.sumber_dana}
    assert sources == {"APBD": 400_000_000, "APBD + DAK": 500_000_000, "DAK": 300_000_000}
    assert sum(sources.values()) == rkpd.total_n
    priorities = {p.nama: (p.pagu_n, [c.kode[:4] for c in p.children]) for p in rkpd.prioritas}
    assert priorities == {"Pemenuhan Hak Anak": (1_200_000_000, ["2.08", "1.02"]),
                          "Kesehatan Masyarakat": (300_000_000, ["1.02"])}
    early = compile_rkpd(pemda, 2025, "rancangan_awal")
    assert (early.total_n, early.total_n1, early.total_plafon) == (250_000_000, 260_000_000, 500_000_000)


def test_the_rkpd_workbook_has_live_formulas_with_the_computed_values(city):
    from renja.documents.rkpd import write_xlsx

    pemda, _ = city
    buffer = io.BytesIO()
    write_xlsx(compile_rkpd(pemda, 2025), buffer)
    buffer.seek(0)
    formulas = load_workbook(buffer)
    buffer.seek(0)
    values = load_workbook(buffer, data_only=True)
    sheet, cached = formulas["Program dan Kegiatan"], values["Program dan Kegiatan"]
    total = next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 2).value).startswith("JUMLAH"))
    assert str(sheet.cell(total, 3).value).startswith("=SUM(")
    assert cached.cell(total, 3).value == 1_200_000_000 and cached.cell(total, 4).value == 1_310_000_000
    dp3a = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2.08.0.00.0.00.01.0000")
    assert str(sheet.cell(dp3a, 3).value).startswith("=SUM(") and cached.cell(dp3a, 3).value == 900_000_000
    urusan = formulas["Per Urusan"]
    last = max(r for r in range(1, urusan.max_row + 1) if urusan.cell(r, 2).value == "JUMLAH")
    assert values["Per Urusan"].cell(last, 3).value == 1_200_000_000
    assert str(urusan.cell(last, 3).value).startswith("=SUM(")
    source = values["Per Sumber Dana"]
    rows = {source.cell(r, 1).value: source.cell(r, 2).value for r in range(1, source.max_row + 1)}
    assert rows["APBD + DAK"] == 500_000_000 and rows["JUMLAH"] == 1_200_000_000


def test_the_rkpd_pdf_is_written_when_libreoffice_is_there(city, tmp_path):
    from renja.documents.render.libreoffice import find_soffice
    from renja.documents.rkpd import write_pdf

    if not find_soffice():
        pytest.skip("LibreOffice tidak terpasang")
    pemda, _ = city
    path = write_pdf(compile_rkpd(pemda, 2025), tmp_path / "rkpd.pdf")
    assert path.read_bytes()[:5] == b"%PDF-"


# --- ceilings --------------------------------------------------------------------------------------------------


def test_ceilings_are_saved_all_or_nothing_with_history(city, bappeda):
    pemda, plans = city
    dp3a, dinkes = plans["dp3a"].perangkat_daerah, plans["dinkes"].perangkat_daerah
    with pytest.raises(ceilings.CeilingsRefused) as refused:
        ceilings.save_ceilings(pemda, 2025, "rancangan", {dp3a.pk: "950.000.000", dinkes.pk: "sembilan"}, bappeda)
    assert "Pagu indikatif 1.02.0.00.0.00.01.0000 Dinas Kesehatan Kota Contoh: «sembilan» bukan jumlah" in \
        refused.value.errors[0]
    assert not PaguPlafon.objects.filter(tahap="rancangan").exists()
    assert ceilings.save_ceilings(pemda, 2025, "rancangan", {dp3a.pk: "950.000.000", dinkes.pk: ""}, bappeda) == 1
    row = PaguPlafon.objects.get(perangkat_daerah=dp3a, tahun=2025, tahap="rancangan")
    assert row.pagu == 950_000_000 and row.history.first().history_user == bappeda
    assert build_view(plans["dp3a"]).ceiling == 950_000_000  # the stage's own now
    table = {r.pd.singkatan: r for r in ceilings.ceiling_table(pemda, 2025, "rancangan")}
    assert table["DP3A"].applies == 950_000_000 and table["DINKES"].applies == 500_000_000
    assert table["DISHUB"].applies is None
    operator = make_user("op", Peran.OPERATOR_PD, pemda, dp3a)
    with pytest.raises(ceilings.ScheduleRefused):
        ceilings.save_ceilings(pemda, 2025, "rancangan", {dp3a.pk: "1"}, operator)


def workbook(rows, title="Plafon"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_ceilings_workbook_is_read_by_header_text_and_pd_code_or_name(city, bappeda):
    pemda, plans = city
    file = workbook([["PAGU INDIKATIF PERANGKAT DAERAH 2025"], [],
                     ["No", "Kode PD", "Nama Perangkat Daerah", "Pagu Indikatif (Rp)"],
                     [1, "2.08.0.00.0.00.01.0000", "DP3A", 960_000_000],
                     [2, None, "dinas kesehatan kota contoh", "310.000.000"],
                     [None, None, None, None]])
    assert ceilings.import_workbook(pemda, 2025, "final", file, bappeda, source="plafon.xlsx") == (2, 2)
    rows = dict(PaguPlafon.objects.filter(tahap="final").values_list("perangkat_daerah__singkatan", "pagu"))
    assert rows == {"DP3A": 960_000_000, "DINKES": 310_000_000}


def test_a_bad_ceilings_workbook_names_sheet_row_and_column_and_changes_nothing(city, bappeda):
    pemda, _ = city
    before = list(PaguPlafon.objects.order_by("id").values_list("id", "tahap", "pagu"))
    file = workbook([["Kode", "Perangkat Daerah", "Pagu"],
                     ["2.08.0.00.0.00.01.0000", "DP3A", "9,5 M"],
                     ["3.99.0.00.0.00.01.0000", "Dinas Tak Dikenal", 5],
                     ["1.02.0.00.0.00.01.0000", "DINKES", 310_000_000],
                     ["1.02.0.00.0.00.01.0000", "DINKES", 1]], title="Lembar1")
    with pytest.raises(ceilings.CeilingsRefused) as refused:
        ceilings.import_workbook(pemda, 2025, "final", file, bappeda)
    errors = refused.value.errors
    assert errors[0].startswith("Lembar «Lembar1» baris 2 kolom C: «9,5 M» bukan jumlah rupiah")
    assert errors[1] == ("Lembar «Lembar1» baris 3 kolom A: perangkat daerah «3.99.0.00.0.00.01.0000 / Dinas Tak "
                         "Dikenal» tidak dikenal di Kota Contoh.")
    assert errors[2].startswith("Lembar «Lembar1» baris 5: 1.02.0.00.0.00.01.0000 Dinas Kesehatan Kota Contoh "
                                "sudah ada di baris 4")
    assert list(PaguPlafon.objects.order_by("id").values_list("id", "tahap", "pagu")) == before
    with pytest.raises(ceilings.CeilingsRefused, match="tidak ada lembar dengan judul kolom pagu"):
        ceilings.import_workbook(pemda, 2025, "final", workbook([["Nama", "Jumlah"], ["DP3A", 1]]), bappeda)
    with pytest.raises(ceilings.CeilingsRefused, match="bukan buku kerja Excel"):
        ceilings.import_workbook(pemda, 2025, "final", io.BytesIO(b"bukan xlsx"), bappeda, source="x.xlsx")


# --- queries constant in the number of PDs ---------------------------------------------------------------------


def _queries(function, *args):
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return len(queries)


def test_board_and_rkpd_queries_do_not_grow_with_the_pds():
    first = load_document(pd_document(0, sub_per_pd=10)).renja
    pemda = first.perangkat_daerah.pemda
    small = {f: _queries(f, pemda, 2026) for f in (status_board, compile_rkpd)}
    for index in range(1, 6):
        load_document(pd_document(index, sub_per_pd=30))
    large = {f: _queries(f, pemda, 2026) for f in (status_board, compile_rkpd)}
    assert large == small, (small, large)
    assert len(compile_rkpd(pemda, 2026).pds) == 6


def test_the_pages_show_the_hand_computed_figures(city, bappeda):
    from django.test import Client
    from django.urls import reverse

    pemda, plans = city
    client = Client()
    client.force_login(bappeda)
    board = client.get(reverse("web:papan", args=[pemda.pk, 2025])).content.decode()
    assert 'id="total-pagu">Rp 1.200.000.000<' in board and 'id="total-plafon">Rp 1.280.000.000<' in board
    assert "lebih 20.000.000" in board and "Belum ada Renja 2025" in board
    url = reverse("web:rkpd", args=[pemda.pk, 2025])
    page = client.get(url).content.decode()
    assert 'id="total-n">Rp 1.200.000.000<' in page and 'id="total-n1">Rp 1.310.000.000<' in page
    assert "APBD + DAK" in page and "Administrasi Keuangan Perangkat Daerah" not in page
    opened = client.get(f"{url}?pd={plans['dp3a'].perangkat_daerah_id}").content.decode()
    assert "Administrasi Keuangan Perangkat Daerah" in opened
    download = client.get(reverse("web:unduh_rkpd", args=[pemda.pk, 2025, "xlsx"]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.xlsx"')
    ceilings_url = reverse("web:plafon", args=[pemda.pk, 2025, "final"])
    dinkes = plans["dinkes"].perangkat_daerah_id
    response = client.post(ceilings_url, {f"pagu-{dinkes}": "12,5"})
    assert response.status_code == 400 and "bukan jumlah rupiah" in response.content.decode()
    assert PaguPlafon.objects.get(perangkat_daerah_id=dinkes, tahap="final").pagu == 280_000_000
    assert client.post(ceilings_url, {f"pagu-{dinkes}": "300.000.000"}).status_code == 302
    assert PaguPlafon.objects.get(perangkat_daerah_id=dinkes, tahap="final").pagu == 300_000_000


def test_a_prioritas_daerah_gathers_the_programs_that_serve_it(city):
    """DP3A's Tabel 3.1 names, per priority, its sasaran: one is the Renstra's sasaran 1, served in the matrix by
    program 2.08.07 (500.000.000); the other reaches program 2.08.01 (400.000.000) through Tabel 4, whose sasaran
    is that priority's indicator. DINKES's priorities name no sasaran: its whole plan (300.000.000), marked."""
    from renja.plans.models import PrioritasDaerah, SasaranProgram
    from tests.workflow.people_and_plans import clean_document

    pemda, plans = city
    document = clean_document()
    document["renstra"]["program"] = [
        {"kode": "2.08.07", "nama": "PROGRAM PERLINDUNGAN KHUSUS ANAK", "sasaran": ["1"]},
        {"kode": "2.08.01", "nama": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"}]
    document["renja"]["prioritas_daerah"] = [
        {"nomor": "1", "prioritas": "Pemenuhan Hak Anak", "sasaran_pd": "Menurunnya  kekerasan terhadap anak."},
        {"nomor": "2", "prioritas": "Tata Kelola", "sasaran_pd": "Meningkatnya akuntabilitas",
         "indikator_sasaran_pd": ["Nilai SAKIP"]}]
    document["renja"]["sasaran_program"] = [
        {"nomor": "1", "sasaran": "Nilai SAKIP",
         "program": "1. Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"}]
    load_document(document, replace=True)
    assert PrioritasDaerah.objects.filter(renja__perangkat_daerah__singkatan="DP3A").count() == 2
    assert SasaranProgram.objects.filter(renja__perangkat_daerah__singkatan="DP3A").count() == 1
    rkpd = compile_rkpd(pemda, 2025)
    by_name = {p.nama: p for p in rkpd.prioritas}
    hak_anak = by_name["Pemenuhan Hak Anak"]
    by_pd = {c.kode[:4]: c for c in hak_anak.children}
    dp3a, dinkes = by_pd["2.08"], by_pd["1.02"]
    assert (dp3a.linked, [p.kode for p in dp3a.children], dp3a.pagu_n) == (True, ["2.08.07"], 500_000_000)
    assert (dinkes.linked, dinkes.pagu_n) == (False, 300_000_000)
    assert hak_anak.pagu_n == 800_000_000 and hak_anak.pagu_n1 == 550_000_000 + 320_000_000
    tata = by_name["Tata Kelola"]
    assert [(c.kode[:4], [p.kode for p in c.children], c.pagu_n) for c in tata.children] == [
        ("2.08", ["2.08.01"], 400_000_000)]
    # the workbook: the PD's row sums its programs' rows, the priority its PDs'
    from renja.documents.rkpd import prioritas_table
    from renja.documents.tables import SumOf

    table = prioritas_table(rkpd)
    rows = [(r.level, r.value("nama"), r.value("pagu_n")) for r in table.rows][:4]
    assert rows[0] == (0, "Pemenuhan Hak Anak", 800_000_000)
    assert sorted(rows[1:]) == sorted([(1, dp3a.nama, 500_000_000), (2, "PROGRAM PERLINDUNGAN KHUSUS ANAK", 500_000_000),
                                       (1, f"{dinkes.nama} (seluruh Renja: program yang melayani prioritas ini tidak "
                                           "dapat ditelusuri)", 300_000_000)])
    pd_row = next(r for r in table.rows if r.value("nama") == dp3a.nama)
    assert isinstance(pd_row.cells["pagu_n"].formula, SumOf)
