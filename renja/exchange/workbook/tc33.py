"""T-C.33 as planners' systems print it: "Rencana Program, Kegiatan dan Pendanaan" (Kode | Urusan/Bidang/
Program/Kegiatan/Sub Kegiatan | Indikator | Target akhir Renstra | Realisasi n-2 | Prakiraan n-1 | Target n |
Pagu indikatif n | Lokasi | Sumber dana | Prioritas | Kelompok sasaran | Target n+1 | Pagu n+1 | PD penanggung
jawab), and the Renja document's "Rumusan Rencana Program dan Kegiatan" (Catatan Penting instead of the
Renstra and realisation columns). Columns may be missing or in another order: they are found by their texts.
"""

from renja.core.errors import InputRefused

from .rows import TableReader

NAME = "tc33"
TITLE = "T-C.33 Rencana Program, Kegiatan dan Pendanaan"


def matches(header):
    return not header.is_perubahan


def pagu_column(header, choice):
    """The column of pagu n: the one named for n, else the one `choice` (--pagu) names among several pagu columns
    (RKPD, APBD …), else the only one; several and none chosen is refused with the columns listed."""
    candidates = header.pagu_columns
    if choice:
        wanted = choice.strip().lower().replace(" ", "_").replace("-", "_")
        for column in candidates + header.of("pagu_n") + header.of("pagu_sebelum"):
            key = (column.role or "").split(":", 1)[-1]
            if wanted in (key, column.letter.lower()) or choice.strip().lower() == column.label.lower():
                return column.col
        raise InputRefused(f"--pagu '{choice}' tidak cocok dengan kolom pagu mana pun; pilihan: "
                           + ", ".join(_describe(c) for c in candidates + header.of("pagu_n")))
    if header.of("pagu_n"):
        return None
    if len(candidates) == 1:
        return candidates[0].col
    if len(candidates) > 1:
        raise InputRefused("buku kerja memiliki beberapa kolom pagu dan tidak satu pun untuk tahun n: "
                           + ", ".join(_describe(c) for c in candidates)
                           + "; pilih salah satu dengan --pagu KOLOM (mis. --pagu apbd)")
    return None


def _describe(column):
    key = (column.role or "").split(":", 1)[-1]
    return f"{key} (kolom {column.letter}: '{column.label}')"


def read(sheet, header, pagu=None):
    return TableReader(sheet, header, pagu_n_column=pagu_column(header, pagu)).read()
