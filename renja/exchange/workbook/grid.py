"""A neutral grid of each sheet: the values as the file holds them, the merged ranges, percent formats.

The layouts read this grid, never the file: a cell is addressed by its 1-based Excel row and column.
"""

import html
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from renja.core.errors import InputRefused

from .safety import check_file, check_rows

# A plan table has some 15–25 columns; beyond this a sheet holds something else (or stray formatting).
MAX_COLUMNS = 80


@dataclass
class Sheet:
    title: str
    rows: list  # rows[r - 1][c - 1]: the cell's value (str, int, float, datetime, bool or None)
    merged: dict = field(default_factory=dict)  # (row, col) of every covered cell → (row, col) of its top left
    spans: dict = field(default_factory=dict)  # (row, col) of a top-left cell → (last row, last col)
    percent: set = field(default_factory=set)  # (row, col) of numeric cells formatted as a percentage
    uncached: set = field(default_factory=set)  # (row, col) of formulas the file holds no computed value of

    @property
    def height(self):
        return len(self.rows)

    def __post_init__(self):
        self.width = max((len(r) for r in self.rows), default=0)

    def value(self, row, col):
        if 1 <= row <= len(self.rows) and 1 <= col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return None

    def shown(self, row, col):
        """The value a reader sees at a cell: a merged range shows its top-left value on every cell."""
        return self.value(*self.merged.get((row, col), (row, col)))


def letter(col):
    return get_column_letter(col)


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_UNCACHED = re.compile(rb'<c r="([A-Z]{1,3}\d+)"[^>]*>\s*<f[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')


def uncached_formulas(path):
    """Per sheet title, the cells holding a formula without its computed value (a workbook written by a program
    and never opened in a spreadsheet): their value is unknown, and reading them as blank would lose it silently."""
    found = {}
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            targets = {rid.decode(): target.decode() for rid, target in
                       re.findall(rb'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
            targets.update({rid.decode(): target.decode() for target, rid in
                            re.findall(rb'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
            for name, rid in re.findall(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
                target = targets.get(rid.decode(), "")
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                data = archive.read(part)
                if b"<f" not in data:
                    continue
                cells = set()
                for ref in _UNCACHED.findall(data):
                    letters, number = _CELL_REF.match(ref.decode()).groups()
                    cells.add((int(number), column_index_from_string(letters)))
                if cells:
                    found[html.unescape(name.decode("utf-8"))] = cells
    except Exception:  # best effort: a file openpyxl could read is not refused for this
        return {}
    return found


def read_grid(path):
    """Every worksheet of a checked .xlsx file as a `Sheet`."""
    path = Path(path)
    check_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it drops
            book = load_workbook(path, data_only=True)
    except InputRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; each means the same to a user
        raise InputRefused(f"{path.name}: berkas rusak, tidak dapat dibuka sebagai buku kerja Excel "
                           f"({type(exc).__name__}: {exc})") from exc
    sheets = []
    uncached = uncached_formulas(path)
    try:
        for ws in book.worksheets:
            check_rows(path.name, ws.title, ws.max_row)
            width = min(ws.max_column, MAX_COLUMNS)
            rows, percent = [], set()
            for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=width), start=1):
                values = []
                for c, cell in enumerate(cells, start=1):
                    value = cell.value
                    if isinstance(value, float) and not math.isfinite(value):
                        value = str(value)  # "inf", "nan": text to every reader, never a number
                    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
                        percent.add((r, c))
                    values.append(value)
                while values and values[-1] is None:
                    values.pop()
                rows.append(values)
            while rows and not rows[-1]:
                rows.pop()
            sheet = Sheet(ws.title, rows, percent=percent, uncached=uncached.get(ws.title, set()))
            for cells in ws.merged_cells.ranges:
                if cells.min_row > len(rows) or cells.min_col > width:
                    continue
                top = (cells.min_row, cells.min_col)
                sheet.spans[top] = (cells.max_row, min(cells.max_col, width))
                for r in range(cells.min_row, min(cells.max_row, len(rows)) + 1):
                    for c in range(cells.min_col, min(cells.max_col, width) + 1):
                        if (r, c) != top:
                            sheet.merged[(r, c)] = top
            sheets.append(sheet)
    finally:
        book.close()
    return sheets
