"""The tables of the DOCX: a neutral `Table` (renja/documents/tables.py) as a Word table with its merged,
repeated, shaded header, numbers written the Indonesian way, column widths that fit the page and never break
an amount, short tables kept on one page, and the notes under it."""

import re
from decimal import Decimal
from xml.sax.saxutils import escape

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from renja.core.numbers import format_decimal, format_rupiah
from renja.documents.tables import CODE, MONEY, NUMBER, PERCENT, TEXT

from .page import (
    HEADER_FILL,
    KEEP_TOGETHER_ROWS,
    SECTION_FILL,
    SMALLEST_TABLE_SIZE,
    TABLE_SIZE,
    TOTAL_FILL,
    WIDE_TABLE_SIZE,
)

_BREAKS = re.compile(r"\s+|(?<=[-/])")  # where a line may break inside a cell


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


def write_table(document, table, wide, width):
    """`table` after its title lines at the end of `document`, `width` (EMU) wide at most, then its notes."""
    size = WIDE_TABLE_SIZE if wide else TABLE_SIZE
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
    while wide and sum(minimums) > width and size > SMALLEST_TABLE_SIZE:
        size -= 0.5
        minimums = _minimum_widths(table, size)
    widths = _column_widths(columns, width, minimums)
    grid = document.add_table(rows=0, cols=len(columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _table_properties(grid, widths)
    notes = list(dict.fromkeys(list(table.notes) + [row.note for row in table.rows if row.note]))
    grid._tbl.extend(_rows(table, widths, size, notes))

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


# The rows are written as one piece of XML per table and parsed once: python-docx builds each cell, paragraph
# and run one child element at a time, and finds a cell of a merged header by walking the grid (together
# about 1 s for the 5,000 cells of a PD of 400 sub kegiatan). The XML is what python-docx itself wrote.
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RUN_PIECES = re.compile(r"[\t\r]|[^\t\r]+")
_SPACING = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
_KEEP_NEXT = "<w:keepNext/>"
_CENTER = '<w:jc w:val="center"/>'


class _Cells:
    """What every cell of one table shares: its column widths and its font size."""

    def __init__(self, widths, size):
        self.widths = list(widths)  # EMU: a merged cell's width is their sum, rounded to twips once
        self.single = [Emu(w).twips for w in widths]
        half_points = int(Pt(size).pt * 2)
        # The paragraph mark too, so that empty cells stay as small as the text (once written "15.0" for 7.5 pt,
        # which is not a valid w:sz).
        self.mark = f'<w:rPr><w:sz w:val="{half_points}"/></w:rPr>'
        self.runs = {style: f'<w:rPr>{style}<w:sz w:val="{half_points}"/></w:rPr>'
                     for style in ("", "<w:b/>", "<w:i/>")}

    def width(self, col, span):
        return self.single[col] if span == 1 else Emu(sum(self.widths[col: col + span])).twips

    def cell(self, col, text, keep_next="", position="", style="", span=1, merge="", shading="", v_align=""):
        """A `w:tc` spanning `span` grid columns from `col`; each line of `text` a paragraph."""
        width = self.width(col, span)
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        pr = f"<w:pPr>{keep_next}{_SPACING}{position}{self.mark}</w:pPr>"
        run_pr = self.runs[style]
        paragraphs = "".join(f"<w:p>{pr}{_run(line, run_pr) if line else ''}</w:p>" for line in str(text).split("\n"))
        return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{grid_span}{merge}{shading}{v_align}</w:tcPr>'
                f"{paragraphs}</w:tc>")

    def blank(self, col, keep_next="", span=1, merge="", shading=""):
        """A cell without text (under a merged cell, or a hole in the header): one empty paragraph."""
        width = self.width(col, span)
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        paragraph = f"<w:p><w:pPr>{keep_next}</w:pPr></w:p>" if keep_next else "<w:p/>"
        return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{grid_span}{merge}{shading}</w:tcPr>'
                f"{paragraph}</w:tc>")


def _run(line, run_pr):
    """A run as python-docx writes it: a tab is `w:tab`, a carriage return `w:br`, spaces kept."""
    pieces = []
    for piece in _RUN_PIECES.findall(line):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece == "\r":
            pieces.append("<w:br/>")
        elif piece.strip() != piece:
            pieces.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
        else:
            pieces.append(f"<w:t>{escape(piece)}</w:t>")
    return f"<w:r>{run_pr}{''.join(pieces)}</w:r>"


def _rows(table, widths, size, notes):
    """The `w:tr` elements of `table`: the header rows (merged, shaded, repeated on every page), then the body
    (numbers right-aligned, short codes centred, the label indented by level, totals and sections shaded and
    bold). A short table is kept on one page; the last row keeps with the notes under it."""
    cells = _Cells(widths, size)
    keep_together = len(table.rows) <= KEEP_TOGETHER_ROWS
    header = _header_rows(table, cells, keep_together)
    body = _body_rows(table, cells, keep_together, last_keeps_next=bool(notes))
    xml = "".join(header + body)
    if _NOT_XML.search(xml):  # what lxml says when a cell is set to such text through python-docx
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return list(parse_xml(f"<w:tbl {_W}>{xml}</w:tbl>"))


def _header_rows(table, cells, keep_together):
    ncols = len(table.columns)
    nrows = len(table.header) + (1 if table.numbering else 0)
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'
    v_align = '<w:vAlign w:val="center"/>'
    origins, below = {}, {}  # (row, col) → (text, rowspan, colspan); (row, col) under a merged cell → colspan
    for row, col, rowspan, colspan, text in header_grid(table.header, ncols):
        origins[row, col] = (text, rowspan, colspan)
        for r in range(row + 1, row + rowspan):
            below[r, col] = colspan
    numbering = list(table.numbering)[:ncols] if table.numbering else []
    rows = []
    for r in range(nrows):
        keep_next = _KEEP_NEXT if keep_together and (table.rows or r < nrows - 1) else ""
        parts = ['<w:tr><w:trPr><w:cantSplit w:val="true"/><w:tblHeader w:val="true"/></w:trPr>']
        c = 0
        while c < ncols:
            if (r, c) in origins:
                text, rowspan, span = origins[r, c]
                merge = '<w:vMerge w:val="restart"/>' if rowspan > 1 else ""
                parts.append(cells.cell(c, text, keep_next, _CENTER, "<w:b/>", span, merge, shading, v_align))
            elif (r, c) in below:
                span = below[r, c]
                parts.append(cells.blank(c, keep_next, span, "<w:vMerge/>", shading))
            elif r == len(table.header) and c < len(numbering):
                span = 1
                parts.append(cells.cell(c, numbering[c], keep_next, _CENTER, "<w:i/>", shading=shading))
            else:
                span = 1
                parts.append(cells.blank(c, keep_next, shading=shading))
            c += span
        parts.append("</w:tr>")
        rows.append("".join(parts))
    return rows


def _body_rows(table, cells, keep_together, last_keeps_next):
    columns = table.columns
    label_key = next((c.key for c in columns if c.kind == TEXT), None)
    fills = {"total": TOTAL_FILL, "section": SECTION_FILL}
    numeric = [c.kind in (MONEY, PERCENT, NUMBER) for c in columns]
    rows = []
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        style = "<w:b/>" if row.bold or row.kind in ("total", "section") else ""
        fill = fills.get(row.kind)
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        keep_next = _KEEP_NEXT if (keep_together and index < last) or (index == last and last_keeps_next) else ""
        parts = ['<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>' if keep_together else "<w:tr>"]
        for col, column in enumerate(columns):
            text = cell_text(row.value(column.key), column.kind)
            if numeric[col]:
                position = '<w:jc w:val="right"/>'
            elif column.kind == CODE and len(text) <= 3:
                position = _CENTER
            elif column.key == label_key and row.level:
                position = f'<w:ind w:left="{Cm(0.3 * row.level).twips}"/>'
            else:
                position = ""
            parts.append(cells.cell(col, text, keep_next, position, style, shading=shading))
        parts.append("</w:tr>")
        rows.append("".join(parts))
    return rows
