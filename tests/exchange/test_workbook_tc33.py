"""T-C.33 workbooks as planners' systems print them, built in the tests: the plan read and the problems named."""

from decimal import Decimal

import pytest

from renja.core.errors import InputRefused
from renja.exchange.loader import load_document
from renja.exchange.workbook import read_workbook
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Pernyataan, SubKegiatan

from .test_workbook_support import TC33_COLUMNS, build, column_letter, excel_row, row, sample_rows


@pytest.fixture
def pd_contoh(db):
    pemda = Pemda.objects.create(kode="99.01", nama="Kota Contoh", jenis="kota")
    return PerangkatDaerah.objects.create(
        pemda=pemda, kode="2.08.0.00.0.00.01.0000",
        nama="DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK KOTA CONTOH", singkatan="DP3A")


def problems_at(reading, row=None, column=None):
    return [p for p in reading.problems if (row is None or p.row == row) and (column is None or p.column == column)]


def subs(document):
    return [s for p in document["renja"]["program"] for k in p.get("kegiatan", []) for s in k.get("sub_kegiatan", [])]


def test_columns_are_found_by_their_header_texts(tmp_path):
    reading = read_workbook(build(tmp_path / "a.xlsx", sample_rows()))
    roles = {c["kolom"]: c["peran"] for c in reading.columns}
    assert reading.layout == "tc33"
    assert [roles[c] for c in "ABCDE"] == ["kode"] * 5
    assert roles["F"] == "uraian" and roles["G"] == "indikator"
    assert roles["K"] == "target_n" and roles["L"] == "pagu_n" and roles["Q"] == "target_n1" and roles["R"] == "pagu_n1"
    assert roles["M"] == "lokasi" and roles["N"] == "sumber_dana"
    # Target akhir Renstra, realisasi n-2 and prakiraan n-1 go to the indicator; prioritas, kelompok sasaran and PD
    # are not kept by Renja, and each one holding data is said so
    assert [roles[c] for c in "HIJ"] == ["target_akhir_renstra", "realisasi_n2", "prakiraan_n1"]
    assert all(roles[c] == "ignored" for c in "OPS")
    ignored = {p.column for p in reading.problems if "tidak disimpan Renja" in p.why}
    assert ignored == {"O", "P", "S"}
    (program,) = reading.document["renja"]["program"]
    assert program["indikator"][0]["target_akhir_renstra"] == "95"


def test_plan_tree_stated_totals_and_multi_indicator_cells(tmp_path, pd_contoh):
    reading = read_workbook(build(tmp_path / "a.xlsx", sample_rows()))
    document = reading.document
    assert document["perangkat_daerah"]["kode"] == pd_contoh.kode and reading.known_pd and not reading.missing
    assert document["renja"]["tahun"] == 2026
    (program,) = document["renja"]["program"]
    assert program["nama"] == "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN"
    assert program["stated"] == {"pagu_n": "1.250.000.000", "pagu_n1": "1.300.000.000"}
    first, second = subs(document)
    assert [i["uraian"] for i in first["indikator"]] == ["Jumlah dokumen kebijakan", "Jumlah rapat koordinasi"]
    assert [i["target_n"] for i in first["indikator"]] == ["3 Dokumen", "12 Kali"]
    assert second["pagu_n1"] == 550000000  # a float cell of whole Rupiah
    # urusan and bidang rows are statements, not nodes
    keys = [(s["key"], s["code"]) for s in document["renja"]["statements"]]
    assert ("pagu_n", "2") in keys and ("baris_bidang_urusan", "2\t08") in keys

    report = load_document(document)
    assert report.counts["sub_kegiatan"] == 2 and report.counts["indikator"] == 5
    loaded = {s.kode: s for s in SubKegiatan.objects.filter(kegiatan__program__renja=report.renja)}
    assert loaded["2.08.02.2.01.0001"].pagu_n == 750000000 and loaded["2.08.02.2.01.0001"].pagu_n1 == 800000000
    stated = Pernyataan.objects.filter(renja=report.renja, program__isnull=False, kunci="pagu_n").get()
    assert stated.nilai == Decimal(1250000000)  # kept as stated, beside the computed 1.250.000.000


def test_columns_in_another_order_or_missing_read_the_same_plan(tmp_path):
    reference = read_workbook(build(tmp_path / "a.xlsx", sample_rows())).document["renja"]["program"]
    keep = [c for c in TC33_COLUMNS if c[0] not in ("prioritas", "kelompok", "pd")]  # columns Renja does not keep
    shuffled = keep[:5] + list(reversed(keep[5:]))
    document = read_workbook(build(tmp_path / "b.xlsx", sample_rows(), columns=shuffled)).document

    def plain(nodes):
        return [{k: (plain(v) if isinstance(v, list) and k != "indikator" else v)
                 for k, v in n.items() if k != "raw"} for n in nodes]

    assert plain(document["renja"]["program"]) == plain(reference)


def test_code_whole_in_one_cell_or_before_the_name(tmp_path):
    columns = [("kode", None, "Kode")] + TC33_COLUMNS[5:]
    rows = [
        {"kode": "2.08.02", "uraian": "PROGRAM PENGARUSUTAMAAN GENDER"},
        {"uraian": "2.08.02.2.01 Pelembagaan PUG"},  # "kode nama" in the name cell
        {"kode": "2.08.02.2.01.01 Koordinasi PUG", "pagu_n": "10.000.000"},  # "kode nama" in the code cell
        {"kode": "2.08.02.2.01.0002", "uraian": "Sosialisasi PUG", "pagu_n": 5000000},
    ]
    reading = read_workbook(build(tmp_path / "a.xlsx", rows, columns=columns))
    (program,) = reading.document["renja"]["program"]
    (kegiatan,) = program["kegiatan"]
    assert kegiatan["kode"] == "2.08.02.2.01" and kegiatan["nama"] == "Pelembagaan PUG"
    first, second = kegiatan["sub_kegiatan"]
    assert first["kode"] == "2.08.02.2.01.01" and first["nama"] == "Koordinasi PUG"
    report = load_document(reading.document)
    codes = set(SubKegiatan.objects.filter(kegiatan__program__renja=report.renja).values_list("kode", flat=True))
    assert codes == {"2.08.02.2.01.0001", "2.08.02.2.01.0002"}  # the 2-digit suffix read as 4 digits


def test_parent_repeated_after_a_page_break(tmp_path):
    rows = sample_rows()
    program, kegiatan = rows[2], rows[3]
    changed = dict(kegiatan, uraian="Pelembagaan PUG (nama lain)")
    extra = row("2.08.02.2.01.0003", uraian="Advokasi PUG", pagu_n="1.000.000")
    rows = rows[:5] + [program, kegiatan, rows[5], changed, extra]
    path = build(tmp_path / "a.xlsx", rows, repeat_header_at=5)
    reading = read_workbook(path)
    document = reading.document
    assert len(document["renja"]["program"]) == 1
    (kegiatan_node,) = document["renja"]["program"][0]["kegiatan"]
    assert [s["kode"].split("\t")[-1] for s in kegiatan_node["sub_kegiatan"]] == ["0001", "0002", "0003"]
    repeated = [p for p in reading.problems if "berulang" in p.why]
    assert len(repeated) == 1  # the identical repeats are skipped silently, the different one is reported
    assert repeated[0].row == excel_row(3, 8)  # the header (2 rows) and numbering printed again before it
    assert "isi berbeda" in repeated[0].why


def test_blank_placeholder_and_total_rows(tmp_path):
    rows = sample_rows()
    rows.insert(3, {})
    rows.insert(4, {"uraian": "-", "pagu_n": "-"})
    rows.append(row(uraian="JUMLAH", pagu_n="1.250.000.000", pagu_n1="1.350.000.000"))
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    assert len(subs(reading.document)) == 2
    totals = {s["key"]: s["value"] for s in reading.document["renja"]["statements"] if s["key"].startswith("total")}
    assert totals == {"total_pagu_n": "1.250.000.000", "total_pagu_n1": "1.350.000.000"}
    assert not [p for p in reading.problems if "tanpa kode" in p.why]


def test_indicator_lines_continued_on_the_next_rows(tmp_path):
    rows = sample_rows()
    rows.insert(6, row(indikator="Jumlah laporan", target_n="2 Laporan"))
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    second = subs(reading.document)[1]
    assert [i["uraian"] for i in second["indikator"]] == ["Jumlah peserta", "Jumlah laporan"]


def test_indicators_and_targets_on_unmatched_lines_are_kept_whole_and_reported(tmp_path):
    rows = sample_rows()
    rows[4]["target_n"] = "3 Dokumen"  # one line for two indicators
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    assert len(subs(reading.document)[0]["indikator"]) == 1
    (problem,) = problems_at(reading, excel_row(0, 4), column_letter("target_n"))
    assert "tidak dipisah" in problem.why


@pytest.mark.parametrize("written, document_value, why", [
    ("18.130.291.362,00", "18.130.291.362,00", None),
    ("Rp 1.000.000", "Rp 1.000.000", None),
    (2500000, 2500000, None),
    (2500000.0, 2500000, None),
    ("0.286", "0.286", "ambigu"),
    (0.286, "0,286", "bilangan bulat"),
    ("1.500.00", "1.500.00", "tidak teratur"),
])
def test_amounts_as_planners_write_them(tmp_path, written, document_value, why):
    rows = sample_rows()
    rows[5]["pagu_n"] = written
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    assert subs(reading.document)[1]["pagu_n"] == document_value
    found = problems_at(reading, excel_row(0, 5), column_letter("pagu_n"))
    if why is None:
        assert not found
    else:
        (problem,) = found
        assert why in problem.why and problem.value  # the cell named, the value as written
        report = load_document(reading.document)  # the loader keeps the text and reports it too: never 286
        sub = SubKegiatan.objects.get(kegiatan__program__renja=report.renja, kode="2.08.02.2.01.0002")
        assert sub.pagu_n is None and sub.pagu_n_teks == str(document_value)


def test_percentages_as_planners_write_them(tmp_path):
    rows = sample_rows()
    rows[3]["target_n"] = 0.8  # formatted as a percentage below: 80 %
    rows[5]["target_n"] = "1.286 %"
    rows[2]["target_n"] = 80
    reading = read_workbook(build(tmp_path / "a.xlsx", rows, percent={(3, "target_n")}))
    program = reading.document["renja"]["program"][0]
    assert program["indikator"][0]["target_n"] == "80"
    assert program["kegiatan"][0]["indikator"][0]["target_n"] == "80 %"
    assert subs(reading.document)[1]["indikator"][0]["target_n"] == "1,286 %"
    (problem,) = problems_at(reading, excel_row(0, 5), column_letter("target_n"))
    assert "1,286 %" in problem.why and problem.value == "1.286 %"


def test_ambiguous_count_target_is_read_as_thousands_and_reported(tmp_path):
    rows = sample_rows()
    rows[5]["target_n"] = "1.286 Orang"
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    (problem,) = problems_at(reading, excel_row(0, 5), column_letter("target_n"))
    assert "ambigu" in problem.why and "1286" in problem.why


def test_pd_and_year_from_options_override_the_title(tmp_path, pd_contoh):
    path = build(tmp_path / "a.xlsx", sample_rows(), title=["RENCANA PROGRAM, KEGIATAN DAN PENDANAAN"])
    without_years = [(key, group and group.replace(" Tahun 2026", " Tahun n").replace(" Tahun 2027", " (n+1)"),
                      text and text.replace(" Tahun 2024", "").replace(" Tahun 2025", ""))
                     for key, group, text in TC33_COLUMNS]
    with pytest.raises(InputRefused, match="tahun Renja tidak tertulis"):
        read_workbook(build(tmp_path / "b.xlsx", sample_rows(), title=[], columns=without_years))
    reading = read_workbook(build(tmp_path / "c.xlsx", sample_rows(), title=[], columns=without_years), year=2026)
    assert {c["peran"] for c in reading.columns} >= {"target_n", "target_n1", "pagu_n", "pagu_n1"}
    reading = read_workbook(path, pd="DP3A", year=2027, stage="final")
    assert reading.known_pd
    assert reading.document["perangkat_daerah"]["kode"] == pd_contoh.kode
    assert reading.document["pemda"]["kode"] == "99.01"
    assert (reading.document["renja"]["tahun"], reading.document["renja"]["tahap"]) == (2027, "final")
    with pytest.raises(InputRefused, match="tahap 'akhir' tidak dikenal"):
        read_workbook(path, stage="akhir")


def test_unknown_pd_is_described_from_the_title(tmp_path):
    reading = read_workbook(build(tmp_path / "a.xlsx", sample_rows()))
    assert not reading.known_pd
    assert reading.document["perangkat_daerah"]["nama"].startswith("DINAS PEMBERDAYAAN PEREMPUAN")
    assert reading.document["pemda"]["nama"] == "Kota Contoh"
    assert any("kode perangkat daerah" in m for m in reading.missing)


def test_the_plan_table_is_found_on_any_sheet(tmp_path):
    path = build(tmp_path / "a.xlsx", sample_rows(), sheet="Renja 2026", extra_sheets=["Petunjuk"])
    reading = read_workbook(path)
    assert reading.sheet == "Renja 2026" and len(subs(reading.document)) == 2


def test_a_workbook_without_a_plan_table_is_refused(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nama", "Alamat"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(InputRefused, match="tidak ada lembar berisi tabel Renja"):
        read_workbook(tmp_path / "x.xlsx")


def test_renjas_own_tc33_document_reads_back(tmp_path, demo_view):
    """The T-C.33 that `renja document` writes, read back: every readable sub kegiatan with its pagu."""
    from renja.demo.setup import DATA
    from renja.documents.produce import produce
    from renja.exchange.loader import load_file
    from renja.plans.view import build_view

    report = load_file(DATA)
    path = produce(build_view(report.renja), "xlsx", tmp_path / "tc33.xlsx", only="T-C.33")
    reading = read_workbook(path)
    assert reading.known_pd and reading.document["renja"]["tahun"] == 2022
    read = {s["kode"]: s.get("pagu_n") for s in subs(reading.document)}
    expected = {s.kode: s.pagu_n for s in SubKegiatan.objects.filter(kegiatan__program__renja=report.renja)
                if s.kode and s.pagu_n is not None}
    assert expected and all(read.get(code) == amount for code, amount in expected.items())


def test_an_option_that_differs_from_the_title_is_reported(tmp_path, pd_contoh):
    path = build(tmp_path / "a.xlsx", sample_rows(), title=["RENCANA PROGRAM, KEGIATAN DAN PENDANAAN",
                                                              "DINAS LAIN KOTA CONTOH", "TAHUN 2026"])
    reading = read_workbook(path, pd="DP3A", year=2027)
    assert reading.document["renja"]["tahun"] == 2027
    notes = {p.row: p for p in reading.problems if p.column == "A" and p.row in (2, 3)}
    assert "tahun 2026" in notes[3].why and "DINAS LAIN" in notes[2].why


def test_a_fraction_for_a_percentage_indicator_is_reported(tmp_path):
    rows = sample_rows()
    rows[3]["target_n"] = "0,8"  # "Persentase Perangkat Daerah …": 0,8 % or 80 %?
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    (problem,) = problems_at(reading, excel_row(0, 3), column_letter("target_n"))
    assert "80 %" in problem.why
    assert reading.document["renja"]["program"][0]["kegiatan"][0]["indikator"][0]["target_n"] == "0,8"


def test_cells_merged_down_over_indicator_lines_and_units_on_matching_lines(tmp_path):
    from openpyxl import load_workbook

    columns = TC33_COLUMNS[:7] + [("satuan", None, "Satuan")] + TC33_COLUMNS[10:]
    rows = sample_rows()[:4] + [
        row("2.08.02.2.01.0001", uraian="Koordinasi PUG", indikator="Jumlah dokumen", satuan="Dokumen",
            target_n="3", pagu_n="750.000.000"),
        row(indikator="Jumlah rapat", satuan="Kali", target_n="12"),
        row("2.08.02.2.01.0002", uraian="Sosialisasi", indikator="Jumlah peserta\nJumlah kelas",
            satuan="Orang\nKelas", target_n="120\n4", pagu_n="5.000.000"),
    ]
    path = build(tmp_path / "a.xlsx", rows, columns=columns)
    book = load_workbook(path)
    sheet = book.active
    first = excel_row(0, 4)
    for col in ("A", "B", "C", "D", "E", "F", "K"):  # code, name and pagu merged over both indicator lines
        letter = col if col != "K" else column_letter("pagu_n", columns)
        sheet.merge_cells(f"{letter}{first}:{letter}{first + 1}")
    book.save(path)
    first_sub, second_sub = subs(read_workbook(path).document)
    assert [(i["uraian"], i["satuan"], i["target_n"]) for i in first_sub["indikator"]] == [
        ("Jumlah dokumen", "Dokumen", "3"), ("Jumlah rapat", "Kali", "12")]
    assert [(i["uraian"], i["satuan"], i["target_n"]) for i in second_sub["indikator"]] == [
        ("Jumlah peserta", "Orang", "120"), ("Jumlah kelas", "Kelas", "4")]


def test_a_name_wrapped_onto_the_next_row_continues_the_name_above(tmp_path):
    rows = sample_rows()
    rows.insert(6, row(uraian="(lanjutan nama)"))
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    assert subs(reading.document)[1]["nama"] == "Sosialisasi PUG (lanjutan nama)"
    (problem,) = problems_at(reading, excel_row(0, 6), column_letter("uraian"))
    assert "lanjutan nama" in problem.why


def test_a_formula_without_a_computed_value_is_reported(tmp_path):
    rows = sample_rows()
    rows[2]["pagu_n"] = "=SUM(L12:L13)"  # openpyxl writes the formula only: no spreadsheet ever computed it
    reading = read_workbook(build(tmp_path / "a.xlsx", rows))
    (problem,) = problems_at(reading, excel_row(0, 2), column_letter("pagu_n"))
    assert "rumus tanpa nilai" in problem.why
    assert "pagu_n" not in reading.document["renja"]["program"][0]["stated"]


def _in_thousands(rows):
    """The sample plan's amounts as a table printed in thousands of Rupiah writes them."""
    for data in rows:
        for key in ("pagu_n", "pagu_n1"):
            if data.get(key):
                rupiah = int(str(data[key]).replace("Rp ", "").replace(",00", "").replace(".", ""))
                data[key] = f"{rupiah // 1000:,}".replace(",", ".")
    return rows


@pytest.mark.parametrize("where", ["title", "header"])
def test_amounts_in_thousands_of_rupiah_are_stored_in_rupiah_and_the_column_is_noted(tmp_path, where):
    from .test_workbook_support import TITLE

    columns, title = TC33_COLUMNS, TITLE
    if where == "title":
        title = [*TITLE, "(dalam ribuan rupiah)"]
    else:
        columns = [(key, group, f"{label} (Rp 000)" if key in ("pagu_n", "pagu_n1") else label)
                   for key, group, label in TC33_COLUMNS]
    plain = read_workbook(build(tmp_path / "rupiah.xlsx", sample_rows()))
    reading = read_workbook(build(tmp_path / "ribuan.xlsx", _in_thousands(sample_rows()), columns=columns,
                                  title=title))
    expected = [int(str(s["pagu_n"]).replace("Rp ", "").replace(",00", "").replace(".", ""))
                for s in subs(plain.document)]
    assert [s["pagu_n"] for s in subs(reading.document)] == expected  # 750.000 (ribuan) → 750.000.000
    notes = [p for p in reading.problems if "ribuan rupiah" in p.why]
    assert {p.column for p in notes} == {column_letter("pagu_n"), column_letter("pagu_n1")}
    assert all("dikalikan 1.000" in p.why for p in notes)


def test_a_fraction_of_a_thousand_is_read_whole_and_a_fraction_of_a_rupiah_refused():
    from renja.exchange.workbook import cells

    assert cells.amount("1.500,5", scale=1000) == (1500500, None)
    assert cells.amount(2.25, scale=1_000_000) == (2250000, None)
    value, why = cells.amount("1,2345", scale=1000)
    assert value == "1,2345" and "bukan rupiah bulat" in why
    value, why = cells.amount("1.500,5")  # without the column's unit the same text is no amount of Rupiah
    assert value == "1.500,5" and why


@pytest.mark.parametrize("text, factor", [
    ("Pagu Indikatif (Rp 000)", 1000), ("Pagu (Rp. 000)", 1000), ("dalam ribuan rupiah", 1000),
    ("Kebutuhan Dana (Rp juta)", 1_000_000), ("(dalam jutaan rupiah)", 1_000_000), ("Pagu (000.000)", 1_000_000),
    ("Pagu Indikatif (Rp)", 1), ("Pagu Indikatif 2026", 1), ("Jumlah (Rp 1.000.000)", 1),
])
def test_a_header_names_the_unit_of_its_amounts(text, factor):
    from renja.exchange.workbook.headers import money_scale

    assert money_scale(text) == factor
