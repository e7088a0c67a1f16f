import pytest

from renja.plans.view import Node, PlanView, StatementView
from renja.rules.catalogue.cross import name_similarity

from .helpers import clean_document, findings, sub_kegiatan, view_of
from .test_sums import review_row, with_review

pytestmark = pytest.mark.django_db

CROSS_RULES = ("CROSS-TOTAL", "CROSS-URUSAN", "CROSS-URUSAN-TOTAL", "CROSS-TC31-TC33", "CROSS-PLAFON",
               "CROSS-EVAL-PAGU")


def with_tabel_4_1(document, urusan="500.000.000", non_urusan="400.000.000", total="900.000.000"):
    row = "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"
    document["renja"]["statements"] += [
        {"table": "Tabel 4.1", "key": key, "row": row, "value": value} for key, value in (
            ("jumlah_program_urusan", 1), ("jumlah_kegiatan_urusan", 1), ("pagu_urusan", urusan),
            ("jumlah_program_non_urusan", 1), ("jumlah_kegiatan_non_urusan", 1), ("pagu_non_urusan", non_urusan),
            ("jumlah_program", 2), ("jumlah_kegiatan", 2), ("total_pagu_n", total))]
    document["renja"]["statements"].append(
        {"table": "BAB IV", "key": "jumlah_sub_kegiatan_non_urusan", "value": "2"})
    return document


def with_prose_budget(document, value="400.000.000"):
    """BAB II states the 2024 budget; Tabel 1 gets a second account and its TOTAL BELANJA (400.000.000)."""
    evaluation = document["evaluasi"][0]
    evaluation["belanja"].append({"tabel": "Tabel 1", "kode_rekening": "5.1.02", "uraian": "Belanja Barang dan Jasa",
                                  "anggaran": "50.000.000", "realisasi": "40.000.000"})
    evaluation["statements"] = [
        {"table": "BAB II", "key": "alokasi", "value": f"Rp. {value},-", "context": f"pagu anggaran Rp. {value},-"},
        {"table": "BAB II", "key": "alokasi", "row": "refocussing", "value": "Rp 50.000.000,-"},
        {"table": "Tabel 1", "key": "alokasi", "row": "TOTAL BELANJA", "value": "400.000.000"},
    ]
    return document


def full_clean():
    return with_prose_budget(with_tabel_4_1(with_review(clean_document())))


def test_clean_plan_has_no_error_from_any_cross_rule():
    for document in (clean_document(), full_clean()):
        view = view_of(document)
        for rule_id in CROSS_RULES:
            assert [f for f in findings(rule_id, view) if f.severity == "error"] == [], rule_id


# --- CROSS-TOTAL ------------------------------------------------------------------------------------------


def test_totals_stated_outside_tc33_that_equal_the_plan_pass():
    assert findings("CROSS-TOTAL", view_of(full_clean())) == []


def test_total_stated_in_bab_iv_that_is_not_the_plan_fails_and_names_the_others():
    document = with_tabel_4_1(clean_document())
    document["renja"]["statements"][0]["value"] = "950.000.000"  # BAB IV
    [finding] = findings("CROSS-TOTAL", view_of(document))
    assert (finding.table, finding.expected, finding.found) == ("BAB IV", 900000000, 950000000)
    assert "Tabel 4.1 Rp 900.000.000" in finding.message


def test_tc31_total_need_is_a_total_of_the_plan():
    document = with_review(clean_document())
    document["renja"]["statements"][-1]["value"] = "950.000.000"
    found = findings("CROSS-TOTAL", view_of(document))
    assert [(f.table, f.expected, f.found) for f in found] == [("T-C.31", 900000000, 950000000)]


def test_without_money_in_the_plan_the_statements_are_compared_with_each_other():
    statements = [StatementView("BAB IV", "total_pagu_n", "12.239.200.000", 12239200000),
                  StatementView("Tabel 4.1", "total_pagu_n", "12.289.200.000", 12289200000),
                  StatementView("BAB I", "total_pagu_n", "12.239.200.000", 12239200000)]
    view = PlanView(tahun=2022, programs=[Node("program", kode="2.08.02")], statements=statements)
    [finding] = findings("CROSS-TOTAL", view)
    assert (finding.table, finding.expected, finding.found) == ("Tabel 4.1", 12239200000, 12289200000)


def _with_blank_kegiatan(document, need=None):
    """The Program Penunjang gets a kegiatan written only as a code (BARIS-KOSONG); T-C.31 gives it `need`."""
    program = document["renja"]["program"][0]
    program.pop("stated")
    program["kegiatan"].insert(0, {"kode": "2.08.01.2.01", "nama": None})
    if need is not None:
        document = with_review(document)
        document["renja"]["reviu_rkpd"][0]["kebutuhan"]["pagu"] = "460.000.000"
        document["renja"]["reviu_rkpd"].insert(1, review_row(
            "kegiatan", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", need, need))
        document["renja"]["statements"][-1]["value"] = "960.000.000"  # T-C.31's total need
    document["renja"]["statements"][0]["value"] = "960.000.000"  # BAB IV
    return document


def test_a_gap_that_is_a_blank_row_is_the_blank_rows_finding():
    view = view_of(_with_blank_kegiatan(clean_document(), need="60.000.000"))
    assert findings("CROSS-TOTAL", view) == []  # 900 summed + 60 of the blank kegiatan per T-C.31
    assert [f.code for f in findings("BARIS-KOSONG", view)] == ["2.08.01.2.01"]


def test_a_gap_beyond_the_blank_rows_is_computed_without_them():
    view = view_of(_with_blank_kegiatan(clean_document(), need="50.000.000"))
    found = [(f.table, f.severity, f.expected, f.found) for f in findings("CROSS-TOTAL", view)]
    assert found == [("BAB IV", "error", 950000000, 960000000), ("T-C.31", "error", 950000000, 960000000)]
    assert "(selisih Rp 10.000.000)" in findings("CROSS-TOTAL", view)[0].message


def test_a_gap_above_the_sum_with_blank_rows_no_table_values_is_a_warning():
    [finding] = findings("CROSS-TOTAL", view_of(_with_blank_kegiatan(clean_document())))
    assert (finding.severity, finding.expected, finding.found) == ("warning", 900000000, 960000000)
    assert "1 baris kosong T-C.33 tanpa pagu (2.08.01.2.01; lihat BARIS-KOSONG)" in finding.message


def test_demo_totals(demo_view):
    found = [(f.table, f.expected, f.found) for f in findings("CROSS-TOTAL", demo_view)]
    # T-C.33 sums Rp 8.790.527.321, but two of its kegiatan are blank (2.08.01.2.01 and 2.08.01.2.02, BARIS-KOSONG);
    # T-C.31 gives them Rp 61.209.400 and Rp 3.642.128.743 (of which T-C.33 sums Rp 396.677.510): counted so, the
    # gap is Rp 142.012.046 (the urusan gap of Tabel 4.1 and Rp 15.200 of the Program Penunjang), not 3,4 billion.
    assert found == [("BAB IV", 12097187954, 12239200000), ("Tabel 4.1", 12097187954, 12289200000),
                     ("T-C.31", 12097187954, 12239200000)]
    assert all("selisih Rp 3.448.672.679" not in f.message for f in findings("CROSS-TOTAL", demo_view))


# --- CROSS-URUSAN and CROSS-URUSAN-TOTAL ------------------------------------------------------------------


def test_urusan_and_non_urusan_figures_that_match_the_plan_pass():
    view = view_of(full_clean())
    assert findings("CROSS-URUSAN", view) == [] and findings("CROSS-URUSAN-TOTAL", view) == []


def test_urusan_figures_swapped_fail_with_the_computed_values():
    document = with_tabel_4_1(clean_document(), urusan="400.000.000", non_urusan="500.000.000")
    found = findings("CROSS-URUSAN", view_of(document))
    assert [(f.table, f.expected, f.found) for f in found] == [
        ("Tabel 4.1", 500000000, 400000000), ("Tabel 4.1", 400000000, 500000000)]
    assert "Program Penunjang" in found[1].message


def test_urusan_counts_are_left_to_the_count_rules():
    document = with_tabel_4_1(clean_document())
    document["renja"]["statements"][-1]["value"] = "3"  # BAB IV: sub kegiatan non urusan
    assert findings("CROSS-URUSAN", view_of(document)) == []


def test_penunjang_with_an_unreadable_code_is_known_by_its_name():
    document = with_tabel_4_1(clean_document())
    document["renja"]["program"][0]["kode"] = "2 0 0"
    assert findings("CROSS-URUSAN", view_of(document)) == []


def test_urusan_plus_non_urusan_that_is_not_the_stated_total_fails():
    document = with_tabel_4_1(clean_document(), total="950.000.000")
    [finding] = findings("CROSS-URUSAN-TOTAL", view_of(document))
    assert (finding.table, finding.expected, finding.found) == ("Tabel 4.1", 900000000, 950000000)
    assert finding.row == "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"


def test_urusan_total_without_a_complete_triple_is_not_applicable():
    [finding] = findings("CROSS-URUSAN-TOTAL", view_of(clean_document()))
    assert finding.severity == "info"


def test_demo_urusan(demo_view):
    found = {(f.table, f.expected, f.found) for f in findings("CROSS-URUSAN", demo_view)}
    assert found == {
        ("Tabel 4.1", 7067008097, 7209004943),  # pagu urusan
        ("Tabel 4.1", 5030179857, 5030195057),  # pagu non urusan: 2.08.01, its blank kegiatan as T-C.31 has them
    }  # the counts (12 kegiatan urusan, 23 sub kegiatan non urusan) are COUNT-KEGIATAN's and COUNT-SUB-KEGIATAN's
    [total] = findings("CROSS-URUSAN-TOTAL", demo_view)
    assert (total.table, total.expected, total.found) == ("Tabel 4.1", 12239200000, 12289200000)
    assert "7.209.004.943" in total.message and "5.030.195.057" in total.message


# --- CROSS-TC31-TC33 --------------------------------------------------------------------------------------


def test_names_are_compared_without_case_spacing_punctuation_and_program_prefix():
    assert name_similarity("PROGRAM PERLINDUNGAN KHUSUS ANAK", "Perlindungan  Khusus Anak.") == 1.0
    assert name_similarity("Administrasi Kepega- waian Perangkat Daerah",
                           "Administrasi Kepegawaian Perangkat Daerah") == 1.0
    assert name_similarity("Pencegahan Kekerasan Lingkup Daerah Kab/Kota",
                           "Pencegahan Kekerasan Lingkup Daerah Kabupaten/Kota") == 1.0
    assert name_similarity("Administrasi Umum Perangkat Daerah", "Administrasi Keuangan Perangkat Daerah") < 0.85


def test_tc31_needs_that_equal_tc33_pass():
    assert findings("CROSS-TC31-TC33", view_of(with_review(clean_document()))) == []


def test_tc31_need_that_differs_from_tc33_fails_with_the_tc33_code():
    document = with_review(clean_document())
    document["renja"]["reviu_rkpd"][3]["kebutuhan"]["pagu"] = "450.000.000"
    [finding] = findings("CROSS-TC31-TC33", view_of(document))
    assert (finding.table, finding.code, finding.expected, finding.found) == (
        "T-C.31", "2.08.07.2.01", 500000000, 450000000)
    assert finding.severity == "error"


def test_tc31_row_not_in_tc33_is_info():
    document = with_review(clean_document())
    document["renja"]["reviu_rkpd"].append(
        {"tingkat": "kegiatan", "rancangan": {"nama": "Kegiatan Baru"}, "kebutuhan": {"nama": "Kegiatan Baru",
                                                                                    "pagu": "10.000.000"}})
    [finding] = findings("CROSS-TC31-TC33", view_of(document))
    assert (finding.severity, finding.row, finding.found, finding.expected) == ("info", "Kegiatan Baru", 10000000,
                                                                                  None)


def test_demo_tc31_against_tc33(demo_view):
    found = findings("CROSS-TC31-TC33", demo_view)
    errors = {(f.code, f.expected, f.found) for f in found if f.severity == "error"}
    assert errors == {
        # Program Penunjang: its blank kegiatan 2.08.01.2.01 and 2.02 counted at their T-C.31 need, Rp 15.200 apart
        ("2.08.01", 5030179857, 5030195057),
        ("2.08.01.2.06", 302875115, 305375115),  # Administrasi Umum Perangkat Daerah
        ("2.08.02", 715342190, 715341993),
        ("2.08.02.2.01", 192548170, 192547973),
        ("2 0 0", 225266100, 65197750),  # PROGRAM PERLINDUNGAN PEREMPUAN
        ("2 0 0 2.01", 65216600, 65197790),
        ("2.08.04", 35165400, 177149200),
        ("2.08.04.2.01", 0, 141983800),
        ("2 0 0", 282101567, 282101590),  # PROGRAM PENGELOLAAN SISTEM DATA GENDER (DAN ANAK)
        ("2 0 0 2.01", 282101567, 282101590),
    }
    # T-C.33 writes no name for kegiatan 2.08.01.2.01 and 2.02: found at their place, they are BARIS-KOSONG's;
    # and no kegiatan row at all under the PHA program
    infos = sorted((f.row.split()[0], f.found) for f in found if f.severity == "info")
    assert infos == [("Pelebagaan", 281451949)]
    [penunjang] = [f for f in found if f.code == "2.08.01"]
    assert "2 baris kosong T-C.33 (2.08.01.2.01, 2.08.01.2.02; lihat BARIS-KOSONG)" in penunjang.message
    assert "(selisih Rp 15.200)" in penunjang.message


def test_a_blank_tc33_row_is_counted_at_its_tc31_need_and_not_compared():
    document = with_review(clean_document())
    program = document["renja"]["program"][0]
    program.pop("stated")
    program["kegiatan"].insert(0, {"kode": "2.08.01.2.01", "nama": None})  # only a code: its content lost
    document["renja"]["reviu_rkpd"][0]["kebutuhan"]["pagu"] = "460.000.000"
    document["renja"]["reviu_rkpd"].insert(1, review_row(
        "kegiatan", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "60.000.000", "60.000.000"))
    view = view_of(document)
    assert findings("CROSS-TC31-TC33", view) == []  # 460 = 400 in T-C.33 + 60 of the blank row
    [blank] = findings("BARIS-KOSONG", view)
    assert blank.code == "2.08.01.2.01" and "kebutuhan dananya Rp 60.000.000" in blank.message
    document["renja"]["reviu_rkpd"][0]["kebutuhan"]["pagu"] = "470.000.000"
    [finding] = findings("CROSS-TC31-TC33", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.01", 460000000, 470000000)


# --- CROSS-PLAFON -----------------------------------------------------------------------------------------


def test_plan_within_the_ceiling_passes():
    assert findings("CROSS-PLAFON", view_of(full_clean())) == []


def test_plan_above_the_ceiling_fails():
    document = clean_document()
    sub_kegiatan(document, program=1)["pagu_n"] = "700.000.000"
    [finding] = findings("CROSS-PLAFON", view_of(document))
    assert (finding.expected, finding.found) == (1000000000, 1100000000)


def test_stated_total_above_the_ceiling_fails_when_the_computed_one_is_not():
    document = clean_document()
    document["renja"]["statements"][0]["value"] = "1.200.000.000"
    [finding] = findings("CROSS-PLAFON", view_of(document))
    assert (finding.table, finding.expected, finding.found) == ("BAB IV", 1000000000, 1200000000)


def test_plan_without_ceiling_is_not_applicable():
    document = clean_document()
    del document["perangkat_daerah"]["pagu_plafon"]
    [finding] = findings("CROSS-PLAFON", view_of(document))
    assert finding.severity == "info" and "plafon" in finding.message


def test_demo_stated_total_above_the_ceiling(demo_view):
    [finding] = findings("CROSS-PLAFON", demo_view)
    assert (finding.expected, finding.found) == (10922004616, 12239200000)
    assert "12.289.200.000" in finding.message  # Tabel 4.1, also above


# --- CROSS-EVAL-PAGU --------------------------------------------------------------------------------------


def test_evaluated_budget_that_matches_the_tables_passes():
    view = view_of(with_prose_budget(clean_document()))
    assert findings("CROSS-EVAL-PAGU", view) == [] and findings("BELANJA-SUM", view) == []


def test_evaluated_budget_that_differs_from_the_tables_fails_per_table():
    found = findings("CROSS-EVAL-PAGU", view_of(with_prose_budget(clean_document(), value="450.000.000")))
    assert [(f.table, f.row, f.expected, f.found) for f in found] == [
        ("ringkasan", "Total", 450000000, 400000000), ("Tabel 1", "Total", 450000000, 400000000)]
    assert "2024" in found[0].message and "BAB II" in found[0].message


def test_evaluated_budget_not_stated_is_not_applicable():
    [finding] = findings("CROSS-EVAL-PAGU", view_of(clean_document()))
    assert finding.severity == "info"


def test_demo_evaluated_budget(demo_view):
    # BAB II says 10.922.004.616 for 2021: the summary table, Tabel 2, Tabel 1 and Tabel 3 say the same;
    # Tabel 4's JUMLAH "9.167.000.000,00.-" cannot be read.
    assert findings("CROSS-EVAL-PAGU", demo_view) == []


# --- CROSS-TAHAP ---------------------------------------------------------------------------------------------


def test_cross_stage_without_another_stage_says_it_cannot_apply():
    [finding] = findings("CROSS-TAHAP", view_of(clean_document()))
    assert finding.severity == "info" and "tahap lain" in finding.message


def test_cross_stage_equal_to_the_rancangan_passes_and_a_changed_program_is_reported():
    from renja.exchange.loader import load_document
    from renja.plans.view import build_view

    draft = clean_document()
    draft["renja"]["tahap"] = "rancangan_awal"
    load_document(draft)
    assert findings("CROSS-TAHAP", view_of(clean_document())) == []
    changed = clean_document()
    sub_kegiatan(changed, program=1)["pagu_n"] = "450.000.000"
    view = build_view(load_document(changed, replace=True).renja)
    found = findings("CROSS-TAHAP", view)
    assert [(f.code, f.expected, f.found) for f in found] == [("2.08.07", 500000000, 450000000),
                                                              (None, 900000000, 850000000)]
