"""`renja synth --pemda` and `renja rollup`: a small synthetic province, its roll-ups as a table and as JSON."""

import json

import pytest
from typer.testing import CliRunner

from renja.cli import app
from renja.organizations.models import Pemda
from renja.plans.models import PrioritasDaerah, Renja, SubKegiatan

runner = CliRunner()


@pytest.mark.django_db
def test_synth_province_then_rollup():
    result = runner.invoke(app, ["synth", "--pemda", "2", "--pd", "2", "--sub", "8", "--provinsi", "15",
                                 "--realisasi", "2"])
    assert result.exit_code == 0, result.output
    assert "4 Renja sintetis tahun 2026 di 2 Pemda provinsi 15" in result.output
    assert list(Pemda.objects.values_list("kode", "jenis")) == [("15", "provinsi"), ("15.01", "kabupaten"),
                                                                 ("15.71", "kota")]  # the province too
    assert Renja.objects.count() == 4 and PrioritasDaerah.objects.count() == 4

    result = runner.invoke(app, ["rollup", "--by", "pemda", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    total = sum(SubKegiatan.objects.values_list("pagu_n", flat=True))
    assert [r["kode"] for r in data["rows"]] == ["15.01", "15.71"]
    assert sum(r["pagu_n"] for r in data["rows"]) == data["total"]["pagu_n"] == total
    assert 0 < data["total"]["realisasi"] < total  # two quarters of four spent
    assert data["renja"] == 4 and data["tahun"] == 2026

    result = runner.invoke(app, ["rollup", "--pemda", "15.71", "--by", "urusan"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    pemda_total = sum(SubKegiatan.objects.filter(
        kegiatan__program__renja__perangkat_daerah__pemda__kode="15.71").values_list("pagu_n", flat=True))
    assert f"{pemda_total:,}".replace(",", ".") in result.output
    assert "Rekapitulasi per urusan" in result.output and "Jumlah" in result.output


@pytest.mark.django_db
def test_rollup_refuses_unknown_pemda_and_grouping():
    result = runner.invoke(app, ["rollup", "--pemda", "77"])
    assert result.exit_code == 2 and "tidak ada di basis data" in result.output
    result = runner.invoke(app, ["rollup", "--by", "kecamatan"])
    assert result.exit_code == 2 and "tidak dikenal" in result.output
    result = runner.invoke(app, ["synth", "--pemda", "2", "--provinsi", "Jambi"])
    assert result.exit_code == 2 and "tidak sah" in result.output
    assert not Renja.objects.exists()
