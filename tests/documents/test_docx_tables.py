"""The tables of the DOCX (render/docx/tables.py), whose rows are written as XML directly: read back with
python-docx, they hold the same text, merges, shading, widths and page-keeping as python-docx would write."""

from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn

from renja.documents.assemble import PlacedTables, document_outline
from renja.documents.render.docx import render_document
from renja.documents.tables import CODE, MONEY, NUMBER, PERCENT, TEXT, Column, HeaderCell, Row, Table, cells

from .test_docx import ERRORS, _plan

ODD_TEXT = "  tab\tdan\rcr  & <b> \"kutip\""


def _odd_table(copies=1):
    columns = [Column("kode", CODE, 10), Column("uraian", TEXT, 40), Column("a", MONEY, 12),
               Column("b", PERCENT, 8), Column("c", NUMBER, 8), Column("d", TEXT, 10)]
    header = [[HeaderCell("Kode", rowspan=3), HeaderCell("Uraian &\nrincian <x>", rowspan=2, colspan=2),
               HeaderCell("Grup", colspan=3)],
              [HeaderCell("B"), HeaderCell("C"), HeaderCell("D")],
              [HeaderCell("U1")]]  # the last two columns of the third header row are holes
    rows = [Row(cells(kode="1", uraian="baris\ndua", a=12_239_200_000, b=Decimal("6.62"), c=Decimal("0.0207"),
                      d=ODD_TEXT)),
            Row(cells(kode="1.02.03", uraian="Sub", a=Decimal("1.5")), level=2, kind="section"),
            Row(cells(uraian="TOTAL", a=1), bold=True, kind="total", note="catatan baris")] * copies
    return Table(id=f"ODD-{copies}", title=["Tabel aneh"], columns=columns, header=header, rows=rows,
                 numbering=["1", "2", "3"], notes=["catatan tabel"], landscape=False)


def _wide_table():
    """22 money columns: too wide for a landscape page at 8 pt, so the font goes down in half points."""
    columns = [Column(f"k{i}", MONEY, 14) for i in range(22)]
    header = [[HeaderCell(f"Kolom {i} panjang") for i in range(22)]]
    rows = [Row(cells(**{f"k{i}": 123_456_789_012 + i for i in range(22)}))]
    return Table(id="LEBAR", title=["lebar"], columns=columns, header=header, rows=rows, landscape=True)


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    view = _plan()
    placed = [PlacedTables("T-C.33", "3.3", [_odd_table(), _odd_table(copies=10), _wide_table()])]
    path = render_document(view, tmp_path_factory.mktemp("docx") / "tabel.docx",
                           outline=document_outline(view, placed, ERRORS))
    document = Document(str(path))
    by_title = {}
    for table in document.tables:
        text = table._tbl.xml
        key = "LEBAR" if "Kolom 0 panjang" in text else ("ODD-10" if len(table.rows) > 20 else "ODD-1")
        by_title.setdefault(key, table)
    return by_title


def test_cell_text_is_read_back_as_written(tables):
    table = tables["ODD-1"]
    first = table.rows[4].cells  # 3 header rows, the numbering row, then the body
    assert [c.text for c in first] == ["1", "baris\ndua", "12.239.200.000", "6,62", "0,0207",
                                       ODD_TEXT.replace("\r", "\n")]
    assert len(first[1].paragraphs) == 2  # a line of the value is a paragraph of the cell
    assert [c.text for c in table.rows[6].cells][:3] == ["", "TOTAL", "1"]
    assert table.rows[0].cells[1].text == "Uraian &\nrincian <x>"


def test_merged_header_is_a_consistent_grid(tables):
    tbl = tables["ODD-1"]._tbl
    rows = tbl.tr_lst
    for tr in rows:
        assert sum(tc.grid_span for tc in tr.tc_lst) == 6
    first, second, third = rows[:3]
    assert [tc.grid_span for tc in first.tc_lst] == [1, 2, 3]
    assert [tc.vMerge for tc in first.tc_lst] == ["restart", "restart", None]
    assert [(tc.grid_span, tc.vMerge) for tc in second.tc_lst][:2] == [(1, "continue"), (2, "continue")]
    assert [(tc.grid_span, tc.vMerge) for tc in third.tc_lst][:3] == [(1, "continue"), (1, None), (1, None)]
    # python-docx sees a merged cell as one cell on every grid position it covers
    table = tables["ODD-1"]
    assert table.cell(0, 0)._tc is table.cell(2, 0)._tc and table.cell(0, 1)._tc is table.cell(1, 2)._tc
    for tr in rows[:4]:
        assert tr.trPr.find(qn("w:tblHeader")) is not None
        assert {tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for tc in tr.tc_lst} == {"D9D9D9"}
    # a merged cell is as wide as the columns it covers
    widths = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.iter(qn("w:gridCol"))]
    assert abs(first.tc_lst[2].width.twips - sum(widths[3:6])) <= 1


def test_totals_and_sections_are_shaded_and_bold_and_labels_indented(tables):
    rows = tables["ODD-1"]._tbl.tr_lst
    section, total = rows[5], rows[6]
    assert {tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for tc in section.tc_lst} == {"EDEDED"}
    assert {tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for tc in total.tc_lst} == {"F2F2F2"}
    assert rows[4].tc_lst[0].tcPr.find(qn("w:shd")) is None
    assert all(r.find(qn("w:rPr")).find(qn("w:b")) is not None for r in total.iter(qn("w:r")))
    indent = section.tc_lst[1].find(qn("w:p")).pPr.find(qn("w:ind"))
    assert int(indent.get(qn("w:left"))) == 340  # 0.6 cm at level 2
    jc = rows[4].tc_lst[2].find(qn("w:p")).pPr.find(qn("w:jc"))
    assert jc.get(qn("w:val")) == "right"  # money


def test_short_tables_keep_together_and_long_ones_may_break(tables):
    short = tables["ODD-1"]._tbl.tr_lst
    for tr in short:
        assert tr.trPr.find(qn("w:cantSplit")) is not None
    # every row keeps with the next; the last one too, because the notes come under it
    for tr in short:
        assert all(p.pPr.find(qn("w:keepNext")) is not None for p in tr.iter(qn("w:p")))
    long = tables["ODD-10"]._tbl.tr_lst
    body = long[4:]
    assert len(body) == 30
    assert all(tr.trPr is None for tr in body)
    assert all(p.pPr.find(qn("w:keepNext")) is None for tr in body[:-1] for p in tr.iter(qn("w:p")))
    assert all(p.pPr.find(qn("w:keepNext")) is not None for p in body[-1].iter(qn("w:p")))


def test_a_shrunk_table_writes_whole_half_points(tables):
    tbl = tables["LEBAR"]._tbl
    sizes = {sz.get(qn("w:val")) for sz in tbl.iter(qn("w:sz"))}
    assert len(sizes) == 1
    [size] = sizes
    assert size.isdigit() and int(size) < 16  # smaller than 8 pt, and a valid w:sz (no "13.0")
