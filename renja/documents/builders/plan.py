"""The plan tables of the Renja: BAB II (T-C.30, T-C.31, T-C.32), BAB III (Tabel 3.1, 3.2.1–3.2.3, T-C.33)
and BAB IV (Tabel 4, Tabel 4.1), each as one `Table` in the official layout (Permendagri 86/2017, as the
seed lays them out): title lines with the PD's name and the year, header groups, the column-number row.

Conventions shared by these builders:

- A node with several indicators (a program, kegiatan or sub kegiatan; a row of T-C.31/T-C.32; …) takes one
  table row per indicator: its own cells (code, name, lokasi, pagu, …) stand on the first row only, the
  following rows hold just the indicator and its targets. This is how the official documents print them,
  the lines of the indicator and of its targets stay side by side however they wrap, and every indicator
  has a cell of its own in a spreadsheet. A node's row always carries its money columns (a `Cell`, possibly
  empty); a continuation row never does.
- Money planned on a sub kegiatan is shown as entered; every amount above it is a `SumOf` over the rows it
  adds, with its value computed here. Nothing a document states is used (statements are the checker's).
- Text is shown as written (targets keep their text and unit); codes normalised when readable, else as
  written.
"""

import re

from renja.documents.builders import builder
from renja.documents.tables import (
    CODE,
    MONEY,
    NUMBER,
    TEXT,
    Add,
    Cell,
    Column,
    HeaderCell,
    Row,
    SumOf,
    Table,
    cells,
    total_row,
)

LEVEL = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}
NO_DATA = "Tidak ada data untuk tabel ini."


# --- shared helpers ----------------------------------------------------------------------------------------


def pd_label(view):
    """The PD's name with its Pemda ("Dinas … Kota Jambi"), without repeating the Pemda's name."""
    name = " ".join((view.pd_nama or "").split())
    pemda = " ".join((view.pemda_nama or "").split())
    if pemda and pemda.lower() not in name.lower():
        return f"{name} {pemda}".strip()
    return name


def title(label, text, view):
    return [label, text, pd_label(view)]


def numbers(count):
    return [str(i) for i in range(1, count + 1)]


def text(value):
    """A text cell's value: the text as written, blank when there is none."""
    if value is None:
        return ""
    return str(value).strip()


def add_rows(rows, first, lines, level=0, bold=False, note=""):
    """Append a node's rows: `first` (its own cells) merged with its first line, then one row per further
    line (`lines`: cell dicts of the indicator columns). Returns the index of the node's row."""
    index = len(rows)
    head = dict(first)
    if lines:
        head.update(lines[0])
    rows.append(Row(head, level=level, bold=bold, note=note))
    for line in lines[1:]:
        rows.append(Row(dict(line), level=level))
    return index


def indicator_lines(indicators, keys):
    """Cell dicts for a list of indicator dicts ({"uraian", "target"}): `keys` = (indicator key, target key)."""
    indicator_key, target_key = keys
    return [cells(**{indicator_key: text(i.get("uraian")), target_key: text(i.get("target"))})
            for i in indicators or []]


def paired(left, right):
    """Line by line, the union of two lists of cell dicts (left and right sides of one row)."""
    merged = []
    for i in range(max(len(left), len(right))):
        line = {}
        if i < len(left):
            line.update(left[i])
        if i < len(right):
            line.update(right[i])
        merged.append(line)
    return merged


def empty_note(table):
    if not table.rows:
        table.notes.append(NO_DATA)
    return table


def unreadable_money(node, before=False):
    """A note for the money of a sub kegiatan written but not readable (its cell is left blank); `before`: also
    the pagu before the change (a Renja Perubahan)."""
    money = [("n", node.pagu_n, node.pagu_n_teks), ("n+1", node.pagu_n1, node.pagu_n1_teks)]
    if before:
        money.insert(0, ("n sebelum perubahan", node.pagu_sebelum, node.pagu_sebelum_teks))
    problems = [f"pagu tahun {label} tertulis \"{text(written)}\" tidak terbaca"
                for label, value, written in money if value is None and text(written)]
    if not problems:
        return ""
    note = "; ".join(problems)
    return note[0].upper() + note[1:] + "."


# --- T-C.33 ------------------------------------------------------------------------------------------------

TC33_COLUMNS = [
    Column("kode", CODE, 20),
    Column("uraian", TEXT, 45),
    Column("indikator", TEXT, 40),
    Column("lokasi", TEXT, 14),
    Column("target_n", TEXT, 14),
    Column("pagu_n", MONEY, 18),
    Column("sumber_dana", TEXT, 12),
    Column("catatan", TEXT, 16),
    Column("target_n1", TEXT, 14),
    Column("pagu_n1", MONEY, 18),
]


# A Renja Perubahan prints the target and pagu of year n before and after the change side by side, as the
# regulation's Renja Perubahan table does; `target_n`/`pagu_n` are the values after it.
TC33_PERUBAHAN_COLUMNS = [
    Column("kode", CODE, 20),
    Column("uraian", TEXT, 42),
    Column("indikator", TEXT, 36),
    Column("lokasi", TEXT, 13),
    Column("target_sebelum", TEXT, 13),
    Column("pagu_sebelum", MONEY, 18),
    Column("target_n", TEXT, 13),
    Column("pagu_n", MONEY, 18),
    Column("sumber_dana", TEXT, 12),
    Column("catatan", TEXT, 16),
    Column("target_n1", TEXT, 13),
    Column("pagu_n1", MONEY, 18),
]


def is_perubahan(view):
    return view.tahap == "perubahan"


def _tc33_header(view):
    n, n1 = view.tahun, view.tahun + 1
    if is_perubahan(view):
        return [
            [HeaderCell("Kode", rowspan=3),
             HeaderCell("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan", rowspan=3),
             HeaderCell("Indikator Kinerja Program/Kegiatan/Sub Kegiatan", rowspan=3),
             HeaderCell(f"Rencana Tahun {n}", colspan=6),
             HeaderCell("Catatan Penting", rowspan=3),
             HeaderCell(f"Prakiraan Maju Rencana Tahun {n1}", colspan=2)],
            [HeaderCell("Lokasi", rowspan=2), HeaderCell("Sebelum Perubahan", colspan=2),
             HeaderCell("Setelah Perubahan", colspan=2), HeaderCell("Sumber Dana", rowspan=2),
             HeaderCell("Target Capaian Kinerja", rowspan=2), HeaderCell("Kebutuhan Dana/Pagu Indikatif", rowspan=2)],
            [HeaderCell("Target Capaian Kinerja"), HeaderCell("Kebutuhan Dana/Pagu Indikatif"),
             HeaderCell("Target Capaian Kinerja"), HeaderCell("Kebutuhan Dana/Pagu Indikatif")],
        ]
    return [
        [HeaderCell("Kode", rowspan=2),
         HeaderCell("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan", rowspan=2),
         HeaderCell("Indikator Kinerja Program/Kegiatan/Sub Kegiatan", rowspan=2),
         HeaderCell(f"Rencana Tahun {n}", colspan=4),
         HeaderCell("Catatan Penting", rowspan=2),
         HeaderCell(f"Prakiraan Maju Rencana Tahun {n1}", colspan=2)],
        [HeaderCell("Lokasi"), HeaderCell("Target Capaian Kinerja"),
         HeaderCell("Kebutuhan Dana/Pagu Indikatif"), HeaderCell("Sumber Dana"),
         HeaderCell("Target Capaian Kinerja"), HeaderCell("Kebutuhan Dana/Pagu Indikatif")],
    ]


def tc33_table(view):
    n = view.tahun
    perubahan = is_perubahan(view)
    columns = TC33_PERUBAHAN_COLUMNS if perubahan else TC33_COLUMNS
    money = ("pagu_sebelum", "pagu_n", "pagu_n1") if perubahan else ("pagu_n", "pagu_n1")
    rows = []
    # Sums are filled in once every row is placed: (row index, [indices of its sub kegiatan rows]).
    sums = []
    program_rows = []
    for program in view.programs:
        program_at, program_subs = _tc33_node(rows, program, perubahan), []
        program_rows.append(program_at)
        for kegiatan in program.children:
            kegiatan_at, kegiatan_subs = _tc33_node(rows, kegiatan, perubahan), []
            for sub in kegiatan.children:
                kegiatan_subs.append(_tc33_node(rows, sub, perubahan))
            sums.append((kegiatan_at, kegiatan_subs))
            program_subs.extend(kegiatan_subs)
        sums.append((program_at, program_subs))
    for at, subs in sums:
        _sum_into(rows, at, subs, money)
    if rows:
        rows.append(total_row(rows, money, "uraian", of=program_rows))
    text_n = f"Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun {n}" + (" (Perubahan)" if perubahan else "")
    table = Table(
        id="T-C.33",
        title=title("Tabel T-C.33", text_n, view),
        columns=list(columns), header=_tc33_header(view), rows=rows, numbering=numbers(len(columns)),
    )
    return empty_note(table)


def _tc33_node(rows, node, perubahan=False):
    first = cells(kode=node.code or "", uraian=text(node.nama), lokasi=text(node.lokasi),
                  sumber_dana=text(node.sumber_dana), catatan=text(node.catatan))
    money = ("pagu_sebelum", "pagu_n", "pagu_n1") if perubahan else ("pagu_n", "pagu_n1")
    note = ""
    if node.level == "sub_kegiatan":
        for key in money:
            first[key] = Cell(getattr(node, key))
        note = unreadable_money(node, before=perubahan)
    else:
        for key in money:
            first[key] = Cell()  # computed below, once the rows of its sub kegiatan are known
    lines = []
    for i in node.indicators:
        line = cells(indikator=text(i.uraian), target_n=text(i.target_n.teks), target_n1=text(i.target_n1.teks))
        if perubahan:
            line["target_sebelum"] = Cell(text(i.target_sebelum.teks))
        lines.append(line)
    return add_rows(rows, first, lines, level=LEVEL[node.level], bold=node.level != "sub_kegiatan", note=note)


def _sum_into(rows, at, subs, money=("pagu_n", "pagu_n1")):
    row = rows[at]
    if not subs:
        row.note = "Tidak ada sub kegiatan: pagu tidak dapat dihitung."
        return
    for key in money:
        values = [rows[i].value(key) for i in subs]
        row.cells[key] = Cell(sum(v for v in values if v is not None), SumOf(tuple(subs)))


@builder("T-C.33", "Rumusan Rencana Program dan Kegiatan Perangkat Daerah", "3.3", 60)
def build_tc33(view):
    return [tc33_table(view)]


# --- Tabel 4.1 ---------------------------------------------------------------------------------------------

TABEL41_COLUMNS = [
    Column("no", TEXT, 5),
    Column("bagian", TEXT, 40),
    Column("urusan_program", NUMBER, 10),
    Column("urusan_kegiatan", NUMBER, 10),
    Column("urusan_pagu", MONEY, 18),
    Column("non_urusan_program", NUMBER, 10),
    Column("non_urusan_kegiatan", NUMBER, 10),
    Column("non_urusan_pagu", MONEY, 18),
    Column("semua_program", NUMBER, 10),
    Column("semua_kegiatan", NUMBER, 10),
    Column("semua_pagu", MONEY, 18),
]


def recap(view):
    """{"urusan"/"non_urusan": (programs, kegiatan, pagu n)} computed from the plan (Program Penunjang =
    non urusan)."""
    result = {"urusan": [0, 0, 0], "non_urusan": [0, 0, 0]}
    for program in view.programs:
        part = result["non_urusan" if program.is_penunjang else "urusan"]
        part[0] += 1
        part[1] += len(program.children)
        part[2] += program.total_n
    return {key: tuple(value) for key, value in result.items()}


def tabel41_table(view):
    header = [
        [HeaderCell("No.", rowspan=3), HeaderCell("Bagian", rowspan=3), HeaderCell("Urusan", colspan=3),
         HeaderCell("Non Urusan", colspan=3), HeaderCell("Urusan dan Non Urusan", colspan=3)],
        [cell for _ in range(3)
         for cell in (HeaderCell("Jumlah", colspan=2), HeaderCell("Pagu Indikatif", rowspan=2))],
        [HeaderCell(label) for _ in range(3) for label in ("Program", "Kegiatan")],
    ]
    figures = recap(view)
    values = {"no": "1.", "bagian": pd_label(view)}
    for part in ("urusan", "non_urusan"):
        for key, value in zip(("program", "kegiatan", "pagu"), figures[part], strict=True):
            values[f"{part}_{key}"] = value
    for key in ("program", "kegiatan", "pagu"):
        values[f"semua_{key}"] = Cell(values[f"urusan_{key}"] + values[f"non_urusan_{key}"],
                                      Add((f"urusan_{key}", f"non_urusan_{key}")))
    rows = [Row(cells(**values))] if view.programs else []
    table = Table(
        id="Tabel 4.1",
        title=title("Tabel 4.1", f"Rekapitulasi Program, Kegiatan dan Pagu Indikatif Tahun {view.tahun}", view),
        columns=list(TABEL41_COLUMNS), header=header, rows=rows, numbering=numbers(len(TABEL41_COLUMNS)),
    )
    return empty_note(table)


@builder("Tabel 4.1", "Rekapitulasi Program, Kegiatan dan Pagu Indikatif", "IV", 80)
def build_tabel41(view):
    return [tabel41_table(view)]


# --- Tabel 4 -----------------------------------------------------------------------------------------------


def tabel4_table(view):
    columns = [Column("no", TEXT, 5), Column("sasaran", TEXT, 40), Column("uraian", TEXT, 60)]
    header = [[HeaderCell("No."), HeaderCell("Sasaran Perangkat Daerah"),
               HeaderCell("Nama Program/Kegiatan/Sub Kegiatan")]]
    rows = []
    for entry in view.targets_programs:
        # The data lists the kegiatan and the sub kegiatan of a row apart (not which sub belongs to which
        # kegiatan): the kegiatan come first, then the sub kegiatan, in their order.
        lines = [(cells(uraian=text(entry.get("program"))), 0, True)]
        lines += [(cells(uraian=text(k)), 1, True) for k in entry.get("kegiatan") or []]
        lines += [(cells(uraian=text(s)), 2, False) for s in entry.get("sub_kegiatan") or []]
        first = cells(no=text(entry.get("nomor")), sasaran=text(entry.get("sasaran")))
        first.update(lines[0][0])
        rows.append(Row(first, level=0, bold=True))
        for line, level, bold in lines[1:]:
            rows.append(Row(line, level=level, bold=bold))
    table = Table(
        id="Tabel 4",
        title=title("Tabel 4", f"Sasaran dan Program/Kegiatan/Sub Kegiatan Tahun {view.tahun}", view),
        columns=columns, header=header, rows=rows, numbering=numbers(len(columns)), landscape=False,
    )
    return empty_note(table)


@builder("Tabel 4", "Sasaran dan Program/Kegiatan/Sub Kegiatan", "IV", 75)
def build_tabel4(view):
    return [tabel4_table(view)]


# --- T-C.31 ------------------------------------------------------------------------------------------------

SIDES = (("rancangan", "r"), ("kebutuhan", "k"))


def tc31_table(view):
    columns = [Column("no", TEXT, 5)]
    for _, prefix in SIDES:
        columns += [Column(f"{prefix}_nama", TEXT, 35), Column(f"{prefix}_lokasi", TEXT, 12),
                    Column(f"{prefix}_indikator", TEXT, 30), Column(f"{prefix}_target", TEXT, 12),
                    Column(f"{prefix}_pagu", MONEY, 18)]
    columns.append(Column("catatan", TEXT, 16))
    header = [
        [HeaderCell("No", rowspan=2), HeaderCell("Rancangan Awal RKPD", colspan=5),
         HeaderCell("Hasil Analisis Kebutuhan", colspan=5), HeaderCell("Catatan Penting", rowspan=2)],
        [HeaderCell(label) for label in ("Program/Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
                                         "Pagu Indikatif (Rp)")]
        + [HeaderCell(label) for label in ("Program/Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
                                           "Kebutuhan Dana (Rp)")],
    ]
    rows, program_rows = [], []
    for review in view.review:
        first = cells(no=text(review.nomor), catatan=text(review.catatan))
        sides_lines = []
        notes = []
        for name, prefix in SIDES:
            side = getattr(review, name)
            first.update(cells(**{f"{prefix}_nama": text(side.nama), f"{prefix}_lokasi": text(side.lokasi),
                                  f"{prefix}_pagu": side.pagu}))
            if side.pagu is None and text(side.pagu_teks):
                notes.append(f"Pagu tertulis \"{text(side.pagu_teks)}\" tidak terbaca.")
            sides_lines.append(indicator_lines(side.indikator, (f"{prefix}_indikator", f"{prefix}_target")))
        at = add_rows(rows, first, paired(*sides_lines), level=LEVEL.get(review.tingkat, 0),
                      bold=review.tingkat == "program", note=" ".join(notes))
        if review.tingkat == "program":
            program_rows.append(at)
    if rows:
        rows.append(total_row(rows, ("r_pagu", "k_pagu"), "r_nama", label="Total", of=program_rows))
    table = Table(
        id="T-C.31",
        title=title("Tabel T-C.31", f"Review terhadap Rancangan Awal RKPD Tahun {view.tahun}", view),
        columns=columns, header=header, rows=rows, numbering=numbers(len(columns)),
    )
    return empty_note(table)


@builder("T-C.31", "Review terhadap Rancangan Awal RKPD", "2.4", 40)
def build_tc31(view):
    return [tc31_table(view)]


# --- T-C.32 ------------------------------------------------------------------------------------------------


def tc32_table(view):
    columns = [Column("no", TEXT, 5), Column("nama", TEXT, 45), Column("lokasi", TEXT, 14),
               Column("indikator", TEXT, 40), Column("volume", TEXT, 16), Column("catatan", TEXT, 20)]
    header = [[HeaderCell(label) for label in ("No", "Program/Kegiatan", "Lokasi", "Indikator Kinerja",
                                               "Besaran/Volume", "Catatan")]]
    rows = []
    for proposal in view.proposals:
        tingkat = proposal.get("tingkat") or ""
        first = cells(no=text(proposal.get("nomor")), nama=text(proposal.get("nama")),
                      lokasi=text(proposal.get("lokasi")), catatan=text(proposal.get("catatan")))
        add_rows(rows, first, indicator_lines(proposal.get("indikator"), ("indikator", "volume")),
                 level=LEVEL.get(tingkat, 0), bold=tingkat == "program")
    table = Table(
        id="T-C.32",
        title=title("Tabel T-C.32",
                    f"Usulan Program dan Kegiatan dari Para Pemangku Kepentingan Tahun {view.tahun}", view),
        columns=columns, header=header, rows=rows, numbering=numbers(len(columns)),
    )
    if not rows:
        table.notes.append("Tidak ada usulan program dan kegiatan dari para pemangku kepentingan.")
    return table


@builder("T-C.32", "Usulan Program dan Kegiatan dari Para Pemangku Kepentingan", "2.5", 50)
def build_tc32(view):
    return [tc32_table(view)]


# --- T-C.30 ------------------------------------------------------------------------------------------------

TC30_GROUPS = (("target", "Target Renstra Perangkat Daerah"), ("realisasi", "Realisasi Capaian"),
               ("proyeksi", "Proyeksi"))


def years_of(rows, key):
    """The years of a map of the rows (their keys, "2021" or 2021), sorted."""
    years = set()
    for row in rows:
        for year in (row.get(key) or {}):
            years.add(int(year))
    return sorted(years)


def relative(year, n):
    offset = year - n
    return "n" if offset == 0 else f"n{offset:+d}"


def tc30_table(view):
    data = view.service_indicators
    years = {key: years_of(data, key) for key, _ in TC30_GROUPS}
    columns = [Column("no", TEXT, 6), Column("indikator", TEXT, 40), Column("spm", TEXT, 16),
               Column("ikk", TEXT, 16)]
    for key, _ in TC30_GROUPS:
        columns += [Column(f"{key}_{year}", TEXT, 11) for year in years[key]]
    columns.append(Column("catatan", TEXT, 20))
    top = [HeaderCell("No", rowspan=2), HeaderCell("Indikator", rowspan=2),
           HeaderCell("SPM/Standar Nasional", rowspan=2), HeaderCell("IKK", rowspan=2)]
    second = []
    for key, label in TC30_GROUPS:
        if years[key]:
            top.append(HeaderCell(label, colspan=len(years[key])))
            second += [HeaderCell(f"Tahun {year} ({relative(year, view.tahun)})") for year in years[key]]
    top.append(HeaderCell("Catatan Analisis", rowspan=2))
    header = [top, second] if second else [[HeaderCell(c.text) for c in top]]
    rows = []
    kelompok = None
    for entry in data:
        group = text(entry.get("kelompok"))
        if group and group != kelompok:
            rows.append(Row(cells(no=group), bold=True, kind="section"))
        kelompok = group
        values = {"no": text(entry.get("nomor")), "indikator": text(entry.get("uraian")),
                  "spm": text(entry.get("spm")), "ikk": text(entry.get("ikk")),
                  "catatan": text(entry.get("catatan"))}
        for key, _ in TC30_GROUPS:
            by_year = {int(year): value for year, value in (entry.get(key) or {}).items()}
            for year in years[key]:
                values[f"{key}_{year}"] = text(by_year.get(year))
        rows.append(Row(cells(**values), level=1 if group else 0))
    table = Table(
        id="T-C.30",
        title=title("Tabel T-C.30", f"Pencapaian Kinerja Pelayanan Perangkat Daerah Tahun {view.tahun}", view),
        columns=columns, header=header, rows=rows, numbering=numbers(len(columns)),
    )
    return empty_note(table)


@builder("T-C.30", "Pencapaian Kinerja Pelayanan Perangkat Daerah", "2.2", 30)
def build_tc30(view):
    return [tc30_table(view)]


# --- Tabel 3.1 ---------------------------------------------------------------------------------------------


def tabel31_table(view):
    columns = [Column("no", TEXT, 5), Column("prioritas", TEXT, 28), Column("sasaran_daerah", TEXT, 28),
               Column("indikator_daerah", TEXT, 28), Column("sasaran_pd", TEXT, 28),
               Column("indikator_pd", TEXT, 28)]
    header = [[HeaderCell(label) for label in ("No", "Prioritas", "Sasaran Daerah", "Indikator Sasaran Daerah",
                                               "Sasaran Perangkat Daerah",
                                               "Indikator Sasaran Perangkat Daerah")]]
    rows = []
    for entry in view.priorities:
        first = cells(no=text(entry.get("nomor")), prioritas=text(entry.get("prioritas")),
                      sasaran_daerah=text(entry.get("sasaran_daerah")), sasaran_pd=text(entry.get("sasaran_pd")))
        lines = paired([cells(indikator_daerah=text(i)) for i in entry.get("indikator_sasaran_daerah") or []],
                       [cells(indikator_pd=text(i)) for i in entry.get("indikator_sasaran_pd") or []])
        add_rows(rows, first, lines)
    table = Table(
        id="Tabel 3.1",
        title=title("Tabel 3.1", f"Prioritas dan Sasaran Perangkat Daerah Tahun {view.tahun}", view),
        columns=columns, header=header, rows=rows, numbering=numbers(len(columns)),
    )
    return empty_note(table)


@builder("Tabel 3.1", "Prioritas dan Sasaran Perangkat Daerah", "3.1", 55)
def build_tabel31(view):
    return [tabel31_table(view)]


# --- Tabel 3.2.1–3.2.3 (Renstra) ---------------------------------------------------------------------------


def target_of(indicator, year):
    target = indicator.targets.get(year)
    return text(target.teks) if target is not None else ""


def natural(nomor):
    """A sort key for numbers as written ("2" before "10", "1.2" after "1"); blank last."""
    parts = re.findall(r"\d+|\D+", nomor.strip())
    return (not parts, [(0, int(p), "") if p.isdecimal() else (1, 0, p) for p in parts])


def by_owner(indicators):
    """The indicators grouped by their tujuan or sasaran (in the order of its number; within a group in
    their own order). An indicator without an owner stands alone."""
    groups = {}
    for n, indicator in enumerate(indicators):
        groups.setdefault(indicator.owner or f"\0{n}", []).append(indicator)
    return [groups[key] for key in sorted(groups, key=lambda key: natural(groups[key][0].owner))]


def owner_table(view, jenis, table_id, what):
    """Tabel 3.2.1 (tujuan) or 3.2.2 (sasaran): the owner's number and text on its first indicator row."""
    columns = [Column("no", TEXT, 5), Column("uraian", TEXT, 40), Column("indikator", TEXT, 40),
               Column("target", TEXT, 18)]
    header = [[HeaderCell("No"), HeaderCell(f"{what} Perangkat Daerah"),
               HeaderCell(f"Indikator {what} Perangkat Daerah"),
               HeaderCell(f"Target Kinerja {what} Perangkat Daerah Tahun {view.tahun}")]]
    rows = []
    for group in by_owner(i for i in view.renstra if i.jenis == jenis):
        head = group[0]
        # The owner's text: `RenstraIndicator.owner_uraian` once the view carries it.
        first = cells(no=text(head.owner), uraian=text(getattr(head, "owner_uraian", "")))
        for n, indicator in enumerate(group):
            line = cells(indikator=text(indicator.uraian), target=target_of(indicator, view.tahun))
            rows.append(Row({**first, **line} if n == 0 else line))
    table = Table(
        id=table_id, title=title(table_id, f"{what} Perangkat Daerah Tahun {view.tahun}", view),
        columns=columns, header=header, rows=rows, numbering=numbers(len(columns)), landscape=False,
    )
    return empty_note(table)


@builder("Tabel 3.2.1", "Tujuan Perangkat Daerah", "3.2", 56)
def build_tabel321(view):
    return [owner_table(view, "tujuan", "Tabel 3.2.1", "Tujuan")]


@builder("Tabel 3.2.2", "Sasaran Perangkat Daerah", "3.2", 57)
def build_tabel322(view):
    return [owner_table(view, "sasaran", "Tabel 3.2.2", "Sasaran")]


@builder("Tabel 3.2.3", "Indikator Kinerja Utama Perangkat Daerah", "3.2", 58)
def build_tabel323(view):
    columns = [Column("no", TEXT, 5), Column("indikator", TEXT, 60), Column("target", TEXT, 20)]
    header = [[HeaderCell("No"), HeaderCell("Indikator Kinerja Utama"),
               HeaderCell(f"Target Indikator Kinerja Utama Perangkat Daerah Tahun {view.tahun}")]]
    rows = [Row(cells(no=text(i.nomor), indikator=text(i.uraian), target=target_of(i, view.tahun)))
            for i in view.renstra if i.jenis == "iku"]
    table = Table(
        id="Tabel 3.2.3",
        title=title("Tabel 3.2.3", f"Indikator Kinerja Utama Perangkat Daerah Tahun {view.tahun}", view),
        columns=columns, header=header, rows=rows, numbering=numbers(len(columns)), landscape=False,
    )
    return [empty_note(table)]
