"""Workbooks built in the tests (openpyxl), as planners' systems print T-C.33: title rows, a header of two rows
with merged group cells, the numbering row, then the plan rows. No test here; the other test_workbook_* use it."""

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

TITLE = ["RENCANA PROGRAM, KEGIATAN DAN PENDANAAN",
         "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK KOTA CONTOH", "TAHUN 2026"]

# Each column: (key, group header or None, header). The code takes five columns under one merged "Kode".
TC33_COLUMNS = [
    ("k1", "Kode", None), ("k2", "Kode", None), ("k3", "Kode", None), ("k4", "Kode", None), ("k5", "Kode", None),
    ("uraian", None, "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan"),
    ("indikator", None, "Indikator Kinerja Program/Kegiatan/Sub Kegiatan"),
    ("renstra", None, "Target Akhir Renstra"),
    ("realisasi", None, "Realisasi Capaian Kinerja Tahun 2024 (n-2)"),
    ("prakiraan", None, "Prakiraan Capaian Kinerja Tahun 2025 (n-1)"),
    ("target_n", "Rencana Tahun 2026", "Target Capaian Kinerja"),
    ("pagu_n", "Rencana Tahun 2026", "Pagu Indikatif"),
    ("lokasi", "Rencana Tahun 2026", "Lokasi"),
    ("sumber_dana", "Rencana Tahun 2026", "Sumber Dana"),
    ("prioritas", "Rencana Tahun 2026", "Prioritas Nasional/Daerah"),
    ("kelompok", "Rencana Tahun 2026", "Kelompok Sasaran"),
    ("target_n1", "Prakiraan Maju Rencana Tahun 2027", "Target Capaian Kinerja"),
    ("pagu_n1", "Prakiraan Maju Rencana Tahun 2027", "Kebutuhan Dana/Pagu Indikatif"),
    ("pd", None, "PD Penanggung Jawab"),
]

PERUBAHAN_COLUMNS = [
    ("kode", None, "Kode"),
    ("uraian", None, "Program/Kegiatan/Sub Kegiatan"),
    ("indikator", None, "Indikator Kinerja"),
    ("target_sebelum", "Target Kinerja", "Sebelum Perubahan"),
    ("target_n", "Target Kinerja", "Setelah Perubahan"),
    ("pagu_sebelum", "Pagu Indikatif", "Sebelum Perubahan"),
    ("pagu_n", "Pagu Indikatif", "Setelah Perubahan"),
    ("rkpd", "Pagu", "RKPD"),
    ("apbd", "Pagu", "APBD"),
    ("rkpd_perubahan", "Pagu", "RKPD Perubahan"),
    ("lokasi", None, "Lokasi"),
    ("sumber_dana", None, "Sumber Dana"),
]


def code_cells(code):
    """"2.08.02.2.01.0001" → the five code columns U | BB | PP | K.KK | SSSS."""
    parts = code.split(".")
    cells = parts[:3] + ([".".join(parts[3:5])] if len(parts) >= 5 else []) + parts[5:6]
    return cells + [None] * (5 - len(cells))


def row(code=None, **values):
    """A data row of TC33_COLUMNS as a dict; `code` goes into the five code columns."""
    data = dict(values)
    if code is not None:
        data.update(zip(("k1", "k2", "k3", "k4", "k5"), code_cells(code), strict=True))
    return data


def sample_rows():
    """A small plan: urusan and bidang rows, a program with a kegiatan and two sub kegiatan, stated totals."""
    return [
        row("2", uraian="URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", pagu_n="1.250.000.000"),
        row("2.08", uraian="URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"),
        row("2.08.02", uraian="PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN",
            indikator="Indeks Pembangunan Gender", target_n="94,1", pagu_n="1.250.000.000", renstra="95",
            target_n1="94,5", pagu_n1="1.300.000.000", pd="DP3A"),
        row("2.08.02.2.01", uraian="Pelembagaan PUG pada Lembaga Pemerintah Kewenangan Kabupaten/Kota",
            indikator="Persentase Perangkat Daerah yang responsif gender", target_n="80 %", pagu_n="1.250.000.000"),
        row("2.08.02.2.01.0001", uraian="Koordinasi dan Sinkronisasi Perumusan Kebijakan PUG",
            indikator="Jumlah dokumen kebijakan\nJumlah rapat koordinasi", target_n="3 Dokumen\n12 Kali",
            target_n1="3 Dokumen\n12 Kali", pagu_n="750.000.000,00", pagu_n1="Rp 800.000.000", lokasi="Kota Contoh",
            sumber_dana="APBD", prioritas="PN 1", kelompok="ASN"),
        row("2.08.02.2.01.0002", uraian="Sosialisasi PUG", indikator="Jumlah peserta", target_n="120 Orang",
            pagu_n=500000000, pagu_n1=550000000.0, lokasi="Kota Contoh", sumber_dana="DAK"),
    ]


def build(path, rows, *, columns=TC33_COLUMNS, title=TITLE, numbering=True, sheet="T-C.33", percent=(),
          extra_sheets=(), repeat_header_at=None):
    """Write a workbook: title lines, the two-row header (groups merged), the numbering row, the rows (dicts by
    column key, or a list of raw cell values). `percent`: (row index in `rows`, key) cells formatted as %.
    `repeat_header_at`: the index of the row before which the header and numbering are printed again."""
    book = Workbook()
    for name in extra_sheets:
        book.create_sheet(name).append(["Catatan", "bukan tabel"])
    ws = book.active
    ws.title = sheet
    for line in title:
        ws.append([line])
    if title:
        ws.append([])
    top = len(title) + (1 if title else 0) + 1
    keys = [key for key, _, _ in columns]

    def header(at):
        first = [group if group is not None else text for _, group, text in columns]
        second = [text if group is not None else None for _, group, text in columns]
        for c, value in enumerate(first, start=1):
            ws.cell(at, c, value)
        for c, value in enumerate(second, start=1):
            ws.cell(at + 1, c, value)
        c = 1
        while c <= len(columns):
            group = columns[c - 1][1]
            end = c
            while group is not None and end < len(columns) and columns[end][1] == group:
                end += 1
            if group is None:
                ws.merge_cells(start_row=at, start_column=c, end_row=at + 1, end_column=c)
            elif columns[c - 1][2] is None:  # a group without sub headers (the code): one cell over both rows
                ws.merge_cells(start_row=at, start_column=c, end_row=at + 1, end_column=end)
            elif end > c:
                ws.merge_cells(start_row=at, start_column=c, end_row=at, end_column=end)
            c = end + 1
        if numbering:
            for c in range(1, len(columns) + 1):
                ws.cell(at + 2, c, c)
        return at + 2 + (1 if numbering else 0)

    at = header(top)
    for index, data in enumerate(rows):
        if repeat_header_at == index:
            at = header(at)
        values = data if isinstance(data, list) else [data.get(key) for key in keys]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(at, c, value)
            if isinstance(data, dict) and (index, keys[c - 1]) in percent:
                cell.number_format = "0%"
        at += 1
    book.save(path)
    return path


def excel_row(rows_before_data, index, title=TITLE, numbering=True):
    """The Excel row of the `index`-th data row of `build` (without a repeated header)."""
    return len(title) + (1 if title else 0) + 2 + (1 if numbering else 0) + index + 1 + rows_before_data


def column_letter(key, columns=TC33_COLUMNS):
    return get_column_letter([k for k, _, _ in columns].index(key) + 1)
