import pytest

from .helpers import clean_document, findings, view_of

pytestmark = pytest.mark.django_db

NARRATIVE_RULES = ("NARASI-INSTANSI", "NARASI-TAHUN", "NARASI-SUMBER-DANA", "NARASI-TAHAP")
PD = "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Contoh"


def statement(table, key, value, context=None, row=None):
    return {"table": table, "key": key, "value": value, "context": context, "row": row}


def with_statements(*items, narasi=None):
    document = clean_document()
    document["renja"]["statements"] += list(items)
    document["renja"]["narasi"] += narasi or []
    return document


def test_the_clean_plan_gives_no_narrative_finding():
    view = view_of(clean_document())
    for rule_id in NARRATIVE_RULES:
        assert findings(rule_id, view) == [], rule_id


# --- NARASI-INSTANSI ---------------------------------------------------------------------------------------------


def test_the_pds_own_name_written_in_many_ways_passes():
    text = ("Dinas Pemberdayaan Perempuan & Perlindungan Anak menyusun Renja. Tugas Dinas Pemberdayaan Perempuan "
            "dan perlindungan anak Kota Contoh dibantu Sekretariat DP3A. Pengadaan Kendaraan Dinas Jabatan, Alat "
            "Tulis Kantor dan Pakaian Dinas. PROGRAM DAN KEGIATAN DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN "
            "ANAK KOTA CONTOH TAHUN 2025\nRenja disampaikan kepada Badan Perencanaan Pembangunan Daerah Kota Contoh "
            "dengan data Badan Pusat Statistik.")
    document = with_statements(
        statement("BAB I", "nama_instansi", "DP3A"),
        statement("BAB V", "nama_instansi", "Dinas Pemberdayaan Perempuan, dan Perlindungan Anak Kota Contoh"),
        narasi=[{"bab": "IV", "judul": "RENCANA KERJA", "teks": text}])
    assert findings("NARASI-INSTANSI", view_of(document)) == []


def test_another_agency_named_as_the_author_is_an_error():
    context = "Badan Pendapatan Daerah Kota Contoh menyusun rencana kerja tahun 2025."
    document = with_statements(statement("BAB IV", "nama_instansi", "Badan Pendapatan Daerah Kota Contoh", context),
                               narasi=[{"bab": "IV", "judul": "RENCANA KERJA", "teks": context}])
    [finding] = findings("NARASI-INSTANSI", view_of(document))  # the narrative's mention is the same defect
    assert (finding.table, finding.severity, finding.expected, finding.found) == (
        "BAB IV", "error", PD, "Badan Pendapatan Daerah Kota Contoh")
    assert "disalin dari dokumen instansi lain" in finding.message


def test_another_agency_in_the_narrative_is_a_warning_once_per_chapter():
    text = ("Renja ini disusun oleh Dinas Kesehatan Kota Contoh. Dinas Kesehatan Kota Contoh juga menetapkan "
            "targetnya.")
    document = with_statements(narasi=[{"bab": "I", "nomor": "1.1", "judul": "Latar Belakang", "teks": text},
                                       {"bab": "V", "judul": "PENUTUP", "teks": "Dinas Pendidikan berharap."}])
    result = [(f.table, f.row, f.severity, f.expected, f.found) for f in findings("NARASI-INSTANSI", view_of(document))]
    assert result == [("BAB I", "1.1 Latar Belakang", "warning", PD, "Dinas Kesehatan Kota Contoh"),
                      ("BAB V", "PENUTUP", "warning", PD, "Dinas Pendidikan")]


def test_the_same_agency_of_another_region_is_found():
    document = with_statements(narasi=[{"bab": "I", "judul": "X", "teks":
                                        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Lain menyusun."}])
    [finding] = findings("NARASI-INSTANSI", view_of(document))
    assert finding.found == "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Lain"


def test_a_short_name_one_letter_off_is_a_warning():
    document = with_statements(statement("BAB II", "nama_instansi", "DP3", "2.2 ANALISIS KINERJA PELAYANAN DP3"))
    [finding] = findings("NARASI-INSTANSI", view_of(document))
    assert (finding.severity, finding.expected, finding.found) == ("warning", "DP3A", "DP3")


def test_demo_agency_names(demo_view):
    found = [(f.table, f.severity, f.expected, f.found) for f in findings("NARASI-INSTANSI", demo_view)]
    pd = "Dinas Pemberdayaan Masyarakat, Perempuan dan Perlindungan Anak Kota Jambi"
    assert found == [
        ("BAB II", "warning", "DPMP-PA", "DPMPP"),  # heading 2.2, the short name cut short
        ("BAB IV", "error", pd, "Badan Kepegawaian Dan Pengembangan Sumber Daya Manusia Daerah"),
        ("BAB IV", "error", pd, "Badan Kepegawaian dan Pengembangan SDM Daerah Kota Jambi"),
    ]


def test_demo_agency_names_are_found_in_the_narrative_without_statements(demo_view):
    import copy

    view = copy.copy(demo_view)
    view.statements = []
    found = [(f.table, f.found) for f in findings("NARASI-INSTANSI", view)]
    assert found == [("BAB IV", "Badan Kepegawaian Dan Pengembangan Sumber Daya Manusia Daerah"),
                     ("BAB IV", "Badan Kepegawaian dan Pengembangan SDM Daerah Kota Jambi")]


# --- NARASI-TAHUN ------------------------------------------------------------------------------------------------


def test_years_that_fit_the_plan_pass():
    document = with_statements(
        statement("BAB I", "tahun", "2025", "Renja Tahun 2025"),
        statement("BAB III", "tahun", "2021 – 2026", "Renstra 2021 – 2026"),
        statement("T-C.33", "tahun", "2026", "Prakiraan maju tahun 2026"),
        statement("BAB II", "tahun", "2024", "Evaluasi pelaksanaan Renja tahun 2024"),
        narasi=[{"bab": "II", "judul": "EVALUASI PELAKSANAAN RENJA TAHUN 2024", "teks": ""},
                {"bab": "III", "nomor": "3.3", "judul": "PROGRAM DAN KEGIATAN TAHUN 2025", "teks": ""}])
    document["evaluasi"][0]["statements"] = [statement("BAB II", "tahun", "2024", "Realisasi sampai Desember 2024")]
    assert findings("NARASI-TAHUN", view_of(document)) == []


def test_a_year_of_another_renja_is_an_error():
    document = with_statements(statement("BAB III", "tahun", "2024", "Rencana Program Tahun 2024 pada T-C.33",
                                         row="3.3"))
    [finding] = findings("NARASI-TAHUN", view_of(document))
    assert (finding.table, finding.severity, finding.expected, finding.found) == ("BAB III", "error", "2025", "2024")
    assert "Renja ini untuk tahun 2025" in finding.message


@pytest.mark.parametrize("context", [
    "Penyusunan Renja Tahun 2025 disesuaikan dengan RKPD pada Tahun 2024.",  # drafted in n-1
    "Renja ini disusun pada tahun 2024 melalui forum perangkat daerah.",
    "Rancangan Renja dibahas dalam Musrenbang pada bulan Maret 2024.",
    "Kota Contoh, Juli 2024",                                                 # the date it is signed
])
def test_the_year_a_renja_is_drafted_in_passes(context):
    document = with_statements(statement("BAB I", "tahun", "2024", context))
    assert findings("NARASI-TAHUN", view_of(document)) == []


@pytest.mark.parametrize("context", [
    "Renja Tahun 2024 disusun berdasarkan RKPD.",                  # a plan named by the year before: copied
    "Pelaksanaan program pada tahun 2024 sesuai Renja.",            # n-1 as a date without drafting: not the plan
    "Penyusunan Rencana Kerja Tahun 2024 dilaksanakan oleh Bidang.",  # the plan's name carries the wrong year
])
def test_the_year_before_as_the_plans_year_is_still_an_error(context):
    document = with_statements(statement("BAB I", "tahun", "2024", context))
    [finding] = findings("NARASI-TAHUN", view_of(document))
    assert (finding.expected, finding.found) == ("2025", "2024")


def test_regulation_years_and_the_renstra_period_bounds_pass():
    document = with_statements(
        statement("BAB I", "tahun", "2019", "Peraturan Wali Kota Contoh Nomor 12 Tahun 2019 tentang Organisasi"),
        statement("BAB I", "tahun", "2017", "sebagaimana diatur Permendagri 86/2017"),
        statement("BAB III", "tahun", "2026", "Target akhir periode Renstra tahun 2026 adalah 90 %."),
        statement("BAB III", "tahun", "2021", "Renstra disusun untuk lima tahun sejak 2021."))
    assert findings("NARASI-TAHUN", view_of(document)) == []


def test_a_period_that_is_not_the_renstra_period_is_an_error():
    document = with_statements(statement("BAB III", "tahun", "2024 - 2027", "Sasaran strategis Tahun 2024 - 2027"))
    [finding] = findings("NARASI-TAHUN", view_of(document))
    assert (finding.expected, finding.found) == ("2021–2026", "2024 - 2027")


def test_a_range_without_the_plan_year_is_an_error():
    document = with_statements(statement("BAB I", "tahun", "2019-2020", "Rencana 2019-2020"))
    [finding] = findings("NARASI-TAHUN", view_of(document))
    assert (finding.expected, finding.found) == ("2021–2026", "2019-2020")


def test_an_evaluation_year_that_does_not_fit_is_a_warning():
    document = clean_document()
    document["evaluasi"][0]["statements"] = [statement("Tabel 7", "tahun", "2022", "SKALA KINERJA TAHUN 2022")]
    [finding] = findings("NARASI-TAHUN", view_of(document))
    assert (finding.table, finding.severity, finding.expected, finding.found) == ("Tabel 7", "warning", "2024", "2022")


def test_the_evaluation_speaks_of_the_year_before_the_evaluated_one_but_not_of_an_old_progress_date():
    document = clean_document()  # Renja 2025 evaluating 2024: 2023 (n-2) is evaluated too, whole
    document["evaluasi"][0]["statements"] = [
        statement("BAB II", "tahun", "2023", "Capaian kinerja sasaran tahun 2023 sangat baik."),
        statement("BAB II", "tahun", "2023", "Kegiatan tersebut dievaluasi sampai dengan Desember 2023."),
        statement("BAB II", "tahun", "2024", "Realisasi per Maret 2024."),
        statement("Tabel 6", "tahun", "2023", "SKALA NILAI CAPAIAN KINERJA Per Februari 2023")]
    [finding] = findings("NARASI-TAHUN", view_of(document))
    assert (finding.table, finding.severity, finding.expected, finding.found) == ("Tabel 6", "warning", "2024", "2023")
    assert "tanggal Februari 2023 tidak dalam tahun yang dievaluasi (2024)" in finding.message


def test_headings_are_checked_and_a_heading_a_statement_covers_is_reported_once():
    document = with_statements(
        statement("BAB II", "tahun", "2024", "2.4 Reviu terhadap Rancangan Awal RKPD 2024"),
        narasi=[{"bab": "II", "nomor": "2.4", "judul": "Reviu terhadap Rancangan Awal RKPD 2024", "teks": ""},
                {"bab": "IV", "judul": "RENCANA KERJA TAHUN 2023", "teks": ""}])
    result = [(f.table, f.expected, f.found) for f in findings("NARASI-TAHUN", view_of(document))]
    assert result == [("BAB II", "2025", "2024"), ("BAB IV", "2025", "2023")]


def test_demo_years(demo_view):
    result = findings("NARASI-TAHUN", demo_view)
    errors = [(f.table, f.row, f.expected, f.found) for f in result if f.severity == "error"]
    # Not among them: BAB I 1.1 "Penyusunan Renja … Tahun 2022 disesuaikan dengan RKPD … pada Tahun 2021" (the
    # Renja 2022 is drafted in 2021).
    assert errors == [
        ("BAB II", "2.4 Reviu terhadap Rancangan awal RKPD 2021", "2022", "2021"),  # the heading
        ("BAB II", "2.4 Reviu terhadap Rancangan awal RKPD 2021", "2022", "2021"),  # "… Tahun 2021 …, T-C. 31"
        ("BAB II", "2.5 Penelaahan usulan Program dan Kegiatan Masyarakat, Perempuan dan Perlindungan Anak",
         "2022", "2020"),
        ("BAB III", "3.2. TUJUAN DAN SASARAN PERANGKAT DAERAH", "2018–2023", "2021 – 2024"),
        ("BAB III", ("3.3 PROGRAM DAN KEGIATAN DINAS PEMBERDAYAAN MASYARAKAT, PEREMPUAN DAN PERLINDUNGAN ANAK "
                     "KOTA JAMBI TAHUN 2022."), "2022", "2021"),  # "… Tahun 2021 dapat dilihat pada … Tabel T-C.33"
    ]
    warnings = [(f.table, f.expected, f.found) for f in result if f.severity == "warning"]
    # The 2021 evaluation's sentences and titles about 2020 (n-2: its realisation is evaluated whole, "sampai
    # dengan Per Desember 2020") fit; Tabel 6's "Per Februari 2020" is a progress date of an older evaluation.
    assert warnings == [("Tabel 6", "2021", "2020")]


def test_demo_years_print_as_years_in_the_cli(demo_view):
    from renja.cli import console, print_findings

    with console.capture() as captured:
        print_findings(demo_view, findings("NARASI-TAHUN", demo_view))
    text = captured.get()
    assert "seharusnya: 2022  tertulis: 2021" in text and "2.021" not in text and "2.022" not in text


# --- NARASI-SUMBER-DANA ------------------------------------------------------------------------------------------


def test_sources_the_text_names_as_the_tables_use_them_pass():
    document = with_statements(statement("BAB IV", "sumber_dana", "APBD Kota Contoh dan DAK"))
    assert findings("NARASI-SUMBER-DANA", view_of(document)) == []


def test_sources_written_in_full_pass():
    document = with_statements(statement("BAB IV", "sumber_dana",
                                         "Anggaran Pendapatan dan Belanja Daerah dan Dana Alokasi Khusus"))
    assert findings("NARASI-SUMBER-DANA", view_of(document)) == []


def test_a_source_the_text_leaves_out_is_a_warning():
    document = with_statements(statement("BAB IV", "sumber_dana", "APBD Kota Contoh", "… yang berasal dari APBD"))
    [finding] = findings("NARASI-SUMBER-DANA", view_of(document))
    assert (finding.table, finding.severity, finding.expected, finding.found) == (
        "BAB IV", "warning", "APBD, DAK", "APBD Kota Contoh")
    assert "DAK pada 1 sub kegiatan (2.08.07.2.01.0002" in finding.message


def test_a_source_the_tables_do_not_use_is_reported():
    document = with_statements(statement("BAB IV", "sumber_dana", "APBD, DAK dan Dana Alokasi Umum"))
    [finding] = findings("NARASI-SUMBER-DANA", view_of(document))
    assert finding.expected == "APBD, DAK" and "DAU tidak dipakai" in finding.message


def test_demo_text_says_apbd_while_two_sub_kegiatan_carry_dak(demo_view):
    [finding] = findings("NARASI-SUMBER-DANA", demo_view)
    assert (finding.table, finding.expected, finding.found) == ("BAB IV", "APBD, DAK", "APBD Kota Jambi")
    assert "DAK pada 2 sub kegiatan" in finding.message


# --- NARASI-TAHAP ------------------------------------------------------------------------------------------------


def test_the_stage_the_text_names_as_the_plan_passes():
    document = with_statements(statement("BAB I", "tahap", "Rancangan Renja"),
                               narasi=[{"bab": "II", "judul": "Reviu", "teks": "Reviu rancangan awal RKPD 2025."}])
    assert findings("NARASI-TAHAP", view_of(document)) == []


def test_a_renja_perubahan_named_in_a_draft_is_an_error_once():
    sentence = "Rencana Kerja Perubahan Dinas ini dituangkan ke dalam 5 Bab."
    document = with_statements(statement("BAB I", "tahap", "Perubahan", sentence, row="1.4"),
                               narasi=[{"bab": "I", "nomor": "1.4", "judul": "Sistematika", "teks": sentence},
                                       {"bab": "V", "judul": "PENUTUP", "teks": "Demikian Renja Perubahan ini."}])
    result = [(f.table, f.severity, f.expected, f.found) for f in findings("NARASI-TAHAP", view_of(document))]
    assert result == [("BAB I", "error", "Rancangan Renja", "Perubahan"),
                      ("BAB V", "error", "Rancangan Renja", "Renja Perubahan")]


def test_a_renja_perubahan_may_call_itself_so():
    document = with_statements(statement("BAB I", "tahap", "Perubahan"),
                               narasi=[{"bab": "V", "judul": "PENUTUP", "teks": "Demikian Renja Perubahan ini."}])
    document["renja"]["tahap"] = "perubahan"
    assert findings("NARASI-TAHAP", view_of(document)) == []


def test_demo_final_renja_calls_itself_perubahan(demo_view):
    [finding] = findings("NARASI-TAHAP", demo_view)
    assert (finding.table, finding.row, finding.expected, finding.found) == (
        "BAB I", "1.4. SISTEMATIKA PENULISAN", "Renja (final)", "Perubahan")
