"""The Renstra's own table "Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan" read from workbooks built here:
several indicator rows per item, merged year headers (absolute and "Tahun ke-n"), a missing unit column, an
unreadable amount and an ambiguous 0.286 named by cell, and the CLI load on a database without a Renstra."""

import json

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from renja.cli import app
from renja.core.errors import InputRefused
from renja.exchange.workbook import read_workbook
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Renja, Renstra, Sasaran
from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

TITLE = ["RENCANA PROGRAM, KEGIATAN, SUB KEGIATAN DAN PENDANAAN",
         "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK KOTA CONTOH", "RENSTRA 2019–2023"]
YEARS = (2019, 2020, 2021, 2022, 2023)


def columns(year_label=lambda i, y: f"Tahun {y}", unit=True):
    """(key, top header, year header or None, bottom header) per column; None where a header cell is merged."""
    cols = [("tujuan", "Tujuan", None, None), ("sasaran", "Sasaran", None, None), ("kode", "Kode", None, None),
            ("uraian", "Program/Kegiatan/Sub Kegiatan", None, None),
            ("indikator", "Indikator Kinerja Tujuan, Sasaran, Program (outcome) dan Kegiatan (output)", None, None),
            ("awal", "Data Capaian pada Tahun Awal Perencanaan", None, None)]
    for i, year in enumerate(YEARS, start=1):
        group = year_label(i, year)
        cols += [(f"t{year}", "Target Kinerja Program dan Kerangka Pendanaan", group, "Target"),
                 (f"rp{year}", "Target Kinerja Program dan Kerangka Pendanaan", group, "Rp")]
    cols += [("t_akhir", "Kondisi Kinerja pada Akhir Periode Renstra", None, "Target"),
             ("rp_akhir", "Kondisi Kinerja pada Akhir Periode Renstra", None, "Rp")]
    if unit:
        cols.append(("unit", "Unit Kerja Penanggung Jawab", None, None))
    cols.append(("lokasi", "Lokasi", None, None))
    return cols


def build(path, rows, *, cols=None, title=TITLE, numbering=True):
    """Title lines, a three-row header (groups merged across and down), the numbering row, then the rows."""
    cols = cols or columns()
    book = Workbook()
    ws = book.active
    ws.title = "Renstra"
    for line in title:
        ws.append([line])
    ws.append([])
    top = len(title) + 2
    for c, (_, first, middle, last) in enumerate(cols, start=1):
        ws.cell(top, c, first)
        if middle is None and last is None:
            ws.merge_cells(start_row=top, start_column=c, end_row=top + 2, end_column=c)
        elif middle is None:
            ws.cell(top + 2, c, last)
        else:
            ws.cell(top + 1, c, middle)
            ws.cell(top + 2, c, last)
    # merge the groups across: the top row over equal texts, the year row over its pair
    for row, index in ((top, 1), (top + 1, 2)):
        c = 1
        while c <= len(cols):
            end = c
            text = cols[c - 1][index]
            while text is not None and cols[c - 1][2 if index == 1 else 3] is not None and end < len(cols) \
                    and cols[end][index] == text:
                end += 1
            if end > c:
                ws.merge_cells(start_row=row, start_column=c, end_row=row, end_column=end)
                if index == 1 and cols[c - 1][2] is None:  # end-of-period group: over the year row too
                    ws.merge_cells(start_row=top + 1, start_column=c, end_row=top + 1, end_column=end)
            c = end + 1
    at = top + 3
    if numbering:
        for c in range(1, len(cols) + 1):
            ws.cell(at, c, c)
        at += 1
    keys = [k for k, *_ in cols]
    for data in rows:
        for key, value in data.items():
            if key in keys:
                ws.cell(at, keys.index(key) + 1, value)
        at += 1
    book.save(path)
    return path


def data_row(index, numbering=True):
    return len(TITLE) + 2 + 3 + (1 if numbering else 0) + index


def letter_of(key, cols=None):
    return get_column_letter([k for k, *_ in (cols or columns())].index(key) + 1)


def sample():
    program = {"kode": "2.08.02", "uraian": "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN",
               "tujuan": "Meningkatnya kesetaraan gender", "sasaran": "Meningkatnya IPG",
               "indikator": "Indeks Pembangunan Gender", "awal": "92,5", "t2019": "93", "t2020": "93,5",
               "t2021": "94", "t2022": "94,5", "t2023": "95", "t_akhir": "95",
               "rp2019": "1.000.000.000", "rp2020": 1100000000, "unit": "Bidang PUG", "lokasi": "Kota Contoh"}
    program_second = {"indikator": "Indeks Pemberdayaan Gender", "awal": "70", "t2019": "71", "t2023": "75",
                      "t_akhir": "75"}
    kegiatan = {"kode": "2.08.02.2.01", "uraian": "Pelembagaan PUG pada Lembaga Pemerintah Kewenangan Kota",
                "indikator": "Persentase PD yang responsif gender", "t2019": "60 %", "t2020": "70 %"}
    sub = {"kode": "2.08.02.2.01.0001", "uraian": "Koordinasi dan Sinkronisasi Perumusan Kebijakan PUG",
           "indikator": "Jumlah dokumen kebijakan", "awal": "2 Dokumen", "t2019": "3 Dokumen", "t2020": "3 Dokumen",
           "rp2019": "600.000.000", "rp2020": 650000000, "rp2021": "700.000.000", "lokasi": "Kota Contoh"}
    # the same code and name repeated on the item's second indicator row
    sub_second = {"kode": "2.08.02.2.01.0001", "uraian": "Koordinasi dan Sinkronisasi Perumusan Kebijakan PUG",
                  "indikator": "Jumlah rapat koordinasi", "t2019": "12 Kali", "t2020": "12 Kali"}
    sub_two = {"kode": "2.08.02.2.01.0002", "uraian": "Sosialisasi PUG", "indikator": "Jumlah peserta",
               "t2019": "120 Orang", "rp2019": 400000000, "rp2020": "450.000.000"}
    return [program, program_second, kegiatan, sub, sub_second, sub_two]


def matrix(reading):
    return reading.document["renstra"]["program"]


def test_reads_the_matrix_with_several_indicator_rows(tmp_path):
    reading = read_workbook(build(tmp_path / "renstra.xlsx", sample()))
    assert reading.layout == "renstra" and "renja" not in reading.document
    renstra = reading.document["renstra"]
    assert (renstra["periode_mulai"], renstra["periode_selesai"]) == (2019, 2023)
    (program,) = matrix(reading)
    assert program["kode"] == "2.08.02" and program["unit"] == "Bidang PUG"
    assert [i["uraian"] for i in program["indikator"]] == ["Indeks Pembangunan Gender", "Indeks Pemberdayaan Gender"]
    first = program["indikator"][0]
    assert first["kondisi_awal"] == "92,5" and first["kondisi_akhir"] == "95"
    assert first["target"] == {"2019": "93", "2020": "93,5", "2021": "94", "2022": "94,5", "2023": "95"}
    assert program["pagu"] == {"2019": "1.000.000.000", "2020": 1100000000}  # as written: text or number
    (kegiatan,) = program["kegiatan"]
    subs = kegiatan["sub_kegiatan"]
    assert [s["kode"] for s in subs] == ["2.08.02.2.01.0001", "2.08.02.2.01.0002"]
    assert [i["uraian"] for i in subs[0]["indikator"]] == ["Jumlah dokumen kebijakan", "Jumlah rapat koordinasi"]
    assert subs[0]["pagu"] == {"2019": "600.000.000", "2020": 650000000, "2021": "700.000.000"}
    assert subs[0]["lokasi"] == "Kota Contoh"
    # the Tujuan and Sasaran columns: tujuan → sasaran → the program written under it
    assert renstra["tujuan"] == [{"nomor": "1", "uraian": "Meningkatnya kesetaraan gender"}]
    assert renstra["sasaran"] == [{"nomor": "1", "tujuan": "1", "uraian": "Meningkatnya IPG"}]
    assert program["sasaran"] == ["1"]


def test_code_and_name_on_the_first_row_only(tmp_path):
    rows = sample()
    rows[4] = {k: v for k, v in rows[4].items() if k not in ("kode", "uraian")}
    reading = read_workbook(build(tmp_path / "renstra.xlsx", rows))
    sub = matrix(reading)[0]["kegiatan"][0]["sub_kegiatan"][0]
    assert [i["uraian"] for i in sub["indikator"]] == ["Jumlah dokumen kebijakan", "Jumlah rapat koordinasi"]
    assert sub["indikator"][1]["target"] == {"2019": "12 Kali", "2020": "12 Kali"}


def test_years_named_by_their_place_take_the_period_from_the_title(tmp_path):
    cols = columns(year_label=lambda i, y: f"Tahun ke-{i}")
    reading = read_workbook(build(tmp_path / "renstra.xlsx", sample(), cols=cols))
    assert (reading.document["renstra"]["periode_mulai"], reading.document["renstra"]["periode_selesai"]) == (2019, 2023)
    assert matrix(reading)[0]["indikator"][0]["target"]["2023"] == "95"
    cols = columns(year_label=lambda i, y: f"Tahun-{i}")
    path = build(tmp_path / "tanpa-judul.xlsx", sample(), cols=cols, title=["RENCANA PROGRAM DAN PENDANAAN"])
    with pytest.raises(InputRefused, match="periode Renstra tidak tertulis"):
        read_workbook(path)
    reading = read_workbook(path, year=2021)
    assert reading.document["renstra"]["periode_selesai"] == 2025
    assert matrix(reading)[0]["indikator"][0]["target"]["2025"] == "95"


def test_missing_unit_column_is_said_and_the_rest_read(tmp_path):
    cols = columns(unit=False)
    reading = read_workbook(build(tmp_path / "renstra.xlsx", sample(), cols=cols))
    assert "unit" not in matrix(reading)[0]
    assert any("tidak ada kolom unit kerja" in p.why for p in reading.problems)
    assert matrix(reading)[0]["lokasi"] == "Kota Contoh"


def test_unreadable_and_ambiguous_amounts_are_named_by_cell(tmp_path):
    rows = sample()
    rows[3]["rp2022"] = "enam ratus juta"
    rows[5]["rp2021"] = "0.286"
    rows[5]["t2020"] = "1.286"  # a target: 1286 or 1,286? (0.286 as a target can only be a decimal)
    reading = read_workbook(build(tmp_path / "renstra.xlsx", rows))
    by_cell = {(p.row, p.column): p for p in reading.problems}
    words = by_cell[(data_row(3), letter_of("rp2022"))]
    assert words.value == "enam ratus juta" and words.sheet == "Renstra"
    ambiguous = by_cell[(data_row(5), letter_of("rp2021"))]
    assert ambiguous.value == "0.286" and "ambigu" in ambiguous.why
    target = by_cell[(data_row(5), letter_of("t2020"))]
    assert "ambigu" in target.why
    sub = matrix(reading)[0]["kegiatan"][0]["sub_kegiatan"][1]
    assert sub["pagu"]["2021"] == "0.286"  # kept as written, never read as 286 or 0,286
    assert sub["indikator"][0]["target"]["2020"] == "1.286"


def test_a_tc33_table_is_not_read_as_a_renstra(tmp_path):
    from .test_workbook_support import build as build_tc33
    from .test_workbook_support import sample_rows

    reading = read_workbook(build_tc33(tmp_path / "tc33.xlsx", sample_rows()))
    assert reading.layout == "tc33" and "renja" in reading.document


@pytest.fixture
def pd_contoh(db):
    pemda = Pemda.objects.create(kode="99.01", nama="Kota Contoh", jenis="kota")
    return PerangkatDaerah.objects.create(pemda=pemda, kode="2.08.0.00.0.00.01.0000", nama="Dinas P3A Kota Contoh",
                                          singkatan="DP3A")


runner = CliRunner()


def test_cli_loads_the_matrix_for_the_pd_then_replaces_it(tmp_path, pd_contoh):
    path = build(tmp_path / "renstra.xlsx", sample())
    result = runner.invoke(app, ["load", str(path), "--pd", "DP3A", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["renja"] is None and data["renstra"]["periode_mulai"] == 2019
    assert data["workbook"]["layout"] == "renstra" and data["counts"]["renstra_baris"] == 4
    renstra = Renstra.objects.get(perangkat_daerah=pd_contoh)
    assert Renja.objects.count() == 0
    assert BarisRenstra.objects.filter(renstra=renstra, tingkat="sub_kegiatan").count() == 2
    pagu = PaguRenstra.objects.get(baris__kode="2.08.02.2.01.0001", tahun=2021)
    assert (pagu.pagu, pagu.pagu_teks) == (700000000, "700.000.000")
    assert IndikatorRenstra.objects.filter(baris__kode="2.08.02.2.01.0001").count() == 2
    assert TargetRenstra.objects.get(indikator__uraian="Indeks Pembangunan Gender", tahun=2022).teks == "94,5"

    # loaded again: refused without --replace, nothing changed
    result = runner.invoke(app, ["load", str(path), "--pd", "DP3A"])
    assert result.exit_code == 1 and "--replace" in result.output
    assert BarisRenstra.objects.count() == 4

    # the Renstra's tujuan and sasaran (read from the workbook's columns) stay when its matrix is replaced
    assert list(Sasaran.objects.filter(renstra=renstra).values_list("uraian", flat=True)) == ["Meningkatnya IPG"]
    rows = sample()[:2]
    path = build(tmp_path / "renstra-baru.xlsx", rows)
    result = runner.invoke(app, ["load", str(path), "--pd", "DP3A", "--replace"])
    assert result.exit_code == 0, result.output
    assert "diganti" in result.output
    assert BarisRenstra.objects.count() == 1 and Sasaran.objects.filter(renstra=renstra).count() == 1
    assert [s.uraian for s in BarisRenstra.objects.get().sasaran.all()] == ["Meningkatnya IPG"]


def test_cli_dry_run_and_check_of_a_renstra_workbook(tmp_path, pd_contoh):
    path = build(tmp_path / "renstra.xlsx", sample())
    result = runner.invoke(app, ["load", str(path), "--pd", "DP3A", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Uji muat" in result.output and BarisRenstra.objects.count() == 0
    result = runner.invoke(app, ["check", str(path), "--pd", "DP3A"])
    assert result.exit_code != 0 and "matriks Renstra" in result.output


def test_merged_item_cells_a_missing_parent_and_a_repeated_header(tmp_path):
    from openpyxl import load_workbook

    rows = sample()
    rows[4] = {k: v for k, v in rows[4].items() if k not in ("kode", "uraian")}
    rows.append({"kode": "2.08.03.2.01.0001", "uraian": "Sub kegiatan tanpa program dan kegiatannya",
                 "indikator": "Jumlah laporan", "t2019": "1 Laporan", "rp2019": 5000000})
    path = build(tmp_path / "renstra.xlsx", rows)
    book = load_workbook(path)
    ws = book.active
    # the sub kegiatan's code, name and Rp 2019 merged down over its two indicator rows
    for key in ("kode", "uraian", "rp2019"):
        col = [k for k, *_ in columns()].index(key) + 1
        ws.merge_cells(start_row=data_row(3), start_column=col, end_row=data_row(4), end_column=col)
    # the header printed again (a page break) before the last row: its three rows copied below the data
    last = ws.max_row
    ws.insert_rows(last, 3)
    for offset in range(3):
        for c in range(1, ws.max_column + 1):
            ws.cell(last + offset, c, ws.cell(len(TITLE) + 2 + offset, c).value)
    top = len(TITLE) + 2
    for cells_ in list(ws.merged_cells.ranges):  # with its merged groups, as a printout repeats it
        if top <= cells_.min_row and cells_.max_row <= top + 2:
            ws.merge_cells(start_row=cells_.min_row - top + last, start_column=cells_.min_col,
                           end_row=cells_.max_row - top + last, end_column=cells_.max_col)
    book.save(path)
    reading = read_workbook(path)
    programs = matrix(reading)
    sub = programs[0]["kegiatan"][0]["sub_kegiatan"][0]
    assert len(sub["indikator"]) == 2 and sub["pagu"]["2019"] == "600.000.000"
    # its program and kegiatan were not written: made from the code, without a name, and said
    assert [p["kode"] for p in programs] == ["2.08.02", "2.08.03"] and programs[1]["nama"] is None
    assert programs[1]["kegiatan"][0]["sub_kegiatan"][0]["pagu"] == {"2019": 5000000}
    assert any("dibuat tanpa nama" in p.why for p in reading.problems)
    # the repeated header is skipped, all three rows of it
    assert not any("kode tidak terbaca" in p.why or "tidak berisi angka" in p.why for p in reading.problems)


def test_the_upload_of_a_renja_refuses_a_renstra_workbook(tmp_path, pd_contoh):
    from renja.exchange.imports import read_upload

    path = build(tmp_path / "renstra.xlsx", sample())
    with pytest.raises(InputRefused, match="matriks Renstra"):
        read_upload(path, pd=pd_contoh, tahun=2022, tahap="rancangan")
    assert Renja.objects.count() == 0 and BarisRenstra.objects.count() == 0


def test_a_matrix_in_thousands_of_rupiah_is_read_in_rupiah_and_noted_once_per_column(tmp_path):
    rows = sample()
    for data in rows:
        for key in [k for k in data if k.startswith("rp")]:
            data[key] = int(str(data[key]).replace(".", "")) // 1000  # 600.000.000 printed as 600.000
    reading = read_workbook(build(tmp_path / "ribuan.xlsx", rows, title=[*TITLE, "(dalam ribuan rupiah)"]))
    (program,) = matrix(reading)
    assert program["pagu"] == {"2019": 1000000000, "2020": 1100000000}
    sub = program["kegiatan"][0]["sub_kegiatan"][0]
    assert sub["pagu"] == {"2019": 600000000, "2020": 650000000, "2021": 700000000}
    notes = [p for p in reading.problems if "ribuan rupiah" in p.why]
    assert sorted(p.column for p in notes) == sorted({letter_of(f"rp{y}") for y in (2019, 2020, 2021)})


def test_tujuan_and_sasaran_merged_down_with_their_own_indicator_rows_are_loaded(tmp_path, pd_contoh):
    """Two sasaran of one tujuan, each written on an indicator row of its own (no code) and merged down over the
    programs serving it; loaded as tujuan → sasaran → programs, then the matrix replaced keeps what is there."""
    from openpyxl import load_workbook

    from renja.plans.models import IndikatorKinerja, Tujuan
    from renja.renstra.models import BarisRenstra as Baris

    tujuan = "Meningkatnya kualitas hidup perempuan dan anak"
    rows = [
        {"tujuan": tujuan, "sasaran": "Meningkatnya IPG", "indikator": "Indeks Pembangunan Gender", "awal": "90",
         "t2019": "91", "t2023": "95"},
        {"kode": "2.08.02", "uraian": "PROGRAM PENGARUSUTAMAAN GENDER", "indikator": "Persentase PD responsif",
         "t2019": "50 %"},
        {"kode": "2.08.02.2.01.0001", "uraian": "Koordinasi PUG", "indikator": "Jumlah dokumen", "t2019": "1 Dokumen",
         "rp2019": "100.000.000"},
        {"sasaran": "Meningkatnya KLA", "indikator": "Nilai KLA", "awal": "600", "t2019": "650"},
        {"indikator": "Persentase kecamatan layak anak", "t2019": "20 %"},
        {"kode": "2.08.07", "uraian": "PROGRAM PEMENUHAN HAK ANAK", "indikator": "Persentase anak terlindungi",
         "t2019": "70 %"},
        {"kode": "2.08.07.2.01.0001", "uraian": "Fasilitasi KLA", "indikator": "Jumlah kecamatan",
         "t2019": "2 Kecamatan", "rp2019": "50.000.000"},
    ]
    path = build(tmp_path / "renstra.xlsx", rows)
    book = load_workbook(path)
    ws = book.active
    for key, first, last in (("tujuan", 0, 6), ("sasaran", 0, 2), ("sasaran", 3, 6)):
        col = [k for k, *_ in columns()].index(key) + 1
        ws.merge_cells(start_row=data_row(first), start_column=col, end_row=data_row(last), end_column=col)
    book.save(path)
    reading = read_workbook(path)
    renstra = reading.document["renstra"]
    assert [t["uraian"] for t in renstra["tujuan"]] == [tujuan]
    assert [(s["nomor"], s["tujuan"], s["uraian"]) for s in renstra["sasaran"]] == [
        ("1", "1", "Meningkatnya IPG"), ("2", "1", "Meningkatnya KLA")]
    assert [i["uraian"] for i in renstra["sasaran"][1]["indikator"]] == ["Nilai KLA", "Persentase kecamatan layak anak"]
    assert renstra["sasaran"][0]["indikator"][0] == {"uraian": "Indeks Pembangunan Gender",
                                                     "baseline": {"nilai": "90"},
                                                     "target": {"2019": "91", "2023": "95"}}
    assert [(p["kode"], p["sasaran"]) for p in renstra["program"]] == [("2.08.02", ["1"]), ("2.08.07", ["2"])]
    # the program's own indicator is its own, not the sasaran's
    assert [i["uraian"] for i in renstra["program"][1]["indikator"]] == ["Persentase anak terlindungi"]

    result = runner.invoke(app, ["load", str(path), "--pd", "DP3A"])
    assert result.exit_code == 0, result.output
    loaded = Renstra.objects.get(perangkat_daerah=pd_contoh)
    kla = Sasaran.objects.get(renstra=loaded, uraian="Meningkatnya KLA")
    assert kla.tujuan.uraian == tujuan
    assert [p.kode for p in kla.program_renstra.all()] == ["2.08.07"]
    assert IndikatorKinerja.objects.filter(sasaran=kla).count() == 2
    # an IKU of the Renstra, then the matrix replaced from the same workbook: goals matched by text, nothing lost
    IndikatorKinerja.objects.create(renstra=loaded, jenis="iku", sasaran=kla, uraian="Nilai KLA (IKU)")
    result = runner.invoke(app, ["load", str(path), "--pd", "DP3A", "--replace"])
    assert result.exit_code == 0, result.output
    assert Tujuan.objects.filter(renstra=loaded).count() == 1 and Sasaran.objects.filter(renstra=loaded).count() == 2
    assert IndikatorKinerja.objects.filter(renstra=loaded, jenis="iku").count() == 1
    assert [p.kode for p in Sasaran.objects.get(pk=kla.pk).program_renstra.all()] == ["2.08.07"]
    assert Baris.objects.filter(renstra=loaded).count() == 6  # two kegiatan made from their sub kegiatan codes
