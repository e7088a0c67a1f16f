"""The whole document: its outline (renja/documents/assemble.py), the DOCX (render/docx.py) read back with
python-docx, and the PDF (LibreOffice) read back with pdftotext.

Tests that need LibreOffice are skipped when it is not installed, and fail instead when
RENJA_REQUIRE_LIBREOFFICE=1 (CI sets it where LibreOffice must be present)."""

import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from renja.core.numbers import format_rupiah
from renja.core.words import terbilang
from renja.documents.assemble import (
    APPENDIX_TITLE,
    AmountInWords,
    Closing,
    Contents,
    Cover,
    Heading,
    PlacedTables,
    TablePart,
    builder_tables,
    document_outline,
    headings,
    table_parts,
)
from renja.documents.render.docx import (
    TOC_PLACEHOLDER,
    _column_widths,
    cell_text,
    header_grid,
    heading_pages,
    render_document,
    render_pdf,
)
from renja.documents.render.libreoffice import find_soffice
from renja.documents.tables import (
    CODE,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    HeaderCell,
    Row,
    SumOf,
    Table,
    cells,
    total_row,
)
from renja.plans.view import Node, PlanView, Section
from renja.rules.engine import Finding

BABS = ["I", "II", "III", "IV", "V"]


# --- a plan made by hand -----------------------------------------------------------------------------------


def _plan():
    subs = [("2.08.02.2.01.0001", "Sub A", 5_000_000_000), ("2.08.02.2.01.0002", "Sub B", 7_239_200_000)]
    program = Node("program", kode="2.08.02", nama="Program Contoh")
    kegiatan = Node("kegiatan", kode="2.08.02.2.01", nama="Kegiatan Contoh", parent=program)
    program.children.append(kegiatan)
    for kode, nama, pagu in subs:
        kegiatan.children.append(Node("sub_kegiatan", kode=kode, nama=nama, pagu_n=pagu, parent=kegiatan))
    sections = [
        Section("I", "", "PENDAHULUAN", ""),
        Section("I", "1.1.", "LATAR BELAKANG", "Paragraf pertama\nyang berlanjut.\n\n- butir satu\n- butir dua"),
        Section("I", "1.2.", "LANDASAN HUKUM", "1. Undang-Undang Nomor 23 Tahun 2014."),
        Section("II", "", "EVALUASI PELAKSANAAN RENJA TAHUN LALU", ""),
        Section("II", "2.1", "EVALUASI PELAKSANAAN RENJA", "Teks 2.1."),
        Section("II", "2.2.", "ANALISIS KINERJA PELAYANAN", ""),
        Section("II", "2.2.1", "PENGUKURAN KINERJA", "Teks 2.2.1."),
        Section("II", "2.2.2", "INDIKATOR KINERJA", "Teks 2.2.2."),
        Section("II", "2.4", "REVIU RANCANGAN AWAL RKPD", "Teks 2.4."),
        Section("III", "", "TUJUAN DAN SASARAN", ""),
        Section("III", "3.3", "PROGRAM DAN KEGIATAN", "Teks 3.3."),
        Section("IV", "", "RENCANA KERJA DAN PENDANAAN", "Teks BAB IV."),
        Section("V", "", "PENUTUP", "Teks penutup."),
    ]
    return PlanView(pd_nama="Dinas Contoh Kota Contoh", pd_singkatan="DC", pemda_nama="Kota Contoh", tahun=2024,
                    tahap="final", judul="RENCANA KERJA (RENJA) DINAS CONTOH TAHUN 2024",
                    tempat_tanggal="Contoh, Juli 2023", penandatangan="KEPALA DINAS CONTOH Budi",
                    programs=[program], sections=sections)


def _plan_table(view, landscape=True):
    """A T-C.33-like table over the hand-made plan: merged header, numbering row, levels, a TOTAL."""
    columns = [Column("kode", CODE, 14), Column("uraian", TEXT, 40), Column("pagu", MONEY, 16),
               Column("persen", PERCENT, 8), Column("jumlah", NUMBER, 8)]
    header = [[HeaderCell("Kode", rowspan=2), HeaderCell("Program/Kegiatan/Sub Kegiatan", rowspan=2),
               HeaderCell(f"Rencana Tahun {view.tahun}", colspan=3)],
              [HeaderCell("Pagu Indikatif"), HeaderCell("%"), HeaderCell("Jumlah")]]
    rows = []
    for program in view.programs:
        rows.append(Row(cells(kode=program.kode, uraian=program.nama, pagu=program.total_n), level=0, bold=True,
                        kind="section"))
        for kegiatan in program.children:
            rows.append(Row(cells(kode=kegiatan.kode, uraian=kegiatan.nama, pagu=kegiatan.total_n), level=1,
                            bold=True, kind="section"))
            for sub in kegiatan.children:
                rows.append(Row(cells(kode=sub.kode, uraian=sub.nama, pagu=sub.pagu_n, persen=Decimal("6.62"),
                                      jumlah=Decimal("0.0207")), level=2))
    body = tuple(i for i, r in enumerate(rows) if r.kind == "body")
    rows.append(total_row(rows, ["pagu"], "uraian", of=body))
    return Table(id="T-C.33", title=["Tabel T-C.33", f"Rencana Program {view.tahun}"], columns=columns,
                 header=header, rows=rows, numbering=["1", "2", "3", "4", "5"], landscape=landscape)


def _small_table(table_id, landscape=False):
    columns = [Column("no", TEXT, 5), Column("uraian", TEXT, 40)]
    return Table(id=table_id, title=[table_id], columns=columns, header=[[HeaderCell("No"), HeaderCell("Uraian")]],
                 rows=[Row(cells(no="1", uraian=f"Isi {table_id}"))], landscape=landscape)


def _tables(view):
    return [
        PlacedTables("BAB II", "2.1", [_small_table("Evaluasi A", landscape=True), _small_table("Evaluasi B")]),
        PlacedTables("T-C.30", "2.2", [_small_table("T-C.30", landscape=True)]),
        PlacedTables("T-C.29", "2.3", [_small_table("T-C.29")]),  # no section 2.3: end of BAB II
        PlacedTables("T-C.33", "3.3", [_plan_table(view)]),
        PlacedTables("Tabel 4.1", "IV", [_small_table("Tabel 4.1")]),
        PlacedTables("Temuan", "lampiran", [_small_table("Temuan", landscape=True)]),
    ]


ERRORS = [Finding("SUM-X", "error", "T-C.33", None, None, "salah"),
          Finding("SUM-Y", "error", "T-C.33", None, None, "salah lagi"),
          Finding("INFO-Z", "warning", "BAB I", None, None, "catatan")]


def _kinds(outline):
    names = []
    for part in outline:
        if isinstance(part, Heading):
            names.append(f"H{part.level}:{part.nomor or part.bab}")
        elif isinstance(part, TablePart):
            names.append(f"T:{part.table.id}")
        else:
            names.append(type(part).__name__)
    return names


# --- the outline -------------------------------------------------------------------------------------------


def test_outline_puts_every_part_in_document_order():
    view = _plan()
    outline = document_outline(view, _tables(view), findings=ERRORS)
    assert _kinds(outline) == [
        "Cover", "Contents",
        "H1:I", "H2:1.1.", "Text", "H2:1.2.", "Text",
        "H1:II", "H2:2.1", "Text", "T:Evaluasi A", "T:Evaluasi B",
        "H2:2.2.", "H3:2.2.1", "Text", "H3:2.2.2", "Text", "T:T-C.30",  # after 2.2 and its subsections
        "H2:2.4", "Text", "T:T-C.29",  # section 2.3 is not written: the end of BAB II
        "H1:III", "H2:3.3", "Text", "T:T-C.33", "AmountInWords",
        "H1:IV", "Text", "T:Tabel 4.1",
        "H1:V", "Text", "Closing",
        "H1:lampiran", "T:Temuan",
    ]
    assert [h.text for h in headings(outline, 1)] == [
        "BAB I PENDAHULUAN", "BAB II EVALUASI PELAKSANAAN RENJA TAHUN LALU", "BAB III TUJUAN DAN SASARAN",
        "BAB IV RENCANA KERJA DAN PENDANAAN", "BAB V PENUTUP", APPENDIX_TITLE]
    cover = outline[0]
    assert isinstance(cover, Cover) and cover.errors == 2
    assert cover.warning == "Dokumen ini memuat 2 kesalahan pemeriksa; lihat Lampiran"
    assert isinstance(outline[1], Contents)
    closing = next(p for p in outline if isinstance(p, Closing))
    assert closing.tempat_tanggal == "Contoh, Juli 2023" and closing.penandatangan == "KEPALA DINAS CONTOH Budi"


def test_amount_in_words_is_computed_and_goes_to_bab_iv_without_t_c_33():
    view = _plan()
    tables = [p for p in _tables(view) if p.builder != "T-C.33"]
    outline = document_outline(view, tables, findings=[])
    kinds = _kinds(outline)
    assert kinds[kinds.index("H1:IV"):kinds.index("H1:V")] == ["H1:IV", "Text", "T:Tabel 4.1", "AmountInWords"]
    amount = next(p for p in outline if isinstance(p, AmountInWords))
    assert amount.amount == 12_239_200_000 == view.total_n
    assert amount.text == ("Total pagu indikatif tahun 2024: Rp 12.239.200.000 "
                           "(Dua Belas Miliar Dua Ratus Tiga Puluh Sembilan Juta Dua Ratus Ribu Rupiah)")
    assert outline[0].errors == 0 and outline[0].warning == ""


def test_chapters_are_always_five_and_the_appendix_is_never_empty():
    view = PlanView(pd_nama="Dinas Kosong", tahun=2024)
    outline = document_outline(view, [], findings=[])
    assert [h.text for h in headings(outline, 1)] == [
        "BAB I PENDAHULUAN", "BAB II HASIL EVALUASI RENJA PERANGKAT DAERAH TAHUN LALU",
        "BAB III TUJUAN DAN SASARAN PERANGKAT DAERAH", "BAB IV RENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH",
        "BAB V PENUTUP", APPENDIX_TITLE]
    appendix = table_parts(outline)[-1]
    assert appendix.section == "lampiran"
    assert appendix.table.rows[0].value("pesan") == "Tidak ada temuan pemeriksa."


def test_a_builder_at_an_unknown_place_is_not_lost():
    view = _plan()
    outline = document_outline(view, [PlacedTables("X", "entah", [_small_table("X")])], findings=[])
    kinds = _kinds(outline)
    assert kinds.index("T:X") > kinds.index("H1:lampiran")


def test_builder_tables_calls_every_registered_builder_in_order(demo_view):
    placed = builder_tables(demo_view)
    assert [p.builder for p in placed][:1] and all(p.section for p in placed)
    assert "T-C.33" in [p.builder for p in placed]
    ids = [t.id for p in placed for t in p.tables]
    from renja.documents.builders import build_tables

    assert ids == [t.id for t in build_tables(demo_view)]


# --- numbers and layout helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize("value, kind, text", [
    (12_239_200_000, MONEY, "12.239.200.000"),
    (Decimal("6.62"), PERCENT, "6,62"),
    (Decimal("100"), PERCENT, "100,00"),
    (Decimal("0.0207"), NUMBER, "0,0207"),
    (7, NUMBER, "7"),
    (12500, NUMBER, "12.500"),
    ("275.884.120.", MONEY, "275.884.120."),  # as written, when it could not be read
    (None, MONEY, ""),
    ("2.08.02", CODE, "2.08.02"),
])
def test_cells_are_written_the_indonesian_way(value, kind, text):
    assert cell_text(value, kind) == text


def test_header_grid_places_spans_like_the_official_layout():
    header = [[HeaderCell("Kode", rowspan=2), HeaderCell("Uraian", rowspan=2), HeaderCell("Rencana", colspan=3)],
              [HeaderCell("Pagu"), HeaderCell("%"), HeaderCell("Jumlah")]]
    assert header_grid(header, 5) == [(0, 0, 2, 1, "Kode"), (0, 1, 2, 1, "Uraian"), (0, 2, 1, 3, "Rencana"),
                                      (1, 2, 1, 1, "Pagu"), (1, 3, 1, 1, "%"), (1, 4, 1, 1, "Jumlah")]


def test_column_widths_fill_the_page_and_keep_their_minimum():
    columns = [Column("a", TEXT, 1), Column("b", TEXT, 99)]
    widths = _column_widths(columns, 1_000_000, [300_000, 10_000])
    assert widths[0] == 250_000  # at most a quarter of the width
    assert abs(sum(widths) - 1_000_000) <= 2


def test_a_table_too_wide_for_its_minimums_keeps_its_numbers_whole_and_narrows_its_text():
    cm = 360_000  # EMU
    columns = [Column("kode", TEXT, 10), Column("uraian", TEXT, 30)] + [
        Column(f"rp{i}", MONEY, 15) for i in range(3)] + [Column("persen", PERCENT, 8)]
    minimums = [2 * cm, 5 * cm, 3 * cm, 3 * cm, 3 * cm, int(1.5 * cm)]  # uraian capped at a quarter: 16,5 cm
    widths = _column_widths(columns, 16 * cm, minimums)
    assert widths[2:] == [3 * cm, 3 * cm, 3 * cm, int(1.5 * cm)]  # the numbers keep what they need
    # the text shares the 5,5 cm left, half by width (1/4, 3/4), half by minimum (2 of 6, 4 of 6)
    rest = 5.5 * cm
    assert widths[0] == int(rest * (0.25 + 1 / 3) / 2) and widths[1] == int(rest * (0.75 + 2 / 3) / 2)


# --- the DOCX read back --------------------------------------------------------------------------------------


def _body_sections(document):
    """Each block (paragraph or table) of the body with the index of the section it belongs to."""
    body = document.element.body
    index, blocks = 0, []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            blocks.append((child, index))
        elif child.tag == qn("w:p"):
            blocks.append((child, index))
            if child.find(qn("w:pPr")) is not None and child.find(qn("w:pPr")).find(qn("w:sectPr")) is not None:
                index += 1
    return blocks


def _table_text(tbl):
    return ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tbl.iter(qn("w:tc"))]


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.fixture(scope="module")
def hand_docx(tmp_path_factory):
    view = _plan()
    path = render_document(view, tmp_path_factory.mktemp("docx") / "renja.docx", _tables(view), ERRORS)
    return view, Document(str(path)), path


def test_docx_has_the_chapters_sections_and_appendix_in_order(hand_docx):
    view, document, _ = hand_docx
    assert _headings(document, 1) == [
        "BAB I PENDAHULUAN", "BAB II EVALUASI PELAKSANAAN RENJA TAHUN LALU", "BAB III TUJUAN DAN SASARAN",
        "BAB IV RENCANA KERJA DAN PENDANAAN", "BAB V PENUTUP", APPENDIX_TITLE]
    assert _headings(document, 2) == ["1.1. LATAR BELAKANG", "1.2. LANDASAN HUKUM", "2.1 EVALUASI PELAKSANAAN RENJA",
                                      "2.2. ANALISIS KINERJA PELAYANAN", "2.4 REVIU RANCANGAN AWAL RKPD",
                                      "3.3 PROGRAM DAN KEGIATAN"]
    assert _headings(document, 3) == ["2.2.1 PENGUKURAN KINERJA", "2.2.2 INDIKATOR KINERJA"]
    texts = [p.text for p in document.paragraphs]
    # Blank lines separate paragraphs; a broken line joins its paragraph; list lines stay lines.
    assert "Paragraf pertama yang berlanjut." in texts
    assert "- butir satu" in texts and "- butir dua" in texts
    assert "Teks penutup." in texts and "Contoh, Juli 2023" in texts


def test_docx_cover_and_warning(hand_docx):
    _, document, _ = hand_docx
    texts = [p.text for p in document.paragraphs[:12]]
    assert "RENCANA KERJA (RENJA)" in texts
    assert "DINAS CONTOH KOTA CONTOH" in texts and "PEMERINTAH DAERAH KOTA CONTOH" in texts
    assert "TAHUN 2024" in texts and "RENCANA KERJA (RENJA) DINAS CONTOH TAHUN 2024" in texts
    assert "Dokumen ini memuat 2 kesalahan pemeriksa; lihat Lampiran" in texts


def test_docx_table_of_contents_is_a_toc_field_updated_on_open(hand_docx):
    _, document, _ = hand_docx
    xml = document.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml
    assert TOC_PLACEHOLDER in xml
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_docx_tables_rows_totals_and_headers(hand_docx):
    view, document, _ = hand_docx
    plan = next(t for t in document.tables if "TOTAL" in _table_text(t._tbl))
    source = _plan_table(view)
    assert len(plan.rows) == len(source.header) + 1 + len(source.rows)
    total = plan.rows[-1].cells
    assert total[1].text == "TOTAL"
    assert total[2].text == format_rupiah(view.total_n) == "12.239.200.000"
    assert isinstance(source.rows[-1].cells["pagu"].formula, SumOf)
    sub = plan.rows[len(source.header) + 1 + 2].cells
    assert [sub[2].text, sub[3].text, sub[4].text] == ["5.000.000.000", "6,62", "0,0207"]
    # The merged header: "Rencana Tahun 2024" spans three columns; Kode spans two rows.
    first = plan._tbl.tr_lst[0]
    spans = {("".join(t.text for t in tc.iter(qn("w:t")))): tc.grid_span for tc in first.tc_lst}
    assert spans["Rencana Tahun 2024"] == 3
    assert plan._tbl.tr_lst[1].tc_lst[0].vMerge == "continue"
    # Header and numbering rows repeat on every page; body rows do not.
    for tr in plan._tbl.tr_lst[:3]:
        assert tr.trPr.find(qn("w:tblHeader")) is not None
    assert plan._tbl.tr_lst[3].trPr is None or plan._tbl.tr_lst[3].trPr.find(qn("w:tblHeader")) is None
    # Programs and kegiatan bold, sub kegiatan indented.
    assert all(r.bold for r in plan.rows[3].cells[1].paragraphs[0].runs)
    assert plan.rows[5].cells[1].paragraphs[0].paragraph_format.left_indent > 0
    # Every hand-made table is there, once.
    assert len(document.tables) == sum(len(p.tables) for p in _tables(view))


def test_docx_wide_tables_stand_in_landscape_sections(hand_docx):
    _, document, _ = hand_docx
    sections = document.sections
    orientation = [s.orientation for s in sections]
    assert WD_ORIENT.LANDSCAPE in orientation and orientation[0] == WD_ORIENT.PORTRAIT
    for section in sections:
        if section.orientation == WD_ORIENT.LANDSCAPE:
            assert section.page_width > section.page_height
        else:
            assert section.page_width < section.page_height
    wide = {"Evaluasi A", "T-C.30", "TOTAL", "Temuan"}
    for tbl, index in _body_sections(document):
        if tbl.tag != qn("w:tbl"):
            continue
        text = " ".join(_table_text(tbl))
        is_wide = any(marker in text for marker in wide)
        assert (sections[index].orientation == WD_ORIENT.LANDSCAPE) == is_wide, text
        sizes = {r.get(qn("w:val")) for r in tbl.iter(qn("w:sz"))}
        assert sizes == {str(8 * 2)} if is_wide else sizes == {str(9 * 2)}
    # the last section is portrait again only if something portrait follows; the appendix table is wide
    assert sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_docx_header_footer_and_page_numbers(hand_docx):
    view, document, _ = hand_docx
    first = document.sections[0]
    assert first.different_first_page_header_footer  # the cover has no page number
    footer_xml = first.footer._element.xml
    assert "PAGE" in footer_xml and 'w:fldCharType="begin"' in footer_xml
    assert view.pd_nama in first.header.paragraphs[0].text
    for section in document.sections[1:]:
        assert section.footer.is_linked_to_previous and not section.different_first_page_header_footer
    starts = [s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) for s in document.sections]
    assert starts[:2] == ["1", "1"] and set(starts[2:]) <= {None}  # numbering restarts at BAB I only


def test_docx_amount_in_words_under_t_c_33(hand_docx):
    view, document, _ = hand_docx
    texts = [p.text for p in document.paragraphs]
    expected = f"Total pagu indikatif tahun 2024: Rp 12.239.200.000 ({terbilang(view.total_n)})"
    assert expected in texts
    assert "Dua Belas Miliar Dua Ratus Tiga Puluh Sembilan Juta Dua Ratus Ribu Rupiah" in expected


def test_docx_signature_block_uses_the_parts_of_the_signer_when_given(tmp_path):
    view = _plan()
    view.penandatangan_jabatan, view.penandatangan_nama = "KEPALA DINAS CONTOH", "Budi, S.E."
    view.penandatangan_nip = "19640413 199302 2 001"
    document = Document(str(render_document(view, tmp_path / "ttd.docx", [], [])))
    texts = [p.text for p in document.paragraphs]
    assert texts.index("KEPALA DINAS CONTOH,") < texts.index("Budi, S.E.") < texts.index("NIP. 19640413 199302 2 001")


# --- the demo plan -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_docx(demo_view, tmp_path_factory):
    tables = builder_tables(demo_view)
    outline = document_outline(demo_view, tables)
    path = render_document(demo_view, tmp_path_factory.mktemp("demo") / "demo.docx", outline=outline)
    return outline, Document(str(path))


def test_demo_docx_has_every_chapter_section_and_table(demo_view, demo_docx):
    outline, document = demo_docx
    chapters = _headings(document, 1)
    assert [c.split()[1] for c in chapters[:5]] == BABS and chapters[-1] == APPENDIX_TITLE
    all_headings = _headings(document, 2) + _headings(document, 3)
    for section in demo_view.sections:
        if section.nomor:
            assert f"{section.nomor.strip()} {section.judul.strip()}" in all_headings
    parts = table_parts(outline)
    assert len(document.tables) == len(parts)
    for part, table in zip(parts, document.tables, strict=True):
        header_rows = len(part.table.header) + (1 if part.table.numbering else 0)
        assert len(table._tbl.tr_lst) == header_rows + len(part.table.rows), part.table.id
    findings = next(p for p in parts if p.builder == "Temuan")
    assert findings.section == "lampiran"


def test_demo_docx_total_is_the_computed_total(demo_view, demo_docx):
    outline, document = demo_docx
    parts = table_parts(outline)
    index = next(i for i, p in enumerate(parts) if p.table.id == "T-C.33")
    table = document.tables[index]
    total = format_rupiah(demo_view.total_n)
    assert total in [c.text for c in table.rows[-1].cells]
    assert demo_view.total_n != 12_239_200_000  # the seed states a total its rows do not add up to
    texts = [p.text for p in document.paragraphs]
    assert f"Total pagu indikatif tahun 2022: Rp {total} ({terbilang(demo_view.total_n)})" in texts
    cover = next(p for p in outline if isinstance(p, Cover))
    assert cover.errors > 0 and cover.warning in texts


def test_demo_docx_wide_tables_are_landscape_with_small_type(demo_docx):
    outline, document = demo_docx
    parts = table_parts(outline)
    tables = [(tbl, index) for tbl, index in _body_sections(document) if tbl.tag == qn("w:tbl")]
    assert len(tables) == len(parts)
    for part, (tbl, index) in zip(parts, tables, strict=True):
        section = document.sections[index]
        assert (section.orientation == WD_ORIENT.LANDSCAPE) == part.wide, part.table.id
        if part.wide:
            sizes = {r.get(qn("w:val")) for r in tbl.iter(qn("w:sz"))}
            assert sizes == {str(int(Pt(8).pt * 2))}


# --- the PDF (LibreOffice) ------------------------------------------------------------------------------------


def _need_libreoffice():
    if find_soffice() and shutil.which("pdftotext"):
        return
    if os.environ.get("RENJA_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) dan pdftotext wajib ada (RENJA_REQUIRE_LIBREOFFICE=1)")
    pytest.skip("LibreOffice atau pdftotext tidak terpasang")


def _pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_demo_pdf_has_the_total_bab_v_and_a_filled_table_of_contents(demo_view, tmp_path):
    _need_libreoffice()
    path = render_pdf(demo_view, tmp_path / "renja.pdf")
    text = _pdftotext(path)
    assert format_rupiah(demo_view.total_n) in text
    assert "BAB V" in text and "BAB V PENUTUP" in text
    assert APPENDIX_TITLE in text
    assert TOC_PLACEHOLDER not in text
    pages = text.split("\f")
    contents = next(p for p in pages if "DAFTAR ISI" in p)
    assert "BAB I PENDAHULUAN" in contents and "Lampiran: Temuan Pemeriksa" in contents
    # every heading of the contents carries the page number it stands on
    heads = headings(document_outline(demo_view, builder_tables(demo_view)))
    labels = heading_pages(path, heads)
    assert all(labels) and labels == sorted(labels, key=int)
    label = labels[[h.text for h in heads].index("BAB V PENUTUP")]
    bab_v = [p for p in pages if re.search(rf"^\s*Halaman {label}\s*$", p, re.MULTILINE)]
    assert len(bab_v) == 1 and "BAB V PENUTUP" in bab_v[0]
    assert re.search(rf"BAB V PENUTUP\.+\s*{label}\b", contents)
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(len(pages)), str(path)], capture_output=True,
                           text=True).stdout if shutil.which("pdfinfo") else ""
    if sizes:
        shapes = {float(w) > float(h) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", sizes)}
        assert shapes == {True, False}  # landscape and portrait pages


def test_hand_pdf_keeps_the_amount_in_words(tmp_path):
    _need_libreoffice()
    view = _plan()
    path = render_pdf(view, tmp_path / "kecil.pdf", _tables(view), ERRORS)
    text = " ".join(_pdftotext(path).split())
    assert "12.239.200.000" in text and "BAB V" in text
    assert "Dua Belas Miliar Dua Ratus Tiga Puluh Sembilan Juta Dua Ratus Ribu Rupiah" in text
    assert "Dokumen ini memuat 2 kesalahan pemeriksa; lihat Lampiran" in text
