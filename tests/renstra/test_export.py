"""The Renstra out as data: `renja export --renstra` writes the Renstra alone (tujuan, sasaran, IKU, the matrix), and
loading that file gives the same matrix back (read from the database, not from the exporter), also for values that
could not be read (kept as written)."""

import pytest
import yaml
from typer.testing import CliRunner

from renja.cli import app
from renja.exchange.export import export_renstra
from renja.exchange.loader import load_document
from renja.plans.models import Renja, Renstra
from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

from .test_start import document

pytestmark = pytest.mark.django_db
runner = CliRunner()


def matrix_of(renstra):
    """Everything the matrix holds, independent of ids, in document order."""
    rows = []
    for row in BarisRenstra.objects.filter(renstra=renstra).order_by("urutan", "id"):
        parent = row.induk.kode if row.induk_id else None
        pagu = sorted((p.tahun, p.pagu, p.pagu_teks) for p in PaguRenstra.objects.filter(baris=row))
        indicators = []
        for i in IndikatorRenstra.objects.filter(baris=row).order_by("urutan", "id"):
            targets = sorted((t.tahun, t.teks, t.nilai, t.satuan) for t in TargetRenstra.objects.filter(indikator=i))
            indicators.append((i.uraian, i.satuan, i.polaritas, i.kondisi_awal_teks, i.kondisi_awal,
                               i.kondisi_akhir_teks, i.kondisi_akhir, targets))
        rows.append((row.tingkat, parent, row.kode, row.kode_asli, row.nama, row.unit_penanggung_jawab, row.lokasi,
                     sorted(s.nomor for s in row.sasaran.all()), pagu, indicators))
    goals = [(t.nomor, t.uraian) for t in renstra.tujuan.order_by("urutan")]
    targets = [(s.nomor, s.tujuan.nomor if s.tujuan_id else None, s.uraian) for s in renstra.sasaran.order_by("urutan")]
    return rows, goals, targets, renstra.indikator.count()


def test_the_exported_renstra_loads_back_into_the_same_matrix(tmp_path):
    load_document(document(2025))
    renstra = Renstra.objects.get()
    before = matrix_of(renstra)
    assert len(before[0]) == 7 and any(p[2] == "52O.000.000" for r in before[0] for p in r[8])  # kept as written
    path = tmp_path / "renstra.yaml"
    result = runner.invoke(app, ["export", "--renstra", "--pd", renstra.perangkat_daerah.kode, "--format", "yaml",
                                 "-o", str(path)])
    assert result.exit_code == 0, result.output
    exported = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "renja" not in exported and exported["renstra"]["program"]
    Renstra.objects.all().delete()
    Renja.objects.all().delete()
    report = load_document(exported)
    assert report.renja is None and report.renstra is not None
    again = Renstra.objects.get()
    assert matrix_of(again) == before
    assert export_renstra(again) == exported  # and the same file again


def test_export_renstra_without_one_fails_clearly(tmp_path):
    result = runner.invoke(app, ["export", "--renstra", "--format", "yaml", "-o", str(tmp_path / "r.yaml")])
    assert result.exit_code != 0 and "tidak ada Renstra" in result.output
    assert not (tmp_path / "r.yaml").exists()


def test_export_renstra_as_xlsx_is_the_matrix_workbook_the_reader_reads(tmp_path):
    from renja.exchange.workbook import read_workbook

    load_document(document(2025))
    renstra = Renstra.objects.get()
    path = tmp_path / "renstra.xlsx"
    result = runner.invoke(app, ["export", "--renstra", "--format", "xlsx", "-o", str(path)])
    assert result.exit_code == 0, result.output
    reading = read_workbook(path, pd=renstra.perangkat_daerah)
    codes = [p["kode"] for p in reading.document["renstra"]["program"]]
    assert codes == ["2.08.01", "2.08.07"]
