"""A neutral grid of each sheet: the values as the file holds them, the merged ranges, percent formats.

The layouts read this grid, never the file: a cell is addressed by its 1-based Excel row and column.
"""

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

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
            sheet = Sheet(ws.title, rows, percent=percent)
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
