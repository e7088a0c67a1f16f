from decimal import Decimal

import pytest

from renja.plans.view import IndicatorView, target
from renja.rules.catalogue.indicators import indicator_kind, output_style

from .helpers import clean_document, findings, sub_kegiatan, view_of

pytestmark = pytest.mark.django_db

INDICATOR_RULES = ("IND-ADA", "IND-TARGET", "IND-SATUAN", "IND-SATUAN-COCOK", "IND-TINGKAT", "IND-N1",
                   "IND-N1-TURUN", "IND-SATUAN-N1", "IND-GABUNG")


def program(document, index=0):
    return document["renja"]["program"][index]


def kegiatan(document, program_=0, index=0):
    return program(document, program_)["kegiatan"][index]


def indicator(node, index=0):
    return node["indikator"][index]


def test_clean_plan_gives_no_finding_from_any_indicator_rule():
    view = view_of(clean_document())
    for rule_id in INDICATOR_RULES:
        assert findings(rule_id, view) == [], rule_id


@pytest.mark.parametrize("uraian, kind", [
    ("Jumlah Laporan Keuangan", "jumlah"),
    ("Persentase OPD yang Telah Memiliki Focal Point PG", "persen"),
    ("Persentase Jumlah Kapasitas Sumber Daya", "persen"),
    ("Cakupan Data Gender dan Anak", "persen"),
    ("Penurunan Rasio KDRT", "rasio"),
    ("Rasio kekerasan terhadap anak", "rasio"),
    ("Nilai Indeks Pembangunan Keluarga", "indeks"),
    ("Indeks Profesional ASN Perangkat Daerah", "indeks"),
    ("Nilai SAKIP", "nilai"),
    ("Peningkatan Nilai AKIP", "nilai"),
    ("Tersedianya Buku Hukum Adat", None),
    ("Tertib Pengadaan Barang Milik Daerah", None),
    ("", None),
])
def test_kind_of_indicator_from_its_wording(uraian, kind):
    assert indicator_kind(uraian) == kind


def test_output_style_by_wording_or_by_unit():
    assert output_style(IndicatorView("Jumlah Kegiatan", target_n=target("5")))
    assert output_style(IndicatorView("Tersedianya Buku Hukum Adat", target_n=target("150 Eks")))
    assert not output_style(IndicatorView("Tertib Administrasi", target_n=target("100%")))
    assert not output_style(IndicatorView("Persentase Kasus", target_n=target("12 Kasus")))


# --- IND-ADA --------------------------------------------------------------------------------------------


def test_kegiatan_without_indicator_fails():
    document = clean_document()
    kegiatan(document, 1)["indikator"] = []
    [finding] = findings("IND-ADA", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.07.2.01", 1, 0)
    assert finding.severity == "error" and finding.message.startswith("Kegiatan 2.08.07.2.01 Pencegahan")


def test_code_only_row_is_left_to_baris_kosong():
    document = clean_document()
    kegiatan(document, 1)["sub_kegiatan"].append({"kode": "2.08.07.2.01.0003", "nama": None})
    assert findings("IND-ADA", view_of(document)) == []


def test_demo_kegiatan_without_indicator(demo_view):
    # Seed lines 1110 and 1127: the kegiatan rows Administrasi Umum and Pemeliharaan Barang Milik Daerah.
    result = findings("IND-ADA", demo_view)
    assert [(f.code, f.expected, f.found) for f in result] == [("2.08.01.2.06", 1, 0), ("2.08.01.2.09", 1, 0)]


# --- IND-TARGET -----------------------------------------------------------------------------------------


def test_indicator_without_target_n_fails():
    document = clean_document()
    indicator(program(document, 1))["target_n"] = "-"
    [finding] = findings("IND-TARGET", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.07", None, None)
    assert "Rasio kekerasan terhadap anak" in finding.message and "2025" in finding.message


def test_row_without_name_keeps_its_indicators_checked_unless_it_has_no_target_at_all():
    document = clean_document()
    sub = sub_kegiatan(document, program=1)
    sub["nama"] = None
    sub["indikator"].append({"uraian": "Jumlah Rapat", "target_n": None, "target_n1": "2 Kali"})
    view = view_of(document)
    [finding] = findings("IND-TARGET", view)
    assert "Jumlah Rapat" in finding.message
    [empty] = findings("BARIS-KOSONG", view)
    assert empty.expected == "nama"
    sub["indikator"][0]["target_n"] = None
    assert findings("IND-TARGET", view_of(document)) == []  # BARIS-KOSONG lists the missing target


def test_demo_indicators_without_target(demo_view):
    # Seed lines 1106 (Indeks Profesional ASN), 1160 (Persentase Pemenuhan Hak Anak), 1176 (Tim Penggerak PKK).
    result = findings("IND-TARGET", demo_view)
    assert [(f.code, f.row) for f in result] == [
        ("2.08.01.2.05", "Administrasi Kepegawaian Perangkat Daerah"),
        ("2 0 0", "PROGRAM PEMENUHAN HAK ANAK"),
        ("2.13.05.2.01.0002", ("Fasilitasi Tim Penggerak PKK dalam penyelenggaraan gerakan Pemberdayaan "
                               "Masyarakat dan Kesejahteraan Keluarga")),
    ]


# --- IND-SATUAN -----------------------------------------------------------------------------------------


def test_count_target_without_unit_fails_once_for_both_years():
    document = clean_document()
    item = indicator(sub_kegiatan(document, program=1))
    item["target_n"], item["target_n1"] = "5", "5"
    [finding] = findings("IND-SATUAN", view_of(document))
    assert (finding.code, finding.found) == ("2.08.07.2.01.0002", "5")
    assert finding.expected.startswith("satuan hitungan") and "2025 '5' dan 2026 '5'" in finding.message


def test_percentage_target_without_percent_fails():
    document = clean_document()
    indicator(kegiatan(document))["target_n"] = "100"
    [finding] = findings("IND-SATUAN", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.01.2.02", "%", "100")


def test_ratios_indices_scores_and_composite_targets_need_no_unit():
    document = clean_document()
    indicator(kegiatan(document))["uraian"] = "Indeks Kepuasan"
    indicator(kegiatan(document))["target_n"] = "3,5"
    indicator(sub_kegiatan(document, program=1))["target_n"] = "11 Kecamatan 62 Kelurahan"
    assert findings("IND-SATUAN", view_of(document)) == []


def test_demo_percentage_written_as_a_bare_fraction(demo_view):
    # Seed line 1163: "Persentase Layanan Kasus Kekerasan Anak di UPTD-PA" with 0.0207 in both years.
    [finding] = findings("IND-SATUAN", demo_view)
    assert (finding.code, finding.row, finding.expected, finding.found) == (
        "2 0 0", "PROGRAM PERLINDUNGAN KHUSUS ANAK", "%", "0.0207")


@pytest.mark.parametrize("uraian, target_n", [
    ("Persentase Dokumen Tepat Waktu (%)", "100"),           # the unit in the name, in brackets
    ("Cakupan Layanan Pengaduan dalam persen", "100"),       # … or after "dalam"
    ("Jumlah Laporan Keuangan", "12"),                       # the thing a "Jumlah …" counts is its unit
    ("Jumlah dokumen perencanaan (Dok)", "3"),
])
def test_a_unit_written_in_the_indicator_name_counts(uraian, target_n):
    document = clean_document()
    item = indicator(kegiatan(document))
    item["uraian"], item["target_n"], item["target_n1"] = uraian, target_n, target_n
    assert findings("IND-SATUAN", view_of(document)) == []
    assert findings("IND-SATUAN-COCOK", view_of(document)) == []


def test_a_name_that_writes_no_unit_still_needs_one():
    document = clean_document()
    item = indicator(kegiatan(document))
    item["uraian"], item["target_n"] = "Persentase Layanan Terpadu (KHA)", "0,75"  # (KHA) is no unit
    [finding] = findings("IND-SATUAN", view_of(document))
    assert (finding.expected, finding.found) == ("%", "0,75")


# --- IND-SATUAN-COCOK -----------------------------------------------------------------------------------


def test_percentage_with_a_count_unit_is_an_error():
    document = clean_document()
    indicator(kegiatan(document))["target_n1"] = "9 kali"
    [finding] = findings("IND-SATUAN-COCOK", view_of(document))
    assert (finding.code, finding.expected, finding.found, finding.severity) == ("2.08.01.2.02", "%", "9 kali", "error")


@pytest.mark.parametrize("written", ["100 Persen", "100 Persentase", "100 prosentase", "100 (%)", "100 %"])
def test_percent_written_in_words_or_brackets_is_percent(written):
    document = clean_document()
    item = indicator(kegiatan(document))
    item["target_n"], item["target_n1"] = written, "100%"
    view = view_of(document)
    assert findings("IND-SATUAN-COCOK", view) == []
    assert findings("IND-SATUAN", view) == []
    assert findings("IND-SATUAN-N1", view) == []


def test_a_unit_column_saying_persentase_is_percent():
    document = clean_document()
    item = indicator(kegiatan(document))
    item["satuan"], item["target_n"], item["target_n1"] = "Persentase", "100", "100"
    assert findings("IND-SATUAN-COCOK", view_of(document)) == []


def test_count_with_percent_is_an_error_and_ratio_with_percent_a_warning():
    document = clean_document()
    indicator(sub_kegiatan(document, program=1))["target_n"] = "50%"
    indicator(program(document, 1))["target_n"] = "0,02%"
    result = {f.code: (f.expected, f.found, f.severity) for f in findings("IND-SATUAN-COCOK", view_of(document))}
    assert result == {"2.08.07": ("tanpa satuan (rasio)", "0,02%", "warning"),
                      "2.08.07.2.01.0002": ("satuan hitungan (bukan %)", "50%", "error")}


def test_tc29_units_are_checked_once_per_row():
    document = clean_document()
    document["evaluasi"][0]["tc29"] = [
        {"kode": "2\t08\t06\t2.02", "uraian": "Penguatan Lembaga Layanan Kualitas Hidup Anak",
         "indikator": "Persentase Peningkatan Kualitas Hidup Anak", "kolom": {"4": "9 kali", "8": "100", "10": "9 kali"}},
        {"kode": "2\t08\t07", "uraian": "PROGRAM PERLINDUNGAN KHUSUS ANAK",
         "indikator": "Rasio Penurunan Kekerasan Terhadap Anak", "kolom": {"4": "0,0207", "10": "0,0217"}},
    ]
    [finding] = findings("IND-SATUAN-COCOK", view_of(document))
    assert (finding.table, finding.code, finding.expected, finding.found) == ("T-C.29", "2.08.06.2.02", "%", "9 kali")
    assert "kolom 4" in finding.message and "kolom 10" in finding.message


def test_demo_units_that_do_not_fit(demo_view):
    result = findings("IND-SATUAN-COCOK", demo_view)
    plan = [(f.code, f.row, f.expected, f.found, f.severity) for f in result if f.table == "T-C.33"]
    # Seed lines 1144 (Penurunan Rasio KDRT 0,019%) and 1151 (Nilai Indeks Pembangunan Keluarga 35%).
    assert plan == [
        ("2 0 0", "PROGRAM PERLINDUNGAN PEREMPUAN", "tanpa satuan (rasio)", "0,019%", "warning"),
        ("2.08.04", "PROGRAM PENINGKATAN KUALITAS KELUARGA", "tanpa satuan (indeks)", "35%", "warning"),
    ]
    tc29 = [(f.code, f.expected, f.found, f.severity) for f in result if f.table == "T-C.29"]
    # Seed line 495: "Persentase Peningkatan Kualitas Hidup Anak" with "9 kali"; the two "Indeks Reformasi
    # Birokrasi" rows with 100% and "Nilai Indeks Pembangunan Keluarga" with 35%.
    assert ("2.08.06.2.02", "%", "9 kali", "error") in tc29
    assert sorted(tc29) == sorted([
        ("2 0 0", "tanpa satuan (indeks)", "100%", "warning"),
        ("2 0 0", "tanpa satuan (indeks)", "100%", "warning"),
        ("2.08.04", "tanpa satuan (indeks)", "35%", "warning"),
        ("2.08.06.2.02", "%", "9 kali", "error"),
    ])


# --- IND-TINGKAT ----------------------------------------------------------------------------------------


def test_output_indicator_on_a_program_is_a_warning():
    document = clean_document()
    indicator(program(document))["uraian"] = "Jumlah Dokumen Perencanaan"
    indicator(program(document))["target_n"] = indicator(program(document))["target_n1"] = "5 Dokumen"
    [finding] = findings("IND-TINGKAT", view_of(document))
    assert (finding.code, finding.severity, finding.expected, finding.found) == (
        "2.08.01", "warning", "indikator hasil (outcome)", "Jumlah Dokumen Perencanaan")


def test_outcome_indicator_on_a_sub_kegiatan_is_info():
    document = clean_document()
    item = indicator(sub_kegiatan(document, program=1))
    item["uraian"], item["target_n"], item["target_n1"] = "Persentase koordinasi terlaksana", "100%", "100%"
    [finding] = findings("IND-TINGKAT", view_of(document))
    assert (finding.code, finding.severity) == ("2.08.07.2.01.0002", "info")


def test_demo_indicator_levels(demo_view):
    result = findings("IND-TINGKAT", demo_view)
    # No program of the seed is measured by an output; five sub kegiatan use "Persentase …" indicators.
    assert {f.severity for f in result} == {"info"}
    assert [f.code for f in result] == ["2.08.04.2.02.0002", "2.13.05.2.01.0002", "2.13.05.2.01.0003",
                                        "2.13.05.2.01.0005", "2.13.05.2.01.0007"]


# --- IND-N1 ---------------------------------------------------------------------------------------------


def test_indicator_without_target_n1_fails():
    document = clean_document()
    indicator(sub_kegiatan(document))["target_n1"] = None
    [finding] = findings("IND-N1", view_of(document))
    assert (finding.code, finding.severity) == ("2.08.01.2.02.0001", "warning")
    assert "'40 Orang' untuk 2025" in finding.message and "2026" in finding.message


def test_demo_indicators_without_target_n1(demo_view):
    result = findings("IND-N1", demo_view)
    assert [f.code for f in result] == ["2.08.01.2.05.0002", "2.08.01.2.05.0011", "2.08.01.2.06.0002",
                                        "2.08.01.2.06.0005", "2.08.01.2.06.0008", "2.08.01.2.06.0009", "2 0 0"]
    # Seed line 1144: the n+1 value of Penurunan Rasio KDRT stands in the Catatan Penting column.
    assert "'0,017%'" in result[-1].message


# --- IND-N1-TURUN ---------------------------------------------------------------------------------------


def test_positive_indicator_going_down_fails():
    document = clean_document()
    indicator(program(document))["target_n1"] = "70"
    [finding] = findings("IND-N1-TURUN", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.01", Decimal(75), Decimal(70))


def test_negative_indicator_going_up_fails_and_down_passes():
    document = clean_document()
    indicator(program(document, 1))["target_n1"] = "0,03"
    [finding] = findings("IND-N1-TURUN", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.07", Decimal("0.02"), Decimal("0.03"))
    assert "negatif" in finding.message


def test_targets_in_different_units_are_not_compared():
    document = clean_document()
    indicator(sub_kegiatan(document))["target_n1"] = "30 Dokumen"
    assert findings("IND-N1-TURUN", view_of(document)) == []


def test_demo_has_no_target_going_backwards(demo_view):
    assert findings("IND-N1-TURUN", demo_view) == []


# --- IND-SATUAN-N1 --------------------------------------------------------------------------------------


def test_different_units_for_n_and_n1_fail_and_case_is_ignored():
    document = clean_document()
    indicator(sub_kegiatan(document))["target_n1"] = "40 orang"
    assert findings("IND-SATUAN-N1", view_of(document)) == []
    indicator(sub_kegiatan(document))["target_n1"] = "40 Dokumen"
    [finding] = findings("IND-SATUAN-N1", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.01.2.02.0001", "Orang", "Dokumen")


@pytest.mark.parametrize("n, n1", [("3 Dokumen", "3 Dok"), ("40 Orang", "40 Jiwa"), ("4 Kali", "4 frekuensi"),
                                    ("2 Unit", "2 Buah"), ("12 Dokumen", "12 Doku- men")])
def test_synonyms_of_a_unit_are_the_same_unit(n, n1):
    document = clean_document()
    item = indicator(sub_kegiatan(document))
    item["target_n"], item["target_n1"] = n, n1
    assert findings("IND-SATUAN-N1", view_of(document)) == []


def test_the_unit_list_is_data_and_every_written_form_names_one_unit():
    from renja.reference import units

    table = units.units()
    assert {u.jenis for u in table.values()} <= set(units.KINDS)
    assert units.normal_unit("Persentase") == units.normal_unit("(%)") == units.normal_unit("Persen") == "%"
    assert units.normal_unit("Dok.") == units.normal_unit("DOKUMEN") == "dokumen"
    assert units.normal_unit("orng") == "orng"  # a unit the list does not know keeps its own name
    assert units.unit_kind("Jiwa") == "keluaran" and units.unit_kind("Kasus") == "hitungan"
    assert units.unit_in_name("Jumlah orang dalam kelompok") == "orang"  # "dalam kelompok" is no unit
    assert units.unit_in_name("Jumlah Tenaga TKK") is None


def test_a_unit_list_that_names_one_form_twice_is_refused(tmp_path, monkeypatch):
    from renja.reference import units

    data = tmp_path / "satuan.yaml"
    data.write_text("satuan:\n  - {nama: Dokumen, jenis: keluaran, sinonim: [dok]}\n"
                    "  - {nama: Dokter, jenis: hitungan, sinonim: [dok]}\n", encoding="utf-8")
    monkeypatch.setattr(units, "DATA", data)
    units.units.cache_clear()
    try:
        with pytest.raises(units.UnitListError, match="'dok' tercatat sebagai satuan 'Dokumen' dan 'Dokter'"):
            units.units()
    finally:
        monkeypatch.undo()
        units.units.cache_clear()
        units.normal_unit.cache_clear()


def test_demo_misspelt_unit(demo_view):
    # Seed line 1123: "Jumlah Tenaga TKK" 3 Orang, then "3 orng".
    [finding] = findings("IND-SATUAN-N1", demo_view)
    assert (finding.code, finding.expected, finding.found) == ("2.08.01.2.08.0001", "Orang", "orng")


# --- IND-GABUNG -----------------------------------------------------------------------------------------


def test_one_indicator_per_cell_passes_even_with_a_composite_target():
    document = clean_document()
    indicator(sub_kegiatan(document, program=1))["target_n"] = "11 Kecamatan 62 Kelurahan"
    assert findings("IND-GABUNG", view_of(document)) == []


def test_several_indicators_in_one_cell_fail():
    document = clean_document()
    item = indicator(sub_kegiatan(document, program=1))
    item["uraian"] = "Jumlah Koordinasi Jumlah Peserta Sosialisasi"
    item["target_n"] = item["target_n1"] = "5 Kali 40 Orang"
    [finding] = findings("IND-GABUNG", view_of(document))
    assert (finding.code, finding.expected, finding.found, finding.severity) == ("2.08.07.2.01.0002", 2, 1, "warning")
    assert "'Jumlah Koordinasi', 'Jumlah Peserta Sosialisasi'" in finding.message


def test_demo_four_indicators_in_one_cell(demo_view):
    # Seed line 1105: four "Jumlah …" indicators share one cell, targets "34 Item 5 Orang 41 Orang 6 Kali".
    [finding] = findings("IND-GABUNG", demo_view)
    assert (finding.code, finding.expected, finding.found) == ("2.08.01.2.02.0003", 4, 1)
    assert "'34 Item 5 Orang 41 Orang 6 Kali'" in finding.message
