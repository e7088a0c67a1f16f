import pytest

from .helpers import clean_document, findings, sub_kegiatan, view_of

pytestmark = pytest.mark.django_db


def test_program_pagu_that_is_the_sum_of_its_sub_kegiatan_passes():
    assert findings("PAGU-SUM-PROGRAM", view_of(clean_document())) == []


def test_program_pagu_that_is_not_the_sum_fails_with_expected_and_found():
    document = clean_document()
    sub_kegiatan(document, program=1)["pagu_n1"] = "540.000.000"
    [finding] = findings("PAGU-SUM-PROGRAM", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.07", 540000000, 550000000)
    assert finding.severity == "error" and finding.table == "T-C.33"
    assert "2026" in finding.message


def test_kegiatan_pagu_that_is_the_sum_passes():
    assert findings("PAGU-SUM-KEGIATAN", view_of(clean_document())) == []


def test_kegiatan_pagu_that_is_not_the_sum_fails():
    document = clean_document()
    document["renja"]["program"][0]["kegiatan"][0]["stated"]["pagu_n"] = "450.000.000"
    [finding] = findings("PAGU-SUM-KEGIATAN", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.01.2.02", 400000000, 450000000)


def test_demo_pug_program_n1_is_found(demo_view):
    found = [f for f in findings("PAGU-SUM-PROGRAM", demo_view) if f.code == "2.08.02"]
    assert [(f.expected, f.found) for f in found] == [(715342190, 715341993), (786876409, 1573752601)]


# --- shared: a T-C.31 for the clean plan, and every rule of this family on the clean plan ----------------

SUMS_RULES = ("PAGU-SUM-PROGRAM", "PAGU-SUM-KEGIATAN", "PAGU-SUM-TOTAL", "TC31-SUM-PROGRAM", "TC31-SUM-KEGIATAN",
              "TC31-SUM-TOTAL", "EVAL-SUM-TOTAL", "BELANJA-SUM", "PAGU-ANAK-PROGRAM", "PAGU-SUM-BIDANG",
              "PAGU-ANAK-BIDANG", "EVAL-SUM-SUBTOTAL", "BELANJA-ANAK", "EVAL-SUM-PROGRAM", "EVAL-ANAK-PROGRAM")


def review_row(tingkat, nama, rancangan, kebutuhan, nama_kebutuhan=None):
    return {"tingkat": tingkat,
            "rancangan": {"nama": nama, "lokasi": "Kota Contoh", "pagu": rancangan},
            "kebutuhan": {"nama": nama_kebutuhan if nama_kebutuhan is not None else nama, "lokasi": "Kota Contoh",
                          "pagu": kebutuhan}}


def with_review(document):
    """The clean plan with a T-C.31 that agrees with it: the second kegiatan is followed by its sub kegiatan."""
    document["renja"]["reviu_rkpd"] = [
        review_row("program", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "380.000.000",
                   "400.000.000"),
        review_row("kegiatan", "Administrasi Keuangan Perangkat Daerah", "380.000.000", "400.000.000"),
        review_row("program", "PROGRAM PERLINDUNGAN KHUSUS ANAK", "500.000.000", "500.000.000",
                   nama_kebutuhan="Program Perlindungan Khusus Anak"),
        review_row("kegiatan", "Pencegahan Kekerasan terhadap Anak yang Melibatkan para Pihak Lingkup Daerah "
                               "Kabupaten/Kota", "500.000.000", "500.000.000"),
        review_row("sub_kegiatan", "Koordinasi dan Sinkronisasi Pencegahan Kekerasan terhadap Anak Kewenangan "
                                   "Kabupaten/Kota", "500.000.000", "500.000.000"),
    ]
    document["renja"]["statements"] += [
        {"table": "T-C.31", "key": "pagu_rancangan", "row": "Total", "value": "880.000.000"},
        {"table": "T-C.31", "key": "pagu_kebutuhan", "row": "Total", "value": "900.000.000"},
    ]
    return document


def test_clean_plan_has_no_error_from_any_sum_rule():
    for document in (clean_document(), with_review(clean_document())):
        view = view_of(document)
        for rule_id in SUMS_RULES:
            assert [f for f in findings(rule_id, view) if f.severity == "error"] == [], rule_id


# --- PAGU-SUM-TOTAL ---------------------------------------------------------------------------------------


def _tc33_total(document, value, key="total_pagu_n"):
    document["renja"]["statements"].append({"table": "T-C.33", "key": key, "row": "Total", "value": value})
    return document


def test_tc33_total_that_is_the_sum_of_the_plan_passes():
    document = _tc33_total(_tc33_total(clean_document(), "900.000.000"), "990.000.000", "total_pagu_n1")
    assert findings("PAGU-SUM-TOTAL", view_of(document)) == []


def test_tc33_total_that_is_not_the_sum_fails():
    [finding] = findings("PAGU-SUM-TOTAL", view_of(_tc33_total(clean_document(), "990.000.000")))
    assert (finding.table, finding.row, finding.expected, finding.found) == ("T-C.33", "Total", 900000000, 990000000)
    assert finding.severity == "error" and "2025" in finding.message and "90.000.000" in finding.message


def test_tc33_total_equal_to_the_urusan_programs_only_says_so():
    [finding] = findings("PAGU-SUM-TOTAL", view_of(_tc33_total(clean_document(), "500.000.000")))
    assert (finding.expected, finding.found) == (900000000, 500000000)
    assert "program urusan saja" in finding.message


def test_tc33_without_total_row_is_not_applicable():
    [finding] = findings("PAGU-SUM-TOTAL", view_of(clean_document()))
    assert finding.severity == "info" and "tidak dapat diterapkan" in finding.message


def test_demo_tc33_total_rows(demo_view):
    subtotal, total = findings("PAGU-SUM-TOTAL", demo_view)
    # The first unlabelled figure is the sum of what the seven urusan program rows write: an urusan subtotal,
    # not a wrong plan total. The second is still confronted as the plan's total.
    assert (subtotal.severity, subtotal.found) == ("info", 7208972850)
    assert "subtotal program urusan" in subtotal.message and "PAGU-SUM-PROGRAM" in subtotal.message
    assert (total.severity, total.expected, total.found) == ("error", 8790527321, 12239200000)


# --- T-C.31 -----------------------------------------------------------------------------------------------


def test_tc31_whose_programs_kegiatan_and_total_add_up_passes():
    view = view_of(with_review(clean_document()))
    for rule_id in ("TC31-SUM-PROGRAM", "TC31-SUM-KEGIATAN", "TC31-SUM-TOTAL"):
        assert findings(rule_id, view) == [], rule_id


def test_tc31_program_that_is_not_the_sum_of_its_kegiatan_fails_on_its_side():
    document = with_review(clean_document())
    document["renja"]["reviu_rkpd"][1]["kebutuhan"]["pagu"] = "390.000.000"
    [finding] = findings("TC31-SUM-PROGRAM", view_of(document))
    assert (finding.table, finding.expected, finding.found) == ("T-C.31", 390000000, 400000000)
    assert finding.row == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    assert "Hasil Analisis Kebutuhan" in finding.message


def test_tc31_kegiatan_and_its_sub_kegiatan_are_not_counted_twice():
    document = with_review(clean_document())
    document["renja"]["reviu_rkpd"][4]["rancangan"]["pagu"] = "450.000.000"
    view = view_of(document)
    assert findings("TC31-SUM-PROGRAM", view) == []  # the program is compared with its kegiatan only
    [finding] = findings("TC31-SUM-KEGIATAN", view)
    assert (finding.expected, finding.found) == (450000000, 500000000)
    assert "Rancangan Awal RKPD" in finding.message


def test_tc31_kegiatan_without_pagu_counts_by_its_sub_kegiatan_and_blank_parts_are_skipped():
    document = with_review(clean_document())
    document["renja"]["reviu_rkpd"][3]["kebutuhan"]["pagu"] = None  # counted by its sub kegiatan
    document["renja"]["reviu_rkpd"][1]["rancangan"]["pagu"] = None  # the program's left side: skipped
    view = view_of(document)
    assert findings("TC31-SUM-PROGRAM", view) == [] and findings("TC31-SUM-TOTAL", view) == []


def test_tc31_total_that_is_not_the_sum_of_programs_fails():
    document = with_review(clean_document())
    document["renja"]["statements"][-1]["value"] = "950.000.000"
    [finding] = findings("TC31-SUM-TOTAL", view_of(document))
    assert (finding.row, finding.expected, finding.found) == ("Total", 900000000, 950000000)


def test_tc31_rules_without_tc31_are_not_applicable():
    view = view_of(clean_document())
    for rule_id in ("TC31-SUM-PROGRAM", "TC31-SUM-KEGIATAN", "TC31-SUM-TOTAL"):
        assert [f.severity for f in findings(rule_id, view)] == ["info"]


def test_demo_tc31_sums(demo_view):
    [total] = findings("TC31-SUM-TOTAL", demo_view)  # the left Total 10.922.004.616 adds up
    assert (total.expected, total.found) == (12079118430, 12239200000) and "Kebutuhan" in total.message
    programs = {(f.row[:30], f.expected, f.found) for f in findings("TC31-SUM-PROGRAM", demo_view)}
    assert programs == {
        ("PROGRAM PENUNJANG URUSAN PEMER", 5009207928, 5011924360),
        ("PROGRAM PENUNJANG URUSAN PEMER", 5032679857, 5030195057),
        ("PROGRAM PENGARUSUTAMAAN GENDER", 678403355, 685255185),
        ("PROGRAM PERLINDUNGAN PEREMPUAN", 225247290, 65197750),
    }
    [kegiatan] = findings("TC31-SUM-KEGIATAN", demo_view)  # left side; the right side adds up
    assert kegiatan.row.startswith("Pemberdayaan Lembaga Kemasyarakatan")
    assert (kegiatan.expected, kegiatan.found) == (4801333964, 3411703751)


# --- EVAL-SUM-TOTAL ---------------------------------------------------------------------------------------


def _evaluation_table(document):
    return document["evaluasi"][0]["tabel"][0]


def test_evaluation_total_that_is_the_sum_of_its_rows_passes():
    document = clean_document()
    _evaluation_table(document)["baris"].append(
        {"nomor": "2", "uraian": "Kegiatan kedua", "alokasi": "100.000.000", "realisasi": "-", "fisik": "0"})
    _evaluation_table(document)["baris"].append({"nomor": None, "uraian": "lanjutan uraian"})  # blank row
    _evaluation_table(document)["total"].update({"alokasi": "500.000.000", "realisasi": "380.000.000"})
    assert findings("EVAL-SUM-TOTAL", view_of(document)) == []


def test_evaluation_total_that_is_not_the_sum_fails_per_column():
    document = clean_document()
    _evaluation_table(document)["total"].update({"alokasi": "410.000.000", "realisasi": "370.000.000"})
    found = findings("EVAL-SUM-TOTAL", view_of(document))
    assert [(f.table, f.row, f.expected, f.found) for f in found] == [
        ("ringkasan", "Total", 400000000, 410000000), ("ringkasan", "Total", 380000000, 370000000)]
    assert "2024" in found[0].message and "alokasi" in found[0].message


def test_evaluation_total_with_a_repaired_row_is_compared_and_an_unreadable_total_is_not():
    document = clean_document()
    _evaluation_table(document)["baris"][0]["alokasi"] = "400.000.000."  # one sensible reading: the dot dropped
    _evaluation_table(document)["total"]["realisasi"] = "380.0000"  # no sensible reading: never guessed
    assert findings("EVAL-SUM-TOTAL", view_of(document)) == []
    _evaluation_table(document)["total"]["alokasi"] = "410.000.000"
    [finding] = findings("EVAL-SUM-TOTAL", view_of(document))
    assert (finding.severity, finding.expected, finding.found) == ("error", 400000000, 410000000)
    assert finding.readings == [{"table": "ringkasan", "row": finding.readings[0]["row"], "column": "alokasi",
                                 "text": "400.000.000.", "value": 400000000, "note": "repaired",
                                 "repair": "titik di akhir dibuang"}]
    assert "'400.000.000.' dibaca Rp 400.000.000 (titik di akhir dibuang)" in finding.message


def test_evaluation_total_with_an_unreadable_row_is_decided_when_the_readable_rows_exceed_it():
    document = clean_document()
    rows = _evaluation_table(document)["baris"]
    rows.append(dict(rows[0], nomor="2", alokasi="400.000.000 12"))  # two numbers, one item on the row
    _evaluation_table(document)["total"]["alokasi"] = "390.000.000"
    view = view_of(document)
    [finding] = [f for f in findings("EVAL-SUM-TOTAL", view) if f.found == 390000000]
    assert finding.severity == "error" and "belum termasuk '400.000.000 12'" in finding.message
    assert finding.expected == 400000000
    _evaluation_table(document)["total"]["alokasi"] = "900.000.000"
    [finding] = [f for f in findings("EVAL-SUM-TOTAL", view_of(document)) if f.found == 900000000]
    assert finding.severity == "info" and "tidak dapat diputuskan" in finding.message
    assert finding.readings[0]["note"] == "unreadable" and finding.readings[0]["text"] == "400.000.000 12"


def test_demo_evaluation_totals(demo_view):
    found = {(f.table, f.severity, f.expected, f.found) for f in findings("EVAL-SUM-TOTAL", demo_view)}
    assert found == {
        ("2.1-ringkasan", "error", 10921753816, 10922004616),
        ("2.1-01a-perencanaan", "error", 21697001, 21679001),
        ("2.1-09a-pencegahan-kekerasan-perempuan", "error", 484856461, 485107261),
        ("2.1-14a-lembaga-kemasyarakatan", "error", 3341703751, 3411703751),
        # Tabel 2 (row 8 writes two amounts) and Tabel 4 (a value of row 4 is cut, "571.677."): not decidable,
        # said so; 2.1-07a ("275.884.120." read without its dot) adds up.
        ("Tabel 2", "info", None, 10922004616),
        ("Tabel 4", "info", None, 9167000000),
    }


# --- BELANJA-SUM ------------------------------------------------------------------------------------------


def _spending(document, subtotal="350.000.000", total="400.000.000", uncoded=False):
    evaluation = document["evaluasi"][0]
    evaluation["belanja"].append({"tabel": "Tabel 1", "kode_rekening": "5.2.02", "uraian": "Belanja Modal Peralatan "
                                  "dan Mesin", "anggaran": "50.000.000", "realisasi": "40.000.000"})
    if uncoded:  # the same accounts again, without codes, as Tabel 3 writes them
        evaluation["belanja"] += [
            {"tabel": "Tabel 3", "uraian": "Belanja Pegawai", "anggaran": "350.000.000", "realisasi": "340.000.000"},
            {"tabel": "Tabel 3", "uraian": "Belanja Modal Peralatan dan Me- sin", "anggaran": "50.000.000",
             "realisasi": "40.000.000"},
        ]
    evaluation["statements"] = [
        {"table": "Tabel 1", "key": "alokasi", "code": "5.1", "row": "BELANJA OPERASI", "value": subtotal},
        {"table": "Tabel 1", "key": "alokasi", "row": "TOTAL BELANJA", "value": total},
        {"table": "Tabel 1", "key": "realisasi", "row": "TOTAL BELANJA", "value": "380.000.000"},
    ]
    if uncoded:
        evaluation["statements"] += [
            {"table": "Tabel 3", "key": "alokasi", "row": "BELANJA MODAL", "value": "50.000.000"},
            {"table": "Tabel 3", "key": "alokasi", "row": "TOTAL BELANJA", "value": total},
        ]
    return document


def test_spending_subtotals_and_totals_that_add_up_pass():
    assert findings("BELANJA-SUM", view_of(_spending(clean_document(), uncoded=True))) == []


def test_spending_subtotal_and_total_that_do_not_add_up_fail():
    found = findings("BELANJA-SUM", view_of(_spending(clean_document(), subtotal="360.000.000", total="410.000.000")))
    assert [(f.table, f.code, f.row, f.expected, f.found) for f in found] == [
        ("Tabel 1", "5.1", "BELANJA OPERASI", 350000000, 360000000),
        ("Tabel 1", None, "TOTAL BELANJA", 400000000, 410000000),
    ]


def test_spending_accounts_without_code_are_grouped_by_name():
    document = _spending(clean_document(), uncoded=True)
    document["evaluasi"][0]["statements"][3]["value"] = "60.000.000"  # Tabel 3 BELANJA MODAL
    [finding] = findings("BELANJA-SUM", view_of(document))
    assert (finding.table, finding.row, finding.expected, finding.found) == ("Tabel 3", "BELANJA MODAL", 50000000,
                                                                             60000000)


def test_spending_total_with_an_unreadable_account_is_checked_against_the_subtotals():
    document = _spending(clean_document(), total="410.000.000")
    document["evaluasi"][0]["belanja"][0]["anggaran"] = "3,50.000.000"
    document["evaluasi"][0]["statements"].append(
        {"table": "Tabel 1", "key": "alokasi", "code": "5.2", "row": "BELANJA MODAL", "value": "50.000.000"})
    found = findings("BELANJA-SUM", view_of(document))
    [finding] = [f for f in found if f.severity == "error"]
    assert (finding.row, finding.expected, finding.found) == ("TOTAL BELANJA", 400000000, 410000000)
    assert "subtotal" in finding.message
    [info] = [f for f in found if f.severity == "info"]  # 5.1 itself cannot be decided: it names the cell
    assert info.row == "BELANJA OPERASI" and "'3,50.000.000'" in info.message and "tidak dapat diputuskan" in info.message


def test_demo_spending_tables_with_the_repaired_account(demo_view):
    # Tabel 1 and 3: Belanja Pegawai "3,458.571.116" is read with its comma as a dot; BELANJA OPERASI and TOTAL
    # BELANJA are then 600.117 more than their accounts (they were skipped while the cell was unreadable).
    found = findings("BELANJA-SUM", demo_view)
    assert {(f.table, f.row, f.expected, f.found) for f in found} == {
        ("Tabel 1", "BELANJA OPERASI", 10761480999, 10762081116), ("Tabel 1", "TOTAL BELANJA", 10921404499, 10922004616),
        ("Tabel 3", "BELANJA OPERASI", 10761480999, 10762081116), ("Tabel 3", "TOTAL BELANJA", 10921404499, 10922004616),
    }
    for finding in found:
        [reading] = finding.readings
        assert (reading["text"], reading["value"], reading["note"]) == ("3,458.571.116", 3458571116, "repaired")
        assert reading["repair"] == "koma di antara pemisah ribuan dibaca sebagai titik"


# --- parents against their stated children ----------------------------------------------------------------


def _program(document, index=0):
    return document["renja"]["program"][index]


def test_program_equal_to_its_kegiatan_as_written_passes():
    assert findings("PAGU-ANAK-PROGRAM", view_of(clean_document())) == []


def test_program_right_but_kegiatan_written_wrong_is_found_at_both_levels_once():
    # The class: the program (400.000.000) is the sum of its sub kegiatan, but its kegiatan row writes
    # 450.000.000. The kegiatan row is the figure to correct (PAGU-SUM-KEGIATAN); the program row does not add
    # up with the rows under it (PAGU-ANAK-PROGRAM, naming the kegiatan); the program itself is not an error.
    document = clean_document()
    _program(document)["kegiatan"][0]["stated"]["pagu_n"] = "450.000.000"
    view = view_of(document)
    assert findings("PAGU-SUM-PROGRAM", view) == []
    [kegiatan] = findings("PAGU-SUM-KEGIATAN", view)
    assert (kegiatan.code, kegiatan.expected, kegiatan.found) == ("2.08.01.2.02", 400000000, 450000000)
    [anak] = findings("PAGU-ANAK-PROGRAM", view)
    assert (anak.code, anak.severity, anak.expected, anak.found) == ("2.08.01", "error", 450000000, 400000000)
    assert "2.08.01.2.02 (tertulis Rp 450.000.000, sub kegiatannya Rp 400.000.000)" in anak.message
    assert "sama dengan jumlah pagu sub kegiatannya" in anak.message


def test_program_wrong_while_its_kegiatan_add_up_is_one_finding():
    document = clean_document()
    _program(document)["stated"]["pagu_n"] = "420.000.000"
    view = view_of(document)
    assert findings("PAGU-ANAK-PROGRAM", view) == []  # the same disagreement: reported once, below
    [program] = findings("PAGU-SUM-PROGRAM", view)
    assert (program.expected, program.found) == (400000000, 420000000)
    assert "kegiatannya menjumlah dengan benar" in program.message


def test_program_equal_to_a_wrong_kegiatan_names_the_kegiatan():
    document = clean_document()
    _program(document)["stated"]["pagu_n"] = "450.000.000"
    _program(document)["kegiatan"][0]["stated"]["pagu_n"] = "450.000.000"
    view = view_of(document)
    assert findings("PAGU-ANAK-PROGRAM", view) == []  # program and kegiatan rows agree with each other
    [program] = findings("PAGU-SUM-PROGRAM", view)
    assert "selisihnya berasal dari kegiatan 2.08.01.2.02" in program.message
    assert len(findings("PAGU-SUM-KEGIATAN", view)) == 1


def test_program_and_kegiatan_wrong_by_different_amounts():
    document = clean_document()
    _program(document)["stated"]["pagu_n"] = "420.000.000"
    _program(document)["kegiatan"][0]["stated"]["pagu_n"] = "450.000.000"
    [anak] = findings("PAGU-ANAK-PROGRAM", view_of(document))
    assert (anak.expected, anak.found) == (450000000, 420000000)
    assert "PAGU-SUM-PROGRAM" in anak.message and "2.08.01.2.02" in anak.message


def test_program_counted_twice_is_left_to_uang_ganda():
    document = clean_document()
    _program(document)["stated"]["pagu_n"] = "800.000.000"  # kegiatan as written + its sub kegiatan
    assert findings("PAGU-ANAK-PROGRAM", view_of(document)) == []


def test_program_with_an_unreadable_sub_kegiatan_is_still_compared_with_its_kegiatan():
    document = clean_document()
    sub_kegiatan(document, program=0, sub=1)["pagu_n"] = "lima puluh juta"
    _program(document)["stated"]["pagu_n"] = "420.000.000"
    [anak] = findings("PAGU-ANAK-PROGRAM", view_of(document))
    assert (anak.expected, anak.found) == (400000000, 420000000)
    assert "tidak dapat dihitung" in anak.message


def test_demo_programs_agree_with_their_kegiatan_as_written(demo_view):
    # Every T-C.33 program of the demo writes the sum of its kegiatan rows, except 2.08.02 in 2023, which counts
    # its kegiatan and sub kegiatan both (UANG-GANDA): no parent-against-children disagreement of its own.
    assert findings("PAGU-ANAK-PROGRAM", demo_view) == []
    [pug] = [f for f in findings("PAGU-SUM-PROGRAM", demo_view) if f.code == "2.08.04" and f.found == 177149200]
    assert "selisihnya berasal dari kegiatan 2.08.04.2.01" in pug.message


def _bidang(document, value, code="2.08"):
    document["renja"]["statements"].append({"table": "T-C.33", "key": "pagu_n", "code": code,
                                            "row": "PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK", "value": value})
    return document


def test_bidang_row_that_adds_up_passes():
    view = view_of(_bidang(clean_document(), "900.000.000"))
    assert findings("PAGU-SUM-BIDANG", view) == [] and findings("PAGU-ANAK-BIDANG", view) == []


def test_bidang_row_that_does_not_add_up_is_one_finding():
    view = view_of(_bidang(clean_document(), "950.000.000"))
    [finding] = findings("PAGU-SUM-BIDANG", view)
    assert (finding.code, finding.expected, finding.found) == ("2.08", 900000000, 950000000)
    assert "programnya menjumlah dengan benar" in finding.message
    assert findings("PAGU-ANAK-BIDANG", view) == []


def test_bidang_right_but_a_program_written_wrong():
    document = _bidang(clean_document(), "900.000.000")
    _program(document, 1)["stated"]["pagu_n"] = "600.000.000"
    view = view_of(document)
    assert findings("PAGU-SUM-BIDANG", view) == []
    [anak] = findings("PAGU-ANAK-BIDANG", view)
    assert (anak.code, anak.expected, anak.found) == ("2.08", 1000000000, 900000000)
    assert "program 2.08.07 (tertulis Rp 600.000.000" in anak.message
    assert [f.code for f in findings("PAGU-SUM-PROGRAM", view)] == ["2.08.07"]


def test_bidang_rules_without_bidang_rows_are_not_applicable():
    view = view_of(clean_document())
    for rule_id in ("PAGU-SUM-BIDANG", "PAGU-ANAK-BIDANG"):
        assert [f.severity for f in findings(rule_id, view)] == ["info"], rule_id


# --- subtotal rows ---------------------------------------------------------------------------------------


def _unlabelled(document, value, table="T-C.33", key="total_pagu_n"):
    document["renja"]["statements"].append({"table": table, "key": key, "value": value})
    return document


def test_unlabelled_urusan_subtotal_is_not_taken_as_the_plans_total():
    document = _tc33_total(_unlabelled(clean_document(), "500.000.000"), "900.000.000")
    subtotal, = findings("PAGU-SUM-TOTAL", view_of(document))
    assert (subtotal.severity, subtotal.found) == ("info", 500000000)
    assert "subtotal program urusan" in subtotal.message


def test_the_true_total_beside_a_subtotal_is_still_checked():
    document = _tc33_total(_unlabelled(clean_document(), "400.000.000"), "990.000.000")
    found = findings("PAGU-SUM-TOTAL", view_of(document))
    assert [(f.severity, f.found) for f in found] == [("info", 400000000), ("error", 990000000)]
    assert "Program Penunjang" in found[0].message


def test_unlabelled_figure_that_is_no_part_is_confronted_as_the_total():
    [finding] = findings("PAGU-SUM-TOTAL", view_of(_unlabelled(clean_document(), "700.000.000")))
    assert (finding.severity, finding.expected, finding.found) == ("error", 900000000, 700000000)


def test_tc31_unlabelled_subtotal_is_neither_a_tc31_nor_a_plan_total():
    document = _unlabelled(with_review(clean_document()), "500.000.000", table="T-C.31", key="pagu_kebutuhan")
    view = view_of(document)
    [info] = findings("TC31-SUM-TOTAL", view)
    assert info.severity == "info" and "subtotal program urusan" in info.message
    assert [f for f in findings("CROSS-TOTAL", view) if f.severity == "error"] == []


def _evaluation_rows(document, subtotal="300.000.000", jumlah="400.000.000", realisasi="270.000.000"):
    table = _evaluation_table(document)
    table["baris"] = [
        {"nomor": "1", "uraian": "Kegiatan satu", "alokasi": "100.000.000", "realisasi": "90.000.000"},
        {"nomor": "2", "uraian": "Kegiatan dua", "alokasi": "200.000.000", "realisasi": "180.000.000"},
        {"nomor": None, "uraian": None, "alokasi": subtotal, "realisasi": realisasi},
        {"nomor": "3", "uraian": "Kegiatan tiga", "alokasi": "150.000.000", "realisasi": "100.000.000"},
        {"nomor": "4", "uraian": "Kegiatan empat", "alokasi": "250.000.000", "realisasi": "200.000.000"},
        {"nomor": None, "uraian": "Jumlah", "alokasi": jumlah, "realisasi": "300.000.000"},
    ]
    table["total"] = {"alokasi": "700.000.000", "realisasi": "570.000.000"}
    return document


def test_evaluation_subtotal_rows_are_not_counted_in_the_total():
    view = view_of(_evaluation_rows(clean_document()))
    assert findings("EVAL-SUM-TOTAL", view) == [] and findings("EVAL-SUM-SUBTOTAL", view) == []


def test_evaluation_labelled_subtotal_that_does_not_add_up_fails():
    view = view_of(_evaluation_rows(clean_document(), jumlah="450.000.000"))
    [finding] = findings("EVAL-SUM-SUBTOTAL", view)
    assert (finding.table, finding.row, finding.expected, finding.found) == ("ringkasan", "Jumlah", 400000000,
                                                                             450000000)
    assert findings("EVAL-SUM-TOTAL", view) == []  # the total is the sum of the rows, not of the subtotals


def test_evaluation_unlabelled_row_that_adds_up_to_nothing_is_a_row():
    view = view_of(_evaluation_rows(clean_document(), subtotal="310.000.000", realisasi="10.000.000"))
    total = findings("EVAL-SUM-TOTAL", view)  # a row of its own: the total misses it
    assert [(f.expected, f.found) for f in total] == [(1010000000, 700000000), (580000000, 570000000)]
    # and the Jumlah row now sums every row above it
    jumlah = findings("EVAL-SUM-SUBTOTAL", view)
    assert [(f.row, f.expected, f.found) for f in jumlah] == [("Jumlah", 1010000000, 400000000),
                                                             ("Jumlah", 580000000, 300000000)]


def test_evaluation_subtotal_recognised_by_one_column_is_checked_in_the_other():
    view = view_of(_evaluation_rows(clean_document(), subtotal="310.000.000"))  # realisasi 270.000.000 adds up
    [finding] = findings("EVAL-SUM-SUBTOTAL", view)
    assert (finding.row, finding.expected, finding.found) == ("subtotal", 300000000, 310000000)
    assert findings("EVAL-SUM-TOTAL", view) == []


def test_demo_has_no_subtotal_rows_in_its_evaluation_tables(demo_view):
    assert findings("EVAL-SUM-SUBTOTAL", demo_view) == []


def _with_modal_subtotal(document):
    document["evaluasi"][0]["statements"].append(
        {"table": "Tabel 1", "key": "alokasi", "code": "5.2", "row": "BELANJA MODAL", "value": "50.000.000"})
    return document


def test_spending_total_equal_to_its_stated_subtotals_passes():
    assert findings("BELANJA-ANAK", view_of(_with_modal_subtotal(_spending(clean_document())))) == []


def test_spending_total_right_but_a_subtotal_written_wrong():
    view = view_of(_with_modal_subtotal(_spending(clean_document(), subtotal="360.000.000")))
    [anak] = findings("BELANJA-ANAK", view)
    assert (anak.table, anak.row, anak.expected, anak.found) == ("Tabel 1", "TOTAL BELANJA", 410000000, 400000000)
    assert "BELANJA OPERASI 5.1 (tertulis Rp 360.000.000, rekeningnya Rp 350.000.000)" in anak.message
    assert [(f.row, f.found) for f in findings("BELANJA-SUM", view)] == [("BELANJA OPERASI", 360000000)]


def test_spending_total_wrong_while_its_subtotals_add_up_is_one_finding():
    view = view_of(_with_modal_subtotal(_spending(clean_document(), total="410.000.000")))
    assert findings("BELANJA-ANAK", view) == []
    assert [(f.row, f.found) for f in findings("BELANJA-SUM", view)] == [("TOTAL BELANJA", 410000000)]


def test_demo_spending_totals_against_their_subtotals(demo_view):
    # Belanja Pegawai is unreadable: BELANJA-SUM already confronts TOTAL BELANJA with the subtotals (and they agree)
    assert findings("BELANJA-ANAK", demo_view) == []


# --- a table stating a total per row (part_rows, used by CROSS-TOTAL) --------------------------------------


def _tabel_4_1(document, rows):
    document["renja"]["statements"] += [
        {"table": "Tabel 4.1", "key": "total_pagu_n", "row": row, "value": value} for row, value in rows]
    return document


def test_tabel_4_1_rows_per_unit_are_parts_not_the_plans_total():
    for rows in ((("Sekretariat", "400.000.000"), ("Bidang Perlindungan Anak", "500.000.000"),
                  ("Jumlah", "900.000.000")),
                 (("Sekretariat", "400.000.000"), ("Bidang Perlindungan Anak", "500.000.000")),
                 (("Sekretariat", "450.000.000"), ("Bidang Perlindungan Anak", "450.000.000"))):
        view = view_of(_tabel_4_1(clean_document(), rows))
        assert [f for f in findings("CROSS-TOTAL", view) if f.table == "Tabel 4.1"] == [], rows


def test_tabel_4_1_jumlah_row_is_still_the_plans_total():
    view = view_of(_tabel_4_1(clean_document(), (("Sekretariat", "450.000.000"),
                                                 ("Bidang Perlindungan Anak", "500.000.000"),
                                                 ("Jumlah", "950.000.000"))))
    [finding] = [f for f in findings("CROSS-TOTAL", view) if f.table == "Tabel 4.1"]
    assert (finding.row, finding.expected, finding.found) == ("Jumlah", 900000000, 950000000)


def test_tc31_program_right_but_kegiatan_written_wrong_names_the_kegiatan():
    document = with_review(clean_document())
    document["renja"]["reviu_rkpd"][3]["rancangan"]["pagu"] = "450.000.000"  # its sub kegiatan: 500.000.000
    view = view_of(document)
    [program] = findings("TC31-SUM-PROGRAM", view)
    assert (program.expected, program.found) == (450000000, 500000000)
    assert "sama dengan jumlah sub kegiatan di bawahnya" in program.message
    assert "'Pencegahan Kekerasan terhadap Anak" in program.message and "sub kegiatannya Rp 500.000.000" in program.message
    assert len(findings("TC31-SUM-KEGIATAN", view)) == 1


# --- EVAL-SUM-PROGRAM / EVAL-ANAK-PROGRAM: a table of programs against the detail tables of their kegiatan ---


def _program_tables(document, program_2="500.000.000", total_2="500.000.000", heading_2="Program Perlindungan Khusus Anak"):
    document["evaluasi"][0]["tabel"] += [
        {"id": "Tabel 2", "judul": "Alokasi per program", "baris": [
            {"nomor": "1", "uraian": "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
             "alokasi": "400.000.000"},
            {"nomor": "2", "uraian": "Program Perlindungan Khusus Anak", "alokasi": program_2}]},
        {"id": "d1", "judul": "a. Administrasi Keuangan", "program": "Program Penunjang Urusan Pemerintah Daerah",
         "kegiatan": "Administrasi Keuangan Perangkat Daerah", "baris": [
             {"nomor": "1", "uraian": "Penyediaan Gaji dan Tunjangan ASN", "alokasi": "350.000.000"},
             {"nomor": "2", "uraian": "Koordinasi dan Penyusunan Laporan Keuangan", "alokasi": "50.000.000"}],
         "total": {"alokasi": "400.000.000"}},
        {"id": "d2", "judul": "a. Pencegahan Kekerasan terhadap Anak", "program": heading_2,
         "kegiatan": "Pencegahan Kekerasan terhadap Anak", "baris": [
             {"nomor": "1", "uraian": "Koordinasi dan Sinkronisasi Pencegahan", "alokasi": "300.000.000"},
             {"nomor": "2", "uraian": "Sosialisasi Pencegahan", "alokasi": "200.000.000"}],
         "total": {"alokasi": total_2}},
    ]
    return document


def test_programs_equal_to_their_detail_tables_pass():
    view = view_of(_program_tables(clean_document()))
    assert findings("EVAL-SUM-PROGRAM", view) == [] and findings("EVAL-ANAK-PROGRAM", view) == []


def test_program_row_wrong_while_its_detail_tables_add_up_is_one_warning():
    view = view_of(_program_tables(clean_document(), program_2="450.000.000"))
    [finding] = findings("EVAL-SUM-PROGRAM", view)
    assert (finding.severity, finding.table, finding.expected, finding.found) == ("warning", "Tabel 2", 500000000,
                                                                                  450000000)
    assert "baris program ini" in finding.message and "(d2)" in finding.message
    assert findings("EVAL-ANAK-PROGRAM", view) == []


def test_program_equal_to_a_wrong_detail_total_names_the_table():
    view = view_of(_program_tables(clean_document(), program_2="450.000.000", total_2="450.000.000"))
    [finding] = findings("EVAL-SUM-PROGRAM", view)
    assert "selisihnya berasal dari d2 (Total Rp 450.000.000, barisnya Rp 500.000.000)" in finding.message
    assert findings("EVAL-ANAK-PROGRAM", view) == []


def test_program_right_but_its_detail_total_written_wrong():
    view = view_of(_program_tables(clean_document(), total_2="450.000.000"))
    assert findings("EVAL-SUM-PROGRAM", view) == []
    [anak] = findings("EVAL-ANAK-PROGRAM", view)
    assert (anak.severity, anak.expected, anak.found) == ("warning", 450000000, 500000000)
    assert "d2 (Total Rp 450.000.000, barisnya Rp 500.000.000)" in anak.message
    assert [f.table for f in findings("EVAL-SUM-TOTAL", view)] == ["d2"]


def test_detail_table_of_unclear_program_leaves_its_programs_unchecked():
    # "Program Perlindungan" names neither program clearly: the second program is not compared (it would seem to
    # lack a kegiatan)
    view = view_of(_program_tables(clean_document(), program_2="450.000.000", heading_2="Program Perlindungan"))
    assert findings("EVAL-SUM-PROGRAM", view) == []


def test_demo_program_table_against_its_detail_tables(demo_view):
    found = {(f.row[:30], f.expected, f.found) for f in findings("EVAL-SUM-PROGRAM", demo_view)}
    # Tabel 2 writes 342.752.090 for the PUG program, whose detail table 2.1-08a adds up to 685.255.185 (as does
    # its Total); Perlindungan Perempuan equals the Total of 2.1-09a, which is not the sum of its rows.
    assert found == {("Program Pengarustamaan Gender ", 685255185, 342752090),
                     ("Program Perlindungan Perempuan", 484856461, 485107261)}
    assert findings("EVAL-ANAK-PROGRAM", demo_view) == []


def test_tabel_4_1_urusan_figures_per_unit_are_parts():
    document = clean_document()
    document["renja"]["statements"] += [
        {"table": "Tabel 4.1", "key": key, "row": row, "value": value}
        for row, values in (("Sekretariat", ("0", "400.000.000")), ("Bidang Perlindungan Anak", ("500.000.000", "0")),
                            ("Jumlah", ("500.000.000", "400.000.000")))
        for key, value in zip(("pagu_urusan", "pagu_non_urusan"), values)]
    view = view_of(document)
    assert findings("CROSS-URUSAN", view) == []
    document["renja"]["statements"][-2]["value"] = "550.000.000"  # the Jumlah row's urusan figure
    [finding] = findings("CROSS-URUSAN", view_of(document))
    assert (finding.row, finding.expected, finding.found) == ("Jumlah", 500000000, 550000000)
