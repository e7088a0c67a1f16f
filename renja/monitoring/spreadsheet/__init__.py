"""Quarterly realisation by spreadsheet: a template of a plan in force, filled in and uploaded again.

`write_template(renja)` gives an .xlsx workbook with one sheet per quarter ("TW I" … "TW IV") and a sheet
"Belanja" (spending per account code). A quarter sheet lists the plan's rows in tree order (program, its
indicators, kegiatan, its indicators, sub kegiatan, its indicators …), each with an ID column (``P-12``,
``K-34``, ``S-56``, ``I-78``) that matches the row on upload and the row's kode as a cross-check. It is
prefilled with what is already entered, so that download → edit → upload round-trips.

`load_workbook(renja, file)` reads every row of every sheet first and collects every error, each naming the
sheet, row and column and saying why ("Sheet 'TW II', baris 9, kolom H (Realisasi fisik): '120' di luar
0–100."). With any error it raises `RealisationLoadError` and changes nothing; otherwise it writes everything
in one transaction, through simple_history's bulk functions (every change keeps its history) and bumps the
`versi` of every row it changes.

Rules of the upload:

* the plan must be ditetapkan (realisation is entered on a plan in force);
* a sheet that is missing leaves its quarter unchanged; a row missing from a sheet leaves that row's quarter
  unchanged; a row present with blank cells means "not reported" (values already stored are cleared);
* IDs that are unknown, belong to another plan or repeat are refused, and so is a kode that does not match;
* amounts are whole Rupiah, typed as numbers or written the Indonesian way ("12.500.000", "Rp 12.500.000");
* realisasi fisik is cumulative, 0–100, and does not go down from one quarter to the next (quarters not in
  the file count with their stored values);
* the year's realisasi keuangan of a sub kegiatan does not exceed its pagu (pagu_n);
* an indicator's realisation keeps its text as written; its value is read from it (a text without a readable
  number is kept and reported as a note);
* on "Belanja", rows are matched by sub kegiatan (ID, else kode) and kode rekening; rows not in the sheet
  are left as they are; an account's realisation does not exceed its anggaran.
"""

from .layout import BELANJA_COLUMNS, QUARTER_COLUMNS, LoadReport, RealisationLoadError, template_filename
from .template import write_template
from .upload import load_workbook

__all__ = ["BELANJA_COLUMNS", "QUARTER_COLUMNS", "LoadReport", "RealisationLoadError", "load_workbook",
           "template_filename", "write_template"]
