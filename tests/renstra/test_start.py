"""The Renstra matrix loaded from an exchange file, and next year's Renja started from it: every column it
can fill is filled from the Renstra and the realisation of earlier years, and the rest is reported."""

import json
from decimal import Decimal

import pytest
import yaml

from renja.core.errors import InputRefused
from renja.exchange.loader import load_document
from renja.monitoring.models import RealisasiIndikator
from renja.plans import sources
from renja.plans.models import Indikator, Narasi, Renja, SubKegiatan
from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra
from renja.renstra.start import start_from_renstra
from tests.conftest import CLEAN_PLAN

GAJI = "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN"
MATRIX = [
    {"kode": "2.08.01", "nama": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "sasaran": ["1"],
     "unit": "Sekretariat",
     "indikator": [{"uraian": "Nilai SAKIP", "kondisi_awal": "70", "kondisi_akhir": "80",
                    "target": {"2025": "75", "2026": "78"}}],
     "kegiatan": [{
         "kode": "2.08.01.2.02", "nama": "Administrasi Keuangan Perangkat Daerah",
         "sub_kegiatan": [
             {"kode": "2.08.01.2.02.0001", "nama": "Penyediaan Gaji dan Tunjangan ASN", "lokasi": "Kota Contoh",
              "indikator": [{"uraian": GAJI, "satuan": "Orang", "kondisi_awal": "38", "kondisi_akhir": "42 Orang",
                             "target": {"2025": "40 Orang", "2026": "41 Orang"}}],
              "pagu": {"2025": "350.000.000", "2026": "360.000.000"}},
             {"kode": "2.08.01.2.02.0007", "nama": "Koordinasi dan Penyusunan Laporan Keuangan",
              "pagu": {"2025": "50.000.000"}},  # not planned in 2026
         ]}]},
    {"kode": "2.08.07", "nama": "PROGRAM PERLINDUNGAN KHUSUS ANAK",
     "kegiatan": [{
         "kode": "2.08.07.2.01", "nama": "Pencegahan Kekerasan terhadap Anak",
         "sub_kegiatan": [
             {"kode": "2.08.07.2.01.0002", "nama": "Koordinasi dan Sinkronisasi Pencegahan Kekerasan",
              "indikator": [{"uraian": "Jumlah Koordinasi", "target": {"2026": "6 Kali"}}],
              "pagu": {"2025": "52O.000.000", "2026": "Rp 520.000.000"}},
         ]}]},
]


def document(tahun, matrix=True):
    doc = yaml.safe_load(CLEAN_PLAN.read_text(encoding="utf-8"))
    doc["renja"]["tahun"] = tahun
    doc.pop("evaluasi", None)
    if matrix:
        doc["renstra"]["program"] = MATRIX
    return doc


@pytest.fixture
def history():
    """The plans in force of 2024 (with its indicators' realisation) and 2025, and the Renstra 2021–2026."""
    plans = {}
    for tahun in (2024, 2025):
        report = load_document(document(tahun))
        Renja.objects.filter(pk=report.renja.pk).update(status=Renja.Status.DITETAPKAN)
        plans[tahun] = report
    gaji_2024 = Indikator.objects.get(sub_kegiatan__kegiatan__program__renja=plans[2024].renja, uraian=GAJI)
    for triwulan, nilai in ((1, 10), (2, 10), (3, 10), (4, 9)):
        RealisasiIndikator.objects.create(indikator=gaji_2024, triwulan=triwulan, teks=str(nilai), nilai=nilai)
    return plans


def test_the_matrix_is_loaded_with_its_problems(history):
    report = history[2024]
    assert report.counts["renstra_baris"] == 7
    rows = {r.kode: r for r in BarisRenstra.objects.all()}
    assert rows["2.08.01.2.02"].induk == rows["2.08.01"] and rows["2.08.01"].unit_penanggung_jawab == "Sekretariat"
    assert [s.nomor for s in rows["2.08.01"].sasaran.all()] == ["1"]
    assert PaguRenstra.objects.get(baris=rows["2.08.01.2.02.0001"], tahun=2026).pagu == 360_000_000
    assert PaguRenstra.objects.get(baris=rows["2.08.07.2.01.0002"], tahun=2025).pagu is None
    assert any(p.field == "pagu 2025" and p.text == "52O.000.000" for p in report.problems)
    gaji = IndikatorRenstra.objects.get(uraian=GAJI)
    assert (gaji.kondisi_awal, gaji.kondisi_akhir, gaji.kondisi_akhir_teks) == (Decimal(38), Decimal(42), "42 Orang")
    assert TargetRenstra.objects.get(indikator=gaji, tahun=2026).nilai == 41


def test_a_renja_is_started_from_the_renstra_and_the_years_before(history):
    report = start_from_renstra(history[2025].renja.perangkat_daerah, 2026)
    plan = report.renja
    assert (plan.tahun, plan.tahap, plan.status) == (2026, "rancangan_awal", "draft")
    assert report.counts == {"program": 2, "kegiatan": 2, "sub_kegiatan": 2, "indikator": 3}
    subs = {s.kode: s for s in SubKegiatan.objects.filter(kegiatan__program__renja=plan)}
    assert set(subs) == {"2.08.01.2.02.0001", "2.08.07.2.01.0002"}  # 0007 has nothing in 2026
    assert (subs["2.08.01.2.02.0001"].pagu_n, subs["2.08.07.2.01.0002"].pagu_n) == (360_000_000, 520_000_000)
    assert subs["2.08.01.2.02.0001"].pagu_n1 is None  # 2027 lies beyond the Renstra 2021–2026
    assert [s.nama for s in subs["2.08.07.2.01.0002"].sumber_dana.order_by("nama")] == ["APBD", "DAK"]
    assert subs["2.08.07.2.01.0002"].sumber_dana_ids.count(",") == 1
    assert sources.out_of_step(SubKegiatan.objects.filter(kegiatan__program__renja=plan)) == []

    gaji = Indikator.objects.get(sub_kegiatan=subs["2.08.01.2.02.0001"])
    assert (gaji.target_n, gaji.target_n_teks, gaji.target_n_satuan) == (Decimal(41), "41 Orang", "Orang")
    assert (gaji.target_renstra, gaji.target_renstra_teks) == (Decimal(42), "42 Orang")
    assert (gaji.realisasi_n2, gaji.realisasi_n2_teks) == (Decimal(39), "39 Orang")  # 10 + 10 + 10 + 9 in 2024
    assert (gaji.prakiraan_n1, gaji.prakiraan_n1_teks) == (Decimal(40), "40 Orang")  # 2025's target: no realisation
    sakip = Indikator.objects.get(program__renja=plan)
    assert (sakip.target_n, sakip.target_renstra, sakip.prakiraan_n1) == (Decimal(78), Decimal(80), Decimal(75))

    assert "1 sub kegiatan Renstra tanpa pagu maupun target tahun 2026 tidak dimasukkan." in report.filled
    assert any("prakiraan 2025 diambil dari targetnya" in line for line in report.filled)
    unfilled = "\n".join(report.unfilled)
    assert "2.08.01.2.02.0001: pagu prakiraan maju 2027 kosong (di luar periode Renstra)." in unfilled
    assert "indikator 'Jumlah Koordinasi': realisasi tahun 2024 tidak tercatat." in unfilled
    assert "2.08.07.2.01.0002 · indikator 'Jumlah Koordinasi': Renstra tidak memberi target tahun 2026" not in unfilled
    assert [n.judul for n in Narasi.objects.filter(renja=plan)] == ["Latar Belakang"]
    assert plan.history.first().history_change_reason == "disusun dari Renstra"


def test_nothing_is_started_twice_or_without_a_renstra(history):
    pd = history[2025].renja.perangkat_daerah
    start_from_renstra(pd, 2026)
    plans = Renja.objects.count()
    with pytest.raises(InputRefused, match="sudah ada"):
        start_from_renstra(pd, 2026)
    with pytest.raises(InputRefused, match="mencakup tahun 2031"):
        start_from_renstra(pd, 2031)
    assert Renja.objects.count() == plans


def test_a_renstra_without_a_matrix_is_refused_with_the_reason():
    pd = load_document(document(2025, matrix=False)).renja.perangkat_daerah
    with pytest.raises(InputRefused, match="belum berisi matriks"):
        start_from_renstra(pd, 2026)
    assert not Renja.objects.filter(tahun=2026).exists()


def test_renja_plan_new_on_the_command_line(history):
    from typer.testing import CliRunner

    from renja.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["plan", "new", "--pd", "DP3A", "--year", "2026"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Disusun:" in result.output and "2 sub kegiatan" in result.output and "Rancangan Awal" in result.output
    assert "Belum terisi (" in result.output and "di luar periode Renstra" in result.output
    again = runner.invoke(app, ["plan", "new", "--pd", "DP3A", "--year", "2026", "--json"])
    assert again.exit_code == 1 and "sudah ada" in again.output
    assert Renja.objects.filter(tahun=2026).count() == 1
    result = runner.invoke(app, ["plan", "new", "--pd", "DP3A", "--year", "2025", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["renja"]["tahun"], data["renja"]["tahap"]) == (2025, "rancangan_awal")
    assert data["counts"]["sub_kegiatan"] == 3  # in 2025 the Renstra plans all three
    assert any("realisasi tahun 2023 tidak tercatat" in line for line in data["unfilled"])
    assert "2.08.07.2.01.0002: pagu indikatif 2025 di Renstra tidak terbaca ('52O.000.000')." in data["unfilled"]
    kept = SubKegiatan.objects.get(kegiatan__program__renja_id=data["renja"]["id"], kode="2.08.07.2.01.0002")
    assert (kept.pagu_n, kept.pagu_n_teks, kept.pagu_n1) == (None, "52O.000.000", 520_000_000)
    result = runner.invoke(app, ["plan", "new", "--pd", "TIDAK-ADA", "--year", "2026"])
    assert result.exit_code == 2 and "tidak dikenal" in result.output


def test_the_operator_starts_next_years_renja_from_the_dashboard(history):
    from django.test import Client
    from django.urls import reverse

    from renja.organizations.models import Profil
    from tests.web.people import make_user

    pd = history[2025].renja.perangkat_daerah
    operator = make_user("operator", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    verifier = make_user("verifikator", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda)
    client = Client()
    client.force_login(verifier)
    assert "Susun Renja tahun" not in client.get(reverse("web:dashboard", args=[pd.pk])).content.decode()
    assert client.post(reverse("web:susun_renja", args=[pd.pk]), {"tahun": 2026}).status_code == 403
    client.force_login(operator)
    page = client.get(reverse("web:dashboard", args=[pd.pk])).content.decode()
    assert "Susun Renja tahun 2026" in page
    response = client.post(reverse("web:susun_renja", args=[pd.pk]), {"tahun": 2026}, follow=True)
    plan = Renja.objects.get(tahun=2026)
    assert response.redirect_chain[-1][0] == reverse("web:renja", args=[plan.pk])
    body = response.content.decode()
    assert "disusun dari Renstra" in body and "di luar periode Renstra" in body
    assert "Susun Renja tahun" not in client.get(reverse("web:dashboard", args=[pd.pk])).content.decode()
    again = client.post(reverse("web:susun_renja", args=[pd.pk]), {"tahun": 2026}, follow=True)
    assert "sudah ada" in again.content.decode() and Renja.objects.filter(tahun=2026).count() == 1


def test_the_demo_starts_its_renja_2023_from_its_synthetic_renstra_matrix():
    from renja.demo.setup import load_demo_data

    renja, _ = load_demo_data()
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=renja)
    assert BarisRenstra.objects.filter(tingkat="sub_kegiatan").count() == subs.count()
    report = start_from_renstra(renja.perangkat_daerah, 2023)
    started = {s.kode: s for s in SubKegiatan.objects.filter(kegiatan__program__renja=report.renja)}
    planned = {s.kode: s for s in subs if s.pagu_n1_teks.strip() or any(i.target_n1_teks for i in s.indikator.all())}
    assert set(started) == set(planned)
    assert all(started[k].pagu_n == planned[k].pagu_n1 for k in started)  # 2022's forecast is 2023's pagu
    assert any("realisasi tahun 2021 tidak tercatat" in line for line in report.unfilled)


def test_each_stage_is_started_from_the_one_before(history):
    from typer.testing import CliRunner

    from renja.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["plan", "new", "--pd", "DP3A", "--year", "2026"]).exit_code == 0
    first = Renja.objects.get(tahun=2026)
    result = runner.invoke(app, ["plan", "new", "--pd", "DP3A", "--year", "2026", "--from-plan", "--json"])
    assert result.exit_code == 0, result.output
    second = Renja.objects.get(pk=json.loads(result.output)["renja"]["id"])
    assert (second.tahap, second.status, second.asal) == ("rancangan", "draft", first)
    copied = SubKegiatan.objects.filter(kegiatan__program__renja=second)
    assert sorted(copied.values_list("kode", "pagu_n")) == sorted(
        SubKegiatan.objects.filter(kegiatan__program__renja=first).values_list("kode", "pagu_n"))
    assert copied.filter(pagu_sebelum__isnull=False).count() == 0  # before-values belong to a Perubahan only
    third = runner.invoke(app, ["plan", "new", "--pd", "DP3A", "--year", "2026", "--from-plan"])
    assert third.exit_code == 0 and Renja.objects.filter(tahun=2026, tahap="final").exists()
    fourth = runner.invoke(app, ["plan", "new", "--pd", "DP3A", "--year", "2026", "--from-plan"])
    assert fourth.exit_code == 1 and "tidak memiliki tahap berikutnya" in fourth.output
    assert Renja.objects.filter(tahun=2026).count() == 3


def test_an_edit_of_the_matrix_raises_the_pds_data_version(history):
    from django.db import transaction

    from renja.plans import versions

    plan = history[2025].renja
    before = versions.current(plan)
    with transaction.atomic():
        pagu = PaguRenstra.objects.filter(baris__kode="2.08.01.2.02.0001", tahun=2026).get()
        pagu.pagu = 1
        pagu.save()
    assert versions.current(plan) > before


def test_the_matrix_and_the_earlier_year_columns_round_trip_through_the_exchange_file(history):
    from renja.exchange.export import dump_yaml, export_document

    started = start_from_renstra(history[2025].renja.perangkat_daerah, 2026).renja
    exported = export_document(started)
    assert [p["kode"] for p in exported["renstra"]["program"]] == ["2.08.01", "2.08.07"]
    sub = exported["renstra"]["program"][1]["kegiatan"][0]["sub_kegiatan"][0]
    assert sub["pagu"] == {"2025": "52O.000.000", "2026": "Rp 520.000.000"}  # as written, the unreadable too
    gaji = exported["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["indikator"][0]
    assert (gaji["target_akhir_renstra"], gaji["realisasi_n2"], gaji["prakiraan_n1"]) == ("42 Orang", "39 Orang",
                                                                                         "40 Orang")
    again = load_document(yaml.safe_load(dump_yaml(exported)), replace=True).renja
    assert dump_yaml(export_document(again)) == dump_yaml(exported)


def test_susun_renja_waits_for_the_stage_to_open(history):
    from django.test import Client
    from django.urls import reverse

    from renja.organizations.models import Profil
    from renja.workflow import schedule
    from tests.web.people import make_user

    pd = history[2025].renja.perangkat_daerah
    operator = make_user("operator", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    verifier = make_user("verifikator", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda)
    schedule.close(pd.pemda, 2026, "rancangan_awal", verifier, "Belum dibuka")
    client = Client()
    client.force_login(operator)
    response = client.post(reverse("web:susun_renja", args=[pd.pk]), {"tahun": 2026}, follow=True)
    assert "ditutup" in response.content.decode() and not Renja.objects.filter(tahun=2026).exists()
