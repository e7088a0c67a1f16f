from decimal import Decimal

import pytest

from .helpers import clean_document, findings, sub_kegiatan, view_of

pytestmark = pytest.mark.django_db

MONEY_RULES = ("UANG-FORMAT", "UANG-NOL", "UANG-PERTUMBUHAN", "UANG-GANDA")


def test_the_clean_plan_gives_no_money_finding():
    view = view_of(clean_document())
    for rule_id in MONEY_RULES:
        assert findings(rule_id, view) == [], rule_id


# --- UANG-FORMAT -------------------------------------------------------------------------------------------------


def test_unreadable_pagu_of_a_sub_kegiatan_is_reported_with_the_text_and_why():
    document = clean_document()
    sub_kegiatan(document)["pagu_n"] = "350.000.000.0"
    [finding] = findings("UANG-FORMAT", view_of(document))
    assert (finding.table, finding.code, finding.expected, finding.found) == (
        "T-C.33", "2.08.01.2.02.0001", None, "350.000.000.0")
    assert finding.severity == "error"
    assert "pemisah ribuan tidak teratur" in finding.message and "2025" in finding.message
    assert [r["note"] for r in finding.readings] == ["unreadable"]


def test_repaired_pagu_of_a_sub_kegiatan_stays_an_error_with_its_reading():
    document = clean_document()
    sub_kegiatan(document)["pagu_n"] = "350.000.000."
    [finding] = findings("UANG-FORMAT", view_of(document))
    assert (finding.severity, finding.expected, finding.found) == ("error", 350000000, "350.000.000.")
    assert "dibaca Rp 350.000.000 (titik di akhir dibuang)" in finding.message
    assert finding.readings == [{"table": "T-C.33", "row": finding.row, "column": "pagu_n", "text": "350.000.000.",
                                 "value": 350000000, "note": "repaired", "repair": "titik di akhir dibuang"}]


def test_unreadable_cells_of_the_evaluation_review_and_spending_are_reported_once_each():
    document = clean_document()
    evaluation = document["evaluasi"][0]
    evaluation["tabel"][0]["baris"][0]["alokasi"] = "400.00000"
    evaluation["tabel"][0]["baris"][0]["keuangan"] = "95 95"
    evaluation["belanja"][0]["anggaran"] = "3,500.000,000"
    document["renja"]["reviu_rkpd"] = [{
        "nomor": "1", "tingkat": "program", "rancangan": {"nama": "PROGRAM X", "pagu": "1.000.000 2.000.000"},
        "kebutuhan": {"nama": "PROGRAM X", "pagu": "1.000.000"}}]
    found = {(f.table, f.found): f for f in findings("UANG-FORMAT", view_of(document))}
    assert set(found) == {("BAB II ringkasan", "400.00000"), ("BAB II ringkasan", "95 95"),
                          ("Tabel 1", "3,500.000,000"), ("T-C.31", "1.000.000 2.000.000")}
    assert "pemisah ribuan tidak teratur" in found[("BAB II ringkasan", "400.00000")].message
    assert "lebih dari satu angka" in found[("BAB II ringkasan", "95 95")].message  # one item on the row, two values
    assert "koma dan titik tercampur" in found[("Tabel 1", "3,500.000,000")].message
    assert found[("Tabel 1", "3,500.000,000")].code == "5.1.01"
    assert all(f.expected is None and f.severity == "error" for f in found.values())


def test_malformed_cells_with_one_sensible_reading_are_warnings_naming_the_repair():
    document = clean_document()
    evaluation = document["evaluasi"][0]
    evaluation["tabel"][0]["baris"][0]["alokasi"] = "400.000000"
    evaluation["belanja"][0]["anggaran"] = "3,500.000.000"
    found = {f.found: f for f in findings("UANG-FORMAT", view_of(document))}
    assert {text: (f.severity, f.expected) for text, f in found.items()} == {
        "400.000000": ("warning", 400000000), "3,500.000.000": ("warning", 3500000000)}
    assert found["400.000000"].readings[0]["repair"] == "titik pemisah ribuan yang hilang ditambahkan"
    assert found["3,500.000.000"].readings[0]["repair"] == "koma di antara pemisah ribuan dibaca sebagai titik"


def test_a_stated_amount_misread_as_a_decimal_is_reported():
    """'900.000000' is not Rupiah; the loader reads it as 900 (a number with decimals), which is as wrong as none."""
    document = clean_document()
    document["renja"]["statements"][0]["value"] = "900.000000"
    document["evaluasi"][0]["tabel"][0]["total"]["alokasi"] = "400.000.000,00.-"
    found = {(f.table, f.row, f.found) for f in findings("UANG-FORMAT", view_of(document))}
    assert found == {("BAB IV", None, "900.000000"), ("BAB II ringkasan", "Total", "400.000.000,00.-")}


def test_readable_amounts_with_rp_and_dash_pass():
    document = clean_document()
    document["renja"]["statements"][0]["value"] = "Rp. 900.000.000,-"
    assert findings("UANG-FORMAT", view_of(document)) == []


def test_demo_unreadable_numbers_are_found(demo_view):
    found = {(f.table, f.found): f.severity for f in findings("UANG-FORMAT", demo_view)}
    assert found == {
        # unreadable: two amounts on a row of one program; a value cut short among four ("571.677.")
        ("Tabel 2", "3.411.703.751 212.931.704"): "error",
        ("Tabel 4", "1.032.570.000,00 571.677. 357.809.861 1.199.999.684"): "error",
        # one sensible reading each, read with the repair named
        ("BAB II 2.1-07a-pemeliharaan-bmd", "275.884.120."): "warning",
        ("BAB II 2.1-pka-a-pencegahan-kekerasan-anak", "109.716110"): "warning",
        ("Tabel 2", "212.931704"): "warning",  # the Total row, which the loader could not read
        ("Tabel 1", "3,458.571.116"): "warning",
        ("Tabel 3", "3,458.571.116"): "warning",
        ("Tabel 4", "2.422.223.486,00. -"): "warning",
        ("Tabel 4", "525.867.964,00.-"): "warning",
        ("Tabel 4", "9.167.000.000,00.-"): "warning",
    }  # not malformed: Tabel 4 row 5's four amounts and Tabel 6 row 5's '0 0 0 0' / '100 100 100 100', one per item
    by_text = {f.found: f for f in findings("UANG-FORMAT", demo_view)}
    assert by_text["212.931704"].row == "Total" and by_text["212.931704"].expected == 212931704
    assert "dibaca Rp 275.884.120 (titik di akhir dibuang)" in by_text["275.884.120."].message
    assert by_text["9.167.000.000,00.-"].readings[0]["repair"] == "titik-strip di akhir dibuang"
    assert by_text["3.411.703.751 212.931.704"].row.startswith("8 Program Pemberdayaan Lembaga")
    assert "nilai ke-2 dari 4 ('571.677.')" in by_text["1.032.570.000,00 571.677. 357.809.861 1.199.999.684"].message


# --- UANG-NOL ----------------------------------------------------------------------------------------------------


def test_sub_kegiatan_with_pagu_passes():
    assert findings("UANG-NOL", view_of(clean_document())) == []


def test_sub_kegiatan_with_zero_pagu_n_is_an_error():
    document = clean_document()
    sub_kegiatan(document, sub=1)["pagu_n"] = "0"
    [finding] = findings("UANG-NOL", view_of(document))
    assert (finding.code, finding.severity, finding.expected, finding.found) == (
        "2.08.01.2.02.0007", "error", None, 0)
    assert "2025 nol" in finding.message


def test_sub_kegiatan_without_forecast_is_a_warning_and_a_row_without_any_pagu_one_finding():
    document = clean_document()
    sub_kegiatan(document, sub=1)["pagu_n1"] = None
    del sub_kegiatan(document, program=1)["pagu_n"]
    del sub_kegiatan(document, program=1)["pagu_n1"]
    result = {f.code: f for f in findings("UANG-NOL", view_of(document))}
    assert set(result) == {"2.08.01.2.02.0007", "2.08.07.2.01.0002"}
    assert result["2.08.01.2.02.0007"].severity == "warning"
    assert "prakiraan maju 2026 kosong" in result["2.08.01.2.02.0007"].message
    assert result["2.08.07.2.01.0002"].severity == "error"
    assert "2025 kosong dan pagu prakiraan maju 2026 kosong" in result["2.08.07.2.01.0002"].message


def test_unreadable_pagu_and_unnamed_rows_are_left_to_other_rules():
    document = clean_document()
    sub_kegiatan(document)["pagu_n"] = "350.000.000."  # UANG-FORMAT
    sub_kegiatan(document, sub=1)["nama"] = None  # BARIS-KOSONG
    sub_kegiatan(document, sub=1)["pagu_n"] = None
    assert findings("UANG-NOL", view_of(document)) == []


def test_demo_has_no_named_sub_kegiatan_without_pagu(demo_view):
    # The seed's sub kegiatan rows without pagu are code-only rows (2.08.01.2.01.0001, …): BARIS-KOSONG's.
    assert findings("UANG-NOL", demo_view) == []
    assert [s.code for s in demo_view.subs() if s.pagu_n is None] == [
        "2.08.01.2.01.0001", "2.08.01.2.01.0006", "2.08.01.2.02.0001"]


# --- UANG-PERTUMBUHAN --------------------------------------------------------------------------------------------


def test_forecast_at_the_plans_ratio_passes():
    assert findings("UANG-PERTUMBUHAN", view_of(clean_document())) == []


def test_forecast_far_from_the_typical_ratio_is_a_warning():
    document = clean_document()
    sub_kegiatan(document, program=1)["pagu_n1"] = "1.000.000.000"  # ×2,00 where the plan uses ×1,10
    [finding] = findings("UANG-PERTUMBUHAN", view_of(document))
    assert (finding.code, finding.severity, finding.expected, finding.found) == (
        "2.08.07.2.01.0002", "warning", Decimal("1.1000"), Decimal("2.0000"))
    assert "×2,00" in finding.message and "×1,10" in finding.message and "Rp 550.000.000" in finding.message


def test_a_moderately_different_ratio_passes():
    document = clean_document()
    sub_kegiatan(document, program=1)["pagu_n1"] = "600.000.000"  # ×1,20 against ×1,10: within 25 %
    assert findings("UANG-PERTUMBUHAN", view_of(document)) == []


def test_growth_needs_three_sub_kegiatan():
    document = clean_document()
    del document["renja"]["program"][1]
    [finding] = findings("UANG-PERTUMBUHAN", view_of(document))
    assert finding.severity == "info" and "sedikitnya 3 sub kegiatan" in finding.message


def test_demo_sub_kegiatan_all_grow_by_the_same_ratio(demo_view):
    # Every sub kegiatan of the seed has n+1 = n × 1,10 (to the Rupiah). The one row with another ratio is the
    # stated PUG program (1.573.752.601 / 715.341.993 = ×2,20): reported on its program row (and by UANG-GANDA).
    assert [f.code for f in findings("UANG-PERTUMBUHAN", demo_view)] == ["2.08.02"]
    ratios = {round(Decimal(s.pagu_n1) / Decimal(s.pagu_n), 4) for s in demo_view.subs() if s.pagu_n}
    assert ratios == {Decimal("1.1000")}


# --- UANG-GANDA --------------------------------------------------------------------------------------------------


def test_stated_pagu_equal_to_the_sum_passes():
    assert findings("UANG-GANDA", view_of(clean_document())) == []


def test_program_pagu_twice_its_sum_is_a_double_count():
    document = clean_document()
    document["renja"]["program"][0]["stated"]["pagu_n"] = "800.000.000"
    [finding] = findings("UANG-GANDA", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.01", 400000000, 800000000)
    assert "dua kali" in finding.message


def test_program_pagu_equal_to_stated_kegiatan_plus_sub_kegiatan_is_a_double_count():
    document = clean_document()
    program = document["renja"]["program"][1]
    program["kegiatan"][0]["stated"] = {"pagu_n1": "549.999.800"}
    program["stated"]["pagu_n1"] = "1.099.999.800"  # 549.999.800 (kegiatan as written) + 550.000.000
    [finding] = findings("UANG-GANDA", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.07", 550000000, 1099999800)
    assert "Rp 549.999.800 (jumlah pagu kegiatan yang tertulis) + Rp 550.000.000" in finding.message
    assert "2026" in finding.message


def test_a_plain_mismatch_is_not_a_double_count():
    document = clean_document()
    document["renja"]["program"][1]["stated"]["pagu_n1"] = "560.000.000"
    assert findings("UANG-GANDA", view_of(document)) == []


def test_plan_total_twice_the_sum_is_a_double_count():
    document = clean_document()
    document["renja"]["statements"][0]["value"] = "1.800.000.000"
    [finding] = findings("UANG-GANDA", view_of(document))
    assert (finding.table, finding.expected, finding.found) == ("BAB IV", 900000000, 1800000000)


def test_demo_pug_program_n1_counts_its_kegiatan_twice(demo_view):
    found = findings("UANG-GANDA", demo_view)
    assert [(f.code, f.expected, f.found) for f in found] == [("2.08.02", 786876409, 1573752601)]
    assert "Rp 786.876.192 (jumlah pagu kegiatan yang tertulis) + Rp 786.876.409" in found[0].message


def test_demo_program_row_at_twice_the_plans_growth_is_found(demo_view):
    """The seed grows every sub kegiatan ×1,10 but states ×2,20 on the PUG program row."""
    found = [f for f in findings("UANG-PERTUMBUHAN", demo_view) if f.code == "2.08.02"]
    assert [(f.expected, f.found) for f in found] == [(Decimal("1.1000"), Decimal("2.2000"))]
