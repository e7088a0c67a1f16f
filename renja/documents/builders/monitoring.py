"""The Laporan Evaluasi Hasil Renja (document kind "evaluasi"): the evaluation tables of a plan in force, built
from its quarterly realisation (`PlanView.progress` and the realisation `plans.view.add_progress` reads).

Every builder here is a pure function over the view; none touches the database. What comes from where:

- "Evaluasi Renja": the form "Evaluasi terhadap Hasil Renja Perangkat Daerah" (Permendagri 86/2017). One row
  per program, kegiatan and sub kegiatan and one more per further indicator (the convention of `plan.py`):
  kode, uraian, indikator (with its unit), target Renstra at the end of its period (the Renstra indicator of
  the same wording, when there is one), target kinerja (`Indikator.target_n`) and anggaran (pagu) of the year,
  realisasi kinerja (as entered: the value read, else the text) and Rp per quarter (spent in that quarter,
  not cumulative), the year's realisation (kinerja: `IndicatorProgress.realisasi`, the sum of the quarters for
  cumulative indicators, `Add`, the last value for levels and rates, `Latest`; Rp: `Add` of the quarters),
  tingkat capaian (kinerja: `IndicatorProgress.capaian`, polarity aware, `Ratio` or `InverseRatio`; Rp:
  `Ratio` to the pagu), the category on the Pemda's scale and the unit penanggung jawab. The amounts of
  kegiatan, program and TOTAL rows are `SumOf` their sub kegiatan rows. A second table lists the faktor
  pendorong, faktor penghambat and tindak lanjut entered per sub kegiatan and quarter.
- "Realisasi Anggaran": BAB II's allocation/realisation tables per program and per kegiatan at the last
  quarter reported: alokasi (pagu), realisasi Rp (cumulative), realisasi keuangan % (`Ratio`) and fisik %
  (cumulative, weighted by pagu from the sub kegiatan); program and TOTAL rows sum the money and take the
  pagu-WEIGHTED mean of the percentages (`WeightedMean`), never their sum.
- "Belanja": spending per account (monitoring.BelanjaSubKegiatan, added up over the sub kegiatan by kode
  rekening) with the group rows and TOTAL BELANJA of `evaluation.spending_table`.
- "T-C.29": as it would stand in the Renja of year Y+2 (the plan's year Y is its n-2); see `tc29_rows`.
- "T-C.30": the plan's service indicators as they would stand in the Renja of year Y+2; see `tc30_table`.
"""

import re
from decimal import Decimal
from types import SimpleNamespace

from renja.core.numbers import is_blank
from renja.monitoring import measures
from renja.rules import engine

from ..tables import (
    CODE,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Add,
    Cell,
    Column,
    HeaderCell,
    InverseRatio,
    Latest,
    Ratio,
    Row,
    SumOf,
    Table,
    WeightedMean,
    cells,
)
from . import builder
from . import evaluation as ev
from .plan import pd_label, text

QUARTERS = (1, 2, 3, 4)
ROMAN_QUARTER = {1: "I", 2: "II", 3: "III", 4: "IV"}
LEVEL = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}
RATE_NOTE = "perlu penjelasan: indikator tingkat/rasio tidak dapat dijumlahkan"
NO_REALISATION = "Belum ada realisasi triwulan untuk Renja ini."
ABOVE_SCALE = "di atas skala"


# --- shared helpers ---------------------------------------------------------------------------------------


def period_label(view):
    """"Triwulan I–IV" (or up to the last quarter reported)."""
    last = view.progress.triwulan_terakhir if view.progress is not None else None
    if not last or last == 1:
        return "Triwulan I"
    return f"Triwulan I–{ROMAN_QUARTER[last]}"


def report_title(view):
    return f"Laporan Evaluasi Hasil Renja {view.pd_nama} Tahun {view.tahun}, {period_label(view)}"


def unit_label(view):
    """The unit penanggung jawab: the data links no unit (bidang) to a row, so the PD answers for each."""
    return view.pd_singkatan or view.pd_nama


def walk(progress):
    """The progress tree in document order: (RowProgress, [its sub kegiatan RowProgress])."""
    for program in progress.programs:
        yield program
        for kegiatan in program.children:
            yield kegiatan
            yield from kegiatan.children


def _indicator_label(ip):
    satuan = " ".join((ip.satuan or "").split())
    return f"{ip.uraian} ({satuan})" if satuan else ip.uraian


def _number_or_text(value, written):
    if value is not None:
        return Cell(value)
    return Cell(text(written) or None)


def _view_indicators(view):
    return {i.id: i for node in view.nodes() for i in node.indicators if i.id is not None}


def _view_nodes(view):
    return {(n.level, n.id): n for n in view.nodes() if n.id is not None}


def renstra_targets(view):
    """Wording → the Renstra's target at the end of its period (a `Target`), for the Renstra indicators that
    have one; plan indicators are linked to the Renstra by the same wording."""
    if not view.renstra_period:
        return {}
    end = view.renstra_period[1]
    found = {}
    for indicator in view.renstra:
        target = indicator.targets.get(end)
        if target is not None and (target.nilai is not None or not is_blank(target.teks)):
            found.setdefault(ev._normal_name(indicator.uraian), target)
    return found


def _renstra_cell(targets, ip):
    target = targets.get(ev._normal_name(ip.uraian))
    if target is None:
        return Cell(None)
    return _number_or_text(target.nilai, target.teks)


def capaian_cell(value, target, polaritas, realisation_key, target_key):
    """A capaian cell with the formula a spreadsheet can recompute: `Ratio` (higher is better) or
    `InverseRatio` (lower is better); a target 0 on a higher-is-better indicator has no such formula (its
    capaian is the measure's own rule) and is written as a value."""
    if value is None:
        return Cell(None)
    if polaritas == "negatif":
        return Cell(value, InverseRatio(realisation_key, target_key))
    if target == 0:
        return Cell(value)
    return Cell(value, Ratio(realisation_key, target_key))


def _category(ip):
    if ip.kategori is None:
        return None
    return f"{ip.kategori} ({ABOVE_SCALE})" if ip.di_atas_skala else ip.kategori


def _sum_cell(rows, indices, key):
    """`SumOf` the rows at `indices`, its value as SUM computes it (texts and blanks are left out)."""
    indices = tuple(indices)
    if not indices:
        return Cell(None)
    return Cell(sum(rows[i].value(key) for i in indices if isinstance(rows[i].value(key), int)), SumOf(indices))


def _ratio_cell(row, numerator, denominator):
    a, b = row.value(numerator), row.value(denominator)
    if not isinstance(a, int) or not isinstance(b, int) or b == 0:
        return Cell(None)
    return Cell(measures.realisation_percent(a, b), Ratio(numerator, denominator))


def weighted_cell(rows, indices, key, weight="alokasi"):
    """The pagu-weighted mean of column `key` over `indices`, computed as the spreadsheet's `WeightedMean`
    does (a blank value counts as 0); blank when the weights add up to 0. Returns (Cell, blanks)."""
    indices = tuple(indices)
    weights = [rows[i].value(weight) for i in indices]
    total = sum(w for w in weights if isinstance(w, int))
    if not indices or total == 0:
        return Cell(None), 0
    blanks = sum(1 for i in indices if rows[i].value(key) is None and rows[i].value(weight))
    value = measures.weighted_mean(
        [(rows[i].value(key) if rows[i].value(key) is not None else Decimal(0),
          w if isinstance(w, int) else 0) for i, w in zip(indices, weights, strict=True)])
    return Cell(value, WeightedMean(key, weight, indices)), blanks


# --- the form "Evaluasi terhadap Hasil Renja Perangkat Daerah" -------------------------------------------------

FORM_MONEY = ["target_rp", *[f"tw{q}_rp" for q in QUARTERS], "real_rp"]


def form_columns():
    columns = [Column("kode", CODE, 15), Column("uraian", TEXT, 26), Column("indikator", TEXT, 28),
               Column("target_renstra", NUMBER, 8), Column("target_k", NUMBER, 7), Column("target_rp", MONEY, 15)]
    for q in QUARTERS:
        columns += [Column(f"tw{q}_k", NUMBER, 6), Column(f"tw{q}_rp", MONEY, 14)]
    columns += [Column("real_k", NUMBER, 7), Column("real_rp", MONEY, 15), Column("capaian_k", PERCENT, 8),
                Column("capaian_rp", PERCENT, 8), Column("kategori", TEXT, 11), Column("unit", TEXT, 9)]
    return columns


def form_header(view):
    end = view.renstra_period[1] if view.renstra_period else None
    renstra = "Target Kinerja Renstra PD" + (f" Tahun {end} (akhir periode)" if end else " (akhir periode)")
    top = [HeaderCell("Kode", rowspan=2),
           HeaderCell("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan", rowspan=2),
           HeaderCell("Indikator Kinerja Program (outcome)/Kegiatan/Sub Kegiatan (output)", rowspan=2),
           HeaderCell(renstra, rowspan=2),
           HeaderCell(f"Target Kinerja dan Anggaran Renja PD Tahun {view.tahun}", colspan=2)]
    top += [HeaderCell(f"Realisasi Kinerja dan Anggaran Triwulan {ROMAN_QUARTER[q]}", colspan=2) for q in QUARTERS]
    top += [HeaderCell(f"Realisasi Kinerja dan Anggaran Renja PD Tahun {view.tahun}", colspan=2),
            HeaderCell("Tingkat Capaian Kinerja dan Realisasi Anggaran (%)", colspan=2),
            HeaderCell("Kategori Capaian Kinerja", rowspan=2),
            HeaderCell("Unit Perangkat Daerah Penanggung Jawab", rowspan=2)]
    second = []
    for _ in range(7):
        second += [HeaderCell("K"), HeaderCell("Rp")]
    return [top, second]


FORM_NUMBERING = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
                  "15", "16=(8+10+12+14)", "17=(15/5)", "18=(16/6)", "19", "20"]


def _quarter_money(view, sub_id, q):
    r = view.realisation.get(sub_id, {}).get(q)
    if r is None:
        return Cell(None)
    return ev._value_cell(r.keuangan, r.keuangan_teks)


def _indicator_cells(view, ip, renstra):
    values = {"indikator": Cell(_indicator_label(ip)), "target_renstra": _renstra_cell(renstra, ip),
              "target_k": _number_or_text(ip.target, ip.target_teks)}
    quarters = []
    for q in QUARTERS:
        key = f"tw{q}_k"
        values[key] = _number_or_text(ip.triwulan[q - 1], view.indicator_texts.get((ip.id, q)))
        quarters.append(key)
    if ip.realisasi is None:
        values["real_k"] = Cell(None)
    elif ip.akumulasi == measures.AKHIR:
        values["real_k"] = Cell(ip.realisasi, Latest(tuple(quarters)))
    else:
        values["real_k"] = Cell(ip.realisasi, Add(tuple(quarters)))
    values["capaian_k"] = capaian_cell(ip.capaian, ip.target, ip.polaritas, "real_k", "target_k")
    values["kategori"] = Cell(_category(ip))
    note = f"{ip.uraian}: {ip.catatan}" if ip.catatan and ip.realisasi is not None else ""
    return values, note


def _node_rows(view, rows, node, renstra, nodes):
    """Append a node's rows (one per indicator); returns the index of its first row."""
    first = cells(kode=node.kode or "", uraian=text(node.nama), unit=unit_label(view))
    notes = []
    if node.level == "sub_kegiatan":
        plan_node = nodes.get(("sub_kegiatan", node.id))
        pagu = plan_node.pagu_n if plan_node is not None else node.pagu
        pagu_text = plan_node.pagu_n_teks if plan_node is not None else ""
        first["target_rp"] = ev._value_cell(pagu, pagu_text)
        quarter_keys = []
        for q in QUARTERS:
            first[f"tw{q}_rp"] = _quarter_money(view, node.id, q)
            quarter_keys.append(f"tw{q}_rp")
            r = view.realisation.get(node.id, {}).get(q)
            if r is not None and r.keuangan is None and not is_blank(r.keuangan_teks):
                notes.append(f"Realisasi Rp triwulan {ROMAN_QUARTER[q]} tertulis '{text(r.keuangan_teks)}' tidak "
                             "terbaca dan tidak ikut dijumlahkan.")
        amounts = [first[k].value for k in quarter_keys if isinstance(first[k].value, int)]
        first["real_rp"] = Cell(sum(amounts), Add(tuple(quarter_keys))) if amounts else Cell(None)
    else:
        for key in FORM_MONEY:
            first[key] = Cell()  # filled once the rows of its sub kegiatan are placed
    lines = []
    for ip in node.indicators:
        values, note = _indicator_cells(view, ip, renstra)
        lines.append(values)
        if note:
            notes.append(note)
    head = dict(first)
    if lines:
        head.update(lines[0])
    index = len(rows)
    rows.append(Row(head, level=LEVEL[node.level], bold=node.level != "sub_kegiatan", note=" ".join(notes)))
    for line in lines[1:]:
        rows.append(Row(dict(line), level=LEVEL[node.level]))
    return index


def form_table(view):
    progress = view.progress
    renstra = renstra_targets(view)
    nodes = _view_nodes(view)
    rows, sums, program_rows = [], [], []
    for program in progress.programs:
        program_at, program_subs = _node_rows(view, rows, program, renstra, nodes), []
        program_rows.append(program_at)
        for kegiatan in program.children:
            kegiatan_at = _node_rows(view, rows, kegiatan, renstra, nodes)
            kegiatan_subs = [_node_rows(view, rows, sub, renstra, nodes) for sub in kegiatan.children]
            sums.append((kegiatan_at, kegiatan_subs))
            program_subs += kegiatan_subs
        sums.append((program_at, program_subs))
    for at, subs in sums:
        for key in FORM_MONEY:
            rows[at].cells[key] = _sum_cell(rows, subs, key)
        if not subs:
            rows[at].note = "Tidak ada sub kegiatan: anggaran dan realisasinya tidak dapat dihitung."
    for at in (i for i, r in enumerate(rows) if "target_rp" in r.cells):
        rows[at].cells["capaian_rp"] = _ratio_cell(rows[at], "real_rp", "target_rp")
    if program_rows:
        total = {"uraian": Cell("TOTAL")}
        for key in FORM_MONEY:
            total[key] = _sum_cell(rows, program_rows, key)
        row = Row(total, bold=True, kind="total")
        row.cells["capaian_rp"] = _ratio_cell(row, "real_rp", "target_rp")
        rows.append(row)
    notes = [
        "K = kinerja, Rp = anggaran/realisasi keuangan. Realisasi Rp per triwulan adalah belanja pada triwulan itu "
        "(tidak kumulatif); realisasi kinerja per triwulan seperti yang dientri.",
        "Kolom 15: indikator kumulatif (jumlah …) dijumlahkan dari triwulan I–IV; indikator tingkat, persentase, "
        "indeks atau rasio memakai nilai triwulan terakhir.",
        "Kolom 17 = 15/5 × 100 untuk indikator yang makin tinggi makin baik; untuk indikator yang makin rendah makin "
        "baik (2 × 5 − 15)/5 × 100, tidak kurang dari 0. Kolom 18 = 16/6 × 100.",
        "Anggaran dan realisasi program, kegiatan dan TOTAL dijumlahkan dari sub kegiatannya.",
        "Kategori capaian menurut skala Pemda (bawaan Permendagri 86/2017); capaian di atas 100 % tetap pada "
        f"kategori teratas dan ditandai '{ABOVE_SCALE}'.",
    ]
    title = ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH", pd_label(view),
             f"Tahun {view.tahun}, {period_label(view)}"]
    return Table(id="Evaluasi Renja", title=title, columns=form_columns(), header=form_header(view), rows=rows,
                 numbering=list(FORM_NUMBERING), notes=notes, sheet_name="Evaluasi Hasil Renja")


def factors_table(view):
    """Faktor pendorong, faktor penghambat and tindak lanjut per sub kegiatan and quarter, as entered."""
    columns = [Column("kode", CODE, 18), Column("uraian", TEXT, 34), Column("triwulan", TEXT, 10),
               Column("pendorong", TEXT, 34), Column("penghambat", TEXT, 34), Column("tindak_lanjut", TEXT, 34)]
    header = [[HeaderCell("Kode"), HeaderCell("Sub Kegiatan"), HeaderCell("Triwulan"),
               HeaderCell("Faktor Pendorong Keberhasilan Pencapaian"), HeaderCell("Faktor Penghambat Pencapaian"),
               HeaderCell("Tindak Lanjut yang Diperlukan")]]
    rows = []
    for node in walk(view.progress):
        if node.level != "sub_kegiatan":
            continue
        entered = [r for q, r in sorted(view.realisation.get(node.id, {}).items())
                   if text(r.faktor_pendorong) or text(r.faktor_penghambat) or text(r.tindak_lanjut)]
        for n, r in enumerate(entered):
            values = cells(triwulan=ROMAN_QUARTER[r.triwulan], pendorong=text(r.faktor_pendorong),
                           penghambat=text(r.faktor_penghambat), tindak_lanjut=text(r.tindak_lanjut))
            if n == 0:
                values.update(cells(kode=node.kode or "", uraian=text(node.nama)))
            rows.append(Row(values, level=0))
    notes = [] if rows else ["Belum ada faktor pendorong, faktor penghambat atau tindak lanjut yang dientri."]
    return Table(id="Evaluasi Renja - Faktor",
                 title=["FAKTOR PENDORONG, FAKTOR PENGHAMBAT DAN TINDAK LANJUT", pd_label(view),
                        f"Tahun {view.tahun}, {period_label(view)}"],
                 columns=columns, header=header, rows=rows, numbering=["1", "2", "3", "4", "5", "6"], notes=notes,
                 sheet_name="Faktor dan Tindak Lanjut")


@builder("Evaluasi Renja", "Evaluasi terhadap Hasil Renja Perangkat Daerah", section="1", order=10,
         jenis="evaluasi")
def build_form(view):
    if view.progress is None:
        return []
    return [form_table(view), factors_table(view)]


# --- BAB II: allocation and realisation per program and per kegiatan ------------------------------------------

ALLOCATION_COLUMNS = [Column("no", TEXT, 5), Column("kode", CODE, 16), Column("uraian", TEXT, 44),
                      Column("alokasi", MONEY, 18), Column("realisasi", MONEY, 18), Column("keuangan", PERCENT, 10),
                      Column("fisik", PERCENT, 10)]


def _figures(node, q):
    """(realisasi Rp cumulative, fisik %) of a row at quarter `q`: fisik as reported at that quarter, else the
    last reported before it (progress does not go back)."""
    if not q:
        return None, None
    figures = node.triwulan[q - 1]
    fisik = figures.fisik
    if fisik is None:
        for earlier in reversed(node.triwulan[: q - 1]):
            if earlier.fisik is not None:
                fisik = earlier.fisik
                break
    return figures.realisasi, fisik


def _allocation_row(node, q, no, level=0, bold=False):
    realisasi, fisik = _figures(node, q)
    row = Row(cells(no=no, kode=node.kode or "", uraian=text(node.nama), alokasi=node.pagu, realisasi=realisasi,
                    fisik=fisik), level=level, bold=bold)
    row.cells["keuangan"] = _ratio_cell(row, "realisasi", "alokasi")
    return row


def _summarise(rows, at, of, notes, label):
    """Row `at` (a program or TOTAL) from the rows `of`: money added up, percentages weighted by pagu."""
    for key in ("alokasi", "realisasi"):
        rows[at].cells[key] = _sum_cell(rows, of, key)
    for key in ("keuangan", "fisik"):
        rows[at].cells[key], blanks = weighted_cell(rows, of, key)
        if blanks:
            notes.append(f"{label}: {blanks} baris tanpa angka {key} dihitung 0 dalam rata-rata tertimbang.")


def _allocation_header(view, what):
    q = view.progress.triwulan_terakhir
    reached = f"s/d Triwulan {ROMAN_QUARTER[q]}" if q else "(belum ada realisasi)"
    return [[HeaderCell("No", rowspan=2), HeaderCell("Kode", rowspan=2), HeaderCell(what, rowspan=2),
             HeaderCell("Alokasi Dana / Pagu (Rp)", rowspan=2), HeaderCell(f"Realisasi {reached}", colspan=3)],
            [HeaderCell("Keuangan (Rp)"), HeaderCell("Keuangan (%)"), HeaderCell("Fisik (%)")]]


WEIGHTED_NOTE = ("Persentase keuangan dan fisik pada baris program dan TOTAL adalah rata-rata tertimbang pagu "
                 "(alokasi) dari baris-barisnya, bukan jumlahnya; keuangan (%) = realisasi / alokasi × 100; fisik "
                 "sub kegiatan kumulatif, dirata-ratakan tertimbang pagu ke kegiatan dan program.")


def allocation_tables(view):
    progress = view.progress
    q = progress.triwulan_terakhir
    year = f"Tahun {view.tahun}, {period_label(view)}"

    program_rows, notes = [], []
    for n, program in enumerate(progress.programs, start=1):
        program_rows.append(_allocation_row(program, q, str(n)))
    if program_rows:
        program_rows.append(Row(cells(uraian="TOTAL"), bold=True, kind="total"))
        _summarise(program_rows, len(program_rows) - 1, range(len(program_rows) - 1), notes, "TOTAL")
    per_program = Table(
        id="Realisasi Program", title=["ALOKASI DAN REALISASI ANGGARAN PER PROGRAM", pd_label(view), year],
        columns=list(ALLOCATION_COLUMNS), header=_allocation_header(view, "Program"), rows=program_rows,
        numbering=["1", "2", "3", "4", "5", "6=(5/4)", "7"], notes=[WEIGHTED_NOTE, *notes],
        sheet_name="Realisasi per Program")

    rows, notes, all_kegiatan = [], [], []
    for n, program in enumerate(progress.programs, start=1):
        at = len(rows)
        rows.append(Row(cells(no=str(n), kode=program.kode or "", uraian=text(program.nama)), bold=True))
        members = []
        for m, kegiatan in enumerate(program.children, start=1):
            members.append(len(rows))
            rows.append(_allocation_row(kegiatan, q, f"{n}.{m}", level=1))
        all_kegiatan += members
        _summarise(rows, at, members, notes, text(program.nama) or f"Program {n}")
    if rows:
        rows.append(Row(cells(uraian="TOTAL"), bold=True, kind="total"))
        _summarise(rows, len(rows) - 1, all_kegiatan, notes, "TOTAL")
    per_kegiatan = Table(
        id="Realisasi Kegiatan", title=["ALOKASI DAN REALISASI ANGGARAN PER KEGIATAN", pd_label(view), year],
        columns=list(ALLOCATION_COLUMNS), header=_allocation_header(view, "Program / Kegiatan"), rows=rows,
        numbering=["1", "2", "3", "4", "5", "6=(5/4)", "7"], notes=[WEIGHTED_NOTE, *notes],
        sheet_name="Realisasi per Kegiatan")
    return [per_program, per_kegiatan]


@builder("Realisasi Anggaran", "Alokasi dan Realisasi Anggaran per Program dan Kegiatan", section="2", order=20,
         jenis="evaluasi")
def build_allocation(view):
    if view.progress is None:
        return []
    return allocation_tables(view)


# --- spending per account ---------------------------------------------------------------------------------------


def account_rows(view):
    """The plan's spending per account: BelanjaSubKegiatan added up over its sub kegiatan by kode rekening, as
    `SpendingRow`s (anggaran, realisasi of the four quarters)."""
    from renja.plans.view import SpendingRow

    by_code = {}
    for account in view.accounts:
        code = text(account.kode_rekening)
        row = by_code.get(code)
        if row is None:
            row = by_code[code] = SpendingRow(tabel="Belanja", kode_rekening=code, uraian=text(account.uraian),
                                              anggaran=0, realisasi=0)
        row.uraian = row.uraian or text(account.uraian)
        row.anggaran += account.anggaran
        row.realisasi += account.realisasi
    return sorted(by_code.values(), key=lambda r: [int(p) if p.isdecimal() else p
                                                    for p in re.split(r"[.\s]+", r.kode_rekening)])


def spending_table(view):
    accounts = account_rows(view)
    evaluation = SimpleNamespace(tahun=view.tahun, keterangan=period_label(view), spending=accounts)
    if not accounts:
        return Table(id="Belanja", title=["Alokasi dan Realisasi Belanja per Kode Rekening", pd_label(view),
                                          f"Tahun {view.tahun}, {period_label(view)}"],
                     columns=[Column("kode", CODE, 12), Column("uraian", TEXT, 40)],
                     header=[[HeaderCell("Kode Rekening"), HeaderCell("Uraian")]], rows=[],
                     notes=["Belum ada data belanja per kode rekening."], landscape=False, sheet_name="Belanja")
    table = ev.spending_table(view, evaluation, "Belanja per Kode Rekening", accounts, "Belanja",
                              "Belanja per Rekening")
    total = next(r for r in table.rows if r.kind == "total" and r.value("uraian") == "TOTAL BELANJA")
    pagu = view.progress.pagu if view.progress is not None else None
    if pagu is not None and total.value("anggaran") != pagu:
        table.notes.append(f"Anggaran per kode rekening (Rp {engine.shown(total.value('anggaran'))}) tidak sama dengan "
                           f"pagu sub kegiatan (Rp {engine.shown(pagu)}).")
    return table


@builder("Belanja", "Alokasi dan Realisasi Belanja per Kode Rekening", section="3", order=30, jenis="evaluasi")
def build_spending(view):
    if view.progress is None:
        return []
    return [spending_table(view)]


# --- T-C.29 as the Renja of year Y+2 will have it ---------------------------------------------------------------

TC29_COLUMNS = [
    Column("kode", CODE, 14), Column("uraian", TEXT, 34), Column("indikator", TEXT, 32),
    Column("target_renstra", NUMBER, 11), Column("realisasi_n3", NUMBER, 11), Column("target_n2", NUMBER, 11),
    Column("realisasi_n2", NUMBER, 11), Column("tingkat_realisasi", PERCENT, 10), Column("target_n1", NUMBER, 11),
    Column("realisasi_n1", NUMBER, 11), Column("tingkat_capaian", PERCENT, 10), Column("catatan", TEXT, 24),
]


def earlier_realisation(view):
    """Wording → the realisation up to year Y−1 the plan's own T-C.29 gives (its column 10, "perkiraan realisasi
    s/d n−1"), when it reads as a number."""
    from renja.core.targets import parse_target

    found = {}
    for evaluation in view.evaluations:
        for item in evaluation.tc29:
            kolom = {str(k): v for k, v in (item.get("kolom") or {}).items()}
            value = parse_target(kolom.get("10")).nilai if not is_blank(kolom.get("10")) else None
            if value is not None and item.get("indikator"):
                found.setdefault(ev._normal_name(item["indikator"]), value)
    return found


def tc29_rows(view):
    """Rows of T-C.29 for the Renja of year Y+2 (n = Y+2, so the plan's year Y is n−2):

    col 4 the Renstra's target at the end of its period (the Renstra indicator of the same wording; blank
    without one); col 5 the realisation up to Y−1 (n−3) as the plan's own T-C.29 estimates it (its column 10,
    same wording; blank otherwise); col 6 the plan's `target_n`; col 7 the year's realisation
    (`IndicatorProgress.realisasi`); col 8 = 7/6 polarity aware (`IndicatorProgress.capaian`); col 9 the plan's
    `target_n1`; col 10 = 5+7+9 (`Add`) only for cumulative indicators (akumulasi "jumlah"); col 11 = 10/4,
    polarity aware. A level, rate or index indicator (akumulasi "akhir") gets cols 10 and 11 blank and the row is
    marked "perlu penjelasan: indikator tingkat/rasio tidak dapat dijumlahkan"."""
    renstra = renstra_targets(view)
    earlier = earlier_realisation(view)
    indicators = _view_indicators(view)
    rows = []
    for node in walk(view.progress):
        first = cells(kode=node.kode or "", uraian=text(node.nama))
        lines = []
        for ip in node.indicators:
            values, marks, notes = _tc29_indicator(ip, renstra, earlier, indicators.get(ip.id))
            lines.append((values, marks, notes))
        if not lines:
            first["catatan"] = Cell(unit_label(view))
            rows.append(Row(first, level=LEVEL[node.level], bold=node.level == "program"))
            continue
        for n, (values, marks, notes) in enumerate(lines):
            row_cells = dict(first) if n == 0 else {}
            row_cells.update(values)
            parts = ([unit_label(view)] if n == 0 else []) + marks
            row_cells["catatan"] = Cell("; ".join(parts) or None)
            rows.append(Row(row_cells, level=LEVEL[node.level], bold=n == 0 and node.level == "program",
                            note=" ".join(notes)))
    return rows


def _tc29_indicator(ip, renstra, earlier, plan_indicator):
    values = {"indikator": Cell(_indicator_label(ip)), "target_renstra": _renstra_cell(renstra, ip),
              "realisasi_n3": Cell(earlier.get(ev._normal_name(ip.uraian))),
              "target_n2": _number_or_text(ip.target, ip.target_teks), "realisasi_n2": Cell(ip.realisasi)}
    marks, notes = [], []
    values["tingkat_realisasi"] = capaian_cell(ip.capaian, ip.target, ip.polaritas, "realisasi_n2", "target_n2")
    if ip.capaian is None and ip.realisasi is not None and ip.catatan:
        notes.append(f"Kolom 8: {ip.catatan}.")
    target_n1 = plan_indicator.target_n1 if plan_indicator is not None else None
    values["target_n1"] = (_number_or_text(target_n1.nilai, target_n1.teks) if target_n1 is not None
                           else Cell(None))
    values["realisasi_n1"] = Cell(None)
    values["tingkat_capaian"] = Cell(None)
    if ip.akumulasi == measures.AKHIR:
        marks.append(RATE_NOTE)
        notes.append("Indikator tingkat/rasio/indeks: kolom 10 dan 11 tidak dihitung (5+7+9 tidak bermakna).")
        return values, marks, notes
    parts = [values[k].value for k in ("realisasi_n3", "realisasi_n2", "target_n1")]
    if ip.realisasi is None:
        return values, marks, notes  # nothing realised in the year yet: no estimate up to n-1
    if any(isinstance(p, str) for p in parts):
        notes.append("Kolom 10 tidak dihitung: ada nilai yang tidak terbaca sebagai angka.")
        return values, marks, notes
    total = sum((Decimal(p) for p in parts if p is not None), Decimal(0))
    values["realisasi_n1"] = Cell(total, Add(("realisasi_n3", "realisasi_n2", "target_n1")))
    target = values["target_renstra"].value
    if isinstance(target, Decimal | int):
        value = measures.capaian(total, target, ip.polaritas)
        values["tingkat_capaian"] = capaian_cell(value, target, ip.polaritas, "realisasi_n1", "target_renstra")
        if value is None:
            notes.append("Kolom 11 tidak dihitung: target Renstra 0 pada indikator yang makin tinggi makin baik.")
    else:
        notes.append("Kolom 11 tidak dihitung: tidak ada target Renstra akhir periode yang terbaca.")
    return values, marks, notes


def tc29_table(view):
    n = view.tahun + 2
    shim = SimpleNamespace(tahun=n, renstra_period=view.renstra_period)
    notes = [
        f"Disusun dari realisasi Renja Tahun {view.tahun} sebagaimana akan tercantum pada Renja Tahun {n} "
        f"(tahun {view.tahun} = n-2).",
        "Kolom 8 = 7/6 × 100 dan kolom 11 = 10/4 × 100; untuk indikator yang makin rendah makin baik capaian = "
        "(2T − R)/T × 100 dan tidak kurang dari 0.",
        "Kolom 10 = 5 + 7 + 9 hanya untuk indikator kumulatif (jumlah …); untuk tingkat, persentase, rasio dan indeks "
        f"kolom 10 dan 11 dikosongkan dan baris diberi catatan '{RATE_NOTE}'.",
        "Kolom 4 dari Renstra (indikator dengan uraian yang sama), kolom 5 dari kolom 10 T-C.29 Renja ini; kosong bila "
        "datanya tidak ada.",
    ]
    return Table(id="T-C.29", title=[ev.TC29_TITLE.format(tahun=view.tahun), pd_label(view)],
                 columns=list(TC29_COLUMNS), header=ev._tc29_header(shim), rows=tc29_rows(view),
                 numbering=list(ev.TC29_NUMBERING), notes=notes, sheet_name="T-C.29")


@builder("T-C.29", "Rekapitulasi Evaluasi Hasil Pelaksanaan Renja dan Pencapaian Renstra", section="4", order=40,
         jenis="evaluasi")
def build_tc29(view):
    if view.progress is None:
        return []
    return [tc29_table(view)]


# --- T-C.30 -----------------------------------------------------------------------------------------------------


def _year_value(mapping, year):
    mapping = mapping or {}
    value = mapping.get(str(year), mapping.get(year))
    return text(value) or None


def tc30_table(view):
    """T-C.30 for the Renja of year Y+2 (n = Y+2) from the plan's service indicators (plans.IndikatorPelayanan,
    `view.service_indicators`):

    - No, Indikator, SPM/standar nasional, IKK, Catatan analisis: as stored on the service indicator;
    - Target Renstra n-2 … n+1 (years Y … Y+3): its `target` of those years, as written;
    - Realisasi n-2 (year Y): the year's realisation (`IndicatorProgress.realisasi`) of the plan indicator of the
      same wording (program, kegiatan or sub kegiatan; the first found), else its stored `realisasi` of year Y;
    - Realisasi n-1 (year Y+1) and Proyeksi n, n+1 (Y+2, Y+3): its stored `realisasi` and `proyeksi`, as written.
    """
    y = view.tahun
    matches = {}
    for node in walk(view.progress):
        for ip in node.indicators:
            if ip.realisasi is not None:
                matches.setdefault(ev._normal_name(ip.uraian), (ip, node))
    target_years, real_years, projection_years = [y, y + 1, y + 2, y + 3], [y, y + 1], [y + 2, y + 3]
    n = y + 2
    columns = [Column("no", TEXT, 6), Column("indikator", TEXT, 40), Column("spm", TEXT, 14), Column("ikk", TEXT, 14)]
    columns += [Column(f"target_{t}", TEXT, 10) for t in target_years]
    columns += [Column(f"realisasi_{t}", NUMBER, 10) for t in real_years]
    columns += [Column(f"proyeksi_{t}", TEXT, 10) for t in projection_years]
    columns.append(Column("catatan", TEXT, 24))

    def relative(year):
        offset = year - n
        return "n" if offset == 0 else f"n{offset:+d}"

    header = [
        [HeaderCell("No", rowspan=2), HeaderCell("Indikator", rowspan=2), HeaderCell("SPM/Standar Nasional", rowspan=2),
         HeaderCell("IKK", rowspan=2), HeaderCell("Target Renstra Perangkat Daerah", colspan=4),
         HeaderCell("Realisasi Capaian", colspan=2), HeaderCell("Proyeksi", colspan=2),
         HeaderCell("Catatan Analisis", rowspan=2)],
        [HeaderCell(f"Tahun {t} ({relative(t)})") for t in target_years + real_years + projection_years],
    ]
    rows, kelompok, filled = [], None, 0
    for entry in view.service_indicators:
        group = text(entry.get("kelompok"))
        if group and group != kelompok:
            rows.append(Row(cells(no=group), bold=True, kind="section"))
        kelompok = group
        values = {"no": text(entry.get("nomor")), "indikator": text(entry.get("uraian")),
                  "spm": text(entry.get("spm")), "ikk": text(entry.get("ikk")), "catatan": text(entry.get("catatan"))}
        for t in target_years:
            values[f"target_{t}"] = _year_value(entry.get("target"), t)
        for t in projection_years:
            values[f"proyeksi_{t}"] = _year_value(entry.get("proyeksi"), t)
        values[f"realisasi_{y + 1}"] = _year_value(entry.get("realisasi"), y + 1)
        note = ""
        match = matches.get(ev._normal_name(entry.get("uraian")))
        if match is not None:
            ip, node = match
            values[f"realisasi_{y}"] = ip.realisasi
            note = f"Realisasi {y} dari indikator {node.kode or text(node.nama)}: {ip.uraian}."
            filled += 1
        else:
            values[f"realisasi_{y}"] = _year_value(entry.get("realisasi"), y)
        rows.append(Row(cells(**values), level=1 if group else 0, note=note))
    notes = [f"Disusun sebagaimana akan tercantum pada Renja Tahun {n}: realisasi tahun {y} diisi dari realisasi "
             f"indikator Renja dengan uraian yang sama ({filled} indikator); nilai lain seperti tercatat."]
    if not view.service_indicators:
        notes = ["Renja ini tidak memuat indikator kinerja pelayanan (T-C.30)."]
    return Table(id="T-C.30", title=["Tabel T-C.30", f"Pencapaian Kinerja Pelayanan Perangkat Daerah Tahun {y}",
                                     pd_label(view)],
                 columns=columns, header=header, rows=rows, numbering=[str(i) for i in range(1, len(columns) + 1)],
                 notes=notes, sheet_name="T-C.30")


@builder("T-C.30", "Pencapaian Kinerja Pelayanan Perangkat Daerah", section="5", order=50, jenis="evaluasi")
def build_tc30(view):
    if view.progress is None:
        return []
    return [tc30_table(view)]
