"""Progress of a plan in force: quarterly roll-ups, indicators of the year, early warning, the city's ranking.
Expectations are computed by hand in the comments."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renja.monitoring import progress as progress_module
from renja.monitoring.measures import DEFAULT_SCALE, TARGET_NOL
from renja.monitoring.models import PengaturanMonitoring, RealisasiIndikator, RealisasiSubKegiatan, SkalaPemda
from renja.monitoring.progress import (
    EarlyWarning,
    PlanProgress,
    QuarterFigures,
    build_progress,
    city_ranking,
    early_warning,
    scale_for,
)
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from tests.web.people import OTHER_PEMDA, load_plan

D = Decimal
M = 1_000_000


def in_force(renja):
    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
    renja.status = Renja.Status.DITETAPKAN
    return renja


@pytest.fixture
def pemda():
    return Pemda.objects.create(kode="99.01", nama="Kota Uji", jenis="kota")


@pytest.fixture
def plan(pemda):
    """One program, one kegiatan, two sub kegiatan: A (pagu 100.000.000) and B (pagu 300.000.000)."""
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="1.01", nama="Dinas Uji")
    renja = in_force(Renja.objects.create(perangkat_daerah=pd, tahun=2026))
    program = Program.objects.create(renja=renja, kode="1.01.02", nama="Program Uji", urutan=1)
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.1.01", nama="Kegiatan Uji", urutan=1)
    a = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0001", nama="Sub A", pagu_n=100 * M,
                                   urutan=1)
    b = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0002", nama="Sub B", pagu_n=300 * M,
                                   urutan=2)
    return renja, program, kegiatan, a, b


def enter(sub, triwulan, keuangan=None, fisik=None, rencana=None, **texts):
    return RealisasiSubKegiatan.objects.create(
        sub_kegiatan=sub, triwulan=triwulan, keuangan=keuangan, fisik=None if fisik is None else D(fisik),
        rencana_keuangan=rencana, **texts)


def enter_indicator(indikator, values):
    for triwulan, nilai in enumerate(values, start=1):
        if nilai is not None:
            RealisasiIndikator.objects.create(indikator=indikator, triwulan=triwulan, teks=str(nilai), nilai=D(nilai))


def four_quarters(a, b):
    # A: 10, 20, 30, 30 juta in the quarters → cumulative 10, 30, 60, 90 juta; fisik 20, 40, 70, 100 %
    # B: 30, 60, 90, 90 juta → cumulative 30, 90, 180, 270 juta; fisik 10, 80, 90, 100 %
    for q, (ka, fa, kb, fb) in enumerate([(10, 20, 30, 10), (20, 40, 60, 80), (30, 70, 90, 90),
                                          (30, 100, 90, 100)], start=1):
        enter(a, q, ka * M, fa, faktor_pendorong=f"pendorong A{q}")
        enter(b, q, kb * M, fb)


def test_two_sub_kegiatan_over_four_quarters(plan):
    renja, program, kegiatan, a, b = plan
    four_quarters(a, b)
    result = build_progress(renja)

    assert result.renja_id == renja.id and result.tahun == 2026 and result.pd_nama == "Dinas Uji"
    assert result.pagu == 400 * M
    assert [f.realisasi for f in result.triwulan] == [40 * M, 120 * M, 240 * M, 360 * M]
    assert [f.persen_keuangan for f in result.triwulan] == [D(10), D(30), D(60), D(90)]
    # weighted by pagu: Q1 (20×100 + 10×300)/400 = 12,5; Q2 (40×100 + 80×300)/400 = 70; Q3 (70×100 + 90×300)/400
    # = 85; Q4 100 — never the sum (or plain mean) of the parts
    assert [f.fisik for f in result.triwulan] == [D("12.5"), D(70), D(85), D(100)]
    # no planned spending entered: pagu × 25/50/75/100 %
    assert [f.rencana for f in result.triwulan] == [100 * M, 200 * M, 300 * M, 400 * M]
    assert [f.persen_rencana for f in result.triwulan] == [D(25), D(50), D(75), D(100)]
    assert all(f.ada_data for f in result.triwulan) and result.triwulan_terakhir == 4

    (prog,) = result.programs
    (keg,) = prog.children
    sub_a, sub_b = keg.children
    assert (prog.level, keg.level, sub_a.level) == ("program", "kegiatan", "sub_kegiatan")
    assert (sub_a.kode, sub_a.nama, sub_a.pagu) == ("1.01.02.1.01.0001", "Sub A", 100 * M)
    assert [f.realisasi for f in sub_a.triwulan] == [10 * M, 30 * M, 60 * M, 90 * M]
    assert [f.persen_keuangan for f in sub_b.triwulan] == [D(10), D(30), D(60), D(90)]
    assert [f.fisik for f in sub_b.triwulan] == [D(10), D(80), D(90), D(100)]
    assert [f.fisik for f in prog.triwulan] == [f.fisik for f in keg.triwulan] == [f.fisik for f in result.triwulan]
    assert keg.pagu == prog.pagu == 400 * M
    assert (prog.realisasi, prog.persen_keuangan, prog.fisik) == (360 * M, D(90), D(100))
    assert sub_a.faktor_pendorong == "pendorong A4" and sub_b.faktor_pendorong == ""

    # Q4 90 % against 100 − 10: not behind
    assert result.peringatan.triwulan == 4 and not result.peringatan.terlambat


def test_planned_spending_entered_replaces_the_profile(plan, pemda):
    renja, _, _, a, b = plan
    PengaturanMonitoring.objects.create(pemda=pemda, rencana_tw1=10, rencana_tw2=40, rencana_tw3=70,
                                        rencana_tw4=100)
    # A has its own plan: 20, 30, (none), 50 juta → cumulative 20, 50, 50, 100 juta
    enter(a, 1, 5 * M, rencana=20 * M)
    enter(a, 2, rencana=30 * M)
    enter(a, 4, rencana=50 * M)
    # B has none: 300 juta × the Pemda's 10/40/70/100 % → 30, 120, 210, 300 juta
    result = build_progress(renja)
    sub_a, sub_b = result.programs[0].children[0].children
    assert [f.rencana for f in sub_a.triwulan] == [20 * M, 50 * M, 50 * M, 100 * M]
    assert [f.rencana for f in sub_b.triwulan] == [30 * M, 120 * M, 210 * M, 300 * M]
    assert [f.rencana for f in result.triwulan] == [50 * M, 170 * M, 260 * M, 400 * M]
    assert result.triwulan[1].persen_rencana == D("42.5")  # 170 / 400
    # a quarter with only planned spending has no realisation
    assert [f.ada_data for f in result.triwulan] == [True, False, False, False]
    assert result.triwulan_terakhir == 1


def test_missing_physical_figures(plan):
    """A sub kegiatan that never reported fisik counts 0 once the quarter has data; one that reported it
    earlier keeps its last figure (cumulative progress does not go back)."""
    renja, _, _, a, b = plan
    enter(a, 1, 10 * M, 20)
    enter(a, 3, 30 * M)           # no fisik in Q3: A keeps its Q1 figure, 20 %
    enter(b, 3, 60 * M)           # B never reported fisik: 0
    result = build_progress(renja)
    # Q1: (20×100 + 0×300)/400 = 5; Q2: no data; Q3: (20×100 + 0×300)/400 = 5
    assert [f.fisik for f in result.triwulan] == [D(5), None, D(5), None]
    assert [f.ada_data for f in result.triwulan] == [True, False, True, False]
    assert [f.realisasi for f in result.triwulan] == [10 * M, 10 * M, 100 * M, 100 * M]  # cumulative all year
    sub_a, sub_b = result.programs[0].children[0].children
    assert [f.fisik for f in sub_a.triwulan] == [D(20), None, D(20), None]
    assert [f.fisik for f in sub_b.triwulan] == [None, None, D(0), None]
    assert result.triwulan_terakhir == 3
    assert (sub_b.realisasi, sub_b.persen_keuangan) == (60 * M, D(20))


def test_no_data_at_all(plan):
    renja, *_ = plan
    result = build_progress(renja)
    assert result.triwulan_terakhir is None and result.peringatan is None
    assert [f.realisasi for f in result.triwulan] == [0, 0, 0, 0]
    assert [f.fisik for f in result.triwulan] == [None] * 4
    assert result.programs[0].persen_keuangan is None


def test_pagu_zero_has_no_percentage(plan):
    renja, _, kegiatan, a, b = plan
    SubKegiatan.objects.filter(pk__in=[a.pk, b.pk]).update(pagu_n=0)
    enter(a, 1, 0, 50)
    enter(b, 1, 0, 100)
    result = build_progress(renja)
    assert result.triwulan[0].persen_keuangan is None and result.triwulan[0].persen_rencana is None
    assert result.triwulan[0].fisik == D(75)  # no pagu to weigh by: the plain mean


def test_indicators_of_every_level(plan, pemda):
    renja, program, kegiatan, a, b = plan
    count = Indikator.objects.create(sub_kegiatan=a, uraian="Jumlah kader yang dilatih", target_n=40,
                                     target_n_teks="40 Orang", target_n_satuan="Orang", urutan=1)
    rate = Indikator.objects.create(sub_kegiatan=a, uraian="Persentase layanan sesuai standar", target_n=80,
                                    target_n_teks="80 %", target_n_satuan="%", urutan=2)
    lower = Indikator.objects.create(kegiatan=kegiatan, uraian="Angka kekerasan terhadap anak", target_n=20,
                                     target_n_teks="20 kasus", target_n_satuan="kasus", polaritas="negatif")
    zero = Indikator.objects.create(program=program, uraian="Jumlah aduan", target_n=0, target_n_teks="0 aduan",
                                    target_n_satuan="aduan")
    forced = Indikator.objects.create(sub_kegiatan=b, uraian="Persentase desa terlayani", target_n=10,
                                      target_n_satuan="%", akumulasi="jumlah")
    enter_indicator(count, [10, 5, None, 15])       # a count adds up: 30 of 40 → 75 % Sedang
    enter_indicator(rate, [50, 60, 70, 88])         # a rate takes the last: 88 of 80 → 110 % above the scale
    enter_indicator(lower, [None, 12, 15, None])    # lower is better, last 15: (2×20 − 15)/20 = 125 %
    enter_indicator(zero, [3, None, None, None])    # target 0, R 3: no capaian
    enter_indicator(forced, [2, 3, None, None])     # explicit "jumlah" wins over the name: 5 of 10 → 50 %

    result = build_progress(renja)
    prog = result.programs[0]
    keg = prog.children[0]
    sub_a, sub_b = keg.children
    by_name = {i.uraian: i for i in sub_a.indicators}
    c, r = by_name["Jumlah kader yang dilatih"], by_name["Persentase layanan sesuai standar"]
    assert [i.uraian for i in sub_a.indicators] == ["Jumlah kader yang dilatih", "Persentase layanan sesuai standar"]
    assert (c.akumulasi, c.realisasi, c.capaian, c.kategori, c.di_atas_skala) == ("jumlah", D(30), D(75), "Sedang",
                                                                                  False)
    assert c.triwulan == [D(10), D(5), None, D(15)] and c.target == 40 and c.satuan == "Orang"
    assert c.target_teks == "40 Orang" and c.id == count.id
    assert (r.akumulasi, r.realisasi, r.capaian, r.kategori, r.di_atas_skala) == ("akhir", D(88), D(110),
                                                                                  "Sangat Tinggi", True)
    (lo,) = keg.indicators
    assert (lo.polaritas, lo.akumulasi, lo.realisasi, lo.capaian, lo.kategori, lo.di_atas_skala) == (
        "negatif", "akhir", D(15), D(125), "Sangat Tinggi", True)
    (z,) = prog.indicators
    assert (z.realisasi, z.capaian, z.kategori, z.catatan) == (D(3), None, None, TARGET_NOL)
    (f,) = sub_b.indicators
    assert (f.akumulasi, f.realisasi, f.capaian, f.kategori) == ("jumlah", D(5), D(50), "Sangat Rendah")
    assert result.skala == DEFAULT_SCALE


def test_indicators_on_the_pemda_scale(plan, pemda):
    """The seed's Tabel 7 (four bands) as the Pemda's scale."""
    renja, _, _, a, _ = plan
    for urutan, (skala, kategori) in enumerate([("85 s/d 100", "Sangat Berhasil"), ("70 – < 85", "Berhasil"),
                                                ("55 – < 70", "Cukup Berhasil"), ("< 55", "Kurang Berhasil")]):
        SkalaPemda.objects.create(pemda=pemda, urutan=urutan, skala=skala, kategori=kategori)
    values = {"Jumlah A": (40, [30]), "Jumlah B": (40, [34]), "Jumlah C": (40, [21]), "Jumlah D": (40, [50])}
    for urutan, (uraian, (target, quarters)) in enumerate(values.items()):
        enter_indicator(Indikator.objects.create(sub_kegiatan=a, uraian=uraian, target_n=target, urutan=urutan),
                        quarters)
    result = build_progress(renja)
    got = {i.uraian: (i.capaian, i.kategori, i.di_atas_skala) for i in result.programs[0].children[0].children[0]
           .indicators}
    assert got == {
        "Jumlah A": (D(75), "Berhasil", False),           # 30/40
        "Jumlah B": (D(85), "Sangat Berhasil", False),    # 34/40
        "Jumlah C": (D("52.5"), "Kurang Berhasil", False),  # 21/40
        "Jumlah D": (D(125), "Sangat Berhasil", True),    # 50/40
    }
    assert [label for _, label in result.skala] == ["Sangat Berhasil", "Berhasil", "Cukup Berhasil",
                                                    "Kurang Berhasil"]
    assert [label for _, label in scale_for(pemda)] == [label for _, label in result.skala]


def test_scale_for_falls_back_to_the_default(pemda):
    assert scale_for(pemda) == DEFAULT_SCALE
    SkalaPemda.objects.create(pemda=pemda, skala="baik sekali", kategori="A")  # no band can be read
    assert scale_for(pemda) == DEFAULT_SCALE


# --- early warning ---------------------------------------------------------------------------------------


def figures_at(triwulan, keuangan, fisik):
    quarters = [QuarterFigures(q, 0, 0, None, None, None, False) for q in (1, 2, 3, 4)]
    quarters[triwulan - 1] = QuarterFigures(triwulan, 0, 0, None, keuangan, fisik, True)
    return PlanProgress(renja_id=1, pd_id=1, pd_nama="Dinas", tahun=2026, pagu=0, triwulan=quarters, programs=[],
                        triwulan_terakhir=triwulan, peringatan=None)


def test_early_warning_message():
    warning = early_warning(figures_at(2, D("31.2"), D(35)))
    assert warning == EarlyWarning(
        triwulan=2, rencana=D(50), toleransi=D(10), keuangan=D("31.2"), fisik=D(35), terlambat=True,
        pesan="Triwulan II: realisasi keuangan 31,20 % dan fisik 35,00 % di bawah rencana 50,00 % "
              "(toleransi 10 poin).")


@pytest.mark.parametrize("keuangan, fisik, late", [
    (D(40), D(40), False),          # at the edge (50 − 10): not behind
    (D("39.99"), D(40), True),
    (D(40), D("39.99"), True),
    (D(60), D(70), False),
    (None, D(45), False),           # no pagu: only fisik counts
])
def test_early_warning_at_the_band_edge(keuangan, fisik, late):
    assert early_warning(figures_at(2, keuangan, fisik)).terlambat is late


def test_early_warning_texts_for_one_figure_and_none():
    assert early_warning(figures_at(3, D("62.5"), D(80))).pesan == (
        "Triwulan III: realisasi keuangan 62,50 % di bawah rencana 75,00 % (toleransi 10 poin); "
        "realisasi fisik 80,00 %.")
    assert early_warning(figures_at(1, D(20), D(30))).pesan == (
        "Triwulan I: realisasi keuangan 20,00 % dan fisik 30,00 % sesuai rencana 25,00 % (toleransi 10 poin).")


def test_early_warning_with_settings_and_quarters():
    settings = PengaturanMonitoring(rencana_tw1=10, rencana_tw2=60, rencana_tw3=80, rencana_tw4=100,
                                    toleransi=D("7.5"))
    progress = figures_at(2, D("52.4"), D(55))
    warning = early_warning(progress, settings)
    assert (warning.rencana, warning.toleransi, warning.terlambat) == (D(60), D("7.5"), True)  # 52,4 < 52,5
    assert warning.pesan.endswith("di bawah rencana 60,00 % (toleransi 7,50 poin); realisasi fisik 55,00 %.")
    assert early_warning(figures_at(2, D("52.5"), D(55)), settings).terlambat is False
    assert early_warning(progress, settings, triwulan=3) is None  # no data in Q3
    progress.triwulan_terakhir = None
    assert early_warning(progress) is None


def test_the_plan_carries_the_pemda_settings(plan, pemda):
    renja, _, _, a, b = plan
    PengaturanMonitoring.objects.create(pemda=pemda, rencana_tw1=5, rencana_tw2=20, rencana_tw3=60,
                                        rencana_tw4=100, toleransi=5)
    enter(a, 1, 5 * M, 10)
    enter(b, 1, 15 * M, 10)  # Q1: 20/400 = 5 %, fisik 10 %
    result = build_progress(renja)
    assert result.peringatan.rencana == D(5) and result.peringatan.terlambat is False
    assert early_warning(result).rencana == D(5)  # the Pemda's settings without passing them
    enter(a, 2, 0, 10)
    result = build_progress(renja)  # Q2: still 5 % against 20 − 5 = 15
    assert result.peringatan.triwulan == 2 and result.peringatan.terlambat is True


# --- bounded queries, the city's ranking ---------------------------------------------------------------


def fill(renja, share_of_pagu, fisik=50, quarters=(1,)):
    """Realisation for every sub kegiatan and indicator of a plan: `share_of_pagu` of each pagu, spread over
    the quarters."""
    subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja))
    rows = []
    for sub in subs:
        for q in quarters:
            rows.append(RealisasiSubKegiatan(sub_kegiatan=sub, triwulan=q, fisik=D(fisik),
                                             keuangan=int((sub.pagu_n or 0) * share_of_pagu / len(quarters))))
    RealisasiSubKegiatan.objects.bulk_create(rows)
    indicators = Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja)
    RealisasiIndikator.objects.bulk_create([RealisasiIndikator(indikator=i, triwulan=q, teks="1", nilai=1)
                                            for i in indicators for q in quarters])
    return len(subs)


def count_queries(function, *args):
    with CaptureQueriesContext(connection) as queries:
        result = function(*args)
    return len(queries), result


def test_queries_do_not_grow_with_the_plan():
    small, large = in_force(load_plan(0, subs=10)), in_force(load_plan(1, subs=100))
    assert fill(small, D("0.3"), quarters=(1, 2)) < fill(large, D("0.3"), quarters=(1, 2))
    small_count, small_progress = count_queries(build_progress, small)
    large_count, large_progress = count_queries(build_progress, large)
    assert small_count == large_count <= 9
    subs = [s for p in large_progress.programs for k in p.children for s in k.children]
    assert len(subs) > 50 and all(s.triwulan[1].ada_data for s in subs)
    assert any(i.realisasi is not None for s in subs for i in s.indicators)


def test_city_ranking_best_first_with_bounded_queries():
    a1 = in_force(load_plan(0, subs=3))
    a1_final = in_force(load_plan(0, subs=3, tahap="final"))  # the same PD, a later stage: the plan in force
    a2 = in_force(load_plan(1, subs=3))
    a3 = in_force(load_plan(3, subs=3))  # in force, nothing entered
    a4 = load_plan(4, subs=3)  # a draft is not executed
    b = in_force(load_plan(2, subs=3, pemda=OTHER_PEMDA))
    fill(a1, D("0.9"))
    fill(a1_final, D("0.2"))
    fill(a2, D("0.6"))
    fill(a4, D("0.95"))
    fill(b, D("0.99"))
    pemda = a1.perangkat_daerah.pemda
    assert {a2.perangkat_daerah.pemda, a3.perangkat_daerah.pemda, a4.perangkat_daerah.pemda} == {pemda}

    first_count, ranking = count_queries(city_ranking, pemda, a1.tahun)
    assert [p.renja_id for p in ranking] == [a2.id, a1_final.id, a3.id]
    assert [p.triwulan[0].persen_keuangan.quantize(D(1)) for p in ranking[:2]] == [D(60), D(20)]
    assert ranking[2].triwulan_terakhir is None and ranking[2].peringatan is None
    # Q1 at 20 % and 60 % against 25 − 10: neither is behind
    assert [p.peringatan.terlambat for p in ranking[:2]] == [False, False]
    # an explicit quarter without data for anyone: all without data, by name
    assert all(p.peringatan is None for p in city_ranking(pemda, a1.tahun, 2))
    assert city_ranking(pemda, a1.tahun + 1) == []

    # more PDs: the same number of queries
    for index in (5, 6):
        fill(in_force(load_plan(index, subs=3)), D("0.1"))
    more_count, more = count_queries(city_ranking, pemda, a1.tahun)
    assert len(more) == 5 and more_count == first_count
    assert [p.renja_id for p in more][:2] == [a2.id, a1_final.id] and more[-1].renja_id == a3.id


def test_build_progress_reads_with_the_bulk_reader(plan):
    renja, *_ = plan
    assert progress_module.read_progress([renja.id])[0].renja_id == renja.id
    assert progress_module.read_progress([]) == []
