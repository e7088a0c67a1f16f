"""`renja realisasi templat` and `renja realisasi muat`, in process on the test database."""

from decimal import Decimal

import openpyxl
import pytest
from typer.testing import CliRunner

from renja.cli import app
from renja.monitoring.models import RealisasiSubKegiatan
from renja.plans.models import Renja
from tests.monitoring.test_spreadsheet import fill, make_plan

pytestmark = pytest.mark.django_db
runner = CliRunner()
M = 1_000_000


def invoke(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_template_then_load_prints_a_line_per_sheet(tmp_path):
    plan = make_plan()
    path = tmp_path / "realisasi.xlsx"
    result = invoke("realisasi", "templat", "--pd", "DU", "--tahun", "2026", str(path))
    assert result.exit_code == 0, result.output
    assert f"Ditulis: {path}" in result.output
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["TW I", "TW II", "TW III", "TW IV", "Belanja"]
    fill(wb["TW I"], f"S-{plan['a'].pk}", keuangan="12.500.000", fisik=20)
    fill(wb["TW I"], f"I-{plan['ia'].pk}", indikator="3 Dokumen")
    fill(wb["TW II"], f"S-{plan['b'].pk}", keuangan=45_000_000, fisik="30,5")
    del wb["TW IV"]
    wb.save(path)

    result = invoke("realisasi", "muat", "--pd", "DU", "--tahun", "2026", "--tahap", "final", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-5:] == [
        "  TW I: 2 baris baru, 0 diperbarui, 0 tidak berubah",
        "  TW II: 1 baris baru, 0 diperbarui, 0 tidak berubah",
        "  TW III: 0 baris baru, 0 diperbarui, 0 tidak berubah",
        "  TW IV: tidak ada di berkas; tidak diubah",
        "  Belanja: 0 baris baru, 0 diperbarui, 0 tidak berubah",
    ]
    assert "Dimuat: realisasi Renja DU 2026 (Renja Final)" in result.output
    assert sorted(RealisasiSubKegiatan.objects.values_list("triwulan", "keuangan", "fisik")) == [
        (1, 12_500_000, Decimal("20.00")), (2, 45 * M, Decimal("30.50"))]
    history = RealisasiSubKegiatan.history.filter(triwulan=1).get()
    assert history.history_change_reason == "unggah realisasi realisasi.xlsx"

    again = invoke("realisasi", "muat", "--pd", "DU", "--tahun", "2026", str(path))
    assert again.exit_code == 0, again.output
    assert "  TW I: 0 baris baru, 0 diperbarui, 2 tidak berubah" in again.output


def test_a_bad_file_prints_every_error_exits_1_and_changes_nothing(tmp_path):
    plan = make_plan()
    RealisasiSubKegiatan.objects.create(sub_kegiatan=plan["a"], triwulan=1, keuangan=5 * M, fisik=Decimal(10))
    path = tmp_path / "realisasi.xlsx"
    assert invoke("realisasi", "templat", "--pd", "1.01", "--tahun", "2026", str(path)).exit_code == 0
    wb = openpyxl.load_workbook(path)
    fill(wb["TW I"], f"S-{plan['a'].pk}", keuangan=7 * M)
    fill(wb["TW II"], f"S-{plan['a'].pk}", fisik=120)
    fill(wb["TW III"], f"S-{plan['b'].pk}", keuangan="1,5 juta")
    wb.save(path)
    result = invoke("realisasi", "muat", "--pd", "DU", "--tahun", "2026", str(path))
    assert result.exit_code == 1
    assert "Berkas tidak dimuat; basis data tidak berubah. 2 kesalahan:" in result.output
    assert "  • Sheet 'TW II', baris 11, kolom H (Realisasi fisik): '120' di luar 0–100." in result.output
    assert ("  • Sheet 'TW III', baris 13, kolom G (Realisasi keuangan): '1,5 juta' bukan jumlah rupiah yang sah "
            "(rupiah tidak boleh berisi koma desimal).") in result.output
    assert list(RealisasiSubKegiatan.objects.values_list("triwulan", "keuangan")) == [(1, 5 * M)]


def test_a_plan_not_in_force_is_refused(tmp_path):
    make_plan(status=Renja.Status.DIVERIFIKASI)
    path = tmp_path / "realisasi.xlsx"
    assert invoke("realisasi", "templat", "--pd", "DU", "--tahun", "2026", str(path)).exit_code == 0
    result = invoke("realisasi", "muat", "--pd", "DU", "--tahun", "2026", str(path))
    assert result.exit_code == 1
    assert ("Renja DU 2026 (Renja Final) berstatus Diverifikasi: realisasi hanya dicatat pada Renja yang telah "
            "Ditetapkan. Tidak ada yang diubah.") in result.output
    missing = invoke("realisasi", "muat", "--pd", "DU", "--tahun", "2026", str(tmp_path / "tidak-ada.xlsx"))
    assert missing.exit_code == 2 and "berkas tidak ditemukan" in missing.output


def test_without_a_stage_the_plan_in_force_is_chosen(tmp_path):
    plan = make_plan()  # "final", ditetapkan
    pd = plan["renja"].perangkat_daerah
    later = Renja.objects.create(perangkat_daerah=pd, tahun=2026, tahap=Renja.Tahap.PERUBAHAN)  # a draft, newer
    path = tmp_path / "realisasi.xlsx"
    result = invoke("realisasi", "templat", "--pd", "DU", "--tahun", "2026", str(path))
    assert result.exit_code == 0, result.output
    assert "Renja DU 2026 (Renja Final), status Ditetapkan" in result.output
    assert openpyxl.load_workbook(path)["TW I"]["C5"].value == plan["renja"].pk
    result = invoke("realisasi", "templat", "--pd", "DU", "--tahun", "2026", "--tahap", "perubahan", str(path))
    assert "status Draf" in result.output
    assert openpyxl.load_workbook(path)["TW I"]["C5"].value == later.pk


def test_synth_with_realisation_sets_the_plans_in_force_and_fills_the_quarters():
    result = invoke("synth", "--pd", "2", "--sub", "6", "--realisasi", "2")
    assert result.exit_code == 0, result.output
    assert "Realisasi: 2 triwulan untuk 2 Renja (ditetapkan)." in result.output
    plans = list(Renja.objects.all())
    assert len(plans) == 2 and {p.status for p in plans} == {Renja.Status.DITETAPKAN}
    assert set(RealisasiSubKegiatan.objects.values_list("triwulan", flat=True)) == {1, 2}
