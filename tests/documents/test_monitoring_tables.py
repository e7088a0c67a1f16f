"""The Laporan Evaluasi Hasil Renja's tables (renja/documents/builders/monitoring.py) from a small plan in force
with four quarters entered. Every expectation is worked out by hand in the comments.

The plan (Dinas Uji, 2026, ditetapkan; pagu in juta Rupiah):

    Program 1  1.01.02  P1 "Persentase perempuan berdaya" (%, positif) target 50, TW 40/45/48/52
      Kegiatan 1.1      K1 "Jumlah dokumen perencanaan" (Dokumen) target 12, TW 3/3/3/2
        Sub A  pagu 100  Rp 10/20/30/30 fisik 20/40/70/100   SA "Jumlah laporan" target 4, TW 1/1/1/1
        Sub B  pagu 300  Rp 30/60/90/90 fisik 10/80/90/100   SB "Jumlah kasus kekerasan terhadap anak" (negatif)
                                                             target 10, TW 2/3/1/2
      Kegiatan 1.2
        Sub C  pagu 200  Rp 0/50/50/20  fisik 0/30/60/65     SC "Jumlah kasus pernikahan anak" (negatif)
                                                             target 0, TW 0/0/0/0
    Program 2  1.01.03  P2 "Rasio kekerasan dalam rumah tangga" (negatif) target 0,5, TW 0,6/0,55/0,5/0,4
      Kegiatan 2.1
        Sub D  pagu 400  Rp 40/80/100/60 fisik 10/30/50/75   SD "Jumlah kegiatan sosialisasi" target 0, TW 1/0/1/0
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renja.documents.builders import all_builders, build_tables
from renja.documents.builders import monitoring as mb
from renja.documents.produce import EvaluationUnavailable, evaluation_view
from renja.documents.tables import Add, InverseRatio, Latest, Ratio, SumOf, WeightedMean
from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import (
    Indikator,
    IndikatorKinerja,
    IndikatorPelayanan,
    Kegiatan,
    Program,
    Renja,
    Renstra,
    SubKegiatan,
    TargetKinerja,
)

pytestmark = pytest.mark.django_db

D = Decimal
M = 1_000_000


def _indicator(owner, uraian, target, satuan="", polaritas="positif", target_n1=None, urutan=1):
    field = {Program: "program", Kegiatan: "kegiatan", SubKegiatan: "sub_kegiatan"}[type(owner)]
    return Indikator.objects.create(
        **{field: owner}, uraian=uraian, polaritas=polaritas, urutan=urutan,
        target_n=D(target), target_n_teks=f"{target} {satuan}".strip(), target_n_satuan=satuan,
        target_n1=None if target_n1 is None else D(target_n1),
        target_n1_teks="" if target_n1 is None else f"{target_n1} {satuan}".strip(), target_n1_satuan=satuan)


def _quarters(indikator, values, satuan=""):
    for q, value in enumerate(values, start=1):
        RealisasiIndikator.objects.create(indikator=indikator, triwulan=q, nilai=D(value),
                                          teks=f"{value} {satuan}".strip())


def _money(sub, amounts, fisik, factors=None):
    for q, (keuangan, progress) in enumerate(zip(amounts, fisik, strict=True), start=1):
        RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=q, keuangan=keuangan * M,
                                            keuangan_teks=str(keuangan * M), fisik=D(progress),
                                            **(factors or {}).get(q, {}))


def make_plan(status=Renja.Status.DITETAPKAN, realisation=True, pemda_kode="99.01"):
    """The plan of the module docstring; returns (renja, {name: row})."""
    pemda = Pemda.objects.create(kode=pemda_kode, nama=f"Kota Uji {pemda_kode}", jenis="kota")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="1.01", nama="Dinas Uji", singkatan="DU")
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2026, status=status, tahap=Renja.Tahap.FINAL)
    renstra = Renstra.objects.create(perangkat_daerah=pd, periode_mulai=2025, periode_selesai=2029)
    for n, (uraian, target, satuan, polaritas) in enumerate([
            ("Persentase perempuan berdaya", "80", "%", "positif"),
            ("Jumlah dokumen perencanaan", "60", "Dokumen", "positif"),
            ("Jumlah kasus kekerasan terhadap anak", "40", "Kasus", "negatif")], start=1):
        iku = IndikatorKinerja.objects.create(renstra=renstra, jenis="iku", uraian=uraian, urutan=n,
                                              polaritas=polaritas)
        TargetKinerja.objects.create(indikator=iku, tahun=2029, teks=f"{target} {satuan}", nilai=D(target),
                                     satuan=satuan)
    p1 = Program.objects.create(renja=renja, kode="1.01.02", nama="Program Satu", urutan=1)
    k11 = Kegiatan.objects.create(program=p1, kode="1.01.02.2.01", nama="Kegiatan Satu", urutan=1)
    a = SubKegiatan.objects.create(kegiatan=k11, kode="1.01.02.2.01.0001", nama="Sub A", pagu_n=100 * M, urutan=1)
    b = SubKegiatan.objects.create(kegiatan=k11, kode="1.01.02.2.01.0002", nama="Sub B", pagu_n=300 * M, urutan=2)
    k12 = Kegiatan.objects.create(program=p1, kode="1.01.02.2.02", nama="Kegiatan Dua", urutan=2)
    c = SubKegiatan.objects.create(kegiatan=k12, kode="1.01.02.2.02.0001", nama="Sub C", pagu_n=200 * M, urutan=1)
    p2 = Program.objects.create(renja=renja, kode="1.01.03", nama="Program Dua", urutan=2)
    k21 = Kegiatan.objects.create(program=p2, kode="1.01.03.2.01", nama="Kegiatan Tiga", urutan=1)
    d = SubKegiatan.objects.create(kegiatan=k21, kode="1.01.03.2.01.0001", nama="Sub D", pagu_n=400 * M, urutan=1)

    ind = {
        "P1": _indicator(p1, "Persentase perempuan berdaya", 50, "%", target_n1=55),
        "K1": _indicator(k11, "Jumlah dokumen perencanaan", 12, "Dokumen", target_n1=12),
        "SA": _indicator(a, "Jumlah laporan", 4, "Laporan", target_n1=4),
        "SB": _indicator(b, "Jumlah kasus kekerasan terhadap anak", 10, "Kasus", "negatif", target_n1=9),
        "SC": _indicator(c, "Jumlah kasus pernikahan anak", 0, "Kasus", "negatif", target_n1=0),
        "P2": _indicator(p2, "Rasio kekerasan dalam rumah tangga", "0.5", "", "negatif", target_n1="0.45"),
        "SD": _indicator(d, "Jumlah kegiatan sosialisasi", 0, "Kali", target_n1=1),
    }
    IndikatorPelayanan.objects.create(renja=renja, urutan=1, nomor="1", uraian="Jumlah kasus kekerasan terhadap anak",
                                      spm="SPM", target={"2026": "10", "2027": "9"}, proyeksi={"2028": "8"},
                                      realisasi={"2025": "12"})
    IndikatorPelayanan.objects.create(renja=renja, urutan=2, nomor="2", uraian="Cakupan layanan pengaduan",
                                      realisasi={"2026": "75 %"}, catatan="tanpa padanan")
    rows = {"renja": renja, "p1": p1, "p2": p2, "k11": k11, "k12": k12, "k21": k21, "a": a, "b": b, "c": c, "d": d,
            **ind}
    if not realisation:
        return renja, rows
    _quarters(ind["P1"], ["40", "45", "48", "52"], "%")
    _quarters(ind["K1"], [3, 3, 3, 2], "Dokumen")
    _quarters(ind["SA"], [1, 1, 1, 1])
    _quarters(ind["SB"], [2, 3, 1, 2])
    _quarters(ind["SC"], [0, 0, 0, 0])
    _quarters(ind["P2"], ["0.6", "0.55", "0.5", "0.4"])
    _quarters(ind["SD"], [1, 0, 1, 0])
    _money(a, [10, 20, 30, 30], [20, 40, 70, 100], {4: {"faktor_pendorong": "Dukungan kelurahan"}})
    _money(b, [30, 60, 90, 90], [10, 80, 90, 100])
    _money(c, [0, 50, 50, 20], [0, 30, 60, 65],
           {2: {"faktor_penghambat": "Hujan deras", "tindak_lanjut": "Percepat pengadaan"}})
    _money(d, [40, 80, 100, 60], [10, 30, 50, 75])
    for sub, kode, uraian, anggaran, tw in [
            (a, "5.1.02.01.01", "Belanja Barang Pakai Habis", 60, (5, 10, 15, 20)),
            (a, "5.2.02.05.01", "Belanja Modal Peralatan Kantor", 40, (0, 0, 20, 20)),
            (b, "5.1.02.01.01", "Belanja Barang Pakai Habis", 300, (30, 60, 90, 90)),
            (d, "5.1.01.01.01", "Belanja Gaji", 100, (25, 25, 25, 25))]:
        BelanjaSubKegiatan.objects.create(sub_kegiatan=sub, kode_rekening=kode, uraian=uraian, anggaran=anggaran * M,
                                          realisasi_tw1=tw[0] * M, realisasi_tw2=tw[1] * M, realisasi_tw3=tw[2] * M,
                                          realisasi_tw4=tw[3] * M)
    return renja, rows


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def view(plan):
    return evaluation_view(plan[0])


def tables_of(view):
    return {t.id: t for t in build_tables(view, jenis="evaluasi")}


def row_of(table, key, value):
    return next(r for r in table.rows if r.value(key) == value)


def rows_with(table, key, value):
    return [r for r in table.rows if r.value(key) == value]


def close(value, expected, places=6):
    return value is not None and abs(Decimal(value) - Decimal(expected)) < Decimal(10) ** -places


# --- what is built, and when ---------------------------------------------------------------------------------


def test_the_evaluation_kind_has_its_own_builders_and_the_renja_is_unchanged():
    ids = [b.id for b in all_builders("evaluasi")]
    assert ids == ["Evaluasi Renja", "Realisasi Anggaran", "Belanja", "T-C.29", "T-C.30"]
    renja_ids = [b.id for b in all_builders()]
    assert "Evaluasi Renja" not in renja_ids and "Realisasi Anggaran" not in renja_ids


def test_view_is_read_in_a_fixed_number_of_queries(plan):
    with CaptureQueriesContext(connection) as small:
        evaluation_view(plan[0])
    # a second program with two more sub kegiatan and their realisation: the same number of queries
    renja, rows = plan
    extra = Program.objects.create(renja=renja, kode="1.01.04", nama="Program Tiga", urutan=3)
    keg = Kegiatan.objects.create(program=extra, kode="1.01.04.2.01", nama="Kegiatan Empat", urutan=1)
    for n in (1, 2):
        sub = SubKegiatan.objects.create(kegiatan=keg, kode=f"1.01.04.2.01.000{n}", nama=f"Sub E{n}", pagu_n=M)
        _money(sub, [1, 0, 0, 0], [10, 10, 10, 10])
        _quarters(_indicator(sub, "Jumlah orang", 1, "Orang"), [1, 0, 0, 0])
    with CaptureQueriesContext(connection) as large:
        evaluation_view(renja)
    assert len(large) == len(small)


def test_a_plan_not_in_force_or_without_realisation_has_no_evaluation():
    renja, _ = make_plan(status=Renja.Status.DIVERIFIKASI)
    with pytest.raises(EvaluationUnavailable, match="sudah ditetapkan"):
        evaluation_view(renja)
    renja, _ = make_plan(realisation=False, pemda_kode="99.02")
    with pytest.raises(EvaluationUnavailable, match="belum memiliki realisasi"):
        evaluation_view(renja)


# --- the form "Evaluasi terhadap Hasil Renja" -----------------------------------------------------------------


def test_form_money_per_quarter_year_and_capaian(view):
    form = tables_of(view)["Evaluasi Renja"]
    sub_a = row_of(form, "kode", "1.01.02.2.01.0001")
    assert [sub_a.value(f"tw{q}_rp") for q in (1, 2, 3, 4)] == [10 * M, 20 * M, 30 * M, 30 * M]  # not cumulative
    assert sub_a.value("target_rp") == 100 * M
    assert sub_a.cells["real_rp"].value == 90 * M and sub_a.cells["real_rp"].formula == Add(
        ("tw1_rp", "tw2_rp", "tw3_rp", "tw4_rp"))
    assert sub_a.value("capaian_rp") == D(90) and sub_a.cells["capaian_rp"].formula == Ratio("real_rp", "target_rp")
    assert sub_a.value("unit") == "DU"

    # Kegiatan 1.1 = A + B: TW 40/80/120/120, year 360 of 400 = 90 %
    keg = row_of(form, "kode", "1.01.02.2.01")
    assert [keg.value(f"tw{q}_rp") for q in (1, 2, 3, 4)] == [40 * M, 80 * M, 120 * M, 120 * M]
    assert (keg.value("target_rp"), keg.value("real_rp"), keg.value("capaian_rp")) == (400 * M, 360 * M, D(90))
    assert isinstance(keg.cells["real_rp"].formula, SumOf)
    # Program 1 = A + B + C: TW 40/130/170/140, year 480 of 600 = 80 %
    prog = row_of(form, "kode", "1.01.02")
    assert [prog.value(f"tw{q}_rp") for q in (1, 2, 3, 4)] == [40 * M, 130 * M, 170 * M, 140 * M]
    assert (prog.value("target_rp"), prog.value("real_rp"), prog.value("capaian_rp")) == (600 * M, 480 * M, D(80))
    sub_rows = [i for i, r in enumerate(form.rows) if str(r.value("kode") or "").count(".") == 5]
    assert prog.cells["target_rp"].formula == SumOf(tuple(sub_rows[:3]))  # sub kegiatan A, B, C
    # TOTAL: TW 80/210/270/200, year 760 of 1.000 = 76 %
    total = form.rows[-1]
    assert total.kind == "total" and total.value("uraian") == "TOTAL"
    assert [total.value(f"tw{q}_rp") for q in (1, 2, 3, 4)] == [80 * M, 210 * M, 270 * M, 200 * M]
    assert (total.value("target_rp"), total.value("real_rp"), total.value("capaian_rp")) == (1000 * M, 760 * M, D(76))


def test_form_kinerja_counts_add_up_rates_take_the_last_value_both_polarities_and_target_0(view):
    form = tables_of(view)["Evaluasi Renja"]
    quarters = ("tw1_k", "tw2_k", "tw3_k", "tw4_k")

    p1 = row_of(form, "indikator", "Persentase perempuan berdaya (%)")
    # a rate: the year is the last quarter, 52; capaian 52/50 = 104 %, above the scale's top
    assert [p1.value(k) for k in quarters] == [D(40), D(45), D(48), D(52)]
    assert p1.value("real_k") == D(52) and p1.cells["real_k"].formula == Latest(quarters)
    assert p1.value("capaian_k") == D(104) and p1.cells["capaian_k"].formula == Ratio("real_k", "target_k")
    assert p1.value("kategori") == "Sangat Tinggi (di atas skala)"
    assert p1.value("target_renstra") == D(80)  # the Renstra's 2029 target of the same wording

    k1 = row_of(form, "indikator", "Jumlah dokumen perencanaan (Dokumen)")
    # a count: 3 + 3 + 3 + 2 = 11 of 12 = 91,67 % (Sangat Tinggi: ≥ 91)
    assert k1.value("real_k") == D(11) and k1.cells["real_k"].formula == Add(quarters)
    assert close(k1.value("capaian_k"), D(1100) / D(12)) and k1.value("kategori") == "Sangat Tinggi"

    sb = row_of(form, "indikator", "Jumlah kasus kekerasan terhadap anak (Kasus)")
    # lower is better: 2 + 3 + 1 + 2 = 8 against 10 → (2×10 − 8)/10 × 100 = 120
    assert sb.value("real_k") == D(8) and sb.value("capaian_k") == D(120)
    assert sb.cells["capaian_k"].formula == InverseRatio("real_k", "target_k")

    p2 = row_of(form, "indikator", "Rasio kekerasan dalam rumah tangga")
    # a ratio, lower is better: the last value 0,4 against 0,5 → (1 − 0,4)/0,5 × 100 = 120
    assert p2.value("real_k") == D("0.4") and p2.cells["real_k"].formula == Latest(quarters)
    assert p2.value("capaian_k") == D(120) and p2.cells["capaian_k"].formula == InverseRatio("real_k", "target_k")

    sc = row_of(form, "indikator", "Jumlah kasus pernikahan anak (Kasus)")
    # target 0, lower is better, none happened: 100 %
    assert sc.value("real_k") == D(0) and sc.value("capaian_k") == D(100)
    assert sc.cells["capaian_k"].formula == InverseRatio("real_k", "target_k")

    sd = row_of(form, "indikator", "Jumlah kegiatan sosialisasi (Kali)")
    # target 0, higher is better, 2 done: no capaian, and the row says why
    assert sd.value("real_k") == D(2) and sd.value("capaian_k") is None and sd.value("kategori") is None
    assert "target 0" in sd.note


def test_factors_are_listed_per_sub_kegiatan_and_quarter(view):
    factors = tables_of(view)["Evaluasi Renja - Faktor"]
    assert [(r.value("kode"), r.value("triwulan"), r.value("pendorong"), r.value("penghambat"),
             r.value("tindak_lanjut")) for r in factors.rows] == [
        ("1.01.02.2.01.0001", "IV", "Dukungan kelurahan", "", ""),
        ("1.01.02.2.02.0001", "II", "", "Hujan deras", "Percepat pengadaan"),
    ]


# --- BAB II allocation and realisation --------------------------------------------------------------------------


def test_per_program_summary_is_weighted_by_pagu_never_summed(view):
    table = tables_of(view)["Realisasi Program"]
    p1, p2, total = table.rows
    # Program 1: 480 of 600 = 80 %; fisik (100 × 400 + 65 × 200)/600 = 88,33 (Kegiatan 1.1 is A and B at 100 %)
    assert (p1.value("alokasi"), p1.value("realisasi"), p1.value("keuangan")) == (600 * M, 480 * M, D(80))
    assert close(p1.value("fisik"), D(53000) / D(600))
    assert (p2.value("alokasi"), p2.value("realisasi"), p2.value("keuangan"), p2.value("fisik")) == (
        400 * M, 280 * M, D(70), D(75))
    # TOTAL: keuangan (80 × 600 + 70 × 400)/1.000 = 76, fisik (88,33 × 600 + 75 × 400)/1.000 = 83 — not 150 or 163
    assert total.kind == "total"
    assert (total.value("alokasi"), total.value("realisasi")) == (1000 * M, 760 * M)
    assert close(total.value("keuangan"), 76) and close(total.value("fisik"), 83)
    assert total.cells["keuangan"].formula == WeightedMean("keuangan", "alokasi", (0, 1))
    assert total.cells["fisik"].formula == WeightedMean("fisik", "alokasi", (0, 1))
    assert total.cells["alokasi"].formula == SumOf((0, 1))


def test_per_kegiatan_program_rows_and_total_are_weighted_means(view):
    table = tables_of(view)["Realisasi Kegiatan"]
    assert [r.value("no") for r in table.rows] == ["1", "1.1", "1.2", "2", "2.1", None]
    prog1, keg11, keg12, prog2, keg21, total = table.rows
    assert (keg11.value("alokasi"), keg11.value("realisasi"), keg11.value("keuangan"), keg11.value("fisik")) == (
        400 * M, 360 * M, D(90), D(100))
    assert (keg12.value("keuangan"), keg12.value("fisik")) == (D(60), D(65))
    # Program 1 from its kegiatan: keuangan (90 × 400 + 60 × 200)/600 = 80 (not 150), fisik 88,33 (not 165)
    assert close(prog1.value("keuangan"), 80) and close(prog1.value("fisik"), D(53000) / D(600))
    assert prog1.cells["fisik"].formula == WeightedMean("fisik", "alokasi", (1, 2))
    assert prog1.value("alokasi") == 600 * M and prog1.cells["alokasi"].formula == SumOf((1, 2))
    assert close(prog2.value("fisik"), 75)
    # TOTAL over the kegiatan rows: (90×400 + 60×200 + 70×400)/1.000 = 76; fisik (100×400 + 65×200 + 75×400)/1.000 = 83
    assert close(total.value("keuangan"), 76) and close(total.value("fisik"), 83)
    assert total.cells["fisik"].formula == WeightedMean("fisik", "alokasi", (1, 2, 4))


# --- spending per account ---------------------------------------------------------------------------------------


def test_spending_per_account_with_group_rows_and_total(view):
    table = tables_of(view)["Belanja"]
    by_code = {r.value("kode"): r for r in table.rows}
    # 5.1.02.01.01: A 60 + B 300 = 360 budget, 50 + 270 = 320 spent → 88,89 %
    account = by_code["5.1.02.01.01"]
    assert (account.value("anggaran"), account.value("realisasi")) == (360 * M, 320 * M)
    assert close(account.value("persen"), D(32000) / D(360))
    assert (by_code["5.1.01.01.01"].value("anggaran"), by_code["5.1.01.01.01"].value("realisasi")) == (100 * M, 100 * M)
    # group 5.1: 460 / 420 → 91,30 %; 5.2: 40 / 40
    group = by_code["5.1"]
    assert (group.value("anggaran"), group.value("realisasi")) == (460 * M, 420 * M)
    assert isinstance(group.cells["anggaran"].formula, SumOf) and close(group.value("persen"), D(42000) / D(460))
    assert (by_code["5.2"].value("anggaran"), by_code["5.2"].value("realisasi")) == (40 * M, 40 * M)
    total = table.rows[-1]
    assert total.value("uraian") == "TOTAL BELANJA"
    assert (total.value("anggaran"), total.value("realisasi"), total.value("persen")) == (500 * M, 460 * M, D(92))
    # the accounts hold 500 juta of the 1.000 juta pagu: said under the table
    assert any("tidak sama dengan pagu" in n and "1.000.000.000" in n for n in table.notes)


# --- T-C.29 and T-C.30 ------------------------------------------------------------------------------------------


def test_tc29_as_the_renja_of_year_plus_two(view):
    table = tables_of(view)["T-C.29"]
    assert "Tahun 2026 (n-2)" in " ".join(c.text for line in table.header for c in line)
    k1 = row_of(table, "indikator", "Jumlah dokumen perencanaan (Dokumen)")
    # col 6 target 12, col 7 realised 11, col 8 = 11/12 = 91,67 %, col 9 12, col 4 Renstra 60
    assert (k1.value("target_n2"), k1.value("realisasi_n2"), k1.value("target_n1")) == (D(12), D(11), D(12))
    assert close(k1.value("tingkat_realisasi"), D(1100) / D(12))
    assert k1.cells["tingkat_realisasi"].formula == Ratio("realisasi_n2", "target_n2")
    assert k1.value("target_renstra") == D(60) and k1.value("realisasi_n3") is None
    # col 10 = 5 + 7 + 9 = 0 + 11 + 12 = 23; col 11 = 23/60 = 38,33 %
    assert k1.value("realisasi_n1") == D(23)
    assert k1.cells["realisasi_n1"].formula == Add(("realisasi_n3", "realisasi_n2", "target_n1"))
    assert close(k1.value("tingkat_capaian"), D(2300) / D(60))
    assert k1.cells["tingkat_capaian"].formula == Ratio("realisasi_n1", "target_renstra")

    sb = row_of(table, "indikator", "Jumlah kasus kekerasan terhadap anak (Kasus)")
    # lower is better: col 8 = (20 − 8)/10 = 120; col 10 = 8 + 9 = 17; col 11 = (2 × 40 − 17)/40 = 157,5
    assert sb.value("tingkat_realisasi") == D(120)
    assert sb.cells["tingkat_realisasi"].formula == InverseRatio("realisasi_n2", "target_n2")
    assert sb.value("realisasi_n1") == D(17) and sb.value("tingkat_capaian") == D("157.5")
    assert sb.cells["tingkat_capaian"].formula == InverseRatio("realisasi_n1", "target_renstra")

    sa = row_of(table, "indikator", "Jumlah laporan (Laporan)")
    # no Renstra target: col 10 = 4 + 4 = 8, col 11 blank and the row says why
    assert sa.value("realisasi_n1") == D(8) and sa.value("tingkat_capaian") is None and "Kolom 11" in sa.note

    for label, col8 in (("Persentase perempuan berdaya (%)", D(104)), ("Rasio kekerasan dalam rumah tangga", D(120))):
        rate = row_of(table, "indikator", label)
        # a rate cannot be summed: cols 10 and 11 blank, the row marked for explanation
        assert rate.value("tingkat_realisasi") == col8
        assert rate.value("realisasi_n1") is None and rate.value("tingkat_capaian") is None
        assert mb.RATE_NOTE in rate.value("catatan") and rate.note

    sd = row_of(table, "indikator", "Jumlah kegiatan sosialisasi (Kali)")
    assert sd.value("tingkat_realisasi") is None and "target 0" in sd.note  # higher is better, target 0
    sc = row_of(table, "indikator", "Jumlah kasus pernikahan anak (Kasus)")
    assert sc.value("tingkat_realisasi") == D(100)
    counts = [r for r in table.rows if r.value("catatan") and mb.RATE_NOTE in r.value("catatan")]
    assert len(counts) == 2


def test_tc29_column_5_from_the_plans_own_tc29(plan):
    from renja.monitoring.models import BarisTC29, Evaluasi

    renja, _ = plan
    evaluasi = Evaluasi.objects.create(perangkat_daerah=renja.perangkat_daerah, tahun=2024, renja=renja)
    BarisTC29.objects.create(evaluasi=evaluasi, uraian="Kegiatan Satu", indikator="Jumlah dokumen perencanaan",
                             kolom={"10": "20 Dokumen"})
    k1 = row_of(tables_of(evaluation_view(renja))["T-C.29"], "indikator", "Jumlah dokumen perencanaan (Dokumen)")
    # col 10 = 20 + 11 + 12 = 43; col 11 = 43/60 = 71,67 %
    assert k1.value("realisasi_n3") == D(20) and k1.value("realisasi_n1") == D(43)
    assert close(k1.value("tingkat_capaian"), D(4300) / D(60))


def test_tc30_realisation_from_the_matching_indicator(view):
    table = tables_of(view)["T-C.30"]
    first, second = table.rows
    # n = 2028: target 2026 (n-2) … 2029 (n+1), realisasi 2026 (n-2) from Sub B's indicator (8 kasus), 2027 (n-1)
    assert first.value("realisasi_2026") == D(8) and "1.01.02.2.01.0002" in first.note
    assert (first.value("target_2026"), first.value("target_2027"), first.value("proyeksi_2028")) == ("10", "9", "8")
    assert first.value("realisasi_2027") is None
    # no matching indicator: the realisation stored with the service indicator, as written
    assert second.value("realisasi_2026") == "75 %" and second.note == ""
    assert "Tahun 2026 (n-2)" in [c.text for c in table.header[1]]
