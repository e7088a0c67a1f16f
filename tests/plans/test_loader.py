"""The exchange loader: a good file loads completely, a bad file changes nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.apps import apps

from renja.exchange.loader import LoadError, load_document, load_file
from renja.monitoring.models import BarisRealisasi
from renja.plans.models import (
    Indikator,
    Kegiatan,
    Pernyataan,
    Program,
    Renja,
    SubKegiatan,
)
from renja.plans.rollup import renja_totals
from renja.reference.models import Nomenklatur, SumberDana

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "exchange" / "clean_plan.yaml"
pytestmark = pytest.mark.django_db


def clean_document():
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def row_counts():
    """Rows in every table of Renja's own apps: the proof that a failed load wrote nothing."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"organizations", "reference", "plans", "monitoring"}
    }


def test_clean_plan_loads_completely():
    report = load_file(FIXTURE)
    renja = report.renja
    assert (renja.tahun, renja.tahap, renja.perangkat_daerah.singkatan) == (2025, "rancangan", "DP3A")
    assert report.problems == []
    assert report.counts["program"] == 2 and report.counts["kegiatan"] == 2 and report.counts["sub_kegiatan"] == 3
    sub = SubKegiatan.objects.get(kode="2.08.01.2.02.0007")  # 2-digit code normalised
    assert (sub.pagu_n, sub.pagu_n1, sub.kode_asli) == (50000000, 55000000, "2.08.01.2.02.07")
    assert sorted(SumberDana.objects.values_list("nama", flat=True)) == ["APBD", "DAK"]
    assert SubKegiatan.objects.get(kode="2.08.07.2.01.0002").sumber_dana.count() == 2
    indicator = Indikator.objects.get(program__kode="2.08.07")
    assert (indicator.polaritas, indicator.target_n, indicator.target_n1) == ("negatif", Decimal("0.02"), Decimal("0.019"))
    target = Indikator.objects.get(sub_kegiatan=sub)
    assert (target.target_n, target.target_n_satuan) == (Decimal("12"), "Laporan")


def test_statements_are_kept_beside_the_plan():
    report = load_file(FIXTURE)
    stated = Pernyataan.objects.get(renja=report.renja, tabel="T-C.33", kunci="pagu_n", kode="2.08.07")
    assert stated.nilai == Decimal("500000000") and stated.teks == "500.000.000"
    assert Pernyataan.objects.get(tabel="BAB IV", kunci="total_pagu_n").nilai == Decimal("900000000")
    assert Pernyataan.objects.get(tabel="ringkasan", kunci="realisasi", baris="Total").nilai == Decimal("380000000")


def test_totals_are_computed_from_sub_kegiatan():
    report = load_file(FIXTURE)
    programs, urusan, non_urusan, total = renja_totals(report.renja)
    assert [(p.program.kode, p.pagu_n, p.pagu_n1) for p in programs] == [
        ("2.08.01", 400000000, 440000000), ("2.08.07", 500000000, 550000000)]
    assert (non_urusan.jumlah_program, non_urusan.pagu_n) == (1, 400000000)
    assert (urusan.jumlah_program, urusan.pagu_n) == (1, 500000000)
    assert (total.jumlah_kegiatan, total.jumlah_sub_kegiatan, total.pagu_n, total.pagu_n1) == (2, 3, 900000000, 990000000)


def test_nomenclature_entries_are_created_from_the_plan_and_marked():
    report = load_file(FIXTURE)
    entries = Nomenklatur.objects.filter(versi=report.renja.nomenklatur)
    assert entries.count() == 7  # 2 programs, 2 kegiatan, 3 sub kegiatan
    assert all(e.dari_rencana for e in entries)
    sub = entries.get(kode="2.08.07.2.01.0002")
    assert sub.induk.kode == "2.08.07.2.01" and sub.jenis_pemda == "kabkot"
    assert SubKegiatan.objects.get(kode="2.08.07.2.01.0002").nomenklatur == sub


def test_renstra_is_loaded_with_targets():
    report = load_file(FIXTURE)
    renstra = report.renja.perangkat_daerah.renstra.get()
    iku = renstra.indikator.get(jenis="iku")
    assert iku.sasaran.tujuan.nomor == "1" and iku.polaritas == "negatif"
    assert iku.target.get(tahun=2025).nilai == Decimal("0.02")


def test_unreadable_values_are_kept_and_reported():
    document = clean_document()
    sub = document["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    sub["pagu_n"] = "275.884.120."
    sub["kode"] = "2\t0\t0\t2.01\t0"
    report = load_document(document)
    stored = SubKegiatan.objects.get(nama=sub["nama"])
    assert (stored.pagu_n, stored.pagu_n_teks) == (None, "275.884.120.")
    assert (stored.kode, stored.kode_asli) == ("", "2\t0\t0\t2.01\t0")
    why = {(p.field, p.text): p.why for p in report.problems}
    assert "titik di akhir" in why[("pagu_n", "275.884.120.")]
    assert "bidang urusan" in why[("kode", "2\t0\t0\t2.01\t0")]
    assert all(p.table == "T-C.33" for p in report.problems)


def test_a_row_with_only_a_code_is_kept_and_reported():
    document = clean_document()
    document["renja"]["program"][1]["kegiatan"][0]["sub_kegiatan"].append({"kode": "2.08.07.2.01.0009", "nama": None})
    report = load_document(document)
    assert SubKegiatan.objects.filter(kode="2.08.07.2.01.0009", nama="").exists()
    assert any(p.field == "nama" and "hanya berisi kode" in p.why for p in report.problems)


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda d: d["renja"]["program"][0].update(pagu_n=5), "kunci tidak dikenal: pagu_n"),
        (lambda d: d.update(extra=1), "kunci tidak dikenal: extra"),
        (lambda d: d["renja"].update(tahap="akhir"), "tidak diizinkan"),
        (lambda d: d.pop("renja"), "renja"),
        (lambda d: d["renja"].update(tahun="2025"), "jenis nilai salah"),
    ],
)
def test_structurally_bad_document_writes_nothing(breakage, message):
    before = row_counts()
    document = clean_document()
    breakage(document)
    with pytest.raises(LoadError) as raised:
        load_document(document)
    assert any(message in error for error in raised.value.errors), raised.value.errors
    assert row_counts() == before


def test_error_found_late_rolls_everything_back():
    """The plan tree is written before the evaluation; an error there must undo the plan too."""
    before = row_counts()
    document = clean_document()
    document["evaluasi"][0]["tabel"].append(dict(document["evaluasi"][0]["tabel"][0]))  # duplicate table id
    with pytest.raises(LoadError, match="dipakai dua kali"):
        load_document(document)
    assert row_counts() == before
    assert not Program.objects.exists()


def test_loading_an_existing_plan_is_refused_unless_replaced():
    first = load_file(FIXTURE).renja
    counts = row_counts()
    with pytest.raises(LoadError, match="sudah ada"):
        load_file(FIXTURE)
    assert row_counts() == counts
    second = load_file(FIXTURE, replace=True).renja
    assert second.pk != first.pk
    assert Renja.objects.count() == 1 and Kegiatan.objects.count() == 2


def test_yaml_syntax_error_is_a_load_error(tmp_path):
    path = tmp_path / "rusak.yaml"
    path.write_text("renja: [tidak ditutup\n", encoding="utf-8")
    with pytest.raises(LoadError, match="tidak dapat dibaca"):
        load_file(path)


def test_json_is_accepted(tmp_path):
    import json

    path = tmp_path / "renja.json"
    path.write_text(json.dumps(clean_document()), encoding="utf-8")
    assert load_file(path).counts["sub_kegiatan"] == 3


def test_evaluations_of_one_year_from_several_files_are_merged(tmp_path):
    document = clean_document()
    extra = {"evaluasi": [{"tahun": 2024, "belanja": [{"tabel": "Tabel 3", "uraian": "Belanja Modal", "anggaran": "1"}]}]}
    (tmp_path / "00.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    (tmp_path / "10.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    renja = load_file(tmp_path).renja
    evaluation = renja.evaluasi.get()
    assert sorted(evaluation.belanja.values_list("tabel", flat=True)) == ["Tabel 1", "Tabel 3"]


def test_numbers_read_with_a_decimal_point_or_ambiguously_are_reported_never_silent():
    """'1.286' in a percentage column is 1,286 % (not 1286 %); '0.286' and a target '0.0207' are read with their
    point as the decimal comma: each is kept and reported as a problem naming how it was read."""
    document = clean_document()
    row = document["evaluasi"][0]["tabel"][0]["baris"][0]
    row["fisik"], row["keuangan"] = "1.286", "0.286"
    document["renja"]["program"][1]["indikator"][0]["target_n"] = "0.0207"
    report = load_document(document)
    why = {(p.field, p.text): p.why for p in report.problems}
    assert why[("fisik", "1.286")] == "angka ambigu: dibaca 1,286 (persentase); bisa juga 1.286"
    assert why[("keuangan", "0.286")] == "titik dibaca sebagai koma desimal (dibaca 0,286)"
    assert why[("target_n", "0.0207")] == "titik dibaca sebagai koma desimal (dibaca 0,0207)"
    stored = BarisRealisasi.objects.get(tabel__evaluasi__renja=report.renja)
    assert (stored.fisik, stored.keuangan) == (Decimal("1.286"), Decimal("0.286"))
