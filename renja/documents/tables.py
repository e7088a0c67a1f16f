"""Tables are data before they are files.

Each official table is built once, by a pure function over a `PlanView` (see `builders/`), as a `Table`:
title lines, columns, header rows with merged groups, the column-number row, and body and total rows.
Renderers (XLSX, DOCX, PDF) draw any `Table`. A computed cell carries both its value (computed here, in
Python) and the `Formula` that computes it, so that a spreadsheet can show a live formula whose cached
value is the same number.
"""

from dataclasses import dataclass, field

TEXT, CODE, MONEY, PERCENT, NUMBER = "text", "code", "money", "percent", "number"


@dataclass(frozen=True)
class SumOf:
    """The sum of this column over the given body rows (indices into `Table.rows`)."""

    rows: tuple


@dataclass(frozen=True)
class Ratio:
    """This row: column `numerator` / column `denominator` × `factor` (a percentage by default)."""

    numerator: str
    denominator: str
    factor: int = 100


@dataclass(frozen=True)
class Add:
    """This row: the sum of the given columns."""

    columns: tuple


@dataclass(frozen=True)
class WeightedMean:
    """The mean of column `values` over the given body rows (indices into `Table.rows`), weighted by column
    `weights` (pagu): Σ(value × weight) / Σ weight over `rows`; a blank value counts as 0. The way a Total row
    summarises percentages (renja.monitoring.measures.weighted_mean), never by adding them up."""

    values: str
    weights: str
    rows: tuple


@dataclass(frozen=True)
class InverseRatio:
    """This row, for a lower-is-better indicator: (2 × column `target` − column `realisation`) / `target` ×
    `factor`, not below 0; when `target` is 0: `factor` if `realisation` is 0, else 0
    (renja.monitoring.measures.capaian with polaritas "negatif")."""

    realisation: str
    target: str
    factor: int = 100


@dataclass(frozen=True)
class Latest:
    """This row: the value of the last non-blank cell among the given columns, taken in the given order
    (a level indicator's latest value, where adding up years would be wrong)."""

    columns: tuple


@dataclass
class Cell:
    value: object = None  # str, int (Rupiah), Decimal (percentages, ratios) or None
    formula: object = None  # SumOf, Ratio, Add, WeightedMean, InverseRatio, Latest or None: how `value` was computed

    @property
    def computed(self):
        return self.formula is not None


@dataclass
class Column:
    key: str
    kind: str = TEXT  # text | code | money | percent | number
    width: float = 14  # in spreadsheet characters; renderers scale it


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Row:
    cells: dict  # column key → Cell (a missing key is an empty cell)
    level: int = 0  # indentation: 0 program (or top), 1 kegiatan, 2 sub kegiatan
    bold: bool = False
    kind: str = "body"  # body | total | section
    note: str = ""  # e.g. why a computed column is left blank

    def value(self, key):
        cell = self.cells.get(key)
        return None if cell is None else cell.value


@dataclass
class Table:
    id: str  # "T-C.33", "Tabel 4.1", "BAB II 2.1 …"
    title: list  # title lines, with the PD name and year
    columns: list
    header: list  # rows of HeaderCell, spans as in the official layout
    rows: list = field(default_factory=list)
    numbering: list | None = None  # the column-number row: "1", "2", "8=(7/6)", …
    notes: list = field(default_factory=list)  # lines printed under the table
    landscape: bool = True
    sheet_name: str = ""  # at most 31 characters; defaults to the id

    @property
    def keys(self):
        return [c.key for c in self.columns]

    def column(self, key):
        return next(c for c in self.columns if c.key == key)


def cells(**values):
    """Row cells from keyword values: plain values become `Cell(value)`; `Cell`s stay as they are."""
    return {key: value if isinstance(value, Cell) else Cell(value) for key, value in values.items()}


def total_row(table_rows, columns, label_key, label="TOTAL", of=None):
    """A total row summing `columns` over the rows `of` (indices; default: every body row so far)."""
    indices = tuple(of if of is not None else (i for i, r in enumerate(table_rows) if r.kind == "body"))
    values = {}
    for key in columns:
        numbers = [table_rows[i].value(key) for i in indices]
        values[key] = Cell(sum(n for n in numbers if n is not None), SumOf(indices))
    values[label_key] = Cell(label)
    return Row(values, bold=True, kind="total")
