"""The template: the plan in force as quarter sheets and the Belanja sheet, prefilled with what is entered."""

import io

from openpyxl.utils import get_column_letter

from renja.monitoring.models import Triwulan

from .layout import (
    BELANJA_COLUMNS,
    BELANJA_SHEET,
    INDICATOR_INPUTS,
    LEVEL_LABELS,
    QUARTER_COLUMNS,
    QUARTER_SHEETS,
    QUARTERS,
    SUB_INPUTS,
    SheetPlan,
)

# --- the template ------------------------------------------------------------------------------------------


def write_template(renja):
    """The realisation workbook of `renja` (bytes of an .xlsx file), prefilled with what is stored."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = SheetPlan(renja)
    pd = renja.perangkat_daerah
    grey = PatternFill("solid", fgColor="E7E9EC")
    header_fill = PatternFill("solid", fgColor="0B3D2E")
    level_fill = {"program": PatternFill("solid", fgColor="D9EFE4"), "kegiatan": PatternFill("solid", fgColor="EEF7F2")}
    bold = Font(bold=True)
    unlocked = Protection(locked=False)
    rupiah = "#,##0"
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    wb.remove(wb.active)

    def title_rows(ws, subtitle):
        ws["A1"] = f"REALISASI RENJA {pd.nama.upper()} TAHUN {renja.tahun}"
        ws["A1"].font = Font(bold=True, size=13)
        rows = [("Perangkat Daerah", f"{pd.nama} ({pd.kode})"), ("Tahun", renja.tahun), ("Bagian", subtitle),
                ("ID Renja", renja.pk)]
        for offset, (label, value) in enumerate(rows, start=2):
            ws.cell(offset, 1, label).font = bold
            ws.cell(offset, 3, value)
        ws.cell(6, 1, "Isi sel putih; sel abu-abu hanya keterangan. Sel kosong berarti belum dilaporkan. "
                      "Jangan ubah kolom ID dan Kode: keduanya mencocokkan baris saat berkas diunggah.").font = \
            Font(italic=True, color="555555")

    def header(ws, columns, row):
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row, index, column.header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.row_dimensions[row].height = 45

    index_of = {c.key: i for i, c in enumerate(QUARTER_COLUMNS, start=1)}
    header_row = 7
    for q in QUARTERS:
        ws = wb.create_sheet(QUARTER_SHEETS[q])
        title_rows(ws, Triwulan(q).label)
        header(ws, QUARTER_COLUMNS, header_row)
        ws.freeze_panes = ws.cell(header_row + 1, index_of["pagu"])
        row = header_row
        for line in plan.lines:
            row += 1
            values = {"id": line.ident, "tingkat": LEVEL_LABELS[line.prefix], "kode": line.kode,
                      "uraian": line.uraian}
            inputs = []
            if line.prefix == "S":
                sub = line.obj
                values["pagu"] = sub.pagu_n
                stored = plan.sub_realisation.get((sub.pk, q))
                if stored is not None:
                    values.update(rencana=stored.rencana_keuangan, keuangan=stored.keuangan, fisik=stored.fisik,
                                  pendorong=stored.faktor_pendorong, penghambat=stored.faktor_penghambat,
                                  tindak_lanjut=stored.tindak_lanjut)
                inputs = SUB_INPUTS
            elif line.prefix == "I":
                ind = line.obj
                values.update(satuan=ind.target_n_satuan, target=ind.target_n_teks)
                stored = plan.indicator_realisation.get((ind.pk, q))
                if stored is not None:
                    values["indikator"] = stored.teks or stored.nilai
                inputs = INDICATOR_INPUTS
            for column in QUARTER_COLUMNS:
                value = values.get(column.key)
                cell = ws.cell(row, index_of[column.key], "" if value is None else value)
                if value is None or value == "":
                    cell.value = None
                if column.key in inputs:
                    cell.protection = unlocked
                    if column.key in ("pendorong", "penghambat", "tindak_lanjut"):
                        cell.alignment = wrap
                else:
                    cell.fill = level_fill.get(line.level, grey)
                if column.key in ("pagu", "rencana", "keuangan"):
                    cell.number_format = rupiah
                elif column.key == "fisik":
                    cell.number_format = "0.00"
                elif column.key == "id":
                    cell.font = Font(color="777777", size=9)
            if line.level in ("program", "kegiatan"):
                for index in (index_of["kode"], index_of["uraian"]):
                    ws.cell(row, index).font = bold
            elif line.level == "indikator":
                ws.cell(row, index_of["uraian"]).alignment = Alignment(indent=2, wrap_text=True)
        if row > header_row:
            fisik = get_column_letter(index_of["fisik"])
            check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                   allow_blank=True, showErrorMessage=True, errorTitle="Realisasi fisik",
                                   error="Realisasi fisik kumulatif diisi 0 sampai 100 (%).")
            check.add(f"{fisik}{header_row + 1}:{fisik}{row}")
            ws.add_data_validation(check)
        ws.protection.sheet = True
        for allowed in ("formatColumns", "formatRows", "formatCells", "autoFilter", "sort"):
            setattr(ws.protection, allowed, False)

    ws = wb.create_sheet(BELANJA_SHEET)
    title_rows(ws, "Belanja per kode rekening")
    ws.cell(6, 1, "Satu baris per sub kegiatan dan kode rekening; tambahkan baris bila perlu (isi ID atau kode sub "
                  "kegiatan). Realisasi per triwulan, bukan kumulatif.").font = Font(italic=True, color="555555")
    header(ws, BELANJA_COLUMNS, header_row)
    ws.freeze_panes = ws.cell(header_row + 1, 4)
    belanja_index = {c.key: i for i, c in enumerate(BELANJA_COLUMNS, start=1)}
    stored_of = {}
    for (sub_id, _), b in plan.belanja.items():
        stored_of.setdefault(sub_id, []).append(b)
    row = header_row
    for line in plan.lines:
        if line.prefix != "S":
            continue
        for b in stored_of.get(line.obj.pk) or [None]:
            row += 1
            values = {"sub_id": line.ident, "kode_sub": line.kode, "nama_sub": line.uraian}
            if b is not None:
                values.update(kode_rekening=b.kode_rekening, uraian=b.uraian, anggaran=b.anggaran,
                              **{f"tw{q}": getattr(b, f"realisasi_tw{q}") for q in QUARTERS})
            for column in BELANJA_COLUMNS:
                value = values.get(column.key)
                cell = ws.cell(row, belanja_index[column.key], None if value in (None, "") else value)
                if column.key in ("sub_id", "kode_sub", "nama_sub"):
                    cell.fill = grey
                if column.key == "anggaran" or column.key.startswith("tw"):
                    cell.number_format = rupiah
                if column.key == "kode_rekening":
                    cell.number_format = "@"

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


