"""T-C.33 of a Renja Perubahan: target and pagu *sebelum* and *sesudah/setelah* perubahan, and several pagu
columns (RKPD, APBD, RKPD Perubahan, APBD Perubahan).

What the contract's exchange keys carry: on a sub kegiatan `pagu_sebelum` and `pagu_kolom` (each pagu column of
the layout), on an indicator `target_sebelum`; `pagu_n`/`target_n` are the values after the change. Where no
column is named for pagu n, `--pagu KOLOM` chooses among the pagu columns (see tc33.pagu_column).
"""

from .rows import TableReader
from .tc33 import pagu_column

NAME = "perubahan"
TITLE = "T-C.33 Renja Perubahan (sebelum/sesudah perubahan)"


def matches(header):
    return header.is_perubahan


def read(sheet, header, pagu=None):
    return TableReader(sheet, header, pagu_n_column=pagu_column(header, pagu)).read()
