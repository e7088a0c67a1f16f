from decimal import Decimal

import pytest

from renja.plans.view import (
    EvaluationTable,
    EvaluationView,
    PlanView,
    RealisationRow,
    StatementView,
)
from renja.rules.engine import NotApplicable, all_rules

from .helpers import clean_document, findings, view_of

pytestmark = pytest.mark.django_db

D = Decimal
RULES = ("PCT-AMOUNT", "PCT-WEIGHTED", "PCT-RANGE", "PCT-CAPAIAN", "SKALA-KONSISTEN")
PERMENDAGRI = [{"skala": "91 ≤ x ≤ 100", "kategori": "Sangat Tinggi"}, {"skala": "76 ≤ x ≤ 90", "kategori": "Tinggi"},
               {"skala": "66 ≤ x ≤ 75", "kategori": "Sedang"}, {"skala": "51 ≤ x ≤ 65", "kategori": "Rendah"},
               {"skala": "≤ 50", "kategori": "Sangat Rendah"}]


def evaluation(document):
    return document["evaluasi"][0]


def with_detail(document, fisik=("100", "100"), total=None):
    """The clean plan with a detail table of its one summarised kegiatan (350 + 50 million)."""
    detail = {
        "id": "rinci-keuangan", "judul": "a. Administrasi Keuangan", "program": "Program Penunjang",
        "kegiatan": "Administrasi Keuangan Perangkat Daerah",
        "baris": [
            {"nomor": "1", "uraian": "Penyediaan Gaji dan Tunjangan ASN", "alokasi": "350.000.000",
             "realisasi": "340.000.000", "fisik": fisik[0], "keuangan": "97,14"},
            {"nomor": "2", "uraian": "Koordinasi Laporan Keuangan", "alokasi": "50.000.000",
             "realisasi": "40.000.000", "fisik": fisik[1], "keuangan": "80"},
        ],
    }
    if total:
        detail["total"] = total
    evaluation(document)["tabel"].append(detail)
    return document


def test_the_clean_plan_has_no_error_of_these_rules():
    view = view_of(clean_document())
    for rule_id in RULES:
        assert [f for f in findings(rule_id, view) if f.severity != "info"
                and not (rule_id == "SKALA-KONSISTEN" and f.severity == "warning")] == [], rule_id
    # the clean fixture's one-band scale ("≥ 91") leaves 0–91 without a category: a warning, not an error
    [gap] = findings("SKALA-KONSISTEN", view)
    assert gap.severity == "warning" and "0 – < 91" in gap.message


def test_rules_are_registered_with_indonesian_titles():
    ids = {r.id: r for r in all_rules()}
    for rule_id in RULES:
        assert ids[rule_id].family == "percentages" and ids[rule_id].title


def test_without_evaluation_the_rules_say_they_cannot_apply():
    for rule_id in ("PCT-AMOUNT", "PCT-WEIGHTED", "PCT-RANGE", "PCT-CAPAIAN", "SKALA-KONSISTEN"):
        [finding] = findings(rule_id, PlanView())
        assert finding.severity == "info" and "tidak dapat diterapkan" in finding.message


# --- PCT-AMOUNT -----------------------------------------------------------------------------------------


def test_pct_amount_passes_when_percentages_follow_the_amounts():
    assert findings("PCT-AMOUNT", view_of(clean_document())) == []


def test_pct_amount_finds_a_spending_row_whose_percentage_is_not_realisasi_over_anggaran():
    document = clean_document()
    evaluation(document)["belanja"][0]["persen"] = "22,74"
    [finding] = findings("PCT-AMOUNT", view_of(document))
    assert (finding.table, finding.code, finding.row) == ("Tabel 1", "5.1.01", "Belanja Pegawai")
    assert (finding.expected, finding.found) == (D("97.14"), D("22.74"))
    assert "Rp 340.000.000" in finding.message and "22,74 %" in finding.message and "97,14 %" in finding.message


def test_pct_amount_finds_a_table_row_and_reports_one_finding_for_equal_columns():
    document = clean_document()
    row = evaluation(document)["tabel"][0]["baris"][0]
    row["keuangan"] = "90"
    row["persen"] = "90"
    [finding] = findings("PCT-AMOUNT", view_of(document))
    assert (finding.table, finding.row, finding.expected, finding.found) == (
        "ringkasan", "1 Administrasi Keuangan Perangkat Daerah", D("95.00"), D("90"))


def test_pct_amount_reads_the_total_row_and_statements_of_a_row():
    document = clean_document()
    evaluation(document)["tabel"][0]["total"]["keuangan"] = "9,5"
    evaluation(document)["statements"] = [
        {"table": "Tabel 1", "key": "alokasi", "row": "TOTAL BELANJA", "value": "350.000.000"},
        {"table": "Tabel 1", "key": "realisasi", "row": "TOTAL BELANJA", "value": "340.000.000"},
        {"table": "Tabel 1", "key": "persen_realisasi", "row": "TOTAL BELANJA", "value": "97,14"},
    ]
    [finding] = findings("PCT-AMOUNT", view_of(document))
    assert (finding.table, finding.row, finding.expected, finding.found) == ("ringkasan", "Total", D("95.00"), D("9.5"))


def test_pct_amount_respects_the_precision_the_document_writes():
    document = clean_document()
    evaluation(document)["belanja"][0]["persen"] = "97"  # 97,14 written without decimals
    assert findings("PCT-AMOUNT", view_of(document)) == []
    evaluation(document)["belanja"][0]["persen"] = "97,13"  # within 0,01 point
    assert findings("PCT-AMOUNT", view_of(document)) == []


def test_pct_amount_skips_an_unreadable_amount():
    document = clean_document()
    evaluation(document)["belanja"][0].update(realisasi="340.000.00", persen="22,74")
    assert findings("PCT-AMOUNT", view_of(document)) == []


def test_demo_pct_amount(demo_view):
    found = {(f.table, f.code, f.row): (f.expected, f.found) for f in findings("PCT-AMOUNT", demo_view)}
    # Tabel 1 / Tabel 3: 246.646.704 / 7.176.909.883 = 3,44 %, written 22,74; the TOTAL row: / 10.922.004.616
    assert found[("Tabel 1", "5.1.02", "Belanja Barang dan Jasa")] == (D("3.44"), D("22.74"))
    assert found[("Tabel 3", None, "Belanja Barang dan Jasa")] == (D("3.44"), D("22.74"))
    assert found[("Tabel 1", None, "TOTAL BELANJA")] == (D("2.26"), D("22.74"))
    assert found[("Tabel 3", None, "TOTAL BELANJA")] == (D("2.26"), D("22.74"))
    # Tabel 2: 92.300.436 / 5.011.924.360 = 1,84 %, written 7,55; row 4 (0,94) is right; row 8's alokasi is
    # unreadable ("3.411.703.751 212.931.704") and skipped
    assert found[("Tabel 2", None, "1. Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")] == (
        D("1.84"), D("7.55"))
    assert found[("Tabel 2", None, "2. Program Pengarustamaan Gender dan Pemberdayaan Perempuan")] == (
        D("1.39"), D("0.70"))
    assert found[("Tabel 2", None, "5 Program Perlindungan Khusus Anak")] == (D("1.06"), D("1.12"))
    assert found[("Tabel 2", None, "6 Program Pemenuhan Hak Anak (PHA)")] == (D("2.60"), D("2.87"))
    assert found[("Tabel 2", None, "7 Program Pengelolaan Sistem Data Gender dan Anak")] == (D("3.09"), D("3.16"))
    # Tabel 2's Total states both amounts once its realisasi '212.931704' is read (a missing thousands dot):
    # 212.931.704 / 10.922.004.616 = 1,95 %, written 3,90
    assert found[("Tabel 2", None, "Total")] == (D("1.95"), D("3.90"))
    [total] = [f for f in findings("PCT-AMOUNT", demo_view) if (f.table, f.row) == ("Tabel 2", "Total")]
    assert [(r["text"], r["value"], r["note"]) for r in total.readings] == [("212.931704", 212931704, "repaired")]
    assert len(found) == 10
    # Tabel 5 (realisasi capaian / jumlah target) is right on every row
    assert not [key for key in found if key[0] == "Tabel 5"]


# --- PCT-WEIGHTED ---------------------------------------------------------------------------------------


def test_pct_weighted_passes_when_summary_and_total_are_weighted_means():
    document = with_detail(clean_document(), total={"alokasi": "400.000.000", "fisik": "100"})
    assert findings("PCT-WEIGHTED", view_of(document)) == []


def test_pct_weighted_finds_a_summary_row_that_adds_percentages_up():
    # detail: 40 % of 350 million and 20 % of 50 million = 37,50 %; the summary row writes 40 + 20 = 60
    document = with_detail(clean_document(), fisik=("40", "20"), total={"alokasi": "400.000.000", "fisik": "40"})
    evaluation(document)["tabel"][0]["baris"][0]["fisik"] = "60"
    by_row = {f.row: f for f in findings("PCT-WEIGHTED", view_of(document))}
    summary = by_row["1 Administrasi Keuangan Perangkat Daerah"]
    assert (summary.table, summary.expected, summary.found) == ("ringkasan", D("37.50"), D("60"))
    assert "jumlah biasa" in summary.message and "40,00 + 20,00 = 60,00" in summary.message
    assert "rinci-keuangan" in summary.message
    total = by_row["Total"]
    assert (total.table, total.expected, total.found) == ("rinci-keuangan", D("37.50"), D("40"))
    assert len(by_row) == 2


def test_pct_weighted_does_not_match_a_detail_table_whose_alokasi_differs():
    document = with_detail(clean_document(), fisik=("40", "20"))
    evaluation(document)["tabel"][1]["baris"][1]["alokasi"] = "60.000.000"
    assert findings("PCT-WEIGHTED", view_of(document)) == []


def test_pct_weighted_counts_a_blank_realisation_as_zero_and_says_so():
    document = with_detail(clean_document(), fisik=("40", None), total={"fisik": "40"})
    [finding] = [f for f in findings("PCT-WEIGHTED", view_of(document)) if f.row == "Total"]
    assert (finding.expected, finding.found) == (D("35.00"), D("40"))
    assert "1 baris tanpa angka realisasi dihitung 0" in finding.message


def test_pct_weighted_says_which_unreadable_part_stops_it():
    document = with_detail(clean_document(), fisik=("40", "2O"), total={"fisik": "99"})
    found = findings("PCT-WEIGHTED", view_of(document))
    assert [f.severity for f in found] and all(f.severity == "info" for f in found)  # never an error
    [total] = [f for f in found if f.row == "Total"]
    assert "'2O'" in total.message and "tidak dapat diperiksa" in total.message
    assert [(r["text"], r["column"], r["note"]) for r in total.readings] == [("2O", "fisik", "unreadable")]


def test_pct_weighted_checks_a_sentence_about_the_whole_year_against_the_summary_table():
    document = clean_document()
    evaluation(document)["statements"] = [{"table": "BAB II", "key": "persen_realisasi", "value": "50 %"}]
    [finding] = findings("PCT-WEIGHTED", view_of(document))
    assert (finding.table, finding.expected, finding.found) == ("BAB II", D("100.00"), D("50"))
    evaluation(document)["statements"][0]["value"] = "95 %"  # the keuangan of the summary: accepted
    assert findings("PCT-WEIGHTED", view_of(document)) == []


def test_pct_weighted_on_a_hand_made_view_uses_amounts_when_rows_state_them():
    rows = [RealisationRow(uraian="A", alokasi=100, realisasi=10, persen=D(10)),
            RealisationRow(uraian="B", alokasi=300, realisasi=30, persen=D(10))]
    table = EvaluationTable(id="Tabel X", rows=rows, total={
        "persen": StatementView(table="Tabel X", key="persen", text="20", value=D(20), row="Total")})
    view = PlanView(evaluations=[EvaluationView(tahun=2024, tables=[table])])
    [finding] = findings("PCT-WEIGHTED", view)
    assert (finding.expected, finding.found) == (D("10.00"), D("20"))
    assert "Rp 40 dari alokasi Rp 400" in finding.message and "jumlah biasa" in finding.message


def test_demo_pct_weighted(demo_view):
    found = {(f.table, f.row): (f.expected, f.found) for f in findings("PCT-WEIGHTED", demo_view)}
    # summary row 6: 7,69 % of 58.448.400 and 9,54 % of 265.000.000 = 9,21 %, written 17,23 = 7,69 + 9,54
    row_6 = ("2.1-ringkasan", "6. Penyediaan Jasa Penunjang Urusan Pemerintah Daerah")
    assert found[row_6] == (D("9.21"), D("17.23"))
    # ... and the detail table's own Total writes 9,54
    assert found[("2.1-06a-jasa-penunjang", "Total")] == (D("9.21"), D("9.54"))
    # Totals: Pelembagaan PUG 0,98 (0 % of 199.400.000, 0,98 % of 485.855.185 → 0,69);
    # Pencegahan kekerasan 3,72 (→ 6,95); Administrasi Umum 0 (→ 1,39); Kualitas Keluarga 0 (→ 0,94)
    assert found[("2.1-08a-pelembagaan-pug", "Total")] == (D("0.69"), D("0.98"))
    assert found[("2.1-09a-pencegahan-kekerasan-perempuan", "Total")] == (D("6.95"), D("3.72"))
    assert found[("2.1-04a-administrasi-umum", "Total")] == (D("1.39"), D("0"))
    assert found[("2.1-10a-kualitas-keluarga", "Total")] == (D("0.94"), D("0"))
    # Tabel 2's Total states both of its amounts: PCT-AMOUNT compares it. 2.1-07a's Total writes 0 % while its
    # rows give 6,58 % (compared once row 1's '275.884.120.' is read without its final dot)
    assert ("Tabel 2", "Total") not in found
    assert found[("2.1-07a-pemeliharaan-bmd", "Total")] == (D("6.58"), D("0"))
    [total] = [f for f in findings("PCT-WEIGHTED", demo_view) if f.table == "2.1-07a-pemeliharaan-bmd"]
    assert [(r["text"], r["value"], r["repair"]) for r in total.readings] == [
        ("275.884.120.", 275884120, "titik di akhir dibuang")]
    # more summary rows that add their parts up (2,73 + 3,59 = 6,32; 3,62 + 1,29 = 4,91) or copy one
    row_14 = ("14. Pengumpulan, Pengolahan Analisis dan Penyajian Data Gender dan Anak Dalam Kelembagaan Data "
              "diTingkat Daerah Kabupaten/Kota")
    row_15 = "15. Pelebagaan PHA pada Lembaga Pemerintah, Nonpemerintah, dan Dunia Usaha"
    assert found[("2.1-ringkasan", row_14)] == (D("3.09"), D("6.32"))
    assert found[("2.1-ringkasan", row_15)] == (D("2.26"), D("4.91"))
    assert found[("2.1-ringkasan", "2. Administrasi Keuangan Perangkat Daerah")] == (D("0.71"), D("6.62"))
    # the sentence "dari seluruh kegiatan baru mencapai 5,76 %" against the summary table (6,06 %)
    assert found[("BAB II", None)] == (D("6.06"), D("5.76"))
    assert len(found) == 14
    message = next(f.message for f in findings("PCT-WEIGHTED", demo_view) if (f.table, f.row) == row_6)
    assert "7,69 + 9,54 = 17,23" in message
    # the row that the detail table 09a does not cover alone (its alokasi differs) is not compared
    assert not [key for key in found if key[1] and key[1].startswith("10. Pencegahan")]


# --- PCT-RANGE ------------------------------------------------------------------------------------------


def test_pct_range_passes_on_the_clean_plan():
    assert findings("PCT-RANGE", view_of(clean_document())) == []


def test_pct_range_finds_fisik_above_100_and_keuangan_below_0():
    document = clean_document()
    evaluation(document)["tabel"].append({"id": "Tabel X", "baris": [
        {"nomor": "1", "uraian": "Kegiatan A", "alokasi": "10.000.000", "fisik": "120", "keuangan": "-5"},
        {"nomor": "2", "uraian": "Kegiatan B", "alokasi": "10.000.000", "fisik": "100", "keuangan": "100"},
    ]})
    found = sorted((f.row, f.expected, f.found) for f in findings("PCT-RANGE", view_of(document)))
    assert found == [("1 Kegiatan A", D(0), D(-5)), ("1 Kegiatan A", D(100), D(120))]


def test_pct_range_finds_realisasi_above_its_alokasi():
    document = clean_document()
    evaluation(document)["belanja"][0].update(realisasi="420.000.000", persen="120")
    [finding] = findings("PCT-RANGE", view_of(document))
    assert (finding.table, finding.code, finding.expected, finding.found) == ("Tabel 1", "5.1.01", 350000000, 420000000)
    assert "melebihi anggaran" in finding.message and "120,00 %" in finding.message


def test_pct_range_lets_an_indicator_exceed_its_target():
    document = clean_document()
    evaluation(document)["tabel"].append({"id": "capaian", "baris": [
        {"nomor": "1", "uraian": "Sasaran", "indikator": "Indikator A", "target": "100", "persen": "120"}]})
    assert findings("PCT-RANGE", view_of(document)) == []


def test_demo_pct_range_finds_nothing(demo_view):
    assert findings("PCT-RANGE", demo_view) == []


# --- PCT-CAPAIAN ----------------------------------------------------------------------------------------


def with_indicators(document, nilai, kategori):
    evaluation(document)["tabel"].append({"id": "capaian", "judul": "Capaian indikator", "baris": [
        {"nomor": "1", "uraian": "Sasaran 1", "indikator": "Indikator A", "target": "100", "persen": "80"},
        {"nomor": None, "uraian": None, "indikator": "Indikator B", "target": "100", "persen": "60"},
        {"nomor": None, "uraian": None, "indikator": "Indikator C", "target": "100 100", "persen": "0 0"},
    ]})
    evaluation(document)["skala_capaian"] = PERMENDAGRI
    evaluation(document)["statements"] = [
        {"table": "BAB II", "key": "nilai_capaian", "value": nilai},
        {"table": "BAB II", "key": "kategori_capaian", "value": kategori},
    ]
    return document


def test_pct_capaian_passes_when_value_and_verdict_follow_the_indicators():
    document = with_indicators(clean_document(), "70 %", "SEDANG")
    assert findings("PCT-CAPAIAN", view_of(document)) == []


def test_pct_capaian_finds_an_attainment_the_indicators_do_not_give():
    document = with_indicators(clean_document(), "95 %", "SANGAT TINGGI / SANGAT BAIK")
    value, verdict = findings("PCT-CAPAIAN", view_of(document))
    assert (value.table, value.expected, value.found, value.severity) == ("BAB II", D("70.00"), D("95"), "error")
    assert "2 indikator pada capaian" in value.message and "1 indikator yang angkanya tidak terbaca" in value.message
    assert "“Sedang”, bukan “Sangat Tinggi”" in value.message
    assert (verdict.expected, verdict.found) == ("Sedang", "SANGAT TINGGI / SANGAT BAIK")


def test_pct_capaian_is_a_warning_when_the_category_stays_the_same():
    document = with_indicators(clean_document(), "72 %", "Sedang")
    [finding] = findings("PCT-CAPAIAN", view_of(document))
    assert (finding.expected, finding.found, finding.severity) == (D("70.00"), D("72"), "warning")


def test_pct_capaian_without_indicator_table_checks_the_verdict_against_the_stated_value():
    document = clean_document()
    evaluation(document)["skala_capaian"] = PERMENDAGRI
    evaluation(document)["statements"] = [
        {"table": "BAB II", "key": "nilai_capaian", "value": "60 %"},
        {"table": "BAB II", "key": "kategori_capaian", "value": "Tinggi"},
    ]
    [finding] = findings("PCT-CAPAIAN", view_of(document))
    assert (finding.expected, finding.found) == ("Rendah", "Tinggi")


def test_demo_pct_capaian(demo_view):
    value, verdict = findings("PCT-CAPAIAN", demo_view)
    # Tabel 6: 19 readable realisations (0, 14,06, 11,44, 8,30, 0, 0, 8,49, 6,56, 98,81, 0, 0, 5,78, 99,99, 0,
    # 0, 0, 12,07, 0, 0) against targets of 100: mean 265,50 / 19 = 13,97 %; the text claims 95,20 %
    assert (value.table, value.expected, value.found, value.severity) == ("BAB II", D("13.97"), D("95.20"), "error")
    assert "Tabel 6" in value.message
    # 13,97 % is "Kurang Berhasil" (< 55) on the document's scale, not "SANGAT BERHASIL / SANGAT BAIK"
    assert (verdict.expected, verdict.found) == ("Kurang Berhasil", "SANGAT BERHASIL / SANGAT BAIK")


# --- SKALA-KONSISTEN ------------------------------------------------------------------------------------


def test_skala_konsisten_passes_on_a_complete_scale():
    document = clean_document()
    evaluation(document)["skala_capaian"] = PERMENDAGRI
    assert findings("SKALA-KONSISTEN", view_of(document)) == []


def test_skala_konsisten_finds_a_band_written_the_wrong_way_round():
    document = clean_document()
    evaluation(document)["skala_capaian"] = [
        {"skala": "85 s/d 100", "kategori": "Sangat Berhasil"}, {"skala": "70 – < 85", "kategori": "Berhasil"},
        {"skala": "55 – < 70", "kategori": "Cukup Berhasil"}, {"skala": "> 55", "kategori": "Kurang Berhasil"}]
    [finding] = findings("SKALA-KONSISTEN", view_of(document))
    assert (finding.severity, finding.expected, finding.found) == ("error", "< 55", "> 55")
    assert "tumpang tindih" in finding.message and "0 – < 55" in finding.message


def test_skala_konsisten_finds_a_second_version_of_the_scale_that_differs():
    document = clean_document()
    evaluation(document)["skala_capaian"] = PERMENDAGRI
    evaluation(document)["statements"] = [
        {"table": "BAB II", "key": "kategori_capaian", "row": "90 - 100", "value": "Sangat Tinggi"},
        {"table": "BAB II", "key": "kategori_capaian", "row": "76 - 89", "value": "Tinggi"}]
    [finding] = findings("SKALA-KONSISTEN", view_of(document))
    assert finding.table == "BAB II" and finding.severity == "error"
    assert finding.expected == "91 ≤ x ≤ 100 Sangat Tinggi; 76 ≤ x ≤ 90 Tinggi"
    assert finding.found == "90 - 100 Sangat Tinggi; 76 - 89 Tinggi"


def test_skala_konsisten_without_a_scale_cannot_apply():
    document = clean_document()
    del evaluation(document)["skala_capaian"]
    [finding] = findings("SKALA-KONSISTEN", view_of(document))
    assert finding.severity == "info"


def test_demo_skala_konsisten(demo_view):
    by_table = {f.table: f for f in findings("SKALA-KONSISTEN", demo_view)}
    assert set(by_table) == {"Skala capaian", "BAB II", "Tabel 8"}
    # Tabel 7: "> 55 Kurang Berhasil" overlaps the three other bands; "< 55" is meant
    table_7 = by_table["Skala capaian"]
    assert (table_7.severity, table_7.expected, table_7.found) == ("error", "< 55", "> 55")
    # the prose (2.2.1) writes 71 % - 85 % Berhasil where Tabel 7 has 70 – < 85 (and 86–100 for 85 s/d 100)
    prose = by_table["BAB II"]
    assert "berhasil: “71 % - 85 %” lawan “70 – < 85”" in prose.message
    assert "sangat berhasil: “86 % - 100 %” lawan “85 s/d 100”" in prose.message
    assert "“71-85” lawan “70 – < 85”" in by_table["Tabel 8"].message


def test_not_applicable_is_raised_by_need_evaluations():
    from renja.rules.catalogue.percentages import need_evaluations

    with pytest.raises(NotApplicable):
        need_evaluations(PlanView())
