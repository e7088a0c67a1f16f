"""The compiled RKPD (`renja.plans.rkpd.compile_rkpd`) as Tables, and as a workbook with live formulas or a PDF.

Every program's pagu is the SUM of its kegiatan rows, every PD's the SUM of its programs, the Pemda's the SUM
of the PDs; urusan are the SUM of their bidang; the sumber dana table sums to the same total. The PDF is the
workbook converted by LibreOffice, so both print the same figures.
"""

import tempfile
from pathlib import Path

from .tables import CODE, MONEY, TEXT, Cell, Column, HeaderCell, Row, SumOf, Table, cells

MONEY_KEYS = ("pagu_n", "pagu_n1")


def _title(rkpd, what):
    stage = "tahap terakhir setiap PD" if not rkpd.tahap else dict(_stages()).get(rkpd.tahap, rkpd.tahap)
    return [f"{what} · RKPD {rkpd.pemda.nama} Tahun {rkpd.tahun}", f"Dihimpun dari Renja Perangkat Daerah ({stage})"]


def _stages():
    from renja.plans.models import Renja

    return Renja.Tahap.choices


def _money_header(rkpd):
    return [HeaderCell(f"Pagu indikatif {rkpd.tahun} (Rp)"), HeaderCell(f"Prakiraan maju {rkpd.tahun + 1} (Rp)")]


def _sum_row(rows, of, label_key, label, level=0, extra=None):
    values = {key: Cell(sum(rows[i].value(key) or 0 for i in of), SumOf(tuple(of))) for key in MONEY_KEYS}
    values[label_key] = Cell(label)
    values.update(extra or {})
    return Row(values, level=level, bold=True, kind="total" if level == 0 else "body")


def plans_table(rkpd):
    """Every PD's programs and kegiatan: kegiatan carry their pagu, programs and PDs sum the rows below."""
    table = Table(
        id="RKPD", sheet_name="Program dan Kegiatan", title=_title(rkpd, "Program dan kegiatan per Perangkat Daerah"),
        columns=[Column("kode", CODE, 20), Column("nama", TEXT, 60), Column("pagu_n", MONEY, 20),
                 Column("pagu_n1", MONEY, 20)],
        header=[[HeaderCell("Kode"), HeaderCell("Perangkat Daerah / Program / Kegiatan"), *_money_header(rkpd)]],
        numbering=["1", "2", "3", "4"])
    rows = table.rows
    pd_totals = []
    for plan in rkpd.pds:
        if plan.renja is None:
            rows.append(Row(cells(kode=plan.pd.kode, nama=f"{plan.pd.nama} (belum ada Renja {rkpd.tahun})"),
                            kind="section"))
            continue
        heading = len(rows)
        rows.append(None)  # the PD's own row, its sum known once its programs are written
        program_rows = []
        for program in plan.programs:
            at = len(rows)
            rows.append(None)
            kegiatan_rows = []
            for kegiatan in program.children:
                kegiatan_rows.append(len(rows))
                rows.append(Row(cells(kode=kegiatan.kode, nama=kegiatan.nama, pagu_n=kegiatan.pagu_n,
                                      pagu_n1=kegiatan.pagu_n1), level=2))
            rows[at] = _sum_row(rows, kegiatan_rows, "nama", program.nama, level=1, extra={"kode": Cell(program.kode)})
            program_rows.append(at)
        rows[heading] = _sum_row(rows, program_rows, "nama", f"{plan.pd.nama} ({plan.renja.get_tahap_display()}, "
                                 f"{plan.renja.get_status_display()})", level=0, extra={"kode": Cell(plan.pd.kode)})
        rows[heading].kind = "body"
        pd_totals.append(heading)
    rows.append(_sum_row(rows, pd_totals, "nama", f"JUMLAH {rkpd.pemda.nama.upper()}"))
    return table


def urusan_table(rkpd):
    table = Table(
        id="RKPD urusan", sheet_name="Per Urusan", title=_title(rkpd, "Pagu per urusan dan bidang urusan"),
        columns=[Column("kode", CODE, 12), Column("nama", TEXT, 60), Column("pagu_n", MONEY, 20),
                 Column("pagu_n1", MONEY, 20)],
        header=[[HeaderCell("Kode"), HeaderCell("Urusan / Bidang urusan"), *_money_header(rkpd)]],
        notes=["Urusan dan bidang urusan menurut kode program (Permendagri 90/2019); nama dari nomenklatur bila "
               "telah dimuat."])
    rows = table.rows
    tops = []
    for urusan in rkpd.urusan:
        at = len(rows)
        rows.append(None)
        below = []
        for bidang in urusan.children:
            below.append(len(rows))
            rows.append(Row(cells(kode=bidang.kode, nama=bidang.nama or f"Bidang urusan {bidang.kode}",
                                  pagu_n=bidang.pagu_n, pagu_n1=bidang.pagu_n1), level=1))
        name = urusan.nama or (urusan.kode if not urusan.kode[:1].isdecimal() else f"Urusan {urusan.kode}")
        if below:
            rows[at] = _sum_row(rows, below, "nama", name, level=0, extra={"kode": Cell(urusan.kode)})
            rows[at].kind = "body"
        else:
            rows[at] = Row(cells(kode=urusan.kode, nama=name, pagu_n=urusan.pagu_n, pagu_n1=urusan.pagu_n1), bold=True)
        tops.append(at)
    rows.append(_sum_row(rows, tops, "nama", "JUMLAH"))
    return table


def sumber_dana_table(rkpd):
    table = Table(
        id="RKPD sumber dana", sheet_name="Per Sumber Dana", title=_title(rkpd, "Pagu per sumber dana"),
        columns=[Column("nama", TEXT, 50), Column("pagu_n", MONEY, 20), Column("pagu_n1", MONEY, 20)],
        header=[[HeaderCell("Sumber dana"), *_money_header(rkpd)]],
        notes=["Pagu setiap sub kegiatan dihitung pada gabungan sumber dananya (mis. «APBD + DAK»), sehingga "
               "jumlahnya sama dengan jumlah seluruh Renja."])
    for line in rkpd.sumber_dana:
        table.rows.append(Row(cells(nama=line.nama, pagu_n=line.pagu_n, pagu_n1=line.pagu_n1)))
    table.rows.append(_sum_row(table.rows, list(range(len(table.rows))), "nama", "JUMLAH"))
    return table


def prioritas_table(rkpd):
    table = Table(
        id="RKPD prioritas", sheet_name="Per Prioritas Daerah", title=_title(rkpd, "Pagu per prioritas daerah"),
        columns=[Column("kode", CODE, 20), Column("nama", TEXT, 60), Column("pagu_n", MONEY, 20),
                 Column("pagu_n1", MONEY, 20)],
        header=[[HeaderCell("Kode PD"), HeaderCell("Prioritas daerah / Perangkat Daerah"), *_money_header(rkpd)]],
        notes=["Prioritas daerah menurut Tabel 3.1 Renja setiap PD, dengan program yang melayaninya: ditelusuri dari "
               "sasaran PD ke sasaran Renstra, matriks Renstra dan Tabel 4. PD yang programnya tidak dapat ditelusuri "
               "tercantum dengan seluruh pagunya (ditandai). Satu program dapat melayani beberapa prioritas, "
               "sehingga jumlah antarprioritas tidak dijumlahkan."])
    for line in rkpd.prioritas:
        at = len(table.rows)
        table.rows.append(None)
        below = []
        for pd in line.children:
            below.append(len(table.rows))
            if not pd.linked:
                table.rows.append(Row(cells(kode=pd.kode, nama=f"{pd.nama} (seluruh Renja: program yang melayani "
                                            "prioritas ini tidak dapat ditelusuri)", pagu_n=pd.pagu_n,
                                            pagu_n1=pd.pagu_n1), level=1))
                continue
            table.rows.append(None)
            programs = []
            for program in pd.children:
                programs.append(len(table.rows))
                table.rows.append(Row(cells(kode=program.kode, nama=program.nama, pagu_n=program.pagu_n,
                                            pagu_n1=program.pagu_n1), level=2))
            table.rows[below[-1]] = _sum_row(table.rows, programs, "nama", pd.nama, level=1,
                                             extra={"kode": Cell(pd.kode)})
            table.rows[below[-1]].kind = "body"
        table.rows[at] = _sum_row(table.rows, below, "nama", line.nama, level=0)
        table.rows[at].kind = "body"
    if not rkpd.prioritas:
        table.rows.append(Row(cells(nama="Belum ada Renja yang menyatakan prioritas daerah (Tabel 3.1)."),
                              kind="section"))
    return table


def rkpd_tables(rkpd):
    return [plans_table(rkpd), urusan_table(rkpd), sumber_dana_table(rkpd), prioritas_table(rkpd)]


def filename(rkpd, fmt):
    slug = "-".join(rkpd.pemda.nama.split())
    return f"RKPD-{slug}-{rkpd.tahun}{'-' + rkpd.tahap if rkpd.tahap else ''}.{fmt}"


def write_xlsx(rkpd, path):
    from .render.xlsx import render_workbook

    return render_workbook(rkpd_tables(rkpd), path, title=f"RKPD {rkpd.pemda.nama} {rkpd.tahun}",
                           pd=rkpd.pemda.nama)


def write_pdf(rkpd, path):
    """The workbook converted by LibreOffice (LibreOfficeError, in Indonesian, when it is missing)."""
    from .render.libreoffice import convert_with_libreoffice

    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="renja-rkpd-") as work:
        workbook = Path(work) / f"{path.stem}.xlsx"
        write_xlsx(rkpd, workbook)
        converted = convert_with_libreoffice(workbook, "pdf", work)
        path.write_bytes(converted.read_bytes())
    return path
