"""The Renstra's matrix as its own table, "Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan" (Permendagri
86/2017 Renstra form): Kode | Program/Kegiatan/Sub Kegiatan | Indikator | Kondisi awal | per year of the period
Target | Rp | Kondisi akhir periode Target | Rp | Unit kerja penanggung jawab | Lokasi.

Not a table of the Renja document (it is not registered with `@builder`): `renja document --table RENSTRA`
writes it for the PD's Renstra (`produce.produce_renstra`). A program's and a kegiatan's Rp are the sums of their
children (live formulas in XLSX), the end-of-period Rp the sum of the years; one row per indicator. The header
texts are those `renja.exchange.workbook.renstra` reads, so the written table loads back as the same matrix.
"""

from dataclasses import dataclass, field

from renja.core.numbers import format_rupiah
from renja.documents.tables import CODE, MONEY, TEXT, Add, Cell, Column, HeaderCell, SumOf, Table, cells

from .plan import LEVEL, add_rows, empty_note, numbers, pd_label, text

TABLE_ID = "RENSTRA"
TITLE = "Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan (Renstra)"


@dataclass
class MatrixNode:
    level: str
    kode: str
    nama: str
    unit: str = ""
    lokasi: str = ""
    pagu: dict = field(default_factory=dict)  # year → (amount or None, text as written)
    indicators: list = field(default_factory=list)  # dicts: uraian, kondisi_awal, kondisi_akhir, target {year: text}
    children: list = field(default_factory=list)


@dataclass
class RenstraView:
    """What the table needs of one Renstra; `tahun`, `judul` and `tahap` let the DOCX writer title the file."""

    pd_nama: str
    pemda_nama: str
    periode_mulai: int
    periode_selesai: int
    programs: list = field(default_factory=list)
    tahap: str = ""

    @property
    def tahun(self):
        return self.periode_mulai

    @property
    def years(self):
        return list(range(self.periode_mulai, self.periode_selesai + 1))

    @property
    def judul(self):
        return f"Renstra {self.pd_nama} {self.periode_mulai}–{self.periode_selesai}"


def renstra_view(renstra):
    """The matrix of a `plans.Renstra` read with a constant number of queries (one per table)."""
    from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

    pd = renstra.perangkat_daerah
    view = RenstraView(pd.nama, pd.pemda.nama, renstra.periode_mulai, renstra.periode_selesai)
    nodes, order = {}, []
    for row in BarisRenstra.objects.filter(renstra=renstra).order_by("urutan", "id"):
        nodes[row.pk] = MatrixNode(row.tingkat, row.kode or " ".join(row.kode_asli.split()), row.nama,
                                   row.unit_penanggung_jawab, row.lokasi)
        order.append((row.pk, row.induk_id))
    for pk, parent in order:
        (nodes[parent].children if parent in nodes else view.programs).append(nodes[pk])
    for baris, tahun, pagu, teks in PaguRenstra.objects.filter(baris__renstra=renstra).values_list(
            "baris_id", "tahun", "pagu", "pagu_teks"):
        nodes[baris].pagu[tahun] = (pagu, teks)
    indicators = {}
    for item in IndikatorRenstra.objects.filter(baris__renstra=renstra).order_by("baris_id", "urutan", "id"):
        indicators[item.pk] = {"uraian": item.uraian, "kondisi_awal": item.kondisi_awal_teks,
                               "kondisi_akhir": item.kondisi_akhir_teks, "target": {}}
        nodes[item.baris_id].indicators.append(indicators[item.pk])
    for indikator, tahun, teks in TargetRenstra.objects.filter(indikator__baris__renstra=renstra).values_list(
            "indikator_id", "tahun", "teks"):
        indicators[indikator]["target"][tahun] = teks
    return view


def _columns(years):
    result = [Column("kode", CODE, 16), Column("uraian", TEXT, 36), Column("indikator", TEXT, 30),
              Column("kondisi_awal", TEXT, 11)]
    for year in years:
        result += [Column(f"t{year}", TEXT, 10), Column(f"rp{year}", MONEY, 16)]
    return result + [Column("t_akhir", TEXT, 10), Column("rp_akhir", MONEY, 17), Column("unit", TEXT, 18),
                     Column("lokasi", TEXT, 14)]


def _header(years):
    span = 3
    return [
        [HeaderCell("Kode", rowspan=span), HeaderCell("Program/Kegiatan/Sub Kegiatan", rowspan=span),
         HeaderCell("Indikator Kinerja Program (outcome) dan Kegiatan/Sub Kegiatan (output)", rowspan=span),
         HeaderCell("Data Capaian pada Tahun Awal Perencanaan", rowspan=span),
         HeaderCell("Target Kinerja Program dan Kerangka Pendanaan", colspan=2 * len(years)),
         HeaderCell("Kondisi Kinerja pada Akhir Periode Renstra", colspan=2, rowspan=2),
         HeaderCell("Unit Kerja Penanggung Jawab", rowspan=span), HeaderCell("Lokasi", rowspan=span)],
        [HeaderCell(f"Tahun {year}", colspan=2) for year in years],
        [HeaderCell(label) for _ in range(len(years) + 1) for label in ("Target", "Rp")],
    ]


def renstra_table(view):
    years = view.years
    rows, sums, notes = [], [], []

    def place(node):
        first = cells(kode=node.kode, uraian=text(node.nama), unit=text(node.unit), lokasi=text(node.lokasi))
        note = ""
        if node.level == "sub_kegiatan":
            unreadable = []
            for year in years:
                amount, written = node.pagu.get(year, (None, ""))
                first[f"rp{year}"] = Cell(amount)  # an unreadable amount is left blank and said in the row's note
                if amount is None and written:
                    unreadable.append(f"{year}: '{written}'")
            if unreadable:
                note = "Pagu tertulis tidak terbaca (tidak dijumlahkan): " + ", ".join(unreadable)
        lines = [cells(indikator=text(i["uraian"]), kondisi_awal=text(i["kondisi_awal"]),
                       t_akhir=text(i["kondisi_akhir"]),
                       **{f"t{year}": text(i["target"].get(year)) for year in years}) for i in node.indicators]
        at = add_rows(rows, first, lines, level=LEVEL[node.level], bold=node.level != "sub_kegiatan", note=note)
        children = [place(child) for child in node.children]
        if node.level != "sub_kegiatan":
            sums.append((at, children, node))
        return at

    for program in view.programs:
        place(program)
    for at, children, node in sums:  # children first: a kegiatan's sum is in place before its program's
        row = rows[at]
        for year in years:
            values = [rows[i].value(f"rp{year}") for i in children]
            numbers_ = [v for v in values if isinstance(v, int)]
            if numbers_:
                row.cells[f"rp{year}"] = Cell(sum(numbers_), SumOf(tuple(children)))
            stated = node.pagu.get(year, (None, ""))[0]
            if stated is not None and stated != sum(numbers_):
                notes.append(f"{node.kode} {node.nama[:60]}: pagu {year} tertulis Rp {format_rupiah(stated)}, "
                             f"jumlah sub kegiatannya Rp {format_rupiah(sum(numbers_))} (tabel memuat jumlahnya)")
    for row in rows:
        keys = [f"rp{year}" for year in years if isinstance(row.value(f"rp{year}"), int)]
        if keys:
            row.cells["rp_akhir"] = Cell(sum(row.value(k) for k in keys), Add(tuple(keys)))
    table = Table(id=TABLE_ID, title=[TITLE, f"Periode {view.periode_mulai}–{view.periode_selesai}",
                                      pd_label(view)],
                  columns=_columns(years), header=_header(years), rows=rows, numbering=numbers(len(years) * 2 + 8),
                  notes=notes, sheet_name="Renstra")
    return empty_note(table)
