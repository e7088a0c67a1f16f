"""The workbook: every `Table` of a plan as one sheet of an XLSX file, with live formulas.

`render_workbook(tables, path, title=None, pd=None, paper="a4")` writes one workbook with XlsxWriter, a sheet per table (named
after `Table.sheet_name` or the id: at most 31 characters, without `[]:*?/\\`, unique in the workbook):

- the title lines, merged across the table's width, bold; a blank row;
- the header rows with their merged groups (colspan/rowspan), bold, centred, wrapped, bordered, grey;
- the column-number row ("1", "2", "8=(7/6)" …);
- the body, section and total rows, bordered and wrapped; the name column indented by `Row.level`;
  bold rows and total rows bold; a row's `note` as a comment on its first cell;
- the notes under the table.

Computed cells (`Cell.formula`) are written as live formulas whose cached value is `Cell.value`, so that a
reader that does not recalculate (LibreOffice by default, viewers, openpyxl) shows exactly the number Renja
computed, and Excel, which recalculates on opening, shows the same number from the formula:

- `SumOf(rows)` → `=SUM(F7:F12)` or `=SUM(F7:F9,F12)` over that column in those rows;
- `Ratio(a, b, factor)` → `=IF(OR(A7="",N(B7)=0),"",A7/B7*100)` on this row (blank without a value or a
  denominator, as `measures.capaian`);
- `Add(columns)` → `=C7+D7+E7`;
- `InverseRatio(r, t)` → `=IF(OR(R7="",T7=""),"",IF(N(T7)=0,IF(N(R7)=0,100,0),MAX(0,(2*T7-R7)/T7*100)))`;
- `WeightedMean(v, w, rows)` → `=IF(SUM(W…)=0,"",(SUMPRODUCT(V7:V9,W7:W9)+…)/SUM(W…))`;
- `Latest(columns)` → `=IF(E7<>"",E7,IF(D7<>"",D7,…))`, the last non-blank of the columns.

Before writing a formula its result is worked out here the way the spreadsheet would; when it would not
give `Cell.value` (a text in a referenced cell, a builder's own rule) or the formula type is unknown, the
value is written as a plain number with a comment saying so: the workbook never shows a figure other than
Renja's.

Numbers. Money (int Rupiah) has the format `#,##0`: no decimals. Percentages are stored as the percentage
itself (6,62 means 6,62 %, not 0,0662) with the format `#,##0.00`, two decimals and no `%` sign; the unit
is in the column header. Number formats in a workbook hold only the *roles* of the separators: Excel and
LibreOffice display them by the reader's locale, so a reader with Indonesian regional settings sees
`10.922.004.616` and `6,62`, and one with English settings sees `10,922,004,616` and `6.62`. Codes and
texts are written as strings (a code such as `2.08.02` never becomes a number).

Print set-up: A4 (or F4/folio), landscape when `Table.landscape`, fit to one page wide, the header rows
repeated on every page, the panes frozen below the header, the PD (or the workbook title) in the page
header and "Halaman n dari m" in the footer. Row heights are set from the wrapped text, measured with
Arial's character widths (LibreOffice does not fit row heights when it opens an XLSX file); the estimate
takes Excel's narrower columns, so rows are never too low in either program.
"""

import io
import math
import re
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from renja.documents.tables import (
    CODE,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Add,
    InverseRatio,
    Latest,
    Ratio,
    SumOf,
    WeightedMean,
)

FONT = "Arial"
FONT_SIZE = 10
TITLE_SIZE = 11
LINE_HEIGHT = 12.75  # points per line of Arial 10
HEADER_FILL = "#D9D9D9"
TOTAL_FILL = "#F2F2F2"
SECTION_FILL = "#F2F2F2"
MONEY_FORMAT = "#,##0"
PERCENT_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"
PAPERS = {"a4": 9, "f4": 14, "folio": 14}  # Excel paper codes; 14 is folio 8½ × 13 in
MAX_SHEET_NAME = 31
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
NUMERIC_KINDS = (MONEY, PERCENT, NUMBER)
SUM_ARGUMENTS = 255  # Excel's limit on the arguments of one function


class _NotEquivalent(Exception):
    """The spreadsheet formula would not give the cell's value."""


def render_workbook(tables, path, title=None, pd=None, paper="a4"):
    """Write `tables` as one workbook to `path` (a file name or a binary file object); return `path`.

    `title` is the workbook's title (its properties) and, with no `pd`, the page header; `pd` is the name
    of the Perangkat Daerah printed in the page header.
    """
    tables = list(tables)
    options = {"default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE}}
    if isinstance(path, io.IOBase):
        options["in_memory"] = True
    workbook = xlsxwriter.Workbook(path, options)
    properties = {"author": "Renja", "company": pd or "", "comments": "Dibuat oleh Renja"}
    properties["title"] = title or (_first_line(tables[0]) if tables else "Renja")
    properties["subject"] = pd or ""
    workbook.set_properties(properties)
    formats = _Formats(workbook)
    names = set()
    for table in tables:
        name = sheet_name(table.sheet_name or table.id, names)
        names.add(name.lower())
        _SheetWriter(workbook.add_worksheet(name), table, formats).write(
            page_header=pd or title or "", paper=PAPERS.get(str(paper).lower(), 9)
        )
    if not tables:
        workbook.add_worksheet("Renja").write_string(0, 0, "Tidak ada tabel.")
    workbook.close()
    return path


def sheet_name(wanted, taken=()):
    """A valid sheet name from `wanted`, not in `taken` (lower-cased names): ≤ 31 characters, no `[]:*?/\\`."""
    base = INVALID_SHEET_CHARS.sub("-", str(wanted or "")).strip().strip("'").strip() or "Tabel"
    if base.lower() == "history":  # reserved by Excel
        base = "History-"
    name = base[:MAX_SHEET_NAME].rstrip("' ")
    number = 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip("' ") + suffix
    return name


def _first_line(table):
    return str(table.title[0]) if table.title else str(table.id)


class _Formats:
    """Formats made once per workbook and shared by its sheets, keyed by their properties."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.cache = {}

    def get(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self.cache:
            self.cache[key] = self.workbook.add_format(properties)
        return self.cache[key]

    def title(self, first):
        return self.get(bold=True, align="center", valign="vcenter", text_wrap=True,
                        font_size=TITLE_SIZE if first else FONT_SIZE)

    def header(self):
        return self.get(bold=True, align="center", valign="vcenter", text_wrap=True, border=1,
                        bg_color=HEADER_FILL)

    def numbering(self):
        return self.get(italic=True, align="center", valign="vcenter", text_wrap=True, border=1,
                        bg_color=HEADER_FILL, font_size=FONT_SIZE - 1)

    def note(self):
        return self.get(valign="top", text_wrap=True, italic=True)

    def cell(self, kind, row, indent=0, as_text=False, number_format=INTEGER_FORMAT):
        properties = {"border": 1, "valign": "top", "text_wrap": True}
        if row.bold or row.kind in ("total", "section"):
            properties["bold"] = True
        if row.kind == "total":
            properties["bg_color"] = TOTAL_FILL
        elif row.kind == "section":
            properties["bg_color"] = SECTION_FILL
        if kind in NUMERIC_KINDS:
            properties["align"] = "right"
        if as_text or kind == CODE:
            properties["num_format"] = "@"
        elif kind == MONEY:
            properties["num_format"] = MONEY_FORMAT
        elif kind == PERCENT:
            properties["num_format"] = PERCENT_FORMAT
        elif kind == NUMBER:
            properties["num_format"] = number_format
        if indent:
            properties["indent"] = indent
            properties["align"] = "left"
        return self.get(**properties)


class _SheetWriter:
    def __init__(self, sheet, table, formats):
        self.sheet = sheet
        self.table = table
        self.formats = formats
        self.columns = list(table.columns)
        self.width = max(1, len(self.columns))
        self.position = {column.key: i for i, column in enumerate(self.columns)}
        self.name_column = _name_column(self.columns)
        self.row_numbers = {}  # index in table.rows → sheet row

    # the sheet, top to bottom

    def write(self, page_header, paper):
        for i, column in enumerate(self.columns):
            self.sheet.set_column(i, i, column.width)
        line = self._titles(0)
        if self.table.title:
            line += 1  # a blank row between the title and the table
        header_first = line
        line = self._header(line)
        if self.table.numbering:
            line = self._numbering(line)
        header_last = line - 1
        body_first = line
        for index in range(len(self.table.rows)):
            self.row_numbers[index] = body_first + index
        for index, row in enumerate(self.table.rows):
            self._row(index, row)
        line = body_first + len(self.table.rows)
        self._notes(line + 1 if self.table.notes else line)
        self._page_setup(header_first, header_last, body_first, page_header, paper)

    def _across(self, line, text, fmt, bold=False, size=FONT_SIZE):
        """`text` merged across the table's width, the row as high as the wrapped text needs."""
        if self.width > 1:
            self.sheet.merge_range(line, 0, line, self.width - 1, text, fmt)
        else:
            self.sheet.write_string(line, 0, text, fmt)
        self.sheet.set_row(line, _height(_lines(text, self._span_width(0, self.width), bold, size), size))

    def _titles(self, line):
        for number, text in enumerate(self.table.title):
            size = TITLE_SIZE if number == 0 else FONT_SIZE
            self._across(line, str(text), self.formats.title(number == 0), bold=True, size=size)
            line += 1
        return line

    def _header(self, first):
        fmt = self.formats.header()
        placed = place_header(self.table.header, self.width)
        rows = max(len(self.table.header), 1)
        needed = [LINE_HEIGHT] * rows
        taken = set()
        spanning = []
        for r, c, cell in placed:
            last_row = min(r + cell.rowspan, rows) - 1
            last_col = min(c + cell.colspan, self.width) - 1
            text = str(cell.text)
            if last_row > r or last_col > c:
                self.sheet.merge_range(first + r, c, first + last_row, last_col, text, fmt)
            else:
                self.sheet.write_string(first + r, c, text, fmt)
            taken.update((rr, cc) for rr in range(r, last_row + 1) for cc in range(c, last_col + 1))
            height = _height(_lines(text, self._span_width(c, last_col + 1), bold=True))
            if last_row == r:
                needed[r] = max(needed[r], height)
            else:
                spanning.append((r, last_row, height))
        for r in range(rows):  # borders where the header leaves a hole
            for c in range(self.width):
                if (r, c) not in taken:
                    self.sheet.write_blank(first + r, c, None, fmt)
        for r, last_row, height in spanning:  # a cell over several rows may need more than they give
            missing = height - sum(needed[r : last_row + 1])
            if missing > 0:
                needed[last_row] += missing
        for r in range(rows):
            self.sheet.set_row(first + r, needed[r])
        return first + rows

    def _numbering(self, line):
        fmt = self.formats.numbering()
        numbers = list(self.table.numbering)
        lines = 1
        for c in range(self.width):
            text = str(numbers[c]) if c < len(numbers) and numbers[c] is not None else ""
            self.sheet.write_string(line, c, text, fmt)
            lines = max(lines, _lines(text, self._span_width(c, c + 1), size=FONT_SIZE - 1))
        self.sheet.set_row(line, _height(lines, FONT_SIZE - 1))
        return line + 1

    def _row(self, index, row):
        line = self.row_numbers[index]
        bold = row.bold or row.kind in ("total", "section")
        merged = self._section_label(row)
        if merged is not None:
            c, text = merged
            for before in range(c):
                self._cell(line, before, self.columns[before], row, None)
            indent = self._indent(row, c)
            self.sheet.merge_range(line, c, line, self.width - 1, text, self.formats.cell(TEXT, row, indent=indent))
            lines = _lines(text, self._span_width(c, self.width), bold, indent=indent)
        else:
            lines = max(self._cell(line, c, column, row, row.cells.get(column.key))
                        for c, column in enumerate(self.columns))
        self.sheet.set_row(line, _height(lines))
        if row.note:
            self.sheet.write_comment(line, 0, str(row.note), {"x_scale": 2, "y_scale": 1.5})

    def _section_label(self, row):
        """A section row with one text and nothing else is drawn as one merged heading."""
        if row.kind != "section" or self.width < 2:
            return None
        filled = [(self.position[k], cell) for k, cell in row.cells.items()
                  if k in self.position and cell is not None and cell.value not in (None, "")]
        if len(filled) != 1:
            return None
        c, cell = filled[0]
        if cell.formula is not None or not isinstance(cell.value, str) or c == self.width - 1:
            return None
        return c, cell.value

    def _indent(self, row, c):
        return min(15, max(0, int(row.level or 0))) if c == self.name_column else 0

    def _cell(self, line, c, column, row, cell):
        """Write one body cell; return the number of lines it needs."""
        value = None if cell is None else cell.value
        kind = column.kind
        indent = self._indent(row, c) if kind == TEXT else 0
        computed = cell is not None and cell.formula is not None
        if computed and (value is None or _is_number(value) or isinstance(cell.formula, Latest)):
            self._computed(line, c, column, row, cell)
            return 1 if not isinstance(value, str) else _lines(value, column.width, row.bold)
        if value is None or value == "":
            number_format = _number_format(None)
            self.sheet.write_blank(line, c, None, self.formats.cell(kind, row, indent, number_format=number_format))
            return 1
        if _is_number(value) and kind in NUMERIC_KINDS + (TEXT,):
            fmt = self.formats.cell(kind, row, indent, number_format=_number_format(value))
            self.sheet.write_number(line, c, _float(value), fmt)
            return 1
        # codes, texts, and texts found in numeric columns: always strings
        text = _text(value)
        self.sheet.write_string(line, c, text, self.formats.cell(kind, row, indent, as_text=True))
        bold = row.bold or row.kind in ("total", "section")
        return _lines(text, self.columns[c].width, bold, indent=indent)

    # formulas

    def _computed(self, line, c, column, row, cell):
        value = cell.value
        kind = TEXT if column.kind == CODE else column.kind  # a formula cell is never formatted as text
        fmt = self.formats.cell(kind, row, number_format=_number_format(value))
        try:
            formula = self.formula(cell.formula, line, column)
            self._check(cell.formula, row, column.key, value)
        except _NotEquivalent as reason:
            self._plain(line, c, value, fmt, str(reason))
            return
        cached = "" if value is None else _cached(value)
        self.sheet.write_formula(line, c, formula, fmt, cached)

    def formula(self, formula, line, column):
        """The spreadsheet formula for `formula` in sheet row `line`, column `column`."""
        if isinstance(formula, SumOf):
            lines = self._lines_of(formula.rows)
            return "=" + _sum(xl_col_to_name(self.position[column.key]), lines) if lines else "=0"
        if isinstance(formula, Ratio):
            a, b = self._here(line, formula.numerator), self._here(line, formula.denominator)
            return f'=IF(OR({a}="",N({b})=0),"",{a}/{b}{_times(formula.factor)})'
        if isinstance(formula, Add):
            if not formula.columns:
                return "=0"
            return "=" + "+".join(self._here(line, key) for key in formula.columns)
        if isinstance(formula, InverseRatio):
            r, t = self._here(line, formula.realisation), self._here(line, formula.target)
            factor = _number_literal(formula.factor if formula.factor is not None else 1)
            return (f'=IF(OR({r}="",{t}=""),"",IF(N({t})=0,IF(N({r})=0,{factor},0),'
                    f"MAX(0,(2*{t}-{r})/{t}{_times(formula.factor)})))")
        if isinstance(formula, WeightedMean):
            lines = self._lines_of(formula.rows)
            if not lines:
                return '=""'
            values, weights = self._column_letter(formula.values), self._column_letter(formula.weights)
            weight_sum = _sum(weights, lines)
            products = "+".join(
                f"SUMPRODUCT({_cells(values, first, last)},{_cells(weights, first, last)})"
                for first, last in _runs(lines)
            )
            return f'=IF({weight_sum}=0,"",({products})/{weight_sum})'
        if isinstance(formula, Latest):
            if not formula.columns:
                return '=""'
            text = '""'
            for key in formula.columns:  # the last column is asked first
                ref = self._here(line, key)
                text = f'IF({ref}<>"",{ref},{text})'
            return "=" + text
        raise _NotEquivalent(f"rumus jenis {type(formula).__name__} belum dapat ditulis sebagai rumus spreadsheet")

    def _lines_of(self, indices):
        return sorted({self.row_numbers[i] for i in indices if i in self.row_numbers})

    def _column_letter(self, key):
        if key not in self.position:
            raise _NotEquivalent(f"kolom '{key}' yang dirujuk rumus tidak ada di tabel")
        return xl_col_to_name(self.position[key])

    def _here(self, line, key):
        return f"{self._column_letter(key)}{line + 1}"

    def _check(self, formula, row, key, value):
        """Raise `_NotEquivalent` when the spreadsheet would compute something else than `value`."""
        result = self._evaluate(formula, row, key)
        if _blank(result) and _blank(value):
            return
        if _is_number(result) and _is_number(value):
            if abs(float(result) - float(value)) <= _tolerance(value):
                return
        elif isinstance(result, str) and isinstance(value, str) and result == value:
            return
        raise _NotEquivalent("rumus spreadsheet akan memberi hasil lain dari nilai yang dihitung Renja")

    def _evaluate(self, formula, row, key):
        """`formula`'s result as the spreadsheet would compute it from the cells' values (None: "")."""
        if isinstance(formula, SumOf):  # SUM ignores blanks and texts
            return sum((_sum_operand(self.table.rows[i].value(key)) for i in formula.rows if i in self.row_numbers),
                       Decimal(0))
        if isinstance(formula, Ratio):
            numerator = row.value(formula.numerator)
            denominator = _n(row.value(formula.denominator))
            if _blank(numerator) or denominator == 0:
                return None
            return _operand(numerator) / denominator * _factor(formula.factor)
        if isinstance(formula, Add):
            return sum((_operand(row.value(k)) for k in formula.columns), Decimal(0))
        if isinstance(formula, InverseRatio):
            realisation, target = row.value(formula.realisation), row.value(formula.target)
            if _blank(realisation) or _blank(target):
                return None
            if _n(target) == 0:
                return _factor(formula.factor) if _n(realisation) == 0 else Decimal(0)
            r, t = _operand(realisation), _operand(target)
            return max(Decimal(0), (2 * t - r) / t * _factor(formula.factor))
        if isinstance(formula, WeightedMean):
            rows = [self.table.rows[i] for i in formula.rows if i in self.row_numbers]
            weights = sum((_sum_operand(r.value(formula.weights)) for r in rows), Decimal(0))
            if weights == 0:
                return None
            products = sum((_sum_operand(r.value(formula.values)) * _sum_operand(r.value(formula.weights))
                            for r in rows), Decimal(0))
            return products / weights
        if isinstance(formula, Latest):
            for k in reversed(formula.columns):
                if not _blank(row.value(k)):
                    return row.value(k)
            return None
        raise _NotEquivalent(f"rumus jenis {type(formula).__name__} belum dapat ditulis sebagai rumus spreadsheet")

    def _plain(self, line, c, value, fmt, reason):
        if _blank(value):
            self.sheet.write_blank(line, c, None, fmt)
        elif isinstance(value, str):
            self.sheet.write_string(line, c, value, fmt)
        else:
            self.sheet.write_number(line, c, _float(value), fmt)
        self.sheet.write_comment(
            line, c, f"Nilai dihitung oleh Renja dan ditulis sebagai angka, bukan rumus: {reason}.",
            {"x_scale": 2, "y_scale": 1.2},
        )

    # page

    def _notes(self, line):
        fmt = self.formats.note()
        for text in self.table.notes:
            self._across(line, str(text), fmt)
            line += 1

    def _page_setup(self, header_first, header_last, body_first, page_header, paper):
        sheet = self.sheet
        sheet.freeze_panes(body_first, 0)
        if self.table.landscape:
            sheet.set_landscape()
        else:
            sheet.set_portrait()
        sheet.set_paper(paper)
        sheet.fit_to_pages(1, 0)
        if header_last >= header_first:
            sheet.repeat_rows(header_first, header_last)
        sheet.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
        sheet.center_horizontally()
        left = _header_text(page_header, 120)
        right = _header_text(str(self.table.id), 60)
        sheet.set_header(f"&L&8{left}&R&8{right}", {"margin": 0.3})
        sheet.set_footer("&C&8Halaman &P dari &N", {"margin": 0.3})

    def _span_width(self, first, last):
        return sum(self.columns[i].width for i in range(first, min(last, self.width))) if self.columns else 10


def place_header(header, width):
    """Where each header cell stands: a list of (row, column, HeaderCell), spans as in an HTML table."""
    taken = set()
    placed = []
    for r, cells_of_row in enumerate(header):
        c = 0
        for cell in cells_of_row:
            while (r, c) in taken:
                c += 1
            if c >= width:
                break
            placed.append((r, c, cell))
            for rr in range(r, r + max(1, cell.rowspan)):
                for cc in range(c, c + max(1, cell.colspan)):
                    taken.add((rr, cc))
            c += max(1, cell.colspan)
    return placed


def _name_column(columns):
    """The column indented by the row's level: the first text column that is not a row number."""
    for i, column in enumerate(columns):
        if column.kind == TEXT and column.key.lower() not in ("no", "nomor", "no_urut", "number"):
            return i
    return None


def _runs(lines):
    """Sorted sheet rows as (first, last) runs of contiguous rows."""
    runs = []
    for line in lines:
        if runs and line == runs[-1][1] + 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    return [tuple(run) for run in runs]


def _cells(letter, first, last):
    return f"{letter}{first + 1}" if first == last else f"{letter}{first + 1}:{letter}{last + 1}"


def _sum(letter, lines):
    """`SUM(F7:F12)`, `SUM(F7:F9,F12)`: runs of contiguous rows (several SUMs past Excel's argument limit)."""
    parts = [_cells(letter, first, last) for first, last in _runs(lines)]
    groups = [parts[i : i + SUM_ARGUMENTS] for i in range(0, len(parts), SUM_ARGUMENTS)]
    return "+".join(f"SUM({','.join(group)})" for group in groups)


# Advance widths of Arial (= Liberation Sans, Helvetica) for " " … "~", in thousandths of an em.
_ARIAL = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_ARIAL_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)
CELL_PADDING = 3  # pixels of a cell's width that text does not use (margins; LibreOffice and Excel leave ~2 each side)
INDENT_PIXELS = 10  # per indent level


def _text_width(text, bold=False, size=FONT_SIZE):
    """The width of `text` in pixels (96 dpi) in Arial of `size` points."""
    table = _ARIAL_BOLD if bold else _ARIAL
    units = sum(table[ord(ch) - 32] if 32 <= ord(ch) <= 126 else 600 for ch in text)
    return units * size * 96 / 72 / 1000


def _column_pixels(width):
    """A column `width` characters wide, in pixels (as Excel and XlsxWriter count them)."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def _lines(text, width, bold=False, size=FONT_SIZE, indent=0):
    """How many lines `text` takes when wrapped in a cell `width` characters wide."""
    room = max(10.0, _column_pixels(width) - CELL_PADDING - indent * INDENT_PIXELS)
    space = _text_width(" ", bold, size)
    count = 0
    for paragraph in str(text).split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            wide = _text_width(word, bold, size)
            if used and used + space + wide <= room:
                used += space + wide
                continue
            if used:
                lines += 1
            while wide > room:  # a word longer than the cell is broken
                lines += 1
                wide -= room
            used = wide
        count += lines
    return count


def _height(lines, size=FONT_SIZE):
    """The row height in points for `lines` lines of text of `size` points."""
    return max(LINE_HEIGHT, lines * size * 1.17 + 3)


def _header_text(text, limit):
    text = " ".join(str(text).split()).replace("&", "&&")
    return text[:limit]


def _is_number(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, Decimal)):
        return not (isinstance(value, Decimal) and not value.is_finite())
    if isinstance(value, float):
        return math.isfinite(value)
    return False


def _float(value):
    return int(value) if isinstance(value, int) else float(value)


def _cached(value):
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _text(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _blank(value):
    return value is None or value == ""


def _n(value):
    """Excel's N(): numbers as they are, anything else 0."""
    return Decimal(str(value)) if _is_number(value) else Decimal(0)


def _sum_operand(value):
    """A value as SUM and SUMPRODUCT read it: texts and blanks are 0."""
    return _n(value)


def _factor(factor):
    return Decimal(str(factor if factor is not None else 1))


def _times(factor):
    return "" if factor in (1, None) else f"*{_number_literal(factor)}"


def _operand(value):
    """A referenced cell's value as the spreadsheet reads it in + and /: blank is 0, text an error."""
    if value is None or value == "":
        return Decimal(0)
    if _is_number(value):
        return Decimal(str(value))
    raise _NotEquivalent("sel yang dirujuk berisi teks")


def _tolerance(value):
    """Half a unit of the value's last decimal place (a builder may round); tiny for exact values."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -12 <= exponent <= 0:
            return float(Decimal(5) * Decimal(10) ** (exponent - 1)) + 1e-12
    if isinstance(value, int):
        return 0.5
    return max(1e-9, abs(float(value)) * 1e-9)


def _number_literal(number):
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return format(number, "f") if isinstance(number, Decimal) else str(number)


def _number_format(value):
    """Number columns: whole numbers with thousands, others as they are (General)."""
    if value is None or (_is_number(value) and float(value).is_integer()):
        return INTEGER_FORMAT
    return "General"
