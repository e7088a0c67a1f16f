"""Realisation by spreadsheet: the template, filled in with openpyxl and loaded; round trips; every class of
error named with sheet, row and column, and a refused file changes nothing. Expectations are hand-computed.

The plan (tree order, so the rows of every quarter sheet, from row 8 under the title rows and the header):
  8  P-  1.01.02            Program Uji
  9  I-    Persentase layanan (program)          target 90 %
 10  K-  1.01.02.1.01       Kegiatan Uji
 11  S-  1.01.02.1.01.0001  Sub A   pagu 100.000.000
 12  I-    Jumlah dokumen A                      target 12 Dokumen
 13  S-  1.01.02.1.01.0002  Sub B   pagu 300.000.000
 14  I-    Jumlah dokumen B                      target 4 Dokumen
"""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import User

from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
from renja.monitoring.spreadsheet import (
    BELANJA_COLUMNS,
    QUARTER_COLUMNS,
    RealisationLoadError,
    load_workbook,
    template_filename,
    write_template,
)
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from renja.reference.models import AkunBelanja

pytestmark = pytest.mark.django_db

D = Decimal
M = 1_000_000
COL = {c.key: i for i, c in enumerate(QUARTER_COLUMNS, start=1)}
BCOL = {c.key: i for i, c in enumerate(BELANJA_COLUMNS, start=1)}


def make_plan(pd_kode="1.01", nama="Dinas Uji", singkatan="DU", pemda=None, status=Renja.Status.DITETAPKAN):
    pemda = pemda or Pemda.objects.create(kode="99.01", nama="Kota Uji", jenis="kota")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode=pd_kode, nama=nama, singkatan=singkatan)
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2026, tahap=Renja.Tahap.FINAL)
    program = Program.objects.create(renja=renja, kode="1.01.02", nama="Program Uji", urutan=1)
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.1.01", nama="Kegiatan Uji", urutan=1)
    a = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0001", nama="Sub A", pagu_n=100 * M,
                                   urutan=1)
    b = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0002", nama="Sub B", pagu_n=300 * M,
                                   urutan=2)
    ip = Indikator.objects.create(program=program, uraian="Persentase layanan", target_n_teks="90 %",
                                  target_n=D(90), target_n_satuan="%")
    ia = Indikator.objects.create(sub_kegiatan=a, uraian="Jumlah dokumen A", target_n_teks="12 Dokumen",
                                  target_n=D(12), target_n_satuan="Dokumen")
    ib = Indikator.objects.create(sub_kegiatan=b, uraian="Jumlah dokumen B", target_n_teks="4 Dokumen",
                                  target_n=D(4), target_n_satuan="Dokumen")
    Renja.objects.filter(pk=renja.pk).update(status=status)
    renja.status = status
    return {"renja": renja, "program": program, "kegiatan": kegiatan, "a": a, "b": b, "ip": ip, "ia": ia, "ib": ib}


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def operator():
    return User.objects.create_user("operator_uji")


def workbook(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def save(wb):
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_of(ws, ident):
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, COL["id"]).value == ident:
            return row
    raise AssertionError(f"{ident} not in {ws.title}")


def fill(ws, ident, **values):
    row = row_of(ws, ident)
    for key, value in values.items():
        ws.cell(row, COL[key]).value = value
    return row


def belanja_row(ws, row, **values):
    for key, value in values.items():
        ws.cell(row, BCOL[key]).value = value


def snapshot():
    return (list(RealisasiSubKegiatan.objects.order_by("id").values_list(
                "id", "triwulan", "keuangan", "keuangan_teks", "fisik", "rencana_keuangan", "faktor_pendorong",
                "versi")),
            list(RealisasiIndikator.objects.order_by("id").values_list("id", "teks", "nilai", "versi")),
            list(BelanjaSubKegiatan.objects.order_by("id").values_list(
                "id", "kode_rekening", "anggaran", "realisasi_tw1", "versi")),
            RealisasiSubKegiatan.history.count(), RealisasiIndikator.history.count(),
            BelanjaSubKegiatan.history.count())


def ids(p):
    return {k: f"{'S' if k in 'ab' else 'I'}-{p[k].pk}" for k in ("a", "b", "ip", "ia", "ib")} | {
        "program": f"P-{p['program'].pk}", "kegiatan": f"K-{p['kegiatan'].pk}"}


# --- the template ----------------------------------------------------------------------------------------------


def test_template_has_a_sheet_per_quarter_and_belanja_rows_in_tree_order(plan):
    RealisasiSubKegiatan.objects.create(sub_kegiatan=plan["a"], triwulan=2, keuangan=20 * M, fisik=D(30),
                                        faktor_pendorong="cuaca baik")
    RealisasiIndikator.objects.create(indikator=plan["ia"], triwulan=2, teks="5 Dokumen", nilai=D(5))
    BelanjaSubKegiatan.objects.create(sub_kegiatan=plan["b"], kode_rekening="5.1.02.01.01.0024", uraian="ATK",
                                      anggaran=40 * M, realisasi_tw1=10 * M)
    wb = workbook(write_template(plan["renja"]))
    assert wb.sheetnames == ["TW I", "TW II", "TW III", "TW IV", "Belanja"]
    i = ids(plan)
    ws = wb["TW II"]
    assert ws["A1"].value == "REALISASI RENJA DINAS UJI TAHUN 2026"
    assert (ws["A2"].value, ws["C2"].value) == ("Perangkat Daerah", "Dinas Uji (1.01)")
    assert (ws["C3"].value, ws["C4"].value, ws["C5"].value) == (2026, "Triwulan II", plan["renja"].pk)
    assert ws.cell(7, COL["fisik"]).value == "Realisasi fisik kumulatif (%)"
    column = [ws.cell(r, COL["id"]).value for r in range(8, 15)]
    assert column == [i["program"], i["ip"], i["kegiatan"], i["a"], i["ia"], i["b"], i["ib"]]
    assert [ws.cell(r, COL["kode"]).value for r in (8, 9, 11, 12)] == [
        "1.01.02", "1.01.02", "1.01.02.1.01.0001", "1.01.02.1.01.0001"]
    assert ws.max_row == 14
    # prefilled with what is stored for quarter II, and nothing in quarter I
    assert [ws.cell(11, COL[k]).value for k in ("pagu", "keuangan", "fisik", "pendorong")] == [
        100 * M, 20 * M, 30, "cuaca baik"]
    assert [ws.cell(12, COL[k]).value for k in ("satuan", "target", "indikator")] == ["Dokumen", "12 Dokumen",
                                                                                        "5 Dokumen"]
    assert wb["TW I"].cell(11, COL["keuangan"]).value is None
    # pagu is read-only: locked and grey; the inputs are not locked
    assert ws.protection.sheet and ws.cell(11, COL["pagu"]).protection.locked
    assert ws.cell(11, COL["pagu"]).fill.fgColor.rgb.endswith("E7E9EC")
    assert not ws.cell(11, COL["keuangan"]).protection.locked
    belanja = wb["Belanja"]
    rows = [[belanja.cell(r, c).value for c in (BCOL["sub_id"], BCOL["kode_sub"], BCOL["kode_rekening"],
                                                BCOL["anggaran"], BCOL["tw1"])] for r in (8, 9)]
    assert rows == [[i["a"], "1.01.02.1.01.0001", None, None, None],
                    [i["b"], "1.01.02.1.01.0002", "5.1.02.01.01.0024", 40 * M, 10 * M]]
    assert template_filename(plan["renja"]) == "Realisasi-2026-DU-final.xlsx"


# --- filling and loading ---------------------------------------------------------------------------------------


def test_a_filled_template_loads_every_value_with_history(plan, operator):
    i = ids(plan)
    AkunBelanja.objects.create(kode="5.1.02.01.01.0024", nama="Belanja Alat Tulis Kantor")
    wb = workbook(write_template(plan["renja"]))
    ws = wb["TW I"]
    fill(ws, i["a"], rencana="25.000.000", keuangan="12.500.000", fisik=20, pendorong="Tim lengkap")
    fill(ws, i["b"], keuangan=60_000_000, fisik="15,5", penghambat="Lelang ulang")
    fill(ws, i["ia"], indikator="3 Dokumen")
    fill(ws, i["ip"], indikator=45.5)
    fill(wb["TW II"], i["a"], keuangan="Rp 30.000.000", fisik=55)
    belanja_row(wb["Belanja"], 8, kode_rekening="5.1.02.01.01.0024", anggaran="40.000.000", tw1="10.000.000",
                tw2=5_000_000)
    seen = []
    report = load_workbook(plan["renja"], save(wb), user=operator, progress=lambda *a: seen.append(a))

    assert report.lines() == [
        "TW I: 4 baris baru, 0 diperbarui, 0 tidak berubah",
        "TW II: 1 baris baru, 0 diperbarui, 0 tidak berubah",
        "TW III: 0 baris baru, 0 diperbarui, 0 tidak berubah",
        "TW IV: 0 baris baru, 0 diperbarui, 0 tidak berubah",
        "Belanja: 1 baris baru, 0 diperbarui, 0 tidak berubah",
    ]
    assert seen == [("TW I", 1, 6), ("TW II", 2, 6), ("TW III", 3, 6), ("TW IV", 4, 6), ("Belanja", 5, 6),
                    ("selesai", 6, 6)]
    a1 = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["a"], triwulan=1)
    assert (a1.rencana_keuangan, a1.keuangan, a1.keuangan_teks, a1.fisik, a1.fisik_teks, a1.faktor_pendorong) == (
        25 * M, 12_500_000, "12.500.000", D("20.00"), "20", "Tim lengkap")
    b1 = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["b"], triwulan=1)
    assert (b1.rencana_keuangan, b1.keuangan, b1.keuangan_teks, b1.fisik, b1.fisik_teks, b1.faktor_penghambat) == (
        None, 60 * M, "60.000.000", D("15.50"), "15,5", "Lelang ulang")
    a2 = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["a"], triwulan=2)
    assert (a2.keuangan, a2.keuangan_teks, a2.fisik) == (30 * M, "Rp 30.000.000", D(55))
    assert RealisasiSubKegiatan.objects.count() == 3  # B in quarter II and everything in III–IV: blank
    assert [(r.teks, r.nilai) for r in RealisasiIndikator.objects.order_by("indikator_id")] == [
        ("45,5", D("45.5")), ("3 Dokumen", D(3))]
    belanja = BelanjaSubKegiatan.objects.get()
    assert (belanja.sub_kegiatan, belanja.kode_rekening, belanja.uraian, belanja.anggaran, belanja.realisasi_tw1,
            belanja.realisasi_tw2, belanja.realisasi) == (
        plan["a"], "5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 40 * M, 10 * M, 5 * M, 15 * M)
    assert belanja.akun.kode == "5.1.02.01.01.0024"
    history = a1.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == ("+", operator,
                                                                                          "unggah realisasi")
    assert a1.versi == 1 and belanja.history.count() == 1


def test_round_trip_changes_nothing_then_an_edit_bumps_the_version(plan, operator):
    i = ids(plan)
    wb = workbook(write_template(plan["renja"]))
    fill(wb["TW I"], i["a"], keuangan="12.500.000", fisik="20,25")
    fill(wb["TW I"], i["ib"], indikator=2)
    belanja_row(wb["Belanja"], 8, kode_rekening="5.2.02", uraian="Mesin", anggaran=50 * M, tw1=1 * M)
    load_workbook(plan["renja"], save(wb), user=operator)
    before = snapshot()

    again = load_workbook(plan["renja"], write_template(plan["renja"]), user=operator)
    assert again.lines() == [
        "TW I: 0 baris baru, 0 diperbarui, 2 tidak berubah",
        "TW II: 0 baris baru, 0 diperbarui, 0 tidak berubah",
        "TW III: 0 baris baru, 0 diperbarui, 0 tidak berubah",
        "TW IV: 0 baris baru, 0 diperbarui, 0 tidak berubah",
        "Belanja: 0 baris baru, 0 diperbarui, 1 tidak berubah",
    ]
    assert snapshot() == before  # the texts as written ("12.500.000", "20,25") kept, no version, no history

    wb = workbook(write_template(plan["renja"]))
    assert wb["TW I"].cell(11, COL["keuangan"]).value == 12_500_000
    assert wb["TW I"].cell(11, COL["fisik"]).value == 20.25
    fill(wb["TW I"], i["a"], keuangan=13_000_000)
    report = load_workbook(plan["renja"], save(wb), user=operator)
    assert report.sheet("TW I").diperbarui == 1 and report.sheet("TW I").tetap == 1
    a1 = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["a"], triwulan=1)
    assert (a1.keuangan, a1.keuangan_teks, a1.fisik, a1.fisik_teks, a1.versi) == (
        13 * M, "13.000.000", D("20.25"), "20,25", 2)
    assert [h.keuangan for h in a1.history.order_by("history_id")] == [12_500_000, 13 * M]


def test_blank_cells_clear_a_reported_quarter_and_missing_sheets_leave_quarters_alone(plan, operator):
    i = ids(plan)
    RealisasiSubKegiatan.objects.create(sub_kegiatan=plan["a"], triwulan=1, keuangan=10 * M, fisik=D(10),
                                        keuangan_teks="10.000.000")
    RealisasiSubKegiatan.objects.create(sub_kegiatan=plan["a"], triwulan=3, keuangan=5 * M, fisik=D(70))
    wb = workbook(write_template(plan["renja"]))
    fill(wb["TW I"], i["a"], keuangan=None, fisik=None)
    del wb["TW III"], wb["Belanja"]
    report = load_workbook(plan["renja"], save(wb), user=operator)
    assert report.lines()[0] == "TW I: 0 baris baru, 1 diperbarui, 0 tidak berubah"
    assert report.lines()[2] == "TW III: tidak ada di berkas; tidak diubah"
    assert report.lines()[4] == "Belanja: tidak ada di berkas; tidak diubah"
    a1 = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["a"], triwulan=1)
    assert (a1.keuangan, a1.keuangan_teks, a1.fisik, a1.versi) == (None, "", None, 2)
    a3 = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["a"], triwulan=3)
    assert (a3.keuangan, a3.fisik, a3.versi) == (5 * M, D(70), 1)


def test_a_number_typed_in_a_percent_formatted_cell_is_read_as_percent(plan, operator):
    i = ids(plan)
    wb = workbook(write_template(plan["renja"]))
    row = fill(wb["TW I"], i["a"], fisik=0.455)
    wb["TW I"].cell(row, COL["fisik"]).number_format = "0.0%"
    report = load_workbook(plan["renja"], save(wb), user=operator)
    assert RealisasiSubKegiatan.objects.values_list("fisik", "fisik_teks").get() == (D("45.50"), "45,5")
    assert report.notes == []


# --- refusals ------------------------------------------------------------------------------------------------


def test_a_number_too_large_to_write_out_is_refused_in_words_not_a_crash(plan, operator):
    # found by the fuzz bench: 8,78e+268 in a fisik cell made babel's formatting raise InvalidOperation
    i = ids(plan)
    before = snapshot()
    wb = workbook(write_template(plan["renja"]))
    fill(wb["TW I"], i["a"], fisik=8.78413586857398e+268)
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        "Sheet 'TW I', baris 11, kolom H (Realisasi fisik): '8,78413586857398e+268' di luar 0–100."]
    assert snapshot() == before


def test_a_cell_naming_a_style_the_file_lacks_reads_as_unformatted():
    # found by the fuzz bench: a damaged file's style index made openpyxl raise IndexError
    from renja.monitoring.spreadsheet.reading import _number_format

    class Damaged:
        @property
        def number_format(self):
            raise IndexError("list index out of range")

    assert _number_format(Damaged()) == ""



def test_every_error_is_named_by_sheet_row_and_column_and_nothing_changes(plan, operator):
    i = ids(plan)
    other = make_plan(pd_kode="1.02", nama="Dinas Lain", singkatan="DL", pemda=plan["renja"].perangkat_daerah.pemda)
    RealisasiSubKegiatan.objects.create(sub_kegiatan=plan["b"], triwulan=4, keuangan=1 * M, fisik=D(30))
    BelanjaSubKegiatan.objects.create(sub_kegiatan=plan["a"], kode_rekening="5.1.01", anggaran=10 * M)
    before = snapshot()
    wb = workbook(write_template(plan["renja"]))
    tw1, tw2, tw3, tw4 = wb["TW I"], wb["TW II"], wb["TW III"], wb["TW IV"]
    fill(tw1, i["program"], keuangan=5)                      # row 8: an amount on a program row
    fill(tw1, i["a"], keuangan="12.500.00", fisik=50)        # row 11: thousands badly grouped
    fill(tw1, i["ia"], fisik=10)                             # row 12: fisik on an indicator row
    fill(tw1, i["b"], kode="1.01.02.1.01.0009")              # row 13: kode does not match
    tw1.cell(15, COL["id"]).value = "S-999999"               # row 15: unknown id
    tw1.cell(15, COL["kode"]).value = "1.01.02.1.01.0001"
    tw1.cell(16, COL["id"]).value = f"S-{other['a'].pk}"     # row 16: a row of another plan
    tw1.cell(17, COL["uraian"]).value = "baris baru"         # row 17: no id
    tw1.cell(18, COL["id"]).value = "baris-1"                # row 18: not an id
    fill(tw2, i["a"], fisik=120)                             # row 11: beyond 100
    fill(tw2, i["b"], keuangan=-5, fisik=40)                 # row 13: negative
    fill(tw3, i["a"], fisik=40, keuangan=60 * M)
    fill(tw3, i["b"], fisik=35, keuangan=300 * M)            # higher than the stored TW IV (30); 300 + 1 > 300
    tw3.cell(15, COL["id"]).value = i["b"]                   # row 15: the same id twice
    tw3.cell(15, COL["kode"]).value = "1.01.02.1.01.0002"
    fill(tw4, i["a"], keuangan=45 * M)                       # 60 + 45 > 100 in TW IV
    tw4.delete_rows(row_of(tw4, i["b"]))                     # B's row gone from TW IV: its stored TW IV counts
    belanja = wb["Belanja"]
    belanja_row(belanja, 8, kode_rekening="5.1.01", anggaran=10 * M, tw1=6 * M, tw2=5 * M)  # 11 > 10
    belanja_row(belanja, 9, kode_rekening="5.1.x", anggaran=1)
    belanja_row(belanja, 10, sub_id=None, kode_sub="9.99", kode_rekening="5.1.02", anggaran=1)
    belanja_row(belanja, 11, sub_id=i["b"], kode_sub="1.01.02.1.01.0002", kode_rekening="5.1.03", anggaran=2)
    belanja_row(belanja, 12, sub_id=i["b"], kode_sub="1.01.02.1.01.0002", kode_rekening="5.1.03", anggaran=2)
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        "Sheet 'TW I', baris 8, kolom G (Realisasi keuangan): '5' tidak diisi pada baris program; kolom ini hanya "
        "diisi pada baris sub kegiatan.",
        "Sheet 'TW I', baris 11, kolom G (Realisasi keuangan): '12.500.00' bukan jumlah rupiah yang sah (pemisah "
        "ribuan tidak teratur (harus kelompok tiga angka)).",
        "Sheet 'TW I', baris 12, kolom H (Realisasi fisik): '10' tidak diisi pada baris indikator; kolom ini hanya "
        "diisi pada baris sub kegiatan.",
        "Sheet 'TW I', baris 13, kolom C (Kode): kode '1.01.02.1.01.0009' tidak sesuai dengan baris "
        f"{i['b']} (kode '1.01.02.1.01.0002', Sub B).",
        "Sheet 'TW I', baris 15, kolom A (ID): ID 'S-999999' bukan baris Renja ini.",
        f"Sheet 'TW I', baris 16, kolom A (ID): ID 'S-{other['a'].pk}' bukan baris Renja ini.",
        "Sheet 'TW I', baris 17, kolom A (ID): baris tanpa ID; sheet triwulan hanya memuat baris Renja dari "
        "templat (baris baru tidak dapat ditambahkan).",
        "Sheet 'TW I', baris 18, kolom A (ID): 'baris-1' bukan ID baris templat (contoh: S-123).",
        "Sheet 'TW II', baris 11, kolom H (Realisasi fisik): '120' di luar 0–100.",
        "Sheet 'TW II', baris 13, kolom G (Realisasi keuangan): '-5' bukan jumlah rupiah yang sah (pagu/anggaran "
        "tidak boleh negatif).",
        f"Sheet 'TW III', baris 15, kolom A (ID): ID '{i['b']}' sudah dipakai di baris 13.",
        "Sheet 'Belanja', baris 8, kolom F (Anggaran): realisasi TW I–IV berjumlah Rp 11.000.000, melebihi "
        "anggaran Rp 10.000.000.",
        "Sheet 'Belanja', baris 9, kolom D (Kode rekening): '5.1.x' bukan kode rekening (contoh: "
        "5.1.02.01.01.0024).",
        "Sheet 'Belanja', baris 10, kolom B (Kode sub kegiatan): sub kegiatan '9.99' tidak ada di Renja ini.",
        "Sheet 'Belanja', baris 12, kolom D (Kode rekening): kode rekening '5.1.03' untuk sub kegiatan "
        "1.01.02.1.01.0002 sudah ada di baris 11.",
        # across quarters; A's TW I and TW II rows and B's TW I and TW II rows were refused above, so they
        # count as not reported (none is stored)
        "Sheet 'TW IV', baris 11, kolom G (Realisasi keuangan): realisasi keuangan kumulatif sampai Triwulan IV "
        "Rp 105.000.000 melebihi pagu sub kegiatan 1.01.02.1.01.0001 Rp 100.000.000.",
        "Sheet 'TW III', baris 13, kolom H (Realisasi fisik): '35' lebih tinggi dari realisasi fisik Triwulan IV "
        "yang tercatat (30 %); realisasi fisik kumulatif tidak boleh turun.",
        "Sheet 'TW III', baris 13, kolom G (Realisasi keuangan): realisasi keuangan kumulatif sampai Triwulan IV "
        "Rp 301.000.000 melebihi pagu sub kegiatan 1.01.02.1.01.0002 Rp 300.000.000.",
    ]
    assert snapshot() == before


def test_fisik_may_not_go_down_from_a_quarter_in_the_file_or_a_stored_one(plan, operator):
    i = ids(plan)
    RealisasiSubKegiatan.objects.create(sub_kegiatan=plan["b"], triwulan=1, fisik=D(25))
    before = snapshot()
    wb = workbook(write_template(plan["renja"]))
    del wb["TW I"]
    fill(wb["TW II"], i["a"], fisik=50)
    fill(wb["TW III"], i["a"], fisik="40,5")
    fill(wb["TW III"], i["b"], fisik=20)
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        "Sheet 'TW III', baris 11, kolom H (Realisasi fisik): '40,5' lebih rendah dari realisasi fisik Triwulan II "
        "di berkas (50 %); realisasi fisik kumulatif tidak boleh turun.",
        "Sheet 'TW III', baris 13, kolom H (Realisasi fisik): '20' lebih rendah dari realisasi fisik Triwulan I "
        "yang tercatat (25 %); realisasi fisik kumulatif tidak boleh turun.",
    ]
    assert snapshot() == before


def test_a_partly_bad_file_changes_nothing(plan, operator):
    i = ids(plan)
    RealisasiSubKegiatan.objects.create(sub_kegiatan=plan["a"], triwulan=1, keuangan=10 * M, fisik=D(10))
    before = snapshot()
    wb = workbook(write_template(plan["renja"]))
    fill(wb["TW I"], i["a"], keuangan=20 * M, fisik=15)      # good
    fill(wb["TW I"], i["ia"], indikator="4 Dokumen")         # good
    fill(wb["TW II"], i["a"], keuangan=30 * M, fisik=30)     # good
    belanja_row(wb["Belanja"], 8, kode_rekening="5.1.01", anggaran=10 * M, tw1=1 * M)  # good
    fill(wb["TW IV"], i["b"], fisik="seratus")               # the one bad cell
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        "Sheet 'TW IV', baris 13, kolom H (Realisasi fisik): 'seratus' bukan angka (bukan angka)."]
    assert snapshot() == before
    assert RealisasiSubKegiatan.objects.get().keuangan == 10 * M


def test_only_a_plan_in_force_takes_realisation(operator):
    draft = make_plan(status=Renja.Status.DRAFT)
    content = write_template(draft["renja"])  # the template itself is for anyone who sees the plan
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(draft["renja"], content, user=operator)
    assert refused.value.errors == [
        "Renja DU 2026 (Renja Final) berstatus Draf: realisasi hanya dicatat pada Renja yang telah "
        "Ditetapkan. Tidak ada yang diubah."]


def test_a_file_of_another_plan_or_not_a_workbook_is_refused_at_once(plan, operator):
    other = make_plan(pd_kode="1.02", nama="Dinas Lain", singkatan="DL", pemda=plan["renja"].perangkat_daerah.pemda)
    wb = workbook(write_template(other["renja"]))
    del wb["TW II"], wb["TW III"], wb["TW IV"], wb["Belanja"]
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        f"Sheet 'TW I': berkas ini dibuat untuk Renja lain (ID Renja {other['renja'].pk}), bukan Renja DU "
        f"2026 (Renja Final) (ID Renja {plan['renja'].pk}); unduh templat dari Renja ini."]
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], b"bukan excel", user=operator)
    assert refused.value.errors[0] == "berkas: bukan buku kerja Excel (.xlsx)"  # refused by the safety check
    empty = openpyxl.Workbook()
    empty.active.title = "Lembar1"
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(empty), user=operator)
    assert refused.value.errors == [
        "berkas tidak memuat sheet 'TW I', 'TW II', 'TW III', 'TW IV' atau 'Belanja'; gunakan templat yang "
        "diunduh dari Renja ini."]
    assert not RealisasiSubKegiatan.objects.exists()


def test_a_sheet_without_its_columns_is_named(plan, operator):
    wb = workbook(write_template(plan["renja"]))
    wb["TW I"].cell(7, COL["fisik"]).value = "Fisik"
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        "Sheet 'TW I', baris 7: kolom 'Realisasi fisik kumulatif (%)' tidak ditemukan di baris judul; gunakan "
        "templat yang diunduh dari Renja ini."]


def test_values_the_web_form_refuses_are_refused_here_too(plan, operator):
    """The same rules as monitoring.entry: an indicator's realisation holds a number, fisik has two decimals at
    most, spending accounts start with 5, planned spending stays within the pagu, a pagu not read stops the
    check."""
    i = ids(plan)
    SubKegiatan.objects.filter(pk=plan["b"].pk).update(pagu_n=None, pagu_n_teks="tiga ratus juta")
    wb = workbook(write_template(plan["renja"]))
    fill(wb["TW I"], i["a"], rencana=80 * M)
    fill(wb["TW III"], i["a"], fisik="12,345")
    fill(wb["TW I"], i["ia"], indikator="belum ada laporan")
    fill(wb["TW I"], i["ib"], indikator="-2 Dokumen")
    fill(wb["TW I"], i["b"], keuangan=1)
    fill(wb["TW II"], i["a"], rencana="30.000.000")
    belanja_row(wb["Belanja"], 8, kode_rekening="4.1.01", anggaran=1)
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        "Sheet 'TW I', baris 12, kolom K (Realisasi indikator): 'belum ada laporan' tidak dapat dibaca (tidak berisi "
        "angka); tulis satu angka, boleh dengan satuannya, misalnya '45 %' atau '12 Dokumen'.",
        "Sheet 'TW I', baris 14, kolom K (Realisasi indikator): '-2 Dokumen' tidak dapat dibaca (angka negatif tidak "
        "dapat dicatat); tulis satu angka, boleh dengan satuannya, misalnya '45 %' atau '12 Dokumen'.",
        "Sheet 'TW III', baris 11, kolom H (Realisasi fisik): '12,345' memiliki lebih dari dua angka di belakang "
        "koma.",
        "Sheet 'Belanja', baris 8, kolom D (Kode rekening): '4.1.01' bukan kode rekening (contoh: "
        "5.1.02.01.01.0024).",
        "Sheet 'TW II', baris 11, kolom F (Rencana keuangan): rencana keuangan kumulatif sampai Triwulan II "
        "Rp 110.000.000 melebihi pagu sub kegiatan 1.01.02.1.01.0001 Rp 100.000.000.",
        "Sheet 'TW I', baris 13, kolom G (Realisasi keuangan): pagu sub kegiatan 1.01.02.1.01.0002 belum terbaca "
        "('tiga ratus juta'), sehingga realisasi keuangan tidak dapat diperiksa terhadapnya; perbaiki pagu melalui "
        "Renja Perubahan.",
    ]
    assert not RealisasiSubKegiatan.objects.exists() and not RealisasiIndikator.objects.exists()


def test_accounts_budgeting_more_than_the_pagu_are_refused_as_in_the_app(plan, operator):
    i = ids(plan)
    before = snapshot()
    wb = workbook(write_template(plan["renja"]))
    belanja_row(wb["Belanja"], 8, kode_rekening="5.1.01", anggaran=70 * M)
    belanja_row(wb["Belanja"], 9, sub_id=i["a"], kode_sub=None, kode_rekening="5.1.02", anggaran="40.000.000")
    with pytest.raises(RealisationLoadError) as refused:
        load_workbook(plan["renja"], save(wb), user=operator)
    assert refused.value.errors == [
        "Sheet 'Belanja', baris 9, kolom F (Anggaran): anggaran rekening sub kegiatan 1.01.02.1.01.0001 berjumlah "
        "Rp 110.000.000, melebihi pagunya Rp 100.000.000."]
    assert snapshot() == before
