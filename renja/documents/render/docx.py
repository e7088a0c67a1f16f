"""The whole Renja as a Word document (DOCX, python-docx), and as PDF through LibreOffice.

`render_document(view, path)` draws the outline of `documents/assemble.py` in order: an A4 portrait body
with a cover page, a table of contents (a Word TOC field, filled when the document is opened or converted),
BAB I–V with their sections as Heading 1/2/3, the narrative, every table in its place (wide tables in a
landscape section of their own, header rows repeated on every page, numbers written the Indonesian way),
the amount in words under T-C.33, the closing and signature, and the appendix of the checker's findings.
The header names the plan and the agency; the footer numbers the pages.

`render_pdf(view, path)` converts that DOCX with LibreOffice (`render/libreoffice.py`).
"""

import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from renja.core.numbers import format_decimal, format_rupiah
from renja.documents.assemble import (
    AmountInWords,
    Closing,
    Contents,
    Cover,
    Heading,
    TablePart,
    Text,
    document_outline,
)
from renja.documents.tables import CODE, MONEY, NUMBER, PERCENT, TEXT

FONT = "Arial"
BODY_SIZE = 11
WIDE_TABLE_SIZE = 8  # the small font of wide (landscape) tables
SMALLEST_TABLE_SIZE = 6.5  # a very wide table (the 20 columns of the evaluation form) goes down to this
TABLE_SIZE = 9
KEEP_TOGETHER_ROWS = 20  # tables up to this many body rows are kept on one page
A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"portrait": (Cm(2.5), Cm(2.5), Cm(3.0), Cm(2.5)),  # top, bottom, left, right
           "landscape": (Cm(2.0), Cm(2.0), Cm(2.0), Cm(2.0))}
HEADER_FILL = "D9D9D9"
TOTAL_FILL = "F2F2F2"
SECTION_FILL = "EDEDED"
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TOC_PLACEHOLDER = "Klik kanan → Perbarui daftar isi"
TAHAP_LABELS = {"rancangan_awal": "RANCANGAN AWAL", "rancangan": "RANCANGAN", "perubahan": "PERUBAHAN"}

_LIST_LINE = re.compile(r"^\s*(?:[-•*–]|\d+[.)]|[a-zA-Z][.)]|\(\d+\)|\([a-zA-Z]\)|[IVXLC]+\.)\s+\S")
_BLANK_LINES = re.compile(r"\n\s*\n")
_BREAKS = re.compile(r"\s+|(?<=[-/])")  # where a line may break inside a cell


# --- numbers ------------------------------------------------------------------------------------------------


def cell_text(value, kind=TEXT):
    """A cell's value as printed: money `12.239.200.000`, percentages `6,62`, numbers `0,0207`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        value = Decimal(str(value))
    if kind in (TEXT, CODE) or not isinstance(value, int | Decimal):
        return str(value)
    if kind == PERCENT:
        return format_decimal(value, 2)
    if isinstance(value, int) or value == value.to_integral_value():
        return format_rupiah(int(value))
    if kind == MONEY:
        return format_decimal(value, 2)
    places = min(4, max(0, -value.normalize().as_tuple().exponent))
    return format_decimal(value, places)


# --- low-level helpers --------------------------------------------------------------------------------------


def _set_font(style_or_run, name=FONT, size=None, bold=None, color=None):
    font = style_or_run.font
    font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color


def _field(paragraph, instruction, placeholder="", dirty=False, size=None):
    """A complex field (begin · instruction · separate · shown text · end) at the end of `paragraph`."""

    def run_with(element):
        run = paragraph.add_run()
        if size:
            run.font.size = Pt(size)
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run(placeholder)
    if size:
        shown.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _field_begin(paragraph, instruction):
    """The opening half of a field whose result follows (over several paragraphs, up to `_field_end`)."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _field_end(paragraph):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(element)


def _orientations(outline):
    """The page orientation of each part: tables as they are (wide ones landscape), the amount in words
    with its table, a heading with the wide table right after it, everything else portrait."""
    result = []
    for index, part in enumerate(outline):
        following = outline[index + 1] if index + 1 < len(outline) else None
        if isinstance(part, TablePart):
            result.append("landscape" if part.wide else "portrait")
        elif isinstance(part, AmountInWords):
            result.append(result[-1] if result and result[-1] else "portrait")
        elif isinstance(part, Heading) and isinstance(following, TablePart) and following.wide:
            result.append("landscape")
        elif isinstance(part, Cover | Contents):
            result.append(None)
        else:
            result.append("portrait")
    return result


def _shade(cell, fill):
    _shade_tc(cell._tc, fill)


def _shade_tc(tc, fill):
    """Cell shading, placed where CT_TcPr wants it (before noWrap, tcMar, …, vAlign)."""
    tc_pr = tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    for name in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"):
        successor = tc_pr.find(qn(name))
        if successor is not None:
            successor.addprevious(shading)
            return
    tc_pr.append(shading)


def _paragraph_border(paragraph, side="bottom", color="000000", size=6):
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    sides = [side] if side != "box" else ["top", "left", "bottom", "right"]
    for name in sides:
        edge = OxmlElement(f"w:{name}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), color)
        borders.append(edge)


def _update_fields_on_open(document):
    """`w:updateFields` in settings.xml: Word and LibreOffice refresh the fields (the contents) on opening."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    successors = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                  "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                  "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                  "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                  "w:decimalSymbol", "w:listSeparator")
    for name in successors:
        found = settings.find(qn(name))
        if found is not None:
            found.addprevious(element)
            return
    settings.append(element)


def _page_numbering(section, fmt="decimal", start=None):
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    element = OxmlElement("w:pgNumType")
    element.set(qn("w:fmt"), fmt)
    if start is not None:
        element.set(qn("w:start"), str(start))
    # pgNumType comes after pgSz, pgMar, paperSrc, pgBorders, lnNumType in CT_SectPr.
    anchor = None
    for name in ("w:lnNumType", "w:pgBorders", "w:paperSrc", "w:pgMar", "w:pgSz"):
        anchor = sect_pr.find(qn(name))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addnext(element)
    else:
        sect_pr.insert(0, element)


def _page_setup(section, orientation):
    width, height = A4
    if orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = MARGINS[orientation]
    section.header_distance = section.footer_distance = Cm(1.2)


def _usable_width(section):
    return section.page_width - section.left_margin - section.right_margin


# --- the writer ---------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, view, header=None):
        self.view = view
        self.header = header  # the page header's title (default: the Renja's)
        self.document = Document()
        self.orientation = "portrait"
        self._styles()
        first = self.document.sections[0]
        _page_setup(first, "portrait")
        first.different_first_page_header_footer = True  # the cover has no header or page number
        _page_numbering(first, "lowerRoman", 1)
        self._header_footer(first)
        self._body_started = False
        core = self.document.core_properties
        core.title = header or view.judul or f"Rencana Kerja (Renja) {view.pd_nama} Tahun {view.tahun}"
        core.subject = f"Renja {view.tahun}"
        core.author = view.pd_nama or "Renja"
        core.language = "id-ID"

    # styles, header, footer
    def _styles(self):
        styles = self.document.styles
        normal = styles["Normal"]
        _set_font(normal, size=BODY_SIZE)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "id-ID")
        normal.element.get_or_add_rPr().append(language)
        for name, size, align in (("Heading 1", 14, WD_ALIGN_PARAGRAPH.CENTER),
                                  ("Heading 2", 12, WD_ALIGN_PARAGRAPH.LEFT),
                                  ("Heading 3", 11, WD_ALIGN_PARAGRAPH.LEFT)):
            style = styles[name]
            _set_font(style, size=size, bold=True, color=RGBColor(0, 0, 0))
            style.font.italic = False
            style.paragraph_format.alignment = align
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True
        styles["Heading 1"].paragraph_format.page_break_before = True
        styles["Heading 1"].paragraph_format.space_after = Pt(18)
        for name in ("Header", "Footer"):
            _set_font(styles[name], size=8)

    def _header_footer(self, section):
        view = self.view
        header = section.header.paragraphs[0]
        header.text = ""
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        title = self.header or f"Rencana Kerja (Renja) Tahun {view.tahun}"
        if view.pd_nama and not self.header:
            title += f" · {view.pd_nama}"
        run = header.add_run(title)
        run.italic = True
        _paragraph_border(header, "bottom", "808080", 4)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Halaman ")
        _field(footer, "PAGE", "1")
        # The cover's first page: an empty header and footer of its own.
        section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False

    # sections (page orientation)
    def _new_section(self, orientation, restart=False):
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section, orientation)
        section.different_first_page_header_footer = False
        _page_numbering(section, "decimal", 1 if restart else None)
        self.orientation = orientation
        return section

    def _ensure(self, orientation):
        if not self._body_started:
            self._new_section(orientation, restart=True)
            self._body_started = True
        elif orientation != self.orientation:
            self._new_section(orientation)

    @property
    def width(self):
        return _usable_width(self.document.sections[-1])

    # parts
    def write(self, outline, toc=None):
        """Draw the outline; `toc`: the contents as [(Heading, page label)], else a field to update."""
        for part, orientation in zip(outline, _orientations(outline), strict=True):
            if isinstance(part, Cover):
                self.cover(part)
            elif isinstance(part, Contents):
                self.contents(part, toc)
            else:
                self._ensure(orientation)
                if isinstance(part, Heading):
                    self.heading(part)
                elif isinstance(part, Text):
                    self.text(part.text)
                elif isinstance(part, TablePart):
                    self.table(part.table, wide=part.wide)
                elif isinstance(part, AmountInWords):
                    self.amount(part)
                elif isinstance(part, Closing):
                    self.closing(part)
        return self.document

    def cover(self, cover):
        document = self.document

        def line(text, size, bold=True, space_before=0, space_after=6, color=None):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(space_before)
            paragraph.paragraph_format.space_after = Pt(space_after)
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            run.bold = bold
            if color is not None:
                run.font.color.rgb = color
            return paragraph

        line(cover.title, 26, space_before=90, space_after=6)
        if TAHAP_LABELS.get(cover.tahap):
            line(TAHAP_LABELS[cover.tahap], 16, space_after=6)
        line(f"TAHUN {cover.tahun}", 18, space_after=36)
        if cover.judul:
            line(cover.judul, 12, bold=False, space_after=60)
        if cover.pd_nama:
            line(cover.pd_nama.upper(), 15, space_before=40)
        if cover.pemda_nama:
            line(f"PEMERINTAH DAERAH {cover.pemda_nama.upper()}", 14)
        if cover.warning:
            warning = line(cover.warning, 12, space_before=60, color=RGBColor(0xC0, 0, 0))
            _paragraph_border(warning, "box", "C00000", 12)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def contents(self, contents, toc=None):
        title = self.document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_after = Pt(18)
        run = title.add_run(contents.title)
        run.bold = True
        run.font.size = Pt(14)
        if not toc:
            _field(self.document.add_paragraph(), TOC_INSTRUCTION, TOC_PLACEHOLDER, dirty=True)
            _update_fields_on_open(self.document)
            return
        # The field with its result already written: one paragraph per heading, "text ....... page".
        paragraphs = []
        for heading, page in toc:
            paragraph = self.document.add_paragraph(style=self._toc_style(heading.level))
            paragraphs.append((paragraph, heading, page))
        first, last = paragraphs[0][0], paragraphs[-1][0]
        _field_begin(first, TOC_INSTRUCTION)
        for paragraph, heading, page in paragraphs:
            paragraph.add_run(heading.text)
            paragraph.add_run("\t" + (page or ""))
        _field_end(last)

    def _toc_style(self, level):
        name = f"toc {level}"
        styles = self.document.styles
        if name in [s.name for s in styles]:
            return styles[name]
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), f"TOC{level}")
        style.base_style = styles["Normal"]
        style.quick_style = True
        fmt = style.paragraph_format
        fmt.left_indent = Cm(0.6 * (level - 1))
        fmt.space_before = Pt(6 if level == 1 else 0)
        fmt.space_after = Pt(2)
        fmt.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        style.font.bold = level == 1
        return style

    def heading(self, heading):
        self.document.add_heading(heading.text, level=heading.level)

    def text(self, text):
        for block in _BLANK_LINES.split(text.strip("\n")):
            lines = [line.rstrip() for line in block.split("\n") if line.strip()]
            paragraphs = []
            for line in lines:
                if not paragraphs or _LIST_LINE.match(line) or _LIST_LINE.match(paragraphs[-1][0]):
                    paragraphs.append([line.strip()])
                else:
                    paragraphs[-1].append(line.strip())
            for paragraph_lines in paragraphs:
                self._prose(" ".join(paragraph_lines), listed=bool(_LIST_LINE.match(paragraph_lines[0])))

    def _prose(self, text, listed=False):
        paragraph = self.document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if listed:
            paragraph.paragraph_format.left_indent = Cm(1.0)
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)
            paragraph.paragraph_format.space_after = Pt(3)
        else:
            paragraph.paragraph_format.first_line_indent = Cm(1.0)
        return paragraph

    def amount(self, amount):
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run(f"{amount.label}: ").bold = True
        run = paragraph.add_run(amount.text.split(": ", 1)[1])
        run.bold = True

    def closing(self, closing):
        if not (closing.tempat_tanggal or closing.penandatangan or closing.nama):
            return
        indent = Cm(8.5)

        def line(text, bold=False, underline=False, space_before=0):
            paragraph = self.document.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.left_indent = indent
            fmt.space_before = Pt(space_before)
            fmt.space_after = Pt(0)
            fmt.keep_with_next = True
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run = paragraph.add_run(text)
            run.bold = bold
            run.underline = underline
            return paragraph

        line(closing.tempat_tanggal, space_before=24)
        if closing.nama:
            line(f"{closing.jabatan}," if closing.jabatan else "", bold=True)
            line(closing.nama, bold=True, underline=True, space_before=60)
            if closing.pangkat:
                line(closing.pangkat)
            last = line(f"NIP. {closing.nip}") if closing.nip else None
        else:
            last = line(closing.penandatangan, bold=True)
        if last is not None:
            last.paragraph_format.keep_with_next = False

    # tables
    def table(self, table, wide):
        size = WIDE_TABLE_SIZE if wide else TABLE_SIZE
        document = self.document
        for index, line in enumerate(table.title):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(6 if index == 0 else 0)
            paragraph.paragraph_format.space_after = Pt(0 if index < len(table.title) - 1 else 6)
            run = paragraph.add_run(line)
            run.bold = True
            run.font.size = Pt(10)

        columns = table.columns
        minimums = _minimum_widths(table, size)
        # A table too wide for the page at its size gets a smaller font rather than numbers broken mid-amount.
        while wide and sum(minimums) > self.width and size > SMALLEST_TABLE_SIZE:
            size -= 0.5
            minimums = _minimum_widths(table, size)
        widths = _column_widths(columns, self.width, minimums)
        header_rows = len(table.header) + (1 if table.numbering else 0)
        grid = document.add_table(rows=header_rows, cols=len(columns))
        grid.style = document.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        _table_properties(grid, widths)

        for row, col, rowspan, colspan, text in header_grid(table.header, len(columns)):
            cell = grid.cell(row, col)
            if rowspan > 1 or colspan > 1:
                cell = cell.merge(grid.cell(row + rowspan - 1, col + colspan - 1))
            _write(cell, text, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if table.numbering:
            cells_ = grid.rows[len(table.header)].cells
            for col, text in enumerate(list(table.numbering)[: len(columns)]):
                _write(cells_[col], text, size, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for tr in grid._tbl.tr_lst:
            _repeat_as_header(tr)
            for tc in tr.tc_lst:
                _shade_tc(tc, HEADER_FILL)

        label_key = next((c.key for c in columns if c.kind == TEXT), None)
        for row in table.rows:
            cells_ = grid.add_row().cells
            bold = row.bold or row.kind in ("total", "section")
            for col, column in enumerate(columns):
                value = row.value(column.key)
                text = cell_text(value, column.kind)
                numeric = column.kind in (MONEY, PERCENT, NUMBER)
                align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else (
                    WD_ALIGN_PARAGRAPH.CENTER if column.kind == CODE and len(text) <= 3 else None)
                indent = Cm(0.3 * row.level) if column.key == label_key and row.level else None
                _write(cells_[col], text, size, bold=bold, align=align, indent=indent)
                if row.kind == "total":
                    _shade(cells_[col], TOTAL_FILL)
                elif row.kind == "section":
                    _shade(cells_[col], SECTION_FILL)
        _cell_widths(grid, widths)
        if len(table.rows) <= KEEP_TOGETHER_ROWS:
            _keep_together(grid)

        notes = list(dict.fromkeys(list(table.notes) + [row.note for row in table.rows if row.note]))
        if notes and table.rows:  # the notes never stand alone on a page: the last row comes with them
            for p in grid._tbl.tr_lst[-1].iter(qn("w:p")):
                p.get_or_add_pPr().keepNext_val = True
        for index, note in enumerate(notes):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = index < len(notes) - 1
            run = paragraph.add_run(note)
            run.italic = True
            run.font.size = Pt(size)
        document.add_paragraph().paragraph_format.space_after = Pt(0)


def header_grid(header, ncols):
    """Where each header cell stands: (row, col, rowspan, colspan, text), spans clipped to the grid."""
    occupied, placed = set(), []
    nrows = len(header)
    for r, cells_ in enumerate(header):
        c = 0
        for hc in cells_:
            while (r, c) in occupied:
                c += 1
            if c >= ncols:
                break
            rowspan = max(1, min(hc.rowspan, nrows - r))
            colspan = max(1, min(hc.colspan, ncols - c))
            placed.append((r, c, rowspan, colspan, hc.text))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((r + dr, c + dc))
            c += colspan
    return placed


def _text_width(text, size, bold=False):
    """About how wide `text` prints in Arial at `size` points (EMU): enough to size columns."""
    em = 0.0
    for char in text:
        if char in ".,:;'|!il()":
            em += 0.28
        elif char.isupper() or char in "%mwMW":
            em += 0.68
        else:
            em += 0.56
    return int(em * size * (1.07 if bold else 1.0) * 12700)


def _minimum_widths(table, size):
    """What each column needs so that no word of its header and no number of its body is broken."""
    padding = Cm(0.25)
    needs = [Cm(0.8)] * len(table.columns)
    for _row, col, _rowspan, colspan, text in header_grid(table.header, len(table.columns)):
        if colspan == 1:
            longest = max((_text_width(word, size, bold=True) for word in _BREAKS.split(str(text))),
                          default=0)
            needs[col] = max(needs[col], longest + padding)
    for col, column in enumerate(table.columns):
        numeric = column.kind in (MONEY, PERCENT, NUMBER)
        for row in table.rows:
            value = row.value(column.key)
            text = cell_text(value, column.kind)
            if not text:
                continue
            bold = row.bold or row.kind in ("total", "section")
            pieces = [text] if numeric and not isinstance(value, str) else _BREAKS.split(text)
            longest = max((_text_width(piece, size, bold) for piece in pieces), default=0)
            needs[col] = max(needs[col], longest + padding)
    return needs


def _column_widths(columns, available, minimums=None):
    """Column widths in proportion to `Column.width`, each at least its minimum (at most a quarter of the
    width), filling `available`."""
    weights = [max(c.width, 1) for c in columns]
    minimums = [min(m, available // 4) for m in (minimums or [Cm(0.8)] * len(columns))]
    if sum(minimums) >= available:
        # Too narrow for every minimum: numbers keep theirs (an amount broken mid-number misreads), the text
        # columns share what is left, half by their widths and half by their minimums, their words breaking.
        numeric = {i for i, c in enumerate(columns) if c.kind in (MONEY, PERCENT, NUMBER)}
        text = [i for i in range(len(columns)) if i not in numeric]
        rest = available - sum(minimums[i] for i in numeric)
        if text and rest >= Cm(0.8) * len(text):
            weight_total = sum(weights[i] for i in text)
            minimum_total = sum(minimums[i] for i in text)
            share = {i: (weights[i] / weight_total + minimums[i] / minimum_total) / 2 for i in text}
            return [Emu(int(m if i in numeric else rest * share[i])) for i, m in enumerate(minimums)]
        return [Emu(int(available * m / sum(minimums))) for m in minimums]
    fixed = set()
    while True:
        rest = available - sum(minimums[i] for i in fixed)
        total = sum(w for i, w in enumerate(weights) if i not in fixed) or 1
        widths = [minimums[i] if i in fixed else int(rest * w / total) for i, w in enumerate(weights)]
        more = {i for i, w in enumerate(widths) if w < minimums[i]} - fixed
        if not more:
            return [Emu(int(w)) for w in widths]
        fixed |= more


def _table_properties(grid, widths):
    tbl_pr = grid._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        style = tbl_pr.find(qn("w:tblStyle"))
        if style is not None:
            style.addnext(width)
        else:
            tbl_pr.insert(0, width)
    width.set(qn("w:w"), str(int(sum(widths) / 635)))  # EMU → twentieths of a point
    width.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "57")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    for grid_col, w in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=False):
        grid_col.w = w


def _cell_widths(grid, widths):
    for tr in grid._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Emu(sum(widths[col: col + span]))
            col += span


def _keep_together(grid):
    """A short table stays on one page: no row splits, every row keeps with the next."""
    rows = grid._tbl.tr_lst
    for index, tr in enumerate(rows):
        tr_pr = tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            element = OxmlElement("w:cantSplit")
            element.set(qn("w:val"), "true")
            tr_pr.append(element)
        if index < len(rows) - 1:
            for p in tr.iter(qn("w:p")):
                p_pr = p.get_or_add_pPr()
                if p_pr.find(qn("w:keepNext")) is None:
                    p_pr.keepNext_val = True


def _repeat_as_header(tr):
    tr_pr = tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _write(cell, text, size, bold=False, italic=False, align=None, indent=None):
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(str(text).split("\n")):
        if index:
            paragraph = cell.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        if align is not None:
            paragraph.alignment = align
        if indent is not None:
            fmt.left_indent = indent
        if line:
            run = paragraph.add_run(line)
            run.font.size = Pt(size)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
    # the paragraph mark's size too, so that empty cells stay as small as the text
    for paragraph in cell.paragraphs:
        r_pr = paragraph._p.get_or_add_pPr()
        mark = r_pr.find(qn("w:rPr"))
        if mark is None:
            mark = OxmlElement("w:rPr")
            r_pr.append(mark)
        for old in mark.findall(qn("w:sz")):
            mark.remove(old)
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(size * 2))
        mark.append(sz)


# --- entry points -------------------------------------------------------------------------------------------


def render_document(view, path, tables=None, findings=None, outline=None, toc=None, header=None):
    """Write the whole Renja of `view` as DOCX at `path`; returns the path.

    `tables`: `PlacedTables` (default: every registered builder); `findings`: the checker's findings
    (default: the checker is run); `outline`: an outline already assembled (then `tables` and `findings`
    are not used); `toc`: the table of contents as [(Heading, page label)] — by default the document holds
    a TOC field that Word (or LibreOffice, "Perbarui indeks") fills when asked."""
    if outline is None:
        outline = document_outline(view, tables, findings)
    document = _Writer(view, header).write(outline, toc)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def render_pdf(view, path, tables=None, findings=None, outline=None, header=None, progress=None):
    """Write the whole Renja of `view` as PDF at `path`; returns the path.

    LibreOffice converts the DOCX but does not refresh a TOC field while converting, so the contents are
    written in two passes: the first PDF tells on which page each heading landed (read back with
    pdftotext), the second carries those page numbers. Without pdftotext the contents list the headings
    without page numbers. `progress(percent, step)` is told each pass as it begins."""
    from renja.documents.render.libreoffice import convert_with_libreoffice

    progress = progress or (lambda percent, step: None)
    if outline is None:
        outline = document_outline(view, tables, findings)
    heads = [part for part in outline if isinstance(part, Heading)]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="renja-docx-") as work:
        source = Path(work) / f"{path.stem or 'renja'}.docx"
        # Pass 1: the contents with wide placeholders, so that pass 2 breaks the pages the same way.
        progress(50, "Menulis berkas DOCX")
        render_document(view, source, outline=outline, toc=[(h, "999") for h in heads], header=header)
        progress(60, "Mengubah ke PDF dengan LibreOffice (tahap 1 dari 2)")
        converted = convert_with_libreoffice(source, "pdf", work)
        pages = heading_pages(converted, heads)
        progress(80, "Mengubah ke PDF dengan LibreOffice (tahap 2 dari 2)")
        if pages is not None:
            render_document(view, source, outline=outline, toc=list(zip(heads, pages, strict=True)), header=header)
            converted = convert_with_libreoffice(source, "pdf", work)
        else:
            render_document(view, source, outline=outline, toc=[(h, "") for h in heads], header=header)
            converted = convert_with_libreoffice(source, "pdf", work)
        shutil.move(str(converted), path)
    return path


_FOOTER = re.compile(r"^\s*Halaman\s+([0-9]+|[ivxlcdm]+)\s*$", re.IGNORECASE | re.MULTILINE)


def _squeeze(text):
    return re.sub(r"[\s\u00ad]+", "", text).lower()


def pdf_pages(pdf):
    """The text of each page of a PDF (pdftotext), or None when pdftotext is not installed."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    result = subprocess.run([program, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                            timeout=120, check=False)
    if result.returncode != 0:
        return None
    pages = result.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def heading_pages(pdf, heads):
    """The printed page number (the footer's "Halaman n") of each heading, in order; "" when not found."""
    pages = pdf_pages(pdf)
    if pages is None:
        return None
    numbered = []  # (page label, [squeezed lines]) of the body pages (arabic numbers)
    for text in pages:
        matches = _FOOTER.findall(text)  # the footer; not always the page's last line in reading order
        if matches and matches[-1].isdigit():
            match = matches[-1]
            numbered.append((match, [_squeeze(line) for line in text.splitlines() if line.strip()]))
    found, start = [], 0
    for heading in heads:
        target = _squeeze(heading.text)
        label = ""
        for index in range(start, len(numbered)):
            lines = numbered[index][1]
            if any("".join(lines[i:i + k]) == target for i in range(len(lines)) for k in range(1, 5)):
                label, start = numbered[index][0], index
                break
        found.append(label)
    return found
