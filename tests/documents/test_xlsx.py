"""The XLSX renderer (renja/documents/render/xlsx.py) and the LibreOffice helper (render/libreoffice.py).

Small tables made by hand are written and read back with openpyxl: the formulas (data_only=False), their
cached values (data_only=True), the layout (merged header, frozen panes, print set-up), codes kept as text,
sheet names. The demo plan's tables are written whole and every computed cell checked. LibreOffice opens
and converts the workbook; it must be installed when RENJA_REQUIRE_LIBREOFFICE=1.
"""

import io
import os
import re
import shutil
from decimal import Decimal

import openpyxl
import pytest

from renja.documents import tables as tables_module
from renja.documents.render import libreoffice
from renja.documents.render.libreoffice import (
    LibreOfficeError,
    convert_with_libreoffice,
)
from renja.documents.render.xlsx import render_workbook, sheet_name
from renja.documents.tables import (
    CODE,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Add,
    Cell,
    Column,
    HeaderCell,
    InverseRatio,
    Latest,
    Ratio,
    Row,
    SumOf,
    Table,
    WeightedMean,
    cells,
    total_row,
)

# --- a small T-C.33-like table ---------------------------------------------------------------------------

COLUMNS = [
    Column("kode", CODE, 18),
    Column("uraian", TEXT, 40),
    Column("pagu", MONEY, 16),
    Column("realisasi", MONEY, 16),
    Column("persen", PERCENT, 10),
    Column("pagu_n1", MONEY, 16),
    Column("jumlah", MONEY, 16),
]
HEADER = [
    [HeaderCell("Kode", rowspan=2), HeaderCell("Program/Kegiatan/Sub Kegiatan", rowspan=2),
     HeaderCell("Tahun 2022", colspan=3), HeaderCell("Tahun 2023", rowspan=2), HeaderCell("Jumlah", rowspan=2)],
    [HeaderCell("Pagu (Rp)"), HeaderCell("Realisasi (Rp)"), HeaderCell("Realisasi (%)")],
]
FIRST_BODY = 7  # 2 title lines, a blank row, 2 header rows, the numbering row


def _body(kode, uraian, pagu, realisasi, pagu_n1, level):
    row = Row(cells(kode=kode, uraian=uraian, pagu=pagu, realisasi=realisasi, pagu_n1=pagu_n1), level=level)
    persen = None if not pagu else Decimal(realisasi) * 100 / Decimal(pagu)
    row.cells["persen"] = Cell(persen, Ratio("realisasi", "pagu"))
    jumlah = (pagu if isinstance(pagu, int) else 0) + pagu_n1
    row.cells["jumlah"] = Cell(jumlah, Add(("pagu", "pagu_n1")))
    return row


def small_table(table_id="T-C.33", sheet=""):
    rows = [
        Row(cells(kode="2.08.02", uraian="Program Pengarusutamaan Gender"), level=0, bold=True),  # 0
        _body("2.08.02.2.01", "Pelembagaan PUG", 1_000_000, 662_000, 500_000, 1),  # 1
        _body("2.08.02.2.01.0007", "Koordinasi dan Sinkronisasi", 3_000_000, 1_000_000, 20_000, 2),  # 2
        _body("2.08.02.2.01.0008", "Advokasi Kebijakan", 0, 0, 10_000, 2),  # 3: pagu 0, no ratio
        _body("2.08.02.2.02", "Pemberdayaan Perempuan", 2_500_000, 2_500_000, 0, 1),  # 4
    ]
    program = rows[0]
    for key in ("pagu", "realisasi", "pagu_n1"):  # the program sums rows 1, 2 and 4 (not 3): two runs
        program.cells[key] = Cell(sum(rows[i].value(key) for i in (1, 2, 4)), SumOf((1, 2, 4)))
    program.cells["persen"] = Cell(program.value("realisasi") * Decimal(100) / program.value("pagu"),
                                   Ratio("realisasi", "pagu"))
    rows.append(Row(cells(kode="2.08.02.2.02.0001", uraian="Teks dalam kolom uang", pagu="belum ditetapkan",
                          realisasi=None, pagu_n1=5_000), level=2))  # 5: a text in a money column
    rows.append(total_row(rows, ["pagu", "realisasi", "pagu_n1"], "uraian", of=(1, 2, 3, 4)))  # 6
    return Table(
        id=table_id,
        title=["Tabel T-C.33", "Rencana Program dan Kegiatan DPMPPA Kota Jambi Tahun 2022"],
        columns=COLUMNS,
        header=HEADER,
        rows=rows,
        numbering=["1", "2", "3", "4", "5=(4/3)", "6", "7=(3+6)"],
        notes=["Catatan: pagu dalam Rupiah."],
        sheet_name=sheet,
    )


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "renja.xlsx"
    render_workbook([small_table()], path, title="Renja DPMPPA Kota Jambi 2022", pd="DPMPPA Kota Jambi")
    return path


@pytest.fixture(scope="module")
def formulas(workbook_path):
    return openpyxl.load_workbook(workbook_path).worksheets[0]


@pytest.fixture(scope="module")
def values(workbook_path):
    return openpyxl.load_workbook(workbook_path, data_only=True).worksheets[0]


def test_sums_are_live_formulas_over_the_rows_they_add(formulas):
    program, total = FIRST_BODY, FIRST_BODY + 6
    assert formulas[f"C{program}"].value == "=SUM(C8:C9,C11)"
    assert formulas[f"D{program}"].value == "=SUM(D8:D9,D11)"
    assert formulas[f"F{program}"].value == "=SUM(F8:F9,F11)"
    assert formulas[f"C{total}"].value == "=SUM(C8:C11)"
    assert formulas[f"F{total}"].value == "=SUM(F8:F11)"


def test_ratios_and_additions_are_live_formulas_on_their_row(formulas):
    assert formulas["E8"].value == '=IF(OR(D8="",N(C8)=0),"",D8/C8*100)'
    assert formulas["E10"].value == '=IF(OR(D10="",N(C10)=0),"",D10/C10*100)'
    assert formulas["E7"].value == '=IF(OR(D7="",N(C7)=0),"",D7/C7*100)'
    assert formulas["G8"].value == "=C8+F8"
    assert formulas["G9"].value == "=C9+F9"


def test_cached_values_are_the_values_renja_computed(values):
    table = small_table()
    for index, row in enumerate(table.rows):
        for c, column in enumerate(table.columns):
            cell = row.cells.get(column.key)
            got = values.cell(FIRST_BODY + index, c + 1).value
            expected = None if cell is None else cell.value
            if expected is None or expected == "":
                assert got in (None, ""), (index, column.key, got)
            elif isinstance(expected, (int, Decimal)):
                assert got == pytest.approx(float(expected)), (index, column.key)
            else:
                assert got == expected, (index, column.key)
    assert values["C7"].value == 6_500_000
    assert values["E7"].value == pytest.approx(4_162_000 / 65_000)
    assert values["E10"].value in (None, "")  # pagu 0: the ratio is left blank


def test_codes_and_texts_stay_text(formulas, values):
    for ref in ("A7", "A8", "A9"):
        assert isinstance(values[ref].value, str)
        assert formulas[ref].number_format == "@"
    assert values["A7"].value == "2.08.02"
    assert values["A8"].value == "2.08.02.2.01"
    assert values["C12"].value == "belum ditetapkan"  # a text in a money column is written as text
    assert formulas["C12"].data_type == "s"


def test_number_formats(formulas):
    assert formulas["C8"].number_format == "#,##0"
    assert formulas["C7"].number_format == "#,##0"  # a formula cell too
    assert formulas["E8"].number_format == "#,##0.00"
    assert formulas["G8"].number_format == "#,##0"


def test_layout_titles_header_numbering_and_rows(formulas):
    merged = {str(r) for r in formulas.merged_cells.ranges}
    assert {"A1:G1", "A2:G2", "A4:A5", "B4:B5", "C4:E4", "F4:F5", "G4:G5"} <= merged
    assert formulas["A1"].value == "Tabel T-C.33"
    assert formulas["A1"].font.b
    assert formulas["C4"].value == "Tahun 2022"
    assert formulas["C5"].value == "Pagu (Rp)"
    for ref in ("A4", "C4", "C5"):
        cell = formulas[ref]
        assert cell.font.b and cell.alignment.horizontal == "center" and cell.alignment.wrap_text
        assert cell.border.left.style == "thin"
        assert cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert [formulas.cell(6, c).value for c in range(1, 8)] == ["1", "2", "3", "4", "5=(4/3)", "6", "7=(3+6)"]
    assert formulas["B7"].font.b  # a bold row
    assert not formulas["B8"].font.b
    assert formulas["B13"].value == "TOTAL" and formulas["B13"].font.b and formulas["C13"].font.b
    assert [formulas[f"B{r}"].alignment.indent for r in (7, 8, 9)] == [0, 1, 2]  # by level
    assert formulas["A9"].alignment.indent == 0  # only the name column is indented
    assert formulas["B8"].border.bottom.style == "thin" and formulas["B8"].alignment.wrap_text
    assert formulas["A15"].value == "Catatan: pagu dalam Rupiah."
    assert formulas.column_dimensions["B"].width == pytest.approx(40, abs=1)


def test_print_setup_and_frozen_panes(formulas):
    assert formulas.freeze_panes == "A7"  # below the header and the numbering row
    assert formulas.page_setup.orientation == "landscape"
    assert formulas.page_setup.paperSize in (9, "9")
    assert formulas.sheet_properties.pageSetUpPr.fitToPage
    assert formulas.page_setup.fitToWidth in (None, 1, "1")  # 1 is the default, left out of the file
    assert int(formulas.page_setup.fitToHeight) == 0
    assert formulas.print_title_rows == "$4:$6"
    assert "DPMPPA Kota Jambi" in formulas.oddHeader.left.text
    assert formulas.oddFooter.center.text == "Halaman &P dari &N"


def test_workbook_properties(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    assert book.properties.title == "Renja DPMPPA Kota Jambi 2022"
    assert book.properties.creator == "Renja"


def test_portrait_and_folio(tmp_path):
    table = small_table()
    table.landscape = False
    path = render_workbook([table], tmp_path / "p.xlsx", paper="F4")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.page_setup.orientation == "portrait"
    assert int(sheet.page_setup.paperSize) == 14


def test_sheet_names_are_valid_and_unique():
    long_id = "BAB II 2.1 Evaluasi [Renja]: Program/Kegiatan*? \\ sangat panjang sekali"
    tables = [small_table(long_id) for _ in range(12)] + [small_table("T-C.33", sheet="Rencana")] * 2
    book = openpyxl.load_workbook(render_workbook(tables, io.BytesIO()))
    names = book.sheetnames
    assert len(names) == 14 and len({n.lower() for n in names}) == 14
    for name in names:
        assert 0 < len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
    assert names[-2:] == ["Rencana", "Rencana (2)"]
    assert names[0].startswith("BAB II 2.1 Evaluasi")
    assert sheet_name("History") != "History"
    assert sheet_name("'kutip'") == "kutip"
    assert sheet_name("") == "Tabel"


def test_written_to_a_file_object():
    buffer = io.BytesIO()
    render_workbook([small_table()], buffer)
    assert buffer.getvalue()[:2] == b"PK"


# --- the other formula types and the fallback ------------------------------------------------------------

EVAL_COLUMNS = [
    Column("no", TEXT, 5), Column("indikator", TEXT, 30), Column("t1", NUMBER, 10), Column("t2", NUMBER, 10),
    Column("target", NUMBER, 10), Column("realisasi", NUMBER, 10), Column("capaian", PERCENT, 10),
    Column("pagu", MONEY, 14), Column("terakhir", TEXT, 12),
]


def eval_table():
    def row(no, t1, t2, target, realisasi, pagu, capaian_formula=None, capaian=None):
        values = cells(no=no, indikator=f"Indikator {no}", t1=t1, t2=t2, target=target, realisasi=realisasi,
                       pagu=pagu)
        values["capaian"] = Cell(capaian, capaian_formula)
        latest = next((v for v in (t2, t1) if v not in (None, "")), None)
        values["terakhir"] = Cell(latest, Latest(("t1", "t2")))
        return Row(values)

    rows = [
        row("1", 5, 7, 10, 8, 1_000, InverseRatio("realisasi", "target"), Decimal(120)),  # (20-8)/10
        row("2", 5, None, 0, 0, 3_000, InverseRatio("realisasi", "target"), Decimal(100)),  # target 0, R 0
        row("3", "lima", None, 4, 20, 0, InverseRatio("realisasi", "target"), Decimal(0)),  # not below 0
        row("4", None, None, 50, None, 2_000, Ratio("realisasi", "target"), None),  # no realisation
    ]
    weighted = (Decimal(120) * 1_000 + Decimal(100) * 3_000 + 0 * 0) / Decimal(4_000)
    rows.append(Row(cells(indikator="Rata-rata tertimbang", capaian=Cell(weighted, WeightedMean("capaian", "pagu",
                                                                                               (0, 1, 2))),
                          pagu=Cell(4_000, SumOf((0, 1, 2)))), kind="total"))
    rows.append(Row(cells(no="A", capaian=Cell(Decimal(50), Ratio("realisasi", "target")),
                          target="sepuluh", realisasi=5)))  # a text operand: no formula, the value
    rows.append(Row(cells(no="B", capaian=Cell(Decimal(99), Ratio("realisasi", "target")), target=10,
                          realisasi=5)))  # 5/10 is not 99: the formula would differ, so the value is written
    return Table("T-C.29", ["Evaluasi"], EVAL_COLUMNS, [[HeaderCell(c.key) for c in EVAL_COLUMNS]], rows,
                 landscape=False)


@pytest.fixture(scope="module")
def eval_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "eval.xlsx"
    render_workbook([eval_table()], path)
    return openpyxl.load_workbook(path).active, openpyxl.load_workbook(path, data_only=True).active


def test_inverse_ratio_weighted_mean_and_latest(eval_book):
    formulas, values = eval_book
    first = 4  # a title line, a blank row, one header row
    assert formulas[f"G{first}"].value == (
        '=IF(OR(F4="",E4=""),"",IF(N(E4)=0,IF(N(F4)=0,100,0),MAX(0,(2*E4-F4)/E4*100)))')
    assert formulas["G8"].value == '=IF(SUM(H4:H6)=0,"",(SUMPRODUCT(G4:G6,H4:H6))/SUM(H4:H6))'
    assert formulas["I4"].value == '=IF(D4<>"",D4,IF(C4<>"",C4,""))'
    assert formulas["G7"].value == '=IF(OR(F7="",N(E7)=0),"",F7/E7*100)'
    assert [values[f"G{r}"].value for r in (4, 5, 6)] == [120, 100, 0]
    assert values["G7"].value in (None, "")
    assert values["G8"].value == pytest.approx(105)
    assert [values[f"I{r}"].value for r in (4, 5, 6, 7)] == [7, 5, "lima", None]
    assert values["I6"].value == "lima"


def test_a_formula_that_would_disagree_is_written_as_the_value_with_a_comment(eval_book):
    formulas, values = eval_book
    for ref, value in (("G9", 50), ("G10", 99)):
        assert formulas[ref].value == value  # a number, not a formula
        assert values[ref].value == value
        assert "bukan rumus" in formulas[ref].comment.text


def test_an_unknown_formula_type_is_written_as_the_value_with_a_comment(tmp_path):
    class Median:  # a formula type the renderer does not know
        pass

    table = Table("X", [], [Column("a", MONEY)], [[HeaderCell("A")]],
                  [Row(cells(a=Cell(7, Median())))])
    sheet = openpyxl.load_workbook(render_workbook([table], tmp_path / "u.xlsx")).active
    assert sheet["A2"].value == 7
    assert "Median" in sheet["A2"].comment.text


def test_every_formula_type_of_tables_py_is_supported():
    """When a formula type is added to tables.py, the renderer must learn it (this test names it)."""
    known = {SumOf, Ratio, Add, WeightedMean, InverseRatio, Latest}
    declared = {value for name, value in vars(tables_module).items()
                if isinstance(value, type) and getattr(value, "__dataclass_params__", None)
                and value.__dataclass_params__.frozen}
    assert declared <= known, declared - known


# --- the demo plan ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_demo_table_is_written_with_its_computed_cells(demo_view, tmp_path):
    from renja.documents.builders import build_tables

    tables = build_tables(demo_view)
    if not tables:
        pytest.skip("belum ada builder")
    path = render_workbook(tables, tmp_path / "demo.xlsx", title="Renja demo", pd=demo_view.pd_nama)
    book = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    assert len(book.sheetnames) == len(tables)
    computed = 0
    for table, sheet, values in zip(tables, book.worksheets, cached.worksheets, strict=True):
        first = _first_body_row(sheet, table)
        for index, row in enumerate(table.rows):
            for c, column in enumerate(table.columns):
                cell = row.cells.get(column.key)
                if cell is None or cell.formula is None or isinstance(cell.value, str):
                    continue
                computed += 1
                written = sheet.cell(first + index, c + 1)
                got = values.cell(first + index, c + 1).value
                if cell.value is None:
                    assert got in (None, ""), (table.id, index, column.key)
                else:
                    assert got == pytest.approx(float(cell.value)), (table.id, index, column.key)
                if isinstance(cell.formula, SumOf):
                    assert str(written.value).startswith("="), (table.id, index, column.key)
    assert computed > 0


def _first_body_row(sheet, table):
    """The sheet row of the table's first body row: after titles, a blank row, header and numbering."""
    return len(table.title) + (1 if table.title else 0) + max(len(table.header), 1) + \
        (1 if table.numbering else 0) + 1


# --- LibreOffice -----------------------------------------------------------------------------------------


def _soffice_or_skip():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("RENJA_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) tidak terpasang, padahal RENJA_REQUIRE_LIBREOFFICE=1")
        pytest.skip("LibreOffice tidak terpasang")
    return found


def test_libreoffice_opens_and_converts_the_workbook(workbook_path, tmp_path):
    _soffice_or_skip()
    pdf = convert_with_libreoffice(workbook_path, "pdf", tmp_path / "pdf")
    assert pdf == (tmp_path / "pdf" / "renja.pdf").resolve()
    assert pdf.stat().st_size > 1000
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_libreoffice_missing_is_reported_in_indonesian(monkeypatch, workbook_path, tmp_path):
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    with pytest.raises(LibreOfficeError, match="LibreOffice tidak ditemukan"):
        convert_with_libreoffice(workbook_path, "pdf", tmp_path)


def test_libreoffice_failure_is_reported(tmp_path):
    with pytest.raises(LibreOfficeError, match="tidak ditemukan"):
        convert_with_libreoffice(tmp_path / "tidak-ada.xlsx", "pdf", tmp_path)
    _soffice_or_skip()
    source = render_workbook([small_table()], tmp_path / "a.xlsx")
    with pytest.raises(LibreOfficeError, match="gagal mengonversi a.xlsx ke taktersedia.*no export filter"):
        convert_with_libreoffice(source, "taktersedia", tmp_path / "out")


def test_libreoffice_timeout_is_reported(monkeypatch, tmp_path):
    """A program that never finishes is stopped at the time limit (a stand-in for a hung soffice)."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("RENJA_SOFFICE", str(fake))
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(LibreOfficeError, match="tidak selesai"):
        convert_with_libreoffice(source, "pdf", tmp_path / "out", timeout=1)
