"""The tables family: the same row in two tables of one year (TABEL-EVAL, TABEL-KOSONG, TABEL-TARGET)."""

from decimal import Decimal

import pytest

from renja.core.numbers import parse_rupiah
from renja.plans.view import (
    EvaluationTable,
    EvaluationView,
    IndicatorView,
    Node,
    PlanView,
    RealisationRow,
    ReviewRow,
    ReviewSide,
    SpendingRow,
    StatementView,
    target,
)
from renja.rules.catalogue.tables import name_key

from .helpers import findings

pytestmark = pytest.mark.django_db


def row(uraian, alokasi=None, nomor="", **percents):
    """An evaluation row; amounts and percentages as a document writes them ("400.000.000", "95,5")."""
    values = {"nomor": nomor, "uraian": uraian}
    if alokasi is not None:
        values.update(alokasi=parse_rupiah(alokasi), alokasi_teks=alokasi)
    if "realisasi" in percents:
        text = percents.pop("realisasi")
        values.update(realisasi=parse_rupiah(text), realisasi_teks=text)
    for key, text in percents.items():
        values.update({key: target(text).nilai, f"{key}_teks": text})
    return RealisationRow(**values)


def total(**values):
    """The Total row of a table: key → StatementView."""
    found = {}
    for key, text in values.items():
        number = parse_rupiah(text) if key in ("alokasi", "realisasi") else Decimal(text.replace(",", "."))
        found[key] = StatementView("", key, text, Decimal(number), row="Total")
    return found


def summary(*rows, **totals):
    return EvaluationTable(id="Tabel 2.1", judul="Ringkasan", rows=list(rows), total=total(**totals) if totals else {})


def detail(table_id, kegiatan, *rows, **totals):
    return EvaluationTable(id=table_id, judul=f"a. {kegiatan}", program="Program Penunjang", kegiatan=kegiatan,
                           rows=list(rows), total=total(**totals))


def view_with(*tables, spending=(), statements=()):
    evaluation = EvaluationView(tahun=2024, tables=list(tables), spending=list(spending), statements=list(statements))
    return PlanView(tahun=2025, evaluations=[evaluation])


def clean_evaluation():
    """A summary row, the detail table it summarises, and a program table, all agreeing."""
    return view_with(
        summary(row("Administrasi Keuangan Perangkat Daerah", "400.000.000", "1.", target="100", fisik="100"),
                row("Administrasi Umum Perangkat Daerah", "100.000.000", "2.", target="100", fisik="50")),
        detail("Tabel 2.1.a", "Administrasi Keuangan Perangkat Daerah",
               row("Penyediaan Gaji dan Tunjangan ASN", "400.000.000", "1.", fisik="100"), alokasi="400.000.000"),
        detail("Tabel 2.1.b", "ADMINISTRASI UMUM PERANGKAT DAERAH",
               row("Penyediaan Alat Tulis Kantor", "100.000.000", "1.", fisik="50"), alokasi="100.000.000"))


def triple(rule_findings):
    return [(f.table, f.row, f.expected, f.found) for f in rule_findings]


# --- matching by name ----------------------------------------------------------------------------------------


def test_names_are_matched_without_numbering_case_spaces_punctuation_or_a_level_word():
    key = name_key("Administrasi Keuangan Perangkat Daerah")
    assert name_key("1. Administrasi Keuangan Perangkat Daerah") == key
    assert name_key("ADMINISTRASI  KEUANGAN, Perangkat Daerah") == key
    assert name_key("a. Kegiatan Administrasi Keuangan Perangkat Daerah") == key
    assert name_key("Lembaga Non Pemerintah") == name_key("Lembaga Nonpemerintah")
    assert name_key("Administrasi Kepega- waian") == name_key("Administrasi Kepegawaian")
    assert name_key("Administrasi Keuangan") != name_key("Administrasi Umum")
    assert name_key("") == ""


# --- TABEL-EVAL ----------------------------------------------------------------------------------------------


def test_rows_that_agree_across_tables_pass():
    assert findings("TABEL-EVAL", clean_evaluation()) == []


def test_a_summary_row_and_its_detail_table_total_that_differ_fail_naming_both():
    view = clean_evaluation()
    view.evaluations[0].tables[0].rows[0] = row("Administrasi Keuangan Perangkat Daerah", "450.000.000", "1.",
                                                target="100", fisik="100")
    [finding] = findings("TABEL-EVAL", view)
    assert triple([finding]) == [("Tabel 2.1.a", "Total", 450000000, 400000000)]
    assert finding.severity == "error"
    assert "di Tabel 2.1.a (baris “Total”) Rp 400.000.000" in finding.message
    assert "di Tabel 2.1 (baris “1. Administrasi Keuangan Perangkat Daerah”) Rp 450.000.000" in finding.message
    assert "selisih Rp 50.000.000" in finding.message


def test_the_value_most_tables_write_is_the_expected_one():
    statements = [StatementView(t, key, v, Decimal(parse_rupiah(v)), row="TOTAL BELANJA")
                  for t, key, v in (("Tabel 1", "realisasi", "830.000.000"), ("Tabel 3", "realisasi", "830.000.000"))]
    view = view_with(summary(row("Administrasi Keuangan", "900.000.000"), alokasi="900.000.000",
                             realisasi="803.000.000"),
                     spending=[SpendingRow("Tabel 1", "5.1.01", "Belanja Pegawai", 900000000, "900.000.000"),
                               SpendingRow("Tabel 3", "", "Belanja Pegawai", 900000000, "900.000.000")],
                     statements=statements)
    assert triple(findings("TABEL-EVAL", view)) == [("Tabel 2.1", "Total", 830000000, 803000000)]


def test_spending_accounts_of_tabel_1_and_tabel_3_are_compared():
    view = view_with(spending=[
        SpendingRow("Tabel 1", "5.1.02", "Belanja Barang dan Jasa", 550000000, "550.000.000", 495000000, "495.000.000"),
        SpendingRow("Tabel 3", "", "BELANJA BARANG DAN JASA", 550000000, "550.000.000", 459000000, "459.000.000")])
    assert triple(findings("TABEL-EVAL", view)) == [("Tabel 3", "BELANJA BARANG DAN JASA", 495000000, 459000000)]


def test_percentages_equal_at_the_precision_written_pass_and_others_fail():
    spending = [SpendingRow("Tabel 1", "5.1.01", "Belanja Pegawai", 1, "1", persen=Decimal("95.71"),
                            persen_teks="95,71"),
                SpendingRow("Tabel 3", "", "Belanja Pegawai", 1, "1", persen=Decimal("95.7"), persen_teks="95,7")]
    assert findings("TABEL-EVAL", view_with(spending=spending)) == []
    spending[1].persen, spending[1].persen_teks = Decimal("96.7"), "96,7"
    [finding] = findings("TABEL-EVAL", view_with(spending=spending))
    assert (finding.table, finding.expected, finding.found) == ("Tabel 3", Decimal("95.71"), Decimal("96.7"))
    assert "persentase realisasi" in finding.message and "96,7 %" in finding.message


def test_targets_of_other_units_are_not_compared():
    view = view_with(summary(row("Meningkatnya kinerja aparatur", target="100")),
                     EvaluationTable(id="Tabel 4", rows=[row("Meningkatnya kinerja aparatur", target="9 kegiatan")]))
    assert findings("TABEL-EVAL", view) == []
    view.evaluations[0].tables[1].rows[0] = row("Meningkatnya kinerja aparatur", target="90 %")
    assert triple(findings("TABEL-EVAL", view)) == [("Tabel 4", "Meningkatnya kinerja aparatur", 100, 90)]


def test_a_name_written_twice_in_one_table_is_matched_to_nothing():
    view = clean_evaluation()
    view.evaluations[0].tables[0].rows.append(row("Administrasi Keuangan Perangkat Daerah", "1", "3."))
    assert findings("TABEL-EVAL", view) == []


def test_blank_and_unreadable_cells_are_not_compared():
    view = clean_evaluation()
    view.evaluations[0].tables[0].rows[0] = RealisationRow(
        nomor="1.", uraian="Administrasi Keuangan Perangkat Daerah", alokasi_teks="400.000,000.0", fisik_teks="")
    assert findings("TABEL-EVAL", view) == []


def test_a_typo_in_a_name_still_pairs_a_detail_table_with_its_summary_row():
    view = clean_evaluation()
    view.evaluations[0].tables[2].kegiatan = "Adminitrasi Umum Perangkat Daerah"
    view.evaluations[0].tables[2].total = total(alokasi="120.000.000")
    [finding] = findings("TABEL-EVAL", view)
    assert (finding.table, finding.expected, finding.found) == ("Tabel 2.1.b", 100000000, 120000000)
    assert "nama yang mirip" in finding.message


def test_the_percentages_pct_weighted_compares_are_left_to_it():
    """A summary row's % against the detail table it summarises (alokasi agreeing): PCT-WEIGHTED's pair."""
    view = clean_evaluation()
    view.evaluations[0].tables[1].total = total(alokasi="400.000.000", fisik="80")
    assert findings("TABEL-EVAL", view) == []
    view.evaluations[0].tables[1].total = total(alokasi="500.000.000", fisik="80")  # no longer PCT-WEIGHTED's
    view.evaluations[0].tables[1].rows[0] = row("Penyediaan Gaji dan Tunjangan ASN", "500.000.000", "1.", fisik="80")
    assert [(f.found, f.expected) for f in findings("TABEL-EVAL", view)] == [
        (500000000, 400000000), (Decimal(80), Decimal(100))]


def test_total_allocations_are_left_to_cross_eval_pagu_when_bab_ii_states_the_budget():
    tables = (summary(row("A", "1"), alokasi="900.000.000"),
              EvaluationTable(id="Tabel 2", rows=[row("B", "2")], total=total(alokasi="950.000.000")))
    [finding] = findings("TABEL-EVAL", view_with(*tables))
    assert (finding.table, finding.expected, finding.found) == ("Tabel 2", 900000000, 950000000)
    prose = StatementView("BAB II", "alokasi", "Rp 900.000.000", Decimal(900000000))
    assert findings("TABEL-EVAL", view_with(*tables, statements=[prose])) == []


def test_without_evaluation_the_rule_does_not_apply():
    [finding] = findings("TABEL-EVAL", PlanView(tahun=2025))
    assert finding.severity == "info" and "tidak dapat diterapkan" in finding.message


# --- TABEL-KOSONG --------------------------------------------------------------------------------------------


def test_filled_rows_pass_blank_cells_alone_are_no_blank_row():
    assert findings("TABEL-KOSONG", clean_evaluation()) == []
    view = clean_evaluation()
    view.evaluations[0].tables[0].rows[1] = row("Administrasi Umum Perangkat Daerah", "100.000.000", "2.")
    assert findings("TABEL-KOSONG", view) == []


def test_a_row_blank_in_one_table_is_one_warning_and_no_disagreement():
    view = clean_evaluation()
    view.evaluations[0].tables[0].rows[1] = row("Administrasi Umum Perangkat Daerah", nomor="2.")
    [finding] = findings("TABEL-KOSONG", view)
    assert (finding.severity, finding.table, finding.row) == ("warning", "Tabel 2.1",
                                                              "2. Administrasi Umum Perangkat Daerah")
    assert "baris kosong di tabel Tabel 2.1" in finding.message and "Tabel 2.1.b" in finding.message
    assert findings("TABEL-EVAL", view) == []


def test_a_tc31_row_blank_beside_a_tc33_row_with_pagu_is_a_blank_row():
    sub = Node("sub_kegiatan", kode="2.08.01.2.02.0001", nama="Penyediaan Gaji dan Tunjangan ASN", pagu_n=350000000)
    kegiatan = Node("kegiatan", kode="2.08.01.2.02", nama="Administrasi Keuangan Perangkat Daerah", children=[sub])
    sub.parent = kegiatan
    review = [ReviewRow("kegiatan", rancangan=ReviewSide(nama="Administrasi Keuangan Perangkat Daerah"),
                        kebutuhan=ReviewSide(nama="Administrasi Keuangan Perangkat Daerah", pagu=350000000,
                                             pagu_teks="350.000.000"))]
    view = PlanView(tahun=2025, programs=[Node("program", kode="2.08.01", nama="PROGRAM PENUNJANG",
                                               children=[kegiatan])], review=review)
    assert findings("TABEL-KOSONG", view) == []
    review[0].kebutuhan = ReviewSide(nama="Administrasi Keuangan Perangkat Daerah")
    [finding] = findings("TABEL-KOSONG", view)
    assert (finding.table, finding.code, finding.severity) == ("T-C.31", "2.08.01.2.02", "warning")
    assert "Rp 350.000.000" in finding.message


def test_without_tables_to_pair_the_blank_rule_does_not_apply():
    [finding] = findings("TABEL-KOSONG", PlanView(tahun=2025))
    assert finding.severity == "info"


# --- TABEL-TARGET --------------------------------------------------------------------------------------------


def _plan_with_tc31(tc31_target, tc33_target="10 Kali"):
    indicator = IndicatorView("Jumlah Sosialisasi Pencegahan Kekerasan", target_n=target(tc33_target))
    sub = Node("sub_kegiatan", kode="2.08.07.2.01.0002", nama="Koordinasi", pagu_n=500000000)
    kegiatan = Node("kegiatan", kode="2.08.07.2.01", nama="Pencegahan Kekerasan terhadap Anak",
                    indicators=[indicator], children=[sub])
    sub.parent = kegiatan
    program = Node("program", kode="2.08.07", nama="PROGRAM PERLINDUNGAN KHUSUS ANAK", children=[kegiatan])
    kegiatan.parent = program
    side = ReviewSide(nama="Pencegahan Kekerasan terhadap Anak", pagu=500000000, pagu_teks="500.000.000",
                      indikator=[{"uraian": "JUMLAH SOSIALISASI PENCEGAHAN KEKERASAN", "target": tc31_target}])
    return PlanView(tahun=2025, programs=[program], review=[ReviewRow("kegiatan", rancangan=side, kebutuhan=side)])


def test_the_same_target_in_tc31_and_tc33_passes_in_any_spelling():
    assert findings("TABEL-TARGET", _plan_with_tc31("10 Kali")) == []
    assert findings("TABEL-TARGET", _plan_with_tc31("10 kali")) == []
    assert findings("TABEL-TARGET", _plan_with_tc31("", "10 Kali")) == []  # a blank target is not compared


def test_another_target_in_tc31_fails():
    [finding] = findings("TABEL-TARGET", _plan_with_tc31("12 Kali"))
    assert (finding.table, finding.code, finding.expected, finding.found) == ("T-C.31", "2.08.07.2.01", "10 Kali",
                                                                              "12 Kali")
    assert "T-C.31 (Hasil Analisis Kebutuhan) 12 Kali, tetapi di T-C.33 (2.08.07.2.01) 10 Kali" in finding.message


def test_without_tc31_the_target_rule_does_not_apply():
    [finding] = findings("TABEL-TARGET", PlanView(tahun=2025))
    assert finding.severity == "info"


# --- the demo (the seed) -------------------------------------------------------------------------------------


def test_demo_evaluation_rows_written_differently(demo_view):
    """The Renja 2022's BAB II: three detail tables whose Total holds a second kegiatan (or part of one) that
    the summary table (2.1) lists apart (with their fisik and keuangan %), the one-row table of "Pencegahan
    Kekerasan Terhadap Anak" (1,20 %) against its summary row (0 %), and Tabel 2's Total realisation % against
    Tabel 1 and Tabel 3."""
    found = sorted((f.table, f.expected, f.found) for f in findings("TABEL-EVAL", demo_view))
    assert found == sorted([
        ("2.1-08a-pelembagaan-pug", 199400000, 685255185),
        ("2.1-08a-pelembagaan-pug", Decimal(0), Decimal("0.98")),
        ("2.1-08a-pelembagaan-pug", Decimal(0), Decimal("0.98")),
        ("2.1-09a-pencegahan-kekerasan-perempuan", 127297400, 485107261),
        ("2.1-09a-pencegahan-kekerasan-perempuan", Decimal(0), Decimal("3.72")),
        ("2.1-09a-pencegahan-kekerasan-perempuan", Decimal(0), Decimal("3.72")),
        ("2.1-10a-kualitas-keluarga", 143352090, 168951590),
        ("2.1-pka-a-pencegahan-kekerasan-anak", Decimal(0), Decimal("1.2")),
        ("2.1-pka-a-pencegahan-kekerasan-anak", Decimal(0), Decimal("1.2")),
        ("Tabel 2", Decimal("22.74"), Decimal("3.9")),
    ])


def test_demo_has_no_false_disagreement(demo_view):
    """Kegiatan whose two tables agree (e.g. Administrasi Keuangan 3.644.845.175 in 2.1 and in its detail
    table), sasaran targets in kegiatan (Tabel 4) against targets in % (Tabel 6), and Tabel 1 against Tabel 3
    raise nothing; nor does any row of the demo count as blank."""
    rows = {f.row for f in findings("TABEL-EVAL", demo_view)}
    assert not any("Administrasi Keuangan" in r or "Tabel 4" in r for r in rows)
    assert {f.table for f in findings("TABEL-EVAL", demo_view)}.isdisjoint({"Tabel 1", "Tabel 3", "Tabel 4",
                                                                            "Tabel 6"})
    assert findings("TABEL-KOSONG", demo_view) == []


def test_demo_targets_of_tc31_against_tc33(demo_view):
    found = sorted((f.code, f.expected, f.found) for f in findings("TABEL-TARGET", demo_view))
    assert found == sorted([
        ("2.08.02.2.01", "40%", "46%"),
        ("2 0 0 2.02", "13,51%", "14 %"),
        ("2 0 0 2.01", "8 Kali", "10 Kali"),
        ("2.08.04.2.02", "3%", "79%"),
        ("2 0 0 2.01", "11 Kali", "3 Kali"),
    ])


# --- TABEL-PERNYATAAN ----------------------------------------------------------------------------------------


def _plan_with_statement(value, code="2.08.07", row="Program Perlindungan Khusus Anak", key="pagu_n"):
    sub = Node("sub_kegiatan", kode="2.08.07.2.01.0002", nama="Koordinasi", pagu_n=500000000, pagu_n1=550000000)
    kegiatan = Node("kegiatan", kode="2.08.07.2.01", nama="Pencegahan Kekerasan terhadap Anak", children=[sub])
    program = Node("program", kode="2.08.07", nama="PROGRAM PERLINDUNGAN KHUSUS ANAK", children=[kegiatan])
    sub.parent, kegiatan.parent = kegiatan, program
    statement = StatementView("BAB IV", key, value, Decimal(parse_rupiah(value)), code=code, row=row)
    return PlanView(tahun=2025, programs=[program], statements=[statement])


def test_a_row_pagu_stated_outside_tc33_that_agrees_passes():
    assert findings("TABEL-PERNYATAAN", _plan_with_statement("500.000.000")) == []
    assert findings("TABEL-PERNYATAAN", _plan_with_statement("550.000.000", key="pagu_n1")) == []
    numbered = _plan_with_statement("500.000.000", code="", row="1. Kegiatan Pencegahan Kekerasan terhadap Anak")
    assert findings("TABEL-PERNYATAAN", numbered) == []


def test_a_row_pagu_stated_outside_tc33_that_differs_fails():
    [finding] = findings("TABEL-PERNYATAAN", _plan_with_statement("450.000.000"))
    assert (finding.severity, finding.table, finding.code, finding.expected, finding.found) == (
        "error", "BAB IV", "2.08.07", 500000000, 450000000)
    assert "di BAB IV Rp 450.000.000, tetapi di T-C.33 (2.08.07) Rp 500.000.000" in finding.message
    [finding] = findings("TABEL-PERNYATAAN", _plan_with_statement("450.000.000", code="", row="Pencegahan Kekerasan "
                                                                                            "terhadap Anak"))
    assert (finding.code, finding.expected) == ("2.08.07.2.01", 500000000)


def test_a_row_tc33_does_not_have_is_an_info_and_no_statement_does_not_apply():
    [finding] = findings("TABEL-PERNYATAAN", _plan_with_statement("1.000.000", code="2.08.09", row="Program Lain"))
    assert finding.severity == "info" and "tidak ditemukan di T-C.33" in finding.message
    [finding] = findings("TABEL-PERNYATAAN", PlanView(tahun=2025))
    assert finding.severity == "info" and "tidak dapat diterapkan" in finding.message


def test_a_one_row_detail_table_without_total_gives_the_kegiatan_its_row():
    view = view_with(summary(row("Pencegahan Kekerasan terhadap Anak", "100.000.000", "1.", fisik="0")),
                     EvaluationTable(id="Tabel 2.1.c", program="Program Perlindungan Khusus Anak",
                                     kegiatan="Pencegahan Kekerasan terhadap Anak",
                                     rows=[RealisationRow(nomor="1.", uraian="Advokasi Kebijakan",
                                                          alokasi_teks="100.000,000",  # unreadable: not compared
                                                          fisik=Decimal("1.20"), fisik_teks="1,20")]))
    [finding] = findings("TABEL-EVAL", view)
    assert (finding.table, finding.row, finding.expected, finding.found) == (
        "Tabel 2.1.c", "1. Advokasi Kebijakan (satu-satunya baris)", Decimal(0), Decimal("1.20"))


def test_a_program_heading_row_without_figures_is_no_blank_row():
    programs = EvaluationTable(id="Tabel 2", rows=[row("Program Penunjang Urusan", "400.000.000", "1.")])
    heading = summary(row("Program Penunjang Urusan"), row("Administrasi Keuangan", "400.000.000", "1."))
    assert findings("TABEL-KOSONG", view_with(heading, programs)) == []
    blank_in_programs = EvaluationTable(id="Tabel 2", rows=[row("Program Penunjang Urusan", nomor="1."),
                                                            row("Program Perlindungan Anak", "1", "2.")])
    other = EvaluationTable(id="Tabel 5", rows=[row("Program Penunjang Urusan", "400.000.000")])
    [finding] = findings("TABEL-KOSONG", view_with(other, blank_in_programs))
    assert (finding.table, finding.row) == ("Tabel 2", "1. Program Penunjang Urusan")


def test_zero_is_no_rounded_percentage():
    spending = [SpendingRow("Tabel 1", "5.1.01", "Belanja Pegawai", 1, "1", persen=Decimal(0), persen_teks="0"),
                SpendingRow("Tabel 3", "", "Belanja Pegawai", 1, "1", persen=Decimal("0.4"), persen_teks="0,4")]
    assert [(f.expected, f.found) for f in findings("TABEL-EVAL", view_with(spending=spending))] == [
        (Decimal(0), Decimal("0.4"))]
    spending[1].persen, spending[1].persen_teks = Decimal("0.6"), "0,6"
    spending[0].persen, spending[0].persen_teks = Decimal(1), "1"
    assert findings("TABEL-EVAL", view_with(spending=spending)) == []  # 0,6 and 1 agree at whole %


def test_a_target_with_its_unit_spelled_otherwise_is_the_same_target():
    assert findings("TABEL-TARGET", _plan_with_tc31("10 Kegiatan", "10 Kali")) == []
    assert findings("TABEL-TARGET", _plan_with_tc31("12 Doku- men", "12 Dokumen")) == []
    assert len(findings("TABEL-TARGET", _plan_with_tc31("Tersedia", "Ada"))) == 1  # no number: the text


def test_quarterly_rows_are_compared_quarter_with_quarter():
    def quarter(table_id, n, realisasi):
        value = row("Administrasi Keuangan", "400.000.000", "1.", realisasi=realisasi)
        value.triwulan = n
        return EvaluationTable(id=table_id, rows=[value])

    tables = [quarter("TW I", 1, "100.000.000"), quarter("TW II", 2, "250.000.000"),
              quarter("Rekap TW II", 2, "250.000.000")]
    assert findings("TABEL-EVAL", view_with(*tables)) == []
    tables[2] = quarter("Rekap TW II", 2, "260.000.000")
    assert triple(findings("TABEL-EVAL", view_with(*tables))) == [
        ("Rekap TW II", "1. Administrasi Keuangan (triwulan 2)", 250000000, 260000000)]


@pytest.mark.parametrize("judul, compared", [("Target kinerja per sasaran", False), ("Ringkasan alokasi", True)])
def test_a_performance_table_per_sasaran_is_not_the_agencys_total(judul, compared):
    # A table of targets per sasaran may allocate only part of the budget (not the Program Penunjang): its Total
    # is no agency total to confront with the spending table's TOTAL BELANJA.
    statements = [StatementView("Tabel 1", "alokasi", "1.500.000.000", Decimal(1500000000), row="TOTAL BELANJA")]
    table = EvaluationTable(id="Tabel 4", judul=judul, rows=[row("Meningkatnya tata kelola", "400.000.000")],
                            total=total(alokasi="400.000.000"))
    view = view_with(table, spending=[SpendingRow("Tabel 1", "5.1.01", "Belanja Pegawai", 1500000000,
                                                  "1.500.000.000")], statements=statements)
    found = [f for f in findings("TABEL-EVAL", view) if f.severity == "error"]
    assert bool(found) == compared
